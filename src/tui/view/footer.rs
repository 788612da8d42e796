//! The footer: the keys valid right now, straight from the keymap table, in table order (the
//! table ranks them). What does not fit on one line wraps to a second; then the shorter words
//! (`↑↓ select` for `↑↓/j/k select diagnosis`) are tried; what still does not fit ends in a "more"
//! marker naming the help key, so no bound key is ever silently dropped, and the key that
//! continues the screen (a binding marked `must`) is never among those left out.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::keymap::{self, Action, Binding};
use crate::tui::theme;

/// One footer entry: key label and what it does.
type Entry = (Cow<'static, str>, &'static str);

/// The footer's lines.
type Lines = Vec<Vec<Entry>>;

/// Width of one entry: "label desc" plus two spaces.
fn width_of(label: &str, desc: &str) -> usize {
    label.chars().count() + 1 + desc.chars().count() + 2
}

/// The footer bindings valid now, one per label (the first wins, as in key lookup).
fn bindings(app: &App) -> Vec<&'static Binding> {
    let contexts = app.contexts();
    let mut out: Vec<&'static Binding> = Vec::new();
    for b in keymap::active_bindings(&contexts).filter(|b| b.footer) {
        if !out.iter().any(|o| o.label == b.label) {
            out.push(b);
        }
    }
    out
}

/// Lays `entries` out in order on at most `max_lines` lines of `w` columns, the last keeping
/// `reserve` columns free; `None` when they do not all fit.
fn fit(entries: &[Entry], w: usize, max_lines: usize, reserve: usize) -> Option<Lines> {
    let mut lines: Lines = vec![Vec::new()];
    let mut used = 0;
    let room = |n: usize| {
        if n == max_lines {
            w.saturating_sub(reserve)
        } else {
            w
        }
    };
    for (label, desc) in entries {
        let len = width_of(label, desc);
        if used + len > room(lines.len()) && used > 0 && lines.len() < max_lines {
            lines.push(Vec::new());
            used = 0;
        }
        if used + len > room(lines.len()) {
            return None;
        }
        used += len;
        lines.last_mut()?.push((label.clone(), desc));
    }
    Some(lines)
}

/// Lays the footer out in `width` columns on at most `max_lines` lines; the marker's text when
/// entries were left out. Tried in order: every entry in full words, every entry in short words,
/// then short words with a marker: the `must` entries first, the others in table order while
/// they fit. With a marker the help entry itself goes: the marker names the same key.
fn layout(app: &App, width: u16, max_lines: usize) -> (Lines, Option<String>) {
    let all = bindings(app);
    let steps = app.step_count();
    let entry = |b: &Binding, short: bool| -> Entry {
        let desc = if short { b.short_desc() } else { b.desc };
        (keymap::label_for(b, steps, short), desc)
    };
    let w = usize::from(width).saturating_sub(1);
    for short in [false, true] {
        let entries: Vec<Entry> = all.iter().map(|b| entry(b, short)).collect();
        if let Some(lines) = fit(&entries, w, max_lines, 0) {
            return (lines, None);
        }
    }
    let help_key = all
        .iter()
        .find(|b| b.action == Action::Help)
        .map_or("F1", |b| b.short_label());
    // Short words are in use by now; in a narrow footer the marker is short too.
    let marker = if width >= 60 {
        format!("{help_key} all keys")
    } else {
        format!("{help_key} more")
    };
    let reserve = marker.chars().count();
    let rest: Vec<&Binding> = all
        .into_iter()
        .filter(|b| b.action != Action::Help)
        .collect();
    let mut keep: Vec<bool> = rest.iter().map(|b| b.must).collect();
    let chosen = |keep: &[bool]| -> Vec<Entry> {
        rest.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(b, _)| entry(b, true))
            .collect()
    };
    for i in 0..rest.len() {
        if keep[i] {
            continue;
        }
        keep[i] = true;
        if fit(&chosen(&keep), w, max_lines, reserve).is_none() {
            keep[i] = false;
        }
    }
    let entries = chosen(&keep);
    // The must entries alone always go out, even cramped: a continue key is never hidden.
    let lines = fit(&entries, w, max_lines, reserve).unwrap_or_else(|| vec![entries]);
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
