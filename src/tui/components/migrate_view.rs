//! Draws one item of the move to OAuth 2.0 (pure): its title and state, what the last check
//! found (each failure's own diagnosis and fix), the choices, the item's explanation and
//! NetSuite steps, what is known (inventory, role and entity side by side, key files), and how
//! the TBA profile fared. A window keeps the chosen row (or the outcome) in view at 44×12.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::migrate_rows;
use super::migrate_task::Outcome;
use super::migrate_wizard::{MigrateWizard, item_at};
use crate::check::Api;
use crate::migrate::state::MigrationState;
use crate::migrate::steps::Need;
use crate::migrate::vars::{failure_words, item_words};
use crate::migrate::{Finding, Item, Status};
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::view::wrap_prefixed;

const LABEL: &str = "Certificate ID ";
const M2M_SETUP: &str =
    "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup";

/// The header title of item `i` (long, short).
pub fn title(i: usize) -> (String, String) {
    let n = Item::all().count();
    (
        format!("Move to OAuth 2.0 {}/{n}", i + 1),
        format!("OAuth 2.0 {}/{n}", i + 1),
    )
}

/// Draws the item on screen into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let w = usize::from(area.width).max(10);
    let (lines, focus, cursor) = lines(app, w);
    let h = usize::from(area.height);
    let m = &app.migrate;
    let max = lines.len().saturating_sub(h);
    let follow = focus.map_or(0, |f| f.saturating_sub(h.saturating_sub(2)));
    let offset = m.scroll.map_or(follow, |s| s.min(max));
    m.shown_from.set(offset);
    m.scroll_max.set(max);
    m.scroll_page.set(h.saturating_sub(2));
    let more = lines.len() > offset + h;
    let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    if more && h > 1 {
        // The item's text goes on below: say how to read it (the page has a list, so ↑↓ move
        // in the list, not the page).
        shown.pop();
        shown.push(Line::styled(
            "↓ more: PgDn (PgUp back)",
            theme::current().dim(),
        ));
    }
    frame.render_widget(Paragraph::new(shown), area);
    if let (Some(f), Some(col)) = (focus, cursor)
        && f >= offset
        && f - offset < h
    {
        let x = area.x + (col.min(w.saturating_sub(1))) as u16;
        frame.set_cursor_position(Position::new(x, area.y + (f - offset) as u16));
    }
}

type Lines = Vec<Line<'static>>;

fn lines(app: &App, w: usize) -> (Lines, Option<usize>, Option<usize>) {
    let t = theme::current();
    let m = &app.migrate;
    let item = item_at(m.item);
    let Some(st) = m.state.as_ref() else {
        let text = m
            .problem
            .clone()
            .unwrap_or_else(|| "Opening the migration…".into());
        let style = if m.problem.is_some() {
            t.error()
        } else {
            t.dim()
        };
        return (wrap_prefixed("", &text, w, style), None, None);
    };
    let words = item_words(st, item);
    let mut out = wrap_prefixed(
        "",
        &format!("{} → {} · {}", st.from, st.to, words.title),
        w,
        t.strong(),
    );
    let mut focus = Some(out.len());
    state_lines(m, st, item, w, &mut out);
    let rows = m.rows(&app.shared);
    let names: Vec<String> = m.row_names().to_vec();
    for (i, c) in rows.iter().enumerate() {
        let on = match c {
            migrate_rows::Choice::Profile(i) => names.get(*i) == Some(&st.from),
            migrate_rows::Choice::UploadWith(i) => names.get(*i) == st.upload_login.as_ref(),
            _ => migrate_rows::is_on(*c, item, Some(st), &m.ticks, &st.from),
        };
        let here = i == m.row && !m.editing;
        let mark = match (here, on) {
            (true, true) => "›[x] ",
            (true, false) => "›[ ] ",
            (false, true) => " [x] ",
            (false, false) => " [ ] ",
        };
        if here {
            focus = Some(out.len());
        }
        let style = if here { t.selected() } else { Style::default() };
        let label = migrate_rows::label(*c, item, Some(st), &m.ticks, &names);
        out.extend(wrap_prefixed(mark, &label, w, style));
    }
    let mut cursor = None;
    if item == Item::Key && st.target == crate::migrate::Target::M2m {
        key_lines(app, st, w, &mut out);
        let (value, col) = m.certificate_id();
        if m.editing {
            focus = Some(out.len());
            cursor = Some(LABEL.len() + 1 + col);
        }
        let style = if m.editing {
            t.focused()
        } else {
            Style::default()
        };
        let marker = if m.editing { "›" } else { " " };
        // The field keeps its end (and the cursor) in view on a narrow screen.
        let room = w.saturating_sub(LABEL.len() + 1).max(4);
        let shown = if m.editing {
            value.to_string()
        } else {
            middle(value, room)
        };
        out.push(Line::styled(format!("{marker}{LABEL}{shown}"), style));
    }
    if m.logs_in_here() && st.item(Item::SideBySide).status != Status::Done {
        login_lines(app, st, w, &mut out);
    }
    out.extend(wrap_prefixed("", &words.about, w, Style::default()));
    out.extend(wrap_prefixed("To do: ", &words.todo, w, t.dim()));
    facts(st, item, w, &mut out);
    tba_line(m, st, w, &mut out);
    (out, focus, cursor)
}

/// The item's state, and what its last check found.
fn state_lines(m: &MigrateWizard, st: &MigrationState, item: Item, w: usize, out: &mut Lines) {
    let t = theme::current();
    let s = st.item(item);
    if m.busy {
        out.push(Line::styled("Checking…", t.warn()));
    } else if let Some(p) = &m.problem {
        out.extend(wrap_prefixed("✗ ", p, w, t.error()));
    }
    match (m.outcome(), s.status) {
        (Some(Outcome::Failed(findings, test)), _) => {
            for f in findings {
                finding(st, f, w, out);
            }
            if let Some(d) = test {
                out.extend(wrap_prefixed("  Test: ", d, w, t.dim()));
            }
        }
        (Some(Outcome::TbaBroken(f)), _) => finding(st, f, w, out),
        (Some(Outcome::Waiting(need)), _) => {
            out.extend(wrap_prefixed(
                "… ",
                &waiting(need, st, m.item, !m.logins.is_empty()),
                w,
                t.warn(),
            ));
        }
        (Some(Outcome::Done(note, warnings)), _) => {
            for f in warnings {
                finding(st, f, w, out);
            }
            out.extend(wrap_prefixed("✓ ", note, w, t.ok()));
        }
        (None, Status::Done) => out.extend(wrap_prefixed("✓ done: ", &s.note, w, t.ok())),
        (None, Status::Failed) => {
            let codes: Vec<&str> = s.codes.iter().map(|c| c.as_str()).collect();
            let text = format!("{} [{}]; Enter checks it again", s.note, codes.join(", "));
            out.extend(wrap_prefixed("✗ failed: ", &text, w, t.error()));
        }
        (None, Status::Pending) if !m.busy => out.push(Line::styled(
            format!("To do · {} of 8 done · Enter checks it", st.done_count()),
            t.dim(),
        )),
        (None, Status::Pending) => {}
    }
}

fn finding(st: &MigrationState, f: &Finding, w: usize, out: &mut Lines) {
    let t = theme::current();
    let words = failure_words(st, f);
    // A warning looks like one (⚠ and the word), a failure like a failure (✗).
    let (mark, style) = if f.code.shown_as_warning() {
        ("⚠ warning: ", t.warn())
    } else {
        ("✗ ", t.error())
    };
    out.extend(wrap_prefixed(
        mark,
        &format!("{} ({})", words.title, f.code),
        w,
        style,
    ));
    out.extend(wrap_prefixed("  ", &words.cause, w, Style::default()));
    // The wizard's keys, not the command line's flags, where the two differ.
    let fixes = if words.wizard_fixes.is_empty() {
        &words.fixes
    } else {
        &words.wizard_fixes
    };
    for fix in fixes {
        out.extend(wrap_prefixed("  Fix: ", fix, w, Style::default()));
    }
}

/// What the step waits for, in the wizard's keys.
fn waiting(need: &Need, st: &MigrationState, item: usize, logins: bool) -> String {
    match need {
        Need::Confirm => {
            "Do the step below in NetSuite, tick \"Done in NetSuite\" (Space), then Enter.".into()
        }
        Need::Key => "F3 generates a key and certificate for this migration.".into(),
        Need::CertificateId(file) => format!(
            "Upload {} at {M2M_SETUP} (F4 in the demo), then Tab, type the Certificate ID it shows and Enter{}.",
            file.as_ref()
                .map_or("the certificate".into(), |p| file_name(p)),
            match (st.upload_login.is_some(), logins) {
                (true, _) => "",
                (false, true) => "; or choose a login above (Space) to upload it with, then Enter",
                (false, false) => "; or Space on the first row logs in and uploads it",
            }
        ),
        Need::KeyItem => format!(
            "Item {} (key and certificate) is not done yet; {} of 8 done, item {} is open.",
            Item::Key.number(),
            st.done_count(),
            st.next().map_or(item + 1, Item::number)
        ),
    }
}

fn key_lines(app: &App, st: &MigrationState, w: usize, out: &mut Lines) {
    let t = theme::current();
    match (&st.key_file, &st.certificate_file) {
        (Some(k), c) => {
            // Long paths keep their start and their file name: a middle ellipsis, one line.
            let room = w.saturating_sub(13).max(8);
            let path = |p: &std::path::Path| middle(&p.display().to_string(), room);
            out.extend(wrap_prefixed("Key:         ", &path(k), w, t.ok()));
            if let Some(c) = c {
                out.extend(wrap_prefixed("Certificate: ", &path(c), w, t.ok()));
            }
            if let Some(login) = &st.upload_login {
                out.extend(wrap_prefixed(
                    "",
                    &format!("Enter uploads it with login {login} (rotation API) and takes the Certificate ID from the answer."),
                    w,
                    t.strong(),
                ));
                return;
            }
            let how = if app.shared.demo.is_some() {
                "F4 uploads it through the rotation API (demo), or upload it by hand at "
            } else {
                "Upload the certificate at "
            };
            out.extend(wrap_prefixed(
                "",
                &format!("{how}{M2M_SETUP} > Create New, then type the Certificate ID below."),
                w,
                t.dim(),
            ));
        }
        (None, _) => out.extend(wrap_prefixed(
            "",
            "F3 generates an EC P-256 key (mode 0600) and a certificate valid 730 days next to the progress file.",
            w,
            Style::default(),
        )),
    }
}

/// Item 6 of the authorization-code target: the login, with its keys.
fn login_lines(app: &App, st: &MigrationState, w: usize, out: &mut Lines) {
    let t = theme::current();
    let keys = if app.shared.demo.is_some() {
        "F4 logs in (the demo clicks Allow; F9 Deny)"
    } else {
        "F3 logs in (a browser opens)"
    };
    out.extend(wrap_prefixed(
        "",
        &format!(
            "{keys}: the login is saved as profile {}, then compared with the TBA token.",
            st.to
        ),
        w,
        t.strong(),
    ));
}

/// `s` in at most `max` characters: its start, `…`, its end (a path keeps its file name).
pub fn middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max || max < 3 {
        return s.to_string();
    }
    let tail = (max - 1) * 2 / 3;
    let head = max - 1 - tail;
    let start: String = s.chars().take(head).collect();
    let end: String = s.chars().skip(n - tail).collect();
    format!("{start}…{end}")
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |f| f.to_string_lossy().to_string(),
    )
}

/// What is known: the inventory, and on the side-by-side item both tokens' role and entity.
fn facts(st: &MigrationState, item: Item, w: usize, out: &mut Lines) {
    let t = theme::current();
    let Some(inv) = &st.inventory else { return };
    let id = &inv.identity;
    let q = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    if item == Item::Inventory || item == Item::Target {
        let working: Vec<&str> = inv.working.iter().map(Api::name).collect();
        let text = format!(
            "TBA works on {} · role {}{} · entity {}{} · SOAP {}",
            if working.is_empty() {
                "nothing".into()
            } else {
                working.join(", ")
            },
            q(&id.role),
            id.role_name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default(),
            q(&id.entity),
            id.company
                .as_ref()
                .map(|c| format!(" · company {c}"))
                .unwrap_or_default(),
            if inv.soap_used {
                "in use: move it to REST by 2028.2"
            } else {
                "not used"
            }
        );
        out.extend(wrap_prefixed("", &text, w, t.dim()));
    }
    if item == Item::SideBySide
        && let Some(new) = &st.new_identity
    {
        let same =
            |a: &Option<String>, b: &Option<String>| if a == b { "same" } else { "DIFFERENT" };
        out.extend(wrap_prefixed(
            "",
            &format!(
                "Role: TBA {} · OAuth 2.0 {} ({}). Entity: TBA {} · OAuth 2.0 {} ({}).",
                q(&id.role),
                q(&new.role),
                same(&id.role, &new.role),
                q(&id.entity),
                q(&new.entity),
                same(&id.entity, &new.entity),
            ),
            w,
            t.dim(),
        ));
    }
}

fn tba_line(m: &MigrateWizard, st: &MigrationState, w: usize, out: &mut Lines) {
    let t = theme::current();
    if st.tba_checks.is_empty() {
        return;
    }
    let failed = st.tba_checks.iter().filter(|c| !c.ok).count();
    let (text, style) = match m.tba_ok.or_else(|| st.tba_checks.last().map(|c| c.ok)) {
        Some(false) if st.tba_revoked => ("revoked at cut-over, as chosen".to_string(), t.dim()),
        Some(false) => ("STOPPED WORKING".to_string(), t.error()),
        _ => ("still works".to_string(), t.ok()),
    };
    out.extend(wrap_prefixed(
        "",
        &format!(
            "TBA profile {}: {text} (tested {} time{}, {failed} failed).",
            st.from,
            st.tba_checks.len(),
            if st.tba_checks.len() == 1 { "" } else { "s" }
        ),
        w,
        style,
    ));
}

/// The results' notices, once per run: the `tba-retirement` notice with the dates and what they
/// mean for this profile, and the key that moves it (`m`, or `nstba migrate`).
pub fn notice_lines(app: &App, w: usize) -> Lines {
    let t = theme::current();
    let test = &app.test;
    let mut out = Vec::new();
    if test.report.is_none() {
        return out;
    }
    for n in &test.notices {
        out.push(Line::raw(""));
        let mut text = crate::tui::view::for_tui(&n.text);
        if let Some(p) = &app.shared.profile {
            text = text.replace("--from PROFILE", &format!("--from {p}"));
        }
        out.extend(wrap_prefixed("i ", &text, w, t.dim()));
        if n.code != "tba-retirement" {
            continue;
        }
        let how = if test.offers_migration(&app.shared) {
            "m: Move this connection to OAuth 2.0, guided in the wizard."
        } else {
            "Save it as a profile (s), then m here moves it: Move this connection to OAuth 2.0."
        };
        out.extend(wrap_prefixed("  ", how, w, t.strong()));
    }
    out
}
