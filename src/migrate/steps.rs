//! One checklist item's step, the same for `nstba migrate` and the wizard: each view gathers
//! the user's [`Decisions`] (flags, prompts or a screen), calls [`run`], shows the [`Step`] and
//! records it with [`record`]. The TBA profile is tested after every step ([`tba_after`]).

use std::path::Path;

use super::code::MigrateCode;
use super::item::{Item, Status};
use super::live::{self, Connection};
use super::state::{self, Identity, MigrationState, RecordChoice, Target};
use super::vars::{default_scopes, failure_title};
use super::verdict::Finding;
use super::{keys, new_profile};
use crate::Secret;
use crate::check::auth::Credentials as Connect;
use crate::check::{Api, Report};
use crate::netsuite::oauth2::M2mCredentials;
use crate::netsuite::{AccountId, Credentials};
use crate::profile::ProfileStore;

/// What the migration works on: the TBA connection, its profile store, and a separate record's
/// Client ID when one was given.
pub struct Migration<'a> {
    /// Where the requests go.
    pub conn: &'a Connection,
    /// The TBA profile's credentials.
    pub tba: &'a Credentials,
    /// The interfaces the TBA profile says it uses.
    pub apis: &'a [Api],
    /// The store the TBA profile lives in (the new profile and the progress go there too).
    pub store: &'a ProfileStore,
    /// A separate record's Client ID (`None`: not given).
    pub separate_client_id: Option<Secret>,
}

/// What the user decided for the item at hand.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one independent answer per question an item asks"
)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decisions {
    /// The NetSuite step of this item (record boxes, role permission) is done.
    pub confirmed: bool,
    /// A sandbox was migrated first (production accounts).
    pub sandbox_done: bool,
    /// A monitored run of the integration on the new profile succeeded.
    pub monitored_ok: bool,
    /// Revoke the TBA token at cut-over: asked twice and confirmed both times.
    pub revoke: bool,
}

/// What a step needs that the run does not have yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// The user confirms the NetSuite step of the item.
    Confirm,
    /// A private key: given, or generated ([`generate_key`]).
    Key,
    /// The Certificate ID NetSuite showed after the upload of this file.
    CertificateId(Option<std::path::PathBuf>),
    /// An earlier item (the key) is not done.
    KeyItem,
}

/// What one item's step came to.
#[derive(Debug, Clone)]
pub enum Step {
    /// Done: a note, and warnings maybe.
    Done(String, Vec<Finding>),
    /// Needs an answer: stop here, resume later.
    Waiting(Need),
    /// Found a problem (the findings say which item to go back to), with the failing test.
    Failed(Vec<Finding>, Option<Box<Report>>),
}

impl Step {
    fn failed(code: MigrateCode, vars: &[(&str, &str)]) -> Step {
        Step::Failed(vec![Finding::new(code, vars)], None)
    }
}

/// Runs `item` of `st` with `d`.
pub async fn run(m: &Migration<'_>, st: &mut MigrationState, item: Item, d: Decisions) -> Step {
    match item {
        Item::Inventory => inventory(m, st).await,
        Item::Target => target(st),
        Item::Record => integration_record(m, st, d.confirmed),
        Item::Role => confirm(d.confirmed, "confirmed"),
        Item::Key => key(m, st).await,
        Item::SideBySide => side_by_side(m, st).await,
        Item::Sandbox => sandbox(m.store.dir(), st, d.sandbox_done),
        Item::CutOver => cut_over(m, st, d).await,
    }
}

/// Records what `step` came to for `item`: done (with its warnings), or failed at the earliest
/// item a finding points to (the later ones open again). A waiting step changes nothing.
pub fn record(st: &mut MigrationState, item: Item, step: &Step, now: i64) {
    match step {
        Step::Done(note, warnings) => {
            let codes = warnings.iter().map(|w| w.code).collect();
            st.done_with(item, codes, note.clone(), now);
        }
        Step::Waiting(_) => {}
        Step::Failed(findings, _) => fail(st, item, findings, now),
    }
}

fn fail(st: &mut MigrationState, at: Item, findings: &[Finding], now: i64) {
    let back = findings
        .iter()
        .filter(|f| f.code.sends_back())
        .map(|f| f.code.item())
        .min()
        .unwrap_or(at)
        .min(at);
    st.reopen_from(back, now);
    let codes = findings.iter().map(|f| f.code).collect();
    let note = findings
        .first()
        .map(|f| failure_title(st, f))
        .unwrap_or_default();
    st.failed(back, codes, note, now);
}

/// The TBA test after `after`: the TBA profile must keep working throughout. `None` when it
/// works; else the finding, with the item marked failed.
pub async fn tba_after(m: &Migration<'_>, st: &mut MigrationState, after: Item) -> Option<Finding> {
    let apis = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default();
    let r = live::tba_works(m.conn, m.tba, &apis).await;
    let now = crate::profile::clock::now_unix();
    st.record_tba(after, r.ok, now);
    if r.ok {
        return None;
    }
    let why = r
        .diagnoses
        .first()
        .map(|d| d.title.clone())
        .unwrap_or_default();
    let f = Finding::new(MigrateCode::MigrateTbaBroken, &[("why", &why)]);
    st.failed(
        after,
        vec![f.code],
        "the TBA profile stopped working".into(),
        now,
    );
    Some(f)
}

async fn inventory(m: &Migration<'_>, st: &mut MigrationState) -> Step {
    let o = live::inventory(m.conn, m.tba, m.apis).await;
    let (fatal, warnings): (Vec<Finding>, Vec<Finding>) =
        o.findings.into_iter().partition(|f| !f.code.is_warning());
    st.inventory = Some(o.inventory);
    if !fatal.is_empty() {
        return Step::Failed(fatal, Some(Box::new(o.report)));
    }
    Step::Done("inventory taken".into(), warnings)
}

fn target(st: &MigrationState) -> Step {
    match st.target {
        Target::M2m => Step::Done("target: client credentials (M2M)".into(), Vec::new()),
        Target::Authcode => Step::Done(
            format!(
                "target: authorization code (a person logs in as profile {}; no key or certificate)",
                st.to
            ),
            Vec::new(),
        ),
    }
}

fn integration_record(m: &Migration<'_>, st: &mut MigrationState, confirmed: bool) -> Step {
    if st.scopes.is_empty() {
        st.scopes = default_scopes(st);
    }
    // A login carries its own Client ID; only M2M needs the separate record's here.
    if st.target == Target::M2m
        && st.record == RecordChoice::Separate
        && m.separate_client_id.is_none()
    {
        return Step::failed(MigrateCode::MigrateClientIdMissing, &[]);
    }
    match confirm(confirmed, "") {
        Step::Done(..) => Step::Done(
            format!(
                "record: {}, scopes {}",
                match st.record {
                    RecordChoice::Same => "the same record as TBA",
                    RecordChoice::Separate => "a separate OAuth 2.0 record",
                },
                st.scopes.join(",")
            ),
            Vec::new(),
        ),
        other => other,
    }
}

fn confirm(confirmed: bool, note: &str) -> Step {
    if confirmed {
        Step::Done(note.into(), Vec::new())
    } else {
        Step::Waiting(Need::Confirm)
    }
}

/// Generates a key and certificate for the migration (EC P-256, 730 days) next to the progress
/// file, and notes them in `st`.
pub fn generate_key(dir: &Path, st: &mut MigrationState) -> Result<keys::KeyFiles, String> {
    let f = keys::generate_for(
        &dir.join(state::DIR),
        &st.from,
        crate::netsuite::cert::KeyAlgorithm::EcP256,
        730,
    )?;
    st.key_file = Some(f.key.clone());
    st.certificate_file = Some(f.certificate.clone());
    st.certificate_id = None;
    Ok(f)
}

/// The M2M credentials as far as the progress knows them (`Ok(None)`: key or id missing).
pub fn m2m_credentials(
    st: &MigrationState,
    tba: &Credentials,
    separate_client_id: Option<&Secret>,
) -> Result<Option<M2mCredentials>, String> {
    let (Some(key_file), Some(id)) = (&st.key_file, &st.certificate_id) else {
        return Ok(None);
    };
    let key = std::fs::read_to_string(key_file)
        .map_err(|e| format!("--key {}: {e}", key_file.display()))?;
    let client_id = match st.record {
        RecordChoice::Same => tba.consumer_key.clone(),
        RecordChoice::Separate => separate_client_id
            .cloned()
            .unwrap_or_else(|| Secret::new(String::new())),
    };
    let certificate = st
        .certificate_file
        .as_ref()
        .and_then(|p| std::fs::read(p).ok());
    Ok(Some(M2mCredentials {
        client_id,
        certificate_id: id.clone(),
        private_key: Secret::new(key),
        key_file: Some(key_file.clone()),
        scopes: st.scopes.clone(),
        certificate,
    }))
}

fn credentials(m: &Migration<'_>, st: &MigrationState) -> Result<Option<M2mCredentials>, Step> {
    m2m_credentials(st, m.tba, m.separate_client_id.as_ref())
        .map_err(|why| Step::failed(MigrateCode::MigrateKeyProblem, &[("why", &why)]))
}

/// The words of the key item when the target needs no key.
pub const KEY_SKIPPED: &str = "skipped: authorization code needs no key or certificate (the login's refresh token takes their place)";

async fn key(m: &Migration<'_>, st: &mut MigrationState) -> Step {
    if st.target == Target::Authcode {
        return Step::Done(KEY_SKIPPED.into(), Vec::new());
    }
    let Some(key_file) = st.key_file.clone() else {
        return Step::Waiting(Need::Key);
    };
    let pem = match std::fs::read_to_string(&key_file) {
        Ok(p) => p,
        Err(e) => {
            // Said as it is: a missing file is not "a key that is not PEM text".
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                format!("the key file {} does not exist", key_file.display())
            } else {
                format!("the key file {} cannot be read ({e})", key_file.display())
            };
            return Step::failed(MigrateCode::MigrateKeyProblem, &[("why", &why)]);
        }
    };
    let cert = st
        .certificate_file
        .as_ref()
        .and_then(|p| std::fs::read(p).ok());
    let local = crate::netsuite::cert::check(
        &Secret::new(pem),
        cert.as_deref(),
        crate::profile::clock::now_unix(),
    );
    if !local.ok {
        let why = local
            .findings
            .iter()
            .find(|f| f.code.is_some())
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return Step::failed(MigrateCode::MigrateKeyProblem, &[("why", &why)]);
    }
    let mut uploaded = String::new();
    if st.certificate_id.is_none()
        && let Some(login) = st.upload_login.clone()
    {
        match upload_with(m, st, &login).await {
            Ok(id) => {
                uploaded = format!("uploaded with login {login}: certificate id {id}; ");
                st.certificate_id = Some(id);
            }
            Err(step) => return step,
        }
    }
    let m2m = match credentials(m, st) {
        Ok(Some(c)) => c,
        Ok(None) => return Step::Waiting(Need::CertificateId(st.certificate_file.clone())),
        Err(step) => return step,
    };
    let apis = working(st);
    let (report, finding) = live::oauth2_alone(m.conn, &m2m, &apis).await;
    match finding {
        None => Step::Done(
            format!("{uploaded}the new key gets a token and works"),
            Vec::new(),
        ),
        Some(f) => Step::Failed(vec![f], Some(Box::new(report))),
    }
}

/// The key item's upload through the rotation API with login `login`: the certificate the
/// migration holds, mapped to the TBA token's role and entity.
async fn upload_with(m: &Migration<'_>, st: &MigrationState, login: &str) -> Result<String, Step> {
    let client_id = match st.record {
        RecordChoice::Same => m.tba.consumer_key.clone(),
        RecordChoice::Separate => match &m.separate_client_id {
            Some(c) => c.clone(),
            None => return Err(Step::failed(MigrateCode::MigrateClientIdMissing, &[])),
        },
    };
    let pem = st
        .certificate_file
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .ok_or_else(|| {
            Step::failed(
                MigrateCode::MigrateKeyProblem,
                &[(
                    "why",
                    "there is no certificate file to upload: generate a key first",
                )],
            )
        })?;
    let who = st
        .inventory
        .as_ref()
        .map(|i| i.identity.clone())
        .unwrap_or_default();
    let upload = super::login::Upload {
        client_id: &client_id,
        certificate_pem: &pem,
        role: who.role.as_deref().unwrap_or_default(),
        entity: who.entity.as_deref().unwrap_or_default(),
    };
    super::login::upload(m.conn, m.store, login, &upload)
        .await
        .map_err(|f| Step::Failed(vec![f], None))
}

fn working(st: &MigrationState) -> Vec<Api> {
    st.inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default()
}

async fn side_by_side(m: &Migration<'_>, st: &mut MigrationState) -> Step {
    let Some(inv) = st.inventory.clone() else {
        return Step::Waiting(Need::KeyItem);
    };
    let (new, asked, m2m) = match st.target {
        Target::M2m => match credentials(m, st) {
            Ok(Some(c)) => (c.clone().into(), c.scopes.clone(), Some(c)),
            Ok(None) => return Step::Waiting(Need::KeyItem),
            Err(step) => return step,
        },
        Target::Authcode => match authcode_login(m.store, &st.to) {
            Some(c) => (Connect::AuthCode(c.clone()), c.scopes.clone(), None),
            None => {
                // No login, no comparison: an earlier run's identity is not this login's.
                st.new_identity = None;
                return Step::failed(MigrateCode::MigrateAuthcodeNeedsLogin, &[("login", &st.to)]);
            }
        },
    };
    let s = live::side_by_side(
        m.conn,
        m.tba,
        new,
        &asked,
        &inv,
        st.accepted_role.as_deref(),
    )
    .await;
    st.new_identity = s.claims.as_ref().map(|c| Identity {
        role: c.role.clone(),
        entity: c.entity.clone(),
        ..Identity::default()
    });
    if !s.findings.is_empty() {
        let report = (!s.oauth2.ok).then(|| Box::new(s.oauth2));
        return Step::Failed(s.findings, report);
    }
    if let Err(why) = new_profile::may_use(m.store, st) {
        return Step::failed(MigrateCode::MigrateNewProfileFailing, &[("why", &why)]);
    }
    let saved = match &m2m {
        Some(m2m) => match new_profile::save(m.store, &st.to, &st.account, m2m) {
            new_profile::Saved::Profile(n) => {
                st.saved_profile = Some(n.clone());
                format!("saved as profile {n}")
            }
            new_profile::Saved::NotYet(how) => how,
        },
        None => format!("the login is profile {}", st.to),
    };
    let old_role = inv.identity.role.clone();
    let new_role = st.new_identity.as_ref().and_then(|i| i.role.clone());
    let who = match (&st.accepted_role, old_role == new_role) {
        (Some(r), false) => format!(
            "role {r} accepted (the TBA token's is {}), same entity",
            old_role.as_deref().unwrap_or("?")
        ),
        _ => "same role and entity".to_string(),
    };
    Step::Done(format!("{who}; {saved}"), Vec::new())
}

/// The authorization-code login saved as profile `name`, if there is one.
pub fn authcode_login(
    store: &ProfileStore,
    name: &str,
) -> Option<crate::netsuite::oauth2::authcode::AuthCodeCredentials> {
    store.authcode_credentials(name).ok().map(|(_, c)| c)
}

/// Whether `st`'s account is a sandbox (or release preview): refreshed from production.
pub fn is_sandbox(st: &MigrationState) -> bool {
    AccountId::parse(&st.account).is_ok_and(|a| a.environment().is_refreshable())
}

fn sandbox(dir: &Path, st: &MigrationState, confirmed: bool) -> Step {
    if is_sandbox(st) {
        return Step::Done(
            "this is a sandbox account: migrate production next (a sandbox refresh wipes the mapping: map it again after one)".into(),
            Vec::new(),
        );
    }
    if confirmed || sandbox_migrated(dir, &st.account) {
        return Step::Done("production, after a sandbox".into(), Vec::new());
    }
    Step::failed(MigrateCode::MigrateProductionFirst, &[])
}

/// Whether another migration in the store moved a sandbox of the same company as `account`
/// (`1234567` ↔ `1234567_SB1`, `1234567-sb2`) through its side-by-side item: another company's
/// sandbox proves nothing for this production account.
pub fn sandbox_migrated(dir: &Path, account: &str) -> bool {
    let company = |a: &str| {
        AccountId::parse(a)
            .ok()
            .map(|a| a.production_base().to_ascii_uppercase())
    };
    let Some(want) = company(account) else {
        return false;
    };
    let Ok(entries) = std::fs::read_dir(dir.join(state::DIR)) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(name) = name.strip_suffix(".toml") else {
            return false;
        };
        state::load(dir, name).ok().flatten().is_some_and(|s| {
            is_sandbox(&s)
                && s.item(Item::SideBySide).status == Status::Done
                && company(&s.account).as_ref() == Some(&want)
        })
    })
}

async fn cut_over(m: &Migration<'_>, st: &mut MigrationState, d: Decisions) -> Step {
    if !d.monitored_ok {
        return Step::failed(MigrateCode::MigrateNotMonitored, &[]);
    }
    let mut note = String::new();
    if d.revoke {
        match revoke(m).await {
            Ok(()) => {
                st.tba_revoked = true;
                return Step::Done("cut over; the TBA token was revoked".into(), Vec::new());
            }
            Err(e) => note = format!("the TBA token was not revoked ({e}); "),
        }
    }
    Step::Done(
        format!(
            "cut over; {note}the TBA token stays active (revoking it is offered, never done on its own)"
        ),
        Vec::new(),
    )
}

/// Revokes the TBA token after a completed cut-over (the user's twice-confirmed choice, made
/// later than the cut-over itself).
pub async fn revoke_later(m: &Migration<'_>, st: &mut MigrationState) -> Result<(), String> {
    revoke(m).await?;
    st.tba_revoked = true;
    let now = crate::profile::clock::now_unix();
    st.done(
        Item::CutOver,
        "cut over; the TBA token was revoked afterwards",
        now,
    );
    Ok(())
}

/// Whether `id` looks like a Certificate ID NetSuite shows (base64url: letters, digits, `-`
/// and `_`; it may start with `-`), checked before any token request: a space or a `!` is a
/// copy slip, not an id.
pub fn check_certificate_id(id: &str) -> Result<(), String> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err("expected the Certificate ID NetSuite shows after the upload: base64url characters only (A-Z, a-z, 0-9, '-' and '_', no spaces; it may start with '-')".into())
    }
}

async fn revoke(m: &Migration<'_>) -> Result<(), String> {
    let client = crate::authflow::three_legged::FlowClient::new(
        crate::authflow::three_legged::FlowSettings {
            account: m.conn.account.clone(),
            consumer_key: m.tba.consumer_key.clone(),
            consumer_secret: m.tba.consumer_secret.clone(),
            role: None,
            callback_port: 0,
            timeout: m.conn.timeout,
            base_url: m.conn.base_url.clone(),
        },
    )
    .map_err(|e| e.to_string())?;
    client
        .revoke(&m.tba.token_id, &m.tba.token_secret)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sandbox_account_is_recognised_in_every_spelling() {
        for a in [
            "1234567_SB1",
            "1234567-sb1",
            "1234567_sb2",
            "1234567-SB1",
            "1234567_RP",
        ] {
            let st = MigrationState::new("acme", "acme-m2m", a, 0);
            assert!(is_sandbox(&st), "{a}");
            let words = super::super::vars::item_words(&st, Item::Sandbox);
            assert!(
                !words.todo.contains("sandbox profile first"),
                "{a}: a sandbox is told to migrate a sandbox first: {}",
                words.todo
            );
        }
        assert!(!is_sandbox(&MigrationState::new("a", "b", "1234567", 0)));
    }
}
