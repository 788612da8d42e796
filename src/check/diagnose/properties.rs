//! Property tests of the engine rule "a later, stronger observation outranks an earlier, weaker
//! one": over many combinations of check results, built as a run would produce them, no error
//! diagnosis contradicts a passing check, and `ok` is true exactly when no error remains.

use proptest::prelude::*;

use super::{Facts, LookupFact, SkewFact, diagnose, outranked, passed};
use crate::check::code::DiagnosisCode;
use crate::check::credential_shape::{ShapeLevel, check as shape_check};
use crate::check::fixtures::{answers, facts, transport};
use crate::check::model::{CheckId, CheckResult, Severity, Status};
use crate::net::http::TransportKind;
use crate::netsuite::Credentials;

/// The choices that make one run.
#[derive(Debug, Clone)]
struct Choice {
    account: usize,
    lookup: usize,
    base_url: bool,
    stop_at: usize,
    transport_kind: usize,
    skew: usize,
    late_skew: bool,
    shape: usize,
    answers: [usize; 5],
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        (0..6usize, 0..4usize, any::<bool>(), 0..5usize, 0..5usize),
        (
            0..4usize,
            any::<bool>(),
            0..3usize,
            [0..8usize, 0..8, 0..8, 0..8, 0..8],
        ),
    )
        .prop_map(
            |(
                (account, lookup, base_url, stop_at, transport_kind),
                (skew, late_skew, shape, answers),
            )| {
                Choice {
                    account,
                    lookup,
                    base_url,
                    stop_at,
                    transport_kind,
                    skew,
                    late_skew,
                    shape,
                    answers,
                }
            },
        )
}

fn check(id: CheckId, status: Status) -> CheckResult {
    CheckResult {
        id,
        status,
        ms: 0,
        http_status: None,
        error_code: None,
        summary: "x".into(),
        details: vec![],
    }
}

const KINDS: [TransportKind; 5] = [
    TransportKind::Dns,
    TransportKind::Connect,
    TransportKind::Tls,
    TransportKind::Timeout,
    TransportKind::Other,
];

/// The facts and check results of the run `c` describes, in the order a run produces them.
fn scenario(c: &Choice) -> (Facts, Vec<CheckResult>) {
    let accounts = [
        "1234567",
        "1234567_SB1",
        "1234567-sb1",
        "1234567_RP",
        "TSTDRV1234567",
    ];
    let Some(account) = accounts.get(c.account) else {
        let f = Facts {
            account_typed: "abc".into(),
            account_error: Some("account id \"abc\": it must start with digits".into()),
            ..Default::default()
        };
        return (f, vec![check(CheckId::AccountId, Status::Fail)]);
    };
    let mut f = facts(account);
    f.base_url = c.base_url;
    f.skew = None;
    let mut checks = vec![check(CheckId::AccountId, Status::Pass)];
    f.shape = match c.shape {
        0 => shape_check(&Credentials::new(
            "short",
            "b".repeat(64),
            "c".repeat(64),
            "d".repeat(64),
        )),
        1 => shape_check(&Credentials::new(" a", "b", "c", "")),
        _ => vec![],
    };
    let empty = f.shape.iter().any(|i| i.level == ShapeLevel::Error);
    let shape_status = if empty {
        Status::Fail
    } else if f.shape.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    checks.push(check(CheckId::Credentials, shape_status));
    let kind = KINDS[c.transport_kind];
    // The lookup: a transport failure stops a run whose calls all go to --base-url.
    if c.stop_at == 0 && c.base_url {
        f.lookup = LookupFact::NotRun;
        f.transport = Some(transport(CheckId::AccountLookup, kind));
        checks.push(check(CheckId::AccountLookup, Status::Fail));
        return (f, checks);
    }
    let (lookup, status) = match c.lookup {
        0 => (LookupFact::Confirmed, Status::Pass),
        1 => (
            LookupFact::Rejected("account-lookup: HTTP 400".into()),
            Status::Fail,
        ),
        2 => (
            LookupFact::Unrecognized("account-lookup: HTTP 200 hosts: x".into()),
            Status::Fail,
        ),
        _ => (
            LookupFact::Inconclusive("account-lookup: HTTP 500".into()),
            Status::Warn,
        ),
    };
    let rejected = matches!(lookup, LookupFact::Rejected(_));
    f.lookup = lookup;
    checks.push(check(CheckId::AccountLookup, status));
    if rejected {
        return (f, checks);
    }
    let skew = [None, Some(1), Some(-120), Some(600)][c.skew];
    f.skew = skew.map(|secs| SkewFact {
        secs,
        source: "Date".into(),
    });
    let clock_status = match skew {
        None => Status::Skip,
        Some(s) if s.abs() > 300 => Status::Fail,
        Some(s) if s.abs() > 60 => Status::Warn,
        Some(_) => Status::Pass,
    };
    if c.stop_at == 1 {
        f.transport = Some(transport(CheckId::Reachability, kind));
        checks.push(check(CheckId::Reachability, Status::Fail));
        checks.push(check(CheckId::Clock, clock_status));
        return (f, checks);
    }
    checks.push(check(CheckId::Reachability, Status::Pass));
    checks.push(check(CheckId::Clock, clock_status));
    if empty || clock_status == Status::Fail {
        return (f, checks);
    }
    let all = answers();
    let ids = [
        CheckId::RestLogin,
        CheckId::RestRecords,
        CheckId::RestSuiteql,
        CheckId::RestletTokeninfo,
        CheckId::SoapLogin,
    ];
    for (n, id) in ids.into_iter().enumerate() {
        // A probe whose server stops answering ends the run.
        if c.stop_at == 2 && n == c.answers[0] % 5 {
            f.transport = Some(transport(id, kind));
            checks.push(check(id, Status::Fail));
            break;
        }
        let of_id: Vec<_> = all.iter().filter(|p| p.id == id).collect();
        if let Some(p) = of_id.get(c.answers[n]) {
            let ok = p.obs.kind == crate::check::classify::Kind::Success;
            checks.push(check(id, if ok { Status::Pass } else { Status::Fail }));
            f.probes.push((*p).clone());
        }
    }
    // A large skew seen only later (the REST serverTime), after the clock check passed.
    if c.late_skew && f.probe(CheckId::RestLogin).is_some() {
        f.skew = Some(SkewFact {
            secs: 600,
            source: "serverTime".into(),
        });
    }
    (f, checks)
}

/// Diagnoses that claim the account, credentials or clock are wrong.
fn contradicts_a_pass(code: DiagnosisCode) -> bool {
    matches!(
        code,
        DiagnosisCode::AccountNotFound
            | DiagnosisCode::AccountIdFormat
            | DiagnosisCode::ClockSkew
            | DiagnosisCode::CredentialFormat
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_error_contradicts_a_passing_check_and_ok_means_no_error(c in choice()) {
        let (f, mut checks) = scenario(&c);
        let diagnoses = diagnose(&f);
        for id in outranked(&f) {
            for r in checks.iter_mut().filter(|r| r.id == id && r.status == Status::Fail) {
                r.status = Status::Warn;
            }
        }
        let signed_pass = checks.iter().any(|r| {
            r.status == Status::Pass
                && matches!(
                    r.id,
                    CheckId::RestLogin
                        | CheckId::RestRecords
                        | CheckId::RestSuiteql
                        | CheckId::RestletTokeninfo
                        | CheckId::SoapLogin
                )
        });
        if signed_pass {
            for d in &diagnoses {
                prop_assert!(
                    !(d.severity == Severity::Error && contradicts_a_pass(d.code)),
                    "{} contradicts a passing signed check: {d:#?}", d.code
                );
            }
            for r in &checks {
                prop_assert!(
                    !(r.status == Status::Fail
                        && matches!(r.id, CheckId::AccountId | CheckId::Credentials | CheckId::AccountLookup | CheckId::Clock)),
                    "{:?} failed although a signed check passed", r.id
                );
            }
        }
        let ok = passed(&checks, &diagnoses, false);
        let error_remains = diagnoses.iter().any(|d| d.severity == Severity::Error);
        prop_assert_eq!(ok, !error_remains, "checks {:?}\n{:#?}", checks.iter().map(|r| (r.id, r.status)).collect::<Vec<_>>(), diagnoses);
    }
}
