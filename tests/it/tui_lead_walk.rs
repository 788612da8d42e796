//! The lead's fresh-eyes walk of the wizard (issue 12, second session): what was cut at 44×12 and
//! 80×24, the footer's two help hints, help's empty headings and duplicates, the step text that
//! wrapped back to column 1, Ctrl-U nowhere, and the ranked causes of invalid-login drawn as one
//! paragraph. Each test draws the screen a user sees (TestBackend) and reads it.

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::check::{Cause, CheckEvent, CheckId, Status};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Demo, Message, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The screen as plain rows (TestBackend quotes each one).
fn rows(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect()
}

fn demo_app(scenario: &str) -> App {
    App::new(AppOptions {
        prefill: Some((
            "1234567_SB1".into(),
            nstba::netsuite::Credentials::new(CK, CS, TK, TS),
        )),
        demo: Some(Demo {
            scenarios: vec![(
                scenario.into(),
                "the consumer secret does not match the integration record (Detail: InvalidSignature)"
                    .into(),
            )],
            current: 0,
        }),
        ..AppOptions::default()
    })
}

/// The results of a run whose invalid-login diagnosis has ranked causes, and a long check summary.
fn results_with_causes(app: &mut App) {
    key(app, 'j');
    enter(app); // the form, pre-filled
    for _ in 0..4 {
        enter(app);
    }
    let run = run_id(enter(app));
    app.update(Message::Check(
        run,
        CheckEvent::Finished(result(
            CheckId::RestRecords,
            Status::Skip,
            0,
            "REST login failed",
        )),
    ));
    app.update(Message::Check(
        run,
        CheckEvent::Finished(result(
            CheckId::RestletTokeninfo,
            Status::Fail,
            14,
            "(extra check to narrow the REST failure) login refused: HTTP 401 INVALID_LOGIN_ATTEMPT",
        )),
    ));
    let mut report = failing_report();
    report.diagnoses[1].causes = vec![
        Cause {
            detail: Some("token_rejected".into()),
            text: "token_rejected: the token was revoked or belongs to another account.".into(),
            fix: vec!["Create a new token at Setup > Users/Roles > Access Tokens > New.".into()],
            evidence: String::new(),
            confidence: nstba::check::Confidence::Likely,
        },
        Cause {
            detail: Some("InvalidSignature".into()),
            text: "InvalidSignature: a wrong consumer secret or token secret.".into(),
            fix: vec![],
            evidence: "not ruled out".into(),
            confidence: nstba::check::Confidence::Possible,
        },
    ];
    report.diagnoses[1].cause = format!(
        "{} {}",
        "Every TBA failure looks the same.",
        Cause::ranked(&report.diagnoses[1].causes)
    );
    app.update(Message::ChecksDone(run, report));
}

#[test]
fn ranked_causes_are_a_list_one_cause_a_line_with_its_fix() {
    let mut app = demo_app("wrong-consumer-secret");
    results_with_causes(&mut app);
    code(&mut app, KeyCode::Down); // the invalid-login diagnosis (ranked second)
    enter(&mut app);
    let s = draw(&app, 80, 40);
    let r = rows(&s);
    let one = r
        .iter()
        .position(|l| l.trim_start().starts_with("1. token_rejected"));
    let two = r
        .iter()
        .position(|l| l.trim_start().starts_with("2. InvalidSignature"));
    assert!(one.is_some() && two.is_some(), "{s}");
    assert!(
        r.iter()
            .any(|l| l.trim_start().starts_with("Fix: Create a new token")),
        "the cause's own fix under it: {s}"
    );
    assert!(!s.contains("(1) token_rejected"), "no paragraph: {s}");
}

#[test]
fn results_at_80x24_do_not_cut_a_check_summary() {
    let mut app = demo_app("wrong-consumer-secret");
    results_with_causes(&mut app);
    let s = draw(&app, 80, 24);
    assert!(s.contains("INVALID_LOGIN_ATTEMPT"), "{s}");
    assert!(!s.contains("INVALID_LO…"), "{s}");
}

#[test]
fn check_names_are_whole_at_44x12() {
    let mut app = demo_app("wrong-consumer-secret");
    results_with_causes(&mut app);
    // Scroll through the whole results: every name drawn is drawn whole.
    let mut seen = String::new();
    app.test.selected = 0;
    for _ in 0..30 {
        seen.push_str(&draw(&app, 44, 12));
        code(&mut app, KeyCode::Up);
    }
    assert!(seen.contains("REST records (metadata-catalog)"), "{seen}");
}

#[test]
fn the_header_and_the_start_text_fit_44_columns() {
    let app = demo_app("wrong-consumer-secret");
    let s = draw(&app, 44, 12);
    let r = rows(&s);
    // The demo tag closes (shortened with … if need be) instead of running off the edge.
    assert!(r[0].ends_with(']'), "{s}");
    // The headline is whole (wrapped), and the demo line names its scenario's Detail.
    assert!(s.contains("why") && s.contains("it fails."), "{s}");
    assert!(s.contains("InvalidSignature"), "{s}");
}

#[test]
fn the_footer_names_the_help_key_once() {
    let start = demo_app("healthy");
    let step = app_at_step(1);
    for app in [&start, &step] {
        for (w, h) in [(80, 24), (44, 12), (120, 40)] {
            let s = draw(app, w, h);
            let footer = rows(&s)
                .into_iter()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            let hints = footer.matches("? ").count();
            assert!(hints <= 1, "{w}x{h}: {footer}");
        }
    }
}

#[test]
fn help_has_no_empty_heading_and_no_entry_twice() {
    let mut app = demo_app("healthy");
    results_with_causes(&mut app);
    key(&mut app, '?');
    // Tall enough to hold all of it.
    let s = draw(&app, 80, 200);
    let r: Vec<String> = rows(&s)
        .into_iter()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string())
        .collect();
    let body: Vec<&String> = r.iter().filter(|l| !l.is_empty()).collect();
    let inner: Vec<String> = rows(&s)
        .into_iter()
        .filter_map(|l| {
            let l = l.trim_start();
            l.strip_prefix('│')
                .map(|x| x.trim_end_matches('│').to_string())
        })
        .collect();
    for (i, l) in inner.iter().enumerate() {
        let heading = !l.starts_with(' ') && !l.trim().is_empty();
        let group = matches!(l.trim(), "On this screen" | "Elsewhere");
        if heading && !group && !l.contains("Letters typed") {
            let next = inner.get(i + 1).map_or("", String::as_str);
            assert!(next.starts_with("  "), "heading {l:?} without keys:\n{s}");
        }
    }
    let entries: Vec<String> = inner
        .iter()
        .filter(|l| l.starts_with("  "))
        .flat_map(|l| {
            l.split(" · ")
                .map(|e| e.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|e| !e.is_empty())
        .collect();
    let mut dup = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if entries[..i].contains(e) && !dup.contains(e) {
            dup.push(e.clone());
        }
    }
    assert!(dup.is_empty(), "listed twice: {dup:?}\n{s}");
    // Nor one key twice in a section ("↑↓/j/k select · ↓/j next" names ↓/j twice).
    for l in inner.iter().filter(|l| l.starts_with("  ")) {
        // The keys of each entry: "↑↓/j/k" is ↑, ↓, j and k.
        let keys: Vec<Vec<String>> = l
            .split(" · ")
            .filter_map(|e| e.split_whitespace().next())
            .map(|label| {
                label
                    .split('/')
                    .flat_map(|k| match k {
                        "↑↓" => vec!["↑".to_string(), "↓".to_string()],
                        k => vec![k.to_string()],
                    })
                    .collect()
            })
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert!(
                    !a.iter().any(|k| b.contains(k)),
                    "{a:?} and {b:?} in {l:?}\n{s}"
                );
            }
        }
    }
    assert!(!body.is_empty());
}

#[test]
fn numbered_audit_trail_steps_wrap_under_their_text() {
    let mut app = App::default();
    key(&mut app, 'j');
    key(&mut app, 'j');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Translator);
    let s = draw(&app, 60, 30);
    let r = rows(&s);
    let i = r
        .iter()
        .position(|l| l.trim_start().starts_with("2. Results subtab"))
        .expect("step 2");
    assert!(r[i + 1].starts_with("    "), "continuation indented:\n{s}");
}

#[test]
fn translator_answer_at_44x12_says_there_is_more() {
    let mut app = App::default();
    key(&mut app, 'j');
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "InvalidSignature");
    let s = draw(&app, 44, 12);
    assert!(s.contains("more"), "{s}");
}

#[test]
fn ctrl_u_is_in_the_footer_while_editing() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    let s = draw(&app, 120, 40);
    assert!(s.contains("Ctrl-U"), "{s}");
}

#[test]
fn the_list_marker_beside_a_field_says_what_shift_tab_does() {
    let mut app = app_at_step(1);
    enter(&mut app); // into the consumer key field
    let s = draw(&app, 80, 20);
    assert!(!s.contains("more (Shift-Tab)"), "{s}");
}
