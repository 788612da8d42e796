//! The `?` overlay: every key, grouped by where it works, from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use super::setup::render_at;
use super::{centered, wrap_prefixed};
use crate::tui::components::help::Help;
use crate::tui::keymap::{self, BINDINGS, Context};
use crate::tui::theme;

/// Draws the help overlay.
pub fn render(frame: &mut Frame, area: Rect, help: &Help) {
    let t = theme::current();
    let r = centered(area, 78, area.height.saturating_sub(2).max(3));
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys (↑↓ scroll, Esc closes) ")
        .title_style(t.title());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    // The current screen's keys first, then everything else; an entry already listed (same key,
    // same meaning) is not repeated.
    let mut order: Vec<Context> = help.under.clone();
    for b in BINDINGS {
        if !order.contains(&b.context) && b.context != Context::Help {
            order.push(b.context);
        }
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut lines = Vec::new();
    for (i, c) in order.into_iter().enumerate() {
        if i == 0 {
            lines.push(Line::styled("On this screen", t.title()));
        } else if i == help.under.len() {
            lines.push(Line::styled("Elsewhere", t.title()));
        }
        let keys: Vec<String> = BINDINGS
            .iter()
            .filter(|b| b.context == c)
            .filter(|b| {
                let new = !seen.contains(&(b.label, b.desc));
                seen.push((b.label, b.desc));
                new
            })
            .map(|b| format!("{} {}", b.label, b.desc))
            .collect();
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::styled(keymap::context_name(c), t.strong()));
        lines.extend(wrap_prefixed("  ", &keys.join(" · "), w, Style::new()));
    }
    lines.push(Line::styled("Editing a text field", t.strong()));
    lines.extend(wrap_prefixed(
        "  ",
        "←→ move · Home/Ctrl-A start · End/Ctrl-E end · Backspace/Delete erase · Ctrl-W erase a word · Ctrl-U clear the field · a paste replaces a credential's value",
        w,
        Style::new(),
    ));
    lines.extend(wrap_prefixed(
        "",
        "Letters typed into a field are text: use F1 for help there.",
        w,
        t.dim(),
    ));
    render_at(frame, inner, lines, usize::from(help.scroll), ("↓", "↑"));
}
