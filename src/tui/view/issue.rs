//! The legacy issuetoken overlay: why the three-step flow is preferred, what the integration
//! record and role need, the login fields (password and one-time code masked), and the call's
//! state or the ranked causes of a refusal.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{fields, wrap_prefixed};
use crate::check::issue_causes;
use crate::tui::app::App;
use crate::tui::components::issue::{self, IssueForm, IssuePhase, LABELS};
use crate::tui::theme;

/// What the legacy path needs in NetSuite.
const NEEDS: &str = "Needs the integration record's TBA: IssueToken Endpoint box and a role with User Access Tokens; the token is issued to the user who signs in.";

/// Draws the overlay over `area` (everything but the footer, which lists its keys).
pub fn render(frame: &mut Frame, area: Rect, app: &App, form: &IssueForm) {
    let t = theme::current();
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Legacy: issue the token with a password ")
        .title_style(t.title());
    let inner = block.inner(area).inner(Margin::new(1, 0));
    frame.render_widget(block, area);
    let w = usize::from(inner.width).max(1);
    let field_refs: Vec<_> = form.fields.iter().collect();
    let fields_h = fields::height(&field_refs, inner.width);
    let roomy = inner.height >= fields_h + 8;
    let mut head: Vec<Line> = Vec::new();
    if roomy {
        head.extend(wrap_prefixed(
            "",
            &issue::for_wizard(&issue_causes::texts().legacy),
            w,
            t.warn(),
        ));
        head.extend(wrap_prefixed("", NEEDS, w, t.dim()));
    } else {
        head.extend(wrap_prefixed(
            "",
            "Legacy path: F3 (three-step flow) is preferred: no password, works with SSO.",
            w,
            t.warn(),
        ));
    }
    if app.shared.demo.is_some() && roomy {
        head.extend(wrap_prefixed(
            "Demo: ",
            &format!(
                "password {}; role {} needs a one-time code (F4 fills it).",
                crate::emulator::issuetoken::DEMO_PASSWORD,
                crate::emulator::issuetoken::DEMO_2FA_ROLE
            ),
            w,
            t.dim(),
        ));
    }
    let head_h = (head.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(head),
        Rect {
            height: head_h,
            ..inner
        },
    );
    let mut y = inner.y + head_h;
    let focused = (!form.sending()).then_some(form.focus);
    for (i, f) in form.fields.iter().enumerate() {
        let h = fields::height(&[f], inner.width);
        if y + h > inner.bottom() {
            break;
        }
        fields::render_labelled(
            frame,
            Rect::new(inner.x, y, inner.width, h),
            f,
            LABELS[i],
            focused == Some(i),
        );
        y += h;
    }
    let mut lines: Vec<Line> = Vec::new();
    match &form.phase {
        IssuePhase::Editing => {}
        IssuePhase::Sending => lines.push(Line::styled(
            "Asking NetSuite for a token (one call; a refusal is never resent)…",
            t.strong(),
        )),
        IssuePhase::Failed(text) => {
            for (i, (prefix, l)) in text.iter().enumerate() {
                let style = if i == 0 { t.error() } else { Style::new() };
                lines.extend(wrap_prefixed(prefix, l, w, style));
            }
        }
    }
    if y < inner.bottom() {
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(inner.x, y, inner.width, inner.bottom() - y),
        );
    }
}
