//! The command line as the issue-12 walk used it: `test` with nothing set names the last used
//! profile, and `sign --help` has examples (what `sign --explain` alone points to).

use crate::support::cli::{self, NstbaEnv};

const ACCOUNT: &str = "1234567-sb1";
const CK: &str = "a1c0ffee5ca1ab1e000000000000000000000000000000000000000000c0ke1";
const CS: &str = "b2d0ffee5ca1ab1e000000000000000000000000000000000000000000c0se2";
const TK: &str = "c3e0ffee5ca1ab1e000000000000000000000000000000000000000000t0id3";
const TS: &str = "d4f0ffee5ca1ab1e000000000000000000000000000000000000000000t0se4";

#[test]
fn test_without_variables_names_the_last_used_profile() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path();
    let saved = cli::nstba()
        .with_store(cfg)
        .with_creds(ACCOUNT, [CK, CS, TK, TS])
        .args(["profile", "save", "acme-sb1"])
        .output()
        .unwrap();
    assert!(saved.status.success(), "{saved:?}");
    for cmd in ["test", "report"] {
        let o = cli::nstba().with_store(cfg).arg(cmd).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--profile acme-sb1"), "{cmd}: {err}");
    }
}

#[test]
fn sign_help_has_examples() {
    let o = cli::nstba().args(["sign", "--help"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Examples"), "{out}");
    assert!(out.contains("nstba sign --explain --method POST"), "{out}");
}
