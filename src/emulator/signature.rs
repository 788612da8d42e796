//! The emulator's own signature check, built from the raw request: the base string is assembled
//! here from the method, the `Host` header, the raw path and query, the OAuth header parameters and
//! (only for `application/x-www-form-urlencoded`) the form body. It deliberately does not call
//! `netsuite::oauth::sign` or `signature_base`, so a bug in the client's signer cannot hide itself.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::netsuite::encode::parse_form;

/// Every byte except RFC 3986's unreserved `A-Z a-z 0-9 - . _ ~` is escaped (RFC 5849 §3.6).
const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The emulator's own RFC 3986 encoding (UTF-8, uppercase hex), independent of the client's
/// `netsuite::encode::percent_encode`, so a client encoding bug cannot hide itself.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, ESCAPED).to_string()
}

/// The HMAC key `pct(consumer_secret)&pct(token_secret)`, built with the emulator's own
/// encoding (not the client's `signing_key`).
pub fn hmac_key(consumer_secret: &str, token_secret: &str) -> String {
    format!(
        "{}&{}",
        percent_encode(consumer_secret),
        percent_encode(token_secret)
    )
}

/// The base string URI from what arrived on the wire: `scheme://host[:port]/raw/path`, with the
/// host lowercased and the scheme's default port dropped (RFC 5849 §3.4.1.2). The path is used
/// exactly as sent (case and escapes kept). `None` when there is no usable `Host` header.
pub fn request_url(host_header: Option<&str>, raw_path: &str, https: bool) -> Option<String> {
    let host = host_header?.trim().to_ascii_lowercase();
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    let (scheme, default_port) = if https {
        ("https", ":443")
    } else {
        ("http", ":80")
    };
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    Some(format!("{scheme}://{host}{raw_path}"))
}

/// Every parameter that is signed: the query (form-decoded: `+` is a space), the header's
/// `oauth_*` and extra parameters, and the form body when the content type says so.
pub fn collect_params<'a>(
    raw_query: Option<&str>,
    header_params: impl Iterator<Item = &'a (String, String)>,
    content_type: Option<&str>,
    body: &[u8],
) -> Vec<(String, String)> {
    let mut params = raw_query.map(parse_form).unwrap_or_default();
    params.extend(header_params.cloned());
    let is_form = content_type.is_some_and(|ct| {
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if is_form {
        // JSON and every other body type are never signed (NetSuite, RFC 5849 §3.4.1.3.1).
        params.extend(parse_form(&String::from_utf8_lossy(body)));
    }
    params
}

/// `METHOD&pct(url)&pct(sorted encoded params)`.
pub fn oauth_base_string(method: &str, url: &str, params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (percent_encode(k), percent_encode(v)))
        .collect();
    encoded.sort();
    let joined = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode(url),
        percent_encode(&joined)
    )
}

/// The SOAP token passport string `account&consumerKey&token&nonce&timestamp`, each piece
/// rawurlencoded as Oracle's reference code does.
pub fn passport_base_string(parts: [&str; 5]) -> String {
    parts
        .iter()
        .map(|p| percent_encode(p))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether `presented` (Base64, surrounding whitespace ignored) is the HMAC-SHA256 of
/// `base_string` under `consumer_secret&token_secret`. The comparison is constant-time
/// (`Mac::verify_slice`).
pub fn signature_matches(
    base_string: &str,
    consumer_secret: &str,
    token_secret: &str,
    presented: &str,
) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(presented.trim()) else {
        return false;
    };
    let key = zeroize::Zeroizing::new(hmac_key(consumer_secret, token_secret));
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_bytes()) else {
        return false;
    };
    mac.update(base_string.as_bytes());
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_escapes_reserved_and_non_ascii_bytes_itself() {
        assert_eq!(hmac_key("a&b%c+d", "é ~x"), "a%26b%25c%2Bd&%C3%A9%20~x");
        assert_eq!(percent_encode("A-z0._~!*'()"), "A-z0._~%21%2A%27%28%29");
    }

    const CS: &str = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5";
    const TS: &str = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";

    fn oauth(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            (
                "oauth_consumer_key",
                "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
            ),
            ("oauth_nonce", "fjaLirsIcCGVZWzBX0pg"),
            ("oauth_signature_method", "HMAC-SHA256"),
            ("oauth_timestamp", "1508242306"),
            (
                "oauth_token",
                "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
            ),
            ("oauth_version", "1.0"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        v.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        v
    }

    #[test]
    fn oracle_vector_a_from_raw_parts() {
        let url = request_url(
            Some("123456.SuiteTalk.api.netsuite.com:443"),
            "/services/rest/record/v1/employee/40",
            true,
        )
        .unwrap();
        let params = collect_params(None, oauth(&[]).iter(), None, b"");
        let base = oauth_base_string("get", &url, &params);
        assert!(base.starts_with("GET&https%3A%2F%2F123456.suitetalk.api.netsuite.com%2F"));
        assert!(signature_matches(
            &base,
            CS,
            TS,
            "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY=\n"
        ));
        assert!(!signature_matches(
            &base,
            CS,
            TS,
            "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zZ="
        ));
        assert!(!signature_matches(&base, CS, TS, "not base64!"));
    }

    #[test]
    fn oracle_vector_b_query_is_signed_json_is_not() {
        let url = request_url(
            Some("123456.restlets.api.netsuite.com"),
            "/app/site/hosting/restlet.nl",
            true,
        )
        .unwrap();
        let query = "script=6&deploy=1&customParam=someValue&testParam=someOtherValue";
        let header = oauth(&[]);
        let json = collect_params(
            Some(query),
            header.iter(),
            Some("application/json"),
            b"{\"a\":1}",
        );
        let base = oauth_base_string("POST", &url, &json);
        assert!(signature_matches(
            &base,
            CS,
            TS,
            "+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ="
        ));
        let form = collect_params(
            Some(query),
            header.iter(),
            Some("Application/X-WWW-Form-Urlencoded; charset=utf-8"),
            b"x=1",
        );
        assert_eq!(form.len(), json.len() + 1);
    }

    #[test]
    fn soap_vector_d() {
        let base = passport_base_string([
            "123456",
            "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
            "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
            "fjaLirsIcCGVZWzBX0pg",
            "1508242306",
        ]);
        assert!(signature_matches(
            &base,
            CS,
            TS,
            "tIcC5zyKUmycB5Ml/cNxOHDusw03Y5KPQiXVNUHHp4U="
        ));
    }

    #[test]
    fn host_handling() {
        assert_eq!(
            request_url(Some("127.0.0.1:80"), "/x", false).as_deref(),
            Some("http://127.0.0.1/x")
        );
        assert_eq!(
            request_url(Some("LocalHost:8080"), "/A%2Fb", false).as_deref(),
            Some("http://localhost:8080/A%2Fb")
        );
        assert_eq!(request_url(None, "/x", false), None);
        assert_eq!(request_url(Some("a/b"), "/x", false), None);
    }
}
