//! What the two OAuth 2.0 setup views (M2M, authorization code) draw alike: a step page's lines
//! in a window that keeps the focused line (and the cursor) in view, or, when nothing on the
//! page is focused (the login's outcome, the switch), scrolled by ↑↓/j/k with "more" markers
//! as the results are; and one labelled field line.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::theme;

/// Width of a field's label column (marker included).
pub const LABEL_W: usize = 16;

/// What a step page draws: its lines, the focused line and the cursor column on it, the
/// page's scroll (used when nothing is focused).
pub struct PageLines {
    /// Every line of the page.
    pub lines: Vec<Line<'static>>,
    /// The focused checklist row's or field's line.
    pub focus: Option<usize>,
    /// The cursor column on the focused field.
    pub cursor: Option<usize>,
    /// Lines scrolled off the top when nothing is focused.
    pub scroll: usize,
}

/// Draws `page` into `area` (`w` columns of text); notes in `max` how far it can scroll.
pub fn draw_page(
    frame: &mut Frame,
    area: Rect,
    page: PageLines,
    w: usize,
    max: &std::cell::Cell<u16>,
) {
    let h = usize::from(area.height);
    let PageLines {
        lines,
        focus,
        cursor,
        scroll,
    } = page;
    max.set(0);
    if focus.is_none() && lines.len() > h {
        // Nothing to keep in view: the page scrolls and its markers say there is more (the last
        // offset leaves one row for the upper marker).
        let last = lines.len() - h.saturating_sub(1).max(1);
        max.set(u16::try_from(last).unwrap_or(u16::MAX));
        crate::tui::view::render_at(frame, area, lines, scroll, ("j", "k"));
        return;
    }
    let offset = focus.map_or(0, |f| f.saturating_sub(h.saturating_sub(2)));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(shown), area);
    if let (Some(f), Some(col)) = (focus, cursor)
        && f >= offset
        && f - offset < h
    {
        let x = area.x + (col.min(w.saturating_sub(1))) as u16;
        frame.set_cursor_position(Position::new(x, area.y + (f - offset) as u16));
    }
}

/// A field's line: marker, label, and as much of `value` as fits, its end kept in view (what
/// was typed last).
pub fn field_line(label: &str, value: &str, focused: bool, w: usize) -> Line<'static> {
    let t = theme::current();
    let marker = if focused { "›" } else { " " };
    let room = w.saturating_sub(LABEL_W);
    let n = value.chars().count();
    let shown: String = value.chars().skip(n.saturating_sub(room)).collect();
    let style = if focused {
        t.focused()
    } else {
        Style::default()
    };
    Line::styled(
        format!("{marker}{label:<width$}{shown}", width = LABEL_W - 1),
        style,
    )
}
