//! The client-credentials (M2M) client assertion, exactly as NetSuite documents it
//! (reference §1.1–1.3): header `{"typ":"JWT","alg":…,"kid":<certificate id>}`, claims
//! `{"iss":<client id>,"scope":[…],"aud":<token URL>,"iat":…,"exp":iat+300,"jti":…}`. A new
//! assertion for every token request.

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use serde::Serialize;

use super::jws::{self, Algorithm, JwsError};
use crate::Secret;
use crate::netsuite::cert::SigningKey;

/// Assertion lifetime: NetSuite allows up to 60 minutes; 300 s keeps a leaked one short-lived.
pub const LIFETIME_SECS: i64 = 300;

/// How the `scope` claim is written. Oracle's wire example uses a JSON array (the default);
/// some working code sends a string, kept as a diagnostic toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeForm {
    /// `"scope":["restlets","rest_webservices"]`.
    #[default]
    Array,
    /// `"scope":"restlets,rest_webservices"`.
    CommaString,
}

/// What goes into one assertion.
#[derive(Debug, Clone)]
pub struct AssertionInput<'a> {
    /// The integration record's Client ID (`iss`).
    pub client_id: &'a str,
    /// The Certificate ID from the M2M setup (`kid`; may start with `-`).
    pub certificate_id: &'a str,
    /// Scopes (`rest_webservices`, `restlets`, `suite_analytics`).
    pub scopes: &'a [String],
    /// The exact token URL the assertion is POSTed to (`aud`).
    pub token_url: &'a str,
    /// Unix seconds for `iat` (the caller's clock, or a server-corrected one).
    pub now: i64,
    /// Scope encoding.
    pub scope_form: ScopeForm,
}

/// The JOSE header, fields in Oracle's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header<'a> {
    /// Always `JWT`.
    pub typ: &'static str,
    /// From the key.
    pub alg: Algorithm,
    /// Certificate ID.
    pub kid: &'a str,
}

/// The `scope` claim in either form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Scope<'a> {
    /// JSON array.
    Array(&'a [String]),
    /// Comma-separated string.
    String(String),
}

/// The claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claims<'a> {
    /// Client ID.
    pub iss: &'a str,
    /// Scopes.
    pub scope: Scope<'a>,
    /// Token URL.
    pub aud: &'a str,
    /// Issued at (integer seconds; fractional values are a known bug in JS snippets).
    pub iat: i64,
    /// `iat` + [`LIFETIME_SECS`].
    pub exp: i64,
    /// Fresh random UUIDv4.
    pub jti: String,
}

/// The header for a key and certificate id.
pub fn header<'a>(key: &SigningKey, certificate_id: &'a str) -> Header<'a> {
    Header {
        typ: "JWT",
        alg: key.algorithm(),
        kid: certificate_id,
    }
}

/// The claims for `input` with the given `jti`.
pub fn claims<'a>(input: &AssertionInput<'a>, jti: String) -> Claims<'a> {
    let scope = match input.scope_form {
        ScopeForm::Array => Scope::Array(input.scopes),
        ScopeForm::CommaString => Scope::String(input.scopes.join(",")),
    };
    Claims {
        iss: input.client_id,
        scope,
        aud: input.token_url,
        iat: input.now,
        exp: input.now + LIFETIME_SECS,
        jti,
    }
}

/// A signed assertion (a [`Secret`]: it is a bearer credential for 300 s).
pub fn sign(key: &SigningKey, input: &AssertionInput<'_>) -> Result<Secret, JwsError> {
    let jws = jws::encode(
        &header(key, input.certificate_id),
        &claims(input, new_jti()),
        key,
    )?;
    Ok(Secret::new(jws))
}

/// A random UUID version 4 (RFC 9562), from the system CSPRNG.
pub fn new_jti() -> String {
    let mut b = [0u8; 16];
    // SystemRandom only fails when the OS has no entropy source; a zero jti is then still unique
    // enough for NetSuite, which does not document replay protection.
    let _ = SystemRandom::new().fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jti_is_a_uuid_v4_and_fresh() {
        let a = new_jti();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(a, new_jti());
    }

    #[test]
    fn claims_are_exactly_the_documented_set() {
        let scopes = vec!["rest_webservices".to_string(), "restlets".to_string()];
        let input = AssertionInput {
            client_id: "c1",
            certificate_id: "-kid",
            scopes: &scopes,
            token_url: "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token",
            now: 1_700_000_000,
            scope_form: ScopeForm::Array,
        };
        let json = serde_json::to_string(&claims(&input, "j".into())).unwrap();
        assert_eq!(
            json,
            r#"{"iss":"c1","scope":["rest_webservices","restlets"],"aud":"https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token","iat":1700000000,"exp":1700000300,"jti":"j"}"#
        );
        let string_form = AssertionInput {
            scope_form: ScopeForm::CommaString,
            ..input
        };
        let v = serde_json::to_value(claims(&string_form, "j".into())).unwrap();
        assert_eq!(v["scope"], "rest_webservices,restlets");
    }
}

/// Requirements found missing by mutation testing (cargo-mutants, TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::{KeyAlgorithm, generate};

    /// RFC 9562 §5.4: version nibble 4, variant bits 10, the other 122 bits random. Over 200
    /// draws every random hex digit must take more than one value (a constant one is a stuck bit
    /// pattern; the chance of that by luck is 16^-199).
    #[test]
    fn jti_version_and_variant_are_fixed_and_every_other_digit_is_random() {
        let ids: Vec<String> = (0..200).map(|_| new_jti()).collect();
        for id in &ids {
            assert_eq!(&id[14..15], "4", "{id}");
            assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        }
        for pos in (0..36).filter(|p| ![8, 13, 14, 18, 23].contains(p)) {
            let values: std::collections::HashSet<&str> =
                ids.iter().map(|id| &id[pos..pos + 1]).collect();
            assert!(values.len() > 1, "hex digit {pos} is always {values:?}");
        }
    }

    #[test]
    fn sign_makes_a_fresh_jws_of_the_documented_header_and_claims() {
        let g = generate(KeyAlgorithm::EcP256, 1, time::OffsetDateTime::now_utc()).unwrap();
        let key = SigningKey::from_pem(g.key_pem.expose()).unwrap();
        let scopes = vec!["restlets".to_string()];
        let input = AssertionInput {
            client_id: "client-1",
            certificate_id: "-kid",
            scopes: &scopes,
            token_url: "https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token",
            now: 1_700_000_000,
            scope_form: ScopeForm::Array,
        };
        let a = sign(&key, &input).unwrap();
        let d = jws::decode(a.expose()).unwrap();
        assert_eq!(d.header, br#"{"typ":"JWT","alg":"ES256","kid":"-kid"}"#);
        let claims: serde_json::Value = serde_json::from_slice(&d.payload).unwrap();
        assert_eq!(claims["iss"], "client-1");
        assert_eq!(claims["exp"], 1_700_000_300);
        assert_ne!(sign(&key, &input).unwrap().expose(), a.expose());
    }
}
