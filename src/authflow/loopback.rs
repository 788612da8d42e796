//! What both browser-redirect servers share (the TBA flow's callback server in [`super::three_legged`]
//! and the authorization code login's HTTPS listener in [`super::authcode::listener`]): binding
//! both loopback addresses of a port, the connection limits, the small HTML pages shown in the
//! browser tab, and the one-shot hand-over of the single redirect that ends the wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::net::http_server::Limits;

/// Connection limits of a redirect server. Browsers open spare connections and leave them idle:
/// each is served on its own with a short head timeout, so they cost nothing but a slot.
pub(crate) const LIMITS: Limits = Limits {
    head_timeout: Duration::from_secs(3),
    connection_lifetime: Duration::from_secs(30),
    max_connections: 64,
};

/// OS-chosen ports tried before giving up on finding one free on both loopback addresses.
const PORT_ATTEMPTS: usize = 8;

/// Binds `port` on 127.0.0.1 and on [::1] (browsers may resolve `localhost` to either). On a
/// fixed port both must be ours, or another program there would receive the browser's redirect
/// with the verifier; [::1] may only be missing when the system has no IPv6 loopback at all. With
/// port 0 a port free on both is searched. `Err` says which address could not be had.
pub(crate) async fn bind_loopback(port: u16) -> Result<(Vec<TcpListener>, u16), String> {
    let mut last = String::new();
    for _ in 0..PORT_ATTEMPTS {
        let v4 = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let chosen = v4.local_addr().map_err(|e| e.to_string())?.port();
        match TcpListener::bind(("::1", chosen)).await {
            Ok(v6) => return Ok((vec![v4, v6], chosen)),
            Err(e) if no_ipv6_loopback(&e) => return Ok((vec![v4], chosen)),
            Err(e) => {
                last = format!(
                    "cannot listen on [::1]:{chosen} ({e}): another program there would receive \
                     the browser's redirect to localhost:{chosen}"
                );
                if port != 0 {
                    break;
                }
            }
        }
    }
    Err(last)
}

/// True when the bind failed because the system has no IPv6 loopback (then nobody can listen
/// there either).
fn no_ipv6_loopback(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::AddrNotAvailable | std::io::ErrorKind::Unsupported
    ) || e.raw_os_error() == Some(libc::EAFNOSUPPORT)
}

/// A small HTML page for the browser tab.
pub(crate) fn page(status: StatusCode, text: &str) -> Response<String> {
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

/// Hands the one redirect that ends the wait to the waiting flow; every later one is turned away.
pub(crate) struct OneShot<T> {
    done: AtomicBool,
    tx: mpsc::Sender<T>,
}

impl<T> OneShot<T> {
    /// Over `tx` (a channel of one).
    pub(crate) fn new(tx: mpsc::Sender<T>) -> OneShot<T> {
        OneShot {
            done: AtomicBool::new(false),
            tx,
        }
    }

    /// Sends `value` and returns `answer`, the first time; afterwards a 410 page saying the
    /// answer already came (`what`: "login", "authorization").
    pub(crate) fn deliver(
        &self,
        value: T,
        answer: Response<String>,
        what: &str,
    ) -> Response<String> {
        if self.done.swap(true, Ordering::SeqCst) {
            return page(
                StatusCode::GONE,
                &format!(
                    "nstba already received an answer for this {what}. You can close this tab."
                ),
            );
        }
        let _ = self.tx.try_send(value);
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_first_redirect_is_handed_over() {
        let (tx, mut rx) = mpsc::channel(1);
        let one = OneShot::new(tx);
        let first = one.deliver(1, page(StatusCode::OK, "ok"), "login");
        assert_eq!(first.status(), StatusCode::OK);
        let second = one.deliver(2, page(StatusCode::OK, "ok"), "login");
        assert_eq!(second.status(), StatusCode::GONE);
        assert!(second.body().contains("this login"));
        assert_eq!(rx.recv().await, Some(1));
        assert!(rx.try_recv().is_err());
    }

    #[tokio::test]
    async fn both_loopback_addresses_are_bound() {
        let (listeners, port) = bind_loopback(0).await.unwrap();
        assert_ne!(port, 0);
        assert!(!listeners.is_empty());
        for l in &listeners {
            assert!(l.local_addr().unwrap().ip().is_loopback());
        }
    }
}
