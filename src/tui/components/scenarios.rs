//! The demo scenario list (F8): every emulator scenario with its description; Enter plays the
//! selected one (F2 / Shift-F2 step through them without the list).

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// State of the scenario list.
#[derive(Debug, Default)]
pub struct ScenarioList {
    /// Selected row.
    pub selected: usize,
}

impl ScenarioList {
    /// The list with the scenario playing selected.
    pub fn new(shared: &Shared) -> Self {
        ScenarioList {
            selected: shared.demo.as_ref().map_or(0, |d| d.current),
        }
    }

    /// Plays row `i` and closes the list.
    pub fn choose(&mut self, i: usize, cx: &mut Cx) {
        let n = cx.shared.demo.as_ref().map_or(0, |d| d.scenarios.len());
        if i < n {
            cx.command(Command::SwitchScenario(i));
            cx.go(Nav::Pop);
        }
    }
}

impl Component for ScenarioList {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Scenarios);
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let n = cx.shared.demo.as_ref().map_or(0, |d| d.scenarios.len());
        match action {
            Some(a @ (Action::Up | Action::Down)) => {
                self.selected = super::step(self.selected, n, a == Action::Down);
            }
            Some(Action::Next) => self.choose(self.selected, cx),
            Some(Action::Close) => cx.go(Nav::Pop),
            _ => {}
        }
        Handled::Consumed
    }
}
