//! TLS for the loopback redirect listener. NetSuite accepts only `https://` (or a custom scheme)
//! redirect URIs, so the listener on `https://localhost:PORT/callback` needs a certificate: a
//! throwaway self-signed one for `localhost`, `127.0.0.1` and `::1`, made per login with rcgen and
//! never written to disk. No browser trusts it, so the browser warns once; the page only ever
//! receives the code, which is useless without the PKCE verifier that never leaves this process.
//! Then each accepted connection gets a bounded handshake before HTTP/1 is served on it.

use std::sync::Arc;
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types};
use tokio_util::sync::CancellationToken;

use crate::net::http_server::Limits;

/// What the user is told about the certificate warning.
pub const BROWSER_WARNING: &str = "The browser will warn that the connection is not private: \
nstba's listener on localhost uses a throwaway self-signed certificate made for this login (NetSuite \
allows only https:// redirects). Accept it for localhost to let the redirect through; the code it \
carries is useless without a secret that never leaves nstba.";

/// A TLS acceptor with a new self-signed certificate for the loopback names.
pub fn acceptor() -> Result<TlsAcceptor, String> {
    let names = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
    let certified =
        rcgen::generate_simple_self_signed(names).map_err(|e| format!("certificate: {e}"))?;
    let key = pki_types::PrivateKeyDer::Pkcs8(pki_types::PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .map_err(|e| format!("TLS: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// The error type hyper accepts from services and bodies.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Like [`crate::net::http_server::serve`], over TLS: each connection on its own task, the
/// first byte and then the handshake each within `head_timeout` (an idle or non-TLS client is
/// dropped), a cap on open connections, a lifetime, and the stop signal.
pub async fn serve<S, B>(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    service: S,
    limits: Limits,
    stop: CancellationToken,
) where
    S: Service<Request<Incoming>, Response = Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            a = listener.accept() => a,
        };
        let Ok((stream, _)) = accepted else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let (service, stop, acceptor) = (service.clone(), stop.clone(), acceptor.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut probe = [0u8; 1];
            match tokio::time::timeout(limits.head_timeout, stream.peek(&mut probe)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let Ok(Ok(tls)) =
                tokio::time::timeout(limits.head_timeout, acceptor.accept(stream)).await
            else {
                return;
            };
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.head_timeout)
                .serve_connection(TokioIo::new(tls), service);
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
