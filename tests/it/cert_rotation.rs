//! `nstba cert list|upload|revoke` against the emulated certificate rotation API: the full
//! rotation (upload the new certificate, switch, revoke the old one with the new credentials),
//! the refusals nstba makes itself (a file with a private key, the 5-active limit, revoking the
//! credentials' own certificate), the emulator's own limit and permission answers, and no
//! secret (private key, client id, assertion, token) in any output.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use nstba::emulator::model::AccountModel;
use nstba::emulator::oauth2::{self as emu_oauth2, M2mErrorAnswer};
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use nstba::netsuite::oauth2::rotation;
use serde_json::Value;

use crate::support::cli;

const OLD_ID: &str = emu_oauth2::DEMO_CERTIFICATE_ID;

async fn start(model: AccountModel, errors: M2mErrorAnswer) -> Emulator {
    let options = EmulatorOptions {
        model: Some(model),
        m2m_errors: errors,
        ..EmulatorOptions::default()
    };
    Emulator::start_with(
        EmulatorConfig {
            scenario: Scenario::Healthy,
            ..Default::default()
        },
        options,
    )
    .await
    .unwrap()
}

fn client_id() -> String {
    demo::credentials().consumer_key.expose().to_string()
}

/// The demo key, written mode 0600 into `dir`.
fn demo_key(dir: &Path) -> String {
    let path = dir.join("demo-key.pem");
    std::fs::write(&path, emu_oauth2::demo_private_key().expose()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.display().to_string()
}

/// `nstba cert ARGS --base-url URL` with M2M credentials (certificate id, key file).
fn cert(emu: &Emulator, args: &[&str], kid: &str, key_file: &str) -> Command {
    let mut c = cli::nstba();
    c.arg("cert")
        .args(args)
        .args(["--base-url", &emu.base_url()])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CLIENT_ID", client_id())
        .env("NETSUITE_CERTIFICATE_ID", kid)
        .env("NETSUITE_PRIVATE_KEY_FILE", key_file)
        .timeout(Duration::from_secs(30));
    c
}

async fn run(mut c: Command) -> Output {
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

/// stdout and stderr, checked for every secret the run held.
fn texts(o: &Output, keys: &[&str]) -> (String, String) {
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    for text in [&out, &err] {
        assert!(!text.contains(&client_id()), "client id in output: {text}");
        assert!(!text.contains("PRIVATE KEY"), "{text}");
        assert!(
            !text.contains("eyJ"),
            "a JWT (assertion or token) in output: {text}"
        );
        for key in keys {
            let body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
            assert!(!text.contains(&body[..40]), "key material in output");
        }
    }
    (out, err)
}

fn listed(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("cert list --json prints JSON")
}

/// Generates a key and certificate with `nstba cert generate` into a fresh directory in `dir`.
fn generate(dir: &Path, name: &str) -> (String, String) {
    let out = dir.join(name);
    std::fs::create_dir(&out).unwrap();
    let o = cli::nstba()
        .args(["cert", "generate", "--days", "365", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    (
        out.join("nstba-m2m-key.pem").display().to_string(),
        out.join("nstba-m2m-cert.pem").display().to_string(),
    )
}

fn new_id(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("Uploaded: certificate id "))
        .and_then(|l| l.split_whitespace().next())
        .expect("upload names the new id")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_then_switch_then_revoke_the_old_certificate() {
    let emu = start(
        AccountModel::preset(Scenario::Healthy),
        M2mErrorAnswer::Uniform,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let old_key = demo_key(dir.path());
    let (new_key, new_cert) = generate(dir.path(), "new");
    let keys = [
        std::fs::read_to_string(&new_key).unwrap(),
        emu_oauth2::demo_private_key().expose().to_string(),
    ];
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();

    let o = run(cert(&emu, &["list"], OLD_ID, &old_key)).await;
    let (out, err) = texts(&o, &keys);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(out.contains("1 certificate(s), 1 active"), "{out}");
    assert!(out.contains(&format!("{OLD_ID}  EC")), "{out}");
    assert!(out.contains("active (these credentials)"), "{out}");

    let o = run(cert(&emu, &["upload", &new_cert], OLD_ID, &old_key)).await;
    let (out, err) = texts(&o, &keys);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let id = new_id(&out);
    assert_eq!(id.len(), 43, "{id}");
    assert!(out.contains("mapped to role 1001, entity 4242"), "{out}");
    assert!(
        out.contains(&format!("NETSUITE_CERTIFICATE_ID={id}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("nstba cert revoke -- {OLD_ID}")),
        "{out}"
    );
    // Uploaded, not yet switched: both are active, the old one still works.
    let o = run(cert(&emu, &["list", "--json"], OLD_ID, &old_key)).await;
    let v = listed(&o);
    assert_eq!(v["active"], 2, "{v}");
    assert_eq!(v["limit"], 5);
    assert_eq!(v["own"], OLD_ID);

    // Switched: the new pair authenticates and revokes the old certificate.
    let o = run(cert(&emu, &["revoke", OLD_ID], &id, &new_key)).await;
    let (out, err) = texts(&o, &keys);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains(&format!("Revoked certificate {OLD_ID}.")),
        "{out}"
    );
    let v = listed(&run(cert(&emu, &["list", "--json"], &id, &new_key)).await);
    let old = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["certificate_id"] == OLD_ID)
        .unwrap()
        .clone();
    assert_eq!(old["revoked"], true, "{v}");
    assert_eq!(v["active"], 1);
    // The old credentials are refused from now on.
    let o = run(cert(&emu, &["list"], OLD_ID, &old_key)).await;
    let (_, err) = texts(&o, &keys);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the token endpoint refused"), "{err}");
    assert_eq!(
        emu.audit_trail().last().unwrap().detail.as_deref(),
        Some("CertificateRevoked")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_a_private_key_is_never_uploaded() {
    let emu = start(
        AccountModel::preset(Scenario::Healthy),
        M2mErrorAnswer::Uniform,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let old_key = demo_key(dir.path());
    let (new_key, new_cert) = generate(dir.path(), "new");
    let both = dir.path().join("both.pem");
    std::fs::write(
        &both,
        std::fs::read_to_string(&new_cert).unwrap() + &std::fs::read_to_string(&new_key).unwrap(),
    )
    .unwrap();
    let key_text = std::fs::read_to_string(&new_key).unwrap();
    for file in [new_key.as_str(), both.to_str().unwrap()] {
        let before = emu.audit_trail().len();
        let o = run(cert(&emu, &["upload", file], OLD_ID, &old_key)).await;
        let (out, err) = texts(&o, &[&key_text]);
        assert_eq!(o.status.code(), Some(2), "{out}{err}");
        assert!(err.contains("contains a private key"), "{err}");
        assert!(err.contains("never uploads"), "{err}");
        // Refused before any request: nothing reached the emulator.
        assert_eq!(emu.audit_trail().len(), before);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_the_own_certificate_is_refused_unless_forced() {
    let emu = start(
        AccountModel::preset(Scenario::Healthy),
        M2mErrorAnswer::Uniform,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let key = demo_key(dir.path());
    let o = run(cert(&emu, &["revoke", OLD_ID], OLD_ID, &key)).await;
    let (out, err) = texts(&o, &[]);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        err.contains("the certificate these credentials sign with"),
        "{err}"
    );
    assert!(err.contains("every token request fail"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(emu.audit_trail().is_empty(), "nothing sent");
    let o = run(cert(&emu, &["revoke", "--force", OLD_ID], OLD_ID, &key)).await;
    let (out, err) = texts(&o, &[]);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains("their token requests fail from now on"),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_five_active_limit_is_kept_by_nstba_and_by_the_emulator() {
    let emu = start(
        AccountModel::preset(Scenario::Healthy),
        M2mErrorAnswer::Specific,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let key = demo_key(dir.path());
    // The demo certificate plus four more: five active.
    let mut certs = Vec::new();
    for i in 0..5 {
        certs.push(generate(dir.path(), &format!("c{i}")).1);
    }
    for c in &certs[..4] {
        let o = run(cert(&emu, &["upload", c], OLD_ID, &key)).await;
        assert_eq!(o.status.code(), Some(0), "{o:?}");
    }
    let v = listed(&run(cert(&emu, &["list", "--json"], OLD_ID, &key)).await);
    assert_eq!(v["active"], 5);
    let before = emu.audit_trail().len();
    let o = run(cert(&emu, &["upload", &certs[4]], OLD_ID, &key)).await;
    let (out, err) = texts(&o, &[]);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(err.contains("already has 5 active certificates"), "{err}");
    assert!(err.contains("nothing was uploaded"), "{err}");
    // Token and list only: the upload itself was never sent.
    let sent: Vec<String> = emu.audit_trail()[before..]
        .iter()
        .map(|e| e.path.clone())
        .collect();
    assert_eq!(sent.len(), 2, "{sent:?}");

    // The emulator keeps the limit too, for clients that do not list first.
    let token = bearer(&emu).await;
    let pem = std::fs::read_to_string(&certs[4]).unwrap();
    let (status, body) = post_upload(&emu, &token, &pem).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("already has 5 active certificates"), "{body}");
    assert!(body.contains("INVALID_REQUEST"), "{body}");
}

/// A `rest_webservices` token for the demo credentials.
async fn bearer(emu: &Emulator) -> String {
    use nstba::netsuite::cert::SigningKey;
    use nstba::netsuite::oauth2::assertion::{self, AssertionInput, ScopeForm};
    use nstba::netsuite::oauth2::token;
    let key = SigningKey::from_pem(emu_oauth2::demo_private_key().expose()).unwrap();
    let aud = format!("{}{}", emu.base_url(), token::TOKEN_PATH);
    let scopes = ["rest_webservices".to_string()];
    let jwt = assertion::sign(
        &key,
        &AssertionInput {
            client_id: &client_id(),
            certificate_id: OLD_ID,
            scopes: &scopes,
            token_url: &aud,
            now: time::OffsetDateTime::now_utc().unix_timestamp(),
            scope_form: ScopeForm::Array,
        },
    )
    .unwrap();
    let r = reqwest::Client::new()
        .post(&aud)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(token::form_body(&jwt).expose().to_string())
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

async fn post_upload(emu: &Emulator, token: &str, pem: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(format!(
            "{}{}",
            emu.base_url(),
            rotation::certificates_path(&client_id())
        ))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(rotation::upload_body(pem, "1001", "4242"))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_emulated_api_answers_like_the_reference() {
    let emu = start(
        AccountModel::preset(Scenario::Healthy),
        M2mErrorAnswer::Uniform,
    )
    .await;
    let http = reqwest::Client::new();
    let url = |p: String| format!("{}{p}", emu.base_url());
    // No Bearer token: the REST 401.
    let r = http
        .get(url(rotation::certificates_path(&client_id())))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.text().await.unwrap().contains("INVALID_LOGIN"));
    let token = bearer(&emu).await;
    // The list: a JSON array of the four documented fields.
    let r = http
        .get(url(rotation::certificates_path(&client_id())))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().await.unwrap();
    let keys: Vec<&String> = v[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["algorithm", "certificate_id", "revoked", "valid_until"]
    );
    // Uniform mode: a refused upload tells nothing beyond "invalid".
    let (status, body) = post_upload(&emu, &token, "not a certificate").await;
    assert_eq!(status, 400);
    assert!(body.contains("Invalid request."), "{body}");
    assert!(!body.contains("X.509"), "{body}");
    assert!(
        emu.audit_trail()
            .last()
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("not an X.509 certificate")
    );
    // The same certificate twice: one certificate per record, role and entity.
    let g = nstba::netsuite::cert::generate(
        nstba::netsuite::cert::KeyAlgorithm::EcP256,
        30,
        time::OffsetDateTime::now_utc(),
    )
    .unwrap();
    let (status, body) = post_upload(&emu, &token, &g.cert_pem).await;
    assert_eq!(status, 200, "{body}");
    let created = rotation::parse_created(body.as_bytes()).unwrap();
    assert!(!created.revoked);
    let (status, _) = post_upload(&emu, &token, &g.cert_pem).await;
    assert_eq!(status, 400);
    assert!(
        emu.audit_trail()
            .last()
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("one certificate per integration record, role and entity")
    );
    // Revoke: plain text, then a second revoke is refused.
    let revoke = url(rotation::revoke_path(&client_id(), &created.certificate_id));
    let r = http.post(&revoke).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.text().await.unwrap(), rotation::REVOKED_TEXT);
    let r = http.post(&revoke).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_without_the_permission_gets_403_and_nstba_names_it() {
    let mut model = AccountModel::preset(Scenario::Healthy);
    model.m2m.certificate_managers.clear();
    let emu = start(model, M2mErrorAnswer::Uniform).await;
    let dir = tempfile::tempdir().unwrap();
    let key = demo_key(dir.path());
    let o = run(cert(&emu, &["list"], OLD_ID, &key)).await;
    let (out, err) = texts(&o, &[]);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(err.contains("HTTP 403 (INSUFFICIENT_PERMISSION"), "{err}");
    assert!(
        err.contains("Manage own OAuth 2.0 Client Credentials certificates"),
        "{err}"
    );
}

#[test]
fn missing_m2m_variables_are_usage_errors_naming_them() {
    let o = cli::nstba()
        .args(["cert", "list"])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CLIENT_ID", client_id())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing NETSUITE_CERTIFICATE_ID"), "{err}");
    assert!(!err.contains(&client_id()));
}
