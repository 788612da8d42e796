//! The `?` overlay: every key, grouped by where it works, from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::centered;
use crate::tui::app::App;
use crate::tui::keymap::{self, BINDINGS, Context};
use crate::tui::theme;

/// Draws the help overlay.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let _ = app;
    let t = theme::current();
    let r = centered(area, 78, area.height.saturating_sub(2).max(3));
    frame.render_widget(Clear, r);
    let mut order: Vec<Context> = Vec::new();
    for b in BINDINGS {
        if !order.contains(&b.context) && b.context != Context::Help {
            order.push(b.context);
        }
    }
    let mut lines = Vec::new();
    for c in order {
        let mut spans = vec![Span::styled(
            format!("{}: ", keymap::context_name(c)),
            t.strong(),
        )];
        let mut first = true;
        for b in BINDINGS.iter().filter(|b| b.context == c) {
            if !first {
                spans.push(Span::raw(" · "));
            }
            first = false;
            spans.push(Span::styled(b.label, t.key()));
            spans.push(Span::raw(format!(" {}", b.desc)));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(
        "Letters typed into a field are text: use F1 for help there.",
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Keys (Esc closes) ")
                .title_style(t.title()),
        ),
        r,
    );
}
