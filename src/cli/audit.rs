//! `nstba audit --profile ADMIN [--since 1h]`, `--audit-profile` of `test`/`report`, and what a
//! saved profile remembers as evidence ([`history_of`]).

use nstba::check::diagnose::History;
use nstba::profile::ProfileStore;

/// How long failed logins count toward a lockout (NetSuite unlocks after 30 minutes).
const LOCKOUT_WINDOW_SECS: i64 = 30 * 60;

/// What profile `name` remembers of its earlier tests, as ranking evidence; empty when it cannot
/// be read (the test itself reports a missing profile).
pub fn history_of(name: &str) -> History {
    let Ok(store) = ProfileStore::open_default() else {
        return History::default();
    };
    let Ok(p) = store.get(name) else {
        return History::default();
    };
    let now = nstba::profile::clock::now_unix();
    let mut h = History {
        last_ok_unix: p.last_ok_unix,
        sandbox_refreshed_unix: p
            .sandbox_refreshed
            .as_deref()
            .and_then(|d| nstba::profile::clock::parse_date(d).ok())
            .map(|d| d.midnight().assume_utc().unix_timestamp()),
        ..History::default()
    };
    if let Some(t) = p.last_test.as_ref().filter(|t| {
        !t.ok
            && t.first_code == Some(nstba::check::DiagnosisCode::InvalidLogin)
            && now - t.at_unix <= LOCKOUT_WINDOW_SECS
    }) {
        // The profile keeps the outcome, not the count: a failed run sends at most this many.
        h.recent_failed_logins = nstba::check::run::MAX_FAILING_SIGNED;
        h.recent_failure_minutes = Some((now - t.at_unix).max(0) / 60);
    }
    h
}
