//! The connection test: layered probes run one at a time, each streaming events, ending in a
//! [`Report`] with ranked diagnoses. Used identically by the CLI and the TUI.

pub mod model;
pub mod run;
pub mod settings;

pub use model::{
    Api, CheckEvent, CheckId, CheckResult, Confidence, Diagnosis, Hosts, Report, Severity, Status,
};
pub use run::run_checks;
pub use settings::Settings;
