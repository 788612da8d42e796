//! `nstba test --profile A --profile B …` and `--all-profiles`: many saved profiles tested at
//! once by [`nstba::check::many`] (concurrent across accounts, `--jobs` at a time; one account's
//! tests one after another). Text: a table row per profile as each finishes; `--json`: an array
//! of the single-profile documents, each with `"profile"`. Exit status: the worst of the runs
//! (a profile that cannot be tested counts as its usage error, 2).

use std::io::{IsTerminal as _, Write as _};

use nstba::check::AuthKind;
use nstba::check::many::{self, DEFAULT_JOBS, Done, Job, MAX_JOBS, ManyEvent};
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};
use nstba::netsuite::oauth2::credentials::M2M_ENV;

use super::test_table::{self, Row};
use super::{CliError, TestArgs, TestOptions};

/// `Some` when `options` ask for several profiles (`--all-profiles`, or `--profile` twice or
/// more): the profile names to test, or why that combination cannot run (exit 2).
pub fn wanted(o: &TestOptions) -> Option<Result<Vec<String>, CliError>> {
    if !o.all_profiles && o.profiles.len() < 2 {
        return o.jobs.map(|n| {
            Err(CliError::usage(format!(
                "--jobs {n}: only with several profiles (--profile A --profile B … or --all-profiles)"
            )))
        });
    }
    Some(names(o, &super::env::var))
}

/// The profiles to test, checked against the options that only make sense for one.
fn names(o: &TestOptions, var: &dyn Fn(&str) -> Option<String>) -> Result<Vec<String>, CliError> {
    refuse_single_options(o, var)?;
    let names = if o.all_profiles {
        if !o.profiles.is_empty() {
            return Err(CliError::usage(
                "--all-profiles tests every saved profile: give either --all-profiles or \
                 --profile A --profile B …, not both",
            ));
        }
        let store = nstba::profile::ProfileStore::open_default()
            .map_err(|e| CliError::usage(format!("--all-profiles: {e}")))?;
        let all: Vec<String> = store
            .list()
            .map_err(|e| CliError::usage(format!("--all-profiles: {e}")))?
            .into_iter()
            .map(|p| p.name)
            .collect();
        if all.is_empty() {
            return Err(CliError::usage(
                "--all-profiles: there are no saved profiles (save one with `nstba profile save NAME` or in the wizard)",
            ));
        }
        all
    } else {
        o.profiles.clone()
    };
    let mut unique: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    Ok(unique)
}

/// The options of a single run that several profiles cannot share.
fn refuse_single_options(
    o: &TestOptions,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<(), CliError> {
    if let Some(n) = o.jobs.filter(|n| !(1..=MAX_JOBS).contains(n)) {
        return Err(CliError::usage(format!(
            "--jobs {n}: expected 1 to {MAX_JOBS} tests at once (default {DEFAULT_JOBS})"
        )));
    }
    let env = std::iter::once(ACCOUNT_ENV)
        .chain(FIELDS.iter().map(|(_, v)| *v))
        .chain(M2M_ENV)
        .find(|v| var(v).is_some());
    if let Some(v) = env {
        return Err(CliError::usage(format!(
            "{v} is set: with several profiles each profile's own saved credentials are tested, \
             and a NETSUITE_* variable would replace that field in every one; unset it, or test \
             one profile"
        )));
    }
    for (flag, given) in [
        ("--auth", o.auth.is_some()),
        ("--detail", o.detail.is_some()),
        ("--audit-profile", o.audit_profile.is_some()),
    ] {
        if given {
            return Err(CliError::usage(format!(
                "{flag} is about one connection: use it with a single --profile, not with \
                 several profiles or --all-profiles"
            )));
        }
    }
    Ok(())
}

/// A profile to test and what the table says of it: name, kind, account.
struct Planned {
    name: String,
    kind: String,
    account: String,
}

/// The jobs for `names`; a profile whose settings cannot be built is a row of its own (with its
/// usage error) instead.
fn plan(o: &TestOptions, names: &[String]) -> (Vec<Job>, Vec<Planned>, Vec<(usize, CliError)>) {
    let (mut jobs, mut planned, mut bad) = (Vec::new(), Vec::new(), Vec::new());
    for (i, name) in names.iter().enumerate() {
        match super::test::settings_for(o, Some(name)) {
            Ok(settings) => {
                planned.push(Planned {
                    name: name.clone(),
                    kind: settings.credentials.kind().as_str().to_string(),
                    account: settings.account.clone(),
                });
                jobs.push(Job {
                    name: name.clone(),
                    settings,
                });
            }
            Err(e) => bad.push((i, e)),
        }
    }
    (jobs, planned, bad)
}

/// Runs the jobs on a private runtime (Ctrl-C cancels every run), calling `on_event` for each
/// [`ManyEvent`].
pub fn run_jobs(
    jobs: Vec<Job>,
    bound: usize,
    mut on_event: impl FnMut(&ManyEvent),
) -> Result<Vec<Done>, CliError> {
    let rt = super::token::runtime()?;
    rt.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let cancel = super::test::cancel_on_ctrl_c();
        let task = tokio::spawn(many::run_many(jobs, bound, tx, cancel));
        while let Some(ev) = rx.recv().await {
            on_event(&ev);
        }
        task.await
            .map_err(|e| CliError::internal(format!("the tests stopped unexpectedly: {e}")))
    })
}

/// What the runs found, by profile, in the order given.
pub struct Outcomes {
    /// Each profile's run, or why it was not tested.
    pub runs: Vec<(String, Result<Done, CliError>)>,
    /// Each profile's settings (`None`: not tested), for the report's credential sections.
    pub settings: Vec<Option<nstba::check::Settings>>,
    /// The profile warnings of each recorded run, by profile.
    pub warnings: Vec<(String, Vec<String>)>,
}

impl Outcomes {
    /// The worst exit status of them all (cancelled 130 > internal 3 > usage 2 > problem 1).
    pub fn worst(&self) -> Result<(), CliError> {
        let mut worst: Result<(), CliError> = Ok(());
        for (_, r) in &self.runs {
            let this = match r {
                Ok(d) => super::outcome(&d.report),
                Err(e) => Err(quiet(e)),
            };
            let code = |r: &Result<(), CliError>| r.as_ref().err().map_or(0, CliError::exit_code);
            if code(&this) > code(&worst) {
                worst = this;
            }
        }
        worst
    }
}

/// The same class of error, its message already said.
fn quiet(e: &CliError) -> CliError {
    match e.exit_code() {
        2 => CliError::Usage(None),
        1 => CliError::Problem(None),
        130 => CliError::Cancelled,
        _ => CliError::internal("a profile could not be tested (said above)"),
    }
}

/// Tests every profile of `names`, printing the live table (text) or nothing until the end
/// (`json`); records each result in its profile. Shared with `nstba report`.
pub fn test_all(o: &TestOptions, names: &[String], table: bool) -> Result<Outcomes, CliError> {
    let (jobs, planned, bad) = plan(o, names);
    for (i, e) in &bad {
        err!("nstba: profile {:?} not tested: {e}", names[*i]);
    }
    let bound = o.jobs.unwrap_or(DEFAULT_JOBS);
    let kept: Vec<_> = jobs.iter().map(|j| j.settings.clone()).collect();
    let mut kept = kept.into_iter();
    let mut live = Live::new(names, planned, table);
    // Each result is recorded as it arrives, while the other runs still wait for answers.
    let store = nstba::profile::ProfileStore::open_default()
        .map_err(|e| err!("nstba: note: could not open the profile store: {e}"))
        .ok();
    let mut warnings = Vec::new();
    let done = run_jobs(jobs, bound, |ev| {
        live.on(ev);
        if let ManyEvent::Finished(_, d) = ev
            && d.info.auth != AuthKind::Authcode
            && let Some(store) = &store
        {
            warnings.push((d.name.clone(), record_one(store, &d.name, &d.report)));
        }
    })?;
    live.close();
    let mut done = done.into_iter();
    let mut bad = bad.into_iter().peekable();
    let mut runs = Vec::with_capacity(names.len());
    let mut settings = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if bad.peek().is_some_and(|(j, _)| *j == i) {
            let (_, e) = bad.next().expect("peeked");
            runs.push((name.clone(), Err(e)));
            settings.push(None);
        } else if let Some(mut d) = done.next() {
            let ran = kept.next();
            // The same notices as testing this profile alone.
            let base = ran.as_ref().and_then(|s| s.base_url.as_deref());
            d.info.notices = super::test::migration_notices(&d.info, name, store.as_ref(), base);
            runs.push((name.clone(), Ok(d)));
            settings.push(ran);
        }
    }
    Ok(Outcomes {
        runs,
        settings,
        warnings,
    })
}

/// The table as runs finish (indices are job indices).
struct Live {
    planned: Vec<Planned>,
    width: usize,
    show: bool,
    terminal: bool,
    running: Vec<usize>,
    done: usize,
    status_shown: bool,
}

impl Live {
    fn new(all: &[String], planned: Vec<Planned>, show: bool) -> Live {
        let live = Live {
            planned,
            width: test_table::name_width(all.iter().map(String::as_str)),
            show,
            terminal: show && std::io::stdout().is_terminal(),
            running: Vec::new(),
            done: 0,
            status_shown: false,
        };
        if show {
            out!("{}", test_table::header(live.width));
        }
        live
    }

    fn on(&mut self, ev: &ManyEvent) {
        if !self.show {
            return;
        }
        match ev {
            ManyEvent::Started(i) => self.running.push(*i),
            ManyEvent::Finished(i, d) => {
                self.running.retain(|j| j != i);
                self.done += 1;
                let (kind, account) = self
                    .planned
                    .get(*i)
                    .map_or(("", ""), |p| (p.kind.as_str(), p.account.as_str()));
                let row = Row::of(d, kind, account);
                self.clear_status();
                out!("{}", test_table::line(&row, self.width));
            }
        }
        self.draw_status();
    }

    fn clear_status(&mut self) {
        if self.status_shown {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(b"\r\x1b[K");
            self.status_shown = false;
        }
    }

    fn draw_status(&mut self) {
        if !self.terminal {
            return;
        }
        let running: Vec<&str> = self
            .running
            .iter()
            .filter_map(|i| self.planned.get(*i).map(|p| p.name.as_str()))
            .collect();
        let line = test_table::status_line(self.done, self.planned.len(), &running);
        let mut o = std::io::stdout().lock();
        let _ = write!(o, "\r\x1b[K{line}");
        let _ = o.flush();
        self.status_shown = true;
    }

    fn close(&mut self) {
        self.clear_status();
    }
}

/// The per-profile JSON document: the single-profile object plus `"profile"` (or, for a
/// profile that was not tested, `"profile"`, `"ok": false` and `"error"`).
pub fn json_of(name: &str, run: &Result<Done, CliError>) -> serde_json::Value {
    match run {
        Ok(d) => {
            let mut v = nstba::check::run_info::report_json(&d.report, &d.info);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("profile".into(), name.into());
            }
            v
        }
        Err(e) => serde_json::json!({"profile": name, "ok": false, "error": e.to_string()}),
    }
}

/// Records one run in its profile as a single test does (the profile's warnings judged against
/// it first), except that no profile of a batch becomes the "last used" one. Recording problems
/// are a note on stderr, never fatal.
fn record_one(
    store: &nstba::profile::ProfileStore,
    name: &str,
    report: &nstba::check::Report,
) -> Vec<String> {
    let warnings = match store.get(name) {
        Ok(p) => nstba::report::warnings(&p, Some(report)),
        Err(e) => {
            err!("nstba: note: could not read profile {name:?}: {e}");
            return Vec::new();
        }
    };
    if let Err(e) = store.record_test(name, report) {
        err!("nstba: note: could not record the result in profile {name:?}: {e}");
    }
    warnings
}

/// The profile warnings of the recorded runs, in the order of `names`.
pub fn record(outcomes: &Outcomes) -> Vec<(String, Vec<String>)> {
    let mut w = outcomes.warnings.clone();
    let at = |n: &str| outcomes.runs.iter().position(|(name, _)| name == n);
    w.sort_by_key(|(n, _)| at(n));
    w
}

/// `nstba test` with several profiles.
pub fn run(args: &TestArgs, names: &[String]) -> Result<(), CliError> {
    let outcomes = test_all(&args.options, names, !args.json)?;
    let warnings = record(&outcomes);
    if args.json {
        for (name, w) in warnings
            .iter()
            .flat_map(|(n, ws)| ws.iter().map(move |w| (n, w)))
        {
            err!("nstba: warning: profile {name:?}: {w}");
        }
        let docs: Vec<serde_json::Value> = outcomes
            .runs
            .iter()
            .map(|(name, r)| json_of(name, r))
            .collect();
        let text = serde_json::to_string_pretty(&docs)
            .map_err(|e| CliError::internal(format!("cannot encode the reports: {e}")))?;
        out!("{text}");
    } else {
        let rows: Vec<Row> = outcomes
            .runs
            .iter()
            .map(|(name, r)| match r {
                Ok(d) => Row::of(d, "", ""),
                Err(e) => Row::error(name, &e.to_string()),
            })
            .collect();
        for r in rows.iter().filter(|r| r.status == "error") {
            out!(
                "{}",
                test_table::line(r, test_table::name_width(names.iter().map(String::as_str)))
            );
        }
        out!();
        out!("{}", test_table::summary(&rows));
        let failing: Vec<&str> = rows
            .iter()
            .filter(|r| r.status == "fail")
            .map(|r| r.name.as_str())
            .collect();
        if let Some(first) = failing.first() {
            out!(
                "{}",
                super::test::wrap(
                    &format!(
                        "For the ranked causes and fixes of one: nstba test --profile {first}"
                    ),
                    "",
                    "  ",
                    super::test::WIDTH
                )
            );
        }
        for (name, ws) in &warnings {
            for w in ws {
                out!(
                    "{}",
                    super::test::wrap(w, &format!("Profile {name}: "), "  ", super::test::WIDTH)
                );
            }
        }
    }
    outcomes.worst()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn options(args: &[&str]) -> TestOptions {
        let mut argv = vec!["nstba", "test"];
        argv.extend_from_slice(args);
        match super::super::Cli::parse_from(argv).command {
            Some(super::super::Command::Test(t)) => t.options,
            _ => unreachable!(),
        }
    }

    #[test]
    fn one_profile_is_not_many() {
        assert!(wanted(&options(&["--profile", "a"])).is_none());
        assert!(wanted(&options(&[])).is_none());
        let e = wanted(&options(&["--profile", "a", "--jobs", "4"]))
            .unwrap()
            .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--jobs 4: only with several"), "{e}");
    }

    #[test]
    fn bad_combinations_are_usage_errors_that_say_why() {
        let none = |_: &str| None;
        let o = options(&["--all-profiles", "--profile", "a"]);
        let e = names(&o, &none).unwrap_err();
        assert!(e.to_string().contains("not both"), "{e}");
        let o = options(&[
            "--profile",
            "a",
            "--profile",
            "b",
            "--detail",
            "InvalidSignature",
        ]);
        assert!(
            names(&o, &none)
                .unwrap_err()
                .to_string()
                .contains("--detail")
        );
        let o = options(&["--profile", "a", "--profile", "b", "--jobs", "0"]);
        assert!(
            names(&o, &none)
                .unwrap_err()
                .to_string()
                .contains("1 to 256")
        );
        let o = options(&["--profile", "a", "--profile", "b"]);
        let set = |v: &str| (v == "NETSUITE_TOKEN_ID").then(|| "x".to_string());
        let e = names(&o, &set).unwrap_err();
        assert!(e.to_string().starts_with("NETSUITE_TOKEN_ID is set"), "{e}");
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            names(
                &options(&["--profile", "a", "--profile", "b", "--profile", "a"]),
                &none
            )
            .unwrap(),
            vec!["a", "b"]
        );
    }
}
