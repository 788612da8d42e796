//! The token request of the client-credentials grant (reference §1.3) and its answers (§1.4,
//! §1.6): the form body, a tolerant success parser (`expires_in` as number or string, capped at
//! 3600) and the RFC 6749 error body parser (`{"error":…,"error_description":…}`).

use serde_json::Value;

use crate::Secret;
use crate::netsuite::encode::percent_encode;

/// Path of the token endpoint on the account's `suitetalk.api.netsuite.com` host (all grants).
pub const TOKEN_PATH: &str = "/services/rest/auth/oauth2/v1/token";
/// `grant_type` of the M2M flow.
pub const GRANT_TYPE: &str = "client_credentials";
/// `client_assertion_type` (RFC 7523).
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// NetSuite documents 3600 s ("always 3600"); longer values are not trusted.
pub const MAX_EXPIRES_IN: u64 = 3600;
/// Longest server text kept from an error body (it is shown to the user).
const MAX_TEXT: usize = 300;

/// The `application/x-www-form-urlencoded` body: exactly three fields, no `client_id`, no
/// `scope` (the scope lives in the JWT). A [`Secret`], because it carries the assertion.
pub fn form_body(assertion: &Secret) -> Secret {
    Secret::new(format!(
        "grant_type={}&client_assertion_type={}&client_assertion={}",
        GRANT_TYPE,
        percent_encode(ASSERTION_TYPE),
        percent_encode(assertion.expose())
    ))
}

/// A successful token answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token (a JWT; redacted in `Debug`).
    pub access_token: Secret,
    /// Seconds of validity, capped at [`MAX_EXPIRES_IN`] (3600 when absent or unreadable).
    pub expires_in: u64,
    /// `bearer` as NetSuite sends it (case kept), `bearer` when absent.
    pub token_type: String,
    /// The refresh token of an authorization-code grant (a public client's refresh answers carry
    /// a new one); `None` for client credentials.
    pub refresh_token: Option<Secret>,
}

/// Why a 2xx token answer was not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// Not a JSON object.
    #[error("the token endpoint's answer is not a JSON object")]
    NotJson,
    /// No non-empty `access_token` string.
    #[error("the token endpoint's answer has no access_token")]
    NoAccessToken,
    /// `token_type` is something other than bearer.
    #[error("the token endpoint's token_type is {0:?}, expected \"bearer\"")]
    NotBearer(String),
}

/// Parses a 2xx answer tolerantly: `expires_in` may be a number or a numeric string.
pub fn parse_response(body: &[u8]) -> Result<TokenResponse, ResponseError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| ResponseError::NotJson)?;
    let obj = v.as_object().ok_or(ResponseError::NotJson)?;
    let access_token = obj
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or(ResponseError::NoAccessToken)?;
    let token_type = match obj.get("token_type").and_then(Value::as_str) {
        None => "bearer".to_string(),
        Some(t) if t.eq_ignore_ascii_case("bearer") => t.to_string(),
        Some(t) => return Err(ResponseError::NotBearer(clean(t))),
    };
    let expires_in = match obj.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
    .unwrap_or(MAX_EXPIRES_IN)
    .min(MAX_EXPIRES_IN);
    let refresh_token = obj
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(|s| Secret::new(s.to_string()));
    Ok(TokenResponse {
        access_token: Secret::new(access_token.to_string()),
        expires_in,
        token_type,
        refresh_token,
    })
}

/// An RFC 6749 §5.2 error answer (NetSuite usually sends only `error`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenError {
    /// `invalid_client`, `invalid_grant`, … (sanitized).
    pub error: String,
    /// `error_description`, if any (sanitized).
    pub description: Option<String>,
}

/// Parses `{"error":…,"error_description":…}`; `None` when the body is not that shape.
pub fn parse_error(body: &[u8]) -> Option<TokenError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let error = v.get("error")?.as_str()?;
    if error.trim().is_empty() {
        return None;
    }
    Some(TokenError {
        error: clean(error),
        description: v
            .get("error_description")
            .and_then(Value::as_str)
            .map(clean)
            .filter(|d| !d.is_empty()),
    })
}

/// Server text made safe to print: control characters dropped, length capped.
fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_has_exactly_the_three_fields_percent_encoded() {
        let body = form_body(&Secret::from("aa.bb.cc-_"));
        assert_eq!(
            body.expose(),
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=aa.bb.cc-_"
        );
        assert!(!format!("{body:?}").contains("aa.bb"));
    }

    #[test]
    fn expires_in_number_string_missing_or_huge() {
        let p = |b: &str| parse_response(b.as_bytes()).unwrap().expires_in;
        assert_eq!(
            p(r#"{"access_token":"t","expires_in":3600,"token_type":"bearer"}"#),
            3600
        );
        assert_eq!(p(r#"{"access_token":"t","expires_in":"1800"}"#), 1800);
        assert_eq!(p(r#"{"access_token":"t"}"#), 3600);
        assert_eq!(p(r#"{"access_token":"t","expires_in":99999}"#), 3600);
        assert_eq!(p(r#"{"access_token":"t","expires_in":-5}"#), 0);
        assert_eq!(p(r#"{"access_token":"t","expires_in":"soon"}"#), 3600);
    }

    #[test]
    fn bad_success_bodies() {
        assert_eq!(parse_response(b"<html>"), Err(ResponseError::NotJson));
        assert_eq!(parse_response(b"[1]"), Err(ResponseError::NotJson));
        assert_eq!(parse_response(b"{}"), Err(ResponseError::NoAccessToken));
        assert_eq!(
            parse_response(br#"{"access_token":"t","token_type":"mac"}"#),
            Err(ResponseError::NotBearer("mac".into()))
        );
        let ok =
            parse_response(br#"{"access_token":"secret-token","token_type":"Bearer"}"#).unwrap();
        assert!(!format!("{ok:?}").contains("secret-token"));
        assert!(ok.refresh_token.is_none());
        let rt =
            parse_response(br#"{"access_token":"a","refresh_token":"rt-secret-0123"}"#).unwrap();
        assert_eq!(
            rt.refresh_token.as_ref().map(Secret::expose),
            Some("rt-secret-0123")
        );
        assert!(!format!("{rt:?}").contains("rt-secret-0123"));
    }

    #[test]
    fn error_bodies() {
        assert_eq!(
            parse_error(br#"{"error":"invalid_grant"}"#),
            Some(TokenError {
                error: "invalid_grant".into(),
                description: None
            })
        );
        let e = parse_error(br#"{"error":"invalid_client","error_description":"bad\u0007 kid"}"#)
            .unwrap();
        assert_eq!(e.description.as_deref(), Some("bad kid"));
        for b in [
            &b"{}"[..],
            b"not json",
            br#"{"error":5}"#,
            br#"{"error":""}"#,
        ] {
            assert_eq!(parse_error(b), None);
        }
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    /// The token type keeps NetSuite's case; absent means bearer; blank tokens are absent.
    #[test]
    fn token_type_and_blank_values() {
        let r = parse_response(br#"{"access_token":"a","token_type":"Bearer"}"#).unwrap();
        assert_eq!(r.token_type, "Bearer");
        assert_eq!(r.access_token.expose(), "a");
        assert_eq!(
            parse_response(br#"{"access_token":"a"}"#)
                .unwrap()
                .token_type,
            "bearer"
        );
        assert_eq!(
            parse_response(br#"{"access_token":"  "}"#),
            Err(ResponseError::NoAccessToken)
        );
        let r = parse_response(br#"{"access_token":"a","refresh_token":" "}"#).unwrap();
        assert!(r.refresh_token.is_none());
    }

    /// A fractional `expires_in` is truncated, a blank description is absent, and server text
    /// is trimmed and capped at 300 characters.
    #[test]
    fn expires_in_fraction_and_error_text_limits() {
        let p = |b: &str| parse_response(b.as_bytes()).unwrap().expires_in;
        assert_eq!(p(r#"{"access_token":"t","expires_in":1800.9}"#), 1800);
        assert_eq!(p(r#"{"access_token":"t","expires_in":" 900 "}"#), 900);
        let e = parse_error(
            format!(
                r#"{{"error":" invalid_grant ","error_description":"{}"}}"#,
                "d".repeat(400)
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(e.error, "invalid_grant");
        assert_eq!(e.description.unwrap().len(), 300);
        assert_eq!(
            parse_error(br#"{"error":"x","error_description":"\u0007"}"#)
                .unwrap()
                .description,
            None
        );
        assert_eq!(parse_error(br#"{"error":"  "}"#), None);
    }
}
