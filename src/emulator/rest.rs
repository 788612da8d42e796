//! REST web services (`/services/rest/…`): serverTime, metadata-catalog and SuiteQL, behind the
//! login step, the REST Web Services permission, record permissions and the concurrency limit.

use axum::http::{Method, StatusCode, header};
use serde_json::json;

use super::model::EMPLOYEES_PERMISSION;
use super::options::RoleWithoutRestAnswer;
use super::responses::{
    self, MalformedKind, rest_concurrency, rest_error, rest_permission, rest_role_refused,
    rest_unauthorized,
};
use super::server::{Outcome, Req, Shared, login_oauth};
use super::verify::Interface;
use super::{Scenario, clock};
use crate::netsuite::endpoints::{REST_METADATA_CATALOG, REST_SERVER_TIME, REST_SUITEQL};

/// Which REST resource was asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resource {
    ServerTime,
    MetadataCatalog,
    SuiteQl,
}

const INVALID_REQUEST: &str =
    "The request could not be understood by the server due to malformed syntax.";

#[allow(
    clippy::too_many_lines,
    reason = "the REST route table in one place; splitting it is the emulator owner's call"
)]
pub(crate) fn handle(shared: &Shared, req: &Req, in_flight: usize) -> Outcome {
    let rfc9110 = shared.options.rfc9110_error_types;
    let resource = match (req.path.as_str(), &req.method) {
        (REST_SERVER_TIME, &Method::GET) => Resource::ServerTime,
        (REST_METADATA_CATALOG, &Method::GET) => Resource::MetadataCatalog,
        (REST_SUITEQL, &Method::POST) => Resource::SuiteQl,
        (REST_SERVER_TIME | REST_METADATA_CATALOG | REST_SUITEQL, _) => {
            return Outcome::plain(rest_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method Not Allowed",
                "INVALID_REQUEST",
                INVALID_REQUEST,
                rfc9110,
            ));
        }
        _ => {
            return Outcome::plain(rest_error(
                StatusCode::NOT_FOUND,
                "Not Found",
                "NONEXISTENT_ID",
                "The emulator serves only system/v1/serverTime, record/v1/metadata-catalog and query/v1/suiteql.",
                rfc9110,
            ));
        }
    };
    let scenario = shared.scenario();
    if scenario == Scenario::Maintenance {
        return Outcome::logged(responses::maintenance(), Interface::Rest, None, None);
    }
    let model = shared.model();
    let realm = model.account.realm();
    let login = match login_oauth(shared, req, Interface::Rest) {
        Ok(login) => login,
        Err(detail) => {
            return Outcome::logged(
                rest_unauthorized(&realm, rfc9110),
                Interface::Rest,
                Some(detail),
                None,
            );
        }
    };
    let note = login.note.clone();
    let log =
        |resp, detail: Option<&str>| Outcome::logged(resp, Interface::Rest, detail, note.clone());
    // API permission: the feature and the role's REST Web Services permission.
    if !model.features.rest_web_services || !login.role.rest_web_services {
        let refused = log(rest_role_refused(rfc9110), Some("USER_ERROR"));
        match shared.options.role_without_rest {
            RoleWithoutRestAnswer::UserError400 => return refused,
            RoleWithoutRestAnswer::ServerTimeOpen if resource != Resource::ServerTime => {
                return refused;
            }
            RoleWithoutRestAnswer::ServerTimeOpen => {}
            RoleWithoutRestAnswer::InvalidLogin401 => {
                return log(
                    rest_unauthorized(&realm, rfc9110),
                    Some("permission_denied"),
                );
            }
        }
    }
    if resource == Resource::SuiteQl && login_audit_query(req) {
        let limit = req
            .query_param("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(1000)
            .clamp(1, 1000);
        let response = super::login_audit::answer(shared, &login, limit, rfc9110);
        let detail = (!response.status().is_success()).then_some("USER_ERROR");
        return log(response, detail);
    }
    let shapes = shared.options.shapes;
    // Record permissions, answered as captured unless the informative shape is on.
    if resource == Resource::SuiteQl && !login.role.suiteanalytics_workbook {
        let response = if shapes.suiteql_names_permission {
            rest_permission("SuiteAnalytics Workbook", rfc9110)
        } else {
            rest_role_refused(rfc9110)
        };
        return log(response, Some("INSUFFICIENT_PERMISSION"));
    }
    let sees_employees = login.role.has_record_permission(EMPLOYEES_PERMISSION);
    let refuse_records = match resource {
        Resource::ServerTime => false,
        Resource::MetadataCatalog => shapes.catalog_forbidden && !sees_employees,
        Resource::SuiteQl => !sees_employees,
    };
    if refuse_records {
        let response = if resource == Resource::SuiteQl && !shapes.suiteql_names_permission {
            responses::suiteql_record_not_found("employee", rfc9110)
        } else {
            rest_permission(EMPLOYEES_PERMISSION, rfc9110)
        };
        return log(response, Some("INSUFFICIENT_PERMISSION"));
    }
    if shared.over_limit(&model, in_flight) {
        if shapes.rest_concurrency_slow_401 {
            return log(
                rest_unauthorized(&realm, rfc9110),
                Some("CONCURRENCY_LIMIT_EXCEEDED"),
            )
            .delayed(super::options::SLOW_401);
        }
        return log(
            rest_concurrency(rfc9110),
            Some("CONCURRENCY_LIMIT_EXCEEDED"),
        );
    }
    if scenario == Scenario::MalformedBody {
        let kind = match resource {
            Resource::ServerTime => MalformedKind::TruncatedJson,
            _ => MalformedKind::Html,
        };
        return log(responses::malformed(kind), None);
    }
    let origin = req
        .header(header::HOST)
        .map(|h| format!("http://{h}"))
        .unwrap_or_default();
    let response = match resource {
        Resource::ServerTime => {
            responses::json_ok(&json!({"serverTime": clock::iso8601(shared.now())}))
        }
        Resource::MetadataCatalog => metadata_catalog(&origin, &login.role),
        Resource::SuiteQl => match suiteql(req, &origin) {
            Ok(r) => r,
            Err(message) => {
                return log(
                    rest_error(
                        StatusCode::BAD_REQUEST,
                        "Bad Request",
                        "INVALID_PARAMETER",
                        &message,
                        rfc9110,
                    ),
                    Some("INVALID_PARAMETER"),
                );
            }
        },
    };
    log(response, None)
}

fn metadata_catalog(origin: &str, role: &super::model::Role) -> axum::response::Response {
    let mut items = Vec::new();
    for (permission, record) in [
        (EMPLOYEES_PERMISSION, "employee"),
        ("Lists -> Customers", "customer"),
    ] {
        if role.has_record_permission(permission) {
            let href = format!("{origin}{REST_METADATA_CATALOG}/{record}");
            items.push(json!({
                "name": record,
                "links": [
                    {"rel": "canonical", "href": href, "mediaType": "application/json"},
                    {"rel": "alternate", "href": href, "mediaType": "application/swagger+json"},
                    {"rel": "describes", "href": format!("{origin}/services/rest/record/v1/{record}")}
                ]
            }));
        }
    }
    responses::json_ok(&json!({
        "items": items,
        "links": [{"rel": "self", "href": format!("{origin}{REST_METADATA_CATALOG}")}]
    }))
}

/// True when the SuiteQL body's query reads the Login Audit Trail.
fn login_audit_query(req: &Req) -> bool {
    serde_json::from_slice::<serde_json::Value>(&req.body)
        .ok()
        .and_then(|b| {
            b.get("q")
                .and_then(|q| q.as_str())
                .map(super::login_audit::queried)
        })
        .unwrap_or(false)
}

/// The sample table SuiteQL answers from.
const EMPLOYEES: [(&str, &str, &str); 3] = [
    ("4242", "Demo Integration User", "integration@example.com"),
    ("4243", "Ada Lovelace", "ada@example.com"),
    ("4244", "Grace Hopper", "grace@example.com"),
];

fn suiteql(req: &Req, origin: &str) -> Result<axum::response::Response, String> {
    let transient = req
        .header(header::HeaderName::from_static("prefer"))
        .is_some_and(|p| p.to_ascii_lowercase().contains("transient"));
    if !transient {
        return Err("Invalid Prefer header: SuiteQL requests need 'Prefer: transient'.".into());
    }
    let body: serde_json::Value = serde_json::from_slice(&req.body)
        .map_err(|_| "The request body must be JSON like {\"q\": \"SELECT …\"}.".to_string())?;
    let q = body
        .get("q")
        .and_then(|q| q.as_str())
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| "The request body must have a non-empty \"q\" string.".to_string())?;
    if !q.trim_start().to_ascii_lowercase().starts_with("select") {
        return Err("Invalid search query: only SELECT statements are supported.".into());
    }
    let number = |name: &str, default: usize| -> Result<usize, String> {
        match req.query_param(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| format!("Invalid '{name}' value {v:?}: expected a whole number.")),
        }
    };
    let limit = number("limit", 1000)?.clamp(1, 1000);
    let offset = number("offset", 0)?;
    let rows: Vec<_> = EMPLOYEES
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(id, name, email)| json!({"links": [], "id": id, "entityid": name, "email": email}))
        .collect();
    let has_more = offset + rows.len() < EMPLOYEES.len();
    Ok(responses::json_ok(&json!({
        "links": [{"rel": "self", "href": format!("{origin}{REST_SUITEQL}?limit={limit}&offset={offset}")}],
        "count": rows.len(),
        "hasMore": has_more,
        "items": rows,
        "offset": offset,
        "totalResults": EMPLOYEES.len(),
    })))
}
