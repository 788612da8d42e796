//! The OS keychain for real: `profile save` → `test --profile` → `profile remove` through a
//! running Secret Service (on Linux, gnome-keyring on the D-Bus session that `.ci/run` starts with
//! `dbus-run-session`), checking that the secret is in the keychain and in no file.
//!
//! A custom harness (`harness = false`), so the test can decide at run time: without a reachable
//! Secret Service it is reported as *ignored* locally, and it FAILS under `CI=true`, where
//! `.ci/run` must have started one.

use std::path::Path;
use std::process::{Command, ExitCode, Output};

use nstba::emulator::{Emulator, EmulatorConfig, demo};
use nstba::profile::secrets::{KEYRING_SERVICE, probe_keyring};

const NAME: &str = "keychain_round_trip";

fn main() -> ExitCode {
    println!("\nrunning 1 test");
    let reachable = std::env::var_os("DBUS_SESSION_BUS_ADDRESS")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| "DBUS_SESSION_BUS_ADDRESS is not set".to_string())
        .and_then(|_| probe_keyring());
    if let Err(why) = reachable {
        // The same rule as build.rs's `nstba_ci`: any CI value but empty, 0 or false.
        if std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false")) {
            println!("test {NAME} ... FAILED");
            println!(
                "\nCI=true but no Secret Service is reachable ({why}); .ci/run must run the tests \
                 inside dbus-run-session with gnome-keyring-daemon unlocked"
            );
            println!("\ntest result: FAILED. 0 passed; 1 failed; 0 ignored");
            return ExitCode::FAILURE;
        }
        println!("test {NAME} ... ignored, no Secret Service reachable ({why})");
        println!("\ntest result: ok. 0 passed; 0 failed; 1 ignored");
        return ExitCode::SUCCESS;
    }
    match std::panic::catch_unwind(round_trip) {
        Ok(()) => {
            println!("test {NAME} ... ok");
            println!("\ntest result: ok. 1 passed; 0 failed; 0 ignored");
            ExitCode::SUCCESS
        }
        Err(_) => {
            println!("test {NAME} ... FAILED");
            println!("\ntest result: FAILED. 0 passed; 1 failed; 0 ignored");
            ExitCode::FAILURE
        }
    }
}

fn nstba(cfg: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nstba"));
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("NETSUITE_") {
            c.env_remove(k);
        }
    }
    c.env("NSTBA_CONFIG_DIR", cfg)
        .env("NSTBA_SECRET_STORE", "keyring")
        .env("NO_COLOR", "1");
    c
}

fn check(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: {:?}\n{}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every byte of every file under `dir`.
fn all_files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            all_files(&p, out);
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p.display().to_string(), b));
        }
    }
}

fn round_trip() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emu = rt
        .block_on(Emulator::start(EmulatorConfig::default()))
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let name = format!("kc-{}", std::process::id());
    let c = demo::credentials();

    let o = nstba(&cfg)
        .args(["profile", "save", &name])
        .env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", c.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", c.token_secret.expose())
        .output()
        .unwrap();
    check(&o, "profile save");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("the OS keychain"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // The secret is in the keychain …
    let entry = keyring::Entry::new(KEYRING_SERVICE, &name).unwrap();
    let stored = entry.get_password().expect("the keychain entry exists");
    assert!(stored.contains(c.token_secret.expose()));
    // … and in no file.
    let mut files = Vec::new();
    all_files(&cfg, &mut files);
    assert!(!files.is_empty(), "profiles.toml was written");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for s in c.fields() {
            assert!(!text.contains(s.expose()), "a secret in {path}");
        }
    }

    // The profile alone (no NETSUITE_* variables) passes the connection test.
    let o = nstba(&cfg)
        .args(["test", "--profile", &name, "--base-url", &emu.base_url()])
        .output()
        .unwrap();
    check(&o, "test --profile");

    let o = nstba(&cfg)
        .args(["profile", "remove", &name])
        .output()
        .unwrap();
    check(&o, "profile remove");
    assert!(String::from_utf8_lossy(&o.stderr).is_empty());
    assert!(matches!(entry.get_password(), Err(keyring::Error::NoEntry)));
    rt.block_on(emu.shutdown());
}
