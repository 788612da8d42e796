//! Login rules: the opaque refused login (`invalid-login`, with its causes ranked from what was
//! observed), REST refusing a token that works elsewhere, and SOAP's ambiguous authentication.

use super::draft::{draft, evidence, fragment};
use super::{Facts, describe_obs};
use crate::check::classify::Observation;
use crate::check::code::DiagnosisCode;
use crate::check::model::{CheckId, Confidence, Diagnosis, Severity};

/// How many cause-specific fix steps follow the Login Audit Trail steps.
const CAUSE_FIXES: usize = 3;

/// `invalid-login` for the probes in `failures`, with causes ranked most likely first
/// ([`super::rank`]); a known Detail value makes its cause first and the diagnosis certain.
pub(super) fn invalid_login(f: &Facts, failures: &[(CheckId, &Observation)]) -> Diagnosis {
    let mut evidence_parts: Vec<String> = failures
        .iter()
        .map(|(id, o)| describe_obs(*id, o))
        .collect();
    let causes = super::rank::ranked(f, failures, &mut evidence_parts);
    let scope = if failures.len() > 1 {
        fragment("every-interface", &[])
    } else {
        String::new()
    };
    let detail = f.detail.as_ref().map(super::KnownDetail::canonical);
    let fixes: Vec<String> = match causes.first() {
        // The exact cause's own steps replace the Login Audit Trail recipe.
        Some(c) if detail.is_some() && !c.fix.is_empty() => c.fix.clone(),
        _ => causes
            .iter()
            .filter_map(|c| c.fix.first().cloned())
            .take(CAUSE_FIXES)
            .collect(),
    };
    let d = draft(DiagnosisCode::InvalidLogin)
        .variant_if(detail.is_some(), "detail")
        .var("scope", scope)
        .var("detail", detail.clone().unwrap_or_default())
        .detail(detail)
        .causes(causes)
        .then_fix(fixes);
    d.build(
        Severity::Error,
        Confidence::Certain,
        evidence_parts.join("; "),
    )
}

/// `rest-access-missing`: REST refuses a token another interface accepts, or REST says the role
/// cannot use it.
pub(super) fn rest_access_missing(
    rest: &Observation,
    other: Option<(CheckId, &Observation)>,
) -> Diagnosis {
    let mut parts = vec![describe_obs(CheckId::RestLogin, rest)];
    if let Some((id, o)) = other {
        let status = o.status.to_string();
        parts.push(evidence(
            "works-elsewhere",
            &[("check", id.as_str()), ("status", &status)],
        ));
    }
    let accepted = if other.is_some() {
        fragment("rest-accepted-elsewhere", &[])
    } else {
        fragment("rest-role-refused", &[])
    };
    draft(DiagnosisCode::RestAccessMissing)
        .var("accepted", accepted)
        .build(Severity::Error, Confidence::Likely, parts.join("; "))
}

/// `ambiguous-authentication`: SOAP saw more than the token passport.
pub(super) fn ambiguous(id: CheckId, o: &Observation) -> Diagnosis {
    draft(DiagnosisCode::AmbiguousAuthentication).build(
        Severity::Error,
        Confidence::Likely,
        describe_obs(id, o),
    )
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::fixtures::refused;

    #[test]
    fn every_interface_is_said_only_when_more_than_one_refused() {
        let every = |n: usize| {
            let mut f = refused("1234567");
            f.probes.truncate(n);
            let failures: Vec<_> = f.probes.iter().map(|p| (p.id, &p.obs)).collect();
            invalid_login(&f, &failures)
                .cause
                .contains("every interface tried")
        };
        assert!(!every(1));
        assert!(every(2));
    }

    #[test]
    fn a_known_detail_gives_its_causes_own_fix_steps() {
        let mut several = 0;
        for given in [
            "temporary_locked",
            "InvalidSignature",
            "token_rejected",
            "FeatureDisabled",
        ] {
            let mut f = refused("1234567");
            f.detail = super::super::KnownDetail::given(Some(given));
            let failures: Vec<_> = f.probes.iter().map(|p| (p.id, &p.obs)).collect();
            let d = invalid_login(&f, &failures);
            let own = &d.causes[0].fix;
            let steps: Vec<&str> = d.fix.iter().map(|x| x.text.as_str()).collect();
            assert!(
                steps.len() >= own.len() && steps.iter().zip(own).all(|(a, b)| a == b),
                "{given}: {steps:?} vs {own:?}"
            );
            several += usize::from(own.len() >= 2);
        }
        assert!(
            several > 0,
            "no Detail with two fix steps: the test would not tell"
        );
    }
}
