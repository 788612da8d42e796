//! Credential and account rules: the account id's form, the account lookup's verdict, and the
//! shape of the pasted values.

use super::draft::{draft, evidence};
use super::{Facts, LookupFact, clip};
use crate::check::code::DiagnosisCode;
use crate::check::credential_shape::ShapeLevel;
use crate::check::model::{Confidence, Diagnosis, Severity};

/// `account-id-format`: the account id did not parse (nothing else can be judged then).
pub(super) fn account_id(f: &Facts) -> Option<Diagnosis> {
    let err = f.account_error.as_ref()?;
    let typed = clip(f.account_typed.trim(), 40);
    Some(
        draft(DiagnosisCode::AccountIdFormat)
            .var("error", err.clone())
            .build(
                Severity::Error,
                Confidence::Certain,
                evidence("typed", &[("typed", &typed)]),
            ),
    )
}

/// `account-not-found`: the lookup rejected the id, or answered with someone else's hosts.
pub(super) fn lookup(f: &Facts) -> Option<Diagnosis> {
    let (variant, confidence, ev) = match &f.lookup {
        LookupFact::Rejected(ev) => (None, Confidence::Likely, ev),
        LookupFact::Unrecognized(ev) => (Some("unrecognized"), Confidence::Possible, ev),
        _ => return None,
    };
    // A passing signed login proves the account id: the lookup is at most a note.
    if f.login_proven() {
        return Some(
            draft(DiagnosisCode::AccountNotFound)
                .variant("outranked")
                .build(Severity::Info, Confidence::Possible, ev.clone()),
        );
    }
    let mut d = draft(DiagnosisCode::AccountNotFound);
    if let Some(v) = variant {
        d = d.variant(v);
    }
    Some(d.build(Severity::Error, confidence, ev.clone()))
}

/// `credential-format`: every shape problem, an error when a value is empty.
pub(super) fn shape(f: &Facts) -> Option<Diagnosis> {
    if f.shape.is_empty() {
        return None;
    }
    // A passing signed login proves the values usable: shape problems are warnings then.
    let severity = if f.shape.iter().any(|i| i.level == ShapeLevel::Error) && !f.login_proven() {
        Severity::Error
    } else {
        Severity::Warning
    };
    let issues: Vec<String> = f.shape.iter().map(|i| capitalize(&i.message)).collect();
    // Each field once, though one field may have several problems.
    let fields = crate::check::credential_shape::fields_of(&f.shape);
    Some(
        draft(DiagnosisCode::CredentialFormat)
            .var("issues", issues.join(". "))
            .build(severity, Confidence::Certain, fields),
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::credential_shape::ShapeIssue;
    use crate::check::fixtures::facts;

    #[test]
    fn each_shape_problem_starts_with_a_capital_in_the_diagnosis() {
        let mut f = facts("1234567");
        f.shape.push(ShapeIssue {
            field: "token secret".into(),
            level: ShapeLevel::Warning,
            message: "ends with a space".into(),
            may_break_login: true,
        });
        let d = shape(&f).unwrap();
        assert!(
            d.cause.contains("Ends with a space") || d.title.contains("Ends with a space"),
            "{d:?}"
        );
        assert_eq!(capitalize(""), "");
        assert_eq!(capitalize("été"), "Été");
    }
}
