//! Regression tests for the hostile review's CLI and store findings: a token is never issued
//! when it could not be kept (and never lost when saving fails late), cleartext refused, closed
//! pipes, pasted secrets in the account field, orphaned secrets, emulator limits, core dumps, and
//! the exact messages and exit codes. Loopback only; every wait bounded.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use nstba::emulator::{Emulator, EmulatorConfig, demo};
use nstba::netsuite::Credentials;
use nstba::profile::{Profile, ProfileStore, SecretStoreKind};

fn nstba(cfg: &Path) -> Command {
    let c = demo::credentials();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nstba"));
    cmd.env("NETSUITE_ACCOUNT_ID", demo::ACCOUNT)
        .env("NETSUITE_CONSUMER_KEY", c.consumer_key.expose())
        .env("NETSUITE_CONSUMER_SECRET", c.consumer_secret.expose())
        .env("NETSUITE_TOKEN_ID", c.token_id.expose())
        .env("NETSUITE_TOKEN_SECRET", c.token_secret.expose())
        .env("NSTBA_CONFIG_DIR", cfg)
        .env("NSTBA_SECRET_STORE", "file")
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .stdin(Stdio::null());
    cmd
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn emulator(rt: &tokio::runtime::Runtime) -> Emulator {
    rt.block_on(Emulator::start(EmulatorConfig {
        latency: Some(Duration::ZERO),
        ..Default::default()
    }))
    .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn step_ones(emu: &Emulator) -> usize {
    emu.audit_trail()
        .iter()
        .filter(|e| e.path == "/rest/requesttoken")
        .count()
}

/// A profile name, the word its refusal must contain, and how to break the store for it.
#[cfg(unix)]
type Setup = (&'static str, &'static str, fn(&Path));

#[cfg(unix)]
#[test]
fn token_request_checks_the_profile_store_before_step_one() {
    use std::os::unix::fs::PermissionsExt;
    let rt = rt();
    let emu = emulator(&rt);
    let base = emu.base_url();
    let setups: [Setup; 3] = [
        ("../../x", "not allowed", |_| {}),
        ("acme", "profiles.toml", |d| {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("profiles.toml"), "[profiles.acme\n").unwrap();
        }),
        ("acme", "chmod 600", |d| {
            std::fs::create_dir_all(d).unwrap();
            let p = d.join("secrets.toml");
            std::fs::write(&p, "[profiles]\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }),
    ];
    for (name, needle, setup) in setups {
        let dir = tempfile::tempdir().unwrap();
        setup(dir.path());
        let o = nstba(dir.path())
            .args(["token", "request", "--no-browser", "--timeout", "5"])
            .args(["--base-url", &base, "--profile", name])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(text(&o).contains(needle), "{name}: {}", text(&o));
        assert_eq!(step_ones(&emu), 0, "{name}: a token was requested anyway");
    }
}

/// Runs `token request ARGS` against the emulator, calls `meanwhile` once the consent URL is out,
/// clicks Allow, and returns the exit status and the rest of stderr.
fn flow_with(
    rt: &tokio::runtime::Runtime,
    mut cmd: Command,
    meanwhile: impl FnOnce(),
) -> (Option<i32>, String) {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut url = String::new();
    let mut line = String::new();
    while url.is_empty() && stderr.read_line(&mut line).unwrap() > 0 {
        if line.trim().contains("authorizetoken.nl") {
            url = line.trim().to_string();
        }
        line.clear();
    }
    meanwhile();
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}&decision=allow"))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    (child.wait().unwrap().code(), rest)
}

/// The one `nstba-unsaved-token-*` file in `dir`, checked to be private and sourceable.
fn unsaved_file(dir: &Path, stderr: &str) -> String {
    let saved: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("nstba-unsaved-token-"))
        .collect();
    assert_eq!(saved.len(), 1, "{stderr}");
    assert!(stderr.contains(&saved[0].display().to_string()), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    std::fs::read_to_string(&saved[0]).unwrap()
}

#[test]
fn a_closed_stdout_never_loses_a_printed_token() {
    let rt = rt();
    let emu = emulator(&rt);
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = nstba(dir.path());
    cmd.args([
        "token",
        "request",
        "--no-browser",
        "--timeout",
        "20",
        "--print-secret",
    ])
    .args(["--base-url", &emu.base_url()])
    .current_dir(dir.path())
    .stdout(writer);
    let (code, rest) = flow_with(&rt, cmd, || {});
    assert_eq!(code, Some(3), "{rest}");
    let body = unsaved_file(dir.path(), &rest);
    assert!(body.contains("export NETSUITE_TOKEN_SECRET='"), "{body}");
}

#[test]
fn a_save_that_fails_after_step_three_keeps_the_secret_in_a_private_file() {
    let rt = rt();
    let emu = emulator(&rt);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().to_path_buf();
    let mut cmd = nstba(&cfg);
    cmd.args(["token", "request", "--no-browser", "--timeout", "20"])
        .args(["--base-url", &emu.base_url(), "--profile", "late"])
        .env_remove("NETSUITE_TOKEN_ID")
        .env_remove("NETSUITE_TOKEN_SECRET")
        .stdout(Stdio::piped());
    // After the preflight, something breaks the store (another program, a full disk…).
    let (code, rest) = flow_with(&rt, cmd, || {
        std::fs::write(cfg.join("profiles.toml"), "not = [toml\n").unwrap();
    });
    assert_eq!(code, Some(3), "{rest}");
    assert!(rest.contains("mode 0600"), "{rest}");
    let body = unsaved_file(&cfg, &rest);
    assert!(body.contains("export NETSUITE_TOKEN_SECRET='"), "{body}");
}

#[test]
fn cleartext_http_to_other_hosts_is_refused_unless_asked_for_and_then_said() {
    let dir = tempfile::tempdir().unwrap();
    // 192.0.2.0/24 is TEST-NET: nothing is ever sent there (the refusal comes first).
    for args in [
        vec!["test", "--base-url", "http://192.0.2.1"],
        vec!["report", "--base-url", "http://192.0.2.1"],
        vec!["token", "revoke", "--base-url", "http://192.0.2.1"],
        vec![
            "token",
            "request",
            "--print-secret",
            "--base-url",
            "http://192.0.2.1",
        ],
        vec![
            "sign",
            "--method",
            "GET",
            "--url",
            "http://192.0.2.1/services/rest/x",
        ],
    ] {
        let o = nstba(dir.path()).args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("--allow-insecure-http"), "{}", text(&o));
    }
    let o = nstba(dir.path())
        .args(["sign", "--method", "GET", "--url", "http://192.0.2.1/x"])
        .arg("--allow-insecure-http")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("INSECURE"), "{}", text(&o));
}

#[test]
fn loopback_is_never_sent_through_an_environment_proxy() {
    let rt = rt();
    let emu = emulator(&rt);
    let dir = tempfile::tempdir().unwrap();
    // A proxy that does not exist: a request sent to it fails.
    let o = nstba(dir.path())
        .args(["test", "--json", "--base-url", &emu.base_url()])
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("http_proxy", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Runs `cmd` with a stdout whose reader is already closed (`| head -0`).
fn with_closed_stdout(mut cmd: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cmd.stdout(writer).stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let rt = rt();
    let emu = emulator(&rt);
    let dir = tempfile::tempdir().unwrap();
    let o = nstba(dir.path())
        .args(["profile", "save", "acme"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let base = emu.base_url();
    for args in [
        vec![
            "sign",
            "--method",
            "GET",
            "--url",
            "https://1234567.suitetalk.api.netsuite.com/x",
            "--explain",
        ],
        vec!["profile", "list"],
        vec!["profile", "show", "acme"],
        vec!["report", "--base-url", &base],
        vec!["test", "--base-url", &base],
        vec!["explain", "InvalidSignature"],
    ] {
        let mut cmd = nstba(dir.path());
        cmd.args(&args);
        let o = with_closed_stdout(cmd);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_non_hex_secret_in_the_account_field_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let pasted = "Zq8-mX2_pLk9Ww3rTy7uIo1PaS5dFg6H";
    let o = nstba(dir.path())
        .args(["test"])
        .env("NETSUITE_ACCOUNT_ID", pasted)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    for i in 4..pasted.len() - 6 {
        assert!(!text(&o).contains(&pasted[i..i + 6]), "{}", text(&o));
    }
}

#[test]
fn a_failed_profiles_write_leaves_no_orphaned_secrets_and_remove_cleans_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(dir.path().to_path_buf())
        .unwrap()
        .with_secret_store(SecretStoreKind::File);
    let creds = Credentials::new("ck-12345678", "cs-12345678", "tk-12345678", "ts-12345678");
    // profiles.toml is a dangling link: it reads as absent but cannot be written.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("gone/p.toml"), store.profiles_path()).unwrap();
        assert!(
            store
                .save(&Profile::new("acme", "1234567"), &creds)
                .is_err()
        );
        let secrets = std::fs::read_to_string(store.secrets_path()).unwrap_or_default();
        assert!(
            !secrets.contains("ts-12345678"),
            "orphaned secrets:\n{secrets}"
        );
        std::fs::remove_file(store.profiles_path()).unwrap();
    }
    // Secrets left behind by an older version: `remove` deletes them.
    store
        .save(&Profile::new("acme", "1234567"), &creds)
        .unwrap();
    std::fs::write(store.profiles_path(), "").unwrap();
    assert!(store.list().unwrap().is_empty());
    let out = store.remove("acme").unwrap();
    assert!(out.warning.is_some());
    let secrets = std::fs::read_to_string(store.secrets_path()).unwrap();
    assert!(!secrets.contains("ts-12345678"), "{secrets}");
    assert!(store.remove("acme").is_err());
}

#[cfg(target_os = "linux")]
#[test]
fn the_process_refuses_core_dumps() {
    let bin = env!("CARGO_BIN_EXE_nstba");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -c unlimited 2>/dev/null || ulimit -S -c \"$(ulimit -H -c)\"; \
             exec '{bin}' emulator --listen 127.0.0.1:0"
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .split_whitespace()
        .skip(4)
        .take(2)
        .collect::<Vec<_>>();
    assert_eq!(core, ["0", "0"], "{limits}");
}

#[test]
fn the_emulator_cuts_connections_that_never_send_a_request() {
    let rt = rt();
    let emu = emulator(&rt);
    let addr = emu.addr();
    let closed = rt.block_on(async move {
        let mut idle = Vec::new();
        for _ in 0..30 {
            idle.push(tokio::net::TcpStream::connect(addr).await.unwrap());
        }
        // A real request is still served at once.
        let ok = reqwest::get(format!("http://{addr}/__nstba/audit-trail"))
            .await
            .unwrap()
            .status();
        assert_eq!(ok, 200);
        let mut closed = 0;
        for mut s in idle {
            let mut buf = [0u8; 1];
            let r = tokio::time::timeout(
                Duration::from_secs(13),
                tokio::io::AsyncReadExt::read(&mut s, &mut buf),
            )
            .await;
            if matches!(r, Ok(Ok(0)) | Ok(Err(_))) {
                closed += 1;
            }
        }
        closed
    });
    assert_eq!(closed, 30);
}

#[test]
fn messages_and_exit_codes_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let o = nstba(dir.path())
            .arg("test")
            .env(
                "NETSUITE_TOKEN_SECRET",
                std::ffi::OsStr::from_bytes(b"ab\xffcd"),
            )
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(
            text(&o).contains("NETSUITE_TOKEN_SECRET is set but is not valid text"),
            "{}",
            text(&o)
        );
    }
    for (value, needle) in [
        ("-1", "--timeout -1: expected"),
        ("1e-300", "--timeout 1e-300: expected"),
    ] {
        let o = nstba(dir.path())
            .args(["test", "--timeout", value])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        assert!(text(&o).contains(needle), "{}", text(&o));
    }
    // A configuration directory that is a file: the user's to fix, exit 2.
    let file = dir.path().join("cfg-file");
    std::fs::write(&file, "").unwrap();
    for args in [vec!["profile", "list"], vec!["profile", "save", "acme"]] {
        let o = nstba(&file).args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
    }
    // A keychain entry that cannot be deleted: stdout must not claim it was.
    let cfg = dir.path().join("kc");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("profiles.toml"),
        "[profiles.acme]\naccount = \"1234567\"\nsecret_store = \"keyring\"\n",
    )
    .unwrap();
    let o = nstba(&cfg)
        .args(["profile", "remove", "acme"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/nstba-bus",
        )
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("could not be deleted"), "{out}\n{err}");
    assert!(!out.contains("and its stored credentials"), "{out}\n{err}");
    assert!(out.contains("could NOT"), "{out}\n{err}");
}
