//! "Move this connection to OAuth 2.0" in the wizard, without a runtime: the `tba-retirement`
//! notice on a TBA run's results (and `m` there), every checklist item's screen at 80×24 and
//! 44×12, and `update()` walking it: each Enter asks the runtime to run the item with the
//! answers given on the screen (the record and role confirmations, the target and record
//! choices, the twice-asked revoke, the typed Certificate ID), a role mismatch needs an
//! explicit acceptance, and a resumed migration opens at its first open item.

use crossterm::event::KeyCode;
use nstba::check::Api;
use nstba::migrate::state::{Identity, Inventory, MigrationState, RecordChoice, Target};
use nstba::migrate::{Finding, Item, MigrateCode};
use nstba::tui::components::migrate_task::{
    MigrateCommand, MigrateEvent, Opened, Outcome, StepJob, Stepped,
};
use nstba::tui::profiles::ProfileSummary;
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Message, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::tui::*;

pub(crate) fn draw(app: &App, w: u16, h: u16) -> String {
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

pub(crate) fn profiles() -> Vec<ProfileSummary> {
    vec![ProfileSummary {
        name: "acme".into(),
        account: "1234567_SB1".into(),
        last: None,
    }]
}

/// A migration of `acme` whose inventory is done (role 1001, entity 4242, REST and RESTlets).
pub(crate) fn progress() -> MigrationState {
    let mut st = MigrationState::new("acme", "acme-m2m", "1234567_SB1", 1_700_000_000);
    st.inventory = Some(Inventory {
        identity: Identity {
            role: Some("1001".into()),
            role_name: Some("Integration".into()),
            entity: Some("4242".into()),
            company: Some("Acme".into()),
        },
        working: vec![Api::Rest, Api::Restlet],
        used: vec![Api::Rest, Api::Restlet],
        soap_used: false,
    });
    st.done(Item::Inventory, "inventory taken", 1_700_000_001);
    st.record_tba(Item::Inventory, true, 1_700_000_001);
    st
}

pub(crate) fn opened(mut app: App, st: MigrationState) -> App {
    let apis = vec![Api::Rest, Api::Restlet];
    let out = app.update_all(Message::Migrate(MigrateEvent::Opened(Ok(Box::new(
        Opened {
            state: st,
            apis,
            tba_profiles: vec!["acme".into()],
            logins: Vec::new(),
        },
    )))));
    assert!(out.is_empty(), "{out:?}");
    app
}

/// The wizard on the migration of `acme`, opened from the start screen's last choice.
pub(crate) fn migrate_app(st: MigrationState) -> App {
    let mut app = App::new(AppOptions {
        profiles: profiles(),
        ..AppOptions::default()
    });
    for _ in 0..6 {
        code(&mut app, KeyCode::Down);
    }
    match enter(&mut app) {
        Some(Command::Migrate(MigrateCommand::Open { from })) => assert_eq!(from, "acme"),
        other => panic!("expected the migration to open, got {other:?}"),
    }
    assert_eq!(app.screen, Screen::Migrate(0));
    assert!(draw(&app, 80, 24).contains("Opening the migration"));
    opened(app, st)
}

fn at_item(n: usize) -> App {
    let mut app = migrate_app(progress());
    key(&mut app, char::from_digit(n as u32 + 1, 10).unwrap());
    assert_eq!(app.screen, Screen::Migrate(n));
    app
}

fn job(cmd: Option<Command>) -> Box<StepJob> {
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

/// A finished TBA test of saved profile `acme`.
fn tba_results() -> App {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    app.shared.profile = Some("acme".into());
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    app
}

#[test]
fn a_tba_run_shows_the_retirement_notice_once_and_offers_the_move() {
    let mut app = tba_results();
    let big = draw(&app, 80, 40);
    assert_eq!(big.matches("2027.1").count(), 1, "{big}");
    assert!(big.contains("2028.2"), "{big}");
    assert!(
        big.contains("m: Move this connection to OAuth 2.0"),
        "{big}"
    );
    assert!(big.contains("nstba migrate --from acme"), "{big}");
    assert!(!big.contains("PROFILE"), "{big}");
    // The notice follows the diagnoses: scrolled into view at 80×24.
    for _ in 0..12 {
        code(&mut app, KeyCode::Down);
    }
    both_sizes("results_tba_notice", &app);
    // The detail of a diagnosis does not repeat it.
    let mut app = tba_results();
    enter(&mut app);
    assert!(!draw(&app, 80, 40).contains("2028.2"));
    esc(&mut app);
    match key(&mut app, 'm') {
        Some(Command::Migrate(MigrateCommand::Open { from })) => assert_eq!(from, "acme"),
        other => panic!("m should open the migration: {other:?}"),
    }
    assert_eq!(app.screen, Screen::Migrate(0));
}

#[test]
fn a_run_of_typed_credentials_says_to_save_first_and_m_does_nothing() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    let big = draw(&app, 80, 40);
    assert!(big.contains("Save it as a profile (s), then m"), "{big}");
    assert!(key(&mut app, 'm').is_none());
    assert_eq!(app.screen, Screen::Test);
}

#[test]
fn every_item_at_both_sizes() {
    for n in 0..8 {
        both_sizes(&format!("migrate_item_{}", n + 1), &at_item(n));
    }
}

#[test]
fn a_resumed_migration_opens_at_its_first_open_item() {
    let mut st = progress();
    st.done(
        Item::Target,
        "target: client credentials (M2M)",
        1_700_000_002,
    );
    let app = migrate_app(st);
    assert_eq!(app.screen, Screen::Migrate(2));
    let notice = app.shared.notice.as_ref().unwrap().text.clone();
    assert!(
        notice.contains("Resumed the migration of acme at item 3"),
        "{notice}"
    );
}

#[test]
fn enter_runs_the_item_with_the_answers_of_the_screen() {
    let mut app = at_item(2);
    // Unconfirmed: the step runs and will say what to do.
    let j = job(enter(&mut app));
    assert_eq!(j.item, Item::Record);
    assert!(!j.decisions.confirmed);
    // Busy until it answers: a second Enter sends nothing.
    assert!(enter(&mut app).is_none());
    stepped(
        &mut app,
        j.state.clone(),
        Item::Record,
        Outcome::Waiting(nstba::migrate::steps::Need::Confirm),
    );
    assert!(draw(&app, 80, 24).contains("tick \"Done in NetSuite\""));
    // A separate record, then "done in NetSuite" ticked.
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    assert_eq!(
        app.migrate.state.as_ref().unwrap().record,
        RecordChoice::Separate
    );
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    let j = job(enter(&mut app));
    assert!(j.decisions.confirmed);
    assert_eq!(j.state.record, RecordChoice::Separate);
    // Done: on to the role item.
    let mut st = j.state.clone();
    st.done(Item::Record, "record", 1_700_000_003);
    let out = stepped(
        &mut app,
        st,
        Item::Record,
        Outcome::Done("record: a separate OAuth 2.0 record".into(), Vec::new()),
    );
    assert!(out.is_empty());
    assert_eq!(app.screen, Screen::Migrate(3));
}

#[test]
fn choosing_another_target_sends_the_checklist_back_to_it() {
    let mut st = progress();
    st.done(Item::Target, "m2m", 1_700_000_002);
    let mut app = migrate_app(st);
    key(&mut app, '2');
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    let st = app.migrate.state.as_ref().unwrap();
    assert_eq!(st.target, Target::Authcode);
    assert_eq!(st.next(), Some(Item::Target));
    assert_eq!(st.to, "acme-authcode", "the default name follows the kind");
    let j = job(enter(&mut app));
    assert_eq!(j.state.target, Target::Authcode);
    let mut done = j.state.clone();
    done.done(Item::Target, "target: authorization code", 1_700_000_003);
    stepped(
        &mut app,
        done,
        Item::Target,
        Outcome::Done("target: authorization code (a person logs in as profile acme-authcode; no key or certificate)".into(), Vec::new()),
    );
    assert_eq!(app.screen, Screen::Migrate(2));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Authorization Code Grant"), "{screen}");
    assert!(screen.contains("Redirect URI"), "{screen}");
    both_sizes("migrate_record_authcode", &app);
}

#[test]
fn the_key_item_generates_uploads_in_the_demo_and_takes_a_typed_certificate_id() {
    let mut app = at_item(4);
    let j = job(code(&mut app, KeyCode::F(3)));
    assert!(j.generate && j.demo_upload.is_none());
    let mut st = j.state.clone();
    st.key_file = Some("/cfg/migrations/acme-m2m-key.pem".into());
    st.certificate_file = Some("/cfg/migrations/acme-m2m-certificate.pem".into());
    stepped(
        &mut app,
        st.clone(),
        Item::Key,
        Outcome::Waiting(nstba::migrate::steps::Need::CertificateId(
            st.certificate_file.clone(),
        )),
    );
    both_sizes("migrate_key_waiting_for_the_certificate_id", &app);
    // Not the demo: F4 is not bound; Tab goes to the field, where letters and digits are text.
    assert!(code(&mut app, KeyCode::F(4)).is_none());
    code(&mut app, KeyCode::Tab);
    type_str(&mut app, "q1-AbC");
    let j = job(enter(&mut app));
    assert_eq!(j.certificate_id.as_deref(), Some("q1-AbC"));
    assert!(!j.generate);
}

#[test]
fn a_different_role_is_shown_and_needs_explicit_acceptance() {
    let mut app = at_item(5);
    let j = job(enter(&mut app));
    let mut st = j.state.clone();
    st.new_identity = Some(Identity {
        role: Some("1002".into()),
        entity: Some("4242".into()),
        ..Identity::default()
    });
    let f = Finding::new(
        MigrateCode::MigrateRoleMismatch,
        &[("new_role", "1002"), ("role", "1001")],
    );
    st.failed(
        Item::SideBySide,
        vec![f.code],
        "another role".into(),
        1_700_000_009,
    );
    stepped(
        &mut app,
        st,
        Item::SideBySide,
        Outcome::Failed(vec![f], None),
    );
    let big = draw(&app, 80, 24);
    assert!(big.contains("migrate-role-mismatch"), "{big}");
    assert!(big.contains("Accept role 1002"), "{big}");
    both_sizes("migrate_role_mismatch", &app);
    // Enter alone runs it again without accepting; Space accepts, explicitly.
    assert!(job(enter(&mut app)).state.accepted_role.is_none());
    let now = app.migrate.state.clone().unwrap();
    stepped(
        &mut app,
        now,
        Item::SideBySide,
        Outcome::Waiting(nstba::migrate::steps::Need::KeyItem),
    );
    key(&mut app, ' ');
    let j = job(enter(&mut app));
    assert_eq!(j.state.accepted_role.as_deref(), Some("1002"));
}

#[test]
fn revoking_is_offered_never_preset_and_asked_twice() {
    let mut app = at_item(7);
    let j = job(enter(&mut app));
    assert!(!j.decisions.revoke && !j.decisions.monitored_ok);
    stepped(
        &mut app,
        j.state.clone(),
        Item::CutOver,
        Outcome::Failed(
            vec![Finding::new(MigrateCode::MigrateNotMonitored, &[])],
            None,
        ),
    );
    key(&mut app, ' '); // monitored run: yes
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    assert!(draw(&app, 80, 24).contains("Really revoke?"));
    let j = job(enter(&mut app));
    assert!(
        j.decisions.monitored_ok && !j.decisions.revoke,
        "once is not enough"
    );
    stepped(
        &mut app,
        j.state.clone(),
        Item::CutOver,
        Outcome::Waiting(nstba::migrate::steps::Need::Confirm),
    );
    key(&mut app, ' ');
    both_sizes("migrate_revoke_confirmed_twice", &app);
    assert!(job(enter(&mut app)).decisions.revoke);
}

#[test]
fn the_new_profile_saved_reads_the_profile_list_again() {
    let mut app = at_item(5);
    let j = job(enter(&mut app));
    let mut st = j.state.clone();
    st.done(
        Item::SideBySide,
        "same role and entity; saved as profile acme-m2m",
        1,
    );
    let out = stepped(
        &mut app,
        st,
        Item::SideBySide,
        Outcome::Done(
            "same role and entity; saved as profile acme-m2m".into(),
            Vec::new(),
        ),
    );
    assert!(matches!(out.as_slice(), [Command::ListProfiles]), "{out:?}");
    assert_eq!(app.screen, Screen::Migrate(6));
}

#[test]
fn a_problem_opening_is_shown_and_debug_names_no_secret() {
    let mut app = App::new(AppOptions {
        profiles: profiles(),
        ..AppOptions::default()
    });
    for _ in 0..6 {
        code(&mut app, KeyCode::Down);
    }
    enter(&mut app);
    app.update_all(Message::Migrate(MigrateEvent::Opened(Err(
        "acme cannot be moved (a TBA profile is needed): not tba".into(),
    ))));
    assert!(draw(&app, 80, 24).contains("a TBA profile is needed"));
    let j = StepJob {
        state: progress(),
        item: Item::Key,
        decisions: Default::default(),
        generate: false,
        demo_upload: None,
        certificate_id: None,
        separate_client_id: Some(nstba::Secret::from("client-id-secret-value")),
        base_url: None,
        timeout: std::time::Duration::from_secs(1),
    };
    assert!(!format!("{j:?}").contains("client-id-secret-value"));
}

#[test]
fn the_chosen_start_choice_stays_in_view_at_44x12() {
    let mut app = App::new(AppOptions {
        profiles: profiles(),
        last_profile: Some("acme".into()),
        ..AppOptions::default()
    });
    for _ in 0..8 {
        code(&mut app, KeyCode::Down);
    }
    let small = draw(&app, 44, 12);
    assert!(small.contains("› Move TBA to OAuth 2.0"), "{small}");
    // A click on it picks it (the hit rows follow the scrolled view).
    let row = small
        .lines()
        .position(|l| l.contains("Move TBA to OAuth 2.0"))
        .unwrap() as u16;
    let click = crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 10,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    };
    code(&mut app, KeyCode::Up);
    let out = app.update_all(Message::Mouse(click));
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Migrate(MigrateCommand::Open { .. }))),
        "{out:?}"
    );
}

/// The screen after pressing `k` on `app`.
fn after(app: &mut App, k: KeyCode) -> String {
    code(app, k);
    draw(app, 44, 12)
}

#[test]
fn pgdn_reads_the_rest_of_a_long_item_and_pgup_goes_back() {
    let mut longest = 0;
    for n in 0..8 {
        let mut app = at_item(n);
        let first = draw(&app, 44, 12);
        if !first.contains("↓ more: PgDn") {
            assert!(
                first.contains("TBA profile acme"),
                "item {}: it fits",
                n + 1
            );
            continue;
        }
        let mut presses = 0;
        let mut screen = first.clone();
        while screen.contains("↓ more: PgDn") {
            presses += 1;
            assert!(presses < 6, "item {}: PgDn reaches the end", n + 1);
            screen = after(&mut app, KeyCode::PageDown);
        }
        longest = longest.max(presses);
        // The page's last line: the TBA profile's state.
        assert!(
            screen.contains("TBA profile acme"),
            "item {}: {screen}",
            n + 1
        );
        // At the end PgDn stays, and one PgUp moves at once.
        assert_eq!(after(&mut app, KeyCode::PageDown), screen);
        assert_ne!(after(&mut app, KeyCode::PageUp), screen);
        // Keys faster than frames: each press still counts.
        for _ in 0..presses {
            code(&mut app, KeyCode::PageUp);
        }
        assert_eq!(draw(&app, 44, 12), first, "item {}: back at the top", n + 1);
        // ↓ in the list brings the cursor back into view.
        code(&mut app, KeyCode::PageDown);
        code(&mut app, KeyCode::Down);
        assert!(app.migrate.scroll.is_none());
    }
    assert!(longest >= 1, "at least one item is longer than 44×12");
}
