//! The automatic token overlay: what the integration record needs, the consent address to open,
//! the wait (with a field for a pasted redirect address), or the cause and fix of a failure.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{fields, wrap, wrap_prefixed};
use crate::tui::app::{App, FlowPhase, FlowState};
use crate::tui::guide::guide;
use crate::tui::theme;

/// Draws the overlay over `area` (everything but the footer, which lists its keys).
pub fn render(frame: &mut Frame, area: Rect, app: &App, flow: &FlowState) {
    let t = theme::current();
    let text = &guide().text;
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", text.flow_title))
        .title_style(t.title());
    let inner = block.inner(area).inner(Margin::new(1, 0));
    frame.render_widget(block, area);
    let w = usize::from(inner.width).max(1);
    let mut lines: Vec<Line> = Vec::new();
    match &flow.phase {
        FlowPhase::Starting => {
            lines.extend(wrap_prefixed(
                "",
                &text.flow_intro.replace(
                    "{callback}",
                    &crate::tui::flow::callback_url(app.shared.callback_port),
                ),
                w,
                t.dim(),
            ));
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Asking NetSuite for a request token (step 1 of 3)…",
                t.strong(),
            ));
        }
        FlowPhase::Waiting(st) => {
            // What happened with the browser comes first: it decides what to do next.
            let status = if app.shared.demo.is_some() {
                "Demo: no browser opened; press F4 to click Allow on the emulator's consent page."
                    .to_string()
            } else if st.opened {
                "A browser was opened on the address below: sign in and click Allow.".to_string()
            } else {
                "No browser could be opened here: open the address below yourself (F6 copies it)."
                    .to_string()
            };
            lines.extend(wrap_prefixed("", &status, w, t.strong()));
            lines.push(Line::styled(
                "Consent address (F6 copies it whole):",
                t.dim(),
            ));
            // Split at the width only where it must be; F6 copies it without line breaks.
            lines.extend(wrap(&st.authorize_url, w).into_iter().map(Line::raw));
            lines.extend(wrap_prefixed(
                "",
                &format!("Waiting for NetSuite to redirect to {} …", st.callback_url),
                w,
                t.strong(),
            ));
            lines.extend(wrap_prefixed(
                "",
                &text.flow_intro.replace("{callback}", &st.callback_url),
                w,
                t.dim(),
            ));
            lines.extend(wrap_prefixed(
                "",
                &text.flow_paste.replace("{callback}", &st.callback_url),
                w,
                t.dim(),
            ));
        }
        FlowPhase::Failed(p, fixes) => {
            lines.extend(wrap_prefixed(
                "✗ ",
                &format!("No token: {}", p.message),
                w,
                t.error(),
            ));
            for fix in fixes {
                lines.extend(wrap_prefixed("", fix, w, ratatui::style::Style::new()));
            }
            lines.extend(wrap_prefixed(
                "",
                "Esc closes; fix the cause, then press F3 again (or create the token by hand as this step describes).",
                w,
                t.dim(),
            ));
        }
    }
    let waiting = matches!(flow.phase, FlowPhase::Waiting(_));
    let field_h = if waiting {
        fields::height(&[&flow.paste], inner.width)
    } else {
        0
    };
    let text_h = inner.height.saturating_sub(field_h);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: text_h,
            ..inner
        },
    );
    if waiting && field_h > 0 && inner.height > field_h {
        let r = Rect {
            y: inner.y + text_h,
            height: field_h,
            ..inner
        };
        fields::render_labelled(frame, r, &flow.paste, "Redirected to", true);
    }
}
