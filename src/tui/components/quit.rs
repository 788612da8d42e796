//! The quit confirmation shown when typed credentials would be lost.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// State of the quit confirmation (nothing beyond being open).
#[derive(Debug, Default)]
pub struct QuitConfirm;

impl Component for QuitConfirm {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Confirm);
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(Action::Yes) => cx.command(Command::Quit),
            Some(Action::No) => cx.go(Nav::Pop),
            Some(Action::Save) => {
                cx.go(Nav::Pop);
                cx.go(Nav::Save(true));
            }
            _ => {}
        }
        Handled::Consumed
    }
}
