//! One test per exit-status class of the real binary (`CliError::exit_code` is the one mapping):
//! usage 2, problem found 1, cancelled 130, internal 3, a closed stdout 0, a panic 3.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::fixtures::{ACCOUNT, CK, CS, TK, TS};
use crate::support::raw_http::{self, Reply};

/// The real binary with a clean environment (a std `Command`, so stdout can be any pipe).
fn nstba() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nstba"));
    c.env_clear().stdin(Stdio::null());
    c
}

/// [`nstba`] with the fixture account and credentials.
fn with_creds() -> Command {
    let mut c = nstba();
    for (k, v) in [
        ("NETSUITE_ACCOUNT_ID", ACCOUNT),
        ("NETSUITE_CONSUMER_KEY", CK),
        ("NETSUITE_CONSUMER_SECRET", CS),
        ("NETSUITE_TOKEN_ID", TK),
        ("NETSUITE_TOKEN_SECRET", TS),
    ] {
        c.env(k, v);
    }
    c
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let o = cmd.output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn usage_errors_exit_2() {
    // clap's own refusal and a value the command rejects both end in 2.
    let (code, _, err) = run(nstba().arg("--no-such-flag"));
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(nstba().args(["test", "--api", "graphql"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("nstba: "), "{err}");
    // Help is not an error.
    let (code, out, _) = run(nstba().arg("--help"));
    assert_eq!(code, Some(0));
    assert!(out.contains("Usage"), "{out}");
}

#[test]
fn a_problem_found_exits_1() {
    let rt = rt();
    let server = rt.block_on(raw_http::start(|_| raw_http::json(401, "{}")));
    let (code, out, err) =
        run(with_creds().args(["test", "--timeout", "5", "--base-url", &server.base_url()]));
    assert_eq!(code, Some(1), "{out}{err}");
}

#[test]
fn ctrl_c_during_a_test_exits_130_after_the_partial_report() {
    let rt = rt();
    // Never answers: the test waits on its first request until cancelled.
    let server = rt.block_on(raw_http::start(|_| Reply::Never));
    let child = with_creds()
        .args(["test", "--json", "--timeout", "60", "--base-url"])
        .arg(server.base_url())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.requests().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nstba never reached the stand-in"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sending a signal to our own child process, which has not been reaped yet.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let o: Output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(130),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cancelled"], true, "{out}");
    assert_eq!(v["ok"], false);
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn an_internal_error_exits_3() {
    // A stdout that cannot be written for another reason than a closed pipe (a full disk).
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let (code, _, err) = run(nstba()
        .args(["explain", "InvalidSignature"])
        .stdout(Stdio::from(full)));
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("cannot write the output"), "{err}");
}

#[test]
fn a_closed_stdout_exits_0_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (code, _, err) = run(nstba()
        .args(["explain", "InvalidSignature"])
        .stdout(Stdio::from(writer)));
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn a_panic_outside_the_check_exits_3() {
    let (code, _, err) = run(nstba()
        .env("NSTBA_DEBUG_PANIC", "1")
        .args(["explain", "InvalidSignature"]));
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("panicked"), "{err}");
    assert!(err.contains("nstba: internal error"), "{err}");
}
