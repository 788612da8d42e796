//! `nstba migrate --from TBA_PROFILE [--to NAME]`: the guided TBA → OAuth 2.0 move, item by item
//! over the core checklist ([`nstba::migrate`]). On a terminal it asks; otherwise (scripts,
//! tests) every answer is a flag, and a step that needs one the run does not have pauses there.
//! Progress is saved after every item, so running the command again resumes where it stopped.
//! The TBA profile is tested after every item: the migration must never break it.
//!
//! - [`args`]: the flags; [`items`]: each item's answers (flags or questions);
//! - [`print`]: the text; this file: the loop over the items.

mod args;
mod items;
mod print;

use std::io::IsTerminal as _;

use nstba::Secret;
use nstba::check::Api;
use nstba::migrate::live::Connection;
use nstba::migrate::state::{self, MigrationState};
use nstba::migrate::steps::{self, Migration, Need, Step};
use nstba::migrate::{Item, MigrateCode};
use nstba::netsuite::Credentials;
use nstba::profile::{ProfileStore, clock};

pub use args::MigrateArgs;

use super::CliError;
use super::test::{WIDTH, parse_base_url, parse_timeout, wrap};

/// Everything a step reads.
pub(crate) struct Ctx {
    args: MigrateArgs,
    store: ProfileStore,
    conn: Connection,
    tba: Credentials,
    apis: Vec<Api>,
    interactive: bool,
}

impl Ctx {
    fn migration(&self) -> Migration<'_> {
        Migration {
            conn: &self.conn,
            tba: &self.tba,
            apis: &self.apis,
            store: &self.store,
            separate_client_id: super::env::var(
                nstba::netsuite::oauth2::credentials::CLIENT_ID_ENV,
            )
            .map(Secret::new),
        }
    }
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
    check_revoke_flags(args)?;
    if let Some(login) = &args.upload_with {
        check_login(&store, login, &profile.account)?;
    }
    let now = clock::now_unix();
    let saved = state::load(store.dir(), &args.from).map_err(|e| CliError::usage(e.to_string()))?;
    let mut earlier_id = None;
    let mut st = match saved {
        Some(s) if !args.restart => s,
        old => {
            let to = args
                .to
                .clone()
                .unwrap_or_else(|| format!("{}-m2m", args.from));
            let mut fresh = MigrationState::new(&args.from, &to, &profile.account, now);
            if let Some(old) = old {
                // The profile the earlier run saved is still this migration's to write.
                fresh.saved_profile = old.saved_profile;
                earlier_id = old.certificate_id;
            }
            fresh
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
    args::apply_flags(&cx.args, &mut st, now)?;
    if args.status {
        print::status(&st);
        return Ok(());
    }
    nstba::migrate::new_profile::may_use(&cx.store, &st)
        .map_err(|why| CliError::usage(format!("--to {}: {why}", st.to)))?;
    if let Some(id) = earlier_id {
        out!(
            "{}",
            wrap(
                &format!(
                    "Note: the certificate the earlier run uploaded (Certificate ID {id}) stays active on the integration record; revoke it at Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup once no profile uses it (a record holds at most 5)."
                ),
                "",
                "  ",
                WIDTH
            )
        );
    }
    if args.revoke_tba && st.complete() {
        return revoke_later(&cx, &mut st);
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
    print::status(&st);
    result
}

/// `--revoke-tba` needs `--confirm-revoke` with the TBA profile's name again: missing or
/// different, nothing runs.
fn check_revoke_flags(a: &MigrateArgs) -> Result<(), CliError> {
    match (&a.confirm_revoke, a.revoke_tba) {
        (None, true) => Err(CliError::usage(format!(
            "--revoke-tba needs the TBA profile's name typed again: add --confirm-revoke {}",
            a.from
        ))),
        (Some(n), true) if *n != a.from => Err(CliError::usage(format!(
            "--confirm-revoke {n}: expected {}, the name of the TBA profile whose token is revoked; nothing was revoked",
            a.from
        ))),
        (Some(_), false) => Err(CliError::usage(
            "--confirm-revoke confirms --revoke-tba: give both",
        )),
        _ => Ok(()),
    }
}

/// `--upload-with LOGIN`: a saved authorization-code login, said before anything runs.
fn check_login(store: &ProfileStore, login: &str, account: &str) -> Result<(), CliError> {
    nstba::profile::validate_name(login)
        .map_err(|e| CliError::usage(format!("--upload-with: {e}")))?;
    let logins = nstba::migrate::login::logins_for(store, account);
    if logins.iter().any(|l| l == login) {
        return Ok(());
    }
    let why = match store.get(login) {
        Ok(p) => format!(
            "profile {login} is {} on account {}, not an authorization-code login of account {account}",
            nstba::profile::kind_label(p.kind()),
            p.account
        ),
        Err(_) => format!("no profile named {login}"),
    };
    let saved = if logins.is_empty() {
        "no login is saved for this account yet: `nstba login --profile NAME` makes one".into()
    } else {
        format!("saved logins: {}", logins.join(", "))
    };
    Err(CliError::usage(format!(
        "--upload-with {login}: {why}; {saved}"
    )))
}

/// `--revoke-tba` after a completed cut-over: revoke now (confirmed by name already).
fn revoke_later(cx: &Ctx, st: &mut MigrationState) -> Result<(), CliError> {
    if st.tba_revoked {
        out!("The TBA token of profile {} was revoked already.", st.from);
        return Ok(());
    }
    let rt = super::token::runtime()?;
    let m = cx.migration();
    match rt.block_on(steps::revoke_later(&m, st)) {
        Ok(()) => {
            save(cx, st)?;
            out!(
                "  ✓ The TBA token of profile {} was revoked; integrations still on it stop now.",
                st.from
            );
            Ok(())
        }
        Err(e) => {
            out!(
                "  ✗ The TBA token of profile {} was not revoked: {}",
                st.from,
                nstba::redact::sanitize(&e, 300)
            );
            Err(CliError::Problem(None))
        }
    }
}

fn save(cx: &Ctx, st: &MigrationState) -> Result<(), CliError> {
    state::save(cx.store.dir(), st)
        .map_err(|e| CliError::internal(format!("cannot save the progress: {e}")))
}

/// Runs items from the first open one until one waits or fails, or all are done.
fn drive(cx: &Ctx, st: &mut MigrationState) -> Result<(), CliError> {
    let rt = super::token::runtime()?;
    let m = cx.migration();
    while let Some(item) = st.next() {
        print::header(st, item);
        let d = items::decide(cx, st, item)?;
        let mut step = rt.block_on(steps::run(&m, st, item, d));
        if matches!(step, Step::Waiting(Need::CertificateId(_))) && items::certificate_id(cx, st) {
            step = rt.block_on(steps::run(&m, st, item, d));
        }
        show(st, item, &step, cx.args.base_url.as_deref());
        steps::record(st, item, &step, clock::now_unix());
        save(cx, st)?;
        match step {
            Step::Done(..) => {}
            Step::Waiting(_) => return Ok(()),
            Step::Failed(..) => return Err(CliError::Problem(None)),
        }
        // A TBA token the user chose to revoke at cut-over is expected to stop working.
        let revoked_by_choice = item == Item::CutOver && st.tba_revoked;
        if !revoked_by_choice {
            match rt.block_on(steps::tba_after(&m, st, item)) {
                None => out!("  ✓ TBA profile {} still works.", st.from),
                Some(f) => {
                    print::finding(st, &f, cx.args.base_url.as_deref());
                    save(cx, st)?;
                    return Err(CliError::Problem(None));
                }
            }
        }
    }
    out!("\nThe migration is complete.");
    Ok(())
}

/// What the step saw and came to.
fn show(st: &MigrationState, item: Item, step: &Step, base: Option<&str>) {
    if item == Item::Inventory {
        inventory_line(st);
    }
    if item == Item::SideBySide {
        side_by_side_line(st, step);
    }
    match step {
        Step::Done(note, warnings) => {
            for w in warnings {
                print::finding(st, w, base);
            }
            out!("  ✓ {note}");
            if item == Item::CutOver && !st.tba_revoked {
                out!(
                    "  Revoke it later: {}",
                    super::origin::with_base(
                        &format!(
                            "nstba migrate --from {} --revoke-tba --confirm-revoke {}",
                            st.from, st.from
                        ),
                        base
                    )
                );
            }
        }
        Step::Waiting(need) => {
            out!("{}", wrap(&items::waiting(need), "  … ", "    ", WIDTH));
            out!(
                "  Paused at item {} ({}); run the same command again to resume.",
                item.number(),
                item.id()
            );
        }
        Step::Failed(findings, report) => {
            for f in findings {
                print::finding(st, f, base);
            }
            if let Some(r) = report {
                print::report_cause(r);
            }
        }
    }
}

fn inventory_line(st: &MigrationState) {
    let Some(inv) = &st.inventory else { return };
    let id = &inv.identity;
    out!(
        "  TBA works on: {}; role {}, entity {}{}.",
        inv.working
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
}

fn side_by_side_line(st: &MigrationState, step: &Step) {
    let (tba_ok, oauth2_ok) = match step {
        Step::Waiting(_) => return,
        // No login yet: nothing was compared, the finding says what is needed.
        Step::Failed(f, _)
            if f.iter()
                .all(|f| f.code == MigrateCode::MigrateAuthcodeNeedsLogin) =>
        {
            return;
        }
        Step::Done(..) => (true, true),
        Step::Failed(f, report) => (
            !f.iter().any(|f| f.code == MigrateCode::MigrateTbaBroken),
            report.is_none(),
        ),
    };
    let Some(inv) = &st.inventory else { return };
    let new = st.new_identity.clone().unwrap_or_default();
    let works = |ok| if ok { "works" } else { "FAILS" };
    out!(
        "  TBA: {}; OAuth 2.0: {}; role {} / {}, entity {} / {}.",
        works(tba_ok),
        works(oauth2_ok),
        inv.identity.role.as_deref().unwrap_or("?"),
        new.role.as_deref().unwrap_or("?"),
        inv.identity.entity.as_deref().unwrap_or("?"),
        new.entity.as_deref().unwrap_or("?"),
    );
}
