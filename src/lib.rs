//! nstba: NetSuite Token-Based Authentication, set up and diagnosed.
//!
//! The core (`netsuite`, `check`, `profile`, `emulator`) knows nothing of the terminal UI or the
//! command line; `tui` and the binary's `cli` are thin views over it.

pub mod authflow;
pub mod check;
pub mod emulator;
pub mod net;
pub mod netsuite;
pub mod profile;
pub mod redact;
pub mod report;
pub mod secret;
pub mod tui;

pub use secret::Secret;
