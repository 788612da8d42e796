//! What a connection test needs: the account as typed, the credentials, which APIs, limits.

use std::time::Duration;

use super::auth::Credentials;
use super::model::Api;

/// Default per-request timeout (`--timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Largest response body read from any server; the rest is dropped (a hostile or broken peer must
/// not exhaust memory).
pub const BODY_CAP: usize = 256 * 1024;

/// Inputs of [`run_checks`](super::run_checks).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The account id exactly as typed (the first check normalizes and judges it).
    pub account: String,
    /// The credentials, of one auth kind.
    pub credentials: Credentials,
    /// Which APIs to probe (default REST only).
    pub apis: Vec<Api>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send every call (account lookup included) to this origin instead of NetSuite's hosts.
    pub base_url: Option<String>,
    /// A Login Audit Trail Detail value the user read for this failure (`--detail`): the
    /// `invalid-login` diagnosis names that cause first, as certain.
    pub detail: Option<String>,
    /// What the profile remembers of earlier tests (evidence for ranking a refused login).
    pub history: super::diagnose::History,
    /// Another, working credential to read the Login Audit Trail with after a refused login
    /// (`--audit-profile`).
    pub audit_with: Option<AuditWith>,
    /// Most requests in flight at once for this run (1: one after another). Independent checks
    /// go out together up to this bound, clamped to 1..=[`MAX_IN_FLIGHT`](super::run::MAX_IN_FLIGHT);
    /// the results are the same either way.
    pub in_flight: usize,
    /// An HTTP client to use instead of building one (several runs at once share one: building
    /// a client loads the system's root certificates, the slowest and largest part of a run).
    pub http: Option<crate::net::http::Http>,
}

/// The credential that reads the Login Audit Trail for a failing run.
#[derive(Debug, Clone)]
pub struct AuditWith {
    /// What to call it in messages (the profile name).
    pub name: String,
    /// Its account id (the failing run's account, normally).
    pub account: String,
    /// Its credentials (any kind).
    pub credentials: Credentials,
}

impl Settings {
    /// Settings with defaults: REST only, 15 s timeout, real hosts.
    pub fn new(account: impl Into<String>, credentials: impl Into<Credentials>) -> Self {
        Settings {
            account: account.into(),
            credentials: credentials.into(),
            apis: vec![Api::Rest],
            timeout: DEFAULT_TIMEOUT,
            base_url: None,
            detail: None,
            history: Default::default(),
            audit_with: None,
            in_flight: super::stages::MAX_IN_FLIGHT,
            http: None,
        }
    }
}
