//! `nstba cert list|upload|revoke`: NetSuite's certificate rotation API, authenticated with a
//! `rest_webservices` token the M2M credentials obtain for themselves. Rotation is guided: the
//! new certificate is checked locally and uploaded first (never a file with a private key, never
//! past the 5-active limit), `upload` says what to switch next, and `revoke` refuses the
//! certificate the credentials themselves sign with unless `--force`.

use nstba::Secret;
use nstba::authflow::cert_rotation::{RotationClient, RotationFailure, RotationSettings};
use nstba::netsuite::oauth2::rotation::{self, CertificateInfo, MAX_ACTIVE, UploadRefusal};
use nstba::profile::ProfileStore;

use super::CliError;
use super::cert::{ListArgs, RevokeArgs, RotationOptions, UploadArgs, print_findings};
use super::env::{check_text, var};
use super::test::parse_timeout;

/// `NETSUITE_*` variables of the M2M kind (DESIGN.md, "OAuth 2.0").
pub const CLIENT_ID_ENV: &str = "NETSUITE_CLIENT_ID";
/// See [`CLIENT_ID_ENV`].
pub const CERTIFICATE_ID_ENV: &str = "NETSUITE_CERTIFICATE_ID";
/// See [`CLIENT_ID_ENV`].
pub const PRIVATE_KEY_FILE_ENV: &str = "NETSUITE_PRIVATE_KEY_FILE";
/// See [`CLIENT_ID_ENV`].
pub const PRIVATE_KEY_ENV: &str = "NETSUITE_PRIVATE_KEY";
const ACCOUNT_ENV: &str = nstba::netsuite::credentials::ACCOUNT_ENV;

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))
}

fn problem(message: impl Into<String>) -> CliError {
    CliError::Problem(Some(message.into()))
}

/// The M2M settings from the environment (the account possibly from `--profile`).
fn settings(o: &RotationOptions) -> Result<RotationSettings, CliError> {
    check_text(&[
        ACCOUNT_ENV,
        CLIENT_ID_ENV,
        CERTIFICATE_ID_ENV,
        PRIVATE_KEY_FILE_ENV,
        PRIVATE_KEY_ENV,
    ])?;
    let account = match (var(ACCOUNT_ENV), &o.profile) {
        (Some(a), _) => a,
        (None, Some(name)) => profile_account(name)?,
        (None, None) => {
            return Err(CliError::usage(format!(
                "missing {ACCOUNT_ENV}: set it to your account id (e.g. 1234567 or 1234567_SB1)"
            )));
        }
    };
    let missing = |name: &str| {
        CliError::usage(format!(
            "missing {name}: the certificate commands authenticate with the M2M credentials themselves (NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID, NETSUITE_PRIVATE_KEY_FILE); secrets are never accepted as flags"
        ))
    };
    let client_id = var(CLIENT_ID_ENV).ok_or_else(|| missing(CLIENT_ID_ENV))?;
    let certificate_id = var(CERTIFICATE_ID_ENV).ok_or_else(|| missing(CERTIFICATE_ID_ENV))?;
    let private_key = private_key()?.ok_or_else(|| missing(PRIVATE_KEY_FILE_ENV))?;
    let base_url = o.origin.base_url()?;
    Ok(RotationSettings {
        account: account.trim().to_string(),
        client_id: Secret::new(client_id.trim().to_string()),
        certificate_id: certificate_id.trim().to_string(),
        private_key,
        timeout: parse_timeout(o.timeout)?,
        base_url,
    })
}

/// The key from `NETSUITE_PRIVATE_KEY_FILE` (mode checked) or `NETSUITE_PRIVATE_KEY`.
fn private_key() -> Result<Option<Secret>, CliError> {
    if let Some(path) = var(PRIVATE_KEY_FILE_ENV) {
        let path = std::path::PathBuf::from(path);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            CliError::usage(format!(
                "{PRIVATE_KEY_FILE_ENV} {}: cannot read it ({e})",
                path.display()
            ))
        })?;
        if let Some(f) = super::cert::key_file_mode(&path) {
            err!("warning: {}", f.message);
        }
        return Ok(Some(Secret::new(text)));
    }
    Ok(var(PRIVATE_KEY_ENV).map(Secret::new))
}

fn profile_account(name: &str) -> Result<String, CliError> {
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    store
        .get(name)
        .map(|p| p.account)
        .map_err(|e| CliError::usage(format!("profile {name:?}: {e}")))
}

fn client(o: &RotationOptions) -> Result<RotationClient, CliError> {
    RotationClient::new(settings(o)?).map_err(|e| CliError::usage(e.to_string()))
}

fn failed(e: RotationFailure) -> CliError {
    match e {
        RotationFailure::Account(_) | RotationFailure::Key(_) => CliError::usage(e.to_string()),
        other => problem(other.to_string()),
    }
}

/// `nstba cert list`.
pub fn list(a: &ListArgs) -> Result<(), CliError> {
    let mut c = client(&a.options)?;
    let certificates = runtime()?.block_on(c.list()).map_err(failed)?;
    let own = c.own_certificate_id().to_string();
    if a.json {
        let json = serde_json::json!({
            "certificates": certificates,
            "active": rotation::active_count(&certificates),
            "limit": MAX_ACTIVE,
            "own": own,
        });
        out!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(|e| CliError::internal(e.to_string()))?
        );
        return Ok(());
    }
    print_list(&certificates, &own);
    Ok(())
}

fn print_list(certificates: &[CertificateInfo], own: &str) {
    out!(
        "{} certificate(s), {} active (NetSuite allows at most {MAX_ACTIVE} active):",
        certificates.len(),
        rotation::active_count(certificates)
    );
    if certificates.is_empty() {
        return;
    }
    out!(
        "  {:<44} {:<6} {:<12} STATE",
        "CERTIFICATE ID",
        "ALG",
        "VALID UNTIL"
    );
    for cert in certificates {
        let state = match (cert.revoked, cert.certificate_id == own) {
            (true, _) => "revoked",
            (false, true) => "active (these credentials)",
            (false, false) => "active",
        };
        out!(
            "  {:<44} {:<6} {:<12} {state}",
            cert.certificate_id,
            cert.algorithm.as_deref().unwrap_or("?"),
            cert.valid_until.as_deref().unwrap_or("?")
        );
    }
}

/// `nstba cert upload FILE`.
pub fn upload(a: &UploadArgs) -> Result<(), CliError> {
    let bytes = std::fs::read(&a.file)
        .map_err(|e| CliError::usage(format!("{}: cannot read it ({e})", a.file.display())))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let prepared = match rotation::prepare_upload(&bytes, now) {
        Ok(p) => p,
        Err(UploadRefusal::PrivateKey) => {
            return Err(CliError::usage(format!(
                "{}: {}",
                a.file.display(),
                UploadRefusal::PrivateKey
            )));
        }
        Err(UploadRefusal::Checks(report)) => {
            print_findings(&report);
            return Err(CliError::usage(format!(
                "{}: NetSuite would refuse this certificate; fix the FAIL lines above (nothing was uploaded)",
                a.file.display()
            )));
        }
    };
    print_findings(&prepared.report);
    let mut c = client(&a.options)?;
    let rt = runtime()?;
    let created = rt.block_on(async {
        let claims = c.authenticate().await?.clone();
        let existing = c.list().await?;
        Ok::<_, RotationFailure>((claims, existing))
    });
    let (claims, existing) = created.map_err(failed)?;
    if let Some(why) = rotation::limit_reached(&existing) {
        return Err(problem(format!("{why}; nothing was uploaded")));
    }
    let (role, entity) = match (
        a.role.clone().or(claims.role.clone()),
        a.entity.clone().or(claims.entity.clone()),
    ) {
        (Some(r), Some(e)) => (r, e),
        _ => {
            return Err(CliError::usage(
                "the token does not name the role and entity the credentials are mapped to (M2M tokens may carry an undocumented 5-part subject): pass --role ID and --entity ID (Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup lists them)",
            ));
        }
    };
    let new = rt
        .block_on(c.upload(&prepared.pem, &role, &entity))
        .map_err(failed)?;
    out!();
    out!(
        "Uploaded: certificate id {} (mapped to role {role}, entity {entity}).",
        new.certificate_id
    );
    out!("The old certificate still works: switch first, revoke last.");
    for (i, step) in rotation::next_steps(&new.certificate_id, c.own_certificate_id())
        .iter()
        .enumerate()
    {
        out!("  {}. {step}", i + 1);
    }
    Ok(())
}

/// `nstba cert revoke ID`.
pub fn revoke(a: &RevokeArgs) -> Result<(), CliError> {
    let settings = settings(&a.options)?;
    rotation::check_revoke(&settings.certificate_id, &a.id, a.force)
        .map_err(|e| CliError::usage(e.to_string()))?;
    let own = settings.certificate_id == a.id.trim();
    let mut c = RotationClient::new(settings).map_err(|e| CliError::usage(e.to_string()))?;
    runtime()?.block_on(c.revoke(a.id.trim())).map_err(failed)?;
    out!("Revoked certificate {}.", a.id.trim());
    if own {
        out!(
            "These credentials signed with it: their token requests fail from now on. Switch NETSUITE_CERTIFICATE_ID and the key to an active certificate."
        );
    } else {
        out!("Check the credentials still work: nstba test --auth m2m");
    }
    Ok(())
}
