//! The automatic token (three-step authorization flow) in the wizard: `update` transitions
//! (F3 → command, URL shown, paste → command, success fills the token, failure shows the fix, Esc
//! cancels), snapshots of the overlay, and the runtime's flow task against the emulator.

use std::time::Duration;

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::Secret;
use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::tui::app::{FlowPhase, TOKEN_STEP};
use nstba::tui::field::FieldId;
use nstba::tui::flow::{FlowProblem, FlowRequest, FlowStarted, FlowToken};
use nstba::tui::runtime::{run_flow, simulate_allow};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Demo, Message, Overlay, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// Step 5 with the account and consumer filled in.
fn ready() -> App {
    let mut app = app_at_step(TOKEN_STEP);
    assert_eq!(app.screen, Screen::Setup(TOKEN_STEP));
    app.shared.fields[FieldId::Account.index()].set("1234567_SB1");
    app
}

fn started() -> FlowStarted {
    FlowStarted {
        authorize_url:
            "http://127.0.0.1:9/app/login/secure/authorizetoken.nl?oauth_token=abc&state=xyz".into(),
        callback_url: "http://localhost:40123".into(),
        port: 40123,
        opened: false,
    }
}

/// F3, then the runtime's answer that the consent URL is known; returns the flow id.
fn waiting(app: &mut App) -> u64 {
    let id = match code(app, KeyCode::F(3)) {
        Some(Command::StartFlow(id, req)) => {
            assert_eq!(req.account, "1234567_SB1");
            assert_eq!(req.consumer_key.expose(), CK);
            assert_eq!(req.consumer_secret.expose(), CS);
            id
        }
        other => panic!("expected StartFlow, got {other:?}"),
    };
    assert_eq!(app.overlay(), Some(Overlay::Flow));
    assert!(
        app.update(Message::FlowStarted(id, Ok(started())))
            .is_none()
    );
    id
}

fn refused(code: &str) -> FlowProblem {
    FlowProblem {
        message: format!("NetSuite refused the request token: {code}"),
        code: Some(code.into()),
        port: Some(40123),
        inconclusive: false,
        cancelled: false,
        denied: false,
        timed_out: false,
    }
}

#[test]
fn f3_needs_the_account_and_says_where_it_is_typed() {
    let mut app = app_at_step(TOKEN_STEP);
    assert!(code(&mut app, KeyCode::F(3)).is_none());
    assert_eq!(app.overlay(), None);
    let n = app.shared.notice.as_ref().expect("a notice").text.clone();
    assert!(n.contains("Account") && n.contains("step 1"), "{n}");
}

#[test]
fn f3_is_only_bound_on_the_token_step() {
    let mut app = app_at_step(1);
    assert!(code(&mut app, KeyCode::F(3)).is_none());
    assert_eq!(app.overlay(), None);
}

#[test]
fn start_shows_the_url_and_the_callback_port() {
    let mut app = ready();
    waiting(&mut app);
    let s = screen(&app);
    assert!(s.contains("authorizetoken.nl?oauth_token=abc"), "{s}");
    assert!(s.contains("http://localhost:40123"), "{s}");
    assert!(s.contains("TBA: Authorization Flow"), "{s}");
}

#[test]
fn pasted_redirect_goes_to_the_runtime_and_letters_are_text() {
    let mut app = ready();
    waiting(&mut app);
    // An empty Enter asks for the address instead of sending nothing.
    assert!(enter(&mut app).is_none());
    // `q` and `j` are typed, not commands, while the overlay is open.
    type_str(&mut app, "qj");
    assert!(app.flow().unwrap().paste.value() == "qj");
    ctrl(&mut app, 'u');
    paste(
        &mut app,
        "http://localhost:40123/?oauth_token=abc&oauth_verifier=v1&state=xyz",
    );
    match enter(&mut app) {
        Some(Command::PasteFlow(text)) => assert!(text.contains("oauth_verifier=v1")),
        other => panic!("expected PasteFlow, got {other:?}"),
    }
}

#[test]
fn success_fills_the_token_masked_with_a_note() {
    let mut app = ready();
    let id = waiting(&mut app);
    let token = FlowToken {
        token_id: Secret::new(TK.to_string()),
        token_secret: Secret::new(TS.to_string()),
    };
    assert!(app.update(Message::FlowDone(id, Ok(token))).is_none());
    assert_eq!(app.overlay(), None);
    assert_eq!(app.value(FieldId::TokenId), TK);
    assert_eq!(app.value(FieldId::TokenSecret), TS);
    assert!(
        app.shared
            .notice
            .as_ref()
            .unwrap()
            .text
            .contains("filled in")
    );
    let s = screen(&app);
    assert!(!s.contains(&TS[..12]) && !s.contains(&TK[..12]), "{s}");
    assert!(
        app.shared.unsaved,
        "a new secret must not be lost silently on quit"
    );
    insta::assert_snapshot!("flow_success", s);
}

#[test]
fn results_of_a_cancelled_flow_are_ignored() {
    let mut app = ready();
    let id = waiting(&mut app);
    assert!(matches!(esc(&mut app), Some(Command::CancelFlow)));
    assert_eq!(app.overlay(), None);
    assert!(app.flow().is_none());
    let token = FlowToken {
        token_id: Secret::new("late".to_string()),
        token_secret: Secret::new("late".to_string()),
    };
    app.update(Message::FlowDone(id, Ok(token)));
    assert_ne!(app.value(FieldId::TokenId), "late");
    assert_ne!(app.value(FieldId::TokenSecret), "late");
}

#[test]
fn invalid_callback_shows_the_port_fix() {
    let mut app = ready();
    let id = waiting(&mut app);
    app.update(Message::FlowDone(id, Err(refused("InvalidCallback"))));
    let Some(FlowPhase::Failed(_, fixes)) = app.flow().map(|f| f.phase.clone()) else {
        panic!("expected a failure");
    };
    assert!(
        fixes.iter().any(|l| l.contains("http://localhost:40123")),
        "{fixes:?}"
    );
    // Esc closes a failed flow without a cancel command.
    let s = screen(&app);
    assert!(esc(&mut app).is_none());
    assert_eq!(app.overlay(), None);
    insta::assert_snapshot!("flow_failed_invalid_callback", s);
}

#[test]
fn flow_not_enabled_says_what_to_tick() {
    let mut app = ready();
    let id = match code(&mut app, KeyCode::F(3)) {
        Some(Command::StartFlow(id, _)) => id,
        other => panic!("{other:?}"),
    };
    app.update(Message::FlowStarted(
        id,
        Err(refused("AuthorizationFlowRequired")),
    ));
    let s = screen(&app);
    assert!(s.contains("TBA: Authorization Flow"), "{s}");
    assert!(s.contains("AuthorizationFlowRequired"), "{s}");
}

#[test]
fn waiting_screen_snapshot_demo_offers_simulate_allow() {
    let mut app = App::new(AppOptions {
        demo: Some(Demo {
            scenarios: vec![("healthy".into(), "Everything works.".into())],
            current: 0,
        }),
        ..AppOptions::default()
    });
    // Enter walks forward (twice past each empty-secret warning).
    for _ in 0..40 {
        if app.screen == Screen::Setup(TOKEN_STEP) {
            break;
        }
        enter(&mut app);
    }
    // The demo app has no prefill here: fill what the flow needs.
    app.shared.fields[FieldId::Account.index()].set("1234567_SB1");
    app.shared.fields[FieldId::ConsumerKey.index()].set(CK);
    app.shared.fields[FieldId::ConsumerSecret.index()].set(CS);
    app.update(Message::Resize);
    assert_eq!(app.screen, Screen::Setup(TOKEN_STEP));
    let id = match code(&mut app, KeyCode::F(3)) {
        Some(Command::StartFlow(id, req)) => {
            assert!(req.demo);
            id
        }
        other => panic!("{other:?}"),
    };
    insta::assert_snapshot!("flow_starting", screen(&app));
    // No simulate key before the URL is known.
    assert!(code(&mut app, KeyCode::F(4)).is_none());
    app.update(Message::FlowStarted(id, Ok(started())));
    insta::assert_snapshot!("flow_waiting_demo", screen(&app));
    match code(&mut app, KeyCode::F(4)) {
        Some(Command::SimulateAllow(url)) => assert_eq!(url, started().authorize_url),
        other => panic!("expected SimulateAllow, got {other:?}"),
    }
}

#[test]
fn simulate_allow_is_demo_only() {
    let mut app = ready();
    waiting(&mut app);
    assert!(code(&mut app, KeyCode::F(4)).is_none());
}

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig {
        scenario: Scenario::Healthy,
        latency: Some(Duration::ZERO),
        ..Default::default()
    })
    .await
    .expect("emulator starts")
}

fn request(emu: &Emulator) -> FlowRequest {
    let c = demo::credentials();
    FlowRequest {
        account: demo::ACCOUNT.into(),
        consumer_key: c.consumer_key.clone(),
        consumer_secret: c.consumer_secret.clone(),
        base_url: Some(emu.base_url()),
        demo: true,
        callback_port: 0,
    }
}

/// The runtime's flow task and simulate-Allow against the emulator; the issued token then
/// passes the connection test.
#[tokio::test]
async fn runtime_flow_with_simulated_allow_issues_a_working_token() {
    let emu = emulator().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (_ptx, prx) = mpsc::channel(4);
    let task = tokio::spawn(run_flow(
        7,
        request(&emu),
        prx,
        CancellationToken::new(),
        tx,
        Duration::from_secs(10),
    ));
    let Some(Message::FlowStarted(7, Ok(st))) = rx.recv().await else {
        panic!("expected FlowStarted");
    };
    assert!(!st.opened, "demo never opens a browser");
    assert_eq!(st.callback_url, format!("http://localhost:{}", st.port));
    simulate_allow(&st.authorize_url)
        .await
        .expect("consent GET");
    let Some(Message::FlowDone(7, Ok(token))) = rx.recv().await else {
        panic!("expected FlowDone with a token");
    };
    task.await.unwrap();
    let mut app = App::new(AppOptions {
        base_url: Some(emu.base_url()),
        prefill: Some((demo::ACCOUNT.into(), demo::credentials())),
        ..AppOptions::default()
    });
    app.update(Message::FlowDone(0, Ok(token.clone())));
    let c = demo::credentials();
    let settings = nstba::check::Settings {
        base_url: Some(emu.base_url()),
        ..nstba::check::Settings::new(
            demo::ACCOUNT,
            nstba::netsuite::Credentials::new(
                c.consumer_key.expose(),
                c.consumer_secret.expose(),
                token.token_id.expose(),
                token.token_secret.expose(),
            ),
        )
    };
    assert_ne!(token.token_secret.expose(), c.token_secret.expose());
    let (etx, _erx) = mpsc::unbounded_channel();
    let report = nstba::check::run_checks(&settings, etx, CancellationToken::new()).await;
    assert!(report.diagnoses.is_empty(), "{:?}", report.diagnoses);
}

/// Deny on the consent page ends the flow with NetSuite's refusal, not a time-out.
#[tokio::test]
async fn runtime_flow_deny_reports_the_refusal() {
    let emu = emulator().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (_ptx, prx) = mpsc::channel(4);
    tokio::spawn(run_flow(
        8,
        request(&emu),
        prx,
        CancellationToken::new(),
        tx,
        Duration::from_secs(10),
    ));
    let Some(Message::FlowStarted(8, Ok(st))) = rx.recv().await else {
        panic!("expected FlowStarted");
    };
    let _ = reqwest::get(format!("{}&decision=deny", st.authorize_url)).await;
    let Some(Message::FlowDone(8, Err(p))) = rx.recv().await else {
        panic!("expected a refusal");
    };
    assert!(p.denied, "{}", p.message);
    assert!(!p.message.contains("no callback within"), "{}", p.message);
    assert_eq!(p.port, Some(st.port));
}

/// A pasted redirect completes the flow without the browser reaching the callback server.
#[tokio::test]
async fn runtime_flow_accepts_a_pasted_redirect() {
    let emu = emulator().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (ptx, prx) = mpsc::channel(4);
    tokio::spawn(run_flow(
        9,
        request(&emu),
        prx,
        CancellationToken::new(),
        tx,
        Duration::from_secs(10),
    ));
    let Some(Message::FlowStarted(9, Ok(st))) = rx.recv().await else {
        panic!("expected FlowStarted");
    };
    // The "other machine" browser: follow nothing, read where NetSuite redirects to.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = http
        .get(format!("{}&decision=allow", st.authorize_url))
        .send()
        .await
        .unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    ptx.send(location).await.unwrap();
    let Some(Message::FlowDone(9, Ok(_))) = rx.recv().await else {
        panic!("expected a token from the pasted address");
    };
}

/// Cancelling stops the task without a message.
#[tokio::test]
async fn runtime_flow_cancel_sends_nothing_more() {
    let emu = emulator().await;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (_ptx, prx) = mpsc::channel(4);
    let cancel = CancellationToken::new();
    let task = tokio::spawn(run_flow(
        10,
        request(&emu),
        prx,
        cancel.clone(),
        tx,
        Duration::from_secs(10),
    ));
    let Some(Message::FlowStarted(10, Ok(_))) = rx.recv().await else {
        panic!("expected FlowStarted");
    };
    cancel.cancel();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("task ends")
        .unwrap();
    assert!(rx.recv().await.is_none());
}
