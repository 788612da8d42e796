//! Every scenario, probed on every interface by a real client: the documented response AND the
//! Login Audit Trail Detail the emulator records.

use std::time::{Duration, Instant};

use crate::support::emulator::*;
use nstba::emulator::{
    Emulator, EmulatorConfig, EmulatorOptions, RestletAlgorithmAnswer, RoleWithoutRestAnswer,
    Scenario, demo,
};

/// (HTTP status, audit Detail) expected for one probe.
type Want = (u16, Option<&'static str>);

const OK: Want = (200, None);

fn all(rest: u16, restlet: u16, soap: u16, detail: &'static str) -> [Want; 4] {
    [
        (rest, Some(detail)),
        (restlet, Some(detail)),
        (restlet, Some(detail)),
        (soap, Some(detail)),
    ]
}

/// Expected (serverTime, tokeninfo, restlet GET, SOAP getServerTime) per scenario.
fn expected(s: Scenario) -> [Want; 4] {
    match s {
        Scenario::Healthy | Scenario::Slow => [OK; 4],
        Scenario::WrongConsumerSecret => all(401, 401, 500, "InvalidSignature"),
        Scenario::RevokedToken => all(401, 401, 500, "token_rejected"),
        Scenario::ClockAhead => all(401, 401, 500, "InvalidTimestamp"),
        // The least informative default: the plain 401 (the 400 USER_ERROR is an option).
        Scenario::RoleWithoutRest => [(401, Some("permission_denied")), OK, OK, OK],
        Scenario::RecordPermission => [OK; 4],
        Scenario::IntegrationBlocked => all(401, 401, 500, "consumer_key_refused"),
        Scenario::FeatureDisabled => all(401, 401, 500, "FeatureDisabled"),
        Scenario::Concurrency => [
            (429, Some("CONCURRENCY_LIMIT_EXCEEDED")),
            (400, Some("SSS_REQUEST_LIMIT_EXCEEDED")),
            (400, Some("SSS_REQUEST_LIMIT_EXCEEDED")),
            (500, Some("WS_REQUEST_BLOCKED")),
        ],
        // SOAP clients see maintenance as a SOAP fault (the default, as captured).
        Scenario::Maintenance => [(503, None), (503, None), (503, None), (500, None)],
        Scenario::MalformedBody => [OK; 4],
        Scenario::AccountNotFound => all(401, 401, 500, "consumer_key_unknown"),
        // By default only RESTlet scripts refuse the role (tokeninfo too is an option).
        Scenario::WebServicesOnlyRole => [OK, OK, (401, Some("INVALID_LOGIN_CREDENTIALS")), OK],
        Scenario::LockedUser => all(401, 401, 500, "temporary_locked"),
        Scenario::NoTokenLoginPermission => all(401, 401, 500, "permission_denied"),
        // The OAuth 2.0 scenarios are not in `Scenario::all()`: tests/it/m2m_run.rs covers them.
        _ => unreachable!("{s}: not a TBA scenario"),
    }
}

#[tokio::test]
async fn each_scenario_gives_the_documented_response_and_detail() {
    for &scenario in Scenario::all() {
        let emu = start(scenario).await;
        let got = [
            signed(&emu, "GET", SERVER_TIME, None, None).await,
            signed(&emu, "GET", TOKENINFO, None, None).await,
            signed(&emu, "GET", RESTLET, None, None).await,
            soap(&emu).await,
        ];
        let trail = emu.audit_trail();
        assert_eq!(trail.len(), 4, "{scenario}: {trail:?}");
        for (i, (want, got)) in expected(scenario).iter().zip(&got).enumerate() {
            assert_eq!(got.status, want.0, "{scenario} probe {i}: {}", got.body);
            assert_eq!(trail[i].detail.as_deref(), want.1, "{scenario} probe {i}");
            assert_eq!(trail[i].status, want.0);
            assert_eq!(trail[i].success, want.0 == 200);
            assert!(
                got.header("date").is_some(),
                "{scenario} probe {i}: no Date"
            );
        }
        // Body shapes per failure family.
        match expected(scenario)[0] {
            // (A role without REST Web Services is refused on REST only.)
            (401, _) if expected(scenario)[1].0 == 200 => {
                assert_eq!(
                    got[0].json()["o:errorDetails"][0]["o:errorCode"],
                    "INVALID_LOGIN"
                );
            }
            (401, _) => {
                assert_eq!(
                    got[0].json()["o:errorDetails"][0]["o:errorCode"],
                    "INVALID_LOGIN"
                );
                assert!(
                    got[0]
                        .header("www-authenticate")
                        .unwrap()
                        .contains("token_rejected")
                );
                assert_eq!(got[1].json()["error"]["code"], "INVALID_LOGIN_ATTEMPT");
                assert_eq!(soap_fault(&got[3].body).0, "Invalid login attempt.");
            }
            (503, _) => {
                for g in &got {
                    assert!(
                        g.body.contains("regularly scheduled maintenance"),
                        "{}",
                        g.body
                    );
                }
            }
            _ => {}
        }
        emu.shutdown().await;
    }
}

#[tokio::test]
async fn failure_bodies_have_netsuites_codes() {
    let emu = start(Scenario::Concurrency).await;
    let rest = signed(&emu, "GET", SERVER_TIME, None, None).await.json();
    assert_eq!(rest["status"], 429);
    assert_eq!(rest["o:errorCode"], "USER_ERROR");
    assert_eq!(
        rest["o:errorDetails"][0]["o:errorCode"],
        "CONCURRENCY_LIMIT_EXCEEDED"
    );
    assert_eq!(
        signed(&emu, "GET", RESTLET, None, None).await.json()["error"]["code"],
        "SSS_REQUEST_LIMIT_EXCEEDED"
    );
    assert_eq!(soap_fault(&soap(&emu).await.body).1, "WS_REQUEST_BLOCKED");

    emu.set_scenario(Scenario::RoleWithoutRest);
    let r = signed(&emu, "GET", SERVER_TIME, None, None).await.json();
    // Default: the plain refused login (the USER_ERROR body is an option, tested below).
    assert_eq!(r["o:errorDetails"][0]["o:errorCode"], "INVALID_LOGIN");

    // Captured (default): the catalog lists fewer types, SuiteQL names the record it cannot see.
    emu.set_scenario(Scenario::RecordPermission);
    let m = signed(&emu, "GET", METADATA, None, None).await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert_eq!(m.json()["items"].as_array().map(Vec::len), Some(0));
    let q = signed(
        &emu,
        "POST",
        SUITEQL,
        Some(r#"{"q":"SELECT id FROM employee"}"#),
        Some("application/json"),
    )
    .await;
    assert_eq!(q.status, 400);
    assert_eq!(
        q.json()["o:errorDetails"][0]["o:errorCode"],
        "INVALID_PARAMETER"
    );
    assert!(
        q.body.contains("Record 'employee' was not found."),
        "{}",
        q.body
    );

    // Informative: both refusals name the permission.
    let emu_named = Emulator::start_with(
        EmulatorConfig {
            scenario: Scenario::Healthy,
            ..EmulatorConfig::default()
        },
        EmulatorOptions::informative(),
    )
    .await
    .unwrap();
    let emu_healthy = emu;
    let emu = emu_named;
    emu.set_scenario(Scenario::RecordPermission);
    assert_eq!(
        signed(&emu, "GET", SERVER_TIME, None, None).await.status,
        200
    );
    let m = signed(&emu, "GET", METADATA, None, None).await;
    assert_eq!(m.status, 403);
    let mj = m.json();
    assert_eq!(
        mj["o:errorDetails"][0]["o:errorCode"],
        "INSUFFICIENT_PERMISSION"
    );
    assert!(
        mj["o:errorDetails"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("Permission Violation")
    );
    assert_eq!(
        last_detail(&emu).as_deref(),
        Some("INSUFFICIENT_PERMISSION")
    );
    let q = signed(
        &emu,
        "POST",
        SUITEQL,
        Some(r#"{"q":"SELECT id FROM employee"}"#),
        Some("application/json"),
    )
    .await;
    assert_eq!(q.status, 403);

    let emu = emu_healthy;

    emu.set_scenario(Scenario::WebServicesOnlyRole);
    let w = signed(&emu, "GET", RESTLET, None, None).await;
    assert_eq!(w.json()["error"]["code"], "INVALID_LOGIN_CREDENTIALS");

    emu.set_scenario(Scenario::MalformedBody);
    let st = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert!(serde_json::from_str::<serde_json::Value>(&st.body).is_err());
    let ti = signed(&emu, "GET", TOKENINFO, None, None).await;
    assert!(ti.body.contains("<html"));
    assert!(roxmltree::Document::parse(&soap(&emu).await.body).is_err());

    emu.set_scenario(Scenario::AccountNotFound);
    let a = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert!(
        a.header("www-authenticate")
            .unwrap()
            .contains("realm=\"7654321\"")
    );
}

#[tokio::test]
async fn clock_ahead_shows_in_the_date_header_and_server_time() {
    let emu = start(Scenario::ClockAhead).await;
    let got = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert_eq!(got.status, 401);
    let date = httpdate::parse_http_date(got.header("date").unwrap()).unwrap();
    let ahead = date
        .duration_since(std::time::SystemTime::now())
        .expect("Date is in the future")
        .as_secs();
    assert!((595..=605).contains(&ahead), "ahead by {ahead}s");
    // A client that reads the Date header and signs with the server's time gets in.
    let server_now = date
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let url = format!("{}{SERVER_TIME}", emu.base_url());
    let c = demo::credentials();
    let auth = nstba::netsuite::oauth::sign(&nstba::netsuite::oauth::SignInput {
        method: "GET",
        url: &url,
        form: &[],
        consumer_key: c.consumer_key.expose(),
        consumer_secret: c.consumer_secret.expose(),
        token: Some(c.token_id.expose()),
        token_secret: c.token_secret.expose(),
        realm: Some(demo::ACCOUNT),
        extra: &[],
        nonce: None,
        timestamp: Some(&server_now),
    })
    .unwrap()
    .authorization;
    assert_eq!(
        send_with_auth(&emu, "GET", SERVER_TIME, &auth, None, None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn slow_scenario_delays_every_response() {
    assert_eq!(Scenario::Slow.latency(), Duration::from_millis(1500));
    let emu = Emulator::start(EmulatorConfig {
        scenario: Scenario::Slow,
        latency: Some(Duration::from_millis(300)),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let t = Instant::now();
    assert_eq!(
        signed(&emu, "GET", SERVER_TIME, None, None).await.status,
        200
    );
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    // The override applies to every scenario; the default (no override) for Healthy is none.
    emu.set_scenario(Scenario::Healthy);
    let t = Instant::now();
    assert_eq!(soap(&emu).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn configurable_answers_for_undocumented_behaviour() {
    let options = EmulatorOptions {
        role_without_rest: RoleWithoutRestAnswer::UserError400,
        restlet_unknown_algorithm: RestletAlgorithmAnswer::InvalidRequest,
        web_services_only_refuses_tokeninfo: false,
        ..EmulatorOptions::default()
    };
    let emu = Emulator::start_with(
        EmulatorConfig {
            scenario: Scenario::RoleWithoutRest,
            latency: Some(Duration::ZERO),
            ..EmulatorConfig::default()
        },
        options,
    )
    .await
    .unwrap();
    let r = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["o:errorDetails"][0]["o:errorCode"], "USER_ERROR");
    assert_eq!(
        r.json()["o:errorDetails"][0]["detail"],
        "Your current role does not have permission to perform this action."
    );
    assert_eq!(last_detail(&emu).as_deref(), Some("USER_ERROR"));

    // HMAC-SHA1 on a RESTlet: INVALID_REQUEST in this mode (401 INVALID_LOGIN_ATTEMPT by default).
    let url = format!("{}{TOKENINFO}", emu.base_url());
    let sha1 = oauth_header("GET", &url, &demo::credentials(), Some(demo::ACCOUNT))
        .replace("HMAC-SHA256", "HMAC-SHA1");
    let got = send_with_auth(&emu, "GET", TOKENINFO, &sha1, None, None).await;
    assert_eq!(got.status, 400);
    assert_eq!(got.json()["error"]["code"], "INVALID_REQUEST");
    assert_eq!(last_detail(&emu).as_deref(), Some("UnknownAlgorithm"));
    // A Web Services Only role refused only on RESTlet scripts, not on tokeninfo, in this mode.
    emu.set_scenario(Scenario::WebServicesOnlyRole);
    assert_eq!(signed(&emu, "GET", TOKENINFO, None, None).await.status, 200);
    let script = signed(&emu, "GET", RESTLET, None, None).await;
    assert_eq!(script.json()["error"]["code"], "INVALID_LOGIN_CREDENTIALS");
    // Strict realm mode rejects a hyphenated realm.
    let strict = Emulator::start_with(
        EmulatorConfig::default(),
        EmulatorOptions {
            strict_realm: true,
            ..EmulatorOptions::default()
        },
    )
    .await
    .unwrap();
    let url = format!("{}{SERVER_TIME}", strict.base_url());
    let auth = oauth_header("GET", &url, &demo::credentials(), Some("1234567-sb1"));
    assert_eq!(
        send_with_auth(&strict, "GET", SERVER_TIME, &auth, None, None)
            .await
            .status,
        401
    );
    assert_eq!(last_detail(&strict).as_deref(), Some("InvalidSignature"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_concurrency_limit_is_shared_across_interfaces() {
    // Healthy account, limit 5; seven simultaneous slow requests on three interfaces: exactly
    // two are over the limit, whichever interface they came in on.
    let emu = std::sync::Arc::new(
        Emulator::start(EmulatorConfig {
            scenario: Scenario::Healthy,
            latency: Some(Duration::from_millis(1000)),
            ..EmulatorConfig::default()
        })
        .await
        .unwrap(),
    );
    let mut tasks = Vec::new();
    for i in 0..7 {
        let emu = emu.clone();
        tasks.push(tokio::spawn(async move {
            match i % 3 {
                0 => signed(&emu, "GET", SERVER_TIME, None, None).await.status,
                1 => signed(&emu, "GET", TOKENINFO, None, None).await.status,
                _ => soap(&emu).await.status,
            }
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(ok, 5, "{statuses:?}");
    let details: Vec<String> = emu
        .audit_trail()
        .into_iter()
        .filter_map(|e| e.detail)
        .collect();
    assert_eq!(details.len(), 2, "{details:?}");
    for d in details {
        assert!(
            [
                "CONCURRENCY_LIMIT_EXCEEDED",
                "SSS_REQUEST_LIMIT_EXCEEDED",
                "WS_REQUEST_BLOCKED"
            ]
            .contains(&d.as_str()),
            "{d}"
        );
    }
}
