//! `nstba migrate` end to end against the emulator, driven by its non-interactive flags: one
//! guided run takes the working TBA demo profile to a working M2M connection with the same role
//! and entity, the TBA profile tested (by the migration, and here with `nstba test`) after every
//! step; each checklist item's failure gives its own code; a role mismatch is caught; an
//! interrupted migration resumes where it stopped; nothing secret reaches the output or the
//! progress file.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, M2mErrorAnswer, demo_private_key};
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};

use crate::support::cli::{self, NstbaEnv as _};

pub(crate) async fn emulator(scenario: Scenario, specific: bool) -> Emulator {
    let mut options = EmulatorOptions::default();
    if specific {
        options.m2m_errors = M2mErrorAnswer::Specific;
    }
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            latency: Some(Duration::ZERO),
            ..EmulatorConfig::default()
        },
        options,
    )
    .await
    .expect("emulator starts")
}

/// A store in `dir` holding the demo TBA profile `demo` (REST and RESTlets).
pub(crate) async fn store_with_demo(dir: &Path) {
    let c = demo::credentials();
    let mut cmd = cli::nstba();
    cmd.with_store(dir)
        .with_creds(
            demo::ACCOUNT,
            [
                c.consumer_key.expose(),
                c.consumer_secret.expose(),
                c.token_id.expose(),
                c.token_secret.expose(),
            ],
        )
        .args(["profile", "save", "demo", "--api", "rest,restlet"]);
    let o = run(cmd).await;
    assert!(o.status.success(), "{}", text(&o));
}

pub(crate) fn key_file(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("demo-key.pem");
    std::fs::write(&p, demo_private_key().expose()).unwrap();
    p
}

pub(crate) fn migrate(dir: &Path, emu: &Emulator, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = cli::nstba();
    cmd.with_store(dir)
        .args(["migrate", "--from", "demo", "--base-url", &emu.base_url()])
        .args(extra)
        .timeout(Duration::from_secs(60));
    cmd
}

pub(crate) async fn run(mut cmd: assert_cmd::Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The TBA profile, tested the way a user would: `nstba test --profile demo`.
pub(crate) async fn tba_works(dir: &Path, emu: &Emulator) {
    let mut cmd = cli::nstba();
    cmd.with_store(dir).args([
        "test",
        "--profile",
        "demo",
        "--api",
        "rest,restlet",
        "--base-url",
        &emu.base_url(),
    ]);
    let o = run(cmd).await;
    assert!(
        o.status.success(),
        "the TBA profile stopped working:\n{}",
        text(&o)
    );
}

pub(crate) fn progress(dir: &Path) -> toml::Value {
    let p = dir.join("migrations").join("demo.toml");
    toml::from_str(&std::fs::read_to_string(p).expect("progress file")).unwrap()
}

pub(crate) fn status_of(dir: &Path, item: &str) -> String {
    progress(dir)["items"][item]["status"]
        .as_str()
        .unwrap_or("absent")
        .to_string()
}

/// Neither TBA secret, nor the consumer key (= client id), nor a private key line, nor a JWT.
pub(crate) fn assert_clean(s: &str) {
    let c = demo::credentials();
    for v in [
        &c.consumer_key,
        &c.consumer_secret,
        &c.token_id,
        &c.token_secret,
    ] {
        assert!(!s.contains(v.expose()), "a TBA credential leaked:\n{s}");
    }
    for line in demo_private_key()
        .expose()
        .lines()
        .filter(|l| !l.starts_with("-----"))
    {
        assert!(!s.contains(line), "a private key line leaked:\n{s}");
    }
    assert!(!s.contains("eyJ"), "a JWT leaked:\n{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_guided_run_moves_the_demo_profile_to_m2m_with_the_same_role_and_entity() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let key = key.to_str().unwrap();
    tba_works(dir.path(), &emu).await;

    // Step by step, as an admin would do it over a day: each run stops where it needs input.
    let o = run(migrate(dir.path(), &emu, &[])).await;
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(status_of(dir.path(), "inventory"), "done");
    assert_eq!(
        status_of(dir.path(), "record"),
        "pending",
        "waits for --yes"
    );
    assert!(text(&o).contains("role 1001, entity 4242"), "{}", text(&o));
    tba_works(dir.path(), &emu).await;

    let o = run(migrate(dir.path(), &emu, &["--yes"])).await;
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(status_of(dir.path(), "role"), "done");
    assert_eq!(status_of(dir.path(), "key"), "pending", "waits for the key");
    tba_works(dir.path(), &emu).await;

    let o = run(migrate(
        dir.path(),
        &emu,
        &[
            "--key",
            key,
            &format!("--certificate-id={DEMO_CERTIFICATE_ID}"),
        ],
    ))
    .await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "stops at cut-over: {out}");
    assert!(
        out.contains("role 1001 / 1001, entity 4242 / 4242"),
        "{out}"
    );
    assert!(out.contains("migrate-not-monitored"), "{out}");
    for item in ["key", "side-by-side", "sandbox"] {
        assert_eq!(status_of(dir.path(), item), "done", "{item}: {out}");
    }
    let p = progress(dir.path());
    assert_eq!(p["new_identity"]["role"].as_str(), Some("1001"));
    assert_eq!(p["new_identity"]["entity"].as_str(), Some("4242"));
    tba_works(dir.path(), &emu).await;

    let o = run(migrate(dir.path(), &emu, &["--monitored-ok"])).await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("The migration is complete"), "{out}");
    assert!(
        out.contains("the TBA token stays active"),
        "never revoked unasked: {out}"
    );
    tba_works(dir.path(), &emu).await;
    let p = progress(dir.path());
    let checks = p["tba_checks"].as_array().unwrap();
    assert!(
        checks.len() >= 8,
        "the TBA profile is tested after every item"
    );
    assert!(checks.iter().all(|c| c["ok"].as_bool() == Some(true)));
    assert_clean(&out);
    assert_clean(&std::fs::read_to_string(dir.path().join("migrations/demo.toml")).unwrap());

    // The new connection works on its own, with the values the migration names.
    let mut cmd = cli::nstba();
    cmd.args([
        "test",
        "--auth",
        "m2m",
        "--json",
        "--base-url",
        &emu.base_url(),
    ])
    .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
    .env(
        "NETSUITE_CLIENT_ID",
        demo::credentials().consumer_key.expose(),
    )
    .env("NETSUITE_CERTIFICATE_ID", DEMO_CERTIFICATE_ID)
    .env("NETSUITE_PRIVATE_KEY_FILE", key);
    let o = run(cmd).await;
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], true, "{}", text(&o));
    assert_eq!(v["token"]["role"], "1001");
    assert_eq!(v["token"]["entity"], "4242");

    // And as the saved profile the migration wrote, with no variable at all.
    let mut cmd = cli::nstba();
    cmd.with_store(dir.path()).args([
        "test",
        "--profile",
        "demo-m2m",
        "--json",
        "--base-url",
        &emu.base_url(),
    ]);
    let o = run(cmd).await;
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
    assert_eq!(v["ok"], true, "{}", text(&o));
    assert_eq!(v["auth"], "m2m");
    assert_eq!(v["token"]["role"], "1001");
    assert_eq!(v["token"]["entity"], "4242");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_the_tba_token_needs_the_name_typed_again() {
    let emu = emulator(Scenario::Healthy, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let all = [
        "--yes",
        "--key",
        key.to_str().unwrap(),
        "--certificate-id",
        DEMO_CERTIFICATE_ID,
        "--monitored-ok",
        "--revoke-tba",
        "--confirm-revoke",
        "not-demo",
    ];
    // A wrong name is an error naming the expected one, before anything runs.
    let o = run(migrate(dir.path(), &emu, &all)).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("--confirm-revoke not-demo: expected demo"),
        "{out}"
    );
    assert!(!out.contains("[1/8]"), "{out}");
    tba_works(dir.path(), &emu).await;
    // Without --revoke-tba the run completes and the token stays.
    let o = run(migrate(dir.path(), &emu, &all[..6])).await;
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("the TBA token stays active"),
        "{}",
        text(&o)
    );
    tba_works(dir.path(), &emu).await;
    assert_eq!(progress(dir.path())["tba_revoked"].as_bool(), Some(false));
}

/// Runs the whole migration in one go on `scenario`; returns the output.
pub(crate) async fn whole_run(
    scenario: Scenario,
    specific: bool,
    extra: &[&str],
) -> (Output, tempfile::TempDir) {
    let emu = emulator(scenario, specific).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let mut args = vec![
        "--yes".to_string(),
        "--key".into(),
        key.to_str().unwrap().into(),
        format!("--certificate-id={DEMO_CERTIFICATE_ID}"),
    ];
    args.extend(extra.iter().map(|s| (*s).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(migrate(dir.path(), &emu, &args)).await;
    (o, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mapping_with_another_role_is_caught() {
    let (o, dir) = whole_run(Scenario::MigrateRoleDiffers, false, &[]).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("migrate-role-mismatch"), "{out}");
    // A warning looks like a warning, not like a failure.
    assert!(out.contains("⚠ warning: migrate-role-mismatch"), "{out}");
    assert!(!out.contains("✗ migrate-role-mismatch"), "{out}");
    assert!(
        out.contains("another role (1002) than the TBA token (1001)"),
        "{out}"
    );
    assert_eq!(status_of(dir.path(), "side-by-side"), "failed");
    assert_eq!(status_of(dir.path(), "sandbox"), "pending");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_item_failure_has_its_own_code() {
    // (scenario, informative token errors, extra flags, code, item)
    let cases: [(Scenario, bool, &[&str], &str, &str); 7] = [
        (
            Scenario::RevokedToken,
            false,
            &[],
            "migrate-tba-not-working",
            "inventory",
        ),
        (
            Scenario::Healthy,
            false,
            &["--target", "authcode"],
            "migrate-authcode-needs-login",
            "side-by-side",
        ),
        (
            Scenario::Healthy,
            false,
            &["--record", "separate"],
            "migrate-client-id-missing",
            "record",
        ),
        (
            Scenario::M2mGrantNotTicked,
            true,
            &[],
            "migrate-record-not-ready",
            "record",
        ),
        (
            Scenario::MigrateRecordLacksScope,
            false,
            &[],
            "migrate-scope-missing",
            "record",
        ),
        (
            Scenario::M2mNoOAuth2Permission,
            false,
            &[],
            "migrate-role-permission",
            "role",
        ),
        (
            Scenario::M2mCertificateRevoked,
            false,
            &[],
            "migrate-certificate-not-mapped",
            "key",
        ),
    ];
    for (scenario, specific, extra, code, item) in cases {
        let (o, dir) = whole_run(scenario, specific, extra).await;
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{scenario}: {out}");
        assert!(out.contains(code), "{scenario}: expected {code}:\n{out}");
        assert_eq!(status_of(dir.path(), item), "failed", "{scenario}: {out}");
        assert_clean(&out);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_migration_resumes_where_it_stopped() {
    let emu = emulator(Scenario::M2mCertificateRevoked, false).await;
    let dir = tempfile::tempdir().unwrap();
    store_with_demo(dir.path()).await;
    let key = key_file(dir.path());
    let key = key.to_str().unwrap();
    let id = format!("--certificate-id={DEMO_CERTIFICATE_ID}");
    let o = run(migrate(dir.path(), &emu, &["--yes", "--key", key, &id])).await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(status_of(dir.path(), "key"), "failed");
    // The admin maps a new certificate; the next run starts at the key item, not at inventory.
    emu.set_scenario(Scenario::Healthy);
    let o = run(migrate(dir.path(), &emu, &["--monitored-ok"])).await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("[1/8]"), "resumed from the start:\n{out}");
    assert!(out.contains("[5/8]"), "{out}");
    assert!(out.contains("The migration is complete"), "{out}");
    // --status shows where it stands, without running anything.
    let o = run(migrate(dir.path(), &emu, &["--status"])).await;
    assert!(text(&o).contains("8 of 8 items done"), "{}", text(&o));
    // The support report of the TBA profile says where the migration stands.
    let mut cmd = cli::nstba();
    cmd.with_store(dir.path())
        .args(["report", "--profile", "demo", "--base-url", &emu.base_url()]);
    let o = run(cmd).await;
    let md = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(md.contains("## Migration to OAuth 2.0"), "{md}");
    assert!(md.contains("8 of 8 items done"), "{md}");
    assert!(md.contains("`tba-retirement`"), "{md}");
    assert_clean(&md);
}

#[test]
fn explain_knows_every_migrate_code() {
    for code in nstba::migrate::MigrateCode::all() {
        let o = cli::nstba()
            .args(["explain", code.as_str()])
            .output()
            .unwrap();
        let out = text(&o);
        assert!(o.status.success(), "{code}: {out}");
        let words = nstba::migrate::words::failure(code, &nstba::migrate::vars::generic());
        let first_words: String = words.title.chars().take(30).collect();
        assert!(out.starts_with(code.as_str()), "{code}: {out}");
        assert!(out.contains(&first_words), "{code}: {out}");
        assert!(
            out.contains("Meaning: ") && out.contains("Fix:\n  1. "),
            "{out}"
        );
        let item = format!("checklist item {}", code.item().number());
        assert!(out.contains(&item), "{code}: {out}");
        assert!(!out.contains('{'), "a placeholder left: {out}");
    }
    let o = cli::nstba()
        .args(["explain", "MIGRATE-ROLE-MISMATCH"])
        .output()
        .unwrap();
    assert!(text(&o).contains("role"), "{}", text(&o));
    // A near miss is suggested, and the list of known codes names the migration's.
    let o = cli::nstba()
        .args(["explain", "migrate-role-mismatsh"])
        .output()
        .unwrap();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("did you mean migrate-role-mismatch"), "{out}");
    assert!(out.contains("migrate-tba-broken"), "{out}");
}
