//! The auth kind a profile holds (DESIGN.md, "OAuth 2.0", the kinds table): its non-secret facts,
//! kept in `profiles.toml` ([`ProfileAuth`]), and its secrets, kept in the secret store
//! ([`ProfileSecrets`]).
//!
//! | kind | facts (`profiles.toml`) | secrets (keychain / `secrets.toml`) |
//! |---|---|---|
//! | `tba` | — | consumer key/secret, token id/secret |
//! | `m2m` | certificate id, scopes, key file (optional), certificate file (optional) | client id, private key PEM (unless a key file is named) |
//! | `authcode` | scopes, redirect URI, refresh-token issued/expires, the record's validity settings, the login's time, company, role and entity | client id, client secret (confidential clients), refresh token |
//!
//! A stored profile without a `kind` is `tba`, so files written before OAuth 2.0 keep loading.

use std::path::PathBuf;

use crate::Secret;
use crate::check::AuthKind;
use crate::netsuite::Credentials;
use crate::netsuite::oauth2::credentials::default_scopes;

/// A profile's auth kind with the facts of that kind that are not secret.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProfileAuth {
    /// Token-based authentication: everything it needs is secret.
    #[default]
    Tba,
    /// OAuth 2.0 client credentials (M2M).
    M2m(M2mFacts),
    /// OAuth 2.0 authorization code (+ PKCE), then refresh tokens.
    Authcode(AuthcodeFacts),
}

impl ProfileAuth {
    /// Which kind this is.
    pub fn kind(&self) -> AuthKind {
        match self {
            ProfileAuth::Tba => AuthKind::Tba,
            ProfileAuth::M2m(_) => AuthKind::M2m,
            ProfileAuth::Authcode(_) => AuthKind::Authcode,
        }
    }

    /// The M2M facts, when this is an M2M profile.
    pub fn m2m(&self) -> Option<&M2mFacts> {
        match self {
            ProfileAuth::M2m(f) => Some(f),
            _ => None,
        }
    }

    /// The authorization-code facts, when this is an authcode profile.
    pub fn authcode(&self) -> Option<&AuthcodeFacts> {
        match self {
            ProfileAuth::Authcode(f) => Some(f),
            _ => None,
        }
    }
}

/// What an M2M profile keeps outside the secret store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct M2mFacts {
    /// The Certificate ID of the M2M mapping (the JWT `kid`; may start with `-`).
    pub certificate_id: String,
    /// Scopes requested (`rest_webservices`, `restlets`, …).
    pub scopes: Vec<String>,
    /// A key file the user keeps instead of handing the key to the secret store. Absolute; must
    /// be readable only by its owner (mode 0600), checked on save and on every load.
    pub key_file: Option<PathBuf>,
    /// The uploaded certificate's PEM file, for the local checks (expiry, key match).
    pub certificate_file: Option<PathBuf>,
}

impl Default for M2mFacts {
    fn default() -> Self {
        M2mFacts {
            certificate_id: String::new(),
            scopes: default_scopes(),
            key_file: None,
            certificate_file: None,
        }
    }
}

/// What an authorization-code profile keeps outside the secret store. The refresh-token dates
/// are set through [`ProfileStore::replace_refresh_token`](super::ProfileStore::replace_refresh_token)
/// together with the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthcodeFacts {
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// The redirect URI registered on the integration record (`https://localhost:PORT/callback`).
    pub redirect_uri: String,
    /// When the stored refresh token was issued (Unix seconds).
    pub refresh_issued_unix: Option<i64>,
    /// When the stored refresh token stops being accepted (Unix seconds), when known.
    pub refresh_expires_unix: Option<i64>,
    /// The integration record's Refresh Token Validity (hours), when not the default.
    pub validity_hours: Option<u32>,
    /// The record's Maximum Time For Token Rotation (hours), when not the default.
    pub rotation_hours: Option<u32>,
    /// When the login that began the refresh token chain happened (Unix seconds): a public
    /// client's chain ends the rotation window after it.
    pub login_unix: Option<i64>,
    /// The account the login named (callback `company`).
    pub company: Option<String>,
    /// The role the login used (callback `role`, an internal id).
    pub role: Option<String>,
    /// The entity that logged in (callback `entity`, an internal id).
    pub entity: Option<String>,
}

/// A profile's secrets, one variant per kind (matching its [`ProfileAuth`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSecrets {
    /// Consumer key/secret, token id/secret.
    Tba(Credentials),
    /// Client id and (unless the profile names a key file) the private key.
    M2m(M2mSecrets),
    /// Client id, client secret (confidential clients) and the refresh token.
    Authcode(AuthcodeSecrets),
}

impl ProfileSecrets {
    /// Which kind these are.
    pub fn kind(&self) -> AuthKind {
        match self {
            ProfileSecrets::Tba(_) => AuthKind::Tba,
            ProfileSecrets::M2m(_) => AuthKind::M2m,
            ProfileSecrets::Authcode(_) => AuthKind::Authcode,
        }
    }
}

/// The secret half of an M2M profile. `Debug` shows no value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct M2mSecrets {
    /// The integration record's Client ID.
    pub client_id: Secret,
    /// The PEM private key; `None` when the profile refers to a key file instead.
    pub private_key: Option<Secret>,
    /// The uploaded certificate's PEM, kept beside the key when no certificate file is named
    /// (not secret, but it belongs with the key: the wizard saves both).
    pub certificate: Option<String>,
}

/// The secret half of an authorization-code profile. `Debug` shows no value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthcodeSecrets {
    /// The integration record's Client ID.
    pub client_id: Secret,
    /// The client secret, for a confidential client (shown once by NetSuite).
    pub client_secret: Option<Secret>,
    /// The current refresh token (replaced on every refresh that rotates it).
    pub refresh_token: Secret,
}

/// The kind's name in `profiles.toml` (`None` for TBA, which writes no `kind` so TBA files stay
/// as they were).
pub(crate) fn stored_name(kind: AuthKind) -> Option<&'static str> {
    match kind {
        AuthKind::Tba => None,
        other => Some(other.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_secret() {
        let s = ProfileSecrets::Authcode(AuthcodeSecrets {
            client_id: Secret::from("client-0123456789abcdef"),
            client_secret: Some(Secret::from("clientsecret-XYZW9876")),
            refresh_token: Secret::from("refresh-token-QWERTY1234"),
        });
        let m = ProfileSecrets::M2m(M2mSecrets {
            client_id: Secret::from("client-0123456789abcdef"),
            private_key: Some(Secret::from("-----BEGIN PRIVATE KEY-----\nMIGHsecretbody")),
            certificate: None,
        });
        let shown = format!("{s:?} {m:?} {s:#?}");
        for needle in ["0123456789", "XYZW9876", "QWERTY1234", "MIGHsecretbody"] {
            assert!(!shown.contains(needle), "{shown}");
        }
    }

    #[test]
    fn kinds_match() {
        assert_eq!(ProfileAuth::default().kind(), AuthKind::Tba);
        assert_eq!(ProfileAuth::M2m(M2mFacts::default()).kind(), AuthKind::M2m);
        assert_eq!(stored_name(AuthKind::Tba), None);
        assert_eq!(stored_name(AuthKind::Authcode), Some("authcode"));
    }
}
