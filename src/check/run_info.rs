//! What a run knows beyond the stable [`Report`] fields: the auth kind, the decoded access-token
//! claims (OAuth 2.0; never the token) and the notices. `nstba test --json` adds them to the
//! report document as `"auth"`, `"token"` and `"notices"` (JSON only gains fields). Notices never
//! change `ok` or the exit status.

use serde::Serialize;

use super::auth::AuthKind;
use super::model::Report;
use super::text::texts;
use crate::netsuite::oauth2::TokenClaims;

/// One notice: something a user should know that is not a problem of this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Stable code (`tba-retirement`).
    pub code: &'static str,
    /// The words.
    pub text: String,
}

/// The run's extras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunInfo {
    /// The auth kind tested.
    pub auth: AuthKind,
    /// OAuth 2.0: the access token's claims, decoded without verification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenClaims>,
    /// Notices, shown once.
    pub notices: Vec<Notice>,
}

impl RunInfo {
    /// The extras of a run of `auth` that obtained `token` (if any).
    pub fn new(auth: AuthKind, token: Option<TokenClaims>) -> RunInfo {
        RunInfo {
            auth,
            token,
            notices: notices(auth),
        }
    }
}

/// The notices for a run of `auth`: TBA runs are told of its retirement.
pub fn notices(auth: AuthKind) -> Vec<Notice> {
    match auth {
        AuthKind::Tba => vec![Notice {
            code: "tba-retirement",
            text: texts().fragment("tba-retirement").to_string(),
        }],
        AuthKind::M2m | AuthKind::Authcode => Vec::new(),
    }
}

/// The `nstba test --json` document: the report's fields, then `auth`, `token`, `notices`.
pub fn report_json(report: &Report, info: &RunInfo) -> serde_json::Value {
    let mut v = serde_json::to_value(report).unwrap_or_default();
    if let (Some(obj), Ok(serde_json::Value::Object(extra))) =
        (v.as_object_mut(), serde_json::to_value(info))
    {
        obj.extend(extra);
    }
    v
}
