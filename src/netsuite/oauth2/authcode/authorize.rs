//! Step one (reference §2.1): the authorize URL the browser opens, with exactly NetSuite's
//! parameters: `response_type=code`, `client_id`, `redirect_uri`, `scope` (space-separated),
//! `state`, `code_challenge`, `code_challenge_method=S256`, and an optional `prompt`.

use super::pkce;
use crate::netsuite::encode::percent_encode;

/// Path of the authorize endpoint on the account's `app.netsuite.com` host.
pub const AUTHORIZE_PATH: &str = "/app/login/oauth2/authorize.nl";
/// The origin to use when the account is unknown: the user picks account and role there, and the
/// callback's `company` names the account.
pub const DISCOVERY_ORIGIN: &str = "https://system.netsuite.com";

/// What step one sends.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest<'a> {
    /// `https://<acct>.app.netsuite.com`, [`DISCOVERY_ORIGIN`], or `--base-url`.
    pub app_base: &'a str,
    /// The integration record's client id.
    pub client_id: &'a str,
    /// Exactly as registered on the integration record.
    pub redirect_uri: &'a str,
    /// `rest_webservices`, `restlets`, `suite_analytics` (joined with spaces).
    pub scopes: &'a [String],
    /// The flow's state.
    pub state: &'a str,
    /// The PKCE S256 challenge.
    pub code_challenge: &'a str,
    /// `none`, `login`, `consent`, `login consent`, or nothing.
    pub prompt: Option<&'a str>,
}

impl AuthorizeRequest<'_> {
    /// The URL to open.
    pub fn url(&self) -> String {
        let scope = self.scopes.join(" ");
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", scope.as_str()),
            ("state", self.state),
            ("code_challenge", self.code_challenge),
            ("code_challenge_method", pkce::METHOD),
        ];
        if let Some(p) = self.prompt {
            params.push(("prompt", p));
        }
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        format!(
            "{}{AUTHORIZE_PATH}?{}",
            self.app_base.trim_end_matches('/'),
            query.join("&")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_has_exactly_netsuites_parameters() {
        let scopes = vec!["rest_webservices".to_string(), "restlets".to_string()];
        let r = AuthorizeRequest {
            app_base: "https://1234567-sb1.app.netsuite.com/",
            client_id: "cid",
            redirect_uri: "https://localhost:8899/callback",
            scopes: &scopes,
            state: "s".repeat(22).leak(),
            code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            prompt: None,
        };
        assert_eq!(
            r.url(),
            format!(
                "https://1234567-sb1.app.netsuite.com/app/login/oauth2/authorize.nl?response_type=code\
                 &client_id=cid&redirect_uri=https%3A%2F%2Flocalhost%3A8899%2Fcallback\
                 &scope=rest_webservices%20restlets&state={}\
                 &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
                "s".repeat(22)
            )
        );
        let with_prompt = AuthorizeRequest {
            prompt: Some("login consent"),
            ..r
        };
        assert!(with_prompt.url().ends_with("&prompt=login%20consent"));
    }
}
