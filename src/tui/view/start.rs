//! The start screen: choose a path; the last used profile when there is one; in demo mode, the
//! scenario playing. A short terminal drops the spacing and the end-of-life line first, so the
//! choices and the demo line are never cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::wrap_prefixed;
use crate::tui::app::App;
use crate::tui::components::{authcode_steps, m2m_steps};
use crate::tui::guide::guide;
use crate::tui::theme;

/// The choices' words, in order: the guide's, the last used profile, then the OAuth 2.0 paths.
/// `long` is false on a small terminal: one line per choice, so the demo line stays in view.
fn choices(app: &App, long: bool) -> Vec<String> {
    let mut choices: Vec<String> = guide().text.choices.to_vec();
    if let Some(p) = &app.shared.last_profile {
        choices.push(format!("Test the last used profile: {p}"));
    }
    if !long {
        // One line per choice on a small terminal, so the demo line stays in view: the guide's
        // parenthesised asides ("(Login Audit Trail)") go.
        for c in &mut choices {
            if let Some(i) = c.find(" (")
                && c.ends_with(')')
            {
                c.truncate(i);
            }
        }
    }
    choices.push(if long {
        m2m_steps::START_CHOICE.to_string()
    } else {
        m2m_steps::START_CHOICE_SHORT.to_string()
    });
    choices.push(if long {
        authcode_steps::START_CHOICE.to_string()
    } else {
        authcode_steps::START_CHOICE_SHORT.to_string()
    });
    if crate::tui::components::start::migrate_shown(&app.shared) {
        let (migrate_long, migrate_short) = crate::tui::components::start::MIGRATE_CHOICE;
        choices.push(if long { migrate_long } else { migrate_short }.to_string());
    }
    choices
}

/// Lines of the menu.
type Lines = Vec<Line<'static>>;
/// Where a choice is drawn: its first line, its line count and its index.
type Row = (usize, usize, usize);

/// Draws the start menu.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let w = usize::from(area.width);
    let roomy = area.height >= 20;
    let blank = |lines: &mut Vec<Line<'static>>| {
        if roomy {
            lines.push(Line::raw(""));
        }
    };
    let mut head = wrap_prefixed("", &guide().text.start_title, w, t.strong());
    if area.height >= 14 {
        head.extend(wrap_prefixed(
            "",
            &guide().text.start_hint,
            w,
            ratatui::style::Style::new(),
        ));
    }
    blank(&mut head);
    let (choices, rows) = choice_lines(app, roomy && w >= 60, w);
    let mut tail = Vec::new();
    blank(&mut tail);
    let profile = profile_lines(app, w, false);
    if !profile.is_empty() {
        tail.extend(profile);
        blank(&mut tail);
    }
    let demo = demo_lines(app, w, roomy);
    if !demo.is_empty() {
        tail.extend(demo.iter().cloned());
        blank(&mut tail);
    }
    let h = usize::from(area.height);
    if !roomy && head.len() + choices.len() + tail.len() > h {
        return render_compact(frame, area, app, (head, choices, rows), demo);
    }
    let mut lines = head;
    let first = lines.len();
    lines.extend(choices);
    let rows = rows
        .into_iter()
        .map(|(k, n, i)| (k + first, n, i))
        .collect();
    lines.extend(tail);
    if roomy {
        lines.extend(wrap_prefixed("", m2m_steps::KIND_CHOICE, w, t.dim()));
        lines.push(Line::raw(""));
        lines.extend(wrap_prefixed("", &guide().deprecation, w, t.dim()));
    }
    draw_keeping_choice(frame, area, app, lines, rows);
}

/// A short terminal with more choices than room (a saved profile adds two): the demo line and
/// a one-line profile summary stay at the bottom, the title goes when it does not fit, and the
/// choices scroll in the rows between (their markers say so), so every choice stays reachable.
fn render_compact(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (head, choices, rows): (Lines, Lines, Vec<Row>),
    demo: Lines,
) {
    let w = usize::from(area.width);
    let mut tail = profile_lines(app, w, true);
    tail.extend(demo);
    let h = usize::from(area.height);
    // The choices keep at least three rows (one text row between two markers).
    let keep = tail.len().min(h.saturating_sub(3));
    tail.truncate(keep);
    let room = h - keep;
    let mut lines = if head.len() + choices.len() <= room {
        head
    } else {
        Vec::new()
    };
    let first = lines.len();
    lines.extend(choices);
    let rows = rows
        .into_iter()
        .map(|(k, n, i)| (k + first, n, i))
        .collect();
    let top = Rect {
        height: room as u16,
        ..area
    };
    draw_keeping_choice(frame, top, app, lines, rows);
    let bottom = Rect {
        y: area.y + room as u16,
        height: keep as u16,
        ..area
    };
    frame.render_widget(ratatui::widgets::Paragraph::new(tail), bottom);
}

/// The choices as lines, and where each one is (first line, line count, index).
fn choice_lines(app: &App, long: bool, w: usize) -> (Lines, Vec<Row>) {
    let t = theme::current();
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for (i, c) in choices(app, long).iter().enumerate() {
        let selected = i == app.start.selected;
        let prefix = if selected { " › " } else { "   " };
        let style = if selected { t.selected() } else { t.strong() };
        let item = wrap_prefixed(prefix, c, w, style);
        rows.push((lines.len(), item.len(), i));
        lines.extend(item);
    }
    (lines, rows)
}

/// The last used profile's facts and keys (`compact`: its facts on one line, the keys being in
/// the footer), or the number of saved profiles.
fn profile_lines(app: &App, w: usize, compact: bool) -> Vec<Line<'static>> {
    let t = theme::current();
    let mut lines = Vec::new();
    if let Some(name) = &app.shared.last_profile {
        let found = app.shared.profiles.iter().find(|p| &p.name == name);
        let facts = match (found, compact) {
            (Some(p), false) => format!(
                "Last used profile: {name} · account {} · {}",
                p.account,
                p.last_result(app.shared.now_unix)
            ),
            (Some(p), true) => format!("Last: {name} · {}", p.last_result(app.shared.now_unix)),
            (None, false) => format!("Last used profile: {name}"),
            (None, true) => format!("Last: {name}"),
        };
        if compact {
            lines.push(Line::styled(one_line(&facts, w), t.strong()));
            return lines;
        }
        lines.extend(wrap_prefixed("", &facts, w, t.strong()));
        let keys = if app.shared.profiles.len() > 1 {
            "a tests it again · p manages saved profiles"
        } else {
            "a tests it again · p manages it"
        };
        lines.extend(wrap_prefixed("", keys, w, t.dim()));
    } else if !app.shared.profiles.is_empty() {
        let text = format!(
            "{} saved profiles · p picks, renames or deletes one",
            app.shared.profiles.len()
        );
        if compact {
            lines.push(Line::styled(one_line(&text, w), t.dim()));
        } else {
            lines.extend(wrap_prefixed("", &text, w, t.dim()));
        }
    }
    lines
}

/// Demo mode: the scenario playing and the keys that change it (short on a small terminal).
fn demo_lines(app: &App, w: usize, roomy: bool) -> Vec<Line<'static>> {
    let Some(d) = &app.shared.demo else {
        return Vec::new();
    };
    let (name, desc) = d
        .scenarios
        .get(d.current)
        .map(|(n, d)| (n.as_str(), d.as_str()))
        .unwrap_or(("", ""));
    let text = if roomy {
        format!(
            "Demo mode: calls go to the built-in NetSuite emulator with demo credentials. Scenario {name}: {}. F2/Shift-F2 play the next/previous scenario, F8 lists them.",
            desc.trim_end_matches('.')
        )
    } else {
        // A short terminal keeps the scenario's name and the Detail it shows as; the
        // description is one F8 away.
        let detail = desc.find("(Detail:").map_or(String::new(), |i| {
            format!(" {}", desc[i..].trim_end_matches('.'))
        });
        // Shift-F2 is in the F8 list and in help: two lines here, not three.
        format!("Demo: {name}{detail}. F2/F8 change it.")
    };
    wrap_prefixed("", &text, w, theme::current().warn())
}

/// Draws `lines` with the selected choice in view, and notes where each choice landed for the
/// clicks (`rows`: first line, line count and index of each choice).
fn draw_keeping_choice(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    lines: Vec<Line<'static>>,
    rows: Vec<(usize, usize, usize)>,
) {
    let offset = rows
        .iter()
        .find(|(_, _, i)| *i == app.start.selected)
        .map_or(0, |(k, n, _)| {
            super::setup::offset_showing(lines.len(), usize::from(area.height), *k, *n)
        });
    let (offset, text) =
        super::setup::render_at(frame, area, lines, offset, ("more below", "more above"));
    let mut hits = app.hits.borrow_mut();
    for (k, n, i) in rows {
        hits.extend(crate::tui::hits::Hit::list_line(
            text,
            offset,
            k,
            n,
            crate::tui::hits::Target::Start(i),
        ));
    }
}

/// `s` on one line of `w` columns: a longer text ends in "…", so the cut shows.
fn one_line(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    let mut o: String = s.chars().take(w.saturating_sub(1)).collect();
    o.push('…');
    o
}
