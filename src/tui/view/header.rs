//! The one-line title bar: product, screen, step counter or demo scenario.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Screen};
use crate::tui::guide::guide;
use crate::tui::theme;

/// The screen's title: long, and short for narrow terminals.
fn titles(app: &App) -> (String, String) {
    let steps = guide().steps.len();
    match app.screen {
        Screen::Start => ("NetSuite Token-Based Authentication".into(), "TBA".into()),
        Screen::Setup(s) => (
            format!("Setup {}/{steps}", s + 1),
            format!("Setup {}/{steps}", s + 1),
        ),
        Screen::Form => (
            "Test existing credentials".into(),
            "Test credentials".into(),
        ),
        Screen::Test => ("Connection test".into(), "Test".into()),
        Screen::Translator => ("Troubleshoot".into(), "Troubleshoot".into()),
        Screen::AuthCode(s) => crate::tui::components::authcode_view::titles(s),
        Screen::Migrate(i) => crate::tui::components::migrate_view::title(i),
        Screen::M2m(s) => (
            crate::tui::components::m2m_view::title(s),
            format!(
                "M2M {}/{}",
                s + 1,
                crate::tui::components::m2m_steps::STEPS.len()
            ),
        ),
    }
}

/// Draws the header: the long title when it fits with the demo scenario, else the short one; a
/// scenario name that still does not fit is shortened with a visible "…".
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let w = usize::from(area.width);
    let demo = app
        .shared
        .demo
        .as_ref()
        .and_then(|d| d.scenarios.get(d.current))
        .map(|(name, _)| name.clone());
    let tag_len = demo.as_ref().map_or(0, |n| n.chars().count() + 10);
    let (long, short) = titles(app);
    let lead = " nstba · ".chars().count();
    let title = if lead + long.chars().count() + tag_len <= w {
        long
    } else {
        short
    };
    let mut spans = vec![
        Span::styled(" nstba ", t.title()),
        Span::raw("· "),
        Span::styled(title.clone(), t.strong()),
    ];
    if let Some(name) = demo {
        let room = w.saturating_sub(lead + title.chars().count() + 10);
        let name = if name.chars().count() > room {
            let mut n: String = name.chars().take(room.saturating_sub(1)).collect();
            n.push('…');
            n
        } else {
            name
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("[demo: {name}]"), t.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
