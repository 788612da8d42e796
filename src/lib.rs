//! nstba: NetSuite Token-Based Authentication, set up and diagnosed.
//!
//! The core (`netsuite`, `check`, `profile`, `authflow`, `net`, `report`) knows nothing of the
//! terminal UI or the command line; `tui` and the binary's `cli` are thin views over it. The
//! compiler holds that line: `tui` (ratatui, crossterm) and `emulator` (axum) are cargo features,
//! and the core builds without them (`cargo check --no-default-features --lib`).

pub mod authflow;
pub mod check;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod migrate;
pub mod net;
pub mod netsuite;
pub mod profile;
pub mod redact;
pub mod report;
pub mod secret;
#[cfg(feature = "tui")]
pub mod tui;

pub use secret::Secret;
