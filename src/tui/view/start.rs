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
    let mut lines = wrap_prefixed("", &guide().text.start_title, w, t.strong());
    if area.height >= 14 {
        lines.extend(wrap_prefixed(
            "",
            &guide().text.start_hint,
            w,
            ratatui::style::Style::new(),
        ));
    }
    blank(&mut lines);
    let choices = choices(app, roomy && w >= 60);
    // Where each choice is drawn, for the clicks and to keep the selected one in view.
    let mut rows = Vec::new();
    for (i, c) in choices.iter().enumerate() {
        let selected = i == app.start.selected;
        let prefix = if selected { " › " } else { "   " };
        let style = if selected { t.selected() } else { t.strong() };
        let item = wrap_prefixed(prefix, c, w, style);
        rows.push((lines.len(), item.len(), i));
        lines.extend(item);
    }
    blank(&mut lines);
    if let Some(name) = &app.shared.last_profile {
        let facts = match app.shared.profiles.iter().find(|p| &p.name == name) {
            Some(p) => format!(
                "Last used profile: {name} · account {} · {}",
                p.account,
                p.last_result(app.shared.now_unix)
            ),
            None => format!("Last used profile: {name}"),
        };
        lines.extend(wrap_prefixed("", &facts, w, t.strong()));
        let keys = if app.shared.profiles.len() > 1 {
            "a tests it again · p manages saved profiles"
        } else {
            "a tests it again · p manages it"
        };
        lines.extend(wrap_prefixed("", keys, w, t.dim()));
        blank(&mut lines);
    } else if !app.shared.profiles.is_empty() {
        lines.extend(wrap_prefixed(
            "",
            &format!(
                "{} saved profiles · p picks, renames or deletes one",
                app.shared.profiles.len()
            ),
            w,
            t.dim(),
        ));
        blank(&mut lines);
    }
    if let Some(d) = &app.shared.demo {
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
        lines.extend(wrap_prefixed("", &text, w, t.warn()));
        blank(&mut lines);
    }
    if roomy {
        lines.extend(wrap_prefixed("", m2m_steps::KIND_CHOICE, w, t.dim()));
        lines.push(Line::raw(""));
        lines.extend(wrap_prefixed("", &guide().deprecation, w, t.dim()));
    }
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
