//! Fuzz the emulator's SOAP envelope reader: never panics on any body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = nstba::emulator::soap_request::parse(s);
    }
});
