//! `nstba migrate` with an authorization-code login, against the emulator: the key item's upload
//! through the certificate rotation API with a saved login (`--upload-with LOGIN_PROFILE`: the
//! certificate id comes from NetSuite's answer, nothing typed), its refusals each with its own
//! code (the role may not manage certificates, 5 active certificates, an expired login), and the
//! authorization-code target (`--target authcode`): no key item, a login as the new profile,
//! its role and entity compared with the TBA token's. The TBA profile works throughout.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use nstba::emulator::{Emulator, Scenario, demo};

use crate::authcode_login::{client_id, consent, finish, no_follow, nstba, start_login};
use crate::support::emulator::start;

/// Saves the demo TBA profile `demo` (REST and RESTlets) in `dir`.
async fn tba_profile(dir: &Path) {
    let c = demo::credentials();
    let mut cmd = nstba(dir);
    cmd.env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", c.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", c.token_secret.expose())
        .env_remove("NETSUITE_CLIENT_ID")
        .args(["profile", "save", "demo", "--api", "rest,restlet"]);
    let (o, t) = run(cmd).await;
    assert!(o.status.success(), "{t}");
}

/// A paste-mode `nstba login --profile NAME` on the demo record, Allow clicked.
async fn login(dir: &Path, emu: &Emulator, name: &str) {
    let mut l = start_login(dir, emu, &["--profile", name, "--no-browser"]).await;
    let location = consent(&l.url, "allow").await;
    let mut stdin = l.child.stdin.take().unwrap();
    writeln!(stdin, "{location}").unwrap();
    let (out, text) = finish(l).await;
    drop(stdin);
    assert!(out.status.success(), "{text}");
}

fn migrate(dir: &Path, emu: &Emulator, extra: &[&str]) -> Command {
    let mut c = nstba(dir);
    c.args(["migrate", "--from", "demo", "--base-url", &emu.base_url()])
        .args(extra);
    c
}

async fn run(mut cmd: Command) -> (Output, String) {
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

fn progress(dir: &Path) -> toml::Value {
    let p = dir.join("migrations").join("demo.toml");
    toml::from_str(&std::fs::read_to_string(p).expect("progress file")).unwrap()
}

fn status_of(dir: &Path, item: &str) -> String {
    progress(dir)["items"][item]["status"]
        .as_str()
        .unwrap_or("absent")
        .to_string()
}

/// `nstba test --profile NAME --json`: (ok, auth, role, entity).
async fn test_profile(dir: &Path, emu: &Emulator, name: &str) -> (bool, String, String, String) {
    let mut c = nstba(dir);
    c.args(["test", "--json", "--profile", name, "--api", "rest,restlet"])
        .args(["--base-url", &emu.base_url()]);
    let (o, t) = run(c).await;
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {t}"));
    let s = |k: &serde_json::Value| k.as_str().unwrap_or_default().to_string();
    (
        v["ok"] == true,
        s(&v["auth"]),
        s(&v["token"]["role"]),
        s(&v["token"]["entity"]),
    )
}

async fn tba_works(dir: &Path, emu: &Emulator) {
    let (ok, ..) = test_profile(dir, emu, "demo").await;
    assert!(ok, "the TBA profile stopped working");
}

fn no_secret(text: &str) {
    let c = demo::credentials();
    for v in [&c.consumer_secret, &c.token_id, &c.token_secret] {
        assert!(!text.contains(v.expose()), "a TBA secret leaked:\n{text}");
    }
    assert!(!text.contains("eyJ"), "a token leaked:\n{text}");
    assert!(!text.contains("PRIVATE KEY"), "a key leaked:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_login_uploads_the_certificate_and_the_id_comes_from_the_answer() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    tba_profile(dir.path()).await;
    login(dir.path(), &emu, "admin").await;
    let (o, out) = run(migrate(
        dir.path(),
        &emu,
        &["--yes", "--generate-key", "--upload-with", "admin"],
    ))
    .await;
    assert_eq!(o.status.code(), Some(1), "stops at cut-over: {out}");
    assert!(
        out.contains("uploaded with login admin: certificate id "),
        "{out}"
    );
    assert!(
        out.contains("role 1001 / 1001, entity 4242 / 4242"),
        "{out}"
    );
    for item in ["key", "side-by-side", "sandbox"] {
        assert_eq!(status_of(dir.path(), item), "done", "{item}: {out}");
    }
    let p = progress(dir.path());
    let id = p["certificate_id"]
        .as_str()
        .expect("the id from the answer");
    assert!(out.contains(id), "{out}");
    assert_eq!(p["upload_login"].as_str(), Some("admin"));
    no_secret(&out);
    let refresh = crate::authcode_login::refresh_of(dir.path(), "admin");
    assert!(
        !out.contains(&refresh),
        "the login's refresh token leaked:\n{out}"
    );
    let file = std::fs::read_to_string(dir.path().join("migrations/demo.toml")).unwrap();
    assert!(!file.contains(&refresh) && !file.contains("eyJ"), "{file}");
    tba_works(dir.path(), &emu).await;
    let (o, out) = run(migrate(dir.path(), &emu, &["--monitored-ok"])).await;
    assert!(o.status.success(), "{out}");
    assert!(out.contains("The migration is complete"), "{out}");
    let (ok, auth, role, entity) = test_profile(dir.path(), &emu, "demo-m2m").await;
    assert!(ok);
    assert_eq!(
        (auth.as_str(), role.as_str(), entity.as_str()),
        ("m2m", "1001", "4242")
    );
    tba_works(dir.path(), &emu).await;
    // The login is still an authorization-code profile that works.
    let (ok, auth, ..) = test_profile(dir.path(), &emu, "admin").await;
    assert!(ok && auth == "authcode", "{auth}");
}

/// Fills the demo record up to 5 active certificates with a fresh login's token.
async fn fill_up_certificates(emu: &Emulator) {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let url = crate::authcode_login::authorize_url(emu, &[]);
    let location = consent(&url, "allow").await;
    let q: std::collections::HashMap<String, String> = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let r = no_follow()
        .post(format!(
            "{}{}",
            emu.base_url(),
            crate::authcode_login::TOKEN
        ))
        .form(&[
            ("code", q["code"].as_str()),
            ("redirect_uri", "https://localhost:8899/callback"),
            ("grant_type", "authorization_code"),
            ("code_verifier", verifier),
            ("client_id", &client_id()),
        ])
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    let token = v["access_token"].as_str().unwrap().to_string();
    let path = nstba::netsuite::oauth2::rotation::certificates_path(&client_id());
    for _ in 0..4 {
        let g = nstba::netsuite::cert::generate(
            nstba::netsuite::cert::KeyAlgorithm::EcP256,
            30,
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
        let r = no_follow()
            .post(format!("{}{path}", emu.base_url()))
            .bearer_auth(&token)
            .body(nstba::netsuite::oauth2::rotation::upload_body(
                &g.cert_pem,
                &q["role"],
                &q["entity"],
            ))
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_upload_refusal_has_its_own_code_and_fix() {
    // (scenario at the upload, fill the record up first, code, words of the fix)
    let cases: [(Scenario, bool, &str, &str); 3] = [
        (
            Scenario::AuthcodeNoCertificatePermission,
            false,
            "migrate-upload-permission",
            "Manage own OAuth 2.0 Client Credentials certificates",
        ),
        (
            Scenario::Healthy,
            true,
            "migrate-upload-limit",
            "5 active certificates",
        ),
        (
            Scenario::AuthcodeRefreshExpired,
            false,
            "migrate-login-unusable",
            "nstba login --profile admin",
        ),
    ];
    for (scenario, fill, code, fix) in cases {
        // A scenario switch ends the emulator's logins: each plays its scenario from the start.
        let emu = start(scenario).await;
        let dir = tempfile::tempdir().unwrap();
        tba_profile(dir.path()).await;
        login(dir.path(), &emu, "admin").await;
        if fill {
            fill_up_certificates(&emu).await;
        }
        let (o, out) = run(migrate(
            dir.path(),
            &emu,
            &["--yes", "--generate-key", "--upload-with", "admin"],
        ))
        .await;
        assert_eq!(o.status.code(), Some(1), "{scenario}: {out}");
        assert!(out.contains(code), "{scenario}: expected {code}:\n{out}");
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(fix), "{scenario}: {out}");
        assert_eq!(status_of(dir.path(), "key"), "failed", "{scenario}: {out}");
        assert!(progress(dir.path()).get("certificate_id").is_none());
        no_secret(&out);
        tba_works(dir.path(), &emu).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_authcode_target_skips_the_key_and_compares_the_login_with_the_tba_token() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    tba_profile(dir.path()).await;
    let (o, out) = run(migrate(
        dir.path(),
        &emu,
        &["--target", "authcode", "--yes"],
    ))
    .await;
    assert_eq!(o.status.code(), Some(1), "no login yet: {out}");
    assert!(out.contains("migrate-authcode-needs-login"), "{out}");
    assert!(out.contains("nstba login --profile demo-authcode"), "{out}");
    assert!(
        out.contains("Authorization Code Grant"),
        "item 3 asks for it: {out}"
    );
    assert!(out.contains("Redirect URI"), "{out}");
    assert!(
        out.contains("skipped: authorization code needs no key"),
        "{out}"
    );
    for item in ["target", "record", "role", "key"] {
        assert_eq!(status_of(dir.path(), item), "done", "{item}: {out}");
    }
    assert_eq!(status_of(dir.path(), "side-by-side"), "failed");
    tba_works(dir.path(), &emu).await;

    login(dir.path(), &emu, "demo-authcode").await;
    let (o, out) = run(migrate(dir.path(), &emu, &[])).await;
    assert_eq!(o.status.code(), Some(1), "stops at cut-over: {out}");
    assert!(!out.contains("[5/8]"), "resumes at item 6: {out}");
    assert!(
        out.contains("role 1001 / 1001, entity 4242 / 4242"),
        "{out}"
    );
    assert!(out.contains("the login is profile demo-authcode"), "{out}");
    assert_eq!(status_of(dir.path(), "side-by-side"), "done", "{out}");
    let (o, out) = run(migrate(dir.path(), &emu, &["--monitored-ok"])).await;
    assert!(o.status.success(), "{out}");
    assert!(out.contains("The migration is complete"), "{out}");
    no_secret(&out);
    tba_works(dir.path(), &emu).await;
}
