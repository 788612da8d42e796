//! `nstba profile …` and `nstba report` as a user runs them: secrets stay out of every file but
//! the secret store and out of every output; profiles resolve from a clean environment.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

use crate::support::cli::{self, NstbaEnv};

const ACCOUNT: &str = "1234567-sb1";
const CK: &str = "a1c0ffee5ca1ab1e000000000000000000000000000000000000000000c0ke1";
const CS: &str = "b2d0ffee5ca1ab1e000000000000000000000000000000000000000000c0se2";
const TK: &str = "c3e0ffee5ca1ab1e000000000000000000000000000000000000000000t0id3";
const TS: &str = "d4f0ffee5ca1ab1e000000000000000000000000000000000000000000t0se4";

/// `nstba` with nothing inherited from the caller's environment but the store location.
fn nstba(cfg: &Path) -> Command {
    let mut c = cli::nstba();
    c.with_store(cfg);
    c
}

fn with_credentials(c: &mut Command) -> &mut Command {
    c.with_creds(ACCOUNT, [CK, CS, TK, TS])
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A port nothing listens on (bound by the OS, then released).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn save(cfg: &Path, name: &str) -> Output {
    with_credentials(nstba(cfg).args(["profile", "save", name]))
        .output()
        .unwrap()
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn save_keeps_secrets_in_the_private_store_only() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let o = save(&cfg, "acme-sb1");
    assert!(o.status.success(), "{}", all_output(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("secrets.toml") && stderr.contains("0600"),
        "one-time warning missing: {stderr}"
    );
    // Shown once only.
    let o = save(&cfg, "second");
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("warning"));

    let secrets = cfg.join("secrets.toml");
    let mut files = Vec::new();
    walk(tmp.path(), &mut files);
    assert!(files.contains(&secrets) && files.contains(&cfg.join("profiles.toml")));
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for s in [CK, CS, TK, TS] {
            assert_eq!(text.contains(s), *f == secrets, "{} and {s}", f.display());
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn report_resolves_a_profile_from_a_clean_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    assert!(save(&cfg, "acme-sb1").status.success());
    let url = format!("http://127.0.0.1:{}", closed_port());
    let o = nstba(&cfg)
        .args(["report", "--profile", "acme-sb1", "--timeout", "1"])
        .args(["--base-url", &url])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    // Past credential resolution: the report ran (exit 0 or 1, never 2) and shows the
    // profile's values reduced to their last 4 characters.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", all_output(&o));
    assert!(out.starts_with("# nstba support report"), "{out}");
    assert!(out.contains("`acme-sb1`"));
    // (The key and token id; the two secrets only say that they are set.)
    for s in [CK, TK] {
        let last4 = &s[s.len() - 4..];
        assert!(out.contains(&format!("`…{last4}`")), "{out}");
    }
    for s in [CS, TS] {
        assert!(!out.contains(&s[s.len() - 4..]), "{out}");
    }
    // The run was recorded in the profile.
    let list = nstba(&cfg).args(["profile", "list"]).output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("acme-sb1") && !list.contains("never tested"),
        "{list}"
    );
    assert!(list.contains("* acme-sb1"), "last used marker: {list}");
}

#[test]
fn unknown_profile_and_bad_input_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let o = nstba(&cfg)
        .args(["report", "--profile", "ghost"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no profile named \"ghost\"") && err.contains("nstba profile list"));

    // Save needs all five variables and names the missing one.
    let o = nstba(&cfg)
        .args(["profile", "save", "x"])
        .env("NETSUITE_ACCOUNT_ID", ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", CK)
        .env("NETSUITE_CONSUMER_SECRET", CS)
        .env("NETSUITE_TOKEN_ID", TK)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NETSUITE_TOKEN_SECRET"));
    let o = with_credentials(nstba(&cfg).args(["profile", "save", "x"]))
        .env("NETSUITE_ACCOUNT_ID", "acme@example.com")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NETSUITE_ACCOUNT_ID"));
    let o = with_credentials(nstba(&cfg).args(["profile", "save", "bad/name"]))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 to 64 characters"));
    let o = with_credentials(nstba(&cfg).args([
        "profile",
        "save",
        "x",
        "--sandbox-refreshed",
        "March 1",
    ]))
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));
    assert!(!cfg.join("profiles.toml").exists());
}

#[test]
fn show_prints_warnings_and_remove_deletes_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    assert!(save(&cfg, "keep").status.success());
    // Saved long ago (hand-edited time), sandbox refreshed since: the refresh warning shows.
    let o = with_credentials(nstba(&cfg).args([
        "profile",
        "save",
        "acme-sb1",
        "--sandbox-refreshed",
        "2026-01-15",
        "--api",
        "rest,soap",
        "--notes",
        "ACME ticket 42",
    ]))
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let path = cfg.join("profiles.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, section) = text.split_once("[profiles.acme-sb1]").unwrap();
    let saved_line = section
        .lines()
        .find(|l| l.starts_with("saved_at"))
        .unwrap()
        .to_string();
    // 2025-12-01T00:00:00Z, before the refresh.
    let section = section.replacen(&saved_line, "saved_at = 1764547200", 1);
    std::fs::write(&path, format!("{head}[profiles.acme-sb1]{section}")).unwrap();

    let o = nstba(&cfg)
        .args(["profile", "show", "acme-sb1"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(out.contains("1234567_SB1 (Sandbox 1)"), "{out}");
    assert!(out.contains("rest, soap") && out.contains("ACME ticket 42"));
    assert!(
        out.contains("refreshed on 2026-01-15") && out.contains("page:tokens"),
        "{out}"
    );

    let o = nstba(&cfg)
        .args(["profile", "remove", "acme-sb1"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let secrets = std::fs::read_to_string(cfg.join("secrets.toml")).unwrap();
    assert!(!secrets.contains("acme-sb1") && secrets.contains("keep"));
    let o = nstba(&cfg)
        .args(["profile", "show", "acme-sb1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn no_command_leaks_a_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let url = format!("http://127.0.0.1:{}", closed_port());
    let save = save(&cfg, "acme-sb1");
    let runs: Vec<(&str, Output)> = vec![
        ("profile save", save),
        (
            "profile show",
            with_credentials(nstba(&cfg).args(["profile", "show", "acme-sb1"]))
                .output()
                .unwrap(),
        ),
        (
            "profile list",
            with_credentials(nstba(&cfg).args(["profile", "list"]))
                .output()
                .unwrap(),
        ),
        (
            "report --profile",
            nstba(&cfg)
                .args(["report", "--profile", "acme-sb1", "--timeout", "1"])
                .args(["--base-url", &url, "--detail", "InvalidSignature"])
                .output()
                .unwrap(),
        ),
        (
            "report (environment)",
            with_credentials(nstba(&cfg).args(["report", "--timeout", "1"]))
                .args(["--base-url", &url])
                .output()
                .unwrap(),
        ),
    ];
    for (what, o) in &runs {
        let all = all_output(o);
        assert!(!all.is_empty(), "{what} printed nothing");
        for s in [CK, CS, TK, TS] {
            assert!(!all.contains(s), "{what} leaked a credential:\n{all}");
        }
    }

    // sign: the consumer key and token id are part of what is signed and sent; the secrets never.
    let o = with_credentials(nstba(&cfg).args([
        "sign",
        "--method",
        "GET",
        "--url",
        "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer?limit=1",
        "--explain",
    ]))
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let all = all_output(&o);
    assert!(
        !all.contains(CS) && !all.contains(TS),
        "sign leaked a secret:\n{all}"
    );
    for line in all.lines() {
        if line.contains(CK) || line.contains(TK) {
            let l = line.trim_start();
            assert!(
                l.starts_with("OAuth ")
                    || l.starts_with("oauth_consumer_key=")
                    || l.starts_with("oauth_token=")
                    || l.starts_with("GET&"),
                "consumer key or token id outside the signed material: {line}"
            );
        }
    }
    assert!(all.lines().next().unwrap().starts_with("OAuth "));
}

/// A D-Bus session that accepts the connection and then never answers must not hang `save`: the
/// keychain probe gives up after its time limit and the file store is used, with the warning.
#[cfg(unix)]
#[test]
fn a_hung_dbus_session_falls_back_to_the_file_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let sock = tmp.path().join("bus");
    // Bound and listening, so connect() succeeds, but nobody ever reads or answers.
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let started = std::time::Instant::now();
    let mut cmd = cli::nstba();
    cmd.env("NSTBA_CONFIG_DIR", &cfg)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", sock.display()),
        )
        .args(["profile", "save", "acme"])
        .timeout(std::time::Duration::from_secs(20));
    let o = with_credentials(&mut cmd).output().unwrap();
    let elapsed = started.elapsed();
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("secrets.toml") && err.contains("keychain"),
        "{err}"
    );
    assert!(cfg.join("secrets.toml").exists());
}

#[test]
fn test_command_resolves_a_profile_from_a_clean_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    assert!(save(&cfg, "acme-sb1").status.success());
    let url = format!("http://127.0.0.1:{}", closed_port());
    let o = nstba(&cfg)
        .args(["test", "--profile", "acme-sb1", "--json", "--timeout", "1"])
        .args(["--base-url", &url])
        .output()
        .unwrap();
    // Exit 1: the credentials resolved and the test ran, but nothing answers on that port.
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["account"], "1234567_SB1");
    for s in [CK, CS, TK, TS] {
        assert!(!all_output(&o).contains(s));
    }
}
