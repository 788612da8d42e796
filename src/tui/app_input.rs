//! The app's answers to input that is not a key for one component: mouse clicks and the wheel,
//! the demo scenario keys (F2, Shift-F2),
//! a browser that was (or was not) opened, and the guided setup's progress per account (restored
//! when the account is known, kept in the book as it changes and stored at each change).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::app::{App, Screen};
use super::components::Layer;
use super::components::credentials::Focus;
use super::field::{FieldId, NoteKind};
use super::flow::DEFAULT_CALLBACK_PORT;
use super::guide::guide;
use super::hits::{self, Target};
use super::message::Command;
use super::progress::{Book, Progress};
use crate::netsuite::AccountId;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl App {
    /// A click picks what was drawn under it; the wheel is ↑/↓ (scroll or select), except in a
    /// field of the form or a setup step, where ↓ would move the focus instead.
    pub(super) fn on_mouse(&mut self, m: MouseEvent, out: &mut Vec<Command>) {
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let in_field = self.overlays.is_empty()
                    && self.editing().is_some()
                    && self.screen != Screen::Translator;
                if !in_field {
                    let down = m.kind == MouseEventKind::ScrollDown;
                    self.on_key(key(if down { KeyCode::Down } else { KeyCode::Up }), out);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                let target = hits::at(&self.hits.borrow(), m.column, m.row);
                if let Some(t) = target {
                    self.click(t, out);
                }
            }
            _ => {}
        }
    }

    fn click(&mut self, target: Target, out: &mut Vec<Command>) {
        if let Some(top) = self.overlays.last_mut() {
            let Target::ListRow(i) = target else { return };
            match top {
                Layer::Picker(p) if p.selected == i => self.on_key(key(KeyCode::Enter), out),
                Layer::Picker(p) => p.selected = i,
                Layer::Scenarios(l) => {
                    l.selected = i;
                    self.on_key(key(KeyCode::Enter), out);
                }
                _ => {}
            }
            return;
        }
        match (target, self.screen) {
            (Target::Start(i), Screen::Start) => {
                self.start.selected = i;
                self.on_key(key(KeyCode::Enter), out);
            }
            (Target::SetupRow(i), Screen::Setup(_)) => {
                self.setup.focus = Focus::List;
                self.setup.row = i;
                self.on_key(key(KeyCode::Char(' ')), out);
            }
            (Target::Field(i), Screen::Setup(_)) => self.setup.focus = Focus::Field(i),
            (Target::Field(i), Screen::Form) => self.form.focus = Focus::Field(i),
            (Target::Interface(i), Screen::Form) => {
                self.form.focus = Focus::List;
                self.form.row = i;
                self.on_key(key(KeyCode::Char(' ')), out);
            }
            (Target::Diagnosis(i), Screen::Test) => {
                if self.test.selected == i {
                    self.on_key(key(KeyCode::Enter), out);
                } else {
                    self.test.selected = i;
                }
            }
            _ => {}
        }
    }

    /// What the browser did with the page of a step.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "TUI-owned signature; left to the TUI rework"
    )]
    pub(super) fn on_page_opened(&mut self, url: String, result: Result<(), String>) {
        match result {
            // Not a page: a background write that failed (the runtime's one message for it).
            Err(e) if url.is_empty() => self.shared.note(NoteKind::Warn, e),
            Ok(()) => self.shared.note(
                NoteKind::Info,
                format!("Opened {url} in your browser (sign in to NetSuite there if it asks)."),
            ),
            Err(e) => self.shared.note(
                NoteKind::Warn,
                format!("Could not open a browser ({e}). Open {url} yourself."),
            ),
        }
    }

    /// The stored progress arrived; it applies as soon as the account is known.
    pub(super) fn on_wizard_loaded(&mut self, text: &str) {
        self.shared.progress = Book::parse(text);
        self.shared.progress_key = None;
        self.shared.progress_dirty = false;
    }

    /// The saved step to reopen the guided setup at, for the account typed (none: step 1).
    pub(super) fn resume_step(&self) -> Option<usize> {
        let key = self.shared.progress_key.as_ref()?;
        let step = self.shared.progress.account.get(key)?.step;
        (step > 0 && step < guide().steps.len()).then_some(step)
    }

    /// Keeps the progress book and the screens in step: a newly known account brings its saved
    /// ticks and callback port (merged with ticks made before it was known); any change of ticks,
    /// step or port is written into the book, which the runtime stores after the next frame
    /// ([`take_progress`](Self::take_progress)). The account counts once its field is
    /// left, so the ids passed through while typing (`1`, `12`, …) get no entries.
    pub(super) fn sync_progress(&mut self) {
        if self.editing() == Some(FieldId::Account) {
            return;
        }
        let key = AccountId::parse(self.shared.value(FieldId::Account))
            .ok()
            .map(|id| id.realm());
        if key != self.shared.progress_key {
            self.shared.progress_key = key.clone();
            if let Some(p) = key.and_then(|k| self.shared.progress.account.get(&k).cloned()) {
                self.restore(&p);
            }
        }
        let Some(key) = self.shared.progress_key.clone() else {
            return;
        };
        let existed = self.shared.progress.account.get(&key).cloned();
        let mut p = existed.clone().unwrap_or_default();
        p.set_ticks(&self.setup.ticked);
        if let Screen::Setup(s) = self.screen {
            p.step = s;
        }
        if self.shared.callback_port != DEFAULT_CALLBACK_PORT || p.callback_port.is_some() {
            p.callback_port = Some(self.shared.callback_port);
        }
        let changed = match &existed {
            Some(old) => *old != p,
            None => p != Progress::default(),
        };
        if changed {
            self.shared.progress.account.insert(key, p);
            self.shared.progress_dirty = true;
        }
    }

    /// The progress to store, when it changed since it was loaded.
    pub fn progress_to_save(&self) -> Option<String> {
        self.shared
            .progress_dirty
            .then(|| self.shared.progress.to_text())
    }

    /// The progress to store now, when it changed since it was last taken (the runtime writes
    /// it at each change, so a crash or `kill -9` keeps the step and the ticks).
    pub fn take_progress(&mut self) -> Option<String> {
        let text = self.progress_to_save();
        self.shared.progress_dirty = false;
        text
    }

    fn restore(&mut self, p: &Progress) {
        let sizes: Vec<usize> = guide().steps.iter().map(|s| s.items.len()).collect();
        for (row, saved) in self.setup.ticked.iter_mut().zip(p.ticks(&sizes)) {
            for (t, s) in row.iter_mut().zip(saved) {
                *t |= s;
            }
        }
        if let Some(port) = p.callback_port {
            self.shared.callback_port = port;
        }
    }

    /// F2 / Shift-F2: the next or previous demo scenario, round the list.
    pub(super) fn switch_scenario(&mut self, out: &mut Vec<Command>, forward: bool) {
        let Some(d) = self.shared.demo.as_ref() else {
            return;
        };
        let n = d.scenarios.len();
        if n == 0 {
            return;
        }
        let i = if forward {
            (d.current + 1) % n
        } else {
            (d.current + n - 1) % n
        };
        out.push(Command::SwitchScenario(i));
    }

    pub(super) fn on_scenario(&mut self, i: usize, out: &mut Vec<Command>) {
        if let Some(d) = &mut self.shared.demo {
            d.current = i;
            if let Some((name, desc)) = d.scenarios.get(i) {
                let text = format!("Demo scenario: {name}: {desc}");
                self.shared.note(NoteKind::Info, text);
            }
        }
        // A run already under way would mix two scenarios in one result: stop it and start over.
        if self.screen == Screen::Test {
            out.extend(self.test.cancel());
            out.extend(self.start_test(self.test.back_to));
        }
    }
}
