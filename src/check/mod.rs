//! The connection test: layered probes run one at a time, each streaming events, ending in a
//! [`Report`] with ranked diagnoses. Used identically by the CLI and the TUI.

#![warn(clippy::too_many_lines)]

pub mod auth;
pub mod catalogue;
// `classify` (one table-like pure function of 136 lines) is being reworked separately.
#[allow(clippy::too_many_lines)]
pub mod classify;
pub mod clock;
pub mod code;
pub mod credential_shape;
pub mod diagnose;
pub mod flow_client;
pub mod http;
pub mod model;
pub mod probes;
pub mod run;
pub mod settings;
mod stages;
pub mod text;

pub use auth::AuthKind;
pub use code::DiagnosisCode;
pub use model::{
    Api, Cause, CheckEvent, CheckId, CheckResult, Confidence, Diagnosis, Fix, Hosts, Report,
    Severity, Status,
};
pub use run::run_checks;
pub use settings::Settings;

#[cfg(test)]
mod fixtures;
