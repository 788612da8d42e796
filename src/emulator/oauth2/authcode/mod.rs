//! The emulated authorization code grant with PKCE (reference §2): the authorize endpoint with its
//! consent page ([`consent`]), the token endpoint's `authorization_code` and `refresh_token`
//! grants ([`token`]), the revoke endpoint ([`revoke`]), the client authentication both ways
//! Oracle documents ([`client_auth`]) and the issued codes and refresh tokens ([`state`]).
//!
//! The demo integration record allows the grant for its client id (the consumer key, as in
//! NetSuite) with the scopes ticked for M2M. It plays both client types, decided per login by how
//! the client authenticates at the code exchange: `Basic` with the record's secret is a
//! confidential client (one refresh token, 7 days), the client id alone (form or `Basic id:`) a
//! public client (single-use refresh tokens rotating for 48 h each, within 168 h of the login).
//! Redirect URIs: `https://localhost:<port>/callback` and `https://127.0.0.1:<port>/callback` on
//! any port (NetSuite matches exactly; the emulator's leniency lets tests pick free ports).
//!
//! Login Audit Trail Details are Oracle's where documented (`InvalidState`, `UnknownIntegration`,
//! `ClientAuthenticationFailed`, `InvalidRedirectURI`, `AuthorizationExplicitlyDenied`,
//! `ScopeMismatched`, `AuthorizationCodeGrantRequired`, `UnsupportedResponseType`,
//! `RefreshTokenExpired`) and the emulator's own otherwise (`InvalidRequest`, `InvalidCode`,
//! `InvalidCodeVerifier`, `InvalidRefreshToken`).

pub mod client_auth;
pub mod consent;
pub mod revoke;
pub mod state;
pub mod token;

pub use state::AuthCodeState;

/// The authorize endpoint's path (on the app host).
pub const AUTHORIZE_PATH: &str = crate::netsuite::oauth2::authcode::authorize::AUTHORIZE_PATH;
/// The revoke endpoint's path (on the REST host).
pub const REVOKE_PATH: &str = crate::netsuite::oauth2::authcode::grant::REVOKE_PATH;

/// Whether the dispatcher should route `path` to the consent page.
pub fn is_authorize(path: &str) -> bool {
    path == AUTHORIZE_PATH
}

/// Whether the dispatcher should route `path` to the revoke endpoint.
pub fn is_revoke(path: &str) -> bool {
    path == REVOKE_PATH
}

/// Whether a token request with this `grant_type` belongs here.
pub fn is_authcode_grant(grant_type: Option<&str>) -> bool {
    matches!(grant_type, Some("authorization_code" | "refresh_token"))
}

/// Whether `uri` is a redirect URI the demo record accepts (see the module docs).
pub fn redirect_allowed(uri: &str) -> bool {
    let Ok(u) = url::Url::parse(uri) else {
        return false;
    };
    u.scheme() == "https"
        && matches!(u.host_str(), Some("localhost" | "127.0.0.1"))
        && u.port().is_some()
        && u.path() == "/callback"
        && u.query().is_none()
        && u.fragment().is_none()
        && u.username().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_rules() {
        assert!(redirect_allowed("https://localhost:8899/callback"));
        assert!(redirect_allowed("https://127.0.0.1:4000/callback"));
        for bad in [
            "http://localhost:8899/callback",
            "https://localhost/callback",
            "https://evil.example:8899/callback",
            "https://localhost:8899/other",
            "https://localhost:8899/callback?x=1",
            "https://u@localhost:8899/callback",
            "not a url",
        ] {
            assert!(!redirect_allowed(bad), "{bad}");
        }
    }
}
