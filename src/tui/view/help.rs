//! The `?` overlay: every key, grouped by where it works, from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

use super::setup::render_at;
use super::{centered, wrap_prefixed};
use crate::tui::components::help::Help;
use crate::tui::keymap::{self, Action, BINDINGS, Binding, Context};
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
    let mut group_shown = [false, false];
    for (i, c) in order.into_iter().enumerate() {
        // The step keys under the overlay are the path's own range; elsewhere they are generic.
        let steps = help.steps.filter(|_| i < help.under.len());
        let keys = section(c, steps, &mut seen);
        // A heading only over keys: a context whose keys were all listed already is left out.
        if keys.is_empty() {
            continue;
        }
        let group = usize::from(i >= help.under.len());
        if !group_shown[group] {
            group_shown[group] = true;
            let name = if group == 0 {
                "On this screen"
            } else {
                "Elsewhere"
            };
            lines.push(Line::styled(name, t.title()));
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

/// The entries of context `c` not listed yet. Same keys with the same meaning count once, and a
/// "↓ next" binding is left out where the context's "↑↓ …" entry already names both keys.
fn section(
    c: Context,
    steps: Option<usize>,
    seen: &mut Vec<(&'static str, &'static str)>,
) -> Vec<String> {
    let in_context: Vec<&'static Binding> = BINDINGS.iter().filter(|b| b.context == c).collect();
    let paired = |b: &Binding| {
        b.action == Action::Down
            && in_context
                .iter()
                .any(|u| u.action == Action::Up && u.label.contains('↓'))
    };
    let mut out = Vec::new();
    for b in in_context.iter().copied() {
        if paired(b) || seen.contains(&(b.label, b.desc)) {
            continue;
        }
        seen.push((b.label, b.desc));
        out.push(format!("{} {}", keymap::label_for(b, steps, false), b.desc));
    }
    out
}
