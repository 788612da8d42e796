//! The test screen: live checks (spinner, ✓ ✗ ! ·, elapsed time), then the ranked diagnoses, and
//! one diagnosis in detail (cause, evidence, numbered fix steps).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::setup::{render_at, render_scrolled};
use super::wrap_prefixed;
use crate::check::{Severity, Status};
use crate::tui::app::{App, Phase};
use crate::tui::guide::guide;
use crate::tui::theme::{self, Theme};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the test screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    match app.test.phase {
        Phase::Detail => detail(frame, area, app),
        _ => checks_and_results(frame, area, app),
    }
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
    let state = match test.phase {
        Phase::Running => format!("running… {:.1} s", test.elapsed.as_secs_f64()),
        _ if test.cancelled => "cancelled".to_string(),
        _ => {
            let ms: u64 = test
                .rows
                .iter()
                .filter_map(|r| r.result.as_ref())
                .map(|r| r.ms)
                .sum();
            format!("done in {ms} ms")
        }
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(account, t.strong()),
        Span::styled(format!("  · {state}"), t.dim()),
    ])];
    let longest = test
        .rows
        .iter()
        .map(|r| r.id.title().chars().count())
        .max()
        .unwrap_or(0);
    let title_w = longest.min(w.saturating_sub(24)).max(8) + 1;
    for row in &test.rows {
        let (glyph, gstyle) = match &row.result {
            None if test.phase == Phase::Running => {
                (SPINNER[test.spinner % SPINNER.len()], t.warn())
            }
            None => ("·", t.dim()),
            Some(r) => (r.status.glyph(), status_style(&t, r.status)),
        };
        let title: String = row.id.title().chars().take(title_w).collect();
        let mut spans = vec![
            Span::styled(format!(" {glyph} "), gstyle),
            Span::raw(format!("{title:<title_w$}")),
        ];
        if let Some(r) = &row.result {
            let ms = format!("{:>6} ", format!("{}ms", r.ms));
            let room = w.saturating_sub(3 + title_w + ms.len());
            // Cut long summaries with an ellipsis so a cut is visible; the diagnoses carry detail.
            let summary: String = if r.summary.chars().count() > room {
                let mut s: String = r.summary.chars().take(room.saturating_sub(1)).collect();
                s.push('…');
                s
            } else {
                r.summary.clone()
            };
            spans.push(Span::styled(ms, t.dim()));
            spans.push(Span::raw(summary));
        }
        lines.push(Line::from(spans));
    }
    if test.phase == Phase::Running {
        if test.rows.is_empty() {
            lines.push(Line::styled(" starting…", t.dim()));
        }
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    lines.push(Line::raw(""));
    // The saved profile's warnings lead: "passed before, fails now" changes how to read the rest.
    for warning in &test.warnings {
        lines.extend(wrap_prefixed("! ", warning, w, t.warn()));
    }
    let mut keep = None;
    if test.cancelled {
        lines.push(Line::styled(guide().text.cancelled.clone(), t.warn()));
    } else if let Some(report) = &test.report {
        if report.diagnoses.is_empty() && report.ok {
            lines.push(Line::styled(guide().text.passed.clone(), t.ok()));
            lines.extend(wrap_prefixed("", &guide().text.passed_next, w, t.dim()));
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
                if sel {
                    keep = Some(lines.len());
                }
                let style = if sel { t.selected() } else { Style::new() };
                lines.extend(wrap_prefixed(
                    &format!("{} {glyph} ", if sel { "›" } else { " " }),
                    &format!("{} ({})", d.title, d.code),
                    w,
                    style,
                ));
            }
        }
    }
    render_scrolled(frame, area, lines, keep);
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
    let conf = match d.confidence {
        crate::check::Confidence::Certain => "certain",
        crate::check::Confidence::Likely => "likely",
        crate::check::Confidence::Possible => "possible",
    };
    let w = usize::from(area.width);
    let plain = Style::new();
    let mut lines = wrap_prefixed("", &d.title, w, t.title());
    lines.push(Line::from(vec![
        Span::styled(sev.0, sev.1),
        Span::styled(format!(" · {conf} · {}", d.code), t.dim()),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Cause", t.strong()));
    lines.extend(wrap_prefixed("", &d.cause, w, plain));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Evidence", t.strong()));
    lines.extend(wrap_prefixed("", &d.evidence, w, plain));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Fix", t.strong()));
    for (i, step) in d.fix.iter().enumerate() {
        lines.extend(wrap_prefixed(
            &format!("{}. ", i + 1),
            &step.screen(),
            w,
            plain,
        ));
    }
    render_at(frame, area, lines, usize::from(app.test.scroll), ("j", "k"));
}
