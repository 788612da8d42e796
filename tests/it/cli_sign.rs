//! `nstba sign` as scripts use it: header alone on stdout, exit 2 with a clear one-line message on
//! bad input, secrets never printed.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::cli::{self, NstbaEnv};
use crate::support::fixtures::{CK, CS, TK, TS};

const URL: &str = "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40";

fn nstba() -> Command {
    let mut cmd = cli::nstba();
    cmd.with_creds("123456", [CK, CS, TK, TS]);
    cmd
}

#[test]
fn header_alone_on_stdout() {
    let out = nstba()
        .args(["sign", "--method", "GET", "--url", URL])
        .args([
            "--nonce",
            "fjaLirsIcCGVZWzBX0pg",
            "--timestamp",
            "1508242306",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 1);
    assert!(out.starts_with("OAuth realm=\"123456\", "));
    assert!(
        out.contains("oauth_signature=\"B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D\"")
    );
}

#[test]
fn explain_shows_parts_but_never_the_secrets() {
    let assert = nstba()
        .args(["sign", "--method", "post", "--url", URL, "--explain"])
        .args(["--form", "a=b c"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Base string"))
        .stdout(predicate::str::contains("Normalized URL"))
        .stdout(predicate::str::contains("a=b%20c"))
        .stdout(predicate::str::contains(
            "POST&https%3A%2F%2F123456.suitetalk",
        ));
    let out = assert.get_output();
    for secret in [CS, TS] {
        assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
        assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
    }
}

#[test]
fn soap_prints_the_token_passport() {
    nstba()
        .args([
            "sign",
            "--soap",
            "--nonce",
            "fjaLirsIcCGVZWzBX0pg",
            "--timestamp",
            "1508242306",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<platformMsgs:tokenPassport>"))
        .stdout(predicate::str::contains(
            "tIcC5zyKUmycB5Ml/cNxOHDusw03Y5KPQiXVNUHHp4U=",
        ));
}

#[test]
fn sandbox_spelling_becomes_the_canonical_realm() {
    nstba()
        .env("NETSUITE_ACCOUNT_ID", " 1234567-sb1\n")
        .args(["sign", "--method", "GET", "--url", URL])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("OAuth realm=\"1234567_SB1\", "));
}

#[test]
fn pasted_whitespace_is_trimmed_with_a_note() {
    nstba()
        .env("NETSUITE_TOKEN_SECRET", format!(" {TS}\n"))
        .args(["sign", "--method", "GET", "--url", URL])
        .args([
            "--nonce",
            "fjaLirsIcCGVZWzBX0pg",
            "--timestamp",
            "1508242306",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H"))
        .stderr(predicate::str::contains("token secret"));
}

/// Arguments, an environment override, and the text stderr must contain.
type BadCase<'a> = (Vec<&'a str>, Option<(&'a str, &'a str)>, &'a str);

#[test]
fn bad_input_exits_2_naming_the_field() {
    let cases: Vec<BadCase> = vec![
        (
            vec!["--method", "GET", "--url", "nope"],
            None,
            "url \"nope\"",
        ),
        (vec!["--method", "G T", "--url", URL], None, "method"),
        (
            vec!["--method", "GET", "--url", URL, "--form", "novalue"],
            None,
            "--form",
        ),
        (
            vec!["--method", "GET", "--url", URL, "--nonce", "a b"],
            None,
            "nonce",
        ),
        (
            vec!["--method", "GET", "--url", URL, "--timestamp", "soon"],
            None,
            "timestamp",
        ),
        (
            vec!["--method", "GET", "--url", URL],
            Some(("NETSUITE_ACCOUNT_ID", "12")),
            "NETSUITE_ACCOUNT_ID",
        ),
        (
            vec!["--method", "GET", "--url", URL],
            Some(("NETSUITE_TOKEN_SECRET", "")),
            "NETSUITE_TOKEN_SECRET",
        ),
        (vec!["--url", URL], None, "--method"),
    ];
    for (args, env, needle) in cases {
        let mut cmd = nstba();
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd
            .arg("sign")
            .args(&args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!stderr.contains(CS) && !stderr.contains(TS));
    }
}

#[test]
fn missing_account_falls_back_to_the_url_host() {
    nstba()
        .env_remove("NETSUITE_ACCOUNT_ID")
        .args(["sign", "--method", "GET"])
        .args([
            "--url",
            "https://7654321-sb2.restlets.api.netsuite.com/rest/tokeninfo",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("OAuth realm=\"7654321_SB2\""));
    nstba()
        .env_remove("NETSUITE_ACCOUNT_ID")
        .args(["sign", "--method", "GET", "--url", "http://127.0.0.1:9/x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing NETSUITE_ACCOUNT_ID"));
}
