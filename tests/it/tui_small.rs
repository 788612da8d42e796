//! The 44×12 terminal: the start menu with a saved profile (seven choices) keeps the demo line
//! and every choice reachable.

use crate::support::tui::*;
use crossterm::event::KeyCode;
use nstba::tui::profiles::ProfileSummary;
use nstba::tui::{App, AppOptions, Demo, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn seven_choices() -> App {
    App::new(AppOptions {
        demo: Some(Demo {
            scenarios: vec![("healthy".into(), "Everything works.".into())],
            current: 0,
        }),
        last_profile: Some("acme-sb1".into()),
        profiles: vec![ProfileSummary {
            name: "acme-sb1".into(),
            account: "1234567_SB1".into(),
            last: Some((true, 1_790_000_000 - 60, "all checks passed".into())),
        }],
        now_unix: 1_790_000_000,
        ..AppOptions::default()
    })
}

#[test]
fn the_start_menu_at_44x12_keeps_the_demo_line_and_every_choice() {
    let mut app = seven_choices();
    let n = nstba::tui::components::start::choice_count(&app.shared);
    assert_eq!(n, 7);
    let words = [
        "Set up TBA step by step",
        "Test credentials I already have",
        "Troubleshoot a failing connection",
        "Test the last used profile: acme-sb1",
        "Set up OAuth 2.0 M2M",
        "OAuth 2.0 login as a person",
        "Move TBA to OAuth 2.0",
    ];
    for (i, w) in words.iter().enumerate() {
        let screen = draw(&app, 44, 12);
        assert_eq!(app.start.selected, i);
        assert!(
            screen.contains(&format!("› {w}")),
            "choice {i} not in view:\n{screen}"
        );
        assert!(
            screen.contains("Demo: healthy"),
            "the demo line went:\n{screen}"
        );
        assert!(screen.contains("acme-sb1 · passed"), "{screen}");
        code(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("start_seven_choices_44x12", draw(&app, 44, 12));
}
