//! The callback port prompt (Ctrl-P on the steps that show the callback URL): the automatic
//! token listens on `http://localhost:PORT`, which must match the integration record's
//! Callback URL, so the port is chosen once and remembered for the account.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::field::{Note, NoteKind, TextField, clean_paste};
use crate::tui::keymap::{Action, Context};

/// Lowest port accepted: below it a normal user may not listen.
pub const MIN_PORT: u16 = 1024;

/// State of the prompt.
#[derive(Debug)]
pub struct PortPrompt {
    /// The port being typed.
    pub field: TextField,
}

impl PortPrompt {
    /// The prompt, filled with the current port.
    pub fn new(shared: &Shared) -> Self {
        let mut field = TextField::free(false);
        field.set(shared.callback_port.to_string());
        PortPrompt { field }
    }

    /// The port typed, or what is wrong with it.
    pub fn parse(text: &str) -> Result<u16, String> {
        match text.trim().parse::<u16>() {
            Ok(p) if p >= MIN_PORT => Ok(p),
            _ => Err(format!("A port is a number from {MIN_PORT} to 65535.")),
        }
    }

    fn confirm(&mut self, cx: &mut Cx) {
        match Self::parse(self.field.value()) {
            Ok(p) => {
                cx.shared.callback_port = p;
                cx.shared.note(
                    NoteKind::Info,
                    format!(
                        "Callback URL is now {}: set the same on the integration record (remembered for this account).",
                        crate::tui::flow::callback_url(p)
                    ),
                );
                cx.go(Nav::Pop);
            }
            Err(e) => self.field.note = Some(Note::new(NoteKind::Error, e)),
        }
    }
}

impl Component for PortPrompt {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::PortPrompt);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(Action::Next) => self.confirm(cx),
            Some(Action::Close) => cx.go(Nav::Pop),
            Some(_) => {}
            None => {
                if self.field.handle_key(key) {
                    self.field.note = None;
                }
            }
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        let (clean, _) = clean_paste(text);
        self.field.paste(&clean);
        self.field.note = None;
        Handled::Consumed
    }
}
