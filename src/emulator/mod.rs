//! A local NetSuite stand-in (HTTP server) that verifies TBA signatures from the raw request and
//! plays failure scenarios. Every NetSuite route lives on one origin, because clients reach it
//! with `--base-url`, which sends every call to a single origin:
//!
//! * `GET /rest/datacenterurls?account=ID` (no auth) — account lookup;
//! * REST: `GET /services/rest/system/v1/serverTime`, `GET …/record/v1/metadata-catalog`,
//!   `POST …/query/v1/suiteql`;
//! * RESTlet stack: `GET /rest/tokeninfo`, `GET|POST /app/site/hosting/restlet.nl?script=&deploy=`;
//! * three-step flow: `POST /rest/requesttoken`, `GET /app/login/secure/authorizetoken.nl`
//!   (consent page; `&decision=allow|deny` completes it), `POST /rest/accesstoken`,
//!   `GET /rest/revoketoken?consumerKey=&token=`;
//! * SOAP: `POST /services/NetSuitePort_2025_2` (`getServerTime` with a `tokenPassport`);
//! * OAuth 2.0: `POST /services/rest/auth/oauth2/v1/token` (client credentials, [`oauth2`]);
//! * the Login Audit Trail as SuiteQL `SELECT … FROM LoginAudit` ([`login_audit`], an option);
//! * debug: `GET /__nstba/audit-trail`, `GET /__nstba/scenario`, `PUT /__nstba/scenario/{name}`.
//!
//! Rejections look exactly like NetSuite's (the same 401 for every cause); the cause is written
//! to an emulated Login Audit Trail ([`Emulator::audit_trail`]), as NetSuite only shows it in its UI.
//!
//! # Fidelity principle
//!
//! Where NetSuite's behaviour is unknown, or differs between sources, the emulator's **default is
//! the least informative plausible answer**, and the informative one is an option
//! ([`EmulatorOptions`], `nstba emulator --flow-errors`, `--realm`, `--shape`). A stand-in kinder
//! than NetSuite lets nstba pass its own tests and then fail users on a real account, so tests run
//! the hard default and switch an informative answer on only where they need that branch; demos
//! may switch them on ([`EmulatorOptions::informative`]). What the defaults play, as public
//! captures and Oracle's pages show it:
//!
//! * three-step flow refusals: a plain `INVALID_LOGIN_ATTEMPT` (the Detail codes Oracle lists are
//!   Login Audit Trail values, never seen in a body) — `--flow-errors specific` names them;
//! * REST/RESTlet `realm`: strict (missing or lowercase refused, as real RESTlets do);
//! * SuiteQL without SuiteAnalytics Workbook: `400 USER_ERROR` "Your current role does not have
//!   permission to perform this action."; on a record the role cannot see: `400
//!   INVALID_PARAMETER` "Invalid search query. … Record 'employee' was not found." (the shape
//!   `suiteql-403` names the permission instead);
//! * metadata-catalog for a restricted role: 200 with fewer record types (`catalog-403`);
//! * SOAP maintenance: a SOAP fault with the maintenance text (`html-maintenance` for the 503);
//! * permission texts with NetSuite's two spaces ("You need  the '…' permission");
//! * a role without REST Web Services: the plain `401 INVALID_LOGIN` (the 400 `USER_ERROR` of one
//!   vendor page is an option); a Web Services Only role is refused on RESTlet scripts only, not
//!   on `/rest/tokeninfo` (an option); SuiteQL on `LoginAudit` refused like an unknown record;
//! * the smaller shapes (slow-401 concurrency, RESTlet plain-text errors, RESTlet 403 logins,
//!   datacenterurls 400 for an unknown account, SOAP wrong data center) are [`options::Shapes`].

pub mod audit;
pub mod clock;
mod debug;
pub mod demo;
mod flow;
pub mod issuetoken;
mod login_audit;
mod lookup;
pub mod model;
pub mod oauth2;
pub mod oauth_header;
pub mod options;
pub mod responses;
mod rest;
mod restlet;
pub mod scenario;
mod server;
pub mod signature;
mod soap;
pub mod soap_request;
pub mod tenants;
pub mod verify;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use audit::AuditEntry;
pub use flow::callback_allowed;
pub use options::{
    EmulatorOptions, FlowErrors, RestletAlgorithmAnswer, RoleWithoutRestAnswer, Shapes,
};
pub use scenario::Scenario;
pub use tenants::AccountSpec;

/// How to start an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Address to bind; port 0 lets the OS choose (tests run in parallel that way).
    pub listen: SocketAddr,
    /// Scenario to start in.
    pub scenario: Scenario,
    /// Overrides the scenario's latency (e.g. `Some(Duration::ZERO)` to test `Slow` quickly).
    pub latency: Option<Duration>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            scenario: Scenario::Healthy,
            latency: None,
        }
    }
}

/// A running emulator. Stops on [`Emulator::shutdown`] or when dropped.
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<server::Shared>,
    tenants: Arc<tenants::Tenants>,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("scenario", &self.scenario())
            .finish()
    }
}

impl Emulator {
    /// Binds and starts serving in the background (must be called inside a tokio runtime).
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        Emulator::start_with(config, EmulatorOptions::default()).await
    }

    /// Like [`Emulator::start`], with the advanced [`EmulatorOptions`].
    pub async fn start_with(
        config: EmulatorConfig,
        options: EmulatorOptions,
    ) -> std::io::Result<Emulator> {
        let shared = Arc::new(server::Shared::new(
            config.scenario,
            options,
            config.latency,
        ));
        Emulator::serve(config.listen, tenants::Tenants::single(shared)).await
    }

    /// Serves several accounts on one origin, each with its own credentials
    /// ([`AccountSpec::credentials`]) and scenario (`config.scenario` is not used; an empty
    /// `accounts` is the single demo account). Requests are routed as [`tenants`] describes.
    pub async fn start_accounts(
        config: EmulatorConfig,
        options: EmulatorOptions,
        accounts: &[AccountSpec],
    ) -> std::io::Result<Emulator> {
        if accounts.is_empty() {
            return Emulator::start_with(config, options).await;
        }
        let t = tenants::Tenants::many(accounts, &options, config.latency);
        Emulator::serve(config.listen, t).await
    }

    async fn serve(listen: SocketAddr, tenants: tenants::Tenants) -> std::io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let tenants = Arc::new(tenants);
        let shared = tenants.first().clone();
        let app = axum::Router::new()
            .fallback(server::dispatch)
            .with_state(tenants.clone());
        let cancel = CancellationToken::new();
        let task = tokio::spawn(crate::net::http_server::serve(
            listener,
            hyper_util::service::TowerToHyperService::new(app),
            server::LIMITS,
            cancel.clone(),
        ));
        Ok(Emulator {
            addr,
            shared,
            tenants,
            cancel,
            task: Some(task),
        })
    }

    /// The bound address (with the OS-chosen port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, for `--base-url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The scenario being played.
    pub fn scenario(&self) -> Scenario {
        self.shared.scenario()
    }

    /// Switches scenario live; the account model goes back to that scenario's preset and the
    /// replay cache is cleared.
    pub fn set_scenario(&self, s: Scenario) {
        self.shared.set_scenario(s);
    }

    /// The emulated Login Audit Trail, oldest first.
    pub fn audit_trail(&self) -> Vec<AuditEntry> {
        self.shared.audit_trail()
    }

    /// The Login Audit Trail of every account served, in the order given (one account: the
    /// same as [`Emulator::audit_trail`]).
    pub fn audit_trails(&self) -> Vec<Vec<AuditEntry>> {
        self.tenants.audit_trails()
    }

    /// Stops accepting, lets in-flight requests finish (at most 1 s), then stops.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(1), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
