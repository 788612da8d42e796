//! The one-line title bar: product, screen, step counter or demo scenario.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Screen};
use crate::tui::guide::guide;
use crate::tui::theme;

/// Draws the header.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let title = match app.screen {
        Screen::Start => "NetSuite Token-Based Authentication".to_string(),
        Screen::Setup(s) => format!("Setup {}/{}", s + 1, guide().steps.len()),
        Screen::Form => "Test existing credentials".to_string(),
        Screen::Test => "Connection test".to_string(),
        Screen::Translator => "Troubleshoot".to_string(),
        Screen::M2m(s) => crate::tui::components::m2m_view::title(s),
    };
    let mut spans = vec![
        Span::styled(" nstba ", t.title()),
        Span::raw("· "),
        Span::styled(title, t.strong()),
    ];
    if let Some(d) = &app.shared.demo
        && let Some((name, _)) = d.scenarios.get(d.current)
    {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("[demo: {name}]"), t.warn()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
