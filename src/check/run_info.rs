//! What a run knows beyond the stable [`Report`] fields: the auth kind, the decoded access-token
//! claims (OAuth 2.0; never the token) and the notices. `nstba test --json` adds them to the
//! report document as `"auth"`, `"token"` and `"notices"` (JSON only gains fields). Notices never
//! change `ok` or the exit status.

use serde::Serialize;

use super::auth::AuthKind;
use super::model::{Api, Report};
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
        RunInfo::for_apis(auth, token, &[])
    }

    /// [`RunInfo::new`] for a run on `apis` (the notice says what they mean for this profile).
    pub fn for_apis(auth: AuthKind, token: Option<TokenClaims>, apis: &[Api]) -> RunInfo {
        RunInfo {
            auth,
            token,
            notices: notices_for(auth, apis),
        }
    }
}

/// The notices for a run of `auth`: TBA runs are told of its retirement.
pub fn notices(auth: AuthKind) -> Vec<Notice> {
    notices_for(auth, &[])
}

/// The notices for a run of `auth` on `apis`: a TBA run is told of its retirement and what it
/// means for this connection (SOAP in use: the calls must move to REST by 2028.2, since SOAP
/// cannot use OAuth 2.0), and pointed at `nstba migrate`.
pub fn notices_for(auth: AuthKind, apis: &[Api]) -> Vec<Notice> {
    match auth {
        AuthKind::Tba => {
            let t = texts();
            let mut text = t.fragment("tba-retirement").to_string();
            let consequence = if apis.contains(&Api::Soap) {
                t.fragment("tba-retirement-soap")
            } else {
                t.fragment("tba-retirement-rest")
            };
            if !consequence.is_empty() {
                text.push(' ');
                text.push_str(consequence);
            }
            vec![Notice {
                code: "tba-retirement",
                text,
            }]
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tba_notice_says_what_it_means_for_this_connection() {
        let rest = notices_for(AuthKind::Tba, &[Api::Rest]);
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].code, "tba-retirement");
        assert!(rest[0].text.contains("nstba migrate"), "{}", rest[0].text);
        assert!(
            !rest[0].text.contains("must move to REST"),
            "{}",
            rest[0].text
        );
        let soap = notices_for(AuthKind::Tba, &[Api::Rest, Api::Soap]);
        assert!(soap[0].text.contains("uses SOAP"), "{}", soap[0].text);
        assert!(
            soap[0]
                .text
                .contains("must move to REST web services (or RESTlets) by 2028.2")
        );
        assert!(notices_for(AuthKind::M2m, &[Api::Soap]).is_empty());
    }
}
