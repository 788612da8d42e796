//! Start/stop cost, parallel emulators on OS-chosen ports, stop-on-drop, and the
//! `nstba emulator` command (exit codes, banner, clean Ctrl-C).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::emulator::*;
use assert_cmd::cargo::CommandCargoExt as _;
use nstba::emulator::{Emulator, EmulatorConfig, Scenario};

#[tokio::test]
async fn start_and_stop_are_cheap() {
    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
        emu.shutdown().await;
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "start+stop: median {median:?}, max {:?}",
        times[times.len() - 1]
    );
    assert!(
        // Typically a few ms; generous for a loaded two-core machine.
        median < Duration::from_millis(500),
        "median start+stop {median:?}"
    );
}

#[tokio::test]
async fn shutdown_after_traffic_is_quick_and_frees_the_port() {
    let emu = start(Scenario::Healthy).await;
    let addr = emu.addr();
    // A keep-alive connection stays open in the client's pool.
    assert_eq!(
        signed(&emu, "GET", SERVER_TIME, None, None).await.status,
        200
    );
    let t = Instant::now();
    emu.shutdown().await;
    let took = t.elapsed();
    println!("shutdown with an idle keep-alive connection: {took:?}");
    // Not waiting for the idle keep-alive connection to time out (that takes minutes).
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let emu = start(Scenario::Healthy).await;
    let addr = emu.addr();
    drop(emu);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "still accepting after drop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_emulators_in_parallel_each_with_its_own_port_and_state() {
    let scenarios = [
        Scenario::Healthy,
        Scenario::RevokedToken,
        Scenario::ClockAhead,
        Scenario::Healthy,
    ];
    let mut handles = Vec::new();
    for s in scenarios {
        handles.push(tokio::spawn(async move {
            let emu = start(s).await;
            let got = signed(&emu, "GET", SERVER_TIME, None, None).await;
            let trail = emu.audit_trail();
            let port = emu.addr().port();
            emu.shutdown().await;
            (s, got.status, trail.len(), port)
        }));
    }
    let mut ports = std::collections::HashSet::new();
    for h in handles {
        let (s, status, trail_len, port) = h.await.unwrap();
        assert_eq!(
            status,
            if s == Scenario::Healthy { 200 } else { 401 },
            "{s}"
        );
        assert_eq!(trail_len, 1, "{s}: audit trails are per emulator");
        assert!(ports.insert(port));
    }
}

#[test]
fn cli_unknown_scenario_exits_2_listing_names() {
    let out = Command::cargo_bin("nstba")
        .unwrap()
        .args(["emulator", "--scenario", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--scenario") && err.contains("healthy") && err.contains("clock-ahead"),
        "{err}"
    );
}

#[test]
fn cli_bad_listen_exits_2_naming_the_flag() {
    let out = Command::cargo_bin("nstba")
        .unwrap()
        .args(["emulator", "--listen", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--listen") && err.contains("IP:PORT"), "{err}");
}

#[test]
fn cli_serves_prints_the_banner_and_stops_on_ctrl_c() {
    let mut child = Command::cargo_bin("nstba")
        .unwrap()
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--scenario",
            "revoked-token",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut banner = String::new();
    let mut base = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        banner.push_str(&line);
        banner.push('\n');
        if let Some(rest) = line.strip_prefix("nstba test --base-url ") {
            base = rest.split_whitespace().next().map(str::to_string);
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    let base = base.unwrap_or_else(|| panic!("no test command in banner:\n{banner}"));
    assert!(banner.contains("Scenario: revoked-token"));
    assert!(banner.contains("export NETSUITE_CONSUMER_KEY="));
    assert!(banner.contains("--api rest,restlet,soap"));
    // It really serves.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        reqwest::get(format!("{base}/__nstba/scenario"))
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 200);
    // Ctrl-C (SIGINT to the child we started, by its pid) stops it cleanly with status 0.
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert_eq!(st.code(), Some(0));
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("emulator did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
