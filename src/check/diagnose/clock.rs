//! Clock rules: this computer's clock against the server's (NetSuite refuses signed requests more
//! than 5 minutes off).

use super::Facts;
use super::draft::{draft, evidence};
use crate::check::clock::{ERROR_SKEW_SECS, WARN_SKEW_SECS, describe};
use crate::check::code::DiagnosisCode;
use crate::check::model::{Confidence, Diagnosis, Severity};

/// `clock-skew`: an error beyond 5 minutes, a warning beyond 1.
pub(super) fn skew(f: &Facts) -> Option<Diagnosis> {
    let s = f.skew.as_ref()?;
    let abs = s.secs.abs();
    // A signed request that passed proves NetSuite took the timestamps: a warning, not an error.
    let outranked = abs > ERROR_SKEW_SECS && f.login_proven();
    let severity = if abs > ERROR_SKEW_SECS && !outranked {
        Severity::Error
    } else if abs > WARN_SKEW_SECS {
        Severity::Warning
    } else {
        return None;
    };
    let secs = s.secs.to_string();
    Some(
        draft(DiagnosisCode::ClockSkew)
            .variant_if(severity == Severity::Warning, "warning")
            .variant_if(outranked, "outranked")
            .var("skew", describe(s.secs))
            .build(
                severity,
                Confidence::Certain,
                evidence("clock-skew", &[("secs", &secs), ("source", &s.source)]),
            ),
    )
}
