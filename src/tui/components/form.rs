//! The credentials form of "test what I already have": account and the four values, and the
//! interfaces to test. Enter moves down the fields; on the last one it runs the test.

use crossterm::event::KeyEvent;

use super::credentials::{self, Focus};
use super::setup::toggle_api;
use super::{Component, Cx, Handled, Nav, Shared, shared::FORM_FIELDS};
use crate::check::Api;
use crate::tui::app::Screen;
use crate::tui::field::FieldId;
use crate::tui::keymap::{Action, Context};

/// The interfaces of the form's choice row, in order.
pub const FORM_APIS: [Api; 3] = [Api::Rest, Api::Soap, Api::Restlet];

/// State of the form.
#[derive(Debug)]
pub struct FormScreen {
    /// Focus: the interfaces row (`List`) or a field.
    pub focus: Focus,
    /// The interface under the cursor on the interfaces row.
    pub row: usize,
}

impl Default for FormScreen {
    fn default() -> Self {
        FormScreen {
            focus: Focus::Field(0),
            row: 0,
        }
    }
}

impl FormScreen {
    /// Shows the form, focus on the first field.
    pub fn enter(&mut self) {
        *self = FormScreen::default();
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<FieldId> {
        credentials::editing(self.focus, &FORM_FIELDS)
    }

    fn next(&mut self, cx: &mut Cx) {
        match self.focus {
            Focus::Field(i) if i + 1 < FORM_FIELDS.len() => self.focus = Focus::Field(i + 1),
            _ => {
                if let Some((idx, note)) = cx.shared.validate_all(&FORM_FIELDS) {
                    self.focus = Focus::Field(idx);
                    cx.shared.block(FORM_FIELDS[idx], note);
                    return;
                }
                cx.go(Nav::StartTest(Screen::Form));
            }
        }
    }
}

impl Component for FormScreen {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        credentials::editing_contexts(self.editing(), out);
        match self.focus {
            Focus::List => out.push(Context::Interfaces),
            Focus::Field(i) if i + 1 < FORM_FIELDS.len() => out.push(Context::EnterNext),
            Focus::Field(_) => out.push(Context::EnterTest),
        }
        out.push(Context::Form);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action.filter(|a| *a != Action::Edit) else {
            if let Some(id) = self.editing() {
                credentials::edit(cx.shared, id, key);
            }
            return Handled::Consumed;
        };
        match action {
            Action::Up | Action::Down => {
                self.row = super::step(self.row, FORM_APIS.len(), action == Action::Down);
            }
            Action::Toggle => {
                if let Some(api) = FORM_APIS.get(self.row) {
                    toggle_api(cx.shared, *api);
                }
            }
            Action::FocusNext | Action::FocusPrev => {
                self.focus = credentials::cycle(
                    self.focus,
                    FORM_FIELDS.len(),
                    true,
                    action == Action::FocusNext,
                );
            }
            Action::Next => self.next(cx),
            Action::Back => cx.go(Nav::Go(Screen::Start)),
            Action::Save => cx.go(Nav::Save(false)),
            Action::Copy => match cx.shared.account_preview() {
                Some(Ok(id)) => {
                    let hosts = format!(
                        "REST, SOAP {}\nRESTlets {}\nNetSuite UI {}",
                        id.rest_base(),
                        id.restlet_base(),
                        id.app_base()
                    );
                    let c = cx.shared.copy("the three hosts", hosts);
                    cx.command(c);
                }
                _ => cx.shared.note(
                    crate::tui::field::NoteKind::Warn,
                    "The hosts follow from the account id: type a valid one first.",
                ),
            },
            Action::Reveal => {
                if let Some(id) = self.editing() {
                    credentials::reveal(cx.shared, id);
                }
            }
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, cx: &mut Cx) -> Handled {
        credentials::paste(cx.shared, &FORM_FIELDS, &mut self.focus, text);
        Handled::Consumed
    }
}
