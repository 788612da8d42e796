//! The checks a migration makes against NetSuite: the inventory of the TBA token (a connection
//! test on every interface plus `/rest/tokeninfo`), the quick TBA test after each step, and the
//! side-by-side run of the TBA and the OAuth 2.0 connection at the same moment. Each returns the
//! connection tests' reports (their own diagnoses stay available) and the migration
//! [`Finding`]s read from them ([`super::verdict`]).

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::state::{Identity, Inventory};
use super::verdict::{self, Finding};
use crate::check::auth::{Credentials, Target};
use crate::check::settings::BODY_CAP;
use crate::check::{Api, CheckId, Report, RunInfo, Settings, Status, run_checks_detailed};
use crate::net::http::Http;
use crate::netsuite::oauth2::{M2mCredentials, TokenClaims};
use crate::netsuite::{AccountId, endpoints};

/// Where and how the migration's requests go.
#[derive(Debug, Clone)]
pub struct Connection {
    /// Account id (canonical or as typed).
    pub account: String,
    /// Send every call to this origin (emulator, proxy).
    pub base_url: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl Connection {
    fn settings(&self, credentials: Credentials, apis: Vec<Api>) -> Settings {
        let mut s = Settings::new(self.account.clone(), credentials);
        s.apis = apis;
        s.timeout = self.timeout;
        s.base_url = self.base_url.clone();
        s
    }

    fn restlet_origin(&self) -> Option<String> {
        match &self.base_url {
            Some(b) => Some(b.trim_end_matches('/').to_string()),
            None => AccountId::parse(&self.account)
                .ok()
                .map(|a| a.restlet_base()),
        }
    }
}

/// What the inventory saw.
#[derive(Debug, Clone)]
pub struct InventoryOutcome {
    /// The TBA connection test on every interface.
    pub report: Report,
    /// What it found.
    pub inventory: Inventory,
    /// Failures and warnings for the inventory item.
    pub findings: Vec<Finding>,
}

async fn run(settings: Settings) -> (Report, RunInfo) {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    run_checks_detailed(&settings, tx, CancellationToken::new()).await
}

/// Tests the TBA profile on REST and RESTlets (and SOAP when `used` has it) and reads who the
/// token is from `/rest/tokeninfo`.
pub async fn inventory(
    conn: &Connection,
    tba: &crate::netsuite::Credentials,
    used: &[Api],
) -> InventoryOutcome {
    let soap_used = used.contains(&Api::Soap);
    let mut apis = vec![Api::Rest, Api::Restlet];
    if soap_used {
        apis.push(Api::Soap);
    }
    let (report, _) = run(conn.settings(tba.clone().into(), apis)).await;
    let working = working_apis(&report);
    let identity = who_is(conn, tba).await.unwrap_or_default();
    let inventory = Inventory {
        identity,
        working,
        used: used.to_vec(),
        soap_used,
    };
    let findings = verdict::inventory(&report, &inventory);
    InventoryOutcome {
        report,
        inventory,
        findings,
    }
}

/// The interfaces whose login check passed (or warned) in `report`.
pub fn working_apis(report: &Report) -> Vec<Api> {
    let passed = |id: CheckId| {
        report
            .checks
            .iter()
            .any(|c| c.id == id && matches!(c.status, Status::Pass | Status::Warn))
    };
    [
        (Api::Rest, CheckId::RestLogin),
        (Api::Restlet, CheckId::RestletTokeninfo),
        (Api::Soap, CheckId::SoapLogin),
    ]
    .into_iter()
    .filter(|(_, id)| passed(*id))
    .map(|(api, _)| api)
    .collect()
}

/// A signed `GET /rest/tokeninfo`: the TBA token's role, entity and company. `None` when it
/// cannot be read (the inventory then compares what the OAuth 2.0 token says with nothing).
pub async fn who_is(conn: &Connection, tba: &crate::netsuite::Credentials) -> Option<Identity> {
    let account = AccountId::parse(&conn.account).ok()?;
    let url = format!("{}{}", conn.restlet_origin()?, endpoints::TOKEN_INFO);
    let http = Http::new(conn.timeout, BODY_CAP).ok()?;
    let auth = Credentials::Tba(tba.clone()).authenticator(&account);
    let req = http.client().get(&url).header("Accept", "application/json");
    let req = auth
        .authorize(
            req,
            Target {
                method: "GET",
                url: &url,
            },
        )
        .ok()?;
    let got = http.send(req, &CancellationToken::new()).await.ok()?;
    (got.status == 200).then(|| identity_from_tokeninfo(&got.body))?
}

/// Reads role, entity and company from a tokeninfo body (its keys are undocumented: the names
/// Oracle's prose uses, any case, one level of nesting).
pub fn identity_from_tokeninfo(body: &[u8]) -> Option<Identity> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut flat: Vec<(String, String)> = Vec::new();
    let push = |k: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>| {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return,
        };
        out.push((k.to_ascii_lowercase(), crate::redact::sanitize(&text, 80)));
    };
    for (k, val) in v.as_object()? {
        match val {
            serde_json::Value::Object(inner) => {
                for (k2, v2) in inner {
                    push(&format!("{k}{k2}"), v2, &mut flat);
                }
            }
            other => push(k, other, &mut flat),
        }
    }
    let find = |want: &[&str]| {
        want.iter()
            .find_map(|w| flat.iter().find(|(k, _)| k == w).map(|(_, v)| v.clone()))
    };
    let id = Identity {
        role: find(&["roleid", "role"]),
        role_name: find(&["rolename"]),
        entity: find(&["entityid", "entity", "userid"]),
        company: find(&["companyname", "company"]),
    };
    (id.role.is_some() || id.entity.is_some()).then_some(id)
}

/// A quick TBA test (on the interfaces it worked on): does the TBA profile still work?
pub async fn tba_works(
    conn: &Connection,
    tba: &crate::netsuite::Credentials,
    apis: &[Api],
) -> Report {
    let apis = if apis.is_empty() {
        vec![Api::Rest]
    } else {
        apis.iter().copied().filter(|a| *a != Api::Soap).collect()
    };
    run(conn.settings(tba.clone().into(), apis)).await.0
}

/// What the side-by-side run saw.
#[derive(Debug, Clone)]
pub struct SideBySide {
    /// The TBA connection test.
    pub tba: Report,
    /// The OAuth 2.0 connection test.
    pub oauth2: Report,
    /// The OAuth 2.0 token's claims (decoded, unverified).
    pub claims: Option<TokenClaims>,
    /// Failures and warnings, each with its item.
    pub findings: Vec<Finding>,
}

/// Tests the TBA and the new OAuth 2.0 connection (M2M, or an authorization-code login)
/// concurrently (one run) and compares who each token is; `asked` are the scopes the new
/// connection asks for.
pub async fn side_by_side(
    conn: &Connection,
    tba: &crate::netsuite::Credentials,
    new: Credentials,
    asked: &[String],
    inventory: &Inventory,
    accepted_role: Option<&str>,
) -> SideBySide {
    let apis: Vec<Api> = inventory
        .working
        .iter()
        .copied()
        .filter(|a| *a != Api::Soap)
        .collect();
    let apis = if apis.is_empty() {
        vec![Api::Rest]
    } else {
        apis
    };
    let tba_run = run(conn.settings(tba.clone().into(), apis.clone()));
    let new_run = run(conn.settings(new, apis));
    let ((tba_report, _), (oauth2, info)) = tokio::join!(tba_run, new_run);
    let claims = info.token;
    let findings = verdict::side_by_side(
        &tba_report,
        &oauth2,
        claims.as_ref(),
        inventory,
        asked,
        accepted_role,
    );
    SideBySide {
        tba: tba_report,
        oauth2,
        claims,
        findings,
    }
}

/// The new connection alone, on `apis` (the key item's live check). When its token request is
/// refused while asking for several scopes, each scope is tried alone: a scope that works alone
/// means the record lacks the others (NetSuite answers the same opaque refusal for every cause).
pub async fn oauth2_alone(
    conn: &Connection,
    m2m: &M2mCredentials,
    apis: &[Api],
) -> (Report, Option<Finding>) {
    let apis: Vec<Api> = apis.iter().copied().filter(|a| *a != Api::Soap).collect();
    let apis = if apis.is_empty() {
        vec![Api::Rest]
    } else {
        apis
    };
    let (report, _) = run(conn.settings(m2m.clone().into(), apis.clone())).await;
    if report.ok {
        return (report, None);
    }
    let mut finding = verdict::attribute(&report, &m2m.scopes);
    let refused = report
        .diagnoses
        .first()
        .is_some_and(|d| d.code == crate::check::DiagnosisCode::TokenRequestRefused);
    if refused && m2m.scopes.len() > 1 {
        for scope in &m2m.scopes {
            let mut one = m2m.clone();
            one.scopes = vec![scope.clone()];
            let (r, _) = run(conn.settings(one.into(), vec![Api::Rest])).await;
            let token_ok = r
                .checks
                .iter()
                .any(|c| c.id == CheckId::TokenRequest && c.status == Status::Pass);
            if token_ok {
                let missing: Vec<String> =
                    m2m.scopes.iter().filter(|s| *s != scope).cloned().collect();
                finding = Finding::new(
                    super::code::MigrateCode::MigrateScopeMissing,
                    &[
                        ("missing", &missing.join(", ")),
                        ("wanted", &m2m.scopes.join(",")),
                        (
                            "apis",
                            &apis.iter().map(Api::name).collect::<Vec<_>>().join(", "),
                        ),
                    ],
                );
                break;
            }
        }
    }
    (report, Some(finding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokeninfo_keys_are_read_in_any_case_and_nesting() {
        let id = identity_from_tokeninfo(
            br#"{"companyName":"Acme","roleId":1001,"roleName":"Integration","entityId":4242}"#,
        )
        .unwrap();
        assert_eq!(id.role.as_deref(), Some("1001"));
        assert_eq!(id.entity.as_deref(), Some("4242"));
        assert_eq!(id.company.as_deref(), Some("Acme"));
        let nested = identity_from_tokeninfo(br#"{"role":{"Id":"3"},"entity":{"id":7}}"#).unwrap();
        assert_eq!(nested.role.as_deref(), Some("3"));
        assert_eq!(nested.entity.as_deref(), Some("7"));
        assert!(identity_from_tokeninfo(b"{}").is_none());
        assert!(identity_from_tokeninfo(b"<html>").is_none());
    }
}
