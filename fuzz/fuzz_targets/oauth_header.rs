//! Fuzz the emulator's `Authorization: OAuth …` parser: never panics on any header value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nstba::emulator::oauth_header::OAuthHeader;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(h) = OAuthHeader::parse(s) {
            let _ = h.get("oauth_signature");
            let _ = h.signed_params().count();
        }
    }
});
