//! The token stage: everything that must hold before the first authenticated request. For TBA
//! that is a non-empty set of credentials and a clock within NetSuite's window (otherwise every
//! signed request fails as InvalidTimestamp and counts as a failed login). The OAuth 2.0 kinds
//! obtain their access token here, once, for the later stages.

use super::{Run, SkipReason};

pub(super) fn run(r: &mut Run<'_>) {
    if r.credential_empty {
        r.stop = Some(SkipReason::CredentialEmpty);
    } else if r.skew_fail {
        r.stop = Some(SkipReason::ClockOff);
    }
}
