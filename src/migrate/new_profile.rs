//! Saving the new OAuth 2.0 profile. The `m2m` profile kind (private key in the secret store or a
//! key-file reference) belongs to the profile store; until it lands there, the migration keeps
//! the new connection's non-secret facts in its progress file (certificate id, key file, scopes)
//! and rebuilds the credentials from them and the TBA profile, so nothing here stores secrets of
//! its own. This is the one function to change when the store gains M2M profiles.

use crate::netsuite::oauth2::M2mCredentials;
use crate::profile::ProfileStore;

/// What saving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved as profile NAME.
    Profile(String),
    /// The store cannot hold M2M profiles yet: the values to use instead (environment variables).
    NotYet(String),
}

/// Saves `m2m` on `account` as profile `name` in `store`, when the store can.
pub fn save(_store: &ProfileStore, name: &str, _account: &str, m2m: &M2mCredentials) -> Saved {
    let key = m2m
        .key_file
        .as_ref()
        .map_or_else(|| "<the key file>".to_string(), |p| p.display().to_string());
    Saved::NotYet(format!(
        "profiles cannot hold M2M credentials in this build yet, so {name:?} was not saved; \
         use NETSUITE_CLIENT_ID (the integration record's Client ID), \
         NETSUITE_CERTIFICATE_ID={} and NETSUITE_PRIVATE_KEY_FILE={key} with `nstba test --auth m2m`",
        m2m.certificate_id
    ))
}
