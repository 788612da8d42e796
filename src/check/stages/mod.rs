//! The run as a plan of stages: local checks, account lookup, reachability, clock, token, logins
//! and capability probes. Each stage is a small unit that starts and finishes its checks through
//! the recorder (which streams the Started/Finished events) and adds what it observed to the
//! shared [`Run`]. A stage that makes going on pointless sets [`Run::stop`]; the plan then ends and
//! every check not yet reported is skipped with that [`SkipReason`], in check order. Skipping and
//! the failing-request budget live here, nowhere else.
//!
//! Independent requests go out together (lookup ∥ reachability; the logins of the selected
//! interfaces; the capability probes once logged in: [`network`], [`waves`]), at most
//! [`Settings::in_flight`] at once, but every answer is *recorded* in plan order, so the checks,
//! the event stream and the diagnoses are those of the run one request at a time.

mod audit;
mod clock;
mod consumer;
mod key;
mod local;
mod lookup;
mod network;
mod probes;
mod reach;
mod signed;
mod token;
mod waves;
#[cfg(all(test, feature = "emulator"))]
mod waves_tests;

use std::collections::BTreeSet;
use std::fmt;
use std::time::{Duration, Instant, SystemTime};

use tokio_util::sync::CancellationToken;

use super::auth::Authenticator;
use super::classify::Kind;
use super::diagnose::Facts;
use super::model::{Api, CheckId, CheckResult, Hosts, Status};
use super::probes::Origins;
use super::run::Recorder;
use super::settings::Settings;
use crate::net::http::{Http, TransportFailure, TransportKind};
use crate::netsuite::AccountId;

/// Most failing signed requests one run may send: NetSuite may lock a user out after repeated
/// failed logins (`temporary_locked` after 5).
pub const MAX_FAILING_SIGNED: usize = 3;

/// Most requests one run has in flight at once (the default of
/// [`Settings::in_flight`](super::Settings::in_flight)). NetSuite's concurrency limit (5 for most
/// accounts) is shared with the customer's own integrations: a test takes few of its slots.
pub const MAX_IN_FLIGHT: usize = 3;

/// Why a check did not run. Displayed as the check's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The account id did not parse.
    AccountInvalid,
    /// nstba could not set itself up (the HTTP client).
    Internal(String),
    /// The user cancelled.
    Cancelled,
    /// Every call goes to one origin, and it did not answer.
    ServerUnreachable,
    /// The account lookup rejected the account id.
    LookupRejected,
    /// The host the signed probes use did not answer.
    HostUnreachable,
    /// A credential is empty: nothing can be signed.
    CredentialEmpty,
    /// The clock is so far off that every signed request would fail.
    ClockOff,
    /// A request could not be given its authentication.
    Unsigned,
    /// The server stopped answering mid-run.
    ServerStopped,
    /// The interface was not selected.
    NotSelected(Api),
    /// The capability probes need a working REST login.
    RestLoginFailed,
    /// The failing-request budget is spent.
    Lockout,
    /// OAuth 2.0: the private key or certificate cannot be used (the `key` check failed).
    KeyUnusable,
    /// OAuth 2.0: no access token (the token request failed).
    NoToken,
    /// OAuth 2.0 does not work with SOAP web services.
    SoapNotOAuth2,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::AccountInvalid => f.write_str("the account id is not valid"),
            SkipReason::Internal(e) => write!(f, "internal error: {e}"),
            SkipReason::Cancelled => f.write_str("cancelled"),
            SkipReason::ServerUnreachable => f.write_str("the server could not be reached"),
            SkipReason::LookupRejected => f.write_str("the account lookup rejected the account id"),
            SkipReason::HostUnreachable => f.write_str("the host could not be reached"),
            SkipReason::CredentialEmpty => f.write_str("a credential is empty"),
            SkipReason::ClockOff => f.write_str(
                "the clock is more than 5 minutes off: every signed request would fail \
                 (InvalidTimestamp) and count as a failed login",
            ),
            SkipReason::Unsigned => f.write_str("the request could not be signed"),
            SkipReason::ServerStopped => f.write_str("the server stopped answering"),
            SkipReason::NotSelected(Api::Rest) => f.write_str("REST not selected (--api)"),
            SkipReason::NotSelected(Api::Restlet) => f.write_str("RESTlets not selected (--api)"),
            SkipReason::NotSelected(Api::Soap) => f.write_str("SOAP not selected (--api)"),
            SkipReason::RestLoginFailed => f.write_str("REST login failed"),
            SkipReason::Lockout => {
                f.write_str("stopped to avoid locking the user out after failed logins")
            }
            SkipReason::KeyUnusable => {
                f.write_str("the private key or certificate cannot be used (see key)")
            }
            SkipReason::NoToken => f.write_str("no access token (see token-request)"),
            SkipReason::SoapNotOAuth2 => f.write_str(
                "SOAP web services do not accept OAuth 2.0 (TBA only; SOAP ends with 2028.2)",
            ),
        }
    }
}

/// The one failing-request rule: every signed request NetSuite refuses as a login counts, on
/// every interface; no signed request is sent once [`MAX_FAILING_SIGNED`] are spent.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Budget {
    failed_logins: usize,
}

impl Budget {
    /// Counts the answer of one signed request.
    fn record(&mut self, kind: Kind) {
        if Budget::counts(kind) {
            self.failed_logins += 1;
        }
    }

    /// True for the answers that count: a refused login.
    fn counts(kind: Kind) -> bool {
        matches!(kind, Kind::LoginFailed | Kind::WebServicesOnlyRole)
    }

    /// Counts one refused request that involved no user (the consumer-only probe): it cannot
    /// lock anyone out as far as NetSuite documents, but it is counted in case it does.
    fn record_refused(&mut self) {
        self.failed_logins += 1;
    }

    /// True when no more signed requests may be sent.
    fn spent(self) -> bool {
        self.failed_logins >= MAX_FAILING_SIGNED
    }

    /// The refused logins counted so far.
    fn counted(self) -> usize {
        self.failed_logins
    }
}

/// What a request sent beside others brought back, with when it started and ended, so it can be
/// recorded later (in plan order) with its own timing.
pub(super) struct Timed<T> {
    pub(super) value: T,
    /// How long the request took.
    pub(super) took: Duration,
    /// The local time its answer arrived (the clock check compares it with the server's `Date`).
    pub(super) arrived: SystemTime,
}

impl<T> Timed<T> {
    /// Awaits `f`, timing it.
    pub(super) async fn of(f: impl Future<Output = T>) -> Timed<T> {
        let t = Instant::now();
        let value = f.await;
        Timed {
            value,
            took: t.elapsed(),
            arrived: SystemTime::now(),
        }
    }

    /// The start to record the check with when it is recorded at `now`: `took` earlier, so its
    /// `ms` is the request's own time, not the wait for the others of its wave.
    pub(super) fn started(&self, now: Instant) -> Instant {
        now.checked_sub(self.took).unwrap_or(now)
    }
}

/// A server time seen in a `Date` header: (server, local, where from).
pub(super) struct DateSample {
    server: SystemTime,
    local: SystemTime,
    source: &'static str,
}

/// What the stages share: inputs, what earlier stages established, and the observations.
pub(super) struct Run<'a> {
    pub(super) settings: &'a Settings,
    pub(super) cancel: &'a CancellationToken,
    pub(super) rec: Recorder,
    pub(super) facts: Facts,
    /// The interfaces selected.
    pub(super) apis: BTreeSet<Api>,
    /// The parsed account (after the local stage).
    pub(super) account: Option<AccountId>,
    /// What the report shows as the account and its environment.
    pub(super) shown: (String, &'static str, Hosts),
    pub(super) auth: Option<Box<dyn Authenticator>>,
    pub(super) http: Option<Http>,
    pub(super) origins: Option<Origins>,
    pub(super) dates: Vec<DateSample>,
    pub(super) budget: Budget,
    /// A credential is empty (found by the local stage).
    pub(super) credential_empty: bool,
    /// The clock is beyond the error limit (found by the clock stage).
    pub(super) skew_fail: bool,
    /// The REST login's outcome: `Some(true)` passed, `Some(false)` refused as a login.
    pub(super) rest_login: Option<bool>,
    /// Set by a stage when the rest of the plan is pointless.
    pub(super) stop: Option<SkipReason>,
    /// When the run started (Unix seconds), for matching Login Audit Trail rows.
    pub(super) started_unix: i64,
}

/// One stage of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Local,
    Key,
    /// Account lookup ∥ reachability.
    Network,
    Clock,
    Token,
    /// REST login, capability probes, RESTlet and SOAP, in waves.
    Signed,
    Consumer,
    Audit,
}

/// Every auth kind runs the same stages; what differs lives behind the authenticator.
const PLAN: [Stage; 8] = [
    Stage::Local,
    Stage::Key,
    Stage::Network,
    Stage::Clock,
    Stage::Token,
    Stage::Signed,
    Stage::Consumer,
    Stage::Audit,
];

impl Stage {
    /// True for the stages that first make sure the user has not cancelled.
    fn checks_cancel(self) -> bool {
        matches!(self, Stage::Network | Stage::Clock | Stage::Token)
    }

    async fn run(self, r: &mut Run<'_>) {
        match self {
            Stage::Local => local::run(r),
            Stage::Key => key::run(r),
            Stage::Network => network::run(r).await,
            Stage::Clock => clock::run(r),
            Stage::Token => token::run(r).await,
            Stage::Signed => waves::run(r).await,
            Stage::Consumer => consumer::run(r).await,
            Stage::Audit => audit::run(r).await,
        }
    }
}

impl<'a> Run<'a> {
    /// A run that has done nothing yet.
    pub(super) fn new(
        settings: &'a Settings,
        cancel: &'a CancellationToken,
        rec: Recorder,
    ) -> Self {
        Run {
            settings,
            cancel,
            rec,
            facts: Facts {
                account_typed: settings.account.clone(),
                base_url: settings.base_url.is_some(),
                history: settings.history.clone(),
                detail: super::diagnose::KnownDetail::given(settings.detail.as_deref()),
                ..Default::default()
            },
            apis: settings.apis.iter().copied().collect(),
            account: None,
            shown: (
                settings.account.trim().to_string(),
                "unknown",
                Hosts::default(),
            ),
            auth: None,
            http: None,
            origins: None,
            dates: Vec::new(),
            budget: Budget::default(),
            credential_empty: false,
            skew_fail: false,
            rest_login: None,
            stop: None,
            started_unix: unix_now(),
        }
    }

    /// Runs the plan, then skips whatever did not run.
    pub(super) async fn execute(&mut self) {
        for stage in PLAN {
            if self.stop.is_none() && stage.checks_cancel() && self.cancel.is_cancelled() {
                self.stop = Some(SkipReason::Cancelled);
            }
            if self.stop.is_some() {
                break;
            }
            stage.run(self).await;
        }
        if let Some(reason) = self.stop.clone() {
            self.skip_remaining(&reason);
        }
        self.outrank();
    }

    /// True when the user cancelled the run.
    pub(super) fn cancelled(&self) -> bool {
        self.stop == Some(SkipReason::Cancelled)
    }

    /// A later, stronger observation outranks an earlier, weaker one: once a signed request
    /// passed, the account lookup that did not name the account was only odd, not a failure.
    fn outrank(&mut self) {
        for id in super::diagnose::outranked(&self.facts) {
            self.rec.downgrade(id);
        }
    }

    /// Skips, in check order, every check that has no result yet.
    fn skip_remaining(&mut self, reason: &SkipReason) {
        let kind = self.settings.credentials.kind();
        for id in CheckId::all().filter(|id| id.applies_to(kind) && !id.only_when_run()) {
            if !self.rec.has(id) {
                self.rec.skip(id, &reason.to_string());
            }
        }
    }

    /// Records a check that ended with a transport failure; a cancel becomes a skip and stops the
    /// run. Returns false when the run was cancelled.
    fn transport_failed(&mut self, id: CheckId, t: Instant, tf: &TransportFailure) -> bool {
        if tf.kind == TransportKind::Cancelled {
            self.rec.finish(result(id, Status::Skip, t, "cancelled"));
            self.stop = Some(SkipReason::Cancelled);
            return false;
        }
        true
    }

    /// True for an OAuth 2.0 run (a token, then Bearer requests).
    pub(super) fn oauth2(&self) -> bool {
        self.auth
            .as_ref()
            .is_some_and(|a| a.token_source().is_some())
    }

    /// Remembers a `Date` header that arrived at `local` for the clock check.
    fn date_seen_at(&mut self, date: Option<SystemTime>, local: SystemTime, source: &'static str) {
        if let Some(server) = date {
            self.dates.push(DateSample {
                server,
                local,
                source,
            });
        }
    }
}

/// Now, Unix seconds.
pub(super) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A check result with no HTTP facts yet.
pub(super) fn result(
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

/// "DNS lookup failed: host" and the like.
pub(super) fn transport_summary(t: &TransportFailure) -> String {
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

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::{get, post};

    use crate::check::model::{Api, CheckEvent, CheckId, Severity, Status};
    use crate::check::{DiagnosisCode, Settings, run_checks};
    use crate::netsuite::{Credentials, endpoints};

    /// The run's start (from which the Login Audit Trail is read) is this computer's now.
    #[test]
    fn the_run_starts_now() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        assert!(
            (super::unix_now() - now).abs() <= 2,
            "{}",
            super::unix_now()
        );
    }

    /// The budget's rule at its own level: refused logins count, other answers do not, and a
    /// refused consumer-only probe counts like a login (in case NetSuite counts it), so a stage
    /// after it would find the budget spent.
    #[test]
    fn a_refused_consumer_probe_counts_like_a_refused_login() {
        use super::{Budget, MAX_FAILING_SIGNED};
        use crate::check::classify::Kind;
        let mut b = Budget::default();
        b.record(Kind::LoginFailed);
        b.record(Kind::Success);
        assert_eq!(b.counted(), 1);
        for _ in 1..MAX_FAILING_SIGNED - 1 {
            b.record(Kind::WebServicesOnlyRole);
        }
        assert!(!b.spent());
        b.record_refused();
        assert_eq!(b.counted(), MAX_FAILING_SIGNED);
        assert!(b.spent());
    }

    /// Issue 19 §1: a stand-in whose account lookup names its own origin while every signed
    /// request passes. The passing login outranks the odd lookup: a note, and the run passes.
    #[tokio::test]
    async fn a_passing_login_outranks_an_odd_account_lookup() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let own = origin.clone();
        let app = Router::new()
            .route(
                endpoints::DATACENTER_URLS,
                get(move || async move {
                    axum::Json(serde_json::json!({"restDomain": own, "systemDomain": own}))
                }),
            )
            .route(
                endpoints::REST_SERVER_TIME,
                get(|| async {
                    let now = httpdate::fmt_http_date(std::time::SystemTime::now());
                    let t = time::OffsetDateTime::parse(
                        &now,
                        &time::format_description::well_known::Rfc2822,
                    )
                    .map(|t| {
                        t.format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
                    axum::Json(serde_json::json!({ "serverTime": t }))
                }),
            );
        let items = || async { axum::Json(serde_json::json!({ "items": [] })) };
        let app = app
            .route(endpoints::REST_METADATA_CATALOG, get(items))
            .route(endpoints::REST_SUITEQL, post(items));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let mut s = Settings::new(
            "1234567_SB1",
            Credentials::new(
                "a".repeat(64),
                "b".repeat(64),
                "c".repeat(64),
                "d".repeat(64),
            ),
        );
        s.apis = vec![Api::Rest];
        s.base_url = Some(origin);
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
        let report = run_checks(&s, tx, tokio_util::sync::CancellationToken::new()).await;
        server.abort();
        let status = |id| report.checks.iter().find(|c| c.id == id).map(|c| c.status);
        assert_eq!(
            status(CheckId::RestLogin),
            Some(Status::Pass),
            "{report:#?}"
        );
        assert_eq!(
            status(CheckId::AccountLookup),
            Some(Status::Warn),
            "{report:#?}"
        );
        assert!(report.ok, "{report:#?}");
        assert!(
            report
                .diagnoses
                .iter()
                .all(|d| d.severity != Severity::Error)
        );
        let note = report
            .diagnoses
            .iter()
            .find(|d| d.code == DiagnosisCode::AccountNotFound)
            .expect("the lookup is still noted");
        assert_eq!(note.severity, Severity::Info);
    }
}
