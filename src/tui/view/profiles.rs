//! The list overlays and prompts: saved profiles (test, load, rename, delete), the demo scenario
//! list, the profile name prompt of "save" and the callback port prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, wrap_prefixed};
use crate::tui::app::App;
use crate::tui::components::port::PortPrompt;
use crate::tui::components::profiles::{Picker, PickerMode, SavePrompt};
use crate::tui::components::scenarios::ScenarioList;
use crate::tui::field::TextField;
use crate::tui::hits::{Hit, Target};
use crate::tui::theme;

/// A bordered box of at most `w`×`h` in the middle of `area`; its inside.
fn boxed(frame: &mut Frame, area: Rect, w: u16, h: u16, title: &str) -> Rect {
    let t = theme::current();
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .title_style(t.title());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    inner
}

/// Draws rows (one line each) with the selected one kept in view and a hint line under them;
/// records each row as a click target.
#[allow(
    clippy::needless_pass_by_value,
    reason = "TUI-owned signature; left to the TUI rework"
)]
fn list(frame: &mut Frame, app: &App, inner: Rect, rows: Vec<String>, selected: usize, hint: &str) {
    let t = theme::current();
    let w = usize::from(inner.width);
    let hint = wrap_prefixed("", hint, w, t.dim());
    let room = usize::from(inner.height).saturating_sub(hint.len()).max(1);
    let first = selected.saturating_sub(room - 1);
    let mut lines = Vec::new();
    let mut hits = app.hits.borrow_mut();
    for (i, text) in rows.iter().enumerate().skip(first).take(room) {
        let sel = i == selected;
        let text: String = format!("{}{text}", if sel { "› " } else { "  " })
            .chars()
            .take(w)
            .collect();
        let y = inner.y + lines.len() as u16;
        hits.push(Hit::row(inner, y, 1, Target::ListRow(i)));
        lines.push(Line::styled(
            text,
            if sel { t.selected() } else { t.strong() },
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing saved yet.", t.dim()));
    }
    lines.extend(hint);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One row of "test all"'s table, fitted to `w` columns: name, kind, account, status, first
/// diagnosis, ms; a narrow box keeps name, kind, status and diagnosis.
fn batch_line(cells: [&str; 6], w: usize) -> String {
    let [name, kind, account, status, diagnosis, ms] = cells;
    let cut = |s: &str, n: usize| -> String {
        if s.chars().count() <= n {
            format!("{s:<n$}")
        } else {
            let mut o: String = s.chars().take(n.saturating_sub(1)).collect();
            o.push('…');
            o
        }
    };
    if w >= 64 {
        format!(
            "{} {} {} {} {} {:>6}",
            cut(name, 14),
            cut(kind, 4),
            cut(account, 12),
            cut(status, 9),
            cut(diagnosis, 16),
            ms
        )
    } else {
        // The kind stays (an M2M row and a TBA row of one account differ only there); the
        // name and the diagnosis give up a column each.
        let rest = w.saturating_sub(9 + 1 + 4 + 1 + 9 + 1);
        format!(
            "{} {} {} {}",
            cut(name, 9),
            cut(kind, 4),
            cut(status, 9),
            cut(diagnosis, rest)
        )
    }
}

/// "Test all": the live table (header, a row per profile in the shown order, progress and keys).
fn batch(frame: &mut Frame, app: &App, inner: Rect) {
    let t = theme::current();
    let Some(b) = app.shared.batch.as_ref() else {
        return;
    };
    let w = usize::from(inner.width).saturating_sub(2);
    let header = batch_line(
        [
            "profile",
            "kind",
            "account",
            "status",
            "first diagnosis",
            "ms",
        ],
        w,
    );
    let head: String = format!("  {header}")
        .chars()
        .take(usize::from(inner.width))
        .collect();
    frame.render_widget(Paragraph::new(Line::styled(head, t.dim())), inner);
    let rows: Vec<String> = b
        .order()
        .into_iter()
        .filter_map(|i| b.rows.get(i))
        .map(|r| {
            let ms = r.ms.map_or_else(String::new, |m| m.to_string());
            let p = &r.planned;
            batch_line(
                [&p.name, &p.kind, &p.account, r.status, &r.diagnosis, &ms],
                w,
            )
        })
        .collect();
    let progress = if b.running {
        format!("Testing: {} of {} done.", b.finished(), b.rows.len())
    } else {
        format!("All {} tested.", b.rows.len())
    };
    let sort = if b.by_status { "by name" } else { "by status" };
    let hint = format!("{progress} Enter opens its results · s sorts {sort} · a again · Esc back");
    let body = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    list(frame, app, body, rows, b.selected, &hint);
}

/// Draws the saved profiles (name, account, last result), or the rename field or the delete
/// question for the selected one.
pub fn picker(frame: &mut Frame, area: Rect, app: &App, picker: &Picker) {
    let n = u16::try_from(app.shared.profiles.len()).unwrap_or(u16::MAX);
    let inner = boxed(frame, area, 72, n.saturating_add(5), "Saved profiles");
    let name = app
        .shared
        .profiles
        .get(picker.selected)
        .map_or("", |p| p.name.as_str());
    match &picker.mode {
        PickerMode::List => {
            let rows = app
                .shared
                .profiles
                .iter()
                .map(|p| {
                    format!(
                        "{} · {} · {}",
                        p.name,
                        p.account,
                        p.last_result(app.shared.now_unix)
                    )
                })
                .collect();
            list(
                frame,
                app,
                inner,
                rows,
                picker.selected,
                "Enter tests it · a tests all · l loads it into the form · r renames · d deletes · Esc closes",
            );
        }
        PickerMode::Batch => batch(frame, app, inner),
        PickerMode::Rename(f) => prompt(frame, inner, &format!("New name for {name}:"), f, None),
        PickerMode::Delete => {
            let t = theme::current();
            let w = usize::from(inner.width);
            let mut lines = wrap_prefixed(
                "",
                &format!("Delete profile {name} and its saved secrets?"),
                w,
                t.warn(),
            );
            lines.extend(wrap_prefixed(
                "",
                "y deletes it · n or Esc keeps it",
                w,
                t.dim(),
            ));
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}

/// Draws the demo scenario list (names; the selected one's description under the list, so a
/// narrow terminal cuts nothing); Enter plays the selected one.
pub fn scenarios(frame: &mut Frame, area: Rect, app: &App, l: &ScenarioList) {
    let Some(d) = &app.shared.demo else { return };
    let h = u16::try_from(d.scenarios.len()).unwrap_or(u16::MAX);
    let inner = boxed(frame, area, 72, h.saturating_add(6), "Demo scenarios");
    let rows = d
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let playing = if i == d.current { " (playing)" } else { "" };
            format!("{name}{playing}")
        })
        .collect();
    let desc = d
        .scenarios
        .get(l.selected)
        .map_or("", |(_, desc)| desc.as_str());
    list(
        frame,
        app,
        inner,
        rows,
        l.selected,
        &format!("{desc}. Enter plays it · F2/Shift-F2 step without this list · Esc closes"),
    );
}

/// A one-line text prompt: the question, the field with its cursor, its error or a hint.
fn prompt(frame: &mut Frame, inner: Rect, question: &str, field: &TextField, hint: Option<&str>) {
    let t = theme::current();
    let w = usize::from(inner.width);
    let mut lines = wrap_prefixed("", question, w, ratatui::style::Style::new());
    let y = inner.y + lines.len() as u16;
    lines.push(Line::from(vec![
        Span::styled("> ", t.key()),
        Span::styled(field.value().to_string(), t.focused()),
    ]));
    match (&field.note, hint) {
        (Some(n), _) => lines.extend(wrap_prefixed("", &n.text, w, t.note(n.kind))),
        (None, Some(h)) => lines.extend(wrap_prefixed("", h, w, t.dim())),
        (None, None) => {}
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    // The cursor, so typing feels like any other field.
    let col = field
        .value()
        .chars()
        .take(field.cursor())
        .count()
        .min(w.saturating_sub(3));
    if y < inner.bottom() {
        frame.set_cursor_position((inner.x + 2 + col as u16, y));
    }
}

/// Draws the name prompt of "save profile", with the naming rule's error under the field.
pub fn save_prompt(frame: &mut Frame, area: Rect, p: &SavePrompt) {
    let inner = boxed(frame, area, 64, 8, "Save profile");
    prompt(
        frame,
        inner,
        "Name (letters, digits, '-', '_' or '.'):",
        &p.name,
        Some("Secrets go to the OS keychain, or a 0600 file where there is none."),
    );
}

/// Draws the callback port prompt.
pub fn port_prompt(frame: &mut Frame, area: Rect, p: &PortPrompt) {
    let inner = boxed(frame, area, 64, 8, "Callback port");
    prompt(
        frame,
        inner,
        "Port of the Callback URL http://localhost:PORT (set the same on the integration record):",
        &p.field,
        Some("Enter sets it for this account · Esc keeps the old one"),
    );
}
