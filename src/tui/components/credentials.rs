//! What the setup steps and the credentials form share: focus between a list and text fields,
//! editing and pasting into the credential fields (a comma-separated bundle is split), and
//! showing or hiding a secret.

use crossterm::event::KeyEvent;

use super::Shared;
use crate::tui::field::{FieldId, NoteKind, split_bundle};

/// Where keyboard focus is on a setup step or the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The checklist (or the interfaces row of the form).
    List,
    /// The n-th field of the current screen.
    Field(usize),
}

/// The field being edited, if any.
pub fn editing(focus: Focus, fields: &[FieldId]) -> Option<FieldId> {
    match focus {
        Focus::Field(i) => fields.get(i).copied(),
        Focus::List => None,
    }
}

/// Applies an editing key to field `id`; an edit that changes a credential marks it unsaved.
pub fn edit(shared: &mut Shared, id: FieldId, key: KeyEvent) {
    let before = shared.value(id).to_string();
    if shared.field_mut(id).handle_key(key) && shared.value(id) != before {
        shared.credentials_edited();
        shared.drop_stale_notice();
    }
}

/// A paste on a screen with `fields`: a bundle fills its fields; otherwise the focused field (or,
/// from the list, the first empty one) gets it.
pub fn paste(shared: &mut Shared, fields: &[FieldId], focus: &mut Focus, raw: &str) {
    if fields.is_empty() {
        return;
    }
    if let Some(parts) = split_bundle(raw) {
        let names: Vec<&str> = parts.iter().map(|(id, _)| id.label()).collect();
        for (id, value) in parts {
            shared.field_mut(id).set(value);
        }
        shared.credentials_edited();
        shared.note(
            NoteKind::Info,
            format!(
                "Split the pasted comma-separated values into: {}",
                names.join(", ")
            ),
        );
        shared.drop_stale_notice();
        return;
    }
    let idx = match *focus {
        Focus::Field(i) => i,
        Focus::List => fields
            .iter()
            .position(|id| shared.value(*id).is_empty())
            .unwrap_or(0),
    };
    *focus = Focus::Field(idx);
    shared.field_mut(fields[idx]).paste(raw);
    shared.credentials_edited();
    shared.drop_stale_notice();
}

/// Moves focus over the stops: the list (if any), then each field, cyclic.
pub fn cycle(focus: Focus, n_fields: usize, has_list: bool, forward: bool) -> Focus {
    let stops = n_fields + usize::from(has_list);
    if stops == 0 {
        return focus;
    }
    let cur = match focus {
        Focus::List => 0,
        Focus::Field(i) => i + usize::from(has_list),
    };
    let next = if forward {
        (cur + 1) % stops
    } else {
        (cur + stops - 1) % stops
    };
    if has_list && next == 0 {
        Focus::List
    } else {
        Focus::Field(next - usize::from(has_list))
    }
}

/// Shows or hides the value of secret field `id`.
pub fn reveal(shared: &mut Shared, id: FieldId) {
    let f = shared.field_mut(id);
    f.revealed = !f.revealed;
}

/// Adds the editing contexts for the focused field.
pub fn editing_contexts(id: Option<FieldId>, out: &mut Vec<crate::tui::keymap::Context>) {
    use crate::tui::keymap::Context;
    match id {
        Some(id) => {
            out.push(Context::Editing);
            if id.is_secret() {
                out.push(Context::Secret);
            }
        }
        None => out.push(Context::Browsing),
    }
}
