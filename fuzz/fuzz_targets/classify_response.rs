//! Fuzz the response classifier: any status, Content-Type, body bytes and cut flag, on every stack,
//! gives an observation without panicking, and what it shows users stays short and printable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nstba::check::classify::{EXCERPT_MAX, Stack, classify};

fuzz_target!(|data: &[u8]| {
    // Layout: [flags][status hi][status lo][content-type length][content-type…][body…].
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (status, rest) = match rest {
        [hi, lo, rest @ ..] => (u16::from_be_bytes([*hi, *lo]), rest),
        _ => (200, rest),
    };
    let (ct, body) = match rest.split_first() {
        Some((&n, rest)) if flags & 0x08 != 0 => {
            let n = (n as usize).min(rest.len());
            (
                Some(String::from_utf8_lossy(&rest[..n]).into_owned()),
                &rest[n..],
            )
        }
        Some(_) | None => (None, rest),
    };
    let stack = [Stack::Lookup, Stack::Rest, Stack::Restlet, Stack::Soap][(flags & 0x03) as usize];
    let truncated = flags & 0x04 != 0;
    let o = classify(stack, status, ct.as_deref(), body, truncated);
    assert_eq!(o.status, status);
    assert!(o.excerpt.chars().count() <= EXCERPT_MAX + 1);
    assert!(!o.excerpt.chars().any(char::is_control));
    if let Some(m) = &o.message {
        assert!(m.chars().count() <= EXCERPT_MAX + 1);
        assert!(!m.chars().any(char::is_control));
    }
    if let Some(c) = &o.code {
        assert!(!c.is_empty() && c.chars().count() <= 61);
    }
});
