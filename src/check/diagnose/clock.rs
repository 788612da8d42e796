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

/// Tests written from cargo-mutants' survivors (TESTING.md): the two limits, exactly.
#[cfg(test)]
mod mutation_tests {
    use super::super::SkewFact;
    use super::*;
    use crate::check::classify::Stack;
    use crate::check::fixtures::{facts, probe};
    use crate::check::model::CheckId;

    fn at(secs: i64, login_passed: bool) -> Option<Diagnosis> {
        let mut f = facts("1234567");
        f.skew = Some(SkewFact {
            secs,
            source: "Date header".into(),
        });
        if login_passed {
            f.probes.push(probe(
                CheckId::RestLogin,
                Stack::Rest,
                200,
                r#"{"serverTime":"x"}"#,
            ));
        }
        skew(&f)
    }

    #[test]
    fn a_warning_past_60_s_and_an_error_past_300_s() {
        let severity = |secs| at(secs, false).map(|d| d.severity);
        assert_eq!(severity(60), None);
        assert_eq!(severity(-61), Some(Severity::Warning));
        assert_eq!(severity(300), Some(Severity::Warning));
        assert_eq!(severity(-301), Some(Severity::Error));
        // The warning's own words, and the error's.
        assert!(at(120, false).unwrap().cause.contains("Still inside"));
        assert!(!at(400, false).unwrap().cause.contains("Still inside"));
    }

    #[test]
    fn a_passing_login_outranks_only_an_error_sized_skew() {
        let d = at(301, true).unwrap();
        assert_eq!(d.severity, Severity::Warning);
        assert!(
            d.cause.contains("NetSuite accepted a signed request"),
            "{}",
            d.cause
        );
        // At exactly 300 s it is an ordinary warning, not the outranked one.
        let d = at(300, true).unwrap();
        assert_eq!(d.severity, Severity::Warning);
        assert!(d.cause.contains("Still inside"), "{}", d.cause);
    }
}
