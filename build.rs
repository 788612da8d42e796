//! Detects, once per build, the outside prerequisites a few integration tests need, and tells the
//! compiler with `--cfg` flags. The library and the binary use none of them.
//!
//! Stable Rust's test harness cannot skip a test at run time, only at compile time (`#[ignore]`), so
//! this is where "not available here" is decided: a test whose prerequisite is missing is compiled
//! as ignored (`cargo test` prints "ignored" with the reason), never as a silent pass. Under CI
//! (`CI` set) nothing is ignored: the test runs and fails if the prerequisite is missing.
//!
//! - `nstba_ci`: `CI` is set (and not `false`/`0`).
//! - `nstba_oauthlib`: `python3 -c "import oauthlib"` succeeds.
//! - `nstba_ipv6`: a socket can be bound to `[::1]`.
//! - `nstba_keychain`: a Secret Service owns its name on the D-Bus session bus.
//!
//! Installing a prerequisite later is noticed on the next change to this file or to `CI`/`PATH`
//! (`touch build.rs`).

use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for var in ["CI", "PATH", "DBUS_SESSION_BUS_ADDRESS"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let found = [
        ("nstba_ci", ci()),
        (
            "nstba_oauthlib",
            succeeds("python3", &["-c", "import oauthlib"]),
        ),
        ("nstba_ipv6", std::net::TcpListener::bind("[::1]:0").is_ok()),
        ("nstba_keychain", secret_service_running()),
    ];
    for (cfg, present) in found {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if present {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Asks the session bus (with a one-second limit) whether `org.freedesktop.secrets` has an owner.
fn secret_service_running() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return false;
    }
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--reply-timeout=1000",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("true"))
}
