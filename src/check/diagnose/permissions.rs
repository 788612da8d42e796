//! Permission and feature rules: authenticated, but the role or the account does not allow it.

use super::describe_obs;
use super::draft::{draft, fragment};
use crate::check::classify::Observation;
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
    draft(DiagnosisCode::PermissionMissing)
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
