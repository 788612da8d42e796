//! Parallel probes (issue 17): every emulator scenario, TBA and M2M, with every interface
//! selection, gives the same report, diagnoses and event stream whether one request is in flight
//! at a time or several; the failing-request budget holds when requests go out together; and a
//! healthy run at 200 ms per answer waits for the critical path (3 dependent round trips), not
//! for every request in a row.

use std::time::{Duration, Instant};

use nstba::check::run::{MAX_FAILING_SIGNED, MAX_IN_FLIGHT};
use nstba::check::{Api, CheckEvent, CheckId, Settings, Status, run_checks};
use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
use nstba::emulator::{Emulator, EmulatorConfig, EmulatorOptions, Scenario, demo};
use nstba::netsuite::oauth2::M2mCredentials;
use serde_json::Value;

use tokio_util::sync::CancellationToken;

/// Interface selections (`--api`).
const SELECTIONS: [&[Api]; 6] = [
    &[Api::Rest],
    &[Api::Restlet],
    &[Api::Soap],
    &[Api::Rest, Api::Restlet],
    &[Api::Rest, Api::Soap],
    &[Api::Rest, Api::Restlet, Api::Soap],
];

async fn emulator(scenario: Scenario, options: EmulatorOptions, latency: Duration) -> Emulator {
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            latency: Some(latency),
            ..Default::default()
        },
        options,
    )
    .await
    .expect("emulator starts")
}

fn settings(scenario: Scenario, base_url: String, apis: &[Api], in_flight: usize) -> Settings {
    let mut s = if scenario.is_m2m() {
        let creds = M2mCredentials::new(
            demo::credentials().consumer_key.expose(),
            DEMO_CERTIFICATE_ID,
            demo_private_key(),
            &[],
        );
        Settings::new(demo::ACCOUNT, creds)
    } else {
        Settings::new(demo::ACCOUNT, demo::credentials())
    };
    s.base_url = Some(base_url);
    s.apis = apis.to_vec();
    s.timeout = Duration::from_secs(30);
    s.in_flight = in_flight;
    s
}

/// The report as JSON and the event stream, with what differs between two runs masked (every
/// duration, the emulator's port, clock readings), and the number of refused signed requests
/// the emulator saw.
struct Outcome {
    report: String,
    events: Vec<String>,
    refused: usize,
}

/// Every digit of `v` (a string) as `N`: the skew a run reads depends on when, within the
/// second, the server's `Date` header and the local clock were read (m2m-clock-skew's 180 s can
/// be read as 179 or 181 in one of two runs).
fn digits_masked(v: &mut Value) {
    if let Some(s) = v.as_str() {
        *v = s
            .chars()
            .map(|c| if c.is_ascii_digit() { 'N' } else { c })
            .collect::<String>()
            .into();
    }
}

/// The clock-dependent fields of one check (the `clock` check's reading) or diagnosis (the
/// skew quoted by `clock-skew` and by `token-request`'s clock cause), digits masked.
fn clock_masked(v: &mut Value) {
    if v["id"] == "clock" {
        digits_masked(&mut v["summary"]);
    }
    if v["code"] == "clock-skew" {
        for field in ["title", "evidence"] {
            digits_masked(&mut v[field]);
        }
    }
    if v.get("causes").is_some() || v.get("cause").is_some() {
        let skewed = |t: &str| t.contains(" s off NetSuite") || t.contains(" s difference");
        if v["cause"].as_str().is_some_and(skewed) {
            digits_masked(&mut v["cause"]);
        }
        if let Some(causes) = v["causes"].as_array_mut() {
            for c in causes {
                for field in ["text", "evidence"] {
                    if c[field].as_str().is_some_and(skewed) {
                        digits_masked(&mut c[field]);
                    }
                }
            }
        }
    }
}

/// `v` as text with `ms` zeroed, `addr` replaced, clock readings, timestamps and second counts
/// masked.
pub(crate) fn masked(mut v: Value, addr: &str) -> String {
    if let Some(checks) = v["checks"].as_array_mut() {
        for c in checks {
            c["ms"] = 0.into();
            clock_masked(c);
        }
    } else if v.get("ms").is_some() {
        v["ms"] = 0.into();
        clock_masked(&mut v);
    }
    if let Some(diagnoses) = v["diagnoses"].as_array_mut() {
        diagnoses.iter_mut().for_each(clock_masked);
    }
    let text = v.to_string().replace(addr, "EMU");
    // RFC 3339 times (server time, token expiry) and counts of seconds or minutes (clock
    // readings, one second apart between two runs).
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let stamp = b.len() - i >= 19
            && b[i..i + 19].iter().enumerate().all(|(k, c)| match k {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                _ => c.is_ascii_digit(),
            });
        if stamp {
            out.extend_from_slice(b"TIME");
            i += 19;
            continue;
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let rest = &b[i + digits..];
        if digits > 0 && (rest.starts_with(b" s") || rest.starts_with(b" min")) {
            out.push(b'N');
            i += digits;
        } else if digits > 0 {
            out.extend_from_slice(&b[i..i + digits]);
            i += digits;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("only ASCII was replaced")
}

async fn run(scenario: Scenario, options: EmulatorOptions, apis: &[Api], n: usize) -> Outcome {
    let emu = emulator(scenario, options, Duration::ZERO).await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let s = settings(scenario, emu.base_url(), apis, n);
    let report = run_checks(&s, tx, CancellationToken::new()).await;
    let addr = emu.addr().to_string();
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(match e {
            CheckEvent::Finished(r) => masked(serde_json::to_value(&r).unwrap(), &addr),
            CheckEvent::Started(id) => format!("started {}", id.as_str()),
        });
    }
    let report = masked(serde_json::to_value(&report).unwrap(), &addr);
    let refused = emu.audit_trail().iter().filter(|e| !e.success).count();
    emu.shutdown().await;
    Outcome {
        report,
        events,
        refused,
    }
}

/// Runs `cases` (scenario, informative answers?, selection) both ways, two cases at a time,
/// and compares.
async fn compare_both_ways(cases: Vec<(Scenario, bool, &'static [Api])>) {
    use futures::StreamExt as _;
    let n = cases.len();
    let done = futures::stream::iter(cases)
        .map(|(scenario, informative, apis)| async move {
            let options = || {
                if informative {
                    EmulatorOptions::informative()
                } else {
                    EmulatorOptions::default()
                }
            };
            let one = run(scenario, options(), apis, 1).await;
            let many = run(scenario, options(), apis, MAX_IN_FLIGHT).await;
            let what = format!("{} {apis:?} informative={informative}", scenario.name());
            assert_eq!(one.report, many.report, "{what}");
            assert_eq!(one.events, many.events, "{what}");
            assert!(
                many.refused <= MAX_FAILING_SIGNED,
                "{what}: {} refused",
                many.refused
            );
            assert_eq!(one.refused, many.refused, "{what}");
        })
        .buffer_unordered(2)
        .count()
        .await;
    assert_eq!(done, n);
}

/// Every TBA scenario × the interface selections (and the informative answers with all three):
/// one request at a time and several at once agree exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tba_scenario_gives_the_same_report_sequentially_and_in_parallel() {
    let mut cases = Vec::new();
    for &scenario in Scenario::all() {
        // REST alone (the RESTlet probe then only narrows a refusal), REST + SOAP, RESTlets
        // alone, all three; the informative answers with all three.
        for apis in [SELECTIONS[0], SELECTIONS[4], SELECTIONS[1], SELECTIONS[5]] {
            cases.push((scenario, false, apis));
        }
        cases.push((scenario, true, SELECTIONS[5]));
    }
    compare_both_ways(cases).await;
}

/// The same for every M2M scenario (all three interfaces: SOAP is skipped, OAuth 2.0 cannot use
/// it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_m2m_scenario_gives_the_same_report_sequentially_and_in_parallel() {
    let mut cases = Vec::new();
    for &scenario in Scenario::all_m2m() {
        cases.push((scenario, false, SELECTIONS[5]));
    }
    compare_both_ways(cases).await;
}

/// The events of a parallel run start and finish each check once, in check order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_events_come_in_check_order() {
    let all = [Api::Rest, Api::Restlet, Api::Soap];
    let emu = emulator(
        Scenario::Healthy,
        EmulatorOptions::default(),
        Duration::ZERO,
    )
    .await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let s = settings(Scenario::Healthy, emu.base_url(), &all, MAX_IN_FLIGHT);
    run_checks(&s, tx, CancellationToken::new()).await;
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    let mut last = None;
    for pair in events.chunks(2) {
        let [CheckEvent::Started(id), CheckEvent::Finished(r)] = pair else {
            panic!("not Started/Finished pairs: {events:?}");
        };
        assert_eq!(*id, r.id);
        assert!(last < Some(*id), "{events:?}");
        last = Some(*id);
    }
    assert_eq!(last, Some(CheckId::SoapLogin));
}

/// At 200 ms an answer, a healthy run with every interface waits about three round trips
/// (lookup ∥ reachability, the three logins, records ∥ SuiteQL), where one request at a time
/// waits seven.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_run_waits_for_the_critical_path_only() {
    let rt = Duration::from_millis(200);
    let all = [Api::Rest, Api::Restlet, Api::Soap];
    let mut took = Vec::new();
    for n in [1, MAX_IN_FLIGHT] {
        let emu = emulator(Scenario::Healthy, EmulatorOptions::default(), rt).await;
        let s = settings(Scenario::Healthy, emu.base_url(), &all, n);
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let t = Instant::now();
        let report = run_checks(&s, tx, CancellationToken::new()).await;
        took.push(t.elapsed());
        assert!(report.ok, "{report:#?}");
        emu.shutdown().await;
    }
    assert!(took[0] >= rt * 7, "one at a time: {:?}", took[0]);
    assert!(took[1] >= rt * 3, "in parallel: {:?}", took[1]);
    // Seven round trips against three plus the same overhead; a loaded machine adds to both.
    assert!(
        took[1] * 10 < took[0] * 7,
        "in parallel {:?}, one at a time {:?}",
        took[1],
        took[0]
    );
}

/// A REST login that passes, then every other signed probe refused: with the logins sent
/// together, at most three refused requests still reach the server, the budget is spent in the
/// order logins first, and one request at a time gives the same report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_holds_when_the_logins_go_out_together() {
    use crate::support::raw_http::{REST_401, RESTLET_401, SOAP_401, healthy, http, json, start};
    const REFUSING: [&str; 4] = [
        "/services/rest/record/v1/metadata-catalog",
        "/services/rest/query/v1/suiteql",
        "/rest/tokeninfo",
        "/services/NetSuitePort_2025_2",
    ];
    let mut reports = Vec::new();
    for n in [1, MAX_IN_FLIGHT] {
        let server = start(|req| match req.route() {
            "/services/rest/record/v1/metadata-catalog" | "/services/rest/query/v1/suiteql" => {
                json(401, REST_401)
            }
            "/rest/tokeninfo" => json(401, RESTLET_401),
            "/services/NetSuitePort_2025_2" => {
                http(500, &[("Content-Type", "text/xml")], SOAP_401.as_bytes())
            }
            _ => healthy(req),
        })
        .await;
        let mut s = Settings::new(demo::ACCOUNT, demo::credentials());
        s.base_url = Some(server.base_url());
        s.apis = vec![Api::Rest, Api::Restlet, Api::Soap];
        s.in_flight = n;
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let report = run_checks(&s, tx, CancellationToken::new()).await;
        let refused = server
            .requests()
            .iter()
            .filter(|r| r.signed() && REFUSING.contains(&r.route()))
            .count();
        assert_eq!(refused, MAX_FAILING_SIGNED, "in flight {n}: {report:#?}");
        let status = |id| report.checks.iter().find(|c| c.id == id).unwrap().status;
        assert_eq!(status(CheckId::RestLogin), Status::Pass);
        assert_eq!(status(CheckId::RestletTokeninfo), Status::Fail);
        assert_eq!(status(CheckId::SoapLogin), Status::Fail);
        assert_eq!(status(CheckId::RestRecords), Status::Fail);
        assert_eq!(status(CheckId::RestSuiteql), Status::Skip);
        let addr = server.base_url().trim_start_matches("http://").to_string();
        reports.push(masked(serde_json::to_value(&report).unwrap(), &addr));
    }
    assert_eq!(reports[0], reports[1]);
}
