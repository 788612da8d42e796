//! The keymap's own rules: letters are text in a field, Shift handling, every context named.
use super::keymap::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const N: KeyModifiers = KeyModifiers::NONE;
const C: KeyModifiers = KeyModifiers::CONTROL;

fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

#[test]
fn letters_are_not_commands_while_editing() {
    let editing = [Context::Always, Context::Editing, Context::Setup];
    assert_eq!(lookup(&editing, &key(KeyCode::Char('q'), N)), None);
    assert_eq!(lookup(&editing, &key(KeyCode::Char('?'), N)), None);
    assert_eq!(lookup(&editing, &key(KeyCode::Char('j'), N)), None);
    assert_eq!(lookup(&editing, &key(KeyCode::F(1), N)), Some(Action::Help));
    assert_eq!(
        lookup(&editing, &key(KeyCode::Char('c'), C)),
        Some(Action::ForceQuit)
    );
}

#[test]
fn shift_is_ignored_for_question_mark() {
    let browsing = [Context::Always, Context::Browsing];
    assert_eq!(
        lookup(&browsing, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Action::Help)
    );
}

#[test]
fn shift_tells_f2_from_shift_f2() {
    let demo = [Context::Always, Context::Demo];
    assert_eq!(
        lookup(&demo, &key(KeyCode::F(2), KeyModifiers::SHIFT)),
        Some(Action::PrevScenario)
    );
    assert_eq!(
        lookup(&demo, &key(KeyCode::F(2), N)),
        Some(Action::SwitchScenario)
    );
}

#[test]
fn every_context_with_bindings_has_a_name() {
    for b in BINDINGS {
        assert!(!context_name(b.context).is_empty());
        assert!(!b.keys.is_empty());
    }
}
