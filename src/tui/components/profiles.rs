//! The profile overlays: the picker of saved profiles (Enter tests one) and the save prompt.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::netsuite::AccountId;
use crate::tui::field::{FieldId, Note, NoteKind, TextField, clean_paste};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// What the picker is doing.
#[derive(Debug, Default)]
pub enum PickerMode {
    /// Choosing a profile.
    #[default]
    List,
    /// Typing a new name for the selected profile.
    Rename(TextField),
    /// Asking before the selected profile is deleted.
    Delete,
    /// "Test all": the live table of [`Shared::batch`](super::Shared).
    Batch,
}

/// State of the picker: the saved profiles; Enter tests one, `l` loads it into the form, `r`
/// renames and `d` deletes it.
#[derive(Debug, Default)]
pub struct Picker {
    /// Selected row.
    pub selected: usize,
    /// Listing, renaming or confirming a delete.
    pub mode: PickerMode,
}

impl Picker {
    fn name(&self, shared: &Shared) -> Option<String> {
        shared.profiles.get(self.selected).map(|p| p.name.clone())
    }

    fn list_key(&mut self, action: Action, cx: &mut Cx) {
        match action {
            Action::Up | Action::Down => {
                self.selected = super::step(
                    self.selected,
                    cx.shared.profiles.len(),
                    action == Action::Down,
                );
            }
            Action::Next | Action::Load => {
                if let Some(name) = self.name(cx.shared) {
                    cx.command(Command::LoadProfile(name, action == Action::Next));
                    cx.go(Nav::Pop);
                }
            }
            Action::Rename => {
                if let Some(name) = self.name(cx.shared) {
                    let mut f = TextField::free(false);
                    f.set(name);
                    self.mode = PickerMode::Rename(f);
                }
            }
            // Kept as an `if` (clippy 1.95's collapsible_match): a guard would send a Delete
            // without a selection on to the other arms.
            #[allow(clippy::collapsible_match)]
            Action::Delete => {
                if self.name(cx.shared).is_some() {
                    self.mode = PickerMode::Delete;
                }
            }
            Action::TestAll => self.test_all(cx),
            Action::Close => cx.go(Nav::Pop),
            _ => {}
        }
    }

    /// Starts "test all" on every saved profile and shows its table.
    fn test_all(&mut self, cx: &mut Cx) {
        if cx.shared.batch.as_ref().is_some_and(|b| b.running) {
            self.mode = PickerMode::Batch;
            return;
        }
        let names: Vec<String> = cx.shared.profiles.iter().map(|p| p.name.clone()).collect();
        if names.is_empty() {
            return;
        }
        let id = cx.shared.run_id();
        cx.shared.batch = Some(crate::tui::batch::Batch::new(id));
        cx.command(Command::TestProfiles(id, names, cx.shared.base_url.clone()));
        self.mode = PickerMode::Batch;
    }

    fn batch_key(&mut self, action: Action, cx: &mut Cx) {
        let Some(b) = cx.shared.batch.as_mut() else {
            self.mode = PickerMode::List;
            return;
        };
        match action {
            Action::Up | Action::Down => {
                b.selected = super::step(b.selected, b.rows.len(), action == Action::Down);
            }
            Action::Sort => {
                b.by_status = !b.by_status;
                b.selected = 0;
            }
            Action::Next => {
                if let Some(report) = b.selected_row().and_then(|r| r.report.clone()) {
                    cx.go(Nav::Pop);
                    cx.go(Nav::ShowResults(report));
                }
            }
            Action::TestAll => self.test_all(cx),
            Action::Close => self.mode = PickerMode::List,
            _ => {}
        }
    }
}

impl Component for Picker {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(match self.mode {
            PickerMode::List => Context::Picker,
            PickerMode::Rename(_) => Context::PickerRename,
            PickerMode::Delete => Context::PickerDelete,
            PickerMode::Batch => Context::PickerBatch,
        });
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let old = self.name(cx.shared);
        match (&mut self.mode, action) {
            (PickerMode::List, Some(a)) => self.list_key(a, cx),
            (PickerMode::List, None) | (PickerMode::Batch, None) => {}
            (PickerMode::Batch, Some(a)) => self.batch_key(a, cx),
            (PickerMode::Rename(f), Some(Action::Next)) => {
                let new = f.value().trim().to_string();
                match crate::profile::validate_name(&new) {
                    Err(e) => f.note = Some(Note::new(NoteKind::Error, e.to_string())),
                    Ok(()) if Some(&new) == old.as_ref() => self.mode = PickerMode::List,
                    Ok(()) if cx.shared.profiles.iter().any(|p| p.name == new) => {
                        f.note = Some(Note::new(
                            NoteKind::Error,
                            format!("A profile named {new} exists already."),
                        ));
                    }
                    Ok(()) => {
                        if let Some(old) = old {
                            cx.command(Command::RenameProfile(old, new));
                        }
                        self.mode = PickerMode::List;
                    }
                }
            }
            (PickerMode::Rename(_) | PickerMode::Delete, Some(Action::Close | Action::No)) => {
                self.mode = PickerMode::List;
            }
            // A guard cannot borrow `f` mutably, which `handle_key` needs (clippy 1.95's
            // collapsible_match suggests one).
            #[allow(clippy::collapsible_match)]
            (PickerMode::Rename(f), None) => {
                // Any edit clears the old note ("name taken"…).
                let edited = f.handle_key(key);
                if edited {
                    f.note = None;
                }
            }
            (PickerMode::Delete, Some(Action::Yes)) => {
                if let Some(name) = old {
                    cx.command(Command::DeleteProfile(name));
                }
                self.mode = PickerMode::List;
            }
            _ => {}
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        if let PickerMode::Rename(f) = &mut self.mode {
            let (clean, _) = clean_paste(text);
            f.paste(&clean);
            f.note = None;
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
    /// What to save when it is not the TBA form's values (an M2M test's settings; see
    /// `M2mSetup::save_prompt`).
    pub settings: Option<Box<crate::check::Settings>>,
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
        let mut name = TextField::free(false);
        name.set(suggestion);
        Ok(SavePrompt {
            name,
            then_quit: false,
            settings: None,
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
        let settings = self
            .settings
            .take()
            .unwrap_or_else(|| Box::new(cx.shared.settings()));
        cx.command(Command::SaveProfile(name, settings));
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
