//! The migration's background work, run by the runtime and answered with a message: opening the
//! progress of a TBA profile (the same `migrations/<FROM>.toml` as `nstba migrate`, so the two
//! resume each other's migration), and running one checklist item through the shared step
//! engine ([`crate::migrate::steps`]), then the TBA test after it, and the migration's own login
//! ([`super::migrate_login`]: the authorization-code target's new profile, or the login that
//! uploads the certificate). Progress is saved after every step. No secret is in any message or
//! `Debug`.

use std::time::Duration;

use crate::Secret;
use crate::authflow::cert_rotation::RotationSettings;
use crate::check::Api;
use crate::migrate::live::Connection;
use crate::migrate::state::{self, MigrationState};
use crate::migrate::steps::{self, Decisions, Migration, Need, Step};
use crate::migrate::{Finding, Item};
use crate::profile::ProfileStore;
use crate::tui::message::Message;

/// What the runtime is asked to do.
#[derive(Debug)]
pub enum MigrateCommand {
    /// Read the progress of the migration of TBA profile `from` (or start one).
    Open {
        /// The TBA profile.
        from: String,
    },
    /// Run one item.
    Step(Box<StepJob>),
    /// Log in (authorization code) and save the login as the migration's new profile.
    Login(Box<LoginJob>),
}

/// A login (authorization code) on the migration's record, saved as profile `name`: the new
/// profile of the authorization-code target (item 6), or the login that uploads the
/// certificate (item 5).
#[derive(Debug, Clone)]
pub struct LoginJob {
    /// The progress (the TBA profile, the record, the scopes).
    pub state: MigrationState,
    /// The profile the login is saved as.
    pub name: String,
    /// The item the login is for (the key item's login asks for `rest_webservices` too: the
    /// rotation API needs it).
    pub item: Item,
    /// Demo: play the browser's part and click Allow (`Some(true)`) or Deny; `None`: open a
    /// real browser.
    pub demo: Option<bool>,
    /// Send every call to this origin (the demo emulator).
    pub base_url: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
}

/// One item to run, with everything the step reads.
pub struct StepJob {
    /// The progress as the wizard has it (its choices included).
    pub state: MigrationState,
    /// The item.
    pub item: Item,
    /// The user's answers for it.
    pub decisions: Decisions,
    /// Generate a key and certificate first (the key item, when there is none).
    pub generate: bool,
    /// Demo: upload the certificate through the emulator's rotation API with these settings.
    pub demo_upload: Option<Box<RotationSettings>>,
    /// A Certificate ID typed in the wizard (the manual upload).
    pub certificate_id: Option<String>,
    /// A separate record's Client ID.
    pub separate_client_id: Option<Secret>,
    /// Send every call to this origin (the demo emulator).
    pub base_url: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl std::fmt::Debug for StepJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StepJob")
            .field("from", &self.state.from)
            .field("item", &self.item)
            .finish_non_exhaustive()
    }
}

/// A migration as opened.
#[derive(Debug, Clone)]
pub struct Opened {
    /// Its progress.
    pub state: MigrationState,
    /// The interfaces the TBA profile says it uses.
    pub apis: Vec<Api>,
    /// The saved TBA profiles (only they can be moved).
    pub tba_profiles: Vec<String>,
    /// The authorization-code logins saved for the account (they can upload the certificate).
    pub logins: Vec<String>,
}

/// What one item's step came to, as the wizard shows it.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Done: a note and warnings.
    Done(String, Vec<Finding>),
    /// Needs an answer.
    Waiting(Need),
    /// A problem: the findings, and the failing test's first diagnosis (one line).
    Failed(Vec<Finding>, Option<String>),
    /// The step was done but the TBA profile stopped working afterwards.
    TbaBroken(Finding),
}

/// One step's answer.
#[derive(Debug, Clone)]
pub struct Stepped {
    /// The progress after it (saved).
    pub state: MigrationState,
    /// The item run.
    pub item: Item,
    /// What it came to.
    pub outcome: Outcome,
    /// The TBA test after it: passed, failed, or not run.
    pub tba_ok: Option<bool>,
}

/// The answers.
#[derive(Debug, Clone)]
pub enum MigrateEvent {
    /// The migration was opened, or why not.
    Opened(Result<Box<Opened>, String>),
    /// A step ran, or why it could not.
    Stepped(Result<Box<Stepped>, String>),
    /// The login was saved as this profile, or why not.
    LoggedIn(Result<String, String>),
}

/// Runs one command against `store` and sends its answer.
pub async fn run(
    cmd: MigrateCommand,
    store: Option<ProfileStore>,
    tx: tokio::sync::mpsc::UnboundedSender<Message>,
) {
    let ev = match (cmd, store) {
        (_, None) => {
            MigrateEvent::Opened(Err("profiles are unavailable, so is the migration".into()))
        }
        (MigrateCommand::Open { from }, Some(store)) => {
            MigrateEvent::Opened(open(&store, &from).map(Box::new))
        }
        (MigrateCommand::Step(job), Some(store)) => {
            MigrateEvent::Stepped(step(&store, *job).await.map(Box::new))
        }
        (MigrateCommand::Login(job), Some(store)) => {
            // The core login's wait is not `Send`: it runs on a blocking thread.
            let handle = tokio::runtime::Handle::current();
            let r = tokio::task::spawn_blocking(move || {
                handle.block_on(super::migrate_login::login(&store, *job))
            })
            .await
            .unwrap_or_else(|e| Err(format!("the login stopped: {e}")));
            MigrateEvent::LoggedIn(r)
        }
    };
    let _ = tx.send(Message::Migrate(ev));
}

/// The progress of `from`, or a new migration to `FROM-m2m`. Only a TBA profile can be moved:
/// when `from` is not one, the first saved TBA profile is opened instead (none: why not).
pub fn open(store: &ProfileStore, from: &str) -> Result<Opened, String> {
    let tba_profiles = crate::migrate::login::tba_profiles(store);
    let from = if tba_profiles.iter().any(|p| p == from) {
        from.to_string()
    } else {
        tba_profiles.first().cloned().ok_or_else(|| {
            "No saved TBA profile to move: only a TBA (token-based) profile can be moved to OAuth 2.0. Save one first (start screen: Set up TBA, then s)."
                .to_string()
        })?
    };
    let profile = store.get(&from).map_err(|e| format!("{from}: {e}"))?;
    store
        .load_credentials(&from)
        .map_err(|e| format!("{from} cannot be moved (a TBA profile is needed): {e}"))?;
    let state = match state::load(store.dir(), &from).map_err(|e| e.to_string())? {
        Some(s) => s,
        None => MigrationState::new(
            &from,
            &format!("{from}-m2m"),
            &profile.account,
            crate::profile::clock::now_unix(),
        ),
    };
    Ok(Opened {
        logins: crate::migrate::login::logins_for(store, &profile.account),
        state,
        apis: profile.apis,
        tba_profiles,
    })
}

async fn step(store: &ProfileStore, job: StepJob) -> Result<Stepped, String> {
    let mut st = job.state;
    let from = st.from.clone();
    let profile = store.get(&from).map_err(|e| format!("{from}: {e}"))?;
    let tba = store
        .load_credentials(&from)
        .map_err(|e| format!("{from}: {e}"))?;
    let conn = Connection {
        account: profile.account.clone(),
        base_url: job.base_url,
        timeout: job.timeout,
    };
    let m = Migration {
        conn: &conn,
        tba: &tba,
        apis: &profile.apis,
        store,
        // As `nstba migrate`: a separate record's Client ID comes from the environment.
        separate_client_id: job.separate_client_id.or_else(|| {
            std::env::var(crate::netsuite::oauth2::credentials::CLIENT_ID_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| Secret::new(v.trim().to_string()))
        }),
    };
    if job.item == Item::SideBySide {
        // Never the TBA profile, never a profile someone else saved under the new name.
        crate::migrate::new_profile::may_use(store, &st)
            .map_err(|why| format!("The new profile {}: {why}.", st.to))?;
    }
    if job.item == Item::Key {
        prepare_key(
            store,
            &mut st,
            job.generate,
            job.demo_upload,
            job.certificate_id,
        )
        .await?;
    }
    let s = steps::run(&m, &mut st, job.item, job.decisions).await;
    let now = crate::profile::clock::now_unix();
    steps::record(&mut st, job.item, &s, now);
    save(store, &st)?;
    let mut tba_ok = None;
    let mut outcome = match s {
        Step::Done(note, warnings) => Outcome::Done(note, warnings),
        Step::Waiting(need) => Outcome::Waiting(need),
        Step::Failed(findings, report) => Outcome::Failed(
            findings,
            report.and_then(|r| {
                r.diagnoses
                    .first()
                    .map(|d| format!("{} ({}): {}", d.title, d.code, d.cause))
            }),
        ),
    };
    // A TBA token the user chose to revoke at cut-over is expected to stop working.
    let revoked = job.item == Item::CutOver && st.tba_revoked;
    if matches!(outcome, Outcome::Done(..)) && !revoked {
        let broken = steps::tba_after(&m, &mut st, job.item).await;
        tba_ok = Some(broken.is_none());
        if let Some(f) = broken {
            outcome = Outcome::TbaBroken(f);
        }
        save(store, &st)?;
    }
    Ok(Stepped {
        state: st,
        item: job.item,
        outcome,
        tba_ok,
    })
}

/// The key item's local part: a new key when asked, the demo upload, a typed Certificate ID.
async fn prepare_key(
    store: &ProfileStore,
    st: &mut MigrationState,
    generate: bool,
    demo_upload: Option<Box<RotationSettings>>,
    certificate_id: Option<String>,
) -> Result<(), String> {
    if generate && st.key_file.is_none() {
        steps::generate_key(store.dir(), st)?;
        save(store, st)?;
    }
    if let Some(id) = certificate_id.filter(|i| !i.trim().is_empty()) {
        steps::check_certificate_id(&id).map_err(|why| format!("Certificate ID: {why}."))?;
        st.certificate_id = Some(id.trim().to_string());
    }
    if let (Some(settings), Some(cert)) = (demo_upload, st.certificate_file.clone()) {
        let pem = std::fs::read_to_string(&cert).map_err(|e| format!("{}: {e}", cert.display()))?;
        let id = super::m2m_task::upload(*settings, &pem).await?;
        st.certificate_id = Some(id);
        save(store, st)?;
    }
    Ok(())
}

fn save(store: &ProfileStore, st: &MigrationState) -> Result<(), String> {
    state::save(store.dir(), st).map_err(|e| format!("cannot save the progress: {e}"))
}
