//! The profile overlays: the picker of saved profiles (Enter tests one) and the save prompt.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::netsuite::AccountId;
use crate::tui::field::{FieldId, Note, NoteKind, TextField, clean_paste};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// State of the picker.
#[derive(Debug, Default)]
pub struct Picker {
    /// Selected row.
    pub selected: usize,
}

impl Component for Picker {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Picker);
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(a @ (Action::Up | Action::Down)) => {
                self.selected =
                    super::step(self.selected, cx.shared.profiles.len(), a == Action::Down);
            }
            Some(Action::Next) => {
                if let Some(p) = cx.shared.profiles.get(self.selected) {
                    cx.command(Command::LoadProfile(p.name.clone(), true));
                    cx.go(Nav::Pop);
                }
            }
            Some(Action::Close) => cx.go(Nav::Pop),
            _ => {}
        }
        Handled::Consumed
    }
}

/// State of the save prompt.
#[derive(Debug)]
pub struct SavePrompt {
    /// The profile name being typed.
    pub name: TextField,
    /// Quit once the profile is saved ("save, then quit" of the quit confirmation).
    pub then_quit: bool,
}

impl SavePrompt {
    /// The prompt for the current credentials, or why they cannot be saved (the store refuses
    /// incomplete ones): the index into `FORM_FIELDS` of the field at fault and the message.
    pub fn open(shared: &Shared) -> Result<SavePrompt, (usize, Note)> {
        if let Some((idx, note)) = shared.validate_all(&super::shared::FORM_FIELDS) {
            return Err((
                idx,
                Note::new(NoteKind::Error, format!("Cannot save yet: {}", note.text)),
            ));
        }
        let suggestion = shared.profile.clone().unwrap_or_else(|| {
            AccountId::parse(shared.value(FieldId::Account))
                .map(|a| a.slug())
                .unwrap_or_default()
        });
        let mut name = TextField::new(FieldId::Account);
        name.set(suggestion);
        Ok(SavePrompt {
            name,
            then_quit: false,
        })
    }

    /// Enter: save under a valid name, else say which rule it breaks.
    fn confirm(&mut self, cx: &mut Cx) {
        let name = self.name.value().trim().to_string();
        if let Err(e) = crate::profile::validate_name(&name) {
            self.name.note = Some(Note::new(NoteKind::Error, e.to_string()));
            return;
        }
        cx.go(Nav::Pop);
        cx.shared.quit_after_save = self.then_quit;
        cx.command(Command::SaveProfile(name, Box::new(cx.shared.settings())));
    }
}

impl Component for SavePrompt {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Prompt);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(Action::Next) => self.confirm(cx),
            Some(Action::Close) => {
                cx.shared.quit_after_save = false;
                cx.go(Nav::Pop);
            }
            Some(_) => {}
            None => {
                if self.name.handle_key(key) {
                    self.name.note = None;
                }
            }
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        let (clean, _) = clean_paste(text);
        self.name.paste(&clean);
        self.name.note = None;
        Handled::Consumed
    }
}
