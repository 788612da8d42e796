//! Everything the integration tests share, declared once for the one test binary.

pub mod cli;
pub mod emulator;
pub mod fixtures;
pub mod prereq;
pub mod raw_http;
pub mod report;
pub mod tui;
