//! Authentication kinds: how a run proves who it is to NetSuite. TBA (OAuth 1.0a) signs every
//! request; the OAuth 2.0 kinds obtain a bearer token once and send it.

use serde::{Deserialize, Serialize};

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
