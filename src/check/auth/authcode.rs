//! OAuth 2.0 authorization code (a person's login, then refresh tokens): the `key` check is the
//! local look at the refresh token's validity (it warns before the token ends), the
//! `token-request` check is a refresh (`grant_type=refresh_token`, the client authenticated as
//! public or confidential), and the access token it returns is used like M2M's: `Authorization:
//! Bearer` on every REST and RESTlet probe.
//!
//! A public client's refresh token is single use. The store's lock is taken before the refresh
//! token is read (another process may just have rotated it) and held until the rotated one is
//! saved; only then is the new access token kept for use. If saving fails, the access token is
//! not used: the profile would otherwise hold a spent refresh token without anyone noticing.

use std::sync::Mutex;

use super::bearer::{self, Hidden, KeptToken};
use super::{AuthError, Authenticator, Target, TokenSource};
use crate::Secret;
use crate::check::credential_shape::{ShapeIssue, ShapeLevel, cleaned};
use crate::netsuite::cert::Severity;
use crate::netsuite::cert::checks::{Finding, Report};
use crate::netsuite::oauth2::TokenResponse;
use crate::netsuite::oauth2::authcode::store::{SavedGrant, StoreLock};
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, ValidityStatus};

/// Every value of `c` that must never be shown.
pub fn secrets(c: &AuthCodeCredentials) -> Vec<String> {
    let mut out = Hidden::default();
    out.add(c.client_id.expose());
    out.add(cleaned(c.client_id.expose()));
    if let Some(s) = &c.client_secret {
        out.add(s.expose());
    }
    out.add(c.refresh_token.expose());
    out.into_vec()
}

/// The authorization-code authenticator.
pub struct AuthCode {
    typed: AuthCodeCredentials,
    /// The refresh token in use (the latest one read from the store, then the rotated one).
    refresh: Mutex<SavedGrant>,
    kept: KeptToken,
    /// Held from reading the refresh token to saving the rotated one.
    lock: Mutex<Option<StoreLock>>,
    /// Why the rotated refresh token could not be saved, if it could not.
    save_error: Mutex<Option<String>>,
}

fn guard<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AuthCode {
    /// For `c`.
    pub fn new(c: &AuthCodeCredentials) -> AuthCode {
        AuthCode {
            typed: c.clone(),
            refresh: Mutex::new(SavedGrant {
                refresh_token: c.refresh_token.clone(),
                validity: c.validity,
            }),
            kept: KeptToken::default(),
            lock: Mutex::new(None),
            save_error: Mutex::new(None),
        }
    }

    /// Why the rotated refresh token could not be saved (then the access token was not used).
    pub fn save_error(&self) -> Option<String> {
        guard(&self.save_error).clone()
    }

    /// The refresh token and validity now current (after a rotation, the new ones).
    pub fn current(&self) -> SavedGrant {
        guard(&self.refresh).clone()
    }
}

impl Authenticator for AuthCode {
    fn secrets(&self) -> Vec<String> {
        let mut s = secrets(&self.typed);
        s.push(guard(&self.refresh).refresh_token.expose().to_string());
        s.extend(self.kept.secrets());
        s
    }

    fn present(&self) -> &'static str {
        "client id, refresh token and scopes present"
    }

    fn shape_issues(&self) -> Vec<ShapeIssue> {
        let mut out = Vec::new();
        for (field, v) in [
            ("client id", self.typed.client_id.expose()),
            ("refresh token", self.typed.refresh_token.expose()),
        ] {
            if cleaned(v).is_empty() {
                out.push(ShapeIssue {
                    field: field.into(),
                    level: ShapeLevel::Error,
                    message: format!("the {field} is empty: run `nstba login` first"),
                    may_break_login: true,
                });
            }
        }
        out
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

impl TokenSource for AuthCode {
    fn preflight(&self, now: i64) -> Report {
        let v = guard(&self.refresh).validity;
        let (severity, message) = match v.status(now) {
            ValidityStatus::Valid { until } => (
                Severity::Ok,
                format!(
                    "refresh token valid until {} (tracked locally)",
                    crate::netsuite::cert::checks::rfc3339(until)
                ),
            ),
            _ => (Severity::Warning, v.warning(now).unwrap_or_default()),
        };
        Report {
            ok: true,
            key: None,
            certificate: None,
            findings: vec![Finding {
                id: "refresh-token",
                severity,
                code: None,
                message,
            }],
        }
    }

    fn token_request(&self, _token_url: &str, _now: i64) -> Result<Secret, AuthError> {
        if let Some(store) = &self.typed.store {
            let lock = store.0.lock().map_err(AuthError::Key)?;
            *guard(&self.lock) = Some(lock);
            // Another process may have rotated the token since this run started.
            if let Some(latest) = store.0.load().map_err(AuthError::Key)? {
                *guard(&self.refresh) = latest;
            }
        }
        let refresh = guard(&self.refresh).refresh_token.clone();
        Ok(self.typed.client_auth().refresh(&refresh).body)
    }

    fn token_request_authorization(&self) -> Option<Secret> {
        self.typed
            .client_auth()
            .refresh(&Secret::default())
            .authorization
    }

    fn keep(&self, t: &TokenResponse) {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if let Some(rotated) = &t.refresh_token {
            let grant = SavedGrant {
                refresh_token: rotated.clone(),
                validity: guard(&self.refresh).validity.rotated(now),
            };
            let saved = match &self.typed.store {
                Some(store) => store.0.save(&grant),
                None => Ok(()),
            };
            *guard(&self.refresh) = grant;
            if let Err(e) = saved {
                *guard(&self.save_error) = Some(e);
                *guard(&self.lock) = None;
                return;
            }
        }
        *guard(&self.lock) = None;
        self.kept.keep(t);
    }

    fn token(&self) -> Option<Secret> {
        self.kept.get()
    }

    fn scopes(&self) -> Vec<String> {
        self.typed.scopes.clone()
    }

    fn certificate_id(&self) -> String {
        String::new()
    }

    fn refreshes(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::netsuite::oauth2::authcode::RefreshValidity;
    use crate::netsuite::oauth2::authcode::store::{MemoryStore, RefreshStore, StoreHandle};

    fn creds(store: Option<StoreHandle>) -> AuthCodeCredentials {
        AuthCodeCredentials {
            client_id: Secret::from("client-id-0123456789"),
            client_secret: None,
            refresh_token: Secret::from("refresh-one-0123456789"),
            scopes: vec!["rest_webservices".into()],
            redirect_uri: "https://localhost:8899/callback".into(),
            validity: RefreshValidity::new(true, time::OffsetDateTime::now_utc().unix_timestamp()),
            company: None,
            role: None,
            entity: None,
            store,
        }
    }

    fn answer(rotated: Option<&str>) -> TokenResponse {
        TokenResponse {
            access_token: Secret::from("access-0123456789"),
            expires_in: 3600,
            token_type: "bearer".into(),
            refresh_token: rotated.map(Secret::from),
        }
    }

    #[test]
    fn refresh_reads_the_latest_token_and_saves_the_rotated_one_before_use() {
        let store = Arc::new(MemoryStore::new(None));
        let a = AuthCode::new(&creds(Some(StoreHandle(store.clone()))));
        // Another process rotated the token meanwhile.
        store
            .save(&SavedGrant {
                refresh_token: Secret::from("refresh-two-0123456789"),
                validity: RefreshValidity::new(true, 0),
            })
            .unwrap();
        let body = a.token_request("u", 0).unwrap();
        assert_eq!(
            body.expose(),
            "grant_type=refresh_token&refresh_token=refresh-two-0123456789&client_id=client-id-0123456789"
        );
        assert!(a.token_request_authorization().is_none());
        a.keep(&answer(Some("refresh-three-0123456789")));
        assert_eq!(
            store.load().unwrap().unwrap().refresh_token.expose(),
            "refresh-three-0123456789"
        );
        assert_eq!(a.token().unwrap().expose(), "access-0123456789");
        // The lock was released.
        drop(store.lock().unwrap());
        let s = a.secrets();
        assert!(s.contains(&"refresh-three-0123456789".to_string()));
        assert!(s.contains(&"access-0123456789".to_string()));
    }

    struct FailingSave;
    impl RefreshStore for FailingSave {
        fn lock(&self) -> Result<StoreLock, String> {
            Ok(Box::new(()))
        }
        fn load(&self) -> Result<Option<SavedGrant>, String> {
            Ok(None)
        }
        fn save(&self, _: &SavedGrant) -> Result<(), String> {
            Err("disk full".into())
        }
    }

    #[test]
    fn an_unsaved_rotation_means_the_access_token_is_not_used() {
        let a = AuthCode::new(&creds(Some(StoreHandle(Arc::new(FailingSave)))));
        a.token_request("u", 0).unwrap();
        a.keep(&answer(Some("refresh-three-0123456789")));
        assert!(a.token().is_none());
        assert_eq!(a.save_error().as_deref(), Some("disk full"));
        // A confidential client's refresh brings no new refresh token: nothing to save.
        let b = AuthCode::new(&creds(None));
        b.keep(&answer(None));
        assert!(b.token().is_some());
    }

    #[test]
    fn preflight_warns_before_the_refresh_token_ends() {
        let mut c = creds(None);
        c.validity = RefreshValidity::new(true, 0);
        let r = AuthCode::new(&c).preflight(47 * 3600);
        assert_eq!(r.findings[0].severity, Severity::Warning);
        assert!(r.findings[0].message.contains("nstba login"));
        assert!(AuthCode::new(&c).shape_issues().is_empty());
        c.refresh_token = Secret::default();
        assert!(
            AuthCode::new(&c).shape_issues()[0]
                .message
                .contains("nstba login")
        );
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::oauth2::authcode::RefreshValidity;

    fn confidential() -> AuthCodeCredentials {
        AuthCodeCredentials {
            client_id: Secret::from(" client-id-0123456789 "),
            client_secret: Some(Secret::from("client-secret-0123456789")),
            refresh_token: Secret::from("refresh-one-0123456789"),
            scopes: vec!["rest_webservices".into()],
            redirect_uri: "https://localhost:8899/callback".into(),
            validity: RefreshValidity::new(true, 0),
            company: None,
            role: None,
            entity: None,
            store: None,
        }
    }

    #[test]
    fn the_client_id_secret_and_refresh_token_are_hidden() {
        let s = secrets(&confidential());
        for v in [
            " client-id-0123456789 ",
            "client-id-0123456789",
            "client-secret-0123456789",
            "refresh-one-0123456789",
        ] {
            assert!(s.iter().any(|h| h == v), "{v} hidden");
        }
        assert_eq!(s.len(), 4);
        let a = AuthCode::new(&confidential());
        let all = a.secrets();
        assert!(s.iter().all(|v| all.contains(v)), "the run hides them too");
    }

    #[test]
    fn a_confidential_client_refreshes_with_basic_and_soap_is_refused() {
        let mut c = confidential();
        c.client_id = Secret::from("client-id-0123456789");
        let a = AuthCode::new(&c);
        // RFC 7617, computed apart: base64("client-id-0123456789:client-secret-0123456789").
        let expected = "Basic Y2xpZW50LWlkLTAxMjM0NTY3ODk6Y2xpZW50LXNlY3JldC0wMTIzNDU2Nzg5";
        assert_eq!(
            a.token_request_authorization().as_ref().map(Secret::expose),
            Some(expected)
        );
        c.client_secret = None;
        assert!(AuthCode::new(&c).token_request_authorization().is_none());
        assert!(matches!(
            a.soap_server_time(),
            Err(AuthError::Unsupported(why)) if why.contains("SOAP")
        ));
    }

    #[test]
    fn the_diagnosis_gets_the_logins_scopes_and_no_certificate() {
        let mut c = confidential();
        c.scopes = vec!["rest_webservices".into(), "restlets".into()];
        let a = AuthCode::new(&c);
        // A refused refresh is explained against the scopes the login asked for.
        assert_eq!(a.scopes(), ["rest_webservices", "restlets"]);
        // A login has no certificate: no diagnosis may name one.
        assert_eq!(a.certificate_id(), "");
        assert!(a.refreshes());
    }
}
