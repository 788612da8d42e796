//! RFC 3986 percent-encoding as OAuth 1.0a (RFC 5849 §3.6) and NetSuite require it.
//!
//! Only `A–Z a–z 0–9 - . _ ~` stay as they are; everything else becomes `%XX` with uppercase hex,
//! text is UTF-8 first, and a space is `%20`, never `+`. (JavaScript's `encodeURIComponent` leaves
//! `! * ' ( )` alone, a real source of NetSuite signature failures; we do not.)

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The characters that must be escaped: all but the RFC 3986 unreserved set.
const OAUTH_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `s` per RFC 5849 §3.6.
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, OAUTH_ESCAPE).to_string()
}

/// Decodes a form-urlencoded string (`+` is a space, `%XX` a byte) into `(name, value)` pairs,
/// keeping duplicates, order and empty values. Invalid UTF-8 is replaced, never a panic.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters() {
        assert_eq!(percent_encode("!*'() /é"), "%21%2A%27%28%29%20%2F%C3%A9");
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("a+b=c&d"), "a%2Bb%3Dc%26d");
    }

    #[test]
    fn form_parsing_keeps_duplicates_and_empties() {
        assert_eq!(
            parse_form("a=1&a=2&b=&c&d=x+y%2B"),
            vec![
                ("a".into(), "1".into()),
                ("a".into(), "2".into()),
                ("b".into(), "".into()),
                ("c".into(), "".into()),
                ("d".into(), "x y+".into()),
            ]
        );
    }
}
