//! The Login Audit Trail translator: type a Detail value or an error message, read what it means;
//! with nothing typed, how to open the audit trail with the Detail column.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{fields, wrap_prefixed};
use crate::tui::guide::guide;
use crate::tui::theme;

/// Draws the translator.
pub fn render(frame: &mut Frame, area: Rect, app: &crate::tui::App) {
    let t = theme::current();
    let g = &guide().translator;
    let w = usize::from(area.width);
    let mut head = vec![Line::styled(g.title.clone(), t.title())];
    // A short terminal keeps its rows for the answer: the intro says what the footer's keys and
    // the answer itself say again.
    let roomy = area.height >= 16;
    if roomy {
        head.extend(wrap_prefixed("", &g.intro, w, t.dim()));
    }
    let [h, f, b] = Layout::vertical([
        Constraint::Length(head.len() as u16 + u16::from(roomy)),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head), h);
    let mut q = app.translator.query.clone();
    q.note = None;
    render_query(frame, f, &q, app.overlays.is_empty());
    let query = app.translator.query.value().trim();
    let mut lines = Vec::new();
    let plain = ratatui::style::Style::new();
    if let Some(a) = &app.translator.answer {
        lines.extend(wrap_prefixed(
            "",
            &format!("{}: {}", a.code, a.title),
            w,
            t.strong(),
        ));
        lines.extend(wrap_prefixed("", &a.meaning, w, plain));
        if !a.causes.is_empty() {
            lines.push(Line::styled("Causes", t.strong()));
            for c in &a.causes {
                lines.extend(wrap_prefixed("• ", c, w, plain));
            }
        }
        if !a.fixes.is_empty() {
            lines.push(Line::styled("Fix", t.strong()));
            for (i, c) in a.fixes.iter().enumerate() {
                lines.extend(wrap_prefixed(&format!("{}. ", i + 1), c, w, plain));
            }
        }
        if !a.where_seen.is_empty() {
            lines.extend(wrap_prefixed("Seen in: ", &a.where_seen, w, t.dim()));
        }
    } else {
        if !query.is_empty() {
            lines.push(Line::styled(
                "No known Detail value or message matches. Check the spelling, or copy the Detail cell exactly.",
                t.warn(),
            ));
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            "Where to look (F6 copies the menu path)",
            t.strong(),
        ));
        lines.extend(wrap_prefixed("Menu path: ", &g.menu, w, plain));
        // Numbered steps wrap under their own text, not back to column 1.
        for (i, s) in g.steps.iter().enumerate() {
            lines.extend(wrap_prefixed(&format!("{}. ", i + 1), s, w, plain));
        }
    }
    super::setup::render_at(
        frame,
        b,
        lines,
        usize::from(app.translator.scroll),
        ("↓", "↑"),
    );
}

fn render_query(frame: &mut Frame, area: Rect, q: &crate::tui::field::TextField, focused: bool) {
    fields::render_labelled(frame, area, q, "Detail/message", focused);
}
