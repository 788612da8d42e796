//! The test screen: live checks (spinner, ✓ ✗ ! ·, elapsed time), then the ranked diagnoses, and
//! one diagnosis in detail (cause, evidence, numbered fix steps).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::setup::{render_at, render_scrolled};
use super::wrap_prefixed;
use crate::check::{CheckId, Severity, Status};
use crate::tui::app::{App, Phase};
use crate::tui::guide::guide;
use crate::tui::hits::{Hit, Target};
use crate::tui::theme::{self, Theme};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Every check a run reports (run or skipped), for the count and a time column that does not
/// move as names appear.
const ALL_CHECKS: [CheckId; 10] = [
    CheckId::AccountId,
    CheckId::Credentials,
    CheckId::AccountLookup,
    CheckId::Reachability,
    CheckId::Clock,
    CheckId::RestLogin,
    CheckId::RestRecords,
    CheckId::RestSuiteql,
    CheckId::RestletTokeninfo,
    CheckId::SoapLogin,
];

/// A duration in milliseconds as the test screen writes it: `<1 ms` rather than a false `0 ms`.
pub fn ms_label(ms: u64) -> String {
    if ms == 0 {
        "<1 ms".to_string()
    } else {
        format!("{ms} ms")
    }
}

/// The check engine's text with its command-line advice turned into the wizard's keys. (The
/// nstba actions among the fixes are worded for the wizard by the data itself: [`Fix::screen`].)
///
/// [`Fix::screen`]: crate::check::Fix::screen
pub fn for_tui(text: &str) -> String {
    const SWAPS: [(&str, &str); 2] = [
        (" (--api)", ""),
        (
            "Run `nstba test` (or `nstba report`) in a terminal for the details.",
            "Press e to export the support report; it has the details.",
        ),
    ];
    let mut out = text.to_string();
    for (cli, tui) in SWAPS {
        out = out.replace(cli, tui);
    }
    out
}

/// Draws the test screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    match app.test.phase {
        Phase::Detail => detail(frame, area, app),
        _ => checks_and_results(frame, area, app),
    }
}

/// Widest check name (the name column is this wide, so the time column does not move).
fn name_width() -> usize {
    ALL_CHECKS
        .iter()
        .map(|id| textwrap::core::display_width(id.title()))
        .max()
        .unwrap_or(0)
}

/// One check: glyph, full name, time and summary. Wide terminals put them on one line with the
/// summary wrapped under itself; below 60 columns the name gets the line and the time and summary
/// follow, indented. Nothing is cut: the summary is where a failure's words are.
fn check_row(
    t: &Theme,
    w: usize,
    glyph: &str,
    gstyle: Style,
    row: &crate::tui::app::CheckRow,
) -> Vec<Line<'static>> {
    let name = row.id.title();
    let name_w = name_width() + 1;
    let head = Span::styled(format!(" {glyph} "), gstyle);
    let Some(r) = &row.result else {
        return vec![Line::from(vec![head, Span::raw(name.to_string())])];
    };
    let ms = format!("{:>7} ", ms_label(r.ms));
    let summary = for_tui(&r.summary);
    if w >= 60 {
        let indent = 3 + name_w + ms.len();
        let mut out = Vec::new();
        for (i, part) in super::wrap(&summary, w.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                out.push(Line::from(vec![
                    head.clone(),
                    Span::raw(format!("{name:<name_w$}")),
                    Span::styled(ms.clone(), t.dim()),
                    Span::raw(part),
                ]));
            } else {
                out.push(Line::raw(format!("{:indent$}{part}", "")));
            }
        }
        return out;
    }
    let mut out = vec![Line::from(vec![
        head,
        Span::raw(name.to_string()),
        Span::styled(format!(" {}", ms_label(r.ms)), t.dim()),
    ])];
    out.extend(wrap_prefixed("   ", &summary, w, Style::new()));
    out
}

fn status_style(t: &Theme, s: Status) -> Style {
    match s {
        Status::Pass => t.ok(),
        Status::Warn => t.warn(),
        Status::Fail => t.error(),
        Status::Skip => t.dim(),
    }
}

fn checks_and_results(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let w = usize::from(area.width);
    let test = &app.test;
    let account = app
        .account_preview()
        .and_then(Result::ok)
        .map(|id| format!("{} ({})", id.realm(), id.environment().label()))
        .unwrap_or_else(|| app.value(crate::tui::field::FieldId::Account).to_string());
    let done = test.rows.iter().filter(|r| r.result.is_some()).count();
    let state = match test.phase {
        Phase::Running => format!(
            "running… {:.1} s · {done}/{} done · timeout {} s",
            test.elapsed.as_secs_f64(),
            ALL_CHECKS.len().max(test.rows.len()),
            app.shared.timeout.as_secs()
        ),
        _ if test.cancelled => "cancelled".to_string(),
        _ => {
            let ms: u64 = test
                .rows
                .iter()
                .filter_map(|r| r.result.as_ref())
                .map(|r| r.ms)
                .sum();
            let checks = if done == 1 { "check" } else { "checks" };
            format!("{done} {checks} done in {}", ms_label(ms))
        }
    };
    let mut lines = wrap_prefixed("", &format!("{account}  · {state}"), w, t.dim());
    for row in &test.rows {
        let (glyph, gstyle) = match &row.result {
            None if test.phase == Phase::Running => {
                (SPINNER[test.spinner % SPINNER.len()], t.warn())
            }
            None => ("·", t.dim()),
            Some(r) => (r.status.glyph(), status_style(&t, r.status)),
        };
        lines.extend(check_row(&t, w, glyph, gstyle, row));
    }
    if test.phase == Phase::Running {
        if test.rows.is_empty() {
            lines.push(Line::styled(" starting…", t.dim()));
        }
        // The newest check stays in view.
        let last = lines.len() - 1;
        let _ = render_scrolled(frame, area, lines, Some((last, 1)));
        return;
    }
    lines.push(Line::raw(""));
    // The saved profile's warnings lead: "passed before, fails now" changes how to read the rest.
    for warning in &test.warnings {
        lines.extend(wrap_prefixed("! ", warning, w, t.warn()));
    }
    let mut keep = None;
    let mut rows = Vec::new();
    if test.cancelled {
        lines.push(Line::styled(guide().text.cancelled.clone(), t.warn()));
    } else if let Some(report) = &test.report {
        if report.diagnoses.is_empty() && report.ok {
            lines.push(Line::styled(guide().text.passed.clone(), t.ok()));
            lines.extend(wrap_prefixed("", passed_next(report), w, t.dim()));
        } else if report.diagnoses.is_empty() {
            lines.push(Line::styled(guide().text.no_diagnosis.clone(), t.warn()));
        } else {
            if report.ok {
                lines.push(Line::styled(guide().text.passed_with_notes.clone(), t.ok()));
            } else {
                lines.push(Line::styled(
                    format!("Diagnoses, most likely first ({}):", report.diagnoses.len()),
                    t.strong(),
                ));
            }
            for (i, d) in report.diagnoses.iter().enumerate() {
                let sel = i == test.selected;
                let glyph = match d.severity {
                    Severity::Error => "✗",
                    Severity::Warning => "!",
                    Severity::Info => "i",
                };
                let style = if sel { t.selected() } else { Style::new() };
                let item = wrap_prefixed(
                    &format!("{} {glyph} ", if sel { "›" } else { " " }),
                    &format!("{} ({})", d.title, d.code),
                    w,
                    style,
                );
                if sel {
                    keep = Some((lines.len(), item.len()));
                }
                rows.push((lines.len(), item.len(), i));
                lines.extend(item);
            }
        }
    }
    if !test.cancelled {
        lines.extend(crate::tui::components::migrate_view::notice_lines(app, w));
    }
    let h = usize::from(area.height);
    let (offset, text) = match keep {
        // With a diagnosis selected, `scroll` lifts the view above it (to the checks).
        Some((k, n)) => {
            let o = super::setup::offset_showing(lines.len(), h, k, n);
            test.scroll_max.set(clamp_u16(o));
            render_at(
                frame,
                area,
                lines,
                o.saturating_sub(usize::from(test.scroll)),
                ("j", "k"),
            )
        }
        // Nothing to select: ↑↓ scroll the view.
        None => {
            test.scroll_max
                .set(clamp_u16(super::setup::max_offset(lines.len(), h)));
            render_at(frame, area, lines, usize::from(test.scroll), ("j", "k"))
        }
    };
    let mut hits = app.hits.borrow_mut();
    for (k, n, i) in rows {
        hits.extend(Hit::list_line(text, offset, k, n, Target::Diagnosis(i)));
    }
}

fn detail(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let Some(d) = app
        .test
        .report
        .as_ref()
        .and_then(|r| r.diagnoses.get(app.test.selected))
    else {
        return;
    };
    let sev = match d.severity {
        Severity::Error => ("error", t.error()),
        Severity::Warning => ("warning", t.warn()),
        Severity::Info => ("info", t.dim()),
    };
    let conf = confidence_label(d.confidence);
    let w = usize::from(area.width);
    let plain = Style::new();
    let mut lines = wrap_prefixed("", &d.title, w, t.title());
    lines.push(Line::from(vec![
        Span::styled(sev.0, sev.1),
        Span::styled(format!(" · {conf} · {}", d.code), t.dim()),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Cause", t.strong()));
    lines.extend(wrap_prefixed("", &for_tui(d.preamble()), w, plain));
    lines.push(Line::raw(""));
    if !d.causes.is_empty() {
        lines.extend(causes(&t, &d.causes, w));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Evidence", t.strong()));
    lines.extend(wrap_prefixed("", &for_tui(&d.evidence), w, plain));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Fix", t.strong()));
    for (i, step) in d.fix.iter().enumerate() {
        lines.extend(wrap_prefixed(
            &format!("{}. ", i + 1),
            // An nstba action is worded with the wizard's keys (the data's `screen` words).
            &for_tui(&step.screen()),
            w,
            plain,
        ));
    }
    let max = super::setup::max_offset(lines.len(), usize::from(area.height));
    app.test.scroll_max.set(clamp_u16(max));
    render_at(frame, area, lines, usize::from(app.test.scroll), ("j", "k"));
}

fn clamp_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn confidence_label(c: crate::check::Confidence) -> &'static str {
    match c {
        crate::check::Confidence::Certain => "certain",
        crate::check::Confidence::Likely => "likely",
        crate::check::Confidence::Possible => "possible",
    }
}

/// The ranked causes, one to a line with its number, then (indented under it) the Login Audit
/// Trail Detail it shows as, its fix and what points to it.
fn causes(t: &Theme, causes: &[crate::check::Cause], w: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!("Likely causes, most likely first ({})", causes.len()),
        t.strong(),
    )];
    for (i, c) in causes.iter().enumerate() {
        let n = format!("{}. ", i + 1);
        let pad = " ".repeat(n.len());
        let conf = confidence_label(c.confidence);
        lines.extend(wrap_prefixed(
            &n,
            &format!("{} ({conf})", for_tui(&c.text)),
            w,
            Style::new(),
        ));
        // The Detail value usually leads the text already; name it only when it does not.
        if let Some(detail) = c.detail.as_ref().filter(|d| !c.text.contains(d.as_str())) {
            lines.extend(wrap_prefixed(&format!("{pad}Detail "), detail, w, t.dim()));
        }
        for f in &c.fix {
            lines.extend(wrap_prefixed(
                &format!("{pad}Fix: "),
                &for_tui(f),
                w,
                t.ok(),
            ));
        }
        if !c.evidence.is_empty() {
            lines.extend(wrap_prefixed(
                &format!("{pad}Seen: "),
                &for_tui(&c.evidence),
                w,
                t.dim(),
            ));
        }
    }
    lines
}

/// What to do after a pass: an OAuth 2.0 run (it asked the token endpoint) keeps a key or a client
/// secret, a TBA run four values.
fn passed_next(report: &crate::check::Report) -> &'static str {
    let oauth2 = report
        .checks
        .iter()
        .any(|c| c.id == crate::check::CheckId::TokenRequest);
    if oauth2 {
        &guide().text.passed_next_oauth2
    } else {
        &guide().text.passed_next
    }
}
