//! Draws the authorization-code setup (pure): the step's menu path, checklist, the redirect URI
//! with its port, the client fields (the secret masked), the login as it stands (the authorize
//! address, the paste field, the certificate warning, who logged in, or the diagnosis) and the
//! warnings. The lines are built first, then a window that keeps the focused line visible is
//! drawn (44×12 included). No token, code or verifier is ever among them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::authcode_problem::diagnosis_lines;
use super::authcode_setup::{AcField, AuthCodeWizard, LoginPhase};
use super::authcode_steps::{BOOTSTRAP_HELP, LOGIN_HELP, PASTE_HELP, STEPS, StepKind};
use super::credentials::Focus;
use super::oauth2_view::{LABEL_W, PageLines};
use crate::authflow::authcode::tls::BROWSER_WARNING;
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::view::wrap_prefixed;

/// The header title of step `s` (long and short).
pub fn titles(s: usize) -> (String, String) {
    (
        format!("OAuth 2.0 login setup {}/{}", s + 1, STEPS.len()),
        format!("Login {}/{}", s + 1, STEPS.len()),
    )
}

/// Draws the current step into `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let w = usize::from(area.width).max(10);
    // A short terminal keeps the login's own lines: its menu path and redirect URI go first.
    let compact = area.height < 14;
    let (lines, focus, cursor) = lines(app, w, compact);
    let scroll = usize::from(app.authcode.scroll);
    let page = PageLines {
        lines,
        focus,
        cursor,
        scroll,
    };
    super::oauth2_view::draw_page(frame, area, page, w, &app.shared.page_scroll_max);
}

/// The step's lines, the index of the focused line and the cursor column on it.
fn lines(app: &App, w: usize, compact: bool) -> (Vec<Line<'static>>, Option<usize>, Option<usize>) {
    let t = theme::current();
    let a = &app.authcode;
    let step = &STEPS[a.step];
    let login = matches!(step.kind, StepKind::Login | StepKind::Bootstrap);
    let mut out = vec![Line::styled(step.title.to_string(), t.strong())];
    if !(compact && login) {
        out.extend(wrap_prefixed("Where: ", step.path, w, t.dim()));
    }
    let focused_row = (a.focus == Focus::List).then_some(a.row);
    let mut focus_line =
        super::oauth2_step::checklist_lines(step, &a.ticked[a.step], focused_row, w, &t, &mut out);
    match step.kind {
        StepKind::Record => out.extend(wrap_prefixed(
            "Redirect URI: ",
            &a.redirect_uri(),
            w,
            t.ok(),
        )),
        StepKind::Login => {
            let brief = compact && !matches!(a.login, LoginPhase::Idle);
            login_lines(a, app.shared.demo.is_some(), (w, brief), &mut out);
        }
        StepKind::Bootstrap => switch_lines(a, w, &mut out),
        StepKind::Client | StepKind::Checklist => {}
    }
    let mut cursor = None;
    for (i, f) in a.fields().iter().enumerate() {
        let focused = a.focus == Focus::Field(i);
        if focused {
            focus_line = Some(out.len());
            cursor = Some(LABEL_W + a.cursor(&app.shared, *f));
        }
        out.push(field_line(app, *f, focused, w));
    }
    match step.kind {
        StepKind::Client => out.extend(wrap_prefixed(
            "Client type: ",
            if a.confidential() {
                "confidential (a secret is given)"
            } else {
                "public (no secret; leave the field empty)"
            },
            w,
            t.dim(),
        )),
        StepKind::Login => after_fields(a, w, &mut out),
        _ => {}
    }
    for warning in step.warnings {
        out.extend(wrap_prefixed("! ", warning, w, t.warn()));
    }
    (out, focus_line, cursor)
}

fn field_line(app: &App, f: AcField, focused: bool, w: usize) -> Line<'static> {
    let value = app.authcode.shown(&app.shared, f);
    super::oauth2_view::field_line(f.label(), &value, focused, w)
}

/// The login's state before its fields (the paste field, while waiting).
/// `brief`: a short terminal, past the start of the login (the redirect URI line goes).
fn login_lines(
    a: &AuthCodeWizard,
    demo: bool,
    (w, brief): (usize, bool),
    out: &mut Vec<Line<'static>>,
) {
    let t = theme::current();
    let kind = if a.confidential() {
        "confidential client"
    } else {
        "public client"
    };
    if !brief {
        out.extend(wrap_prefixed(
            "Redirect URI: ",
            &format!("{} · {kind}", a.redirect_uri()),
            w,
            t.dim(),
        ));
    }
    match &a.login {
        LoginPhase::Idle => {
            out.extend(wrap_prefixed("", LOGIN_HELP, w, Style::default()));
            out.extend(wrap_prefixed("! ", BROWSER_WARNING, w, t.warn()));
        }
        LoginPhase::Starting => out.push(Line::styled(
            "Starting the listener on the redirect URI…",
            t.dim(),
        )),
        LoginPhase::Waiting { opened, .. } => {
            let status = match (opened, a.browsing) {
                (_, true) => "The demo browser is on the consent page…",
                (_, false) if demo => {
                    "Demo: F4 plays the browser clicking Allow on the consent page, F9 clicking Deny. Waiting…"
                }
                (true, _) => "Opened in your browser: sign in, then click Allow. Waiting…",
                (false, _) => "Open the address below in a browser, sign in, click Allow. Waiting…",
            };
            out.extend(wrap_prefixed("", status, w, t.strong()));
        }
        LoginPhase::Done(info) => {
            let who = format!(
                "company {}, role {}, entity {}",
                info.company.as_deref().unwrap_or("not sent"),
                info.role.as_deref().unwrap_or("not sent"),
                info.entity.as_deref().unwrap_or("not sent"),
            );
            out.extend(wrap_prefixed("Logged in: ", &who, w, t.ok()));
            let until = crate::netsuite::cert::checks::rfc3339(info.validity.expires_at());
            let renew = if info.validity.public {
                format!(
                    "single use, renewed by each run within {} h",
                    info.validity.rotation_window_hours
                )
            } else {
                "then log in again".into()
            };
            out.extend(wrap_prefixed(
                "Refresh token: ",
                &format!(
                    "valid {} h, until {until} ({renew})",
                    info.validity.validity_hours
                ),
                w,
                t.dim(),
            ));
            out.extend(wrap_prefixed(
                "",
                "Enter (or F5) runs the live test: a refresh at the token endpoint, then REST and RESTlet calls with the token; s on the results saves the login. 6 switches this connection to M2M.",
                w,
                Style::default(),
            ));
        }
        LoginPhase::Failed(p) => {
            out.extend(wrap_prefixed("✗ ", &p.heading(), w, t.error()));
            for l in diagnosis_lines(p, &a.redirect_uri()) {
                out.extend(wrap_prefixed("  ", &l, w, Style::default()));
            }
            out.extend(wrap_prefixed("", "F3 logs in again.", w, t.dim()));
        }
    }
}

/// Step 6: what the switch does, its progress, and its result or diagnosis.
fn switch_lines(a: &AuthCodeWizard, w: usize, out: &mut Vec<Line<'static>>) {
    use super::authcode_switch::SwitchPhase;
    let t = theme::current();
    if !matches!(a.login, LoginPhase::Done(_)) {
        out.extend(wrap_prefixed(
            "",
            "Log in first (step 5): the switch uses the login's token, role and entity.",
            w,
            t.warn(),
        ));
    }
    if matches!(a.switch.phase, SwitchPhase::Idle) {
        out.extend(wrap_prefixed("", BOOTSTRAP_HELP, w, Style::default()));
    }
    match &a.switch.phase {
        SwitchPhase::Done(done) => {
            out.extend(wrap_prefixed(
                "Now M2M: ",
                &format!(
                    "certificate id {}{}. Enter (or F5) runs the live test with it; s on the results saves it as an m2m profile.",
                    done.certificate_id,
                    done.valid_until
                        .as_ref()
                        .map_or(String::new(), |u| format!(", valid until {u}"))
                ),
                w,
                t.ok(),
            ));
            if let Some(e) = &done.proof_error {
                out.extend(wrap_prefixed("! ", e, w, t.warn()));
            }
        }
        SwitchPhase::Failed(f) => {
            out.extend(wrap_prefixed(
                "✗ ",
                &format!("{}: {}", f.step.title(), f.message),
                w,
                t.error(),
            ));
            for fix in &f.fix {
                out.extend(wrap_prefixed("  ", fix, w, Style::default()));
            }
            if let Some(id) = &f.certificate_id {
                out.extend(wrap_prefixed(
                    "  ",
                    &format!("Certificate {id} was uploaded before the stop: revoke it if unused (nstba cert revoke {id})."),
                    w,
                    Style::default(),
                ));
            }
            out.extend(wrap_prefixed("", "Enter tries again.", w, t.dim()));
        }
        SwitchPhase::Running => out.push(Line::styled(
            "Switching… (each step shows below as it ends)",
            t.strong(),
        )),
        SwitchPhase::Idle => {}
    }
    for l in &a.switch.log {
        let style = if l.starts_with('!') {
            t.warn()
        } else if l.starts_with('✓') {
            t.ok()
        } else {
            t.dim()
        };
        out.extend(wrap_prefixed("", l, w, style));
    }
}

/// The login's state after its fields: the authorize address and the certificate warning.
fn after_fields(a: &AuthCodeWizard, w: usize, out: &mut Vec<Line<'static>>) {
    let t = theme::current();
    if let LoginPhase::Waiting { authorize_url, .. } = &a.login {
        out.extend(wrap_prefixed("", PASTE_HELP, w, t.dim()));
        out.extend(wrap_prefixed("! ", BROWSER_WARNING, w, t.warn()));
        out.push(Line::styled(
            "Authorize address (F6 copies it):".to_string(),
            t.strong(),
        ));
        out.extend(wrap_prefixed("", authorize_url, w, Style::default()));
    }
}
