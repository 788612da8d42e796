//! Real NetSuite, not our idea of it (issue 20). Three sweeps:
//! * **replay**: every fixture under `tests/data/replay/` (a real-shaped answer with its public
//!   source) is served by a loopback server and must give its expected first diagnosis;
//! * **emulator**: every scenario, under the default (least informative) answers, the informative
//!   ones and each smaller shape, never ends a failing run without a diagnosis; the new defaults
//!   give the diagnoses the captures call for;
//! * **faults**: broken or unknown answers on every probe never leave a failing run without one.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::support::emulator as emulator_support;
use crate::support::fixtures::*;
use crate::support::raw_http::*;
use futures::stream::{self, StreamExt};
use nstba::check::{Api, Report, Settings, run_checks};
use nstba::emulator::model::AccountModel;
use nstba::emulator::{
    Emulator, EmulatorConfig, EmulatorOptions, RoleWithoutRestAnswer, Scenario, Shapes, demo,
};
use nstba::netsuite::Credentials;
use tokio_util::sync::CancellationToken;

const ALL_APIS: [Api; 3] = [Api::Rest, Api::Restlet, Api::Soap];

async fn run(s: &Settings) -> Report {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    run_checks(s, tx, CancellationToken::new()).await
}

/// The property of the issue: a run that finds a problem never ends with an empty list.
fn assert_explained(what: &str, r: &Report) {
    assert!(
        r.ok || !r.diagnoses.is_empty(),
        "{what}: ok=false with no diagnosis: {r:#?}"
    );
}

// ---- replay fixtures ----

/// One answer of a fixture.
#[derive(Debug, Clone)]
struct Answer {
    method: String,
    route: String,
    status: u16,
    content_type: String,
    body: String,
}

#[derive(Debug)]
struct Fixture {
    name: String,
    source: String,
    expect: Option<String>,
    contains: Vec<String>,
    apis: Vec<Api>,
    answers: Vec<Answer>,
}

fn parse_fixture(name: &str, text: &str) -> Fixture {
    let mut f = Fixture {
        name: name.to_string(),
        source: String::new(),
        expect: None,
        contains: Vec::new(),
        apis: ALL_APIS.to_vec(),
        answers: Vec::new(),
    };
    let mut body: Option<(Answer, Vec<&str>)> = None;
    let close = |body: &mut Option<(Answer, Vec<&str>)>, f: &mut Fixture| {
        if let Some((mut a, lines)) = body.take() {
            a.body = lines.join("\n");
            f.answers.push(a);
        }
    };
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("=== ") {
            close(&mut body, &mut f);
            let mut parts = head.splitn(4, ' ');
            let mut next = || {
                parts
                    .next()
                    .unwrap_or_else(|| panic!("{name}: bad line {line}"))
            };
            let (method, route, status) = (next().to_string(), next().to_string(), next());
            let answer = Answer {
                method,
                route,
                status: status.parse().unwrap_or_else(|_| panic!("{name}: status")),
                content_type: next().to_string(),
                body: String::new(),
            };
            body = Some((answer, Vec::new()));
        } else if let Some((_, lines)) = body.as_mut() {
            lines.push(line);
        } else if let Some(meta) = line.strip_prefix("# ") {
            let (key, value) = meta.split_once(':').expect("key: value");
            let value = value.trim().to_string();
            match key {
                "source" => f.source = value,
                "expect" => f.expect = (value != "none").then_some(value),
                "contains" => f.contains.push(value),
                "apis" => {
                    f.apis = value
                        .split(',')
                        .map(|a| Api::parse(a).expect("api name"))
                        .collect()
                }
                other => panic!("{name}: unknown key {other}"),
            }
        }
    }
    close(&mut body, &mut f);
    f
}

fn fixtures() -> Vec<Fixture> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/replay");
    let mut out: Vec<Fixture> = std::fs::read_dir(&dir)
        .expect("replay dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            parse_fixture(&name, &std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Serves the fixture's answers (with a current `Date`), and a healthy account elsewhere.
async fn replay_server(answers: Vec<Answer>) -> Server {
    let answers = Arc::new(answers);
    start(move |req| {
        let found = answers
            .iter()
            .find(|a| a.method == req.method && a.route == req.route());
        match found {
            Some(a) => {
                let d = date(0);
                http(
                    a.status,
                    &[("Content-Type", &a.content_type), ("Date", &d)],
                    a.body.as_bytes(),
                )
            }
            None => healthy(req),
        }
    })
    .await
}

fn settings(base_url: &str, apis: &[Api]) -> Settings {
    let mut s = Settings::new(ACCOUNT, Credentials::new(CK, CS, TK, TS));
    s.base_url = Some(base_url.to_string());
    s.apis = apis.to_vec();
    s.timeout = Duration::from_secs(5);
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_replay_fixture_gives_its_expected_diagnosis() {
    let all = fixtures();
    assert!(all.len() >= 15, "only {} fixtures", all.len());
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for f in &all {
        assert!(f.source.len() > 10, "{}: cite the public source", f.name);
        assert!(!f.answers.is_empty(), "{}: no answer to replay", f.name);
        let server = replay_server(f.answers.clone()).await;
        let report = run(&settings(&server.base_url(), &f.apis)).await;
        let first = report.diagnoses.first();
        let got = first.map(|d| d.code.as_str()).unwrap_or("-");
        table.push(format!("{:<44} ok={:<5} first={got}", f.name, report.ok));
        let text = first
            .map(|d| format!("{} {} {}", d.title, d.cause, d.fix.join(" ")))
            .unwrap_or_default();
        let right = match &f.expect {
            None => report.ok,
            Some(code) => {
                !report.ok
                    && got == code
                    && f.contains
                        .iter()
                        .all(|needle| text.contains(needle.as_str()))
            }
        };
        if !right || !(report.ok || first.is_some()) {
            wrong.push(format!(
                "{}: expected {:?} containing {:?}, got ok={} {:#?}",
                f.name, f.expect, f.contains, report.ok, report.diagnoses
            ));
        }
    }
    eprintln!("{}", table.join("\n"));
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures wrong:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}

#[test]
fn fixture_parser_reads_meta_and_bodies() {
    let f = parse_fixture(
        "x",
        "# source: somewhere public\n# expect: none\n# apis: rest\n=== GET /a 200 text/plain\nline 1\nline 2\n=== POST /b 500 a/b; c=d\n{}\n",
    );
    assert_eq!(f.expect, None);
    assert_eq!(f.apis, vec![Api::Rest]);
    assert_eq!(f.answers.len(), 2);
    assert_eq!(f.answers[0].body, "line 1\nline 2");
    assert_eq!(f.answers[1].content_type, "a/b; c=d");
    assert_eq!(f.answers[1].status, 500);
}

// ---- the emulator ----

async fn emulator(scenario: Scenario, options: EmulatorOptions) -> Emulator {
    Emulator::start_with(
        EmulatorConfig {
            scenario,
            latency: Some(Duration::ZERO),
            ..Default::default()
        },
        options,
    )
    .await
    .expect("emulator starts")
}

async fn emulator_report(scenario: Scenario, options: EmulatorOptions) -> Report {
    let emu = emulator(scenario, options).await;
    let mut s = Settings::new(demo::ACCOUNT, demo::credentials());
    s.base_url = Some(emu.base_url());
    s.apis = ALL_APIS.to_vec();
    s.timeout = Duration::from_secs(5);
    let r = run(&s).await;
    emu.shutdown().await;
    r
}

/// Every scenario under the default, the informative and all-shapes-at-once answers; each shape
/// alone on a scenario whose answers it changes; each role answer on its scenario.
fn sweep_cases() -> Vec<(String, Scenario, EmulatorOptions)> {
    let mut all_shapes = EmulatorOptions::default();
    for name in Shapes::NAMES {
        assert!(all_shapes.shapes.enable(name));
    }
    // The slow 401 only matters for concurrency (played below); elsewhere it just costs time.
    all_shapes.shapes.rest_concurrency_slow_401 = false;
    let mut cases = Vec::new();
    for &scenario in Scenario::all() {
        for (name, options) in [
            ("default", EmulatorOptions::default()),
            ("informative", EmulatorOptions::informative()),
            ("all shapes", all_shapes.clone()),
        ] {
            cases.push((
                format!("{} with {name}", scenario.name()),
                scenario,
                options,
            ));
        }
    }
    // Each shape alone, on the scenario whose answers it changes.
    for (name, scenario) in [
        ("html-maintenance", Scenario::Maintenance),
        ("slow-401-concurrency", Scenario::Concurrency),
        ("restlet-plain-text", Scenario::WrongConsumerSecret),
        ("restlet-403", Scenario::RevokedToken),
        ("lookup-400", Scenario::AccountNotFound),
        ("soap-wrong-data-center", Scenario::Healthy),
        ("suiteql-403", Scenario::RecordPermission),
        ("catalog-403", Scenario::RecordPermission),
    ] {
        let mut o = EmulatorOptions::default();
        assert!(o.shapes.enable(name));
        cases.push((format!("{} with {name}", scenario.name()), scenario, o));
    }
    for answer in [
        RoleWithoutRestAnswer::InvalidLogin401,
        RoleWithoutRestAnswer::ServerTimeOpen,
    ] {
        let o = EmulatorOptions {
            role_without_rest: answer,
            ..Default::default()
        };
        cases.push((
            format!("role-without-rest with {answer:?}"),
            Scenario::RoleWithoutRest,
            o,
        ));
    }
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_emulator_scenario_ends_without_a_diagnosis() {
    let cases = sweep_cases();
    assert_eq!(
        cases.len(),
        Scenario::all().len() * 3 + Shapes::NAMES.len() + 2
    );
    // Several at a time: each run is mostly waiting on loopback I/O.
    stream::iter(cases)
        .map(|(what, scenario, options)| async move {
            let report = emulator_report(scenario, options).await;
            assert_explained(&what, &report);
        })
        .buffer_unordered(8)
        .collect::<Vec<()>>()
        .await;
}

/// A role like the demo one but without SuiteAnalytics Workbook.
fn model_without_workbook() -> AccountModel {
    let mut m = AccountModel::preset(Scenario::Healthy);
    m.roles[0].suiteanalytics_workbook = false;
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_answers_give_the_diagnoses_the_captures_call_for() {
    // SuiteQL without SuiteAnalytics Workbook: 400 USER_ERROR, yet the right permission named.
    let options = EmulatorOptions {
        model: Some(model_without_workbook()),
        ..Default::default()
    };
    let r = emulator_report(Scenario::Healthy, options).await;
    let d = &r.diagnoses[0];
    assert_eq!(d.code, "permission-missing", "{r:#?}");
    assert!(d.title.contains("SuiteAnalytics Workbook"), "{d:#?}");
    assert!(d.fix[0].contains("Permissions subtab > Reports"), "{d:#?}");
    assert!(d.evidence.contains("USER_ERROR"), "{d:#?}");

    // No record permission: the catalog lists nothing (200), SuiteQL names the record.
    let r = emulator_report(Scenario::RecordPermission, EmulatorOptions::default()).await;
    let d = &r.diagnoses[0];
    assert_eq!(d.code, "permission-missing", "{r:#?}");
    assert!(d.title.contains("Lists -> Employees"), "{d:#?}");
    assert!(d.evidence.contains("INVALID_PARAMETER"), "{d:#?}");
    let records = r
        .checks
        .iter()
        .find(|c| c.id == nstba::check::CheckId::RestRecords)
        .unwrap();
    assert_eq!(records.status, nstba::check::Status::Pass, "{records:#?}");

    // A role without REST Web Services whose serverTime still answers: ranked by what failed.
    let options = EmulatorOptions {
        role_without_rest: RoleWithoutRestAnswer::ServerTimeOpen,
        ..Default::default()
    };
    let r = emulator_report(Scenario::RoleWithoutRest, options).await;
    let d = &r.diagnoses[0];
    assert_eq!(d.code, "rest-access-missing", "{r:#?}");
    assert!(d.fix[0].contains("REST Web Services"), "{d:#?}");

    // SOAP maintenance as a fault, and the SOAP wrong-data-center text.
    let r = emulator_report(Scenario::Maintenance, EmulatorOptions::default()).await;
    assert_eq!(r.diagnoses[0].code, "account-unavailable", "{r:#?}");
    let mut o = EmulatorOptions::default();
    o.shapes.enable("soap-wrong-data-center");
    let r = emulator_report(Scenario::Healthy, o).await;
    assert_eq!(r.diagnoses[0].code, "wrong-host", "{r:#?}");
    assert!(r.diagnoses[0].evidence.contains("correct data center"));

    // An unknown account answered 400 by the lookup.
    let mut o = EmulatorOptions::default();
    o.shapes.enable("lookup-400");
    let r = emulator_report(Scenario::AccountNotFound, o).await;
    assert_eq!(r.diagnoses[0].code, "account-not-found", "{r:#?}");
}

/// Step one of the three-step flow with a consumer key the account does not know.
async fn unknown_consumer_step_one(emu: &Emulator) -> (u16, serde_json::Value) {
    use nstba::netsuite::flow::{Consumer, request_token_request};
    let secret = "ab".repeat(32);
    let key = "12".repeat(32);
    let consumer = Consumer::new(&key, &secret);
    let r = request_token_request(&emu.base_url(), &consumer, "http://localhost:9/cb", None)
        .expect("signs");
    let got = emulator_support::read(
        emulator_support::http()
            .post(&r.url)
            .header("Authorization", &r.authorization)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    (got.status, got.json())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_defaults_tell_a_client_no_more_than_netsuite_does() {
    use emulator_support::{SERVER_TIME, last_detail, oauth_header, send_with_auth};
    // Flow refusals: generic by default, the exact code only in the audit trail.
    let emu = emulator(Scenario::Healthy, EmulatorOptions::default()).await;
    let (status, body) = unknown_consumer_step_one(&emu).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        serde_json::json!({"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}})
    );
    assert_eq!(last_detail(&emu).as_deref(), Some("UnknownIntegration"));
    // Realm: lowercase or missing is refused by default.
    let url = format!("{}{SERVER_TIME}", emu.base_url());
    for realm in [Some("1234567_sb1"), None] {
        let auth = oauth_header("GET", &url, &demo::credentials(), realm);
        let got = send_with_auth(&emu, "GET", SERVER_TIME, &auth, None, None).await;
        assert_eq!(got.status, 401, "{realm:?}");
        assert_eq!(last_detail(&emu).as_deref(), Some("InvalidSignature"));
    }
    let auth = oauth_header("GET", &url, &demo::credentials(), Some(demo::ACCOUNT));
    let got = send_with_auth(&emu, "GET", SERVER_TIME, &auth, None, None).await;
    assert_eq!(got.status, 200, "{}", got.body);

    // `--flow-errors specific`: the informative branch names the code.
    let emu = emulator(Scenario::Healthy, EmulatorOptions::informative()).await;
    let (status, body) = unknown_consumer_step_one(&emu).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "UnknownIntegration");
}

fn shaped(name: &str) -> EmulatorOptions {
    let mut o = EmulatorOptions::default();
    assert!(o.shapes.enable(name), "{name}");
    o
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_shape_plays_its_capture() {
    use emulator_support::{RESTLET, SERVER_TIME, TOKENINFO, last_detail, signed, soap};
    let bad = Credentials::new(
        demo::credentials().consumer_key.expose(),
        "00".repeat(32),
        demo::credentials().token_id.expose(),
        demo::credentials().token_secret.expose(),
    );
    let tokeninfo_with = |emu: &Emulator| {
        let url = format!("{}{TOKENINFO}", emu.base_url());
        let auth = emulator_support::oauth_header("GET", &url, &bad, Some(demo::ACCOUNT));
        async move {
            emulator_support::read(
                emulator_support::http()
                    .get(url)
                    .header("Authorization", auth)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    // RESTlet errors on a GET without Content-Type in plain text; INVALID_LOGIN_ATTEMPT with 403.
    let emu = emulator(Scenario::Healthy, shaped("restlet-plain-text")).await;
    let got = tokeninfo_with(&emu).await;
    assert_eq!(got.status, 401);
    assert_eq!(
        got.body,
        "error code: INVALID_LOGIN_ATTEMPT error message: Invalid login attempt."
    );
    let emu = emulator(Scenario::Healthy, shaped("restlet-403")).await;
    let got = tokeninfo_with(&emu).await;
    assert_eq!(got.status, 403);
    assert_eq!(got.json()["error"]["code"], "INVALID_LOGIN_ATTEMPT");
    assert_eq!(last_detail(&emu).as_deref(), Some("InvalidSignature"));

    // SOAP maintenance: a fault by default, the HTML 503 as a shape.
    let emu = emulator(Scenario::Maintenance, EmulatorOptions::default()).await;
    let got = soap(&emu).await;
    assert_eq!(got.status, 500);
    assert!(
        got.body
            .contains("<faultstring>The account you are trying to access")
    );
    let emu = emulator(Scenario::Maintenance, shaped("html-maintenance")).await;
    assert_eq!(soap(&emu).await.status, 503);

    // The SOAP wrong-data-center text, exactly.
    let emu = emulator(Scenario::Healthy, shaped("soap-wrong-data-center")).await;
    let got = soap(&emu).await;
    assert!(got.body.contains(
        "<faultstring>You are not requesting the correct data center for your company! Please correct the host in the URL.</faultstring>"
    ), "{}", got.body);

    // An unknown account on datacenterurls: default hosts, or 400 as a shape.
    let lookup = |emu: &Emulator| {
        let url = format!("{}/rest/datacenterurls?account=7654321", emu.base_url());
        async move {
            emulator_support::read(emulator_support::http().get(url).send().await.unwrap()).await
        }
    };
    let emu = emulator(Scenario::Healthy, EmulatorOptions::default()).await;
    assert_eq!(lookup(&emu).await.status, 200);
    let emu = emulator(Scenario::Healthy, shaped("lookup-400")).await;
    let got = lookup(&emu).await;
    assert_eq!(
        (got.status, got.body.as_str()),
        (400, "Company Id is invalid")
    );

    // Concurrency on REST as a slow 401.
    let emu = emulator(Scenario::Concurrency, shaped("slow-401-concurrency")).await;
    let t = std::time::Instant::now();
    let got = signed(&emu, "GET", SERVER_TIME, None, None).await;
    assert_eq!(got.status, 401);
    assert!(
        t.elapsed() >= nstba::emulator::options::SLOW_401,
        "{:?}",
        t.elapsed()
    );
    assert_eq!(
        last_detail(&emu).as_deref(),
        Some("CONCURRENCY_LIMIT_EXCEEDED")
    );
    // RESTlets keep their own concurrency code.
    let got = signed(&emu, "GET", RESTLET, None, None).await;
    assert_eq!(got.json()["error"]["code"], "SSS_REQUEST_LIMIT_EXCEEDED");

    // The permission text keeps NetSuite's two spaces.
    let emu = emulator(Scenario::RecordPermission, shaped("catalog-403")).await;
    let got = signed(&emu, "GET", emulator_support::METADATA, None, None).await;
    assert_eq!(got.status, 403);
    assert!(
        got.body
            .contains("You need  the 'Lists -> Employees' permission"),
        "{}",
        got.body
    );
}

// ---- fault servers ----

fn faults() -> Vec<(&'static str, Reply)> {
    let role = r#"{"status":400,"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#;
    vec![
        ("500 html", http(500, &[("Content-Type", "text/html")], b"<html><body>Oops</body></html>")),
        ("200 html", http(200, &[("Content-Type", "text/html")], b"<!DOCTYPE html><html><body>Portal</body></html>")),
        ("200 broken json", json(200, "{\"serverTime\":\"20")),
        ("401 empty", http(401, &[], b"")),
        ("403 empty", http(403, &[], b"")),
        ("404 text", http(404, &[("Content-Type", "text/plain")], b"Not Found")),
        ("400 unknown code", json(400, r#"{"o:errorDetails":[{"detail":"x","o:errorCode":"BRAND_NEW"}]}"#)),
        ("400 role refused", json(400, role)),
        ("302 redirect", http(302, &[("Location", "http://127.0.0.1:9/")], b"")),
        ("500 soap fault", http(500, &[("Content-Type", "text/xml")], b"<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Something new</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>")),
    ]
}

const ROUTES: [&str; 6] = [
    "/rest/datacenterurls",
    "/services/rest/system/v1/serverTime",
    "/services/rest/record/v1/metadata-catalog",
    "/services/rest/query/v1/suiteql",
    "/rest/tokeninfo",
    "/services/NetSuitePort_2025_2",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_fault_on_any_probe_ends_without_a_diagnosis() {
    let cases: Vec<(&str, usize)> = ROUTES
        .iter()
        .flat_map(|r| (0..faults().len()).map(move |i| (*r, i)))
        .collect();
    assert_eq!(cases.len(), ROUTES.len() * faults().len());
    stream::iter(cases)
        .map(|(route, i)| async move {
            let server = start(move |req| {
                if req.route() == route {
                    faults().swap_remove(i).1
                } else {
                    healthy(req)
                }
            })
            .await;
            let mut s = settings(&server.base_url(), &ALL_APIS);
            s.timeout = Duration::from_secs(2);
            let report = run(&s).await;
            assert_explained(&format!("{route} answering {}", faults()[i].0), &report);
        })
        .buffer_unordered(8)
        .collect::<Vec<()>>()
        .await;
}
