//! End to end: a profile saved from the environment, tested with `nstba report --profile` against
//! the built-in emulator, first healthy and then with the token revoked. The report must pass,
//! then fail with the "passed before, fails now" warning and the Login Audit Trail explanation.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};

use crate::support::cli::{self, NstbaEnv};

fn nstba(cfg: &Path) -> Command {
    let mut c = cli::nstba();
    c.with_store(cfg)
        .timeout(std::time::Duration::from_secs(60));
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn report_against_the_emulator_passes_then_explains_a_revoked_token() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt
        .block_on(Emulator::start(EmulatorConfig::default()))
        .unwrap();
    let url = emu.base_url();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let creds = demo::credentials();
    let secrets: Vec<String> = creds
        .fields()
        .iter()
        .map(|s| s.expose().to_string())
        .collect();

    let o = nstba(&cfg)
        .args(["profile", "save", "demo", "--api", "rest,soap"])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", &secrets[0])
        .env("NETSUITE_CONSUMER_SECRET", &secrets[1])
        .env("NETSUITE_TOKEN_ID", &secrets[2])
        .env("NETSUITE_TOKEN_SECRET", &secrets[3])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));

    // Healthy: every check passes, exit 0.
    let o = nstba(&cfg)
        .args([
            "report",
            "--profile",
            "demo",
            "--timeout",
            "5",
            "--api",
            "rest,soap",
        ])
        .args(["--base-url", &url])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("**Passed**"), "{out}");
    assert!(
        out.contains("| ✓ pass |") && !out.contains("✗ fail"),
        "{out}"
    );
    assert!(out.contains("None: the connection works."));

    // The token is revoked in NetSuite: the report fails, says it passed before, and explains
    // the Detail value the admin read in the Login Audit Trail.
    emu.set_scenario(Scenario::RevokedToken);
    let o = nstba(&cfg)
        .args(["report", "--profile", "demo", "--timeout", "5"])
        .args(["--base-url", &url, "--detail", "token_rejected"])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(out.contains("`invalid-login`"), "{out}");
    assert!(out.contains("## Profile warnings"), "{out}");
    assert!(out.contains("fails now (invalid-login)"), "{out}");
    assert!(out.contains("Detail value reported: `token_rejected`"));
    assert!(out.contains("**Fix:**") && !out.contains("not in nstba's catalogue"));
    for s in &secrets {
        assert!(!out.contains(s.as_str()) && !err.contains(s.as_str()));
    }

    // The profile remembers both runs.
    let o = nstba(&cfg)
        .args(["profile", "show", "demo"])
        .output()
        .unwrap();
    let (out, _) = text(&o);
    assert!(
        out.contains("Last test          failed (invalid-login): "),
        "{out}"
    );
    assert!(out.contains("Last passed"), "{out}");
    assert!(out.contains("fails now (invalid-login)"), "{out}");
    let o = nstba(&cfg).args(["profile", "list"]).output().unwrap();
    assert!(text(&o).0.contains("failed (invalid-login)"));

    rt.block_on(emu.shutdown());
}

#[test]
fn test_with_a_profile_records_the_result_and_warns_when_it_regresses() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt
        .block_on(Emulator::start(EmulatorConfig::default()))
        .unwrap();
    let url = emu.base_url();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let creds = demo::credentials();
    let o = nstba(&cfg)
        .args(["profile", "save", "acme-sb"])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", creds.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", creds.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", creds.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", creds.token_secret.expose())
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));

    let o = nstba(&cfg)
        .args(["test", "--profile", "acme-sb", "--base-url", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));

    emu.set_scenario(Scenario::IntegrationBlocked);
    let o = nstba(&cfg)
        .args(["test", "--profile", "acme-sb", "--base-url", &url])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(
        out.contains("Profile: ") && out.contains("fails now"),
        "{out}"
    );

    let o = nstba(&cfg)
        .args(["profile", "show", "acme-sb"])
        .output()
        .unwrap();
    let (out, _) = text(&o);
    assert!(out.contains("failed (invalid-login)"), "{out}");
    assert!(out.contains("Last passed"), "{out}");
    rt.block_on(emu.shutdown());
}
