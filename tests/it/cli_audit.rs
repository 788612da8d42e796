//! The command line of issue 19 §3: `--detail` (with "did you mean"), `explain` suggestions,
//! `nstba audit --profile ADMIN` and `test --audit-profile ADMIN` against the emulator, and the
//! ranked causes shown one per line with their fix.

use std::time::Duration;

use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};

use crate::support::cli::{NstbaEnv, nstba};

fn creds(c: &nstba::netsuite::Credentials) -> [String; 4] {
    [
        c.consumer_key.expose().to_string(),
        c.consumer_secret.expose().to_string(),
        c.token_id.expose().to_string(),
        c.token_secret.expose().to_string(),
    ]
}

fn refs(v: &[String; 4]) -> [&str; 4] {
    [&v[0], &v[1], &v[2], &v[3]]
}

async fn informative(scenario: Scenario) -> Emulator {
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            latency: Some(Duration::ZERO),
            ..EmulatorConfig::default()
        },
        EmulatorOptions::informative(),
    )
    .await
    .unwrap()
}

async fn output(mut cmd: assert_cmd::Command) -> std::process::Output {
    cmd.timeout(Duration::from_secs(30));
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_detail_gets_did_you_mean_in_test_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let c = creds(&demo::credentials());
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .with_creds(demo::ACCOUNT, refs(&c))
        .args(["test", "--detail", "InvalidSignatur"]);
    let out = output(cmd).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean InvalidSignature"), "{err}");
    let mut cmd = nstba();
    cmd.args(["explain", "temporary_lockd"]);
    let out = output(cmd).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("did you mean temporary_locked"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_with_detail_and_audit_profile_name_the_exact_cause() {
    let emu = informative(Scenario::LockedUser).await;
    let dir = tempfile::tempdir().unwrap();
    // The administrator's profile, saved from its own variables.
    let admin = creds(&demo::admin_credentials());
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .with_creds(demo::ACCOUNT, refs(&admin))
        .args(["profile", "save", "admin"]);
    let out = output(cmd).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = creds(&demo::credentials());
    // --detail: certain, first, in JSON and in text.
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .with_creds(demo::ACCOUNT, refs(&c))
        .args([
            "test",
            "--json",
            "--base-url",
            &emu.base_url(),
            "--detail",
            "temporary_locked",
        ]);
    let out = output(cmd).await;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnoses"][0];
    assert_eq!(d["code"], "invalid-login", "{v:#}");
    assert_eq!(d["detail"], "temporary_locked");
    assert_eq!(d["confidence"], "certain");
    assert_eq!(d["causes"][0]["detail"], "temporary_locked");
    assert_eq!(d["causes"][0]["confidence"], "certain");
    // --audit-profile: the Detail read back from the trail.
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .with_creds(demo::ACCOUNT, refs(&c))
        .args([
            "test",
            "--base-url",
            &emu.base_url(),
            "--audit-profile",
            "admin",
        ]);
    let out = output(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("Login Audit Trail"), "{text}");
    // One cause per entry, each with its fix (the text wraps at 80 columns).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat
        .split("(1) ")
        .nth(1)
        .and_then(|s| s.split(" (2) ").next())
        .unwrap_or("");
    assert!(first.starts_with("temporary_locked"), "{text}");
    assert!(first.contains("[certain] Fix: Wait 30 minutes"), "{text}");
    for secret in c.iter().chain(admin.iter()) {
        assert!(!text.contains(secret.as_str()));
    }
    // nstba audit lists the refused logins by application, explained.
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .args(["audit", "--profile", "admin", "--base-url", &emu.base_url()]);
    let out = output(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Application: nstba demo integration"),
        "{text}"
    );
    assert!(text.contains("temporary_locked"), "{text}");
    assert!(
        text.contains("each application is a separate integration"),
        "{text}"
    );
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_explains_a_refusal_and_points_at_the_ui() {
    // Default emulator: LoginAudit over REST is refused (unconfirmed in NetSuite).
    let emu = Emulator::start(EmulatorConfig {
        latency: Some(Duration::ZERO),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let admin = creds(&demo::admin_credentials());
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .with_creds(demo::ACCOUNT, refs(&admin))
        .args(["profile", "save", "admin"]);
    assert!(output(cmd).await.status.success());
    let mut cmd = nstba();
    cmd.with_store(dir.path()).args([
        "audit",
        "--profile",
        "admin",
        "--base-url",
        &emu.base_url(),
        "--since",
        "2h",
    ]);
    let out = output(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("refused to read the Login Audit Trail"),
        "{text}"
    );
    assert!(
        flat.contains("Read it in the NetSuite UI instead"),
        "{text}"
    );
    assert!(flat.contains("Use Advanced Search"), "{text}");
    let mut cmd = nstba();
    cmd.with_store(dir.path())
        .args(["audit", "--profile", "admin", "--since", "yesterday"]);
    assert_eq!(output(cmd).await.status.code(), Some(2));
    emu.shutdown().await;
}
