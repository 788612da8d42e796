//! The waves against a stand-in that counts what reaches it: `in_flight` is the most requests
//! ever open at once (one means one after another), and the failing-request budget holds however
//! many go out together. The golden runs cannot see either: the report is the same both ways.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{MAX_FAILING_SIGNED, MAX_IN_FLIGHT};
use crate::check::fixtures::{REST_401, RESTLET_401, TOKENINFO_OK};
use crate::check::model::{Api, CheckEvent, CheckId, Report, Status};
use crate::check::{Settings, run_checks};
use crate::emulator::demo;
use crate::netsuite::endpoints;

const SOAP_FAULT: &str =
    include_str!("../../../tests/data/netsuite/soap/invalid-credentials-fault.xml");
const SOAP_OK: &str = include_str!("../../../tests/data/netsuite/soap/get-server-time.xml");

/// What the stand-in saw.
#[derive(Default)]
struct Seen {
    open: AtomicUsize,
    peak: AtomicUsize,
    /// The same for the capability probes (records, SuiteQL) alone.
    capability_open: AtomicUsize,
    capability_peak: AtomicUsize,
    /// Signed requests it refused.
    refused: AtomicUsize,
}

#[derive(Clone)]
struct Stand {
    seen: Arc<Seen>,
    /// Refuse every signed probe but the REST login.
    refuse_the_rest: bool,
    origin: String,
}

impl Stand {
    /// Holds the request open a moment (so overlapping ones overlap), counting how many are.
    async fn answer(&self, refuse: bool, ok: Response, refused: Response) -> Response {
        let now = self.seen.open.fetch_add(1, Ordering::SeqCst) + 1;
        self.seen.peak.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(40)).await;
        self.seen.open.fetch_sub(1, Ordering::SeqCst);
        if refuse {
            self.seen.refused.fetch_add(1, Ordering::SeqCst);
            refused
        } else {
            ok
        }
    }
}

fn json(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn xml(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml")],
        body.to_string(),
    )
        .into_response()
}

async fn lookup(State(s): State<Stand>) -> Response {
    let o = &s.origin;
    let body = serde_json::json!({"restDomain": o, "systemDomain": o, "webservicesDomain": o});
    s.answer(
        false,
        json(StatusCode::OK, &body.to_string()),
        json(StatusCode::OK, ""),
    )
    .await
}

async fn login(State(s): State<Stand>) -> Response {
    let ok = json(
        StatusCode::OK,
        r#"{"serverTime":"2026-12-02T12:00:00.000Z"}"#,
    );
    s.answer(false, ok, json(StatusCode::UNAUTHORIZED, REST_401))
        .await
}

async fn records(State(s): State<Stand>) -> Response {
    let ok = json(StatusCode::OK, r#"{"items":[]}"#);
    let refuse = s.refuse_the_rest;
    let now = s.seen.capability_open.fetch_add(1, Ordering::SeqCst) + 1;
    s.seen.capability_peak.fetch_max(now, Ordering::SeqCst);
    let answer = s
        .answer(refuse, ok, json(StatusCode::UNAUTHORIZED, REST_401))
        .await;
    s.seen.capability_open.fetch_sub(1, Ordering::SeqCst);
    answer
}

async fn tokeninfo(State(s): State<Stand>) -> Response {
    let ok = json(StatusCode::OK, TOKENINFO_OK);
    let refuse = s.refuse_the_rest;
    s.answer(refuse, ok, json(StatusCode::UNAUTHORIZED, RESTLET_401))
        .await
}

async fn soap(State(s): State<Stand>) -> Response {
    let refuse = s.refuse_the_rest;
    s.answer(
        refuse,
        xml(StatusCode::OK, SOAP_OK),
        xml(StatusCode::INTERNAL_SERVER_ERROR, SOAP_FAULT),
    )
    .await
}

/// A TBA run on every interface with `in_flight` against a fresh stand-in: the report and what
/// the stand-in saw.
async fn run(in_flight: usize, refuse_the_rest: bool) -> (Report, Arc<Seen>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("an address"));
    let stand = Stand {
        seen: Arc::default(),
        refuse_the_rest,
        origin: origin.clone(),
    };
    let seen = stand.seen.clone();
    let app = Router::new()
        .route(endpoints::DATACENTER_URLS, get(lookup))
        .route(endpoints::REST_SERVER_TIME, get(login))
        .route(endpoints::REST_METADATA_CATALOG, get(records))
        .route(endpoints::REST_SUITEQL, post(records))
        .route(endpoints::TOKEN_INFO, get(tokeninfo))
        .route(endpoints::SOAP, post(soap))
        .with_state(stand);
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let mut s = Settings::new(demo::ACCOUNT, demo::credentials());
    s.base_url = Some(origin);
    s.apis = vec![Api::Rest, Api::Restlet, Api::Soap];
    s.timeout = Duration::from_secs(10);
    s.in_flight = in_flight;
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
    let report = run_checks(&s, tx, tokio_util::sync::CancellationToken::new()).await;
    server.abort();
    (report, seen)
}

fn status(r: &Report, id: CheckId) -> Option<Status> {
    r.checks.iter().find(|c| c.id == id).map(|c| c.status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_bounds_the_requests_open_at_once() {
    let (one, seen) = run(1, false).await;
    assert!(one.ok, "{one:#?}");
    assert_eq!(seen.peak.load(Ordering::SeqCst), 1, "one after another");
    assert_eq!(seen.capability_peak.load(Ordering::SeqCst), 1);
    let (all, seen) = run(MAX_IN_FLIGHT, false).await;
    assert!(all.ok, "{all:#?}");
    // The three logins go out together, then records ∥ SuiteQL: healthy answers waiting to be
    // recorded in plan order are not counted as refusals that would hold SuiteQL back.
    assert_eq!(seen.peak.load(Ordering::SeqCst), MAX_IN_FLIGHT);
    assert_eq!(seen.capability_peak.load(Ordering::SeqCst), 2);
    let (two, seen) = run(2, false).await;
    assert!(two.ok, "{two:#?}");
    assert_eq!(seen.peak.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_holds_when_every_probe_after_the_rest_login_is_refused() {
    for n in [1, MAX_IN_FLIGHT] {
        let (r, seen) = run(n, true).await;
        assert_eq!(
            seen.refused.load(Ordering::SeqCst),
            MAX_FAILING_SIGNED,
            "in flight {n}: {r:#?}"
        );
        assert_eq!(status(&r, CheckId::RestLogin), Some(Status::Pass));
        assert_eq!(status(&r, CheckId::RestletTokeninfo), Some(Status::Fail));
        assert_eq!(status(&r, CheckId::SoapLogin), Some(Status::Fail));
        // Budget order: the logins first, then records; SuiteQL is left for the lockout.
        assert_eq!(status(&r, CheckId::RestRecords), Some(Status::Fail));
        assert_eq!(status(&r, CheckId::RestSuiteql), Some(Status::Skip));
    }
}
