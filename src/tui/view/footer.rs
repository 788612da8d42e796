//! The footer: the keys valid right now, straight from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::theme;

/// Draws the footer; entries that do not fit are dropped whole (help has them all).
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let contexts = app.contexts();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1usize;
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for b in keymap::active_bindings(&contexts).filter(|b| b.footer) {
        if seen.contains(&(b.label, b.desc)) || seen.iter().any(|(l, _)| *l == b.label) {
            continue;
        }
        seen.push((b.label, b.desc));
        let len = b.label.chars().count() + 1 + b.desc.chars().count() + 2;
        if used + len > usize::from(area.width) {
            // Skip what does not fit; a shorter entry further on may still fit.
            continue;
        }
        used += len;
        spans.push(Span::styled(b.label, t.key()));
        spans.push(Span::raw(format!(" {}  ", b.desc)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
