//! Ranks the causes of a refused login from what was seen, not from a fixed order. Every
//! candidate starts from a base score (how common the cause is); each piece of evidence moves
//! the candidates it bears on up or down, or removes those it rules out, and says so in their
//! evidence: the environment, the paste shape, the realm spelling, which interfaces failed, the
//! consumer-only probe, the clock, a prior passing test of the same profile, the sandbox refresh
//! date, recent failures (a lockout), a slow refusal (concurrency) and, above all, a Login Audit
//! Trail Detail value, which makes its cause certain.

use super::draft::{cause, evidence};
use super::{ConsumerFact, DetailSource, Facts, LookupFact, clip, same_cause};
use crate::check::catalogue;
use crate::check::classify::Observation;
use crate::check::clock::{WARN_SKEW_SECS, describe};
use crate::check::model::{Cause, CheckId, Confidence};
use crate::netsuite::{AccountId, Environment};

/// NetSuite locks a user after this many failed logins (`temporary_locked`, reference §5.4).
pub const LOCKOUT_AFTER: usize = 5;
/// A refusal at least this slow (ms) may be an overloaded account rather than a login problem.
pub const SLOW_REFUSAL_MS: u64 = 1_000;
/// …when it is also this many times slower than the fastest other signed answer of the run.
pub const SLOW_FACTOR: u64 = 4;
/// …or, with no other answer to compare, at least this slow.
pub const SLOW_ALONE_MS: u64 = 5_000;

/// One candidate cause while ranking.
struct Candidate {
    name: &'static str,
    vars: Vec<(&'static str, String)>,
    score: i32,
    confidence: Confidence,
    /// Evidence added by the ranking (after the cause's own).
    because: Vec<String>,
}

fn candidate(name: &'static str, score: i32, vars: &[(&'static str, String)]) -> Candidate {
    Candidate {
        name,
        vars: vars.to_vec(),
        score,
        confidence: Confidence::Possible,
        because: Vec::new(),
    }
}

/// The candidates under construction.
struct Ranking {
    list: Vec<Candidate>,
}

impl Ranking {
    fn get(&mut self, name: &str) -> Option<&mut Candidate> {
        self.list.iter_mut().find(|c| c.name == name)
    }

    /// Moves `name` by `by`, noting why.
    fn adjust(&mut self, name: &str, by: i32, why: &str) {
        if let Some(c) = self.get(name) {
            c.score += by;
            if !why.is_empty() && !c.because.iter().any(|b| b == why) {
                c.because.push(why.to_string());
            }
        }
    }

    fn remove(&mut self, name: &str) {
        self.list.retain(|c| c.name != name);
    }

    fn push(&mut self, c: Candidate) {
        self.remove(c.name);
        self.list.push(c);
    }
}

/// The causes of `failures`, most likely first; what rules causes in or out is added to
/// `evidence_parts` too.
pub(super) fn ranked(
    f: &Facts,
    failures: &[(CheckId, &Observation)],
    evidence_parts: &mut Vec<String>,
) -> Vec<Cause> {
    let mut r = Ranking {
        list: base(f, evidence_parts),
    };
    consumer(f, &mut r, evidence_parts);
    history(f, &mut r, evidence_parts);
    lockout(f, failures, &mut r, evidence_parts);
    slow(f, failures, &mut r, evidence_parts);
    // Stable: equal scores keep the base order.
    r.list.sort_by_key(|c| std::cmp::Reverse(c.score));
    let mut causes: Vec<Cause> = r.list.iter().filter_map(to_cause).collect();
    if let Some(d) = &f.detail {
        let known = d.canonical();
        causes.retain(|c| c.detail.as_deref().is_none_or(|x| !same_cause(x, &known)));
        causes.insert(0, from_detail(d));
    }
    causes
}

fn to_cause(c: &Candidate) -> Option<Cause> {
    let vars: Vec<(&str, &str)> = c.vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = cause(c.name, &vars)?;
    out.confidence = c.confidence;
    for b in &c.because {
        out.evidence.push_str("; ");
        out.evidence.push_str(b);
    }
    Some(out)
}

/// The certain cause a Detail value names, worded from the catalogue.
fn from_detail(d: &super::KnownDetail) -> Cause {
    let code = d.canonical();
    let entry = catalogue::explain(&d.value).map(|e| e.entry);
    let title = entry.map_or_else(
        || evidence("detail-unknown", &[("detail", &d.value)]),
        |e| e.title.clone(),
    );
    let source = match &d.source {
        DetailSource::User => evidence("detail-typed", &[("detail", &d.value)]),
        DetailSource::AuditTrail(row) => evidence("detail-read", &[("row", row)]),
    };
    let mut c = cause(
        "from-detail",
        &[("detail", &code), ("title", &title), ("source", &source)],
    )
    .unwrap_or_else(|| Cause {
        detail: None,
        text: String::new(),
        fix: Vec::new(),
        evidence: String::new(),
        confidence: Confidence::Certain,
    });
    c.detail = Some(code);
    c.fix = entry.map(|e| e.fixes.clone()).unwrap_or_default();
    c.confidence = Confidence::Certain;
    c
}

/// The candidates before any ranking evidence, with their base scores: the clock and the paste
/// first when they look wrong, then the token (per environment), the secrets, the integration
/// record, the role, the feature, a lockout; the account and the realm spelling as observed.
fn base(f: &Facts, evidence_parts: &mut Vec<String>) -> Vec<Candidate> {
    let mut list = Vec::new();
    if let Some(s) = &f.skew {
        if s.secs.abs() > WARN_SKEW_SECS {
            let mut c = candidate(
                "clock",
                90,
                &[
                    ("skew", describe(s.secs)),
                    ("secs", s.secs.to_string()),
                    ("source", s.source.clone()),
                ],
            );
            if s.secs.abs() > crate::check::clock::ERROR_SKEW_SECS {
                c.confidence = Confidence::Likely;
            }
            list.push(c);
        } else {
            let abs = s.secs.abs().to_string();
            evidence_parts.push(evidence("clock-fine", &[("abs", &abs)]));
        }
    }
    let paste: Vec<&str> = f
        .shape
        .iter()
        .filter(|i| i.may_break_login)
        .map(|i| i.field.as_str())
        .collect();
    if !paste.is_empty() {
        let mut c = candidate("bad-paste", 80, &[("fields", paste.join(", "))]);
        c.confidence = Confidence::Likely;
        list.push(c);
    }
    match f.account.as_ref().map(AccountId::environment) {
        Some(e) if e.is_refreshable() => {
            list.push(candidate("token-other-account", 55, &[("env", e.label())]));
        }
        Some(e @ (Environment::Production | Environment::TestDrive)) => {
            list.push(candidate("token-revoked", 50, &[("env", e.label())]));
        }
        _ => {}
    }
    for (name, score) in [
        ("wrong-secret", 45),
        ("integration-record", 40),
        ("role-permission", 35),
        ("feature-disabled", 30),
        ("locked", 20),
    ] {
        list.push(candidate(name, score, &[]));
    }
    match &f.lookup {
        LookupFact::Confirmed => evidence_parts.push(evidence("account-confirmed", &[])),
        LookupFact::Unrecognized(ev) | LookupFact::Rejected(ev) => {
            let mut c = candidate("account-unrecognised", 100, &[("lookup", ev.clone())]);
            c.confidence = Confidence::Likely;
            list.push(c);
        }
        _ => {}
    }
    if let Some(a) = &f.account {
        let (realm, slug) = (a.realm(), a.slug());
        evidence_parts.push(evidence(
            "realm-sent",
            &[("realm", &realm), ("slug", &slug)],
        ));
        let typed = f.account_typed.trim();
        if typed != realm {
            list.push(candidate(
                "realm-spelling",
                5,
                &[("typed", clip(typed, 40)), ("realm", realm)],
            ));
        }
    }
    list
}

/// The token candidate of this environment (`token-other-account` or `token-revoked`).
const TOKEN: [&str; 2] = ["token-other-account", "token-revoked"];

/// The consumer-only probe, used only as far as its answer is specific.
fn consumer(f: &Facts, r: &mut Ranking, evidence_parts: &mut Vec<String>) {
    let likely = |name: &'static str, code: &str| {
        let mut c = candidate(name, 96, &[("code", code.to_string())]);
        c.confidence = Confidence::Likely;
        c
    };
    match &f.consumer {
        ConsumerFact::NotRun => {}
        ConsumerFact::Accepted => {
            let why = evidence("consumer-accepted", &[]);
            evidence_parts.push(why.clone());
            for ruled_out in ["integration-record", "feature-disabled", "wrong-secret"] {
                r.remove(ruled_out);
            }
            r.push(candidate("token-secret", 50, &[]));
            for (name, by) in [
                (TOKEN[0], 30),
                (TOKEN[1], 30),
                ("role-permission", 30),
                ("locked", 25),
                ("token-secret", 0),
            ] {
                r.adjust(name, by, &why);
            }
        }
        ConsumerFact::Refused(code) => {
            let why = evidence("consumer-refused", &[("code", code)]);
            evidence_parts.push(why.clone());
            let specific = match code.as_str() {
                "InvalidSignature" => Some(("consumer-secret", "wrong-secret")),
                "UnknownIntegration" => Some(("integration-unknown", "integration-record")),
                "IntegrationBlocked" => Some(("integration-blocked", "integration-record")),
                "FeatureDisabled" => Some(("feature-disabled", "feature-disabled")),
                "InvalidTimestamp" => Some(("clock-flow", "clock")),
                _ => None,
            };
            match specific {
                Some((name, replaces)) => {
                    r.remove(replaces);
                    r.push(likely(name, code));
                    r.adjust(name, 0, &why);
                }
                // AuthorizationFlowRequired, InvalidCallback…: the record was found, the order
                // of NetSuite's checks is undocumented, so only a nudge.
                None => {
                    r.adjust("integration-record", -10, &why);
                    r.adjust("feature-disabled", -10, &why);
                }
            }
        }
        ConsumerFact::Inconclusive(seen) => {
            evidence_parts.push(evidence("consumer-inconclusive", &[("seen", seen)]));
        }
    }
}

/// A prior passing test of the same profile: the same saved secrets worked, so the token or the
/// role changed (or the sandbox was refreshed), not the consumer or the paste.
fn history(f: &Facts, r: &mut Ranking, evidence_parts: &mut Vec<String>) {
    let h = &f.history;
    let refreshable = f
        .account
        .as_ref()
        .is_some_and(|a| a.environment().is_refreshable());
    if let Some(ok) = h.last_ok_unix {
        let date = date_of(ok);
        let why = evidence("passed-before", &[("date", &date)]);
        evidence_parts.push(why.clone());
        for (name, by) in [
            (TOKEN[0], 20),
            (TOKEN[1], 20),
            ("role-permission", 20),
            ("integration-record", 5),
            ("wrong-secret", -15),
            ("bad-paste", -30),
            ("realm-spelling", -5),
        ] {
            r.adjust(name, by, &why);
        }
        if let Some(refreshed) = h.sandbox_refreshed_unix.filter(|t| refreshable && *t >= ok) {
            let date = date_of(refreshed);
            let why = evidence("refreshed-since", &[("date", &date)]);
            evidence_parts.push(why.clone());
            r.adjust(TOKEN[0], 45, &why);
        }
    } else if let Some(refreshed) = h.sandbox_refreshed_unix.filter(|_| refreshable) {
        let date = date_of(refreshed);
        r.adjust(TOKEN[0], 10, &evidence("refreshed-on", &[("date", &date)]));
    }
}

/// Recent failed logins recorded in the profile, plus this run's: NetSuite locks the user after
/// [`LOCKOUT_AFTER`].
fn lockout(
    f: &Facts,
    failures: &[(CheckId, &Observation)],
    r: &mut Ranking,
    evidence_parts: &mut Vec<String>,
) {
    let recent = f.history.recent_failed_logins;
    if recent == 0 {
        return;
    }
    let total = recent + failures.len();
    let minutes = f
        .history
        .recent_failure_minutes
        .map_or_else(|| "?".to_string(), |m| m.to_string());
    let why = evidence(
        "recent-failures",
        &[
            ("recent", &recent.to_string()),
            ("minutes", &minutes),
            ("total", &total.to_string()),
            ("limit", &LOCKOUT_AFTER.to_string()),
        ],
    );
    evidence_parts.push(why.clone());
    let by = if total >= LOCKOUT_AFTER { 75 } else { 25 };
    r.adjust("locked", by, &why);
}

/// A refusal that took far longer than the run's other answers: REST has been seen answering an
/// overloaded account with a slow "Invalid login attempt" instead of 429 (reference §5.1).
fn slow(
    f: &Facts,
    failures: &[(CheckId, &Observation)],
    r: &mut Ranking,
    evidence_parts: &mut Vec<String>,
) {
    let ms_of = |id: CheckId| f.timings.iter().find(|(i, _)| *i == id).map(|(_, ms)| *ms);
    let Some((id, ms)) = failures
        .iter()
        .filter_map(|(id, _)| Some((*id, ms_of(*id)?)))
        .max_by_key(|(_, ms)| *ms)
    else {
        return;
    };
    let fastest = f
        .timings
        .iter()
        .filter(|(i, _)| *i != id)
        .map(|(_, ms)| *ms)
        .min();
    let is_slow = match fastest {
        Some(other) => ms >= SLOW_REFUSAL_MS && ms >= SLOW_FACTOR * other.max(1),
        None => ms >= SLOW_ALONE_MS,
    };
    if !is_slow {
        return;
    }
    let why = evidence(
        "slow-refusal",
        &[
            ("check", id.as_str()),
            ("ms", &ms.to_string()),
            (
                "other",
                &fastest.map_or_else(|| "-".to_string(), |o| o.to_string()),
            ),
        ],
    );
    evidence_parts.push(why.clone());
    let mut c = candidate("concurrency-slow", 85, &[("ms", ms.to_string())]);
    c.because.push(why);
    r.push(c);
}

/// `2026-03-10` for a Unix time (UTC); the number itself when out of range.
fn date_of(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .map_or_else(|_| unix.to_string(), |t| t.date().to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{ConsumerFact, DetailSource, Facts, History, KnownDetail, diagnose};
    use crate::check::model::{CheckId, Confidence, Diagnosis};

    /// A sandbox whose REST login and RESTlet token info were both refused.
    fn refused() -> Facts {
        crate::check::fixtures::refused("1234567_SB1")
    }

    fn login(f: &Facts) -> Diagnosis {
        diagnose(f)
            .into_iter()
            .find(|d| d.code == "invalid-login")
            .expect("invalid-login")
    }

    fn details(d: &Diagnosis) -> Vec<&str> {
        d.causes
            .iter()
            .map(|c| c.detail.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn the_full_order_without_evidence_is_pinned() {
        let d = login(&refused());
        assert_eq!(
            details(&d),
            [
                "token_rejected",
                "InvalidSignature",
                "consumer_key_unknown",
                "permission_denied",
                "FeatureDisabled",
                "temporary_locked",
            ]
        );
        let texts: Vec<&str> = d.causes.iter().map(|c| c.text.as_str()).collect();
        assert!(
            texts[1].contains("wrong consumer secret or token secret"),
            "{texts:?}"
        );
        assert!(
            d.causes
                .iter()
                .all(|c| c.confidence == Confidence::Possible)
        );
        assert!(d.cause.contains("Login Audit Trail"));
    }

    #[test]
    fn an_accepted_consumer_leaves_the_token_side_first() {
        let mut f = refused();
        f.consumer = ConsumerFact::Accepted;
        let d = login(&f);
        assert_eq!(
            details(&d),
            [
                "token_rejected",
                "permission_denied",
                "InvalidSignature",
                "temporary_locked",
            ]
        );
        assert!(
            d.causes[2].text.contains("token secret"),
            "{:?}",
            d.causes[2]
        );
        assert!(d.causes[0].evidence.contains("consumer-only probe"));
        assert!(d.evidence.contains("request token"));
    }

    #[test]
    fn a_specific_consumer_refusal_comes_first_as_likely() {
        for (code, detail, words) in [
            ("InvalidSignature", "InvalidSignature", "consumer secret"),
            ("IntegrationBlocked", "consumer_key_refused", "Blocked"),
            (
                "UnknownIntegration",
                "consumer_key_unknown",
                "no integration record",
            ),
            (
                "FeatureDisabled",
                "FeatureDisabled",
                "Token-based Authentication",
            ),
        ] {
            let mut f = refused();
            f.consumer = ConsumerFact::Refused(code.into());
            let d = login(&f);
            assert_eq!(d.causes[0].detail.as_deref(), Some(detail), "{code}");
            assert!(
                d.causes[0].text.contains(words),
                "{code}: {}",
                d.causes[0].text
            );
            assert_eq!(d.causes[0].confidence, Confidence::Likely, "{code}");
            assert_eq!(
                d.causes
                    .iter()
                    .filter(|c| c.detail.as_deref() == Some(detail))
                    .count(),
                1,
                "{code}: {:?}",
                details(&d)
            );
        }
        // An opaque answer changes nothing.
        let mut f = refused();
        f.consumer = ConsumerFact::Inconclusive("HTTP 401 INVALID_LOGIN_ATTEMPT".into());
        let d = login(&f);
        assert_eq!(details(&d), details(&login(&refused())));
        assert!(d.evidence.contains("rules nothing out"));
    }

    #[test]
    fn a_prior_pass_and_a_refresh_point_at_the_token() {
        let mut f = refused();
        f.history = History {
            last_ok_unix: Some(1_773_100_000),
            ..History::default()
        };
        let d = login(&f);
        assert_eq!(&details(&d)[..2], ["token_rejected", "permission_denied"]);
        let pos = |x: &str| details(&d).iter().position(|d| *d == x).unwrap();
        assert!(pos("InvalidSignature") > pos("consumer_key_unknown"));
        assert!(d.evidence.contains("this profile passed on 2026-"));
        f.history.sandbox_refreshed_unix = Some(1_773_200_000);
        let d = login(&f);
        assert!(
            d.causes[0].evidence.contains("refreshed"),
            "{:?}",
            d.causes[0]
        );
    }

    #[test]
    fn recent_failures_make_a_lockout_first() {
        let mut f = refused();
        f.history.recent_failed_logins = 3;
        f.history.recent_failure_minutes = Some(4);
        let d = login(&f);
        assert_eq!(d.causes[0].detail.as_deref(), Some("temporary_locked"));
        assert!(d.causes[0].evidence.contains("4 min ago"));
        // One earlier failure only moves it up, not to the top.
        f.history.recent_failed_logins = 1;
        f.probes.truncate(1);
        let d = login(&f);
        assert_ne!(d.causes[0].detail.as_deref(), Some("temporary_locked"));
        let pos = details(&d).iter().position(|d| *d == "temporary_locked");
        assert!(pos < Some(5), "{:?}", details(&d));
    }

    #[test]
    fn a_slow_refusal_points_at_concurrency() {
        let mut f = refused();
        f.timings = vec![(CheckId::RestLogin, 1_600), (CheckId::RestletTokeninfo, 12)];
        let d = login(&f);
        assert!(
            d.causes[0].text.contains("concurrency"),
            "{:?}",
            d.causes[0]
        );
        assert!(d.evidence.contains("1600 ms"));
        // Everything equally slow (a slow network) is not evidence.
        f.timings = vec![
            (CheckId::RestLogin, 1_600),
            (CheckId::RestletTokeninfo, 1_500),
        ];
        assert!(!login(&f).causes[0].text.contains("concurrency"));
        f.timings = vec![(CheckId::RestLogin, 900), (CheckId::RestletTokeninfo, 10)];
        assert!(!login(&f).causes[0].text.contains("concurrency"));
    }

    #[test]
    fn a_detail_value_is_the_certain_first_cause() {
        for (given, canonical) in [
            ("temporary_locked", "temporary_locked"),
            ("IntegrationBlocked", "IntegrationBlocked"),
            ("NonceUsed", "nonce_used"),
        ] {
            let mut f = refused();
            f.detail = KnownDetail::given(Some(given));
            let d = login(&f);
            assert_eq!(d.detail.as_deref(), Some(canonical));
            assert_eq!(d.confidence, Confidence::Certain);
            assert_eq!(d.causes[0].detail.as_deref(), Some(canonical));
            assert_eq!(d.causes[0].confidence, Confidence::Certain);
            assert!(
                d.causes[1..]
                    .iter()
                    .all(|c| c.confidence != Confidence::Certain)
            );
            let same = d.causes[1..]
                .iter()
                .filter(|c| {
                    c.detail
                        .as_deref()
                        .is_some_and(|x| super::same_cause(x, canonical))
                })
                .count();
            assert_eq!(same, 0, "{given}: {:?}", details(&d));
            assert_eq!(d.fix[0].text, d.causes[0].fix[0], "{given}");
            let json = serde_json::to_value(&d).unwrap();
            assert_eq!(json["detail"], canonical);
            assert_eq!(json["causes"][0]["confidence"], "certain");
        }
        let mut f = refused();
        f.detail = Some(KnownDetail {
            value: "token_rejected".into(),
            source: DetailSource::AuditTrail("rest-login at 12:30".into()),
        });
        let d = login(&f);
        assert!(
            d.causes[0]
                .evidence
                .contains("read from the Login Audit Trail")
        );
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md): each states a ranking rule that no
/// test pinned before.
#[cfg(test)]
mod mutation_tests {
    use super::super::{ConsumerFact, Facts, LookupFact, SkewFact};
    use super::{Ranking, base, candidate, history, ranked};
    use crate::check::credential_shape::{ShapeIssue, ShapeLevel};
    use crate::check::fixtures::refused;
    use crate::check::model::{CheckId, Confidence};

    /// The ranked causes' Detail values (`-` for a cause without one) and the run's evidence.
    fn rank(f: &Facts) -> (Vec<super::Cause>, Vec<String>) {
        let failures: Vec<_> = f.probes.iter().map(|p| (p.id, &p.obs)).collect();
        let mut evidence = Vec::new();
        (ranked(f, &failures, &mut evidence), evidence)
    }

    fn details(causes: &[super::Cause]) -> Vec<&str> {
        causes
            .iter()
            .map(|c| c.detail.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn a_reason_is_noted_once_and_an_empty_one_never() {
        let mut r = Ranking {
            list: vec![candidate("locked", 20, &[])],
        };
        r.adjust("locked", 5, "seen twice");
        r.adjust("locked", 5, "seen twice");
        r.adjust("locked", 1, "");
        let c = r.get("locked").unwrap();
        assert_eq!(c.score, 31);
        assert_eq!(c.because, ["seen twice"]);
    }

    #[test]
    fn the_clock_is_suspected_past_60_s_and_likely_past_300_s() {
        for (secs, expected) in [
            (60, None),
            (-60, None),
            (61, Some(Confidence::Possible)),
            (300, Some(Confidence::Possible)),
            (-300, Some(Confidence::Possible)),
            (301, Some(Confidence::Likely)),
            (-301, Some(Confidence::Likely)),
        ] {
            let mut f = refused("1234567_SB1");
            f.skew = Some(SkewFact {
                secs,
                source: "test".into(),
            });
            let (causes, evidence) = rank(&f);
            let clock = causes.iter().find(|c| c.text.contains("clock is"));
            assert_eq!(clock.map(|c| c.confidence), expected, "{secs} s");
            if expected.is_some() {
                assert_eq!(causes[0].detail.as_deref(), Some("InvalidTimestamp"));
            } else {
                assert!(
                    evidence.iter().any(|e| e.contains("60")),
                    "{secs} s: {evidence:?}"
                );
            }
        }
    }

    #[test]
    fn an_account_the_lookup_did_not_recognise_comes_first_as_likely() {
        for lookup in [
            LookupFact::Rejected("400 Company Id is invalid".into()),
            LookupFact::Unrecognized("generic hosts".into()),
        ] {
            let mut f = refused("1234567");
            f.lookup = lookup.clone();
            let (causes, _) = rank(&f);
            assert!(
                causes[0].text.contains("account id may be wrong"),
                "{lookup:?}"
            );
            assert_eq!(causes[0].confidence, Confidence::Likely);
        }
        let (causes, _) = rank(&refused("1234567"));
        assert!(
            causes
                .iter()
                .all(|c| !c.text.contains("account id may be wrong"))
        );
    }

    #[test]
    fn a_refused_consumer_timestamp_blames_the_clock_as_likely() {
        let mut f = refused("1234567_SB1");
        f.consumer = ConsumerFact::Refused("InvalidTimestamp".into());
        let (causes, _) = rank(&f);
        assert_eq!(causes[0].detail.as_deref(), Some("InvalidTimestamp"));
        assert!(causes[0].text.contains("consumer-only request"));
        assert_eq!(causes[0].confidence, Confidence::Likely);
    }

    #[test]
    fn an_unspecific_consumer_refusal_lowers_the_record_and_the_feature() {
        let mut f = refused("1234567_SB1");
        f.consumer = ConsumerFact::Refused("AuthorizationFlowRequired".into());
        let (causes, _) = rank(&f);
        // token 55, secret 45, role 35, record 40-10, feature 30-10, locked 20 (base order).
        assert_eq!(
            details(&causes),
            [
                "token_rejected",
                "InvalidSignature",
                "permission_denied",
                "consumer_key_unknown",
                "FeatureDisabled",
                "temporary_locked",
            ]
        );
    }

    #[test]
    fn a_prior_pass_lowers_a_bad_paste_and_the_realm_spelling() {
        let mut f = refused("1234567-sb1");
        f.shape.push(ShapeIssue {
            field: "token secret".into(),
            level: ShapeLevel::Error,
            message: "a space at the end".into(),
            may_break_login: true,
        });
        f.history.last_ok_unix = Some(1_773_100_000);
        let (causes, _) = rank(&f);
        // token 55+20, role 35+20, paste 80-30: the saved values worked before.
        assert_eq!(causes[0].detail.as_deref(), Some("token_rejected"));
        assert_eq!(causes[1].detail.as_deref(), Some("permission_denied"));
        assert!(causes[2].text.contains("A bad paste"), "{causes:#?}");
        // The realm spelling (typed 1234567-sb1, realm 1234567_SB1) drops from 5 to 0.
        let mut r = Ranking {
            list: base(&f, &mut Vec::new()),
        };
        history(&f, &mut r, &mut Vec::new());
        assert_eq!(r.get("realm-spelling").map(|c| c.score), Some(0));
    }

    #[test]
    fn a_refresh_counts_only_for_a_sandbox_and_only_after_the_last_pass() {
        let refreshed = |account: &str, ok: i64, refresh: i64| {
            let mut f = refused(account);
            f.history.last_ok_unix = Some(ok);
            f.history.sandbox_refreshed_unix = Some(refresh);
            let (_, evidence) = rank(&f);
            evidence.iter().any(|e| e.contains("refreshed"))
        };
        assert!(refreshed("1234567_SB1", 1_773_100_000, 1_773_200_000));
        assert!(!refreshed("1234567_SB1", 1_773_200_000, 1_773_100_000));
        assert!(!refreshed("1234567", 1_773_100_000, 1_773_200_000));
    }

    #[test]
    fn this_runs_failures_add_to_the_recent_ones_towards_the_lockout() {
        // 4 recent + this run's 1 = 5: NetSuite's limit, so a lockout is the first suspect.
        let mut f = refused("1234567_SB1");
        f.probes.truncate(1);
        f.history.recent_failed_logins = 4;
        let (causes, evidence) = rank(&f);
        assert_eq!(causes[0].detail.as_deref(), Some("temporary_locked"));
        assert!(
            evidence.iter().any(|e| e.contains("about 5 within")),
            "{evidence:?}"
        );
    }

    #[test]
    fn a_refusal_with_nothing_to_compare_is_slow_from_5_s() {
        for (ms, slow) in [(200, false), (4_999, false), (5_000, true)] {
            let mut f = refused("1234567_SB1");
            f.probes.truncate(1);
            f.timings = vec![(CheckId::RestLogin, ms)];
            let (causes, _) = rank(&f);
            assert_eq!(causes[0].text.contains("concurrency"), slow, "{ms} ms");
        }
    }
}
