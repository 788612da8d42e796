//! "Test all" on the profiles screen (issue 17): `a` in the picker asks the runtime to test every
//! saved profile and shows the live table; the batch's messages fill it (an older batch's are
//! ignored), `s` sorts worst first, Enter opens one row's results; snapshots at 80×24 and 44×12.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::check::many::{Done, ManyEvent};
use nstba::check::{AuthKind, Report, RunInfo};
use nstba::tui::batch::{BatchMsg, Planned};
use nstba::tui::profiles::ProfileSummary;
use nstba::tui::view;
use nstba::tui::{App, AppOptions, Command, Message, Overlay, Phase, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: i64 = 1_790_000_000;
const NAMES: [&str; 3] = ["acme", "globex", "initech"];

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn app() -> App {
    App::new(AppOptions {
        profiles: NAMES
            .iter()
            .map(|n| ProfileSummary {
                name: (*n).into(),
                account: "1000001".into(),
                last: None,
            })
            .collect(),
        now_unix: NOW,
        ..AppOptions::default()
    })
}

fn passing() -> Report {
    let mut r = failing_report();
    r.ok = true;
    r.diagnoses.clear();
    r
}

fn done(name: &str, report: Report, ms: u64) -> Box<Done> {
    Box::new(Done {
        name: name.into(),
        report,
        info: RunInfo::new(AuthKind::Tba, None),
        ms,
    })
}

fn planned(name: &str, kind: &str, error: Option<&str>) -> Planned {
    Planned {
        name: name.into(),
        kind: kind.into(),
        account: if error.is_some() { "-" } else { "1000001" }.into(),
        error: error.map(str::to_string),
        credentials: None,
        apis: Vec::new(),
    }
}

/// `p`, then `a`: the command asks for every profile; the batch's id.
fn started(app: &mut App) -> u64 {
    assert!(key(app, 'p').is_none());
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    match key(app, 'a') {
        Some(Command::TestProfiles(id, names, None)) => {
            assert_eq!(names, NAMES);
            id
        }
        other => panic!("{other:?}"),
    }
}

/// A batch with `acme` passed, `globex` failed, `initech` not testable.
fn finished_batch() -> (App, u64) {
    let mut app = app();
    let id = started(&mut app);
    app.update(Message::Batch(
        id,
        BatchMsg::Planned(vec![
            planned("acme", "tba", None),
            planned("globex", "m2m", None),
            planned("initech", "-", Some("no secrets saved")),
        ]),
    ));
    for (job, (name, report, ms)) in [("acme", passing(), 640), ("globex", failing_report(), 812)]
        .into_iter()
        .enumerate()
    {
        app.update(Message::Batch(id, BatchMsg::Event(ManyEvent::Started(job))));
        let cmd = app.update(Message::Batch(
            id,
            BatchMsg::Event(ManyEvent::Finished(job, done(name, report, ms))),
        ));
        assert!(
            matches!(&cmd, Some(Command::RecordTest(n, _)) if n == name),
            "each result is recorded in its profile: {cmd:?}"
        );
    }
    app.update(Message::Batch(id, BatchMsg::Done));
    (app, id)
}

#[test]
fn test_all_fills_the_table_as_runs_finish() {
    let mut app = app();
    let id = started(&mut app);
    app.update(Message::Batch(
        id,
        BatchMsg::Planned(NAMES.iter().map(|n| planned(n, "tba", None)).collect()),
    ));
    app.update(Message::Batch(id, BatchMsg::Event(ManyEvent::Started(1))));
    let b = app.shared.batch.as_ref().unwrap();
    let statuses: Vec<&str> = b.rows.iter().map(|r| r.status).collect();
    assert_eq!(statuses, ["waiting", "running", "waiting"]);
    // Another batch's messages change nothing.
    app.update(Message::Batch(id + 1, BatchMsg::Done));
    assert!(app.shared.batch.as_ref().unwrap().running);
    app.update(Message::Batch(
        id,
        BatchMsg::Event(ManyEvent::Finished(
            1,
            done("globex", failing_report(), 812),
        )),
    ));
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("globex") && screen.contains("fail"),
        "{screen}"
    );
    assert!(screen.contains("1 of 3 done"), "{screen}");
}

#[test]
fn sorting_puts_problems_first_and_enter_opens_that_rows_results() {
    let (mut app, _) = finished_batch();
    key(&mut app, 's');
    let b = app.shared.batch.as_ref().unwrap();
    let shown: Vec<&str> = b
        .order()
        .into_iter()
        .map(|i| b.rows[i].planned.name.as_str())
        .collect();
    assert_eq!(shown, ["globex", "initech", "acme"]);
    // The unusable profile has no results to open.
    code(&mut app, KeyCode::Down);
    assert!(enter(&mut app).is_none());
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    code(&mut app, KeyCode::Up);
    enter(&mut app);
    assert_eq!(app.overlay(), None);
    assert_eq!(app.screen, Screen::Test);
    assert_eq!(app.test.phase, Phase::Results);
    assert_eq!(app.test.report.as_ref(), Some(&failing_report()));
}

#[test]
fn esc_from_a_rows_results_comes_back_to_the_table() {
    let (mut app, _) = finished_batch();
    key(&mut app, 's');
    enter(&mut app);
    assert_eq!(app.screen, Screen::Test);
    // `r` would test the form's draft, not this row's profile: it does nothing here.
    assert!(key(&mut app, 'r').is_none());
    assert_eq!(app.screen, Screen::Test);
    esc(&mut app);
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("globex") && screen.contains("initech"),
        "{screen}"
    );
    // The table kept its sort and its selection.
    assert!(app.shared.batch.as_ref().unwrap().by_status);
}

#[test]
fn esc_goes_back_to_the_list_and_a_shows_the_batch_again() {
    let (mut app, id) = finished_batch();
    esc(&mut app);
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    assert!(draw(&app, 80, 24).contains("a tests all"));
    // Once finished, `a` runs a new batch.
    match key(&mut app, 'a') {
        Some(Command::TestProfiles(new, _, _)) => assert!(new > id),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_table_at_80x24() {
    let (mut app, _) = finished_batch();
    insta::assert_snapshot!("batch_table_80x24", draw(&app, 80, 24));
    key(&mut app, 's');
    insta::assert_snapshot!("batch_table_sorted_80x24", draw(&app, 80, 24));
}

#[test]
fn the_table_at_44x12() {
    let (app, _) = finished_batch();
    let text = draw(&app, 44, 12);
    // The kind column stayed at 44 columns (it was dropped: an M2M row looked like a TBA one).
    assert!(text.contains("kind") && text.contains(" m2m "), "{text}");
    insta::assert_snapshot!("batch_table_44x12", text);
}

#[test]
fn a_rows_export_shows_that_rows_profile_and_credentials() {
    // It exported the form's TBA values under the form's profile, whatever the row was.
    let mut app = app();
    let id = started(&mut app);
    let m2m = nstba::netsuite::oauth2::M2mCredentials {
        client_id: nstba::Secret::from("c".repeat(60) + "c1d7"),
        certificate_id: "CERT-kid-0001".into(),
        ..Default::default()
    };
    let mut row = planned("globex", "m2m", None);
    row.credentials = Some(m2m.clone().into());
    row.apis = vec![nstba::check::Api::Rest];
    app.update(Message::Batch(id, BatchMsg::Planned(vec![row])));
    app.update(Message::Batch(id, BatchMsg::Event(ManyEvent::Started(0))));
    app.update(Message::Batch(
        id,
        BatchMsg::Event(ManyEvent::Finished(0, done("globex", failing_report(), 9))),
    ));
    app.update(Message::Batch(id, BatchMsg::Done));
    enter(&mut app);
    assert_eq!(app.screen, Screen::Test);
    let Some(Command::ExportReport(job)) = key(&mut app, 'e') else {
        panic!("no export")
    };
    assert_eq!(job.profile.as_deref(), Some("globex"));
    assert_eq!(job.credentials, Some(m2m.into()));
}
