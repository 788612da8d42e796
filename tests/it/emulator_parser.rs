//! The emulator's OAuth header parser and SOAP reader never panic, whatever arrives.

use nstba::emulator::oauth_header::OAuthHeader;
use nstba::emulator::soap_request;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn header_parser_never_panics_on_any_string(s in any::<String>()) {
        let _ = OAuthHeader::parse(&s);
    }

    #[test]
    fn header_parser_never_panics_on_header_like_strings(
        s in r#"(?i:oauth)?[ \t]*([a-z_%0-9]{0,12}[ ]*=?[ ]*"?[A-Za-z0-9%+/=\u{e9}\u{1F600}]{0,10}"?[ ]*,?[ ]*){0,8}"#
    ) {
        if let Ok(h) = OAuthHeader::parse(&s) {
            // Whatever parsed is internally consistent: no duplicate names.
            let mut names: Vec<&str> = h.params().iter().map(|(k, _)| k.as_str()).collect();
            let n = names.len();
            names.sort();
            names.dedup();
            prop_assert_eq!(names.len(), n);
        }
    }

    #[test]
    fn well_formed_headers_round_trip(
        params in proptest::collection::btree_map("[a-z_]{1,10}", "[ -~\u{e9}]{1,12}", 0..8)
    ) {
        let header = format!(
            "OAuth {}",
            params
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", nstba::netsuite::encode::percent_encode(v)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let parsed = OAuthHeader::parse(&header).unwrap();
        for (k, v) in &params {
            prop_assert_eq!(parsed.get(k), Some(v.as_str()));
        }
    }

    #[test]
    fn soap_reader_never_panics(s in any::<String>()) {
        let _ = soap_request::parse(&s);
    }
}
