//! The one-shot redirect listener: HTTPS on both loopback addresses of the registered port (a
//! program squatting on either would otherwise receive the browser's redirect), every connection
//! on its own with short limits, and only a redirect to the callback path carrying this login's
//! `state` ends the wait — allowed (a code) or refused (`error=`). Anything else (other paths,
//! forged or stale states, garbage, idle connections) is answered or dropped and ignored.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::mpsc;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::authflow::loopback::{self, OneShot, page};
use crate::netsuite::oauth2::authcode::callback::{self, Callback, CallbackError};

/// What the listener sends the waiting flow: the one redirect with our state.
pub type Accepted = Result<Callback, CallbackError>;

/// A running listener; dropping it stops it.
pub struct Listener {
    _stop: DropGuard,
}

struct Handler {
    path: String,
    state: String,
    once: OneShot<Accepted>,
}

/// Binds `port` on 127.0.0.1 and [::1] and serves HTTPS for a redirect to `path` with `state`;
/// the receiver gets the one accepted redirect.
pub async fn start(
    port: u16,
    path: &str,
    state: &str,
) -> Result<(mpsc::Receiver<Accepted>, Listener), String> {
    let (listeners, _) = loopback::bind_loopback(port).await?;
    let acceptor = super::tls::acceptor()?;
    let (tx, rx) = mpsc::channel(1);
    let handler = Arc::new(Handler {
        path: path.to_string(),
        state: state.to_string(),
        once: OneShot::new(tx),
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
            loopback::LIMITS,
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
    h.once.deliver(result, answer, "login")
}
