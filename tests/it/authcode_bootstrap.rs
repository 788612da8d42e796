//! `nstba login --bootstrap-m2m` against the emulator: a login (paste mode) becomes a working M2M
//! profile mapped to the login's role and entity; the refusals (the role lacks the certificate
//! permission, the record is at 5 active certificates) say what to do and leave the authcode
//! profile as it was. Also the record without Authorization Code Grant (`unauthorized_client`,
//! `AuthorizationCodeGrantRequired`) at login and at refresh, and a sweep of every output and
//! profile file for the login's secrets.

use std::io::Write;

use nstba::check::AuthKind;
use nstba::emulator::{Emulator, Scenario};
use serde_json::Value;

use crate::authcode_login::{
    JWT_HEAD, TOKEN, assert_hidden, authorize_url, client_id, consent, finish, login_allow,
    no_follow, nstba, refresh_of, run, start_login, store,
};
use crate::support::emulator::start;

/// `(role, entity, code)` of a redirect address.
fn who(location: &str) -> (String, String, String) {
    let u = url::Url::parse(location).unwrap();
    let get = |k: &str| {
        u.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    (get("role"), get("entity"), get("code"))
}

/// A paste-mode login of profile `p` with `extra` arguments; the output and the redirect.
async fn paste_login(
    dir: &std::path::Path,
    emu: &Emulator,
    extra: &[&str],
) -> (bool, String, String) {
    let mut args = vec!["--profile", "p", "--no-browser"];
    args.extend_from_slice(extra);
    let mut l = start_login(dir, emu, &args).await;
    let location = consent(&l.url, "allow").await;
    let mut stdin = l.child.stdin.take().unwrap();
    writeln!(stdin, "{location}").unwrap();
    let (out, text) = finish(l).await;
    drop(stdin);
    (out.status.success(), text, location)
}

fn m2m_test(dir: &std::path::Path, emu: &Emulator) -> std::process::Command {
    let mut c = nstba(dir);
    c.args(["test", "--json", "--profile", "p", "--api", "rest,restlet"])
        .args(["--base-url", &emu.base_url()]);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_bootstraps_a_working_m2m_profile_with_the_same_role_and_entity() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let (ok, text, location) = paste_login(dir.path(), &emu, &["--bootstrap-m2m"]).await;
    assert!(ok, "{text}");
    let (role, entity, code) = who(&location);
    assert!(text.contains("M2M token request: OK"), "{text}");
    assert!(
        text.contains(&format!("role {role}, entity {entity}")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Test it: nstba test --profile p --base-url {}",
            emu.base_url()
        )),
        "{text}"
    );
    assert_hidden(&text, &[&code]);

    let s = store(dir.path());
    let (profile, creds) = s.load_m2m("p").unwrap();
    assert_eq!(profile.kind(), AuthKind::M2m);
    assert_eq!(creds.client_id.expose(), client_id());
    assert!(creds.private_key.expose().contains("BEGIN PRIVATE KEY"));
    assert!(text.contains(&creds.certificate_id), "{text}");
    let toml = std::fs::read_to_string(s.profiles_path()).unwrap();
    assert!(!toml.contains("PRIVATE KEY"), "{toml}");
    assert!(
        !toml.contains("refresh_token_issued_at"),
        "no authcode leftovers: {toml}"
    );

    let (out, text) = run(m2m_test(dir.path(), &emu)).await;
    assert!(out.status.success(), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["auth"], "m2m", "{v}");
    assert_eq!(v["token"]["role"], role.as_str(), "{v}");
    assert_eq!(v["token"]["entity"], entity.as_str(), "{v}");
    assert!(!text.contains(JWT_HEAD), "{text}");
    assert!(!text.contains("BEGIN PRIVATE KEY"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_without_the_rest_scope_is_refused_before_the_browser() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let mut c = nstba(dir.path());
    c.args(["login", "--profile", "p", "--no-browser", "--bootstrap-m2m"])
        .args(["--base-url", &emu.base_url()])
        .env("NETSUITE_SCOPES", "restlets");
    let (out, text) = run(c).await;
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("rest_webservices"), "{text}");
    assert!(
        !text.contains("authorize.nl"),
        "no login was started: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_without_the_certificate_permission_is_named_and_the_login_kept() {
    let emu = start(Scenario::AuthcodeNoCertificatePermission).await;
    let dir = tempfile::tempdir().unwrap();
    let (ok, text, _) = paste_login(dir.path(), &emu, &["--bootstrap-m2m"]).await;
    assert!(!ok, "{text}");
    assert!(
        text.contains("Manage own OAuth 2.0 Client Credentials certificates"),
        "{text}"
    );
    assert!(text.contains("HTTP 403"), "{text}");
    // Nothing was uploaded or switched: the authcode profile still works.
    let p = store(dir.path()).get("p").unwrap();
    assert_eq!(p.kind(), AuthKind::Authcode);
    let (out, text) = run(m2m_test(dir.path(), &emu)).await;
    assert!(out.status.success(), "{text}");
}

/// An access token of the demo record, straight from the emulator (consent, exchange), with
/// the role and entity of the login.
async fn access_token(emu: &Emulator) -> (String, String, String) {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let (role, entity, code) = who(&consent(&authorize_url(emu, &[]), "allow").await);
    let r = no_follow()
        .post(format!("{}{TOKEN}", emu.base_url()))
        .form(&[
            ("code", code.as_str()),
            ("redirect_uri", "https://localhost:8899/callback"),
            ("grant_type", "authorization_code"),
            ("code_verifier", verifier),
            ("client_id", &client_id()),
        ])
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    (
        v["access_token"].as_str().unwrap().to_string(),
        role,
        entity,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_five_active_certificates_nothing_is_uploaded_and_the_limit_is_said() {
    let emu = start(Scenario::Healthy).await;
    let (token, role, entity) = access_token(&emu).await;
    let path = nstba::netsuite::oauth2::rotation::certificates_path(&client_id());
    // The demo record has one; four more reach the limit.
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
                &role,
                &entity,
            ))
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    }
    let dir = tempfile::tempdir().unwrap();
    let (ok, text, _) = paste_login(dir.path(), &emu, &["--bootstrap-m2m"]).await;
    assert!(!ok, "{text}");
    assert!(text.contains("already has 5 active certificates"), "{text}");
    assert!(text.contains("nstba cert revoke"), "{text}");
    assert_eq!(
        store(dir.path()).get("p").unwrap().kind(),
        AuthKind::Authcode
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_authorization_code_grant_login_and_refresh_say_so() {
    // At login: the authorize endpoint redirects with unauthorized_client.
    let emu = start(Scenario::AuthcodeGrantNotTicked).await;
    let dir = tempfile::tempdir().unwrap();
    let mut l = start_login(dir.path(), &emu, &["--profile", "p", "--no-browser"]).await;
    let r = no_follow().get(&l.url).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("error=unauthorized_client"), "{location}");
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("AuthorizationCodeGrantRequired")
    );
    let mut stdin = l.child.stdin.take().unwrap();
    writeln!(stdin, "{location}").unwrap();
    let (out, text) = finish(l).await;
    drop(stdin);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("tick Authorization Code Grant"), "{text}");
    assert!(text.contains("AuthorizationCodeGrantRequired"), "{text}");

    // At refresh: the box was unticked after the login.
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let (out, text, _) = login_allow(dir.path(), &emu).await;
    assert!(out.status.success(), "{text}");
    emu.set_scenario(Scenario::AuthcodeGrantNotTicked);
    let (out, text) = run(m2m_test(dir.path(), &emu)).await;
    assert_eq!(out.status.code(), Some(1), "{text}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnoses"][0];
    assert_eq!(d["code"], "token-request-refused", "{v}");
    assert_eq!(
        d["causes"][0]["detail"], "AuthorizationCodeGrantRequired",
        "{v}"
    );
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("AuthorizationCodeGrantRequired")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_login_secret_in_any_output_or_profile_file() {
    let emu = start(Scenario::Healthy).await;
    let dir = tempfile::tempdir().unwrap();
    let (out, login_text, code) = login_allow(dir.path(), &emu).await;
    assert!(out.status.success(), "{login_text}");
    let r1 = refresh_of(dir.path(), "p");
    let mut outputs = vec![login_text];
    let mut refresh_tokens = vec![r1];
    for args in [
        &["test", "--json", "--profile", "p"][..],
        &["test", "--profile", "p", "--api", "rest,restlet"][..],
        &["report", "--profile", "p"][..],
        &["profile", "show", "p"][..],
        &["profile", "list"][..],
    ] {
        let mut c = nstba(dir.path());
        c.args(args).args(if args[0] == "profile" {
            vec![]
        } else {
            vec!["--base-url".to_string(), emu.base_url()]
        });
        let (_, text) = run(c).await;
        outputs.push(text);
        refresh_tokens.push(refresh_of(dir.path(), "p"));
    }
    // The access tokens the emulator issued are JWTs: none may appear anywhere.
    let profiles = std::fs::read_to_string(dir.path().join("profiles.toml")).unwrap();
    let mut hidden: Vec<&str> = refresh_tokens.iter().map(String::as_str).collect();
    hidden.push(&code);
    for text in outputs.iter().chain([&profiles]) {
        assert_hidden(text, &hidden);
    }
    // Only the secret store holds the refresh token (the current one).
    let secrets = std::fs::read_to_string(dir.path().join("secrets.toml")).unwrap();
    assert!(secrets.contains(refresh_tokens.last().unwrap()));
    assert!(!secrets.contains(JWT_HEAD));
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "secrets.toml") || path.is_dir() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert_hidden(&text, &hidden);
    }
}
