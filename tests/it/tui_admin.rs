//! What an admin also expects of the wizard (issue 12): the demo scenario list and Shift-F2,
//! copying what is shown, opening the step's NetSuite page, the mouse, progress and callback port
//! kept per account, and managing profiles (load, rename, delete) with the form saying which one
//! it holds. `update()` tests, reading the commands and the drawn screen.

use crate::support::fixtures::*;
use crate::support::tui::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use nstba::tui::app::Focus;
use nstba::tui::field::FieldId;
use nstba::tui::profiles::{LoadedProfile, ProfileSummary};
use nstba::tui::progress::{Book, Progress};
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Demo, Message, Overlay, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn demo(n: usize) -> App {
    App::new(AppOptions {
        prefill: Some((
            "1234567_SB1".into(),
            nstba::netsuite::Credentials::new(CK, CS, TK, TS),
        )),
        demo: Some(Demo {
            scenarios: (0..n)
                .map(|i| (format!("scenario-{i}"), format!("what {i} does")))
                .collect(),
            current: 0,
        }),
        ..AppOptions::default()
    })
}

fn shift_f2(app: &mut App) -> Option<Command> {
    app.update(Message::Key(KeyEvent::new(
        KeyCode::F(2),
        KeyModifiers::SHIFT,
    )))
}

fn click(app: &mut App, x: u16, y: u16) -> Vec<Command> {
    app.update_all(Message::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    }))
}

/// The row of the drawn screen that holds `needle`.
fn row_of(screen: &str, needle: &str) -> u16 {
    screen
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not drawn:\n{screen}")) as u16
}

#[test]
fn shift_f2_goes_back_and_f8_lists_the_scenarios() {
    let mut app = demo(4);
    assert!(matches!(
        shift_f2(&mut app),
        Some(Command::SwitchScenario(3))
    ));
    assert!(matches!(
        code(&mut app, KeyCode::F(2)),
        Some(Command::SwitchScenario(1))
    ));
    code(&mut app, KeyCode::F(8));
    assert_eq!(app.overlay(), Some(Overlay::Scenarios));
    let s = draw(&app, 80, 24);
    assert!(s.contains("scenario-3") && s.contains("what 0 does"), "{s}");
    key(&mut app, 'j');
    key(&mut app, 'j');
    assert!(matches!(enter(&mut app), Some(Command::SwitchScenario(2))));
    assert_eq!(app.overlay(), None);
}

#[test]
fn a_click_on_a_scenario_plays_it() {
    let mut app = demo(4);
    code(&mut app, KeyCode::F(8));
    let s = draw(&app, 80, 24);
    let y = row_of(&s, "scenario-2");
    let cmds = click(&mut app, 20, y);
    assert!(
        matches!(cmds.first(), Some(Command::SwitchScenario(2))),
        "{cmds:?}"
    );
}

#[test]
fn o_opens_the_step_page_on_the_account_host_and_says_what_happened() {
    let mut app = app_at_step(0);
    // Step 1 asks the account first.
    enter(&mut app);
    assert_eq!(app.focus(), Focus::Field(0));
    paste(&mut app, "1234567_SB1");
    code(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus(), Focus::List);
    match key(&mut app, 'o') {
        Some(Command::OpenUrl(u)) => {
            assert_eq!(
                u,
                "https://1234567-sb1.app.netsuite.com/app/setup/features.nl"
            )
        }
        other => panic!("{other:?}"),
    }
    app.update(Message::PageOpened(
        "https://x/".into(),
        Err("no browser found".into()),
    ));
    let n = app.shared.notice.clone().unwrap().text;
    assert!(
        n.contains("no browser found") && n.contains("https://x/"),
        "{n}"
    );
    // Inside a field, F7 does it (o is text there).
    enter(&mut app);
    assert!(matches!(
        code(&mut app, KeyCode::F(7)),
        Some(Command::OpenUrl(_))
    ));
}

#[test]
fn demo_mode_opens_no_page_and_says_so() {
    let mut app = demo(1);
    enter(&mut app); // guided setup, on the checklist
    let _ = app.update_all(Message::Key(KeyEvent::new(
        KeyCode::Char('o'),
        KeyModifiers::NONE,
    )));
    let n = app.shared.notice.clone().expect("a notice").text;
    assert!(n.contains("Demo mode") && n.contains("features.nl"), "{n}");
}

#[test]
fn c_copies_the_menu_path_and_the_fix() {
    let mut app = app_at_step(1);
    match key(&mut app, 'c') {
        Some(Command::Copy(t)) => assert!(t.contains("Manage Integrations"), "{t}"),
        other => panic!("{other:?}"),
    }
    assert!(app.shared.notice.clone().unwrap().text.contains("OSC 52"));
    let mut app = demo(1);
    key(&mut app, 'j');
    enter(&mut app);
    for _ in 0..4 {
        enter(&mut app);
    }
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, failing_report()));
    enter(&mut app); // the first diagnosis in detail
    match key(&mut app, 'c') {
        Some(Command::Copy(t)) => assert!(t.starts_with("1. Turn on automatic time"), "{t}"),
        other => panic!("{other:?}"),
    }
}

/// The form typed in by hand and tested, with `report` on the results screen.
fn results_of(report: nstba::check::Report) -> App {
    let mut app = App::default();
    key(&mut app, 'j');
    enter(&mut app);
    paste(&mut app, "1234567");
    for v in [CK, CS, TK, TS] {
        enter(&mut app);
        paste(&mut app, v);
    }
    let run = run_id(enter(&mut app));
    app.update(Message::ChecksDone(run, report));
    app
}

/// The form typed in by hand and tested, with the failing report on the results screen.
fn failing_results() -> App {
    results_of(failing_report())
}

#[test]
fn clicks_tick_a_checklist_item_focus_a_field_and_pick_a_diagnosis() {
    let mut app = app_at_step(2);
    let s = draw(&app, 80, 24);
    let y = row_of(&s, "[ ]");
    click(&mut app, 5, y);
    assert!(app.setup.ticked[2].iter().any(|t| *t), "ticked by a click");
    let mut app = app_at_step(1);
    let s = draw(&app, 80, 24);
    click(&mut app, 3, row_of(&s, "Consumer secret"));
    assert_eq!(app.focus(), Focus::Field(1));
    // Diagnoses: a click selects, a second opens the detail.
    let mut app = failing_results();
    let s = draw(&app, 80, 24);
    let y = row_of(&s, "NetSuite refused the login");
    click(&mut app, 6, y);
    assert_eq!(app.test.selected, 1);
    click(&mut app, 6, y);
    assert_eq!(app.test.phase, nstba::tui::Phase::Detail);
}

#[test]
fn the_wheel_scrolls_the_detail() {
    let mut app = failing_results();
    enter(&mut app);
    app.update(Message::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 1,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.test.scroll, 1);
}

/// ↓ past the end of the detail changes nothing, so the first ↑ moves the page at once (it
/// used to count on, invisibly, up to 200 presses).
#[test]
fn down_stops_at_the_end_of_the_detail_and_up_moves_at_once() {
    let mut app = failing_results();
    enter(&mut app);
    assert_eq!(app.test.phase, nstba::tui::Phase::Detail);
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
    let mut last = draw(&app, 60, 12);
    let mut moves = 0;
    for _ in 0..300 {
        app.update(Message::Key(down));
        let now = draw(&app, 60, 12);
        if now != last {
            moves += 1;
        }
        last = now;
    }
    assert!(moves > 0, "the detail is longer than the screen:\n{last}");
    let at_end = app.test.scroll;
    assert!(at_end < 300, "stops at the end: {at_end}");
    app.update(Message::Key(up));
    let after_up = draw(&app, 60, 12);
    assert_ne!(after_up, last, "the first ↑ moves the page");
    assert_eq!(app.test.scroll, at_end - 1);
}

#[test]
fn ticks_and_the_callback_port_are_kept_per_account() {
    let mut saved = Progress {
        step: 2,
        callback_port: Some(9100),
        ..Progress::default()
    };
    saved.set_ticks(&[vec![true], vec![], vec![false, true]]);
    let mut book = Book::default();
    book.account.insert("1234567_SB1".into(), saved);
    let mut app = demo(1);
    app.update(Message::WizardLoaded(book.to_text()));
    // The demo's account is known: its ticks and port are back, and setup reopens at step 3.
    assert_eq!(app.shared.callback_port, 9100);
    assert!(app.setup.ticked[0][0] && app.setup.ticked[2][1]);
    enter(&mut app);
    assert_eq!(app.screen, Screen::Setup(2));
    assert!(app.shared.notice.clone().unwrap().text.contains("step 3"));
    // A change is in what the runtime stores at the end.
    code(&mut app, KeyCode::Char(' '));
    let text = app.progress_to_save().expect("changed");
    let back = Book::parse(&text);
    assert!(
        back.account["1234567_SB1"].ticked["3"].contains(&0),
        "{text}"
    );
}

#[test]
fn ctrl_p_sets_the_callback_port_that_the_flow_then_uses() {
    let mut app = app_at_step(1);
    ctrl(&mut app, 'p');
    assert_eq!(app.overlay(), Some(Overlay::Port));
    ctrl(&mut app, 'u');
    type_str(&mut app, "80");
    enter(&mut app);
    assert_eq!(app.overlay(), Some(Overlay::Port), "below 1024 is refused");
    ctrl(&mut app, 'u');
    type_str(&mut app, "9100");
    enter(&mut app);
    assert_eq!(app.overlay(), None);
    assert!(draw(&app, 80, 24).contains("http://localhost:9100"));
    // On the token step too; F3 then listens on that port.
    let mut app = app_at_step(4);
    app.shared.fields[FieldId::Account.index()].set("1234567_SB1");
    ctrl(&mut app, 'p');
    ctrl(&mut app, 'u');
    type_str(&mut app, "9100");
    enter(&mut app);
    match code(&mut app, KeyCode::F(3)) {
        Some(Command::StartFlow(_, req)) => assert_eq!(req.callback_port, 9100),
        other => panic!("{other:?}"),
    }
}

fn with_profiles() -> App {
    let p = |name: &str| ProfileSummary {
        name: name.into(),
        account: "1234567_SB1".into(),
        last: None,
    };
    App::new(AppOptions {
        profiles: vec![p("acme-sb1"), p("acme-prod")],
        last_profile: Some("acme-sb1".into()),
        ..AppOptions::default()
    })
}

#[test]
fn the_picker_loads_renames_and_deletes() {
    let mut app = with_profiles();
    key(&mut app, 'p');
    assert!(matches!(key(&mut app, 'l'), Some(Command::LoadProfile(n, false)) if n == "acme-sb1"));
    key(&mut app, 'p');
    key(&mut app, 'j');
    key(&mut app, 'r');
    ctrl(&mut app, 'u');
    type_str(&mut app, "acme-sb1");
    assert!(enter(&mut app).is_none(), "a taken name is refused");
    ctrl(&mut app, 'u');
    type_str(&mut app, "acme-live");
    assert!(matches!(enter(&mut app),
        Some(Command::RenameProfile(a, b)) if a == "acme-prod" && b == "acme-live"));
    key(&mut app, 'd');
    assert!(draw(&app, 80, 24).contains("Delete profile acme-prod"));
    assert!(key(&mut app, 'n').is_none(), "n keeps it");
    key(&mut app, 'd');
    assert!(matches!(key(&mut app, 'y'), Some(Command::DeleteProfile(n)) if n == "acme-prod"));
    app.update(Message::ProfileDeleted(Ok(("acme-prod".into(), None))));
    assert_eq!(app.shared.profiles.len(), 1);
}

#[test]
fn a_rename_follows_the_loaded_profile_and_the_form_names_it() {
    let mut app = with_profiles();
    app.update(Message::ProfileLoaded(
        "acme-sb1".into(),
        Ok(Box::new(LoadedProfile {
            account: "1234567_SB1".into(),
            apis: vec![],
            credentials: nstba::netsuite::Credentials::new(CK, CS, TK, TS).into(),
        })),
        false,
    ));
    assert_eq!(app.screen, Screen::Form);
    assert!(draw(&app, 80, 24).contains("Profile: acme-sb1"));
    app.update(Message::ProfileRenamed(Ok((
        "acme-sb1".into(),
        "acme-live".into(),
    ))));
    assert_eq!(app.shared.profile.as_deref(), Some("acme-live"));
    assert!(draw(&app, 80, 24).contains("Profile: acme-live"));
    // Editing a value: the form no longer holds that profile.
    type_str(&mut app, "9");
    assert!(draw(&app, 80, 24).contains("Profile: none"));
}

#[test]
fn an_nstba_action_in_a_fix_is_worded_with_the_wizards_keys() {
    use nstba::check::Fix;
    use nstba::check::text::NextStep;
    let mut report = failing_report();
    // A timeout of 20 s doubled: the command line says `--timeout 40`, the wizard its keys.
    report.diagnoses[0].fix = vec![
        Fix::next(NextStep::RetryWithTimeout { secs: 40 }),
        Fix::next(NextStep::SendReport),
    ];
    let mut app = results_of(report);
    enter(&mut app); // the first diagnosis in detail
    let screen = draw(&app, 100, 40);
    assert!(screen.contains("press T for a longer timeout"), "{screen}");
    assert!(screen.contains("press e to export the support"), "{screen}");
    assert!(!screen.contains("--timeout"), "{screen}");
    match key(&mut app, 'c') {
        Some(Command::Copy(t)) => {
            assert!(t.starts_with("1. Retry; if it persists, press T"), "{t}");
            assert!(!t.contains("nstba report"), "{t}");
        }
        other => panic!("{other:?}"),
    }
}
