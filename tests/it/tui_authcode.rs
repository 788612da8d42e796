//! The OAuth 2.0 authorization-code setup ("log in as a person") in the wizard: every screen
//! snapshotted at 80×24 and 44×12 (`TestBackend`), and `update()` walking it: start → steps →
//! the redirect port (digits only, the URI follows, F6 copies it) → the client fields (letters are
//! text, the secret masked, bad values stop Enter) → F3 asks the runtime for a login → its
//! answers (the authorize address, a rejected paste, Allow, Deny) fill the screen → the live test
//! runs the connection test with the login's refresh token, a rerun with the rotated one, and `s`
//! saves the login. No refresh token, code or secret in any screen or `Debug`.

use crossterm::event::KeyCode;
use nstba::Secret;
use nstba::authflow::bootstrap::{BootstrapEvent, BootstrapFailure, BootstrapStep, Bootstrapped};
use nstba::netsuite::oauth2::authcode::RefreshValidity;
use nstba::netsuite::oauth2::authcode::store::SavedGrant;
use nstba::tui::app::{AppOptions, Demo};
use nstba::tui::components::authcode_problem::{LoginProblem, ProblemKind};
use nstba::tui::components::authcode_setup::LoginPhase;
use nstba::tui::components::authcode_task::{
    AuthCodeCommand, AuthCodeEvent, LoginInfo, LoginRequest, LoginStarted,
};
use nstba::tui::view;
use nstba::tui::{App, Command, Message, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::tui::*;

const CLIENT_ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const SECRET: &str = "client-SECRET-value-42";
const REFRESH: &str = "refresh-TOKEN-eyJwhatever-0001";
const ACCESS: &str = "access-TOKEN-eyJaccess-0001";
/// A fixed authorize address (the real one carries a fresh state and challenge).
const AUTHORIZE: &str = "http://127.0.0.1:9/app/login/oauth2/authorize.nl?response_type=code&client_id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef&redirect_uri=https%3A%2F%2Flocalhost%3A8899%2Fcallback&scope=rest_webservices%20restlets&state=STATE0123456789abcdefghij&code_challenge=CHALLENGE0123456789abcdefghijklmnopqrstuvw&code_challenge_method=S256";

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn demo_options() -> AppOptions {
    AppOptions {
        demo: Some(Demo {
            scenarios: vec![("healthy".into(), "everything works".into())],
            current: 0,
        }),
        base_url: Some("http://127.0.0.1:9".into()),
        ..AppOptions::default()
    }
}

/// Start → the authorization-code choice (after M2M's).
fn ac_app(options: AppOptions) -> App {
    let mut app = App::new(options);
    for _ in 0..4 {
        code(&mut app, KeyCode::Down);
    }
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::AuthCode(0));
    app
}

fn at_step(n: usize) -> App {
    let mut app = ac_app(AppOptions::default());
    key(&mut app, char::from_digit(n as u32 + 1, 10).unwrap());
    assert_eq!(app.screen, Screen::AuthCode(n));
    app
}

/// Step 3 filled in (account, Client ID, optionally the secret), then on to the login step.
fn filled(options: AppOptions, secret: Option<&str>) -> App {
    let mut app = ac_app(options);
    key(&mut app, '3');
    ctrl(&mut app, 'u');
    type_str(&mut app, "1234567_SB1");
    enter(&mut app);
    ctrl(&mut app, 'u');
    paste(&mut app, CLIENT_ID);
    enter(&mut app);
    if let Some(s) = secret {
        type_str(&mut app, s);
    }
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(3), "{:?}", app.shared.notice);
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(4));
    app
}

/// F3 on the login step: the login command the runtime gets.
fn start(app: &mut App) -> Box<LoginRequest> {
    match code(app, KeyCode::F(3)) {
        Some(Command::AuthCode(AuthCodeCommand::Login(r))) => r,
        other => panic!("{other:?}"),
    }
}

fn started(app: &mut App, id: u64) {
    app.update(Message::AuthCode(AuthCodeEvent::Started(
        id,
        Ok(LoginStarted {
            authorize_url: AUTHORIZE.into(),
            opened: false,
        }),
    )));
}

fn info() -> LoginInfo {
    LoginInfo {
        account: "1234567_SB1".into(),
        company: Some("1234567_SB1".into()),
        role: Some("1001".into()),
        entity: Some("4242".into()),
        refresh_token: Secret::from(REFRESH),
        validity: RefreshValidity::new(true, 1_790_000_000),
        scopes: vec!["rest_webservices".into(), "restlets".into()],
        redirect_uri: "https://localhost:8899/callback".into(),
        access_token: Secret::from(ACCESS),
        logged_in_at: time::OffsetDateTime::now_utc().unix_timestamp(),
    }
}

fn logged_in(options: AppOptions) -> App {
    let mut app = filled(options, None);
    let r = start(&mut app);
    started(&mut app, r.id);
    app.update(Message::AuthCode(AuthCodeEvent::Done(
        r.id,
        Ok(Box::new(info())),
    )));
    assert!(matches!(app.authcode.login, LoginPhase::Done(_)));
    app
}

fn denied(options: AppOptions) -> App {
    let mut app = filled(options, None);
    let r = start(&mut app);
    started(&mut app, r.id);
    app.update(Message::AuthCode(AuthCodeEvent::Done(
        r.id,
        Err(LoginProblem {
            message: "access was denied on NetSuite's consent page (Login Audit Trail: AuthorizationExplicitlyDenied)".into(),
            code: Some("access_denied".into()),
            kind: ProblemKind::Refused,
        }),
    )));
    app
}

fn both_sizes(name: &str, app: &App) {
    let big = draw(app, 80, 24);
    let small = draw(app, 44, 12);
    for s in [&big, &small] {
        for secret in [
            SECRET,
            REFRESH,
            ACCESS,
            "SECRET-value",
            "eyJ",
            "PRIVATE KEY",
        ] {
            assert!(!s.contains(secret), "{secret} on screen:\n{s}");
        }
    }
    insta::assert_snapshot!(format!("authcode_{name}_80x24"), big);
    insta::assert_snapshot!(format!("authcode_{name}_44x12"), small);
}

#[test]
fn every_screen_at_both_sizes() {
    for n in 0..6 {
        both_sizes(&format!("step_{}", n + 1), &at_step(n));
    }
    both_sizes("client_confidential", &{
        let mut app = at_step(2);
        enter(&mut app);
        enter(&mut app);
        type_str(&mut app, SECRET);
        app
    });
    let mut waiting = filled(demo_options(), None);
    let r = start(&mut waiting);
    started(&mut waiting, r.id);
    both_sizes("waiting_demo", &waiting);
    both_sizes("logged_in", &logged_in(AppOptions::default()));
    both_sizes("denied", &denied(AppOptions::default()));
    let mut switching = logged_in(AppOptions::default());
    key(&mut switching, '6');
    enter(&mut switching);
    for ev in boot_events() {
        switching.update(Message::AuthCode(AuthCodeEvent::Boot(ev)));
    }
    both_sizes("switching", &switching);
    switching.update(Message::AuthCode(AuthCodeEvent::Booted(Ok(Box::new(
        bootstrapped(),
    )))));
    both_sizes("switched", &switching);
}

fn boot_events() -> Vec<BootstrapEvent> {
    vec![
        BootstrapEvent::Started(BootstrapStep::List),
        BootstrapEvent::Done(BootstrapStep::List, "1 active of 5 allowed".into()),
        BootstrapEvent::Started(BootstrapStep::Generate),
        BootstrapEvent::Done(BootstrapStep::Generate, "ec-p256, valid 730 days".into()),
        BootstrapEvent::Started(BootstrapStep::Upload),
    ]
}

const KEY_TEXT: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAkeySECRET\n-----END PRIVATE KEY-----\n";

fn bootstrapped() -> Bootstrapped {
    Bootstrapped {
        certificate_id: "CERT-kid-0001".into(),
        valid_until: Some("2028-12-01".into()),
        credentials: nstba::netsuite::oauth2::M2mCredentials {
            client_id: Secret::from(CLIENT_ID),
            certificate_id: "CERT-kid-0001".into(),
            private_key: Secret::from(KEY_TEXT),
            scopes: vec!["rest_webservices".into(), "restlets".into()],
            ..Default::default()
        },
        token: None,
        proof_error: None,
        saved: None,
    }
}

#[test]
fn step_6_switches_to_m2m_with_the_login_then_tests_and_saves_the_m2m_values() {
    // Before a login the switch sends to the login step.
    let mut app = at_step(5);
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::AuthCode(4));
    let mut app = logged_in(AppOptions::default());
    key(&mut app, '6');
    assert_eq!(app.screen, Screen::AuthCode(5));
    let cmd = enter(&mut app);
    let Some(Command::AuthCode(AuthCodeCommand::Bootstrap(input))) = &cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(input.account, "1234567_SB1");
    assert_eq!(
        (input.role.as_str(), input.entity.as_str()),
        ("1001", "4242")
    );
    assert_eq!(input.access_token.expose(), ACCESS);
    assert_eq!(
        input.refresh_token.as_ref().map(Secret::expose),
        Some(REFRESH)
    );
    assert!(!format!("{cmd:?}").contains("TOKEN"), "{cmd:?}");
    // Running: Enter asks for nothing more.
    assert!(enter(&mut app).is_none());
    for ev in boot_events() {
        app.update(Message::AuthCode(AuthCodeEvent::Boot(ev)));
    }
    assert_eq!(
        app.authcode.switch.log.len(),
        3,
        "{:?}",
        app.authcode.switch.log
    );
    assert!(app.authcode.switch.log[0].starts_with('✓'));
    app.update(Message::AuthCode(AuthCodeEvent::Booted(Ok(Box::new(
        bootstrapped(),
    )))));
    assert!(draw(&app, 80, 24).contains("Now M2M: certificate id CERT-kid-0001"));
    let cmd = enter(&mut app);
    let Some(Command::StartChecks(run, settings)) = &cmd else {
        panic!("{cmd:?}")
    };
    let m2m = settings
        .credentials
        .m2m()
        .expect("M2M credentials after the switch");
    assert_eq!(m2m.certificate_id, "CERT-kid-0001");
    assert_eq!(settings.account, "1234567_SB1");
    app.update(Message::ChecksDone(*run, failing_report()));
    key(&mut app, 's');
    let saved = enter(&mut app);
    let Some(Command::SaveProfile(name, settings)) = &saved else {
        panic!("{saved:?}")
    };
    assert!(name.ends_with("-m2m"), "{name}");
    assert_eq!(
        settings.credentials.m2m().unwrap().private_key.expose(),
        KEY_TEXT
    );
    assert!(!format!("{saved:?}").contains("keySECRET"));
}

#[test]
fn a_failed_switch_names_the_step_and_the_fix() {
    let mut app = logged_in(AppOptions::default());
    key(&mut app, '6');
    enter(&mut app);
    app.update(Message::AuthCode(AuthCodeEvent::Booted(Err(
        BootstrapFailure {
            step: BootstrapStep::List,
            message: "5 active certificates: the limit".into(),
            fix: vec!["Revoke a certificate nobody uses.".into()],
            certificate_id: None,
        },
    ))));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("5 active certificates"), "{screen}");
    assert!(
        screen.contains("Revoke a certificate nobody uses."),
        "{screen}"
    );
    // Enter tries again.
    assert!(matches!(
        enter(&mut app),
        Some(Command::AuthCode(AuthCodeCommand::Bootstrap(_)))
    ));
}

#[test]
fn the_start_screen_offers_the_login_path() {
    let s = draw(&App::default(), 80, 24);
    assert!(
        s.contains("Log in as a person (OAuth 2.0 authorization code)"),
        "{s}"
    );
    let s = draw(&App::default(), 44, 12);
    assert!(s.contains("OAuth 2.0 login as a person"), "{s}");
}

#[test]
fn enter_and_esc_walk_the_steps_and_back_to_start() {
    let mut app = ac_app(AppOptions::default());
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(1));
    // Step 2: the checklist, then the port field, then on.
    enter(&mut app);
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(2));
    // Step 3 stops on a missing account.
    enter(&mut app);
    enter(&mut app);
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(2));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Account ID"),
        "{:?}",
        app.shared.notice
    );
    for n in (0..2).rev() {
        esc(&mut app);
        assert_eq!(app.screen, Screen::AuthCode(n));
    }
    esc(&mut app);
    assert_eq!(app.screen, Screen::Start);
}

#[test]
fn the_port_takes_digits_only_and_the_redirect_uri_follows_and_is_copied() {
    let mut app = at_step(1);
    assert_eq!(
        app.authcode.redirect_uri(),
        "https://localhost:8899/callback"
    );
    enter(&mut app); // → port field
    ctrl(&mut app, 'u');
    type_str(&mut app, "4x7q1?1");
    assert_eq!(app.screen, Screen::AuthCode(1), "letters stay in the field");
    assert_eq!(
        app.authcode.redirect_uri(),
        "https://localhost:4711/callback"
    );
    let copied = code(&mut app, KeyCode::F(6));
    let Some(Command::Copy(text)) = copied else {
        panic!("{copied:?}")
    };
    assert_eq!(text, "https://localhost:4711/callback");
    assert!(draw(&app, 80, 24).contains("Redirect URI: https://localhost:4711/callback"));
    // Out of range: Enter stays and says why.
    ctrl(&mut app, 'u');
    type_str(&mut app, "80");
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(1));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Redirect port")
    );
}

#[test]
fn client_fields_take_letters_mask_the_secret_and_check_the_values() {
    let mut app = at_step(2);
    type_str(&mut app, "1234567_SB1");
    enter(&mut app);
    type_str(&mut app, "qj?k");
    assert_eq!(app.screen, Screen::AuthCode(2), "q and ? are text here");
    // The Client ID must not hold spaces.
    ctrl(&mut app, 'u');
    paste(&mut app, "  \"abc 123\"\n");
    enter(&mut app);
    type_str(&mut app, SECRET);
    assert!(app.authcode.confidential());
    let screen = draw(&app, 80, 24);
    assert!(
        !screen.contains(SECRET) && screen.contains("••••"),
        "{screen}"
    );
    assert!(screen.contains("confidential"), "{screen}");
    // Ctrl-R shows it while the field has focus; leaving the field masks it again.
    ctrl(&mut app, 'r');
    assert!(draw(&app, 80, 24).contains(SECRET));
    code(&mut app, KeyCode::BackTab);
    assert!(!draw(&app, 80, 24).contains(SECRET));
    assert!(!format!("{:?}", app.authcode).contains("SECRET"));
    // A pasted id loses its blanks and quotes; the 64-hex check warns but lets it through.
    assert_eq!(app.screen, Screen::AuthCode(2));
    code(&mut app, KeyCode::Tab);
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(3));
    let note = app.shared.notice.as_ref().unwrap().text.clone();
    assert!(
        note.contains("Confidential client") && note.contains("64 hexadecimal"),
        "{note}"
    );
}

#[test]
fn f3_sends_the_login_with_the_values_and_no_secret_in_debug() {
    let mut app = filled(AppOptions::default(), Some(SECRET));
    let r = start(&mut app);
    assert!(matches!(app.authcode.login, LoginPhase::Starting));
    assert_eq!(r.settings.redirect_uri, "https://localhost:8899/callback");
    assert_eq!(r.settings.account.as_deref(), Some("1234567_SB1"));
    assert_eq!(r.settings.client.client_id.expose(), CLIENT_ID);
    assert_eq!(
        r.settings.client.client_secret.as_ref().map(Secret::expose),
        Some(SECRET)
    );
    assert!(r.settings.listen);
    assert_eq!(r.settings.scopes, ["rest_webservices", "restlets"]);
    let debug = format!(
        "{:?} {:?}",
        Command::AuthCode(AuthCodeCommand::Login(r)),
        app
    );
    assert!(!debug.contains("SECRET"), "{debug}");
}

#[test]
fn the_login_step_sends_to_the_steps_that_lack_a_value() {
    let mut app = at_step(4);
    assert!(code(&mut app, KeyCode::F(3)).is_none());
    assert_eq!(app.screen, Screen::AuthCode(2));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Account ID")
    );
    // Enter on the login step does the same as F3.
    let mut app = at_step(4);
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::AuthCode(2));
}

#[test]
fn pasted_addresses_go_to_the_login_and_a_foreign_one_is_named() {
    let mut app = filled(AppOptions::default(), None);
    let mut r = start(&mut app);
    started(&mut app, r.id);
    assert!(matches!(app.authcode.login, LoginPhase::Waiting { .. }));
    assert!(draw(&app, 80, 24).contains("Authorize address (F6 copies it)"));
    // F6 copies the authorize address.
    let Some(Command::Copy(text)) = code(&mut app, KeyCode::F(6)) else {
        panic!()
    };
    assert_eq!(text, AUTHORIZE);
    // Enter with nothing pasted says what to paste; a paste is handed on at once.
    assert!(enter(&mut app).is_none());
    assert!(app.shared.notice.as_ref().unwrap().text.contains("Paste"));
    paste(
        &mut app,
        " https://localhost:8899/callback?state=x&code=c0de \n",
    );
    assert_eq!(
        r.pasted.try_recv().unwrap(),
        "https://localhost:8899/callback?state=x&code=c0de"
    );
    // Typed and Enter, too.
    type_str(&mut app, "state=y");
    enter(&mut app);
    assert_eq!(r.pasted.try_recv().unwrap(), "state=y");
    app.update(Message::AuthCode(AuthCodeEvent::Rejected(r.id)));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("not the answer")
    );
    assert!(!draw(&app, 80, 24).contains("c0de"));
}

#[test]
fn demo_keys_play_allow_and_deny_and_stale_answers_are_ignored() {
    let mut app = filled(demo_options(), None);
    // Before the login there is no address to browse.
    assert!(code(&mut app, KeyCode::F(4)).is_none());
    let r = start(&mut app);
    started(&mut app, r.id);
    match code(&mut app, KeyCode::F(4)) {
        Some(Command::AuthCode(AuthCodeCommand::Browse {
            allow,
            id,
            authorize_url,
        })) => {
            assert!(allow);
            assert_eq!(id, r.id);
            assert_eq!(authorize_url, AUTHORIZE);
        }
        other => panic!("{other:?}"),
    }
    // Busy: a second click asks for nothing until the browser is done.
    assert!(code(&mut app, KeyCode::F(9)).is_none());
    app.update(Message::AuthCode(AuthCodeEvent::Browsed(r.id, Ok(()))));
    match code(&mut app, KeyCode::F(9)) {
        Some(Command::AuthCode(AuthCodeCommand::Browse { allow, .. })) => assert!(!allow),
        other => panic!("{other:?}"),
    }
    // F3 again abandons this login: its cancel token fires, its answers are dropped.
    let r2 = start(&mut app);
    assert!(r.cancel.is_cancelled());
    app.update(Message::AuthCode(AuthCodeEvent::Done(
        r.id,
        Ok(Box::new(info())),
    )));
    assert!(matches!(app.authcode.login, LoginPhase::Starting));
    // Esc leaves the step and stops the login under way.
    esc(&mut app);
    assert!(r2.cancel.is_cancelled());
    assert!(matches!(app.authcode.login, LoginPhase::Idle));
}

#[test]
fn deny_shows_the_access_denied_diagnosis_and_f3_tries_again() {
    let mut app = denied(AppOptions::default());
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("access_denied"), "{screen}");
    assert!(screen.contains("AuthorizationExplicitlyDenied"), "{screen}");
    assert!(screen.contains("click Allow"), "{screen}");
    assert!(matches!(
        code(&mut app, KeyCode::F(3)),
        Some(Command::AuthCode(AuthCodeCommand::Login(_)))
    ));
}

#[test]
fn the_live_test_uses_the_login_then_the_rotated_token_and_s_saves_it() {
    let mut app = logged_in(AppOptions::default());
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("company 1234567_SB1, role 1001, entity 4242"),
        "{screen}"
    );
    let cmd = enter(&mut app);
    assert_eq!(app.screen, Screen::Test);
    let Some(Command::StartChecks(_, settings)) = &cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(settings.account, "1234567_SB1");
    let nstba::check::auth::Credentials::AuthCode(c) = &settings.credentials else {
        panic!("not authcode: {settings:?}")
    };
    assert_eq!(c.refresh_token.expose(), REFRESH);
    assert_eq!(c.client_id.expose(), CLIENT_ID);
    assert!(c.client_secret.is_none(), "a public client");
    assert!(!format!("{cmd:?} {settings:?}").contains("TOKEN"));
    // The test rotates the public client's token into the wizard's store: the rerun and the
    // save take the new one (the old one is spent).
    let store = c.store.clone().expect("a store for the rotation");
    store
        .0
        .save(&SavedGrant {
            refresh_token: Secret::from("refresh-ROTATED-0002"),
            validity: c.validity,
        })
        .unwrap();
    let run = run_id(cmd);
    app.update(Message::ChecksDone(run, failing_report()));
    let again = key(&mut app, 'r');
    let Some(Command::StartChecks(run, s)) = &again else {
        panic!("{again:?}")
    };
    let nstba::check::auth::Credentials::AuthCode(c) = &s.credentials else {
        panic!()
    };
    assert_eq!(c.refresh_token.expose(), "refresh-ROTATED-0002");
    app.update(Message::ChecksDone(*run, failing_report()));
    assert!(key(&mut app, 's').is_none());
    assert!(app.shared.notice.is_none(), "{:?}", app.shared.notice);
    let saved = enter(&mut app);
    let Some(Command::SaveProfile(name, settings)) = &saved else {
        panic!("{saved:?}")
    };
    assert!(name.ends_with("-login"), "{name}");
    let nstba::check::auth::Credentials::AuthCode(c) = &settings.credentials else {
        panic!()
    };
    assert_eq!(c.refresh_token.expose(), "refresh-ROTATED-0002");
    assert!(!format!("{saved:?}").contains("ROTATED"));
}

#[test]
fn f5_needs_a_login_and_a_failed_start_explains_itself() {
    let mut app = filled(AppOptions::default(), None);
    // F5 before a login: the live test needs one.
    assert!(code(&mut app, KeyCode::F(5)).is_none());
    let mut app = logged_in(AppOptions::default());
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, failing_report()));
    esc(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(4));
    // A failed login in between leaves nothing to save.
    let r = start(&mut app);
    app.update(Message::AuthCode(AuthCodeEvent::Started(
        r.id,
        Err(LoginProblem {
            message: "address already in use".into(),
            code: None,
            kind: ProblemKind::Other,
        }),
    )));
    assert!(matches!(app.authcode.login, LoginPhase::Failed(_)));
    assert!(draw(&app, 80, 24).contains("callback port is in use"));
}

/// Every screen of the path, named, for the 44×12 footer check in `tui_finish`: each step on
/// its checklist and in each field, and the login waiting (demo and not), logged in and denied.
pub fn screens() -> Vec<(String, App)> {
    let mut out = Vec::new();
    for n in 0..6 {
        let mut app = ac_app(demo_options());
        key(&mut app, char::from_digit(n as u32 + 1, 10).unwrap());
        let fields = app.authcode.fields().len();
        out.push((format!("login step {} (list)", n + 1), app));
        for f in 0..fields {
            let mut app = ac_app(demo_options());
            key(&mut app, char::from_digit(n as u32 + 1, 10).unwrap());
            if !nstba::tui::components::authcode_steps::STEPS[n]
                .items
                .is_empty()
            {
                code(&mut app, KeyCode::Tab);
            }
            for _ in 0..f {
                code(&mut app, KeyCode::Tab);
            }
            out.push((format!("login step {} field {}", n + 1, f + 1), app));
        }
    }
    for (what, options) in [("demo", demo_options()), ("no demo", AppOptions::default())] {
        let mut app = filled(options, None);
        let r = start(&mut app);
        started(&mut app, r.id);
        out.push((format!("login waiting ({what})"), app));
    }
    out.push(("logged in".into(), logged_in(demo_options())));
    out.push(("login denied".into(), denied(demo_options())));
    let mut app = logged_in(demo_options());
    key(&mut app, '6');
    out.push(("switch to M2M".into(), app));
    out
}

#[test]
fn a_saved_login_is_handed_to_its_profile_and_never_tested_twice_here() {
    let mut app = logged_in(AppOptions::default());
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, failing_report()));
    key(&mut app, 's');
    let saved = enter(&mut app);
    let Some(Command::SaveProfile(name, _)) = saved else {
        panic!("{saved:?}")
    };
    app.update(Message::ProfileSaved(Ok((name.clone(), None))));
    // A rerun would spend the single-use refresh token the profile now holds: refused, and
    // never the TBA fields instead.
    let again = key(&mut app, 'r');
    assert!(
        !matches!(again, Some(Command::StartChecks(..))),
        "{again:?}"
    );
    assert_eq!(app.screen, Screen::AuthCode(4));
    let note = app.shared.notice.as_ref().unwrap().text.clone();
    assert!(
        note.contains(&format!("nstba test --profile {name}")),
        "{note}"
    );
}

#[test]
fn the_login_diagnosis_scrolls_at_44x12() {
    // At 44×12 the diagnosis was cut after its first fix step, with no marker and no key to
    // read the rest.
    let mut app = denied(demo_options());
    let first = draw(&app, 44, 12);
    assert!(first.contains("↓ more (j)"), "{first}");
    assert!(!first.contains("F3 logs in again."), "{first}");
    for _ in 0..12 {
        key(&mut app, 'j');
        draw(&app, 44, 12);
    }
    let last = draw(&app, 44, 12);
    assert!(last.contains("F3 logs in again."), "{last}");
    assert!(last.contains("↑ more (k)"), "{last}");
    // ↓ stopped at the end: one k scrolls back at once.
    key(&mut app, 'k');
    assert_ne!(
        draw(&app, 44, 12),
        last,
        "k answers at once after scrolling past the end"
    );
    // Back to the top with k; a new step starts at the top.
    for _ in 0..12 {
        key(&mut app, 'k');
        draw(&app, 44, 12);
    }
    assert!(draw(&app, 44, 12).contains("✗ Login refused"));
    key(&mut app, 'j');
    key(&mut app, '4');
    key(&mut app, '5');
    assert_eq!(app.authcode.scroll, 0);
}

/// The emulator's authorize address for `client_id` (the other parameters as a login sends).
fn authorize_at(base: &str, client_id: &str, port: u16) -> String {
    format!(
        "{base}/app/login/oauth2/authorize.nl?response_type=code&client_id={client_id}&redirect_uri=https%3A%2F%2Flocalhost%3A{port}%2Fcallback&scope=rest_webservices&state=STATE0123456789abcdefghijklmnopq&code_challenge=CHALLENGE0123456789abcdefghijklmnopqrstuvw&code_challenge_method=S256"
    )
}

#[tokio::test]
async fn the_demo_browser_names_an_unknown_client_id_its_field_and_the_fix() {
    // It said only "the consent page answered HTTP 400".
    use nstba::tui::components::authcode_task::{BrowseStop, browse};
    let emu = crate::support::emulator::start(nstba::emulator::Scenario::Healthy).await;
    let wrong = "deadbeef".repeat(7) + "deadbe00";
    let r = browse(&authorize_at(&emu.base_url(), &wrong, 8899), true).await;
    let Err(BrowseStop::Refused(p)) = r else {
        panic!("{r:?}")
    };
    assert_eq!(p.kind, ProblemKind::UnknownClient);
    assert!(p.heading().contains("invalid client"), "{}", p.heading());
    let lines = nstba::tui::components::authcode_problem::diagnosis_lines(&p, "x").join("\n");
    assert!(
        lines.contains("unauthorized_client"),
        "the server's words: {lines}"
    );
    assert!(lines.contains("Client ID on step 3"), "the field: {lines}");
    assert!(lines.contains("copy it again"), "the fix: {lines}");
    assert!(!lines.contains('<'), "no markup: {lines}");
}

#[test]
fn a_refused_consent_page_ends_the_login_with_its_diagnosis() {
    let mut app = filled(demo_options(), None);
    let r = start(&mut app);
    started(&mut app, r.id);
    let p = LoginProblem::consent_refused(
        400,
        "<!doctype html><title>x</title>\u{1b}[31m<b>unauthorized_client</b>: the client id is not an enabled integration record.\u{7}",
    );
    app.update(Message::AuthCode(AuthCodeEvent::ConsentRefused(r.id, p)));
    assert!(matches!(app.authcode.login, LoginPhase::Failed(_)));
    assert!(
        app.authcode.fields().is_empty(),
        "no paste field: no redirect will come"
    );
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("invalid client"), "{screen}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains("<b>"),
        "{screen}"
    );
    // A redirect URI the record lacks names the redirect instead.
    let p = LoginProblem::consent_refused(
        400,
        "invalid_request: the redirect URI does not match the integration record.",
    );
    assert_eq!(p.kind, ProblemKind::RedirectRefused);
    let l = nstba::tui::components::authcode_problem::diagnosis_lines(
        &p,
        "https://localhost:8899/callback",
    );
    assert!(
        l.iter()
            .any(|l| l.contains("https://localhost:8899/callback") && l.contains("Redirect port")),
        "{l:?}"
    );
}

#[test]
fn the_port_error_goes_once_the_port_is_corrected() {
    let mut app = at_step(1);
    enter(&mut app); // into the port field
    ctrl(&mut app, 'u');
    type_str(&mut app, "80");
    enter(&mut app);
    assert_eq!(
        app.screen,
        Screen::AuthCode(1),
        "an invalid port keeps the step"
    );
    let note = app.shared.notice.clone().expect("the port error");
    assert!(note.text.starts_with("Redirect port:"), "{}", note.text);
    type_str(&mut app, "8"); // 808: still too low, the error stays
    assert_eq!(
        app.shared.notice.as_ref().map(|n| &n.text),
        Some(&note.text)
    );
    type_str(&mut app, "0"); // 8080
    assert!(app.shared.notice.is_none(), "{:?}", app.shared.notice);
    assert!(!draw(&app, 80, 24).contains("A port is a number"));
    enter(&mut app);
    assert_eq!(app.screen, Screen::AuthCode(2));
}
