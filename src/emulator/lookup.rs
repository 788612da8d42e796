//! `GET /rest/datacenterurls?account=ID` (no authentication), answered for the emulated account.
//!
//! Choices where NetSuite's REST behaviour is unverified (addendum §4):
//! * the hyphenated form (`1234567-sb1`) is refused with `400 Company Id is invalid` (one real
//!   observation); so is anything that is not an account id;
//! * a different case of the canonical id (`1234567_sb1`) is accepted (case sensitivity unknown);
//! * a well-formed but unknown id gets NetSuite's *default* hosts, as SOAP `getDataCenterUrls`
//!   is documented to do; clients should check the hosts contain the expected slug (the shape
//!   `lookup-400` answers `400 Company Id is invalid` instead, which may be what REST does).

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::responses;
use super::server::{Req, Shared};
use crate::netsuite::AccountId;

pub(crate) fn handle(shared: &Shared, req: &Req) -> axum::response::Response {
    if req.method != Method::GET {
        return responses::with_body(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "Method Not Allowed",
        );
    }
    let invalid = || {
        responses::with_body(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "Company Id is invalid",
        )
    };
    let Some(raw) = req.query_param("account").or_else(|| req.query_param("c")) else {
        return invalid();
    };
    let raw = raw.trim();
    if raw.is_empty() || raw.contains('-') || raw.contains(['/', ':', '.']) {
        return invalid();
    }
    let Ok(asked) = AccountId::parse(raw) else {
        return invalid();
    };
    let model = shared.model();
    if model.known_to_lookup && asked == model.account {
        let slug = asked.slug();
        responses::json_ok(&json!({
            "restDomain": format!("https://{slug}.restlets.api.netsuite.com"),
            "webservicesDomain": format!("https://{slug}.suitetalk.api.netsuite.com"),
            "systemDomain": format!("https://{slug}.app.netsuite.com"),
        }))
    } else if shared.options.shapes.lookup_unknown_400 {
        invalid()
    } else {
        responses::json_ok(&json!({
            "restDomain": "https://rest.netsuite.com",
            "webservicesDomain": "https://webservices.netsuite.com",
            "systemDomain": "https://system.netsuite.com",
        }))
    }
}
