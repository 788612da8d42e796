//! Bootstrapping M2M from an authorization code login (reference §1.9, "Bootstrap pattern"): with
//! the login's `rest_webservices` access token, generate a key and a self-signed certificate,
//! upload the certificate through the certificate rotation API mapped to the role and entity the
//! login used, save the returned certificate id with the key as an `m2m` profile, prove the new
//! credentials with an M2M token request, and revoke the login's refresh token (nothing holds it
//! once the profile is M2M). One function, [`bootstrap`], with plain inputs and a progress
//! callback: the CLI (`nstba login --bootstrap-m2m`) and the wizard are views over it.
//!
//! Why the order: the certificate list is read first so the 5-active limit is said before
//! anything is uploaded; the profile is saved right after the upload, before the proof, so the
//! new key is never lost (an uploaded certificate without its key is useless); the refresh token
//! is revoked last, after the switch.

use std::time::Duration;

use super::authcode::{LoginClient, LoginSettings};
use super::cert_rotation::{RotationClient, RotationFailure, RotationSettings};
use crate::Secret;
use crate::netsuite::cert::{KeyAlgorithm, generate};
use crate::netsuite::oauth2::M2mCredentials;
use crate::netsuite::oauth2::authcode::ClientAuth;
use crate::netsuite::oauth2::claims::TokenClaims;
use crate::netsuite::oauth2::rotation;
use crate::netsuite::oauth2::token::TokenError;
use crate::profile::{ProfileStore, SaveOutcome};

/// How long the mapping may take to be usable after the upload (NetSuite does not say; the
/// proof is retried a few times within this).
const PROOF_ATTEMPTS: u32 = 3;
/// Pause between proof attempts.
const PROOF_PAUSE: Duration = Duration::from_secs(2);

/// What a bootstrap needs: the values of a finished login and where to save the result.
#[derive(Clone)]
pub struct BootstrapInput {
    /// The account logged in to (canonical or as typed).
    pub account: String,
    /// The integration record's client (id, and secret for a confidential client: used only to
    /// revoke the refresh token).
    pub client: ClientAuth,
    /// The login's access token (must carry `rest_webservices`: the rotation API needs it).
    pub access_token: Secret,
    /// The login's refresh token, revoked once the profile is M2M (`None`: nothing to revoke).
    pub refresh_token: Option<Secret>,
    /// The role the login used (callback `role`); the certificate is mapped to it.
    pub role: String,
    /// The entity the login used (callback `entity`).
    pub entity: String,
    /// Scopes the M2M profile requests.
    pub scopes: Vec<String>,
    /// Key type to generate (default EC P-256).
    pub algorithm: KeyAlgorithm,
    /// Certificate validity in days (1–730; NetSuite's maximum is 730).
    pub days: u32,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send every call to this origin instead of NetSuite's hosts (emulator, proxy).
    pub base_url: Option<String>,
}

impl std::fmt::Debug for BootstrapInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BootstrapInput")
            .field("account", &self.account)
            .field("role", &self.role)
            .field("entity", &self.entity)
            .field("scopes", &self.scopes)
            .field("algorithm", &self.algorithm)
            .field("days", &self.days)
            .finish_non_exhaustive()
    }
}

/// The steps, in order, as reported to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BootstrapStep {
    /// Reading the record's certificates (the 5-active limit).
    List,
    /// Generating the key and certificate.
    Generate,
    /// Uploading the certificate, mapped to the login's role and entity.
    Upload,
    /// Saving the profile as `m2m` (key to the secret store).
    Save,
    /// The M2M token request with the new credentials.
    Prove,
    /// Revoking the login's refresh token.
    Revoke,
}

impl BootstrapStep {
    /// A short line for a progress display.
    pub fn title(self) -> &'static str {
        match self {
            BootstrapStep::List => "reading the integration record's certificates",
            BootstrapStep::Generate => "generating a key and a self-signed certificate",
            BootstrapStep::Upload => "uploading the certificate (certificate rotation API)",
            BootstrapStep::Save => "saving the profile as M2M",
            BootstrapStep::Prove => "requesting an M2M token with the new certificate",
            BootstrapStep::Revoke => "revoking the login's refresh token",
        }
    }
}

/// What the progress callback receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootstrapEvent {
    /// A step began.
    Started(BootstrapStep),
    /// A step ended well; the text says what it found (never a secret).
    Done(BootstrapStep, String),
    /// Something worth telling that does not stop the bootstrap (e.g. the revoke failed).
    Warning(String),
}

/// What stopped a bootstrap, in a form to show: what happened, and what to do.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct BootstrapFailure {
    /// The step that failed.
    pub step: BootstrapStep,
    /// What happened (sanitized; never a secret).
    pub message: String,
    /// What to do, one action per line.
    pub fix: Vec<String>,
    /// The certificate uploaded before the failure, if one was (revoke it when unused).
    pub certificate_id: Option<String>,
}

/// A finished bootstrap.
#[derive(Debug, Clone)]
pub struct Bootstrapped {
    /// The new Certificate ID (the JWT `kid`).
    pub certificate_id: String,
    /// The certificate's last day as NetSuite reported it, when it did.
    pub valid_until: Option<String>,
    /// The new M2M credentials (key and certificate inside; `Debug` shows neither).
    pub credentials: M2mCredentials,
    /// The claims of the proving M2M token (role, entity, scopes), when the proof passed.
    pub token: Option<TokenClaims>,
    /// Why the proof failed, when it did (the profile is saved anyway: retry `nstba test`).
    pub proof_error: Option<String>,
    /// The profile save's outcome (the one-time file-store warning), when saved.
    pub saved: Option<SaveOutcome>,
}

/// Where the result goes: a profile store and the profile's name. `None`: nothing is saved and
/// the caller keeps [`Bootstrapped::credentials`] (the refresh token is then not revoked either).
pub type SaveTarget<'a> = Option<(&'a ProfileStore, &'a str)>;

fn fail(step: BootstrapStep, message: impl Into<String>, fix: Vec<String>) -> BootstrapFailure {
    BootstrapFailure {
        step,
        message: message.into(),
        fix,
        certificate_id: None,
    }
}

/// Runs the bootstrap (see the module docs); `progress` hears every step. The profile `name` of
/// `save` becomes `kind = "m2m"` with the new key in the secret store, keeping its other fields.
pub async fn bootstrap(
    input: &BootstrapInput,
    save: SaveTarget<'_>,
    progress: &(dyn Fn(BootstrapEvent) + Send + Sync),
) -> Result<Bootstrapped, BootstrapFailure> {
    let role = input.role.trim();
    let entity = input.entity.trim();
    if role.is_empty() || entity.is_empty() {
        return Err(fail(
            BootstrapStep::List,
            "the login's redirect named no role or entity, so the certificate cannot be mapped to them",
            vec![
                "Log in again with `nstba login`; NetSuite sends role and entity on the redirect."
                    .into(),
            ],
        ));
    }
    let mut api = RotationClient::with_token(rotation_settings(input), input.access_token.clone())
        .map_err(|e| from_rotation(BootstrapStep::List, &e))?;

    progress(BootstrapEvent::Started(BootstrapStep::List));
    let list = api
        .list()
        .await
        .map_err(|e| from_rotation(BootstrapStep::List, &e))?;
    if let Some(limit) = rotation::limit_reached(&list) {
        return Err(fail(
            BootstrapStep::List,
            limit,
            vec![
                "Revoke a certificate nobody uses: `nstba cert list --profile NAME`, then `nstba cert revoke ID`, or Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup.".into(),
                "Then run `nstba login --bootstrap-m2m` again.".into(),
            ],
        ));
    }
    let active = rotation::active_count(&list);
    progress(BootstrapEvent::Done(
        BootstrapStep::List,
        format!("{active} active of {} allowed", rotation::MAX_ACTIVE),
    ));

    progress(BootstrapEvent::Started(BootstrapStep::Generate));
    let now = time::OffsetDateTime::now_utc();
    let generated = generate(input.algorithm, input.days, now)
        .map_err(|e| fail(BootstrapStep::Generate, e.to_string(), Vec::new()))?;
    progress(BootstrapEvent::Done(
        BootstrapStep::Generate,
        format!("{}, valid {} days", input.algorithm.as_str(), input.days),
    ));

    progress(BootstrapEvent::Started(BootstrapStep::Upload));
    let created = api
        .upload(&generated.cert_pem, role, entity)
        .await
        .map_err(|e| from_rotation(BootstrapStep::Upload, &e))?;
    let certificate_id = created.certificate_id.clone();
    progress(BootstrapEvent::Done(
        BootstrapStep::Upload,
        format!("certificate id {certificate_id}, mapped to role {role}, entity {entity}"),
    ));

    let credentials = M2mCredentials {
        client_id: input.client.client_id.clone(),
        certificate_id: certificate_id.clone(),
        private_key: generated.key_pem.clone(),
        key_file: None,
        scopes: input.scopes.clone(),
        certificate: Some(generated.cert_pem.clone().into_bytes()),
    };
    let saved = match save {
        Some((store, name)) => Some(save_step(store, name, input, &credentials, progress)?),
        None => None,
    };

    progress(BootstrapEvent::Started(BootstrapStep::Prove));
    let (token, proof_error) = match prove(input, &credentials).await {
        Ok(claims) => {
            progress(BootstrapEvent::Done(
                BootstrapStep::Prove,
                format!(
                    "token issued for role {}, entity {}",
                    claims.role.as_deref().unwrap_or("?"),
                    claims.entity.as_deref().unwrap_or("?")
                ),
            ));
            (Some(claims), None)
        }
        Err(e) => {
            progress(BootstrapEvent::Warning(format!(
                "the M2M token request failed: {e}"
            )));
            (None, Some(e))
        }
    };

    if let (Some(refresh), Some(_)) = (&input.refresh_token, save) {
        progress(BootstrapEvent::Started(BootstrapStep::Revoke));
        match revoke(input, refresh).await {
            Ok(()) => progress(BootstrapEvent::Done(
                BootstrapStep::Revoke,
                "the profile no longer holds a refresh token".into(),
            )),
            Err(e) => progress(BootstrapEvent::Warning(format!(
                "the login's refresh token could not be revoked ({e}); it ends on its own"
            ))),
        }
    }

    Ok(Bootstrapped {
        certificate_id,
        valid_until: created.valid_until,
        credentials,
        token,
        proof_error,
        saved,
    })
}

/// Saves `credentials` as the M2M profile `name` (kept fields: notes, interfaces, …).
fn save_step(
    store: &ProfileStore,
    name: &str,
    input: &BootstrapInput,
    credentials: &M2mCredentials,
    progress: &(dyn Fn(BootstrapEvent) + Send + Sync),
) -> Result<SaveOutcome, BootstrapFailure> {
    progress(BootstrapEvent::Started(BootstrapStep::Save));
    let id = &credentials.certificate_id;
    let outcome = store
        .save_m2m_settings(name, &input.account, credentials, Vec::new())
        .map_err(|e| BootstrapFailure {
            certificate_id: Some(id.clone()),
            ..fail(
                BootstrapStep::Save,
                format!("the profile could not be saved: {e}"),
                vec![format!(
                    "The certificate {id} was uploaded but its key is lost: revoke it (`nstba cert revoke -- {id}`) and run the bootstrap again."
                )],
            )
        })?;
    progress(BootstrapEvent::Done(
        BootstrapStep::Save,
        format!("profile {name} is now M2M"),
    ));
    Ok(outcome)
}

fn rotation_settings(input: &BootstrapInput) -> RotationSettings {
    RotationSettings {
        account: input.account.clone(),
        client_id: input.client.client_id.clone(),
        certificate_id: String::new(),
        private_key: Secret::default(),
        timeout: input.timeout,
        base_url: input.base_url.clone(),
    }
}

/// An M2M token with the new credentials; retried briefly when refused (a new mapping may take
/// a moment to be usable).
async fn prove(input: &BootstrapInput, c: &M2mCredentials) -> Result<TokenClaims, String> {
    let settings = RotationSettings {
        certificate_id: c.certificate_id.clone(),
        private_key: c.private_key.clone(),
        ..rotation_settings(input)
    };
    let mut attempt = 1;
    loop {
        let mut client = RotationClient::new(settings.clone()).map_err(|e| e.to_string())?;
        match client.authenticate().await {
            Ok(claims) => return Ok(claims.clone()),
            Err(RotationFailure::TokenRefused { .. }) if attempt < PROOF_ATTEMPTS => {
                attempt += 1;
                tokio::time::sleep(PROOF_PAUSE).await;
            }
            Err(e) => return Err(proof_message(&e)),
        }
    }
}

fn proof_message(e: &RotationFailure) -> String {
    match e {
        RotationFailure::TokenRefused { error, .. }
            if error.as_ref().map(|t: &TokenError| t.error.as_str())
                == Some("unauthorized_client") =>
        {
            "the token endpoint answered unauthorized_client: tick Client Credentials (Machine to Machine) Grant on the integration record, then `nstba test --profile NAME`".into()
        }
        other => format!("{other}; `nstba test --profile NAME` diagnoses it"),
    }
}

async fn revoke(input: &BootstrapInput, refresh: &Secret) -> Result<(), String> {
    let login = LoginClient::new(LoginSettings {
        account: Some(input.account.clone()),
        client: input.client.clone(),
        scopes: input.scopes.clone(),
        redirect_uri: String::new(),
        listen: false,
        timeout: input.timeout,
        base_url: input.base_url.clone(),
    })
    .map_err(|e| e.to_string())?;
    let account = crate::netsuite::AccountId::parse(&input.account).map_err(|e| e.to_string())?;
    login
        .revoke(&account, refresh)
        .await
        .map_err(|e| e.to_string())
}

/// A rotation API failure at `step`, with what to do.
fn from_rotation(step: BootstrapStep, e: &RotationFailure) -> BootstrapFailure {
    let fix: Vec<String> = match e {
        RotationFailure::Scope(_) => vec![
            "Tick REST Web Services on the integration record and log in with the scope rest_webservices (NETSUITE_SCOPES).".into(),
        ],
        RotationFailure::Api { status: 403, .. } => vec![
            format!(
                "Give the login's role the permission {} (Setup > Users/Roles > Manage Roles > the role > Permissions > Setup), or log in with a role that has it.",
                "Manage own OAuth 2.0 Client Credentials certificates"
            ),
        ],
        RotationFailure::Api { status: 401, .. } => vec![
            "The access token was refused: the role needs Log in using OAuth 2.0 Access Tokens, and the entity and role must be active; log in again.".into(),
        ],
        RotationFailure::Api { status: 400, .. } if step == BootstrapStep::Upload => vec![
            "NetSuite refused the certificate: the record may already hold 5 active certificates, or one for this role and entity; `nstba cert list` shows them.".into(),
            "Check that the login's entity holds the login's role and both are active.".into(),
        ],
        RotationFailure::Api { status: 404, .. } => vec![
            "Check the client id (NETSUITE_CLIENT_ID); the certificate API needs NetSuite 2023.1 or later.".into(),
        ],
        _ => Vec::new(),
    };
    fail(step, e.to_string(), fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_token_key_or_client_id() {
        let input = BootstrapInput {
            account: "1234567".into(),
            client: ClientAuth::public(Secret::from("client-id-0123456789")),
            access_token: Secret::from("access-token-0123456789"),
            refresh_token: Some(Secret::from("refresh-token-0123456789")),
            role: "3".into(),
            entity: "4".into(),
            scopes: vec!["rest_webservices".into()],
            algorithm: KeyAlgorithm::default(),
            days: 730,
            timeout: Duration::from_secs(1),
            base_url: None,
        };
        let done = Bootstrapped {
            certificate_id: "cert-id".into(),
            valid_until: None,
            credentials: M2mCredentials {
                client_id: Secret::from("client-id-0123456789"),
                private_key: Secret::from("-----BEGIN PRIVATE KEY-----\nMIGHsecretbody"),
                ..M2mCredentials::default()
            },
            token: None,
            proof_error: None,
            saved: None,
        };
        let shown = format!("{input:?} {done:?} {:?}", rotation_settings(&input));
        for s in ["0123456789", "MIGHsecretbody"] {
            assert!(!shown.contains(s), "{shown}");
        }
        assert!(shown.contains("cert-id"));
    }

    #[tokio::test]
    async fn a_login_without_role_or_entity_stops_before_any_call() {
        let input = BootstrapInput {
            account: "1234567".into(),
            client: ClientAuth::public(Secret::from("client-id-0123456789")),
            access_token: Secret::from("access-token-0123456789"),
            refresh_token: None,
            role: " ".into(),
            entity: "4".into(),
            scopes: Vec::new(),
            algorithm: KeyAlgorithm::default(),
            days: 730,
            timeout: Duration::from_secs(1),
            // Nothing listens there: a call would fail differently.
            base_url: Some("http://127.0.0.1:9".into()),
        };
        let seen = std::sync::Mutex::new(Vec::new());
        let e = bootstrap(&input, None, &|ev| seen.lock().unwrap().push(ev))
            .await
            .unwrap_err();
        assert_eq!(e.step, BootstrapStep::List);
        assert!(e.message.contains("role or entity"), "{e}");
        assert!(seen.lock().unwrap().is_empty());
    }
}
