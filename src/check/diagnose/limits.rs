//! Limit and availability rules: the account's concurrency limit, and outages or maintenance.

use super::describe_obs;
use super::draft::draft;
use crate::check::classify::Observation;
use crate::check::code::DiagnosisCode;
use crate::check::model::{CheckId, Confidence, Diagnosis, Severity};

/// `concurrency-limit`.
pub(super) fn concurrency(id: CheckId, o: &Observation) -> Diagnosis {
    draft(DiagnosisCode::ConcurrencyLimit).build(
        Severity::Error,
        Confidence::Certain,
        describe_obs(id, o),
    )
}

/// `account-unavailable`.
pub(super) fn unavailable(id: CheckId, o: &Observation) -> Diagnosis {
    draft(DiagnosisCode::AccountUnavailable).build(
        Severity::Error,
        Confidence::Certain,
        describe_obs(id, o),
    )
}
