//! The RESTlet stack: `/rest/tokeninfo` and the sample script at `/app/site/hosting/restlet.nl`.
//! Errors use the `{"error":{code,message}}` envelope in the request's content type.

use axum::http::{Method, StatusCode, header};
use serde_json::json;

use super::Scenario;
use super::options::RestletAlgorithmAnswer;
use super::responses::{
    self, MalformedKind, RestletFormat, restlet_error, restlet_login_refused, restlet_unauthorized,
};
use super::server::{Outcome, Req, Shared, login_oauth};
use super::verify::Interface;
use crate::netsuite::endpoints::{RESTLET, TOKEN_INFO};

/// NetSuite's message for `SSS_INVALID_SCRIPTLET_ID`.
const INVALID_SCRIPTLET: &str = "That Suitelet is invalid, disabled, or no longer exists.";

#[allow(
    clippy::too_many_lines,
    reason = "the RESTlet route table in one place; splitting it is the emulator owner's call"
)]
pub(crate) fn handle(shared: &Shared, req: &Req, in_flight: usize) -> Outcome {
    let shapes = shared.options.shapes;
    let content_type = req.header(header::CONTENT_TYPE);
    let format =
        if shapes.restlet_plain_text_get && req.method == Method::GET && content_type.is_none() {
            RestletFormat::Text
        } else {
            RestletFormat::from_content_type(content_type)
        };
    let is_script = req.path == RESTLET;
    let allowed = if is_script {
        matches!(
            req.method,
            Method::GET | Method::POST | Method::PUT | Method::DELETE
        )
    } else if req.path == TOKEN_INFO {
        req.method == Method::GET
    } else {
        // The token-flow endpoints (requesttoken, accesstoken, …) are not emulated yet.
        return Outcome::plain(responses::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not Found",
        ));
    };
    if !allowed {
        return Outcome::plain(restlet_error(
            StatusCode::METHOD_NOT_ALLOWED,
            format,
            "INVALID_REQUEST",
            "The request could not be understood by the server due to malformed syntax.",
        ));
    }
    let scenario = shared.scenario();
    if scenario == Scenario::Maintenance {
        return Outcome::logged(responses::maintenance(), Interface::Restlet, None, None);
    }
    let login = match login_oauth(shared, req, Interface::Restlet) {
        Ok(login) => login,
        Err(detail) => {
            let response = if detail == "UnknownAlgorithm"
                && shared.options.restlet_unknown_algorithm
                    == RestletAlgorithmAnswer::InvalidRequest
            {
                restlet_error(
                    StatusCode::BAD_REQUEST,
                    format,
                    "INVALID_REQUEST",
                    "The request could not be understood by the server due to malformed syntax.",
                )
            } else if shapes.restlet_login_403 {
                restlet_login_refused(StatusCode::FORBIDDEN, format)
            } else {
                restlet_unauthorized(format)
            };
            return Outcome::logged(response, Interface::Restlet, Some(detail), None);
        }
    };
    let note = login.note.clone();
    let log = |resp, detail: Option<&str>| {
        Outcome::logged(resp, Interface::Restlet, detail, note.clone())
    };
    let model = shared.model();
    // "Roles with the Web Services Only restriction don't work with RESTlets." (Whether that
    // covers /rest/tokeninfo is unverified: an option.)
    let refuses_ws_only = is_script || shared.options.web_services_only_refuses_tokeninfo;
    if refuses_ws_only && login.role.web_services_only {
        return log(
            restlet_error(
                StatusCode::UNAUTHORIZED,
                format,
                "INVALID_LOGIN_CREDENTIALS",
                // [U] the NLAuth message NetSuite uses with this code; RESTlet wording unconfirmed.
                "You have entered an invalid email address or account number. Please try again.",
            ),
            Some("INVALID_LOGIN_CREDENTIALS"),
        );
    }
    if is_script {
        let script = req.query_param("script").unwrap_or_default();
        let deploy = req.query_param("deploy").unwrap_or_default();
        let deployed = model.features.server_suitescript
            && model
                .restlets
                .iter()
                .any(|d| d.released && d.matches(&script, &deploy));
        if !deployed {
            return log(
                restlet_error(
                    StatusCode::BAD_REQUEST,
                    format,
                    "SSS_INVALID_SCRIPTLET_ID",
                    INVALID_SCRIPTLET,
                ),
                Some("SSS_INVALID_SCRIPTLET_ID"),
            );
        }
    }
    if shared.over_limit(&model, in_flight) {
        // [U] message text: NetSuite documents the code, not the wording.
        return log(
            restlet_error(
                StatusCode::BAD_REQUEST,
                format,
                "SSS_REQUEST_LIMIT_EXCEEDED",
                "Concurrent request limit exceeded. Request blocked.",
            ),
            Some("SSS_REQUEST_LIMIT_EXCEEDED"),
        );
    }
    if scenario == Scenario::MalformedBody {
        let kind = if is_script {
            MalformedKind::TruncatedJson
        } else {
            MalformedKind::Html
        };
        return log(responses::malformed(kind), None);
    }
    let body = if is_script {
        let params: serde_json::Map<String, serde_json::Value> = req
            .query_params()
            .into_iter()
            .filter(|(k, _)| k != "script" && k != "deploy")
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        let received = serde_json::from_slice::<serde_json::Value>(&req.body).ok();
        json!({
            "ok": true,
            "message": "Hello from the nstba emulated RESTlet",
            "method": req.method.as_str(),
            "parameters": params,
            "received": received,
        })
    } else {
        // The keys of the real tokeninfo answer are undocumented (addendum §2): these are the
        // names Oracle's prose uses, camel-cased, which lenient clients match.
        json!({
            "companyName": model.company_name,
            "companyId": model.account.realm(),
            "roleName": login.role.name,
            "roleId": login.role.id,
            "entityId": login.user.id,
        })
    };
    log(responses::json_ok(&body), None)
}
