//! The three-step authorization flow end to end against the emulator (loopback only): the
//! library client (`authflow::three_legged`) through every documented refusal, and the CLI
//! (`nstba token request/revoke`) from consent to a passing — then failing — `nstba test`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use nstba::Secret;
use nstba::authflow::three_legged::{FlowClient, FlowFailure, FlowSettings};
use nstba::check::{Api, Report, Settings, run_checks};
use nstba::emulator::model::AccountModel;
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, FlowErrors, Scenario, demo};
use nstba::netsuite::Credentials;
use nstba::netsuite::flow::FlowError;
use tokio_util::sync::CancellationToken;

async fn emulator_with(scenario: Scenario, model: Option<AccountModel>) -> Emulator {
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            latency: Some(Duration::ZERO),
            ..Default::default()
        },
        // These tests check the exact flow codes: the informative answer (default: generic).
        EmulatorOptions {
            model,
            flow_errors: FlowErrors::Specific,
            ..Default::default()
        },
    )
    .await
    .expect("emulator starts")
}

async fn emulator() -> Emulator {
    emulator_with(Scenario::Healthy, None).await
}

fn client(emu: &Emulator, consumer_secret: Option<&str>) -> FlowClient {
    let c = demo::credentials();
    FlowClient::new(FlowSettings {
        account: demo::ACCOUNT.into(),
        consumer_key: c.consumer_key.clone(),
        consumer_secret: consumer_secret
            .map(|s| Secret::new(s.to_string()))
            .unwrap_or(c.consumer_secret.clone()),
        role: None,
        callback_port: 0,
        timeout: Duration::from_secs(5),
        base_url: Some(emu.base_url()),
    })
    .expect("client")
}

/// A token nobody cancels (a `static` so `join!` can borrow it).
static NEVER: std::sync::LazyLock<CancellationToken> =
    std::sync::LazyLock::new(CancellationToken::new);

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// The "browser": opens the consent page with a decision (following the redirect to the
/// callback server).
async fn browse(url: String) -> Result<reqwest::Response, reqwest::Error> {
    http().get(url).send().await
}

fn details(emu: &Emulator) -> Vec<String> {
    emu.audit_trail()
        .into_iter()
        .filter_map(|e| e.detail)
        .collect()
}

async fn test_with(emu: &Emulator, token_id: &Secret, token_secret: &Secret) -> Report {
    let c = demo::credentials();
    let creds = Credentials::new(
        c.consumer_key.expose(),
        c.consumer_secret.expose(),
        token_id.expose(),
        token_secret.expose(),
    );
    let mut s = Settings::new(demo::ACCOUNT, creds);
    s.base_url = Some(emu.base_url());
    s.apis = vec![Api::Rest, Api::Restlet];
    s.timeout = Duration::from_secs(5);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    run_checks(&s, tx, CancellationToken::new()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allow_issues_a_working_token_that_revoke_kills_and_the_verifier_works_once() {
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.expect("step one");
    assert!(pending.callback_url.starts_with("http://localhost:"));
    assert!(pending.authorize_url.starts_with(&format!(
        "{}/app/login/secure/authorizetoken.nl?oauth_token=",
        emu.base_url()
    )));
    // A human sees Allow/Deny links on the page.
    let page = browse(pending.authorize_url.clone()).await.unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("decision=allow") && html.contains("decision=deny"),
        "{html}"
    );

    let (authorized, browser) = tokio::join!(
        pending.wait(Duration::from_secs(10), None, &NEVER),
        browse(format!("{}&decision=allow", pending.authorize_url)),
    );
    let authorized = authorized.expect("callback");
    let browser = browser.unwrap();
    assert_eq!(browser.status(), 200);
    assert!(
        browser
            .text()
            .await
            .unwrap()
            .contains("You can close this tab")
    );
    assert_eq!(authorized.company.as_deref(), Some(demo::ACCOUNT));
    assert!(authorized.role.is_some() && authorized.entity.is_some());

    let issued = client
        .finish(&pending, &authorized)
        .await
        .expect("step three");
    assert_eq!(issued.token_id.expose().len(), 64);
    assert!(!format!("{issued:?}").contains(issued.token_secret.expose()));

    // The verifier cannot be exchanged twice.
    let replay = client.finish(&pending, &authorized).await.unwrap_err();
    assert_eq!(replay.code(), Some("InvalidVerifier"), "{replay}");

    let report = test_with(&emu, &issued.token_id, &issued.token_secret).await;
    assert!(report.ok, "{:?}", report.diagnoses);

    client
        .revoke(&issued.token_id, &issued.token_secret)
        .await
        .expect("revoke");
    let before = details(&emu)
        .iter()
        .filter(|d| *d == "token_rejected")
        .count();
    let report = test_with(&emu, &issued.token_id, &issued.token_secret).await;
    assert!(!report.ok);
    let after = details(&emu)
        .iter()
        .filter(|d| *d == "token_rejected")
        .count();
    assert!(after > before, "{:?}", details(&emu));
    // The demo token is untouched.
    let c = demo::credentials();
    assert!(test_with(&emu, &c.token_id, &c.token_secret).await.ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_is_reported_and_the_request_token_is_dead() {
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.unwrap();
    let (result, browser) = tokio::join!(
        pending.wait(Duration::from_secs(10), None, &NEVER),
        browse(format!("{}&decision=deny", pending.authorize_url)),
    );
    assert!(browser.unwrap().text().await.unwrap().contains("denied"));
    assert!(matches!(
        result.unwrap_err(),
        FlowFailure::Flow(FlowError::Denied)
    ));
    // Allowing afterwards is no longer possible.
    let again = browse(format!("{}&decision=allow", pending.authorize_url))
        .await
        .unwrap();
    assert_eq!(again.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_redirect_url_completes_the_flow() {
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.unwrap();
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = no_follow
        .get(format!("{}&decision=allow", pending.authorize_url))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&pending.callback_url));
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tx.send(format!("  {location}\n")).await.unwrap();
    let authorized = pending
        .wait(Duration::from_secs(5), Some(rx), &CancellationToken::new())
        .await
        .unwrap();
    let issued = client.finish(&pending, &authorized).await.unwrap();
    assert!(
        test_with(&emu, &issued.token_id, &issued.token_secret)
            .await
            .ok
    );
}

/// A redirect with another `state` (any local process can send one) is answered with a 400 and
/// ignored: the flow goes on and the real redirect still completes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_with_another_state_is_refused_and_ignored() {
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.unwrap();
    let port = pending.port();
    let token = pending.request_token.token.clone();
    let real = pending.authorize_url.clone();
    let (result, ()) = tokio::join!(pending.wait(Duration::from_secs(10), None, &NEVER), async {
        for forged in [
            format!("http://127.0.0.1:{port}/?state=x&oauth_token={token}&oauth_verifier=z"),
            format!("http://127.0.0.1:{port}/?state=x"),
        ] {
            assert_eq!(browse(forged).await.unwrap().status(), 400);
        }
        let ok = browse(format!("{real}&decision=allow")).await.unwrap();
        assert_eq!(ok.status(), 200);
    },);
    let authorized = result.expect("the forged redirects did not end the flow");
    assert!(client.finish(&pending, &authorized).await.is_ok());

    // A consent page redirecting with a foreign state is refused the same way: no early end.
    let pending = client.start().await.unwrap();
    let (base, _) = pending.authorize_url.split_once("&state=").unwrap();
    let forged = format!("{base}&state=someoneElse&decision=allow");
    let (result, browser) = tokio::join!(
        pending.wait(Duration::from_millis(800), None, &NEVER),
        browse(forged),
    );
    assert_eq!(browser.unwrap().status(), 400);
    assert!(matches!(result.unwrap_err(), FlowFailure::TimedOut(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unrelated_requests_do_not_end_the_wait_and_the_wait_times_out() {
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.unwrap();
    let favicon = format!("http://127.0.0.1:{}/favicon.ico", pending.port());
    let started = std::time::Instant::now();
    let (result, fav) = tokio::join!(
        pending.wait(Duration::from_millis(400), None, &NEVER),
        browse(favicon),
    );
    assert_eq!(fav.unwrap().status(), 404);
    assert!(matches!(result.unwrap_err(), FlowFailure::TimedOut(_)));
    // A 0.4 s wait: ended by its own timeout, not by the unrelated request or a hang.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_one_refusals_carry_the_documented_codes() {
    // Callback not allowed by the record.
    let mut model = AccountModel::preset(Scenario::Healthy);
    model.integrations[0].callback_url = Some("https://app.example.com/callback".into());
    let emu = emulator_with(Scenario::Healthy, Some(model)).await;
    let err = client(&emu, None).start().await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidCallback"), "{err}");
    assert!(details(&emu).contains(&"InvalidCallback".to_string()));

    // TBA: Authorization Flow not ticked.
    let mut model = AccountModel::preset(Scenario::Healthy);
    model.integrations[0].tba_authorization_flow = false;
    let emu = emulator_with(Scenario::Healthy, Some(model)).await;
    let err = client(&emu, None).start().await.unwrap_err();
    assert_eq!(err.code(), Some("AuthorizationFlowRequired"), "{err}");

    // Blocked record.
    let emu = emulator_with(Scenario::IntegrationBlocked, None).await;
    let err = client(&emu, None).start().await.unwrap_err();
    assert_eq!(err.code(), Some("IntegrationBlocked"), "{err}");
    assert_eq!(details(&emu), vec!["IntegrationBlocked".to_string()]);

    // Unknown consumer key.
    let emu = emulator_with(Scenario::AccountNotFound, None).await;
    let err = client(&emu, None).start().await.unwrap_err();
    assert_eq!(err.code(), Some("UnknownIntegration"), "{err}");

    // Wrong consumer secret.
    let emu = emulator().await;
    let err = client(&emu, Some(&"ab".repeat(32)))
        .start()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignature"), "{err}");
}

// ---- CLI ----

fn nstba() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nstba"));
    let creds = demo::credentials();
    c.env_remove("NETSUITE_TOKEN_ID")
        .env_remove("NETSUITE_TOKEN_SECRET")
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", creds.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", creds.consumer_secret.expose())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// Runs `nstba token request ARGS --base-url EMU`, clicks Allow like a browser, returns the output.
async fn cli_flow(emu: &Emulator, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    cli_flow_with(emu, args, env, false).await
}

/// [`cli_flow`]; with `paste`, the redirect is not followed: its address is typed on stdin.
async fn cli_flow_with(
    emu: &Emulator,
    args: &[&str],
    env: &[(&str, &str)],
    paste: bool,
) -> std::process::Output {
    let base = emu.base_url();
    let mut cmd = nstba();
    cmd.args([
        "token",
        "request",
        "--no-browser",
        "--timeout",
        "20",
        "--base-url",
        &base,
    ])
    .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(if paste { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // Read stderr on a thread to the end (the child keeps writing after the URL).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let l = line.trim();
            if l.starts_with("http") && l.contains("authorizetoken.nl") {
                let _ = tx.send(l.to_string());
            }
        }
    });
    let url = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the authorize URL is printed");
    if paste {
        let no_follow = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let resp = no_follow
            .get(format!("{url}&decision=allow"))
            .send()
            .await
            .unwrap();
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        let mut stdin = child.stdin.take().unwrap();
        use std::io::Write;
        writeln!(stdin, "{location}").unwrap();
    } else {
        let resp = browse(format!("{url}&decision=allow")).await.unwrap();
        assert_eq!(resp.status(), 200);
    }
    tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_token_request_then_test_then_revoke() {
    let emu = emulator().await;
    let base = emu.base_url();
    let out = cli_flow(&emu, &["--print-secret"], &[]).await;
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let get = |k: &str| {
        stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!("export {k}='"))
                    .and_then(|v| v.strip_suffix('\''))
            })
            .unwrap_or_else(|| panic!("{k} in {stdout}"))
            .to_string()
    };
    let (id, secret) = (get("NETSUITE_TOKEN_ID"), get("NETSUITE_TOKEN_SECRET"));
    assert!(stdout.contains(&format!("Token secret: …{}", &secret[60..])));

    let run = |args: &[&str]| {
        let mut c = nstba();
        c.env("NETSUITE_TOKEN_ID", &id)
            .env("NETSUITE_TOKEN_SECRET", &secret)
            .args(args);
        c
    };
    let test = run(&["test", "--api", "rest,restlet", "--base-url", &base]);
    let revoke = run(&["token", "revoke", "--base-url", &base]);
    let test2 = run(&["test", "--api", "rest", "--base-url", &base]);
    let (ok, revoked, failed) = tokio::task::spawn_blocking(move || {
        let mut test = test;
        let mut revoke = revoke;
        let mut test2 = test2;
        (
            test.output().unwrap(),
            revoke.output().unwrap(),
            test2.output().unwrap(),
        )
    })
    .await
    .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert_eq!(
        revoked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    assert!(!String::from_utf8_lossy(&revoked.stdout).contains(&secret));
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        emu.audit_trail()
            .iter()
            .rev()
            .find(|e| !e.success)
            .and_then(|e| e.detail.clone())
            .as_deref(),
        Some("token_rejected")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_token_request_saves_a_profile_without_showing_the_secret() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().to_str().unwrap().to_string();
    let cfg2 = cfg.clone();
    let env = [
        ("NSTBA_CONFIG_DIR", cfg.as_str()),
        ("NSTBA_SECRET_STORE", "file"),
    ];
    let out = cli_flow(&emu, &["--profile", "flowtest"], &env).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stdout.contains("Saved to profile \"flowtest\""), "{stdout}");
    let id = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Token ID: "))
        .expect("token id printed")
        .to_string();
    // Without --print-secret even the token id shows only its last 4 characters.
    assert!(id.starts_with('…') && id.chars().count() == 5, "{id}");
    for text in [&stdout, &stderr] {
        for word in text.split(|c: char| !c.is_ascii_hexdigit()) {
            assert!(word.len() < 16, "a credential leaked: {text}");
        }
    }
    // The saved profile works for `nstba test --profile`.
    let base = emu.base_url();
    let test = tokio::task::spawn_blocking(move || {
        let mut c = nstba();
        c.env_remove("NETSUITE_ACCOUNT_ID")
            .env_remove("NETSUITE_CONSUMER_KEY")
            .env_remove("NETSUITE_CONSUMER_SECRET")
            .env("NSTBA_CONFIG_DIR", &cfg)
            .env("NSTBA_SECRET_STORE", "file")
            .args(["test", "--profile", "flowtest", "--base-url", &base])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        test.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    let profiles = std::fs::read_to_string(dir.path().join("profiles.toml")).unwrap_or_default();
    assert!(profiles.contains("flowtest"), "{profiles}");

    // A second request takes the account and consumer from the profile and replaces its token.
    let env2 = [
        ("NSTBA_CONFIG_DIR", cfg2.as_str()),
        ("NSTBA_SECRET_STORE", "file"),
        ("NETSUITE_ACCOUNT_ID", ""),
        ("NETSUITE_CONSUMER_KEY", ""),
        ("NETSUITE_CONSUMER_SECRET", ""),
    ];
    let out = cli_flow(&emu, &["--profile", "flowtest"], &env2).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let id2 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Token ID: "))
        .expect("token id printed");
    assert_ne!(id2, id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_token_request_accepts_a_pasted_redirect() {
    let emu = emulator().await;
    let out = cli_flow_with(&emu, &["--print-secret"], &[], true).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("export NETSUITE_TOKEN_SECRET='"),
        "{stdout}"
    );
    // The callback server never saw the browser: the pasted address did it.
    assert!(
        emu.audit_trail()
            .iter()
            .any(|e| e.path == "/rest/accesstoken" && e.success)
    );
}

#[test]
fn cli_refuses_to_issue_a_token_it_cannot_keep_and_explains_flow_errors() {
    let out = nstba()
        .args(["token", "request", "--no-browser"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--profile"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut model = AccountModel::preset(Scenario::Healthy);
    model.integrations[0].tba_authorization_flow = false;
    let emu = rt.block_on(emulator_with(Scenario::Healthy, Some(model)));
    let base = emu.base_url();
    let out = rt.block_on(async move {
        tokio::task::spawn_blocking(move || {
            nstba()
                .args([
                    "token",
                    "request",
                    "--no-browser",
                    "--print-secret",
                    "--base-url",
                    &base,
                ])
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    });
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("AuthorizationFlowRequired"), "{err}");
    assert!(err.contains("TBA: Authorization Flow"), "{err}");
    drop(emu);

    let mut model = AccountModel::preset(Scenario::Healthy);
    model.integrations[0].callback_url = Some("https://app.example.com/cb".into());
    let emu = rt.block_on(emulator_with(Scenario::Healthy, Some(model)));
    let base = emu.base_url();
    let out = rt.block_on(async move {
        tokio::task::spawn_blocking(move || {
            nstba()
                .args(["token", "request", "--no-browser", "--print-secret"])
                .args(["--callback-port", "0", "--base-url", &base])
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    });
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("InvalidCallback"), "{err}");
    assert!(
        err.contains("Callback URL to http://localhost:PORT"),
        "{err}"
    );
    assert!(err.contains("--callback-port PORT"), "{err}");
    drop(emu);
}

// ---- emulator protocol details, with the core builders ----

async fn send(r: &nstba::netsuite::flow::FlowRequest) -> (u16, String) {
    let method = if r.method == "GET" {
        reqwest::Method::GET
    } else {
        reqwest::Method::POST
    };
    let resp = http()
        .request(method, &r.url)
        .header("Authorization", &r.authorization)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_checks_nonce_replay_request_secret_and_verifier() {
    use nstba::netsuite::flow::{self, Consumer};
    let emu = emulator().await;
    let base = emu.base_url();
    let c = demo::credentials();
    let ts = nstba::netsuite::oauth::timestamp_now();
    let mut consumer = Consumer::new(c.consumer_key.expose(), c.consumer_secret.expose());
    consumer.nonce = Some("fixedNonce12345");
    consumer.timestamp = Some(&ts);
    let step_one =
        flow::request_token_request(&base, &consumer, "http://localhost:9/cb", None).unwrap();
    let (status, body) = send(&step_one).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.ends_with('\n'));
    let rt = flow::parse_request_token(&body).unwrap();
    // The same signed request again is a replay.
    let (status, body) = send(&step_one).await;
    assert_eq!(flow::parse_error(status, &body).code(), Some("NonceUsed"));

    // Authorize without following the redirect; read the verifier from Location.
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = flow::authorize_url(&base, &rt.token, "abc123");
    let resp = no_follow
        .get(format!("{url}&decision=allow"))
        .send()
        .await
        .unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("http://localhost:9/cb?oauth_token="));
    let auth = flow::parse_callback(&location, "abc123", &rt.token).unwrap();

    let fresh = Consumer::new(c.consumer_key.expose(), c.consumer_secret.expose());
    // Signed with the wrong request-token secret.
    let r = flow::access_token_request(&base, &fresh, &rt.token, "wrong", &auth.verifier).unwrap();
    let (status, body) = send(&r).await;
    assert_eq!(
        flow::parse_error(status, &body).code(),
        Some("InvalidSignature")
    );
    // Wrong verifier.
    let r =
        flow::access_token_request(&base, &fresh, &rt.token, rt.secret.expose(), "nope").unwrap();
    let (status, body) = send(&r).await;
    assert_eq!(
        flow::parse_error(status, &body).code(),
        Some("InvalidVerifier")
    );
    // Unknown request token.
    let r = flow::access_token_request(&base, &fresh, "unknown", "x", &auth.verifier).unwrap();
    let (status, body) = send(&r).await;
    assert_eq!(
        flow::parse_error(status, &body).code(),
        Some("TokenRejected")
    );
    // The right one works, and the audit trail has every Detail.
    let r =
        flow::access_token_request(&base, &fresh, &rt.token, rt.secret.expose(), &auth.verifier)
            .unwrap();
    let (status, body) = send(&r).await;
    assert_eq!(status, 200, "{body}");
    flow::parse_access_token(&body).unwrap();
    let d = details(&emu);
    for code in [
        "NonceUsed",
        "InvalidSignature",
        "InvalidVerifier",
        "TokenRejected",
    ] {
        assert!(d.iter().any(|x| x == code), "{code} in {d:?}");
    }
    // Wrong method: an empty 405, which the client reads as "flow not supported".
    let resp = http()
        .get(format!("{base}/rest/requesttoken"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 405);
    assert_eq!(
        flow::parse_error(405, &resp.text().await.unwrap()),
        FlowError::FlowNotSupported
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(any(nstba_ci, nstba_ipv6)),
    ignore = "needs an IPv6 loopback ([::1]), not available at build time"
)]
async fn the_callback_also_answers_on_ipv6_loopback() {
    crate::support::prereq::require("an IPv6 loopback", crate::support::prereq::ipv6());
    let emu = emulator().await;
    let client = client(&emu, None);
    let pending = client.start().await.unwrap();
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = no_follow
        .get(format!("{}&decision=allow", pending.authorize_url))
        .send()
        .await
        .unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let v6 = location.replacen("localhost", "[::1]", 1);
    let (result, browser) = tokio::join!(
        pending.wait(Duration::from_secs(10), None, &NEVER),
        browse(v6),
    );
    assert_eq!(browser.unwrap().status(), 200);
    assert!(client.finish(&pending, &result.unwrap()).await.is_ok());
}
