//! Saving the new OAuth 2.0 profile: an `m2m` profile in the same store as the TBA profile it
//! replaces (private key in the secret store, or the key file the migration generated kept as a
//! reference), so `nstba test --profile NEW` works without any variable.

use crate::check::Settings;
use crate::check::auth::Credentials;
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
