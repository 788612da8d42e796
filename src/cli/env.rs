//! Credentials from the `NETSUITE_*` environment variables (secrets are never flags: they would
//! show in `ps` and shell history).

use nstba::Secret;
use nstba::netsuite::Credentials;
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};

use super::Failure;

/// Reads one variable, treating empty as missing.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The account id from `NETSUITE_ACCOUNT_ID`, if set.
pub fn account() -> Option<String> {
    var(ACCOUNT_ENV)
}

/// The four credentials from the environment; a missing one is a usage error naming the variable.
pub fn credentials() -> Result<Credentials, Failure> {
    let mut values: Vec<Secret> = Vec::with_capacity(4);
    let mut missing = Vec::new();
    for (label, name) in FIELDS {
        match var(name) {
            Some(v) => values.push(Secret::new(v)),
            None => {
                missing.push(format!("{name} ({label})"));
                values.push(Secret::default());
            }
        }
    }
    if !missing.is_empty() {
        return Err(Failure::usage(format!(
            "missing credential: set {} in the environment (secrets are never accepted as flags)",
            missing.join(", ")
        )));
    }
    let mut it = values.into_iter();
    Ok(Credentials {
        consumer_key: it.next().unwrap_or_default(),
        consumer_secret: it.next().unwrap_or_default(),
        token_id: it.next().unwrap_or_default(),
        token_secret: it.next().unwrap_or_default(),
    })
}

/// The account (as typed) and credentials for `test`/`report`: from the profile NAME when given,
/// with each `NETSUITE_*` variable overriding its field. (Profiles are wired in by the profile
/// module; until then only the environment is read.)
pub fn resolve(profile: Option<&str>) -> Result<(String, Credentials), Failure> {
    if let Some(name) = profile {
        return Err(Failure::usage(format!(
            "--profile {name:?}: profiles are not available in this build; use the NETSUITE_* variables"
        )));
    }
    let account = account().ok_or_else(|| {
        Failure::usage(format!(
            "missing {ACCOUNT_ENV}: set it to your account id (e.g. 1234567 or 1234567_SB1; \
             Setup > Company > Company Information > Account ID)"
        ))
    })?;
    Ok((account, credentials()?))
}
