//! What both OAuth 2.0 authenticators (M2M and authorization code) share once the token
//! endpoint answered: the access token kept until shortly before it lapses, `Authorization:
//! Bearer` on every REST and RESTlet request, SOAP refused (it takes TBA only, reference §1.5),
//! and the list of values a report must hide.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::AuthError;
use crate::Secret;
use crate::netsuite::oauth2::TokenResponse;

/// Shorter values are not redacted: they would blank out ordinary words of a server's answer.
const REDACT_MIN_CHARS: usize = 8;

/// A kept token is dropped this long before NetSuite's expiry (at most), so no request is sent
/// with a token about to lapse (an expired token is a plain INVALID_LOGIN: `AccessTokenExpired`).
const EXPIRY_MARGIN: Duration = Duration::from_secs(300);

/// A token and when it stops being used.
struct Kept {
    token: Secret,
    until: Instant,
}

/// The access token of a run, once the token endpoint issued one.
#[derive(Default)]
pub(super) struct KeptToken(Mutex<Option<Kept>>);

impl KeptToken {
    fn guard(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `t`'s access token for its lifetime minus the margin (at most half of it).
    pub(super) fn keep(&self, t: &TokenResponse) {
        let life = Duration::from_secs(t.expires_in);
        *self.guard() = Some(Kept {
            token: t.access_token.clone(),
            until: Instant::now() + life - EXPIRY_MARGIN.min(life / 2),
        });
    }

    /// The token while it is usable.
    pub(super) fn get(&self) -> Option<Secret> {
        let mut kept = self.guard();
        if kept.as_ref().is_some_and(|k| Instant::now() >= k.until) {
            *kept = None;
        }
        kept.as_ref().map(|k| k.token.clone())
    }

    /// The kept token's value, for the redaction list.
    pub(super) fn secret(&self) -> Option<String> {
        self.guard().as_ref().map(|k| k.token.expose().to_string())
    }
}

/// `req` with `Authorization: Bearer <token>`; no token yet is [`AuthError::NoToken`].
pub(super) fn authorize(
    req: reqwest::RequestBuilder,
    token: Option<Secret>,
) -> Result<reqwest::RequestBuilder, AuthError> {
    let token = token.ok_or(AuthError::NoToken)?;
    Ok(req.header("Authorization", format!("Bearer {}", token.expose())))
}

/// SOAP's answer for every OAuth 2.0 kind.
pub(super) fn soap_refused() -> Result<String, AuthError> {
    Err(AuthError::Unsupported(
        "SOAP web services do not accept OAuth 2.0 (TBA only)",
    ))
}

/// Values to hide, each once, none too short to hide safely.
#[derive(Default)]
pub(super) struct Hidden(Vec<String>);

impl Hidden {
    /// Adds `v` when it is long enough and not yet listed.
    pub(super) fn add(&mut self, v: &str) {
        if v.chars().count() >= REDACT_MIN_CHARS && !self.0.iter().any(|h| h == v) {
            self.0.push(v.to_string());
        }
    }

    /// The list.
    pub(super) fn into_vec(self) -> Vec<String> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(expires_in: u64) -> TokenResponse {
        TokenResponse {
            access_token: Secret::from("tok-0123456789"),
            expires_in,
            token_type: "bearer".into(),
            refresh_token: None,
        }
    }

    #[test]
    fn a_token_is_used_until_shortly_before_it_lapses() {
        let k = KeptToken::default();
        assert!(k.get().is_none());
        k.keep(&answer(3600));
        assert_eq!(k.get().unwrap().expose(), "tok-0123456789");
        k.keep(&answer(0));
        assert!(k.get().is_none());
        let mut h = Hidden::default();
        for v in ["short", "long-enough-value", "long-enough-value"] {
            h.add(v);
        }
        assert_eq!(h.into_vec(), ["long-enough-value"]);
        assert!(matches!(soap_refused(), Err(AuthError::Unsupported(_))));
    }
}
