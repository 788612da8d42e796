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
}

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

impl Scenario {
    /// Every scenario, `Healthy` first.
    pub fn all() -> &'static [Scenario] {
        &ALL
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
        }
    }

    /// The scenario with this name (case-insensitive, `_` accepted for `-`).
    pub fn from_name(name: &str) -> Option<Scenario> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        ALL.iter().copied().find(|s| s.name() == wanted)
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
        }
    }

    /// How far the emulated NetSuite clock is ahead of the real one, in seconds.
    pub fn clock_offset_secs(&self) -> i64 {
        match self {
            Scenario::ClockAhead => 600,
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
        for s in Scenario::all() {
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
