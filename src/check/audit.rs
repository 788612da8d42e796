//! Reading the Login Audit Trail back: with another, working credential (an administrator's
//! profile, any auth kind), one SuiteQL query over REST against the `LoginAudit` table (columns
//! as public SuiteScript code uses them; reference oauth2.md §1.6). Whether REST SuiteQL serves
//! that table is unconfirmed [U], so a refusal is an expected answer: it comes back as
//! [`AuditRead::Refused`] and the caller says how to read the trail in the UI instead.
//!
//! The rows are matched to the failing run ([`match_rows`]): failures sent by nstba (its
//! `User-Agent`) within the run's time window are *ours*; every other failure is another
//! integration's and is only ever shown labelled as such. Core API for the CLI and the TUI.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::auth::{Credentials, Target};
use super::probes::Origins;
use super::settings::BODY_CAP;
use crate::net::http::Http;
use crate::netsuite::{AccountId, endpoints};
use crate::redact::sanitize;

/// The query: the newest rows first; `date` as text in a fixed format (NetSuite otherwise
/// formats it by the user's preferences).
pub const QUERY: &str = "SELECT TO_CHAR(date, 'YYYY-MM-DD HH24:MI:SS') AS date, status, \
    oAuthAppName, oAuthAccessTokenName, user, role, emailAddress, requestUri, detail, userAgent \
    FROM LoginAudit ORDER BY date DESC";

/// Rows asked for at most.
pub const LIMIT: usize = 200;

/// How far outside the run's window a row may be and still be the run's (clock drift, and a
/// trail written after the answer).
pub const SLACK_SECS: i64 = 120;

/// One Login Audit Trail row (server text, sanitized).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct AuditRow {
    /// `date` as NetSuite sent it.
    pub date: String,
    /// `date` read as UTC Unix seconds, when it parses (the time zone is the NetSuite user's [U]).
    pub unix: Option<i64>,
    /// `Success` / `Failure`.
    pub status: String,
    /// Token-based Application Name.
    pub app: Option<String>,
    /// Token-based Access Token Name.
    pub token_name: Option<String>,
    /// User.
    pub user: Option<String>,
    /// Role.
    pub role: Option<String>,
    /// The request's path.
    pub request_uri: Option<String>,
    /// The Detail value.
    pub detail: Option<String>,
    /// The caller's `User-Agent`.
    pub user_agent: Option<String>,
}

impl AuditRow {
    /// True for a refused login.
    pub fn failed(&self) -> bool {
        !self.status.eq_ignore_ascii_case("success")
    }

    /// True when nstba sent the request (its `User-Agent`).
    pub fn from_nstba(&self) -> bool {
        self.user_agent
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("nstba/"))
    }

    /// `2026-03-10 12:30:00 Failure token_rejected — app "x", token "y", user z, /path`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", self.date, self.status);
        if let Some(d) = &self.detail {
            s.push_str(&format!(" {d}"));
        }
        let mut who = Vec::new();
        for (label, v) in [
            ("app", &self.app),
            ("token", &self.token_name),
            ("user", &self.user),
            ("role", &self.role),
        ] {
            if let Some(v) = v {
                who.push(format!("{label} \"{v}\""));
            }
        }
        if let Some(u) = &self.request_uri {
            who.push(u.clone());
        }
        if !who.is_empty() {
            s.push_str(" — ");
            s.push_str(&who.join(", "));
        }
        s
    }
}

/// What reading the trail gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditRead {
    /// The rows, newest first.
    Rows(Vec<AuditRow>),
    /// NetSuite refused the query (no permission, or the table is not served over REST).
    Refused {
        /// HTTP status.
        status: u16,
        /// NetSuite's error code, if any.
        code: Option<String>,
        /// Its message (sanitized), if any.
        message: Option<String>,
    },
    /// No usable answer (network, signing).
    Failed(String),
}

/// Reads the newest [`LIMIT`] rows with `credentials` for `account`, every call to `base_url`
/// when given.
pub async fn read(
    account: &AccountId,
    credentials: &Credentials,
    base_url: Option<&str>,
    timeout: Duration,
    cancel: &CancellationToken,
) -> AuditRead {
    let http = match Http::new(timeout, BODY_CAP) {
        Ok(h) => h,
        Err(e) => return AuditRead::Failed(e),
    };
    let origins = Origins::new(account, base_url);
    let auth = credentials.authenticator(account);
    let url = format!("{}{}?limit={LIMIT}", origins.rest, endpoints::REST_SUITEQL);
    let body = serde_json::json!({ "q": QUERY }).to_string();
    let req = http
        .client()
        .post(&url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header("Prefer", "transient")
        .body(body);
    let req = match auth.authorize(
        req,
        Target {
            method: "POST",
            url: &url,
        },
    ) {
        Ok(r) => r,
        Err(e) => return AuditRead::Failed(e.to_string()),
    };
    let redact = crate::redact::Redactor::new(credentials.secrets());
    match http.send(req, cancel).await {
        Err(tf) => AuditRead::Failed(redact.apply(&format!("{}: {}", tf.host, tf.detail))),
        Ok(f) if (200..300).contains(&f.status) => match parse_rows(&f.body) {
            Some(rows) => AuditRead::Rows(rows),
            None => AuditRead::Failed("the answer is not a SuiteQL result".into()),
        },
        Ok(f) => {
            let (code, message) = error_of(&f.body);
            AuditRead::Refused {
                status: f.status,
                code,
                message: message.map(|m| redact.apply(&m)),
            }
        }
    }
}

/// `o:errorCode` and `detail` of a REST error body.
fn error_of(body: &[u8]) -> (Option<String>, Option<String>) {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let first = &v["o:errorDetails"][0];
    let code = first["o:errorCode"]
        .as_str()
        .or(v["o:errorCode"].as_str())
        .map(|c| sanitize(c, 60));
    let message = first["detail"].as_str().map(|m| sanitize(m, 300));
    (code, message)
}

/// The SuiteQL `items`, keys matched case-insensitively.
pub fn parse_rows(body: &[u8]) -> Option<Vec<AuditRow>> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let items = v.get("items")?.as_array()?;
    Some(
        items
            .iter()
            .filter_map(|i| i.as_object())
            .map(|o| {
                let get = |k: &str| {
                    o.iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case(k))
                        .and_then(|(_, v)| v.as_str())
                        .map(|s| sanitize(s, 200))
                        .filter(|s| !s.is_empty())
                };
                let date = get("date").unwrap_or_default();
                AuditRow {
                    unix: parse_date(&date),
                    date,
                    status: get("status").unwrap_or_default(),
                    app: get("oauthappname"),
                    token_name: get("oauthaccesstokenname"),
                    user: get("user"),
                    role: get("role"),
                    request_uri: get("requesturi"),
                    detail: get("detail"),
                    user_agent: get("useragent"),
                }
            })
            .collect(),
    )
}

/// `2026-03-10 12:30:00` as UTC Unix seconds.
fn parse_date(s: &str) -> Option<i64> {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(s.trim(), &f)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// The failing run's rows and everyone else's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matched {
    /// Refused logins nstba sent within the window, newest first.
    pub ours: Vec<AuditRow>,
    /// Other refused logins (another integration's, or outside the window): only ever shown
    /// labelled as such.
    pub others: Vec<AuditRow>,
}

/// Splits the failures of `rows` into the run's (sent by nstba, within `window` ± [`SLACK_SECS`]
/// when both times are known) and the others; rows older than `since` are dropped.
pub fn match_rows(rows: &[AuditRow], window: Option<(i64, i64)>, since: Option<i64>) -> Matched {
    let mut m = Matched::default();
    for r in rows.iter().filter(|r| r.failed()) {
        if let (Some(since), Some(t)) = (since, r.unix)
            && t < since
        {
            continue;
        }
        let in_window = match (window, r.unix) {
            (Some((from, to)), Some(t)) => t >= from - SLACK_SECS && t <= to + SLACK_SECS,
            _ => true,
        };
        if r.from_nstba() && in_window {
            m.ours.push(r.clone());
        } else {
            m.others.push(r.clone());
        }
    }
    m
}

impl Matched {
    /// The Detail the run's newest refused login recorded: a Login Audit Trail value, not an
    /// API error code (`USER_ERROR`) of a request that logged in and was refused later.
    pub fn detail(&self) -> Option<&AuditRow> {
        self.ours.iter().find(|r| {
            r.detail.as_deref().is_some_and(|d| {
                !d.chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: &str, status: &str, detail: &str, ua: &str) -> AuditRow {
        AuditRow {
            unix: parse_date(date),
            date: date.into(),
            status: status.into(),
            detail: Some(detail.into()),
            user_agent: Some(ua.into()),
            app: Some("app".into()),
            ..AuditRow::default()
        }
    }

    #[test]
    fn rows_are_ours_only_when_nstba_sent_them_in_the_window() {
        let body = br#"{"items":[
            {"DATE":"2026-03-10 12:30:05","Status":"Failure","detail":"token_rejected","useragent":"nstba/0.1.0","oauthappname":"A"},
            {"date":"2026-03-10 12:30:04","status":"Failure","detail":"USER_ERROR","useragent":"nstba/0.1.0"},
            {"date":"2026-03-10 12:29:00","status":"Failure","detail":"InvalidSignature","useragent":"python-requests"},
            {"date":"2026-03-10 09:00:00","status":"Failure","detail":"nonce_used","useragent":"nstba/0.1.0"},
            {"date":"2026-03-10 12:30:06","status":"Success","useragent":"nstba/0.1.0"}
        ]}"#;
        let rows = parse_rows(body).unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].app.as_deref(), Some("A"));
        let t = parse_date("2026-03-10 12:30:00").unwrap();
        let m = match_rows(&rows, Some((t, t + 10)), None);
        assert_eq!(m.ours.len(), 2);
        assert_eq!(m.others.len(), 2, "{m:#?}");
        assert_eq!(
            m.detail().and_then(|r| r.detail.as_deref()),
            Some("token_rejected")
        );
        let m = match_rows(&rows, None, Some(t - 60));
        assert_eq!(m.ours.len() + m.others.len(), 3);
        assert!(rows[0].describe().contains("token_rejected — app \"A\""));
        assert!(parse_rows(b"<html>").is_none());
        let _ = row("x", "Failure", "d", "nstba/1");
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md): [`read`] against a loopback
/// stand-in answering as NetSuite would.
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use axum::http::StatusCode;

    const SECRET: &str = "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss";

    /// Reads the trail from a stand-in that answers every SuiteQL query with `status` and `body`.
    async fn read_from(status: u16, body: &'static str) -> AuditRead {
        let app = axum::Router::new().route(
            endpoints::REST_SUITEQL,
            axum::routing::post(
                move || async move { (StatusCode::from_u16(status).unwrap(), body) },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let account = AccountId::parse("1234567").unwrap();
        let creds = Credentials::Tba(crate::netsuite::Credentials::new(
            "a".repeat(64),
            SECRET.to_string(),
            "c".repeat(64),
            "d".repeat(64),
        ));
        let out = read(
            &account,
            &creds,
            Some(&origin),
            Duration::from_secs(5),
            &CancellationToken::new(),
        )
        .await;
        server.abort();
        out
    }

    #[tokio::test]
    async fn a_2xx_answer_is_read_as_rows_and_anything_else_as_a_refusal() {
        let rows = read_from(
            200,
            r#"{"items":[{"date":"2026-03-10 12:30:05","status":"Failure","detail":"token_rejected"}]}"#,
        )
        .await;
        let AuditRead::Rows(rows) = rows else {
            panic!("{rows:?}")
        };
        assert_eq!(rows[0].detail.as_deref(), Some("token_rejected"));
        assert_eq!(
            read_from(200, "<html>login</html>").await,
            AuditRead::Failed("the answer is not a SuiteQL result".into())
        );
        // A refusal whose body would parse as SuiteQL is still a refusal.
        assert!(matches!(
            read_from(403, r#"{"items":[]}"#).await,
            AuditRead::Refused { status: 403, .. }
        ));
    }

    #[tokio::test]
    async fn a_refusal_names_netsuites_code_and_message_without_secrets() {
        let body = concat!(
            r#"{"o:errorDetails":[{"detail":"Record 'LoginAudit' was not found for "#,
            r#"ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss.","#,
            r#""o:errorCode":"INVALID_SEARCH"}]}"#
        );
        let AuditRead::Refused {
            status,
            code,
            message,
        } = read_from(400, body).await
        else {
            panic!("not a refusal")
        };
        assert_eq!(status, 400);
        assert_eq!(code.as_deref(), Some("INVALID_SEARCH"));
        let message = message.unwrap();
        assert!(
            message.starts_with("Record 'LoginAudit' was not found"),
            "{message}"
        );
        assert!(!message.contains(SECRET), "{message}");
        // The code at the top level when there are no details.
        assert_eq!(
            read_from(401, r#"{"o:errorCode":"INVALID_LOGIN"}"#).await,
            AuditRead::Refused {
                status: 401,
                code: Some("INVALID_LOGIN".into()),
                message: None
            }
        );
    }

    #[test]
    fn rows_older_than_since_are_dropped_and_the_rest_kept() {
        let rows: Vec<AuditRow> = [
            "2026-03-10 12:30:05",
            "2026-03-10 12:29:30",
            "2026-03-10 12:29:00",
            "2026-03-10 09:00:00",
        ]
        .iter()
        .map(|d| AuditRow {
            unix: parse_date(d),
            date: (*d).to_string(),
            status: "Failure".into(),
            ..AuditRow::default()
        })
        .collect();
        let since = parse_date("2026-03-10 12:29:10").unwrap();
        let m = match_rows(&rows, None, Some(since));
        let kept: Vec<&str> = m.others.iter().map(|r| r.date.as_str()).collect();
        assert_eq!(kept, ["2026-03-10 12:30:05", "2026-03-10 12:29:30"]);
        // A row exactly at `since` is kept.
        let m = match_rows(&rows, None, rows[1].unix);
        assert_eq!(m.others.len(), 2);
    }

    #[test]
    fn the_window_allows_two_minutes_after_the_run() {
        let t = parse_date("2026-03-10 12:30:00").unwrap();
        let at = |secs: i64| AuditRow {
            unix: Some(t + secs),
            date: format!("+{secs}"),
            status: "Failure".into(),
            user_agent: Some("nstba/0.1.0".into()),
            ..AuditRow::default()
        };
        let rows = [at(10 + 120), at(10 + 121), at(-120), at(-121)];
        let m = match_rows(&rows, Some((t, t + 10)), None);
        let ours: Vec<&str> = m.ours.iter().map(|r| r.date.as_str()).collect();
        assert_eq!(ours, ["+130", "+-120"]);
        assert_eq!(m.others.len(), 2);
    }

    #[test]
    fn the_detail_is_a_trail_value_not_an_api_error_code() {
        let ours = [
            "USER_ERROR",
            "SSS_REQUEST_LIMIT_2",
            "InvalidSignature",
            "token_rejected",
        ]
        .iter()
        .map(|d| AuditRow {
            status: "Failure".into(),
            detail: Some((*d).to_string()),
            ..AuditRow::default()
        })
        .collect();
        let m = Matched {
            ours,
            others: Vec::new(),
        };
        assert_eq!(
            m.detail().and_then(|r| r.detail.as_deref()),
            Some("InvalidSignature")
        );
    }
}
