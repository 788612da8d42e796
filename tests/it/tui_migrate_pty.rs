//! Issue 16 in a real pseudo-terminal (80×24): `nstba --demo` with a saved, working TBA demo
//! profile walks "Move this connection to OAuth 2.0" to a saved M2M profile with the same role
//! and entity, the TBA profile tested after every item and still working at the end; and the
//! `migrate-role-differs` scenario is caught at the side-by-side item.

use std::path::Path;

use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::migrate::state;

use crate::support::cli::{self, NstbaEnv as _};
use crate::tui_pty::{Session, assert_restored};

const DOWN: &[u8] = b"\x1b[B";
const F3: &[u8] = b"\x1bOR";
const F4: &[u8] = b"\x1bOS";
const F8: &[u8] = b"\x1b[19~";
const F9: &[u8] = b"\x1b[20~";

/// The demo TBA profile `demo` (REST and RESTlets), saved in the wizard's demo store.
fn save_demo_profile(store: &Path) {
    let c = demo::credentials();
    let o = cli::nstba()
        .with_store(store)
        .with_creds(
            demo::ACCOUNT,
            [
                c.consumer_key.expose(),
                c.consumer_secret.expose(),
                c.token_id.expose(),
                c.token_secret.expose(),
            ],
        )
        .args(["profile", "save", "demo", "--api", "rest,restlet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
}

/// `nstba --demo` on the start screen, with `demo` saved.
fn session(cfg: &Path) -> Session {
    save_demo_profile(&cfg.join("demo"));
    let s = Session::start_program(
        env!("CARGO_BIN_EXE_nstba"),
        &["--demo"],
        &[
            ("NSTBA_CONFIG_DIR", cfg.to_str().unwrap()),
            ("NSTBA_SECRET_STORE", "file"),
        ],
    );
    s.wait_for("Set up TBA step by step");
    s
}

/// Start → the last choice → the migration of `demo`, opened at item 1.
fn open_migration(s: &mut Session) {
    for _ in 0..7 {
        s.send(DOWN);
    }
    s.wait_for("Move a TBA connection to OAuth 2.0");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 1/8");
    s.wait_for("demo → demo-m2m");
}

/// Plays scenario `to` from the F8 list (the list opens on the scenario playing, healthy).
fn play(s: &mut Session, to: Scenario) {
    // The demo's list: the TBA scenarios, then the migration's.
    let all: Vec<Scenario> = Scenario::all()
        .iter()
        .chain(Scenario::all_migrate())
        .copied()
        .collect();
    let from = all.iter().position(|x| *x == Scenario::Healthy).unwrap();
    let to = all.iter().position(|x| *x == to).unwrap();
    s.send(F8);
    s.wait_for("play");
    let key: &[u8] = if to > from { DOWN } else { b"\x1b[A" };
    for _ in 0..from.abs_diff(to) {
        s.send(key);
    }
    s.send(b"\r");
}

/// Items 1 to 5: inventory, target, record, role, key (generated, uploaded in the demo).
fn up_to_side_by_side(s: &mut Session) {
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 2/8");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 3/8");
    // Record: the same record; "done in NetSuite" ticked.
    s.send(DOWN);
    s.send(DOWN);
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 4/8");
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 5/8");
    s.send(F3);
    s.wait_for("demo-m2m-certificate.pem");
    s.send(F4);
    s.wait_for("Move to OAuth 2.0 6/8");
}

#[cfg(unix)]
#[test]
fn the_wizard_moves_the_demo_tba_profile_to_a_working_m2m_profile() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    open_migration(&mut s);
    up_to_side_by_side(&mut s);
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 7/8");
    // The demo account is a sandbox: nothing to confirm.
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 8/8");
    // Cut-over: a monitored run confirmed; the TBA token is kept (revoking is never preset).
    s.send(b" \r");
    s.wait_for("The migration is complete");
    let screen = s.screen();
    assert!(screen.contains("still works"), "{screen}");
    assert!(
        !screen.contains("PRIVATE KEY") && !screen.contains("eyJ"),
        "{screen}"
    );
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    assert_restored(&s);

    // The progress file the CLI reads: every item done, the TBA profile tested after each and
    // never failing, the OAuth 2.0 token with the TBA token's role and entity.
    let store = dir.path().join("demo");
    let st = state::load(&store, "demo").unwrap().unwrap();
    assert_eq!(st.done_count(), 8, "{st:?}");
    assert!(st.tba_checks.len() >= 8, "{:?}", st.tba_checks);
    assert!(st.tba_checks.iter().all(|c| c.ok), "{:?}", st.tba_checks);
    assert!(!st.tba_revoked);
    let old = st.inventory.as_ref().unwrap().identity.clone();
    let new = st.new_identity.clone().unwrap();
    assert!(old.role.is_some() && old.entity.is_some(), "{old:?}");
    assert_eq!((new.role, new.entity), (old.role, old.entity));
    // The new connection is a saved m2m profile with the uploaded certificate's id.
    let ps = nstba::profile::ProfileStore::open(store.clone()).unwrap();
    let p = ps.get("demo-m2m").expect("demo-m2m saved");
    let text = format!("{:?}", p.auth);
    assert!(text.to_ascii_lowercase().contains("m2m"), "{text}");
    assert!(
        text.contains(st.certificate_id.as_deref().unwrap()),
        "{text}"
    );
    // `nstba migrate --status` reads the wizard's progress: the two resume each other.
    let o = cli::nstba()
        .with_store(&store)
        .args(["migrate", "--from", "demo", "--status"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("8 of 8 items done"), "{out}");
    // And the TBA profile still works.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt
        .block_on(Emulator::start_with(
            EmulatorConfig::default(),
            nstba::emulator::EmulatorOptions::default(),
        ))
        .unwrap();
    let o = cli::nstba()
        .with_store(&store)
        .args(["test", "--profile", "demo", "--base-url", &emu.base_url()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[cfg(unix)]
#[test]
fn the_wizard_moves_the_demo_tba_profile_to_an_authorization_code_login() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    open_migration(&mut s);
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 2/8");
    // Target: authorization code; the new profile's name follows.
    s.send(DOWN);
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 3/8");
    s.wait_for("demo → demo-authcode");
    s.wait_for("Authorization Code Grant");
    s.send(DOWN);
    s.send(DOWN);
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 4/8");
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 5/8");
    s.wait_for("This item is skipped");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 6/8");
    s.wait_for("F4 logs in");
    // The demo browser clicks Deny first: the refusal is said, nothing is saved.
    s.send(F9);
    s.wait_for("denied");
    s.send(F4);
    s.wait_for("Move to OAuth 2.0 7/8");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 8/8");
    s.send(b" \r");
    s.wait_for("The migration is complete");
    let screen = s.screen();
    assert!(!screen.contains("eyJ"), "{screen}");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    assert_restored(&s);
    let store = dir.path().join("demo");
    let st = state::load(&store, "demo").unwrap().unwrap();
    assert_eq!(st.done_count(), 8, "{st:?}");
    assert!(st.tba_checks.iter().all(|c| c.ok), "{:?}", st.tba_checks);
    let old = st.inventory.as_ref().unwrap().identity.clone();
    let new = st.new_identity.clone().unwrap();
    assert_eq!((new.role, new.entity), (old.role, old.entity));
    assert!(st.key_file.is_none(), "no key for authorization code");
    let ps = nstba::profile::ProfileStore::open(store.clone()).unwrap();
    assert_eq!(
        ps.get("demo-authcode").expect("the login saved").kind(),
        nstba::check::AuthKind::Authcode
    );
}

#[cfg(unix)]
#[test]
fn the_wizard_logs_in_and_uploads_the_certificate_with_that_login() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    open_migration(&mut s);
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 2/8");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 3/8");
    s.send(DOWN);
    s.send(DOWN);
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 4/8");
    s.send(b" \r");
    s.wait_for("Move to OAuth 2.0 5/8");
    s.send(F3);
    s.wait_for("Log in (authorization code), then upload");
    // Space: the demo logs in (Allow), saves the login, uploads through the rotation API.
    s.send(b" ");
    s.wait_for("Move to OAuth 2.0 6/8");
    s.send(b"\r");
    s.wait_for("Move to OAuth 2.0 7/8");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    let store = dir.path().join("demo");
    let st = state::load(&store, "demo").unwrap().unwrap();
    assert_eq!(st.upload_login.as_deref(), Some("demo-login"));
    let id = st.certificate_id.clone().expect("the id from the answer");
    assert!(
        st.item(nstba::migrate::Item::Key).note.contains(&id),
        "{st:?}"
    );
    assert_eq!(
        st.item(nstba::migrate::Item::SideBySide).status,
        nstba::migrate::Status::Done
    );
    let ps = nstba::profile::ProfileStore::open(store).unwrap();
    assert_eq!(
        ps.get("demo-login").unwrap().kind(),
        nstba::check::AuthKind::Authcode
    );
    assert!(ps.get("demo-m2m").is_ok());
}

#[cfg(unix)]
#[test]
fn the_wizard_catches_the_mapping_with_another_role() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    play(&mut s, Scenario::MigrateRoleDiffers);
    s.wait_for("migrate-role-differs");
    open_migration(&mut s);
    up_to_side_by_side(&mut s);
    s.send(b"\r");
    s.wait_for("migrate-role-mismatch");
    s.wait_for("Accept role");
    let screen = s.screen();
    assert!(screen.contains("Move to OAuth 2.0 6/8"), "{screen}");
    s.send(b"\x03");
    assert!(s.wait_exit().success());
    let st = state::load(&dir.path().join("demo"), "demo")
        .unwrap()
        .unwrap();
    assert_eq!(
        st.item(nstba::migrate::Item::SideBySide).status,
        nstba::migrate::Status::Failed
    );
    assert!(st.tba_checks.iter().all(|c| c.ok));
}
