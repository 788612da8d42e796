//! The stable diagnosis codes (`clock-skew`, `invalid-login`, …). External tests and scripts rely
//! on the strings: add variants, never rename one. The prose for each code lives in
//! `assets/diagnoses.toml` (see [`super::text`]); a unit test keeps the two in step.

use serde::{Deserialize, Serialize};

/// One diagnosis code. Serialized (and parsed, displayed) kebab-case, exactly as in the JSON.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::Display,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
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

impl DiagnosisCode {
    /// The stable kebab-case string (`clock-skew`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = DiagnosisCode> {
        <DiagnosisCode as strum::IntoEnumIterator>::iter()
    }

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
mod tests {
    use super::*;

    #[test]
    fn serde_strum_and_parse_agree_for_every_code() {
        for c in DiagnosisCode::all() {
            let json = serde_json::to_value(c).unwrap();
            assert_eq!(json.as_str(), Some(c.as_str()));
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(c.as_str().parse::<DiagnosisCode>().unwrap(), c);
            assert_eq!(
                serde_json::from_value::<DiagnosisCode>(json).unwrap(),
                c,
                "{c}"
            );
        }
        assert_eq!(DiagnosisCode::InvalidLogin, "invalid-login");
        assert_eq!(DiagnosisCode::AccountIdFormat.as_str(), "account-id-format");
        assert!("no-such-code".parse::<DiagnosisCode>().is_err());
    }
}
