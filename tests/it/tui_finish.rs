//! The last walk's findings: the footer keeps each screen's continue key at 44×12, the step keys
//! name the path's own range, the progress is taken at each change (the runtime writes it then),
//! the Login Audit Trail is given by its menu path only, and the legacy issuetoken login of step
//! 5 (F9) asks the runtime for one call and takes its answer as a message.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nstba::Secret;
use nstba::netsuite::flow::IssuedToken;
use nstba::tui::components::Layer;
use nstba::tui::components::issue::{IssuePhase, IssueProblem, OTP, PASSWORD};
use nstba::tui::field::FieldId;
use nstba::tui::keymap::{self, Action};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Demo, Message, Overlay, Phase, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::fixtures::*;
use crate::support::tui::*;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The footer: the last line of the drawn screen (one line below 20 rows).
fn footer(screen: &str) -> String {
    screen
        .lines()
        .last()
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

fn fkey(app: &mut App, n: u8) -> Option<Command> {
    code(app, KeyCode::F(n))
}

fn demo_app() -> App {
    App::new(AppOptions {
        prefill: Some((
            "1234567_SB1".into(),
            nstba::netsuite::Credentials::new(CK, CS, TK, TS),
        )),
        demo: Some(Demo {
            scenarios: vec![
                ("healthy".into(), "everything works".into()),
                ("wrong-consumer-secret".into(), "InvalidSignature".into()),
            ],
            current: 0,
        }),
        base_url: Some("http://127.0.0.1:9".into()),
        ..AppOptions::default()
    })
}

/// Every `must` key of the footer's bindings now is in the 44×12 footer, by its short label.
fn assert_continue_keys_shown(app: &App, what: &str) {
    let screen = draw(app, 44, 12);
    let foot = footer(&screen);
    let steps = app.step_count();
    for b in keymap::active_bindings(&app.contexts()).filter(|b| b.footer && b.must) {
        let label = keymap::label_for(b, steps, true);
        assert!(
            foot.contains(&format!("{label} ")),
            "{what}: {label} ({}) missing from the 44x12 footer {foot:?}\n{screen}",
            b.desc
        );
    }
}

/// A finished test with two diagnoses, on the results.
fn results_app() -> App {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    assert_eq!(app.test.phase, Phase::Results);
    app
}

#[test]
fn the_results_footer_at_44x12_keeps_enter_show_fix() {
    let app = results_app();
    let foot = footer(&draw(&app, 44, 12));
    assert!(foot.contains("Enter fix"), "{foot:?}");
    assert!(foot.contains("Esc back"), "{foot:?}");
    assert!(
        foot.contains("? more"),
        "left-out keys are marked: {foot:?}"
    );
}

#[test]
fn every_screen_keeps_its_continue_keys_at_44x12() {
    // Start, setup steps (checklist and fields), the form, results, detail, translator.
    let mut app = demo_app();
    assert_continue_keys_shown(&app, "start");
    enter(&mut app);
    for step in 0..6 {
        key(&mut app, char::from_digit(step + 1, 10).unwrap());
        assert_eq!(app.screen, Screen::Setup(step as usize));
        assert_continue_keys_shown(&app, &format!("step {} checklist", step + 1));
        code(&mut app, KeyCode::Tab);
        assert_continue_keys_shown(&app, &format!("step {} field", step + 1));
        code(&mut app, KeyCode::BackTab);
    }
    fkey(&mut app, 1);
    assert_eq!(app.overlay(), Some(Overlay::Help));
    assert_continue_keys_shown(&app, "help");
    esc(&mut app);
    // Step 6 opens in its field (digits are text there): Esc goes back to step 5.
    esc(&mut app);
    assert_eq!(app.screen, Screen::Setup(4));
    fkey(&mut app, 9);
    assert_eq!(app.overlay(), Some(Overlay::Issue));
    assert_continue_keys_shown(&app, "issuetoken, password");
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Tab);
    assert_continue_keys_shown(&app, "issuetoken, last field");
    esc(&mut app);

    let mut app = results_app();
    assert_continue_keys_shown(&app, "results");
    enter(&mut app);
    assert_eq!(app.test.phase, Phase::Detail);
    assert_continue_keys_shown(&app, "detail");
    key(&mut app, 't');
    assert_eq!(app.screen, Screen::Translator);
    assert_continue_keys_shown(&app, "translator");

    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Form);
    assert_continue_keys_shown(&app, "form");

    for step in 0..5 {
        let mut app = App::default();
        for _ in 0..3 {
            code(&mut app, KeyCode::Down);
        }
        enter(&mut app);
        key(&mut app, char::from_digit(step + 1, 10).unwrap());
        assert_eq!(app.screen, Screen::M2m(step as usize));
        assert_continue_keys_shown(&app, &format!("M2M step {}", step + 1));
    }
    for (what, app) in crate::tui_authcode::screens() {
        assert_continue_keys_shown(&app, &what);
    }

    // The move to OAuth 2.0: every item (the key item's F3 and demo F4 too), and its field.
    let mut app = demo_app();
    app.shared.profiles = vec![nstba::tui::profiles::ProfileSummary {
        name: "acme".into(),
        account: "1234567_SB1".into(),
        last: None,
    }];
    for _ in 0..6 {
        code(&mut app, KeyCode::Down);
    }
    enter(&mut app);
    assert_eq!(app.screen, Screen::Migrate(0));
    let st = nstba::migrate::MigrationState::new("acme", "acme-m2m", "1234567_SB1", 1);
    app.update_all(Message::Migrate(
        nstba::tui::components::migrate_task::MigrateEvent::Opened(Ok(Box::new(
            nstba::tui::components::migrate_task::Opened {
                state: st,
                apis: Vec::new(),
                tba_profiles: Vec::new(),
                logins: Vec::new(),
            },
        ))),
    ));
    for item in 0..8 {
        key(&mut app, char::from_digit(item + 1, 10).unwrap());
        assert_eq!(app.screen, Screen::Migrate(item as usize));
        assert_continue_keys_shown(&app, &format!("migration item {}", item + 1));
    }
    key(&mut app, '5');
    code(&mut app, KeyCode::Tab);
    assert!(app.migrate.editing);
    assert_continue_keys_shown(&app, "migration, Certificate ID field");

    // The profiles screen's "test all" table.
    let mut app = App::new(AppOptions {
        profiles: ["acme", "globex"]
            .iter()
            .map(|n| nstba::tui::profiles::ProfileSummary {
                name: (*n).into(),
                account: "1000001".into(),
                last: None,
            })
            .collect(),
        ..AppOptions::default()
    });
    key(&mut app, 'p');
    assert_continue_keys_shown(&app, "profiles");
    assert!(matches!(
        key(&mut app, 'a'),
        Some(nstba::tui::Command::TestProfiles(..))
    ));
    assert_continue_keys_shown(&app, "test all table");
}

#[test]
fn the_step_keys_name_the_paths_own_range() {
    let mut app = App::default();
    for _ in 0..3 {
        code(&mut app, KeyCode::Down);
    }
    enter(&mut app);
    assert_eq!(app.screen, Screen::M2m(0));
    assert_eq!(app.step_count(), Some(5));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("1-5 "), "{screen}");
    assert!(!screen.contains("1-6"), "{screen}");
    // There is no sixth step: 6 stays where it is.
    key(&mut app, '6');
    assert_eq!(app.screen, Screen::M2m(0));
    key(&mut app, '5');
    assert_eq!(app.screen, Screen::M2m(4));
    // Help names the same range for this screen.
    key(&mut app, '1');
    fkey(&mut app, 1);
    let help = draw(&app, 80, 40);
    assert!(help.contains("1-5 go to step"), "{help}");

    let mut app = App::default();
    enter(&mut app);
    assert_eq!(app.step_count(), Some(6));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("1-6 "), "{screen}");
}

#[test]
fn the_progress_is_taken_at_each_step_change() {
    let mut app = demo_app();
    enter(&mut app);
    assert_eq!(app.screen, Screen::Setup(0));
    // Step 1 with nothing ticked is no progress yet.
    assert_eq!(app.take_progress(), None);
    key(&mut app, '3');
    let text = app.take_progress().expect("step change");
    assert!(text.contains("step = 2"), "{text}");
    assert_eq!(app.take_progress(), None);
    code(&mut app, KeyCode::Char(' '));
    assert!(app.take_progress().expect("a tick").contains("3 = [0]"));
}

#[test]
fn the_login_audit_trail_is_given_by_its_menu_path_only() {
    let mut app = App::default();
    for _ in 0..2 {
        code(&mut app, KeyCode::Down);
    }
    enter(&mut app);
    assert_eq!(app.screen, Screen::Translator);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Menu path: Setup > Users/Roles > User Management > View Login"),
        "{screen}"
    );
    assert!(
        !screen.contains("search.nl") && !screen.contains("http"),
        "{screen}"
    );
    // No page address is documented: F7 opens nothing; F6 copies the menu path.
    assert!(fkey(&mut app, 7).is_none());
    match fkey(&mut app, 6) {
        Some(Command::Copy(text)) => assert_eq!(
            text,
            "Setup > Users/Roles > User Management > View Login Audit Trail"
        ),
        other => panic!("{other:?}"),
    }
}

/// The demo app on step 5 with the issuetoken overlay open.
fn issue_app() -> App {
    let mut app = demo_app();
    enter(&mut app);
    key(&mut app, '5');
    assert_eq!(app.screen, Screen::Setup(4));
    assert!(fkey(&mut app, 9).is_none());
    assert_eq!(app.overlay(), Some(Overlay::Issue));
    app
}

fn form(app: &App) -> &nstba::tui::components::issue::IssueForm {
    match app.overlays.last() {
        Some(Layer::Issue(f)) => f,
        other => panic!("{other:?}"),
    }
}

const PASSWORD_TEXT: &str = "nstba-demo-password";

/// Types the password and walks to the last field; Enter there sends.
fn send(app: &mut App) -> (u64, Box<nstba::authflow::issuetoken::IssueSettings>) {
    type_str(app, PASSWORD_TEXT);
    assert!(enter(app).is_none());
    assert!(enter(app).is_none());
    match enter(app) {
        Some(Command::IssueToken(id, s)) => (id, s),
        other => panic!("{other:?}"),
    }
}

#[test]
fn issuetoken_sends_one_call_with_the_typed_login_and_hides_the_password() {
    let mut app = issue_app();
    assert_eq!(form(&app).focus, PASSWORD, "the demo fills email and role");
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("integration@example.com") && screen.contains("1002"));
    assert!(
        screen.contains("three-step"),
        "says why F3 is preferred:\n{screen}"
    );
    type_str(&mut app, PASSWORD_TEXT);
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("nstba-demo-password\u{2022}"));
    assert!(
        screen.contains(&"•".repeat(PASSWORD_TEXT.len())),
        "{screen}"
    );
    assert!(
        !format!("{:?}", app).contains("nstba-demo-password"),
        "Debug of the app"
    );
    for _ in 0..PASSWORD_TEXT.len() {
        code(&mut app, KeyCode::Backspace);
    }
    let (id, settings) = send(&mut app);
    assert_eq!(settings.login.email, "integration@example.com");
    assert_eq!(settings.login.role, "1002");
    assert_eq!(settings.login.password.expose(), PASSWORD_TEXT);
    assert!(settings.login.otp.is_none());
    assert_eq!(settings.consumer_key.expose(), CK);
    assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:9"));
    let cmd = Command::IssueToken(id, settings);
    assert!(!format!("{cmd:?}").contains(PASSWORD_TEXT));
    assert!(form(&app).sending());
    // While it is out, typing changes nothing and Enter sends nothing more.
    assert!(enter(&mut app).is_none());
    // The answer fills the token fields and closes the overlay.
    app.update(Message::IssueDone(
        id,
        Ok(IssuedToken {
            token_id: Secret::new("a1".repeat(32)),
            token_secret: Secret::new("b2".repeat(32)),
        }),
    ));
    assert_eq!(app.overlay(), None);
    assert_eq!(app.value(FieldId::TokenId), "a1".repeat(32));
    assert_eq!(app.value(FieldId::TokenSecret), "b2".repeat(32));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("issuetoken")
    );
}

#[test]
fn issuetoken_asks_for_the_code_when_the_role_needs_2fa_then_shows_ranked_causes() {
    let mut app = issue_app();
    let (id, _) = send(&mut app);
    let two_fa = IssueProblem {
        message: "NetSuite refused the request: TWO_FA_REQD".into(),
        code: Some("TWO_FA_REQD".into()),
        two_factor: true,
        refused: true,
    };
    app.update(Message::IssueDone(id, Err(two_fa)));
    let f = form(&app);
    assert_eq!(f.phase, IssuePhase::Editing);
    assert_eq!(f.focus, OTP);
    assert!(
        f.fields[OTP]
            .note
            .as_ref()
            .unwrap()
            .text
            .contains("two-factor")
    );
    // A late answer for another call is ignored.
    app.update(Message::IssueDone(
        id + 100,
        Err(IssueProblem {
            message: "stale".into(),
            code: None,
            two_factor: false,
            refused: true,
        }),
    ));
    assert_eq!(form(&app).phase, IssuePhase::Editing);
    // F4 (demo) fills the current code; Enter sends with it.
    fkey(&mut app, 4);
    assert_eq!(form(&app).fields[OTP].value().len(), 6);
    let (id, s) = match enter(&mut app) {
        Some(Command::IssueToken(id, s)) => (id, s),
        other => panic!("{other:?}"),
    };
    assert!(s.login.otp.is_some());
    app.update(Message::IssueDone(
        id,
        Err(IssueProblem {
            message: "NetSuite refused the request: INVALID_LOGIN_ATTEMPT (HTTP 401)".into(),
            code: Some("INVALID_LOGIN_ATTEMPT".into()),
            two_factor: false,
            refused: true,
        }),
    ));
    let IssuePhase::Failed(lines) = &form(&app).phase else {
        panic!("{:?}", form(&app).phase)
    };
    let text: Vec<String> = lines.iter().map(|(p, t)| format!("{p}{t}")).collect();
    let text = text.join("\n");
    assert!(text.starts_with("No token: "), "{text}");
    assert!(
        text.contains("1. The one-time code was already used"),
        "{text}"
    );
    assert!(text.contains("Fix: "), "{text}");
    assert!(
        !text.contains("--otp-prompt") && !text.contains("run the command"),
        "{text}"
    );
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("No token"), "{screen}");
    // The causes are longer than the box: ↓ scrolls them.
    assert!(screen.contains("↓ more"), "{screen}");
    code(&mut app, KeyCode::Down);
    assert_eq!(form(&app).scroll, 1);
}

#[test]
fn issuetoken_checks_the_login_before_sending() {
    let mut app = issue_app();
    // No password: Enter on the last field sends nothing and points at the field.
    enter(&mut app);
    enter(&mut app);
    assert!(enter(&mut app).is_none());
    let f = form(&app);
    assert_eq!(f.focus, PASSWORD);
    let note = f.fields[PASSWORD].note.as_ref().unwrap().text.clone();
    assert!(
        note.contains("password") && !note.contains("NETSUITE_PASSWORD"),
        "{note}"
    );
    // A bad email is named in the wizard's words (no `--email`).
    code(&mut app, KeyCode::BackTab);
    app.update(Message::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    type_str(&mut app, "not-an-email");
    code(&mut app, KeyCode::Tab);
    type_str(&mut app, "pw");
    enter(&mut app);
    enter(&mut app);
    assert!(enter(&mut app).is_none());
    let f = form(&app);
    assert_eq!(f.focus, 0);
    let note = f.fields[0].note.as_ref().unwrap().text.clone();
    assert!(
        note.contains("email") && !note.contains("--email"),
        "{note}"
    );
    // Esc closes without a call.
    assert!(esc(&mut app).is_none());
    assert_eq!(app.overlay(), None);
}

#[test]
fn issuetoken_needs_the_consumer_key_first() {
    let mut app = App::default();
    enter(&mut app);
    key(&mut app, '5');
    assert!(fkey(&mut app, 9).is_none());
    assert_eq!(app.overlay(), None, "no password typed in vain");
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("consumer key")
    );
}

#[test]
fn issuetoken_overlay_snapshots() {
    let mut app = issue_app();
    type_str(&mut app, "secret-pw");
    insta::assert_snapshot!("issuetoken_editing_80x24", draw(&app, 80, 24));
    insta::assert_snapshot!("issuetoken_editing_44x12", draw(&app, 44, 12));
    code(&mut app, KeyCode::Tab);
    code(&mut app, KeyCode::Tab);
    let Some(Command::IssueToken(id, _)) = enter(&mut app) else {
        panic!()
    };
    insta::assert_snapshot!("issuetoken_sending_80x24", draw(&app, 80, 24));
    app.update(Message::IssueDone(
        id,
        Err(IssueProblem {
            message: "NetSuite refused the request: INVALID_LOGIN_ATTEMPT (HTTP 401)".into(),
            code: Some("INVALID_LOGIN_ATTEMPT".into()),
            two_factor: false,
            refused: true,
        }),
    ));
    insta::assert_snapshot!("issuetoken_refused_80x24", draw(&app, 80, 24));
    let _ = Action::IssueToken;
}
