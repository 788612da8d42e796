//! `nstba test`: runs the connection test and prints each check as it finishes, then the ranked
//! diagnoses (or, with `--json`, exactly the stable report document).

use std::io::IsTerminal;
use std::time::Duration;

use nstba::check::{
    Api, AuthKind, CheckEvent, CheckResult, Diagnosis, Report, RunInfo, Settings, Status,
};
use nstba::netsuite::AccountId;
use tokio_util::sync::CancellationToken;

use super::{CliError, TestArgs, TestOptions};

/// Output width the text layout is written for.
pub const WIDTH: usize = 80;

/// Parses `--api` items (comma-separated, case-insensitive, duplicates ignored).
pub fn parse_apis(items: &[String]) -> Result<Vec<Api>, CliError> {
    let mut apis = Vec::new();
    for item in items {
        let api = Api::parse(item).ok_or_else(|| {
            CliError::usage(format!(
                "--api {:?}: unknown interface; expected a comma-separated list of rest, soap, restlet",
                item.trim()
            ))
        })?;
        if !apis.contains(&api) {
            apis.push(api);
        }
    }
    if apis.is_empty() {
        return Err(CliError::usage(
            "--api: give at least one of rest, soap, restlet",
        ));
    }
    Ok(apis)
}

/// Shortest `--timeout` accepted: below a second no NetSuite call can finish, and a tiny value
/// (`1e-300`) would only produce confusing timeouts.
pub const MIN_TIMEOUT_SECS: f64 = 1.0;
/// Longest `--timeout` accepted (a day).
pub const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// Checks `--timeout` (seconds, 1 to 86400).
pub fn parse_timeout(secs: f64) -> Result<Duration, CliError> {
    if !secs.is_finite() || !(MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&secs) {
        // Show extreme values in exponent form (1e308 must not print 309 digits).
        let shown = if secs.is_finite() && secs.abs() < 1e9 && (secs == 0.0 || secs.abs() >= 1e-6) {
            secs.to_string()
        } else {
            format!("{secs:e}")
        };
        return Err(CliError::usage(format!(
            "--timeout {shown}: expected seconds between 1 and 86400 (e.g. 15)"
        )));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Checks `--base-url`: an http(s) origin such as `http://127.0.0.1:8080` (no path or query).
/// Cleartext `http://` is refused for anything but a loopback host (it would carry signed
/// headers, SOAP passports and, in the flow, a new token secret in the clear) unless
/// `allow_insecure_http` says the user accepts that.
pub fn parse_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, CliError> {
    let bad = |why: &str| {
        CliError::usage(format!(
            "--base-url {raw:?}: {why}; expected an http(s) origin such as http://127.0.0.1:8080"
        ))
    };
    let url = url::Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("there is no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not have a path, query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("it must not contain a user name or password"));
    }
    check_cleartext("--base-url", &url, allow_insecure_http)?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// True for an `http://` URL to a host that is not loopback: credentials would cross a network
/// in the clear.
pub fn is_cleartext(url: &url::Url) -> bool {
    url.scheme() == "http" && !nstba::net::http::is_loopback(url)
}

/// Refuses a cleartext URL unless allowed; when allowed, warns on stderr (every command that
/// takes the flag also says so in its own output).
pub fn check_cleartext(flag: &str, url: &url::Url, allowed: bool) -> Result<(), CliError> {
    if !is_cleartext(url) {
        return Ok(());
    }
    let host = url.host_str().unwrap_or_default();
    if !allowed {
        return Err(CliError::usage(format!(
            "{flag}: http:// to {host} would send the signed credentials in cleartext; use https://, \
             a loopback address, or pass --allow-insecure-http if you really mean it"
        )));
    }
    err!("{}", insecure_note(host));
    Ok(())
}

/// The warning every output carries when `--allow-insecure-http` let a cleartext URL through.
pub fn insecure_note(host: &str) -> String {
    format!(
        "nstba: warning: INSECURE: requests to {host} go over cleartext http:// \
         (--allow-insecure-http); anyone on the network path can read the signed credentials"
    )
}

/// With no `--profile` and no `NETSUITE_*` variable set, the last used profile is what the user
/// most likely meant: the error names it (it is not used silently: a script must never test
/// another account than the one it set up).
fn suggest_last_profile(mut f: CliError, no_profile: bool) -> CliError {
    let nothing_set = super::env::account().is_none()
        && nstba::netsuite::credentials::FIELDS
            .iter()
            .all(|(_, var)| super::env::var(var).is_none());
    let last = nstba::profile::ProfileStore::open_default()
        .ok()
        .and_then(|s| s.last_used());
    if no_profile
        && nothing_set
        && let Some(name) = last
        && let CliError::Usage(Some(message)) = &mut f
    {
        message.push_str(&format!("; or use the last used profile: --profile {name}"));
    }
    f
}

/// Builds the test settings from the options and the environment/profile (usage errors exit 2).
/// Shared with `nstba report`.
pub fn settings(options: &TestOptions) -> Result<Settings, CliError> {
    settings_for(options, options.profile())
}

/// [`settings`] for the profile `profile` (one of several being tested, or the one).
pub fn settings_for(options: &TestOptions, profile: Option<&str>) -> Result<Settings, CliError> {
    let apis = parse_apis(&options.api)?;
    let timeout = parse_timeout(options.timeout)?;
    let base_url = options
        .base_url
        .as_deref()
        .map(|u| parse_base_url(u, options.allow_insecure_http))
        .transpose()?;
    let auth = super::auth_env::parse_auth(options.auth.as_deref())?;
    let name = profile;
    let profile = name.map(|n| (n, super::auth_env::profile_kind(n)));
    let kind = super::auth_env::choose(auth, profile, &super::env::var)?;
    let (account, credentials) = match kind {
        AuthKind::Tba => {
            let (a, c) =
                super::env::resolve(name).map_err(|e| suggest_last_profile(e, name.is_none()))?;
            (a, c.into())
        }
        AuthKind::Authcode => super::profile_authcode::test_credentials(name)?,
        other => super::auth_env::oauth2(other, name, &super::env::var)?,
    };
    // A malformed account id is an input error (exit 2, one line), not a test result.
    // (AccountIdError never echoes a pasted credential, so its text is safe to print.)
    AccountId::parse(&account).map_err(|e| CliError::usage(e.to_string()))?;
    let mut s = Settings::new(account, credentials);
    s.apis = apis;
    s.timeout = timeout;
    s.base_url = base_url;
    s.in_flight = options.in_flight;
    s.detail = options.detail.as_deref().map(parse_detail).transpose()?;
    s.history = name.map(super::audit::history_of).unwrap_or_default();
    s.audit_with = options
        .audit_profile
        .as_deref()
        .map(super::audit::admin)
        .transpose()?;
    Ok(s)
}

/// Checks `--detail`: a Login Audit Trail Detail value the catalogue knows (any spelling);
/// otherwise a usage error with "did you mean" suggestions.
pub fn parse_detail(raw: &str) -> Result<String, CliError> {
    let value = raw.trim();
    let known = nstba::check::catalogue::explain(value)
        .is_some_and(|e| e.matched != nstba::check::catalogue::MatchKind::Message);
    if known {
        return Ok(value.to_string());
    }
    let shown: String = value.chars().take(60).collect();
    Err(CliError::usage(format!(
        "--detail {shown:?}: not a Login Audit Trail Detail value nstba knows{}",
        did_you_mean(value)
    )))
}

/// "; did you mean InvalidSignature?" for an unknown value, or a pointer to the list.
pub fn did_you_mean(value: &str) -> String {
    let s = nstba::check::catalogue::suggest(value, 3);
    if s.is_empty() {
        "; `nstba explain` lists the known values".to_string()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// How long a check runs before the CLI says what it is waiting for.
const WAIT_NOTE: Duration = Duration::from_secs(3);

/// The checks started and not finished, with when they started and whether that was said.
#[derive(Default)]
struct Waiting(Vec<(nstba::check::CheckId, std::time::Instant, bool)>);

impl Waiting {
    fn on(&mut self, ev: &CheckEvent) {
        match ev {
            CheckEvent::Started(id) => self.0.push((*id, std::time::Instant::now(), false)),
            CheckEvent::Finished(r) => self.0.retain(|(id, _, _)| *id != r.id),
        }
    }

    fn any(&self) -> bool {
        self.0.iter().any(|(_, _, told)| !told)
    }

    /// One line per check running longer than [`WAIT_NOTE`] that was not named yet.
    fn notes(&mut self, timeout: Duration) -> Vec<String> {
        let mut out = Vec::new();
        for (id, since, told) in &mut self.0 {
            let secs = since.elapsed().as_secs();
            if !*told && since.elapsed() >= WAIT_NOTE {
                *told = true;
                out.push(format!(
                    "nstba: still waiting for {} after {secs} s; each request may take up to {} s (--timeout), Ctrl-C stops",
                    id.title(),
                    timeout.as_secs()
                ));
            }
        }
        out
    }
}

/// Runs the checks on a private runtime, calling `on_event` for each event; Ctrl-C cancels.
pub fn run_report(
    settings: Settings,
    on_event: impl FnMut(&CheckEvent),
) -> Result<Report, CliError> {
    run_report_detailed(settings, on_event).map(|(r, _)| r)
}

/// A cancel token that Ctrl-C fires (the watcher is spawned on the current runtime), so a run
/// stops cleanly with what it has instead of being killed mid-request.
pub(super) fn cancel_on_ctrl_c() -> CancellationToken {
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    cancel
}

/// [`run_report`], with the run's [`RunInfo`] (auth kind, token claims, notices).
pub fn run_report_detailed(
    settings: Settings,
    mut on_event: impl FnMut(&CheckEvent),
) -> Result<(Report, RunInfo), CliError> {
    let rt = super::token::runtime()?;
    rt.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let cancel = super::test::cancel_on_ctrl_c();
        let timeout = settings.timeout;
        let task =
            tokio::spawn(
                async move { nstba::check::run_checks_detailed(&settings, tx, cancel).await },
            );
        // A check that hangs says what it waits for (on a terminal: a log keeps only results).
        let tell = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let mut waiting = Waiting::default();
        loop {
            let ev = tokio::select! {
                ev = rx.recv() => ev,
                () = tokio::time::sleep(WAIT_NOTE), if tell && waiting.any() => {
                    for line in waiting.notes(timeout) {
                        err!("{line}");
                    }
                    continue;
                }
            };
            let Some(ev) = ev else { break };
            waiting.on(&ev);
            on_event(&ev);
        }
        task.await.map_err(|e| {
            CliError::internal(format!("the connection test stopped unexpectedly: {e}"))
        })
    })
}

/// ANSI styling, only when stdout is a terminal and `NO_COLOR` is unset.
#[derive(Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: std::io::stdout().is_terminal() && !no_color,
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn glyph(&self, status: Status) -> String {
        let code = match status {
            Status::Pass => "32",
            Status::Warn => "33",
            Status::Fail => "31",
            Status::Skip => "2",
        };
        self.paint(code, status.glyph())
    }
}

/// Greedy word wrap: first line after `first`, following lines after `indent`.
pub fn wrap(text: &str, first: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut line_len = first.chars().count();
    let mut at_start = true;
    for word in text.split_whitespace() {
        let wlen = word.chars().count();
        if !at_start && line_len + 1 + wlen > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            line_len = indent.chars().count();
            at_start = true;
        }
        if !at_start {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += wlen;
        at_start = false;
    }
    out.push_str(line.trim_end());
    out
}

fn check_line(r: &CheckResult, style: Style) -> String {
    let title = r.id.title();
    let head = format!("{} {title:<32}", style.glyph(r.status));
    let mut text = r.summary.clone();
    if r.status != Status::Skip && r.ms > 0 {
        text.push_str(&format!(" ({} ms)", r.ms));
    }
    // The glyph may carry colour codes: wrap as if it were one character wide.
    let plain_first = format!("  {} {title:<32} ", r.status.glyph());
    let wrapped = wrap(&text, &plain_first, &" ".repeat(37), WIDTH);
    let mut s = wrapped.replacen(&plain_first, &format!("  {head} "), 1);
    if matches!(r.status, Status::Fail | Status::Warn)
        || r.id == nstba::check::CheckId::RestletTokeninfo
    {
        for d in &r.details {
            s.push('\n');
            s.push_str(&wrap(d, "      ", "        ", WIDTH));
        }
    }
    s
}

fn diagnosis_block(n: usize, d: &Diagnosis, style: Style) -> String {
    let sev = match d.severity {
        nstba::check::Severity::Error => style.paint("31;1", "error"),
        nstba::check::Severity::Warning => style.paint("33;1", "warning"),
        nstba::check::Severity::Info => "info".to_string(),
    };
    let conf = serde_json::to_value(d.confidence)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut out = wrap(
        &format!("{} [{sev}, {conf}; {}]", d.title, d.code),
        &format!("{n}. "),
        "   ",
        WIDTH,
    );
    out.push('\n');
    out.push_str(&wrap(d.preamble(), "   Why: ", "   ", WIDTH));
    for (i, c) in d.causes.iter().enumerate() {
        out.push('\n');
        out.push_str(&wrap(
            &cause_line(c),
            &format!("     ({}) ", i + 1),
            "         ",
            WIDTH,
        ));
    }
    out.push_str("\n   Fix:");
    for (i, step) in d.fix.iter().enumerate() {
        out.push('\n');
        out.push_str(&wrap(step, &format!("     {}. ", i + 1), "        ", WIDTH));
    }
    out.push('\n');
    out.push_str(&wrap(&d.evidence, "   Seen: ", "   ", WIDTH));
    out
}

/// One ranked cause as the list shows it: the cause, then its own fix (if it has one), and
/// "certain" when the Login Audit Trail said so.
pub fn cause_line(c: &nstba::check::Cause) -> String {
    let mut line = c.text.clone();
    if c.confidence == nstba::check::Confidence::Certain {
        line.push_str(" [certain]");
    }
    if let Some(fix) = c.fix.first() {
        line.push_str(" Fix: ");
        line.push_str(fix);
    }
    line
}

/// `nstba test`.
pub fn run(args: &TestArgs) -> Result<(), CliError> {
    let settings = settings(&args.options)?;
    let style = Style::detect();
    let json = args.json;
    if !json {
        let account = AccountId::parse(&settings.account)
            .map(|a| format!("{} ({})", a.realm(), a.environment().label()))
            .unwrap_or_else(|_| settings.account.clone());
        let apis: Vec<&str> = settings.apis.iter().map(Api::name).collect();
        let head = format!(
            "Testing {account} — APIs: {}{}",
            apis.join(", "),
            settings
                .base_url
                .as_deref()
                .map(|b| {
                    let insecure = url::Url::parse(b).is_ok_and(|u| is_cleartext(&u));
                    format!(
                        " — via {b}{}",
                        if insecure {
                            " (INSECURE: cleartext http)"
                        } else {
                            ""
                        }
                    )
                })
                .unwrap_or_default()
        );
        out!("{}", wrap(&head, "", "  ", WIDTH));
    }
    let base_url = settings.base_url.clone();
    let (report, mut info) = run_report_detailed(settings, |ev| {
        if !json && let CheckEvent::Finished(r) = ev {
            out!("{}", check_line(r, style));
        }
    })?;
    if let Some(name) = args.options.profile() {
        let store = nstba::profile::ProfileStore::open_default().ok();
        info.notices = migration_notices(&info, name, store.as_ref(), base_url.as_deref());
    }
    // An authorization-code login is kept in its own grant file beside the profiles, not in
    // `profiles.toml`: there is no profile record to judge or update.
    let warnings = args
        .options
        .profile()
        .filter(|_| info.auth != AuthKind::Authcode)
        .map(|name| super::report::record_in_profile(name, &report))
        .unwrap_or_default();
    if json {
        for w in &warnings {
            err!("nstba: warning: {w}");
        }
        let text =
            serde_json::to_string_pretty(&nstba::check::run_info::report_json(&report, &info))
                .map_err(|e| CliError::internal(format!("cannot encode the report: {e}")))?;
        out!("{text}");
    } else {
        out!();
        if report.ok && report.diagnoses.is_empty() {
            out!(
                "{}",
                style.paint("32;1", "All checks passed: the credentials work.")
            );
        } else if report.ok {
            out!(
                "{}",
                style.paint("32;1", "The credentials work, with warnings:")
            );
        } else {
            out!(
                "{}",
                style.paint("31;1", "Problem found. Most likely first:")
            );
        }
        for (i, d) in report.diagnoses.iter().enumerate() {
            out!("\n{}", diagnosis_block(i + 1, d, style));
        }
        for w in &warnings {
            out!("\n{}", wrap(w, "Profile: ", "  ", WIDTH));
        }
        for n in &info.notices {
            out!("\n{}", wrap(&n.text, "Notice: ", "  ", WIDTH));
        }
    }
    super::outcome(&report)
}

/// The notices of `info`'s run of profile `name`: a TBA run is told where the profile's
/// migration stands (its saved progress in `store`, if any), with `--base-url` in the commands
/// when the run used one. Other kinds' notices are returned as they are (no file is read).
pub(super) fn migration_notices(
    info: &nstba::check::RunInfo,
    name: &str,
    store: Option<&nstba::profile::ProfileStore>,
    base_url: Option<&str>,
) -> Vec<nstba::check::Notice> {
    if info.auth != AuthKind::Tba {
        return info.notices.clone();
    }
    let state = store.and_then(|s| nstba::migrate::state::load(s.dir(), name).ok().flatten());
    info.notices
        .iter()
        .map(|n| {
            let mut n = nstba::migrate::notice::for_profile(n, name, state.as_ref());
            n.text = super::origin::with_base(&n.text, base_url);
            n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_items() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_apis(&v(&["rest", "SOAP", "restlets", "rest"])).unwrap(),
            vec![Api::Rest, Api::Soap, Api::Restlet]
        );
        let e = parse_apis(&v(&["rest", "graphql"])).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--api") && e.to_string().contains("rest, soap, restlet"));
    }

    #[test]
    fn timeout_and_base_url() {
        assert!(parse_timeout(0.0).is_err());
        assert!(parse_timeout(-1.0).is_err());
        assert!(parse_timeout(f64::NAN).is_err());
        let e = parse_timeout(1e-300).unwrap_err();
        assert!(
            e.to_string().contains("1e-300") && e.to_string().contains("between 1"),
            "{}",
            e.to_string()
        );
        assert_eq!(parse_timeout(1.5).unwrap(), Duration::from_millis(1500));
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/", false).unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            parse_base_url("https://proxy.example", false).unwrap(),
            "https://proxy.example"
        );
        assert_eq!(
            parse_base_url("http://[::1]:9", false).unwrap(),
            "http://[::1]:9"
        );
        // Cleartext to a host that is not loopback needs the insecure flag.
        let e = parse_base_url("http://proxy.example", false).unwrap_err();
        assert!(
            e.to_string().contains("--allow-insecure-http"),
            "{}",
            e.to_string()
        );
        assert_eq!(e.exit_code(), 2);
        assert!(parse_base_url("http://proxy.example", true).is_ok());
        for bad in [
            "ftp://x",
            "127.0.0.1:8080",
            "http://x/path",
            "http://x/?q=1",
            "nonsense",
        ] {
            let e = parse_base_url(bad, true).unwrap_err();
            assert!(e.to_string().contains("--base-url"), "{bad}");
        }
    }

    #[test]
    fn a_long_check_is_named_once() {
        let mut w = Waiting::default();
        w.on(&CheckEvent::Started(nstba::check::CheckId::RestLogin));
        assert!(w.notes(Duration::from_secs(15)).is_empty(), "too early");
        w.0[0].1 = std::time::Instant::now() - Duration::from_secs(4);
        let notes = w.notes(Duration::from_secs(15));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("still waiting for REST login") && notes[0].contains("up to 15 s"),
            "{notes:?}"
        );
        assert!(w.notes(Duration::from_secs(15)).is_empty(), "said once");
        assert!(!w.any());
    }

    #[test]
    fn wrap_fits_80_columns() {
        let text = "word ".repeat(60);
        for line in wrap(&text, "   Why: ", "   ", WIDTH).lines() {
            assert!(line.chars().count() <= WIDTH, "{line:?}");
        }
    }
}
