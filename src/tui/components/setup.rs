//! The guided setup: one step at a time (menu path, checklist, the fields pasted there). Enter
//! goes through the step's fields and on to the next step; the last step runs the test. F3 on the
//! access token step starts the automatic token.

use crossterm::event::KeyEvent;

use super::credentials::{self, Focus};
use super::flow::FlowState;
use super::issue::IssueForm;
use super::port::PortPrompt;
use super::{Component, Cx, Handled, Layer, Nav, Shared, shared::FORM_FIELDS};
use crate::check::Api;
use crate::tui::app::Screen;
use crate::tui::field::{FieldId, Note, NoteKind};
use crate::tui::flow::FlowRequest;
use crate::tui::guide::guide;
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// The setup step (0-based) where the access token is created.
pub const TOKEN_STEP: usize = 4;

/// The setup step (0-based) of the integration record, whose Callback URL the automatic token
/// needs.
pub const CALLBACK_STEP: usize = 1;

/// A row of a setup checklist: an interface choice (step 1) or an item of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "I will use this interface".
    Api(Api),
    /// Item index in the step's `items`.
    Item(usize),
}

/// Checklist rows of setup step `step` for the selected interfaces.
pub fn rows(step: usize, apis: &[Api]) -> Vec<Row> {
    let mut rows = Vec::new();
    if step == 0 {
        rows.extend([Api::Rest, Api::Soap, Api::Restlet].map(Row::Api));
    }
    for (i, item) in guide().steps[step].items.iter().enumerate() {
        if item.applies(apis) {
            rows.push(Row::Item(i));
        }
    }
    rows
}

/// Toggles interface `api`, keeping at least one selected (the test needs something to probe).
pub fn toggle_api(shared: &mut Shared, api: Api) {
    if let Some(pos) = shared.apis.iter().position(|a| *a == api) {
        if shared.apis.len() > 1 {
            shared.apis.remove(pos);
        } else {
            shared.note(NoteKind::Warn, "Keep at least one interface selected");
        }
    } else {
        shared.apis.push(api);
        shared.apis.sort();
    }
}

/// State of the guided setup.
#[derive(Debug)]
pub struct SetupScreen {
    /// The step shown (0-based; the app keeps it in step with `Screen::Setup`).
    pub step: usize,
    /// Focus: checklist or a field.
    pub focus: Focus,
    /// Cursor in the checklist rows.
    pub row: usize,
    /// Ticked checklist items, per step, by item index.
    pub ticked: Vec<Vec<bool>>,
    /// A first Enter warned about an empty secret; a second one goes on.
    skip_armed: bool,
}

impl Default for SetupScreen {
    fn default() -> Self {
        SetupScreen {
            step: 0,
            focus: Focus::List,
            row: 0,
            ticked: guide()
                .steps
                .iter()
                .map(|s| vec![false; s.items.len()])
                .collect(),
            skip_armed: false,
        }
    }
}

impl SetupScreen {
    /// Shows step `s`, focus on its first stop.
    pub fn enter(&mut self, s: usize, apis: &[Api]) {
        self.step = s;
        self.row = 0;
        self.focus = if rows(s, apis).is_empty() {
            Focus::Field(0)
        } else {
            Focus::List
        };
    }

    /// The fields of the current step.
    pub fn fields(&self) -> &'static [FieldId] {
        &guide().steps[self.step].fields
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<FieldId> {
        credentials::editing(self.focus, self.fields())
    }

    fn next(&mut self, cx: &mut Cx) {
        let n = self.fields().len();
        match self.focus {
            Focus::List if n > 0 => self.focus = Focus::Field(0),
            Focus::Field(i) if i + 1 < n => self.focus = Focus::Field(i + 1),
            _ => self.advance(cx),
        }
    }

    /// Leaves the step forward, after checking its fields.
    fn advance(&mut self, cx: &mut Cx) {
        let s = self.step;
        let fields = self.fields();
        if s + 1 < guide().steps.len() {
            let empty: Vec<&str> = fields
                .iter()
                .filter(|id| id.is_secret() && cx.shared.value(**id).is_empty())
                .map(|id| id.label())
                .collect();
            if !empty.is_empty() && !self.skip_armed {
                self.skip_armed = true;
                cx.shared.note(
                    NoteKind::Warn,
                    format!(
                        "{} empty: NetSuite shows it once. Paste it now, or press Enter again to go on without it.",
                        empty.join(" and ")
                    ),
                );
                return;
            }
            self.skip_armed = false;
            cx.go(Nav::Go(Screen::Setup(s + 1)));
            return;
        }
        if let Some((idx, note)) = cx.shared.validate_all(&FORM_FIELDS) {
            if let Some(i) = fields.iter().position(|f| *f == FORM_FIELDS[idx]) {
                self.focus = Focus::Field(i);
            }
            cx.shared.block(FORM_FIELDS[idx], note);
            return;
        }
        cx.go(Nav::StartTest(Screen::Setup(s)));
    }

    /// F3 on the access token step: needs the account and the consumer key/secret.
    fn start_flow(&mut self, cx: &mut Cx) {
        let needed = [
            FieldId::Account,
            FieldId::ConsumerKey,
            FieldId::ConsumerSecret,
        ];
        if let Some((idx, note)) = cx.shared.validate_all(&needed) {
            let where_ = if needed[idx] == FieldId::Account {
                "it is typed on step 1: press 1 from the checklist, then 5 to come back"
            } else {
                "it is pasted on step 2"
            };
            cx.shared.notice = Some(Note::new(
                NoteKind::Error,
                format!(
                    "The automatic token needs the account and the consumer key and secret: {} ({where_}).",
                    note.text
                ),
            ));
            return;
        }
        let id = cx.shared.flow_id();
        let settings = cx.shared.settings();
        // The three-step flow is TBA's; the wizard collects TBA credentials only so far.
        let Some(creds) = settings.credentials.tba().cloned() else {
            return;
        };
        cx.go(Nav::Push(Layer::Flow(FlowState::new(id))));
        cx.command(Command::StartFlow(
            id,
            Box::new(FlowRequest {
                account: settings.account,
                consumer_key: creds.consumer_key,
                consumer_secret: creds.consumer_secret,
                base_url: settings.base_url,
                demo: cx.shared.demo.is_some(),
                callback_port: cx.shared.callback_port,
            }),
        ));
    }

    fn toggle(&mut self, shared: &mut Shared) {
        match rows(self.step, &shared.apis).get(self.row) {
            Some(Row::Api(api)) => toggle_api(shared, *api),
            Some(Row::Item(i)) => {
                let t = &mut self.ticked[self.step][*i];
                *t = !*t;
            }
            None => {}
        }
    }
}

/// F9 on the access token step: the legacy issuetoken login, once the account and the consumer
/// key and secret are there (no password is typed in vain).
fn open_issue(cx: &mut Cx) {
    let needed = [
        FieldId::Account,
        FieldId::ConsumerKey,
        FieldId::ConsumerSecret,
    ];
    if let Some((_, note)) = cx.shared.validate_all(&needed) {
        cx.shared.note(
            NoteKind::Error,
            format!(
                "The issuetoken call needs the account (step 1) and the consumer key and secret (step 2): {}",
                note.text
            ),
        );
        return;
    }
    let form = IssueForm::new(cx.shared.flow_id(), cx.shared.demo.is_some());
    cx.go(Nav::Push(Layer::Issue(Box::new(form))));
}

impl Component for SetupScreen {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        credentials::editing_contexts(self.editing(), out);
        let n = self.fields().len();
        let has_list = !rows(self.step, &shared.apis).is_empty();
        // What Enter does now (the hint must be true).
        match self.focus {
            Focus::List if n > 0 => out.push(Context::EnterField),
            Focus::Field(i) if i + 1 < n => out.push(Context::EnterNext),
            _ if self.step + 1 == guide().steps.len() => out.push(Context::EnterTest),
            _ => {}
        }
        out.push(Context::Setup);
        // Tab only when there is somewhere else to go.
        if n + usize::from(has_list) > 1 {
            out.push(Context::Fields);
        }
        if self.focus == Focus::List && has_list {
            out.push(Context::Checklist);
        }
        if self.step == TOKEN_STEP {
            out.push(Context::TokenStep);
        }
        if self.step == CALLBACK_STEP || self.step == TOKEN_STEP {
            out.push(Context::CallbackStep);
        }
        out.push(Context::Page);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        if action != Some(Action::Next) {
            self.skip_armed = false;
        }
        let Some(action) = action.filter(|a| *a != Action::Edit) else {
            if let Some(id) = self.editing() {
                credentials::edit(cx.shared, id, key);
            }
            return Handled::Consumed;
        };
        match action {
            Action::Up | Action::Down => {
                let n = rows(self.step, &cx.shared.apis).len();
                self.row = super::step(self.row, n, action == Action::Down);
            }
            Action::Toggle => self.toggle(cx.shared),
            Action::FocusNext | Action::FocusPrev => {
                let has_list = !rows(self.step, &cx.shared.apis).is_empty();
                self.focus = credentials::cycle(
                    self.focus,
                    self.fields().len(),
                    has_list,
                    action == Action::FocusNext,
                );
            }
            Action::Next => self.next(cx),
            Action::Back => cx.go(Nav::Go(if self.step == 0 {
                Screen::Start
            } else {
                Screen::Setup(self.step - 1)
            })),
            Action::StartFlow => self.start_flow(cx),
            Action::IssueToken => open_issue(cx),
            Action::JumpStep => {
                if let crossterm::event::KeyCode::Char(c) = key.code
                    && let Some(d) = c.to_digit(10)
                    && (1..=guide().steps.len()).contains(&(d as usize))
                {
                    cx.go(Nav::Go(Screen::Setup(d as usize - 1)));
                }
            }
            Action::Reveal => {
                if let Some(id) = self.editing() {
                    credentials::reveal(cx.shared, id);
                }
            }
            Action::OpenPage => {
                if let Some(c) = cx.shared.open_page(&guide().steps[self.step].page) {
                    cx.command(c);
                }
            }
            Action::Copy => {
                let menu = guide().steps[self.step].menu.clone();
                let c = cx.shared.copy(&format!("the menu path {menu}"), menu);
                cx.command(c);
            }
            Action::CallbackPort => {
                let p = PortPrompt::new(cx.shared);
                cx.go(Nav::Push(Layer::Port(p)));
            }
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, cx: &mut Cx) -> Handled {
        let fields = self.fields();
        credentials::paste(cx.shared, fields, &mut self.focus, text);
        Handled::Consumed
    }
}
