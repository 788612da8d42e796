//! Reads the connection tests a migration ran into migration [`Finding`]s, each with its code
//! (and so its checklist item) and the facts its words need. Pure: no I/O, so every rule is
//! tested on made-up reports. The tests' own diagnoses are kept beside the findings; these say
//! which checklist item to go back to.

use super::code::MigrateCode;
use super::state::Inventory;
use crate::check::{Api, CheckId, DiagnosisCode, Report};
use crate::netsuite::oauth2::TokenClaims;

/// One thing the migration found, with the values its words are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The code (its item is [`MigrateCode::item`]).
    pub code: MigrateCode,
    /// `(placeholder, value)` pairs for `assets/migrate.toml`.
    pub vars: Vec<(String, String)>,
}

impl Finding {
    /// A finding with these values.
    pub fn new(code: MigrateCode, vars: &[(&str, &str)]) -> Finding {
        Finding {
            code,
            vars: vars
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }
    }
}

/// The first diagnosis' title, or the first failed check, as a short "why".
fn why(report: &Report) -> String {
    report
        .diagnoses
        .first()
        .map(|d| format!("{}: {}", d.code, d.title))
        .or_else(|| {
            report
                .checks
                .iter()
                .find(|c| c.status == crate::check::Status::Fail)
                .map(|c| format!("{}: {}", c.id.as_str(), c.summary))
        })
        .unwrap_or_else(|| "the test did not pass".into())
}

fn names(apis: &[Api]) -> String {
    apis.iter().map(Api::name).collect::<Vec<_>>().join(", ")
}

/// The inventory item: the TBA profile must work on what the integration uses; SOAP is flagged.
pub fn inventory(report: &Report, inv: &Inventory) -> Vec<Finding> {
    let mut out = Vec::new();
    let needed: Vec<Api> = if inv.used.is_empty() {
        vec![Api::Rest]
    } else {
        inv.used.clone()
    };
    if needed.iter().any(|a| !inv.working.contains(a)) {
        out.push(Finding::new(
            MigrateCode::MigrateTbaNotWorking,
            &[("why", &why(report))],
        ));
    }
    if inv.soap_used {
        out.push(Finding::new(MigrateCode::MigrateSoapInUse, &[]));
    }
    out
}

/// The scope a token needs for an interface (SOAP has none: it cannot use OAuth 2.0).
fn scope_for(api: Api) -> Option<&'static str> {
    match api {
        Api::Rest => Some("rest_webservices"),
        Api::Restlet => Some("restlets"),
        Api::Soap => None,
    }
}

/// The side-by-side item (and, through the codes, the record, role and key items).
pub fn side_by_side(
    tba: &Report,
    oauth2: &Report,
    claims: Option<&TokenClaims>,
    inv: &Inventory,
    asked: &[String],
    accepted_role: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let still: Vec<Api> = super::live::working_apis(tba);
    if inv
        .working
        .iter()
        .any(|a| *a != Api::Soap && !still.contains(a))
    {
        out.push(Finding::new(
            MigrateCode::MigrateTbaBroken,
            &[("why", &why(tba))],
        ));
    }
    if !oauth2.ok {
        out.push(attribute(oauth2, asked));
    }
    if let Some(c) = claims {
        out.extend(identity(c, inv, accepted_role));
        out.extend(scopes(c, inv, asked));
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|f| seen.insert(f.code));
    out
}

/// Which item a failing OAuth 2.0 test points back to.
pub fn attribute(oauth2: &Report, asked: &[String]) -> Finding {
    let why = why(oauth2);
    let first = oauth2.diagnoses.first().map(|d| d.code);
    let token_error = oauth2
        .checks
        .iter()
        .find(|c| c.id == CheckId::TokenRequest)
        .and_then(|c| c.error_code.clone())
        .unwrap_or_default();
    let code = match first {
        Some(DiagnosisCode::KeyUnusable)
        | Some(DiagnosisCode::CertificateExpired)
        | Some(DiagnosisCode::AlgorithmRejected) => MigrateCode::MigrateKeyProblem,
        Some(DiagnosisCode::TokenRequestRefused) => match token_error.as_str() {
            "unauthorized_client" => MigrateCode::MigrateRecordNotReady,
            "invalid_scope" => MigrateCode::MigrateScopeMissing,
            _ => MigrateCode::MigrateCertificateNotMapped,
        },
        Some(DiagnosisCode::ScopeMismatch) => MigrateCode::MigrateScopeMissing,
        Some(DiagnosisCode::InvalidLogin)
        | Some(DiagnosisCode::PermissionMissing)
        | Some(DiagnosisCode::RestAccessMissing) => MigrateCode::MigrateRolePermission,
        _ => MigrateCode::MigrateNewProfileFailing,
    };
    let wanted = asked.join(",");
    Finding::new(
        code,
        &[
            ("why", &why),
            ("missing", &wanted),
            ("wanted", &wanted),
            ("apis", "the interfaces it uses"),
        ],
    )
}

/// Role and entity of the OAuth 2.0 token against the TBA token's.
fn identity(c: &TokenClaims, inv: &Inventory, accepted_role: Option<&str>) -> Vec<Finding> {
    let mut out = Vec::new();
    let old = &inv.identity;
    if let (Some(new), Some(was)) = (c.role.as_deref(), old.role.as_deref())
        && new != was
        && accepted_role != Some(new)
    {
        out.push(Finding::new(
            MigrateCode::MigrateRoleMismatch,
            &[("new_role", new), ("role", was)],
        ));
    }
    if let (Some(new), Some(was)) = (c.entity.as_deref(), old.entity.as_deref())
        && new != was
    {
        out.push(Finding::new(
            MigrateCode::MigrateEntityMismatch,
            &[("new_entity", new), ("entity", was)],
        ));
    }
    out
}

/// Scopes the token lacks for interfaces the TBA token works on.
fn scopes(c: &TokenClaims, inv: &Inventory, asked: &[String]) -> Vec<Finding> {
    let missing: Vec<&str> = inv
        .working
        .iter()
        .filter_map(|a| scope_for(*a))
        .filter(|s| !c.scope.iter().any(|g| g == s))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let mut wanted: Vec<String> = asked.to_vec();
    for m in &missing {
        if !wanted.iter().any(|w| w == m) {
            wanted.push((*m).to_string());
        }
    }
    let working: Vec<Api> = inv
        .working
        .iter()
        .copied()
        .filter(|a| *a != Api::Soap)
        .collect();
    vec![Finding::new(
        MigrateCode::MigrateScopeMissing,
        &[
            ("missing", &missing.join(", ")),
            ("wanted", &wanted.join(",")),
            ("apis", &names(&working)),
        ],
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckResult, Status};
    use crate::migrate::state::Identity;

    fn check(id: CheckId, status: Status, error: Option<&str>) -> CheckResult {
        CheckResult {
            id,
            status,
            ms: 1,
            http_status: None,
            error_code: error.map(str::to_string),
            summary: String::new(),
            details: Vec::new(),
        }
    }

    fn report(ok: bool, checks: Vec<CheckResult>, first: Option<DiagnosisCode>) -> Report {
        let diagnoses = first
            .map(|code| crate::check::Diagnosis {
                code,
                severity: crate::check::Severity::Error,
                confidence: crate::check::Confidence::Likely,
                title: "t".into(),
                cause: String::new(),
                detail: None,
                causes: Vec::new(),
                fix: Vec::new(),
                evidence: String::new(),
            })
            .into_iter()
            .collect();
        Report {
            account: "1234567_SB1".into(),
            environment: "sandbox".into(),
            hosts: Default::default(),
            ok,
            cancelled: false,
            checks,
            diagnoses,
        }
    }

    fn inv(working: Vec<Api>) -> Inventory {
        Inventory {
            identity: Identity {
                role: Some("1001".into()),
                entity: Some("4242".into()),
                ..Identity::default()
            },
            working,
            used: vec![Api::Rest],
            soap_used: false,
        }
    }

    fn tba_ok() -> Report {
        report(
            true,
            vec![
                check(CheckId::RestLogin, Status::Pass, None),
                check(CheckId::RestletTokeninfo, Status::Pass, None),
            ],
            None,
        )
    }

    fn claims(role: &str, entity: &str, scope: &[&str]) -> TokenClaims {
        TokenClaims {
            role: Some(role.into()),
            entity: Some(entity.into()),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            ..TokenClaims::default()
        }
    }

    fn codes(f: &[Finding]) -> Vec<MigrateCode> {
        f.iter().map(|f| f.code).collect()
    }

    const BOTH: [&str; 2] = ["rest_webservices", "restlets"];

    #[test]
    fn same_role_entity_and_scopes_find_nothing() {
        let i = inv(vec![Api::Rest, Api::Restlet]);
        let f = side_by_side(
            &tba_ok(),
            &tba_ok(),
            Some(&claims("1001", "4242", &BOTH)),
            &i,
            &[],
            None,
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn another_role_is_caught_unless_accepted() {
        let i = inv(vec![Api::Rest]);
        let c = claims("1002", "4242", &BOTH);
        let f = side_by_side(&tba_ok(), &tba_ok(), Some(&c), &i, &[], None);
        assert_eq!(codes(&f), [MigrateCode::MigrateRoleMismatch]);
        assert!(f[0].vars.contains(&("new_role".into(), "1002".into())));
        let f = side_by_side(&tba_ok(), &tba_ok(), Some(&c), &i, &[], Some("1002"));
        assert!(f.is_empty());
        let c = claims("1001", "9", &BOTH);
        let f = side_by_side(&tba_ok(), &tba_ok(), Some(&c), &i, &[], None);
        assert_eq!(codes(&f), [MigrateCode::MigrateEntityMismatch]);
    }

    #[test]
    fn a_scope_the_tba_token_had_is_missing() {
        let i = inv(vec![Api::Rest, Api::Restlet]);
        let c = claims("1001", "4242", &["rest_webservices"]);
        let f = side_by_side(
            &tba_ok(),
            &tba_ok(),
            Some(&c),
            &i,
            &["rest_webservices".into()],
            None,
        );
        assert_eq!(codes(&f), [MigrateCode::MigrateScopeMissing]);
        assert!(f[0].vars.contains(&("missing".into(), "restlets".into())));
    }

    #[test]
    fn a_failing_new_profile_points_at_its_item() {
        let i = inv(vec![Api::Rest]);
        let refused = |err: &str| {
            report(
                false,
                vec![check(CheckId::TokenRequest, Status::Fail, Some(err))],
                Some(DiagnosisCode::TokenRequestRefused),
            )
        };
        let cases = [
            (
                refused("unauthorized_client"),
                MigrateCode::MigrateRecordNotReady,
            ),
            (
                refused("invalid_grant"),
                MigrateCode::MigrateCertificateNotMapped,
            ),
            (refused("invalid_scope"), MigrateCode::MigrateScopeMissing),
            (
                report(false, vec![], Some(DiagnosisCode::KeyUnusable)),
                MigrateCode::MigrateKeyProblem,
            ),
            (
                report(false, vec![], Some(DiagnosisCode::InvalidLogin)),
                MigrateCode::MigrateRolePermission,
            ),
            (
                report(false, vec![], Some(DiagnosisCode::Timeout)),
                MigrateCode::MigrateNewProfileFailing,
            ),
        ];
        for (r, want) in cases {
            let f = side_by_side(&tba_ok(), &r, None, &i, &[], None);
            assert_eq!(codes(&f), [want]);
        }
    }

    #[test]
    fn a_tba_profile_that_stops_working_is_its_own_finding() {
        let i = inv(vec![Api::Rest, Api::Restlet]);
        let broken = report(
            false,
            vec![check(
                CheckId::RestLogin,
                Status::Fail,
                Some("INVALID_LOGIN"),
            )],
            Some(DiagnosisCode::InvalidLogin),
        );
        let f = side_by_side(
            &broken,
            &tba_ok(),
            Some(&claims("1001", "4242", &BOTH)),
            &i,
            &[],
            None,
        );
        assert_eq!(codes(&f), [MigrateCode::MigrateTbaBroken]);
    }

    #[test]
    fn inventory_needs_a_working_tba_profile_and_flags_soap() {
        let mut i = inv(vec![]);
        let f = inventory(
            &report(false, vec![], Some(DiagnosisCode::InvalidLogin)),
            &i,
        );
        assert_eq!(codes(&f), [MigrateCode::MigrateTbaNotWorking]);
        i.working = vec![Api::Rest, Api::Soap];
        i.used = vec![Api::Rest, Api::Soap];
        i.soap_used = true;
        assert_eq!(
            codes(&inventory(&tba_ok(), &i)),
            [MigrateCode::MigrateSoapInUse]
        );
    }
}
