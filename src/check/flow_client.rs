//! Runs the three-step authorization flow over the network: step one (request token), a one-shot
//! callback server on the loopback interface that receives the browser's redirect (step two), and
//! step three (access token); plus revoking a token. Requests go through the probes' [`Http`]
//! client (timeouts, capped bodies); `base_url` sends everything to one origin (emulator, proxy),
//! like `nstba test --base-url`.
//!
//! The pure request building and answer parsing live in [`crate::netsuite::flow`]. The CLI
//! (`nstba token request`) and the TUI call [`FlowClient::start`] → show
//! [`PendingFlow::authorize_url`] → [`PendingFlow::wait`] (or [`PendingFlow::accept_pasted`]) →
//! [`FlowClient::finish`].

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::http::{Fetched, Http, TransportFailure};
use super::settings::BODY_CAP;
use crate::Secret;
use crate::netsuite::flow::{
    self, Authorized, Consumer, FlowError, FlowRequest, IssuedToken, RequestToken,
};
use crate::netsuite::{AccountId, AccountIdError};

/// Largest callback request head we read (the redirect is one GET line plus headers).
const CALLBACK_HEAD_CAP: usize = 16 * 1024;
/// How long one browser connection may take to send its request head.
const CALLBACK_READ_TIMEOUT: Duration = Duration::from_secs(5);

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

/// Step one done, waiting for the browser.
#[derive(Debug)]
pub struct PendingFlow {
    /// Open this in a browser (flow step two).
    pub authorize_url: String,
    /// Where NetSuite redirects to (must match the integration record's Callback URL).
    pub callback_url: String,
    /// The request token from step one.
    pub request_token: RequestToken,
    state: String,
    listener: TcpListener,
    /// The same port on `[::1]`, when the system has IPv6 loopback: browsers may resolve
    /// `localhost` to `::1` first.
    listener6: Option<TcpListener>,
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
            .map_err(FlowFailure::Transport)
    }

    /// Binds the callback server and runs step one; the result holds the URL to open.
    pub async fn start(&self) -> Result<PendingFlow, FlowFailure> {
        let listener = TcpListener::bind(("127.0.0.1", self.settings.callback_port))
            .await
            .map_err(|e| {
                FlowFailure::Callback(format!(
                    "cannot listen on 127.0.0.1:{}: {e}",
                    self.settings.callback_port
                ))
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| FlowFailure::Callback(e.to_string()))?
            .port();
        // `localhost` callbacks are allowed on integration records since 2020.1; the path-less
        // form is what a record's Callback URL most often says.
        let listener6 = TcpListener::bind(("::1", port)).await.ok();
        let callback_url = format!("http://localhost:{port}");
        let req = flow::request_token_request(
            &self.restlet_base(),
            &self.consumer(),
            &callback_url,
            self.settings.role.as_deref(),
        )?;
        let fetched = self.send(&req).await?;
        let body = String::from_utf8_lossy(&fetched.body);
        if !(200..300).contains(&fetched.status) {
            return Err(flow::parse_error(fetched.status, &body).into());
        }
        let request_token = flow::parse_request_token(&body)?;
        let state = flow::generate_state();
        let authorize_url = flow::authorize_url(&self.app_base(), &request_token.token, &state);
        Ok(PendingFlow {
            authorize_url,
            callback_url,
            request_token,
            state,
            listener,
            listener6,
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
        let body = String::from_utf8_lossy(&fetched.body);
        if !(200..300).contains(&fetched.status) {
            return Err(flow::parse_error(fetched.status, &body).into());
        }
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
        if (200..300).contains(&fetched.status) {
            Ok(())
        } else {
            Err(flow::parse_error(fetched.status, &String::from_utf8_lossy(&fetched.body)).into())
        }
    }
}

impl PendingFlow {
    /// The port the callback server listens on.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
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
    /// on `pasted`; answers the browser with a small page. Requests that are not the callback
    /// (e.g. `/favicon.ico`) get a 404 and the wait goes on.
    pub async fn wait(
        &self,
        wait: Duration,
        mut pasted: Option<mpsc::Receiver<String>>,
        cancel: &CancellationToken,
    ) -> Result<Authorized, FlowFailure> {
        let deadline = tokio::time::Instant::now() + wait;
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
                accepted = self.listener.accept() => {
                    let (stream, _) = accepted.map_err(|e| FlowFailure::Callback(e.to_string()))?;
                    if let Some(result) = self.serve_one(stream).await {
                        return result;
                    }
                }
                accepted = accept_opt(self.listener6.as_ref()) => {
                    // An IPv6 accept error only loses the extra listener's connection.
                    if let Ok((stream, _)) = accepted
                        && let Some(result) = self.serve_one(stream).await
                    {
                        return result;
                    }
                }
            }
        }
    }

    /// Handles one browser connection; `None` when it was not the callback.
    async fn serve_one(&self, mut stream: TcpStream) -> Option<Result<Authorized, FlowFailure>> {
        let target =
            match tokio::time::timeout(CALLBACK_READ_TIMEOUT, read_target(&mut stream)).await {
                Ok(Some(t)) => t,
                _ => return None,
            };
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
        if !query.contains("oauth_token=") && !query.contains("state=") {
            respond(&mut stream, "404 Not Found", "Not the nstba callback.").await;
            return None;
        }
        let result = self.accept_pasted(query);
        let (status, text) = match &result {
            Ok(_) => (
                "200 OK",
                "nstba received the authorization. You can close this tab and return to the terminal.",
            ),
            Err(FlowFailure::Flow(FlowError::Denied)) => (
                "200 OK",
                "Access was denied. You can close this tab; nstba stopped.",
            ),
            Err(_) => (
                "400 Bad Request",
                "This redirect does not belong to the authorization nstba started (state or token mismatch). You can close this tab.",
            ),
        };
        respond(&mut stream, status, text).await;
        Some(result)
    }
}

/// Accepts on `listener`, or never when there is none.
async fn accept_opt(
    listener: Option<&TcpListener>,
) -> std::io::Result<(TcpStream, std::net::SocketAddr)> {
    match listener {
        Some(l) => l.accept().await,
        None => std::future::pending().await,
    }
}

/// Reads the request line's target from a browser connection (head capped).
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < CALLBACK_HEAD_CAP {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let line = head.lines().next()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    (method == "GET").then(|| parts.next().map(str::to_string))?
}

async fn respond(stream: &mut TcpStream, status: &str, text: &str) {
    let body = format!("<!doctype html><meta charset=\"utf-8\"><title>nstba</title><p>{text}</p>");
    let msg = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may already be gone; nothing to do about a failed write.
    let _ = tokio::time::timeout(CALLBACK_READ_TIMEOUT, stream.write_all(msg.as_bytes())).await;
    let _ = stream.shutdown().await;
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
