//! TLS for the loopback redirect listener. NetSuite accepts only `https://` (or a custom scheme)
//! redirect URIs, so the listener on `https://localhost:PORT/callback` needs a certificate: a
//! throwaway self-signed one for `localhost`, `127.0.0.1` and `::1`, made per login with rcgen and
//! never written to disk. No browser trusts it, so the browser warns once; the page only ever
//! receives the code, which is useless without the PKCE verifier that never leaves this process.
//! Then each accepted connection gets a bounded handshake before HTTP/1 is served on it.

use std::sync::Arc;

use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper::{Request, Response};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types};
use tokio_util::sync::CancellationToken;

use crate::net::http_server::{self, Limits};

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

/// [`crate::net::http_server::serve`] over TLS: the handshake within `head_timeout` after the
/// first byte (an idle or non-TLS client is dropped), then the same limits and stop signal.
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
    let handshake = move |stream: TcpStream| {
        let acceptor = acceptor.clone();
        async move {
            tokio::time::timeout(limits.head_timeout, acceptor.accept(stream))
                .await
                .ok()?
                .ok()
        }
    };
    http_server::serve_with(listener, service, limits, stop, handshake).await;
}
