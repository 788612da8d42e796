//! The authorization-code setup's background work, run by the runtime and answered with
//! messages: the login itself (the core's [`LoginClient`]: PKCE, state, the HTTPS loopback
//! listener, the browser, a pasted address, the code exchange) and, in the demo, the browser's
//! part against the built-in emulator (the consent page, Allow or Deny, the redirect to the
//! listener). No token, code or verifier is in any message text or `Debug`.

use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedSender};
use tokio_util::sync::CancellationToken;

use super::authcode_problem::LoginProblem;
use crate::Secret;
use crate::authflow::authcode::{LoginClient, LoginFailure, LoginSettings};
use crate::netsuite::AccountId;
use crate::netsuite::oauth2::authcode::RefreshValidity;
use crate::netsuite::oauth2::authcode::callback::CallbackError;
use crate::tui::message::Message;

/// Identifies one login, so answers of an abandoned one are ignored.
pub type LoginId = u64;

/// How long the login waits for the browser (as `nstba login`'s default).
pub const LOGIN_WAIT: Duration = Duration::from_secs(300);
/// Per-request timeout of the demo browser.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(15);

/// What the runtime needs to run one login.
pub struct LoginRequest {
    /// Which login this is.
    pub id: LoginId,
    /// The core login's settings (client id and secret are [`Secret`]s).
    pub settings: LoginSettings,
    /// Demo mode: no browser is opened (the demo keys play its part).
    pub demo: bool,
    /// Addresses pasted into the wizard.
    pub pasted: mpsc::Receiver<String>,
    /// Cancelled when the wizard leaves the login or starts another.
    pub cancel: CancellationToken,
    /// How long to wait for the redirect.
    pub wait: Duration,
}

/// What the runtime is asked to do.
pub enum AuthCodeCommand {
    /// Run a login.
    Login(Box<LoginRequest>),
    /// Switch the connection to M2M (the core bootstrap; nothing saved: the wizard's `s` does).
    Bootstrap(Box<crate::authflow::bootstrap::BootstrapInput>),
    /// Demo: do what a browser does with the authorize address: show the consent page, click
    /// Allow (`true`) or Deny, follow the redirect to the listener.
    Browse {
        /// The login it is for.
        id: LoginId,
        /// The authorize address.
        authorize_url: String,
        /// Allow or Deny.
        allow: bool,
    },
}

impl std::fmt::Debug for AuthCodeCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthCodeCommand::Login(r) => f
                .debug_struct("Login")
                .field("id", &r.id)
                .field("account", &r.settings.account)
                .field("redirect_uri", &r.settings.redirect_uri)
                .finish_non_exhaustive(),
            AuthCodeCommand::Bootstrap(i) => f.debug_tuple("Bootstrap").field(i).finish(),
            AuthCodeCommand::Browse { id, allow, .. } => f
                .debug_struct("Browse")
                .field("id", id)
                .field("allow", allow)
                .finish_non_exhaustive(),
        }
    }
}

/// The authorize address is out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginStarted {
    /// Open this in a browser (it holds no secret: the PKCE challenge, not the verifier).
    pub authorize_url: String,
    /// A browser was asked to open it.
    pub opened: bool,
}

/// A finished login: who logged in and the refresh token (redacted in `Debug`).
#[derive(Debug, Clone)]
pub struct LoginInfo {
    /// The account the code was redeemed in (canonical realm).
    pub account: String,
    /// `company` of the callback.
    pub company: Option<String>,
    /// `role` of the callback.
    pub role: Option<String>,
    /// `entity` of the callback.
    pub entity: Option<String>,
    /// The refresh token.
    pub refresh_token: Secret,
    /// Its validity, from the login on.
    pub validity: RefreshValidity,
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// The redirect URI used.
    pub redirect_uri: String,
    /// The login's access token (for the switch to M2M: the rotation API takes it).
    pub access_token: Secret,
    /// When the login ended (Unix seconds): the access token lasts an hour.
    pub logged_in_at: i64,
}

/// The answers.
#[derive(Debug, Clone)]
pub enum AuthCodeEvent {
    /// Login `LoginId` put its authorize address out, or failed before.
    Started(LoginId, Result<LoginStarted, LoginProblem>),
    /// A pasted address was not this login's answer (its state differs); the wait goes on.
    Rejected(LoginId),
    /// Login `LoginId` ended.
    Done(LoginId, Result<Box<LoginInfo>, LoginProblem>),
    /// The demo browser did its part (or why not).
    Browsed(LoginId, Result<(), String>),
    /// Demo: NetSuite's consent page refused the login outright (an unknown Client ID, a
    /// redirect URI not on the record): no redirect will come, so the login ends with this.
    ConsentRefused(LoginId, LoginProblem),
    /// The switch to M2M reports a step.
    Boot(crate::authflow::bootstrap::BootstrapEvent),
    /// The switch to M2M ended.
    Booted(
        Result<
            Box<crate::authflow::bootstrap::Bootstrapped>,
            crate::authflow::bootstrap::BootstrapFailure,
        >,
    ),
}

/// Starts one command on the runtime (call from inside it); its answers come as messages.
pub fn spawn(cmd: AuthCodeCommand, tx: UnboundedSender<Message>) {
    match cmd {
        // The core's wait takes a plain `&dyn Fn` for rejected pastes, so the login's future
        // is not `Send`: it runs on a blocking thread, driven by the runtime's handle (the
        // listener's own tasks still go to the runtime).
        AuthCodeCommand::Login(req) => {
            let handle = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || handle.block_on(login(*req, tx)));
        }
        AuthCodeCommand::Bootstrap(input) => {
            tokio::spawn(switch_to_m2m(*input, tx));
        }
        AuthCodeCommand::Browse {
            id,
            authorize_url,
            allow,
        } => {
            tokio::spawn(async move {
                let ev = match browse(&authorize_url, allow).await {
                    Ok(()) => AuthCodeEvent::Browsed(id, Ok(())),
                    Err(BrowseStop::Other(e)) => AuthCodeEvent::Browsed(id, Err(e)),
                    Err(BrowseStop::Refused(p)) => AuthCodeEvent::ConsentRefused(id, p),
                };
                let _ = tx.send(Message::AuthCode(ev));
            });
        }
    }
}

async fn login(req: LoginRequest, tx: UnboundedSender<Message>) {
    let id = req.id;
    let send = |ev: AuthCodeEvent| {
        let _ = tx.send(Message::AuthCode(ev));
    };
    let redirect_uri = req.settings.redirect_uri.clone();
    let client = match LoginClient::new(req.settings.clone()) {
        Ok(c) => c,
        Err(e) => return send(AuthCodeEvent::Started(id, Err(LoginProblem::of(&e)))),
    };
    let pending = tokio::select! {
        () = req.cancel.cancelled() => return,
        r = client.start() => match r {
            Ok(p) => p,
            Err(e) => return send(AuthCodeEvent::Started(id, Err(LoginProblem::of(&e)))),
        },
    };
    let opened = !req.demo && open_browser(pending.authorize_url.clone()).await;
    send(AuthCodeEvent::Started(
        id,
        Ok(LoginStarted {
            authorize_url: pending.authorize_url.clone(),
            opened,
        }),
    ));
    let rejected = |_: &CallbackError| send(AuthCodeEvent::Rejected(id));
    let result = match pending
        .wait(req.wait, Some(req.pasted), &rejected, &req.cancel)
        .await
    {
        Ok(cb) => client.exchange(&pending, cb).await,
        Err(e) => Err(e),
    };
    if req.cancel.is_cancelled() {
        return;
    }
    let public = req.settings.client.is_public();
    let done = result
        .map_err(|e| LoginProblem::of(&e))
        .and_then(|logged| {
            let Some(refresh_token) = logged.tokens.refresh_token.clone() else {
                return Err(LoginProblem::other(
                    "NetSuite issued no refresh token: check that the integration record allows the Authorization Code Grant.",
                ));
            };
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let cb = &logged.callback;
            Ok(Box::new(LoginInfo {
                account: logged.account.realm(),
                company: cb.company.as_ref().map(AccountId::realm),
                role: cb.role.clone(),
                entity: cb.entity.clone(),
                refresh_token,
                validity: RefreshValidity::new(public, now),
                scopes: req.settings.scopes.clone(),
                redirect_uri,
                access_token: logged.tokens.access_token.clone(),
                logged_in_at: now,
            }))
        });
    send(AuthCodeEvent::Done(id, done));
}

/// The core bootstrap with progress; after a proof, the login's refresh token is revoked
/// (nothing will use it: the connection is M2M now, saved by the wizard's `s`).
async fn switch_to_m2m(
    input: crate::authflow::bootstrap::BootstrapInput,
    tx: UnboundedSender<Message>,
) {
    use crate::authflow::bootstrap::{BootstrapEvent, BootstrapStep, bootstrap};
    let progress_tx = tx.clone();
    let progress = move |ev: BootstrapEvent| {
        let _ = progress_tx.send(Message::AuthCode(AuthCodeEvent::Boot(ev)));
    };
    let result = bootstrap(&input, None, &progress).await;
    if let (Ok(done), Some(refresh)) = (&result, &input.refresh_token)
        && done.token.is_some()
    {
        progress(BootstrapEvent::Started(BootstrapStep::Revoke));
        match revoke(&input, refresh).await {
            Ok(()) => progress(BootstrapEvent::Done(
                BootstrapStep::Revoke,
                "the login's refresh token no longer works".into(),
            )),
            Err(e) => progress(BootstrapEvent::Warning(format!(
                "the login's refresh token could not be revoked: {e}"
            ))),
        }
    }
    let _ = tx.send(Message::AuthCode(AuthCodeEvent::Booted(
        result.map(Box::new),
    )));
}

async fn revoke(
    input: &crate::authflow::bootstrap::BootstrapInput,
    refresh: &Secret,
) -> Result<(), String> {
    let account = AccountId::parse(&input.account).map_err(|e| e.to_string())?;
    let client = LoginClient::new(LoginSettings {
        account: Some(input.account.clone()),
        client: input.client.clone(),
        scopes: input.scopes.clone(),
        redirect_uri: String::new(),
        listen: false,
        timeout: input.timeout,
        base_url: input.base_url.clone(),
    })
    .map_err(|e| e.to_string())?;
    client
        .revoke(&account, refresh)
        .await
        .map_err(|e| e.to_string())
}

/// Opens `url` off the async threads (a text-mode browser would block); true when asked.
async fn open_browser(url: String) -> bool {
    tokio::task::spawn_blocking(move || crate::tui::flow_task::open_browser(&url).is_ok())
        .await
        .unwrap_or(false)
}

/// Demo: the browser's part. GET the consent page, click Allow or Deny (the emulator's links
/// add `decision=`), and follow the redirect to the listener, clicking through the certificate
/// warning as the user would: the redirect target must be a loopback address, the only place
/// where nstba's throwaway certificate is accepted.
pub async fn browse(authorize_url: &str, allow: bool) -> Result<(), BrowseStop> {
    let page = consent_page(authorize_url).await?;
    if !page.status().is_success() {
        let status = page.status().as_u16();
        // The page's words say why (bounded: a hostile server may send anything).
        let body = page.bytes().await.unwrap_or_default();
        let mut text = String::from_utf8_lossy(&body[..body.len().min(8192)]).into_owned();
        // A page that echoes the request must not put the Client ID on screen.
        let client_id = url::Url::parse(authorize_url).ok().and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "client_id")
                .map(|(_, v)| v.into_owned())
        });
        if let Some(id) = client_id.filter(|id| id.len() >= 8) {
            text = text.replace(&id, "[Client ID]");
        }
        return Err(BrowseStop::Refused(
            super::authcode_problem::LoginProblem::consent_refused(status, &text),
        ));
    }
    click(authorize_url, allow).await.map_err(BrowseStop::Other)
}

/// Why the demo browser stopped.
#[derive(Debug, Clone)]
pub enum BrowseStop {
    /// NetSuite's consent page refused the request (no redirect): the login's diagnosis.
    Refused(LoginProblem),
    /// The browser itself could not go on.
    Other(String),
}

async fn consent_page(authorize_url: &str) -> Result<reqwest::Response, BrowseStop> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(BROWSER_TIMEOUT)
        .build()
        .map_err(|e| BrowseStop::Other(e.to_string()))?;
    client
        .get(authorize_url)
        .send()
        .await
        .map_err(|e| BrowseStop::Other(format!("the consent page did not load: {e}")))
}

/// Clicks Allow or Deny on the consent page and follows the redirect to the listener.
async fn click(authorize_url: &str, allow: bool) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(BROWSER_TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    let decision = if allow { "allow" } else { "deny" };
    let clicked = client
        .get(format!("{authorize_url}&decision={decision}"))
        .send()
        .await
        .map_err(|e| format!("the consent page did not answer the click: {e}"))?;
    let location = clicked
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            format!(
                "the consent page did not redirect (HTTP {})",
                clicked.status().as_u16()
            )
        })?
        .to_string();
    let target = url::Url::parse(&location).map_err(|e| format!("bad redirect: {e}"))?;
    if !matches!(target.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")) {
        return Err("the redirect does not go to this machine".into());
    }
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_danger_accept_invalid_certs(true)
        .timeout(BROWSER_TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    browser
        .get(target)
        .send()
        .await
        .map(|_| ())
        .map_err(|_| "the redirect did not reach nstba's listener".to_string())
}

/// A login failure's kind, for [`LoginProblem::of`].
pub(super) fn failure_code(e: &LoginFailure) -> Option<String> {
    match e {
        LoginFailure::Callback(CallbackError::Denied) => Some("access_denied".into()),
        LoginFailure::Callback(CallbackError::Refused(c)) => Some(c.clone()),
        _ => e.code().map(str::to_string),
    }
}
