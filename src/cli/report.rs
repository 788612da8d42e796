//! `nstba report`: runs the connection test and prints a Markdown support report (secrets reduced
//! to their last 4 characters), ready to paste into a ticket. With `--profile`, the result is
//! recorded in the profile and the profile's warnings are included.

use clap::Args;
use nstba::profile::{self, ProfileStore, ReportInput};

use super::{Exit, Failure, TestOptions, test};

/// `nstba report` arguments: the options of `test`, plus the Login Audit Trail Detail.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Shared options.
    #[command(flatten)]
    pub options: TestOptions,
    /// The Login Audit Trail "Detail" value of the refused login (e.g. InvalidSignature), if known.
    #[arg(long, value_name = "VALUE")]
    pub detail: Option<String>,
}

/// Runs `nstba report`. Options are read and checked exactly as `nstba test` does.
pub fn run(args: &ReportArgs) -> Result<Exit, Failure> {
    let o = &args.options;
    let settings = test::settings(o)?;
    let credentials = settings.credentials.clone();
    let apis = settings.apis.clone();
    let base_url = settings.base_url.clone();
    // test::settings() has just read the profile, so this succeeds unless the file changed since.
    let saved = match o.profile.as_deref() {
        Some(name) => {
            let store = ProfileStore::open_default().map_err(|e| Failure::usage(e.to_string()))?;
            let p = store
                .get(name)
                .map_err(|e| Failure::usage(format!("profile {name:?}: {e}")))?;
            Some((store, p))
        }
        None => None,
    };

    // Progress is not shown: the report is the output.
    let report = test::run_report(settings, |_| {})?;

    let warnings = saved
        .as_ref()
        .map(|(_, p)| profile::warnings(p, Some(&report)))
        .unwrap_or_default();
    let md = profile::report::markdown(&ReportInput {
        report: &report,
        credentials: Some(&credentials),
        profile: o.profile.as_deref(),
        apis: &apis,
        base_url: base_url.as_deref(),
        detail: args.detail.as_deref(),
        warnings: &warnings,
        generated_at_unix: profile::clock::now_unix(),
    });
    print!("{md}");

    if let Some((store, p)) = &saved {
        let recorded = store
            .record_test(&p.name, &report)
            .and_then(|()| store.set_last_used(&p.name));
        if let Err(e) = recorded {
            eprintln!(
                "nstba: note: could not record the result in profile {:?}: {e}",
                p.name
            );
        }
    }
    Ok(if report.ok { Exit::Ok } else { Exit::Problem })
}
