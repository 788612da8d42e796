//! Serving a hyper service with HTTP/1 on a listener we bound: each connection on its own task
//! (an idle or slow client cannot hold up the next one), a short limit for a client to send its
//! request head (slowloris), a cap on open connections, and a stop signal. Shared by the flow's
//! loopback callback server (a plain `service_fn`, so the core needs no web framework) and the
//! emulator (an axum router, wrapped with `hyper_util::service::TowerToHyperService`); and, with
//! a TLS handshake before HTTP ([`serve_with`]), by the authorization code login's HTTPS listener.

use std::sync::Arc;
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// Limits for one server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a client may take from connecting (or from the end of its previous request) to
    /// the end of a request head.
    pub head_timeout: Duration,
    /// The longest any one connection stays open, however busy.
    pub connection_lifetime: Duration,
    /// Most connections open at once; more are closed on accept.
    pub max_connections: usize,
}

/// The error type hyper accepts from services and bodies.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Accepts on `listener` until `stop` fires, serving a clone of `service` on every connection.
pub async fn serve<S, B>(listener: TcpListener, service: S, limits: Limits, stop: CancellationToken)
where
    S: Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let plain = |stream: TcpStream| std::future::ready(Some(stream));
    serve_with(listener, service, limits, stop, plain).await;
}

/// [`serve`] with `handshake` run on each connection once its first byte arrived (TLS: the
/// caller bounds it in time); `None` drops the connection.
pub async fn serve_with<S, B, H, F, IO>(
    listener: TcpListener,
    service: S,
    limits: Limits,
    stop: CancellationToken,
    handshake: H,
) where
    S: Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    H: Fn(TcpStream) -> F + Clone + Send + 'static,
    F: Future<Output = Option<IO>> + Send,
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            a = listener.accept() => a,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            // Out of file descriptors or a connection reset before accept: breathe, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Full: closing at once is the cheapest answer to a flood.
            drop(stream);
            continue;
        };
        let (service, stop, handshake) = (service.clone(), stop.clone(), handshake.clone());
        tokio::spawn(async move {
            let _slot = slot;
            // hyper's head timer starts with the first byte; an idle connection must not wait
            // forever for it.
            let mut probe = [0u8; 1];
            match tokio::time::timeout(limits.head_timeout, stream.peek(&mut probe)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let Some(io) = handshake(stream).await else {
                return;
            };
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.head_timeout)
                .serve_connection(TokioIo::new(io), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = tokio::time::sleep(limits.connection_lifetime) => {}
                _ = stop.cancelled() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), conn).await;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn idle_and_slow_clients_are_cut_and_do_not_block_others() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let service = hyper::service::service_fn(|_req: Request<Incoming>| async {
            Ok::<_, std::convert::Infallible>(Response::new("hi".to_string()))
        });
        let stop = CancellationToken::new();
        let limits = Limits {
            head_timeout: Duration::from_millis(300),
            connection_lifetime: Duration::from_secs(5),
            max_connections: 8,
        };
        tokio::spawn(serve(listener, service, limits, stop.clone()));
        let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        // A real request meanwhile is answered at once.
        let mut real = tokio::net::TcpStream::connect(addr).await.unwrap();
        real.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        tokio::time::timeout(Duration::from_secs(2), real.read_to_string(&mut answer))
            .await
            .unwrap()
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        // Both stalled clients are disconnected after the head timeout.
        for s in [&mut idle, &mut slow] {
            let mut buf = Vec::new();
            let n = tokio::time::timeout(Duration::from_secs(3), s.read_to_end(&mut buf)).await;
            assert!(n.is_ok(), "a stalled connection stayed open");
        }
        stop.cancel();
    }
}
