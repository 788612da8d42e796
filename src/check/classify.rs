//! Response → observation: reads whatever NetSuite (or anything pretending to be it) sent back and
//! says what it means — REST error JSON, the RESTlet `{"error":{…}}` envelope in JSON/XML/text,
//! SOAP faults, HTML and maintenance pages, broken bytes. Pure functions; never panics.

use serde_json::Value;

// The one sanitizer for server text (escape sequences, controls, bidi overrides; capped).
pub use crate::redact::sanitize;

/// Which front end a probe talked to (the same code means different things on each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// `/rest/datacenterurls` (no auth).
    Lookup,
    /// REST web services (`/services/rest/…`).
    Rest,
    /// RESTlet stack (`/rest/tokeninfo`, `restlet.nl`).
    Restlet,
    /// SOAP web services.
    Soap,
}

/// What a response says, in diagnosis terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 2xx without an error in the body.
    Success,
    /// Token-based login refused (401 / INVALID_LOGIN* / "Invalid login attempt.").
    LoginFailed,
    /// RESTlet `INVALID_LOGIN_CREDENTIALS`: a "Web Services Only" role calling the RESTlet stack.
    WebServicesOnlyRole,
    /// Login accepted, but the role cannot use this interface ("Your current role does not have
    /// permission to perform this action", `USER_ERROR`).
    RoleCannotUseApi,
    /// Authenticated, but a record/feature permission is missing (403 / INSUFFICIENT_PERMISSION).
    PermissionMissing,
    /// SOAP `WS_FEATURE_REQD`: the web services feature is off.
    FeatureOff,
    /// SOAP `WS_PERMISSION_REQD`: the role lacks SOAP Web Services.
    ApiPermissionMissing,
    /// Concurrency limit (429, SSS_REQUEST_LIMIT_EXCEEDED, WS_REQUEST_BLOCKED).
    Concurrency,
    /// 503, maintenance page, ACCT_TEMP_UNAVAILABLE.
    Unavailable,
    /// Redirect / "Incorrect data center" / RESTlet 403 on the wrong domain.
    WrongHost,
    /// SOAP "Ambiguous authentication".
    AmbiguousAuth,
    /// Two-factor authentication demanded.
    TwoFactorRequired,
    /// Anything else.
    Unexpected,
}

/// What a body looked like, for evidence; displayed as a short phrase (`JSON`, `HTML page`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyShape {
    /// Parsed JSON.
    Json,
    /// JSON that parsed though the body was cut at the size cap.
    JsonCut,
    /// JSON cut off mid-value.
    TruncatedJson,
    /// Not JSON although it looked like it.
    InvalidJson,
    /// XML (not a SOAP fault).
    Xml,
    /// A SOAP fault.
    SoapFault,
    /// Plain text.
    #[default]
    Text,
    /// An HTML page.
    Html,
    /// No body.
    Empty,
    /// Bytes that are not UTF-8.
    InvalidUtf8,
}

impl BodyShape {
    /// The phrase shown in evidence (stable: it appears in reports).
    pub fn as_str(&self) -> &'static str {
        match self {
            BodyShape::Json => "JSON",
            BodyShape::JsonCut => "JSON (cut at the size limit)",
            BodyShape::TruncatedJson => "truncated JSON",
            BodyShape::InvalidJson => "invalid JSON",
            BodyShape::Xml => "XML",
            BodyShape::SoapFault => "SOAP fault",
            BodyShape::Text => "text",
            BodyShape::Html => "HTML page",
            BodyShape::Empty => "empty body",
            BodyShape::InvalidUtf8 => "invalid UTF-8",
        }
    }

    /// Whether the body is broken (not a usable answer even on a 2xx).
    fn is_broken(&self) -> bool {
        matches!(
            self,
            BodyShape::InvalidUtf8
                | BodyShape::InvalidJson
                | BodyShape::TruncatedJson
                | BodyShape::SoapFault
        )
    }
}

impl std::fmt::Display for BodyShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The classified response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// Meaning.
    pub kind: Kind,
    /// HTTP status.
    pub status: u16,
    /// NetSuite's error code (the most specific one found).
    pub code: Option<String>,
    /// NetSuite's message / detail / faultstring, sanitized.
    pub message: Option<String>,
    /// The permission named in a "You need the 'X' permission" text.
    pub permission: Option<String>,
    /// What the body looked like, for evidence (`JSON`, `HTML page`, `invalid UTF-8`…).
    pub shape: BodyShape,
    /// A short sanitized excerpt of the body (≤ 200 characters).
    pub excerpt: String,
}

/// Longest excerpt shown to users.
pub const EXCERPT_MAX: usize = 200;

/// Removes `<…>` tags (for an HTML excerpt people can read).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The error fields found in a body.
#[derive(Default)]
struct Extracted {
    code: Option<String>,
    message: Option<String>,
    shape: BodyShape,
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn from_json(v: &Value) -> Extracted {
    let mut x = Extracted {
        shape: BodyShape::Json,
        ..Default::default()
    };
    // REST: o:errorDetails[].o:errorCode / detail (most specific), then top-level o:errorCode.
    if let Some(first) = v
        .get("o:errorDetails")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        x.code = str_field(first, "o:errorCode").map(str::to_string);
        x.message = str_field(first, "detail").map(str::to_string);
    }
    if x.code.is_none() {
        x.code = str_field(v, "o:errorCode").map(str::to_string);
    }
    if x.message.is_none() {
        x.message = str_field(v, "detail")
            .or_else(|| str_field(v, "title"))
            .map(str::to_string);
    }
    // RESTlet envelope: {"error":{"code","message"}}.
    if let Some(err) = v.get("error") {
        if let Some(code) = str_field(err, "code") {
            x.code = Some(code.to_string());
        }
        if let Some(msg) = str_field(err, "message") {
            x.message = Some(msg.to_string());
        }
        if let Some(s) = err.as_str() {
            // OAuth-style {"error":"invalid_token","error_description":…}.
            x.code.get_or_insert_with(|| s.to_string());
            x.message = x
                .message
                .or_else(|| str_field(v, "error_description").map(str::to_string));
        }
    }
    x
}

/// The text of the first element whose local name is `name` (namespace prefixes ignored).
fn xml_text(doc: &roxmltree::Document<'_>, name: &str) -> Option<String> {
    doc.descendants()
        .find(|n| n.is_element() && n.tag_name().name().eq_ignore_ascii_case(name))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Substring fallback for XML that does not parse (cut at the cap, or sloppy).
fn tag_text(text: &str, name: &str) -> Option<String> {
    // ASCII lowercasing keeps byte offsets identical between `lower` and `text`.
    let lower = text.to_ascii_lowercase();
    let needle = name.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&needle) {
        let at = from + pos;
        // Preceded by '<' or ':' (prefix), followed by '>' or ' ' (attributes).
        let before = lower[..at].chars().last();
        let after_idx = at + needle.len();
        let after = lower[after_idx..].chars().next();
        if matches!(before, Some('<') | Some(':')) && matches!(after, Some('>') | Some(' ')) {
            let open_end = lower[after_idx..].find('>').map(|i| after_idx + i + 1)?;
            let close = lower[open_end..].find('<').map(|i| open_end + i)?;
            let t = text.get(open_end..close)?.trim();
            if !t.is_empty() && !lower[..at].ends_with("</") {
                return Some(t.to_string());
            }
        }
        from = after_idx;
    }
    None
}

fn from_xml(text: &str) -> Extracted {
    let mut x = Extracted {
        shape: BodyShape::Xml,
        ..Default::default()
    };
    let is_fault = text.contains("Fault") || text.to_lowercase().contains("faultstring");
    if let Ok(doc) = roxmltree::Document::parse(text) {
        if is_fault {
            x.shape = BodyShape::SoapFault;
            x.message = xml_text(&doc, "faultstring");
        } else {
            x.message = xml_text(&doc, "message");
        }
        x.code = xml_text(&doc, "code");
        return x;
    }
    if is_fault {
        x.shape = BodyShape::SoapFault;
        x.message = tag_text(text, "faultstring");
    } else {
        x.message = tag_text(text, "message");
    }
    x.code = tag_text(text, "code");
    x
}

/// `error code: X error message: Y` (RESTlet text/plain envelope).
fn from_plain(text: &str) -> Extracted {
    let mut x = Extracted {
        shape: BodyShape::Text,
        ..Default::default()
    };
    // ASCII lowercasing keeps byte offsets identical between `lower` and `text`.
    let lower = text.to_ascii_lowercase();
    if let Some(i) = lower.find("error code:") {
        let rest = &text[i + "error code:".len()..];
        let code: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !code.is_empty() {
            x.code = Some(code);
        }
        if let Some(j) = lower.find("error message:") {
            x.message = Some(text[j + "error message:".len()..].trim().to_string());
        }
    }
    x
}

/// "Permission Violation: You need the 'Lists -> Currency' permission …" → `Lists -> Currency`.
/// NetSuite's own text has two spaces ("You need  the"); any run of whitespace matches.
pub fn permission_named(message: &str) -> Option<String> {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    // ASCII lowercasing keeps byte offsets identical: full Unicode lowercasing changes lengths
    // (`İ` grows, the Kelvin sign shrinks) and the offset would then slice the wrong place.
    let lower = message.to_ascii_lowercase();
    let i = lower.find("you need the ")?;
    let rest = &message[i + "you need the ".len()..];
    let quote = rest.chars().next()?;
    if !matches!(quote, '\'' | '"' | '‘' | '“') {
        return None;
    }
    let inner = &rest[quote.len_utf8()..];
    let end = inner.find(['\'', '"', '’', '”'])?;
    let name = inner[..end].trim();
    (!name.is_empty()).then(|| sanitize(name, 80))
}

/// SuiteQL's answer for a record the role cannot see: "Invalid search query. … Search error
/// occurred: Record 'employee' was not found." → `employee`.
pub fn record_not_found(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    let i = lower.find("record '")?;
    let rest = &message[i + "record '".len()..];
    let end = rest.find('\'')?;
    let record = rest[..end].trim();
    let tail = rest[end..].to_ascii_lowercase();
    let ok = !record.is_empty()
        && record.len() <= 80
        && tail
            .trim_start_matches('\'')
            .trim_start()
            .starts_with("was not found");
    ok.then(|| sanitize(record, 80))
}

/// The role permission that lets a role see a SuiteQL record type (Permissions > Lists for the
/// common entity records); `None` for types nstba does not know.
pub fn record_permission(record: &str) -> Option<&'static str> {
    Some(match record.to_ascii_lowercase().as_str() {
        "employee" => "Lists -> Employees",
        "customer" => "Lists -> Customers",
        "vendor" => "Lists -> Vendors",
        "contact" => "Lists -> Contacts",
        "partner" => "Lists -> Partners",
        "item" => "Lists -> Items",
        "subsidiary" => "Lists -> Subsidiaries",
        "department" => "Lists -> Departments",
        "location" => "Lists -> Locations",
        "classification" => "Lists -> Classes",
        "account" => "Lists -> Accounts",
        "currency" => "Lists -> Currency",
        "transaction" | "transactionline" => "Transactions -> Find Transaction",
        _ => return None,
    })
}

const MAINTENANCE: &[&str] = &[
    "regularly scheduled maintenance",
    "currently unavailable",
    "connection pool is not intialized",
    "service unavailable",
];

/// Classifies one response. `content_type` is the header value if any; `truncated` says the body
/// was cut at the cap.
pub fn classify(
    stack: Stack,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    truncated: bool,
) -> Observation {
    let (text, invalid_utf8) = match std::str::from_utf8(body) {
        Ok(t) => (std::borrow::Cow::Borrowed(t), false),
        Err(e) if truncated && e.error_len().is_none() => {
            // Cut mid-character by the cap: keep the valid prefix.
            (
                std::borrow::Cow::Borrowed(
                    std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default(),
                ),
                false,
            )
        }
        Err(_) => (String::from_utf8_lossy(body), true),
    };
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    let lower = trimmed.to_lowercase();
    let is_html = ct.contains("html")
        || lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<body");

    let mut x = if invalid_utf8 {
        Extracted {
            shape: BodyShape::InvalidUtf8,
            ..Default::default()
        }
    } else if trimmed.is_empty() {
        Extracted {
            shape: BodyShape::Empty,
            ..Default::default()
        }
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') || ct.contains("json") {
        match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => from_json(&v),
            Err(_) => Extracted {
                shape: if truncated {
                    BodyShape::TruncatedJson
                } else {
                    BodyShape::InvalidJson
                },
                ..Default::default()
            },
        }
    } else if is_html {
        Extracted {
            shape: BodyShape::Html,
            ..Default::default()
        }
    } else if trimmed.starts_with('<') {
        from_xml(trimmed)
    } else {
        from_plain(trimmed)
    };
    if truncated && x.shape == BodyShape::Json {
        x.shape = BodyShape::JsonCut;
    }
    let code = x.code.map(|c| sanitize(&c, 60)).filter(|c| !c.is_empty());
    let message = x.message.map(|m| sanitize(&m, EXCERPT_MAX));
    let readable = if is_html {
        strip_tags(trimmed)
    } else {
        trimmed.to_string()
    };
    let excerpt = sanitize(&readable, EXCERPT_MAX);

    let upper = code.as_deref().unwrap_or("").to_ascii_uppercase();
    let msg_lower = message.as_deref().unwrap_or("").to_lowercase();
    let any_text = format!(
        "{msg_lower} {}",
        if x.shape == BodyShape::Text || is_html {
            lower.as_str()
        } else {
            ""
        }
    );
    let has = |needle: &str| any_text.contains(needle);

    // SuiteQL names the record it could not see, not the permission (captured, issue 20).
    let record_missing = message
        .as_deref()
        .filter(|_| stack == Stack::Rest)
        .and_then(record_not_found);
    let kind = if matches!(
        upper.as_str(),
        "CONCURRENCY_LIMIT_EXCEEDED"
            | "SSS_REQUEST_LIMIT_EXCEEDED"
            | "WS_REQUEST_BLOCKED"
            | "WS_CONCUR_SESSION_DISALLWD"
    ) || status == 429
        || has("concurrent request limit exceeded")
    {
        Kind::Concurrency
    } else if upper == "ACCT_TEMP_UNAVAILABLE"
        || status == 503
        || MAINTENANCE.iter().any(|m| has(m))
    {
        Kind::Unavailable
    } else if upper == "INVALID_LOGIN_CREDENTIALS" && stack == Stack::Restlet {
        Kind::WebServicesOnlyRole
    } else if matches!(
        upper.as_str(),
        "INVALID_LOGIN" | "INVALID_LOGIN_ATTEMPT" | "INVALID_LOGIN_CREDENTIALS"
    ) || has("invalid login attempt")
        || has("no valid netsuite login session")
    {
        Kind::LoginFailed
    } else if has("ambiguous authentication") {
        Kind::AmbiguousAuth
    } else if upper == "TWO_FA_REQD" || has("two-factor authentication is required") {
        Kind::TwoFactorRequired
    } else if upper == "INSUFFICIENT_PERMISSION"
        || has("permission violation")
        || record_missing.is_some()
    {
        Kind::PermissionMissing
    } else if upper == "WS_FEATURE_REQD" {
        Kind::FeatureOff
    } else if upper == "WS_PERMISSION_REQD" {
        // Before the text: SOAP sends this code with the same "current role" message.
        Kind::ApiPermissionMissing
    } else if has("current role does not have permission") {
        Kind::RoleCannotUseApi
    } else if matches!(status, 301 | 302 | 303 | 307 | 308) || has("correct data center") {
        Kind::WrongHost
    } else if (200..300).contains(&status) && code.is_none() && !x.shape.is_broken() {
        Kind::Success
    } else if status == 401 && stack != Stack::Lookup {
        Kind::LoginFailed
    } else if status == 403 && stack == Stack::Restlet && code.is_none() {
        Kind::WrongHost
    } else {
        Kind::Unexpected
    };
    let permission = message.as_deref().and_then(permission_named).or_else(|| {
        record_missing.map(|r| match record_permission(&r) {
            Some(p) => p.to_string(),
            None if r.to_ascii_lowercase().starts_with("customrecord") => {
                format!("Custom Record -> {r}")
            }
            None => format!("Lists -> {r}"),
        })
    });
    Observation {
        kind,
        status,
        code,
        message,
        permission,
        shape: x.shape,
        excerpt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greater_than_sign_outside_a_tag_is_text() {
        // "a > b" in an error page is what the server said; only `<…>` tags go.
        assert_eq!(strip_tags("a > b <i>c</i>"), "a > b  c ");
    }

    fn c(stack: Stack, status: u16, ct: &str, body: &str) -> Observation {
        classify(stack, status, Some(ct), body.as_bytes(), false)
    }

    /// Regression: characters whose lowercase form has another byte length before the phrase
    /// used to make the slice land out of bounds (a panic any server could trigger).
    #[test]
    fn permission_name_after_length_changing_characters() {
        for prefix in ["İ".repeat(30), "\u{212A}".repeat(30), "ẞ€日本".repeat(10)] {
            let msg = format!(
                "{prefix} Permission Violation: You need the 'Lists -> Currency' permission"
            );
            assert_eq!(permission_named(&msg).as_deref(), Some("Lists -> Currency"));
            let body = format!(
                r#"{{"status":403,"o:errorDetails":[{{"detail":"{prefix}You need the 'Lists'","o:errorCode":"INSUFFICIENT_PERMISSION"}}]}}"#
            );
            let _ = c(Stack::Rest, 403, "application/json", &body);
        }
    }

    const REST_401: &str = r#"{"type":"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2","title":"Unauthorized","status":401,"o:errorDetails":[{"detail":"Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.","o:errorCode":"INVALID_LOGIN"}]}"#;

    #[test]
    fn rest_401_invalid_login() {
        let o = c(
            Stack::Rest,
            401,
            "application/vnd.oracle.resource+json; type=error",
            REST_401,
        );
        assert_eq!(o.kind, Kind::LoginFailed);
        assert_eq!(o.code.as_deref(), Some("INVALID_LOGIN"));
        assert!(o.message.unwrap().starts_with("Invalid login attempt."));
        assert_eq!(o.shape.as_str(), "JSON");
    }

    #[test]
    fn rest_429_prefers_detail_code_over_top_level() {
        let body = r#"{"type":"x","title":"Bad Request","status":429,"o:errorCode":"USER_ERROR","o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}"#;
        let o = c(Stack::Rest, 429, "application/json", body);
        assert_eq!(o.kind, Kind::Concurrency);
        assert_eq!(o.code.as_deref(), Some("CONCURRENCY_LIMIT_EXCEEDED"));
    }

    #[test]
    fn rest_top_level_code_only() {
        let o = c(
            Stack::Rest,
            403,
            "application/json",
            r#"{"o:errorCode":"INSUFFICIENT_PERMISSION"}"#,
        );
        assert_eq!(o.kind, Kind::PermissionMissing);
        assert_eq!(o.code.as_deref(), Some("INSUFFICIENT_PERMISSION"));
    }

    #[test]
    fn rest_403_permission_violation_names_the_permission() {
        let body = r#"{"status":403,"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Employees' permission to access this page. Please contact your account administrator.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#;
        let o = c(Stack::Rest, 403, "application/json", body);
        assert_eq!(o.kind, Kind::PermissionMissing);
        assert_eq!(o.permission.as_deref(), Some("Lists -> Employees"));
    }

    #[test]
    fn rest_role_without_rest_access() {
        let body = r#"{"status":400,"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#;
        let o = c(Stack::Rest, 400, "application/json", body);
        assert_eq!(o.kind, Kind::RoleCannotUseApi);
        assert_eq!(o.code.as_deref(), Some("USER_ERROR"));
    }

    #[test]
    fn rest_other_documented_bodies() {
        let o = c(
            Stack::Rest,
            400,
            "application/json",
            r#"{"status":400,"o:errorDetails":[{"detail":"The request could not be understood by the server due to malformed syntax.","o:errorCode":"INVALID_REQUEST"}]}"#,
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.code.as_deref(), Some("INVALID_REQUEST"));
        let o = c(
            Stack::Rest,
            500,
            "application/json",
            r#"{"status":500,"o:errorDetails":[{"detail":"An unexpected error occurred. Error ID: abc","o:errorCode":"UNEXPECTED_ERROR"}]}"#,
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.code.as_deref(), Some("UNEXPECTED_ERROR"));
    }

    #[test]
    fn restlet_envelopes_in_three_formats() {
        let json = c(
            Stack::Restlet,
            401,
            "application/json",
            r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        );
        let xml = c(
            Stack::Restlet,
            401,
            "application/xml",
            "<error><code>INVALID_LOGIN_ATTEMPT</code><message>Invalid login attempt.</message></error>",
        );
        let text = c(
            Stack::Restlet,
            401,
            "text/plain",
            "error code: INVALID_LOGIN_ATTEMPT error message: Invalid login attempt.",
        );
        for o in [json, xml, text] {
            assert_eq!(o.kind, Kind::LoginFailed, "{o:?}");
            assert_eq!(o.code.as_deref(), Some("INVALID_LOGIN_ATTEMPT"));
            assert_eq!(o.message.as_deref(), Some("Invalid login attempt."));
        }
    }

    #[test]
    fn restlet_specific_codes() {
        let o = c(
            Stack::Restlet,
            401,
            "application/json",
            r#"{"error":{"code":"INVALID_LOGIN_CREDENTIALS","message":"Invalid login credentials."}}"#,
        );
        assert_eq!(o.kind, Kind::WebServicesOnlyRole);
        let o = c(
            Stack::Restlet,
            400,
            "application/json",
            r#"{"error":{"code":"SSS_REQUEST_LIMIT_EXCEEDED","message":"x"}}"#,
        );
        assert_eq!(o.kind, Kind::Concurrency);
        let o = c(
            Stack::Restlet,
            400,
            "application/json",
            r#"{"error":{"code":"TWO_FA_REQD","message":"two-factor authentication is required"}}"#,
        );
        assert_eq!(o.kind, Kind::TwoFactorRequired);
        let o = c(Stack::Restlet, 302, "text/html", "");
        assert_eq!(o.kind, Kind::WrongHost);
        let o = c(Stack::Restlet, 403, "text/plain", "");
        assert_eq!(o.kind, Kind::WrongHost);
        let o = c(
            Stack::Restlet,
            400,
            "text/plain",
            "error code: SSS_INVALID_SCRIPTLET_ID error message: That Suitelet is invalid, disabled, or no longer exists.",
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.code.as_deref(), Some("SSS_INVALID_SCRIPTLET_ID"));
    }

    const SOAP_FAULT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>Invalid login attempt.</faultstring><detail><platformFaults:invalidCredentialsFault xmlns:platformFaults="urn:faults_2025_2.platform.webservices.netsuite.com"><platformFaults:code>USER_ERROR</platformFaults:code><platformFaults:message>Invalid login attempt.</platformFaults:message></platformFaults:invalidCredentialsFault><ns1:hostname xmlns:ns1="http://xml.apache.org/axis/">partners030</ns1:hostname></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;

    #[test]
    fn soap_login_fault() {
        let o = c(Stack::Soap, 500, "text/xml", SOAP_FAULT);
        assert_eq!(o.kind, Kind::LoginFailed);
        assert_eq!(o.shape.as_str(), "SOAP fault");
        assert_eq!(o.code.as_deref(), Some("USER_ERROR"));
        assert_eq!(o.message.as_deref(), Some("Invalid login attempt."));
    }

    fn soap_fault(faultstring: &str, code: &str) -> String {
        format!(
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.userException</faultcode><faultstring>{faultstring}</faultstring><detail><f:x xmlns:f=\"urn:f\"><f:code>{code}</f:code><f:message>{faultstring}</f:message></f:x></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
        )
    }

    #[test]
    fn soap_fault_table() {
        let table = [
            (
                "Ambiguous authentication",
                "USER_ERROR",
                Kind::AmbiguousAuth,
            ),
            (
                "SuiteTalk concurrent request limit exceeded. Request blocked.",
                "WS_REQUEST_BLOCKED",
                Kind::Concurrency,
            ),
            ("x", "WS_FEATURE_REQD", Kind::FeatureOff),
            ("x", "WS_PERMISSION_REQD", Kind::ApiPermissionMissing),
            ("x", "ACCT_TEMP_UNAVAILABLE", Kind::Unavailable),
            (
                "Permission Violation: You need the 'Lists -> Currency' permission to access this page.",
                "INSUFFICIENT_PERMISSION",
                Kind::PermissionMissing,
            ),
            ("Incorrect data center requested! x", "X", Kind::WrongHost),
            ("Something new", "BRAND_NEW_CODE", Kind::Unexpected),
        ];
        for (fs, code, kind) in table {
            let o = c(Stack::Soap, 500, "text/xml", &soap_fault(fs, code));
            assert_eq!(o.kind, kind, "{fs} {code}");
            assert_eq!(o.code.as_deref(), Some(code));
        }
        // A fault on HTTP 200 is still a fault.
        let o = c(
            Stack::Soap,
            200,
            "text/xml",
            &soap_fault("Invalid login attempt.", "USER_ERROR"),
        );
        assert_eq!(o.kind, Kind::LoginFailed);
    }

    #[test]
    fn soap_fault_cut_at_the_cap_still_reads() {
        let cut = &SOAP_FAULT[..SOAP_FAULT.find("<detail>").unwrap()];
        let o = classify(Stack::Soap, 500, Some("text/xml"), cut.as_bytes(), true);
        assert_eq!(o.kind, Kind::LoginFailed);
        assert_eq!(o.message.as_deref(), Some("Invalid login attempt."));
    }

    #[test]
    fn maintenance_and_html() {
        let o = c(
            Stack::Rest,
            503,
            "text/html",
            "<html><body><h1>The account you are trying to access is currently unavailable while we undergo our regularly scheduled maintenance.</h1></body></html>",
        );
        assert_eq!(o.kind, Kind::Unavailable);
        assert!(o.excerpt.contains("regularly scheduled maintenance"));
        assert!(!o.excerpt.contains('<'));
        let o = c(
            Stack::Rest,
            200,
            "text/html",
            "<!DOCTYPE html><html><body>Login</body></html>",
        );
        assert_eq!(o.shape.as_str(), "HTML page");
        // 200 HTML is not a NetSuite API answer; the probe decides (see probes), but no error code.
        assert!(o.code.is_none());
        let o = c(
            Stack::Rest,
            500,
            "text/html",
            "<html><body>Oops</body></html>",
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.excerpt, "Oops");
    }

    #[test]
    fn broken_bodies() {
        let o = classify(
            Stack::Rest,
            500,
            Some("application/json"),
            &[0xff, 0xfe, b'{', 0x80],
            false,
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.shape.as_str(), "invalid UTF-8");
        let o = classify(
            Stack::Rest,
            200,
            Some("application/json"),
            b"{\"serverTime\":\"20",
            true,
        );
        assert_eq!(o.shape.as_str(), "truncated JSON");
        assert_eq!(o.kind, Kind::Unexpected);
        let o = classify(Stack::Rest, 200, None, b"{not json", false);
        assert_eq!(o.shape.as_str(), "invalid JSON");
        assert_eq!(o.kind, Kind::Unexpected);
        let o = classify(Stack::Rest, 418, None, b"", false);
        assert_eq!(o.shape.as_str(), "empty body");
        assert_eq!(o.kind, Kind::Unexpected);
    }

    #[test]
    fn unknown_code_is_unexpected_with_short_excerpt() {
        let long = format!(
            r#"{{"o:errorDetails":[{{"detail":"{}","o:errorCode":"SOMETHING_NEW"}}]}}"#,
            "x\\u0007y ".repeat(300)
        );
        let o = c(Stack::Rest, 400, "application/json", &long);
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(o.code.as_deref(), Some("SOMETHING_NEW"));
        assert!(o.excerpt.chars().count() <= EXCERPT_MAX + 1);
        assert!(!o.excerpt.chars().any(char::is_control));
        assert!(o.message.unwrap().chars().count() <= EXCERPT_MAX + 1);
    }

    #[test]
    fn bearer_style_json_error() {
        let o = c(
            Stack::Rest,
            401,
            "application/json",
            r#"{"error":"invalid_token","error_description":"Invalid login attempt."}"#,
        );
        assert_eq!(o.kind, Kind::LoginFailed);
    }

    #[test]
    fn every_known_record_names_its_permission() {
        let table = [
            ("employee", "Lists -> Employees"),
            ("Customer", "Lists -> Customers"),
            ("vendor", "Lists -> Vendors"),
            ("contact", "Lists -> Contacts"),
            ("partner", "Lists -> Partners"),
            ("item", "Lists -> Items"),
            ("subsidiary", "Lists -> Subsidiaries"),
            ("department", "Lists -> Departments"),
            ("location", "Lists -> Locations"),
            ("classification", "Lists -> Classes"),
            ("account", "Lists -> Accounts"),
            ("currency", "Lists -> Currency"),
            ("transaction", "Transactions -> Find Transaction"),
            ("transactionLine", "Transactions -> Find Transaction"),
        ];
        for (record, permission) in table {
            assert_eq!(record_permission(record), Some(permission), "{record}");
        }
        assert_eq!(record_permission("customrecord_x"), None);
        // An unknown standard record is guessed as a list, not as a custom record.
        let body = r#"{"o:errorDetails":[{"detail":"Search error occurred: Record 'widget' was not found.","o:errorCode":"INVALID_PARAMETER"}]}"#;
        let o = c(Stack::Rest, 400, "application/json", body);
        assert_eq!(o.permission.as_deref(), Some("Lists -> widget"));
    }

    #[test]
    fn tag_text_reads_the_named_element_only() {
        assert_eq!(
            tag_text("<message>y</message>", "message").as_deref(),
            Some("y")
        );
        // A longer tag that starts with the name is another element.
        assert_eq!(
            tag_text("<messages>x</messages><message>y</message>", "message").as_deref(),
            Some("y")
        );
        // An empty element is skipped for the next one with text.
        assert_eq!(
            tag_text(
                "<message></message><ns:message a=\"1\">y</ns:message>",
                "message"
            )
            .as_deref(),
            Some("y")
        );
    }

    #[test]
    fn xml_and_text_bodies_name_their_shape() {
        let o = c(
            Stack::Soap,
            500,
            "text/xml",
            "<error><code>X</code><message>m</message></error>",
        );
        assert_eq!(o.shape.as_str(), "XML");
        // A fault is known by its lowercase faultstring too (broken XML, no "Fault" element).
        let o = c(
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:fault><faultstring>bad</faultstring>",
        );
        assert_eq!(o.shape.as_str(), "SOAP fault");
        assert_eq!(o.message.as_deref(), Some("bad"));
        let o = c(Stack::Restlet, 400, "text/plain", "something odd");
        assert_eq!(o.shape.as_str(), "text");
    }

    #[test]
    fn a_body_cut_mid_character_is_cut_not_invalid() {
        // "é" is two bytes; the cap cut after the first.
        let cut = b"{\"message\":\"caf\xc3";
        let o = classify(Stack::Rest, 400, Some("application/json"), cut, true);
        assert_eq!(o.shape.as_str(), "truncated JSON");
        // The same bytes, not cut by the cap, are invalid UTF-8.
        let o = classify(Stack::Rest, 400, Some("application/json"), cut, false);
        assert_eq!(o.shape.as_str(), "invalid UTF-8");
    }

    #[test]
    fn each_html_sign_alone_makes_an_html_page() {
        for (ct, body) in [
            ("text/html", "plain words"),
            ("", "<!DOCTYPE html><p>x</p>"),
            ("", "<html><p>x</p></html>"),
            ("", "<div><body>x</body></div>"),
        ] {
            let o = c(Stack::Rest, 500, ct, body);
            assert_eq!(o.shape.as_str(), "HTML page", "{ct} {body}");
        }
        // A JSON array is JSON without a JSON content type.
        assert_eq!(c(Stack::Rest, 200, "", "[]").shape.as_str(), "JSON");
    }

    #[test]
    fn each_rule_fires_on_its_own_sign() {
        // The text of a plain-text or HTML body counts, not only an envelope's message.
        assert_eq!(
            c(Stack::Restlet, 200, "text/plain", "Invalid login attempt.").kind,
            Kind::LoginFailed
        );
        assert_eq!(
            c(
                Stack::Rest,
                400,
                "text/plain",
                "Concurrent request limit exceeded"
            )
            .kind,
            Kind::Concurrency
        );
        assert_eq!(c(Stack::Rest, 429, "", "").kind, Kind::Concurrency);
        assert_eq!(
            c(
                Stack::Rest,
                400,
                "text/plain",
                "Two-factor authentication is required"
            )
            .kind,
            Kind::TwoFactorRequired
        );
        // A bare 401 is a failed login, except from the account lookup.
        assert_eq!(c(Stack::Rest, 401, "", "").kind, Kind::LoginFailed);
        assert_eq!(c(Stack::Lookup, 401, "", "").kind, Kind::Unexpected);
        // A bare 403 means the wrong host only for a RESTlet.
        assert_eq!(c(Stack::Restlet, 403, "", "").kind, Kind::WrongHost);
        assert_eq!(c(Stack::Rest, 403, "", "").kind, Kind::Unexpected);
    }

    #[test]
    fn suiteql_record_not_found_is_a_missing_list_permission() {
        let body = r#"{"type":"x","title":"Bad Request","status":400,"o:errorDetails":[{"detail":"Invalid search query. Detailed unprocessed description follows. Search error occurred: Record 'employee' was not found.","o:errorCode":"INVALID_PARAMETER"}]}"#;
        let o = c(Stack::Rest, 400, "application/json", body);
        assert_eq!(o.kind, Kind::PermissionMissing);
        assert_eq!(o.code.as_deref(), Some("INVALID_PARAMETER"));
        assert_eq!(o.permission.as_deref(), Some("Lists -> Employees"));
        let other = body.replace("'employee'", "'customrecord_x'");
        let o = c(Stack::Rest, 400, "application/json", &other);
        assert_eq!(
            o.permission.as_deref(),
            Some("Custom Record -> customrecord_x")
        );
        // Other "not found" texts are not permissions.
        let o = c(
            Stack::Rest,
            404,
            "application/json",
            r#"{"o:errorDetails":[{"detail":"Record does not exist.","o:errorCode":"NONEXISTENT_ID"}]}"#,
        );
        assert_eq!(o.kind, Kind::Unexpected);
        assert_eq!(record_not_found("Record 'x' is fine"), None);
        assert_eq!(record_not_found("Record '' was not found"), None);
        assert_eq!(
            record_not_found("record 'Vendor' was not found.").as_deref(),
            Some("Vendor")
        );
        assert_eq!(record_permission("Vendor"), Some("Lists -> Vendors"));
    }

    #[test]
    fn netsuites_two_space_permission_text() {
        assert_eq!(
            permission_named("Permission Violation: You need  the 'Lists -> Employees' permission")
                .as_deref(),
            Some("Lists -> Employees")
        );
        assert_eq!(
            permission_named("you\tneed\n the 'X' permission").as_deref(),
            Some("X")
        );
    }

    #[test]
    fn soap_wrong_data_center_and_maintenance_faults() {
        let o = c(
            Stack::Soap,
            500,
            "text/xml",
            &soap_fault(
                "You are not requesting the correct data center for your company! Please correct the host in the URL.",
                "UNEXPECTED_ERROR",
            ),
        );
        assert_eq!(o.kind, Kind::WrongHost);
        let o = c(
            Stack::Soap,
            500,
            "text/xml",
            &soap_fault(
                "The account you are trying to access is currently unavailable while we undergo our regularly scheduled maintenance.",
                "UNEXPECTED_ERROR",
            ),
        );
        assert_eq!(o.kind, Kind::Unavailable);
        // WS_PERMISSION_REQD comes with the "current role" text; the code decides.
        let o = c(
            Stack::Soap,
            500,
            "text/xml",
            &soap_fault(
                "Your current role does not have permission to perform this action.",
                "WS_PERMISSION_REQD",
            ),
        );
        assert_eq!(o.kind, Kind::ApiPermissionMissing);
    }

    #[test]
    fn body_shapes_display_their_stable_phrases() {
        assert_eq!(
            BodyShape::JsonCut.to_string(),
            "JSON (cut at the size limit)"
        );
        assert_eq!(BodyShape::SoapFault.as_str(), "SOAP fault");
        assert!(BodyShape::TruncatedJson.is_broken() && !BodyShape::Html.is_broken());
    }

    #[test]
    fn sanitize_strips_controls_and_caps() {
        // The whole escape sequence goes, not only its ESC byte.
        assert_eq!(sanitize("a\u{0}\u{1b}[31mb\n\n c", 50), "a b c");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(sanitize("   ", 3), "");
    }

    #[test]
    fn permission_name_extraction() {
        assert_eq!(
            permission_named("Permission Violation: You need the 'Lists -> Currency' permission to access this page.").as_deref(),
            Some("Lists -> Currency")
        );
        assert_eq!(permission_named("You need the"), None);
        // Unicode lowercasing changes byte lengths; the offsets must still be the message's.
        assert_eq!(
            permission_named("İyou need the ‘Lists -> Currency’ permission").as_deref(),
            Some("Lists -> Currency")
        );
        assert_eq!(permission_named("İİİ you need the ‘x’"), Some("x".into()));
        assert_eq!(permission_named("no"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(
            status in 0u16..1000,
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..600),
            truncated in proptest::bool::ANY,
            ct in proptest::option::of("[ -~]{0,40}"),
        ) {
            for stack in [Stack::Lookup, Stack::Rest, Stack::Restlet, Stack::Soap] {
                let o = classify(stack, status, ct.as_deref(), &body, truncated);
                proptest::prop_assert!(o.excerpt.chars().count() <= EXCERPT_MAX + 1);
                proptest::prop_assert!(!o.excerpt.chars().any(char::is_control));
            }
        }

        #[test]
        fn never_panics_on_arbitrary_text(
            status in 100u16..600,
            body in "(<[a-zA-Z:]{0,12}>|[^<]{0,20}|error code: |\\{\"error\":|</[a-z:]{0,8}>|Fault|faultstring){0,30}",
        ) {
            for stack in [Stack::Rest, Stack::Restlet, Stack::Soap] {
                let _ = classify(stack, status, Some("text/xml"), body.as_bytes(), true);
                let _ = classify(stack, status, Some("text/plain"), body.as_bytes(), false);
            }
        }
    }
}
