//! Tests that pin what a mutation review found unpinned (issue 19 §4): the clock-skew direction,
//! 403s without a NetSuite code, Release Preview refreshes, and the HMAC key built from
//! percent-encoded secrets (verified by the emulator's own encoding, not the client's). The
//! ranking's order and fix steps are pinned in `check::diagnose::rank`'s unit tests, the lockout
//! cap in `check_faults::failed_logins_after_a_good_one_stop_at_three`.

use std::time::Duration;

use nstba::check::classify::{Kind, Stack, classify};
use nstba::check::{Api, Report, Settings, Status, run_checks};
use nstba::emulator::model::AccountModel;
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use nstba::netsuite::{AccountId, Credentials};
use tokio_util::sync::CancellationToken;

async fn test(s: &Settings) -> Report {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    run_checks(s, tx, CancellationToken::new()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_clock_ahead_means_this_clock_is_behind() {
    let emu = Emulator::start(EmulatorConfig {
        scenario: Scenario::ClockAhead,
        latency: Some(Duration::ZERO),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let mut s = Settings::new(demo::ACCOUNT, demo::credentials());
    s.base_url = Some(emu.base_url());
    let r = test(&s).await;
    let d = &r.diagnoses[0];
    assert_eq!(d.code, "clock-skew");
    assert!(d.title.contains("behind"), "{}", d.title);
    assert!(!d.title.contains("ahead"), "{}", d.title);
    emu.shutdown().await;
}

#[test]
fn a_403_without_a_netsuite_code_is_not_a_refused_login() {
    for (stack, ct, body) in [
        (Stack::Rest, "application/json", "{}"),
        (Stack::Rest, "text/html", "<html>Forbidden</html>"),
        (Stack::Soap, "text/xml", "<html>Forbidden</html>"),
        (Stack::Soap, "text/html", ""),
    ] {
        let o = classify(stack, 403, Some(ct), body.as_bytes(), false);
        assert_ne!(o.kind, Kind::LoginFailed, "{stack:?} {ct} {body:?}");
    }
    // A 403 that does carry the login code is still a refused login (RESTlets do that).
    let o = classify(
        Stack::Restlet,
        403,
        Some("application/json"),
        br#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#,
        false,
    );
    assert_eq!(o.kind, Kind::LoginFailed);
}

#[test]
fn release_preview_is_refreshable_like_a_sandbox() {
    let rp = AccountId::parse("1234567_RP").unwrap();
    assert!(rp.environment().is_refreshable());
    assert!(
        AccountId::parse("1234567_SB2")
            .unwrap()
            .environment()
            .is_refreshable()
    );
    assert!(
        !AccountId::parse("1234567")
            .unwrap()
            .environment()
            .is_refreshable()
    );
}

/// Secrets with `&`, `%`, `+`, a space and non-ASCII: the key is `pct(cs)&pct(ts)`. The emulator
/// checks with its own encoding, so a client that keys HMAC with the raw secrets fails here on
/// every interface.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_with_reserved_and_non_ascii_characters_sign_correctly() {
    let creds = Credentials::new(
        "ck&%+é".repeat(6),
        "cs&a%2B+b é~ü".repeat(5),
        "tk%&+ö".repeat(6),
        "ts+&%26 ñ/=".repeat(5),
    );
    let account = AccountId::parse(demo::ACCOUNT).unwrap();
    let options = EmulatorOptions {
        model: Some(AccountModel::single(account, &creds)),
        ..EmulatorOptions::default()
    };
    let emu = Emulator::start_with(
        EmulatorConfig {
            latency: Some(Duration::ZERO),
            ..EmulatorConfig::default()
        },
        options,
    )
    .await
    .unwrap();
    let mut s = Settings::new(demo::ACCOUNT, creds);
    s.base_url = Some(emu.base_url());
    s.apis = vec![Api::Rest, Api::Restlet, Api::Soap];
    let r = test(&s).await;
    for id in [
        nstba::check::CheckId::RestLogin,
        nstba::check::CheckId::RestletTokeninfo,
        nstba::check::CheckId::SoapLogin,
    ] {
        let c = r.checks.iter().find(|c| c.id == id).unwrap();
        assert_eq!(c.status, Status::Pass, "{c:#?}\n{:#?}", emu.audit_trail());
    }
    emu.shutdown().await;
}
