//! How long a refresh token stays usable (reference §2.3). Public clients: each refresh returns a
//! new, single-use refresh token valid for *Refresh Token Validity* hours (default 48), and the
//! chain ends *Maximum Time For Token Rotation* hours (default 168) after the first login (`oit`).
//! Confidential clients: the one refresh token lasts 7 days (historically; configurable since
//! 2025.2). nstba tracks this locally to warn before the user must log in again; NetSuite's
//! `invalid_grant` stays the final word.

use serde::{Deserialize, Serialize};

/// Default Refresh Token Validity of a public client (hours).
pub const PUBLIC_VALIDITY_HOURS: u32 = 48;
/// Default Maximum Time For Token Rotation (hours).
pub const ROTATION_WINDOW_HOURS: u32 = 168;
/// A confidential client's refresh token lifetime (hours): 7 days.
pub const CONFIDENTIAL_VALIDITY_HOURS: u32 = 168;
/// The range NetSuite allows for both settings (hours).
pub const HOURS_RANGE: std::ops::RangeInclusive<u32> = 1..=720;

/// The validity of a refresh token chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshValidity {
    /// A public client (rotation) or a confidential one.
    pub public: bool,
    /// Refresh Token Validity (hours).
    pub validity_hours: u32,
    /// Maximum Time For Token Rotation (hours; public clients only).
    pub rotation_window_hours: u32,
    /// When the chain began: the login (Unix seconds).
    pub chain_started: i64,
    /// When the current refresh token was issued (Unix seconds).
    pub issued: i64,
}

/// Where the refresh token stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidityStatus {
    /// Usable until `until`.
    Valid {
        /// Unix seconds.
        until: i64,
    },
    /// Usable until `until`, which is near: log in again soon.
    EndingSoon {
        /// Unix seconds.
        until: i64,
    },
    /// Past its end: NetSuite answers `invalid_grant`.
    Expired {
        /// Unix seconds.
        since: i64,
    },
}

impl RefreshValidity {
    /// The defaults for a new login at `now` (`public`: 48 h / 168 h; else 7 days).
    pub fn new(public: bool, now: i64) -> RefreshValidity {
        RefreshValidity {
            public,
            validity_hours: if public {
                PUBLIC_VALIDITY_HOURS
            } else {
                CONFIDENTIAL_VALIDITY_HOURS
            },
            rotation_window_hours: ROTATION_WINDOW_HOURS,
            chain_started: now,
            issued: now,
        }
    }

    /// With the record's own settings (each clamped to NetSuite's 1–720).
    pub fn with_hours(mut self, validity: Option<u32>, rotation_window: Option<u32>) -> Self {
        let clamp = |h: u32| h.clamp(*HOURS_RANGE.start(), *HOURS_RANGE.end());
        if let Some(v) = validity {
            self.validity_hours = clamp(v);
        }
        if let Some(w) = rotation_window {
            self.rotation_window_hours = clamp(w);
        }
        self
    }

    /// After a refresh at `now` that returned a new refresh token (public clients).
    pub fn rotated(mut self, now: i64) -> Self {
        self.issued = now;
        self
    }

    /// When the current refresh token stops working (Unix seconds).
    pub fn expires_at(&self) -> i64 {
        let own = self.issued + i64::from(self.validity_hours) * 3600;
        if self.public {
            own.min(self.chain_started + i64::from(self.rotation_window_hours) * 3600)
        } else {
            own
        }
    }

    /// How long before the end the warning starts: a quarter of the validity, at most a day.
    pub fn warning_secs(&self) -> i64 {
        (i64::from(self.validity_hours) * 3600 / 4).min(86_400)
    }

    /// The status at `now`.
    pub fn status(&self, now: i64) -> ValidityStatus {
        let until = self.expires_at();
        if now >= until {
            ValidityStatus::Expired { since: until }
        } else if until - now <= self.warning_secs() {
            ValidityStatus::EndingSoon { until }
        } else {
            ValidityStatus::Valid { until }
        }
    }

    /// A one-line warning when the token ends soon or ended; `None` while it is fine.
    pub fn warning(&self, now: i64) -> Option<String> {
        let end = |t: i64| crate::netsuite::cert::checks::rfc3339(t);
        match self.status(now) {
            ValidityStatus::Valid { .. } => None,
            ValidityStatus::EndingSoon { until } => Some(format!(
                "the refresh token ends at {} (in {} h): run `nstba login` again before then{}",
                end(until),
                (until - now) / 3600,
                self.why()
            )),
            ValidityStatus::Expired { since } => Some(format!(
                "the refresh token ended at {}: run `nstba login` again{}",
                end(since),
                self.why()
            )),
        }
    }

    fn why(&self) -> String {
        if self.public {
            format!(
                " (public client: each token lasts {} h, the chain {} h after login)",
                self.validity_hours, self.rotation_window_hours
            )
        } else {
            format!(
                " (confidential client: {} h after login)",
                self.validity_hours
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    #[test]
    fn public_tokens_rotate_within_the_window() {
        let v = RefreshValidity::new(true, 0);
        assert_eq!(v.expires_at(), 48 * H);
        // Rotated every day, the chain still ends at 168 h.
        let late = v.rotated(150 * H);
        assert_eq!(late.expires_at(), 168 * H);
        assert_eq!(
            late.status(160 * H),
            ValidityStatus::EndingSoon { until: 168 * H }
        );
        assert_eq!(
            late.status(168 * H),
            ValidityStatus::Expired { since: 168 * H }
        );
        assert_eq!(
            v.rotated(10 * H).status(20 * H),
            ValidityStatus::Valid { until: 58 * H }
        );
    }

    #[test]
    fn confidential_tokens_last_seven_days_and_settings_are_clamped() {
        let v = RefreshValidity::new(false, 100);
        assert_eq!(v.expires_at(), 100 + 7 * 24 * H);
        let c = RefreshValidity::new(true, 0).with_hours(Some(0), Some(9999));
        assert_eq!((c.validity_hours, c.rotation_window_hours), (1, 720));
        assert!(v.warning(100).is_none());
        let w = v.warning(100 + 7 * 24 * H - H).unwrap();
        assert!(w.contains("nstba login"), "{w}");
        assert!(v.warning(100 + 7 * 24 * H).unwrap().contains("ended"));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    const H: i64 = 3600;

    /// The warning starts a quarter of the validity before the end: 12 h for a 48 h public
    /// token (inclusive), so one second earlier it is still plainly valid.
    #[test]
    fn public_warning_starts_a_quarter_of_the_validity_before_the_end() {
        let v = RefreshValidity::new(true, 0);
        assert_eq!(v.warning_secs(), 12 * H);
        assert_eq!(
            v.status(36 * H),
            ValidityStatus::EndingSoon { until: 48 * H }
        );
        assert_eq!(
            v.status(36 * H - 1),
            ValidityStatus::Valid { until: 48 * H }
        );
        assert_eq!(v.warning(36 * H - 1), None);
        let short = v.with_hours(Some(1), None);
        assert_eq!(short.warning_secs(), 15 * 60);
    }

    /// ... but never more than a day: a 7-day confidential token warns from 24 h before.
    #[test]
    fn the_warning_window_is_at_most_a_day() {
        let v = RefreshValidity::new(false, 0);
        let end = 168 * H;
        assert_eq!(v.warning_secs(), 86_400);
        assert_eq!(
            v.status(end - 86_400),
            ValidityStatus::EndingSoon { until: end }
        );
        assert_eq!(
            v.status(end - 86_400 - 1),
            ValidityStatus::Valid { until: end }
        );
        assert_eq!(v.status(end - 1), ValidityStatus::EndingSoon { until: end });
        assert_eq!(v.status(end), ValidityStatus::Expired { since: end });
    }

    /// The rotation window bounds public clients only; each setting is taken on its own and
    /// kept when inside 1..=720.
    #[test]
    fn settings_apply_separately_and_the_window_binds_public_clients_only() {
        let c = RefreshValidity::new(false, 0).with_hours(None, Some(1));
        assert_eq!((c.validity_hours, c.rotation_window_hours), (168, 1));
        assert_eq!(
            c.expires_at(),
            168 * H,
            "a confidential client has no window"
        );
        let p = RefreshValidity::new(true, 0).with_hours(Some(24), None);
        assert_eq!((p.validity_hours, p.rotation_window_hours), (24, 168));
        let p = RefreshValidity::new(true, 0).with_hours(None, Some(30));
        assert_eq!((p.validity_hours, p.rotation_window_hours), (48, 30));
        assert_eq!(p.expires_at(), 30 * H);
        let p = RefreshValidity::new(true, 0).with_hours(Some(720), Some(1));
        assert_eq!((p.validity_hours, p.rotation_window_hours), (720, 1));
        // Rotated after the chain's end: still ended at the chain's end.
        let late = RefreshValidity::new(true, 1000).rotated(1000 + 200 * H);
        assert_eq!(
            late.status(1000 + 200 * H),
            ValidityStatus::Expired {
                since: 1000 + 168 * H
            }
        );
    }

    /// The warnings give the end, the hours left, and the rule that set the end.
    #[test]
    fn warnings_name_the_end_the_hours_left_and_the_rule() {
        let p = RefreshValidity::new(true, 0);
        assert_eq!(
            p.warning(40 * H).unwrap(),
            "the refresh token ends at 1970-01-03T00:00:00Z (in 8 h): run `nstba login` again \
             before then (public client: each token lasts 48 h, the chain 168 h after login)"
        );
        let c = RefreshValidity::new(false, 0);
        assert_eq!(
            c.warning(200 * H).unwrap(),
            "the refresh token ended at 1970-01-08T00:00:00Z: run `nstba login` again \
             (confidential client: 168 h after login)"
        );
    }
}
