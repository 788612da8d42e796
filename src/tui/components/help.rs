//! The help overlay: every key, grouped by where it works (the current screen's first).

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::keymap::{Action, Context};

/// State of the help overlay.
#[derive(Debug, Default)]
pub struct Help {
    /// Scroll offset.
    pub scroll: u16,
    /// The contexts of the screen under the overlay (its keys come first).
    pub under: Vec<Context>,
    /// The step count of the path under the overlay (its step keys are `1-N`), if any.
    pub steps: Option<usize>,
}

impl Component for Help {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Help);
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(a @ (Action::Up | Action::Down)) => {
                self.scroll = super::scroll(self.scroll, a == Action::Down, 500);
            }
            Some(Action::Close) => cx.go(Nav::Pop),
            _ => {}
        }
        // Modal: nothing reaches the screen below.
        Handled::Consumed
    }
}
