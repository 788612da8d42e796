//! Draws the M2M setup (pure): the step's menu path, checklist, warnings, fields, the key and
//! certificate with the upload beside it, and the live test's result. The lines are built
//! first, then a window that keeps the focused line visible is drawn (44×12 included).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::credentials::Focus;
use super::m2m_setup::{Busy, M2mField, M2mWizard};
use super::m2m_steps::{STEPS, StepKind};
use super::oauth2_view::{LABEL_W, PageLines};
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::view::wrap_prefixed;

/// The header title of step `s`.
pub fn title(s: usize) -> String {
    format!("OAuth 2.0 M2M setup {}/{}", s + 1, STEPS.len())
}

/// Draws the current step into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let w = app_width(area);
    let (lines, focus, cursor) = lines(app, w);
    let scroll = usize::from(app.m2m.scroll);
    let page = PageLines {
        lines,
        focus,
        cursor,
        scroll,
    };
    super::oauth2_view::draw_page(frame, area, page, w, &app.shared.page_scroll_max);
}

fn app_width(area: Rect) -> usize {
    usize::from(area.width).max(10)
}

/// The step's lines, the index of the focused line and the cursor column on it.
fn lines(app: &App, w: usize) -> (Vec<Line<'static>>, Option<usize>, Option<usize>) {
    let t = theme::current();
    let m = &app.m2m;
    let step = &STEPS[m.step];
    let mut out = vec![Line::styled(step.title.to_string(), t.strong())];
    out.extend(wrap_prefixed("Where: ", step.path, w, t.dim()));
    let focused_row = (m.focus == Focus::List).then_some(m.row);
    let mut focus_line =
        super::oauth2_step::checklist_lines(step, &m.ticked[m.step], focused_row, w, &t, &mut out);
    match step.kind {
        StepKind::Key => key_lines(m, w, &mut out),
        StepKind::Mapping => {}
        StepKind::Checklist | StepKind::Record => {}
    }
    let mut cursor = None;
    for (i, f) in m.fields().iter().enumerate() {
        let focused = m.focus == Focus::Field(i);
        if focused {
            focus_line = Some(out.len());
            cursor = Some(LABEL_W + m.cursor(&app.shared, *f));
        }
        out.push(field_line(app, *f, focused, w));
    }
    for warning in step.warnings {
        out.extend(wrap_prefixed("! ", warning, w, t.warn()));
    }
    if step.kind == StepKind::Mapping {
        live_lines(w, &mut out);
    }
    (out, focus_line, cursor)
}

fn field_line(app: &App, f: M2mField, focused: bool, w: usize) -> Line<'static> {
    super::oauth2_view::field_line(f.label(), app.m2m.value(&app.shared, f), focused, w)
}

fn key_lines(m: &M2mWizard, w: usize, out: &mut Vec<Line<'static>>) {
    let t = theme::current();
    match (&m.generated, m.busy) {
        (_, Some(Busy::Generating)) => out.push(Line::styled("Generating…", t.dim())),
        (None, _) => out.extend(wrap_prefixed(
            "",
            "F3 generates an EC P-256 private key (ES256) and a self-signed certificate valid 730 days, in a new folder here.",
            w,
            Style::default(),
        )),
        (Some(g), _) => {
            out.extend(wrap_prefixed("Key:         ", &g.key_file, w, t.ok()));
            out.extend(wrap_prefixed("Certificate: ", &g.cert_file, w, t.ok()));
            out.extend(wrap_prefixed(
                "",
                &format!("{}, valid until {}.", g.describe, g.not_after),
                w,
                t.dim(),
            ));
            out.extend(wrap_prefixed(
                "Upload: ",
                "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup > Create New: the certificate file above (step 5).",
                w,
                Style::default(),
            ));
        }
    }
    if m.busy == Some(Busy::Uploading) {
        out.push(Line::styled("Uploading…", t.dim()));
    }
}

fn live_lines(w: usize, out: &mut Vec<Line<'static>>) {
    out.extend(wrap_prefixed(
        "",
        "F5 (or Enter on the field) runs the live test: the token request, then REST and RESTlet calls with the token; failures come with their likely causes.",
        w,
        theme::current().dim(),
    ));
}
