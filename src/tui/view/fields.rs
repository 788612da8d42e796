//! Text fields: label, value (masked unless revealed), cursor, and the note under each.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::field::{NoteKind, TextField};
use crate::tui::theme;

const LABEL_W: usize = 17;

/// Most lines a note under a field may take (a longer one ends in "…", so a cut shows).
const NOTE_LINES: usize = 3;

/// Where a note starts: beside the label column, or (narrow terminals) just indented, so it is
/// not squeezed into a third of the width.
fn note_indent(width: u16) -> usize {
    if width >= 60 { LABEL_W } else { 3 }
}

/// Lines a field block needs in `width` columns: one per field plus its wrapped note.
pub fn height(fields: &[&TextField], width: u16) -> u16 {
    fields
        .iter()
        .map(|f| 1 + note_lines(f, width).len() as u16)
        .sum()
}

/// The note under a field, wrapped beside the label column.
fn note_lines(f: &TextField, width: u16) -> Vec<String> {
    let Some(n) = &f.note else { return vec![] };
    let w = usize::from(width)
        .saturating_sub(note_indent(width) + 2)
        .max(1);
    let mut lines = super::wrap(&n.text, w);
    if lines.len() > NOTE_LINES {
        lines.truncate(NOTE_LINES);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(w.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

/// Draws `fields` from the top of `area`; `focused` is the index of the field with the cursor.
pub fn render(frame: &mut Frame, area: Rect, fields: &[&TextField], focused: Option<usize>) {
    let mut y = area.y;
    for (i, f) in fields.iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        let rest = Rect::new(area.x, y, area.width, area.bottom() - y);
        y += draw_one(frame, rest, f, f.id.label(), focused == Some(i));
    }
}

/// Draws one field with a custom label (the translator's query).
pub fn render_labelled(frame: &mut Frame, area: Rect, f: &TextField, label: &str, focused: bool) {
    draw_one(frame, area, f, label, focused);
}

/// Draws one field at the top of `area`; returns the lines used.
fn draw_one(frame: &mut Frame, area: Rect, f: &TextField, label: &str, is_focused: bool) -> u16 {
    let t = theme::current();
    let y = area.y;
    let value_w = usize::from(area.width).saturating_sub(LABEL_W + 1).max(1);
    let marker = if is_focused { "›" } else { " " };
    let label: String = label.chars().take(LABEL_W - 2).collect();
    let label = format!("{marker}{label:<w$}", w = LABEL_W - 1);
    let shown = f.display();
    // The focused field follows its cursor; the others show their start.
    let scroll = if is_focused { f.scroll(value_w) } else { 0 };
    let mut visible: Vec<char> = shown.chars().skip(scroll).take(value_w).collect();
    // A value wider than the field is marked where it goes on, so a scrolled 64-character key
    // never looks like a different (shorter) one.
    if scroll > 0 && !visible.is_empty() {
        visible[0] = '…';
    }
    if shown.chars().count() > scroll + value_w
        && let Some(last) = visible.last_mut()
    {
        *last = '…';
    }
    let visible: String = visible.into_iter().collect();
    let (text, style) = if shown.is_empty() && !is_focused {
        ("(empty)".to_string(), t.dim())
    } else {
        let pad = value_w.saturating_sub(visible.chars().count());
        let s = if is_focused { t.focused() } else { t.strong() };
        (format!("{visible}{}", " ".repeat(pad)), s)
    };
    let mut spans = vec![
        Span::styled(label, if is_focused { t.strong() } else { t.dim() }),
        Span::styled(text, style),
    ];
    if f.id.is_secret() && f.revealed {
        spans.push(Span::styled(" shown", t.warn()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect::new(area.x, y, area.width, 1),
    );
    if is_focused {
        let cx = area.x + (LABEL_W + f.cursor().saturating_sub(scroll)) as u16;
        frame.set_cursor_position(Position::new(cx.min(area.right().saturating_sub(1)), y));
    }
    let Some(n) = &f.note else { return 1 };
    let glyph = match n.kind {
        NoteKind::Info => "i",
        NoteKind::Warn => "!",
        NoteKind::Error => "✗",
    };
    let mut used = 1;
    for (i, line) in note_lines(f, area.width).iter().enumerate() {
        if used >= area.height {
            break;
        }
        let g = if i == 0 { glyph } else { " " };
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{:indent$}{g} {line}", "", indent = note_indent(area.width)),
                t.note(n.kind),
            )),
            Rect::new(area.x, y + used, area.width, 1),
        );
        used += 1;
    }
    used
}
