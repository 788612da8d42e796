//! Test-only building blocks for observations: the response bodies NetSuite sends on each stack
//! shared by the diagnosis rule tests and the property tests.

use super::classify::{Stack, classify};
use super::diagnose::{Facts, LookupFact, ProbeFact, SkewFact};
use super::model::CheckId;
use crate::net::http::{TransportFailure, TransportKind};
use crate::netsuite::AccountId;

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

/// Facts for `account` whose REST login and RESTlet token info were both refused (two failures).
pub fn refused(account: &str) -> Facts {
    let mut f = facts(account);
    f.probes
        .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
    f.probes.push(probe(
        CheckId::RestletTokeninfo,
        Stack::Restlet,
        401,
        RESTLET_401,
    ));
    f
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

/// The emulator's demo M2M client: its consumer key as the client id, its certificate id and key.
pub fn demo_m2m() -> crate::netsuite::oauth2::M2mCredentials {
    crate::netsuite::oauth2::M2mCredentials::new(
        crate::emulator::demo::credentials().consumer_key.expose(),
        crate::emulator::oauth2::DEMO_CERTIFICATE_ID,
        crate::emulator::oauth2::demo_private_key(),
        &[],
    )
}
