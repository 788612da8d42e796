//! `nstba audit --profile ADMIN [--since 1h]`, `--audit-profile` of `test`/`report`, and what a
//! saved profile remembers as evidence ([`history_of`]).

use std::collections::BTreeMap;

use clap::Args;
use nstba::check::audit::{AuditRead, match_rows, read};
use nstba::check::diagnose::History;
use nstba::check::{AuditWith, catalogue};
use nstba::netsuite::AccountId;
use nstba::profile::ProfileStore;
use tokio_util::sync::CancellationToken;

use super::CliError;
use super::test::{WIDTH, parse_timeout, wrap};

/// `nstba audit` arguments.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// A working profile allowed to view the Login Audit Trail (an administrator's).
    #[arg(long, value_name = "ADMIN")]
    pub profile: String,
    /// How far back: `30m`, `1h`, `2d` (default 1h).
    #[arg(long, value_name = "AGE", default_value = "1h")]
    pub since: String,
    /// Per-request timeout in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub timeout: f64,
    /// Where the calls go.
    #[command(flatten)]
    pub origin: super::origin::OriginArgs,
}

/// The credential `--audit-profile NAME` / `nstba audit --profile NAME` reads the trail with:
/// the saved profile alone (the `NETSUITE_*` variables describe the failing integration, not
/// this one).
pub fn admin(name: &str) -> Result<AuditWith, CliError> {
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    let (account, credentials) = super::env::resolve_with(Some((name, &store)), &|_| None)
        .map_err(|f| CliError::usage(format!("--audit-profile: {f}")))?;
    Ok(AuditWith {
        name: name.to_string(),
        account,
        credentials: credentials.into(),
    })
}

/// `30m`, `1h`, `2d`, `90s` → seconds.
pub fn parse_since(raw: &str) -> Result<i64, CliError> {
    let t = raw.trim().to_ascii_lowercase();
    let (n, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = n.parse().map_err(|_| bad_since(raw))?;
    let mult = match unit {
        "s" => 1,
        "m" | "" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad_since(raw)),
    };
    n.checked_mul(mult)
        .filter(|s| (1..=90 * 86_400).contains(s))
        .ok_or_else(|| bad_since(raw))
}

fn bad_since(raw: &str) -> CliError {
    let shown: String = raw.chars().take(20).collect();
    CliError::usage(format!(
        "--since {shown:?}: expected an age such as 30m, 1h or 2d (at most 90d)"
    ))
}

/// `nstba audit`: recent refused token logins, grouped by application, each explained.
pub fn run(args: &AuditArgs) -> Result<(), CliError> {
    let since = parse_since(&args.since)?;
    let timeout = parse_timeout(args.timeout)?;
    let base_url = args.origin.base_url()?;
    let with = admin(&args.profile)?;
    let account = AccountId::parse(&with.account).map_err(|e| CliError::usage(e.to_string()))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))?;
    let answer = rt.block_on(read(
        &account,
        &with.credentials,
        base_url.as_deref(),
        timeout,
        &CancellationToken::new(),
    ));
    let ui = nstba::check::text::texts()
        .login_audit_trail()
        .steps
        .clone();
    let rows = match answer {
        AuditRead::Rows(rows) => rows,
        AuditRead::Refused {
            status,
            code,
            message,
        } => {
            out!(
                "{}",
                wrap(
                    &format!(
                        "NetSuite refused to read the Login Audit Trail with profile {} (HTTP {status}{}{}).",
                        args.profile,
                        code.map(|c| format!(" {c}")).unwrap_or_default(),
                        message.map(|m| format!(": {m}")).unwrap_or_default()
                    ),
                    "",
                    "  ",
                    WIDTH
                )
            );
            out!(
                "{}",
                wrap(&ui, "Read it in the NetSuite UI instead: ", "  ", WIDTH)
            );
            return Err(CliError::Problem(None));
        }
        AuditRead::Failed(why) => {
            return Err(CliError::usage(format!(
                "cannot read the Login Audit Trail: {why}"
            )));
        }
    };
    let now = nstba::profile::clock::now_unix();
    let m = match_rows(&rows, None, Some(now - since));
    let mut by_app: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in m.ours.iter().chain(m.others.iter()) {
        let app = r
            .app
            .clone()
            .unwrap_or_else(|| "(no application name)".into());
        let meaning = r
            .detail
            .as_deref()
            .and_then(catalogue::explain)
            .map(|e| format!(" — {}", e.entry.title))
            .unwrap_or_default();
        by_app
            .entry(app)
            .or_default()
            .push(format!("{}{meaning}", r.describe()));
    }
    if by_app.is_empty() {
        out!(
            "No refused logins in the Login Audit Trail in the last {}.",
            args.since.trim()
        );
        return Ok(());
    }
    out!(
        "Refused logins in the last {}, by application (each application is a separate integration):",
        args.since.trim()
    );
    for (app, lines) in by_app {
        out!(
            "
Application: {app}"
        );
        for l in lines {
            out!("{}", wrap(&l, "  - ", "    ", WIDTH));
        }
    }
    Ok(())
}

/// How long failed logins count toward a lockout (NetSuite unlocks after 30 minutes).
const LOCKOUT_WINDOW_SECS: i64 = 30 * 60;

/// What profile `name` remembers of its earlier tests, as ranking evidence; empty when it cannot
/// be read (the test itself reports a missing profile).
pub fn history_of(name: &str) -> History {
    let Ok(store) = ProfileStore::open_default() else {
        return History::default();
    };
    let Ok(p) = store.get(name) else {
        return History::default();
    };
    let now = nstba::profile::clock::now_unix();
    let mut h = History {
        last_ok_unix: p.last_ok_unix,
        sandbox_refreshed_unix: p
            .sandbox_refreshed
            .as_deref()
            .and_then(|d| nstba::profile::clock::parse_date(d).ok())
            .map(|d| d.midnight().assume_utc().unix_timestamp()),
        ..History::default()
    };
    if let Some(t) = p.last_test.as_ref().filter(|t| {
        !t.ok
            && t.first_code == Some(nstba::check::DiagnosisCode::InvalidLogin)
            && now - t.at_unix <= LOCKOUT_WINDOW_SECS
    }) {
        // The profile keeps the outcome, not the count: a failed run sends at most this many.
        h.recent_failed_logins = nstba::check::run::MAX_FAILING_SIGNED;
        h.recent_failure_minutes = Some((now - t.at_unix).max(0) / 60);
    }
    h
}
