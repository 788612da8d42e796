//! Property tests of the signer's encoding and normalization (RFC 5849 §3.4.1, §3.6).

use nstba::netsuite::encode::percent_encode;
use nstba::netsuite::oauth::{self, SignInput};
use proptest::prelude::*;

const BASE: &str = "https://1234567.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql";

fn sign_url(url: &str) -> oauth::SignedRequest {
    oauth::sign(&SignInput {
        method: "GET",
        url,
        form: &[],
        consumer_key: "ck",
        consumer_secret: "cs",
        token: Some("tk"),
        token_secret: "ts",
        realm: Some("1234567"),
        extra: &[],
        nonce: Some("abcdefghij"),
        timestamp: Some("1700000000"),
    })
    .expect("signable")
}

/// Query built with the WHATWG form serializer (`+` for space).
fn form_query(pairs: &[(String, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    ser.finish()
}

/// RFC 3986 §2.1/§2.3 percent-encoding written out independently of the crate (the reference the
/// properties compare with): unreserved bytes as they are, every other UTF-8 byte as `%XX`, uppercase.
fn rfc3986(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Query built with RFC 3986 encoding (`%20` for space).
fn rfc_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn expected_params(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (rfc3986(k), rfc3986(v)))
        .chain(
            [
                ("oauth_consumer_key", "ck"),
                ("oauth_nonce", "abcdefghij"),
                ("oauth_signature_method", "HMAC-SHA256"),
                ("oauth_timestamp", "1700000000"),
                ("oauth_token", "tk"),
                ("oauth_version", "1.0"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .collect();
    all.sort();
    all
}

fn pair_strategy() -> impl Strategy<Value = Vec<(String, String)>> {
    // Printable Unicode plus the characters that trip real clients.
    let text = prop_oneof![
        "\\PC{0,12}",
        "[a-z +%!*'()~._&=/-]{0,8}",
        Just(String::new()),
        Just("é ü 日本".to_string()),
    ];
    prop::collection::vec(("[a-zA-Z_][a-zA-Z0-9_.~-]{0,6}|\\PC{1,6}", text), 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any query survives parse → sign: every parameter is signed once, decoded then re-encoded.
    #[test]
    fn any_query_survives_parse_and_sign(pairs in pair_strategy()) {
        let url = format!("{BASE}?{}", form_query(&pairs));
        let signed = sign_url(&url);
        prop_assert_eq!(&signed.parts.params, &expected_params(&pairs));
        prop_assert_eq!(&signed.parts.normalized_url, BASE);
    }

    /// `+` or `%20` for a space, any order of parameters: the same signature.
    #[test]
    fn order_and_space_style_never_change_the_signature(
        pairs in pair_strategy(),
        seed in any::<u64>(),
    ) {
        let a = sign_url(&format!("{BASE}?{}", form_query(&pairs)));
        let mut shuffled = pairs.clone();
        // Deterministic Fisher–Yates from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let b = sign_url(&format!("{BASE}?{}", rfc_query(&shuffled)));
        prop_assert_eq!(a.signature, b.signature);
    }

    /// Encoding is the RFC 3986 unreserved set exactly, uppercase hex, UTF-8.
    #[test]
    fn percent_encoding_is_rfc3986(s in "\\PC{0,20}") {
        let e = percent_encode(&s);
        prop_assert_eq!(&e, &rfc3986(&s));
        prop_assert!(well_formed(&e), "not unreserved bytes and uppercase %XX: {}", e);
        let decoded = percent_encoding::percent_decode_str(&e).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), s.as_str());
    }
}

/// Only unreserved bytes and `%` followed by two uppercase hex digits.
fn well_formed(e: &str) -> bool {
    let b = e.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: Option<&u8>| c.is_some_and(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'));
            if !(hex(b.get(i + 1)) && hex(b.get(i + 2))) {
                return false;
            }
            i += 3;
        } else if b[i].is_ascii_alphanumeric() || b"-._~".contains(&b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

#[test]
fn the_encoding_check_rejects_lowercase_hex_and_reserved_bytes() {
    assert!(well_formed("a-._~%2F%C3%A9"));
    assert!(!well_formed("%2f"), "lowercase hex");
    assert!(!well_formed("%2"), "truncated escape");
    assert!(!well_formed("a b"), "raw space");
    assert!(!well_formed("!"), "raw sub-delim");
    assert_eq!(rfc3986("a b/é~"), "a%20b%2F%C3%A9~");
}

fn signed_value(query: &str) -> String {
    let signed = sign_url(&format!("{BASE}?{query}"));
    signed
        .parts
        .params
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.clone())
        .expect("q is signed")
}

#[test]
fn plus_is_a_space_and_encoded_plus_stays_plus() {
    assert_eq!(signed_value("q=a+b"), "a%20b");
    assert_eq!(signed_value("q=a%20b"), "a%20b");
    assert_eq!(signed_value("q=a%2Bb"), "a%2Bb");
}

#[test]
fn sub_delims_are_encoded() {
    assert_eq!(signed_value("q=!*'()"), "%21%2A%27%28%29");
    assert_eq!(signed_value("q=%21%2A%27%28%29"), "%21%2A%27%28%29");
}

#[test]
fn utf8_and_empty_values() {
    assert_eq!(signed_value("q=%C3%A9"), "%C3%A9");
    assert_eq!(signed_value("q=é"), "%C3%A9");
    assert_eq!(signed_value("q="), "");
    assert_eq!(signed_value("q"), "");
    let signed = sign_url(&format!("{BASE}?q=&q=b&q=a"));
    let qs: Vec<&str> = signed
        .parts
        .params
        .iter()
        .filter(|(k, _)| k == "q")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(qs, ["", "a", "b"], "duplicates kept and sorted by value");
    assert!(
        signed
            .parts
            .normalized_params
            .starts_with("oauth_consumer_key=ck")
    );
    assert!(signed.parts.normalized_params.contains("&q=&q=a&q=b"));
}
