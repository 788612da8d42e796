//! Warnings tied to a saved profile: credentials that a sandbox refresh has wiped, and a profile
//! that used to pass and fails now (with what most likely changed in NetSuite).

use crate::check::{DiagnosisCode, Report};
use crate::netsuite::AccountId;
use crate::profile::Profile;
use crate::profile::clock;

/// Warnings about `profile`, optionally in the light of a test just run (`report`, not yet
/// recorded in the profile). Each is one paragraph naming what to do in NetSuite.
pub fn warnings(profile: &Profile, report: Option<&Report>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = refresh_warning(profile, report) {
        out.push(w);
    }
    if let Some(w) = regression_warning(profile, report) {
        out.push(w);
    }
    out
}

/// A sandbox / Release Preview refresh deletes the account's access tokens; warn when the
/// credentials were last known good (or saved) before the refresh date the user recorded.
fn refresh_warning(profile: &Profile, report: Option<&Report>) -> Option<String> {
    if report.is_some_and(|r| r.ok) {
        return None; // they work right now, whatever the dates say
    }
    let env = AccountId::parse(&profile.account).ok()?.environment();
    if !env.is_refreshable() {
        return None;
    }
    let refreshed = clock::parse_date(profile.sandbox_refreshed.as_deref()?).ok()?;
    let known_good = profile.last_ok_unix.max(profile.saved_at_unix)?;
    let known_date = clock::date_of(known_good)?;
    if known_date >= refreshed {
        return None;
    }
    Some(format!(
        "{} was refreshed on {refreshed}, after these credentials were last saved or seen working \
         ({known_date}). A refresh deletes the sandbox's access tokens (production tokens are never \
         copied into it): create a new token inside the sandbox at Setup > Users/Roles > Access \
         Tokens > New (global search page:tokens) and save the new token id and secret under this \
         profile.",
        env.label()
    ))
}

/// "Passed before, fails now": suggests what changed, keyed off the new first diagnosis code.
fn regression_warning(profile: &Profile, report: Option<&Report>) -> Option<String> {
    let last_ok = profile.last_ok_unix?;
    let code = match report {
        Some(r) if r.ok => return None,
        Some(r) => r.diagnoses.first().map(|d| d.code),
        None => {
            let t = profile.last_test.as_ref()?;
            if t.ok || t.at_unix < last_ok {
                return None;
            }
            t.first_code
        }
    };
    let when = clock::date_of(last_ok).map_or_else(|| "before".to_string(), |d| d.to_string());
    let shown = code.map_or("no diagnosis", DiagnosisCode::as_str);
    Some(format!(
        "This profile passed on {when} and fails now ({shown}). {}",
        what_changed(code, profile)
    ))
}

/// What usually changed in NetSuite (or around it) for a profile that used to work.
fn what_changed(code: Option<DiagnosisCode>, profile: &Profile) -> String {
    let refreshable = AccountId::parse(&profile.account)
        .map(|a| a.environment().is_refreshable())
        .unwrap_or(false);
    let texts = crate::check::text::texts();
    if let Some(words) = code.and_then(|c| texts.what_changed(c)) {
        return words.to_string();
    }
    let refreshed = if refreshable {
        texts.fragment("regression-refreshed")
    } else {
        ""
    };
    crate::check::text::fill(
        texts.fragment("regression-default"),
        &[("refreshed", refreshed)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Confidence, Diagnosis, Hosts, Severity};
    use crate::profile::LastTest;

    const DAY: i64 = 86_400;
    // 2026-03-10T00:00:00Z
    const MAR10: i64 = 1_773_100_800;

    fn report(ok: bool, code: Option<&str>) -> Report {
        Report {
            account: "1234567_SB1".into(),
            environment: "sandbox".into(),
            hosts: Hosts::default(),
            ok,
            cancelled: false,
            checks: vec![],
            diagnoses: code
                .map(|c| Diagnosis {
                    code: c.parse().unwrap(),
                    severity: Severity::Error,
                    confidence: Confidence::Likely,
                    title: "t".into(),
                    cause: "c".into(),
                    detail: None,
                    causes: vec![],
                    fix: vec![],
                    evidence: "e".into(),
                })
                .into_iter()
                .collect(),
        }
    }

    fn sandbox() -> Profile {
        let mut p = Profile::new("acme-sb1", "1234567_SB1");
        p.environment = "sandbox".into();
        p
    }

    #[test]
    fn refresh_after_last_good_warns_with_page_tokens() {
        assert_eq!(clock::rfc3339(MAR10), "2026-03-10T00:00:00Z");
        let mut p = sandbox();
        p.saved_at_unix = Some(MAR10 - 20 * DAY);
        p.last_ok_unix = Some(MAR10 - 5 * DAY);
        p.sandbox_refreshed = Some("2026-03-08".into());
        let w = warnings(&p, None);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("Sandbox 1 was refreshed on 2026-03-08"),
            "{}",
            w[0]
        );
        assert!(w[0].contains("page:tokens"));
        // Saved again after the refresh: no warning.
        p.saved_at_unix = Some(MAR10);
        assert!(warnings(&p, None).is_empty());
    }

    #[test]
    fn refresh_warning_only_for_refreshable_accounts_and_failing_or_untested_runs() {
        let mut p = Profile::new("prod", "1234567");
        p.saved_at_unix = Some(MAR10 - 20 * DAY);
        p.sandbox_refreshed = Some("2026-03-08".into());
        assert!(warnings(&p, None).is_empty());
        let mut s = sandbox();
        s.saved_at_unix = Some(MAR10 - 20 * DAY);
        s.sandbox_refreshed = Some("2026-03-08".into());
        assert!(warnings(&s, Some(&report(true, None))).is_empty());
        assert_eq!(
            warnings(&s, Some(&report(false, Some("invalid-login")))).len(),
            1
        );
    }

    #[test]
    fn passed_before_fails_now_is_keyed_off_the_code() {
        let mut p = sandbox();
        p.saved_at_unix = Some(MAR10 - 3 * DAY);
        p.last_ok_unix = Some(MAR10 - 2 * DAY);
        p.last_test = Some(LastTest {
            at_unix: MAR10 - 2 * DAY,
            ok: true,
            first_code: None,
            summary: "ok".into(),
        });
        let w = warnings(&p, Some(&report(false, Some("invalid-login"))));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("passed on 2026-03-08 and fails now (invalid-login)"));
        assert!(w[0].contains("token_rejected") && w[0].contains("sandbox was refreshed"));
        let w = warnings(&p, Some(&report(false, Some("permission-missing"))));
        assert!(w[0].contains("Manage Roles"), "{}", w[0]);
        assert!(warnings(&p, Some(&report(true, None))).is_empty());

        // Without a new run, the recorded failing test speaks.
        p.last_test = Some(LastTest {
            at_unix: MAR10,
            ok: false,
            first_code: Some(DiagnosisCode::ClockSkew),
            summary: "x".into(),
        });
        let w = warnings(&p, None);
        assert!(w[0].contains("clock") && w[0].contains("NTP"), "{w:?}");
    }

    #[test]
    fn never_passed_means_no_regression_warning() {
        let mut p = sandbox();
        p.last_test = Some(LastTest {
            at_unix: MAR10,
            ok: false,
            first_code: Some(DiagnosisCode::InvalidLogin),
            summary: "x".into(),
        });
        assert!(warnings(&p, None).is_empty());
        assert!(warnings(&p, Some(&report(false, Some("invalid-login")))).is_empty());
    }
}
