//! F1 help lists the keys of what has the focus under "On this screen": an overlay's own keys
//! (the saved profiles, "test all", the scenario list), not the screen behind it.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::tui::profiles::ProfileSummary;
use nstba::tui::{App, AppOptions, Demo, Overlay, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 60)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// The help's "On this screen" part: the lines between its heading and "Elsewhere".
fn on_this_screen(app: &mut App) -> String {
    code(app, KeyCode::F(1));
    assert_eq!(app.overlay(), Some(Overlay::Help));
    let text = draw(app);
    let start = text.find("On this screen").expect("the heading");
    let end = text[start..]
        .find("Elsewhere")
        .map_or(text.len(), |e| start + e);
    text[start..end].to_string()
}

fn app() -> App {
    App::new(AppOptions {
        demo: Some(Demo {
            scenarios: vec![
                ("healthy".into(), "Everything works.".into()),
                ("clock-skew".into(), "The clock is off.".into()),
            ],
            current: 0,
        }),
        profiles: vec![ProfileSummary {
            name: "acme".into(),
            account: "1234567_SB1".into(),
            last: None,
        }],
        ..AppOptions::default()
    })
}

#[test]
fn help_over_the_profile_list_lists_the_list_keys() {
    let mut app = app();
    key(&mut app, 'p');
    assert_eq!(app.overlay(), Some(Overlay::Picker));
    let here = on_this_screen(&mut app);
    assert!(here.contains("l load into the form"), "{here}");
    assert!(here.contains("d delete"), "{here}");
    assert!(
        !here.contains("Enter choose"),
        "the start screen's keys: {here}"
    );
}

#[test]
fn help_over_the_scenario_list_lists_its_keys() {
    let mut app = app();
    code(&mut app, KeyCode::F(8));
    assert_eq!(app.overlay(), Some(Overlay::Scenarios));
    let here = on_this_screen(&mut app);
    assert!(
        !here.contains("Enter choose"),
        "the start screen's keys: {here}"
    );
    let own = here
        .lines()
        .filter(|l| l.contains('·') || l.contains("Enter"))
        .count();
    assert!(own > 1, "{here}");
}

#[test]
fn help_on_a_screen_lists_that_screen() {
    let mut app = app();
    let here = on_this_screen(&mut app);
    assert!(here.contains("Enter choose"), "{here}");
}
