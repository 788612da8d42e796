//! The storage side of an authorization-code profile's life: after `nstba login` saves the profile
//! ([`ProfileStore::save_profile`] with [`ProfileAuth::Authcode`] and [`ProfileSecrets::Authcode`]),
//! every token refresh that rotates the refresh token stores the new one with
//! [`ProfileStore::replace_refresh_token`], and a run reads it back with
//! [`ProfileStore::load_authcode`].
//!
//! The replacement holds the configuration directory's lock, writes the new token to the secret
//! store (an atomic file rename, or one keychain entry set), then the dates to `profiles.toml`; if
//! that second write fails the old token is put back, so the pair never disagrees.

use super::error::{ProfileError, Result};
use super::files;
use super::kind::{AuthcodeFacts, AuthcodeSecrets, ProfileAuth, ProfileSecrets};
use super::model::Profile;
use super::store::ProfileStore;
use crate::Secret;
use crate::check::AuthKind;

impl ProfileStore {
    /// An authorization-code profile with its facts and secrets.
    pub fn load_authcode(&self, name: &str) -> Result<(Profile, AuthcodeFacts, AuthcodeSecrets)> {
        let profile = self.get(name)?;
        let wrong = |have| ProfileError::WrongKind {
            name: name.to_string(),
            have,
            wanted: AuthKind::Authcode,
        };
        let ProfileAuth::Authcode(facts) = profile.auth.clone() else {
            return Err(wrong(profile.kind()));
        };
        match self.load_secrets(name)? {
            ProfileSecrets::Authcode(s) => Ok((profile, facts, s)),
            other => Err(wrong(other.kind())),
        }
    }

    /// Replaces an authorization-code profile's refresh token and its dates (`issued_unix`, and
    /// `expires_unix` when the server said), keeping everything else. Errors leave the old token
    /// in place; the error never contains a token.
    pub fn replace_refresh_token(
        &self,
        name: &str,
        token: &Secret,
        issued_unix: i64,
        expires_unix: Option<i64>,
    ) -> Result<()> {
        super::model::validate_name(name)?;
        if token.expose().trim().is_empty() {
            return Err(ProfileError::InvalidField {
                field: "refresh token".into(),
                message: "it is empty; the token endpoint returned no refresh token".into(),
            });
        }
        let _lock = files::lock_dir(self.dir())?;
        let mut doc = self.load()?;
        let entry = self.entry(&doc, name)?;
        let store = entry.store;
        if entry.profile.kind() != AuthKind::Authcode {
            return Err(ProfileError::WrongKind {
                name: name.to_string(),
                have: entry.profile.kind(),
                wanted: AuthKind::Authcode,
            });
        }
        let old = self.read_secrets(name, store, AuthKind::Authcode)?;
        let mut new = match &old {
            ProfileSecrets::Authcode(s) => s.clone(),
            other => {
                return Err(ProfileError::WrongKind {
                    name: name.to_string(),
                    have: other.kind(),
                    wanted: AuthKind::Authcode,
                });
            }
        };
        new.refresh_token = token.clone();
        self.put_secrets(name, store, &ProfileSecrets::Authcode(new))?;
        if let Some(e) = doc.profiles.get_mut(name)
            && let ProfileAuth::Authcode(f) = &mut e.profile.auth
        {
            f.refresh_issued_unix = Some(issued_unix);
            f.refresh_expires_unix = expires_unix;
        }
        if let Err(e) = self.write(&doc) {
            let _ = self.put_secrets(name, store, &old);
            return Err(e);
        }
        Ok(())
    }
}
