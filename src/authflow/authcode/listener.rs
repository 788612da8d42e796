//! The one-shot redirect listener: HTTPS on both loopback addresses of the registered port (a
//! program squatting on either would otherwise receive the browser's redirect), every connection
//! on its own with short limits, and only a redirect to the callback path carrying this login's
//! `state` ends the wait — allowed (a code) or refused (`error=`). Anything else (other paths,
//! forged or stale states, garbage, idle connections) is answered or dropped and ignored.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::mpsc;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::net::http_server::Limits;
use crate::netsuite::oauth2::authcode::callback::{self, Callback, CallbackError};

/// The listener's connection limits (as the TBA callback server's).
const LIMITS: Limits = Limits {
    head_timeout: Duration::from_secs(3),
    connection_lifetime: Duration::from_secs(30),
    max_connections: 64,
};

/// What the listener sends the waiting flow: the one redirect with our state.
pub type Accepted = Result<Callback, CallbackError>;

/// A running listener; dropping it stops it.
pub struct Listener {
    _stop: DropGuard,
}

struct Handler {
    path: String,
    state: String,
    done: AtomicBool,
    tx: mpsc::Sender<Accepted>,
}

/// Binds `port` on 127.0.0.1 and [::1] and serves HTTPS for a redirect to `path` with `state`;
/// the receiver gets the one accepted redirect.
pub async fn start(
    port: u16,
    path: &str,
    state: &str,
) -> Result<(mpsc::Receiver<Accepted>, Listener), String> {
    let (listeners, _) = crate::authflow::three_legged::bind_loopback(port)
        .await
        .map_err(|e| e.to_string())?;
    let acceptor = super::tls::acceptor()?;
    let (tx, rx) = mpsc::channel(1);
    let handler = Arc::new(Handler {
        path: path.to_string(),
        state: state.to_string(),
        done: AtomicBool::new(false),
        tx,
    });
    let stop = CancellationToken::new();
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let answer = on_request(&handler, &req);
        async move { Ok::<_, std::convert::Infallible>(answer) }
    });
    for l in listeners {
        tokio::spawn(super::tls::serve(
            l,
            acceptor.clone(),
            service.clone(),
            LIMITS,
            stop.clone(),
        ));
    }
    Ok((
        rx,
        Listener {
            _stop: stop.drop_guard(),
        },
    ))
}

fn page(status: StatusCode, text: &str) -> Response<String> {
    let mut page = Response::new(format!(
        "<!doctype html><meta charset=\"utf-8\"><title>nstba</title><p>{text}</p>"
    ));
    *page.status_mut() = status;
    page.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    page
}

/// Answers one request (the body, if any, is never read).
fn on_request(h: &Handler, req: &Request<Incoming>) -> Response<String> {
    if req.method() != Method::GET || req.uri().path() != h.path {
        return page(StatusCode::NOT_FOUND, "Not the nstba callback.");
    }
    let result = callback::parse(req.uri().query().unwrap_or(""), &h.state);
    let answer = match &result {
        Ok(_) => page(
            StatusCode::OK,
            "nstba received the authorization. You can close this tab and return to the terminal.",
        ),
        Err(CallbackError::NotOurs) => {
            return page(
                StatusCode::BAD_REQUEST,
                "This redirect does not belong to the login nstba started (state mismatch); nstba \
                 is still waiting for the right one.",
            );
        }
        Err(_) => page(
            StatusCode::OK,
            "The authorization was not granted. You can close this tab; nstba stopped.",
        ),
    };
    if h.done.swap(true, Ordering::SeqCst) {
        return page(
            StatusCode::GONE,
            "nstba already received an answer for this login. You can close this tab.",
        );
    }
    let _ = h.tx.try_send(result);
    answer
}
