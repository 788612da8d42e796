//! An authorization-code profile for the commands that use one (`nstba test`/`report
//! --profile NAME`, `nstba login --revoke`): loaded from the profile store with a store handle
//! that saves every rotated refresh token back into the profile. `NETSUITE_CLIENT_SECRET`, when
//! set, replaces the saved client secret (the environment wins, as for the other kinds).

use nstba::Secret;
use nstba::check::auth::Credentials;
use nstba::netsuite::oauth2::authcode::AuthCodeCredentials;
use nstba::netsuite::oauth2::authcode::credentials::CLIENT_SECRET_ENV;
use nstba::profile::{Profile, ProfileError, ProfileStore};

use super::{CliError, env};

/// The profile `name` and its credentials (usage errors exit 2 and name the profile).
pub fn load(store: &ProfileStore, name: &str) -> Result<(Profile, AuthCodeCredentials), CliError> {
    let (profile, mut c) = store.authcode_credentials(name).map_err(|e| match e {
        ProfileError::NotFound(_) => CliError::usage(format!(
            "no profile named {name:?}: sign in with nstba login --profile {name}"
        )),
        other => CliError::usage(format!("profile {name:?}: {other}")),
    })?;
    if let Some(secret) = env::var(CLIENT_SECRET_ENV) {
        c.client_secret = Some(Secret::new(secret));
    }
    Ok((profile, c))
}

/// The account and credentials of `nstba test --profile NAME` for an authorization-code profile.
pub fn test_credentials(profile: Option<&str>) -> Result<(String, Credentials), CliError> {
    let name = profile.ok_or_else(|| {
        CliError::usage(
            "--auth authcode needs a saved login: nstba login --profile NAME, then --profile NAME",
        )
    })?;
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    let (profile, c) = load(&store, name)?;
    Ok((profile.account, Credentials::AuthCode(c)))
}
