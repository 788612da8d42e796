//! One signed probe, run the same way for every check that sends an authenticated request: the
//! gate (selected? REST login needed?), the request, the transport outcome, the classification,
//! the probe's own reading of a success body, the budget, and the observation. The probes differ
//! only in the data of their [`Probe`]; when each is sent, and whether the budget allows it, is
//! the [`waves`](super::waves)' part.

use std::time::{Instant, SystemTime};

use super::{Run, SkipReason, Timed, result, transport_summary};
use crate::check::classify::{Kind, Observation, Stack, classify};
use crate::check::diagnose::ProbeFact;
use crate::check::model::{Api, CheckId, CheckResult, Status};
use crate::check::probes::{Sent, SignFailure, Signer};
use crate::net::http::{Fetched, TransportFailure};
use crate::netsuite::endpoints;

/// What a probe needs before it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Needs {
    /// Its interface selected.
    Api(Api),
    /// REST selected and the REST login passed.
    RestLogin,
    /// RESTlets selected, or an extra request to narrow a REST login failure when neither RESTlets
    /// nor SOAP were selected.
    RestletOrTriangulation,
}

/// Which request a probe sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Request {
    /// A GET of this path on the REST host.
    RestGet(&'static str),
    /// A GET of this path on the RESTlet host.
    RestletGet(&'static str),
    /// The SuiteQL POST.
    Suiteql,
    /// SOAP `getServerTime`.
    SoapServerTime,
}

/// What a success body said, read by the probe.
pub(super) struct Success {
    pub(super) summary: String,
    pub(super) details: Vec<String>,
    /// A server time the body carried (REST `serverTime`).
    pub(super) server_time: Option<SystemTime>,
}

/// One signed probe of the plan.
pub(super) struct Probe {
    pub(super) id: CheckId,
    pub(super) stack: Stack,
    pub(super) needs: Needs,
    pub(super) request: Request,
    /// Reads a 2xx body; `None` when it is not the success this probe expects.
    pub(super) accept: fn(&Fetched) -> Option<Success>,
}

impl Run<'_> {
    /// Why `p` must not be sent, if it must not, the failing-request budget aside (the
    /// [`waves`](super::waves) spend it).
    pub(super) fn gate(&self, p: &Probe) -> Option<SkipReason> {
        let api = match p.needs {
            Needs::Api(api) => api,
            Needs::RestLogin | Needs::RestletOrTriangulation if p.stack == Stack::Restlet => {
                Api::Restlet
            }
            Needs::RestLogin | Needs::RestletOrTriangulation => Api::Rest,
        };
        if !self.apis.contains(&api) && !self.triangulating(p) {
            return Some(SkipReason::NotSelected(api));
        }
        if p.stack == Stack::Soap && self.oauth2() {
            return Some(SkipReason::SoapNotOAuth2);
        }
        if p.needs == Needs::RestLogin && self.rest_login != Some(true) {
            return Some(SkipReason::RestLoginFailed);
        }
        None
    }

    /// True when `p` runs only to narrow a refused REST login (addendum §7.4: the RESTlet "who am
    /// I" answers for the same token).
    fn triangulating(&self, p: &Probe) -> bool {
        p.needs == Needs::RestletOrTriangulation
            && self.rest_login == Some(false)
            && !self.apis.contains(&Api::Restlet)
            && !self.apis.contains(&Api::Soap)
    }

    async fn send(&self, request: Request) -> Sent {
        let (Some(http), Some(origins), Some(auth)) = (&self.http, &self.origins, &self.auth)
        else {
            return Err(SignFailure::NotSetUp);
        };
        let signer = Signer {
            auth: auth.as_ref(),
        };
        let cancel = self.cancel;
        match request {
            Request::RestGet(path) => {
                signer
                    .get(http, &format!("{}{path}", origins.rest), cancel)
                    .await
            }
            Request::RestletGet(path) => {
                signer
                    .get(http, &format!("{}{path}", origins.restlet), cancel)
                    .await
            }
            Request::Suiteql => signer.suiteql(http, &origins.rest, cancel).await,
            Request::SoapServerTime => signer.soap_server_time(http, &origins.rest, cancel).await,
        }
    }

    /// True when whether `p` is sent no longer hangs on an answer still to come: the REST
    /// login's, for the probes that need it or that narrow its refusal. (The budget is reserved
    /// by the [`waves`](super::waves), and a stop drops what was sent ahead.)
    pub(super) fn determined(&self, p: &Probe) -> bool {
        let waits_for_login = match p.needs {
            Needs::RestLogin => true,
            Needs::RestletOrTriangulation => {
                !self.apis.contains(&Api::Restlet) && !self.apis.contains(&Api::Soap)
            }
            Needs::Api(_) => false,
        };
        !waits_for_login || self.rec.has(CheckId::RestLogin)
    }

    /// Sends `p`'s request, timed.
    pub(super) async fn send_timed(&self, p: &Probe) -> Timed<Sent> {
        Timed::of(self.send(p.request)).await
    }

    /// Records the answer to `p` (in plan order, after its wave): a signing failure, a lost
    /// connection or an HTTP answer, classified and observed.
    pub(super) fn observe(&mut self, p: &Probe, a: Timed<Sent>) {
        let prefix = if self.triangulating(p) {
            "(extra check to narrow the REST failure) "
        } else {
            ""
        };
        let t = a.started(self.rec.start(p.id));
        match a.value {
            Err(sf) => {
                let mut res = result(p.id, Status::Fail, t, "could not sign the request");
                res.details.push(sf.to_string());
                self.rec.finish(res);
                self.facts.internal = Some(sf.to_string());
                self.stop = Some(SkipReason::Unsigned);
            }
            Ok(Err(tf)) => self.lost(p.id, t, tf),
            Ok(Ok(f)) => self.answered(p, t, &f, prefix, a.arrived),
        }
    }

    /// Counts an answer that was sent but is not recorded (the run stopped first): NetSuite saw
    /// it, so the lockout budget does too.
    pub(super) fn count_dropped(&mut self, p: &Probe, sent: &Sent) {
        if let Some(kind) = kind_of(p, sent) {
            self.budget.record(kind);
        }
    }

    /// True when `sent` is a refused login (what the budget counts).
    pub(super) fn refused(&self, p: &Probe, sent: &Sent) -> bool {
        kind_of(p, sent).is_some_and(super::Budget::counts)
    }

    /// The server stopped answering (or the user cancelled) during `id`.
    fn lost(&mut self, id: CheckId, t: Instant, tf: TransportFailure) {
        if !self.transport_failed(id, t, &tf) {
            return;
        }
        let mut res = result(id, Status::Fail, t, transport_summary(&tf));
        res.http_status = tf.status;
        res.details.push(tf.detail.clone());
        self.rec.finish(res);
        if let Some(d) = tf.date {
            super::clock::note_skew(self, d, "Date header");
        }
        self.facts.transport = Some((id, tf));
        self.stop = Some(SkipReason::ServerStopped);
    }

    /// An HTTP answer to `p`: classified, read, counted and observed.
    fn answered(&mut self, p: &Probe, t: Instant, f: &Fetched, prefix: &str, arrived: SystemTime) {
        let mut o = classify(
            p.stack,
            f.status,
            f.content_type.as_deref(),
            &f.body,
            f.truncated,
        );
        let success = if o.kind == Kind::Success {
            (p.accept)(f)
        } else {
            None
        };
        if o.kind == Kind::Success && success.is_none() {
            o.kind = Kind::Unexpected;
        }
        self.budget.record(o.kind);
        self.facts.timings.push((
            p.id,
            u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX),
        ));
        if p.id == CheckId::RestLogin {
            self.rest_login = match o.kind {
                Kind::Success => Some(true),
                Kind::LoginFailed => Some(false),
                _ => None,
            };
        }
        let res = match success {
            Some(s) => {
                if let Some(ts) = s.server_time {
                    super::clock::note_skew_at(self, ts, arrived, "serverTime of REST login");
                }
                let mut res = observed(p.id, t, &o, Status::Pass, format!("{prefix}{}", s.summary));
                res.details.extend(s.details);
                res
            }
            None => {
                if p.id == CheckId::RestLogin
                    && let Some(d) = f.date
                {
                    super::clock::note_skew_at(
                        self,
                        d,
                        arrived,
                        "Date header of the REST login answer",
                    );
                }
                observed(
                    p.id,
                    t,
                    &o,
                    Status::Fail,
                    format!("{prefix}{}", failure_summary(&o)),
                )
            }
        };
        self.rec.finish(res);
        self.facts.probes.push(ProbeFact { id: p.id, obs: o });
    }
}

/// How an HTTP answer to `p` classifies (`None`: no answer).
fn kind_of(p: &Probe, sent: &Sent) -> Option<Kind> {
    let Ok(Ok(f)) = sent else {
        return None;
    };
    let o = classify(
        p.stack,
        f.status,
        f.content_type.as_deref(),
        &f.body,
        f.truncated,
    );
    Some(o.kind)
}

/// A probe result from a classified observation.
fn observed(
    id: CheckId,
    t: Instant,
    o: &Observation,
    status: Status,
    summary: String,
) -> CheckResult {
    let mut r = result(id, status, t, summary);
    r.http_status = Some(o.status);
    r.error_code = o.code.clone();
    if let Some(m) = &o.message {
        r.details.push(format!("message: {m}"));
    } else if !o.excerpt.is_empty() && o.kind != Kind::Success {
        r.details.push(format!("body ({}): {}", o.shape, o.excerpt));
    }
    r
}

/// "login refused: HTTP 401 INVALID_LOGIN" and the like.
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

/// The REST login probe: `serverTime`, which also gives a second clock sample.
pub(super) const REST_LOGIN: Probe = Probe {
    id: CheckId::RestLogin,
    stack: Stack::Rest,
    needs: Needs::Api(Api::Rest),
    request: Request::RestGet(endpoints::REST_SERVER_TIME),
    accept: super::probes::server_time,
};

/// Tests written from cargo-mutants' survivors (TESTING.md): which probe the gate lets through,
/// decided from the selected interfaces, the REST login's outcome and the auth kind.
#[cfg(test)]
mod gate_tests {
    use super::super::probes::CAPABILITIES;
    use super::*;
    use crate::check::Settings;
    use crate::check::run::Recorder;
    use tokio_util::sync::CancellationToken;

    /// TBA settings for account 1234567 (REST selected).
    fn tba_settings() -> Settings {
        Settings::new(
            "1234567",
            crate::netsuite::Credentials::new(
                "a".repeat(64),
                "b".repeat(64),
                "c".repeat(64),
                "d".repeat(64),
            ),
        )
    }

    /// An HTTP answer as the probe's request returns it.
    fn fetched(status: u16, content_type: &str, body: &str, date: Option<SystemTime>) -> Sent {
        Ok(Ok(Fetched {
            status,
            date,
            content_type: Some(content_type.into()),
            www_authenticate: None,
            location: None,
            body: body.as_bytes().to_vec(),
            truncated: false,
        }))
    }

    /// `sent` as it arrives from a wave, instantly.
    fn timed(sent: Sent) -> Timed<Sent> {
        Timed {
            value: sent,
            took: std::time::Duration::ZERO,
            arrived: SystemTime::now(),
        }
    }

    /// What the gate says of each capability probe (REST records, SuiteQL, RESTlet, SOAP) for
    /// `apis`, the REST login's outcome, and TBA or (`m2m`) OAuth 2.0 client credentials.
    fn gates(apis: &[Api], rest_login: Option<bool>, m2m: bool) -> Vec<Option<SkipReason>> {
        let creds: crate::check::auth::Credentials = if m2m {
            crate::check::auth::Credentials::M2m(crate::netsuite::oauth2::M2mCredentials::default())
        } else {
            crate::netsuite::Credentials::new(
                "a".repeat(64),
                "b".repeat(64),
                "c".repeat(64),
                "d".repeat(64),
            )
            .into()
        };
        let mut s = Settings::new("1234567", creds);
        s.apis = apis.to_vec();
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        let account = crate::netsuite::AccountId::parse("1234567").unwrap();
        run.auth = Some(s.credentials.authenticator(&account));
        run.rest_login = rest_login;
        CAPABILITIES.iter().map(|p| run.gate(p)).collect()
    }

    use Api::{Rest, Restlet, Soap};
    use SkipReason::{NotSelected, RestLoginFailed, SoapNotOAuth2};

    #[test]
    fn rest_probes_wait_for_a_passing_rest_login() {
        assert_eq!(
            gates(&[Rest], Some(true), false),
            [
                None,
                None,
                Some(NotSelected(Restlet)),
                Some(NotSelected(Soap))
            ]
        );
        assert_eq!(
            gates(&[Rest, Restlet], None, false),
            [
                Some(RestLoginFailed),
                Some(RestLoginFailed),
                None,
                Some(NotSelected(Soap))
            ]
        );
    }

    #[test]
    fn a_refused_rest_login_alone_is_narrowed_by_the_restlet() {
        // REST only and refused: the RESTlet "who am I" runs as an extra check.
        assert_eq!(
            gates(&[Rest], Some(false), false),
            [
                Some(RestLoginFailed),
                Some(RestLoginFailed),
                None,
                Some(NotSelected(Soap))
            ]
        );
        // Not while SOAP was selected (it answers for the same token), nor before the login's
        // answer.
        assert_eq!(
            gates(&[Rest, Soap], Some(false), false)[2],
            Some(NotSelected(Restlet))
        );
        assert_eq!(gates(&[Rest], None, false)[2], Some(NotSelected(Restlet)));
    }

    #[test]
    fn soap_runs_for_tba_and_never_for_oauth2() {
        assert_eq!(gates(&[Rest, Soap], Some(true), false)[3], None);
        assert_eq!(
            gates(&[Rest, Soap], Some(true), true),
            [None, None, Some(NotSelected(Restlet)), Some(SoapNotOAuth2)]
        );
    }

    #[test]
    fn a_probe_is_determined_once_the_rest_login_is_recorded_when_it_waits_for_it() {
        let s = tba_settings();
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        let determined = |run: &Run<'_>| -> Vec<bool> {
            CAPABILITIES.iter().map(|p| run.determined(p)).collect()
        };
        // REST only: records and SuiteQL need the login; the RESTlet may narrow its refusal.
        assert_eq!(determined(&run), [false, false, false, true]);
        run.apis.insert(Api::Restlet);
        assert_eq!(determined(&run), [false, false, true, true]);
        run.apis.remove(&Api::Restlet);
        run.apis.insert(Api::Soap);
        assert_eq!(determined(&run), [false, false, true, true]);
        run.rec.finish(super::super::result(
            CheckId::RestLogin,
            Status::Pass,
            Instant::now(),
            "ok",
        ));
        assert_eq!(determined(&run), [true, true, true, true]);
    }

    #[test]
    fn an_answer_dropped_by_a_stop_still_counts_towards_the_lockout() {
        let s = tba_settings();
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        let answer =
            |status: u16, body: &str| -> Sent { fetched(status, "application/json", body, None) };
        let refused = answer(401, crate::check::fixtures::REST_401);
        assert!(run.refused(&REST_LOGIN, &refused));
        run.count_dropped(&REST_LOGIN, &refused);
        run.count_dropped(&REST_LOGIN, &answer(200, r#"{"serverTime":"x"}"#));
        assert_eq!(run.budget.counted(), 1);
        assert!(!run.refused(&REST_LOGIN, &answer(200, r#"{"serverTime":"x"}"#)));
    }

    #[test]
    fn a_lost_connection_fails_the_check_and_stops_the_run_but_a_cancel_skips_it() {
        let s = tba_settings();
        let cancel = CancellationToken::new();
        let lost = |kind| {
            timed(Ok(Err(TransportFailure {
                kind,
                host: "1234567.suitetalk.api.netsuite.com".into(),
                detail: "connection reset".into(),
                date: None,
                status: None,
            })))
        };
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(&REST_LOGIN, lost(crate::net::http::TransportKind::Connect));
        assert!(run.rec.has(CheckId::RestLogin));
        assert_eq!(run.stop, Some(SkipReason::ServerStopped));
        assert!(run.facts.transport.is_some());
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(
            &REST_LOGIN,
            lost(crate::net::http::TransportKind::Cancelled),
        );
        assert_eq!(run.stop, Some(SkipReason::Cancelled));
        assert!(run.facts.transport.is_none());
    }

    #[test]
    fn the_rest_login_outcome_comes_from_its_own_answer_only() {
        let s = tba_settings();
        let cancel = CancellationToken::new();
        let answer =
            |status: u16, body: &str| timed(fetched(status, "application/json", body, None));
        let status = |run: &Run<'_>, id| {
            run.facts
                .probes
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.obs.kind)
        };
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(
            &REST_LOGIN,
            answer(200, r#"{"serverTime":"2026-03-10T12:00:00Z"}"#),
        );
        assert_eq!(run.rest_login, Some(true));
        assert_eq!(status(&run, CheckId::RestLogin), Some(Kind::Success));
        // Another probe's refusal does not change it.
        run.observe(
            &CAPABILITIES[0],
            answer(401, crate::check::fixtures::REST_401),
        );
        assert_eq!(run.rest_login, Some(true));
        // A 2xx that is not the login's success body is unexpected, not a pass.
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(&REST_LOGIN, answer(200, r#"{"hello":"proxy"}"#));
        assert_eq!(run.rest_login, None);
        assert_eq!(status(&run, CheckId::RestLogin), Some(Kind::Unexpected));
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(&REST_LOGIN, answer(401, crate::check::fixtures::REST_401));
        assert_eq!(run.rest_login, Some(false));
    }

    #[test]
    fn a_refused_login_is_summarised_with_its_code_its_body_and_its_date() {
        let s = tba_settings();
        let cancel = CancellationToken::new();
        let server = SystemTime::now() - std::time::Duration::from_secs(400);
        let answer = |status: u16, content_type: &str, body: &str| {
            timed(fetched(status, content_type, body, Some(server)))
        };
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(
            &CAPABILITIES[0],
            answer(502, "text/html", "<html>bad gateway</html>"),
        );
        // Only the REST login's Date header is a clock sample.
        assert!(run.facts.skew.is_none());
        run.observe(
            &REST_LOGIN,
            answer(401, "application/json", crate::check::fixtures::REST_401),
        );
        let skew = run.facts.skew.as_ref().expect("the login's Date header");
        assert!((399..=401).contains(&skew.secs), "{}", skew.secs);
        assert_eq!(skew.source, "Date header of the REST login answer");
        let r = run.rec.results();
        assert_eq!(r[0].summary, "unexpected answer: HTTP 502 (HTML page)");
        assert!(
            r[0].details.iter().any(|d| d.contains("bad gateway")),
            "{:?}",
            r[0].details
        );
        assert_eq!(r[1].summary, "login refused: HTTP 401 INVALID_LOGIN");
        assert_eq!(r[1].status, Status::Fail);
        // A passing answer keeps its body out of the details.
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        run.observe(
            &REST_LOGIN,
            answer(
                200,
                "application/json",
                r#"{"serverTime":"2026-03-10T12:00:00Z"}"#,
            ),
        );
        let r = run.rec.results();
        assert_eq!(r[0].status, Status::Pass);
        assert!(
            r[0].details.iter().all(|d| !d.starts_with("body")),
            "{:?}",
            r[0].details
        );
    }
}
