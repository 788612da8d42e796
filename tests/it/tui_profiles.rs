//! Profiles in the wizard: `update` flows (save prompt, test again, picker, record, export),
//! snapshots of the new screens, and the store adapter over a real store in a temp directory.

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::check::{Api, Report, Settings};
use nstba::netsuite::Credentials;
use nstba::profile::{ProfileStore as Store, SecretStoreKind};
use nstba::tui::field::NoteKind;
use nstba::tui::profiles::{ExportJob, LoadedProfile, ProfileSummary, SavedProfiles};
use nstba::tui::runtime::{ProfileStore, Recorded};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Message, Overlay, Phase, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: i64 = 1_790_000_000;

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn summaries() -> Vec<ProfileSummary> {
    vec![
        ProfileSummary {
            name: "acme-sb1".into(),
            account: "1234567_SB1".into(),
            last: Some((true, NOW - 2 * 3600, "all checks passed".into())),
        },
        ProfileSummary {
            name: "acme-prod".into(),
            account: "1234567".into(),
            last: None,
        },
    ]
}

fn with_profiles() -> App {
    App::new(AppOptions {
        last_profile: Some("acme-sb1".into()),
        profiles: summaries(),
        now_unix: NOW,
        ..AppOptions::default()
    })
}

fn loaded() -> Box<LoadedProfile> {
    Box::new(LoadedProfile {
        account: "1234567_SB1".into(),
        apis: vec![Api::Rest, Api::Soap],
        credentials: Credentials::new(CK, CS, TK, TS).into(),
    })
}

/// A finished failing test of the loaded profile `acme-sb1`, as the runtime would drive it.
fn tested_profile() -> (App, Option<Command>) {
    let mut app = with_profiles();
    let cmd = key(&mut app, 'a');
    assert!(matches!(&cmd, Some(Command::LoadProfile(n, true)) if n == "acme-sb1"));
    let run = run_id(app.update(Message::ProfileLoaded(
        "acme-sb1".into(),
        Ok(loaded()),
        true,
    )));
    feed_checks(&mut app, run, true);
    let cmd = app.update(Message::ChecksDone(run, failing_report()));
    (app, cmd)
}

/// The results screen of a test typed into the form (no profile).
fn results_without_profile() -> App {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    assert!(
        app.update(Message::ChecksDone(run, failing_report()))
            .is_none(),
        "nothing to record without a profile"
    );
    app
}

#[test]
fn test_again_loads_the_last_profile_and_runs_it_straight_away() {
    let mut app = with_profiles();
    let cmd = app.update(Message::ProfileLoaded(
        "acme-sb1".into(),
        Ok(loaded()),
        true,
    ));
    let Some(Command::StartChecks(_, settings)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(settings.account, "1234567_SB1");
    assert_eq!(settings.apis, vec![Api::Rest, Api::Soap]);
    assert_eq!(
        settings.credentials.tba().unwrap().token_secret.expose(),
        TS
    );
    assert_eq!(app.screen, Screen::Test);
    assert_eq!(app.shared.profile.as_deref(), Some("acme-sb1"));
    assert!(!app.shared.unsaved, "loaded credentials are saved ones");
}

#[test]
fn the_picker_lists_profiles_and_enter_tests_the_selected_one() {
    let mut app = with_profiles();
    assert!(key(&mut app, 'p').is_none());
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    key(&mut app, 'j');
    let cmd = enter(&mut app);
    assert!(
        matches!(&cmd, Some(Command::LoadProfile(n, true)) if n == "acme-prod"),
        "{cmd:?}"
    );
    assert_eq!(app.overlay(), None);
    // Esc closes without loading.
    key(&mut app, 'p');
    assert!(esc(&mut app).is_none());
    assert_eq!(app.overlay(), None);
}

#[test]
fn profile_keys_need_profiles() {
    let mut app = App::default();
    assert!(key(&mut app, 'a').is_none());
    assert!(key(&mut app, 'p').is_none());
    assert_eq!(app.overlay(), None);
}

#[test]
fn init_opens_the_profile_named_on_the_command_line() {
    let mut app = App::new(AppOptions {
        open_profile: Some("acme-sb1".into()),
        ..AppOptions::default()
    });
    assert!(matches!(app.init(), Some(Command::LoadProfile(n, true)) if n == "acme-sb1"));
    assert!(app.init().is_none(), "only once");
    assert!(App::default().init().is_none());
}

#[test]
fn save_prompt_validates_the_name_with_the_naming_rule() {
    let mut app = results_without_profile();
    assert!(key(&mut app, 's').is_none());
    assert_eq!(app.overlay(), Some(Overlay::SaveName));
    assert_eq!(
        app.name_input().unwrap().value(),
        "1234567-sb1",
        "suggested from the account"
    );
    // Letters are text here, not commands ('e' exports, 'q' quits elsewhere).
    for _ in 0.."1234567-sb1".len() {
        code(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "acme sandbox?");
    assert_eq!(app.name_input().unwrap().value(), "acme sandbox?");
    assert!(enter(&mut app).is_none());
    let note = app
        .name_input()
        .unwrap()
        .note
        .as_ref()
        .expect("inline error");
    assert_eq!(note.kind, NoteKind::Error);
    assert!(
        note.text.contains("letter, digit, '-', '_' or '.'"),
        "{}",
        note.text
    );
    assert_eq!(app.overlay(), Some(Overlay::SaveName));
    for _ in 0..13 {
        code(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "acme-sb1");
    assert!(
        app.name_input().unwrap().note.is_none(),
        "typing clears the error"
    );
    let cmd = enter(&mut app);
    let Some(Command::SaveProfile(name, settings)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(name, "acme-sb1");
    assert_eq!(
        settings.credentials.tba().unwrap().consumer_key.expose(),
        CK
    );
    assert_eq!(app.overlay(), None);
}

#[test]
fn saving_shows_the_store_warning_and_clears_unsaved() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app); // the credentials form
    type_str(&mut app, "1234567_SB1");
    for v in [CK, CS, TK, TS] {
        code(&mut app, KeyCode::Tab);
        paste(&mut app, v);
    }
    assert!(app.shared.unsaved);
    assert!(ctrl(&mut app, 's').is_none());
    assert_eq!(app.overlay(), Some(Overlay::SaveName));
    assert!(matches!(enter(&mut app), Some(Command::SaveProfile(..))));
    let cmd = app.update(Message::ProfileSaved(Ok((
        "1234567-sb1".into(),
        Some("No OS keychain is available: secrets were saved in secrets.toml (mode 0600).".into()),
    ))));
    assert!(
        matches!(cmd, Some(Command::ListProfiles)),
        "the list is refreshed"
    );
    let notice = app.shared.notice.as_ref().unwrap();
    assert_eq!(notice.kind, NoteKind::Warn);
    assert!(notice.text.contains("Saved profile 1234567-sb1") && notice.text.contains("0600"));
    assert!(!app.shared.unsaved);
    assert_eq!(app.shared.last_profile.as_deref(), Some("1234567-sb1"));
    // Saved credentials no longer ask before quitting (Esc leaves the field first).
    esc(&mut app);
    assert!(matches!(key(&mut app, 'q'), Some(Command::Quit)));
}

#[test]
fn save_from_the_form_needs_complete_credentials() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "1234567");
    assert!(ctrl(&mut app, 's').is_none());
    assert_eq!(app.overlay(), None);
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Cannot save yet")
    );
}

#[test]
fn a_failed_save_is_an_error_and_keeps_unsaved() {
    let mut app = results_without_profile();
    app.update(Message::ProfileSaved(Err("disk full".into())));
    assert_eq!(app.shared.notice.as_ref().unwrap().kind, NoteKind::Error);
    assert!(app.shared.unsaved);
    assert!(app.shared.profile.is_none());
}

#[test]
fn a_test_of_a_profile_is_recorded_and_its_warnings_shown() {
    let (mut app, cmd) = tested_profile();
    let Some(Command::RecordTest(name, report)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(name, "acme-sb1");
    assert_eq!(report.diagnoses[0].code, "clock-skew");
    let cmd = app.update(Message::TestRecorded(
        "acme-sb1".into(),
        Ok(Recorded {
            warnings: vec!["This profile passed on 2026-09-01 and fails now (clock-skew).".into()],
            migration: None,
        }),
    ));
    assert!(matches!(cmd, Some(Command::ListProfiles)));
    assert_eq!(app.test.warnings.len(), 1);
    assert_eq!(app.test.phase, Phase::Results);
    insta::assert_snapshot!("results_with_profile_warning", screen(&app));
}

#[test]
fn editing_a_loaded_credential_detaches_it_from_the_profile() {
    let mut app = with_profiles();
    app.update(Message::ProfileLoaded(
        "acme-sb1".into(),
        Ok(loaded()),
        false,
    ));
    assert_eq!(app.screen, Screen::Form);
    key(&mut app, 'x');
    assert!(app.shared.profile.is_none() && app.shared.unsaved);
    code(&mut app, KeyCode::Backspace);
    let run = run_id({
        for _ in 0..4 {
            code(&mut app, KeyCode::Tab);
        }
        enter(&mut app)
    });
    assert!(
        app.update(Message::ChecksDone(run, failing_report()))
            .is_none(),
        "not recorded in a profile whose credentials were changed"
    );
}

#[test]
fn demo_runs_are_recorded_in_the_demo_profile() {
    // Demo profiles live in a store of their own (the launcher opens `demo/`), so recording a
    // demo run there judges no real profile, and the next `--demo` start offers them again.
    let mut app = App::new(AppOptions {
        demo: Some(nstba::tui::Demo {
            scenarios: vec![("healthy".into(), "ok".into())],
            current: 0,
        }),
        ..AppOptions::default()
    });
    let run = run_id(app.update(Message::ProfileLoaded("demo".into(), Ok(loaded()), true)));
    assert!(matches!(
        app.update(Message::ChecksDone(run, failing_report())),
        Some(Command::RecordTest(name, _)) if name == "demo"
    ));
    let cmds = app.update_all(Message::ProfileSaved(Ok(("demo".into(), None))));
    assert!(
        cmds.iter().any(|c| matches!(c, Command::ListProfiles)),
        "the demo store's list is read again"
    );
}

#[test]
fn export_asks_the_runtime_to_write_the_report_and_shows_the_path() {
    let (mut app, _) = tested_profile();
    let cmd = key(&mut app, 'e');
    let Some(Command::ExportReport(job)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(job.profile.as_deref(), Some("acme-sb1"));
    assert_eq!(job.report.account, "1234567_SB1");
    assert!(!format!("{:?}", Command::ExportReport(job)).contains(&CS[..16]));
    app.update(Message::ReportExported(Ok(
        "/tmp/nstba-report-1234567-sb1-1.md".into(),
    )));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("nstba-report-1234567-sb1-1.md")
    );
    // Nothing to export before a test finished.
    assert!(key(&mut App::default(), 'e').is_none());
}

#[test]
fn the_exported_report_holds_no_full_secret() {
    let dir = tempfile::tempdir().unwrap();
    let job = ExportJob {
        report: failing_report(),
        credentials: Some(Credentials::new(CK, CS, TK, TS).into()),
        profile: Some("acme-sb1".into()),
        apis: vec![Api::Rest],
        base_url: None,
        warnings: vec!["passed before, fails now".into()],
        detail: Some("InvalidSignature".into()),
        scenario: None,
    };
    let path = nstba::tui::profiles::write_report(dir.path(), &job, NOW).unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        format!("nstba-report-1234567-sb1-{}.md", nstba_stamp(NOW))
    );
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.contains("InvalidSignature"),
        "the translated Detail is in the report"
    );
    for secret in [CK, CS, TK, TS] {
        assert!(!md.contains(&secret[..12]), "a secret prefix leaked");
    }
    // The key and token id show their last 4; the signing secrets nothing.
    for id in [CK, TK] {
        assert!(md.contains(&id[id.len() - 4..]), "last 4 shown");
    }
    for secret in [CS, TS] {
        assert!(
            !md.contains(&secret[secret.len() - 4..]),
            "a secret's last 4 shown"
        );
    }
    assert!(md.contains("passed before, fails now"));
    assert!(
        nstba::tui::profiles::write_report(dir.path(), &job, NOW).is_err(),
        "never overwrites"
    );
}

#[test]
fn snapshot_start_with_last_profile() {
    insta::assert_snapshot!("start_with_last_profile", screen(&with_profiles()));
}

#[test]
fn snapshot_profile_picker() {
    let mut app = with_profiles();
    key(&mut app, 'p');
    key(&mut app, 'j');
    insta::assert_snapshot!("profile_picker", screen(&app));
}

#[test]
fn snapshot_save_prompt_with_an_error() {
    let mut app = results_without_profile();
    key(&mut app, 's');
    type_str(&mut app, " x");
    enter(&mut app);
    insta::assert_snapshot!("save_prompt_with_error", screen(&app));
}

/// A real store in a temp directory with the file secret store (`NSTBA_SECRET_STORE=file`).
fn real_store(dir: &std::path::Path) -> SavedProfiles {
    SavedProfiles(
        Store::open(dir.to_path_buf())
            .unwrap()
            .with_secret_store(SecretStoreKind::File),
    )
}

fn passing(account: &str) -> Report {
    let mut r = failing_report();
    r.account = account.into();
    r.ok = true;
    r.diagnoses.clear();
    r
}

#[test]
fn the_store_adapter_round_trips_and_keeps_secrets_in_the_secrets_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = real_store(dir.path());
    let mut settings = Settings::new("1234567-sb1", Credentials::new(CK, CS, TK, TS));
    settings.apis = vec![Api::Rest, Api::Restlet];
    let warning = store.save("acme-sb1", &settings).unwrap();
    assert!(
        warning.is_some_and(|w| w.contains("0600")),
        "the one-time file-store warning is handed to the UI"
    );
    assert!(store.save("acme-sb1", &settings).unwrap().is_none(), "once");

    let loaded = store.load("acme-sb1").unwrap();
    assert_eq!(loaded.account, "1234567_SB1");
    assert_eq!(loaded.apis, vec![Api::Rest, Api::Restlet]);
    assert_eq!(loaded.credentials.tba().unwrap().consumer_key.expose(), CK);
    assert_eq!(
        loaded.credentials.tba().unwrap().consumer_secret.expose(),
        CS
    );
    assert_eq!(loaded.credentials.tba().unwrap().token_id.expose(), TK);
    assert_eq!(loaded.credentials.tba().unwrap().token_secret.expose(), TS);

    let list = store.list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].account, "1234567_SB1");
    assert!(list[0].last.is_none());

    // Passed, then fails: recorded, marked last used, and "fails now" comes back.
    assert!(
        store
            .record("acme-sb1", &passing("1234567_SB1"))
            .unwrap()
            .warnings
            .is_empty()
    );
    let warnings = store
        .record("acme-sb1", &failing_report())
        .unwrap()
        .warnings;
    assert!(
        warnings.iter().any(|w| w.contains("fails now")),
        "{warnings:?}"
    );
    let list = store.list().unwrap();
    assert!(matches!(list[0].last, Some((false, _, _))));
    let raw = Store::open(dir.path().to_path_buf()).unwrap();
    assert_eq!(raw.last_used().as_deref(), Some("acme-sb1"));

    // Only the secrets file holds a secret.
    let mut seen_secrets_file = false;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let has = [CK, CS, TK, TS].iter().any(|s| text.contains(s));
        if path.file_name().unwrap() == "secrets.toml" {
            seen_secrets_file = true;
            assert!(has);
        } else {
            assert!(!has, "{} holds a secret", path.display());
        }
    }
    assert!(seen_secrets_file);
    assert!(store.load("missing").unwrap_err().contains("missing"));
}

#[test]
fn the_keymap_lists_the_profile_keys_and_they_never_steal_typed_letters() {
    use nstba::tui::keymap::{Action, Context, active_bindings};
    let finished: Vec<Action> = active_bindings(&[Context::Finished])
        .filter(|b| b.footer)
        .map(|b| b.action)
        .collect();
    assert!(finished.contains(&Action::Save) && finished.contains(&Action::Export));
    assert!(
        active_bindings(&[Context::Form]).any(|b| b.action == Action::Save && b.label == "Ctrl-S")
    );
    // In the credentials form, 's', 'e', 'a' and 'p' are text.
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "seap");
    assert_eq!(app.value(nstba::tui::field::FieldId::Account), "seap");
    assert_eq!(app.overlay(), None);
}

/// The readable UTC stamp of a report's file name (#16).
fn nstba_stamp(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "{:04}-{:02}-{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[test]
fn a_saved_login_can_be_tested_from_the_profiles_screen() {
    // "test all" listed an authorization-code profile as not testable.
    use nstba::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity};
    let dir = tempfile::tempdir().unwrap();
    let mut store = real_store(dir.path());
    let login = AuthCodeCredentials {
        client_id: nstba::Secret::new("cid".to_string()),
        client_secret: None,
        refresh_token: nstba::Secret::new("REFRESHREFRESH".to_string()),
        scopes: vec!["rest_webservices".into()],
        redirect_uri: "https://localhost:8899/callback".into(),
        validity: RefreshValidity::new(true, NOW),
        company: None,
        role: Some("1001".into()),
        entity: Some("4242".into()),
        store: None,
    };
    store
        .0
        .save_login("me", "1234567_SB1", &login, vec![Api::Rest])
        .unwrap();
    let s = store.test_settings("me").expect("a login is testable");
    let nstba::check::auth::Credentials::AuthCode(c) = &s.credentials else {
        panic!("not an authcode run: {:?}", s.credentials.kind());
    };
    assert_eq!(c.refresh_token.expose(), "REFRESHREFRESH");
    assert!(c.store.is_some(), "rotated tokens go back into the profile");
    assert_eq!(s.apis, [Api::Rest]);
}

/// The text of the results' `tba-retirement` notice.
fn retirement_text(app: &App) -> String {
    let n = app.test.notices.iter().find(|n| n.code == "tba-retirement");
    n.expect("a TBA run has the retirement notice").text.clone()
}

#[test]
fn a_tested_tba_profile_with_a_migration_under_way_is_told_how_far_it_is() {
    let (mut app, _) = tested_profile();
    assert!(
        retirement_text(&app).contains("--from PROFILE"),
        "before the record: the generic words"
    );
    let mut st = nstba::migrate::MigrationState::new("acme-sb1", "acme-m2m", "1234567_SB1", 0);
    st.done(nstba::migrate::Item::Inventory, "", 0);
    st.done(nstba::migrate::Item::Target, "", 0);
    app.update(Message::TestRecorded(
        "acme-sb1".into(),
        Ok(Recorded {
            warnings: Vec::new(),
            migration: Some(Box::new(st)),
        }),
    ));
    let text = retirement_text(&app);
    assert!(text.contains("new profile `acme-m2m`"), "{text}");
    assert!(text.contains("2 of 8 items done"), "{text}");
    assert!(
        text.contains("Go on with `nstba migrate --from acme-sb1`"),
        "{text}"
    );
    // Drawn on the results page (tall enough to hold the whole page).
    let mut terminal = Terminal::new(TestBackend::new(100, 80)).unwrap();
    terminal.draw(|f| view::render(f, &app)).unwrap();
    let drawn = terminal.backend().to_string();
    assert!(drawn.contains("2 of 8 items done"), "{drawn}");
}

#[test]
fn the_store_adapter_hands_back_the_profiles_migration_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = real_store(dir.path());
    let settings = Settings::new("1234567-sb1", Credentials::new(CK, CS, TK, TS));
    store.save("acme-sb1", &settings).unwrap();
    let recorded = store.record("acme-sb1", &failing_report()).unwrap();
    assert_eq!(recorded.migration, None, "no migration started");
    let st = nstba::migrate::MigrationState::new("acme-sb1", "acme-m2m", "1234567_SB1", 0);
    nstba::migrate::state::save(dir.path(), &st).unwrap();
    let recorded = store.record("acme-sb1", &failing_report()).unwrap();
    assert_eq!(recorded.migration, Some(Box::new(st)));
}
