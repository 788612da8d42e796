//! The quit confirmation shown when typed credentials would be lost.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::tui::theme;

/// Draws the confirmation box.
pub fn render(frame: &mut Frame, area: Rect) {
    let t = theme::current();
    let r = centered(area, 56, 9);
    frame.render_widget(Clear, r);
    let text = vec![
        Line::raw(
            "The credentials you typed are not saved, and NetSuite shows the secrets only once.",
        ),
        Line::raw(""),
        Line::styled("s save as a profile, then quit", t.key()),
        Line::styled("y quit without saving    n / Esc stay", t.key()),
    ];
    frame.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Quit? ")
                .title_style(t.warn()),
        ),
        r,
    );
}
