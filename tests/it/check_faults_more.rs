//! More hostile servers on 127.0.0.1 for the connection test (issue 8, resilience): a reset in the
//! middle of a body, a body that stops, an endless chunked body, TLS against garbage, garbage against
//! plain HTTP, a redirect loop, absurd and unreadable `Date` headers, oversized headers and
//! pathological JSON. Each run must end within its timeout (plus a little slack) with the expected
//! first diagnosis, never panic or hang, and never show a secret.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::support::fixtures::*;
use crate::support::raw_http::*;
use crate::support::report::{check, first_code};
use nstba::check::{Api, CheckId, Report, Settings, Status, run_checks};
use nstba::netsuite::Credentials;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

const SERVER_TIME: &str = "/services/rest/system/v1/serverTime";

/// Slack on top of the per-request timeout: scheduling on a loaded 2-core machine.
const SLACK: Duration = Duration::from_secs(3);

fn settings(base_url: &str, apis: &[Api], timeout: Duration) -> Settings {
    let mut s = Settings::new(ACCOUNT, Credentials::new(CK, CS, TK, TS));
    s.base_url = Some(base_url.to_string());
    s.apis = apis.to_vec();
    s.timeout = timeout;
    s
}

/// Runs the test, checks no fixture secret leaked into the report or the events, and that the run
/// ended within `bound`.
async fn run(s: &Settings, bound: Duration) -> Report {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let t = Instant::now();
    let report = run_checks(s, tx, CancellationToken::new()).await;
    let elapsed = t.elapsed();
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    assert_no_secrets(&serde_json::to_string(&report).unwrap());
    assert_no_secrets(&format!("{events:?}"));
    // (Checks reported only when they run, such as the consumer-only probe, come on top.)
    let planned = report
        .checks
        .iter()
        .filter(|c| !c.id.only_when_run())
        .count();
    assert_eq!(planned, 10, "every check is reported");
    eprintln!(
        "first diagnosis {:?} after {elapsed:?} (bound {bound:?})",
        first_code(&report)
    );
    assert!(elapsed < bound, "took {elapsed:?}, bound {bound:?}");
    report
}

/// Answers everything like [`healthy`] except the REST login, which `bad` serves.
async fn healthy_except_login<F, Fut>(bad: F) -> Server
where
    F: Fn(TcpStream) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    start_raw(move |stream, req| {
        let bad = bad.clone();
        async move {
            if req.route() == SERVER_TIME {
                bad(stream).await;
            } else {
                write_healthy(stream, &req).await;
            }
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_in_the_middle_of_the_body_is_a_broken_connection() {
    let server = healthy_except_login(|mut s: TcpStream| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"serverTime\":\"2025-")
            .await;
        let _ = s.flush().await;
        // Let the client read the head and the first bytes, then reset (RST, not FIN).
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = s.set_zero_linger();
        drop(s);
    })
    .await;
    let timeout = Duration::from_secs(5);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        Duration::from_secs(3),
    )
    .await;
    assert_eq!(first_code(&report), "unexpected-response", "{report:#?}");
    assert!(report.diagnoses[0].title.contains("broke off"));
    let login = check(&report, CheckId::RestLogin);
    assert_eq!(login.status, Status::Fail);
    assert_eq!(login.http_status, Some(200), "the head had arrived");
    assert!(
        login.details[0].contains("body broke off"),
        "{:?}",
        login.details
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_that_stops_halfway_times_out() {
    let server = healthy_except_login(|mut s: TcpStream| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"serverTime\":\"2025-")
            .await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let timeout = Duration::from_secs(1);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "timeout", "{report:#?}");
    let login = check(&report, CheckId::RestLogin);
    assert_eq!(login.http_status, Some(200));
    assert!(login.details[0].contains("body did not finish"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_chunked_body_is_cut_at_the_cap() {
    let written = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let w = written.clone();
    let server = healthy_except_login(move |mut s: TcpStream| {
        let w = w.clone();
        async move {
            if s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"serverTime\":\"2\r\n").await.is_err() {
                return;
            }
            let mut chunk = format!("{:x}\r\n", 32 * 1024).into_bytes();
            chunk.extend(std::iter::repeat_n(b'0', 32 * 1024));
            chunk.extend_from_slice(b"\r\n");
            while s.write_all(&chunk).await.is_ok() {
                if w.fetch_add(chunk.len() as u64, Ordering::Relaxed) > 400 << 20 {
                    return;
                }
            }
        }
    })
    .await;
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], Duration::from_secs(5)),
        Duration::from_secs(3),
    )
    .await;
    assert_eq!(first_code(&report), "unexpected-response", "{report:#?}");
    let login = check(&report, CheckId::RestLogin);
    assert!(
        login.details.iter().any(|d| d.contains("truncated JSON")),
        "{login:?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let n = written.load(Ordering::Relaxed);
    assert!(
        n < 50 << 20,
        "the client read on: the server wrote {n} bytes"
    );
}

/// A server that writes `garbage` at once to every connection, whatever arrives, then closes.
async fn garbage_server(garbage: &'static [u8]) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = s.write_all(garbage).await;
                let _ = s.shutdown().await;
                tokio::time::sleep(Duration::from_millis(500)).await;
            });
        }
    });
    addr
}

const GARBAGE: &[u8] =
    b"\x00\xff\x13\x37SSH-2.0-OpenSSH_9.6\r\n\x16\x03\x01garbage\xfe\xfe\r\n\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_to_a_port_that_speaks_garbage_is_a_tls_failure() {
    let addr = garbage_server(GARBAGE).await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&format!("https://{addr}"), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(
        first_code(&report),
        "tls-failure",
        "{:#?}",
        report.diagnoses
    );
    assert!(report.diagnoses[0].title.contains(&addr.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_to_a_silent_port_times_out() {
    // Accepts the TCP connection, never answers the ClientHello.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(60)).await;
                drop(s);
            });
        }
    });
    let timeout = Duration::from_secs(1);
    let report = run(
        &settings(&format!("https://{addr}"), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "timeout", "{:#?}", report.diagnoses);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_a_port_that_speaks_garbage_is_an_unexpected_response() {
    let addr = garbage_server(GARBAGE).await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&format!("http://{addr}"), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(
        first_code(&report),
        "unexpected-response",
        "{:#?}",
        report.diagnoses
    );
    assert!(report.diagnoses[0].title.contains("broke off"));
    // The garbage itself is not echoed raw (control bytes) into the report.
    let text = serde_json::to_string(&report).unwrap();
    assert!(!text.contains('\u{0}'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_loop_is_not_followed_but_diagnosed_as_the_wrong_host() {
    // Every request is answered 302 to itself: a client following redirects would loop.
    let server = start(|req| {
        let location = format!("http://127.0.0.1{}", req.path);
        http(302, &[("Location", location.as_str())], b"")
    })
    .await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest, Api::Restlet], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "wrong-host", "{report:#?}");
    let login = check(&report, CheckId::RestLogin);
    assert_eq!(login.http_status, Some(302));
    assert_eq!(login.status, Status::Fail);
    // One request per probe: lookup, reachability HEAD, REST login, RESTlet tokeninfo.
    let n = server.requests().len();
    assert!(n <= 5, "{n} requests: a redirect was followed");
    // A 302 is not a failed login: no lockout budget was spent on it.
    assert_eq!(
        check(&report, CheckId::RestletTokeninfo).http_status,
        Some(302)
    );
}

fn with_date(reply: Reply, date: &str) -> Reply {
    let Reply::Bytes(b) = reply else {
        return reply;
    };
    let text = String::from_utf8_lossy(&b).into_owned();
    // Replace an existing Date header, or add one after the status line.
    let head_end = text.find("\r\n\r\n").unwrap();
    let (head, body) = text.split_at(head_end);
    let mut lines: Vec<String> = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
        .map(str::to_string)
        .collect();
    lines.insert(1, format!("Date: {date}"));
    Reply::Bytes(format!("{}{body}", lines.join("\r\n")).into_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_from_1970_does_not_blame_the_local_clock() {
    const EPOCH: &str = "Thu, 01 Jan 1970 00:00:00 GMT";
    let server = start(|req| with_date(healthy(req), EPOCH)).await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert!(report.ok, "{report:#?}");
    assert_eq!(first_code(&report), "<none>");
    let clock = check(&report, CheckId::Clock);
    assert_eq!(clock.status, Status::Warn);
    assert!(
        clock.summary.contains("not a plausible time") && clock.summary.contains("1970"),
        "{}",
        clock.summary
    );
    assert_eq!(check(&report, CheckId::RestLogin).status, Status::Pass);

    // With every login refused, the real problem leads; a 1970 clock would have blocked signing.
    let server = start(|req| {
        let reply = if req.route() == SERVER_TIME {
            json(401, REST_401)
        } else if req.route() == "/rest/tokeninfo" {
            json(401, RESTLET_401)
        } else {
            healthy(req)
        };
        with_date(reply, EPOCH)
    })
    .await;
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "invalid-login", "{report:#?}");
    assert!(!report.diagnoses.iter().any(|d| d.code == "clock-skew"));
    assert!(server.signed_count() >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unparseable_date_is_ignored() {
    let server = start(|req| {
        let reply = if req.route() == SERVER_TIME {
            json(401, REST_401)
        } else if req.route() == "/rest/tokeninfo" {
            json(401, RESTLET_401)
        } else {
            healthy(req)
        };
        with_date(reply, "yesterday, around teatime \u{1F375}")
    })
    .await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "invalid-login", "{report:#?}");
    let clock = check(&report, CheckId::Clock);
    assert_eq!(clock.status, Status::Skip);
    assert!(clock.summary.contains("no usable Date header"));

    let server = start(|req| with_date(healthy(req), "Mon, 99 Foo 20x5 25:61:61 GMT")).await;
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert!(report.ok, "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_with_ten_thousand_headers_is_refused_cleanly() {
    let server = healthy_except_login(|mut s: TcpStream| async move {
        let mut head =
            String::from("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n");
        for i in 0..10_000 {
            head.push_str(&format!("X-Filler-{i}: {i}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\n\r\n{REST_401}",
            REST_401.len()
        ));
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.shutdown().await;
    })
    .await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "unexpected-response", "{report:#?}");
    let login = check(&report, CheckId::RestLogin);
    assert_eq!(login.status, Status::Fail);
    assert!(
        login.details[0].len() <= 300,
        "detail kept short: {}",
        login.details[0].len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_megabyte_header_line_is_refused_cleanly() {
    let server = healthy_except_login(|mut s: TcpStream| async move {
        let mut head =
            String::from("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: OAuth realm=\"");
        head.push_str(&"x".repeat(1 << 20));
        head.push_str(&format!(
            "\"\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{REST_401}",
            REST_401.len()
        ));
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.shutdown().await;
    })
    .await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "unexpected-response", "{report:#?}");
    let text = serde_json::to_string(&report).unwrap();
    assert!(
        text.len() < 64 * 1024,
        "report grew to {} bytes",
        text.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_and_huge_json_bodies_are_unexpected_responses() {
    let deep50 = format!(
        "{}{}",
        "{\"a\":".repeat(50),
        "1".to_string() + &"}".repeat(50)
    );
    let deep5000 = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let huge_number = format!("{{\"serverTime\":{}}}", "9".repeat(200_000));
    let huge_exponent =
        r#"{"serverTime":1e999999999,"o:errorDetails":[{"o:errorCode":-1e-999999}]}"#.to_string();
    for body in [deep50, deep5000, huge_number, huge_exponent] {
        let b = body.clone();
        let server = start(move |req| {
            if req.route() == SERVER_TIME {
                json(200, &b)
            } else {
                healthy(req)
            }
        })
        .await;
        let timeout = Duration::from_secs(2);
        let report = run(
            &settings(&server.base_url(), &[Api::Rest], timeout),
            timeout + SLACK,
        )
        .await;
        assert_eq!(
            first_code(&report),
            "unexpected-response",
            "body starting {:?}: {report:#?}",
            &body[..body.len().min(40)]
        );
        assert_eq!(check(&report, CheckId::RestLogin).http_status, Some(200));
    }

    // The same depth on a 401 still reads as a refused login (the status decides).
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let server = start(move |req| match req.route() {
        SERVER_TIME => json(401, &deep),
        "/rest/tokeninfo" => json(401, RESTLET_401),
        _ => healthy(req),
    })
    .await;
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], Duration::from_secs(2)),
        Duration::from_secs(2) + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "invalid-login", "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_raw_server_helper_serves_a_healthy_run() {
    // The helper the tests above build on passes a healthy run, so their failures are the faults'.
    let server = start_raw(|s, req| async move { write_healthy(s, &req).await }).await;
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], Duration::from_secs(2)),
        Duration::from_secs(3),
    )
    .await;
    assert!(report.ok, "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permission_message_with_unicode_case_folding_does_not_crash() {
    // "İ" lowercases to 3 bytes from 2: the permission name extractor once sliced mid-character.
    let server = start(|req| match req.route() {
        "/services/rest/query/v1/suiteql" => json(
            403,
            r#"{"o:errorDetails":[{"detail":"İPermission Violation: you need the ‘SuiteAnalytics Workbook’ permission.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#,
        ),
        _ => healthy(req),
    })
    .await;
    let timeout = Duration::from_secs(2);
    let report = run(
        &settings(&server.base_url(), &[Api::Rest], timeout),
        timeout + SLACK,
    )
    .await;
    assert_eq!(first_code(&report), "permission-missing", "{report:#?}");
    assert!(
        report.diagnoses[0]
            .title
            .contains("SuiteAnalytics Workbook")
    );
}
