//! The stable diagnosis codes (`clock-skew`, `invalid-login`, …). External tests and scripts rely
//! on the strings: add variants, never rename one. The prose for each code lives in
//! `assets/diagnoses.toml` (see [`super::text`]); a unit test keeps the two in step.
//!
//! [`stable_ids!`] is the one mechanism behind every table of stable kebab-case ids (these codes,
//! the migration's codes and checklist items): serde, strum, parse and display agree by
//! construction, and [`StableId`] lets one test check any such table.

/// A table of stable kebab-case ids: serialized, parsed and displayed as the same string.
pub trait StableId:
    Copy + Eq + std::fmt::Debug + std::str::FromStr + serde::Serialize + serde::de::DeserializeOwned
{
    /// The stable string (`clock-skew`).
    fn id_str(self) -> &'static str;
    /// Every id, in declaration order.
    fn every() -> Vec<Self>;
}

/// Declares a [`StableId`] enum: the derives, kebab-case serde and strum names, `as_str`, `all`
/// and `Display`. Variant docs and order are kept; add variants, never rename one.
macro_rules! stable_ids {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::strum::EnumIter,
            ::strum::IntoStaticStr,
            ::strum::EnumString,
        )]
        #[serde(rename_all = "kebab-case")]
        #[strum(serialize_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// The stable kebab-case string.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Every value, in declaration order.
            pub fn all() -> impl Iterator<Item = $name> {
                <$name as ::strum::IntoEnumIterator>::iter()
            }
        }

        impl $crate::check::code::StableId for $name {
            fn id_str(self) -> &'static str {
                self.as_str()
            }
            fn every() -> Vec<Self> {
                $name::all().collect()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use stable_ids;

stable_ids! {
/// One diagnosis code. Serialized (and parsed, displayed) kebab-case, exactly as in the JSON.
pub enum DiagnosisCode {
    /// The account id is not a NetSuite account id after normalization.
    AccountIdFormat,
    /// The account lookup (datacenterurls) rejects the id or does not name the account.
    AccountNotFound,
    /// A pasted value has whitespace, quotes, line breaks, wrong length or alphabet.
    CredentialFormat,
    /// The host name does not resolve.
    DnsFailure,
    /// The TCP connection could not be made.
    ConnectFailure,
    /// The TLS handshake or certificate check failed.
    TlsFailure,
    /// No complete answer within the timeout.
    Timeout,
    /// The local clock is off from the server's.
    ClockSkew,
    /// NetSuite refused the login (the opaque 401).
    InvalidLogin,
    /// The same token works elsewhere but REST web services refuse it.
    RestAccessMissing,
    /// Authenticated, but the role lacks a permission.
    PermissionMissing,
    /// A concurrency or request limit was hit.
    ConcurrencyLimit,
    /// NetSuite reports an outage or maintenance.
    AccountUnavailable,
    /// An answer nstba cannot classify (or a broken connection).
    UnexpectedResponse,
    /// The web services feature is off.
    FeatureDisabled,
    /// A Web Services Only role called RESTlets.
    WebServicesOnlyRole,
    /// The request went to the wrong host or data center.
    WrongHost,
    /// SOAP saw more than one authentication method.
    AmbiguousAuthentication,
    /// The check itself failed (a bug in nstba, not a NetSuite answer).
    InternalError,
    /// OAuth 2.0: private key or certificate unusable.
    KeyUnusable,
    /// OAuth 2.0: the certificate expired or expires soon.
    CertificateExpired,
    /// OAuth 2.0: RS256, or an `alg` that does not fit the key.
    AlgorithmRejected,
    /// OAuth 2.0: the token endpoint refused the request.
    TokenRequestRefused,
    /// OAuth 2.0: the token's scopes do not cover the interface.
    ScopeMismatch,
    /// OAuth 2.0 authorization code: the refresh token is no longer accepted.
    RefreshTokenExpired,
}
}

impl DiagnosisCode {
    /// True for the network-layer codes (the path to NetSuite failed, not the credentials).
    pub fn is_network(self) -> bool {
        matches!(
            self,
            DiagnosisCode::DnsFailure
                | DiagnosisCode::ConnectFailure
                | DiagnosisCode::TlsFailure
                | DiagnosisCode::Timeout
        )
    }
}

impl PartialEq<&str> for DiagnosisCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for DiagnosisCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Serde, parse and the stable string agree for every id of `T`, and ids are unique.
    pub(crate) fn assert_ids_round_trip<T: StableId>() {
        let mut seen = std::collections::BTreeSet::new();
        for c in T::every() {
            assert!(seen.insert(c.id_str()), "{} twice", c.id_str());
            let json = serde_json::to_value(c).unwrap();
            assert_eq!(json.as_str(), Some(c.id_str()));
            assert!(c.id_str().parse::<T>().is_ok_and(|p| p == c), "{c:?}");
            assert_eq!(serde_json::from_value::<T>(json).unwrap(), c, "{c:?}");
        }
        assert!(!seen.is_empty());
        assert!("no-such-id".parse::<T>().is_err());
    }

    #[test]
    fn serde_strum_and_parse_agree_for_every_code() {
        assert_ids_round_trip::<DiagnosisCode>();
        for c in DiagnosisCode::all() {
            assert_eq!(c.to_string(), c.as_str());
        }
        assert_eq!(DiagnosisCode::InvalidLogin, "invalid-login");
        assert_eq!(DiagnosisCode::AccountIdFormat.as_str(), "account-id-format");
        assert!("no-such-code".parse::<DiagnosisCode>().is_err());
    }
}
