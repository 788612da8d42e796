//! `nstba report`: runs the connection test and prints a Markdown support report (secrets reduced
//! to their last 4 characters), ready to paste into a ticket. With `--profile`, the result is
//! recorded in the profile and the profile's warnings are included.

use std::time::Duration;

use clap::Args;
use nstba::check::{Api, Report, Settings, run_checks};
use nstba::profile::{self, ProfileStore, ReportInput};
use tokio_util::sync::CancellationToken;

use super::{Exit, Failure, TestOptions, env};

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

/// Runs `nstba report`.
pub fn run(args: &ReportArgs) -> Result<Exit, Failure> {
    let o = &args.options;
    let apis = parse_apis(&o.api)?;
    let timeout = parse_timeout(o.timeout)?;
    if let Some(b) = &o.base_url {
        check_base_url(b)?;
    }
    let (account, credentials) = env::resolve(o.profile.as_deref())?;
    // resolve() has just read the profile, so these succeed unless the file changed meanwhile.
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

    let mut settings = Settings::new(account, credentials.clone());
    settings.apis = apis.clone();
    settings.timeout = timeout;
    settings.base_url = o.base_url.clone();
    let report = run_test(&settings)?;

    let warnings = saved
        .as_ref()
        .map(|(_, p)| profile::warnings(p, Some(&report)))
        .unwrap_or_default();
    let md = profile::report::markdown(&ReportInput {
        report: &report,
        credentials: Some(&credentials),
        profile: o.profile.as_deref(),
        apis: &apis,
        base_url: o.base_url.as_deref(),
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

/// Runs the checks on a private runtime; Ctrl-C cancels after the request in flight.
fn run_test(settings: &Settings) -> Result<Report, Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("could not start the async runtime: {e}")))?;
    Ok(rt.block_on(async {
        let cancel = CancellationToken::new();
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        // Progress events are not shown in a report; the receiver just keeps the channel open.
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        run_checks(settings, tx, cancel).await
    }))
}

/// `--api rest,soap,restlet` → the interfaces, deduplicated, in the order given.
fn parse_apis(items: &[String]) -> Result<Vec<Api>, Failure> {
    let mut apis = Vec::new();
    for item in items.iter().filter(|i| !i.trim().is_empty()) {
        let api = Api::parse(item).ok_or_else(|| {
            Failure::usage(format!(
                "--api: {item:?} is not an interface; expected rest, soap or restlet (comma-separated)"
            ))
        })?;
        if !apis.contains(&api) {
            apis.push(api);
        }
    }
    if apis.is_empty() {
        apis.push(Api::Rest);
    }
    Ok(apis)
}

/// `--timeout SECS`: a positive number of seconds, at most an hour.
fn parse_timeout(secs: f64) -> Result<Duration, Failure> {
    if secs.is_finite() && secs > 0.0 && secs <= 3600.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(Failure::usage(format!(
            "--timeout: {secs} is not a usable number of seconds; expected a number above 0 and at most 3600"
        )))
    }
}

/// `--base-url`: an http(s) origin.
fn check_base_url(b: &str) -> Result<(), Failure> {
    match url::Url::parse(b) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(Failure::usage(format!(
            "--base-url: {b:?} is not an http(s) URL; expected e.g. http://127.0.0.1:8080"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apis_parse_and_dedupe() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_apis(&v(&["soap", "REST", "soap"])).unwrap(),
            vec![Api::Soap, Api::Rest]
        );
        assert_eq!(parse_apis(&v(&[])).unwrap(), vec![Api::Rest]);
        assert!(
            parse_apis(&v(&["graphql"]))
                .unwrap_err()
                .message
                .contains("--api")
        );
    }

    #[test]
    fn timeout_and_base_url_are_checked() {
        assert!(parse_timeout(1.5).is_ok());
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
        assert!(check_base_url("http://127.0.0.1:9").is_ok());
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("127.0.0.1:9").is_err());
    }
}
