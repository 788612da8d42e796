//! One authorization code login: [`LoginClient::start`] makes the PKCE pair and the state, starts
//! the redirect listener (for an `https://localhost:PORT/…` redirect URI) and builds the
//! authorize URL; [`PendingLogin::wait`] takes the browser's redirect or a pasted address;
//! [`LoginClient::exchange`] redeems the code at the token endpoint of the account the callback
//! names (`company`, validated) or the one given. [`LoginClient::revoke`] revokes a refresh
//! token. Requests go through the probes' [`Http`] client (timeouts, capped bodies); server text
//! is redacted and sanitized before it reaches an error.

use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio_util::sync::CancellationToken;

use super::listener::{self, Accepted, Listener};
use crate::Secret;
use crate::check::settings::BODY_CAP;
use crate::net::http::{Fetched, Http, TransportFailure};
use crate::netsuite::oauth2::authcode::authorize::{AuthorizeRequest, DISCOVERY_ORIGIN};
use crate::netsuite::oauth2::authcode::callback::{self, Callback, CallbackError};
use crate::netsuite::oauth2::authcode::grant::{ClientAuth, GrantRequest, REVOKE_PATH};
use crate::netsuite::oauth2::authcode::{Pkce, state};
use crate::netsuite::oauth2::token::{self, ResponseError, TOKEN_PATH, TokenError, TokenResponse};
use crate::netsuite::{AccountId, AccountIdError};
use crate::redact::Redactor;

/// What a login needs.
#[derive(Debug, Clone)]
pub struct LoginSettings {
    /// The account id, or `None` to let the user pick it at `system.netsuite.com`.
    pub account: Option<String>,
    /// Client id (and secret).
    pub client: ClientAuth,
    /// Scopes to request.
    pub scopes: Vec<String>,
    /// The redirect URI exactly as registered.
    pub redirect_uri: String,
    /// Run the loopback listener (false: paste mode only).
    pub listen: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send every call to this origin instead of NetSuite's hosts.
    pub base_url: Option<String>,
}

/// Why the login stopped.
#[derive(Debug, thiserror::Error)]
pub enum LoginFailure {
    /// The account id is malformed.
    #[error("{0}")]
    Account(#[from] AccountIdError),
    /// The redirect gave no code.
    #[error("{0}")]
    Callback(#[from] CallbackError),
    /// The token endpoint refused.
    #[error("the token endpoint refused: HTTP {status} {}", .error.as_ref().map_or("(no OAuth error code)", |e| e.error.as_str()))]
    Refused {
        /// HTTP status.
        status: u16,
        /// The OAuth error body.
        error: Option<TokenError>,
    },
    /// A 2xx answer without a usable token.
    #[error("{0}")]
    Unusable(#[from] ResponseError),
    /// No HTTP answer.
    #[error("no answer from {}: {}", .0.host, .0.detail)]
    Transport(TransportFailure),
    /// The listener or the setup failed.
    #[error("{0}")]
    Setup(String),
    /// Nobody came back in time.
    #[error("no redirect within {} s; open the authorize URL again, or paste the address the browser ended on", .0.as_secs())]
    TimedOut(Duration),
    /// Cancelled.
    #[error("cancelled")]
    Cancelled,
}

impl LoginFailure {
    /// The OAuth `error` code, when there was one.
    pub fn code(&self) -> Option<&str> {
        match self {
            LoginFailure::Refused { error, .. } => error.as_ref().map(|e| e.error.as_str()),
            _ => None,
        }
    }
}

/// A configured login.
#[derive(Debug, Clone)]
pub struct LoginClient {
    settings: LoginSettings,
    account: Option<AccountId>,
    http: Http,
}

/// The authorize URL is out; waiting for the redirect. Dropping it stops the listener.
pub struct PendingLogin {
    /// Open this in a browser.
    pub authorize_url: String,
    state: String,
    pkce: Pkce,
    accepted: Mutex<Option<mpsc::Receiver<Accepted>>>,
    _listener: Option<Listener>,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("authorize_url", &self.authorize_url)
            .finish_non_exhaustive()
    }
}

/// A successful login.
#[derive(Debug)]
pub struct LoggedIn {
    /// The account the code was redeemed in.
    pub account: AccountId,
    /// What the callback said (`company`, `role`, `entity`; the code is spent).
    pub callback: Callback,
    /// The tokens.
    pub tokens: TokenResponse,
}

impl LoginClient {
    /// Validates the account (when given) and builds the HTTP client.
    pub fn new(settings: LoginSettings) -> Result<LoginClient, LoginFailure> {
        let account = settings
            .account
            .as_deref()
            .map(AccountId::parse)
            .transpose()?;
        let http = Http::new(settings.timeout, BODY_CAP).map_err(LoginFailure::Setup)?;
        Ok(LoginClient {
            settings,
            account,
            http,
        })
    }

    fn app_base(&self) -> String {
        match (&self.settings.base_url, &self.account) {
            (Some(b), _) => b.clone(),
            (None, Some(a)) => a.app_base(),
            (None, None) => DISCOVERY_ORIGIN.to_string(),
        }
    }

    /// Makes the PKCE pair and state, starts the listener, builds the authorize URL.
    pub async fn start(&self) -> Result<PendingLogin, LoginFailure> {
        let pkce = Pkce::generate().map_err(LoginFailure::Setup)?;
        let state = state::generate().map_err(LoginFailure::Setup)?;
        let (accepted, listener) = match (
            self.settings.listen,
            loopback_port(&self.settings.redirect_uri),
        ) {
            (true, Some((port, path))) => {
                let (rx, l) = listener::start(port, &path, &state)
                    .await
                    .map_err(LoginFailure::Setup)?;
                (Some(rx), Some(l))
            }
            _ => (None, None),
        };
        let client_id = self.settings.client.client_id.expose().to_string();
        let authorize_url = AuthorizeRequest {
            app_base: &self.app_base(),
            client_id: &client_id,
            redirect_uri: &self.settings.redirect_uri,
            scopes: &self.settings.scopes,
            state: &state,
            code_challenge: &pkce.challenge,
            prompt: None,
        }
        .url();
        Ok(PendingLogin {
            authorize_url,
            state,
            pkce,
            accepted: Mutex::new(accepted),
            _listener: listener,
        })
    }

    /// Redeems the callback's code.
    pub async fn exchange(
        &self,
        pending: &PendingLogin,
        cb: Callback,
    ) -> Result<LoggedIn, LoginFailure> {
        let account = match (&self.account, &cb.company) {
            (Some(a), Some(c)) if a.realm() != c.realm() => {
                return Err(LoginFailure::Setup(format!(
                    "the login was for account {}, not {}: log in to {} (or leave the account out \
                     to use the one chosen at login)",
                    c.realm(),
                    a.realm(),
                    a.realm()
                )));
            }
            (Some(a), _) => a.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => {
                return Err(LoginFailure::Setup(
                    "the redirect names no company and no account id was given (NETSUITE_ACCOUNT_ID)"
                        .into(),
                ));
            }
        };
        let rest = self
            .settings
            .base_url
            .clone()
            .unwrap_or_else(|| account.rest_base());
        let req = self.settings.client.exchange(
            &cb.code,
            &self.settings.redirect_uri,
            &pending.pkce.verifier,
        );
        let hide = [cb.code.expose(), pending.pkce.verifier.expose()];
        let fetched = self
            .post(&format!("{rest}{TOKEN_PATH}"), &req, &hide)
            .await?;
        let tokens = self.tokens(&fetched)?;
        Ok(LoggedIn {
            account,
            callback: cb,
            tokens,
        })
    }

    /// Revokes `refresh_token` (and its access tokens) in `account`.
    pub async fn revoke(
        &self,
        account: &AccountId,
        refresh_token: &Secret,
    ) -> Result<(), LoginFailure> {
        let rest = self
            .settings
            .base_url
            .clone()
            .unwrap_or_else(|| account.rest_base());
        let req = self.settings.client.revoke(refresh_token);
        let hide = [refresh_token.expose()];
        let fetched = self
            .post(&format!("{rest}{REVOKE_PATH}"), &req, &hide)
            .await?;
        if (200..300).contains(&fetched.status) {
            Ok(())
        } else {
            Err(LoginFailure::Refused {
                status: fetched.status,
                error: token::parse_error(&fetched.body),
            })
        }
    }

    async fn post(
        &self,
        url: &str,
        req: &GrantRequest,
        hide: &[&str],
    ) -> Result<Fetched, LoginFailure> {
        let mut builder = self
            .http
            .client()
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(req.body.expose().to_string());
        if let Some(a) = &req.authorization {
            builder = builder.header("Authorization", a.expose());
        }
        self.http
            .send(builder, &CancellationToken::new())
            .await
            .map_err(|mut t| {
                t.detail = crate::redact::sanitize(&self.redactor(hide).apply(&t.detail), 240);
                LoginFailure::Transport(t)
            })
    }

    fn redactor(&self, hide: &[&str]) -> Redactor {
        let c = &self.settings.client;
        let mut r = Redactor::new([c.client_id.expose()]);
        if let Some(s) = &c.client_secret {
            r.hide(s.expose(), crate::redact::REDACTED);
        }
        for h in hide {
            r.hide(h, crate::redact::REDACTED);
        }
        r
    }

    fn tokens(&self, f: &Fetched) -> Result<TokenResponse, LoginFailure> {
        if (200..300).contains(&f.status) {
            return Ok(token::parse_response(&f.body)?);
        }
        Err(LoginFailure::Refused {
            status: f.status,
            error: token::parse_error(&f.body),
        })
    }
}

impl PendingLogin {
    /// Checks a pasted address (or its query) against this login's state.
    pub fn accept_pasted(&self, text: &str) -> Result<Callback, CallbackError> {
        callback::parse(text, &self.state)
    }

    /// Waits up to `wait` for the listener's redirect or a pasted address on `pasted`. A pasted
    /// address that is not this login's answer is reported on `rejected` and the wait goes on.
    pub async fn wait(
        &self,
        wait: Duration,
        mut pasted: Option<mpsc::Receiver<String>>,
        rejected: &dyn Fn(&CallbackError),
        cancel: &CancellationToken,
    ) -> Result<Callback, LoginFailure> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut accepted = self.accepted.lock().await;
        loop {
            let paste = async {
                match pasted.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            };
            let redirect = async {
                match accepted.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = cancel.cancelled() => return Err(LoginFailure::Cancelled),
                _ = tokio::time::sleep_until(deadline) => return Err(LoginFailure::TimedOut(wait)),
                line = paste => match line {
                    Some(line) if line.trim().is_empty() => {}
                    Some(line) => match self.accept_pasted(&line) {
                        Err(CallbackError::NotOurs) => rejected(&CallbackError::NotOurs),
                        other => return Ok(other?),
                    },
                    None => {
                        pasted = None;
                        if accepted.is_none() {
                            return Err(LoginFailure::Setup(
                                "standard input closed before an address was pasted".into(),
                            ));
                        }
                    }
                },
                result = redirect => match result {
                    Some(r) => return Ok(r?),
                    None => return Err(LoginFailure::Setup("the redirect listener stopped".into())),
                },
            }
        }
    }
}

/// `(port, path)` when `uri` is `https://localhost:PORT/…` (or 127.0.0.1 / [::1]).
pub fn loopback_port(uri: &str) -> Option<(u16, String)> {
    let u = url::Url::parse(uri).ok()?;
    let loopback = matches!(u.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if u.scheme() != "https" || !loopback {
        return None;
    }
    u.port().map(|p| (p, u.path().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_are_served_others_pasted() {
        assert_eq!(
            loopback_port("https://localhost:8899/callback"),
            Some((8899, "/callback".into()))
        );
        assert_eq!(loopback_port("https://[::1]:9/cb"), Some((9, "/cb".into())));
        assert_eq!(loopback_port("myapp://callback"), None);
        assert_eq!(loopback_port("https://example.com:8899/callback"), None);
        assert_eq!(loopback_port("https://localhost/callback"), None);
    }
}
