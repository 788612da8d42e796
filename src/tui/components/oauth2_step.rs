//! What the OAuth 2.0 setup paths (M2M, authorization code) share: the shape of a step (one
//! NetSuite page with its menu path, checklist and warnings), the first step both begin with, and
//! the key contexts every step page makes active, the keys every step page handles alike, and
//! field editing and pasting. Each path keeps its own step kinds.

use crossterm::event::KeyCode;
use ratatui::style::Style;
use ratatui::text::Line;
use tui_input::{Input, InputRequest};

use super::credentials::Focus;
use super::{Cx, Shared};
use crate::tui::keymap::{Action, Context};
use crate::tui::theme::Theme;
use crate::tui::view::wrap_prefixed;

/// One step of an OAuth 2.0 setup path; `K` says what it collects besides its checklist.
#[derive(Debug, Clone, Copy)]
pub struct Step<K> {
    /// Short title.
    pub title: &'static str,
    /// Where in NetSuite.
    pub path: &'static str,
    /// The page's address on the account's UI host (empty: none known).
    pub page: &'static str,
    /// What to tick or do there.
    pub items: &'static [&'static str],
    /// Warnings shown below the checklist.
    pub warnings: &'static [&'static str],
    /// What else the step holds.
    pub kind: K,
}

/// The first step of every OAuth 2.0 path: the features OAuth 2.0 and the interfaces need.
pub const fn enable_features<K>(kind: K) -> Step<K> {
    Step {
        title: "Enable the features",
        path: "Setup > Company > Enable Features > SuiteCloud",
        page: "/app/setup/features.nl",
        items: &[
            "Manage Authentication: OAuth 2.0",
            "SuiteTalk (Web Services): REST Web Services",
            "SuiteScript: Client SuiteScript and Server SuiteScript (both, for RESTlets)",
        ],
        warnings: &[],
        kind,
    }
}

/// The contexts of a step page after its own: where Enter goes (into a field, to the next one),
/// the page key, moving between fields and the checklist, and ticking it.
pub fn page_contexts<K>(step: &Step<K>, focus: Focus, fields: usize, out: &mut Vec<Context>) {
    match focus {
        Focus::List if fields > 0 => out.push(Context::EnterField),
        Focus::Field(i) if i + 1 < fields => out.push(Context::EnterNext),
        _ => {}
    }
    out.push(Context::Setup);
    if !step.page.is_empty() {
        out.push(Context::Page);
    }
    let has_list = !step.items.is_empty();
    if fields + usize::from(has_list) > 1 {
        out.push(Context::Fields);
    }
    if focus == Focus::List && has_list {
        out.push(Context::Checklist);
    }
    if focus == Focus::List && !has_list {
        // Nothing to select on the page (the login's outcome, the key): ↑↓ scroll it.
        out.push(Context::PageScroll);
    }
}

/// Where the focus lands on entering `step`: its first field when it has no checklist.
pub fn entry_focus<K>(step: &Step<K>, fields: usize) -> Focus {
    if step.items.is_empty() && fields > 0 {
        Focus::Field(0)
    } else {
        Focus::List
    }
}

/// In demo mode, an empty Client ID field gets the demo record's (the emulator's demo consumer
/// key), so the demo runs without typing it.
pub fn demo_client_id(shared: &Shared, client_id: &mut Input) {
    if shared.demo.is_some() && client_id.value().is_empty() {
        *client_id = Input::new(
            crate::emulator::demo::credentials()
                .consumer_key
                .expose()
                .to_string(),
        );
    }
}

/// The step's checklist lines (ticks from `ticked`, the focused row highlighted), appended to
/// `out`; returns the line index of the focused row, to keep it in view.
pub fn checklist_lines<K>(
    step: &Step<K>,
    ticked: &[bool],
    focused_row: Option<usize>,
    w: usize,
    t: &Theme,
    out: &mut Vec<Line<'static>>,
) -> Option<usize> {
    let mut focus_line = None;
    for (i, item) in step.items.iter().enumerate() {
        let tick = if ticked[i] { "[x] " } else { "[ ] " };
        let here = focused_row == Some(i);
        let style = if here { t.selected() } else { Style::default() };
        if here {
            focus_line = Some(out.len());
        }
        out.extend(wrap_prefixed(tick, item, w, style));
    }
    focus_line
}

/// The parts of a step page both paths keep, lent to [`page_key`].
pub struct Page<'a> {
    /// Cursor in the checklist.
    pub row: &'a mut usize,
    /// Checklist or a field.
    pub focus: &'a mut Focus,
    /// This step's ticks.
    pub ticked: &'a mut [bool],
    /// Scroll of a page without a checklist.
    pub scroll: &'a mut u16,
}

/// The keys both setup paths handle alike on a step page: ↑↓ move in the checklist (a page
/// without one scrolls instead, as the results do), Space ticks, Tab/Shift-Tab move between the
/// checklist and the fields, `o` opens the page. `false`: not one of these.
pub fn page_key<K>(
    step: &Step<K>,
    page: &mut Page<'_>,
    fields: usize,
    action: Action,
    cx: &mut Cx,
) -> bool {
    match action {
        Action::Up | Action::Down => {
            let down = action == Action::Down;
            if step.items.is_empty() {
                let max = cx.shared.page_scroll_max.get();
                *page.scroll = super::scroll((*page.scroll).min(max), down, max);
            } else {
                *page.row = super::step(*page.row, step.items.len(), down);
            }
        }
        Action::Toggle => {
            if let Some(t) = page.ticked.get_mut(*page.row) {
                *t = !*t;
            }
        }
        Action::FocusNext | Action::FocusPrev => {
            *page.focus = super::credentials::cycle(
                *page.focus,
                fields,
                !step.items.is_empty(),
                action == Action::FocusNext,
            );
        }
        Action::OpenPage => {
            if let Some(c) = cx.shared.open_page(step.page) {
                cx.command(c);
            }
        }
        _ => return false,
    }
    true
}

/// The edit a key makes in a text field (`None`: not an editing key).
pub fn text_request(code: KeyCode) -> Option<InputRequest> {
    Some(match code {
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

/// A pasted id or address as one value: no surrounding blanks or quotes, no blank or control
/// character inside, at most `max` characters.
pub fn one_value(text: &str, max: usize) -> String {
    text.trim()
        .trim_matches(['"', '\''])
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(max)
        .collect()
}
