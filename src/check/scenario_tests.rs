//! Golden runs: the whole connection test against the in-process emulator, for every TBA and
//! client-credentials scenario, pinned as what a user sees — each check's status, HTTP status,
//! error code, summary and details in plan order, the event stream, and the ranked diagnoses
//! with their causes and fixes.
//!
//! The integration suite (`tests/it/check_scenarios.rs`, `m2m_run.rs`) asserts each scenario's
//! headline through the public API and the CLI. These pin the whole shape at unit level, where
//! `cargo test --lib check::` (the selection mutation testing uses for `check/`) sees every stage,
//! the budget and the auth kinds. Each scenario runs twice, one request at a time and with every
//! independent request in flight, and both must give the same document: the results may not
//! depend on timing.
//!
//! Timings, ports and clock digits are masked; nothing else is. A changed snapshot is a changed
//! user-visible result: review it (`cargo insta review`), never accept it blindly.

use std::time::Duration;

use crate::check::model::{CheckEvent, Report};
use crate::check::{Api, Settings, run_checks};
use crate::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
use crate::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use crate::netsuite::oauth2::M2mCredentials;

/// How the credentials of a golden run are made.
#[derive(Clone, Copy)]
enum Kind {
    Tba,
    M2m,
}

async fn emulator(scenario: Scenario) -> Emulator {
    let options = EmulatorOptions {
        web_services_only_refuses_tokeninfo: scenario == Scenario::WebServicesOnlyRole,
        ..Default::default()
    };
    let config = EmulatorConfig {
        scenario,
        latency: Some(Duration::ZERO),
        ..Default::default()
    };
    Emulator::start_with(config, options)
        .await
        .expect("emulator starts")
}

fn settings(kind: Kind, base_url: String, in_flight: usize) -> Settings {
    let mut s = match kind {
        Kind::Tba => Settings::new(demo::ACCOUNT, demo::credentials()),
        Kind::M2m => Settings::new(
            demo::ACCOUNT,
            M2mCredentials::new(
                demo::credentials().consumer_key.expose(),
                DEMO_CERTIFICATE_ID,
                demo_private_key(),
                &[],
            ),
        ),
    };
    s.base_url = Some(base_url);
    s.apis = vec![Api::Rest, Api::Restlet, Api::Soap];
    s.timeout = Duration::from_secs(10);
    s.in_flight = in_flight;
    // One client for every run: building one loads the system's root certificates, the slowest
    // part of a run.
    static HTTP: std::sync::OnceLock<crate::net::http::Http> = std::sync::OnceLock::new();
    s.http = Some(
        HTTP.get_or_init(|| {
            crate::net::http::Http::new(s.timeout, crate::check::settings::BODY_CAP)
                .expect("an HTTP client")
        })
        .clone(),
    );
    s
}

/// One run: the report and the event stream, as text.
async fn run(kind: Kind, scenario: Scenario, in_flight: usize) -> String {
    let emu = emulator(scenario).await;
    let base = emu.base_url();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
    let report = run_checks(
        &settings(kind, base.clone(), in_flight),
        tx,
        tokio_util::sync::CancellationToken::new(),
    )
    .await;
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(match e {
            CheckEvent::Started(id) => format!("start {}", id.as_str()),
            CheckEvent::Finished(c) => format!("end {} {:?}", c.id.as_str(), c.status),
        });
    }
    mask(&render(&report, &events), &base)
}

fn render(report: &Report, events: &[String]) -> String {
    let mut doc = serde_json::to_value(report).expect("a report serializes");
    for c in doc["checks"].as_array_mut().into_iter().flatten() {
        c.as_object_mut().map(|o| o.remove("ms"));
    }
    let doc = serde_json::to_string_pretty(&doc).expect("JSON");
    format!("events:\n  {}\n\n{doc}\n", events.join("\n  "))
}

/// Masks what differs between runs: the emulator's port, durations, clock readings.
fn mask(text: &str, base: &str) -> String {
    let port = base.rsplit(':').next().unwrap_or_default();
    let text = text.replace(&format!(":{port}"), ":PORT");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let n = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let after = &tail[n..];
        // Milliseconds, and clock readings in seconds and minutes (a skew is measured to the
        // second, so it may read 1 s either side between runs).
        let unit = |u: &str| {
            after
                .strip_prefix(u)
                .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()))
        };
        let timing = unit(" ms") || unit("ms") || unit(" s") || unit(" min");
        out.push_str(if timing { "N" } else { &tail[..n] });
        rest = after;
    }
    out.push_str(rest);
    mask_clock(&out)
}

/// Clock readings (`2026-12-02T13:09:42Z`, `Wed, 02 Dec 2026 13:09:42 GMT`, skews in seconds)
/// vary by the second.
fn mask_clock(text: &str) -> String {
    text.lines()
        .map(|l| {
            let clocky = ["GMT", "UTC", " s ahead", " s behind", "T1", "T0", "T2"]
                .iter()
                .any(|w| l.contains(w));
            if clocky {
                l.chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `scenario` one request at a time and with every request in flight: same document.
async fn golden(kind: Kind, scenario: Scenario) -> String {
    let (one, all) = tokio::join!(run(kind, scenario, 1), run(kind, scenario, 3));
    assert_eq!(one, all, "{scenario}: in-flight 1 and 3 differ");
    one
}

macro_rules! golden_tests {
    ($kind:expr, $($name:ident => $scenario:expr),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let doc = golden($kind, $scenario).await;
                insta::assert_snapshot!(stringify!($name), doc);
            }
        )+
    };
}

mod tba {
    use super::*;

    golden_tests!(Kind::Tba,
        healthy => Scenario::Healthy,
        wrong_consumer_secret => Scenario::WrongConsumerSecret,
        revoked_token => Scenario::RevokedToken,
        clock_ahead => Scenario::ClockAhead,
        role_without_rest => Scenario::RoleWithoutRest,
        record_permission => Scenario::RecordPermission,
        integration_blocked => Scenario::IntegrationBlocked,
        feature_disabled => Scenario::FeatureDisabled,
        concurrency => Scenario::Concurrency,
        maintenance => Scenario::Maintenance,
        malformed_body => Scenario::MalformedBody,
        account_not_found => Scenario::AccountNotFound,
        web_services_only_role => Scenario::WebServicesOnlyRole,
        locked_user => Scenario::LockedUser,
        no_token_login_permission => Scenario::NoTokenLoginPermission,
    );
}

mod m2m {
    use super::*;

    golden_tests!(Kind::M2m,
        healthy => Scenario::Healthy,
        certificate_expired => Scenario::M2mCertificateExpired,
        certificate_revoked => Scenario::M2mCertificateRevoked,
        unknown_certificate => Scenario::M2mUnknownCertificate,
        mapping_wiped => Scenario::M2mMappingWiped,
        wrong_client_id => Scenario::M2mWrongClientId,
        grant_not_ticked => Scenario::M2mGrantNotTicked,
        record_blocked => Scenario::M2mRecordBlocked,
        scope_mismatch => Scenario::M2mScopeMismatch,
        no_oauth2_permission => Scenario::M2mNoOAuth2Permission,
        entity_inactive => Scenario::M2mEntityInactive,
        clock_skew => Scenario::M2mClockSkew,
        concurrency => Scenario::Concurrency,
        maintenance => Scenario::Maintenance,
    );
}
