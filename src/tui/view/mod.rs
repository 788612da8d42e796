//! Pure rendering: `render(frame, &app)` draws the whole screen from the model and never mutates it.
//!
//! ```text
//! ┌ header: product · screen · step / demo scenario ─────────────┐
//! │ body: the current screen (one file per screen below)          │
//! │ notice: what blocked Next / what a paste did (when any)       │
//! └ footer: the keys valid now (from the keymap table) ──────────┘
//! ```
//! Overlays (help, quit confirmation) are drawn last, centred. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`]
//! only a "terminal too small" message is drawn.

mod confirm;
mod fields;
mod flow;
mod footer;
mod header;
mod help;
mod issue;
mod profiles;
mod setup;
mod start;
mod test;
mod translator;

pub(crate) use setup::render_at;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub use test::for_tui;

use super::app::{App, Screen};
use super::components::Layer;
use super::theme;

/// Narrowest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 44;
/// Lowest terminal the wizard draws in.
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole UI.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    app.hits.borrow_mut().clear();
    let notice_h = notice_lines(app, area.width, area.height).len() as u16;
    let foot_h = footer::height(app, area.width, area.height);
    let [head, body, notice, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(notice_h),
        Constraint::Length(foot_h),
    ])
    .areas(area);
    header::render(frame, head, app);
    let body = body.inner(ratatui::layout::Margin::new(1, 0));
    match app.screen {
        Screen::Start => start::render(frame, body, app),
        Screen::Setup(s) => setup::render(frame, body, app, s),
        Screen::Form => setup::render_form(frame, body, app),
        Screen::Test => test::render(frame, body, app),
        Screen::Translator => translator::render(frame, body, app),
        Screen::M2m(_) => super::components::m2m_view::render(frame, body, app),
        Screen::AuthCode(_) => super::components::authcode_view::render(frame, body, app),
        Screen::Migrate(_) => super::components::migrate_view::render(frame, body, app),
    }
    if let Some(n) = &app.shared.notice {
        let t = theme::current();
        let lines: Vec<Line> = notice_lines(app, area.width, area.height)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.note(n.kind))))
            .collect();
        frame.render_widget(
            Paragraph::new(lines),
            notice.inner(ratatui::layout::Margin::new(1, 0)),
        );
    }
    footer::render(frame, foot, app, area.height);
    // The overlay stack, bottom first, so the top one is drawn last.
    for layer in &app.overlays {
        match layer {
            Layer::Help(h) => help::render(frame, area, h),
            Layer::Quit(_) => confirm::render(frame, area),
            Layer::Picker(p) => profiles::picker(frame, area, app, p),
            Layer::Save(p) => profiles::save_prompt(frame, area, p),
            Layer::Scenarios(l) => profiles::scenarios(frame, area, app, l),
            Layer::Port(p) => profiles::port_prompt(frame, area, p),
            Layer::Issue(f) => issue::render(
                frame,
                Rect {
                    height: area.height - foot_h,
                    ..area
                },
                app,
                f,
            ),
            Layer::Flow(f) => flow::render(
                frame,
                Rect {
                    height: area.height - foot_h,
                    ..area
                },
                app,
                f,
            ),
        }
    }
}

/// The notice wrapped as it is drawn (so its height and its text agree): up to 6 lines (the
/// secret store's one-time warning must be read whole), 4 in a short terminal, which keeps room
/// for the focused item; a cut notice ends in "…".
fn notice_lines(app: &App, width: u16, height: u16) -> Vec<String> {
    let w = usize::from(width.saturating_sub(2)).max(1);
    let Some(n) = app.shared.notice.as_ref() else {
        return Vec::new();
    };
    let max = if height < 20 { 4 } else { 6 };
    let mut lines = wrap(&n.text, w);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(w.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small ({}×{}); nstba needs {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press Ctrl-C to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}

/// Word wrap to `width` display columns (wide characters count twice, as the terminal draws
/// them); words longer than a line are split. Whitespace runs collapse to one space.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let opts = textwrap::Options::new(width)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        // Never at a hyphen: scenario names, `Shift-F2` and `page:role` must stay whole.
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        // Greedy, as a reader expects: the optimal-fit default balances lines and leaves the
        // first ones short.
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    let lines: Vec<String> = textwrap::wrap(&flat, opts)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// Wraps `text` after a fixed prefix (e.g. "[x] "), indenting continuation lines to match.
pub(crate) fn wrap_prefixed(
    prefix: &str,
    text: &str,
    width: usize,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let indent = textwrap::core::display_width(prefix);
    wrap(text, width.saturating_sub(indent))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let p = if i == 0 {
                prefix.to_string()
            } else {
                " ".repeat(indent)
            };
            Line::styled(format!("{p}{l}"), style)
        })
        .collect()
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_on_words_and_splits_long_ones() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 3), vec![""]);
        // Display width, not chars: a wide character takes two columns.
        assert_eq!(wrap("日本 語", 4), vec!["日本", "語"]);
        assert_eq!(
            wrap("a wrong-consumer-secret", 22),
            vec!["a", "wrong-consumer-secret"]
        );
        assert_eq!(wrap("aaa bb cc dddd", 9), vec!["aaa bb cc", "dddd"]);
    }
}
