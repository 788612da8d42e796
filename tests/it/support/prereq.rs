//! Outside prerequisites of a few tests (Python's oauthlib, an IPv6 loopback, an OS keychain).
//!
//! Whether each is present is decided when the test binary is built (`build.rs` sets `nstba_*`
//! cfg flags): a test whose prerequisite is missing is compiled with `#[ignore = "reason"]`, so
//! `cargo test` reports it as ignored, never as passed. Under CI (`nstba_ci`) nothing is ignored
//! and the test calls [`require`], which fails it when the prerequisite is missing.

/// Fails the test unless `check` is `Ok`, saying what is missing and how to get it.
pub fn require(what: &str, check: Result<(), String>) {
    if let Err(why) = check {
        if cfg!(nstba_ci) {
            panic!("CI must provide {what} (.ci/run sets it up): {why}");
        }
        panic!(
            "{what} was detected when this test binary was built but is not usable now ({why}); \
             run `touch build.rs` to detect again"
        );
    }
}

/// `python3` with `oauthlib` importable.
pub fn oauthlib() -> Result<(), String> {
    let out = std::process::Command::new("python3")
        .args(["-c", "import oauthlib"])
        .output()
        .map_err(|e| format!("python3 could not be started: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "python3 cannot import oauthlib (pip install oauthlib==3.2.2): {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A socket can be bound on the IPv6 loopback address.
pub fn ipv6() -> Result<(), String> {
    std::net::TcpListener::bind("[::1]:0")
        .map(drop)
        .map_err(|e| format!("cannot bind [::1]: {e}"))
}

/// The OS keychain stores, returns and deletes a probe entry.
pub fn keychain() -> Result<(), String> {
    nstba::profile::secrets::probe_keyring()
}
