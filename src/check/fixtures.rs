//! Test-only building blocks for observations: the response bodies NetSuite sends on each stack
//! and a deterministic enumeration of many observation combinations, shared by the diagnosis
//! rule tests and the property tests.

use super::classify::{Stack, classify};
use super::diagnose::{Facts, LookupFact, ProbeFact, SkewFact};
use super::http::{TransportFailure, TransportKind};
use super::model::CheckId;
use crate::netsuite::{AccountId, Credentials};

pub const REST_401: &str = r#"{"status":401,"o:errorDetails":[{"detail":"Invalid login attempt.","o:errorCode":"INVALID_LOGIN"}]}"#;
pub const RESTLET_401: &str =
    r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#;
pub const TOKENINFO_OK: &str = r#"{"companyId":"1234567_SB1","roleName":"Integration"}"#;

/// Facts for a parsed account whose lookup confirmed it and whose clock is fine.
pub fn facts(account: &str) -> Facts {
    Facts {
        account_typed: account.into(),
        account: AccountId::parse(account).ok(),
        lookup: LookupFact::Confirmed,
        skew: Some(SkewFact {
            secs: 1,
            source: "test".into(),
        }),
        ..Default::default()
    }
}

/// A JSON answer classified for `stack`.
pub fn probe(id: CheckId, stack: Stack, status: u16, body: &str) -> ProbeFact {
    raw(id, stack, status, "application/json", body)
}

/// Any answer classified for `stack`.
pub fn raw(id: CheckId, stack: Stack, status: u16, content_type: &str, body: &str) -> ProbeFact {
    ProbeFact {
        id,
        obs: classify(stack, status, Some(content_type), body.as_bytes(), false),
    }
}

pub fn transport(at: CheckId, kind: TransportKind) -> (CheckId, TransportFailure) {
    (
        at,
        TransportFailure {
            kind,
            host: "x.invalid:443".into(),
            detail: "no answer".into(),
            date: None,
            status: None,
        },
    )
}

/// One answer per interesting kind on each probe.
pub fn answers() -> Vec<ProbeFact> {
    use CheckId::*;
    vec![
        probe(RestLogin, Stack::Rest, 200, r#"{"serverTime":"x"}"#),
        probe(RestLogin, Stack::Rest, 401, REST_401),
        probe(
            RestLogin,
            Stack::Rest,
            400,
            r#"{"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#,
        ),
        probe(
            RestLogin,
            Stack::Rest,
            429,
            r#"{"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}"#,
        ),
        raw(
            RestLogin,
            Stack::Rest,
            503,
            "text/html",
            "<html>down</html>",
        ),
        raw(
            RestLogin,
            Stack::Rest,
            500,
            "text/html",
            "<html>proxy error</html>",
        ),
        probe(
            RestLogin,
            Stack::Rest,
            400,
            r#"{"o:errorDetails":[{"detail":"x","o:errorCode":"TWO_FA_REQD"}]}"#,
        ),
        probe(RestRecords, Stack::Rest, 200, r#"{"items":[]}"#),
        probe(
            RestRecords,
            Stack::Rest,
            403,
            r#"{"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Customers' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#,
        ),
        probe(RestSuiteql, Stack::Rest, 200, r#"{"items":[{"id":"1"}]}"#),
        probe(
            RestSuiteql,
            Stack::Rest,
            400,
            r#"{"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#,
        ),
        probe(
            RestSuiteql,
            Stack::Rest,
            403,
            r#"{"o:errorCode":"INSUFFICIENT_PERMISSION"}"#,
        ),
        probe(RestletTokeninfo, Stack::Restlet, 200, TOKENINFO_OK),
        probe(RestletTokeninfo, Stack::Restlet, 401, RESTLET_401),
        probe(
            RestletTokeninfo,
            Stack::Restlet,
            401,
            r#"{"error":{"code":"INVALID_LOGIN_CREDENTIALS","message":"x"}}"#,
        ),
        probe(RestletTokeninfo, Stack::Restlet, 429, "{}"),
        raw(
            RestletTokeninfo,
            Stack::Restlet,
            403,
            "text/html",
            "<html>Incorrect data center requested</html>",
        ),
        raw(
            SoapLogin,
            Stack::Soap,
            200,
            "text/xml",
            "<getServerTimeResponse/>",
        ),
        raw(
            SoapLogin,
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:Fault><faultstring>Invalid login attempt.</faultstring></soapenv:Fault>",
        ),
        raw(
            SoapLogin,
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:Fault><faultstring>x</faultstring><detail><code>WS_PERMISSION_REQD</code></detail></soapenv:Fault>",
        ),
        raw(
            SoapLogin,
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:Fault><faultstring>x</faultstring><detail><code>WS_FEATURE_REQD</code></detail></soapenv:Fault>",
        ),
        raw(
            SoapLogin,
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:Fault><faultstring>Ambiguous authentication</faultstring></soapenv:Fault>",
        ),
    ]
}

/// A small deterministic generator (no dependency on proptest for the golden enumeration).
struct Lcg(u64);

impl Lcg {
    fn pick(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// The facts for combination `seed`: account, transport, lookup, clock, shape and up to four
/// probe answers (at most one per check, in check order, as a run produces them).
pub fn combination(seed: u64) -> Facts {
    let mut g = Lcg(seed);
    let accounts = [
        "1234567",
        "1234567_SB1",
        "1234567-sb1",
        "1234567_RP",
        "TSTDRV1234567",
    ];
    if g.pick(40) == 0 {
        return Facts {
            account_typed: "abc".into(),
            account_error: Some("account id \"abc\": it must start with digits".into()),
            ..Default::default()
        };
    }
    let mut f = facts(accounts[g.pick(accounts.len())]);
    f.base_url = g.pick(2) == 0;
    f.lookup = match g.pick(6) {
        0 => LookupFact::NotRun,
        1 => LookupFact::Rejected("account-lookup: HTTP 400 \"Company Id is invalid\"".into()),
        2 => LookupFact::Unrecognized("account-lookup: HTTP 200 hosts: x".into()),
        3 => LookupFact::Inconclusive("account-lookup: HTTP 500".into()),
        _ => LookupFact::Confirmed,
    };
    f.skew = match g.pick(5) {
        0 => None,
        1 => Some(SkewFact {
            secs: -120,
            source: "Date".into(),
        }),
        2 => Some(SkewFact {
            secs: 600,
            source: "Date".into(),
        }),
        _ => Some(SkewFact {
            secs: 1,
            source: "Date".into(),
        }),
    };
    f.shape = match g.pick(4) {
        0 => super::credential_shape::check(&Credentials::new(
            "short",
            "b".repeat(64),
            "c".repeat(64),
            "d".repeat(64),
        )),
        1 => super::credential_shape::check(&Credentials::new(" a", "b", "c", "")),
        _ => vec![],
    };
    let kinds = [
        TransportKind::Dns,
        TransportKind::Connect,
        TransportKind::Tls,
        TransportKind::Timeout,
        TransportKind::Other,
        TransportKind::Cancelled,
    ];
    if g.pick(5) == 0 {
        let at = [
            CheckId::AccountLookup,
            CheckId::Reachability,
            CheckId::RestLogin,
        ][g.pick(3)];
        f.transport = Some(transport(at, kinds[g.pick(kinds.len())]));
        if at != CheckId::RestLogin {
            return f;
        }
    }
    let all = answers();
    for id in [
        CheckId::RestLogin,
        CheckId::RestRecords,
        CheckId::RestSuiteql,
        CheckId::RestletTokeninfo,
        CheckId::SoapLogin,
    ] {
        let of_id: Vec<&ProbeFact> = all.iter().filter(|p| p.id == id).collect();
        let i = g.pick(of_id.len() + 1);
        if let Some(p) = of_id.get(i) {
            f.probes.push((*p).clone());
        }
    }
    f
}
