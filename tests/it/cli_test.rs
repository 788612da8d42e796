//! `nstba test` and `nstba explain` as a user runs them: exit codes, streaming text that fits 80
//! columns without colour when piped, the JSON document, usage errors, and no secret in any output.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::support::cli::{self, NstbaEnv};
use crate::support::fixtures::*;
use crate::support::raw_http::*;
use assert_cmd::Command;

fn nstba(args: &[&str], account: &str) -> Command {
    let mut cmd = cli::bin();
    cmd.args(args)
        .env_remove("NO_COLOR")
        .with_creds(account, [CK, CS, TK, TS])
        .timeout(Duration::from_secs(30));
    cmd
}

async fn output(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn texts(o: &Output) -> (String, String) {
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_no_secrets(&out);
    assert_no_secrets(&err);
    (out, err)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthy_text_run_exits_0_and_fits_80_columns() {
    let server = start(healthy).await;
    let url = server.base_url();
    let t = Instant::now();
    let o = output(nstba(
        &["test", "--base-url", &url, "--api", "rest,restlet,soap"],
        ACCOUNT,
    ))
    .await;
    let elapsed = t.elapsed();
    let (out, err) = texts(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("✓ REST login (serverTime)"), "{out}");
    assert!(out.contains("✓ SOAP login (getServerTime)"));
    assert!(out.contains("companyName: Demo Co"));
    assert!(out.contains("All checks passed"));
    assert!(!out.contains('\x1b'), "no colour when piped");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    eprintln!("nstba test (3 APIs) against a local server: {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_exactly_the_report() {
    let server = start(healthy).await;
    let url = server.base_url();
    let o = output(nstba(&["test", "--json", "--base-url", &url], ACCOUNT)).await;
    let (out, _) = texts(&o);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).expect("stdout is one JSON document");
    assert_eq!(v["account"], "1234567_SB1");
    assert_eq!(v["environment"], "sandbox");
    assert_eq!(v["ok"], true);
    assert_eq!(v["checks"].as_array().unwrap().len(), 10);
    assert_eq!(v["checks"][5]["id"], "rest-login");
    assert_eq!(v["checks"][8]["status"], "skip");
    assert!(v["diagnoses"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_login_exits_1_with_ranked_causes() {
    let server = start(|req| match req.route() {
        "/services/rest/system/v1/serverTime" => json(401, REST_401),
        "/rest/tokeninfo" => json(401, RESTLET_401),
        _ => healthy(req),
    })
    .await;
    let url = server.base_url();
    let o = output(nstba(&["test", "--base-url", &url], ACCOUNT)).await;
    let (out, _) = texts(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("✗ REST login (serverTime)"));
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("NetSuite rejected the login"));
    assert!(flat.contains("View Login Audit Trail"), "{out}");
    assert!(flat.contains("nstba explain"));
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }

    let o = output(nstba(&["test", "--json", "--base-url", &url], ACCOUNT)).await;
    let (out, _) = texts(&o);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnoses"][0]["code"], "invalid-login");
    assert_eq!(v["checks"][5]["http_status"], 401);
    assert_eq!(v["checks"][5]["error_code"], "INVALID_LOGIN");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2_with_one_line() {
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["test", "--api", "rest,graphql"], ACCOUNT, "--api"),
        (vec!["test", "--timeout", "0"], ACCOUNT, "--timeout"),
        (vec!["test", "--timeout=-3"], ACCOUNT, "--timeout"),
        (vec!["test", "--base-url", "ftp://x"], ACCOUNT, "--base-url"),
        (
            vec!["test", "--base-url", "http://x/some/path"],
            ACCOUNT,
            "--base-url",
        ),
        (vec!["test"], "12345_XX9", "account id"),
        (vec!["test", "--json"], "hello world", "account id"),
    ];
    for (args, account, needle) in cases {
        let o = output(nstba(&args, account)).await;
        let (out, err) = texts(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {out}{err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(out.is_empty());
    }
    // A credential pasted as the account id is refused without being echoed.
    let o = output(nstba(&["test"], TS)).await;
    let (_, err) = texts(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("consumer key or token"), "{err}");
    assert!(!err.contains(&TS[..20]), "{err}");
    // A missing credential names the variable.
    let mut cmd = nstba(&["test"], ACCOUNT);
    cmd.env_remove("NETSUITE_TOKEN_SECRET");
    let o = output(cmd).await;
    let (_, err) = texts(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("NETSUITE_TOKEN_SECRET"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_server_exits_1_quickly() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let t = Instant::now();
    let o = output(nstba(
        &["test", "--timeout", "1", "--base-url", &url],
        ACCOUNT,
    ))
    .await;
    let (out, _) = texts(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("connect-failure"), "{out}");
    assert!(t.elapsed() < Duration::from_secs(10));
}

#[test]
fn explain_codes_messages_and_unknown() {
    let run = |q: &[&str]| {
        let mut cmd = cli::bin();
        cmd.arg("explain").args(q);
        cmd.output().unwrap()
    };
    let o = run(&["InvalidSignature"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("InvalidSignature: The request was not signed correctly"));
    assert!(out.contains("Likely causes:") && out.contains("Fix:"));
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }

    let o = run(&["nonce-used"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("nonce_used"));

    let o = run(&["invalid or missing consumerKey"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&[
        "Login", "access", "has", "been", "disabled", "for", "this", "role",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Log in using Access Tokens"));

    let o = run(&["TotallyUnknownThing"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a known"));
    assert!(err.contains("InvalidSignature") && err.contains("token_rejected"));
    assert!(o.stdout.is_empty());
}
