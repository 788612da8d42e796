//! What a saved profile is: its non-secret facts (the secrets live in the secret store), the
//! naming rule, and the outcomes the store hands back.

use crate::check::{Api, DiagnosisCode, Report};

use super::error::{ProfileError, Result};
use super::kind::ProfileAuth;

/// Longest profile name accepted.
pub const NAME_MAX: usize = 64;

/// A saved connection: everything about it except the secrets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// Unique name (see [`validate_name`]).
    pub name: String,
    /// Canonical account id (`1234567_SB1`).
    pub account: String,
    /// Environment kind (`production`, `sandbox`, `release-preview`, `test-drive`).
    pub environment: String,
    /// Interfaces the integration uses (what to probe by default).
    pub apis: Vec<Api>,
    /// Free text for the user (customer, ticket, who owns the integration).
    pub notes: String,
    /// The most recent connection test, if any.
    pub last_test: Option<LastTest>,
    /// The date (YYYY-MM-DD) the user says the sandbox was last refreshed.
    pub sandbox_refreshed: Option<String>,
    /// When the credentials were last saved (Unix seconds); set by the store.
    pub saved_at_unix: Option<i64>,
    /// When a test last passed (Unix seconds); kept when later tests fail, so "worked before,
    /// fails now" can be told. Set by the store.
    pub last_ok_unix: Option<i64>,
    /// The auth kind and its non-secret facts (TBA unless the stored profile says otherwise).
    pub auth: ProfileAuth,
}

impl Profile {
    /// A profile with just a name and an account (environment filled in by the store on save).
    pub fn new(name: impl Into<String>, account: impl Into<String>) -> Self {
        Profile {
            name: name.into(),
            account: account.into(),
            apis: vec![Api::Rest],
            ..Profile::default()
        }
    }

    /// The profile's auth kind.
    pub fn kind(&self) -> crate::check::AuthKind {
        self.auth.kind()
    }
}

/// The outcome of the last connection test run on a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTest {
    /// When it ran (Unix seconds).
    pub at_unix: i64,
    /// True when every check passed.
    pub ok: bool,
    /// The first (most likely) diagnosis code, if any.
    pub first_code: Option<DiagnosisCode>,
    /// One line for listings.
    pub summary: String,
}

impl LastTest {
    /// Condenses a report into what a profile remembers.
    pub fn from_report(report: &Report, at_unix: i64) -> Self {
        let first = report.diagnoses.first();
        let summary = if report.ok {
            format!("all {} checks passed", report.checks.len())
        } else if let Some(d) = first {
            d.title.clone()
        } else if let Some(c) = report
            .checks
            .iter()
            .find(|c| c.status == crate::check::Status::Fail)
        {
            format!("{}: {}", c.id.title(), c.summary)
        } else {
            "the test did not pass".to_string()
        };
        LastTest {
            at_unix,
            ok: report.ok,
            first_code: first.map(|d| d.code),
            summary: one_line(&summary, 200),
        }
    }
}

/// What `save` did that the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SaveOutcome {
    /// The one-time notice that secrets went to a file instead of a keychain.
    pub warning: Option<String>,
}

/// What `remove` could not finish (the profile itself is always removed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemoveOutcome {
    /// E.g. the keychain entry could not be deleted.
    pub warning: Option<String>,
}

/// Where a profile's secrets are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretStoreKind {
    /// The OS keychain (Keychain Services, Credential Manager, Secret Service).
    Keyring,
    /// `secrets.toml` (mode 0600) beside `profiles.toml`.
    File,
}

impl SecretStoreKind {
    /// The name stored in `profiles.toml` and accepted by `NSTBA_SECRET_STORE`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SecretStoreKind::Keyring => "keyring",
            SecretStoreKind::File => "file",
        }
    }

    /// Parses `file` / `keyring` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "keyring" | "keychain" => Some(SecretStoreKind::Keyring),
            "file" => Some(SecretStoreKind::File),
            _ => None,
        }
    }
}

/// Checks a profile name: 1–[`NAME_MAX`] characters, each an ASCII letter, digit, `-`, `_` or `.`.
/// (Names become TOML keys and keychain entry names, so they stay plain.)
pub fn validate_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= NAME_MAX
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(ProfileError::InvalidName {
            name: one_line(name, 80),
        })
    }
}

/// Squeezes text to one line of at most `max` characters (for listings and error messages).
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        flat.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rule() {
        for good in ["acme", "acme-sb1", "a.b_c-9", &"x".repeat(64)] {
            assert!(validate_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "has space",
            "ünï",
            "a/b",
            "a\nb",
            &"x".repeat(65),
            "quote\"",
        ] {
            let e = validate_name(bad).unwrap_err().to_string();
            assert!(e.contains("1 to 64 characters"), "{e}");
        }
    }

    #[test]
    fn store_kind_parses() {
        assert_eq!(
            SecretStoreKind::parse(" FILE "),
            Some(SecretStoreKind::File)
        );
        assert_eq!(
            SecretStoreKind::parse("keyring"),
            Some(SecretStoreKind::Keyring)
        );
        assert_eq!(SecretStoreKind::parse("vault"), None);
    }
}
