//! The OAuth 2.0 M2M setup in the wizard: every screen snapshotted at 80×24 and 44×12
//! (`TestBackend`), and `update()` walking it: start → steps → fields (letters are text) → F3
//! asks the runtime to generate → the answers fill the screen → the live test refuses to start
//! without its values, then runs the connection test with the M2M credentials. No secret in any screen or `Debug`.

use crossterm::event::KeyCode;
use nstba::Secret;
use nstba::tui::components::m2m_task::{Generated, M2mCommand, M2mEvent};
use nstba::tui::view;
use nstba::tui::{App, Command, Message, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::tui::*;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// Start → the M2M choice.
fn m2m_app() -> App {
    let mut app = App::default();
    for _ in 0..3 {
        code(&mut app, KeyCode::Down);
    }
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::M2m(0));
    app
}

fn at_step(n: usize) -> App {
    let mut app = m2m_app();
    key(&mut app, char::from_digit(n as u32 + 1, 10).unwrap());
    assert_eq!(app.screen, Screen::M2m(n));
    app
}

const KEY_TEXT: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRET\n-----END PRIVATE KEY-----\n";

fn generated() -> Generated {
    Generated {
        dir: "./nstba-m2m".into(),
        key_file: "./nstba-m2m/nstba-m2m-key.pem".into(),
        cert_file: "./nstba-m2m/nstba-m2m-cert.pem".into(),
        key: Secret::from(KEY_TEXT),
        certificate_pem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into(),
        describe: "EC P-256 · signs ES256".into(),
        not_after: "2028-12-01T00:00:00Z".into(),
    }
}

fn with_key(mut app: App) -> App {
    app.update(Message::M2m(M2mEvent::Generated(Ok(Box::new(generated())))));
    app
}

fn both_sizes(name: &str, app: &App) {
    let big = draw(app, 80, 24);
    let small = draw(app, 44, 12);
    for s in [&big, &small] {
        assert!(
            !s.contains("SECRETSECRET") && !s.contains("PRIVATE KEY"),
            "{s}"
        );
    }
    insta::assert_snapshot!(format!("{name}_80x24"), big);
    insta::assert_snapshot!(format!("{name}_44x12"), small);
}

#[test]
fn every_step_at_both_sizes() {
    for n in 0..5 {
        both_sizes(&format!("m2m_step_{}", n + 1), &at_step(n));
    }
}

#[test]
fn key_step_with_the_generated_pair() {
    both_sizes("m2m_key_generated", &with_key(at_step(3)));
}

#[test]
fn the_start_screen_explains_the_kinds_and_offers_m2m() {
    let s = draw(&App::default(), 80, 24);
    assert!(
        s.contains("Set up OAuth 2.0 client credentials (M2M)"),
        "{s}"
    );
    assert!(s.contains("2027.1"), "{s}");
    assert!(s.contains("new setups must use OAuth 2.0"), "{s}");
}

#[test]
fn enter_and_esc_walk_the_steps_and_back_to_start() {
    let mut app = m2m_app();
    for n in 1..5 {
        // Steps with fields: Enter goes through them first.
        while app.screen == Screen::M2m(n - 1) {
            assert!(enter(&mut app).is_none());
        }
        assert_eq!(app.screen, Screen::M2m(n));
    }
    for n in (0..4).rev() {
        esc(&mut app);
        assert_eq!(app.screen, Screen::M2m(n));
    }
    esc(&mut app);
    assert_eq!(app.screen, Screen::Start);
}

#[test]
fn letters_in_the_fields_are_text_and_space_ticks_the_checklist() {
    let mut app = at_step(1);
    code(&mut app, KeyCode::Char(' '));
    assert!(app.m2m.ticked[1][0]);
    enter(&mut app); // list → account
    type_str(&mut app, "1234567_SB1");
    enter(&mut app); // → client id
    type_str(&mut app, "qj?k");
    assert_eq!(app.screen, Screen::M2m(1), "q and ? are text here");
    assert_eq!(app.m2m.value(&app.shared, m2m_field_client()), "qj?k");
    paste(&mut app, "  \"abc123\"\n");
    assert_eq!(app.m2m.value(&app.shared, m2m_field_client()), "abc123");
}

fn m2m_field_client() -> nstba::tui::components::m2m_setup::M2mField {
    nstba::tui::components::m2m_setup::M2mField::ClientId
}

#[test]
fn f3_asks_the_runtime_to_generate_once() {
    let mut app = at_step(3);
    let cmd = code(&mut app, KeyCode::F(3));
    assert!(
        matches!(cmd, Some(Command::M2m(M2mCommand::Generate { .. }))),
        "{cmd:?}"
    );
    // Busy: a second F3 asks for nothing.
    assert!(code(&mut app, KeyCode::F(3)).is_none());
    let app = with_key(app);
    assert!(app.m2m.busy.is_none());
    assert!(app.m2m.generated.is_some());
    assert!(!format!("{:?}", app.m2m).contains("SECRETSECRET"));
}

#[test]
fn the_live_test_needs_its_values_and_sends_them_without_leaking_the_key() {
    let mut app = at_step(4);
    // Nothing typed: it names the account and goes to the step that holds it.
    assert!(code(&mut app, KeyCode::F(5)).is_none());
    assert_eq!(app.screen, Screen::M2m(1));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Account ID")
    );
    enter(&mut app);
    type_str(&mut app, "1234567_SB1");
    enter(&mut app);
    type_str(&mut app, "cid");
    let mut app = with_key(app);
    code(&mut app, KeyCode::Tab); // back to the checklist, where digits jump
    key(&mut app, '5');
    assert_eq!(app.screen, Screen::M2m(4));
    assert!(code(&mut app, KeyCode::F(5)).is_none());
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Certificate ID is empty")
    );
    enter(&mut app); // list → certificate id
    type_str(&mut app, "-kid");
    // The live test is the connection test, run with the M2M credentials typed here.
    let cmd = code(&mut app, KeyCode::F(5));
    assert_eq!(app.screen, Screen::Test);
    let Some(Command::StartChecks(_, settings)) = &cmd else {
        panic!("{cmd:?}");
    };
    let m2m = settings.credentials.m2m().expect("M2M credentials");
    assert_eq!(m2m.certificate_id, "-kid");
    assert_eq!(m2m.client_id.expose(), "cid");
    assert_eq!(m2m.private_key.expose(), KEY_TEXT);
    assert_eq!(settings.account, "1234567_SB1");
    let debug = format!("{cmd:?} {settings:?}");
    assert!(!debug.contains("SECRETSECRET"), "{debug}");
    // A rerun from the results tests the same M2M credentials, not the TBA fields.
    let run = run_id(cmd);
    app.update(Message::ChecksDone(run, failing_report()));
    let again = key(&mut app, 'r');
    let Some(Command::StartChecks(_, settings)) = &again else {
        panic!("{again:?}");
    };
    assert_eq!(settings.credentials.m2m().unwrap().certificate_id, "-kid");
}

#[test]
fn s_on_an_m2m_result_saves_the_m2m_values_not_the_tba_fields() {
    let mut app = at_step(1);
    enter(&mut app);
    type_str(&mut app, "1234567_SB1");
    enter(&mut app);
    type_str(&mut app, "cid");
    let mut app = with_key(app);
    code(&mut app, KeyCode::Tab);
    key(&mut app, '5');
    enter(&mut app);
    type_str(&mut app, "-kid");
    let cmd = code(&mut app, KeyCode::F(5));
    app.update(Message::ChecksDone(run_id(cmd), failing_report()));
    assert_eq!(app.screen, Screen::Test);
    // Before the fix this said "Cannot save yet: Consumer key…" (the empty TBA form).
    assert!(key(&mut app, 's').is_none());
    assert!(app.shared.notice.is_none(), "{:?}", app.shared.notice);
    // The suggested name is a name, not an account id ("1-M2M after _SB is not a sandbox number").
    let name = app.name_input().unwrap();
    assert_eq!(name.value(), "1234567-sb1-m2m");
    assert!(name.note.is_none(), "{:?}", name.note);
    let saved = enter(&mut app);
    let Some(Command::SaveProfile(name, settings)) = &saved else {
        panic!("{saved:?}");
    };
    assert!(name.ends_with("-m2m"), "{name}");
    let m2m = settings.credentials.m2m().expect("M2M settings saved");
    assert_eq!(m2m.certificate_id, "-kid");
    assert_eq!(m2m.private_key.expose(), KEY_TEXT);
    assert!(!format!("{saved:?}").contains("SECRETSECRET"));
}
