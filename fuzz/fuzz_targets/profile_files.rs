//! Fuzz the profile store's readers: arbitrary bytes as `profiles.toml` and as `secrets.toml` are
//! accepted or refused with an error, never a panic; a secrets error never quotes the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nstba::profile::{ProfileError, parse_profiles, parse_secrets};

fuzz_target!(|data: &[u8]| {
    match parse_profiles(data) {
        Ok(profiles) => {
            for p in &profiles {
                // Whatever was accepted is valid by the store's own rules.
                assert!(nstba::profile::validate_name(&p.name).is_ok());
                assert!(nstba::netsuite::AccountId::parse(&p.account).is_ok());
                assert!(!p.apis.is_empty());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match parse_secrets(data) {
        Ok(map) => {
            for creds in map.values() {
                // Debug is redacted whatever the stored values are.
                let shown = format!("{creds:?}");
                let v = creds.token_secret.expose();
                assert!(v.len() < 4 || !shown.contains(v), "secret in Debug");
            }
        }
        Err(ProfileError::Corrupt { message, .. }) => {
            // Only fixed wording, or a field name: never text taken from the file.
            let field = message
                .strip_prefix("missing field `")
                .and_then(|m| m.strip_suffix("` (not a valid nstba secrets file)"));
            let fixed = message.starts_with("not a valid nstba secrets file (the details")
                || message.starts_with("this is not a text file (");
            assert!(
                fixed
                    || field.is_some_and(|f| f.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
                "secrets error may quote the file: {message}"
            );
        }
        Err(other) => panic!("unexpected error for file contents: {other}"),
    }
});
