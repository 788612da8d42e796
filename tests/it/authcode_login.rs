//! `nstba login` (authorization code + PKCE) end to end against the emulator: Allow and Deny, the
//! HTTPS loopback listener (hostile traffic ignored: garbage, idle connections, other paths, a
//! forged state), paste mode, the login saved as an `authcode` profile, a passing
//! `nstba test --profile` with Bearer, refresh with rotation (saved before use; two runs at
//! once), expiry → `refresh-token-expired`, revoke; and
//! the emulator's refusals with their Login Audit Trail Details. No refresh token, access token or
//! code ever shows in any output.

use nstba::check::Api;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use nstba::emulator::{Emulator, Scenario, demo};
use nstba::profile::{AuthcodeFacts, AuthcodeSecrets, Profile, ProfileStore, SecretStoreKind};
use serde_json::Value;

use crate::support::emulator::start;

pub(crate) const AUTHORIZE: &str = "/app/login/oauth2/authorize.nl";
pub(crate) const TOKEN: &str = "/services/rest/auth/oauth2/v1/token";
/// The emulator's access tokens start with this (base64url of `{"alg":"HS256"`).
pub(crate) const JWT_HEAD: &str = "eyJhbGciOiJIUzI1NiIs";

pub(crate) fn client_id() -> String {
    demo::credentials().consumer_key.expose().to_string()
}

/// A free loopback port (bound on both addresses, then released).
pub(crate) fn free_port() -> u16 {
    loop {
        let v4 = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = v4.local_addr().unwrap().port();
        if std::net::TcpListener::bind(("::1", port)).is_ok()
            || std::net::TcpListener::bind("[::1]:0").is_err()
        {
            return port;
        }
    }
}

pub(crate) fn no_follow() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_danger_accept_invalid_certs(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// `nstba` with only the login's environment (the profile store in `dir`).
pub(crate) fn nstba(dir: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_nstba"));
    c.env_clear()
        .env("NSTBA_CONFIG_DIR", dir)
        .env("NSTBA_SECRET_STORE", "file")
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CLIENT_ID", client_id())
        .env("NO_COLOR", "1");
    c
}

pub(crate) struct Login {
    pub(crate) child: Child,
    pub(crate) url: String,
    /// Gets the whole stderr once the process ends.
    stderr: std::sync::mpsc::Receiver<Result<String, String>>,
}

/// Starts `nstba login ARGS`, returns once the authorize URL is printed.
pub(crate) async fn start_login(dir: &std::path::Path, emu: &Emulator, args: &[&str]) -> Login {
    let mut child = nstba(dir)
        .arg("login")
        .args(["--base-url", &emu.base_url(), "--timeout", "20"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.trim().starts_with("http") && line.contains(AUTHORIZE) {
                let _ = tx.send(Ok(line.trim().to_string()));
            }
            all.push_str(&line);
            all.push('\n');
        }
        let _ = tx.send(Err(all));
    });
    let (url, rx) =
        tokio::task::spawn_blocking(move || (rx.recv_timeout(Duration::from_secs(30)), rx))
            .await
            .unwrap();
    let url = url
        .expect("nstba login printed something")
        .unwrap_or_else(|stderr| panic!("no authorize URL:\n{stderr}"));
    Login {
        child,
        url,
        stderr: rx,
    }
}

/// Clicks a consent button; the redirect address (not followed).
pub(crate) async fn consent(url: &str, decision: &str) -> String {
    let resp = no_follow()
        .get(format!("{url}&decision={decision}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        302,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    resp.headers()["location"].to_str().unwrap().to_string()
}

pub(crate) async fn finish(mut l: Login) -> (Output, String) {
    drop(l.child.stdin.take());
    let (out, stderr) = tokio::task::spawn_blocking(move || {
        let out = l.child.wait_with_output().unwrap();
        let stderr = loop {
            match l.stderr.recv_timeout(Duration::from_secs(10)) {
                Ok(Err(all)) => break all,
                Ok(Ok(_)) => {}
                Err(_) => break String::new(),
            }
        };
        (out, stderr)
    })
    .await
    .unwrap();
    let text = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    (out, text)
}

pub(crate) fn store(dir: &std::path::Path) -> ProfileStore {
    ProfileStore::open(dir.to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::File)
}

/// The saved authorization-code profile `name`, if there is one.
pub(crate) fn saved(
    dir: &std::path::Path,
    name: &str,
) -> Option<(Profile, AuthcodeFacts, AuthcodeSecrets)> {
    store(dir).load_authcode(name).ok()
}

pub(crate) fn refresh_of(dir: &std::path::Path, name: &str) -> String {
    let (_, _, secrets) = saved(dir, name).expect("the login is saved as an authcode profile");
    secrets.refresh_token.expose().to_string()
}

pub(crate) async fn run(mut cmd: std::process::Command) -> (Output, String) {
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

pub(crate) fn test_cmd(dir: &std::path::Path, emu: &Emulator) -> std::process::Command {
    let mut c = nstba(dir);
    // No --auth: the profile's kind says authcode.
    c.args(["test", "--json", "--profile", "p", "--api", "rest,restlet"])
        .args(["--base-url", &emu.base_url()])
        .stdin(Stdio::null());
    c
}

pub(crate) fn assert_hidden(text: &str, secrets: &[&str]) {
    assert!(!text.contains(JWT_HEAD), "an access token leaked:\n{text}");
    for s in secrets {
        assert!(!text.contains(s), "a secret leaked:\n{text}");
    }
}

/// Logs in through the listener (browser path) as profile `p`.
pub(crate) async fn login_allow(dir: &std::path::Path, emu: &Emulator) -> (Output, String, String) {
    let port = free_port();
    let l = start_login(
        dir,
        emu,
        &["--profile", "p", "--redirect-port", &port.to_string()],
    )
    .await;
    assert!(l.url.contains(&format!(
        "redirect_uri=https%3A%2F%2Flocalhost%3A{port}%2Fcallback"
    )));
    assert!(l.url.contains("code_challenge_method=S256"), "{}", l.url);
    assert!(
        l.url.contains("scope=rest_webservices%20restlets"),
        "{}",
        l.url
    );
    let location = consent(&l.url, "allow").await;
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .to_string();
    let page = no_follow().get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let (out, text) = finish(l).await;
    (out, text, code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allow_then_bearer_test_with_rotation_concurrent_refreshes_and_revoke() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let (out, text, code) = login_allow(dir.path(), &emu).await;
    assert!(out.status.success(), "{text}");
    assert!(text.contains("company 1234567_SB1"), "{text}");
    assert!(text.contains("self-signed"), "{text}");
    // The follow-up command goes where this login went.
    assert!(
        text.contains(&format!(
            "Test it: nstba test --profile p --base-url {}",
            emu.base_url()
        )),
        "{text}"
    );
    let r1 = refresh_of(dir.path(), "p");
    assert_hidden(&text, &[&r1, &code]);
    let (profile, facts, secrets) = saved(dir.path(), "p").unwrap();
    assert_eq!(profile.account, demo::ACCOUNT);
    assert_eq!(secrets.client_id.expose(), client_id());
    assert!(secrets.client_secret.is_none(), "a public client");
    assert_eq!(facts.company.as_deref(), Some(demo::ACCOUNT));
    assert!(facts.role.is_some() && facts.entity.is_some(), "{facts:?}");
    assert_eq!(facts.scopes, ["rest_webservices", "restlets"]);
    // The profile tests what the login's scopes allow, so `nstba test --profile p` needs no --api.
    assert_eq!(profile.apis, [Api::Rest, Api::Restlet]);
    assert!(facts.redirect_uri.starts_with("https://localhost:"));
    assert_eq!(facts.validity_hours, Some(48));
    assert!(
        !dir.path().join("authcode").exists(),
        "no grant file beside the profile store"
    );

    // A passing test with Bearer, the refresh token rotated and saved.
    let (out, text) = run(test_cmd(dir.path(), &emu)).await;
    assert!(out.status.success(), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["auth"], "authcode", "{v}");
    // A login's checks speak of what it holds: no certificate id, key or "four values".
    let check = |id: &str| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    assert!(
        check("credentials").contains("client id, refresh token and scopes present"),
        "{v}"
    );
    assert!(check("key").contains("refresh token valid until"), "{v}");
    assert!(!check("key").contains("NETSUITE_CERTIFICATE_FILE"), "{v}");
    assert!(
        !text.contains("could not read profile"),
        "a saved login is not a missing profile: {text}"
    );
    let r2 = refresh_of(dir.path(), "p");
    assert_ne!(r1, r2, "the public client's refresh token rotates");
    assert_hidden(&text, &[&r1, &r2]);

    // A contradicting --auth is a usage error naming both kinds.
    let mut wrong = nstba(dir.path());
    wrong
        .args(["test", "--profile", "p", "--auth", "m2m"])
        .args(["--base-url", &emu.base_url()]);
    let (out, text) = run(wrong).await;
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("--auth m2m") && text.contains("--auth authcode"),
        "{text}"
    );
    // `profile list`, `profile show` and `report --profile` know the kind; none shows a secret.
    let mut list = nstba(dir.path());
    list.args(["profile", "list"]);
    let (out, list_text) = run(list).await;
    assert!(out.status.success(), "{list_text}");
    assert!(list_text.contains("authcode"), "{list_text}");
    let mut show = nstba(dir.path());
    show.args(["profile", "show", "p"]);
    let (out, show_text) = run(show).await;
    assert!(out.status.success(), "{show_text}");
    assert!(show_text.contains("Role"), "{show_text}");
    let mut report = nstba(dir.path());
    report
        .args(["report", "--profile", "p", "--api", "rest"])
        .args(["--base-url", &emu.base_url()]);
    let (out, report_text) = run(report).await;
    assert!(out.status.success(), "{report_text}");
    let r3 = refresh_of(dir.path(), "p");
    assert_ne!(
        r2, r3,
        "the report's refresh rotated and saved the token too"
    );
    for t in [&list_text, &show_text, &report_text] {
        assert_hidden(t, &[&r1, &r2, &r3, &client_id()]);
    }

    // The spent token is refused by the emulator (single use).
    let spent = no_follow()
        .post(format!("{}{TOKEN}", emu.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r1),
            ("client_id", &client_id()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(spent.status(), 400);
    let body: Value = spent.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant", "{body}");
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("InvalidRefreshToken")
    );

    // Four runs at once: the profile's refresh lock serializes the refreshes, all pass, the
    // chain survives (without the lock, all but one present a spent token).
    let (a, b, c, d) = tokio::join!(
        run(test_cmd(dir.path(), &emu)),
        run(test_cmd(dir.path(), &emu)),
        run(test_cmd(dir.path(), &emu)),
        run(test_cmd(dir.path(), &emu))
    );
    for (out, text) in [a, b, c, d] {
        assert!(out.status.success(), "{text}");
    }
    let r4 = refresh_of(dir.path(), "p");
    let (out, text) = run(test_cmd(dir.path(), &emu)).await;
    assert!(out.status.success(), "{text}");
    assert_hidden(&text, &[&r4]);

    // Revoke: the saved login is gone and its refresh token is dead.
    let r5 = refresh_of(dir.path(), "p");
    let mut revoke = nstba(dir.path());
    revoke.args([
        "login",
        "--revoke",
        "--profile",
        "p",
        "--base-url",
        &emu.base_url(),
    ]);
    let (out, text) = run(revoke).await;
    assert!(out.status.success(), "{text}");
    assert_hidden(&text, &[&r5]);
    assert!(saved(dir.path(), "p").is_none());
    let dead = no_follow()
        .post(format!("{}{TOKEN}", emu.base_url()))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r5),
            ("client_id", &client_id()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(dead.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_ends_the_login_with_the_documented_detail() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let l = start_login(
        dir.path(),
        &emu,
        &["--profile", "p", "--redirect-port", &port.to_string()],
    )
    .await;
    let location = consent(&l.url, "deny").await;
    assert!(location.contains("error=access_denied"), "{location}");
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("AuthorizationExplicitlyDenied")
    );
    let page = no_follow().get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let (out, text) = finish(l).await;
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("denied"), "{text}");
    assert!(saved(dir.path(), "p").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_mode_ignores_a_forged_address_and_takes_the_real_one() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let mut l = start_login(dir.path(), &emu, &["--profile", "p", "--no-browser"]).await;
    assert!(
        l.url
            .contains("redirect_uri=https%3A%2F%2Flocalhost%3A8899%2Fcallback"),
        "{}",
        l.url
    );
    let location = consent(&l.url, "allow").await;
    let forged = format!(
        "https://localhost:8899/callback?state=forged-state-0123456789abcdef&code=evil&company={}",
        demo::ACCOUNT
    );
    let mut stdin = l.child.stdin.take().unwrap();
    writeln!(stdin, "{forged}").unwrap();
    writeln!(stdin, "{location}").unwrap();
    let (out, text) = finish(l).await;
    drop(stdin);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("not the answer to this login"), "{text}");
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .to_string();
    assert_hidden(&text, &[&code, &refresh_of(dir.path(), "p")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_traffic_on_the_listener_does_not_end_the_login() {
    use tokio::io::AsyncWriteExt;
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let l = start_login(
        dir.path(),
        &emu,
        &["--profile", "p", "--redirect-port", &port.to_string()],
    )
    .await;
    // An idle connection and one sending garbage instead of a TLS handshake.
    let _idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let mut garbage = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    garbage
        .write_all(b"GET / HTTP/1.1\r\n\r\n\x00\xff garbage")
        .await
        .unwrap();
    // Over TLS: another path, and a forged redirect with a wrong state.
    let base = format!("https://localhost:{port}");
    let other = no_follow()
        .get(format!("{base}/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    let forged = no_follow()
        .get(format!(
            "{base}/callback?state=forged-state-0123456789abcdef&code=evil"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    let location = consent(&l.url, "allow").await;
    assert_eq!(
        no_follow().get(&location).send().await.unwrap().status(),
        200
    );
    // A second delivery after the answer is turned away (410), unless the one-shot listener has
    // already closed with the login (then the connection is refused or cut).
    if let Ok(r) = no_follow().get(&location).send().await {
        assert_eq!(r.status(), 410);
    }
    let (out, text) = finish(l).await;
    assert!(out.status.success(), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_squatter_on_the_ipv6_loopback_stops_the_login() {
    let Ok(squatter) = std::net::TcpListener::bind("[::1]:0") else {
        return; // No IPv6 loopback here: nobody can squat on it either.
    };
    let port = squatter.local_addr().unwrap().port();
    if std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        return;
    }
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = nstba(dir.path());
    cmd.args([
        "login",
        "--profile",
        "p",
        "--redirect-port",
        &port.to_string(),
        "--base-url",
        &emu.base_url(),
    ])
    .stdin(Stdio::null());
    let (out, text) = run(cmd).await;
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("[::1]"), "{text}");
    drop(squatter);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_refresh_token_is_diagnosed_as_refresh_token_expired() {
    let emu = start(Scenario::AuthcodeRefreshExpired).await;
    let dir = tempfile::tempdir().unwrap();
    let (out, text, _) = login_allow(dir.path(), &emu).await;
    assert!(out.status.success(), "{text}");
    let r = refresh_of(dir.path(), "p");
    let (out, text) = run(test_cmd(dir.path(), &emu)).await;
    assert_eq!(out.status.code(), Some(1), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnoses"][0]["code"], "refresh-token-expired", "{v}");
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("RefreshTokenExpired")
    );
    assert_hidden(&text, &[&r]);
}

// ---- the emulator's refusals ----

pub(crate) fn authorize_url(emu: &Emulator, overrides: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("response_type", "code".to_string()),
        ("client_id", client_id()),
        ("redirect_uri", "https://localhost:8899/callback".into()),
        ("scope", "rest_webservices restlets".into()),
        ("state", "s".repeat(24)),
        (
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into(),
        ),
        ("code_challenge_method", "S256".into()),
    ];
    for (k, v) in overrides {
        params.retain(|(n, _)| n != k);
        if !v.is_empty() {
            params.push((k, v.to_string()));
        }
    }
    let mut u = url::Url::parse(&format!("{}{AUTHORIZE}", emu.base_url())).unwrap();
    u.query_pairs_mut().extend_pairs(params);
    u.to_string()
}

#[tokio::test]
async fn step_one_refusals_carry_their_details() {
    let emu = start(Scenario::Healthy).await;
    let detail = |emu: &Emulator| emu.audit_trail().last().and_then(|e| e.detail.clone());
    // No redirect for an unknown client or a redirect URI the record does not have.
    for (o, d) in [
        (("client_id", "nope"), "UnknownIntegration"),
        (
            ("redirect_uri", "http://localhost:8899/callback"),
            "InvalidRedirectURI",
        ),
    ] {
        let r = no_follow()
            .get(authorize_url(&emu, &[o]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{o:?}");
        assert_eq!(detail(&emu).as_deref(), Some(d));
    }
    for (o, error, d) in [
        (("state", "short"), "invalid_request", "InvalidState"),
        (
            ("response_type", "token"),
            "unsupported_response_type",
            "UnsupportedResponseType",
        ),
        (
            ("code_challenge_method", "plain"),
            "invalid_request",
            "InvalidRequest",
        ),
        (
            ("scope", "suite_analytics"),
            "invalid_scope",
            "ScopeMismatched",
        ),
    ] {
        let r = no_follow()
            .get(authorize_url(&emu, &[o]))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302, "{o:?}");
        let loc = r.headers()["location"].to_str().unwrap();
        assert!(loc.contains(&format!("error={error}")), "{o:?} {loc}");
        assert_eq!(detail(&emu).as_deref(), Some(d));
    }
}

#[tokio::test]
async fn the_code_needs_its_verifier_and_redirect_uri_and_works_once() {
    let emu = start(Scenario::Healthy).await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let token = |code: String,
                 verifier: &'static str,
                 redirect: &'static str,
                 auth: Option<(&'static str, &'static str)>| {
        let emu_url = format!("{}{TOKEN}", emu.base_url());
        async move {
            let mut form = vec![
                ("code", code),
                ("redirect_uri", redirect.to_string()),
                ("grant_type", "authorization_code".into()),
                ("code_verifier", verifier.into()),
            ];
            let mut req = no_follow().post(emu_url);
            match auth {
                Some((id, secret)) => req = req.basic_auth(id, Some(secret)),
                None => form.push(("client_id", client_id())),
            }
            let r = req.form(&form).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let code = || async {
        let loc = consent(&authorize_url(&emu, &[]), "allow").await;
        url::Url::parse(&loc)
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .to_string()
    };
    let detail = |emu: &Emulator| emu.audit_trail().last().and_then(|e| e.detail.clone());
    let wrong = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    assert_eq!(
        token(code().await, wrong, "https://localhost:8899/callback", None)
            .await
            .0,
        400
    );
    assert_eq!(detail(&emu).as_deref(), Some("InvalidCodeVerifier"));
    assert_eq!(
        token(
            code().await,
            verifier,
            "https://localhost:9999/callback",
            None
        )
        .await
        .0,
        400
    );
    assert_eq!(detail(&emu).as_deref(), Some("InvalidRedirectURI"));
    let c = code().await;
    let (status, body) = token(c.clone(), verifier, "https://localhost:8899/callback", None).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("refresh_token"));
    assert_eq!(
        token(c, verifier, "https://localhost:8899/callback", None)
            .await
            .0,
        400
    );
    assert_eq!(detail(&emu).as_deref(), Some("InvalidCode"));
    // A confidential client: Basic with the record's secret; a wrong secret is invalid_client.
    let creds = demo::credentials();
    let id: &'static str = Box::leak(creds.consumer_key.expose().to_string().into_boxed_str());
    let secret: &'static str =
        Box::leak(creds.consumer_secret.expose().to_string().into_boxed_str());
    let (status, _) = token(
        code().await,
        verifier,
        "https://localhost:8899/callback",
        Some((id, "wrong")),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(detail(&emu).as_deref(), Some("ClientAuthenticationFailed"));
    let (status, body) = token(
        code().await,
        verifier,
        "https://localhost:8899/callback",
        Some((id, secret)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}
