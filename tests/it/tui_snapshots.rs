//! Every screen and state rendered into an 80×24 `TestBackend` and snapshotted with insta. Time is
//! injected (ticks), so spinners and elapsed times are deterministic.

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::tui::translate::Answer;
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Demo, Message};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn screen(app: &App) -> String {
    draw(app, 80, 24)
}

#[test]
fn start() {
    insta::assert_snapshot!(screen(&App::default()));
}

#[test]
fn start_demo_with_last_profile() {
    let app = App::new(AppOptions {
        demo: Some(Demo {
            scenarios: vec![("healthy".into(), "Everything works.".into())],
            current: 0,
        }),
        last_profile: Some("acme-sandbox".into()),
        ..AppOptions::default()
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn setup_steps() {
    for n in 0..5 {
        let app = app_at_step(n);
        insta::assert_snapshot!(format!("setup_step_{}", n + 1), screen(&app));
    }
}

#[test]
fn setup_step_6_live_account_preview() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567-sb1");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn setup_step_6_invalid_account_blocked() {
    let mut app = app_at_step(5);
    type_str(&mut app, "acme");
    enter(&mut app);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn setup_step_2_secret_typed_is_masked() {
    let mut app = app_at_step(1);
    enter(&mut app);
    let secret = "hunter2secretvalue";
    type_str(&mut app, secret);
    let out = screen(&app);
    assert!(!out.contains(secret) && !out.contains("hunter2"));
    assert!(out.contains(&"•".repeat(secret.len())));
    insta::assert_snapshot!(out);
}

#[test]
fn credentials_form_with_typed_secret() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "1234567_SB1");
    for (i, v) in [CK, CS, TK].iter().enumerate() {
        enter(&mut app);
        let _ = i;
        paste(&mut app, v);
    }
    enter(&mut app);
    type_str(&mut app, TS);
    let out = screen(&app);
    for v in [CK, CS, TK, TS] {
        assert!(!out.contains(&v[..16]), "a credential is visible");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn credentials_form_revealed_and_bundle_note() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    for _ in 0..3 {
        code(&mut app, KeyCode::Down);
    }
    paste(&mut app, "tokenid01,tokensecret02,1234567");
    ctrl(&mut app, 'r');
    let out = screen(&app);
    assert!(out.contains("tokenid01") && !out.contains("tokensecret02"));
    insta::assert_snapshot!(screen(&app));
}

fn running_app() -> (App, u64) {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    (app, run)
}

#[test]
fn test_running_midway() {
    let (mut app, run) = running_app();
    feed_checks(&mut app, run, false);
    for i in 1..=12 {
        app.update(Message::Tick(std::time::Duration::from_millis(100 * i)));
    }
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn test_results_with_diagnoses() {
    let (mut app, run) = running_app();
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    key(&mut app, 'j');
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn test_results_all_passed() {
    let (mut app, run) = running_app();
    let mut report = failing_report();
    report.diagnoses.clear();
    report.ok = true;
    app.update(Message::Check(
        run,
        nstba::check::CheckEvent::Finished(result(
            nstba::check::CheckId::RestLogin,
            nstba::check::Status::Pass,
            90,
            "200 serverTime",
        )),
    ));
    app.update(Message::ChecksDone(run, report));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn test_cancelled() {
    let (mut app, run) = running_app();
    feed_checks(&mut app, run, false);
    esc(&mut app);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn diagnosis_detail() {
    let (mut app, run) = running_app();
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    enter(&mut app);
    insta::assert_snapshot!(screen(&app));
}

fn translator_app() -> App {
    let mut app = App::default();
    app.shared.explainer = |q| {
        (q == "InvalidTimestamp").then(|| Answer {
            code: "InvalidTimestamp".into(),
            title: "Timestamp outside NetSuite's window".into(),
            meaning: "The oauth_timestamp is more than 5 minutes away from NetSuite's clock."
                .into(),
            causes: vec![
                "The client's clock is wrong".into(),
                "Signed requests were queued".into(),
            ],
            fixes: vec!["Turn on NTP".into(), "Sign right before sending".into()],
            where_seen: "Login Audit Trail Detail".into(),
        })
    };
    key(&mut app, 'j');
    key(&mut app, 'j');
    enter(&mut app);
    app
}

#[test]
fn translator_empty_shows_where_to_look() {
    insta::assert_snapshot!(screen(&translator_app()));
}

#[test]
fn translator_with_answer() {
    let mut app = translator_app();
    type_str(&mut app, "InvalidTimestamp");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help_overlay() {
    let mut app = App::default();
    key(&mut app, '?');
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn quit_confirmation() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "abc");
    code(&mut app, KeyCode::BackTab);
    key(&mut app, 'q');
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn too_small_terminal() {
    let app = App::default();
    insta::assert_snapshot!(draw(&app, 20, 5));
    // Never panic, whatever the size.
    for (w, h) in [(1, 1), (10, 3), (20, 5), (43, 40), (200, 11)] {
        let _ = draw(&app, w, h);
    }
}

#[test]
fn every_state_renders_at_60x20_and_tiny_sizes() {
    let mut apps = vec![App::default(), translator_app()];
    for n in 0..6 {
        apps.push(app_at_step(n));
    }
    let (mut a, run) = running_app();
    feed_checks(&mut a, run, true);
    a.update(Message::ChecksDone(run, failing_report()));
    apps.push(a);
    let (mut a, run) = running_app();
    feed_checks(&mut a, run, true);
    a.update(Message::ChecksDone(run, failing_report()));
    enter(&mut a);
    apps.push(a);
    for app in &apps {
        for (w, h) in [(60, 20), (44, 12), (1, 1), (10, 3), (20, 5), (300, 100)] {
            let _ = draw(app, w, h);
        }
    }
    insta::assert_snapshot!("setup_step_3_60x20", draw(&apps[4], 60, 20));
}

#[test]
fn test_results_passed_with_a_warning() {
    let (mut app, run) = running_app();
    feed_checks(&mut app, run, true);
    let mut report = failing_report();
    report.ok = true;
    report.diagnoses.truncate(1);
    report.diagnoses[0].severity = nstba::check::Severity::Warning;
    report.diagnoses[0].title = "Your clock is 2 minutes behind NetSuite".into();
    app.update(Message::ChecksDone(run, report));
    let out = screen(&app);
    assert!(out.contains("The connection works"));
    insta::assert_snapshot!(out);
}
