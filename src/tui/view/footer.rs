//! The footer: the keys valid right now, straight from the keymap table, in table order (the
//! table ranks them). What does not fit on one line wraps to a second; what does not fit on
//! those ends in a "more" marker naming the help key, so no bound key is ever silently dropped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::{self, Action};
use crate::tui::theme;

/// The footer's lines: each a list of (key label, description).
type Lines = Vec<Vec<(&'static str, &'static str)>>;

/// Width of one entry: "label desc" plus two spaces.
fn width_of(label: &str, desc: &str) -> usize {
    label.chars().count() + 1 + desc.chars().count() + 2
}

/// Lays the footer out in `width` columns on at most `max_lines` lines; the marker's text when
/// entries were left out. With a marker, the help entry itself goes: the marker names the same
/// key ("? all keys"), and one key shown twice wastes the room another key needs.
fn layout(app: &App, width: u16, max_lines: usize) -> (Lines, Option<String>) {
    let contexts = app.contexts();
    let mut entries: Vec<(&'static str, &'static str, bool)> = Vec::new();
    let mut help_key = None;
    for b in keymap::active_bindings(&contexts).filter(|b| b.footer) {
        let is_help = b.action == Action::Help;
        if is_help && help_key.is_none() {
            help_key = Some(b.label);
        }
        if entries.iter().any(|(l, _, _)| *l == b.label) {
            continue;
        }
        entries.push((b.label, b.desc, is_help));
    }
    let w = usize::from(width).saturating_sub(1);
    let fit = |entries: &[(&'static str, &'static str, bool)], reserve: usize| {
        let mut lines: Lines = vec![Vec::new()];
        let mut used = 0;
        let mut hidden = false;
        for &(label, desc, _) in entries {
            let len = width_of(label, desc);
            let room = |lines: &Lines| {
                if lines.len() == max_lines {
                    w.saturating_sub(reserve)
                } else {
                    w
                }
            };
            if used + len > room(&lines) && lines.len() < max_lines && used > 0 {
                lines.push(Vec::new());
                used = 0;
            }
            if used + len > room(&lines) {
                hidden = true;
                continue;
            }
            used += len;
            if let Some(l) = lines.last_mut() {
                l.push((label, desc));
            }
        }
        (lines, hidden)
    };
    let (lines, hidden) = fit(&entries, 0);
    if !hidden {
        return (lines, None);
    }
    let marker = format!("{} all keys", help_key.unwrap_or("F1"));
    let rest: Vec<_> = entries.into_iter().filter(|e| !e.2).collect();
    let (lines, _) = fit(&rest, marker.chars().count());
    (lines, Some(marker))
}

/// Lines the footer needs at `width`×`height` (two when one is not enough and there is room).
pub fn height(app: &App, width: u16, height: u16) -> u16 {
    layout(app, width, max_lines(height)).0.len() as u16
}

fn max_lines(height: u16) -> usize {
    if height >= 20 { 2 } else { 1 }
}

/// Draws the footer into `area` (laid out for the whole terminal's `height`).
pub fn render(frame: &mut Frame, area: Rect, app: &App, height: u16) {
    let t = theme::current();
    let (lines, marker) = layout(app, area.width, max_lines(height));
    let n = lines.len();
    let mut out = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        let mut spans = vec![Span::raw(" ")];
        for (label, desc) in line {
            spans.push(Span::styled(label, t.key()));
            spans.push(Span::raw(format!(" {desc}  ")));
        }
        if i + 1 == n
            && let Some(m) = &marker
        {
            spans.push(Span::styled(m.clone(), t.dim()));
        }
        out.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(out), area);
}
