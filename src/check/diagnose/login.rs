//! Login rules: the opaque refused login (`invalid-login`, with its causes ranked from what was
//! observed), REST refusing a token that works elsewhere, and SOAP's ambiguous authentication.

use super::draft::{cause, draft, evidence, fragment};
use super::{Facts, LookupFact, clip, describe_obs};
use crate::check::classify::Observation;
use crate::check::clock::{WARN_SKEW_SECS, describe};
use crate::check::code::DiagnosisCode;
use crate::check::model::{Cause, CheckId, Confidence, Diagnosis, Severity};
use crate::netsuite::{AccountId, Environment};

/// How many cause-specific fix steps follow the Login Audit Trail steps.
const CAUSE_FIXES: usize = 3;

/// `invalid-login` for the probes in `failures`, with causes ranked most likely first.
pub(super) fn invalid_login(f: &Facts, failures: &[(CheckId, &Observation)]) -> Diagnosis {
    let mut evidence_parts: Vec<String> = failures
        .iter()
        .map(|(id, o)| describe_obs(*id, o))
        .collect();
    let causes = ranked_causes(f, &mut evidence_parts);
    let scope = if failures.len() > 1 {
        fragment("every-interface", &[])
    } else {
        String::new()
    };
    let fixes: Vec<String> = causes
        .iter()
        .filter_map(|c| c.fix.first().cloned())
        .take(CAUSE_FIXES)
        .collect();
    draft(DiagnosisCode::InvalidLogin)
        .var("scope", scope)
        .causes(causes)
        .then_fix(fixes)
        .build(
            Severity::Error,
            Confidence::Certain,
            evidence_parts.join("; "),
        )
}

/// The candidate causes in rank order; adds what rules causes out to `evidence_parts`.
fn ranked_causes(f: &Facts, evidence_parts: &mut Vec<String>) -> Vec<Cause> {
    let mut causes: Vec<Cause> = Vec::new();
    let mut push = |name: &str, vars: &[(&str, &str)]| causes.extend(cause(name, vars));
    if let Some(s) = &f.skew {
        if s.secs.abs() > WARN_SKEW_SECS {
            let (skew, secs) = (describe(s.secs), s.secs.to_string());
            push(
                "clock",
                &[("skew", &skew), ("secs", &secs), ("source", &s.source)],
            );
        } else {
            let abs = s.secs.abs().to_string();
            evidence_parts.push(evidence("clock-fine", &[("abs", &abs)]));
        }
    }
    let paste: Vec<&str> = f
        .shape
        .iter()
        .filter(|i| i.may_break_login)
        .map(|i| i.field.as_str())
        .collect();
    if !paste.is_empty() {
        push("bad-paste", &[("fields", &paste.join(", "))]);
    }
    match f.account.as_ref().map(AccountId::environment) {
        Some(e) if e.is_refreshable() => push("token-other-account", &[("env", &e.label())]),
        Some(e @ (Environment::Production | Environment::TestDrive)) => {
            push("token-revoked", &[("env", &e.label())]);
        }
        _ => {}
    }
    for name in [
        "wrong-secret",
        "integration-record",
        "role-permission",
        "feature-disabled",
    ] {
        push(name, &[]);
    }
    match &f.lookup {
        LookupFact::Confirmed => evidence_parts.push(evidence("account-confirmed", &[])),
        LookupFact::Unrecognized(ev) | LookupFact::Rejected(ev) => {
            causes.splice(0..0, cause("account-unrecognised", &[("lookup", ev)]));
        }
        _ => {}
    }
    if let Some(a) = &f.account {
        let (realm, slug) = (a.realm(), a.slug());
        evidence_parts.push(evidence(
            "realm-sent",
            &[("realm", &realm), ("slug", &slug)],
        ));
        let typed = f.account_typed.trim();
        if typed != realm {
            let typed = clip(typed, 40);
            causes.extend(cause(
                "realm-spelling",
                &[("typed", &typed), ("realm", &realm)],
            ));
        }
    }
    causes
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
