//! The evidence beyond the probes' answers that ranks the causes of a refused login: the
//! consumer-only probe, what the profile remembers of earlier tests, a Login Audit Trail Detail
//! value (typed by the user or read back from the trail), and how long each answer took.

use crate::check::catalogue;

/// What the consumer-only probe (`POST /rest/requesttoken` signed with the consumer key and
/// secret alone; no token, no user) said. Used only as far as the answer is specific.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ConsumerFact {
    /// Not sent (nothing to narrow, not TBA, or no budget left).
    #[default]
    NotRun,
    /// A request token was issued (and dropped unused): the consumer key and secret, the
    /// integration record's State and the TBA feature are fine.
    Accepted,
    /// The answer named one of the documented flow codes (`InvalidSignature`, …).
    Refused(String),
    /// The answer named no cause (the plain `INVALID_LOGIN_ATTEMPT`, or anything else): what
    /// came back, as evidence.
    Inconclusive(String),
}

/// What a saved profile remembers of its earlier tests. Empty for a run without a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// When a test of the same profile last passed (Unix seconds).
    pub last_ok_unix: Option<i64>,
    /// Failed logins the profile's recent tests (the last 30 minutes) sent, as recorded.
    pub recent_failed_logins: usize,
    /// Minutes since the most recent of those failed tests.
    pub recent_failure_minutes: Option<i64>,
    /// When the user says the sandbox was refreshed (Unix seconds).
    pub sandbox_refreshed_unix: Option<i64>,
}

/// Where a known Detail value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailSource {
    /// The user typed it (`--detail`, the TUI translator).
    User,
    /// Read from the Login Audit Trail with another credential; the row, described.
    AuditTrail(String),
}

/// A Login Audit Trail Detail value known for this failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDetail {
    /// The value as given (trimmed).
    pub value: String,
    /// Where from.
    pub source: DetailSource,
}

impl KnownDetail {
    /// The user's value, when one was given and is not blank.
    pub fn given(value: Option<&str>) -> Option<KnownDetail> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        Some(KnownDetail {
            value: value.chars().take(80).collect(),
            source: DetailSource::User,
        })
    }

    /// The catalogue's spelling of the value (`NonceUsed` → `nonce_used`'s entry code), or the
    /// value itself when the catalogue does not know it.
    pub fn canonical(&self) -> String {
        catalogue::explain(&self.value)
            .filter(|e| e.matched != catalogue::MatchKind::Message)
            .map_or_else(|| self.value.clone(), |e| e.entry.code.clone())
    }
}

/// Detail values that name the same cause on different front ends (Login Audit Trail table vs
/// the three-step flow table, reference §5.4/§5.5): the first of each group is the one the
/// ranked causes carry.
const SAME_CAUSE: &[&[&str]] = &[
    &["consumer_key_unknown", "UnknownIntegration"],
    &["consumer_key_refused", "IntegrationBlocked"],
    &["token_rejected", "TokenRejected"],
    &["permission_denied", "EntityOrRoleDisabled"],
    &["nonce_used", "NonceUsed"],
    &["nonce_rejected", "NonceRejected"],
];

/// True when two Detail values name the same cause.
pub fn same_cause(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
    if norm(a) == norm(b) {
        return true;
    }
    SAME_CAUSE
        .iter()
        .any(|g| g.iter().any(|x| norm(x) == norm(a)) && g.iter().any(|x| norm(x) == norm(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_spellings_name_one_cause() {
        assert!(same_cause("IntegrationBlocked", "consumer_key_refused"));
        assert!(same_cause("NonceUsed", "nonce_used"));
        assert!(same_cause("TEMPORARY_LOCKED", "temporary_locked"));
        assert!(!same_cause("token_rejected", "consumer_key_refused"));
        assert_eq!(KnownDetail::given(Some("  ")), None);
        let d = KnownDetail::given(Some(" NonceUsed ")).unwrap();
        assert_eq!(d.value, "NonceUsed");
        assert_eq!(d.canonical(), "nonce_used");
    }
}
