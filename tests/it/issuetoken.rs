//! `nstba token issue` (the legacy /rest/issuetoken path, NLAuth) end to end against the built-in
//! emulator: issue → test passes → revoke → test fails; a 2FA role with a valid and a reused
//! one-time code; each refusal with its causes; no password, code or token secret in any output.

use std::process::Output;
use std::time::{SystemTime, UNIX_EPOCH};

use nstba::emulator::issuetoken::{
    DEMO_2FA_ROLE, DEMO_ISSUER_ROLE, DEMO_PASSWORD, DEMO_TOTP_SECRET, totp,
};
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, FlowErrors, Scenario, demo};

use crate::support::cli::nstba;

async fn emulator(scenario: Scenario, flow_errors: FlowErrors) -> Emulator {
    let options = EmulatorOptions {
        flow_errors,
        ..EmulatorOptions::default()
    };
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            ..EmulatorConfig::default()
        },
        options,
    )
    .await
    .expect("emulator starts")
}

/// Runs `nstba token issue` with the demo consumer and `extra` environment.
async fn issue(emu: &Emulator, args: &[&str], env: &[(&str, &str)]) -> Output {
    let c = demo::credentials();
    let mut cmd = nstba();
    cmd.env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .args(["token", "issue", "--base-url", &emu.base_url()])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn exported(o: &Output, name: &str) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix(&format!("export {name}='"))
                .and_then(|v| v.strip_suffix('\''))
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("{name} in {}", text(o)))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn last_detail(emu: &Emulator) -> Option<String> {
    emu.audit_trail().last().and_then(|e| e.detail.clone())
}

const ROLE: &str = "1002";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issue_then_test_passes_then_revoke_then_test_fails() {
    assert_eq!(ROLE, DEMO_ISSUER_ROLE.to_string());
    let emu = emulator(Scenario::Healthy, FlowErrors::Generic).await;
    let base = emu.base_url();
    let out = issue(
        &emu,
        &[
            "--email",
            "integration@example.com",
            "--role",
            ROLE,
            "--print-secret",
            "--name",
            "nstba test",
        ],
        &[("NETSUITE_PASSWORD", DEMO_PASSWORD)],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Note: issuetoken is NetSuite's legacy"),
        "{}",
        text(&out)
    );
    assert!(
        !text(&out).contains(DEMO_PASSWORD),
        "the password never shows"
    );
    let (id, secret) = (
        exported(&out, "NETSUITE_TOKEN_ID"),
        exported(&out, "NETSUITE_TOKEN_SECRET"),
    );
    let c = demo::credentials();
    let run = |args: Vec<String>| {
        let mut cmd = nstba();
        cmd.env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
            .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
            .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
            .env("NETSUITE_TOKEN_ID", &id)
            .env("NETSUITE_TOKEN_SECRET", &secret)
            .args(args);
        cmd
    };
    let args = |s: &str| {
        s.split(' ')
            .map(String::from)
            .chain([base.clone()])
            .collect::<Vec<_>>()
    };
    let mut t1 = run(args("test --api rest,restlet --base-url"));
    let mut rv = run(args("token revoke --base-url"));
    let mut t2 = run(args("test --api rest --base-url"));
    let (ok, revoked, failed) = tokio::task::spawn_blocking(move || {
        (
            t1.output().unwrap(),
            rv.output().unwrap(),
            t2.output().unwrap(),
        )
    })
    .await
    .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert_eq!(revoked.status.code(), Some(0), "{}", text(&revoked));
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    // The refused login is in the trail (later rows may be the consumer-only probe's).
    let trail = emu.audit_trail();
    let revoked_at = trail
        .iter()
        .rposition(|e| e.note.as_deref() == Some("token revoked"))
        .expect("the revoke is in the trail");
    assert!(
        trail[revoked_at..]
            .iter()
            .any(|e| e.detail.as_deref() == Some("token_rejected")),
        "{trail:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2fa_role_needs_a_code_and_each_code_works_once() {
    let emu = emulator(Scenario::Healthy, FlowErrors::Generic).await;
    let role = DEMO_2FA_ROLE.to_string();
    let base_args = [
        "--email",
        "integration@example.com",
        "--role",
        role.as_str(),
        "--print-secret",
    ];
    let pw = ("NETSUITE_PASSWORD", DEMO_PASSWORD);

    let none = issue(&emu, &base_args, &[pw]).await;
    assert_eq!(none.status.code(), Some(1), "{}", text(&none));
    let t = text(&none);
    assert!(
        t.contains("TWO_FA_REQD") && t.contains("--otp-prompt"),
        "{t}"
    );
    assert_eq!(last_detail(&emu).as_deref(), Some("TWO_FA_REQD"));

    let code = totp(DEMO_TOTP_SECRET).generate(now()).to_string();
    let good = issue(&emu, &base_args, &[pw, ("NETSUITE_OTP", &code)]).await;
    assert_eq!(good.status.code(), Some(0), "{}", text(&good));
    assert!(!String::from_utf8_lossy(&good.stderr).contains(&code));

    let reused = issue(&emu, &base_args, &[pw, ("NETSUITE_OTP", &code)]).await;
    assert_eq!(reused.status.code(), Some(1), "{}", text(&reused));
    let t = text(&reused);
    let first = t
        .lines()
        .find(|l| l.trim_start().starts_with("1. "))
        .unwrap_or("");
    assert!(
        first.contains("already used"),
        "reuse is the first cause when a code was sent: {t}"
    );
    assert!(
        !t.contains("two-factor authentication and no one-time code"),
        "{t}"
    );
    assert!(!t.contains(&code) && !t.contains(DEMO_PASSWORD), "{t}");
    let row = emu.audit_trail().last().cloned().unwrap();
    assert_eq!(row.detail.as_deref(), Some("INVALID_LOGIN_CREDENTIALS"));
    assert!(row.note.unwrap_or_default().contains("already used"));
}

/// Each refusal: the Detail in the emulated audit trail and, with specific answers, exactly the
/// causes that fit; with the default generic answer, the full ranked list and the audit-trail hint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_refusal_gives_its_causes() {
    let generic = emulator(Scenario::Healthy, FlowErrors::Generic).await;
    let specific = emulator(Scenario::Healthy, FlowErrors::Specific).await;
    let blocked = emulator(Scenario::IntegrationBlocked, FlowErrors::Specific).await;
    let pw = ("NETSUITE_PASSWORD", DEMO_PASSWORD);
    let email = "integration@example.com";
    // (emulator, role, password, Detail, a phrase of the first cause)
    let cases: [(&Emulator, &str, &str, &str, &str); 5] = [
        (
            &specific,
            ROLE,
            "wrong",
            "INVALID_LOGIN_CREDENTIALS",
            "email or the password is wrong",
        ),
        (
            &specific,
            "1001",
            DEMO_PASSWORD,
            "permission_denied",
            "User Access Tokens",
        ),
        (
            &specific,
            "9999",
            DEMO_PASSWORD,
            "INVALID_ROLE",
            "not one of this user's roles",
        ),
        (
            &blocked,
            ROLE,
            DEMO_PASSWORD,
            "consumer_key_refused",
            "TBA: IssueToken Endpoint",
        ),
        (
            &generic,
            "1001",
            DEMO_PASSWORD,
            "permission_denied",
            "email or the password is wrong",
        ),
    ];
    for (emu, role, password, detail, first) in cases {
        let out = issue(
            emu,
            &["--email", email, "--role", role, "--print-secret"],
            &[("NETSUITE_PASSWORD", password)],
        )
        .await;
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "role {role}: {t}");
        assert_eq!(
            last_detail(emu).as_deref(),
            Some(detail),
            "role {role}: {t}"
        );
        let line1 = t
            .lines()
            .find(|l| l.trim_start().starts_with("1. "))
            .unwrap_or("");
        assert!(
            line1.contains(first) || t.contains(first),
            "role {role}: {t}"
        );
        assert!(!t.contains(password) || password == "wrong", "{t}");
    }
    // The generic answer lists every cause and points at the audit trail.
    let out = issue(
        &generic,
        &["--email", email, "--role", "1001", "--print-secret"],
        &[pw],
    )
    .await;
    let t = text(&out);
    assert!(
        t.contains("Possible causes") && t.contains("Login Audit Trail"),
        "{t}"
    );
    assert!(
        t.contains("User Access Tokens") && t.contains("IssueToken Endpoint"),
        "{t}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_before_any_call() {
    let emu = emulator(Scenario::Healthy, FlowErrors::Generic).await;
    let pw = ("NETSUITE_PASSWORD", DEMO_PASSWORD);
    let bad_email = issue(
        &emu,
        &["--email", "admin", "--role", ROLE, "--print-secret"],
        &[pw],
    )
    .await;
    assert_eq!(bad_email.status.code(), Some(2));
    assert!(text(&bad_email).contains("--email"), "{}", text(&bad_email));
    let bad_role = issue(
        &emu,
        &[
            "--email",
            "a@example.com",
            "--role",
            "Administrator",
            "--print-secret",
        ],
        &[pw],
    )
    .await;
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(text(&bad_role).contains("--role"));
    let no_password = issue(
        &emu,
        &["--email", "a@example.com", "--role", ROLE, "--print-secret"],
        &[],
    )
    .await;
    assert_eq!(no_password.status.code(), Some(2), "{}", text(&no_password));
    assert!(text(&no_password).contains("NETSUITE_PASSWORD"));
    let nowhere = issue(&emu, &["--email", "a@example.com", "--role", ROLE], &[pw]).await;
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(
        emu.audit_trail().is_empty(),
        "nothing reached NetSuite: {:?}",
        emu.audit_trail()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_profile_holds_the_token_and_no_secret_is_printed() {
    let emu = emulator(Scenario::Healthy, FlowErrors::Generic).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().to_str().unwrap().to_string();
    let out = issue(
        &emu,
        &[
            "--email",
            "integration@example.com",
            "--role",
            ROLE,
            "--profile",
            "legacy",
        ],
        &[
            ("NETSUITE_PASSWORD", DEMO_PASSWORD),
            ("NSTBA_CONFIG_DIR", &cfg),
            ("NSTBA_SECRET_STORE", "file"),
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Saved to profile \"legacy\""));
    let issued = emu
        .audit_trail()
        .last()
        .map(|e| e.note.clone().unwrap_or_default())
        .unwrap_or_default();
    assert!(issued.contains("issuetoken"), "{issued}");
    let base = emu.base_url();
    let mut t = nstba();
    t.env("NSTBA_CONFIG_DIR", &cfg)
        .env("NSTBA_SECRET_STORE", "file")
        .args([
            "test",
            "--profile",
            "legacy",
            "--api",
            "rest",
            "--base-url",
            &base,
        ]);
    let tested = tokio::task::spawn_blocking(move || t.output().unwrap())
        .await
        .unwrap();
    assert_eq!(tested.status.code(), Some(0), "{}", text(&tested));
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let body = std::fs::read_to_string(file.unwrap().path()).unwrap_or_default();
        assert!(
            !body.contains(DEMO_PASSWORD),
            "the password is never stored"
        );
    }
}
