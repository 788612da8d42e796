//! Runs the three-step authorization flow over the network: step one (request token), a callback
//! server on both loopback addresses that receives the browser's redirect (step two; every
//! connection served on its own with a short head timeout, and only the redirect carrying our
//! `state` counts), and step three (access token); plus revoking a token. Every server text that
//! reaches an error is redacted, then sanitized and cut ([`crate::redact`]). Requests go through the probes' [`Http`]
//! client (timeouts, capped bodies); `base_url` sends everything to one origin (emulator, proxy),
//! like `nstba test --base-url`.
//!
//! The pure request building and answer parsing live in [`crate::netsuite::flow`]. The CLI
//! (`nstba token request`) and the TUI call [`FlowClient::start`] → show
//! [`PendingFlow::authorize_url`] → [`PendingFlow::wait`] (or [`PendingFlow::accept_pasted`]) →
//! [`FlowClient::finish`].

use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::{Mutex, mpsc};
use tokio_util::sync::{CancellationToken, DropGuard};

use super::loopback::{self, OneShot, page};
use crate::Secret;
use crate::check::settings::BODY_CAP;
use crate::net::http::{Fetched, Http, TransportFailure};
use crate::net::http_server;
use crate::netsuite::flow::{
    self, Authorized, Consumer, FlowError, FlowRequest, IssuedToken, RequestToken,
};
use crate::netsuite::{AccountId, AccountIdError};
use crate::redact::Redactor;

/// What the flow needs.
#[derive(Clone)]
pub struct FlowSettings {
    /// Account id as typed.
    pub account: String,
    /// Consumer key of the integration record.
    pub consumer_key: Secret,
    /// Consumer secret.
    pub consumer_secret: Secret,
    /// Role id to issue the token for (`None`: NetSuite asks / uses the default).
    pub role: Option<String>,
    /// Loopback port of the callback server (0: chosen by the OS).
    pub callback_port: u16,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send every call to this origin instead of NetSuite's hosts.
    pub base_url: Option<String>,
}

impl std::fmt::Debug for FlowSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowSettings")
            .field("account", &self.account)
            .field("role", &self.role)
            .field("callback_port", &self.callback_port)
            .field("timeout", &self.timeout)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Why the flow stopped.
#[derive(Debug, thiserror::Error)]
pub enum FlowFailure {
    /// The account id is malformed.
    #[error("{0}")]
    Account(#[from] AccountIdError),
    /// NetSuite refused, or its answer was unusable.
    #[error("{0}")]
    Flow(#[from] FlowError),
    /// No HTTP answer.
    #[error("no answer from {}: {}", .0.host, .0.detail)]
    Transport(TransportFailure),
    /// The callback server could not start or failed.
    #[error("callback server: {0}")]
    Callback(String),
    /// Nobody came back from the consent page in time.
    #[error(
        "no callback within {} s; open the authorize URL again, or paste the address the browser was redirected to",
        .0.as_secs()
    )]
    TimedOut(Duration),
    /// Cancelled by the user.
    #[error("cancelled")]
    Cancelled,
}

impl FlowFailure {
    /// The §5.5 code, when NetSuite gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            FlowFailure::Flow(e) => e.code(),
            _ => None,
        }
    }
}

/// A configured client for one account.
#[derive(Debug, Clone)]
pub struct FlowClient {
    settings: FlowSettings,
    account: AccountId,
    http: Http,
}

/// Step one done, waiting for the browser. Dropping it stops the callback server.
pub struct PendingFlow {
    /// Open this in a browser (flow step two).
    pub authorize_url: String,
    /// Where NetSuite redirects to (must match the integration record's Callback URL).
    pub callback_url: String,
    /// The request token from step one.
    pub request_token: RequestToken,
    state: String,
    port: u16,
    /// What the callback server accepted: the one redirect with our `state` (allowed or denied).
    accepted: Mutex<mpsc::Receiver<Result<Authorized, FlowFailure>>>,
    _server: DropGuard,
}

impl std::fmt::Debug for PendingFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingFlow")
            .field("authorize_url", &self.authorize_url)
            .field("callback_url", &self.callback_url)
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl FlowClient {
    /// Validates the account and builds the HTTP client.
    pub fn new(settings: FlowSettings) -> Result<FlowClient, FlowFailure> {
        let account = AccountId::parse(&settings.account)?;
        let http =
            Http::new(settings.timeout, BODY_CAP).map_err(|e| FlowFailure::Callback(e.clone()))?;
        Ok(FlowClient {
            settings,
            account,
            http,
        })
    }

    fn restlet_base(&self) -> String {
        self.settings
            .base_url
            .clone()
            .unwrap_or_else(|| self.account.restlet_base())
    }

    fn app_base(&self) -> String {
        self.settings
            .base_url
            .clone()
            .unwrap_or_else(|| self.account.app_base())
    }

    fn consumer(&self) -> Consumer<'_> {
        // No realm: "no longer required" on the flow endpoints since 2020.1.
        Consumer::new(
            self.settings.consumer_key.expose(),
            self.settings.consumer_secret.expose(),
        )
    }

    async fn send(&self, r: &FlowRequest) -> Result<Fetched, FlowFailure> {
        let method = if r.method == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let builder = self
            .http
            .client()
            .request(method, &r.url)
            .header(reqwest::header::AUTHORIZATION, &r.authorization)
            .header(reqwest::header::ACCEPT, "application/json");
        self.http
            .send(builder, &CancellationToken::new())
            .await
            .map_err(|mut t| {
                // Transport errors quote library text that may hold the URL (a revoke URL carries
                // the consumer key and token id in its query).
                let mut redactor = Redactor::new([
                    self.settings.consumer_key.expose(),
                    self.settings.consumer_secret.expose(),
                ]);
                if let Ok(u) = url::Url::parse(&r.url) {
                    for (_, v) in u.query_pairs() {
                        redactor.hide(&v, crate::redact::REDACTED);
                    }
                }
                t.detail = crate::redact::sanitize(&redactor.apply(&t.detail), 240);
                FlowFailure::Transport(t)
            })
    }

    /// A success body as text, or the refusal read from a failed one. A failed body is redacted
    /// (consumer key and secret, plus `also`) before anything is cut from it: a server that echoes
    /// the request must not get a credential, or most of one, onto the screen.
    fn answer_text(&self, fetched: &Fetched, also: &[&str]) -> Result<String, FlowFailure> {
        let body = String::from_utf8_lossy(&fetched.body).into_owned();
        if (200..300).contains(&fetched.status) {
            return Ok(body);
        }
        let mut redactor = Redactor::new([
            self.settings.consumer_key.expose(),
            self.settings.consumer_secret.expose(),
        ]);
        for v in also {
            redactor.hide(v, crate::redact::REDACTED);
        }
        Err(flow::parse_error(fetched.status, &redactor.apply(&body)).into())
    }

    /// Binds the callback server and runs step one; the result holds the URL to open.
    pub async fn start(&self) -> Result<PendingFlow, FlowFailure> {
        let (listeners, port) = loopback::bind_loopback(self.settings.callback_port)
            .await
            .map_err(FlowFailure::Callback)?;
        // `localhost` callbacks are allowed on integration records since 2020.1; the path-less
        // form is what a record's Callback URL most often says.
        let callback_url = format!("http://localhost:{port}");
        let req = flow::request_token_request(
            &self.restlet_base(),
            &self.consumer(),
            &callback_url,
            self.settings.role.as_deref(),
        )?;
        let fetched = self.send(&req).await?;
        let body = self.answer_text(&fetched, &[])?;
        let request_token = flow::parse_request_token(&body)?;
        let state = flow::generate_state();
        let authorize_url = flow::authorize_url(&self.app_base(), &request_token.token, &state);
        let (tx, rx) = mpsc::channel(1);
        let stop = CancellationToken::new();
        let callback = Arc::new(Callback {
            state: state.clone(),
            token: request_token.token.clone(),
            once: OneShot::new(tx),
        });
        let service = hyper::service::service_fn(move |req: Request<Incoming>| {
            let answer = on_callback(&callback, &req);
            async move { Ok::<_, std::convert::Infallible>(answer) }
        });
        for l in listeners {
            tokio::spawn(http_server::serve(
                l,
                service.clone(),
                loopback::LIMITS,
                stop.clone(),
            ));
        }
        Ok(PendingFlow {
            authorize_url,
            callback_url,
            request_token,
            state,
            port,
            accepted: Mutex::new(rx),
            _server: stop.drop_guard(),
        })
    }

    /// Step three: exchanges the authorized request token for the access token.
    pub async fn finish(
        &self,
        pending: &PendingFlow,
        authorized: &Authorized,
    ) -> Result<IssuedToken, FlowFailure> {
        let req = flow::access_token_request(
            &self.restlet_base(),
            &self.consumer(),
            &pending.request_token.token,
            pending.request_token.secret.expose(),
            &authorized.verifier,
        )?;
        let fetched = self.send(&req).await?;
        let body = self.answer_text(&fetched, &[pending.request_token.secret.expose()])?;
        Ok(flow::parse_access_token(&body)?)
    }

    /// Revokes a token (`GET /rest/revoketoken`, signed with the token itself).
    pub async fn revoke(
        &self,
        token_id: &Secret,
        token_secret: &Secret,
    ) -> Result<(), FlowFailure> {
        let realm = self.account.realm();
        let mut consumer = self.consumer();
        // An ordinary TBA call: send the realm as REST/RESTlet calls do.
        consumer.realm = Some(&realm);
        let req = flow::revoke_request(
            &self.restlet_base(),
            &consumer,
            token_id.expose(),
            token_secret.expose(),
        )?;
        let fetched = self.send(&req).await?;
        self.answer_text(&fetched, &[token_id.expose(), token_secret.expose()])
            .map(drop)
    }
}

impl PendingFlow {
    /// The port the callback server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Checks a pasted redirected URL (or its query) instead of waiting for the browser.
    pub fn accept_pasted(&self, text: &str) -> Result<Authorized, FlowFailure> {
        Ok(flow::parse_callback(
            text,
            &self.state,
            &self.request_token.token,
        )?)
    }

    /// Waits up to `wait` for the browser's redirect to the callback server, or for a pasted URL
    /// on `pasted`. The server answers every request; only a redirect carrying our `state` ends
    /// the wait (a forged or stale one gets a 400 page and is ignored, other paths a 404).
    pub async fn wait(
        &self,
        wait: Duration,
        mut pasted: Option<mpsc::Receiver<String>>,
        cancel: &CancellationToken,
    ) -> Result<Authorized, FlowFailure> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut accepted = self.accepted.lock().await;
        loop {
            let paste = async {
                match pasted.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = cancel.cancelled() => return Err(FlowFailure::Cancelled),
                _ = tokio::time::sleep_until(deadline) => return Err(FlowFailure::TimedOut(wait)),
                line = paste => match line {
                    Some(line) if !line.trim().is_empty() => return self.accept_pasted(&line),
                    Some(_) => {}
                    // stdin closed: keep waiting for the browser only.
                    None => pasted = None,
                },
                result = accepted.recv() => match result {
                    Some(result) => return result,
                    None => {
                        return Err(FlowFailure::Callback("the callback server stopped".into()));
                    }
                },
            }
        }
    }
}

/// What the callback handler checks against and where it sends the one accepted redirect.
struct Callback {
    state: String,
    token: String,
    once: OneShot<Result<Authorized, FlowFailure>>,
}

/// Answers one request to the callback server (the body, if any, is never read).
fn on_callback(cb: &Callback, req: &Request<Incoming>) -> Response<String> {
    let query = req.uri().query().unwrap_or("");
    if req.method() != Method::GET || (!query.contains("oauth_token=") && !query.contains("state="))
    {
        return page(StatusCode::NOT_FOUND, "Not the nstba callback.");
    }
    let result = flow::parse_callback(query, &cb.state, &cb.token);
    let answer = match &result {
        Ok(_) => page(
            StatusCode::OK,
            "nstba received the authorization. You can close this tab and return to the terminal.",
        ),
        Err(FlowError::Denied) => page(
            StatusCode::OK,
            "Access was denied. You can close this tab; nstba stopped.",
        ),
        // Anyone on this machine can send a request here: one without our state is not the
        // browser's redirect and must not end the flow.
        Err(_) => {
            return page(
                StatusCode::BAD_REQUEST,
                "This redirect does not belong to the authorization nstba started (state or token \
                 mismatch); nstba is still waiting for the right one. You can close this tab.",
            );
        }
    };
    cb.once
        .deliver(result.map_err(FlowFailure::from), answer, "authorization")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_client_never_show_secrets() {
        let s = FlowSettings {
            account: "1234567_SB1".into(),
            consumer_key: Secret::new("ck-0123456789abcdef".into()),
            consumer_secret: Secret::new("cs-0123456789abcdef".into()),
            role: Some("3".into()),
            callback_port: 0,
            timeout: Duration::from_secs(1),
            base_url: None,
        };
        let client = FlowClient::new(s.clone()).unwrap();
        for dbg in [format!("{s:?}"), format!("{client:?}")] {
            assert!(!dbg.contains("ck-0123456789abcdef"), "{dbg}");
            assert!(!dbg.contains("cs-0123456789abcdef"), "{dbg}");
        }
        assert_eq!(
            client.restlet_base(),
            "https://1234567-sb1.restlets.api.netsuite.com"
        );
        assert_eq!(client.app_base(), "https://1234567-sb1.app.netsuite.com");
        let bad = FlowClient::new(FlowSettings {
            account: "not an account".into(),
            ..s
        });
        assert!(matches!(bad, Err(FlowFailure::Account(_))));
    }
}
