//! The connection test: layered probes (independent ones sent together), each streaming events,
//! ending in a [`Report`] with ranked diagnoses. Used identically by the CLI and the TUI.
//!
//! - [`auth`]: credentials per kind and the [`auth::Authenticator`] each kind implements;
//! - `stages`: the run as a plan of stages (local, lookup ∥ reach, clock, token, signed probes),
//!   driven by [`run`], whose recorder streams the events and redacts secrets;
//! - [`diagnose`]: the rules by family, ranking and the "stronger observation outranks" rule;
//! - [`text`]: the words of every diagnosis, from `assets/diagnoses.toml`; [`code`]: the codes.

#![warn(clippy::too_many_lines)]

pub mod audit;
pub mod auth;
pub mod catalogue;
// `classify` (one table-like pure function of 136 lines) is being reworked separately.
#[allow(clippy::too_many_lines)]
pub mod classify;
pub mod clock;
pub mod code;
pub mod credential_shape;
pub mod diagnose;
pub mod issue_causes;
pub mod many;
pub mod model;
pub mod probes;
pub mod run;
pub mod run_info;
pub mod settings;
mod stages;
pub mod text;

pub use auth::AuthKind;
pub use code::DiagnosisCode;
pub use model::{
    Api, Cause, CheckEvent, CheckId, CheckResult, Confidence, Diagnosis, Fix, Hosts, Report,
    Severity, Status,
};
pub use run::{run_checks, run_checks_detailed};
pub use run_info::{Notice, RunInfo};
pub use settings::{AuditWith, Settings};

#[cfg(test)]
mod fixtures;
#[cfg(all(test, feature = "emulator"))]
mod scenario_tests;
