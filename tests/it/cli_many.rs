//! Several profiles at once (issue 17): `nstba test --all-profiles` and `--profile A --profile B`
//! against the multi-account emulator, with profiles of different kinds and scenarios: the JSON
//! array carries `"profile"` and each document equals testing that profile alone, the exit
//! status is the worst run's, the text table has a row per profile, the combined report leaks no
//! credential, and the combinations that cannot work exit 2 with a message saying why.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
use nstba::emulator::{AccountSpec, Emulator, EmulatorConfig, EmulatorOptions};
use serde_json::Value;

use crate::support::cli::{self, NstbaEnv};

/// The accounts: two TBA profiles (healthy, revoked token), two M2M (healthy, scope mismatch).
const ACCOUNTS: [(&str, &str, &str); 4] = [
    ("acme", "1000001", "healthy"),
    ("globex", "1000002_SB1", "revoked-token"),
    ("initech", "1000003", "healthy"),
    ("umbrella", "1000004", "m2m-scope-mismatch"),
];

fn specs() -> Vec<AccountSpec> {
    ACCOUNTS
        .iter()
        .map(|(_, id, s)| AccountSpec::parse(&format!("{id}={s}")).unwrap())
        .collect()
}

async fn emulator() -> Emulator {
    let config = EmulatorConfig {
        latency: Some(Duration::ZERO),
        ..EmulatorConfig::default()
    };
    Emulator::start_accounts(config, EmulatorOptions::default(), &specs())
        .await
        .expect("emulator starts")
}

fn nstba(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = cli::nstba();
    c.with_store(dir)
        .args(args)
        .timeout(Duration::from_secs(60));
    c
}

async fn run(mut cmd: assert_cmd::Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Saves the four profiles in `dir` (the first two TBA, the last two M2M).
async fn save_profiles(dir: &Path) {
    for (i, (spec, (name, _, _))) in specs().iter().zip(ACCOUNTS).enumerate() {
        let c = spec.credentials();
        let mut cmd = nstba(dir, &["profile", "save", name]);
        cmd.env("NETSUITE_ACCOUNT_ID", spec.account.realm());
        if i < 2 {
            cmd.with_creds(
                &spec.account.realm(),
                [
                    c.consumer_key.expose(),
                    c.consumer_secret.expose(),
                    c.token_id.expose(),
                    c.token_secret.expose(),
                ],
            );
        } else {
            cmd.env("NETSUITE_CLIENT_ID", c.consumer_key.expose())
                .env("NETSUITE_CERTIFICATE_ID", DEMO_CERTIFICATE_ID)
                .env("NETSUITE_PRIVATE_KEY", demo_private_key().expose());
        }
        let o = run(cmd).await;
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
}

/// A test document with what differs between two runs masked: the access token's times, then
/// as the parallel-probe comparison masks (durations, the emulator's address, clock readings,
/// server times).
fn masked(mut v: Value, addr: &str) -> String {
    if let Some(token) = v.get_mut("token").and_then(Value::as_object_mut) {
        for (_, value) in token.iter_mut().filter(|(_, x)| x.is_number()) {
            *value = 0.into();
        }
    }
    crate::parallel_probes::masked(v, addr)
}

fn assert_no_credentials(text: &str) {
    for spec in specs() {
        for f in spec.credentials().fields() {
            assert!(!text.contains(f.expose()), "a credential leaked:\n{text}");
        }
    }
    let key = demo_private_key();
    for line in key.expose().lines().filter(|l| !l.starts_with("-----")) {
        assert!(!text.contains(line), "a private key line leaked:\n{text}");
    }
    assert!(!text.contains("eyJ"), "a JWT leaked:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_profiles_give_an_array_equal_to_testing_each_alone_and_the_worst_exit() {
    let together = tempfile::tempdir().unwrap();
    let alone = tempfile::tempdir().unwrap();
    save_profiles(together.path()).await;
    save_profiles(alone.path()).await;
    let (emu_all, emu_one) = (emulator().await, emulator().await);

    let base = emu_all.base_url();
    let o = run(nstba(
        together.path(),
        &[
            "test",
            "--all-profiles",
            "--json",
            "--api",
            "rest,restlet",
            "--base-url",
            &base,
        ],
    ))
    .await;
    assert_eq!(
        o.status.code(),
        Some(1),
        "the worst run failed: {}",
        text(&o)
    );
    assert_no_credentials(&text(&o));
    let docs: Vec<Value> = serde_json::from_slice(&o.stdout).expect("a JSON array");
    let names: Vec<&str> = docs
        .iter()
        .map(|d| d["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme", "globex", "initech", "umbrella"]);
    let oks: Vec<bool> = docs.iter().map(|d| d["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, false, true, false]);
    assert_eq!(docs[1]["diagnoses"][0]["code"], "invalid-login");
    assert_eq!(docs[2]["auth"], "m2m");

    let base_one = emu_one.base_url();
    for (doc, (name, _, _)) in docs.iter().zip(ACCOUNTS) {
        let o = run(nstba(
            alone.path(),
            &[
                "test",
                "--profile",
                name,
                "--json",
                "--api",
                "rest,restlet",
                "--base-url",
                &base_one,
            ],
        ))
        .await;
        let mut single: Value = serde_json::from_slice(&o.stdout).expect("a JSON document");
        single["profile"] = name.into();
        assert_eq!(
            masked(doc.clone(), &emu_all.addr().to_string()),
            masked(single, &emu_one.addr().to_string()),
            "{name}"
        );
        let expected = if doc["ok"] == true { 0 } else { 1 };
        assert_eq!(o.status.code(), Some(expected), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn named_profiles_print_a_row_each_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    save_profiles(dir.path()).await;
    let emu = emulator().await;
    let base = emu.base_url();
    let o = run(nstba(
        dir.path(),
        &[
            "test",
            "--profile",
            "initech",
            "--profile",
            "acme",
            "--jobs",
            "2",
            "--base-url",
            &base,
        ],
    ))
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("profile") && lines[0].contains("first diagnosis"),
        "{out}"
    );
    for (name, kind, account) in [("acme", "tba", "1000001"), ("initech", "m2m", "1000003")] {
        let row = lines
            .iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{out}"));
        assert!(
            row.contains(kind) && row.contains(account) && row.contains("pass"),
            "{row}"
        );
    }
    assert!(out.contains("2 profiles: 2 passed."), "{out}");
    assert!(
        !out.contains('\x1b'),
        "no terminal codes into a pipe:\n{out}"
    );
    assert_no_credentials(&text(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_that_cannot_be_tested_is_a_row_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    save_profiles(dir.path()).await;
    let emu = emulator().await;
    let base = emu.base_url();
    let o = run(nstba(
        dir.path(),
        &[
            "test",
            "--profile",
            "globex",
            "--profile",
            "nobody",
            "--json",
            "--base-url",
            &base,
        ],
    ))
    .await;
    assert_eq!(
        o.status.code(),
        Some(2),
        "usage beats a failed run: {}",
        text(&o)
    );
    let docs: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(docs[0]["profile"], "globex");
    assert_eq!(docs[0]["ok"], false);
    assert_eq!(docs[1]["profile"], "nobody");
    assert!(
        docs[1]["error"]
            .as_str()
            .unwrap()
            .contains("no profile named"),
        "{docs:?}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"nobody\" not tested"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_combinations_exit_2_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    // (arguments, environment, what the error says)
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 5] = [
        (
            &["test", "--all-profiles", "--profile", "a"],
            &[],
            "not both",
        ),
        (
            &["test", "--profile", "a", "--profile", "b"],
            &[("NETSUITE_TOKEN_ID", "x")],
            "NETSUITE_TOKEN_ID is set",
        ),
        (
            &["test", "--profile", "a", "--profile", "b", "--jobs", "0"],
            &[],
            "--jobs 0",
        ),
        (
            &["test", "--profile", "a", "--jobs", "3"],
            &[],
            "only with several profiles",
        ),
        (&["report", "--all-profiles"], &[], "no saved profiles"),
    ];
    for (args, env, says) in cases {
        let mut cmd = nstba(dir.path(), args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let o = run(cmd).await;
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_combined_report_has_a_summary_and_each_profile_redacted() {
    let dir = tempfile::tempdir().unwrap();
    save_profiles(dir.path()).await;
    let emu = emulator().await;
    let base = emu.base_url();
    let o = run(nstba(
        dir.path(),
        &["report", "--all-profiles", "--base-url", &base],
    ))
    .await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.starts_with("# nstba support report: 4 profiles"), "{md}");
    assert!(
        md.contains("| globex | tba | 1000002_SB1 | fail | `invalid-login` |"),
        "{md}"
    );
    assert_eq!(md.matches("\n## nstba").count(), 4, "{md}");
    assert_no_credentials(&text(&o));
}
