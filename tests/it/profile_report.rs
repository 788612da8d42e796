//! The Markdown support report for a synthetic test run, at a fixed time: a snapshot of what a
//! support engineer pastes into a ticket, plus the properties that must hold for any input.

use nstba::check::{
    Api, CheckId, CheckResult, Confidence, Diagnosis, Hosts, Report, Severity, Status,
};
use nstba::netsuite::Credentials;
use nstba::report::ReportInput;
use nstba::report::markdown::markdown;

const CK: &str = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";
const CS: &str = "5d7e8f3a7b3a4a0e9e2f2f0b6d0c1e4a8b9c7d6e5f4a3b2c1d0e9f8a7b6c5d4e";
const TK: &str = "2b0c8d8e5f1a4c3b9a7d6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291";
const TS: &str = "7f6e5d4c3b2a19080f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778";

fn check(
    id: CheckId,
    status: Status,
    ms: u64,
    http: Option<u16>,
    code: Option<&str>,
    summary: &str,
) -> CheckResult {
    CheckResult {
        id,
        status,
        ms,
        http_status: http,
        error_code: code.map(str::to_string),
        summary: summary.into(),
        details: vec![],
    }
}

fn synthetic_report() -> Report {
    let mut login = check(
        CheckId::RestLogin,
        Status::Fail,
        88,
        Some(401),
        Some("INVALID_LOGIN"),
        "NetSuite refused the signed request: Invalid login attempt.",
    );
    login.details = vec![
        "GET https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/system/v1/serverTime"
            .into(),
        // A hostile body excerpt: table pipes, HTML, a line break, and a leaked secret.
        format!(
            "body: {{\"o:errorDetails\":[{{\"detail\":\"a|b <script>x</script>\nsecret={CS}\"}}]}}"
        ),
    ];
    Report {
        account: "1234567_SB1".into(),
        environment: "sandbox".into(),
        hosts: Hosts {
            rest: "https://1234567-sb1.suitetalk.api.netsuite.com".into(),
            restlets: "https://1234567-sb1.restlets.api.netsuite.com".into(),
            app: "https://1234567-sb1.app.netsuite.com".into(),
        },
        ok: false,
        cancelled: false,
        checks: vec![
            check(CheckId::AccountId, Status::Pass, 0, None, None, "1234567_SB1 (Sandbox 1)"),
            check(CheckId::Credentials, Status::Pass, 0, None, None, "four values, 64 hex characters each"),
            check(CheckId::AccountLookup, Status::Pass, 41, Some(200), None, "datacenterurls knows the account"),
            check(CheckId::Clock, Status::Pass, 3, None, None, "clock within 2 s of the server"),
            login,
            check(CheckId::SoapLogin, Status::Skip, 0, None, None, "SOAP not selected"),
        ],
        diagnoses: vec![Diagnosis {
            code: nstba::check::DiagnosisCode::InvalidLogin,
            severity: Severity::Error,
            confidence: Confidence::Likely,
            title: "NetSuite refused the token login".into(),
            cause: "Every TBA failure is the same 401 INVALID_LOGIN; the reason is in the Login Audit Trail.".into(),
            detail: None,
            causes: vec![],
            fix: vec![
                "Open Setup > Users/Roles > User Management > View Login Audit Trail and read the Detail column.".into(),
                "Run `nstba explain <Detail>` for the fix.".into(),
            ],
            evidence: "rest-login: HTTP 401 INVALID_LOGIN".into(),
        }],
    }
}

fn render(detail: Option<&str>, warnings: &[String]) -> String {
    let report = synthetic_report();
    let creds = Credentials::new(CK, CS, TK, TS);
    markdown(&ReportInput {
        report: &report,
        credentials: Some(&creds),
        profile: Some("acme-sb1"),
        apis: &[Api::Rest, Api::Restlet],
        base_url: None,
        detail,
        warnings,
        // 2026-03-10T12:30:00Z
        generated_at_unix: 1_773_145_800,
    })
    .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn report_snapshot() {
    let warnings = vec![
        "This profile passed on 2026-03-08 and fails now (invalid-login). Something changed in NetSuite.".to_string(),
    ];
    // No Detail value: the snapshot holds only this module's wording, not the catalogue's
    // (tested below without a snapshot, so catalogue edits do not churn this file).
    insta::assert_snapshot!(render(None, &warnings));
}

#[test]
fn a_detail_value_is_explained_from_the_catalogue() {
    let md = render(Some(" InvalidSignature "), &[]);
    let entry = nstba::check::catalogue::explain("InvalidSignature")
        .expect("catalogue knows InvalidSignature")
        .entry;
    assert!(
        md.contains("Detail value reported: `InvalidSignature`"),
        "{md}"
    );
    assert!(md.contains(&format!("**{}**", entry.title)), "{md}");
    assert!(md.contains("**Likely causes:**") && md.contains("**Fix:**"));
    assert!(!entry.fixes.is_empty());

    let md = render(Some("NoSuchDetail"), &[]);
    assert!(md.contains("not in nstba's catalogue"), "{md}");
}

#[test]
fn report_never_contains_a_full_credential_and_keeps_tables_intact() {
    let md = render(None, &[]);
    for s in [CK, CS, TK, TS] {
        assert!(!md.contains(s), "full credential in report");
    }
    // Key and token id keep their last 4 (they tell tokens apart); the secrets show nothing.
    for s in [CK, TK] {
        assert!(md.contains(&format!("`…{}`", &s[s.len() - 4..])));
    }
    for s in [CS, TS] {
        assert!(
            !md.contains(&s[s.len() - 4..]),
            "a secret's last 4 in the report"
        );
    }
    assert!(
        !md.contains("<script>"),
        "raw HTML from a server reached the report"
    );
    // Every table row has the same number of unescaped pipes as its header.
    let mut header_cells = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        match header_cells {
            None => header_cells = Some(cells),
            Some(n) => assert_eq!(cells, n, "broken table row: {line}"),
        }
    }
    // Without a Detail value, the report says where to find it.
    assert!(md.contains("View Login Audit Trail") && md.contains("--detail"));
}
