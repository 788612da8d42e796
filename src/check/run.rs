//! Runs the probes in order — local checks, account lookup, reachability, clock, signed logins and
//! capability probes — one at a time, streaming a Started/Finished event per check, skipping what
//! an earlier failure makes pointless, and capping failing signed requests (lockout risk).

use std::time::{Instant, SystemTime};

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::classify::{Kind, Observation, Stack, classify};
use super::clock;
use super::credential_shape::{self, ShapeLevel};
use super::diagnose::{self, Facts, LookupFact, ProbeFact, SkewFact};
use super::http::{Fetched, Http, TransportFailure, TransportKind, dns_and_tcp};
use super::model::{Api, CheckEvent, CheckId, CheckResult, Hosts, Report, Status};
use super::probes::{self, LookupBody, Origins, Sent, Signer};
use super::settings::{BODY_CAP, Settings};
use crate::netsuite::{AccountId, endpoints};
use crate::redact::Redactor;

/// Most failing signed requests one run may send: NetSuite may lock a user out after repeated
/// failed logins (`temporary_locked` after 5).
pub const MAX_FAILING_SIGNED: usize = 3;

/// Collects results and streams events.
struct Recorder {
    events: UnboundedSender<CheckEvent>,
    checks: Vec<CheckResult>,
    redactor: Redactor,
}

impl Recorder {
    fn start(&self, id: CheckId) -> Instant {
        let _ = self.events.send(CheckEvent::Started(id));
        Instant::now()
    }

    fn finish(&mut self, r: CheckResult) {
        let r = self.redactor.result(r);
        let _ = self.events.send(CheckEvent::Finished(r.clone()));
        self.checks.push(r);
    }

    fn skip(&mut self, id: CheckId, reason: &str) {
        let t = self.start(id);
        self.finish(result(id, Status::Skip, t, reason));
    }
}

fn result(
    id: CheckId,
    status: Status,
    started: Instant,
    summary: impl Into<String>,
) -> CheckResult {
    CheckResult {
        id,
        status,
        ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        http_status: None,
        error_code: None,
        summary: summary.into(),
        details: vec![],
    }
}

/// Which checks exist after `from`, for skipping the rest.
const ORDER: [CheckId; 10] = [
    CheckId::AccountId,
    CheckId::Credentials,
    CheckId::AccountLookup,
    CheckId::Reachability,
    CheckId::Clock,
    CheckId::RestLogin,
    CheckId::RestRecords,
    CheckId::RestSuiteql,
    CheckId::RestletTokeninfo,
    CheckId::SoapLogin,
];

fn skip_rest(rec: &mut Recorder, reason: &str) {
    let done: Vec<CheckId> = rec.checks.iter().map(|c| c.id).collect();
    for id in ORDER {
        if !done.contains(&id) {
            rec.skip(id, reason);
        }
    }
}

fn transport_summary(t: &TransportFailure) -> String {
    let what = match t.kind {
        TransportKind::Dns => "DNS lookup failed",
        TransportKind::Connect => "connection failed",
        TransportKind::Tls => "TLS failed",
        TransportKind::Timeout => "timed out",
        TransportKind::Cancelled => "cancelled",
        TransportKind::Other => "connection broke off",
    };
    format!("{what}: {}", t.host)
}

/// A probe result from a classified observation.
fn observed(
    id: CheckId,
    started: Instant,
    o: &Observation,
    status: Status,
    summary: String,
) -> CheckResult {
    let mut r = result(id, status, started, summary);
    r.http_status = Some(o.status);
    r.error_code = o.code.clone();
    if let Some(m) = &o.message {
        r.details.push(format!("message: {m}"));
    } else if !o.excerpt.is_empty() && o.kind != Kind::Success {
        r.details.push(format!("body ({}): {}", o.shape, o.excerpt));
    }
    r
}

fn failure_summary(o: &Observation) -> String {
    let what = match o.kind {
        Kind::LoginFailed => "login refused",
        Kind::WebServicesOnlyRole => "login refused (INVALID_LOGIN_CREDENTIALS)",
        Kind::RoleCannotUseApi => "the role may not use this API",
        Kind::PermissionMissing | Kind::ApiPermissionMissing => "permission missing",
        Kind::FeatureOff => "feature not enabled",
        Kind::Concurrency => "concurrency limit reached",
        Kind::Unavailable => "account unavailable",
        Kind::WrongHost => "wrong host / data center",
        Kind::AmbiguousAuth => "ambiguous authentication",
        Kind::TwoFactorRequired => "two-factor authentication demanded",
        Kind::Unexpected | Kind::Success => "unexpected answer",
    };
    match &o.code {
        Some(c) => format!("{what}: HTTP {} {c}", o.status),
        None => format!("{what}: HTTP {} ({})", o.status, o.shape),
    }
}

/// Runs every check in order, sending a [`CheckEvent`] as each starts and finishes, and returns the
/// report. Never touches a terminal. Cancelling stops at once (the request in flight is dropped);
/// the remaining checks are reported as skipped.
pub async fn run_checks(
    settings: &Settings,
    events: UnboundedSender<CheckEvent>,
    cancel: CancellationToken,
) -> Report {
    let creds = credential_shape::cleaned_credentials(&settings.credentials);
    let mut hidden: Vec<String> = Vec::new();
    for v in [
        settings.credentials.consumer_key.expose(),
        settings.credentials.token_id.expose(),
        creds.consumer_key.expose(),
        creds.token_id.expose(),
        settings.credentials.consumer_secret.expose(),
        settings.credentials.token_secret.expose(),
        creds.consumer_secret.expose(),
        creds.token_secret.expose(),
    ] {
        if v.chars().count() >= 8 && !hidden.iter().any(|h| h == v) {
            hidden.push(v.to_string());
        }
    }
    let mut rec = Recorder {
        events,
        checks: Vec::new(),
        redactor: Redactor::new(hidden),
    };
    let mut facts = Facts {
        account_typed: settings.account.clone(),
        base_url: settings.base_url.is_some(),
        ..Default::default()
    };

    // 1. Account id (local).
    let t = rec.start(CheckId::AccountId);
    let account = match AccountId::parse(&settings.account) {
        Ok(a) => {
            let mut r = result(
                CheckId::AccountId,
                Status::Pass,
                t,
                format!("{} ({})", a.realm(), a.environment().label()),
            );
            r.details = vec![
                format!("realm / SOAP account: {}", a.realm()),
                format!("host name part: {}", a.slug()),
            ];
            rec.finish(r);
            a
        }
        Err(e) => {
            facts.account_error = Some(e.to_string());
            rec.finish(result(
                CheckId::AccountId,
                Status::Fail,
                t,
                e.reason.clone(),
            ));
            skip_rest(&mut rec, "the account id is not valid");
            let diagnoses = diagnose::diagnose(&facts);
            return finish_report(
                rec,
                settings.account.trim().to_string(),
                "unknown",
                Hosts::default(),
                diagnoses,
            );
        }
    };
    facts.account = Some(account.clone());
    let hosts = Hosts {
        rest: account.rest_base(),
        restlets: account.restlet_base(),
        app: account.app_base(),
    };
    let environment = account.environment().kind();
    let report_account = account.realm();

    // 2. Credentials (local).
    let t = rec.start(CheckId::Credentials);
    facts.shape = credential_shape::check(&settings.credentials);
    let empty = facts.shape.iter().any(|i| i.level == ShapeLevel::Error);
    let status = if empty {
        Status::Fail
    } else if facts.shape.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    let summary = match facts.shape.len() {
        0 => "4 values present in the usual form".to_string(),
        1 => facts.shape[0].message.clone(),
        n => format!("{n} problems: {}", facts.shape[0].message),
    };
    let mut r = result(CheckId::Credentials, status, t, summary);
    if facts.shape.len() > 1 {
        r.details = facts.shape.iter().map(|i| i.message.clone()).collect();
    }
    rec.finish(r);

    macro_rules! finish {
        () => {{
            let diagnoses = diagnose::diagnose(&facts);
            return finish_report(rec, report_account, environment, hosts, diagnoses);
        }};
    }
    macro_rules! stop_if_cancelled {
        () => {
            if cancel.is_cancelled() {
                skip_rest(&mut rec, "cancelled");
                finish!();
            }
        };
    }

    let http = match Http::new(settings.timeout, BODY_CAP) {
        Ok(h) => h,
        Err(e) => {
            skip_rest(&mut rec, &format!("internal error: {e}"));
            finish!();
        }
    };
    let origins = Origins::new(&account, settings.base_url.as_deref());
    let mut dates: Vec<(SystemTime, SystemTime, String)> = Vec::new(); // (server, local, source)

    // 3. Account lookup (no auth).
    stop_if_cancelled!();
    let t = rec.start(CheckId::AccountLookup);
    let realm = account.realm();
    let mut answer = probes::lookup(&http, &origins.lookup, &realm, false, &cancel).await;
    if let Ok(f) = &answer
        && (f.status == 503
            || String::from_utf8_lossy(&f.body)
                .to_ascii_lowercase()
                .contains("service unavailable"))
        && !cancel.is_cancelled()
    {
        // Oracle: retry with &c=<ID> after "Service Unavailable".
        answer = probes::lookup(&http, &origins.lookup, &realm, true, &cancel).await;
    }
    let mut stop_network = false;
    match answer {
        Err(tf) => {
            if tf.kind == TransportKind::Cancelled {
                rec.finish(result(CheckId::AccountLookup, Status::Skip, t, "cancelled"));
                skip_rest(&mut rec, "cancelled");
                finish!();
            }
            if let Some(d) = tf.date {
                dates.push((
                    d,
                    SystemTime::now(),
                    "Date header of the account lookup".into(),
                ));
            }
            if settings.base_url.is_some() {
                // Every call goes to the same origin: no point going on.
                let mut r = result(
                    CheckId::AccountLookup,
                    Status::Fail,
                    t,
                    transport_summary(&tf),
                );
                r.details.push(tf.detail.clone());
                rec.finish(r);
                stop_network = true;
                facts.transport = Some((CheckId::AccountLookup, tf));
            } else {
                // The lookup host is not the account's host: note it, and let the account's own
                // hosts decide whether the network is the problem.
                let mut r = result(
                    CheckId::AccountLookup,
                    Status::Warn,
                    t,
                    format!("inconclusive: {}", transport_summary(&tf)),
                );
                r.details.push(tf.detail.clone());
                rec.finish(r);
                facts.lookup = LookupFact::Inconclusive(format!("account-lookup: {}", tf.detail));
            }
        }
        Ok(f) => {
            if let Some(d) = f.date {
                dates.push((
                    d,
                    SystemTime::now(),
                    "Date header of the account lookup".into(),
                ));
            }
            let (status, summary, fact, details) = judge_lookup(&f, &account);
            let mut r = result(CheckId::AccountLookup, status, t, summary);
            r.http_status = Some(f.status);
            r.details = details;
            rec.finish(r);
            if matches!(fact, LookupFact::Rejected(_)) {
                stop_network = true;
            }
            facts.lookup = fact;
        }
    }
    if stop_network {
        let reason = if facts.transport.is_some() {
            "the server could not be reached"
        } else {
            "the account lookup rejected the account id"
        };
        skip_rest(&mut rec, reason);
        finish!();
    }

    // 4. Reachability of the host the signed probes use.
    stop_if_cancelled!();
    let t = rec.start(CheckId::Reachability);
    let target = if settings.apis.contains(&Api::Rest) || settings.apis.contains(&Api::Soap) {
        origins.rest.clone()
    } else {
        origins.restlet.clone()
    };
    match reach(&http, &target, &cancel).await {
        Ok((addr, f)) => {
            if let Some(d) = f.date {
                dates.push((d, SystemTime::now(), "Date header of the REST host".into()));
            }
            let mut r = result(
                CheckId::Reachability,
                Status::Pass,
                t,
                format!("{} answers", super::http::host_of(&target)),
            );
            let layer = if target.starts_with("https") {
                "TLS"
            } else {
                "HTTP"
            };
            r.details.push(match addr {
                Some(addr) => format!(
                    "DNS ok ({}), TCP ok, {layer} ok (HTTP {})",
                    addr.ip(),
                    f.status
                ),
                None => format!(
                    "through the proxy {} from the environment: {layer} ok (HTTP {})",
                    super::http::proxy_label(&target),
                    f.status
                ),
            });
            rec.finish(r);
        }
        Err(tf) => {
            if tf.kind == TransportKind::Cancelled {
                rec.finish(result(CheckId::Reachability, Status::Skip, t, "cancelled"));
                skip_rest(&mut rec, "cancelled");
                finish!();
            }
            let mut r = result(
                CheckId::Reachability,
                Status::Fail,
                t,
                transport_summary(&tf),
            );
            r.details.push(tf.detail.clone());
            rec.finish(r);
            if let Some(d) = tf.date {
                dates.push((d, SystemTime::now(), "Date header of the REST host".into()));
            }
            facts.transport = Some((CheckId::Reachability, tf));
            // Clock can still be judged from the lookup's Date header.
            clock_check(&mut rec, &mut facts, &dates);
            skip_rest(&mut rec, "the host could not be reached");
            finish!();
        }
    }

    // 5. Clock.
    stop_if_cancelled!();
    let skew_fail = clock_check(&mut rec, &mut facts, &dates);

    // 6. Signed probes.
    let signer = Signer {
        account: &account,
        credentials: &creds,
    };
    let no_sign_reason = if empty {
        Some("a credential is empty".to_string())
    } else if skew_fail {
        Some(
            "the clock is more than 5 minutes off: every signed request would fail \
             (InvalidTimestamp) and count as a failed login"
                .to_string(),
        )
    } else {
        None
    };
    if let Some(reason) = no_sign_reason {
        skip_rest(&mut rec, &reason);
        finish!();
    }
    let mut failing = 0usize;
    let rest_selected = settings.apis.contains(&Api::Rest);
    let restlet_selected = settings.apis.contains(&Api::Restlet);
    let soap_selected = settings.apis.contains(&Api::Soap);

    let mut rest_login_ok = false;
    let mut rest_login_failed = false;
    if rest_selected {
        stop_if_cancelled!();
        let t = rec.start(CheckId::RestLogin);
        let url = format!("{}{}", origins.rest, endpoints::REST_SERVER_TIME);
        let sent = signer.get(&http, &url, &cancel).await;
        match take(
            &mut rec,
            &mut facts,
            CheckId::RestLogin,
            t,
            sent,
            Stack::Rest,
        ) {
            Taken::Answer(answer) => {
                let (f, mut o) = *answer;
                let server_time = probes::read_server_time(&f.body);
                if o.kind == Kind::Success && server_time.is_none() {
                    o.kind = Kind::Unexpected;
                }
                if o.kind == Kind::Success {
                    rest_login_ok = true;
                    let st = server_time.unwrap_or_default();
                    if let Some(ts) = clock::parse_server_time(&st) {
                        note_skew(
                            &mut facts,
                            ts,
                            SystemTime::now(),
                            "serverTime of REST login",
                        );
                    }
                    let mut r =
                        observed(CheckId::RestLogin, t, &o, Status::Pass, "logged in".into());
                    r.details.push(format!("server time: {st}"));
                    rec.finish(r);
                } else {
                    if o.kind == Kind::LoginFailed {
                        rest_login_failed = true;
                        failing += 1;
                    }
                    if let Some(d) = f.date {
                        note_skew(
                            &mut facts,
                            d,
                            SystemTime::now(),
                            "Date header of the REST login answer",
                        );
                    }
                    rec.finish(observed(
                        CheckId::RestLogin,
                        t,
                        &o,
                        Status::Fail,
                        failure_summary(&o),
                    ));
                }
                facts.probes.push(ProbeFact {
                    id: CheckId::RestLogin,
                    obs: o,
                });
            }
            Taken::Stop => finish!(),
        }
    } else {
        rec.skip(CheckId::RestLogin, "REST not selected (--api)");
    }

    // REST capability probes need a working REST login.
    for id in [CheckId::RestRecords, CheckId::RestSuiteql] {
        if !rest_selected {
            rec.skip(id, "REST not selected (--api)");
            continue;
        }
        if !rest_login_ok {
            rec.skip(id, "REST login failed");
            continue;
        }
        if failing >= MAX_FAILING_SIGNED {
            rec.skip(
                id,
                "stopped to avoid locking the user out after failed logins",
            );
            continue;
        }
        stop_if_cancelled!();
        let t = rec.start(id);
        let sent = if id == CheckId::RestRecords {
            let url = format!("{}{}", origins.rest, endpoints::REST_METADATA_CATALOG);
            signer.get(&http, &url, &cancel).await
        } else {
            signer.suiteql(&http, &origins.rest, &cancel).await
        };
        match take(&mut rec, &mut facts, id, t, sent, Stack::Rest) {
            Taken::Answer(answer) => {
                let (f, mut o) = *answer;
                let json: Option<serde_json::Value> = serde_json::from_slice(&f.body).ok();
                if o.kind == Kind::Success && json.is_none() {
                    o.kind = Kind::Unexpected;
                }
                if o.kind == Kind::Success {
                    let n = json
                        .as_ref()
                        .and_then(|v| v.get("items"))
                        .and_then(|v| v.as_array())
                        .map(Vec::len);
                    let summary = match (id, n) {
                        (CheckId::RestRecords, Some(n)) => format!("{n} record types visible"),
                        (CheckId::RestRecords, None) => "record catalog readable".into(),
                        (_, Some(n)) => {
                            format!("query ran ({n} row{})", if n == 1 { "" } else { "s" })
                        }
                        (_, None) => "query ran".into(),
                    };
                    rec.finish(observed(id, t, &o, Status::Pass, summary));
                } else {
                    if o.kind == Kind::LoginFailed {
                        failing += 1;
                    }
                    rec.finish(observed(id, t, &o, Status::Fail, failure_summary(&o)));
                }
                facts.probes.push(ProbeFact { id, obs: o });
            }
            Taken::Stop => finish!(),
        }
    }

    // RESTlet "who am I": selected, or one extra request to triangulate a REST 401 (addendum §7.4).
    let triangulate = rest_login_failed && !restlet_selected && !soap_selected;
    if (restlet_selected || triangulate) && failing < MAX_FAILING_SIGNED {
        stop_if_cancelled!();
        let t = rec.start(CheckId::RestletTokeninfo);
        let url = format!("{}{}", origins.restlet, endpoints::TOKEN_INFO);
        let sent = signer.get(&http, &url, &cancel).await;
        match take(
            &mut rec,
            &mut facts,
            CheckId::RestletTokeninfo,
            t,
            sent,
            Stack::Restlet,
        ) {
            Taken::Answer(answer) => {
                let (f, mut o) = *answer;
                let info = probes::read_token_info(&f.body);
                if o.kind == Kind::Success
                    && serde_json::from_slice::<serde_json::Value>(&f.body).is_err()
                {
                    o.kind = Kind::Unexpected;
                }
                let prefix = if triangulate {
                    "(extra check to narrow the REST failure) "
                } else {
                    ""
                };
                if o.kind == Kind::Success {
                    let who = info.clone().unwrap_or_default();
                    let summary = if who.is_empty() {
                        format!("{prefix}token accepted")
                    } else {
                        format!("{prefix}token accepted: {}", probes::who_am_i(&who))
                    };
                    let mut r = observed(CheckId::RestletTokeninfo, t, &o, Status::Pass, summary);
                    r.details = who;
                    rec.finish(r);
                } else {
                    if matches!(o.kind, Kind::LoginFailed | Kind::WebServicesOnlyRole) {
                        failing += 1;
                    }
                    rec.finish(observed(
                        CheckId::RestletTokeninfo,
                        t,
                        &o,
                        Status::Fail,
                        format!("{prefix}{}", failure_summary(&o)),
                    ));
                }
                facts.probes.push(ProbeFact {
                    id: CheckId::RestletTokeninfo,
                    obs: o,
                });
            }
            Taken::Stop => finish!(),
        }
    } else if restlet_selected {
        rec.skip(
            CheckId::RestletTokeninfo,
            "stopped to avoid locking the user out after failed logins",
        );
    } else {
        rec.skip(CheckId::RestletTokeninfo, "RESTlets not selected (--api)");
    }

    if soap_selected && failing < MAX_FAILING_SIGNED {
        stop_if_cancelled!();
        let t = rec.start(CheckId::SoapLogin);
        let sent = signer.soap_server_time(&http, &origins.rest, &cancel).await;
        match take(
            &mut rec,
            &mut facts,
            CheckId::SoapLogin,
            t,
            sent,
            Stack::Soap,
        ) {
            Taken::Answer(answer) => {
                let (f, mut o) = *answer;
                if o.kind == Kind::Success && !probes::soap_succeeded(&f.body) {
                    o.kind = Kind::Unexpected;
                }
                if o.kind == Kind::Success {
                    rec.finish(observed(
                        CheckId::SoapLogin,
                        t,
                        &o,
                        Status::Pass,
                        "logged in".into(),
                    ));
                } else {
                    // The last signed probe: no later request needs the failure count.
                    rec.finish(observed(
                        CheckId::SoapLogin,
                        t,
                        &o,
                        Status::Fail,
                        failure_summary(&o),
                    ));
                }
                facts.probes.push(ProbeFact {
                    id: CheckId::SoapLogin,
                    obs: o,
                });
            }
            Taken::Stop => finish!(),
        }
    } else if soap_selected {
        rec.skip(
            CheckId::SoapLogin,
            "stopped to avoid locking the user out after failed logins",
        );
    } else {
        rec.skip(CheckId::SoapLogin, "SOAP not selected (--api)");
    }
    finish!();
}

/// What a signed probe produced, after transport failures were recorded.
enum Taken {
    /// An HTTP answer and its classification.
    Answer(Box<(Fetched, Observation)>),
    /// A transport failure, sign failure or cancel: the run ends (remaining checks skipped).
    Stop,
}

fn take(
    rec: &mut Recorder,
    facts: &mut Facts,
    id: CheckId,
    t: Instant,
    sent: Sent,
    stack: Stack,
) -> Taken {
    match sent {
        Err(sf) => {
            let mut r = result(id, Status::Fail, t, "could not sign the request");
            r.details.push(sf.0);
            rec.finish(r);
            skip_rest(rec, "the request could not be signed");
            Taken::Stop
        }
        Ok(Err(tf)) => {
            if tf.kind == TransportKind::Cancelled {
                rec.finish(result(id, Status::Skip, t, "cancelled"));
                skip_rest(rec, "cancelled");
                return Taken::Stop;
            }
            let mut r = result(id, Status::Fail, t, transport_summary(&tf));
            r.http_status = tf.status;
            r.details.push(tf.detail.clone());
            rec.finish(r);
            if let Some(d) = tf.date {
                note_skew(facts, d, SystemTime::now(), "Date header");
            }
            facts.transport = Some((id, tf));
            skip_rest(rec, "the server stopped answering");
            Taken::Stop
        }
        Ok(Ok(f)) => {
            let o = classify(
                stack,
                f.status,
                f.content_type.as_deref(),
                &f.body,
                f.truncated,
            );
            Taken::Answer(Box::new((f, o)))
        }
    }
}

/// Records a skew sample, keeping the largest. An implausible server time (see
/// [`clock::plausible`]) is ignored: it would blame this computer's clock for a broken server.
fn note_skew(facts: &mut Facts, server: SystemTime, local: SystemTime, source: &str) {
    if !clock::plausible(server) {
        return;
    }
    let secs = clock::skew_secs(local, server);
    if facts
        .skew
        .as_ref()
        .is_none_or(|s| secs.abs() > s.secs.abs())
    {
        facts.skew = Some(SkewFact {
            secs,
            source: source.to_string(),
        });
    }
}

/// The clock check from the `Date` headers seen so far; true when the skew is beyond 5 minutes.
fn clock_check(
    rec: &mut Recorder,
    facts: &mut Facts,
    dates: &[(SystemTime, SystemTime, String)],
) -> bool {
    let t = rec.start(CheckId::Clock);
    // The most recent plausible sample (the REST host's own Date when it answered) decides.
    if let Some((server, local, source)) = dates.iter().rev().find(|d| clock::plausible(d.0)) {
        facts.skew = Some(SkewFact {
            secs: clock::skew_secs(*local, *server),
            source: source.clone(),
        });
    }
    let Some(s) = facts.skew.clone() else {
        let r = match dates.last() {
            // Only implausible Dates (1970, year 9999): a broken server or proxy, not our clock.
            Some((server, _, source)) => {
                let mut r = result(
                    CheckId::Clock,
                    Status::Warn,
                    t,
                    format!(
                        "the server's Date is not a plausible time ({}): ignored",
                        httpdate::fmt_http_date(*server)
                    ),
                );
                r.details.push(format!("source: {source}"));
                r.details.push(
                    "a proxy or appliance between here and NetSuite may be rewriting answers"
                        .into(),
                );
                r
            }
            None => result(
                CheckId::Clock,
                Status::Skip,
                t,
                "no server time seen (no usable Date header)",
            ),
        };
        rec.finish(r);
        return false;
    };
    let abs = s.secs.abs();
    let (status, summary) = if abs > clock::ERROR_SKEW_SECS {
        (
            Status::Fail,
            format!(
                "local clock is {} the server (limit ±5 min)",
                clock::describe(s.secs)
            ),
        )
    } else if abs > clock::WARN_SKEW_SECS {
        (
            Status::Warn,
            format!("local clock is {} the server", clock::describe(s.secs)),
        )
    } else {
        (Status::Pass, format!("within {abs} s of the server"))
    };
    let mut r = result(CheckId::Clock, status, t, summary);
    r.details.push(format!("source: {}", s.source));
    rec.finish(r);
    abs > clock::ERROR_SKEW_SECS
}

/// DNS, TCP, then one unauthenticated HEAD (TLS + HTTP) to `origin`, all within one timeout. Behind
/// a proxy from the environment only the HEAD is sent (the proxy resolves and connects).
async fn reach(
    http: &Http,
    origin: &str,
    cancel: &CancellationToken,
) -> Result<(Option<std::net::SocketAddr>, Fetched), TransportFailure> {
    let url = url::Url::parse(origin).map_err(|e| TransportFailure {
        kind: TransportKind::Other,
        host: origin.chars().take(80).collect(),
        detail: format!("not a URL: {e}"),
        date: None,
        status: None,
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    // One `--timeout` for the whole check, not one per step.
    let deadline = tokio::time::Instant::now() + http.timeout();
    let addr = if super::http::proxied(&url) {
        None
    } else {
        Some(dns_and_tcp(&host, port, http.timeout(), deadline, cancel).await?)
    };
    let head = http.send(http.client().head(format!("{origin}/")), cancel);
    let f = match tokio::time::timeout_at(deadline, head).await {
        Ok(f) => f?,
        Err(_) => {
            return Err(TransportFailure {
                kind: TransportKind::Timeout,
                host: format!("{host}:{port}"),
                detail: format!(
                    "no answer from {host}:{port} within {} s",
                    http.timeout().as_secs_f64()
                ),
                date: None,
                status: None,
            });
        }
    };
    Ok((addr, f))
}

/// Judges a datacenterurls answer.
fn judge_lookup(f: &Fetched, account: &AccountId) -> (Status, String, LookupFact, Vec<String>) {
    let text = String::from_utf8_lossy(&f.body);
    let o = classify(
        Stack::Lookup,
        f.status,
        f.content_type.as_deref(),
        &f.body,
        f.truncated,
    );
    let evidence = |what: &str| format!("account-lookup: HTTP {} {what}", f.status);
    if f.status == 200 {
        return match probes::read_lookup(&f.body, &account.slug()) {
            LookupBody::Matches(hosts) => (
                Status::Pass,
                format!("account {} found", account.realm()),
                LookupFact::Confirmed,
                hosts,
            ),
            LookupBody::Foreign(hosts) => (
                Status::Fail,
                format!("the returned hosts do not name {}", account.slug()),
                LookupFact::Unrecognized(evidence(&format!("hosts: {}", hosts.join(", ")))),
                hosts,
            ),
            LookupBody::NotHosts => (
                Status::Warn,
                "inconclusive: the answer has no host names".into(),
                LookupFact::Inconclusive(evidence(&format!("({}: \"{}\")", o.shape, o.excerpt))),
                vec![format!("body ({}): {}", o.shape, o.excerpt)],
            ),
        };
    }
    let lower = text.to_ascii_lowercase();
    if f.status == 400
        || lower.contains("company id is invalid")
        || lower.contains("invalid account")
    {
        let what = o.message.clone().unwrap_or_else(|| o.excerpt.clone());
        return (
            Status::Fail,
            format!("the account id {} was rejected", account.realm()),
            LookupFact::Rejected(evidence(&format!("\"{what}\""))),
            vec![format!("body ({}): {}", o.shape, o.excerpt)],
        );
    }
    (
        Status::Warn,
        format!("inconclusive: HTTP {}", f.status),
        LookupFact::Inconclusive(evidence(&o.excerpt)),
        if o.excerpt.is_empty() {
            vec![]
        } else {
            vec![format!("body ({}): {}", o.shape, o.excerpt)]
        },
    )
}

fn finish_report(
    rec: Recorder,
    account: String,
    environment: &str,
    hosts: Hosts,
    diagnoses: Vec<super::model::Diagnosis>,
) -> Report {
    let ok = !rec.checks.iter().any(|c| c.status == Status::Fail)
        && !rec.checks.iter().any(|c| c.summary == "cancelled");
    let diagnoses = diagnoses
        .into_iter()
        .map(|mut d| {
            d.title = rec.redactor.apply(&d.title);
            d.cause = rec.redactor.apply(&d.cause);
            d.evidence = rec.redactor.apply(&d.evidence);
            d.fix = d.fix.iter().map(|s| rec.redactor.apply(s)).collect();
            d
        })
        .collect();
    Report {
        account: rec.redactor.apply(&account),
        environment: environment.to_string(),
        hosts,
        ok,
        checks: rec.checks,
        diagnoses,
    }
}
