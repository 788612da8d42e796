//! TBA (OAuth 1.0a): every request freshly signed with the consumer and token secrets, the realm
//! the canonical account id; SOAP with a token passport.

use super::{AuthError, Authenticator, Target};
use crate::check::credential_shape::{self, ShapeIssue};
use crate::netsuite::oauth::{SignInput, sign};
use crate::netsuite::soap::{PassportInput, sign_passport};
use crate::netsuite::{AccountId, Credentials};

/// Shorter values are not redacted: they would blank out ordinary words of a server's answer.
const REDACT_MIN_CHARS: usize = 8;

/// The four values as typed and as cleaned for signing, each at most once.
pub fn secrets(typed: &Credentials) -> Vec<String> {
    let cleaned = credential_shape::cleaned_credentials(typed);
    let (t, c) = (typed, &cleaned);
    let mut out: Vec<String> = Vec::new();
    for v in [
        t.consumer_key.expose(),
        t.token_id.expose(),
        c.consumer_key.expose(),
        c.token_id.expose(),
        t.consumer_secret.expose(),
        t.token_secret.expose(),
        c.consumer_secret.expose(),
        c.token_secret.expose(),
    ] {
        if v.chars().count() >= REDACT_MIN_CHARS && !out.iter().any(|h| h == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// The TBA authenticator: the values as typed (for redaction and shape) and cleaned (for signing).
pub struct Tba {
    realm: String,
    typed: Credentials,
    cleaned: Credentials,
}

impl Tba {
    /// For `credentials` (as typed; surrounding spaces and quotes are removed for signing).
    pub fn new(account: &AccountId, credentials: &Credentials) -> Tba {
        Tba {
            realm: account.realm(),
            typed: credentials.clone(),
            cleaned: credential_shape::cleaned_credentials(credentials),
        }
    }
}

impl Authenticator for Tba {
    fn secrets(&self) -> Vec<String> {
        secrets(&self.typed)
    }

    fn present(&self) -> &'static str {
        "4 values present in the usual form"
    }

    fn shape_issues(&self) -> Vec<ShapeIssue> {
        credential_shape::check(&self.typed)
    }

    fn authorize(
        &self,
        req: reqwest::RequestBuilder,
        target: Target<'_>,
    ) -> Result<reqwest::RequestBuilder, AuthError> {
        let c = &self.cleaned;
        let signed = sign(&SignInput {
            method: target.method,
            url: target.url,
            form: &[],
            consumer_key: c.consumer_key.expose(),
            consumer_secret: c.consumer_secret.expose(),
            token: Some(c.token_id.expose()),
            token_secret: c.token_secret.expose(),
            realm: Some(&self.realm),
            extra: &[],
            nonce: None,
            timestamp: None,
        })?;
        Ok(req.header("Authorization", signed.authorization))
    }

    fn soap_server_time(&self) -> Result<String, AuthError> {
        let c = &self.cleaned;
        let passport = sign_passport(&PassportInput {
            account: &self.realm,
            consumer_key: c.consumer_key.expose(),
            consumer_secret: c.consumer_secret.expose(),
            token: c.token_id.expose(),
            token_secret: c.token_secret.expose(),
            nonce: None,
            timestamp: None,
        })?;
        Ok(passport.get_server_time_envelope())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_cover_typed_and_cleaned_values_and_skip_short_ones() {
        let a = AccountId::parse("1234567_SB1").unwrap();
        let c = Credentials::new(
            " \"ck-0123456789\" ",
            "cs-0123456789",
            "tk",
            "ts-0123456789",
        );
        let t = Tba::new(&a, &c);
        let s = t.secrets();
        assert!(s.contains(&"ck-0123456789".to_string()));
        assert!(s.iter().any(|v| v.contains("\"ck-0123456789\"")));
        assert!(!s.contains(&"tk".to_string()));
        assert!(!t.shape_issues().is_empty());
    }
}
