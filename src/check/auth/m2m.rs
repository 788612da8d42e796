//! OAuth 2.0 client credentials (M2M): the `key` check runs the local pre-flight
//! ([`crate::netsuite::cert::checks`]), the `token-request` check posts a freshly signed client
//! assertion to the token endpoint, and the token it returns is kept for its lifetime: every
//! REST and RESTlet probe after it carries `Authorization: Bearer <token>`. SOAP web services do
//! not accept OAuth 2.0 at all (reference §1.5).

use super::bearer::{self, Hidden, KeptToken};
use super::{AuthError, Authenticator, Target, TokenSource};
use crate::Secret;
use crate::check::credential_shape::{ShapeIssue, ShapeLevel, cleaned};
use crate::netsuite::cert::{self, SigningKey};
use crate::netsuite::oauth2::assertion::{self, AssertionInput, ScopeForm};
use crate::netsuite::oauth2::{M2mCredentials, TokenResponse, token};

/// Scope names NetSuite knows for M2M.
const KNOWN_SCOPES: [&str; 3] = ["rest_webservices", "restlets", "suite_analytics"];

/// Every value of `c` that must never be shown: the client id (as typed and cleaned), the whole
/// key and each base64 line of it (a server or a tool may echo one line).
pub fn secrets(c: &M2mCredentials) -> Vec<String> {
    let mut out = Hidden::default();
    out.add(c.client_id.expose());
    out.add(cleaned(c.client_id.expose()));
    out.add(c.private_key.expose().trim());
    for line in c.private_key.expose().lines() {
        let line = line.trim();
        if !line.starts_with("-----") && line.len() >= 16 {
            out.add(line);
        }
    }
    out.into_vec()
}

/// The M2M authenticator.
pub struct M2m {
    typed: M2mCredentials,
    client_id: String,
    certificate_id: String,
    kept: KeptToken,
}

impl M2m {
    /// For `c` (client id and certificate id are used with pasted spaces and quotes removed).
    pub fn new(c: &M2mCredentials) -> M2m {
        M2m {
            typed: c.clone(),
            client_id: cleaned(c.client_id.expose()).to_string(),
            certificate_id: cleaned(&c.certificate_id).to_string(),
            kept: KeptToken::default(),
        }
    }
}

impl Authenticator for M2m {
    fn secrets(&self) -> Vec<String> {
        let mut s = secrets(&self.typed);
        s.extend(self.kept.secrets());
        s
    }

    fn present(&self) -> &'static str {
        "client id, certificate id, key and scopes present"
    }

    fn shape_issues(&self) -> Vec<ShapeIssue> {
        shape(&self.typed)
    }

    fn authorize(
        &self,
        req: reqwest::RequestBuilder,
        _target: Target<'_>,
    ) -> Result<reqwest::RequestBuilder, AuthError> {
        bearer::authorize(req, self.token())
    }

    fn soap_server_time(&self) -> Result<String, AuthError> {
        bearer::soap_refused()
    }

    fn token_source(&self) -> Option<&dyn TokenSource> {
        Some(self)
    }
}

impl TokenSource for M2m {
    fn preflight(&self, now: i64) -> cert::checks::Report {
        cert::check(
            &self.typed.private_key,
            self.typed.certificate.as_deref(),
            now,
        )
    }

    fn token_request(&self, token_url: &str, now: i64) -> Result<Secret, AuthError> {
        let key = SigningKey::from_pem(self.typed.private_key.expose())
            .map_err(|e| AuthError::Key(e.to_string()))?;
        let input = AssertionInput {
            client_id: &self.client_id,
            certificate_id: &self.certificate_id,
            scopes: &self.typed.scopes,
            token_url,
            now,
            scope_form: ScopeForm::Array,
        };
        let jwt = assertion::sign(&key, &input).map_err(|e| AuthError::Key(e.to_string()))?;
        Ok(token::form_body(&jwt))
    }

    fn keep(&self, t: &TokenResponse) {
        self.kept.keep(t);
    }

    fn token(&self) -> Option<Secret> {
        self.kept.get()
    }

    fn scopes(&self) -> Vec<String> {
        self.typed.scopes.clone()
    }

    fn certificate_id(&self) -> String {
        self.certificate_id.clone()
    }
}

/// Local problems with the client id, certificate id, key and scopes (values never shown).
fn shape(c: &M2mCredentials) -> Vec<ShapeIssue> {
    let mut out = Vec::new();
    let mut push = |field: &str, level, message: String| {
        out.push(ShapeIssue {
            field: field.to_string(),
            level,
            message,
            may_break_login: level == ShapeLevel::Error,
        })
    };
    for (label, raw) in [
        ("client id", c.client_id.expose()),
        ("certificate id", c.certificate_id.as_str()),
    ] {
        let v = cleaned(raw);
        if v.is_empty() {
            push(label, ShapeLevel::Error, format!("the {label} is empty"));
        } else if v != raw {
            push(
                label,
                ShapeLevel::Warning,
                format!("the {label} had spaces, quotes or a line break around it (removed)"),
            );
        }
    }
    let kid = cleaned(&c.certificate_id);
    if !kid.is_empty()
        && !kid
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_".contains(ch))
    {
        push(
            "certificate id",
            ShapeLevel::Warning,
            "the certificate id has characters other than letters, digits, - and _: NetSuite's \
             are 43 base64url characters (copy it from the M2M Setup list)"
                .into(),
        );
    }
    if c.private_key.expose().trim().is_empty() {
        push(
            "private key",
            ShapeLevel::Error,
            "the private key is empty".into(),
        );
    }
    for s in c
        .scopes
        .iter()
        .filter(|s| !KNOWN_SCOPES.contains(&s.as_str()))
    {
        let shown: String = s.chars().filter(|ch| !ch.is_control()).take(40).collect();
        push(
            "scopes",
            ShapeLevel::Warning,
            format!(
                "unknown scope {shown:?}: NetSuite knows rest_webservices, restlets and suite_analytics"
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> M2mCredentials {
        M2mCredentials::new(
            "a".repeat(64),
            "-QjavVtnzeAPA_QdffgnTh9yPy6LbSGOYqNeJqtbKgU",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        )
    }

    #[test]
    fn secrets_cover_client_id_and_every_key_line() {
        let c = demo();
        let s = secrets(&c);
        assert!(s.contains(&"a".repeat(64)));
        let body_lines = c
            .private_key
            .expose()
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .count();
        assert!(s.len() >= 2 + body_lines, "{}", s.len());
    }

    #[test]
    fn no_token_no_bearer_then_kept_token_is_used() {
        let m = M2m::new(&demo());
        let client = reqwest::Client::new();
        let t = Target {
            method: "GET",
            url: "http://127.0.0.1:9/x",
        };
        assert_eq!(
            m.authorize(client.get(t.url), t).err(),
            Some(AuthError::NoToken)
        );
        m.keep(&TokenResponse {
            access_token: Secret::from("tok-0123456789"),
            expires_in: 3600,
            token_type: "bearer".into(),
            refresh_token: None,
        });
        let req = m.authorize(client.get(t.url), t).unwrap().build().unwrap();
        assert_eq!(
            req.headers()["authorization"].to_str().unwrap(),
            "Bearer tok-0123456789"
        );
        assert!(m.secrets().contains(&"tok-0123456789".to_string()));
        // A token with no lifetime left is not used.
        m.keep(&TokenResponse {
            access_token: Secret::from("tok-0123456789"),
            expires_in: 0,
            token_type: "bearer".into(),
            refresh_token: None,
        });
        assert!(m.token().is_none());
    }

    #[test]
    fn each_token_request_carries_a_fresh_assertion() {
        let m = M2m::new(&demo());
        let url = "http://127.0.0.1:9/services/rest/auth/oauth2/v1/token";
        let a = m.token_request(url, 1_700_000_000).unwrap();
        let b = m.token_request(url, 1_700_000_000).unwrap();
        assert_ne!(a.expose(), b.expose());
        assert!(a.expose().starts_with("grant_type=client_credentials&"));
        assert!(m.soap_server_time().is_err());
        assert!(m.preflight(1_700_000_000).ok);
    }

    #[test]
    fn shape_flags_empty_values_and_odd_scopes() {
        let mut c = demo();
        c.certificate_id = " ".into();
        c.scopes = vec!["restlet".into()];
        let issues = shape(&c);
        assert!(issues.iter().any(|i| i.level == ShapeLevel::Error));
        assert!(issues.iter().any(|i| i.message.contains("\"restlet\"")));
        assert!(shape(&demo()).is_empty(), "{:?}", shape(&demo()));
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;

    #[test]
    fn only_key_material_is_hidden_never_the_pem_armour() {
        let c = M2mCredentials::new(
            "a".repeat(64),
            "cert-id",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        );
        let s = secrets(&c);
        // The armour lines are public words ("-----BEGIN PRIVATE KEY-----"): hiding them would
        // mask them in every message that names a PEM block.
        // (The whole key, armour and all, is hidden as one value.)
        let armour = |v: &&String| v.starts_with("-----") && !v.contains('\n');
        assert!(!s.iter().any(|v| armour(&v)), "{}", s.len());
        for line in c.private_key.expose().lines() {
            if !line.starts_with("-----") && line.len() >= 16 {
                assert!(s.iter().any(|v| v == line.trim()), "a body line is hidden");
            }
        }
    }

    #[test]
    fn the_authenticator_judges_the_values_as_typed() {
        // Used cleaned, judged as typed: the pasted quotes are what the credentials check warns of.
        let c = M2mCredentials::new(
            format!("\"{}\"", "a".repeat(64)),
            " cert-id ",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        );
        let m = M2m::new(&c);
        let issues = m.shape_issues();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["client id", "certificate id"], "{issues:?}");
        assert_eq!(m.certificate_id(), "cert-id");
    }

    #[test]
    fn an_empty_value_may_break_the_login_and_odd_characters_are_named() {
        let c = M2mCredentials::new(
            "",
            "cert$id",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        );
        let issues = shape(&c);
        let client = issues.iter().find(|i| i.field == "client id").unwrap();
        assert_eq!(client.level, ShapeLevel::Error);
        assert!(client.may_break_login, "an error may break the login");
        let kid = issues.iter().find(|i| i.field == "certificate id").unwrap();
        assert_eq!(kid.level, ShapeLevel::Warning);
        assert!(!kid.may_break_login, "a warning does not");
        assert!(
            kid.message.contains("characters other than"),
            "{}",
            kid.message
        );
        // A 43-character base64url id is fine.
        let c = M2mCredentials::new(
            "a".repeat(64),
            "-QjavVtnzeAPA_QdffgnTh9yPy6LbSGOYqNeJqtbKgU",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        );
        assert_eq!(shape(&c), Vec::new());
    }
}
