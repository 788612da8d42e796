//! Golden runs: the whole connection test against the in-process emulator, for every TBA and
//! client-credentials scenario and the authorization-code ones a login can reach, pinned as what a user sees — each check's status, HTTP status,
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

use crate::authflow::authcode::login::{LoginClient, LoginSettings};
use crate::check::model::{CheckEvent, Report, Status};
use crate::check::{Api, Settings, run_checks};
use crate::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use crate::netsuite::oauth2::authcode::grant::ClientAuth;
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity};

/// How the credentials of a golden run are made.
#[derive(Clone, Copy)]
enum Kind {
    Tba,
    /// TBA on REST alone: one refused login leaves room for the consumer-only probe, which
    /// tells a bad consumer key or secret from a bad token.
    TbaRest,
    M2m,
    /// A login made against the scenario's emulator first (switching scenario would clear it).
    Authcode,
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

fn settings(
    kind: Kind,
    base_url: String,
    in_flight: usize,
    login: Option<&AuthCodeCredentials>,
) -> Settings {
    let mut s = match kind {
        Kind::Tba | Kind::TbaRest => Settings::new(demo::ACCOUNT, demo::credentials()),
        Kind::M2m => Settings::new(demo::ACCOUNT, crate::check::fixtures::demo_m2m()),
        Kind::Authcode => Settings::new(
            demo::ACCOUNT,
            crate::check::auth::Credentials::AuthCode(login.expect("a login").clone()),
        ),
    };
    s.base_url = Some(base_url);
    s.apis = match kind {
        // A bearer token cannot log in to SOAP: the login's scopes are REST and RESTlets.
        Kind::Authcode => vec![Api::Rest, Api::Restlet],
        Kind::TbaRest => vec![Api::Rest],
        _ => vec![Api::Rest, Api::Restlet, Api::Soap],
    };
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
    let login = match kind {
        Kind::Authcode => Some(log_in(&base).await),
        _ => None,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
    // A run takes well under a second here; a run that never ends is a failure, not a hang.
    let _watchdog = Watchdog::start(scenario);
    let report = tokio::time::timeout(
        Duration::from_secs(30),
        run_checks(
            &settings(kind, base.clone(), in_flight, login.as_ref()),
            tx,
            tokio_util::sync::CancellationToken::new(),
        ),
    )
    .await
    .unwrap_or_else(|_| panic!("{scenario}: the run did not end within 30 s"));
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(match e {
            CheckEvent::Started(id) => format!("start {}", id.as_str()),
            CheckEvent::Finished(c) => format!("end {} {:?}", c.id.as_str(), c.status),
        });
    }
    mask(&render(&report, &events), &base)
}

/// Ends the test process when a run spins without ever yielding (a busy loop, where the async
/// timeout cannot fire): a failure in 30 s instead of a hang. Dropped when the run ends.
struct Watchdog(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Watchdog {
    fn start(scenario: Scenario) -> Watchdog {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = done.clone();
        std::thread::spawn(move || {
            let until = std::time::Instant::now() + Duration::from_secs(30);
            while std::time::Instant::now() < until {
                if seen.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            eprintln!("{scenario}: the run did not end within 30 s (it never yields)");
            std::process::exit(101);
        });
        Watchdog(done)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A public-client login through the emulator's consent page (Allow), as `nstba login` makes it.
async fn log_in(base: &str) -> AuthCodeCredentials {
    let client_id = demo::credentials().consumer_key.clone();
    let scopes = vec!["rest_webservices".to_string(), "restlets".to_string()];
    let redirect_uri = "https://localhost:8899/callback".to_string();
    let client = LoginClient::new(LoginSettings {
        account: Some(demo::ACCOUNT.into()),
        client: ClientAuth::public(client_id.clone()),
        scopes: scopes.clone(),
        redirect_uri: redirect_uri.clone(),
        listen: false,
        timeout: Duration::from_secs(10),
        base_url: Some(base.to_string()),
    })
    .expect("a login client");
    let pending = client.start().await.expect("an authorize URL");
    let consent = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .get(format!("{}&decision=allow", pending.authorize_url))
        .send()
        .await
        .expect("the consent page answers");
    let location = consent.headers()["location"].to_str().expect("a location");
    let callback = pending
        .accept_pasted(location)
        .expect("this login's answer");
    let logged = client
        .exchange(&pending, callback)
        .await
        .expect("a code exchange");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    AuthCodeCredentials {
        client_id,
        client_secret: None,
        refresh_token: logged.tokens.refresh_token.expect("a refresh token"),
        scopes,
        redirect_uri,
        validity: RefreshValidity::new(true, now),
        company: logged.callback.company.as_ref().map(|c| c.realm()),
        role: logged.callback.role.clone(),
        entity: logged.callback.entity.clone(),
        store: None,
    }
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
    // A refresh token is single use: each run logs in on its own emulator.
    let (one, all) = tokio::join!(run(kind, scenario, 1), run(kind, scenario, 3));
    assert_eq!(one, all, "{scenario}: in-flight 1 and 3 differ");
    one
}

/// A run cancelled before it starts: the local checks (account id, credentials) are instant and
/// still judged, nothing is sent, every other check is skipped as cancelled, and the report says
/// it was cancelled (so it is not a pass).
#[tokio::test]
async fn a_run_cancelled_before_it_starts_sends_nothing() {
    let emu = emulator(Scenario::Healthy).await;
    let cancel = tokio_util::sync::CancellationToken::new();
    cancel.cancel();
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
    let report = run_checks(&settings(Kind::Tba, emu.base_url(), 3, None), tx, cancel).await;
    assert!(report.cancelled, "{report:#?}");
    assert!(!report.ok);
    let seen: Vec<(&str, Status, &str)> = report
        .checks
        .iter()
        .map(|c| (c.id.as_str(), c.status, c.summary.as_str()))
        .collect();
    assert_eq!(seen[0].0, "account-id");
    assert_eq!(seen[0].1, Status::Pass);
    assert_eq!(seen[1].0, "credentials");
    assert_eq!(seen[1].1, Status::Pass);
    for (id, status, summary) in &seen[2..] {
        assert_eq!(*status, Status::Skip, "{id}: {summary}");
        assert!(summary.contains("cancel"), "{id}: {summary}");
    }
    assert!(seen.len() > 4, "{seen:?}");
    assert!(emu.audit_trail().is_empty(), "nothing reached the server");
}

/// An origin where nothing listens: every check that needs the network says what failed and
/// where, the run stops there, and the diagnosis is about the network path, not credentials.
#[tokio::test]
async fn an_origin_that_refuses_connections() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        l.local_addr().expect("an address").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
    let report = run_checks(
        &settings(Kind::Tba, base.clone(), 3, None),
        tx,
        tokio_util::sync::CancellationToken::new(),
    )
    .await;
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        if let CheckEvent::Finished(c) = e {
            events.push(format!("end {} {:?}", c.id.as_str(), c.status));
        }
    }
    insta::assert_snapshot!(mask(&render(&report, &events), &base));
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

mod authcode {
    use super::*;

    golden_tests!(Kind::Authcode,
        healthy => Scenario::Healthy,
        refresh_expired => Scenario::AuthcodeRefreshExpired,
        no_oauth2_permission => Scenario::M2mNoOAuth2Permission,
        entity_inactive => Scenario::M2mEntityInactive,
        concurrency => Scenario::Concurrency,
        maintenance => Scenario::Maintenance,
    );
}

mod tba_rest {
    use super::*;

    golden_tests!(Kind::TbaRest,
        healthy => Scenario::Healthy,
        wrong_consumer_secret => Scenario::WrongConsumerSecret,
        revoked_token => Scenario::RevokedToken,
        integration_blocked => Scenario::IntegrationBlocked,
        feature_disabled => Scenario::FeatureDisabled,
        no_token_login_permission => Scenario::NoTokenLoginPermission,
    );
}
