//! The Login Audit Trail translator: type a Detail value or an error message, read what it means.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::app::Screen;
use crate::tui::field::{TextField, clean_paste};
use crate::tui::keymap::{Action, Context};
use crate::tui::translate::Answer;

/// State of the translator.
#[derive(Debug)]
pub struct Translator {
    /// The typed Detail value or message.
    pub query: TextField,
    /// The answer for the current input.
    pub answer: Option<Answer>,
    /// Scroll offset of the answer.
    pub scroll: u16,
    /// Where Esc goes.
    pub back: Screen,
}

impl Default for Translator {
    fn default() -> Self {
        Translator {
            query: TextField::free(false),
            answer: None,
            scroll: 0,
            back: Screen::Start,
        }
    }
}

impl Translator {
    fn lookup(&mut self, shared: &mut Shared) {
        let q = self.query.value().trim();
        self.scroll = 0;
        self.answer = if q.is_empty() {
            None
        } else {
            (shared.explainer)(q)
        };
        // A Detail value that was explained is what a support report should carry.
        if self.answer.is_some() {
            shared.detail = Some(q.to_string());
        }
    }
}

impl Component for Translator {
    fn contexts(&self, _shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Editing);
        out.push(Context::Translator);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            None | Some(Action::Edit) => {
                if self.query.handle_key(key) {
                    self.query.note = None;
                    self.lookup(cx.shared);
                }
            }
            Some(a @ (Action::Up | Action::Down)) => {
                self.scroll = super::scroll(self.scroll, a == Action::Down, 200);
            }
            Some(Action::Back) => cx.go(Nav::Go(self.back)),
            // Only the menu path is documented (no page address to open): F6 copies it.
            Some(Action::Copy) => {
                let menu = crate::tui::guide::guide().translator.menu.clone();
                let c = cx.shared.copy(&format!("the menu path {menu}"), menu);
                cx.command(c);
            }
            Some(_) => return Handled::Pass,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, cx: &mut Cx) -> Handled {
        let (clean, _) = clean_paste(text);
        self.query.paste(&clean);
        self.query.note = None;
        self.lookup(cx.shared);
        Handled::Consumed
    }
}
