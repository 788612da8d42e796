//! `nstba report`: runs the connection test and prints a Markdown support report (secrets reduced
//! to their last 4 characters), ready to paste into a ticket. With `--profile`, the result is
//! recorded in the profile and the profile's warnings are included.

use clap::Args;
use nstba::check::Report;
use nstba::profile::{self, ProfileStore};
use nstba::report::{self, ReportInput};

use super::{CliError, TestOptions, test};

/// `nstba report` arguments: the options of `test`, plus the Login Audit Trail Detail.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Shared options (`--detail` among them).
    #[command(flatten)]
    pub options: TestOptions,
}

/// Runs `nstba report`. Options are read and checked exactly as `nstba test` does.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    let o = &args.options;
    if let Some(names) = super::test_many::wanted(o) {
        return super::report_many::run(o, &names?);
    }
    let settings = test::settings(o)?;
    // Each kind's report shows its own credentials summary (and TBA alone the TBA notice).
    let credentials = settings.credentials.clone();
    let oauth2 = credentials.kind() != nstba::check::AuthKind::Tba;
    let apis = settings.apis.clone();
    let base_url = settings.base_url.clone();

    // Progress is not shown: the report is the output.
    let (report, token) = if oauth2 {
        test::run_report_detailed(settings, |_| {}).map(|(r, i)| (r, i.token))?
    } else {
        (test::run_report(settings, |_| {})?, None)
    };
    let warnings = o
        .profile()
        .map(|name| record_in_profile(name, &report))
        .unwrap_or_default();
    let input = ReportInput {
        report: &report,
        credentials: None,
        profile: o.profile(),
        apis: &apis,
        base_url: base_url.as_deref(),
        detail: report
            .diagnoses
            .iter()
            .find_map(|d| d.detail.as_deref())
            .or(o.detail.as_deref()),
        warnings: &warnings,
        generated_at_unix: profile::clock::now_unix(),
    };
    let md = report::for_kind(&input, Some(&credentials), token.as_ref());
    crate::cli::out::stdout(format_args!("{md}"));
    if let Some(section) = o.profile().and_then(migration_section) {
        crate::cli::out::stdout(format_args!("\n{section}"));
    }
    super::outcome(&report)
}

/// After a run on a saved profile: the profile's warnings judged against this run (computed before
/// recording, so "passed before, fails now" compares with the previous result), then the result is
/// recorded and the profile marked last used. Recording problems are a note on stderr, never fatal:
/// the test itself ran.
pub fn record_in_profile(name: &str, report: &Report) -> Vec<String> {
    let store = match ProfileStore::open_default() {
        Ok(s) => s,
        Err(e) => {
            err!("nstba: note: could not open the profile store: {e}");
            return Vec::new();
        }
    };
    let warnings = match store.get(name) {
        Ok(p) => report::warnings(&p, Some(report)),
        Err(e) => {
            err!("nstba: note: could not read profile {name:?}: {e}");
            return Vec::new();
        }
    };
    if let Err(e) = store
        .record_test(name, report)
        .and_then(|()| store.set_last_used(name))
    {
        err!("nstba: note: could not record the result in profile {name:?}: {e}");
    }
    warnings
}

/// Where a migration of profile `name` stands, when one was started.
fn migration_section(name: &str) -> Option<String> {
    let store = ProfileStore::open_default().ok()?;
    let st = nstba::migrate::state::load(store.dir(), name).ok()??;
    Some(nstba::migrate::summary::markdown(&st))
}
