//! SOAP web services: `getServerTime` with a `tokenPassport`, and the faults of reference §5.3.

use axum::http::{Method, StatusCode, header};

use super::Scenario;
use super::clock;
use super::responses::{
    self, MalformedKind, soap_client_fault, soap_concurrency, soap_fault, soap_invalid_login,
};
use super::server::{Outcome, Req, Shared};
use super::soap_request::{self, Passport};
use super::verify::{Interface, Presented, Signed, verify};

pub(crate) fn handle(shared: &Shared, req: &Req, in_flight: usize) -> Outcome {
    if req.path != crate::netsuite::endpoints::SOAP {
        return Outcome::plain(responses::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not Found: the emulator serves only /services/NetSuitePort_2025_2",
        ));
    }
    if req.method != Method::POST {
        return Outcome::plain(responses::with_body(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "SOAP requests must be POSTed",
        ));
    }
    let scenario = shared.scenario();
    let shapes = shared.options.shapes;
    if shapes.soap_wrong_data_center {
        return Outcome::plain(responses::soap_wrong_data_center());
    }
    if scenario == Scenario::Maintenance {
        let page = if shapes.soap_maintenance_html {
            responses::maintenance()
        } else {
            responses::soap_maintenance()
        };
        return Outcome::logged(page, Interface::Soap, None, None);
    }
    let log = |resp, detail: Option<&str>, note: Option<String>| {
        Outcome::logged(resp, Interface::Soap, detail, note)
    };
    let text = String::from_utf8_lossy(&req.body);
    let envelope = match soap_request::parse(&text) {
        Ok(e) => e,
        Err(e) => return Outcome::plain(soap_client_fault(&e.to_string())),
    };
    // A JSESSIONID cookie counts as a second credential, like applicationInfo or a passport.
    let session_cookie = req
        .header(header::COOKIE)
        .is_some_and(|c| c.contains("JSESSIONID"));
    if envelope.passports.len() > 1 || !envelope.other_credentials.is_empty() || session_cookie {
        return log(
            soap_fault(
                "Ambiguous authentication",
                "invalidCredentialsFault",
                "USER_ERROR",
            ),
            Some("Ambiguous authentication"),
            None,
        );
    }
    let Some(passport) = envelope.passports.first() else {
        return log(
            soap_invalid_login(),
            Some("MissingTokenPassportRequiredFields"),
            None,
        );
    };
    let login = match check_passport(shared, passport) {
        Ok(login) => login,
        Err(detail) => return log(soap_invalid_login(), Some(detail), None),
    };
    let note = login.note.clone();
    let model = shared.model();
    // [U] NetSuite documents the codes (WS_FEATURE_REQD, WS_PERMISSION_REQD), not the wording.
    if !model.features.soap_web_services {
        return log(
            soap_fault(
                "The SOAP Web Services feature is not enabled in this account.",
                "invalidCredentialsFault",
                "WS_FEATURE_REQD",
            ),
            Some("WS_FEATURE_REQD"),
            note,
        );
    }
    if !login.role.soap_web_services {
        return log(
            soap_fault(
                responses::ROLE_NO_PERMISSION,
                "insufficientPermissionFault",
                "WS_PERMISSION_REQD",
            ),
            Some("WS_PERMISSION_REQD"),
            note,
        );
    }
    let action = req
        .header(header::HeaderName::from_static("soapaction"))
        .unwrap_or("")
        .trim()
        .trim_matches('"');
    let operation = envelope.operation.as_deref().unwrap_or("");
    if operation != "getServerTime" || !(action.is_empty() || action == "getServerTime") {
        return log(
            soap_client_fault(&format!(
                "The emulator implements only getServerTime (SOAPAction {action:?}, body operation {operation:?})"
            )),
            Some("UNSUPPORTED_OPERATION"),
            note,
        );
    }
    if shared.over_limit(&model, in_flight) {
        return log(soap_concurrency(), Some("WS_REQUEST_BLOCKED"), note);
    }
    if scenario == Scenario::MalformedBody {
        return log(
            responses::malformed(MalformedKind::TruncatedXml),
            None,
            note,
        );
    }
    log(
        responses::soap_server_time(&clock::iso8601(shared.now())),
        None,
        note,
    )
}

fn check_passport(shared: &Shared, p: &Passport) -> Result<super::verify::Login, &'static str> {
    let (Some(account), Some(ck), Some(token), Some(nonce), Some(ts), Some(sig)) = (
        p.account.as_deref(),
        p.consumer_key.as_deref(),
        p.token.as_deref(),
        p.nonce.as_deref(),
        p.timestamp.as_deref(),
        p.signature.as_deref(),
    ) else {
        return Err("MissingTokenPassportRequiredFields");
    };
    if [account, ck, token, nonce, ts, sig]
        .iter()
        .any(|v| v.is_empty())
    {
        return Err("MissingTokenPassportRequiredFields");
    }
    let presented = Presented {
        interface: Interface::Soap,
        consumer_key: ck,
        token,
        nonce,
        timestamp: ts,
        version: None,
        algorithm: p.algorithm.as_deref().unwrap_or(""),
        signature: sig,
        signed: Signed::Passport { account },
    };
    let now = shared.now();
    let mut state = shared.lock();
    let inner = &mut *state;
    verify(
        &inner.model,
        &shared.options,
        now,
        &mut inner.replay,
        &presented,
    )
}
