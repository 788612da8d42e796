//! The start menu: guided setup, test existing credentials, troubleshoot, and the last used
//! profile when there is one.

use crossterm::event::KeyEvent;

use super::profiles::Picker;
use super::{Component, Cx, Handled, Layer, Nav, Shared};
use crate::tui::app::Screen;
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// Number of fixed start screen choices (their text is in the guide asset).
pub const START_CHOICES: usize = 3;
/// Index of the OAuth 2.0 M2M setup choice: the last one, after the guide's and the last used
/// profile's (so their places stay as they were; its text is in `m2m_steps`).
pub fn m2m_choice(shared: &Shared) -> usize {
    START_CHOICES + usize::from(shared.last_profile.is_some())
}

/// Index of the OAuth 2.0 authorization-code ("log in as a person") choice: right after M2M's.
pub fn authcode_choice(shared: &Shared) -> usize {
    m2m_choice(shared) + 1
}

/// Index of "Move a TBA connection to OAuth 2.0": right after the authorization-code setup.
pub fn migrate_choice(shared: &Shared) -> usize {
    authcode_choice(shared) + 1
}

/// The move is offered once a profile is saved (there is nothing to move before; a short
/// terminal keeps its room for the rest).
pub fn migrate_shown(shared: &Shared) -> bool {
    !shared.profiles.is_empty()
}

/// How many choices the start screen shows.
pub fn choice_count(shared: &Shared) -> usize {
    migrate_choice(shared) + usize::from(migrate_shown(shared))
}

/// The words of the migration choice (long, short).
pub const MIGRATE_CHOICE: (&str, &str) = (
    "Move a TBA connection to OAuth 2.0 (guided, TBA keeps working)",
    "Move TBA to OAuth 2.0",
);

/// State of the start menu.
#[derive(Debug, Default)]
pub struct StartScreen {
    /// Selected choice.
    pub selected: usize,
}

impl Component for StartScreen {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Browsing);
        out.push(Context::Start);
        if shared.last_profile.is_some() {
            out.push(Context::LastProfile);
        }
        if !shared.profiles.is_empty() {
            out.push(Context::Profiles);
        }
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            return Handled::Pass;
        };
        match action {
            Action::Up | Action::Down => {
                let n = choice_count(cx.shared);
                self.selected = super::step(self.selected, n, action == Action::Down);
            }
            Action::Next
                if self.selected == migrate_choice(cx.shared) && migrate_shown(cx.shared) =>
            {
                match super::migrate_wizard::default_profile(cx.shared) {
                    Some(name) => super::migrate_wizard::open(&name, cx),
                    None => cx.shared.note(
                        crate::tui::field::NoteKind::Warn,
                        "No saved TBA profile to move: set one up or test one, save it (s), then choose this again.",
                    ),
                }
            }
            Action::Next if self.selected == m2m_choice(cx.shared) => {
                cx.go(Nav::Go(Screen::M2m(0)));
            }
            Action::Next if self.selected == authcode_choice(cx.shared) => {
                cx.go(Nav::Go(Screen::AuthCode(0)));
            }
            Action::Next => match self.selected {
                0 => cx.go(Nav::Go(Screen::Setup(0))),
                1 => cx.go(Nav::Go(Screen::Form)),
                3 => {
                    if let Some(name) = cx.shared.last_profile.clone() {
                        cx.command(Command::LoadProfile(name, true));
                    }
                }
                _ => cx.go(Nav::Translate),
            },
            Action::TestAgain => {
                if let Some(name) = cx.shared.last_profile.clone() {
                    cx.command(Command::LoadProfile(name, true));
                }
            }
            Action::Pick => cx.go(Nav::Push(Layer::Picker(Picker::default()))),
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }
}
