//! Saved OAuth 2.0 profiles (M2M, authorization code) in the wizard: the picker loads them with
//! their kind's settings and tests them as they are (never through the TBA form), a rerun
//! reuses those settings, and the exported report shows the kind's own credentials summary
//! without the TBA retirement notice. The shared report entry point keeps TBA output as it was.

use crate::support::fixtures::*;
use crate::support::tui::*;
use nstba::Secret;
use nstba::check::auth::Credentials as AnyCredentials;
use nstba::check::{Api, Report};
use nstba::netsuite::Credentials;
use nstba::netsuite::oauth2::M2mCredentials;
use nstba::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity};
use nstba::profile::{ProfileStore as Store, SecretStoreKind};
use nstba::report::{self, ReportInput};
use nstba::tui::profiles::{ExportJob, LoadedProfile, SavedProfiles};
use nstba::tui::runtime::ProfileStore;
use nstba::tui::{App, AppOptions, Command, Message, Overlay, Screen};

const NOW: i64 = 1_790_000_000;
const CLIENT_ID: &str = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0c1d7";
const KEY_TEXT: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAkeySECRET\n-----END PRIVATE KEY-----\n";
const REFRESH: &str = "REFRESHTOKENxyz0123456789";

fn m2m() -> M2mCredentials {
    M2mCredentials {
        client_id: Secret::from(CLIENT_ID),
        certificate_id: "CERT-kid-0001".into(),
        private_key: Secret::from(KEY_TEXT),
        scopes: vec!["rest_webservices".into(), "restlets".into()],
        ..Default::default()
    }
}

fn login() -> AuthCodeCredentials {
    AuthCodeCredentials {
        client_id: Secret::from(CLIENT_ID),
        client_secret: None,
        refresh_token: Secret::from(REFRESH),
        scopes: vec!["rest_webservices".into()],
        redirect_uri: "https://localhost:8899/callback".into(),
        validity: RefreshValidity::new(true, NOW),
        company: None,
        role: Some("1001".into()),
        entity: Some("4242".into()),
        store: None,
    }
}

fn demo_app() -> App {
    let mut app = App::new(AppOptions {
        now_unix: NOW,
        ..AppOptions::default()
    });
    app.shared.base_url = Some("http://127.0.0.1:9".into());
    app
}

fn loaded(credentials: AnyCredentials) -> Box<LoadedProfile> {
    Box::new(LoadedProfile {
        account: ACCOUNT.into(),
        apis: vec![Api::Rest, Api::Restlet],
        credentials,
    })
}

fn started(cmd: Option<Command>) -> (u64, Box<nstba::check::Settings>) {
    match cmd {
        Some(Command::StartChecks(run, s)) => (run, s),
        other => panic!("expected StartChecks, got {other:?}"),
    }
}

/// Enter on the profile `name` of kind `credentials` in the picker, then its results.
fn tested(name: &str, credentials: AnyCredentials) -> App {
    let mut app = demo_app();
    let (run, s) = started(app.update(Message::ProfileLoaded(
        name.into(),
        Ok(loaded(credentials.clone())),
        true,
    )));
    assert_eq!(app.screen, Screen::Test);
    assert_eq!(
        s.credentials, credentials,
        "the profile's own kind is tested"
    );
    assert_eq!(s.account, ACCOUNT);
    assert_eq!(s.apis, [Api::Rest, Api::Restlet]);
    assert_eq!(s.base_url.as_deref(), Some("http://127.0.0.1:9"));
    let cmd = app.update(Message::ChecksDone(run, failing_report()));
    assert!(
        matches!(&cmd, Some(Command::RecordTest(n, _)) if n == name),
        "the result is recorded in the profile: {cmd:?}"
    );
    app
}

#[test]
fn enter_on_an_m2m_profile_tests_it_and_r_reruns_the_same_settings() {
    let mut app = tested("m2m-sb1", m2m().into());
    // Saving would overwrite the profile with the TBA form's values: it is saved already.
    assert!(key(&mut app, 's').is_none());
    assert_ne!(app.overlay(), Some(Overlay::SaveName));
    assert!(app.shared.notice.as_ref().unwrap().text.contains("m2m-sb1"));
    let (_, again) = started(key(&mut app, 'r'));
    assert_eq!(
        again.credentials,
        AnyCredentials::M2m(m2m()),
        "not the TBA form"
    );
    assert_eq!(again.apis, [Api::Rest, Api::Restlet]);
}

#[test]
fn enter_on_an_authcode_profile_tests_it_and_r_reruns_the_same_settings() {
    let mut app = tested("me", AnyCredentials::AuthCode(login()));
    let (_, again) = started(key(&mut app, 'r'));
    assert_eq!(again.credentials.kind(), nstba::check::AuthKind::Authcode);
}

#[test]
fn a_tba_profile_after_an_m2m_run_tests_the_tba_values() {
    let mut app = tested("m2m-sb1", m2m().into());
    let (run, s) = started(app.update(Message::ProfileLoaded(
        "acme".into(),
        Ok(loaded(Credentials::new(CK, CS, TK, TS).into())),
        true,
    )));
    assert_eq!(s.credentials.tba().unwrap().token_secret.expose(), TS);
    app.update(Message::ChecksDone(run, failing_report()));
    let (_, again) = started(key(&mut app, 'r'));
    assert!(again.credentials.tba().is_some(), "a rerun of the TBA run");
}

#[test]
fn loading_an_m2m_profile_into_the_tba_form_says_why_not() {
    let mut app = demo_app();
    let cmd = app.update(Message::ProfileLoaded(
        "m2m-sb1".into(),
        Ok(loaded(m2m().into())),
        false,
    ));
    assert!(cmd.is_none());
    assert_ne!(app.screen, Screen::Form);
    let note = &app.shared.notice.as_ref().unwrap().text;
    assert!(note.contains("M2M") && note.contains("Enter"), "{note}");
}

fn exported(app: &mut App) -> String {
    let Some(Command::ExportReport(job)) = key(app, 'e') else {
        panic!("no export")
    };
    let dir = tempfile::tempdir().unwrap();
    let path = nstba::tui::profiles::write_report(dir.path(), &job, NOW).unwrap();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_export_of_an_m2m_run_shows_the_m2m_credentials_and_no_tba_notice() {
    let mut app = tested("m2m-sb1", m2m().into());
    let md = exported(&mut app);
    assert!(md.contains("## Credentials (OAuth 2.0 client credentials, M2M)"));
    assert!(md.contains("`…c1d7`"), "client id as its last 4");
    assert!(md.contains("| Profile | `m2m-sb1` |"));
    for tba in ["Consumer key", "Token id", "tba-retirement", "consumer key"] {
        assert!(!md.contains(tba), "TBA layout in an M2M report: {tba}");
    }
    assert!(!md.contains(&CLIENT_ID[..20]) && !md.contains("keySECRET"));
}

#[test]
fn the_export_of_an_authcode_run_shows_the_login_and_no_tba_notice() {
    let mut app = tested("me", AnyCredentials::AuthCode(login()));
    let md = exported(&mut app);
    assert!(md.contains("## Credentials (OAuth 2.0 authorization code"));
    assert!(md.contains("public (PKCE, no client secret)"));
    assert!(md.contains("| Role (at login) | 1001 |"));
    for tba in ["Consumer key", "Token id", "tba-retirement"] {
        assert!(!md.contains(tba), "TBA layout in an authcode report: {tba}");
    }
    assert!(!md.contains(REFRESH) && !md.contains(&CLIENT_ID[..20]));
}

#[test]
fn the_export_of_a_tba_run_keeps_the_tba_layout() {
    let mut app = demo_app();
    app.update(Message::ProfileLoaded(
        "acme".into(),
        Ok(loaded(Credentials::new(CK, CS, TK, TS).into())),
        true,
    ));
    let run = app.test.run.unwrap();
    app.update(Message::ChecksDone(run, failing_report()));
    let md = exported(&mut app);
    assert!(md.contains("| Consumer key | `…"));
    assert!(md.contains("tba-retirement"));
}

fn input(r: &Report) -> ReportInput<'_> {
    ReportInput {
        report: r,
        credentials: None,
        profile: Some("p"),
        apis: &[Api::Rest],
        base_url: None,
        detail: None,
        warnings: &[],
        generated_at_unix: NOW,
    }
}

#[test]
fn the_shared_report_entry_point_keeps_tba_output_byte_for_byte() {
    let r = failing_report();
    let c = Credentials::new(CK, CS, TK, TS);
    let before = report::markdown::markdown(&ReportInput {
        credentials: Some(&c),
        ..input(&r)
    });
    assert_eq!(report::for_kind(&input(&r), Some(&c.into()), None), before);
    assert_eq!(
        report::for_kind(&input(&r), None, None),
        report::markdown::markdown(&input(&r))
    );
}

#[test]
fn the_shared_report_entry_point_gives_an_authcode_run_its_own_layout() {
    // `nstba report --profile LOGIN` used the TBA layout (its intro about consumer keys).
    let r = failing_report();
    let md = report::for_kind(&input(&r), Some(&AnyCredentials::AuthCode(login())), None);
    assert!(md.contains(report::AUTHCODE_INTRO));
    assert!(!md.contains("consumer key") && !md.contains("tba-retirement"));
    assert!(!md.contains(REFRESH));
}

fn real_store(dir: &std::path::Path) -> SavedProfiles {
    SavedProfiles(
        Store::open(dir.to_path_buf())
            .unwrap()
            .with_secret_store(SecretStoreKind::File),
    )
}

#[test]
fn the_store_loads_an_m2m_profile_as_its_kind() {
    // The picker's Enter answered "holds OAuth 2.0 M2M (client credentials) credentials, not TBA".
    let dir = tempfile::tempdir().unwrap();
    let mut store = real_store(dir.path());
    store
        .0
        .save_m2m_settings("m2m-sb1", ACCOUNT, &m2m(), vec![Api::Rest])
        .unwrap();
    let l = store.load("m2m-sb1").expect("an M2M profile loads");
    let AnyCredentials::M2m(c) = &l.credentials else {
        panic!("not M2M: {:?}", l.credentials.kind())
    };
    assert_eq!(c.certificate_id, "CERT-kid-0001");
    assert_eq!(l.account, ACCOUNT);
    assert_eq!(l.apis, [Api::Rest]);
}

#[test]
fn the_store_loads_a_login_profile_as_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = real_store(dir.path());
    store
        .0
        .save_login("me", ACCOUNT, &login(), vec![Api::Rest])
        .unwrap();
    let l = store.load("me").expect("a login loads");
    let AnyCredentials::AuthCode(c) = &l.credentials else {
        panic!("not a login: {:?}", l.credentials.kind())
    };
    assert!(
        c.store.is_some(),
        "rotated refresh tokens go back into the profile"
    );
}

#[test]
fn an_export_job_without_credentials_leaves_the_section_out() {
    // A row of "test all": the form's TBA values are not that row's credentials.
    let dir = tempfile::tempdir().unwrap();
    let job = ExportJob {
        report: failing_report(),
        credentials: None,
        profile: Some("row".into()),
        apis: vec![Api::Rest],
        base_url: None,
        warnings: vec![],
        detail: None,
        scenario: None,
    };
    let path = nstba::tui::profiles::write_report(dir.path(), &job, NOW).unwrap();
    let md = std::fs::read_to_string(path).unwrap();
    assert!(!md.contains("## Credentials"));
}

#[test]
fn an_oauth2_demo_profile_of_an_earlier_session_says_why_it_cannot_be_tested() {
    // Each `--demo` starts a fresh emulator: an M2M profile saved in the last one failed with
    // invalid_grant and "passed before, fails now". TBA demo profiles keep working.
    use nstba::tui::demo_profiles::DemoProfiles;
    let dir = tempfile::tempdir().unwrap();
    let earlier = real_store(dir.path());
    earlier
        .0
        .save_m2m_settings("m2m-sb1", ACCOUNT, &m2m(), vec![Api::Rest])
        .unwrap();
    earlier
        .0
        .save_login("me", ACCOUNT, &login(), vec![Api::Rest])
        .unwrap();
    let tba = nstba::check::Settings::new(ACCOUNT, Credentials::new(CK, CS, TK, TS));
    earlier.0.save_settings("tba", &tba).unwrap();

    let mut store = DemoProfiles::new(real_store(dir.path()));
    let why = store
        .load("m2m-sb1")
        .expect_err("an earlier session's M2M profile");
    assert!(
        why.contains("earlier demo session") && why.contains("certificate"),
        "{why}"
    );
    assert!(why.contains("F3 and F4"), "what to do: {why}");
    let why = store
        .test_settings("me")
        .expect_err("an earlier session's login");
    assert!(
        why.contains("refresh token") && why.contains("log in again"),
        "{why}"
    );
    assert!(
        store.load("tba").is_ok(),
        "TBA demo credentials work in every session"
    );
    // Saved again in this session, it is this session's.
    let mut s = nstba::check::Settings::new(ACCOUNT, m2m());
    s.apis = vec![Api::Rest];
    store.save("m2m-sb1", &s).unwrap();
    assert!(store.load("m2m-sb1").is_ok());
}
