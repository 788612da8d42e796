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

/// The access token of a run, once the token endpoint issued one, and every token value the run
/// was issued (a token dropped or replaced may still be echoed in an answer already kept).
#[derive(Default)]
pub(super) struct KeptToken(Mutex<Tokens>);

#[derive(Default)]
struct Tokens {
    kept: Option<Kept>,
    issued: Vec<String>,
}

impl KeptToken {
    fn guard(&self) -> std::sync::MutexGuard<'_, Tokens> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `t`'s access token for its lifetime minus the margin (at most half of it).
    pub(super) fn keep(&self, t: &TokenResponse) {
        self.keep_at(t, Instant::now());
    }

    /// [`keep`](Self::keep) as issued at `now` (tests pass their own instants).
    fn keep_at(&self, t: &TokenResponse, now: Instant) {
        let life = Duration::from_secs(t.expires_in);
        let mut tokens = self.guard();
        tokens.kept = Some(Kept {
            token: t.access_token.clone(),
            until: now + life - EXPIRY_MARGIN.min(life / 2),
        });
        let value = t.access_token.expose();
        if !tokens.issued.iter().any(|v| v == value) {
            tokens.issued.push(value.to_string());
        }
    }

    /// The token while it is usable.
    pub(super) fn get(&self) -> Option<Secret> {
        self.get_at(Instant::now())
    }

    /// [`get`](Self::get) at `now`.
    fn get_at(&self, now: Instant) -> Option<Secret> {
        let mut tokens = self.guard();
        if tokens.kept.as_ref().is_some_and(|k| now >= k.until) {
            tokens.kept = None;
        }
        tokens.kept.as_ref().map(|k| k.token.clone())
    }

    /// Every token value issued in this run, for the redaction list.
    pub(super) fn secrets(&self) -> Vec<String> {
        self.guard().issued.clone()
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

    pub(super) fn answer(expires_in: u64) -> TokenResponse {
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

#[cfg(test)]
mod mutation_tests {
    use super::tests::answer;
    use super::*;

    /// Whether a token issued at `t0` for `life` seconds is still used `after` seconds later.
    fn used(life: u64, after: u64) -> bool {
        let t0 = Instant::now();
        let k = KeptToken::default();
        k.keep_at(&answer(life), t0);
        k.get_at(t0 + Duration::from_secs(after)).is_some()
    }

    #[test]
    fn a_token_is_dropped_five_minutes_before_it_lapses() {
        assert!(used(3600, 0));
        assert!(used(3600, 3299));
        assert!(!used(3600, 3300), "300 s before NetSuite's expiry");
        assert!(!used(3600, 3601));
    }

    #[test]
    fn a_short_lived_token_is_used_for_half_its_life() {
        // The margin is at most half the life: a 400 s token is used for 200 s, not 100.
        assert!(used(400, 199));
        assert!(!used(400, 200));
        assert!(!used(0, 0));
    }

    #[test]
    fn a_dropped_or_replaced_token_stays_hidden() {
        let t0 = Instant::now();
        let k = KeptToken::default();
        assert!(k.secrets().is_empty());
        k.keep_at(&answer(600), t0);
        assert!(k.get_at(t0 + Duration::from_secs(301)).is_none());
        assert!(
            k.get_at(t0).is_none(),
            "not brought back by an earlier clock"
        );
        assert_eq!(k.secrets(), ["tok-0123456789"], "dropped, still hidden");
        let mut next = answer(600);
        next.access_token = Secret::from("tok-second-98765");
        k.keep_at(&next, t0);
        k.keep_at(&next, t0);
        assert_eq!(k.get_at(t0).unwrap().expose(), "tok-second-98765");
        assert_eq!(k.secrets(), ["tok-0123456789", "tok-second-98765"]);
    }
}
