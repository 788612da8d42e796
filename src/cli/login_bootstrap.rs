//! `nstba login --bootstrap-m2m`: the CLI view over [`nstba::authflow::bootstrap`]. Progress
//! goes to stderr, one line per step; the result (certificate id, the proving token's role and
//! entity) to stdout; a failure to exit 1 with what to do.

use std::time::Duration;

use nstba::authflow::authcode::LoggedIn;
use nstba::authflow::bootstrap::{self, BootstrapEvent, BootstrapInput};
use nstba::netsuite::cert::{KeyAlgorithm, MAX_DAYS};
use nstba::netsuite::oauth2::authcode::AuthCodeCredentials;
use nstba::profile::ProfileStore;

use super::CliError;

/// Per-request timeout of the bootstrap's calls.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Bootstraps M2M from the login just saved as profile `name`.
pub fn run(
    rt: &tokio::runtime::Runtime,
    store: &ProfileStore,
    name: &str,
    logged: &LoggedIn,
    saved: &AuthCodeCredentials,
    base_url: Option<String>,
) -> Result<(), CliError> {
    // Kept for the printed follow-up command: a copy-paste goes where this run went.
    let origin = base_url.clone();
    let input = BootstrapInput {
        account: logged.account.realm(),
        client: saved.client_auth(),
        access_token: logged.tokens.access_token.clone(),
        refresh_token: Some(saved.refresh_token.clone()),
        role: saved.role.clone().unwrap_or_default(),
        entity: saved.entity.clone().unwrap_or_default(),
        scopes: saved.scopes.clone(),
        algorithm: KeyAlgorithm::default(),
        days: MAX_DAYS,
        timeout: REQUEST_TIMEOUT,
        base_url,
    };
    err!("Bootstrapping M2M for profile {name} …");
    let progress = |ev: BootstrapEvent| match ev {
        BootstrapEvent::Started(step) => err!("  {} …", step.title()),
        BootstrapEvent::Done(_, text) => err!("    done: {text}"),
        BootstrapEvent::Warning(text) => err!("nstba: warning: {text}"),
    };
    let done = rt
        .block_on(bootstrap::bootstrap(&input, Some((store, name)), &progress))
        .map_err(|f| {
            for line in &f.fix {
                err!("{line}");
            }
            CliError::Problem(Some(format!(
                "the M2M bootstrap stopped at {}: {}",
                f.step.title(),
                f.message
            )))
        })?;
    if let Some(w) = done.saved.and_then(|o| o.warning) {
        err!("nstba: warning: {w}");
    }
    out!(
        "M2M certificate {} uploaded{}, mapped to role {}, entity {}; profile {name} is now M2M (key in the secret store).",
        done.certificate_id,
        done.valid_until
            .map(|d| format!(" (valid until {d})"))
            .unwrap_or_default(),
        input.role,
        input.entity,
    );
    match (&done.token, &done.proof_error) {
        (Some(claims), _) => {
            out!(
                "M2M token request: OK (role {}, entity {}).",
                claims.role.as_deref().unwrap_or("not in the token"),
                claims.entity.as_deref().unwrap_or("not in the token"),
            );
            let test = format!("nstba test --profile {name}");
            out!(
                "Test it: {}",
                super::origin::with_base(&test, origin.as_deref())
            );
            Ok(())
        }
        (None, e) => Err(CliError::Problem(Some(format!(
            "M2M token request failed: {}",
            e.as_deref().unwrap_or("no answer")
        )))),
    }
}
