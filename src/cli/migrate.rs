//! `nstba migrate --from TBA_PROFILE [--to NAME]`: the guided TBA → OAuth 2.0 move, item by item
//! over the core checklist ([`nstba::migrate`]). On a terminal it asks; otherwise (scripts,
//! tests) every answer is a flag, and a step that needs one the run does not have pauses there.
//! Progress is saved after every item, so running the command again resumes where it stopped.
//! The TBA profile is tested after every item: the migration must never break it.

use std::io::{BufRead as _, IsTerminal as _};
use std::path::PathBuf;

use clap::Args;
use nstba::Secret;
use nstba::check::{Api, Report};
use nstba::migrate::live::{self, Connection};
use nstba::migrate::state::{self, Identity, MigrationState, RecordChoice, Target};
use nstba::migrate::{Finding, Item, MigrateCode, Status, keys, new_profile, words};
use nstba::netsuite::oauth2::M2mCredentials;
use nstba::netsuite::{AccountId, Credentials};
use nstba::profile::{ProfileStore, clock};

use super::CliError;
use super::test::{WIDTH, parse_base_url, parse_timeout, wrap};

/// `nstba migrate` arguments.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one flag per independent answer a script gives instead of a prompt"
)]
#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    /// The saved TBA profile to move.
    #[arg(long, value_name = "TBA_PROFILE")]
    pub from: String,
    /// Name of the new OAuth 2.0 profile (default: FROM-m2m).
    #[arg(long, value_name = "NAME")]
    pub to: Option<String>,
    /// Only show where the migration stands.
    #[arg(long)]
    pub status: bool,
    /// Forget the saved progress and start again.
    #[arg(long)]
    pub restart: bool,
    /// Target: m2m (default, unattended) or authcode (acting as a person).
    #[arg(long, value_name = "KIND")]
    pub target: Option<String>,
    /// Integration record: same (the TBA record, OAuth 2.0 boxes ticked) or separate.
    #[arg(long, value_name = "same|separate")]
    pub record: Option<String>,
    /// Scopes for the new profile (comma list; default: those of the interfaces TBA works on).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub scopes: Vec<String>,
    /// Confirm the NetSuite steps of the record, role and upload items as done.
    #[arg(long)]
    pub yes: bool,
    /// Generate a new key and certificate to upload (EC P-256, 730 days).
    #[arg(long)]
    pub generate_key: bool,
    /// Use this private key (unencrypted PEM) instead.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// The certificate uploaded for that key (for the local checks).
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<PathBuf>,
    /// The Certificate ID NetSuite showed for the mapping.
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub certificate_id: Option<String>,
    /// Accept an OAuth 2.0 role other than the TBA token's (its internal id).
    #[arg(long, value_name = "ROLE_ID")]
    pub accept_role: Option<String>,
    /// Confirm a sandbox was migrated first (on a production account).
    #[arg(long)]
    pub sandbox_done: bool,
    /// Confirm a monitored run of the integration on the new profile succeeded.
    #[arg(long)]
    pub monitored_ok: bool,
    /// Revoke the TBA token at cut-over (needs --confirm-revoke with the profile name again).
    #[arg(long)]
    pub revoke_tba: bool,
    /// The TBA profile's name, typed again to confirm --revoke-tba.
    #[arg(long, value_name = "TBA_PROFILE")]
    pub confirm_revoke: Option<String>,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub timeout: f64,
    /// Send every NetSuite call to this origin (emulator, proxy).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Allow a cleartext http:// --base-url to a host that is not loopback.
    #[arg(long)]
    pub allow_insecure_http: bool,
}

/// What one item's step came to.
enum Step {
    /// Done (with warnings, maybe).
    Done(String, Vec<Finding>),
    /// Needs an answer this run does not have: stop here, resume later.
    Waiting(String),
    /// Found a problem (the findings say which item to go back to).
    Failed(Vec<Finding>, Option<Report>),
}

/// Everything a step reads.
struct Ctx {
    args: MigrateArgs,
    store: ProfileStore,
    conn: Connection,
    tba: Credentials,
    apis: Vec<Api>,
    interactive: bool,
}

/// Runs `nstba migrate`.
pub fn run(args: &MigrateArgs) -> Result<(), CliError> {
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    let profile = store
        .get(&args.from)
        .map_err(|e| CliError::usage(format!("--from {}: {e}", args.from)))?;
    let tba = store
        .load_credentials(&args.from)
        .map_err(|e| CliError::usage(format!("--from {}: {e}", args.from)))?;
    let base_url = args
        .base_url
        .as_deref()
        .map(|u| parse_base_url(u, args.allow_insecure_http))
        .transpose()?;
    let conn = Connection {
        account: profile.account.clone(),
        base_url,
        timeout: parse_timeout(args.timeout)?,
    };
    let now = clock::now_unix();
    let mut st =
        match state::load(store.dir(), &args.from).map_err(|e| CliError::usage(e.to_string()))? {
            Some(s) if !args.restart => s,
            _ => {
                let to = args
                    .to
                    .clone()
                    .unwrap_or_else(|| format!("{}-m2m", args.from));
                MigrationState::new(&args.from, &to, &profile.account, now)
            }
        };
    if let Some(to) = &args.to {
        nstba::profile::validate_name(to).map_err(|e| CliError::usage(format!("--to: {e}")))?;
        st.to.clone_from(to);
    }
    let cx = Ctx {
        args: args.clone(),
        store,
        conn,
        tba,
        apis: profile.apis.clone(),
        interactive: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
    };
    apply_flags(&cx, &mut st, now)?;
    if args.status {
        print_status(&st);
        return Ok(());
    }
    out!(
        "Migrating profile {} ({}) to OAuth 2.0 as {}.",
        st.from,
        st.account,
        st.to
    );
    let result = drive(&cx, &mut st);
    save(&cx, &st)?;
    out!();
    print_status(&st);
    result
}

/// Flags that change an earlier answer send the checklist back to that item.
fn apply_flags(cx: &Ctx, st: &mut MigrationState, now: i64) -> Result<(), CliError> {
    let a = &cx.args;
    if let Some(t) = &a.target {
        let t = match t.trim().to_ascii_lowercase().as_str() {
            "m2m" => Target::M2m,
            "authcode" => Target::Authcode,
            _ => {
                return Err(CliError::usage(format!(
                    "--target {t:?}: expected m2m or authcode"
                )));
            }
        };
        if t != st.target {
            st.target = t;
            st.reopen_from(Item::Target, now);
        }
    }
    if let Some(r) = &a.record {
        let r = match r.trim().to_ascii_lowercase().as_str() {
            "same" => RecordChoice::Same,
            "separate" => RecordChoice::Separate,
            _ => {
                return Err(CliError::usage(format!(
                    "--record {r:?}: expected same or separate"
                )));
            }
        };
        if r != st.record {
            st.record = r;
            st.reopen_from(Item::Record, now);
        }
    }
    if !a.scopes.is_empty() && a.scopes != st.scopes {
        st.scopes.clone_from(&a.scopes);
        st.reopen_from(Item::Record, now);
    }
    let key_changed = a.key.is_some() && a.key != st.key_file;
    let id_changed = a.certificate_id.is_some() && a.certificate_id != st.certificate_id;
    if let Some(k) = &a.key {
        st.key_file = Some(k.clone());
    }
    if let Some(c) = &a.certificate {
        st.certificate_file = Some(c.clone());
    }
    if let Some(id) = &a.certificate_id {
        st.certificate_id = Some(id.trim().to_string());
    }
    if a.accept_role.is_some() && a.accept_role != st.accepted_role {
        st.accepted_role.clone_from(&a.accept_role);
        st.reopen_from(Item::SideBySide, now);
    }
    if key_changed || id_changed || a.generate_key {
        reopen_if_past(st, Item::Key, now);
    }
    if st.items.values().any(|i| i.status == Status::Failed) {
        // A failed item is tried again on this run; nothing to do here.
    }
    Ok(())
}

fn reopen_if_past(st: &mut MigrationState, item: Item, now: i64) {
    if st.next().is_none_or(|n| n > item) {
        st.reopen_from(item, now);
    }
}

fn save(cx: &Ctx, st: &MigrationState) -> Result<(), CliError> {
    state::save(cx.store.dir(), st)
        .map_err(|e| CliError::internal(format!("cannot save the progress: {e}")))
}

/// Runs items from the first open one until one waits or fails, or all are done.
fn drive(cx: &Ctx, st: &mut MigrationState) -> Result<(), CliError> {
    let rt = super::token::runtime()?;
    while let Some(item) = st.next() {
        header(st, item);
        let step = rt.block_on(step(cx, st, item))?;
        let now = clock::now_unix();
        match step {
            Step::Done(note, warnings) => {
                for w in &warnings {
                    print_finding(st, w);
                }
                out!("  ✓ {note}");
                let codes = warnings.iter().map(|w| w.code).collect();
                st.done_with(item, codes, note, now);
            }
            Step::Waiting(what) => {
                out!("{}", wrap(&what, "  … ", "    ", WIDTH));
                out!(
                    "  Paused at item {} ({}); run the same command again to resume.",
                    item.number(),
                    item.id()
                );
                return Ok(());
            }
            Step::Failed(findings, report) => {
                fail(st, item, &findings, now);
                for f in &findings {
                    print_finding(st, f);
                }
                if let Some(r) = report {
                    print_report_cause(&r);
                }
                save(cx, st)?;
                return Err(CliError::Problem(None));
            }
        }
        save(cx, st)?;
        // A TBA token the user chose to revoke at cut-over is expected to stop working.
        let revoked_by_choice = item == Item::CutOver && st.tba_revoked;
        if !revoked_by_choice && !tba_still_works(cx, st, item, &rt)? {
            return Err(CliError::Problem(None));
        }
    }
    out!("\nThe migration is complete.");
    Ok(())
}

/// Marks the earliest item a finding points to as failed (the later ones open again).
fn fail(st: &mut MigrationState, at: Item, findings: &[Finding], now: i64) {
    let back = findings
        .iter()
        .map(|f| f.code.item())
        .min()
        .unwrap_or(at)
        .min(at);
    st.reopen_from(back, now);
    let codes = findings.iter().map(|f| f.code).collect();
    let note = findings
        .first()
        .map(|f| words::failure(f.code, &pairs(&vars(st, f))).title)
        .unwrap_or_default();
    st.failed(back, codes, note, now);
}

/// The TBA test after each item: the TBA profile must keep working throughout.
fn tba_still_works(
    cx: &Ctx,
    st: &mut MigrationState,
    after: Item,
    rt: &tokio::runtime::Runtime,
) -> Result<bool, CliError> {
    let apis = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default();
    let r = rt.block_on(live::tba_works(&cx.conn, &cx.tba, &apis));
    let now = clock::now_unix();
    st.record_tba(after, r.ok, now);
    if r.ok {
        out!("  ✓ TBA profile {} still works.", st.from);
        return Ok(true);
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
    print_finding(st, &f);
    save(cx, st)?;
    Ok(false)
}

async fn step(cx: &Ctx, st: &mut MigrationState, item: Item) -> Result<Step, CliError> {
    Ok(match item {
        Item::Inventory => inventory(cx, st).await,
        Item::Target => target(cx, st),
        Item::Record => record(cx, st),
        Item::Role => confirm(
            cx,
            "Done: the role has Log in using OAuth 2.0 Access Tokens?",
        ),
        Item::Key => key(cx, st).await?,
        Item::SideBySide => side_by_side(cx, st).await?,
        Item::Sandbox => sandbox(cx, st),
        Item::CutOver => cut_over(cx, st).await,
    })
}

async fn inventory(cx: &Ctx, st: &mut MigrationState) -> Step {
    let o = live::inventory(&cx.conn, &cx.tba, &cx.apis).await;
    let id = &o.inventory.identity;
    out!(
        "  TBA works on: {}; role {}, entity {}{}.",
        o.inventory
            .working
            .iter()
            .map(Api::name)
            .collect::<Vec<_>>()
            .join(", "),
        id.role.as_deref().unwrap_or("?"),
        id.entity.as_deref().unwrap_or("?"),
        id.company
            .as_deref()
            .map(|c| format!(", company {c}"))
            .unwrap_or_default()
    );
    let (fatal, warnings): (Vec<Finding>, Vec<Finding>) =
        o.findings.into_iter().partition(|f| !f.code.is_warning());
    st.inventory = Some(o.inventory);
    if !fatal.is_empty() {
        return Step::Failed(fatal, Some(o.report));
    }
    Step::Done("inventory taken".into(), warnings)
}

fn target(cx: &Ctx, st: &mut MigrationState) -> Step {
    if cx.interactive && cx.args.target.is_none() {
        let a = ask("Target: [m]2m (default) or [a]uthcode? ");
        if a.starts_with('a') {
            st.target = Target::Authcode;
        }
    }
    match st.target {
        Target::M2m => Step::Done("target: client credentials (M2M)".into(), Vec::new()),
        Target::Authcode => Step::Failed(
            vec![Finding::new(MigrateCode::MigrateAuthcodeNeedsLogin, &[])],
            None,
        ),
    }
}

fn record(cx: &Ctx, st: &mut MigrationState) -> Step {
    if cx.interactive && cx.args.record.is_none() {
        let a = ask("Record: the [s]ame TBA record (default) or a separate one ([o]ther)? ");
        if a.starts_with('o') {
            st.record = RecordChoice::Separate;
        }
    }
    if st.scopes.is_empty() {
        st.scopes = default_scopes(st);
    }
    if st.record == RecordChoice::Separate && client_id_env().is_none() {
        return Step::Failed(
            vec![Finding::new(MigrateCode::MigrateClientIdMissing, &[])],
            None,
        );
    }
    match confirm(
        cx,
        "Done: OAuth 2.0 boxes, grant and scopes ticked on the record?",
    ) {
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

/// Scopes for the interfaces the TBA token works on (SOAP has none).
fn default_scopes(st: &MigrationState) -> Vec<String> {
    let working = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default();
    let mut s: Vec<String> = working
        .iter()
        .filter_map(|a| match a {
            Api::Rest => Some("rest_webservices".to_string()),
            Api::Restlet => Some("restlets".to_string()),
            Api::Soap => None,
        })
        .collect();
    if s.is_empty() {
        s.push("rest_webservices".into());
    }
    s
}

fn client_id_env() -> Option<String> {
    super::env::var(nstba::netsuite::oauth2::credentials::CLIENT_ID_ENV)
}

/// A NetSuite step the user must do: `--yes`, or a yes on the terminal.
fn confirm(cx: &Ctx, question: &str) -> Step {
    if cx.args.yes || (cx.interactive && ask(&format!("{question} [y/N] ")).starts_with('y')) {
        Step::Done("confirmed".into(), Vec::new())
    } else {
        Step::Waiting("Do the step above in NetSuite, then confirm it (--yes, or answer y).".into())
    }
}

fn ask(question: &str) -> String {
    super::out::stdout(format_args!("{question}"));
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_ascii_lowercase()
}

/// The M2M credentials as far as the progress knows them.
fn m2m(st: &MigrationState, cx: &Ctx) -> Result<Option<M2mCredentials>, CliError> {
    let (Some(key_file), Some(id)) = (&st.key_file, &st.certificate_id) else {
        return Ok(None);
    };
    let key = std::fs::read_to_string(key_file)
        .map_err(|e| CliError::usage(format!("--key {}: {e}", key_file.display())))?;
    let client_id = match st.record {
        RecordChoice::Same => cx.tba.consumer_key.clone(),
        RecordChoice::Separate => Secret::new(client_id_env().unwrap_or_default()),
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

async fn key(cx: &Ctx, st: &mut MigrationState) -> Result<Step, CliError> {
    if st.key_file.is_none()
        && (cx.args.generate_key
            || (cx.interactive
                && !ask("Generate a new key and certificate? [Y/n] ").starts_with('n')))
    {
        let dir = cx.store.dir().join(state::DIR);
        let f = keys::generate_for(
            &dir,
            &st.from,
            nstba::netsuite::cert::KeyAlgorithm::EcP256,
            730,
        )
        .map_err(CliError::internal)?;
        out!(
            "  Key: {} (keep it private); certificate to upload: {}",
            f.key.display(),
            f.certificate.display()
        );
        st.key_file = Some(f.key);
        st.certificate_file = Some(f.certificate);
    }
    let Some(key_file) = st.key_file.clone() else {
        return Ok(Step::Waiting(
            "Give the private key (--key FILE) or let nstba make one (--generate-key).".into(),
        ));
    };
    let pem = std::fs::read_to_string(&key_file).unwrap_or_default();
    let cert = st
        .certificate_file
        .as_ref()
        .and_then(|p| std::fs::read(p).ok());
    let local = nstba::netsuite::cert::check(&Secret::new(pem), cert.as_deref(), clock::now_unix());
    if !local.ok {
        let why = local
            .findings
            .iter()
            .find(|f| f.code.is_some())
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return Ok(Step::Failed(
            vec![Finding::new(
                MigrateCode::MigrateKeyProblem,
                &[("why", &why)],
            )],
            None,
        ));
    }
    if st.certificate_id.is_none() && cx.interactive {
        let id = ask("Certificate ID shown after the upload: ");
        if !id.is_empty() {
            st.certificate_id = Some(id);
        }
    }
    let Some(m2m) = m2m(st, cx)? else {
        return Ok(Step::Waiting(format!(
            "Upload {} as the item says, then give the Certificate ID NetSuite shows (--certificate-id ID).",
            st.certificate_file
                .as_ref()
                .map_or("the certificate".into(), |p| p.display().to_string())
        )));
    };
    let apis = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default();
    let (report, finding) = live::oauth2_alone(&cx.conn, &m2m, &apis).await;
    Ok(match finding {
        None => Step::Done("the new key gets a token and works".into(), Vec::new()),
        Some(f) => Step::Failed(vec![f], Some(report)),
    })
}

async fn side_by_side(cx: &Ctx, st: &mut MigrationState) -> Result<Step, CliError> {
    let (Some(m2m), Some(inv)) = (m2m(st, cx)?, st.inventory.clone()) else {
        return Ok(Step::Waiting("The key item is not done yet.".into()));
    };
    let s = live::side_by_side(&cx.conn, &cx.tba, &m2m, &inv, st.accepted_role.as_deref()).await;
    st.new_identity = s.claims.as_ref().map(|c| Identity {
        role: c.role.clone(),
        entity: c.entity.clone(),
        ..Identity::default()
    });
    out!(
        "  TBA: {}; OAuth 2.0: {}; role {} / {}, entity {} / {}.",
        if s.tba.ok { "works" } else { "FAILS" },
        if s.oauth2.ok { "works" } else { "FAILS" },
        inv.identity.role.as_deref().unwrap_or("?"),
        st.new_identity
            .as_ref()
            .and_then(|i| i.role.as_deref())
            .unwrap_or("?"),
        inv.identity.entity.as_deref().unwrap_or("?"),
        st.new_identity
            .as_ref()
            .and_then(|i| i.entity.as_deref())
            .unwrap_or("?"),
    );
    if !s.findings.is_empty() {
        let report = (!s.oauth2.ok).then_some(s.oauth2);
        return Ok(Step::Failed(s.findings, report));
    }
    let saved = match new_profile::save(&cx.store, &st.to, &st.account, &m2m) {
        new_profile::Saved::Profile(n) => format!("saved as profile {n}"),
        new_profile::Saved::NotYet(how) => how,
    };
    Ok(Step::Done(
        format!("same role and entity; {saved}"),
        Vec::new(),
    ))
}

fn sandbox(cx: &Ctx, st: &MigrationState) -> Step {
    let env = AccountId::parse(&st.account).map(|a| a.environment());
    if env
        .as_ref()
        .is_ok_and(nstba::netsuite::account::Environment::is_refreshable)
    {
        return Step::Done(
            "this is a sandbox account: migrate production next (a sandbox refresh wipes the mapping: map it again after one)".into(),
            Vec::new(),
        );
    }
    if cx.args.sandbox_done
        || sandbox_migrated(cx)
        || (cx.interactive && ask("Was a sandbox migrated first? [y/N] ").starts_with('y'))
    {
        return Step::Done("production, after a sandbox".into(), Vec::new());
    }
    Step::Failed(
        vec![Finding::new(MigrateCode::MigrateProductionFirst, &[])],
        None,
    )
}

/// Whether another migration in the store moved a sandbox through its side-by-side item.
fn sandbox_migrated(cx: &Ctx) -> bool {
    let Ok(entries) = std::fs::read_dir(cx.store.dir().join(state::DIR)) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".toml")
            .to_string();
        state::load(cx.store.dir(), &name)
            .ok()
            .flatten()
            .is_some_and(|s| {
                AccountId::parse(&s.account).is_ok_and(|a| a.environment().is_refreshable())
                    && s.item(Item::SideBySide).status == Status::Done
            })
    })
}

async fn cut_over(cx: &Ctx, st: &mut MigrationState) -> Step {
    let confirmed = cx.args.monitored_ok
        || (cx.interactive
            && ask(&format!(
                "Did a monitored run of the integration on {} succeed? [y/N] ",
                st.to
            ))
            .starts_with('y'));
    if !confirmed {
        return Step::Failed(
            vec![Finding::new(MigrateCode::MigrateNotMonitored, &[])],
            None,
        );
    }
    if revoke_confirmed(cx, st) {
        match revoke(cx).await {
            Ok(()) => {
                st.tba_revoked = true;
                return Step::Done("cut over; the TBA token was revoked".into(), Vec::new());
            }
            Err(e) => out!("  The TBA token was not revoked: {e}"),
        }
    }
    Step::Done(
        format!(
            "cut over; the TBA token stays active (revoke it later: `nstba migrate --from {} --revoke-tba --confirm-revoke {}`)",
            st.from, st.from
        ),
        Vec::new(),
    )
}

/// Revoking is offered, never done on its own, and asked twice.
fn revoke_confirmed(cx: &Ctx, st: &MigrationState) -> bool {
    if cx.args.revoke_tba {
        return cx.args.confirm_revoke.as_deref() == Some(st.from.as_str());
    }
    cx.interactive
        && ask("Revoke the TBA token now? Integrations still using it stop at once. [y/N] ")
            .starts_with('y')
        && ask(&format!(
            "Type the profile name ({}) to revoke its token: ",
            st.from
        )) == st.from.to_ascii_lowercase()
}

async fn revoke(cx: &Ctx) -> Result<(), String> {
    let client = nstba::authflow::three_legged::FlowClient::new(
        nstba::authflow::three_legged::FlowSettings {
            account: cx.conn.account.clone(),
            consumer_key: cx.tba.consumer_key.clone(),
            consumer_secret: cx.tba.consumer_secret.clone(),
            role: None,
            callback_port: 0,
            timeout: cx.conn.timeout,
            base_url: cx.conn.base_url.clone(),
        },
    )
    .map_err(|e| e.to_string())?;
    client
        .revoke(&cx.tba.token_id, &cx.tba.token_secret)
        .await
        .map_err(|e| e.to_string())
}

/// The values every item's and failure's words may use.
fn vars(st: &MigrationState, f: &Finding) -> Vec<(String, String)> {
    let id = st
        .inventory
        .as_ref()
        .map(|i| i.identity.clone())
        .unwrap_or_default();
    let mut v: Vec<(String, String)> = f.vars.clone();
    let mut add = |k: &str, val: String| {
        if !v.iter().any(|(n, _)| n == k) {
            v.push((k.to_string(), val));
        }
    };
    add("from", st.from.clone());
    add("to", st.to.clone());
    add(
        "role",
        id.role.unwrap_or_else(|| "the TBA token's role".into()),
    );
    add(
        "entity",
        id.entity.unwrap_or_else(|| "the TBA token's entity".into()),
    );
    let scopes = if st.scopes.is_empty() {
        default_scopes(st)
    } else {
        st.scopes.clone()
    };
    add("scopes", scopes.join(", "));
    add("why", "see the diagnosis below".into());
    v
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn header(st: &MigrationState, item: Item) {
    let empty = Finding::new(MigrateCode::MigrateNewProfileFailing, &[]);
    let v = vars(st, &empty);
    let w = words::item(item, &pairs(&v));
    out!("\n[{}/8] {}", item.number(), w.title);
    out!("{}", wrap(&w.about, "  ", "  ", WIDTH));
    out!("{}", wrap(&w.todo, "  To do: ", "    ", WIDTH));
}

fn print_finding(st: &MigrationState, f: &Finding) {
    let v = vars(st, f);
    let w = words::failure(f.code, &pairs(&v));
    let mark = if f.code.is_warning() { "!" } else { "✗" };
    out!("  {mark} {} ({}): {}", f.code, w.item, w.title);
    out!("{}", wrap(&w.cause, "    ", "    ", WIDTH));
    for fix in &w.fixes {
        out!("{}", wrap(fix, "    Fix: ", "      ", WIDTH));
    }
}

/// The failing test's own first diagnosis, for the details.
fn print_report_cause(r: &Report) {
    if let Some(d) = r.diagnoses.first() {
        out!(
            "{}",
            wrap(
                &format!("{} ({}): {}", d.title, d.code, d.cause),
                "    Test: ",
                "      ",
                WIDTH
            )
        );
    }
}

/// The checklist with each item's state.
pub fn print_status(st: &MigrationState) {
    out!(
        "Migration of {} to {}: {} of 8 items done.",
        st.from,
        st.to,
        st.done_count()
    );
    for item in Item::all() {
        let s = st.item(item);
        let empty = Finding::new(MigrateCode::MigrateNewProfileFailing, &[]);
        let title = words::item(item, &pairs(&vars(st, &empty))).title;
        let codes: Vec<&str> = s.codes.iter().map(|c| c.as_str()).collect();
        let extra = if codes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", codes.join(", "))
        };
        out!("  {}. {:<6} {title}{extra}", item.number(), s.status.word());
    }
    if let Some(next) = st.next() {
        out!("Next: item {} ({}).", next.number(), next.id());
    }
    let broke = st.tba_checks.iter().filter(|c| !c.ok).count();
    out!(
        "TBA profile tested {} times during the migration, {} failed.",
        st.tba_checks.len(),
        broke
    );
}
