//! An authorization-code profile as a run sees it: `nstba login --profile` saves the login
//! ([`ProfileStore::save_login`]: refresh token and client secret to the secret store, the rest —
//! scopes, redirect URI, the record's validity settings, who logged in — to `profiles.toml`), and
//! a run loads it back as [`AuthCodeCredentials`] ([`ProfileStore::authcode_credentials`]) whose
//! rotated refresh tokens go back into the profile through [`ProfileRefreshStore`].
//!
//! The refresh lock is a file of its own per profile (`.refresh-NAME.lock`), not the directory
//! lock: it is held across the network refresh (up to the request timeout), and the save inside
//! it ([`ProfileStore::replace_refresh_token`]) takes the directory lock itself.

use std::fs::File;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::error::{ProfileError, Result};
use super::kind::{AuthcodeFacts, AuthcodeSecrets, ProfileAuth, ProfileSecrets};
use super::model::{Profile, SaveOutcome, validate_name};
use super::store::ProfileStore;
use crate::check::Api;
use crate::netsuite::oauth2::authcode::store::{RefreshStore, SavedGrant, StoreLock};
use crate::netsuite::oauth2::authcode::validity::{
    CONFIDENTIAL_VALIDITY_HOURS, PUBLIC_VALIDITY_HOURS, ROTATION_WINDOW_HOURS,
};
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity, StoreHandle};

/// How long a refresh waits for another process's refresh of the same profile.
const REFRESH_LOCK_WAIT: Duration = Duration::from_secs(30);

/// The facts a login leaves in `profiles.toml`.
fn facts_of(c: &AuthCodeCredentials) -> AuthcodeFacts {
    let v = &c.validity;
    AuthcodeFacts {
        scopes: c.scopes.clone(),
        redirect_uri: c.redirect_uri.clone(),
        refresh_issued_unix: Some(v.issued),
        refresh_expires_unix: Some(v.expires_at()),
        validity_hours: Some(v.validity_hours),
        rotation_hours: Some(v.rotation_window_hours),
        login_unix: Some(v.chain_started),
        company: c.company.clone(),
        role: c.role.clone(),
        entity: c.entity.clone(),
    }
}

/// The validity the facts describe (defaults for what a hand-written profile leaves out).
fn validity_of(f: &AuthcodeFacts, public: bool, now: i64) -> RefreshValidity {
    let default_hours = if public {
        PUBLIC_VALIDITY_HOURS
    } else {
        CONFIDENTIAL_VALIDITY_HOURS
    };
    let chain_started = f.login_unix.or(f.refresh_issued_unix).unwrap_or(now);
    RefreshValidity {
        public,
        validity_hours: f.validity_hours.unwrap_or(default_hours),
        rotation_window_hours: f.rotation_hours.unwrap_or(ROTATION_WINDOW_HOURS),
        chain_started,
        issued: f.refresh_issued_unix.unwrap_or(chain_started),
    }
}

impl ProfileStore {
    /// Saves a login as the authorization-code profile `name` in `account`, keeping what an
    /// existing profile of that name knows (notes; the interfaces unless `apis` names some). The
    /// refresh token and the client secret go to the secret store; nothing secret goes to
    /// `profiles.toml`. Save the *current* refresh token: a public client's rotates on every use.
    pub fn save_login(
        &self,
        name: &str,
        account: &str,
        c: &AuthCodeCredentials,
        apis: Vec<Api>,
    ) -> Result<SaveOutcome> {
        let secrets = ProfileSecrets::Authcode(AuthcodeSecrets {
            client_id: c.client_id.clone(),
            client_secret: c.client_secret.clone(),
            refresh_token: c.refresh_token.clone(),
        });
        let auth = ProfileAuth::Authcode(facts_of(c));
        self.save_merged_kind(name, account, auth, &secrets, |p| {
            if !apis.is_empty() {
                p.apis = apis;
            }
        })
    }

    /// An authorization-code profile as the credentials of a run, with a store handle that saves
    /// every rotated refresh token back into this profile.
    pub fn authcode_credentials(&self, name: &str) -> Result<(Profile, AuthCodeCredentials)> {
        let (profile, facts, secrets) = self.load_authcode(name)?;
        let public = secrets.client_secret.is_none();
        let now = super::clock::now_unix();
        let c = AuthCodeCredentials {
            client_id: secrets.client_id,
            client_secret: secrets.client_secret,
            refresh_token: secrets.refresh_token,
            scopes: facts.scopes.clone(),
            redirect_uri: facts.redirect_uri.clone(),
            validity: validity_of(&facts, public, now),
            company: facts.company,
            role: facts.role,
            entity: facts.entity,
            store: Some(StoreHandle(Arc::new(ProfileRefreshStore {
                store: self.clone(),
                name: name.to_string(),
            }))),
        };
        Ok((profile, c))
    }
}

/// Where a run's rotated refresh tokens go: back into the profile they came from.
#[derive(Debug, Clone)]
pub struct ProfileRefreshStore {
    store: ProfileStore,
    name: String,
}

impl ProfileRefreshStore {
    /// The store of profile `name`.
    pub fn new(store: ProfileStore, name: &str) -> Result<ProfileRefreshStore> {
        validate_name(name)?;
        Ok(ProfileRefreshStore {
            store,
            name: name.to_string(),
        })
    }
}

/// A held refresh lock; released when the file closes.
struct RefreshLock(#[allow(dead_code)] File);

impl RefreshStore for ProfileRefreshStore {
    fn lock(&self) -> std::result::Result<StoreLock, String> {
        validate_name(&self.name).map_err(|e| e.to_string())?;
        super::files::ensure_dir(self.store.dir()).map_err(|e| e.to_string())?;
        let path = self
            .store
            .dir()
            .join(format!(".refresh-{}.lock", self.name));
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let deadline = Instant::now() + REFRESH_LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Box::new(RefreshLock(file))),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "another nstba has been refreshing profile {} for {} s ({} is locked)",
                        self.name,
                        REFRESH_LOCK_WAIT.as_secs(),
                        path.display()
                    ));
                }
                // A file system that cannot lock: go ahead, as the profile store does.
                Err(std::fs::TryLockError::Error(_)) => return Ok(Box::new(())),
            }
        }
    }

    fn load(&self) -> std::result::Result<Option<SavedGrant>, String> {
        match self.store.load_authcode(&self.name) {
            Ok((_, facts, secrets)) => {
                let public = secrets.client_secret.is_none();
                let now = super::clock::now_unix();
                Ok(Some(SavedGrant {
                    refresh_token: secrets.refresh_token,
                    validity: validity_of(&facts, public, now),
                }))
            }
            Err(ProfileError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn save(&self, grant: &SavedGrant) -> std::result::Result<(), String> {
        let v = &grant.validity;
        self.store
            .replace_refresh_token(
                &self.name,
                &grant.refresh_token,
                v.issued,
                Some(v.expires_at()),
            )
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use crate::profile::SecretStoreKind;

    fn login() -> AuthCodeCredentials {
        AuthCodeCredentials {
            client_id: Secret::from("client-id-0123456789"),
            client_secret: None,
            refresh_token: Secret::from("refresh-one-0123456789"),
            scopes: vec!["rest_webservices".into(), "restlets".into()],
            redirect_uri: "https://localhost:8899/callback".into(),
            validity: RefreshValidity::new(true, 1_800_000_000).with_hours(Some(24), None),
            company: Some("1234567_SB1".into()),
            role: Some("3".into()),
            entity: Some("-5".into()),
            store: None,
        }
    }

    #[test]
    fn a_saved_login_loads_back_and_rotations_land_in_the_profile() {
        let dir = tempfile::tempdir().unwrap();
        let s = ProfileStore::open(dir.path().to_path_buf())
            .unwrap()
            .with_secret_store(SecretStoreKind::File);
        s.save_login("p", "1234567_sb1", &login(), Vec::new())
            .unwrap();
        let (p, c) = s.authcode_credentials("p").unwrap();
        assert_eq!(p.account, "1234567_SB1");
        assert_eq!(c.refresh_token.expose(), "refresh-one-0123456789");
        assert_eq!(
            (c.role.as_deref(), c.entity.as_deref()),
            (Some("3"), Some("-5"))
        );
        assert_eq!(c.validity, login().validity);
        let store = c.store.unwrap();
        let held = store.0.lock().unwrap();
        store
            .0
            .save(&SavedGrant {
                refresh_token: Secret::from("refresh-two-0123456789"),
                validity: c.validity.rotated(1_800_003_600),
            })
            .unwrap();
        drop(held);
        let again = store.0.load().unwrap().unwrap();
        assert_eq!(again.refresh_token.expose(), "refresh-two-0123456789");
        assert_eq!(again.validity.issued, 1_800_003_600);
        let toml = std::fs::read_to_string(s.profiles_path()).unwrap();
        assert!(toml.contains("refresh_token_validity_hours = 24"), "{toml}");
        assert!(toml.contains("role = \"3\""), "{toml}");
        for secret in ["refresh-", "client-id-0123456789"] {
            assert!(!toml.contains(secret), "{toml}");
        }
    }

    #[test]
    fn the_wizard_saves_a_login_through_save_settings() {
        let dir = tempfile::tempdir().unwrap();
        let s = ProfileStore::open(dir.path().to_path_buf())
            .unwrap()
            .with_secret_store(SecretStoreKind::File);
        let mut settings = crate::check::Settings::new(
            "1234567",
            crate::check::auth::Credentials::AuthCode(login()),
        );
        settings.apis = vec![Api::Rest, Api::Restlet];
        s.save_settings("w", &settings).unwrap();
        let (p, c) = s.authcode_credentials("w").unwrap();
        assert_eq!(p.apis, [Api::Rest, Api::Restlet]);
        assert_eq!(c.refresh_token.expose(), "refresh-one-0123456789");
    }

    #[test]
    fn the_refresh_lock_is_exclusive_between_holders() {
        let dir = tempfile::tempdir().unwrap();
        let s = ProfileStore::open(dir.path().to_path_buf()).unwrap();
        let a = ProfileRefreshStore::new(s.clone(), "p").unwrap();
        let held = a.lock().unwrap();
        let path = dir.path().join(".refresh-p.lock");
        let other = File::options().write(true).open(&path).unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
        assert!(ProfileRefreshStore::new(s, "../x").is_err());
    }
}
