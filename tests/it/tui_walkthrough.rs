//! Issue 12: the defects of the hands-on walk-through, each as an `update()` test or a
//! TestBackend snapshot (80×24 and the tiny 44×12 where it matters).

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::check::{CheckEvent, CheckId, Status};
use nstba::tui::app::Focus;
use nstba::tui::field::{FieldId, NoteKind};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Demo, Message, Overlay, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn demo_app() -> App {
    App::new(AppOptions {
        prefill: Some((
            "1234567_SB1".into(),
            nstba::netsuite::Credentials::new(CK, CS, TK, TS),
        )),
        demo: Some(Demo {
            scenarios: vec![
                ("healthy".into(), "Everything works.".into()),
                ("clock-skew".into(), "The clock is off.".into()),
            ],
            current: 0,
        }),
        ..AppOptions::default()
    })
}

/// The form with all five values filled in.
fn filled_form() -> App {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app); // Start → form
    assert_eq!(app.screen, Screen::Form);
    paste(&mut app, "1234567_SB1");
    for v in [CK, CS, TK, TS] {
        enter(&mut app);
        paste(&mut app, v);
    }
    app
}

// 1. A paste into a filled credential field replaces it and says so; the length warning stays.
#[test]
fn d01_paste_into_a_filled_credential_replaces_it() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Up); // token id
    paste(&mut app, &format!("{TK}\n"));
    assert_eq!(app.value(FieldId::TokenId), TK, "replaced, not appended");
    let n = app.field(FieldId::TokenId).note.clone().unwrap();
    assert!(n.text.contains("replaced"), "{n:?}");
    // Twice the value in one paste: a warning that says so, not "cut off", not hidden.
    paste(&mut app, &format!("{TK}{TK}\n"));
    let n = app.field(FieldId::TokenId).note.clone().unwrap();
    assert_eq!(n.kind, NoteKind::Warn, "{n:?}");
    assert!(n.text.starts_with("128 characters"), "{n:?}");
    assert!(!n.text.contains("cut off"), "{n:?}");
}

// 2. Enter never confirms the quit dialog; "save as profile, then quit" is offered.
#[test]
fn d02_enter_does_not_quit_and_save_then_quit_is_offered() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Esc); // back to start (values kept)
    assert!(key(&mut app, 'q').is_none());
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    assert!(enter(&mut app).is_none(), "Enter must not quit");
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    assert!(key(&mut app, 's').is_none());
    assert_eq!(app.overlay(), Some(Overlay::SaveName));
    let cmd = enter(&mut app);
    assert!(matches!(cmd, Some(Command::SaveProfile(..))), "{cmd:?}");
    let cmds = app.update_all(Message::ProfileSaved(Ok(("acme-sb1".into(), None))));
    assert!(
        cmds.iter().any(|c| matches!(c, Command::Quit)),
        "quits once saved: {cmds:?}"
    );
}

#[test]
fn d02_a_failed_save_does_not_quit() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Esc);
    key(&mut app, 'q');
    key(&mut app, 's');
    enter(&mut app);
    let cmds = app.update_all(Message::ProfileSaved(Err("keychain locked".into())));
    assert!(!cmds.iter().any(|c| matches!(c, Command::Quit)), "{cmds:?}");
}

#[test]
fn d02_quit_confirmation_snapshot() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Esc);
    key(&mut app, 'q');
    insta::assert_snapshot!(draw(&app, 80, 24));
}

// 3. At 80 columns every bound footer key is visible, or a "more" marker says there are more.
#[test]
fn d03_footer_shows_every_key_or_says_more() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Up);
    let s = draw(&app, 80, 24);
    for k in ["Ctrl-S", "Ctrl-R", "F1"] {
        assert!(s.contains(k), "{k} missing from the footer:\n{s}");
    }
    insta::assert_snapshot!("d03_form_footer_80x24", s);
    let mut app = app_at_step(4);
    code(&mut app, KeyCode::Esc);
    enter(&mut app);
    let s = draw(&app, 80, 24);
    assert!(s.contains("F3"), "F3 missing:\n{s}");
    // At 44×12 there is no room: the marker says where the rest is.
    let s = draw(&app, 44, 12);
    assert!(s.contains("? more"), "no marker:\n{s}");
}

#[test]
fn d03_results_footer_has_save_export_and_quit() {
    let mut app = filled_form();
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    let s = draw(&app, 80, 24);
    for k in [" s ", " e ", " q ", " r/F5 ", " T "] {
        assert!(s.contains(k), "{k:?} missing:\n{s}");
    }
}

// 5. "Cannot test yet: fix the account id" goes once the id is valid.
#[test]
fn d05_blocked_notice_goes_when_the_field_is_fixed() {
    let mut app = app_at_step(5);
    type_str(&mut app, "acme");
    enter(&mut app);
    let n = app.shared.notice.clone().expect("blocked");
    assert!(n.text.contains("Cannot test yet"), "{n:?}");
    for _ in 0..4 {
        code(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "1234567_SB1");
    assert!(app.shared.notice.is_none(), "{:?}", app.shared.notice);
}

// 10. F2 during a running test cancels it and starts the new scenario's run.
#[test]
fn d10_f2_while_running_restarts_the_test() {
    let mut app = demo_app();
    key(&mut app, 'j');
    enter(&mut app); // the form, pre-filled
    for _ in 0..4 {
        enter(&mut app);
    }
    let run = run_id(enter(&mut app));
    assert_eq!(app.screen, Screen::Test);
    app.update(Message::Check(run, CheckEvent::Started(CheckId::AccountId)));
    let cmd = code(&mut app, KeyCode::F(2));
    assert!(matches!(cmd, Some(Command::SwitchScenario(1))), "{cmd:?}");
    let cmds = app.update_all(Message::ScenarioSwitched(1));
    assert!(
        matches!(cmds.first(), Some(Command::CancelChecks)),
        "{cmds:?}"
    );
    let Some(Command::StartChecks(new_run, _)) = cmds.get(1) else {
        panic!("no restart: {cmds:?}");
    };
    assert_ne!(*new_run, run);
    // The old run's late events do not land in the new result.
    app.update(Message::Check(
        run,
        CheckEvent::Finished(result(CheckId::AccountId, Status::Pass, 1, "old")),
    ));
    assert!(app.test.rows.is_empty());
    assert!(app.is_running());
}

#[test]
fn focus_helper_is_the_form_focus_on_the_form() {
    let app = filled_form();
    assert_eq!(app.focus(), Focus::Field(4));
}

// 6. Key hints say what the key does now; digits jump to a step.
#[test]
fn d06_enter_hint_is_true_and_digits_jump_to_a_step() {
    let mut app = app_at_step(1);
    assert!(
        draw(&app, 80, 24).contains("Enter to the fields"),
        "{}",
        draw(&app, 80, 24)
    );
    enter(&mut app);
    assert!(draw(&app, 80, 24).contains("Enter next field"));
    let mut app = app_at_step(5);
    let s = draw(&app, 80, 24);
    assert!(s.contains("Enter run the test"), "{s}");
    assert!(!s.contains("Tab next field"), "one field, no list: {s}");
    let mut app2 = app_at_step(0);
    key(&mut app2, '6');
    assert_eq!(app2.screen, Screen::Setup(5));
    // Digits typed into a field are text.
    type_str(&mut app, "12");
    assert_eq!(app.screen, Screen::Setup(5));
    assert_eq!(app.value(FieldId::Account), "12");
}

// 7. "more" markers have rows of their own and never cover text.
#[test]
fn d07_more_marker_does_not_hide_text() {
    let mut app = app_at_step(2);
    let mut screens = vec![draw(&app, 60, 20)];
    for _ in 0..20 {
        key(&mut app, 'j');
    }
    screens.push(draw(&app, 60, 20));
    for line in screens
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| l.contains("more ("))
    {
        let text: String = line.replace("↓ more (j)", "").replace("↑ more (k)", "");
        assert!(
            text.trim_matches(|c: char| c == '"' || c == ' ').is_empty(),
            "marker shares its row with text: {line}"
        );
    }
}

// 8. At 44×12 the selected checklist item is on screen, and "more" on a passing result scrolls.
#[test]
fn d08_selected_item_visible_at_44x12() {
    let mut app = app_at_step(0);
    for _ in 0..8 {
        key(&mut app, 'j');
    }
    let s = draw(&app, 44, 12);
    assert!(
        s.contains("Save the page"),
        "selected item off screen:\n{s}"
    );
    insta::assert_snapshot!("d08_step1_last_item_44x12", s);
}

#[test]
fn d08_passing_result_scrolls() {
    let mut app = filled_form();
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    let mut report = failing_report();
    report.ok = true;
    report.diagnoses.clear();
    app.update(Message::ChecksDone(run, report));
    let before = draw(&app, 44, 12);
    assert!(before.contains("more (j)"), "{before}");
    key(&mut app, 'j');
    key(&mut app, 'j');
    assert_ne!(draw(&app, 44, 12), before, "↓ did nothing");
}

// 11. The form's interfaces row: ←/→ move, j does not, multi-select drawn as checkboxes.
#[test]
fn d11_interfaces_row_moves_with_arrows() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    code(&mut app, KeyCode::BackTab); // to the interfaces row
    assert_eq!(app.focus(), Focus::List);
    key(&mut app, 'j');
    assert_eq!(app.form.row, 0, "j must not move sideways");
    code(&mut app, KeyCode::Right);
    assert_eq!(app.form.row, 1);
    code(&mut app, KeyCode::Left);
    assert_eq!(app.form.row, 0);
    let s = draw(&app, 80, 24);
    assert!(s.contains("[x] REST") && s.contains("[ ] SOAP"), "{s}");
    assert!(s.contains("←→ choose interface"), "{s}");
    assert!(!draw(&app_at_step(0), 80, 24).contains("(•)"));
}

// 13. "Most likely first" is true: certain before possible.
#[test]
fn d13_diagnoses_are_ranked() {
    let mut app = filled_form();
    let run = run_id(enter(&mut app));
    let mut report = failing_report();
    report.diagnoses.reverse(); // possible first, as an engine might send them
    app.update(Message::ChecksDone(run, report));
    let d = &app.test.report.as_ref().unwrap().diagnoses;
    assert_eq!(d[0].code, "clock-skew");
}

// 14. A revealed secret is masked again when focus leaves it.
#[test]
fn d14_revealed_secret_is_masked_on_leave() {
    let mut app = filled_form();
    ctrl(&mut app, 'r');
    assert!(app.field(FieldId::TokenSecret).revealed);
    code(&mut app, KeyCode::Up);
    assert!(!app.field(FieldId::TokenSecret).revealed);
    // A value wider than its field is marked where it goes on.
    let s = draw(&app, 80, 24);
    assert!(s.contains("•…"), "{s}");
}

// 17. Help starts with the current screen and lists the editing keys.
#[test]
fn d17_help_is_about_the_current_screen() {
    let mut app = filled_form();
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, failing_report()));
    key(&mut app, '?');
    let s = draw(&app, 80, 24);
    let first = s.find("On this screen").expect("heading");
    let results = s.find("Test results").expect("results section shown first");
    assert!(results > first, "{s}");
    assert!(s.contains("r/F5"), "{s}");
    for _ in 0..200 {
        key(&mut app, 'j');
    }
    let end = draw(&app, 80, 24);
    assert!(end.contains("Ctrl-U"), "{end}");
}

// 18. Timings: `<1 ms`, a count of checks.
#[test]
fn d18_timings_never_say_zero() {
    let mut app = filled_form();
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, false);
    let s = draw(&app, 80, 24);
    assert!(s.contains("<1 ms") && !s.contains(" 0ms"), "{s}");
    assert!(s.contains("4/10 done"), "{s}");
}

// 4. The callback port is fixed and shown from step 2 on.
#[test]
fn d04_callback_port_is_stable_and_shown_on_step_2() {
    let app = app_at_step(1);
    let s = draw(&app, 80, 24);
    assert!(s.contains("http://localhost:8765"), "{s}");
    let mut app = app_at_step(4);
    app.shared.fields[FieldId::Account.index()].set("1234567_SB1");
    let mut ports = Vec::new();
    for _ in 0..2 {
        let cmd = code(&mut app, KeyCode::F(3));
        let Some(Command::StartFlow(_, req)) = cmd else {
            panic!("{cmd:?}")
        };
        ports.push(req.callback_port);
        esc(&mut app);
    }
    assert_eq!(ports, vec![8765, 8765]);
}

// 16. The exported report carries the translated Detail and the demo scenario; readable name.
#[test]
fn d16_export_has_detail_scenario_and_a_readable_name() {
    let mut app = demo_app();
    key(&mut app, 'j');
    enter(&mut app);
    for _ in 0..4 {
        enter(&mut app);
    }
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, failing_report()));
    key(&mut app, 't');
    paste(&mut app, "InvalidSignature");
    esc(&mut app);
    let Some(Command::ExportReport(job)) = key(&mut app, 'e') else {
        panic!("no export");
    };
    assert_eq!(job.detail.as_deref(), Some("InvalidSignature"));
    assert_eq!(job.scenario.as_deref(), Some("healthy"));
    let dir = tempfile::tempdir().unwrap();
    let path = nstba::tui::profiles::write_report(dir.path(), &job, 1_790_000_000).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(name, "nstba-report-1234567-sb1-2026-09-21-141320.md");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("scenario `healthy`"), "{md}");
    assert!(!md.contains("--base-url"), "{md}");
    assert!(md.contains("InvalidSignature"));
    // The notice names the full path, and c copies it.
    app.update(Message::ReportExported(Ok(path.display().to_string())));
    let n = app.shared.notice.clone().unwrap();
    assert!(n.text.contains(&path.display().to_string()));
    assert!(
        matches!(key(&mut app, 'c'), Some(Command::Copy(p)) if p == path.display().to_string())
    );
}

// 19. The flow overlay: a wrong paste keeps the flow, F6 copies the whole address, DNS explained.
#[test]
fn d19_wrong_paste_keeps_the_flow_and_the_address_can_be_copied() {
    use nstba::tui::flow::{FlowProblem, FlowStarted};
    let mut app = app_at_step(4);
    app.shared.fields[FieldId::Account.index()].set("1234567_SB1");
    let Some(Command::StartFlow(id, _)) = code(&mut app, KeyCode::F(3)) else {
        panic!()
    };
    app.update(Message::FlowStarted(
        id,
        Ok(FlowStarted {
            authorize_url: "https://1234567-sb1.app.netsuite.com/app/login/secure/authorizetoken.nl?oauth_token=abc".into(),
            callback_url: "http://localhost:8765".into(),
            port: 8765,
            opened: false,
        }),
    ));
    paste(&mut app, "https://example.com/whatever");
    assert!(enter(&mut app).is_none(), "a wrong paste is not sent");
    assert!(app.flow().unwrap().paste.note.is_some());
    let cmd = code(&mut app, KeyCode::F(6));
    assert!(matches!(cmd, Some(Command::Copy(u)) if u.ends_with("oauth_token=abc")));
    let s = draw(&app, 80, 24);
    assert!(s.contains("No browser could be opened"), "{s}");
    app.update(Message::FlowDone(
        id,
        Err(FlowProblem {
            message: "request failed: error sending request: dns error: failed to lookup address information".into(),
            code: None,
            port: Some(8765),
            inconclusive: false,
            cancelled: false,
            denied: false,
            timed_out: false,
        }),
    ));
    let s = draw(&app, 80, 24);
    assert!(s.contains("does not resolve"), "{s}");
}

// 2. Save-then-quit with the store's one-time warning: the warning is shown, not skipped.
#[test]
fn d02_save_then_quit_shows_a_store_warning_first() {
    let mut app = filled_form();
    code(&mut app, KeyCode::Esc);
    key(&mut app, 'q');
    key(&mut app, 's');
    enter(&mut app);
    let cmds = app.update_all(Message::ProfileSaved(Ok((
        "acme-sb1".into(),
        Some("secrets are in a 0600 file".into()),
    ))));
    assert!(!cmds.iter().any(|c| matches!(c, Command::Quit)), "{cmds:?}");
    let n = app.shared.notice.clone().unwrap();
    assert!(
        n.text.contains("0600") && n.text.contains("Press q"),
        "{n:?}"
    );
    assert!(matches!(key(&mut app, 'q'), Some(Command::Quit)));
}
