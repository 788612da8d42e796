//! Sends the legacy `/rest/issuetoken` call ([`crate::netsuite::issuetoken`]) and reads its answer.
//! Every server text that reaches an error is redacted (password, one-time code, consumer key and
//! secret, any issued value) before it is sanitized and cut, like the three-step flow's
//! ([`super::three_legged`]). One call per [`issue_token`]: nstba never retries a password login
//! on its own, because failed logins lock the user out.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::Secret;
use crate::check::settings::BODY_CAP;
use crate::net::http::{Http, TransportFailure};
use crate::netsuite::flow::IssuedToken;
use crate::netsuite::issuetoken::{self, IssueError, NlAuth, NlAuthError};
use crate::netsuite::{AccountId, AccountIdError};
use crate::redact::{REDACTED, Redactor};

/// What one issuetoken call needs.
#[derive(Clone)]
pub struct IssueSettings {
    /// Account id as typed.
    pub account: String,
    /// Consumer key of the integration record (needs TBA: IssueToken Endpoint).
    pub consumer_key: Secret,
    /// Consumer secret: not sent, only kept out of every error text.
    pub consumer_secret: Secret,
    /// Login email, password, role and one-time code.
    pub login: NlAuth,
    /// Name for the new token (NetSuite makes one up when absent).
    pub token_name: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send the call to this origin instead of the account's RESTlets host.
    pub base_url: Option<String>,
}

impl std::fmt::Debug for IssueSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssueSettings")
            .field("account", &self.account)
            .field("login", &self.login)
            .field("token_name", &self.token_name)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Why no token came back.
#[derive(Debug, thiserror::Error)]
pub enum IssueFailure {
    /// The account id is malformed.
    #[error("{0}")]
    Account(#[from] AccountIdError),
    /// A login value has the wrong shape (nothing was sent).
    #[error("{0}")]
    Input(#[from] NlAuthError),
    /// NetSuite refused, or its answer was unusable.
    #[error("{0}")]
    Issue(#[from] IssueError),
    /// No HTTP answer.
    #[error("no answer from {}: {}", .0.host, .0.detail)]
    Transport(TransportFailure),
    /// The HTTP client could not be built.
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

impl IssueFailure {
    /// The NetSuite error code, when there is one.
    pub fn code(&self) -> Option<&str> {
        match self {
            IssueFailure::Issue(e) => e.code(),
            _ => None,
        }
    }

    /// Whether the role wants a one-time code.
    pub fn two_factor_required(&self) -> bool {
        matches!(self, IssueFailure::Issue(e) if e.two_factor_required())
    }
}

/// Issues a token for the user and role in `settings.login`: checks every value, sends one GET,
/// and returns the token or the refusal.
pub async fn issue_token(settings: &IssueSettings) -> Result<IssuedToken, IssueFailure> {
    let account = AccountId::parse(&settings.account)?;
    let mut login = settings.login.clone();
    login.account = account.realm();
    login.validate()?;
    let base = settings
        .base_url
        .clone()
        .unwrap_or_else(|| account.restlet_base());
    let url = issuetoken::issue_token_url(
        &base,
        settings.consumer_key.expose(),
        settings.token_name.as_deref(),
    );
    let http = Http::new(settings.timeout, BODY_CAP).map_err(IssueFailure::Client)?;
    let header = login.header();
    let request = http
        .client()
        .get(&url)
        .header(reqwest::header::AUTHORIZATION, header.expose())
        .header(reqwest::header::ACCEPT, "application/json");
    let redactor = redactor(settings, &login);
    let fetched = http
        .send(request, &CancellationToken::new())
        .await
        .map_err(|mut t| {
            t.detail = crate::redact::sanitize(&redactor.apply(&t.detail), 240);
            IssueFailure::Transport(t)
        })?;
    let body = String::from_utf8_lossy(&fetched.body).into_owned();
    if (200..300).contains(&fetched.status) {
        return Ok(issuetoken::parse_issued(fetched.status, &body)
            .map_err(|e| redact_issue(e, &redactor))?);
    }
    Err(issuetoken::parse_refusal(fetched.status, &redactor.apply(&body)).into())
}

/// Everything secret this call knows, hidden whole, percent-encoded and by long fragments.
fn redactor(settings: &IssueSettings, login: &NlAuth) -> Redactor {
    let mut r = Redactor::new([
        settings.consumer_key.expose(),
        settings.consumer_secret.expose(),
        login.password.expose(),
    ]);
    if let Some(otp) = &login.otp {
        r.hide(otp.expose(), REDACTED);
    }
    r
}

/// A "no token" answer may quote the body: redact it (an id or secret in an odd shape).
fn redact_issue(e: IssueError, redactor: &Redactor) -> IssueError {
    match e {
        IssueError::NoToken { status, excerpt } => IssueError::NoToken {
            status,
            excerpt: excerpt.map(|x| redactor.apply(&x)),
        },
        other => other,
    }
}
