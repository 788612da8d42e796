//! The legacy token path: `GET /rest/issuetoken?consumerKey=…&name=…` on the RESTlets host,
//! authenticated with an NLAuth header (email, password, role and, for roles that require
//! two-factor authentication, a TOTP code) instead of the three-step flow. Oracle recommends the
//! three-step flow since 2019.2 (Oracle Help Center chapter_157017286140, section_1546447142); some
//! vendor guides (SyncApps) still set integrations up this way, so nstba supports it as a clearly
//! marked legacy path.
//!
//! Pure request building and answer parsing, no network. The success body's keys are not
//! documented [U]: one public SuiteScript reads `tokenId`/`tokenSecret` from JSON, the three-step
//! flow answers form-encoded `oauth_token`/`oauth_token_secret`; [`parse_issued`] accepts both,
//! with the key spellings seen in client code, case-insensitively.

use crate::Secret;

use super::encode::percent_encode;
use super::endpoints::ISSUE_TOKEN;
use super::flow::{IssuedToken, check_token_value};

/// Longest server excerpt kept in an error.
const EXCERPT_MAX: usize = 200;

/// The `nlauth_*` values of one issuetoken call. The password and the one-time code are
/// [`Secret`]s: never in `Debug`, and only inside the header value, which is a `Secret` too.
#[derive(Clone)]
pub struct NlAuth {
    /// Account id in realm form (`1234567_SB1`).
    pub account: String,
    /// The NetSuite login email of the user the token is issued to.
    pub email: String,
    /// That user's NetSuite password.
    pub password: Secret,
    /// Internal id of the role the token is for.
    pub role: String,
    /// The current 6-digit TOTP code, for a role that requires two-factor authentication.
    pub otp: Option<Secret>,
}

impl std::fmt::Debug for NlAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NlAuth")
            .field("account", &self.account)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("otp", &self.otp.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

/// A value of the NLAuth call that cannot be right, named by its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NlAuthError {
    /// Not an email address.
    #[error(
        "--email: {0:?} is not an email address (expected the NetSuite login email, e.g. admin@example.com)"
    )]
    Email(String),
    /// Not a role internal id.
    #[error(
        "--role: {0:?} is not a role internal id (expected digits, e.g. 3 or 1001; see Setup > Users/Roles > Manage Roles, the Internal ID column)"
    )]
    Role(String),
    /// Empty password.
    #[error("the password is empty (NETSUITE_PASSWORD or the prompt)")]
    Password,
    /// Not a 6-digit code.
    #[error(
        "the one-time code must be the 6 digits the authenticator app shows (got {0} characters)"
    )]
    Otp(usize),
}

impl NlAuth {
    /// Checks the shape of every value before anything is sent (a typo here costs a failed login,
    /// and failed logins lock users out).
    pub fn validate(&self) -> Result<(), NlAuthError> {
        let email = self.email.trim();
        let valid_email = email.len() <= 254
            && email.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
            })
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !valid_email {
            return Err(NlAuthError::Email(crate::redact::sanitize(&self.email, 80)));
        }
        let role = self.role.trim();
        if role.is_empty() || role.len() > 10 || !role.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NlAuthError::Role(crate::redact::sanitize(&self.role, 40)));
        }
        if self.password.expose().is_empty() {
            return Err(NlAuthError::Password);
        }
        if let Some(otp) = &self.otp {
            let code = otp.expose().trim();
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NlAuthError::Otp(code.chars().count()));
            }
        }
        Ok(())
    }

    /// The `Authorization` header value. Every value is RFC 3986-escaped: NetSuite answers an
    /// unescaped `,`, `=` or space in a password with INVALID_LOGIN_ATTEMPT (reference §4.2).
    pub fn header(&self) -> Secret {
        let mut h = format!(
            "NLAuth nlauth_account={}, nlauth_email={}, nlauth_signature={}, nlauth_role={}",
            percent_encode(self.account.trim()),
            percent_encode(self.email.trim()),
            percent_encode(self.password.expose()),
            percent_encode(self.role.trim()),
        );
        if let Some(otp) = &self.otp {
            h.push_str(", nlauth_otp=");
            h.push_str(&percent_encode(otp.expose().trim()));
        }
        Secret::new(h)
    }
}

/// The URL of one issuetoken call (query values URL-encoded; the consumer key is public in the
/// sense of the flow endpoints, but still redacted from every error by the caller).
pub fn issue_token_url(restlet_base: &str, consumer_key: &str, token_name: Option<&str>) -> String {
    let mut url = format!(
        "{}{ISSUE_TOKEN}?consumerKey={}",
        restlet_base.trim_end_matches('/'),
        percent_encode(consumer_key)
    );
    if let Some(name) = token_name.map(str::trim).filter(|n| !n.is_empty()) {
        url.push_str("&name=");
        url.push_str(&percent_encode(name));
    }
    url
}

/// Key spellings for the token id, most likely first (case-insensitive).
const ID_KEYS: &[&str] = &["tokenId", "token_id", "oauth_token", "token", "id"];
/// Key spellings for the token secret.
const SECRET_KEYS: &[&str] = &[
    "tokenSecret",
    "token_secret",
    "oauth_token_secret",
    "secret",
];

/// Why an issuetoken call did not give a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// NetSuite refused with an error code (RESTlet envelope or a code in the text).
    #[error("NetSuite refused the request: {code} (HTTP {status}){}", suffix(.message))]
    Refused {
        /// HTTP status.
        status: u16,
        /// `INVALID_LOGIN_ATTEMPT`, `TWO_FA_REQD`, `INVALID_LOGIN_CREDENTIALS`…
        code: String,
        /// The envelope's message, sanitized.
        message: Option<String>,
    },
    /// A success status whose body holds no usable token.
    #[error("NetSuite answered {status} but the body has no token id and secret{}", suffix(.excerpt))]
    NoToken {
        /// HTTP status.
        status: u16,
        /// Start of the body (sanitized; the caller redacted it first).
        excerpt: Option<String>,
    },
    /// An answer with no code we can name.
    #[error("inconclusive answer: HTTP {status}{}", suffix(.excerpt))]
    Inconclusive {
        /// HTTP status.
        status: u16,
        /// Start of the body.
        excerpt: Option<String>,
    },
}

fn suffix(m: &Option<String>) -> String {
    m.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
}

impl IssueError {
    /// The error code NetSuite gave, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            IssueError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the role needs a one-time code (`TWO_FA_REQD`, or Oracle's message text).
    pub fn two_factor_required(&self) -> bool {
        match self {
            IssueError::Refused { code, message, .. } => {
                code == "TWO_FA_REQD"
                    || message
                        .as_deref()
                        .is_some_and(|m| m.to_ascii_lowercase().contains("two-factor"))
            }
            _ => false,
        }
    }
}

/// Reads a success body: JSON with a token id and secret under any of the known key spellings
/// (also one level down, e.g. `{"token":{"id":…,"secret":…}}`), or form-encoded.
pub fn parse_issued(status: u16, body: &str) -> Result<IssuedToken, IssueError> {
    let body = body.trim();
    let pair = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| json_pair(&v))
        .or_else(|| form_pair(body));
    // A body that names a token or secret may hold one in a shape we did not read: not quoted.
    let lower = body.to_ascii_lowercase();
    let quotable = !body.is_empty() && !lower.contains("token") && !lower.contains("secret");
    let no_token = || IssueError::NoToken {
        status,
        excerpt: quotable.then(|| crate::redact::sanitize(body, EXCERPT_MAX)),
    };
    let (id, secret) = pair.ok_or_else(no_token)?;
    if check_token_value("token id", &id).is_err()
        || check_token_value("token secret", &secret).is_err()
    {
        // Never echo a malformed secret: it may still be one.
        return Err(IssueError::NoToken {
            status,
            excerpt: None,
        });
    }
    Ok(IssuedToken {
        token_id: Secret::new(id),
        token_secret: Secret::new(secret),
    })
}

fn lookup<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    keys: &[&str],
) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(k))
            .and_then(|(_, v)| v.as_str())
    })
}

fn json_pair(v: &serde_json::Value) -> Option<(String, String)> {
    let obj = v.as_object()?;
    if let (Some(id), Some(secret)) = (lookup(obj, ID_KEYS), lookup(obj, SECRET_KEYS)) {
        return Some((id.to_string(), secret.to_string()));
    }
    obj.values().filter(|v| v.is_object()).find_map(json_pair)
}

fn form_pair(body: &str) -> Option<(String, String)> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let find = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            pairs
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        })
    };
    Some((find(ID_KEYS)?, find(SECRET_KEYS)?))
}

/// Reads a failed answer. Callers redact the password, code and consumer key from `body` first.
pub fn parse_refusal(status: u16, body: &str) -> IssueError {
    let body = body.trim();
    let envelope = serde_json::from_str::<serde_json::Value>(body).ok();
    let field = |k: &str| super::flow::envelope_field(envelope.as_ref(), k);
    let message = field("message").map(|m| crate::redact::sanitize(&m, EXCERPT_MAX));
    let code = field("code")
        .filter(|c| !c.is_empty() && c.len() <= 64)
        .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .or_else(|| {
            KNOWN_CODES
                .iter()
                .find(|c| body.contains(**c))
                .map(|c| (*c).to_string())
        });
    match code {
        Some(code) => IssueError::Refused {
            status,
            message: message.filter(|m| m.trim() != code),
            code,
        },
        None => IssueError::Inconclusive {
            status,
            excerpt: (!body.is_empty())
                .then(|| message.unwrap_or_else(|| crate::redact::sanitize(body, EXCERPT_MAX))),
        },
    }
}

/// Codes looked for in a body that is not the JSON envelope (a text or HTML error page).
const KNOWN_CODES: &[&str] = &[
    "TWO_FA_REQD",
    "INVALID_LOGIN_ATTEMPT",
    "INVALID_LOGIN_CREDENTIALS",
    "INVALID_LOGIN",
    "USER_ERROR",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn nlauth(password: &str, otp: Option<&str>) -> NlAuth {
        NlAuth {
            account: "1234567_SB1".into(),
            email: "admin@example.com".into(),
            password: Secret::new(password.into()),
            role: "3".into(),
            otp: otp.map(|o| Secret::new(o.into())),
        }
    }

    #[test]
    fn header_escapes_every_value_rfc3986() {
        let h = nlauth("p@ss, w=rd+ü~", Some("123456")).header();
        assert_eq!(
            h.expose(),
            "NLAuth nlauth_account=1234567_SB1, nlauth_email=admin%40example.com, \
             nlauth_signature=p%40ss%2C%20w%3Drd%2B%C3%BC~, nlauth_role=3, nlauth_otp=123456"
        );
        assert!(!nlauth("x", None).header().expose().contains("nlauth_otp"));
    }

    #[test]
    fn debug_hides_password_and_code() {
        let n = nlauth("hunter2-secret", Some("654321"));
        let d = format!("{n:?}");
        assert!(
            !d.contains("hunter2-secret") && !d.contains("654321"),
            "{d}"
        );
        assert!(d.contains("admin@example.com"));
        assert!(!format!("{:?}", n.header()).contains("hunter2"));
    }

    #[test]
    fn validation_names_the_field() {
        let mut n = nlauth("pw", None);
        n.email = "admin".into();
        assert!(n.validate().unwrap_err().to_string().starts_with("--email"));
        let mut n = nlauth("pw", None);
        n.role = "Administrator".into();
        assert!(n.validate().unwrap_err().to_string().starts_with("--role"));
        assert_eq!(nlauth("", None).validate(), Err(NlAuthError::Password));
        assert_eq!(
            nlauth("pw", Some("12345")).validate(),
            Err(NlAuthError::Otp(5))
        );
        assert_eq!(
            nlauth("pw", Some("12345a")).validate(),
            Err(NlAuthError::Otp(6))
        );
        assert_eq!(nlauth("pw", Some("123456")).validate(), Ok(()));
    }

    #[test]
    fn url_encodes_consumer_key_and_name() {
        assert_eq!(
            issue_token_url(
                "https://x.restlets.api.netsuite.com/",
                "ab+c",
                Some("My token")
            ),
            "https://x.restlets.api.netsuite.com/rest/issuetoken?consumerKey=ab%2Bc&name=My%20token"
        );
        assert_eq!(
            issue_token_url("http://127.0.0.1:1", "k", Some("  ")),
            "http://127.0.0.1:1/rest/issuetoken?consumerKey=k"
        );
    }

    #[test]
    fn success_bodies_in_every_known_shape() {
        let id = "a".repeat(64);
        let secret = "b".repeat(64);
        for body in [
            format!(r#"{{"tokenId":"{id}","tokenSecret":"{secret}"}}"#),
            format!(r#"{{"TOKENID":"{id}","TokenSecret":"{secret}"}}"#),
            format!(r#"{{"token_id":"{id}","token_secret":"{secret}"}}"#),
            format!(r#"{{"token":{{"id":"{id}","secret":"{secret}"}}}}"#),
            format!("oauth_token={id}&oauth_token_secret={secret}\n"),
        ] {
            let t = parse_issued(200, &body).unwrap_or_else(|e| panic!("{body}: {e}"));
            assert_eq!(t.token_id.expose(), id);
            assert_eq!(t.token_secret.expose(), secret);
        }
    }

    #[test]
    fn success_without_token_is_an_error_that_never_echoes_a_secret_shape() {
        assert!(matches!(
            parse_issued(200, "{}"),
            Err(IssueError::NoToken { .. })
        ));
        let e = parse_issued(200, r#"{"result":{"tokenKey":"0123456789abcdef"}}"#).unwrap_err();
        assert!(!e.to_string().contains("0123456789abcdef"), "{e}");
        let e = parse_issued(200, "<html>Login page</html>").unwrap_err();
        assert!(
            e.to_string().contains("Login page"),
            "a page without token words is quoted: {e}"
        );
        let e = parse_issued(
            200,
            r#"{"tokenId":"ok","tokenSecret":"bad secret with spaces"}"#,
        )
        .unwrap_err();
        assert!(!e.to_string().contains("bad secret"), "{e}");
    }

    #[test]
    fn refusals_keep_the_code_and_spot_two_factor() {
        let e = parse_refusal(
            401,
            r#"{"error":{"code":"TWO_FA_REQD","message":"Two-factor authentication is required."}}"#,
        );
        assert!(e.two_factor_required());
        assert_eq!(e.code(), Some("TWO_FA_REQD"));
        let e = parse_refusal(
            400,
            r#"{"error":{"code":"USER_ERROR","message":"two-factor authentication is required"}}"#,
        );
        assert!(e.two_factor_required(), "Oracle's message alone is enough");
        let e = parse_refusal(
            401,
            r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        );
        assert_eq!(e.code(), Some("INVALID_LOGIN_ATTEMPT"));
        assert!(!e.two_factor_required());
        assert_eq!(
            parse_refusal(401, "<html>INVALID_LOGIN_ATTEMPT</html>").code(),
            Some("INVALID_LOGIN_ATTEMPT")
        );
        assert!(matches!(
            parse_refusal(502, "Bad gateway"),
            IssueError::Inconclusive { .. }
        ));
        // A code with markup in it is not trusted as a code.
        assert!(matches!(
            parse_refusal(401, r#"{"error":{"code":"<b>x</b>"}}"#),
            IssueError::Inconclusive { .. }
        ));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    fn with_email(email: &str) -> NlAuth {
        NlAuth {
            account: "1234567_SB1".into(),
            email: email.into(),
            password: Secret::new("pw".into()),
            role: "3".into(),
            otp: None,
        }
    }

    fn with_role(role: &str) -> NlAuth {
        NlAuth {
            role: role.into(),
            ..with_email("admin@example.com")
        }
    }

    /// An email needs a non-empty user part and a domain with a dot that does not start with
    /// one; each rule refuses on its own (a failed login counts towards the lock-out).
    #[test]
    fn email_needs_user_dotted_domain_and_no_leading_dot() {
        for bad in [
            "@example.com",
            "admin@localhost",
            "admin@.example.com",
            "admin @example.com",
            "admin@exa mple.com",
        ] {
            assert!(
                matches!(with_email(bad).validate(), Err(NlAuthError::Email(_))),
                "{bad:?} must be refused as an email"
            );
        }
        assert_eq!(
            with_email("  first.last@sub.example.co  ").validate(),
            Ok(())
        );
    }

    /// The 254-character limit of an address (RFC 5321 path limit) is inclusive.
    #[test]
    fn email_length_limit_is_254_inclusive() {
        let at = |n: usize| format!("{}@example.com", "a".repeat(n - "@example.com".len()));
        assert_eq!(with_email(&at(254)).validate(), Ok(()));
        assert!(matches!(
            with_email(&at(255)).validate(),
            Err(NlAuthError::Email(_))
        ));
    }

    /// A role internal id is 1 to 10 digits: empty and 11 digits are refused, 10 are fine.
    #[test]
    fn role_is_one_to_ten_digits() {
        assert_eq!(with_role("1234567890").validate(), Ok(()));
        assert_eq!(with_role(" 1001 ").validate(), Ok(()));
        for bad in ["", "  ", "12345678901", "3a"] {
            assert!(
                matches!(with_role(bad).validate(), Err(NlAuthError::Role(_))),
                "role {bad:?} must be refused"
            );
        }
    }

    /// Either half of the answer being malformed refuses the whole answer, without quoting it.
    #[test]
    fn a_malformed_token_id_alone_is_refused() {
        assert_eq!(
            parse_issued(200, r#"{"tokenId":"bad id","tokenSecret":"okSecret"}"#).unwrap_err(),
            IssueError::NoToken {
                status: 200,
                excerpt: None
            }
        );
    }

    /// A code from the envelope is kept when it is a plain identifier (letters, digits, `_`) of
    /// at most 64 characters, even when it is not one of the codes looked for in page text.
    #[test]
    fn envelope_code_is_a_bounded_identifier() {
        let refusal = |code: &str| {
            parse_refusal(
                403,
                &format!(r#"{{"error":{{"code":"{code}","message":"No."}}}}"#),
            )
        };
        assert_eq!(
            refusal("INSUFFICIENT_PERMISSION").code(),
            Some("INSUFFICIENT_PERMISSION")
        );
        let longest = "A".repeat(64);
        assert_eq!(refusal(&longest).code(), Some(longest.as_str()));
        assert!(matches!(
            refusal(&"A".repeat(65)),
            IssueError::Inconclusive { .. }
        ));
        assert!(matches!(refusal(""), IssueError::Inconclusive { .. }));
    }

    /// The refusal's text names the code, the status and the message.
    #[test]
    fn refusal_text_names_code_status_and_message() {
        let e = parse_refusal(
            401,
            r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        );
        assert_eq!(
            e.to_string(),
            "NetSuite refused the request: INVALID_LOGIN_ATTEMPT (HTTP 401): Invalid login attempt."
        );
        // A message that only repeats the code adds nothing and is dropped.
        let e = parse_refusal(
            401,
            r#"{"error":{"code":"TWO_FA_REQD","message":"TWO_FA_REQD"}}"#,
        );
        assert_eq!(
            e.to_string(),
            "NetSuite refused the request: TWO_FA_REQD (HTTP 401)"
        );
    }

    /// An answer without a code quotes the start of its body (that is all the user gets to go
    /// on), and an empty body quotes nothing.
    #[test]
    fn inconclusive_answer_quotes_the_body() {
        assert_eq!(
            parse_refusal(502, "Bad gateway"),
            IssueError::Inconclusive {
                status: 502,
                excerpt: Some("Bad gateway".into())
            }
        );
        assert_eq!(
            parse_refusal(502, "  "),
            IssueError::Inconclusive {
                status: 502,
                excerpt: None
            }
        );
        assert_eq!(
            parse_refusal(500, "Internal error").to_string(),
            "inconclusive answer: HTTP 500: Internal error"
        );
    }

    /// Only a refusal has a code or asks for two-factor authentication.
    #[test]
    fn other_errors_have_no_code_and_no_two_factor() {
        let e = IssueError::NoToken {
            status: 200,
            excerpt: Some("two-factor".into()),
        };
        assert_eq!(e.code(), None);
        assert!(!e.two_factor_required());
    }
}
