//! The connection test against hostile or broken servers on 127.0.0.1: closed ports, names that do
//! not resolve, silence, drip-fed and endless bodies, broken bytes, wrong content — plus a healthy
//! stand-in (JSON snapshot), the skew-on-401 rule, triangulation and the failing-login cap.
//! Nothing may hang past its timeout, crash, or leak a secret.

use std::time::{Duration, Instant};

use crate::support::fixtures::*;
use crate::support::raw_http::*;
use crate::support::report::{first_code, status};
use nstba::check::{Api, CheckEvent, CheckId, Report, Settings, Status, run_checks};
use nstba::netsuite::Credentials;
use tokio_util::sync::CancellationToken;

fn settings(base_url: &str, apis: &[Api], timeout_secs: f64) -> Settings {
    let mut s = Settings::new(ACCOUNT, Credentials::new(CK, CS, TK, TS));
    s.base_url = Some(base_url.to_string());
    s.apis = apis.to_vec();
    s.timeout = Duration::from_secs_f64(timeout_secs);
    s
}

async fn run(s: &Settings) -> (Report, Vec<CheckEvent>, Duration) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let t = Instant::now();
    let report = run_checks(s, tx, CancellationToken::new()).await;
    let elapsed = t.elapsed();
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    let text = serde_json::to_string(&report).unwrap();
    assert_no_secrets(&text);
    assert_no_secrets(&format!("{events:?}"));
    (report, events, elapsed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_server_passes_and_streams_every_check() {
    let server = start(healthy).await;
    let s = settings(
        &server.base_url(),
        &[Api::Rest, Api::Restlet, Api::Soap],
        5.0,
    );
    let (report, events, elapsed) = run(&s).await;
    assert!(report.ok, "{report:#?}");
    assert!(report.diagnoses.is_empty(), "{:#?}", report.diagnoses);
    assert!(
        report.checks.iter().all(|c| c.status == Status::Pass),
        "{report:#?}"
    );
    assert_eq!(report.checks.len(), 10);
    // Started then Finished for every check, in order.
    assert_eq!(events.len(), 20);
    for (pair, check) in events.chunks(2).zip(&report.checks) {
        assert_eq!(pair[0], CheckEvent::Started(check.id));
        assert_eq!(pair[1], CheckEvent::Finished(check.clone()));
    }
    // Each signed request was signed freshly with the canonical realm.
    let reqs = server.requests();
    let auths: Vec<&str> = reqs
        .iter()
        .filter_map(|r| r.header("authorization"))
        .collect();
    assert_eq!(auths.len(), 4);
    for a in &auths {
        assert!(a.starts_with("OAuth realm=\"1234567_SB1\""), "{a}");
    }
    let nonces: std::collections::HashSet<_> = auths
        .iter()
        .map(|a| {
            a.split("oauth_nonce=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(nonces.len(), 4, "nonces must not repeat");
    let suiteql = reqs
        .iter()
        .find(|r| r.route().ends_with("/suiteql"))
        .unwrap();
    assert_eq!(suiteql.path, "/services/rest/query/v1/suiteql?limit=1");
    assert_eq!(suiteql.header("prefer"), Some("transient"));
    assert!(String::from_utf8_lossy(&suiteql.body).contains("SELECT id FROM employee"));
    let soap = reqs
        .iter()
        .find(|r| r.route() == "/services/NetSuitePort_2025_2")
        .unwrap();
    assert_eq!(soap.header("soapaction"), Some("getServerTime"));
    let tokeninfo = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::RestletTokeninfo)
        .unwrap();
    assert!(
        tokeninfo
            .details
            .iter()
            .any(|d| d == "companyName: Demo Co")
    );
    eprintln!("healthy run against a local server took {elapsed:?}");
    // Generous: a loaded two-core machine; the figure itself is printed above.
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");

    let mut snap = report.clone();
    for c in &mut snap.checks {
        c.ms = 0;
    }
    insta::with_settings!({filters => vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (r"within \d+ s", "within [n] s"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", "[server time]"),
    ]}, {
        insta::assert_json_snapshot!("healthy_report", snap);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_port_is_a_connect_failure() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (report, _, elapsed) = run(&settings(
        &format!("http://127.0.0.1:{port}"),
        &[Api::Rest],
        1.0,
    ))
    .await;
    assert!(!report.ok);
    assert_eq!(first_code(&report), "connect-failure");
    assert!(
        report.diagnoses[0]
            .title
            .contains(&format!("127.0.0.1:{port}"))
    );
    // Refused at once: no waiting out the 1 s timeout on every probe.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(status(&report, CheckId::RestLogin), Status::Skip);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unresolvable_name_is_a_dns_failure() {
    let (report, _, elapsed) =
        run(&settings("http://nonexistent.invalid", &[Api::Rest], 2.0)).await;
    assert!(!report.ok);
    assert!(
        matches!(first_code(&report), "dns-failure" | "timeout"),
        "{:#?}",
        report.diagnoses
    );
    assert!(report.diagnoses[0].title.contains("nonexistent.invalid"));
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_server_times_out_within_the_timeout() {
    let server = start(|_| Reply::Never).await;
    let (report, _, elapsed) = run(&settings(&server.base_url(), &[Api::Rest], 1.0)).await;
    assert_eq!(first_code(&report), "timeout");
    // The server stalls for 120 s; ending within a few seconds means the 1 s timeout applied.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drip_fed_body_ends_at_the_timeout() {
    let server = start(|req| {
        if req.route() == "/services/rest/system/v1/serverTime" {
            Reply::Drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n".to_vec())
        } else {
            healthy(req)
        }
    })
    .await;
    let (report, _, elapsed) = run(&settings(&server.base_url(), &[Api::Rest], 1.0)).await;
    assert_eq!(first_code(&report), "timeout", "{report:#?}");
    assert_eq!(status(&report, CheckId::RestLogin), Status::Fail);
    let login = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::RestLogin)
        .unwrap();
    assert_eq!(login.http_status, Some(200));
    // The server stalls for 120 s; ending within a few seconds means the 1 s timeout applied.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_body_is_capped_not_read_whole() {
    let server = start(|req| {
        if req.route() == "/services/rest/system/v1/serverTime" {
            Reply::Endless(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n{\"serverTime\":\"".to_vec())
        } else {
            healthy(req)
        }
    })
    .await;
    let (report, _, elapsed) = run(&settings(&server.base_url(), &[Api::Rest], 5.0)).await;
    assert_eq!(first_code(&report), "unexpected-response", "{report:#?}");
    let login = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::RestLogin)
        .unwrap();
    assert!(
        login.details.iter().any(|d| d.contains("truncated JSON")),
        "{login:?}"
    );
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    // The client stopped reading at the cap; the server managed far less than the 200 MB.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.written.load(std::sync::atomic::Ordering::Relaxed);
    assert!(written < 50 << 20, "server wrote {written} bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_utf8_and_html_are_unexpected_responses() {
    let server = start(|req| {
        if req.route() == "/services/rest/system/v1/serverTime" {
            http(
                200,
                &[("Content-Type", "application/json")],
                &[0xff, 0xfe, 0x00, 0x80, b'{'],
            )
        } else {
            healthy(req)
        }
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "unexpected-response");
    assert!(report.diagnoses[0].cause.contains("invalid UTF-8"));

    let server = start(|req| {
        if req.route() == "/services/rest/system/v1/serverTime" {
            http(
                200,
                &[("Content-Type", "text/html")],
                b"<html><body><h1>Welcome to the captive portal</h1></body></html>",
            )
        } else {
            healthy(req)
        }
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "unexpected-response");
    assert!(
        report.diagnoses[0].evidence.contains("captive portal"),
        "{:#?}",
        report.diagnoses[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skew_is_found_even_when_every_answer_is_a_401() {
    let server = start(|_| {
        let d = date(-600);
        http(
            401,
            &[("Content-Type", "application/json"), ("Date", d.as_str())],
            REST_401.as_bytes(),
        )
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert!(!report.ok);
    assert_eq!(first_code(&report), "clock-skew");
    assert_eq!(report.diagnoses[0].severity, nstba::check::Severity::Error);
    assert!(
        report.diagnoses[0].title.contains("10 min"),
        "{}",
        report.diagnoses[0].title
    );
    assert_eq!(status(&report, CheckId::Clock), Status::Fail);
    // A signed request would certainly fail (InvalidTimestamp): none was sent.
    assert_eq!(server.signed_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_401_with_working_tokeninfo_is_rest_access_missing() {
    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => json(401, REST_401),
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "rest-access-missing", "{report:#?}");
    // One extra request only (the triangulation), and the capability probes were skipped.
    assert_eq!(server.signed_count(), 2);
    assert_eq!(status(&report, CheckId::RestletTokeninfo), Status::Pass);
    assert_eq!(status(&report, CheckId::RestRecords), Status::Skip);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_after_a_good_one_stop_at_three() {
    // The REST login passes, so every later signed probe runs; each of them is refused. Four would
    // be sent (records, SuiteQL, RESTlet, SOAP); after the third failure the run must stop, as
    // repeated failed logins can lock the user out. The budget goes to the logins of every
    // interface first (they are sent together with the REST login), then the REST probes: SuiteQL
    // is the one left out.
    const REFUSING: [&str; 4] = [
        "/services/rest/record/v1/metadata-catalog",
        "/services/rest/query/v1/suiteql",
        "/rest/tokeninfo",
        "/services/NetSuitePort_2025_2",
    ];
    let server = start(|req| match req.route() {
        "/services/rest/record/v1/metadata-catalog" | "/services/rest/query/v1/suiteql" => {
            json(401, REST_401)
        }
        "/rest/tokeninfo" => json(401, RESTLET_401),
        "/services/NetSuitePort_2025_2" => {
            http(500, &[("Content-Type", "text/xml")], SOAP_401.as_bytes())
        }
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(
        &server.base_url(),
        &[Api::Rest, Api::Restlet, Api::Soap],
        2.0,
    ))
    .await;
    assert!(!report.ok);
    assert_eq!(status(&report, CheckId::RestLogin), Status::Pass);
    let refused = server
        .requests()
        .iter()
        .filter(|r| r.signed() && REFUSING.contains(&r.route()))
        .count();
    assert_eq!(refused, 3, "{report:#?}");
    assert_eq!(status(&report, CheckId::SoapLogin), Status::Fail);
    assert_eq!(status(&report, CheckId::RestSuiteql), Status::Skip);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_401_is_invalid_login_with_at_most_three_signed_failures() {
    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => json(401, REST_401),
        "/rest/tokeninfo" => json(401, RESTLET_401),
        "/services/NetSuitePort_2025_2" => {
            http(500, &[("Content-Type", "text/xml")], SOAP_401.as_bytes())
        }
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(
        &server.base_url(),
        &[Api::Rest, Api::Restlet, Api::Soap],
        2.0,
    ))
    .await;
    assert!(!report.ok);
    let d = &report.diagnoses[0];
    assert_eq!(d.code, "invalid-login");
    assert!(d.cause.contains("on every interface tried"));
    assert!(d.fix[0].contains("View Login Audit Trail"));
    // One signed request per interface, nothing more (the REST login failed, so no REST probes).
    assert_eq!(server.signed_count(), 3, "{:#?}", server.requests());
    let login = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::RestLogin)
        .unwrap();
    assert_eq!(login.http_status, Some(401));
    assert_eq!(login.error_code.as_deref(), Some("INVALID_LOGIN"));

    // REST only: one REST failure plus one triangulation request, never more.
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "invalid-login");
    assert_eq!(status(&report, CheckId::RestletTokeninfo), Status::Fail);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn echoed_credentials_never_reach_the_report() {
    // A server that reflects the Authorization header (consumer key, token id) back in its error.
    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => {
            let auth = req.header("authorization").unwrap_or("").replace('"', "'");
            json(400, &format!(r#"{{"o:errorDetails":[{{"detail":"bad header {auth}","o:errorCode":"WEIRD"}}]}}"#))
        }
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "unexpected-response");
    // run() already asserted no fixture value appears; the redaction marker shows it was needed.
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("[redacted]"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_and_concurrency_answers() {
    let server = start(|req| match req.route() {
        "/services/rest/query/v1/suiteql" => json(403, r#"{"status":403,"o:errorDetails":[{"detail":"Permission Violation: You need the 'SuiteAnalytics Workbook' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#),
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "permission-missing");
    assert!(
        report.diagnoses[0]
            .title
            .contains("SuiteAnalytics Workbook")
    );
    assert_eq!(status(&report, CheckId::RestLogin), Status::Pass);

    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => json(429, r#"{"status":429,"o:errorCode":"USER_ERROR","o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}"#),
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "concurrency-limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_rejection_and_maintenance() {
    let server = start(|req| match req.route() {
        "/rest/datacenterurls" => http(
            400,
            &[("Content-Type", "text/plain")],
            b"Company Id is invalid",
        ),
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "account-not-found");
    assert_eq!(server.signed_count(), 0);

    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => http(503, &[("Content-Type", "text/html")], b"<html><body>The account you are trying to access is currently unavailable while we undergo our regularly scheduled maintenance.</body></html>"),
        _ => healthy(req),
    })
    .await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Rest], 2.0)).await;
    assert_eq!(first_code(&report), "account-unavailable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancellation_stops_a_request_in_flight() {
    let server = start(|_| Reply::Never).await;
    let s = settings(&server.base_url(), &[Api::Rest], 30.0);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let cancel = CancellationToken::new();
    let c = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        c.cancel();
    });
    let t = Instant::now();
    let report = run_checks(&s, tx, cancel).await;
    // Cancelled after 0.3 s of a 30 s timeout.
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert!(!report.ok);
    assert!(
        report
            .checks
            .iter()
            .skip(2)
            .all(|c| c.status == Status::Skip)
    );
    assert_eq!(report.checks.len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_account_is_reported_without_network() {
    let mut s = settings("http://127.0.0.1:9", &[Api::Rest], 1.0);
    s.account = "not-an-account".into();
    let (report, _, _) = run(&s).await;
    assert_eq!(first_code(&report), "account-id-format");
    assert_eq!(report.environment, "unknown");
    assert_eq!(report.checks.len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_behind_https_is_a_tls_failure() {
    // The server answers plain HTTP at once, whatever arrives; the client expects TLS.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut s, _)) = listener.accept().await {
            let _ = s
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
            let _ = s.shutdown().await;
        }
    });
    let url = format!("https://{addr}");
    let (report, _, elapsed) = run(&settings(&url, &[Api::Rest], 2.0)).await;
    assert_eq!(
        first_code(&report),
        "tls-failure",
        "{:#?}",
        report.diagnoses
    );
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restlet_only_skips_rest_and_shows_who_am_i() {
    let server = start(healthy).await;
    let (report, _, _) = run(&settings(&server.base_url(), &[Api::Restlet], 2.0)).await;
    assert!(report.ok, "{report:#?}");
    assert_eq!(status(&report, CheckId::RestLogin), Status::Skip);
    assert_eq!(status(&report, CheckId::SoapLogin), Status::Skip);
    let info = report
        .checks
        .iter()
        .find(|c| c.id == CheckId::RestletTokeninfo)
        .unwrap();
    assert_eq!(info.status, Status::Pass);
    assert!(
        info.summary.contains("companyName: Demo Co"),
        "{}",
        info.summary
    );
    assert_eq!(server.signed_count(), 1);
}
