//! The wizard's side of what a fresh user found in the migration: a completed migration is
//! reopened by item 2's choice only when it is chosen twice; item 6 of the authorization-code
//! target shows no comparison left by an earlier M2M run; the new profile's name never takes
//! over the TBA profile or a profile the migration did not make; a malformed typed
//! Certificate ID is refused before any request.

use std::time::Duration;

use crossterm::event::KeyCode;
use nstba::migrate::state::{Identity, MigrationState, Target};
use nstba::migrate::steps::Decisions;
use nstba::migrate::{Item, Status};
use nstba::profile::{ProfileStore, SecretStoreKind};
use nstba::tui::Message;
use nstba::tui::components::migrate_task::{self, MigrateCommand, MigrateEvent, StepJob};

use crate::support::tui::*;
use crate::tui_migrate::{draw, migrate_app, progress};

fn complete() -> MigrationState {
    let mut st = progress();
    for i in Item::all() {
        st.done(i, "done", 1_700_000_010);
    }
    st
}

#[test]
fn a_completed_migration_is_reopened_by_item_2_only_when_chosen_twice() {
    let mut app = migrate_app(complete());
    key(&mut app, '2');
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    let st = app.migrate.state.as_ref().unwrap();
    assert_eq!(st.target, Target::M2m, "one key reopened it");
    assert!(st.complete());
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("Space again"), "{screen}");
    key(&mut app, ' ');
    let st = app.migrate.state.as_ref().unwrap();
    assert_eq!(st.target, Target::Authcode);
    assert_eq!(st.next(), Some(Item::Target));
}

#[test]
fn item_6_of_the_authcode_target_shows_no_earlier_m2m_comparison() {
    let mut st = progress();
    for i in [
        Item::Target,
        Item::Record,
        Item::Role,
        Item::Key,
        Item::SideBySide,
    ] {
        st.done(i, "done", 1_700_000_010);
    }
    st.new_identity = Some(Identity {
        role: Some("1001".into()),
        entity: Some("4242".into()),
        ..Identity::default()
    });
    let mut app = migrate_app(st);
    key(&mut app, '6');
    assert!(
        draw(&app, 80, 24).contains("OAuth 2.0 1001"),
        "the M2M comparison"
    );
    key(&mut app, '2');
    code(&mut app, KeyCode::Down);
    key(&mut app, ' ');
    assert_eq!(app.migrate.state.as_ref().unwrap().target, Target::Authcode);
    key(&mut app, '6');
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("OAuth 2.0 1001"), "{screen}");
    assert_eq!(
        app.migrate
            .state
            .as_ref()
            .unwrap()
            .item(Item::SideBySide)
            .status,
        Status::Pending
    );
}

async fn step(
    dir: &std::path::Path,
    st: MigrationState,
    item: Item,
    id: Option<&str>,
) -> Result<(), String> {
    let store = ProfileStore::open(dir.to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::File);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let job = StepJob {
        state: st,
        item,
        decisions: Decisions::default(),
        generate: false,
        demo_upload: None,
        certificate_id: id.map(str::to_string),
        separate_client_id: None,
        // Nothing may be sent: a discard port.
        base_url: Some("http://127.0.0.1:9".into()),
        timeout: Duration::from_secs(2),
    };
    migrate_task::run(MigrateCommand::Step(Box::new(job)), Some(store), tx).await;
    match rx.recv().await {
        Some(Message::Migrate(MigrateEvent::Stepped(r))) => r.map(|_| ()),
        other => panic!("expected a step's answer, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_profile_never_takes_over_another_and_a_typed_id_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    crate::migrate::store_with_demo(dir.path()).await;
    crate::migrate_fixes::another_tba_profile(dir.path(), "other").await;
    let account = nstba::emulator::demo::ACCOUNT;
    let e = step(
        dir.path(),
        MigrationState::new("demo", "demo", account, 1),
        Item::SideBySide,
        None,
    )
    .await
    .unwrap_err();
    assert!(e.contains("TBA profile this migration moves"), "{e}");
    let e = step(
        dir.path(),
        MigrationState::new("demo", "other", account, 1),
        Item::SideBySide,
        None,
    )
    .await
    .unwrap_err();
    assert!(e.contains("other") && e.contains("did not make"), "{e}");
    let e = step(
        dir.path(),
        MigrationState::new("demo", "demo-m2m", account, 1),
        Item::Key,
        Some("a b!"),
    )
    .await
    .unwrap_err();
    assert!(e.contains("base64url"), "{e}");
}
