//! The HTTP side: shared state, one dispatcher on one origin (clients use `--base-url`, which
//! sends every NetSuite call to a single origin), the login step shared by REST and RESTlets, the
//! audit trail, latency and the `Date` header from the emulated clock on every response.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};

use super::audit::{AuditEntry, MAX_ENTRIES};
use super::model::AccountModel;
use super::oauth_header::{OAuthHeader, REQUIRED};
use super::options::EmulatorOptions;
use super::signature::{collect_params, oauth_base_string, request_url};
use super::verify::{Interface, Login, Presented, ReplayCache, Signed, verify};
use super::{Scenario, clock, debug, lookup, rest, restlet, soap};

/// Request bodies larger than this are refused (413) before any parsing.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Connection limits: a client gets 10 s to send a request head (slowloris connections are cut),
/// and at most 512 connections are open at once.
pub const LIMITS: crate::net::http_server::Limits = crate::net::http_server::Limits {
    head_timeout: Duration::from_secs(10),
    connection_lifetime: Duration::from_secs(600),
    max_connections: 512,
};

/// Mutable emulator state. The lock is never held across an `.await`.
pub(crate) struct Inner {
    pub scenario: Scenario,
    pub model: AccountModel,
    pub audit: VecDeque<AuditEntry>,
    pub replay: ReplayCache,
    pub flow: super::flow::FlowState,
    pub authcode: super::oauth2::authcode::AuthCodeState,
}

/// State shared by all connections.
pub(crate) struct Shared {
    state: Mutex<Inner>,
    pub options: EmulatorOptions,
    pub latency_override: Option<Duration>,
    in_flight: AtomicUsize,
    /// A multi-account emulator's account and credentials (scenario presets are built for
    /// them); `None`: the demo account.
    identity: Option<(crate::netsuite::AccountId, crate::netsuite::Credentials)>,
}

impl Shared {
    pub fn new(scenario: Scenario, options: EmulatorOptions, latency: Option<Duration>) -> Shared {
        let model = options
            .model
            .clone()
            .unwrap_or_else(|| AccountModel::preset(scenario));
        Shared {
            state: Mutex::new(Inner {
                scenario,
                model,
                audit: VecDeque::new(),
                replay: ReplayCache::default(),
                flow: Default::default(),
                authcode: Default::default(),
            }),
            options,
            latency_override: latency,
            in_flight: AtomicUsize::new(0),
            identity: None,
        }
    }

    /// The state of one account of a multi-account emulator, with its own credentials.
    pub fn for_account(
        scenario: Scenario,
        options: EmulatorOptions,
        latency: Option<Duration>,
        identity: (crate::netsuite::AccountId, crate::netsuite::Credentials),
    ) -> Shared {
        let mut shared = Shared::new(scenario, options, latency);
        shared.identity = Some(identity);
        shared.lock().model = shared.preset(scenario);
        shared
    }

    /// The model `scenario` starts from, for this account.
    fn preset(&self, scenario: Scenario) -> AccountModel {
        match &self.identity {
            Some((account, creds)) => AccountModel::preset_for(scenario, account.clone(), creds),
            None => AccountModel::preset(scenario),
        }
    }

    /// The state, even if a panicking thread poisoned the lock (the data stays consistent:
    /// every critical section is a few plain assignments).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn scenario(&self) -> Scenario {
        self.lock().scenario
    }

    pub fn set_scenario(&self, scenario: Scenario) {
        let model = self.preset(scenario);
        let mut s = self.lock();
        s.scenario = scenario;
        s.model = model;
        s.replay.clear();
        s.flow.clear();
        s.authcode.clear();
    }

    /// The delay before every answer: the config's override, else the options', else the
    /// scenario's. Slept with tokio (the worker stays free for other requests).
    pub fn latency(&self) -> Duration {
        self.latency_override
            .or(self.options.latency)
            .unwrap_or_else(|| self.scenario().latency())
    }

    /// Unix seconds on the emulated clock.
    pub fn now(&self) -> i64 {
        clock::now(
            self.options.fixed_clock,
            self.scenario().clock_offset_secs(),
        )
    }

    /// A copy of the account model (cheap; keeps the lock short).
    pub fn model(&self) -> AccountModel {
        self.lock().model.clone()
    }

    pub fn audit_trail(&self) -> Vec<AuditEntry> {
        self.lock().audit.iter().cloned().collect()
    }

    /// Appends one audit entry.
    pub fn record(&self, entry: AuditEntry) {
        let mut s = self.lock();
        if s.audit.len() >= MAX_ENTRIES {
            s.audit.pop_front();
        }
        s.audit.push_back(entry);
    }
}

/// One request, read completely (bodies are capped at [`BODY_LIMIT`]).
pub(crate) struct Req {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Decoded query parameters.
    pub fn query_params(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map(crate::netsuite::encode::parse_form)
            .unwrap_or_default()
    }

    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// Holds one of the account's concurrency slots while a request is served.
pub(crate) struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    /// Takes a slot; returns it with the number of requests now in flight (this one included).
    pub fn take_slot(&self) -> (Slot<'_>, usize) {
        let n = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        (Slot(&self.in_flight), n)
    }

    /// Whether `in_flight` requests plus other integrations' exceed the account's limit.
    pub fn over_limit(&self, model: &AccountModel, in_flight: usize) -> bool {
        in_flight + model.concurrency_used_elsewhere > model.concurrency_limit
    }
}

/// The login step shared by REST and RESTlets: parse the header, rebuild the base string from the
/// raw request, run the checks. `Err` is the LAT Detail.
pub(crate) fn login_oauth(
    shared: &Shared,
    req: &Req,
    interface: Interface,
) -> Result<Login, &'static str> {
    let raw = req.header(header::AUTHORIZATION).unwrap_or("");
    if let Some(token) = super::oauth2::bearer::token(raw) {
        return super::oauth2::bearer::login(&shared.model(), interface, token, shared.now());
    }
    let parsed = OAuthHeader::parse(raw).map_err(|e| e.detail())?;
    parsed.require(&REQUIRED).map_err(|e| e.detail())?;
    let host = req.header(header::HOST);
    let url =
        request_url(host, &req.path, shared.options.assume_https).ok_or("InvalidSignature")?;
    let params = collect_params(
        req.query.as_deref(),
        parsed.signed_params(),
        req.header(header::CONTENT_TYPE),
        &req.body,
    );
    let base_string = oauth_base_string(req.method.as_str(), &url, &params);
    let get = |k: &str| parsed.get(k).unwrap_or("");
    let presented = Presented {
        interface,
        consumer_key: get("oauth_consumer_key"),
        token: get("oauth_token"),
        nonce: get("oauth_nonce"),
        timestamp: get("oauth_timestamp"),
        version: parsed.get("oauth_version"),
        algorithm: get("oauth_signature_method"),
        signature: get("oauth_signature"),
        signed: Signed::OAuth {
            base_string,
            realm: parsed.get("realm"),
        },
    };
    let now = shared.now();
    let mut state = shared.lock();
    let Inner { model, replay, .. } = &mut *state;
    verify(model, &shared.options, now, replay, &presented)
}

/// What a route handler produced: the response plus the audit row to write (if any).
pub(crate) struct Outcome {
    pub response: Response<Body>,
    pub audit: Option<(Interface, Option<String>, Option<String>)>,
    /// Extra delay before answering (the slow-401 concurrency shape).
    pub delay: Duration,
}

impl Outcome {
    /// A response that is not logged (lookup, debug, 404s).
    pub fn plain(response: Response<Body>) -> Outcome {
        Outcome {
            response,
            audit: None,
            delay: Duration::ZERO,
        }
    }

    /// A response to log with its Detail (`None` on success) and a note.
    pub fn logged(
        response: Response<Body>,
        interface: Interface,
        detail: Option<&str>,
        note: Option<String>,
    ) -> Outcome {
        Outcome {
            response,
            audit: Some((interface, detail.map(str::to_string), note)),
            delay: Duration::ZERO,
        }
    }

    /// The same answer, sent `delay` later.
    pub fn delayed(mut self, delay: Duration) -> Outcome {
        self.delay = delay;
        self
    }
}

/// The single handler behind every path.
pub(crate) async fn dispatch(
    State(tenants): State<Arc<super::tenants::Tenants>>,
    request: Request,
) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return finish(
                tenants.first(),
                super::responses::with_body(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "text/plain; charset=utf-8",
                    "request body too large",
                ),
            );
        }
    };
    let req = Req {
        method: parts.method,
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
    };
    let shared = tenants.pick(&req).clone();
    let path = req.path.clone();
    if path.starts_with("/__nstba/") {
        return finish(&shared, debug::handle(&shared, &req));
    }
    // Every account request holds a concurrency slot for its whole life, latency included (the
    // lookup runs on NetSuite's global host, not against the account's limit).
    let (slot, in_flight) = shared.take_slot();
    let outcome = if path == crate::netsuite::endpoints::DATACENTER_URLS {
        drop(slot);
        Outcome::plain(lookup::handle(&shared, &req))
    } else if super::oauth2::is_token_endpoint(&path) {
        super::oauth2::handle(&shared, &req)
    } else if super::oauth2::authcode::is_revoke(&path) {
        super::oauth2::authcode::revoke::handle(&shared, &req)
    } else if super::oauth2::authcode::is_authorize(&path) {
        super::oauth2::authcode::consent::handle(&shared, &req)
    } else if super::oauth2::rotation::matches(&path) {
        super::oauth2::rotation::handle(&shared, &req)
    } else if path.starts_with("/services/rest/") {
        rest::handle(&shared, &req, in_flight)
    } else if path.starts_with("/services/NetSuitePort_") {
        soap::handle(&shared, &req, in_flight)
    } else if super::flow::is_token_endpoint(&path) {
        super::flow::handle(&shared, &req)
    } else if path == crate::netsuite::endpoints::ISSUE_TOKEN {
        super::issuetoken::handle(&shared, &req)
    } else if path == crate::netsuite::endpoints::AUTHORIZE_TOKEN {
        super::flow::consent(&shared, &req)
    } else if path.starts_with("/rest/") || path == crate::netsuite::endpoints::RESTLET {
        restlet::handle(&shared, &req, in_flight)
    } else {
        Outcome::plain(super::responses::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not Found",
        ))
    };
    let latency = shared.latency() + outcome.delay;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some((interface, detail, note)) = outcome.audit {
        let status = outcome.response.status();
        let who = who(&shared, &req);
        shared.record(AuditEntry {
            unix_time: shared.now().max(0) as u64,
            interface: interface.as_str(),
            path,
            detail,
            status: status.as_u16(),
            success: status.is_success(),
            note,
            app: who.app,
            token_name: who.token_name,
            user: who.user,
            email: who.email,
            role: who.role,
            user_agent: req
                .header(header::USER_AGENT)
                .map(|u| u.chars().take(200).collect()),
        });
    }
    finish(&shared, outcome.response)
}

/// Who `req` presented itself as (OAuth header, else a SOAP token passport), for the audit row.
fn who(shared: &Shared, req: &Req) -> super::audit::Who {
    let model = shared.model();
    if let Some(h) = req
        .header(header::AUTHORIZATION)
        .and_then(|raw| OAuthHeader::parse(raw).ok())
    {
        let get = |k: &str| h.get(k).unwrap_or("").to_string();
        return super::audit::Who::of(&model, &get("oauth_consumer_key"), &get("oauth_token"));
    }
    let body = String::from_utf8_lossy(&req.body);
    super::soap_request::parse(&body)
        .ok()
        .and_then(|s| s.passports.into_iter().next())
        .map(|p| {
            super::audit::Who::of(
                &model,
                p.consumer_key.as_deref().unwrap_or(""),
                p.token.as_deref().unwrap_or(""),
            )
        })
        .unwrap_or_default()
}

/// Stamps the `Date` header from the emulated clock (hyper keeps a `Date` we set).
fn finish(shared: &Shared, mut response: Response<Body>) -> Response<Body> {
    if let Ok(v) = HeaderValue::from_str(&clock::http_date(shared.now())) {
        response.headers_mut().insert(header::DATE, v);
    }
    response
}
