//! The failure scenarios the emulator can play: each is a preset of the account model
//! ([`super::model::AccountModel::preset`]) plus a clock offset, a latency and response faults.

use std::time::Duration;

/// One behaviour of the emulated NetSuite account. Names are stable (CLI, debug endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "&'static str")]
pub enum Scenario {
    /// Everything is set up correctly; every probe passes.
    Healthy,
    /// The integration record's consumer secret differs from the client's → `InvalidSignature`.
    WrongConsumerSecret,
    /// The access token was revoked → `token_rejected`.
    RevokedToken,
    /// The emulator's clock runs 10 minutes ahead → `InvalidTimestamp`.
    ClockAhead,
    /// The token's role lacks *REST Web Services*: SOAP and `/rest/tokeninfo` work, REST does not.
    RoleWithoutRest,
    /// The role lacks record permissions: logins work, the catalog lists fewer record types and
    /// SuiteQL answers `Record 'employee' was not found` (403s with the `suiteql-403` /
    /// `catalog-403` shapes).
    RecordPermission,
    /// The integration record's State is Blocked → `consumer_key_refused`.
    IntegrationBlocked,
    /// The Token-based Authentication feature is off → `FeatureDisabled`.
    FeatureDisabled,
    /// The account's concurrency limit is used up by other integrations.
    Concurrency,
    /// The account is in scheduled maintenance → 503.
    Maintenance,
    /// Healthy, but every response takes about 1.5 s.
    Slow,
    /// Authentication succeeds but bodies are truncated JSON or an HTML page.
    MalformedBody,
    /// The account id is unknown to NetSuite: generic hosts from the lookup, unknown credentials.
    AccountNotFound,
    /// The role is a "Web Services Only" role: REST and SOAP work, RESTlets answer
    /// `INVALID_LOGIN_CREDENTIALS`.
    WebServicesOnlyRole,
    /// The user is locked after failed logins → `temporary_locked`.
    LockedUser,
    /// The role lacks *Log in using Access Tokens* (and *User Access Tokens*) → `permission_denied`.
    NoTokenLoginPermission,
    /// The mapped certificate has expired → `CertificateExpired`.
    M2mCertificateExpired,
    /// The mapped certificate was revoked → `CertificateRevoked`.
    M2mCertificateRevoked,
    /// No mapping has the client's certificate id → `UnknownCertificate`.
    M2mUnknownCertificate,
    /// A sandbox refresh cleared the M2M mappings → `UnknownCertificate`.
    M2mMappingWiped,
    /// The integration record's client id differs from the client's → `InvalidClient`.
    M2mWrongClientId,
    /// The record lacks the Client Credentials (M2M) Grant → `ClientCredentialsGrantNotAllowed`.
    M2mGrantNotTicked,
    /// The integration record is Blocked → `IntegrationBlocked`.
    M2mRecordBlocked,
    /// Only the RESTlets scope is ticked: REST calls with the token → `ScopeMismatched`.
    M2mScopeMismatch,
    /// The mapped role lacks Log in using OAuth 2.0 Access Tokens → `permission_denied`.
    M2mNoOAuth2Permission,
    /// The mapped employee is inactive → `EntityOrRoleDisabled`.
    M2mEntityInactive,
    /// NetSuite's clock is 3 minutes behind → `AssertionIssuedInFuture`.
    M2mClockSkew,
    /// Migration: TBA and M2M both work on the one record, but the M2M mapping is for another
    /// role of the same employee than the TBA token's (the token works, with other permissions).
    MigrateRoleDiffers,
    /// Migration: the M2M side of the record has only `rest_webservices` ticked, while the TBA
    /// token also works on RESTlets (a RESTlet call with the new token → `ScopeMismatched`).
    MigrateRecordLacksScope,
    /// Migration: the M2M mapping is on a separate OAuth 2.0-only record (its own client id,
    /// [`SEPARATE_CLIENT_ID`]); the TBA record has no M2M grant.
    MigrateSeparateRecord,
    /// Authorization code: every refresh token is past its validity → `RefreshTokenExpired`.
    AuthcodeRefreshExpired,
    /// Authorization code: the record's Authorization Code Grant box is not ticked → the
    /// authorize and token endpoints answer `unauthorized_client` (`AuthorizationCodeGrantRequired`).
    AuthcodeGrantNotTicked,
    /// Authorization code: the login's role lacks Manage own OAuth 2.0 Client Credentials
    /// certificates → the certificate rotation API answers 403 (the M2M bootstrap stops).
    AuthcodeNoCertificatePermission,
}

/// Client id of the separate OAuth 2.0-only record of [`Scenario::MigrateSeparateRecord`].
pub const SEPARATE_CLIENT_ID: &str =
    "0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f0a2f";

const ALL: [Scenario; 16] = [
    Scenario::Healthy,
    Scenario::WrongConsumerSecret,
    Scenario::RevokedToken,
    Scenario::ClockAhead,
    Scenario::RoleWithoutRest,
    Scenario::RecordPermission,
    Scenario::IntegrationBlocked,
    Scenario::FeatureDisabled,
    Scenario::Concurrency,
    Scenario::Maintenance,
    Scenario::Slow,
    Scenario::MalformedBody,
    Scenario::AccountNotFound,
    Scenario::WebServicesOnlyRole,
    Scenario::LockedUser,
    Scenario::NoTokenLoginPermission,
];

/// The OAuth 2.0 client-credentials scenarios (a TBA client sees most of them as healthy).
const M2M: [Scenario; 11] = [
    Scenario::M2mCertificateExpired,
    Scenario::M2mCertificateRevoked,
    Scenario::M2mUnknownCertificate,
    Scenario::M2mMappingWiped,
    Scenario::M2mWrongClientId,
    Scenario::M2mGrantNotTicked,
    Scenario::M2mRecordBlocked,
    Scenario::M2mScopeMismatch,
    Scenario::M2mNoOAuth2Permission,
    Scenario::M2mEntityInactive,
    Scenario::M2mClockSkew,
];

/// The TBA → OAuth 2.0 migration scenarios (`migrate-…`; the demo's healthy account is already
/// one where TBA and M2M work on one record).
const MIGRATE: [Scenario; 3] = [
    Scenario::MigrateRoleDiffers,
    Scenario::MigrateRecordLacksScope,
    Scenario::MigrateSeparateRecord,
];
/// The OAuth 2.0 authorization-code scenarios.
const AUTHCODE: [Scenario; 3] = [
    Scenario::AuthcodeRefreshExpired,
    Scenario::AuthcodeGrantNotTicked,
    Scenario::AuthcodeNoCertificatePermission,
];

impl Scenario {
    /// True for the migration scenarios (`migrate-…`).
    pub fn is_migrate(&self) -> bool {
        self.name().starts_with("migrate-")
    }

    /// The migration scenarios (`migrate-…`).
    pub fn all_migrate() -> &'static [Scenario] {
        &MIGRATE
    }

    /// True for the OAuth 2.0 client-credentials scenarios (`m2m-…`).
    pub fn is_m2m(&self) -> bool {
        self.name().starts_with("m2m-")
    }

    /// Every TBA scenario, `Healthy` first (the demo wizard cycles through these).
    pub fn all() -> &'static [Scenario] {
        &ALL
    }

    /// The OAuth 2.0 client-credentials scenarios (`m2m-…`).
    pub fn all_m2m() -> &'static [Scenario] {
        &M2M
    }

    /// Every scenario: [`Scenario::all`], [`Scenario::all_m2m`], [`Scenario::all_migrate`], then
    /// the authorization-code ones.
    pub fn every() -> impl Iterator<Item = Scenario> {
        ALL.iter()
            .chain(M2M.iter())
            .chain(MIGRATE.iter())
            .chain(AUTHCODE.iter())
            .copied()
    }

    /// The kebab-case name used on the command line and by `PUT /__nstba/scenario/{name}`.
    pub fn name(&self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::WrongConsumerSecret => "wrong-consumer-secret",
            Scenario::RevokedToken => "revoked-token",
            Scenario::ClockAhead => "clock-ahead",
            Scenario::RoleWithoutRest => "role-without-rest",
            Scenario::RecordPermission => "record-permission",
            Scenario::IntegrationBlocked => "integration-blocked",
            Scenario::FeatureDisabled => "feature-disabled",
            Scenario::Concurrency => "concurrency",
            Scenario::Maintenance => "maintenance",
            Scenario::Slow => "slow",
            Scenario::MalformedBody => "malformed-body",
            Scenario::AccountNotFound => "account-not-found",
            Scenario::WebServicesOnlyRole => "web-services-only-role",
            Scenario::LockedUser => "locked-user",
            Scenario::NoTokenLoginPermission => "no-token-login-permission",
            Scenario::M2mCertificateExpired => "m2m-certificate-expired",
            Scenario::M2mCertificateRevoked => "m2m-certificate-revoked",
            Scenario::M2mUnknownCertificate => "m2m-unknown-certificate",
            Scenario::M2mMappingWiped => "m2m-mapping-wiped",
            Scenario::M2mWrongClientId => "m2m-wrong-client-id",
            Scenario::M2mGrantNotTicked => "m2m-grant-not-ticked",
            Scenario::M2mRecordBlocked => "m2m-record-blocked",
            Scenario::M2mScopeMismatch => "m2m-scope-mismatch",
            Scenario::M2mNoOAuth2Permission => "m2m-no-oauth2-permission",
            Scenario::M2mEntityInactive => "m2m-entity-inactive",
            Scenario::M2mClockSkew => "m2m-clock-skew",
            Scenario::MigrateRoleDiffers => "migrate-role-differs",
            Scenario::MigrateRecordLacksScope => "migrate-record-lacks-scope",
            Scenario::MigrateSeparateRecord => "migrate-separate-record",
            Scenario::AuthcodeRefreshExpired => "authcode-refresh-expired",
            Scenario::AuthcodeGrantNotTicked => "authcode-grant-not-ticked",
            Scenario::AuthcodeNoCertificatePermission => "authcode-no-certificate-permission",
        }
    }

    /// The scenario with this name (case-insensitive, `_` accepted for `-`).
    pub fn from_name(name: &str) -> Option<Scenario> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Scenario::every().find(|s| s.name() == wanted)
    }

    /// One line for users: what the scenario simulates and what a client should see.
    pub fn description(&self) -> &'static str {
        match self {
            Scenario::Healthy => "everything set up correctly; every probe passes",
            Scenario::WrongConsumerSecret => {
                "the consumer secret does not match the integration record (Detail: InvalidSignature)"
            }
            Scenario::RevokedToken => "the access token was revoked (Detail: token_rejected)",
            Scenario::ClockAhead => {
                "NetSuite's clock is 10 minutes ahead of yours (Detail: InvalidTimestamp)"
            }
            Scenario::RoleWithoutRest => {
                "the role lacks the REST Web Services permission: SOAP and tokeninfo work, REST is refused"
            }
            Scenario::RecordPermission => {
                "the role lacks record permissions: login works, SuiteQL answers Record 'employee' was not found"
            }
            Scenario::IntegrationBlocked => {
                "the integration record's State is Blocked (Detail: consumer_key_refused)"
            }
            Scenario::FeatureDisabled => {
                "the Token-based Authentication feature is disabled (Detail: FeatureDisabled)"
            }
            Scenario::Concurrency => {
                "the account's concurrency limit is used up (REST 429, RESTlet SSS_REQUEST_LIMIT_EXCEEDED, SOAP WS_REQUEST_BLOCKED)"
            }
            Scenario::Maintenance => {
                "the account is in scheduled maintenance (HTTP 503; a SOAP fault on SOAP)"
            }
            Scenario::Slow => "healthy, but every response takes about 1.5 seconds",
            Scenario::MalformedBody => {
                "authentication succeeds but responses are truncated JSON or an HTML page"
            }
            Scenario::AccountNotFound => {
                "the account id is unknown: the lookup returns generic hosts, credentials are unknown (Detail: consumer_key_unknown)"
            }
            Scenario::WebServicesOnlyRole => {
                "the role is Web Services Only: REST and SOAP work, RESTlets answer INVALID_LOGIN_CREDENTIALS"
            }
            Scenario::LockedUser => {
                "the user is locked out after failed logins (Detail: temporary_locked)"
            }
            Scenario::NoTokenLoginPermission => {
                "the role lacks the Log in using Access Tokens permission (Detail: permission_denied)"
            }
            Scenario::M2mCertificateExpired => {
                "M2M: the mapped certificate's validity ended (Detail: CertificateExpired)"
            }
            Scenario::M2mCertificateRevoked => {
                "M2M: the mapped certificate was revoked (Detail: CertificateRevoked)"
            }
            Scenario::M2mUnknownCertificate => {
                "M2M: no mapping has the certificate id sent as kid (Detail: UnknownCertificate)"
            }
            Scenario::M2mMappingWiped => {
                "M2M: a sandbox refresh cleared every certificate mapping (Detail: UnknownCertificate)"
            }
            Scenario::M2mWrongClientId => {
                "M2M: no integration record has the client id sent as iss (Detail: InvalidClient)"
            }
            Scenario::M2mGrantNotTicked => {
                "M2M: Client Credentials (Machine to Machine) Grant is not ticked (Detail: ClientCredentialsGrantNotAllowed)"
            }
            Scenario::M2mRecordBlocked => {
                "M2M: the integration record's State is Blocked (Detail: IntegrationBlocked)"
            }
            Scenario::M2mScopeMismatch => {
                "M2M: only RESTlets is ticked on the record, so REST calls are refused (Detail: ScopeMismatched)"
            }
            Scenario::M2mNoOAuth2Permission => {
                "M2M: the mapped role lacks Log in using OAuth 2.0 Access Tokens (Detail: permission_denied)"
            }
            Scenario::M2mEntityInactive => {
                "M2M: the mapped employee is inactive (Detail: EntityOrRoleDisabled)"
            }
            Scenario::M2mClockSkew => {
                "M2M: NetSuite's clock is 3 minutes behind, so the assertion is issued in the future (Detail: AssertionIssuedInFuture)"
            }
            Scenario::MigrateRoleDiffers => {
                "migration: TBA and M2M work on one record, but the M2M mapping is for another role than the TBA token's"
            }
            Scenario::MigrateRecordLacksScope => {
                "migration: the record's OAuth 2.0 side has only REST web services ticked; the TBA token also works on RESTlets"
            }
            Scenario::MigrateSeparateRecord => {
                "migration: the M2M mapping is on a separate OAuth 2.0-only record with its own client id"
            }
            Scenario::AuthcodeRefreshExpired => {
                "authorization code: every refresh token is past its validity (Detail: RefreshTokenExpired)"
            }
            Scenario::AuthcodeGrantNotTicked => {
                "authorization code: the record's Authorization Code Grant is not ticked (Detail: AuthorizationCodeGrantRequired)"
            }
            Scenario::AuthcodeNoCertificatePermission => {
                "authorization code: the login's role lacks Manage own OAuth 2.0 Client Credentials certificates (the M2M bootstrap's upload is refused)"
            }
        }
    }

    /// How far the emulated NetSuite clock is ahead of the real one, in seconds.
    pub fn clock_offset_secs(&self) -> i64 {
        match self {
            Scenario::ClockAhead => 600,
            Scenario::M2mClockSkew => -180,
            _ => 0,
        }
    }

    /// The delay added before every response (unless the config overrides it).
    pub fn latency(&self) -> Duration {
        match self {
            Scenario::Slow => Duration::from_millis(1500),
            _ => Duration::ZERO,
        }
    }
}

impl From<Scenario> for &'static str {
    fn from(s: Scenario) -> &'static str {
        s.name()
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in &Scenario::every().collect::<Vec<_>>() {
            assert_eq!(Scenario::from_name(s.name()), Some(*s));
            assert!(seen.insert(s.name()));
            assert!(!s.description().is_empty());
        }
        assert_eq!(
            Scenario::from_name("Wrong_Consumer_Secret"),
            Some(Scenario::WrongConsumerSecret)
        );
        assert_eq!(Scenario::from_name("nope"), None);
    }
}
