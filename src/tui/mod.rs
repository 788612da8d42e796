//! The ratatui wizard: model, update, view, keymap, widgets (Elm style).
