//! The start screen: choose a path; the last used profile when there is one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::wrap_prefixed;
use crate::tui::app::App;
use crate::tui::components::m2m_steps;
use crate::tui::guide::guide;
use crate::tui::theme;

/// Draws the start menu.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let w = usize::from(area.width);
    let mut lines = vec![
        Line::styled(guide().text.start_title.clone(), t.strong()),
        Line::raw(guide().text.start_hint.clone()),
        Line::raw(""),
    ];
    let mut choices: Vec<String> = guide().text.choices.to_vec();
    if let Some(p) = &app.shared.last_profile {
        choices.push(format!("Test the last used profile: {p}"));
    }
    choices.push(m2m_steps::START_CHOICE.to_string());
    for (i, c) in choices.iter().enumerate() {
        let selected = i == app.start.selected;
        let prefix = if selected { " › " } else { "   " };
        let style = if selected { t.selected() } else { t.strong() };
        lines.extend(wrap_prefixed(prefix, c, w, style));
    }
    lines.push(Line::raw(""));
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
            "a tests it again · p picks another saved profile"
        } else {
            "a tests it again"
        };
        lines.extend(wrap_prefixed("", keys, w, t.dim()));
        lines.push(Line::raw(""));
    } else if !app.shared.profiles.is_empty() {
        lines.extend(wrap_prefixed(
            "",
            &format!(
                "{} saved profiles · p picks one to test",
                app.shared.profiles.len()
            ),
            w,
            t.dim(),
        ));
        lines.push(Line::raw(""));
    }
    if let Some(d) = &app.shared.demo {
        let (name, desc) = d
            .scenarios
            .get(d.current)
            .map(|(n, d)| (n.as_str(), d.as_str()))
            .unwrap_or(("", ""));
        lines.extend(wrap_prefixed(
            "",
            &format!(
                "Demo mode: calls go to the built-in NetSuite emulator with demo credentials. Scenario {name}: {}. F2 plays the next scenario.",
                desc.trim_end_matches('.')
            ),
            w,
            t.warn(),
        ));
        lines.push(Line::raw(""));
    }
    lines.extend(wrap_prefixed("", m2m_steps::KIND_CHOICE, w, t.dim()));
    lines.push(Line::raw(""));
    lines.extend(wrap_prefixed("", &guide().deprecation, w, t.dim()));
    frame.render_widget(Paragraph::new(lines), area);
}
