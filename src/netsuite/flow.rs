//! The three-step TBA authorization flow as pure functions (no network): build the signed
//! request-token (step one), authorize URL (step two) and access-token (step three) requests,
//! the revoke request, and parse every answer — including the error bodies, whose wire format
//! NetSuite does not document (diagnostics addendum §1: clients expect the RESTlet envelope
//! `{"error":{"code","message"}}`, so we read that and also search the text for the §5.5 codes).

use rand::RngExt as _;

use super::encode::{parse_form, percent_encode};
use super::endpoints::{ACCESS_TOKEN, AUTHORIZE_TOKEN, REQUEST_TOKEN, REVOKE_TOKEN};
use super::oauth::{SignError, SignInput, sign};
use crate::Secret;

/// Length of the `state` we generate (NetSuite allows up to 512 alphanumerics).
pub const STATE_LEN: usize = 32;
/// The most `state` characters NetSuite accepts.
pub const STATE_MAX: usize = 512;
/// Longest excerpt of a server answer kept in an error.
pub const EXCERPT_MAX: usize = 200;

/// The error codes NetSuite documents for the flow endpoints (reference §5.5).
pub const FLOW_CODES: &[&str] = &[
    "UnknownIntegration",
    "IntegrationBlocked",
    "AuthorizationFlowRequired",
    "InvalidTimestamp",
    "InvalidSignature",
    "InvalidCallback",
    "MissingRequiredParameter",
    "NonceRejected",
    "NonceUsed",
    "TokenRejected",
    "EntityOrRoleDisabled",
    "FeatureDisabled",
    "UnknownAlgorithm",
    "VersionRejected",
    "InvalidVerifier",
];

/// A signed request ready to send. The URL and header carry no secret except public ids.
#[derive(Debug, Clone)]
pub struct FlowRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Full URL (query included).
    pub url: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// The consumer half of the credentials plus request-signing fixtures.
#[derive(Clone, Copy)]
pub struct Consumer<'a> {
    /// Consumer key.
    pub key: &'a str,
    /// Consumer secret.
    pub secret: &'a str,
    /// Realm for the header (optional for the flow endpoints since 2020.1).
    pub realm: Option<&'a str>,
    /// Fixed nonce (tests); `None` draws one.
    pub nonce: Option<&'a str>,
    /// Fixed timestamp (tests); `None` uses the clock.
    pub timestamp: Option<&'a str>,
}

impl std::fmt::Debug for Consumer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consumer")
            .field("realm", &self.realm)
            .finish_non_exhaustive()
    }
}

impl<'a> Consumer<'a> {
    /// Key and secret with a fresh nonce/timestamp and no realm.
    pub fn new(key: &'a str, secret: &'a str) -> Self {
        Consumer {
            key,
            secret,
            realm: None,
            nonce: None,
            timestamp: None,
        }
    }
}

/// Why a flow step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// The request could not be signed.
    #[error("cannot sign the request: {0}")]
    Sign(#[from] SignError),
    /// NetSuite answered with one of the documented flow codes.
    #[error("NetSuite refused the request: {code} (HTTP {status}){}", message_suffix(.message))]
    Refused {
        /// HTTP status.
        status: u16,
        /// The §5.5 code (or the envelope's code).
        code: String,
        /// The envelope's message, if any.
        message: Option<String>,
    },
    /// An empty-body 405: the endpoint is not available for this account.
    #[error(
        "HTTP 405 with an empty body: the account may not support the authorization flow (check that the account id is right and the TBA: Authorization Flow box is ticked)"
    )]
    FlowNotSupported,
    /// A failure we cannot attribute to a documented cause.
    #[error("inconclusive answer: HTTP {status}{}", message_suffix(.excerpt))]
    Inconclusive {
        /// HTTP status.
        status: u16,
        /// The start of the body (secret-free: NetSuite never echoes our secrets).
        excerpt: Option<String>,
    },
    /// A successful answer lacked a field.
    #[error("the answer has no {0} field")]
    MissingField(&'static str),
    /// Step one did not confirm the callback.
    #[error("the answer does not say oauth_callback_confirmed=true")]
    CallbackNotConfirmed,
    /// The user clicked Deny (empty `oauth_verifier`).
    #[error("access was denied on the NetSuite consent page (the verifier is empty)")]
    Denied,
    /// The callback's `state` is not ours (a forged or stale redirect).
    #[error("the callback's state does not match the one we sent; ignoring it (start again)")]
    StateMismatch,
    /// The callback names another request token.
    #[error("the callback is for another request token; ignoring it (start again)")]
    TokenMismatch,
    /// The pasted text is not a callback URL or query.
    #[error("not a callback URL: {0}; paste the whole address the browser was sent to")]
    BadCallback(String),
    /// A token value in the answer has characters or a length no NetSuite token has (a hostile or
    /// broken server: a newline and escape codes, a shell fragment). It is neither shown nor kept.
    #[error(
        "the answer's {0} is not a token value (expected {TOKEN_MIN} to {TOKEN_MAX} letters, digits or -._~+/=); it was not shown or saved"
    )]
    BadTokenValue(&'static str),
}

/// Shortest token value accepted from a server (NetSuite's are 64 hex characters; empty values
/// are refused as missing fields before this).
pub const TOKEN_MIN: usize = 1;
/// Longest token value accepted from a server.
pub const TOKEN_MAX: usize = 512;

/// Checks a token id, token secret or verifier from a server: [`TOKEN_MIN`]..=[`TOKEN_MAX`]
/// characters from the OAuth token alphabet. Such a value is safe on a terminal, in a URL, in a
/// TOML file and in a shell `export` line.
pub fn check_token_value(field: &'static str, value: &str) -> Result<(), FlowError> {
    let ok_char = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b);
    if (TOKEN_MIN..=TOKEN_MAX).contains(&value.len()) && value.bytes().all(ok_char) {
        Ok(())
    } else {
        Err(FlowError::BadTokenValue(field))
    }
}

fn message_suffix(m: &Option<String>) -> String {
    m.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| format!(": {s}"))
        .unwrap_or_default()
}

impl FlowError {
    /// The documented code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            FlowError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}

fn signed(
    method: &'static str,
    url: String,
    consumer: &Consumer<'_>,
    token: Option<&str>,
    token_secret: &str,
    extra: &[(String, String)],
) -> Result<FlowRequest, FlowError> {
    let s = sign(&SignInput {
        method,
        url: &url,
        form: &[],
        consumer_key: consumer.key,
        consumer_secret: consumer.secret,
        token,
        token_secret,
        realm: consumer.realm,
        extra,
        nonce: consumer.nonce,
        timestamp: consumer.timestamp,
    })?;
    Ok(FlowRequest {
        method,
        url,
        authorization: s.authorization,
    })
}

/// Step one: `POST <restlet base>/rest/requesttoken` with `oauth_callback` and optional `role`,
/// signed with the key `consumer_secret&`.
pub fn request_token_request(
    restlet_base: &str,
    consumer: &Consumer<'_>,
    callback: &str,
    role: Option<&str>,
) -> Result<FlowRequest, FlowError> {
    let mut extra = vec![("oauth_callback".to_string(), callback.to_string())];
    if let Some(r) = role {
        extra.push(("role".to_string(), r.to_string()));
    }
    let url = format!("{}{REQUEST_TOKEN}", restlet_base.trim_end_matches('/'));
    signed("POST", url, consumer, None, "", &extra)
}

/// The unauthorized request token from step one.
#[derive(Debug, Clone)]
pub struct RequestToken {
    /// `oauth_token` (public: it travels in the browser URL).
    pub token: String,
    /// `oauth_token_secret`.
    pub secret: Secret,
    /// `role`, echoed when it was sent.
    pub role: Option<String>,
}

fn field(pairs: &[(String, String)], name: &'static str) -> Result<String, FlowError> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
        .ok_or(FlowError::MissingField(name))
}

/// Parses step one's form-encoded answer (a trailing newline is common and trimmed).
pub fn parse_request_token(body: &str) -> Result<RequestToken, FlowError> {
    let pairs = parse_form(body.trim());
    let token = field(&pairs, "oauth_token")?;
    check_token_value("oauth_token", &token)?;
    let secret = Secret::new(field(&pairs, "oauth_token_secret")?);
    check_token_value("oauth_token_secret", secret.expose())?;
    if pairs
        .iter()
        .find(|(k, _)| k == "oauth_callback_confirmed")
        .is_none_or(|(_, v)| v != "true")
    {
        return Err(FlowError::CallbackNotConfirmed);
    }
    let role = pairs
        .iter()
        .find(|(k, _)| k == "role")
        .map(|(_, v)| v.clone());
    Ok(RequestToken {
        token,
        secret,
        role,
    })
}

/// A fresh `state`: [`STATE_LEN`] alphanumerics from the OS-seeded CSPRNG.
pub fn generate_state() -> String {
    let mut rng = rand::rng();
    (0..STATE_LEN)
        .map(|_| rng.sample(rand::distr::Alphanumeric) as char)
        .collect()
}

/// Step two: the consent page the user opens in a browser.
pub fn authorize_url(app_base: &str, request_token: &str, state: &str) -> String {
    format!(
        "{}{AUTHORIZE_TOKEN}?oauth_token={}&state={}",
        app_base.trim_end_matches('/'),
        percent_encode(request_token),
        percent_encode(state)
    )
}

/// What the consent page sent back to the callback after Allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorized {
    /// The (now authorized) request token.
    pub token: String,
    /// `oauth_verifier`.
    pub verifier: String,
    /// `company` (account id), if sent.
    pub company: Option<String>,
    /// `role`, if sent.
    pub role: Option<String>,
    /// `entity`, if sent.
    pub entity: Option<String>,
}

/// Parses the callback: a bare query (`oauth_token=…&…`), `?query`, or a whole pasted URL.
/// Checks `state` and the request token, and turns an empty verifier into [`FlowError::Denied`].
pub fn parse_callback(
    input: &str,
    expected_state: &str,
    expected_token: &str,
) -> Result<Authorized, FlowError> {
    let input = input.trim();
    let query = if input.contains("://") {
        let url = url::Url::parse(input).map_err(|e| FlowError::BadCallback(e.to_string()))?;
        url.query().unwrap_or("").to_string()
    } else {
        input.trim_start_matches('?').to_string()
    };
    let pairs = parse_form(&query);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("oauth_token").is_none() && get("state").is_none() {
        return Err(FlowError::BadCallback(
            "it has no oauth_token or state parameter".into(),
        ));
    }
    if get("state").as_deref() != Some(expected_state) {
        return Err(FlowError::StateMismatch);
    }
    if get("oauth_token").as_deref() != Some(expected_token) {
        return Err(FlowError::TokenMismatch);
    }
    let verifier = get("oauth_verifier").unwrap_or_default();
    if verifier.is_empty() {
        return Err(FlowError::Denied);
    }
    let opt = |k: &str| get(k).filter(|v| !v.is_empty());
    Ok(Authorized {
        token: expected_token.to_string(),
        verifier,
        company: opt("company"),
        role: opt("role"),
        entity: opt("entity"),
    })
}

/// Step three: `POST <restlet base>/rest/accesstoken` with the request token and verifier,
/// signed with `consumer_secret&request_token_secret`.
pub fn access_token_request(
    restlet_base: &str,
    consumer: &Consumer<'_>,
    request_token: &str,
    request_token_secret: &str,
    verifier: &str,
) -> Result<FlowRequest, FlowError> {
    let extra = vec![("oauth_verifier".to_string(), verifier.to_string())];
    let url = format!("{}{ACCESS_TOKEN}", restlet_base.trim_end_matches('/'));
    signed(
        "POST",
        url,
        consumer,
        Some(request_token),
        request_token_secret,
        &extra,
    )
}

/// The long-lived access token from step three.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// Token id.
    pub token_id: Secret,
    /// Token secret.
    pub token_secret: Secret,
}

/// Parses step three's form-encoded answer.
pub fn parse_access_token(body: &str) -> Result<IssuedToken, FlowError> {
    let pairs = parse_form(body.trim());
    let token_id = Secret::new(field(&pairs, "oauth_token")?);
    check_token_value("oauth_token", token_id.expose())?;
    let token_secret = Secret::new(field(&pairs, "oauth_token_secret")?);
    check_token_value("oauth_token_secret", token_secret.expose())?;
    Ok(IssuedToken {
        token_id,
        token_secret,
    })
}

/// `GET <restlet base>/rest/revoketoken?consumerKey=&token=`, signed with the token itself (the
/// query is part of the base string).
pub fn revoke_request(
    restlet_base: &str,
    consumer: &Consumer<'_>,
    token_id: &str,
    token_secret: &str,
) -> Result<FlowRequest, FlowError> {
    let url = format!(
        "{}{REVOKE_TOKEN}?consumerKey={}&token={}",
        restlet_base.trim_end_matches('/'),
        percent_encode(consumer.key),
        percent_encode(token_id)
    );
    signed("GET", url, consumer, Some(token_id), token_secret, &[])
}

/// A string field of a RESTlet error envelope (`{"error": {"code": …, "message": …}}`), as the
/// token flow and issuetoken both answer.
pub(crate) fn envelope_field(envelope: Option<&serde_json::Value>, key: &str) -> Option<String> {
    envelope?
        .get("error")?
        .get(key)?
        .as_str()
        .map(str::to_string)
}

/// Reads a failed flow answer: the RESTlet envelope's code if it is a flow code, else any §5.5
/// code found in the text, else inconclusive. An empty-body 405 means the flow is unavailable.
pub fn parse_error(status: u16, body: &str) -> FlowError {
    let body = body.trim();
    if body.is_empty() {
        return if status == 405 {
            FlowError::FlowNotSupported
        } else {
            FlowError::Inconclusive {
                status,
                excerpt: None,
            }
        };
    }
    let envelope = serde_json::from_str::<serde_json::Value>(body).ok();
    let env_str = |k: &str| envelope_field(envelope.as_ref(), k);
    // Server text: one clean line, cut only here (callers redact credentials before this).
    let message = env_str("message").map(|m| crate::redact::sanitize(&m, EXCERPT_MAX));
    // A message that only repeats the code adds nothing to "refused: CODE".
    let drop_same = |code: &str| message.clone().filter(|m| m.trim() != code);
    let known = |s: &str| FLOW_CODES.iter().find(|c| s.contains(*c)).copied();
    if let Some(code) = env_str("code")
        .as_deref()
        .and_then(known)
        .or_else(|| known(body))
    {
        return FlowError::Refused {
            status,
            code: code.to_string(),
            message: drop_same(code),
        };
    }
    let excerpt = crate::redact::sanitize(body, EXCERPT_MAX);
    FlowError::Inconclusive {
        status,
        excerpt: Some(message.unwrap_or(excerpt)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CK: &str = "60712990bc09623786e7047c226bcb3f86d49dca0b04efc21001dc76d97a81f5";

    #[test]
    fn step_one_matches_oracle_vector() {
        let c = Consumer {
            key: CK,
            secret: CK,
            realm: None,
            nonce: Some("bUvpxBX93OWo0FLswq5M"),
            timestamp: Some("1575998103"),
        };
        let r = request_token_request(
            "https://1234567.restlets.api.netsuite.com/",
            &c,
            "https://my.example.com/TBA/?callbackRequest",
            Some("45678"),
        )
        .unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.url,
            "https://1234567.restlets.api.netsuite.com/rest/requesttoken"
        );
        assert!(
            r.authorization
                .contains("oauth_signature=\"7kgwwmiAylqeMdHjCBnIUUW%2BdrDrGCbZGBkuCt39J90%3D\""),
            "{}",
            r.authorization
        );
        assert!(r.authorization.contains(
            "oauth_callback=\"https%3A%2F%2Fmy.example.com%2FTBA%2F%3FcallbackRequest\""
        ));
        assert!(r.authorization.contains("role=\"45678\""));
        assert!(!r.authorization.contains("oauth_token="));
    }

    #[test]
    fn step_three_matches_oracle_vector() {
        let t = "447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179";
        let c = Consumer {
            key: CK,
            secret: CK,
            realm: None,
            nonce: Some("wjRgXQPWhYtKl0A7bO8Z"),
            timestamp: Some("1576079512"),
        };
        let r = access_token_request(
            "https://1234567.restlets.api.netsuite.com",
            &c,
            t,
            t,
            "3eff1ae4de6f924014b88e489a41e88da8ed1ba8bd5ad7684a71579d7e97f4ee",
        )
        .unwrap();
        assert!(
            r.authorization
                .contains("oauth_signature=\"BBzawyjesZyFrwBjUAJfBsPDDGUY2FRdp3k4NwGDAO0%3D\""),
            "{}",
            r.authorization
        );
    }

    #[test]
    fn revoke_matches_celigo_vector() {
        let t = "447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179";
        let c = Consumer {
            key: CK,
            secret: "bd47b9c7e990a4f209db0217c023d0ba2274aafa7183f2cc310fff8bf24335b8",
            realm: None,
            nonce: Some("wjRgXQPWhYtKl0A7bO8Z"),
            timestamp: Some("1576079512"),
        };
        let r = revoke_request(
            "https://1234567.restlets.api.netsuite.com",
            &c,
            t,
            "f4ae9dbe08acf7105db4d829391de42f387d1a8d6ddc2b41827ce142445445c1",
        )
        .unwrap();
        assert_eq!(r.method, "GET");
        assert!(r.url.ends_with(&format!("?consumerKey={CK}&token={t}")));
        assert!(
            r.authorization.contains(
                "oauth_signature=\"IQwMGWzHT%2BN%2Bh%2BAlakCKto0FMhx9j53kL713Xijl9Io%3D\""
            )
        );
    }

    #[test]
    fn step_one_answer_parses_and_needs_confirmation() {
        let t = parse_request_token(
            "oauth_token=abc&oauth_token_secret=def&oauth_callback_confirmed=true&role=3\n",
        )
        .unwrap();
        assert_eq!(t.token, "abc");
        assert_eq!(t.secret.expose(), "def");
        assert_eq!(t.role.as_deref(), Some("3"));
        assert!(!format!("{t:?}").contains("def"));
        assert_eq!(
            parse_request_token("oauth_token=abc&oauth_token_secret=def").unwrap_err(),
            FlowError::CallbackNotConfirmed
        );
        assert_eq!(
            parse_request_token("oauth_token_secret=def&oauth_callback_confirmed=true")
                .unwrap_err(),
            FlowError::MissingField("oauth_token")
        );
    }

    #[test]
    fn authorize_url_and_state() {
        let s = generate_state();
        assert_eq!(s.len(), STATE_LEN);
        assert!(s.len() <= STATE_MAX && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(s, generate_state());
        assert_eq!(
            authorize_url("https://1234567-sb1.app.netsuite.com/", "tok", "st4te"),
            "https://1234567-sb1.app.netsuite.com/app/login/secure/authorizetoken.nl?oauth_token=tok&state=st4te"
        );
    }

    #[test]
    fn callback_parses_from_query_or_url_and_checks_state() {
        let q = "oauth_token=tok&oauth_verifier=ver&company=1234567_SB1&role=3&entity=-5&state=abc";
        let a = parse_callback(q, "abc", "tok").unwrap();
        assert_eq!(a.verifier, "ver");
        assert_eq!(a.company.as_deref(), Some("1234567_SB1"));
        assert_eq!(a.entity.as_deref(), Some("-5"));
        let url = format!("http://localhost:5555/callback?{q}\n");
        assert_eq!(parse_callback(&url, "abc", "tok").unwrap(), a);
        assert_eq!(
            parse_callback(q, "xyz", "tok").unwrap_err(),
            FlowError::StateMismatch
        );
        assert_eq!(
            parse_callback(q, "abc", "other").unwrap_err(),
            FlowError::TokenMismatch
        );
        assert_eq!(
            parse_callback("oauth_token=tok&oauth_verifier=&state=abc", "abc", "tok").unwrap_err(),
            FlowError::Denied
        );
        assert!(matches!(
            parse_callback("hello", "abc", "tok").unwrap_err(),
            FlowError::BadCallback(_)
        ));
    }

    #[test]
    fn step_three_answer_parses() {
        let t = parse_access_token("oauth_token=id1&oauth_token_secret=sec1\n").unwrap();
        assert_eq!(t.token_id.expose(), "id1");
        assert_eq!(t.token_secret.expose(), "sec1");
        assert!(parse_access_token("oauth_token=id1").is_err());
    }

    #[test]
    fn hostile_token_values_are_refused() {
        for body in [
            "oauth_token=id%0A%1B%5B2Jx&oauth_token_secret=sec1",
            "oauth_token=id1&oauth_token_secret=s%27%3B%20rm%20-rf%20~%0Aexport%20EVIL%3D1",
            "oauth_token=id1&oauth_token_secret=a%22b",
            "oauth_token=id1&oauth_token_secret=%E2%80%AEabc",
        ] {
            assert!(
                matches!(parse_access_token(body), Err(FlowError::BadTokenValue(_))),
                "{body}"
            );
        }
        let long = format!(
            "oauth_token={}&oauth_token_secret=s",
            "a".repeat(TOKEN_MAX + 1)
        );
        assert!(parse_access_token(&long).is_err());
        let e = parse_request_token(
            "oauth_token=a%0Db&oauth_token_secret=def&oauth_callback_confirmed=true",
        )
        .unwrap_err();
        assert_eq!(e, FlowError::BadTokenValue("oauth_token"));
        assert!(!e.to_string().contains('\r'));
    }

    #[test]
    fn error_text_from_servers_is_one_clean_line() {
        let body = "{\"error\":{\"code\":\"X\",\"message\":\"\\u001b]0;pwned\\u0007\\u001b[2Jok\\rFAKE\\u202e\"}}";
        let e = parse_error(401, body).to_string();
        assert_eq!(e, "inconclusive answer: HTTP 401: ok FAKE");
        let e = parse_error(500, "\u{1b}[31mred\r\noverwritten").to_string();
        assert_eq!(e, "inconclusive answer: HTTP 500: red overwritten");
    }

    #[test]
    fn errors_are_read_from_envelope_text_or_status() {
        let e = parse_error(
            401,
            r#"{"error":{"code":"InvalidCallback","message":"InvalidCallback http://x"}}"#,
        );
        assert_eq!(e.code(), Some("InvalidCallback"));
        let e = parse_error(
            401,
            r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        );
        assert!(matches!(e, FlowError::Inconclusive { status: 401, .. }));
        assert_eq!(
            parse_error(400, "error: AuthorizationFlowRequired").code(),
            Some("AuthorizationFlowRequired")
        );
        assert_eq!(parse_error(405, "\n"), FlowError::FlowNotSupported);
        assert_eq!(
            parse_error(
                401,
                r#"{"error":{"code":"NonceUsed","message":"NonceUsed"}}"#
            )
            .to_string(),
            "NetSuite refused the request: NonceUsed (HTTP 401)"
        );
        assert!(matches!(
            parse_error(500, ""),
            FlowError::Inconclusive { excerpt: None, .. }
        ));
    }
}

/// Requirements found missing by mutation testing (cargo-mutants, TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;

    #[test]
    fn consumer_debug_shows_the_realm_only() {
        let mut c = Consumer::new("the-consumer-key", "the-consumer-secret");
        assert_eq!((c.realm, c.nonce, c.timestamp), (None, None, None));
        c.realm = Some("1234567_SB1");
        let d = format!("{c:?}");
        assert!(
            d.starts_with("Consumer") && d.contains("1234567_SB1"),
            "{d}"
        );
        assert!(!d.contains("the-consumer-secret"), "{d}");
    }

    #[test]
    fn token_values_are_1_to_512_chars_of_the_token_alphabet() {
        let max = "a".repeat(TOKEN_MAX);
        for ok in ["a", "AZaz09-._~+/=", max.as_str()] {
            assert_eq!(check_token_value("oauth_token", ok), Ok(()), "{ok:?}");
        }
        let over = "a".repeat(TOKEN_MAX + 1);
        for bad in ["", over.as_str(), "a b", "a\"b", "a%b", "a&b", "é"] {
            assert_eq!(
                check_token_value("oauth_token", bad),
                Err(FlowError::BadTokenValue("oauth_token")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn refusals_and_inconclusive_answers_show_the_servers_message() {
        let e = parse_error(
            401,
            r#"{"error":{"code":"InvalidCallback","message":"bad callback http://x"}}"#,
        );
        assert_eq!(
            e.to_string(),
            "NetSuite refused the request: InvalidCallback (HTTP 401): bad callback http://x"
        );
        // An empty message adds no dangling ": ".
        let e = parse_error(401, r#"{"error":{"code":"NonceUsed","message":""}}"#);
        assert_eq!(
            e.to_string(),
            "NetSuite refused the request: NonceUsed (HTTP 401)"
        );
        assert_eq!(e.code(), Some("NonceUsed"));
        assert_eq!(
            parse_error(500, "").to_string(),
            "inconclusive answer: HTTP 500"
        );
        assert_eq!(FlowError::Denied.code(), None);
    }

    #[test]
    fn a_callback_missing_one_of_state_and_token_is_a_mismatch_not_garbage() {
        assert_eq!(
            parse_callback("state=abc&oauth_verifier=v", "abc", "tok").unwrap_err(),
            FlowError::TokenMismatch
        );
        assert_eq!(
            parse_callback("oauth_token=tok&oauth_verifier=v", "abc", "tok").unwrap_err(),
            FlowError::StateMismatch
        );
        // Empty optional fields are absent, not empty strings.
        let a = parse_callback(
            "oauth_token=tok&oauth_verifier=v&state=abc&company=&role=&entity=",
            "abc",
            "tok",
        )
        .unwrap();
        assert_eq!((a.company, a.role, a.entity), (None, None, None));
    }
}
