//! A parser for the `Authorization: OAuth …` header, written for the emulator so it checks the
//! client's signer independently instead of trusting the project's own header writer.
//!
//! It is tolerant where NetSuite is (parameter order, whitespace around `=` and `,`, scheme case)
//! and strict where the Login Audit Trail has a code for it: a parameter sent twice, empty or
//! malformed → `parameter_rejected`; a required one missing → `MissingTokenPassportRequiredFields`.
//! It works on bytes and only slices at ASCII delimiters, so no input can make it panic (it is
//! fuzzed by a proptest).

use percent_encoding::percent_decode_str;

/// The parameters every token-authenticated request must carry (flow step one has no token and
/// will use its own list).
pub const REQUIRED: [&str; 6] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_signature",
];

/// Why a header could not be used. [`HeaderError::detail`] is the Login Audit Trail value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// No `Authorization` header, or not the `OAuth` scheme.
    #[error("the Authorization header is missing or does not use the OAuth scheme")]
    NotOAuth,
    /// A parameter is not `name="value"`, or its percent-encoding is broken.
    #[error("the OAuth header is malformed: {0}")]
    Malformed(String),
    /// A parameter appears twice.
    #[error("the OAuth parameter {0} appears more than once")]
    Duplicate(String),
    /// A parameter has an empty value.
    #[error("the OAuth parameter {0} is empty")]
    Empty(String),
    /// A required parameter is missing.
    #[error("the OAuth parameter {0} is missing")]
    Missing(&'static str),
}

impl HeaderError {
    /// The Login Audit Trail Detail NetSuite records for this problem.
    pub fn detail(&self) -> &'static str {
        match self {
            HeaderError::NotOAuth | HeaderError::Missing(_) => "MissingTokenPassportRequiredFields",
            HeaderError::Malformed(_) | HeaderError::Duplicate(_) | HeaderError::Empty(_) => {
                "parameter_rejected"
            }
        }
    }
}

/// A parsed header: names and values percent-decoded, in the order sent.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthHeader {
    params: Vec<(String, String)>,
}

impl std::fmt::Debug for OAuthHeader {
    // The signature is not a secret, but the header as a whole is credential material: show names only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.params.iter().map(|(k, _)| k))
            .finish()
    }
}

impl OAuthHeader {
    /// Parses a header value such as `OAuth realm="1234567_SB1", oauth_consumer_key="…", …`.
    pub fn parse(value: &str) -> Result<OAuthHeader, HeaderError> {
        let rest = strip_scheme(value).ok_or(HeaderError::NotOAuth)?;
        let bytes = rest.as_bytes();
        let mut params: Vec<(String, String)> = Vec::new();
        let mut i = 0;
        loop {
            i = skip_ws(bytes, i);
            if i >= bytes.len() {
                break;
            }
            // Name: up to '=' (ASCII), trimmed.
            let name_start = i;
            while i < bytes.len() && bytes[i] != b'=' && bytes[i] != b',' {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b'=' {
                return Err(HeaderError::Malformed(format!(
                    "expected name=\"value\" near {:?}",
                    shorten(&rest[name_start..i])
                )));
            }
            let raw_name = rest[name_start..i].trim();
            i = skip_ws(bytes, i + 1);
            if i >= bytes.len() || bytes[i] != b'"' {
                return Err(HeaderError::Malformed(format!(
                    "the value of {:?} is not in double quotes",
                    shorten(raw_name)
                )));
            }
            let value_start = i + 1;
            let mut j = value_start;
            while j < bytes.len() && bytes[j] != b'"' {
                j += 1;
            }
            if j >= bytes.len() {
                return Err(HeaderError::Malformed(format!(
                    "the value of {:?} has no closing quote",
                    shorten(raw_name)
                )));
            }
            let raw_value = &rest[value_start..j];
            i = skip_ws(bytes, j + 1);
            if i < bytes.len() {
                if bytes[i] != b',' {
                    return Err(HeaderError::Malformed(format!(
                        "expected a comma after {:?}",
                        shorten(raw_name)
                    )));
                }
                i += 1;
            }
            let name = decode(raw_name)?;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(HeaderError::Malformed(format!(
                    "{:?} is not a parameter name",
                    shorten(raw_name)
                )));
            }
            let value = decode(raw_value)?;
            if value.is_empty() && name != "realm" {
                return Err(HeaderError::Empty(name));
            }
            if params.iter().any(|(k, _)| *k == name) {
                return Err(HeaderError::Duplicate(name));
            }
            params.push((name, value));
        }
        Ok(OAuthHeader { params })
    }

    /// The decoded value of one parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Fails with [`HeaderError::Missing`] for the first absent name of `names`.
    pub fn require(&self, names: &[&'static str]) -> Result<(), HeaderError> {
        match names.iter().find(|n| self.get(n).is_none()) {
            Some(n) => Err(HeaderError::Missing(n)),
            None => Ok(()),
        }
    }

    /// The parameters that enter the signature base string: everything but `realm` and
    /// `oauth_signature` (RFC 5849 §3.4.1.3.1; NetSuite: "the realm parameter is not a part of
    /// the single string").
    pub fn signed_params(&self) -> impl Iterator<Item = &(String, String)> {
        self.params
            .iter()
            .filter(|(k, _)| k != "realm" && k != "oauth_signature")
    }

    /// All parameters, decoded, in the order sent.
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }
}

/// Strips `OAuth` (any case) and the whitespace after it.
fn strip_scheme(value: &str) -> Option<&str> {
    let v = value.trim_start();
    let head = v.get(..5)?;
    if !head.eq_ignore_ascii_case("oauth") {
        return None;
    }
    let rest = &v[5..];
    // `OAuthx=…` is another scheme; `OAuth` alone has no parameters (caught as missing later).
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest)
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

fn decode(s: &str) -> Result<String, HeaderError> {
    // A '%' not followed by two hex digits is malformed percent-encoding, not a literal.
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(HeaderError::Malformed(format!(
                "bad percent-encoding in {:?}",
                shorten(s)
            )));
        }
    }
    percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| HeaderError::Malformed(format!("{:?} is not UTF-8 once decoded", shorten(s))))
}

/// At most 40 characters of untrusted input for an error message.
fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "OAuth realm=\"1234567_SB1\", oauth_consumer_key=\"ck\", oauth_token=\"tk\", \
        oauth_signature_method=\"HMAC-SHA256\", oauth_timestamp=\"1700000000\", \
        oauth_nonce=\"abcdefgh\", oauth_version=\"1.0\", oauth_signature=\"a%2Bb%3D\"";

    #[test]
    fn parses_and_decodes() {
        let h = OAuthHeader::parse(GOOD).unwrap();
        assert_eq!(h.get("realm"), Some("1234567_SB1"));
        assert_eq!(h.get("oauth_signature"), Some("a+b="));
        assert!(h.require(&REQUIRED).is_ok());
        let signed: Vec<_> = h.signed_params().map(|(k, _)| k.as_str()).collect();
        assert!(!signed.contains(&"realm") && !signed.contains(&"oauth_signature"));
        assert_eq!(signed.len(), 6);
    }

    #[test]
    fn tolerant_of_order_case_and_whitespace() {
        let h = OAuthHeader::parse(
            "oauth   oauth_token = \"tk\" ,oauth_consumer_key=\"ck\",\toauth_nonce=\"n\"  ",
        )
        .unwrap();
        assert_eq!(h.get("oauth_consumer_key"), Some("ck"));
        assert_eq!(h.get("oauth_nonce"), Some("n"));
    }

    #[test]
    fn duplicates_empties_and_garbage_are_parameter_rejected() {
        for bad in [
            "OAuth oauth_nonce=\"a\", oauth_nonce=\"b\"",
            "OAuth oauth_nonce=\"\"",
            "OAuth oauth_nonce=abc",
            "OAuth oauth_nonce=\"abc",
            "OAuth oauth_nonce=\"a\" oauth_token=\"b\"",
            "OAuth oauth_nonce=\"%zz\"",
            "OAuth oauth_nonce=\"%C3%28\"",
            "OAuth =\"x\"",
            "OAuth oauth_nonce",
        ] {
            let err = OAuthHeader::parse(bad).unwrap_err();
            assert_eq!(err.detail(), "parameter_rejected", "{bad}: {err}");
        }
    }

    #[test]
    fn other_schemes_and_missing_fields() {
        for other in [
            "Bearer abc",
            "",
            "OAuthx a=\"b\"",
            "NLAuth nlauth_account=1",
        ] {
            assert_eq!(OAuthHeader::parse(other), Err(HeaderError::NotOAuth));
        }
        let h = OAuthHeader::parse("OAuth oauth_consumer_key=\"ck\"").unwrap();
        let err = h.require(&REQUIRED).unwrap_err();
        assert_eq!(err, HeaderError::Missing("oauth_token"));
        assert_eq!(err.detail(), "MissingTokenPassportRequiredFields");
    }

    #[test]
    fn debug_shows_names_only() {
        let h = OAuthHeader::parse(GOOD).unwrap();
        assert!(!format!("{h:?}").contains("abcdefgh"));
    }
}
