//! Saving the new OAuth 2.0 profile: an `m2m` profile in the same store as the TBA profile it
//! replaces (private key in the secret store, or the key file the migration generated kept as a
//! reference), so `nstba test --profile NEW` works without any variable.

use super::state::{MigrationState, Target};
use crate::check::auth::Credentials;
use crate::check::{AuthKind, Settings};
use crate::netsuite::oauth2::M2mCredentials;
use crate::profile::ProfileStore;

/// What saving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved as profile NAME.
    Profile(String),
    /// The store refused: why, and the values to use instead (environment variables).
    NotYet(String),
}

/// Saves `m2m` on `account` as profile `name` in `store`.
pub fn save(store: &ProfileStore, name: &str, account: &str, m2m: &M2mCredentials) -> Saved {
    let settings = Settings::new(account, Credentials::M2m(m2m.clone()));
    match store.save_settings(name, &settings) {
        Ok(_) => Saved::Profile(name.to_string()),
        Err(e) => Saved::NotYet(fallback(name, m2m, &e.to_string())),
    }
}

/// The words when the profile could not be saved: the reason, then how to test without it.
fn fallback(name: &str, m2m: &M2mCredentials, why: &str) -> String {
    let key = m2m
        .key_file
        .as_ref()
        .map_or_else(|| "<the key file>".to_string(), |p| p.display().to_string());
    format!(
        "profile {name:?} was not saved ({why}); use NETSUITE_CLIENT_ID (the integration \
         record's Client ID), NETSUITE_CERTIFICATE_ID={} and NETSUITE_PRIVATE_KEY_FILE={key} \
         with `nstba test --auth m2m`",
        m2m.certificate_id
    )
}

/// Whether the migration `st` may write (or, for the authorization-code target, use) profile
/// `st.to`: never the TBA profile it moves, never a profile of someone else's. A profile of that
/// name is this migration's when it saved it (or it holds the key this migration generated or
/// was given), or, for the authorization-code target, when it is a login (the one compared).
pub fn may_use(store: &ProfileStore, st: &MigrationState) -> Result<(), String> {
    let to = &st.to;
    if *to == st.from {
        return Err(format!(
            "that is the TBA profile this migration moves (--from {}): the new OAuth 2.0 profile needs another name, such as {}",
            st.from,
            super::state::default_to(&st.from, st.target)
        ));
    }
    let Ok(p) = store.get(to) else {
        return Ok(());
    };
    let key = p.auth.m2m().and_then(|f| f.key_file.clone());
    let ours = match p.kind() {
        AuthKind::M2m => {
            st.saved_profile.as_deref() == Some(to.as_str())
                || (key.is_some() && key == st.key_file)
                || key
                    .as_ref()
                    .is_some_and(|k| generated_here(store, &st.from, k))
        }
        AuthKind::Authcode => st.target == Target::Authcode,
        AuthKind::Tba => false,
    };
    if ours {
        return Ok(());
    }
    Err(format!(
        "profile {to} already exists ({}, account {}) and this migration did not make it; it is left as it is: choose another name (--to NAME), such as {}-2",
        crate::profile::error::kind_label(p.kind()),
        p.account,
        super::state::default_to(&st.from, st.target)
    ))
}

/// A key file the migration of `from` generated (`migrations/FROM-m2m-key*.pem`).
fn generated_here(store: &ProfileStore, from: &str, key: &std::path::Path) -> bool {
    let dir = store.dir().join(super::state::DIR);
    key.parent() == Some(dir.as_path())
        && key
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{from}-m2m-key")))
}
