//! Shared helpers for the TUI tests: key events, typing, fixtures of a report with diagnoses.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nstba::check::{
    CheckEvent, CheckId, CheckResult, Confidence, Diagnosis, Hosts, Report, Severity, Status,
};
use nstba::tui::{App, Command, Message, Pasted};

use super::fixtures::{CK, CS, TK, TS};

pub fn code(app: &mut App, c: KeyCode) -> Option<Command> {
    app.update(Message::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

pub fn ctrl(app: &mut App, c: char) -> Option<Command> {
    app.update(Message::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

pub fn key(app: &mut App, c: char) -> Option<Command> {
    code(app, KeyCode::Char(c))
}

pub fn enter(app: &mut App) -> Option<Command> {
    code(app, KeyCode::Enter)
}

pub fn esc(app: &mut App) -> Option<Command> {
    code(app, KeyCode::Esc)
}

pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        assert!(key(app, c).is_none());
    }
}

pub fn paste(app: &mut App, s: &str) {
    assert!(app.update(Message::Paste(Pasted(s.to_string()))).is_none());
}

/// Walks from the start screen to setup step `n` (0-based), pasting credentials on the way.
pub fn app_at_step(n: usize) -> App {
    let mut app = App::default();
    enter(&mut app); // Start → step 1
    for step in 0..n {
        match step {
            // Step 1 asks the account id first: Enter goes into its field, the next Enter on.
            0 => {
                enter(&mut app);
            }
            1 => {
                enter(&mut app); // list → consumer key
                paste(&mut app, CK);
                enter(&mut app);
                paste(&mut app, CS);
            }
            4 => {
                enter(&mut app);
                paste(&mut app, TK);
                enter(&mut app);
                paste(&mut app, TS);
            }
            _ => {}
        }
        enter(&mut app);
    }
    app
}

pub fn result(id: CheckId, status: Status, ms: u64, summary: &str) -> CheckResult {
    CheckResult {
        id,
        status,
        ms,
        http_status: None,
        error_code: None,
        summary: summary.into(),
        details: vec![],
    }
}

pub fn failing_report() -> Report {
    Report {
        account: "1234567_SB1".into(),
        environment: "sandbox".into(),
        hosts: Hosts::default(),
        ok: false,
        cancelled: false,
        checks: vec![],
        diagnoses: vec![
            Diagnosis {
                code: nstba::check::DiagnosisCode::ClockSkew,
                severity: Severity::Error,
                confidence: Confidence::Certain,
                title: "Your clock is 9 minutes behind NetSuite".into(),
                cause: "NetSuite rejects signatures whose timestamp is more than 5 minutes from its own clock (InvalidTimestamp).".into(),
                detail: None,
                causes: vec![],
                fix: vec![
                    "Turn on automatic time (NTP) on this machine.".into(),
                    "Sign each request right before sending it.".into(),
                ],
                evidence: "Server Date header 12:09:00, local clock 12:00:00.".into(),
            },
            Diagnosis {
                code: nstba::check::DiagnosisCode::InvalidLogin,
                severity: Severity::Error,
                confidence: Confidence::Possible,
                title: "NetSuite refused the login (INVALID_LOGIN)".into(),
                cause: "Every TBA failure looks the same; the Login Audit Trail Detail tells which.".into(),
                detail: None,
                causes: vec![],
                fix: vec!["Open Setup > Users/Roles > User Management > View Login Audit Trail.".into()],
                evidence: "401 INVALID_LOGIN from serverTime".into(),
            },
        ],
    }
}

/// Feeds the checks of a failing run, as `run_checks` would stream them.
pub fn feed_checks(app: &mut App, run: u64, finish_all: bool) {
    let rows = [
        (
            CheckId::AccountId,
            Status::Pass,
            0,
            "1234567_SB1 (Sandbox 1)",
        ),
        (
            CheckId::Credentials,
            Status::Pass,
            0,
            "four values, 64 hex characters each",
        ),
        (CheckId::AccountLookup, Status::Pass, 41, "account exists"),
        (
            CheckId::Clock,
            Status::Fail,
            12,
            "local clock 9 min behind server",
        ),
        (CheckId::RestLogin, Status::Fail, 88, "401 INVALID_LOGIN"),
    ];
    for (i, (id, st, ms, s)) in rows.iter().enumerate() {
        app.update(Message::Check(run, CheckEvent::Started(*id)));
        if finish_all || i + 1 < rows.len() {
            app.update(Message::Check(
                run,
                CheckEvent::Finished(result(*id, *st, *ms, s)),
            ));
        }
    }
}

pub fn run_id(cmd: Option<Command>) -> u64 {
    match cmd {
        Some(Command::StartChecks(run, _)) => run,
        other => panic!("expected StartChecks, got {other:?}"),
    }
}
