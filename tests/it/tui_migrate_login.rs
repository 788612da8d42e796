//! The wizard's migration with an authorization-code login, and the defects of a fresh-eyes walk,
//! through `update()` and the drawn screen: the key item offers "upload with login NAME" when a
//! login of the account is saved (Enter then sends the step with it), the authorization-code
//! target logs in on item 6 (F4/F9 play Allow/Deny in the demo) and compares the login right
//! after; only TBA profiles are offered; a rerun or a send-back clears an old outcome; fixes
//! name the wizard's keys; a warning is drawn as a warning; a sandbox is not told to migrate a
//! sandbox first; long paths fit at 44×12 and nothing panics at any size.

use crossterm::event::KeyCode;
use nstba::check::Api;
use nstba::migrate::state::{Identity, Inventory, MigrationState, Target};
use nstba::migrate::{Finding, Item, MigrateCode};
use nstba::tui::app::Demo;
use nstba::tui::components::migrate_task::{
    self, MigrateCommand, MigrateEvent, Opened, Outcome, Stepped,
};
use nstba::tui::profiles::ProfileSummary;
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Message, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::tui::*;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn both_sizes(name: &str, app: &App) {
    let big = draw(app, 80, 24);
    let small = draw(app, 44, 12);
    for s in [&big, &small] {
        assert!(!s.contains("PRIVATE KEY") && !s.contains('{'), "{s}");
    }
    insta::assert_snapshot!(format!("{name}_80x24"), big);
    insta::assert_snapshot!(format!("{name}_44x12"), small);
}

fn summary(name: &str) -> ProfileSummary {
    ProfileSummary {
        name: name.into(),
        account: "1234567_SB1".into(),
        last: None,
    }
}

fn progress(account: &str) -> MigrationState {
    let mut st = MigrationState::new("acme", "acme-m2m", account, 1_700_000_000);
    st.inventory = Some(Inventory {
        identity: Identity {
            role: Some("1001".into()),
            entity: Some("4242".into()),
            ..Identity::default()
        },
        working: vec![Api::Rest, Api::Restlet],
        used: vec![Api::Rest, Api::Restlet],
        soap_used: false,
    });
    for (i, item) in [Item::Inventory, Item::Target, Item::Record, Item::Role]
        .into_iter()
        .enumerate()
    {
        st.done(item, "done", 1_700_000_001 + i as i64);
    }
    st.record_tba(Item::Inventory, true, 1_700_000_001);
    st
}

/// The wizard (demo or not) on `st`, the saved profiles being acme (TBA), `acme-m2m` (M2M) and
/// `admin` (a login), as the store would list them.
fn wizard(st: MigrationState, demo: bool, logins: &[&str]) -> App {
    let mut app = App::new(AppOptions {
        profiles: vec![summary("acme"), summary("acme-m2m"), summary("admin")],
        demo: demo.then(|| Demo {
            scenarios: vec![("healthy".into(), "everything works".into())],
            current: 0,
        }),
        base_url: demo.then(|| "http://127.0.0.1:9".into()),
        ..AppOptions::default()
    });
    app.screen = Screen::Migrate(0);
    let out = app.update_all(Message::Migrate(MigrateEvent::Opened(Ok(Box::new(
        Opened {
            state: st,
            apis: vec![Api::Rest, Api::Restlet],
            tba_profiles: vec!["acme".into()],
            logins: logins.iter().map(|l| l.to_string()).collect(),
        },
    )))));
    assert!(out.is_empty(), "{out:?}");
    app
}

fn step_of(cmd: Option<Command>) -> Box<migrate_task::StepJob> {
    match cmd {
        Some(Command::Migrate(MigrateCommand::Step(j))) => j,
        other => panic!("expected a step, got {other:?}"),
    }
}

fn stepped(app: &mut App, st: MigrationState, item: Item, outcome: Outcome) -> Vec<Command> {
    app.update_all(Message::Migrate(MigrateEvent::Stepped(Ok(Box::new(
        Stepped {
            state: st,
            item,
            outcome,
            tba_ok: Some(true),
        },
    )))))
}

fn with_key(mut st: MigrationState) -> MigrationState {
    st.key_file = Some("/home/someone/.config/nstba/migrations/acme-m2m-key.pem".into());
    st.certificate_file =
        Some("/home/someone/.config/nstba/migrations/acme-m2m-certificate.pem".into());
    st
}

#[test]
fn the_key_item_offers_the_saved_login_and_enter_uploads_with_it() {
    let mut app = wizard(with_key(progress("1234567_SB1")), false, &["admin"]);
    assert_eq!(app.screen, Screen::Migrate(4));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Upload with login admin"), "{screen}");
    key(&mut app, ' ');
    assert_eq!(
        app.migrate.state.as_ref().unwrap().upload_login.as_deref(),
        Some("admin")
    );
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Enter uploads it with login admin"),
        "{screen}"
    );
    both_sizes("migrate_key_upload_with_login", &app);
    let j = step_of(enter(&mut app));
    assert_eq!(j.item, Item::Key);
    assert_eq!(j.state.upload_login.as_deref(), Some("admin"));
    assert!(j.certificate_id.is_none());
    // Space again: back to the manual upload.
    let mut app = wizard(with_key(progress("1234567_SB1")), false, &["admin"]);
    key(&mut app, ' ');
    key(&mut app, ' ');
    assert!(app.migrate.state.as_ref().unwrap().upload_login.is_none());
    // No login saved: no such row.
    let app = wizard(with_key(progress("1234567_SB1")), false, &[]);
    assert!(!draw(&app, 80, 24).contains("Upload with login"));
}

#[test]
fn without_a_saved_login_space_logs_in_and_then_uploads_with_it() {
    let mut app = wizard(with_key(progress("1234567_SB1")), true, &[]);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Log in (authorization code), then upload"),
        "{screen}"
    );
    let j = match key(&mut app, ' ') {
        Some(Command::Migrate(MigrateCommand::Login(j))) => j,
        other => panic!("expected a login, got {other:?}"),
    };
    assert_eq!(
        (j.name.as_str(), j.item, j.demo),
        ("acme-login", Item::Key, Some(true))
    );
    assert_eq!(j.state.to, "acme-m2m", "the new profile keeps its name");
    let out = app.update_all(Message::Migrate(MigrateEvent::LoggedIn(Ok(
        "acme-login".into()
    ))));
    let j = match out.as_slice() {
        [Command::Migrate(MigrateCommand::Step(j))] => j,
        other => panic!("expected the key step, got {other:?}"),
    };
    assert_eq!(j.item, Item::Key);
    assert_eq!(j.state.upload_login.as_deref(), Some("acme-login"));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Upload with login acme-login"), "{screen}");
}

#[test]
fn an_upload_refusal_names_the_wizards_keys() {
    let mut app = wizard(with_key(progress("1234567_SB1")), false, &["admin"]);
    key(&mut app, ' ');
    let st = app.migrate.state.clone().unwrap();
    let f = Finding::new(
        MigrateCode::MigrateUploadPermission,
        &[
            ("login", "admin"),
            ("why", "the certificate API answered HTTP 403"),
        ],
    );
    stepped(&mut app, st, Item::Key, Outcome::Failed(vec![f], None));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Manage own OAuth 2.0 Client"), "{screen}");
    assert!(!screen.contains("nstba migrate"), "{screen}");
    assert!(!screen.contains("--certificate-id"), "{screen}");
    both_sizes("migrate_key_upload_refused", &app);
}

fn authcode_at_side_by_side(demo: bool) -> App {
    let mut st = progress("1234567_SB1");
    st.set_target(Target::Authcode, 1_700_000_010);
    for item in [Item::Target, Item::Record, Item::Role] {
        st.done(item, "done", 1_700_000_011);
    }
    st.done(Item::Key, nstba::migrate::steps::KEY_SKIPPED, 1_700_000_012);
    assert_eq!(st.to, "acme-authcode");
    let app = wizard(st, demo, &[]);
    assert_eq!(app.screen, Screen::Migrate(5));
    app
}

#[test]
fn the_authcode_target_logs_in_on_item_6_and_compares_right_after() {
    let mut app = authcode_at_side_by_side(true);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("F4 logs in"), "{screen}");
    let st = app.migrate.state.clone().unwrap();
    let f = Finding::new(
        MigrateCode::MigrateAuthcodeNeedsLogin,
        &[("login", "acme-authcode")],
    );
    stepped(
        &mut app,
        st,
        Item::SideBySide,
        Outcome::Failed(vec![f], None),
    );
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("F3 here on item 6"), "{screen}");
    assert!(!screen.contains("nstba login"), "{screen}");
    both_sizes("migrate_authcode_needs_login", &app);
    for (k, allow) in [(KeyCode::F(4), true), (KeyCode::F(9), false)] {
        let mut app = authcode_at_side_by_side(true);
        match code(&mut app, k) {
            Some(Command::Migrate(MigrateCommand::Login(j))) => {
                assert_eq!(j.demo, Some(allow));
                assert_eq!(j.state.to, "acme-authcode");
            }
            other => panic!("expected a login, got {other:?}"),
        }
        assert!(app.migrate.busy);
    }
    // Not the demo: F3 opens a browser login.
    let mut app = authcode_at_side_by_side(false);
    match code(&mut app, KeyCode::F(3)) {
        Some(Command::Migrate(MigrateCommand::Login(j))) => assert_eq!(j.demo, None),
        other => panic!("expected a login, got {other:?}"),
    }
    // The login saved: item 6 is checked at once.
    let out = app.update_all(Message::Migrate(MigrateEvent::LoggedIn(Ok(
        "acme-authcode".into(),
    ))));
    let j = match out.as_slice() {
        [Command::Migrate(MigrateCommand::Step(j))] => j,
        other => panic!("expected the item-6 check, got {other:?}"),
    };
    assert_eq!(j.item, Item::SideBySide);
    // A refused login is shown.
    let mut app = authcode_at_side_by_side(true);
    code(&mut app, KeyCode::F(9));
    app.update_all(Message::Migrate(MigrateEvent::LoggedIn(Err(
        "the login was refused: access_denied".into(),
    ))));
    assert!(draw(&app, 80, 24).contains("access_denied"));
    assert!(!app.migrate.busy);
}

#[test]
fn only_tba_profiles_are_offered_and_none_is_said() {
    let mut st = progress("1234567_SB1");
    st.reopen_from(Item::Inventory, 1_700_000_020);
    let app = wizard(st, false, &[]);
    assert_eq!(app.screen, Screen::Migrate(0));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Move profile acme"), "{screen}");
    assert!(!screen.contains("Move profile acme-m2m"), "{screen}");
    assert!(!screen.contains("Move profile admin"), "{screen}");
    // The store's side: a non-TBA profile opens the TBA one; with none, that is said.
    let dir = tempfile::tempdir().unwrap();
    let store = nstba::profile::ProfileStore::open(dir.path().to_path_buf())
        .unwrap()
        .with_secret_store(nstba::profile::SecretStoreKind::File);
    let e = migrate_task::open(&store, "acme").unwrap_err();
    assert!(e.contains("No saved TBA profile"), "{e}");
    let tba = nstba::emulator::demo::credentials();
    store
        .save_settings(
            "acme",
            &nstba::check::Settings::new("1234567_SB1", tba.clone()),
        )
        .unwrap();
    let m2m = nstba::netsuite::oauth2::M2mCredentials {
        client_id: tba.consumer_key.clone(),
        certificate_id: "cert".into(),
        private_key: nstba::emulator::oauth2::demo_private_key(),
        ..Default::default()
    };
    store
        .save_settings(
            "acme-m2m",
            &nstba::check::Settings::new("1234567_SB1", nstba::check::auth::Credentials::M2m(m2m)),
        )
        .unwrap();
    // A login of the same account (any spelling), and one of another account.
    let login = |account: &str| nstba::netsuite::oauth2::authcode::AuthCodeCredentials {
        client_id: tba.consumer_key.clone(),
        client_secret: None,
        refresh_token: nstba::Secret::from("refresh-0123456789"),
        scopes: vec!["rest_webservices".into()],
        redirect_uri: "https://localhost:8899/callback".into(),
        validity: nstba::netsuite::oauth2::authcode::RefreshValidity::new(true, 1_700_000_000),
        company: Some(account.into()),
        role: Some("1001".into()),
        entity: Some("4242".into()),
        store: None,
    };
    store
        .save_login("admin", "1234567-sb1", &login("1234567_SB1"), Vec::new())
        .unwrap();
    store
        .save_login("other", "7654321", &login("7654321"), Vec::new())
        .unwrap();
    let o = migrate_task::open(&store, "acme-m2m").unwrap();
    assert_eq!(o.state.from, "acme");
    assert_eq!(o.tba_profiles, ["acme"]);
    assert_eq!(o.logins, ["admin"]);
}

#[test]
fn a_rerun_or_a_send_back_clears_the_old_item_6_failure() {
    let mut st = with_key(progress("1234567_SB1"));
    st.certificate_id = Some("cert".into());
    st.done(Item::Key, "works", 1_700_000_030);
    let mut app = wizard(st.clone(), false, &[]);
    assert_eq!(app.screen, Screen::Migrate(5));
    let f = Finding::new(
        MigrateCode::MigrateRoleMismatch,
        &[("new_role", "1002"), ("role", "1001")],
    );
    let mut failed = st.clone();
    failed.failed(
        Item::SideBySide,
        vec![f.code],
        "other role".into(),
        1_700_000_031,
    );
    stepped(
        &mut app,
        failed,
        Item::SideBySide,
        Outcome::Failed(vec![f], None),
    );
    assert!(draw(&app, 80, 24).contains("another role"));
    // Enter again (say, after the scenario was switched): the old failure is not shown beside
    // "Checking…".
    step_of(enter(&mut app));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Checking"), "{screen}");
    assert!(!screen.contains("another role"), "{screen}");
    // A later step that sends the checklist back to the key item clears item 6's outcome too.
    let mut app = wizard(st.clone(), false, &[]);
    let f = Finding::new(MigrateCode::MigrateRoleMismatch, &[("new_role", "1002")]);
    stepped(
        &mut app,
        st.clone(),
        Item::SideBySide,
        Outcome::Failed(vec![f], None),
    );
    let mut back = st.clone();
    back.reopen_from(Item::Key, 1_700_000_040);
    let nf = Finding::new(MigrateCode::MigrateCertificateNotMapped, &[]);
    back.failed(Item::Key, vec![nf.code], "not mapped".into(), 1_700_000_040);
    stepped(&mut app, back, Item::Key, Outcome::Failed(vec![nf], None));
    key(&mut app, '6');
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("another role"), "{screen}");
}

#[test]
fn a_warning_is_drawn_as_a_warning() {
    let mut st = with_key(progress("1234567_SB1"));
    st.certificate_id = Some("cert".into());
    st.done(Item::Key, "works", 1_700_000_030);
    let mut app = wizard(st.clone(), false, &[]);
    let f = Finding::new(
        MigrateCode::MigrateRoleMismatch,
        &[("new_role", "1002"), ("role", "1001")],
    );
    stepped(
        &mut app,
        st,
        Item::SideBySide,
        Outcome::Failed(vec![f], None),
    );
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("⚠ warning: The OAuth 2.0 token has"),
        "{screen}"
    );
    assert!(!screen.contains("✗ The OAuth 2.0 token has"), "{screen}");
}

#[test]
fn a_sandbox_passes_the_sandbox_item_without_being_told_to_migrate_a_sandbox() {
    for account in ["1234567_SB1", "1234567-sb1"] {
        let mut st = with_key(progress(account));
        st.certificate_id = Some("cert".into());
        st.done(Item::Key, "works", 1_700_000_030);
        st.done(Item::SideBySide, "same", 1_700_000_031);
        let app = wizard(st, false, &[]);
        assert_eq!(app.screen, Screen::Migrate(6));
        let screen = draw(&app, 80, 24);
        assert!(
            !screen.contains("sandbox profile first"),
            "{account}: {screen}"
        );
        assert!(!screen.contains("A sandbox was migrated first"), "{screen}");
        assert!(screen.contains("this sandbox migration counts"), "{screen}");
    }
}

#[test]
fn long_paths_fit_at_44x12_and_no_size_panics() {
    let mut st = progress("1234567_SB1");
    st.key_file =
        Some("/home/a-rather-long-user-name/.config/nstba/migrations/acme-m2m-key.pem".into());
    st.certificate_file = Some(
        "/home/a-rather-long-user-name/.config/nstba/migrations/acme-m2m-certificate.pem".into(),
    );
    let mut app = wizard(st, false, &[]);
    let small = draw(&app, 44, 12);
    assert!(small.contains("…"), "{small}");
    // The certificate's line is below the fold: PgDn shows it.
    assert!(small.contains("↓ more: PgDn"), "{small}");
    code(&mut app, KeyCode::PageDown);
    let small = draw(&app, 44, 12);
    assert!(small.contains("certificate.pem"), "{small}");
    for w in 1..=12u16 {
        for h in 1..=6u16 {
            draw(&app, w, h);
        }
    }
    both_sizes("migrate_key_long_paths", &app);
}
