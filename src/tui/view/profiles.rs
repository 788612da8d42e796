//! The profile overlays: the picker of saved profiles and the save prompt (profile name).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, wrap_prefixed};
use crate::tui::app::App;
use crate::tui::components::profiles::{Picker, SavePrompt};
use crate::tui::theme;

/// Draws the list of saved profiles (name, account, last result); Enter tests the selected one.
pub fn picker(frame: &mut Frame, area: Rect, app: &App, picker: &Picker) {
    let t = theme::current();
    let h = u16::try_from(app.shared.profiles.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let r = centered(area, 70, h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Saved profiles ")
        .title_style(t.title());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height.saturating_sub(1)).max(1);
    // Keep the selected row visible in a short terminal.
    let first = picker.selected.saturating_sub(rows - 1);
    let mut lines: Vec<Line> = app
        .shared
        .profiles
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, p)| {
            let sel = i == picker.selected;
            let text = format!(
                "{}{} · {} · {}",
                if sel { "› " } else { "  " },
                p.name,
                p.account,
                p.last_result(app.shared.now_unix)
            );
            let text: String = text.chars().take(w).collect();
            Line::styled(text, if sel { t.selected() } else { t.strong() })
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("No saved profiles.", t.dim()));
    }
    lines.push(Line::styled(
        "Enter tests the selected profile · Esc closes",
        t.dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Draws the name prompt of "save profile", with the naming rule's error under the field.
pub fn save_prompt(frame: &mut Frame, area: Rect, prompt: &SavePrompt) {
    let t = theme::current();
    let r = centered(area, 64, 8);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Save profile ")
        .title_style(t.title());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let w = usize::from(inner.width);
    let field = &prompt.name;
    let value = field.value();
    let mut lines = vec![
        Line::raw("Name (letters, digits, '-', '_' or '.'):"),
        Line::from(vec![
            Span::styled("> ", t.key()),
            Span::styled(value.to_string(), t.focused()),
        ]),
    ];
    match &field.note {
        Some(n) => lines.extend(wrap_prefixed("", &n.text, w, t.note(n.kind))),
        None => lines.push(Line::styled(
            "Secrets go to the OS keychain, or a 0600 file where there is none.",
            t.dim(),
        )),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    // The cursor, so typing feels like any other field.
    let col = field.value()[..]
        .chars()
        .take(field.cursor())
        .count()
        .min(w.saturating_sub(3));
    frame.set_cursor_position((inner.x + 2 + col as u16, inner.y + 1));
}
