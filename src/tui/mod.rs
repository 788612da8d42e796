//! The ratatui wizard, Elm style: the [`App`] model, [`Message`]s in, [`Command`]s out
//! (`App::update`), a pure [`view::render`], one key table ([`keymap`]), and the [`runtime`] that owns
//! the terminal, reads input and runs background work.

pub mod app;
mod app_input;
mod app_oauth2_profile;
mod app_overlays;
mod app_paths;
mod app_profiles;
pub mod batch;
pub mod components;
pub mod demo_profiles;
pub mod field;
pub mod flow;
mod flow_task;
pub mod guide;
pub mod hits;
mod issue_task;
pub mod keymap;
#[cfg(test)]
mod keymap_tests;
pub mod message;
pub mod profiles;
pub mod progress;
pub mod runtime;
pub mod theme;
pub mod translate;
pub mod view;

pub use app::{App, AppOptions, Demo, Overlay, Phase, Screen};
pub use message::{Command, Message, Pasted, RunId};
