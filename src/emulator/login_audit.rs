//! The emulated Login Audit Trail, queryable the way `nstba audit` reads it: SuiteQL over REST
//! against the `LoginAudit` table (columns as public SuiteScript code uses them: `date`,
//! `status`, `oAuthAppName`, `oAuthAccessTokenName`, `user`, `role`, `emailAddress`,
//! `ipAddress`, `requestUri`, `detail`, `userAgent`; reference oauth2.md §1.6).
//!
//! Whether NetSuite serves that table to SuiteQL over REST is unconfirmed [U], so by the
//! fidelity principle the default refuses it like an unknown record (`400 INVALID_PARAMETER
//! "… Record 'LoginAudit' was not found."`); [`super::EmulatorOptions::login_audit_suiteql`]
//! (on in [`super::EmulatorOptions::informative`], hence in the demo) answers it from the
//! emulated trail. Only the Administrator role may read it; any other role gets the 400
//! `USER_ERROR` "Your current role does not have permission to perform this action.". The
//! query's `WHERE` clause is not interpreted: every row is returned, newest first (clients
//! filter again), `date` in UTC as `YYYY-MM-DD HH24:MI:SS`.

use axum::body::Body;
use axum::http::Response;
use serde_json::json;

use super::audit::AuditEntry;
use super::demo::ADMIN_ROLE_ID;
use super::responses;
use super::server::Shared;
use super::verify::Login;

/// True when a SuiteQL query reads the `LoginAudit` table.
pub(crate) fn queried(q: &str) -> bool {
    q.to_ascii_lowercase().contains("loginaudit")
}

/// The answer to a `LoginAudit` query by `login`, `limit` rows at most.
pub(crate) fn answer(
    shared: &Shared,
    login: &Login,
    limit: usize,
    rfc9110: bool,
) -> Response<Body> {
    if !shared.options.login_audit_suiteql {
        return responses::suiteql_record_not_found("LoginAudit", rfc9110);
    }
    if login.role.id != ADMIN_ROLE_ID {
        return responses::rest_role_refused(rfc9110);
    }
    let rows: Vec<serde_json::Value> = shared
        .audit_trail()
        .iter()
        .rev()
        .take(limit)
        .map(row)
        .collect();
    responses::json_ok(&json!({
        "links": [],
        "count": rows.len(),
        "hasMore": false,
        "items": rows,
        "offset": 0,
        "totalResults": rows.len(),
    }))
}

/// One trail entry as a `LoginAudit` row (lowercase keys, as SuiteQL returns them).
fn row(e: &AuditEntry) -> serde_json::Value {
    json!({
        "links": [],
        "date": date(e.unix_time),
        "status": if e.success { "Success" } else { "Failure" },
        "oauthappname": e.app,
        "oauthaccesstokenname": e.token_name,
        "user": e.user,
        "role": e.role,
        "emailaddress": e.email,
        "ipaddress": "127.0.0.1",
        "requesturi": e.path,
        "detail": e.detail,
        "useragent": e.user_agent,
    })
}

/// `2026-03-10 12:30:00` (UTC).
fn date(unix: u64) -> String {
    let t = i64::try_from(unix)
        .ok()
        .and_then(|u| time::OffsetDateTime::from_unix_timestamp(u).ok())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
