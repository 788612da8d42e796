//! Authentication kinds: how a run proves who it is to NetSuite, behind one [`Authenticator`]
//! interface so the check stages never know which kind they run with. TBA (OAuth 1.0a) signs
//! every request ([`tba`]); the OAuth 2.0 kinds will obtain a bearer token once (a `token` stage)
//! and then authorize each request with it.

pub mod authcode;
mod bearer;
pub mod m2m;
pub mod tba;

use serde::{Deserialize, Serialize};

use super::credential_shape::ShapeIssue;
use crate::Secret;
use crate::netsuite::AccountId;
use crate::netsuite::oauth::SignError;

/// The credentials of one run, one variant per kind. OAuth 2.0 kinds add their variants here
/// (`M2m`, `AuthCode`) together with their [`Authenticator`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Consumer key/secret and token id/secret.
    Tba(crate::netsuite::Credentials),
    /// OAuth 2.0 client credentials: client id, certificate id, private key, scopes.
    M2m(crate::netsuite::oauth2::M2mCredentials),
    /// OAuth 2.0 authorization code: client id (and secret), refresh token, scopes.
    AuthCode(crate::netsuite::oauth2::authcode::AuthCodeCredentials),
}

impl From<crate::netsuite::oauth2::M2mCredentials> for Credentials {
    fn from(c: crate::netsuite::oauth2::M2mCredentials) -> Credentials {
        Credentials::M2m(c)
    }
}

impl From<crate::netsuite::Credentials> for Credentials {
    fn from(c: crate::netsuite::Credentials) -> Credentials {
        Credentials::Tba(c)
    }
}

impl Default for Credentials {
    fn default() -> Credentials {
        Credentials::Tba(crate::netsuite::Credentials::default())
    }
}

impl Credentials {
    /// Which kind these are.
    pub fn kind(&self) -> AuthKind {
        match self {
            Credentials::Tba(_) => AuthKind::Tba,
            Credentials::M2m(_) => AuthKind::M2m,
            Credentials::AuthCode(_) => AuthKind::Authcode,
        }
    }

    /// The TBA values, when these are TBA credentials.
    pub fn tba(&self) -> Option<&crate::netsuite::Credentials> {
        match self {
            Credentials::Tba(c) => Some(c),
            Credentials::M2m(_) | Credentials::AuthCode(_) => None,
        }
    }

    /// The M2M values, when these are M2M credentials.
    pub fn m2m(&self) -> Option<&crate::netsuite::oauth2::M2mCredentials> {
        match self {
            Credentials::M2m(c) => Some(c),
            Credentials::Tba(_) | Credentials::AuthCode(_) => None,
        }
    }

    /// Every value that must never be shown (what [`Authenticator::secrets`] returns), known
    /// before the account id is: the run redacts from its first check on.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Credentials::Tba(c) => tba::secrets(c),
            Credentials::M2m(c) => m2m::secrets(c),
            Credentials::AuthCode(c) => authcode::secrets(c),
        }
    }

    /// The authenticator for these credentials against `account`.
    pub fn authenticator(&self, account: &AccountId) -> Box<dyn Authenticator> {
        match self {
            Credentials::Tba(c) => Box::new(tba::Tba::new(account, c)),
            Credentials::M2m(c) => Box::new(m2m::M2m::new(c)),
            Credentials::AuthCode(c) => Box::new(authcode::AuthCode::new(c)),
        }
    }
}

/// A request could not be given its authentication (a malformed URL, in practice).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// OAuth 1.0a signing refused the input.
    #[error("{0}")]
    Sign(#[from] SignError),
    /// An OAuth 2.0 request was to be sent before a token was obtained.
    #[error("no access token has been obtained")]
    NoToken,
    /// This kind cannot authenticate this interface (OAuth 2.0 and SOAP).
    #[error("{0}")]
    Unsupported(&'static str),
    /// The private key could not sign (its problem, never its content).
    #[error("the private key cannot sign: {0}")]
    Key(String),
}

/// A request to authorize: what the signing needs to know about it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// HTTP method (`GET`).
    pub method: &'a str,
    /// Full URL, query included.
    pub url: &'a str,
}

/// How one auth kind proves who it is. Implemented per kind; the check stages use only this.
pub trait Authenticator: Send + Sync {
    /// Every value that must never be shown: redacted from anything a server sends back.
    fn secrets(&self) -> Vec<String>;

    /// Local problems with the pasted values (the `credentials` check), field named, value never.
    fn shape_issues(&self) -> Vec<ShapeIssue>;

    /// The `credentials` check's summary when no value has a problem: what this kind holds.
    fn present(&self) -> &'static str;

    /// Adds this kind's authentication to `req`, which is `target`.
    fn authorize(
        &self,
        req: reqwest::RequestBuilder,
        target: Target<'_>,
    ) -> Result<reqwest::RequestBuilder, AuthError>;

    /// The SOAP `getServerTime` envelope carrying this kind's authentication.
    fn soap_server_time(&self) -> Result<String, AuthError>;

    /// The OAuth 2.0 side (key pre-flight, token request, token cache); `None` for TBA, which
    /// needs neither a `key` nor a `token-request` check.
    fn token_source(&self) -> Option<&dyn TokenSource> {
        None
    }
}

/// What an OAuth 2.0 kind does before its first API request: check its key locally, ask the token
/// endpoint for an access token (a fresh client assertion each time), and keep the token for its
/// lifetime so every later request is sent with `Authorization: Bearer`.
pub trait TokenSource: Send + Sync {
    /// The local key/certificate checks at `now` (Unix seconds): the `key` check.
    fn preflight(&self, now: i64) -> crate::netsuite::cert::checks::Report;

    /// A new token request body (form-encoded, carrying a fresh assertion) for `token_url`.
    fn token_request(&self, token_url: &str, now: i64) -> Result<Secret, AuthError>;

    /// Keeps `token` until it expires.
    fn keep(&self, token: &crate::netsuite::oauth2::TokenResponse);

    /// The kept token, while it is valid.
    fn token(&self) -> Option<Secret>;

    /// The scopes asked for.
    fn scopes(&self) -> Vec<String>;

    /// The certificate id (`kid`), shown in evidence (it is not a secret).
    fn certificate_id(&self) -> String;

    /// The token request's `Authorization` header, when the client authenticates with one (a
    /// confidential authorization-code client's Basic auth); M2M authenticates in the body.
    fn token_request_authorization(&self) -> Option<Secret> {
        None
    }

    /// True when the token request is a refresh (authorization code): an `invalid_grant` then
    /// means the refresh token is no longer accepted.
    fn refreshes(&self) -> bool {
        false
    }
}

/// Which kind of credentials a profile or run uses (`--auth tba|m2m|authcode`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum AuthKind {
    /// Token-based authentication (OAuth 1.0a): consumer key/secret and token id/secret.
    #[default]
    Tba,
    /// OAuth 2.0 client credentials (machine to machine): a JWT signed with a private key.
    M2m,
    /// OAuth 2.0 authorization code (with PKCE), then refresh tokens.
    Authcode,
}

impl AuthKind {
    /// The stable lowercase name (`tba`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in <AuthKind as strum::IntoEnumIterator>::iter() {
            assert_eq!(serde_json::to_value(k).unwrap().as_str(), Some(k.as_str()));
            assert_eq!(k.as_str().parse::<AuthKind>().unwrap(), k);
        }
        assert_eq!("M2M".parse::<AuthKind>().unwrap(), AuthKind::M2m);
        assert!("oauth".parse::<AuthKind>().is_err());
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::oauth2::M2mCredentials;

    #[test]
    fn each_kind_of_credentials_names_its_kind_and_only_its_own_values() {
        let tba = Credentials::from(crate::emulator::demo::credentials());
        assert_eq!(tba.kind(), AuthKind::Tba);
        assert!(tba.tba().is_some() && tba.m2m().is_none());
        let m2m = Credentials::from(M2mCredentials::new(
            "a".repeat(64),
            "cert-id",
            crate::emulator::oauth2::demo_private_key(),
            &[],
        ));
        // The run's notices and the report's auth kind come from here.
        assert_eq!(m2m.kind(), AuthKind::M2m);
        assert_eq!(
            m2m.m2m().map(|c| c.certificate_id.as_str()),
            Some("cert-id")
        );
        assert!(m2m.tba().is_none());
    }
}
