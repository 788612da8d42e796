//! Command builders for running the real `nstba` binary: one place that knows the environment
//! variable names the CLI reads credentials and the profile store location from.

use std::path::Path;

use assert_cmd::Command;

/// The `nstba` binary with the caller's environment passed through.
pub fn bin() -> Command {
    Command::cargo_bin("nstba").expect("the nstba binary is built for integration tests")
}

/// The `nstba` binary with nothing inherited from the caller's environment.
pub fn nstba() -> Command {
    let mut c = bin();
    c.env_clear();
    c
}

/// Environment settings the tests combine on a [`Command`].
pub trait NstbaEnv {
    /// Sets the account and the four TBA values (consumer key/secret, token id/secret).
    fn with_creds(&mut self, account: &str, creds: [&str; 4]) -> &mut Self;
    /// Points the profile store at `dir`, with secrets in a file there instead of the keychain.
    fn with_store(&mut self, dir: &Path) -> &mut Self;
}

impl NstbaEnv for Command {
    fn with_creds(&mut self, account: &str, [ck, cs, tk, ts]: [&str; 4]) -> &mut Self {
        self.env("NETSUITE_ACCOUNT_ID", account)
            .env("NETSUITE_CONSUMER_KEY", ck)
            .env("NETSUITE_CONSUMER_SECRET", cs)
            .env("NETSUITE_TOKEN_ID", tk)
            .env("NETSUITE_TOKEN_SECRET", ts)
    }

    fn with_store(&mut self, dir: &Path) -> &mut Self {
        self.env("NSTBA_CONFIG_DIR", dir)
            .env("NSTBA_SECRET_STORE", "file")
    }
}
