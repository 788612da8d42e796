//! Response bodies exactly as NetSuite sends them (reference §5): the REST problem+json shapes,
//! the RESTlet `{"error":{code,message}}` envelope in the request's content type, SOAP faults, the
//! maintenance page and deliberately broken bodies for the MalformedBody scenario.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::json;

/// "Invalid login attempt." — the one message every TBA failure gets.
pub const INVALID_LOGIN_ATTEMPT: &str = "Invalid login attempt.";
/// NetSuite's scheduled-maintenance text.
pub const MAINTENANCE_TEXT: &str = "The account you are trying to access is currently unavailable while we undergo our regularly scheduled maintenance.";
/// REST and SOAP text for a role without the API permission (single vendor source, addendum §3).
pub const ROLE_NO_PERMISSION: &str =
    "Your current role does not have permission to perform this action.";
/// Content type of REST error bodies ([U]: not verified on the wire).
pub const REST_ERROR_CONTENT_TYPE: &str = "application/vnd.oracle.resource+json; type=error";
const SOAP_VERSION: &str = crate::netsuite::soap::SOAP_VERSION;

/// Builds a response with a body and content type.
pub fn with_body(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// A JSON success body.
pub fn json_ok(value: &serde_json::Value) -> Response<Body> {
    with_body(
        StatusCode::OK,
        "application/json; charset=utf-8",
        value.to_string(),
    )
}

fn rest_type(status: u16, rfc9110: bool) -> String {
    let (section, old) = match status {
        400 => ("15.5.1", "sec10.4.1"),
        401 => ("15.5.2", "sec10.4.2"),
        403 => ("15.5.4", "sec10.4.4"),
        404 => ("15.5.5", "sec10.4.5"),
        429 => ("15.5.1", "sec10.4.1"),
        _ => ("15.6.1", "sec10.5.1"),
    };
    if rfc9110 {
        format!("https://www.rfc-editor.org/rfc/rfc9110.html#section-{section}")
    } else {
        format!("https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#{old}")
    }
}

/// A REST error with one `o:errorDetails` entry.
pub fn rest_error(
    status: StatusCode,
    title: &str,
    code: &str,
    detail: &str,
    rfc9110: bool,
) -> Response<Body> {
    // Written by hand to keep NetSuite's key order (type, title, status, o:errorDetails);
    // serde_json's map would sort the keys.
    let body = format!(
        "{{\"type\":{},\"title\":{},\"status\":{},\"o:errorDetails\":[{{\"detail\":{},\"o:errorCode\":{}}}]}}",
        json!(rest_type(status.as_u16(), rfc9110)),
        json!(title),
        status.as_u16(),
        json!(detail),
        json!(code),
    );
    with_body(status, REST_ERROR_CONTENT_TYPE, body)
}

/// The REST 401 every TBA failure gets (§5.1), with its `WWW-Authenticate` header.
pub fn rest_unauthorized(realm: &str, rfc9110: bool) -> Response<Body> {
    let mut r = rest_error(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        "INVALID_LOGIN",
        "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
        rfc9110,
    );
    let challenge = format!(
        "OAuth realm=\"{realm}\", error=\"token_rejected\", error_description=\"{INVALID_LOGIN_ATTEMPT}\""
    );
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

/// REST 429 (Oracle's sample, with its top-level `o:errorCode` and odd "Bad Request" title).
pub fn rest_concurrency(rfc9110: bool) -> Response<Body> {
    let body = format!(
        "{{\"type\":{},\"title\":\"Bad Request\",\"status\":429,\"o:errorCode\":\"USER_ERROR\",\
\"o:errorDetails\":[{{\"detail\":\"Concurrent request limit exceeded. Request blocked.\",\
\"o:errorCode\":\"CONCURRENCY_LIMIT_EXCEEDED\"}}]}}",
        json!(rest_type(429, rfc9110)),
    );
    with_body(StatusCode::TOO_MANY_REQUESTS, REST_ERROR_CONTENT_TYPE, body)
}

/// REST 403 for a missing record permission. The text keeps NetSuite's two spaces
/// (`"You need  the"`), as captured; clients must not match it byte for byte.
pub fn rest_permission(permission: &str, rfc9110: bool) -> Response<Body> {
    rest_error(
        StatusCode::FORBIDDEN,
        "Forbidden",
        "INSUFFICIENT_PERMISSION",
        &format!(
            "Permission Violation: You need  the '{permission}' permission to access this page. Please contact your account administrator."
        ),
        rfc9110,
    )
}

/// SuiteQL on a record the role cannot see, as captured: a 400 `INVALID_PARAMETER` that names
/// the record, not the permission (issue 20).
pub fn suiteql_record_not_found(record: &str, rfc9110: bool) -> Response<Body> {
    rest_error(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        "INVALID_PARAMETER",
        &format!(
            "Invalid search query. Detailed unprocessed description follows. Search error occurred: Record '{record}' was not found."
        ),
        rfc9110,
    )
}

/// The 400 `USER_ERROR` "Your current role does not have permission to perform this action."
/// (role without REST Web Services; SuiteQL without SuiteAnalytics Workbook, as captured).
pub fn rest_role_refused(rfc9110: bool) -> Response<Body> {
    rest_error(
        StatusCode::BAD_REQUEST,
        "Bad Request",
        "USER_ERROR",
        ROLE_NO_PERMISSION,
        rfc9110,
    )
}

/// The body format a RESTlet answers in: the request's content type (§5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestletFormat {
    /// `application/json` (also the default).
    Json,
    /// `application/xml`.
    Xml,
    /// `text/plain`.
    Text,
}

impl RestletFormat {
    /// From the request's `Content-Type`.
    pub fn from_content_type(ct: Option<&str>) -> RestletFormat {
        let ct = ct.unwrap_or("").to_ascii_lowercase();
        if ct.contains("xml") {
            RestletFormat::Xml
        } else if ct.starts_with("text/") {
            RestletFormat::Text
        } else {
            RestletFormat::Json
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A RESTlet-stack error envelope.
pub fn restlet_error(
    status: StatusCode,
    format: RestletFormat,
    code: &str,
    message: &str,
) -> Response<Body> {
    match format {
        RestletFormat::Json => with_body(
            status,
            "application/json; charset=utf-8",
            json!({"error": {"code": code, "message": message}}).to_string(),
        ),
        RestletFormat::Xml => with_body(
            status,
            "application/xml; charset=utf-8",
            format!(
                "<error><code>{}</code><message>{}</message></error>",
                xml_escape(code),
                xml_escape(message)
            ),
        ),
        RestletFormat::Text => with_body(
            status,
            "text/plain; charset=utf-8",
            format!("error code: {code} error message: {message}"),
        ),
    }
}

/// The RESTlet 401 every TBA failure gets.
pub fn restlet_unauthorized(format: RestletFormat) -> Response<Body> {
    restlet_login_refused(StatusCode::UNAUTHORIZED, format)
}

/// `INVALID_LOGIN_ATTEMPT` with the given status (401, or the 403 some users report).
pub fn restlet_login_refused(status: StatusCode, format: RestletFormat) -> Response<Body> {
    restlet_error(
        status,
        format,
        "INVALID_LOGIN_ATTEMPT",
        INVALID_LOGIN_ATTEMPT,
    )
}

/// A SOAP fault (HTTP 500) with a NetSuite fault element in `detail`.
pub fn soap_fault(faultstring: &str, fault_element: &str, code: &str) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.userException</faultcode>\
<faultstring>{msg}</faultstring><detail>\
<platformFaults:{el} xmlns:platformFaults=\"urn:faults_{v}.platform.webservices.netsuite.com\">\
<platformFaults:code>{code}</platformFaults:code><platformFaults:message>{msg}</platformFaults:message>\
</platformFaults:{el}><ns1:hostname xmlns:ns1=\"http://xml.apache.org/axis/\">nstba-emulator</ns1:hostname>\
</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
        msg = xml_escape(faultstring),
        el = fault_element,
        code = xml_escape(code),
        v = SOAP_VERSION,
    );
    with_body(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/xml; charset=utf-8",
        body,
    )
}

/// A SOAP fault for a request the server could not read (`soapenv:Client`, no NetSuite detail).
pub fn soap_client_fault(faultstring: &str) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">\
<soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode>\
<faultstring>{}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
        xml_escape(faultstring)
    );
    with_body(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/xml; charset=utf-8",
        body,
    )
}

/// SOAP "Invalid login attempt." (detail `invalidCredentialsFault` / `USER_ERROR`, as captured).
pub fn soap_invalid_login() -> Response<Body> {
    soap_fault(
        INVALID_LOGIN_ATTEMPT,
        "invalidCredentialsFault",
        "USER_ERROR",
    )
}

/// SOAP concurrency fault for TBA requests.
pub fn soap_concurrency() -> Response<Body> {
    soap_fault(
        "SuiteTalk concurrent request limit exceeded. Request blocked.",
        "exceededConcurrentRequestLimitFault",
        "WS_REQUEST_BLOCKED",
    )
}

/// A successful `getServerTime` response.
pub fn soap_server_time(iso_time: &str) -> Response<Body> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<soapenv:Header><platformMsgs:documentInfo xmlns:platformMsgs=\"urn:messages_{v}.platform.webservices.netsuite.com\">\
<platformMsgs:nsId>WEBSERVICES_NSTBA_EMULATOR</platformMsgs:nsId></platformMsgs:documentInfo></soapenv:Header>\
<soapenv:Body><getServerTimeResponse xmlns=\"urn:messages_{v}.platform.webservices.netsuite.com\">\
<platformCore:getServerTimeResult xmlns:platformCore=\"urn:core_{v}.platform.webservices.netsuite.com\">\
<platformCore:status isSuccess=\"true\"/><platformCore:serverTime>{t}</platformCore:serverTime>\
</platformCore:getServerTimeResult></getServerTimeResponse></soapenv:Body></soapenv:Envelope>",
        v = SOAP_VERSION,
        t = xml_escape(iso_time),
    );
    with_body(StatusCode::OK, "text/xml; charset=utf-8", body)
}

/// SOAP's wrong-data-center text (NetSweet/netsuite #422, netsuitephp/netsuite-php #37).
pub const SOAP_WRONG_DATA_CENTER: &str = "You are not requesting the correct data center for your company! Please correct the host in the URL.";

/// Maintenance as SOAP clients see it: a fault carrying the maintenance text. The fault code is
/// the least telling one (`UNEXPECTED_ERROR`); clients recognise it by the text, as NetSweet's
/// retry list does.
pub fn soap_maintenance() -> Response<Body> {
    soap_fault(MAINTENANCE_TEXT, "unexpectedErrorFault", "UNEXPECTED_ERROR")
}

/// The SOAP fault for a request sent to another data center's host.
pub fn soap_wrong_data_center() -> Response<Body> {
    soap_fault(
        SOAP_WRONG_DATA_CENTER,
        "unexpectedErrorFault",
        "UNEXPECTED_ERROR",
    )
}

/// The 503 maintenance page (HTML, whatever the client asked for).
pub fn maintenance() -> Response<Body> {
    let mut r = with_body(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        format!(
            "<html><head><title>NetSuite - Scheduled Maintenance</title></head>\
<body><h1>Scheduled Maintenance</h1><p>{MAINTENANCE_TEXT}</p></body></html>"
        ),
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("600"));
    r
}

/// A 200 whose body is broken: truncated JSON, or an HTML page where JSON was expected.
pub fn malformed(kind: MalformedKind) -> Response<Body> {
    match kind {
        MalformedKind::TruncatedJson => with_body(
            StatusCode::OK,
            "application/json; charset=utf-8",
            "{\"serverTime\":\"20",
        ),
        MalformedKind::Html => with_body(
            StatusCode::OK,
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>NetSuite</title></head><body>Loading…",
        ),
        MalformedKind::TruncatedXml => with_body(
            StatusCode::OK,
            "text/xml; charset=utf-8",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><getServerTimeRes",
        ),
    }
}

/// Which kind of broken body to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedKind {
    /// JSON cut off mid-value.
    TruncatedJson,
    /// An HTML page.
    Html,
    /// XML cut off mid-element.
    TruncatedXml,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restlet_formats() {
        assert_eq!(
            RestletFormat::from_content_type(Some("Application/XML")),
            RestletFormat::Xml
        );
        assert_eq!(
            RestletFormat::from_content_type(Some("text/plain")),
            RestletFormat::Text
        );
        assert_eq!(RestletFormat::from_content_type(None), RestletFormat::Json);
    }

    #[test]
    fn rest_bodies_keep_netsuites_key_order_and_parse() {
        for body in [
            rest_error(StatusCode::FORBIDDEN, "Forbidden", "C\"X", "d\\e", true),
            rest_concurrency(false),
        ] {
            let bytes = futures::executor::block_on(axum::body::to_bytes(body.into_body(), 10_000))
                .unwrap();
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            assert!(text.starts_with("{\"type\":\"https://"), "{text}");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert!(v["o:errorDetails"][0]["o:errorCode"].is_string());
        }
    }

    #[test]
    fn rest_type_uris() {
        assert_eq!(
            rest_type(401, false),
            "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2"
        );
    }
}
