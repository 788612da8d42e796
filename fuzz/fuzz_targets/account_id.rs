//! Fuzz the account-id parser: never panics; every accepted id round-trips through its realm.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nstba::netsuite::AccountId;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(id) = AccountId::parse(s) {
            let again = AccountId::parse(&id.realm()).expect("a realm parses");
            assert_eq!(again, id);
            assert_eq!(AccountId::parse(&id.slug()).expect("a slug parses"), id);
        }
    }
});
