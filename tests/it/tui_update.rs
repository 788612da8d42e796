//! `App::update` without a terminal: navigation, validation, paste, masking, cancel, quit.

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::check::{CheckEvent, CheckId};
use nstba::tui::app::Focus;
use nstba::tui::field::{FieldId, NoteKind};
use nstba::tui::translate::Answer;
use nstba::tui::{App, Command, Demo, Message, Overlay, Phase, Screen};

#[test]
fn start_choices_lead_to_their_screens_and_esc_returns() {
    let mut app = App::default();
    assert_eq!(app.screen, Screen::Start);
    key(&mut app, 'j');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Form);
    esc(&mut app);
    assert_eq!(app.screen, Screen::Start);
    code(&mut app, KeyCode::Down);
    enter(&mut app);
    assert_eq!(app.screen, Screen::Translator);
    esc(&mut app);
    key(&mut app, 'k');
    key(&mut app, 'k');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Setup(0));
}

#[test]
fn setup_walks_forward_and_back_through_six_steps() {
    let app = app_at_step(5);
    assert_eq!(app.screen, Screen::Setup(5));
    assert_eq!(
        app.focus(),
        Focus::Field(0),
        "the account step starts in its field"
    );
    let mut app = app;
    for s in (0..5).rev() {
        esc(&mut app);
        assert_eq!(app.screen, Screen::Setup(s));
    }
    esc(&mut app);
    assert_eq!(app.screen, Screen::Start);
}

#[test]
fn empty_secret_warns_once_then_lets_the_user_go_on() {
    let mut app = app_at_step(1);
    enter(&mut app); // list → consumer key field
    assert_eq!(app.focus(), Focus::Field(0));
    enter(&mut app); // → consumer secret
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::Setup(1), "first Enter is blocked");
    let n = app.shared.notice.clone().expect("a warning");
    assert_eq!(n.kind, NoteKind::Warn);
    assert!(
        n.text.contains("Consumer key and Consumer secret empty"),
        "{}",
        n.text
    );
    enter(&mut app);
    assert_eq!(app.screen, Screen::Setup(2), "second Enter goes on");
}

#[test]
fn invalid_account_blocks_the_test_with_the_reason() {
    let mut app = app_at_step(5);
    type_str(&mut app, "me@example.com");
    assert!(enter(&mut app).is_none());
    assert_eq!(app.screen, Screen::Setup(5));
    let n = app.shared.notice.clone().unwrap();
    assert_eq!(n.kind, NoteKind::Error);
    assert!(n.text.contains("account id"), "{}", n.text);
    // The inline note under the field gives the reason, live.
    let note = app.field(FieldId::Account).note.clone().unwrap();
    assert_eq!(note.kind, NoteKind::Error);
    assert!(note.text.contains("e-mail"), "{}", note.text);
    ctrl(&mut app, 'u');
    type_str(&mut app, "1234567-sb1");
    let cmd = enter(&mut app);
    let Some(Command::StartChecks(_, settings)) = cmd else {
        panic!("expected StartChecks, got {cmd:?}");
    };
    assert_eq!(settings.account, "1234567-sb1");
    assert_eq!(
        settings.credentials.tba().unwrap().token_secret.expose(),
        TS
    );
    assert_eq!(app.screen, Screen::Test);
    assert!(app.is_running());
}

#[test]
fn missing_credential_blocks_the_form_and_focuses_it() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "1234567");
    for _ in 0..4 {
        enter(&mut app);
    }
    assert!(enter(&mut app).is_none());
    assert_eq!(app.focus(), Focus::Field(1));
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("Consumer key is empty")
    );
}

#[test]
fn pasted_value_is_trimmed_with_a_note() {
    let mut app = app_at_step(1);
    enter(&mut app);
    paste(&mut app, &format!("  \"{}\r\n{}\"  ", &CK[..32], &CK[32..]));
    let f = app.field(FieldId::ConsumerKey);
    assert_eq!(f.value(), CK);
    let note = f.note.as_ref().unwrap();
    assert_eq!(note.kind, NoteKind::Info);
    assert!(
        note.text.contains("quotes") && note.text.contains("line breaks"),
        "{}",
        note.text
    );
}

#[test]
fn pasted_bundle_is_split_into_fields() {
    let mut app = app_at_step(4);
    enter(&mut app);
    paste(&mut app, &format!("{TK}, {TS} ,1234567_SB1\n"));
    assert_eq!(app.value(FieldId::TokenId), TK);
    assert_eq!(app.value(FieldId::TokenSecret), TS);
    assert_eq!(app.value(FieldId::Account), "1234567_SB1");
    let n = app.shared.notice.as_ref().unwrap();
    assert!(
        n.text.contains("Token id, Token secret, Account id"),
        "{}",
        n.text
    );
}

#[test]
fn paste_with_list_focus_goes_to_first_empty_field() {
    let mut app = app_at_step(4);
    assert_eq!(app.focus(), Focus::List);
    paste(&mut app, TK);
    assert_eq!(app.focus(), Focus::Field(0));
    assert_eq!(app.value(FieldId::TokenId), TK);
}

#[test]
fn secrets_are_masked_until_revealed() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "abc");
    let f = app.field(FieldId::ConsumerKey);
    assert!(!f.revealed);
    assert_eq!(f.display(), "•••");
    ctrl(&mut app, 'r');
    assert_eq!(app.field(FieldId::ConsumerKey).display(), "abc");
    ctrl(&mut app, 'r');
    assert_eq!(app.field(FieldId::ConsumerKey).display(), "•••");
}

#[test]
fn letters_in_a_field_are_text_not_commands() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "q?jk r");
    assert_eq!(app.value(FieldId::ConsumerKey), "q?jk r");
    assert_eq!(app.overlay(), None);
    assert_eq!(app.screen, Screen::Setup(1));
    // F1 opens help from inside a field.
    code(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay(), Some(Overlay::Help));
    esc(&mut app);
    assert_eq!(app.overlay(), None);
}

#[test]
fn values_survive_moving_between_steps_and_screens() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "ck-typed");
    esc(&mut app);
    esc(&mut app);
    assert_eq!(app.screen, Screen::Start);
    key(&mut app, 'j');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Form);
    assert_eq!(app.value(FieldId::ConsumerKey), "ck-typed");
}

#[test]
fn checklist_ticks_and_api_choice_filters_items() {
    let mut app = app_at_step(0);
    let before = app.rows(0).len();
    key(&mut app, 'j'); // SOAP row
    key(&mut app, ' ');
    assert!(app.shared.apis.contains(&nstba::check::Api::Soap));
    assert_eq!(app.rows(0).len(), before + 1, "SOAP adds its feature item");
    // Cannot deselect the last interface.
    let mut app2 = app_at_step(0);
    key(&mut app2, ' ');
    assert_eq!(app2.shared.apis, vec![nstba::check::Api::Rest]);
    assert_eq!(app2.shared.notice.as_ref().unwrap().kind, NoteKind::Warn);
    // An item ticks and unticks.
    for _ in 0..3 {
        key(&mut app2, 'j');
    }
    key(&mut app2, ' ');
    assert!(app2.setup.ticked[0][0]);
    key(&mut app2, ' ');
    assert!(!app2.setup.ticked[0][0]);
}

#[test]
fn esc_cancels_a_running_test_and_late_events_are_ignored() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, false);
    assert_eq!(app.test.rows.len(), 5);
    let cmd = esc(&mut app);
    assert!(matches!(cmd, Some(Command::CancelChecks)), "{cmd:?}");
    assert!(app.test.cancelled);
    assert_eq!(app.test.phase, Phase::Results);
    app.update(Message::Check(
        run,
        CheckEvent::Started(CheckId::RestRecords),
    ));
    app.update(Message::ChecksDone(run, failing_report()));
    assert_eq!(app.test.rows.len(), 5);
    assert!(app.test.report.is_none());
    // One key re-runs.
    let again = run_id(key(&mut app, 'r'));
    assert_ne!(again, run);
    assert!(app.is_running());
}

#[test]
fn results_select_a_diagnosis_and_show_its_detail() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    assert_eq!(app.test.phase, Phase::Results);
    key(&mut app, 'j');
    assert_eq!(app.test.selected, 1);
    key(&mut app, 'j');
    assert_eq!(app.test.selected, 1, "stays on the last");
    code(&mut app, KeyCode::Up);
    enter(&mut app);
    assert_eq!(app.test.phase, Phase::Detail);
    esc(&mut app);
    assert_eq!(app.test.phase, Phase::Results);
    esc(&mut app);
    assert_eq!(
        app.screen,
        Screen::Setup(5),
        "back where the test was started"
    );
    assert_eq!(app.value(FieldId::Account), "1234567_SB1");
}

#[test]
fn ticks_only_move_time_while_running() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567");
    let run = run_id(enter(&mut app));
    app.update(Message::Tick(std::time::Duration::from_millis(1500)));
    assert_eq!(app.test.elapsed.as_millis(), 1500);
    app.update(Message::ChecksDone(run, failing_report()));
    app.update(Message::Tick(std::time::Duration::from_secs(9)));
    assert_eq!(app.test.elapsed.as_millis(), 1500);
}

#[test]
fn quitting_with_typed_credentials_asks_first() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "abc");
    code(&mut app, KeyCode::BackTab); // back to the checklist: letters are commands again
    assert_eq!(app.focus(), Focus::List);
    assert!(key(&mut app, 'q').is_none());
    assert_eq!(app.overlay(), Some(Overlay::ConfirmQuit));
    assert!(key(&mut app, 'n').is_none());
    assert_eq!(app.overlay(), None);
    key(&mut app, 'q');
    assert!(matches!(key(&mut app, 'y'), Some(Command::Quit)));
}

#[test]
fn quitting_without_credentials_does_not_ask() {
    let mut app = App::default();
    assert!(matches!(key(&mut app, 'q'), Some(Command::Quit)));
}

#[test]
fn ctrl_c_always_quits() {
    let mut app = app_at_step(1);
    enter(&mut app);
    type_str(&mut app, "abc");
    assert!(matches!(ctrl(&mut app, 'c'), Some(Command::Quit)));
    let mut app = App::default();
    key(&mut app, '?');
    assert!(matches!(ctrl(&mut app, 'c'), Some(Command::Quit)));
}

#[test]
fn demo_switches_scenario_and_reruns_on_the_test_screen() {
    let mut app = App::new(nstba::tui::AppOptions {
        demo: Some(Demo {
            scenarios: vec![
                ("healthy".into(), "all good".into()),
                ("clock-skew".into(), "clock is off".into()),
            ],
            current: 0,
        }),
        base_url: Some("http://127.0.0.1:9".into()),
        prefill: Some((
            "1234567_SB1".into(),
            nstba::netsuite::Credentials::new(CK, CS, TK, TS),
        )),
        ..Default::default()
    });
    key(&mut app, 'j');
    enter(&mut app);
    for _ in 0..4 {
        enter(&mut app);
    }
    let cmd = enter(&mut app);
    let Some(Command::StartChecks(run, settings)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:9"));
    app.update(Message::ChecksDone(run, failing_report()));
    let sw = code(&mut app, KeyCode::F(2));
    assert!(matches!(sw, Some(Command::SwitchScenario(1))), "{sw:?}");
    let rerun = app.update(Message::ScenarioSwitched(1));
    assert!(matches!(rerun, Some(Command::StartChecks(r, _)) if r != run));
    assert_eq!(app.shared.demo.as_ref().unwrap().current, 1);
    assert!(
        !app.shared.unsaved,
        "demo values are not the user's to lose"
    );
    assert!(matches!(key(&mut app, 'q'), None | Some(Command::Quit)));
}

fn fake_explain(q: &str) -> Option<Answer> {
    (q == "InvalidSignature").then(|| Answer {
        code: "InvalidSignature".into(),
        title: "The signature does not match".into(),
        meaning: "NetSuite computed a different signature.".into(),
        causes: vec!["wrong consumer or token secret".into()],
        fixes: vec!["Re-paste the secrets".into()],
        where_seen: "Login Audit Trail Detail".into(),
    })
}

#[test]
fn translator_answers_as_the_user_types() {
    let mut app = App::default();
    app.shared.explainer = fake_explain;
    key(&mut app, 'j');
    key(&mut app, 'j');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Translator);
    type_str(&mut app, "InvalidSignatur");
    assert!(app.translator.answer.is_none());
    type_str(&mut app, "e");
    assert_eq!(
        app.translator.answer.as_ref().unwrap().code,
        "InvalidSignature"
    );
    // q and ? are text here.
    type_str(&mut app, "q");
    assert_eq!(app.screen, Screen::Translator);
    assert!(app.translator.answer.is_none());
}

#[test]
fn results_open_the_translator_and_esc_comes_back() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, true);
    app.update(Message::ChecksDone(run, failing_report()));
    key(&mut app, 't');
    assert_eq!(app.screen, Screen::Translator);
    // The real catalogue answers a Detail value a customer reads out.
    type_str(&mut app, "InvalidSignature");
    assert_eq!(
        app.translator.answer.as_ref().unwrap().code,
        "InvalidSignature"
    );
    esc(&mut app);
    assert_eq!(app.screen, Screen::Test);
    assert_eq!(app.test.phase, Phase::Results);
    assert_eq!(app.test.report.as_ref().unwrap().diagnoses.len(), 2);
}

#[test]
fn last_profile_is_loaded_through_the_profile_seam() {
    let mut app = App::new(nstba::tui::AppOptions {
        last_profile: Some("acme-sb".into()),
        ..Default::default()
    });
    for _ in 0..3 {
        key(&mut app, 'j');
    }
    let cmd = enter(&mut app);
    assert!(
        matches!(&cmd, Some(Command::LoadProfile(n, true)) if n == "acme-sb"),
        "{cmd:?}"
    );
    // Without a store the runtime answers with an error, shown without leaving the start screen.
    app.update(Message::ProfileLoaded(
        "acme-sb".into(),
        Err("not available".into()),
        true,
    ));
    assert_eq!(app.screen, Screen::Start);
    assert!(app.shared.notice.as_ref().unwrap().text.contains("acme-sb"));
    let creds = nstba::netsuite::Credentials::new(CK, CS, TK, TS);
    let cmd = app.update(Message::ProfileLoaded(
        "acme-sb".into(),
        Ok(Box::new(nstba::tui::profiles::LoadedProfile {
            account: "1234567_SB1".to_string(),
            apis: vec![nstba::check::Api::Rest],
            credentials: creds.into(),
        })),
        false,
    ));
    assert!(cmd.is_none(), "loading without `run` only fills the form");
    assert_eq!(app.screen, Screen::Form);
    assert_eq!(app.value(FieldId::TokenSecret), TS);
    assert!(!app.shared.unsaved);
}

#[test]
fn debug_of_the_whole_app_and_its_commands_never_shows_a_secret() {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let cmd = enter(&mut app);
    let dumped = format!("{app:?} {cmd:?}");
    for v in [CK, CS, TK, TS] {
        assert!(
            !dumped.contains(&v[..20]),
            "a credential leaked through Debug"
        );
    }
    assert!(dumped.contains("1234567_SB1"));
}

#[test]
fn the_form_chooses_interfaces_to_test() {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    type_str(&mut app, "1234567");
    for v in [CK, CS, TK, TS] {
        code(&mut app, KeyCode::Tab);
        paste(&mut app, v);
    }
    code(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::List);
    code(&mut app, KeyCode::Right); // ←→ move along the interfaces row (#11)
    key(&mut app, ' ');
    code(&mut app, KeyCode::Tab);
    assert_eq!(
        app.focus(),
        Focus::Field(0),
        "Tab wraps around to the first field"
    );
    code(&mut app, KeyCode::BackTab);
    let cmd = enter(&mut app);
    let Some(Command::StartChecks(_, settings)) = cmd else {
        panic!("{cmd:?}")
    };
    assert_eq!(
        settings.apis,
        vec![nstba::check::Api::Rest, nstba::check::Api::Soap]
    );
}
