//! Permission and feature rules: authenticated, but the role or the account does not allow it.

use super::draft::{draft, evidence, fragment};
use super::{Facts, describe_obs};
use crate::check::classify::{Kind, Observation};
use crate::check::code::DiagnosisCode;
use crate::check::model::{CheckId, Confidence, Diagnosis, Severity};

/// `permission-missing`, naming the permission (from the message, or what the probe needs).
pub(super) fn missing(id: CheckId, o: &Observation) -> Diagnosis {
    let (perm, where_) = match (&o.permission, id) {
        (Some(p), _) => (p.clone(), fragment("named-permission", &[("perm", p)])),
        (None, CheckId::RestSuiteql) => (
            fragment("suiteql-permission-name", &[]),
            fragment("suiteql-permission", &[]),
        ),
        (None, CheckId::SoapLogin) => (
            fragment("soap-permission-name", &[]),
            fragment("soap-permission", &[]),
        ),
        (None, _) => (
            fragment("record-permissions-name", &[]),
            fragment("record-permissions", &[]),
        ),
    };
    // SuiteQL says "Record 'employee' was not found" for a record type the role cannot see.
    let record = o
        .message
        .as_deref()
        .and_then(crate::check::classify::record_not_found);
    draft(DiagnosisCode::PermissionMissing)
        .variant_if(record.is_some(), "record-not-found")
        .var("record", record.unwrap_or_default())
        .var("perm", perm)
        .var("where", where_)
        .build(Severity::Error, Confidence::Likely, describe_obs(id, o))
}

/// `feature-disabled`: SOAP `WS_FEATURE_REQD`.
pub(super) fn feature_off(id: CheckId, o: &Observation) -> Diagnosis {
    draft(DiagnosisCode::FeatureDisabled).build(
        Severity::Error,
        Confidence::Likely,
        describe_obs(id, o),
    )
}

/// `web-services-only-role`: RESTlet `INVALID_LOGIN_CREDENTIALS`.
pub(super) fn web_services_only(id: CheckId, o: &Observation) -> Diagnosis {
    draft(DiagnosisCode::WebServicesOnlyRole).build(
        Severity::Error,
        Confidence::Likely,
        describe_obs(id, o),
    )
}

/// Role refusals (`USER_ERROR` "Your current role does not have permission to perform this
/// action.") on the calls after the REST login, ranked by which calls failed. Oracle says any user
/// may call serverTime, so the text alone does not name the missing permission: a refused
/// metadata-catalog needs nothing but REST Web Services, while SuiteQL refused alone points at
/// SuiteAnalytics Workbook. SOAP and RESTlet refusals name their own API permission.
pub(super) fn role_refusals(f: &Facts) -> Vec<Diagnosis> {
    let refused = |id| f.probe(id).filter(|o| o.kind == Kind::RoleCannotUseApi);
    let passed = |id| f.probe(id).is_some_and(|o| o.kind == Kind::Success);
    let mut out = Vec::new();
    match (refused(CheckId::RestRecords), refused(CheckId::RestSuiteql)) {
        (Some(records), suiteql) => {
            let mut ev = vec![describe_obs(CheckId::RestRecords, records)];
            ev.extend(suiteql.map(|q| describe_obs(CheckId::RestSuiteql, q)));
            if passed(CheckId::RestLogin) {
                ev.push(evidence("server-time-open", &[]));
            }
            out.push(
                draft(DiagnosisCode::RestAccessMissing)
                    .variant("role-refused")
                    .build(Severity::Error, Confidence::Likely, ev.join("; ")),
            );
        }
        (None, Some(q)) => {
            let mut ev = vec![describe_obs(CheckId::RestSuiteql, q)];
            let catalog_ok = passed(CheckId::RestRecords);
            if catalog_ok {
                ev.push(evidence("catalog-passed", &[]));
            }
            let confidence = if catalog_ok {
                Confidence::Certain
            } else {
                Confidence::Likely
            };
            out.push(
                draft(DiagnosisCode::PermissionMissing)
                    .variant("suiteql-workbook")
                    .var("perm", fragment("suiteql-permission-name", &[]))
                    .build(Severity::Error, confidence, ev.join("; ")),
            );
        }
        (None, None) => {}
    }
    for id in [CheckId::SoapLogin, CheckId::RestletTokeninfo] {
        if let Some(o) = refused(id) {
            out.push(missing(id, o));
        }
    }
    out
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::classify::Stack;
    use crate::check::fixtures::{facts, probe};

    const ROLE_REFUSED: &str = r#"{"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#;

    #[test]
    fn refusals_of_the_role_after_a_passing_login_are_ranked_by_which_call_failed() {
        let mut f = facts("1234567");
        f.probes.push(probe(
            CheckId::RestLogin,
            Stack::Rest,
            200,
            r#"{"serverTime":"x"}"#,
        ));
        f.probes
            .push(probe(CheckId::RestRecords, Stack::Rest, 400, ROLE_REFUSED));
        let d = role_refusals(&f);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, DiagnosisCode::RestAccessMissing);
        assert!(
            d[0].evidence.contains("open to any user"),
            "{}",
            d[0].evidence
        );
        // SuiteQL refused while the catalog passed: the Workbook permission, certain.
        let mut f = facts("1234567");
        f.probes.push(probe(
            CheckId::RestRecords,
            Stack::Rest,
            200,
            r#"{"items":[]}"#,
        ));
        f.probes
            .push(probe(CheckId::RestSuiteql, Stack::Rest, 400, ROLE_REFUSED));
        let d = role_refusals(&f);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, DiagnosisCode::PermissionMissing);
        assert_eq!(d[0].confidence, Confidence::Certain);
        // Passing calls are no refusals.
        let mut f = facts("1234567");
        f.probes.push(probe(
            CheckId::RestRecords,
            Stack::Rest,
            200,
            r#"{"items":[]}"#,
        ));
        assert!(role_refusals(&f).is_empty());
    }
}
