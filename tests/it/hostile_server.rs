//! A hostile server on loopback against every path that shows server text, and hostile local
//! processes against the flow's callback server: terminal escapes, echoed credentials (whole and
//! cut at the excerpt limit), Markdown links, hostile token values, forged and idle callbacks, a
//! squatted [::1] port. Every server here listens on 127.0.0.1 (or [::1]) and every wait is
//! bounded.

use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use nstba::authflow::three_legged::{FlowClient, FlowFailure, FlowSettings};
use nstba::emulator::demo;
use nstba::netsuite::flow::FlowError;
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;

/// Terminal attacks: window title, clear screen, CR overwrite, bidi override, OSC 8 link.
const ESCAPES: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\rFAKE OK\u{202e}gnp.exe\u{1b}]8;;https://evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\";

/// What the hostile server answers: status and body for a request (method, path, headers).
type Answer = Arc<dyn Fn(&str, &str, &HeaderMap) -> (u16, String) + Send + Sync>;

/// Starts the hostile server on 127.0.0.1; returns its origin.
async fn hostile(answer: Answer) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let answer = answer.clone();
        async move {
            let (status, body) = answer(req.method().as_str(), req.uri().path(), req.headers());
            (StatusCode::from_u16(status).unwrap(), body)
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn auth(h: &HeaderMap) -> String {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Every credential of the demo set (the values the hostile server may echo).
fn secrets() -> Vec<String> {
    demo::credentials()
        .fields()
        .iter()
        .map(|s| s.expose().to_string())
        .collect()
}

/// Fails when `text` holds any 8 consecutive characters of a credential or a dangerous character.
fn assert_clean(what: &str, text: &str) {
    for s in secrets() {
        for i in 0..=s.len() - 8 {
            assert!(
                !text.contains(&s[i..i + 8]),
                "{what}: a credential fragment {:?} leaked:\n{text}",
                &s[i..i + 8]
            );
        }
    }
    for bad in ['\u{1b}', '\r', '\u{202e}', '\u{7}', '\u{9b}'] {
        assert!(
            !text.contains(bad),
            "{what}: {bad:?} reached the output:\n{text:?}"
        );
    }
}

fn nstba() -> Command {
    let c = demo::credentials();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nstba"));
    cmd.env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", c.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", c.token_secret.expose())
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .stdin(Stdio::null());
    cmd
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn both(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A body that echoes the request's Authorization header after `pad` characters, so that an
/// excerpt cut at 200 characters ends inside a credential; plus escapes and Markdown.
fn echo_body(h: &HeaderMap, pad: usize) -> String {
    format!(
        "{} [click](https://evil.example) ![x](https://evil.example/p.png) {ESCAPES} {}",
        "e".repeat(pad),
        auth(h)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_errors_never_show_escapes_or_echoed_credentials() {
    // Cut at every offset around the consumer key so an excerpt ends inside it.
    for pad in [0, 40, 110, 150, 180] {
        for json in [false, true] {
            let base = hostile(Arc::new(move |_, _, h| {
                let text = echo_body(h, pad);
                let body = if json {
                    serde_json::json!({"error": {"code": "X", "message": text}}).to_string()
                } else {
                    text
                };
                (401, body)
            }))
            .await;
            let mut cmd = nstba();
            cmd.args([
                "token",
                "request",
                "--no-browser",
                "--print-secret",
                "--timeout",
                "5",
                "--base-url",
                &base,
            ]);
            let out = run(cmd).await;
            assert_eq!(out.status.code(), Some(1), "{}", both(&out));
            assert_clean(&format!("token request pad {pad} json {json}"), &both(&out));

            let mut cmd = nstba();
            cmd.args(["token", "revoke", "--base-url", &base]);
            let out = run(cmd).await;
            assert_eq!(out.status.code(), Some(1), "{}", both(&out));
            assert_clean(&format!("token revoke pad {pad}"), &both(&out));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_and_report_never_show_an_echoed_credential_even_cut() {
    for pad in [0, 30, 90, 140] {
        let base = hostile(Arc::new(move |_, path, h| {
            if path.contains("datacenterurls") {
                return (200, "{}".into());
            }
            (401, echo_body(h, pad))
        }))
        .await;
        for args in [
            vec!["test", "--json", "--api", "rest,restlet"],
            vec!["test", "--api", "rest,restlet"],
            vec!["report", "--api", "rest,restlet"],
        ] {
            let mut cmd = nstba();
            cmd.args(&args)
                .args(["--timeout", "5", "--base-url", &base]);
            let out = run(cmd).await;
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", both(&out));
            let text = both(&out);
            assert_clean(&format!("{args:?} pad {pad}"), &text);
            if args[0] == "report" {
                // No live link or remote image from server text.
                assert!(!text.contains("[click]("), "{text}");
                assert!(!text.contains("![x]("), "{text}");
            }
        }
    }
}

fn client(base: &str, port: u16) -> FlowClient {
    let c = demo::credentials();
    FlowClient::new(FlowSettings {
        account: demo::ACCOUNT.into(),
        consumer_key: c.consumer_key.clone(),
        consumer_secret: c.consumer_secret.clone(),
        role: None,
        callback_port: port,
        timeout: Duration::from_secs(5),
        base_url: Some(base.to_string()),
    })
    .unwrap()
}

/// A flow server that issues request token `rt` and then answers step three with `access`.
async fn flow_server(access: &'static str) -> String {
    hostile(Arc::new(move |_, path, _| {
        if path.ends_with("/requesttoken") {
            (
                200,
                "oauth_token=rt0123456789&oauth_token_secret=rts0123456789&oauth_callback_confirmed=true\n"
                    .into(),
            )
        } else if path.ends_with("/accesstoken") {
            (200, access.into())
        } else {
            (404, String::new())
        }
    }))
    .await
}

fn state_of(authorize_url: &str) -> String {
    authorize_url
        .split("state=")
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

async fn get(url: String) -> u16 {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .no_proxy()
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_token_values_are_neither_shown_nor_kept() {
    for access in [
        "oauth_token=id%0A%1B%5B2Jevil&oauth_token_secret=abcdef0123",
        "oauth_token=abcdef0123&oauth_token_secret=x%27%3B%20touch%20%2Ftmp%2Fp%3B%0Aexport%20EVIL%3D1",
    ] {
        let base = flow_server(access).await;
        let client = client(&base, 0);
        let pending = client.start().await.unwrap();
        let cb = format!(
            "http://127.0.0.1:{}/?oauth_token=rt0123456789&oauth_verifier=v123&state={}",
            pending.port(),
            state_of(&pending.authorize_url)
        );
        let never = CancellationToken::new();
        let (authorized, status) =
            tokio::join!(pending.wait(Duration::from_secs(5), None, &never), get(cb));
        assert_eq!(status, 200);
        let err = client
            .finish(&pending, &authorized.unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(err, FlowFailure::Flow(FlowError::BadTokenValue(_))),
            "{err}"
        );
        assert_clean("bad token message", &err.to_string());
        assert!(!err.to_string().contains("EVIL"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_slow_and_forged_callbacks_neither_stop_nor_delay_the_flow() {
    let base = flow_server("oauth_token=abcdef0123&oauth_token_secret=abcdef4567").await;
    let client = client(&base, 0);
    let pending = client.start().await.unwrap();
    let port = pending.port();
    // Idle connections, slow request heads and forged redirects from "other local processes".
    let mut idle = Vec::new();
    for i in 0..20 {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        if i % 2 == 0 {
            s.write_all(b"GET /?state=").await.unwrap();
        }
        idle.push(s);
    }
    for forged in [
        format!("http://127.0.0.1:{port}/?state=x"),
        format!("http://127.0.0.1:{port}/?state=x&oauth_token=rt0123456789&oauth_verifier=v"),
        format!("http://[::1]:{port}/?oauth_token=other&state=y"),
    ] {
        assert_eq!(get(forged).await, 400);
    }
    assert_eq!(
        get(format!("http://127.0.0.1:{port}/favicon.ico")).await,
        404
    );
    let real = format!(
        "http://[::1]:{port}/?oauth_token=rt0123456789&oauth_verifier=v123&state={}",
        state_of(&pending.authorize_url)
    );
    let started = Instant::now();
    let never = CancellationToken::new();
    let (authorized, status) = tokio::join!(
        pending.wait(Duration::from_secs(10), None, &never),
        get(real)
    );
    assert_eq!(status, 200);
    let authorized = authorized.expect("the forged redirects did not end the flow");
    assert_eq!(authorized.verifier, "v123");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the real callback waited {:?} behind idle connections",
        started.elapsed()
    );
    drop(idle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_port_taken_on_ipv6_loopback_fails_the_flow() {
    // A squatter on [::1]:PORT would receive the browser's redirect to localhost:PORT.
    let squatter = match tokio::net::TcpListener::bind("[::1]:0").await {
        Ok(l) => l,
        Err(e) => panic!("this test needs IPv6 loopback ([::1]): {e}"),
    };
    let port = squatter.local_addr().unwrap().port();
    let base = flow_server("").await;
    let err = client(&base, port).start().await.unwrap_err();
    assert!(
        matches!(&err, FlowFailure::Callback(m) if m.contains("[::1]")),
        "{err}"
    );
}
