//! The probes' HTTP client: one request at a time, a deadline over the whole exchange (headers and
//! body), a capped streaming body read, cancellation, and transport failures classified into
//! DNS / connect / TLS / timeout so the diagnosis can name the failing layer and host.

use std::time::{Duration, SystemTime};

use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Which network layer failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// TCP connection refused, unreachable or reset.
    Connect,
    /// TLS handshake or certificate failure.
    Tls,
    /// No complete answer within the timeout.
    Timeout,
    /// The user cancelled.
    Cancelled,
    /// Anything else (malformed HTTP, connection closed mid-answer…).
    Other,
}

/// A request that got no usable HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportFailure {
    /// Which layer.
    pub kind: TransportKind,
    /// The host (and port) contacted.
    pub host: String,
    /// A short, secret-free description.
    pub detail: String,
    /// The server's `Date`, when headers arrived before the failure (a slow body).
    pub date: Option<SystemTime>,
    /// The HTTP status, when headers arrived before the failure.
    pub status: Option<u16>,
}

/// A received answer (body possibly cut at the cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// HTTP status.
    pub status: u16,
    /// The `Date` header, parsed.
    pub date: Option<SystemTime>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `WWW-Authenticate` header (kept as evidence only).
    pub www_authenticate: Option<String>,
    /// The `Location` header (redirects are not followed).
    pub location: Option<String>,
    /// At most `cap` bytes of the body.
    pub body: Vec<u8>,
    /// True when the body was longer than the cap and the rest was dropped unread.
    pub truncated: bool,
}

/// A small HTTP client for the probes.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    timeout: Duration,
    cap: usize,
}

/// Host and port of a URL, for messages (`example.com:443`).
pub fn host_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("?").to_string();
            match u.port_or_known_default() {
                Some(p) => format!("{host}:{p}"),
                None => host,
            }
        }
        Err(_) => url.chars().take(80).collect(),
    }
}

impl Http {
    /// A client with the per-request `timeout` and body `cap`. Redirects are not followed (a 302 is
    /// itself evidence: wrong data center).
    pub fn new(timeout: Duration, cap: usize) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // The environment's proxy, but never for loopback: a request to the emulator or a
            // local tunnel must not carry its signed header to a proxy (a custom proxy also turns
            // off reqwest's own reading of the environment, so this is the one rule).
            .proxy(reqwest::Proxy::custom(|url| env_proxy(url).map(|p| p.url)))
            .connect_timeout(timeout)
            .user_agent(concat!("nstba/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Http {
            client,
            timeout,
            cap,
        })
    }

    /// The underlying client, to build requests.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends one request and reads at most `cap` body bytes, all within the timeout, giving up at
    /// once when `cancel` fires.
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        cancel: &CancellationToken,
    ) -> Result<Fetched, TransportFailure> {
        let request = request.build().map_err(|e| TransportFailure {
            kind: TransportKind::Other,
            host: String::new(),
            detail: format!("cannot build the request: {}", short_error(&e)),
            date: None,
            status: None,
        })?;
        let host = host_of(request.url().as_str());
        let deadline = Instant::now() + self.timeout;
        let fail = |kind, detail: String, date, status| TransportFailure {
            kind,
            host: host.clone(),
            detail,
            date,
            status,
        };
        let timeout_msg = || format!("no complete answer within {} s", self.timeout.as_secs_f64());

        let response = tokio::select! {
            biased;
            _ = cancel.cancelled() => {
                return Err(fail(TransportKind::Cancelled, "cancelled".into(), None, None))
            }
            r = tokio::time::timeout_at(deadline, self.client.execute(request)) => match r {
                Err(_) => return Err(fail(TransportKind::Timeout, timeout_msg(), None, None)),
                Ok(Err(e)) => {
                    let (kind, detail) = classify_reqwest(&e);
                    let detail = if kind == TransportKind::Timeout { timeout_msg() } else { detail };
                    return Err(fail(kind, detail, None, None));
                }
                Ok(Ok(resp)) => resp,
            },
        };

        let status = response.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(300).collect::<String>())
        };
        let date = header(reqwest::header::DATE).and_then(|d| httpdate::parse_http_date(&d).ok());
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let www_authenticate = header(reqwest::header::WWW_AUTHENTICATE);
        let location = header(reqwest::header::LOCATION);

        let mut response = response;
        let mut body = Vec::new();
        let mut truncated = false;
        loop {
            let chunk = tokio::select! {
                biased;
                _ = cancel.cancelled() => {
                    return Err(fail(TransportKind::Cancelled, "cancelled".into(), date, Some(status)))
                }
                c = tokio::time::timeout_at(deadline, response.chunk()) => c,
            };
            match chunk {
                Err(_) => {
                    return Err(fail(
                        TransportKind::Timeout,
                        format!(
                            "HTTP {status} headers arrived, but the body did not finish within {} s",
                            self.timeout.as_secs_f64()
                        ),
                        date,
                        Some(status),
                    ));
                }
                Ok(Err(e)) => {
                    let (kind, detail) = classify_reqwest(&e);
                    return Err(fail(
                        kind,
                        format!("HTTP {status}: the body broke off: {detail}"),
                        date,
                        Some(status),
                    ));
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(bytes))) => {
                    let room = self.cap - body.len();
                    if bytes.len() > room {
                        body.extend_from_slice(&bytes[..room]);
                        truncated = true;
                        // Dropping the response closes the connection: the rest is never read.
                        break;
                    }
                    body.extend_from_slice(&bytes);
                }
            }
        }
        Ok(Fetched {
            status,
            date,
            content_type,
            www_authenticate,
            location,
            body,
            truncated,
        })
    }
}

/// The error chain as one lowercase string (reqwest hides the cause in `source()`).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// One line of the error chain (URLs in it carry no secret: the signature is in a header).
fn short_error(e: &reqwest::Error) -> String {
    chain(e).chars().take(240).collect()
}

/// Maps a reqwest error to a transport kind and a secret-free detail.
pub fn classify_reqwest(e: &reqwest::Error) -> (TransportKind, String) {
    // The top level is "error sending request for url (…)"; the causes below it say what failed.
    let text = match std::error::Error::source(e) {
        Some(inner) => chain(inner),
        None => chain(e),
    };
    let lower = text.to_lowercase();
    let detail: String = text.chars().take(240).collect();
    let kind = if e.is_timeout() || lower.contains("timed out") {
        TransportKind::Timeout
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no such host")
    {
        TransportKind::Dns
    } else if [
        "certificate",
        "tls",
        "ssl",
        "handshake",
        "corrupt message",
        "invalidcontenttype",
        "peer is incompatible",
        "peer misbehaved",
        "received fatal alert",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
    {
        // rustls' messages (wrapped by hyper as "Connect" errors).
        TransportKind::Tls
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    };
    (kind, detail)
}

/// Resolves `host:port` and opens (then closes) a TCP connection, all before `deadline` (one
/// `--timeout` shared by every step of the reachability check; `timeout` is only for messages), so
/// the check can say exactly which step failed.
pub async fn dns_and_tcp(
    host: &str,
    port: u16,
    timeout: Duration,
    deadline: tokio::time::Instant,
    cancel: &CancellationToken,
) -> Result<std::net::SocketAddr, TransportFailure> {
    let target = format!("{host}:{port}");
    let fail = |kind, detail: String| TransportFailure {
        kind,
        host: target.clone(),
        detail,
        date: None,
        status: None,
    };
    let addrs: Vec<std::net::SocketAddr> = tokio::select! {
        _ = cancel.cancelled() => return Err(fail(TransportKind::Cancelled, "cancelled".into())),
        r = tokio::time::timeout_at(deadline, tokio::net::lookup_host(target.clone())) => match r {
            Err(_) => return Err(fail(TransportKind::Timeout, format!("DNS lookup of {host} took longer than {} s", timeout.as_secs_f64()))),
            Ok(Err(e)) => return Err(fail(TransportKind::Dns, format!("{host} does not resolve: {e}"))),
            Ok(Ok(a)) => a.collect(),
        },
    };
    if addrs.is_empty() {
        return Err(fail(TransportKind::Dns, format!("{host} has no address")));
    }
    let mut last_err = String::new();
    for addr in addrs.iter().take(3) {
        let r = tokio::select! {
            _ = cancel.cancelled() => return Err(fail(TransportKind::Cancelled, "cancelled".into())),
            r = tokio::time::timeout_at(deadline, TcpStream::connect(addr)) => r,
        };
        match r {
            Ok(Ok(_stream)) => return Ok(*addr),
            Ok(Err(e)) => last_err = format!("TCP connect to {addr} failed: {e}"),
            Err(_) => {
                return Err(fail(
                    TransportKind::Timeout,
                    format!(
                        "TCP connect to {addr} took longer than {} s",
                        timeout.as_secs_f64()
                    ),
                ));
            }
        }
    }
    Err(fail(TransportKind::Connect, last_err))
}

/// True for a URL whose host is a loopback address (`localhost`, 127.0.0.0/8, `[::1]`).
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A proxy from the environment that applies to a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvProxy {
    /// The proxy's URL (with its user info, if the variable had one).
    pub url: url::Url,
    /// The variable it came from (`HTTPS_PROXY`…).
    pub variable: &'static str,
}

impl EnvProxy {
    /// `http://proxy:3128 (HTTPS_PROXY)`, without any user name or password.
    pub fn label(&self) -> String {
        let mut u = self.url.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        format!("{} ({})", u.as_str().trim_end_matches('/'), self.variable)
    }
}

/// The proxy reqwest sends requests for `url` through: `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`
/// (any case), unless `NO_PROXY` excludes the host or the host is loopback.
pub fn env_proxy(url: &url::Url) -> Option<EnvProxy> {
    env_proxy_with(url, |name| std::env::var(name).ok())
}

/// The environment proxy for `origin`, named for a message (`http://p:3128 (HTTPS_PROXY)`).
pub fn proxy_label(origin: &str) -> String {
    url::Url::parse(origin)
        .ok()
        .and_then(|u| env_proxy(&u))
        .map(|p| p.label())
        .unwrap_or_else(|| "(none)".into())
}

/// True when requests for `url` go through a proxy from the environment. Then a direct DNS lookup
/// or TCP connect says nothing: corporate networks often resolve only via the proxy.
pub fn proxied(url: &url::Url) -> bool {
    env_proxy(url).is_some()
}

/// [`proxied`] with the environment passed in (testable without touching the process env).
pub fn proxied_with(url: &url::Url, env: impl Fn(&str) -> Option<String>) -> bool {
    env_proxy_with(url, env).is_some()
}

/// [`env_proxy`] with the environment passed in.
pub fn env_proxy_with(url: &url::Url, env: impl Fn(&str) -> Option<String>) -> Option<EnvProxy> {
    if is_loopback(url) {
        return None;
    }
    let var = |names: &[&'static str]| {
        names.iter().find_map(|n| {
            env(n)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (*n, v.trim().to_string()))
        })
    };
    let (variable, raw) = match url.scheme() {
        "https" => var(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
        _ => var(&["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]),
    }?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.trim_matches(['[', ']']);
    let no_proxy = var(&["NO_PROXY", "no_proxy"])
        .map(|(_, v)| v)
        .unwrap_or_default();
    let excluded = no_proxy.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('.').to_ascii_lowercase();
        entry == "*"
            || (!entry.is_empty() && (host == entry || host.ends_with(&format!(".{entry}"))))
    });
    if excluded {
        return None;
    }
    // `proxy:3128` without a scheme means http://, as curl and reqwest read it.
    let parsed = url::Url::parse(&raw)
        .ok()
        .filter(|u| u.has_host())
        .or_else(|| url::Url::parse(&format!("http://{raw}")).ok())?;
    Some(EnvProxy {
        url: parsed,
        variable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |n: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn proxy_detection_follows_the_environment_and_no_proxy() {
        let https = url::Url::parse("https://1234567.suitetalk.api.netsuite.com/").unwrap();
        let http = url::Url::parse("http://10.1.2.3:8080/").unwrap();
        assert!(!proxied_with(&https, env(&[])));
        assert!(proxied_with(
            &https,
            env(&[("HTTPS_PROXY", "http://p:3128")])
        ));
        assert!(proxied_with(&https, env(&[("all_proxy", "http://p:3128")])));
        assert!(!proxied_with(
            &https,
            env(&[("HTTP_PROXY", "http://p:3128")])
        ));
        assert!(proxied_with(&http, env(&[("HTTP_PROXY", "http://p:3128")])));
        assert!(!proxied_with(&https, env(&[("HTTPS_PROXY", "  ")])));
        for no in [
            "netsuite.com",
            ".netsuite.com",
            "*",
            "a.b, .api.netsuite.com",
        ] {
            let pairs = [("HTTPS_PROXY", "http://p:3128"), ("NO_PROXY", no)];
            assert!(!proxied_with(&https, env(&pairs)), "NO_PROXY={no}");
        }
        let pairs = [
            ("HTTPS_PROXY", "http://p:3128"),
            ("NO_PROXY", "example.com,othernetsuite.com"),
        ];
        assert!(proxied_with(&https, env(&pairs)));
    }

    #[test]
    fn loopback_is_never_proxied_and_the_proxy_is_named_without_its_password() {
        let all = [
            ("HTTP_PROXY", "http://user:pw@p.example:3128"),
            ("HTTPS_PROXY", "p.example:3129"),
        ];
        for u in [
            "http://127.0.0.1:8080/",
            "http://127.8.9.1/",
            "http://[::1]:9/",
            "http://localhost:1/",
            "https://LOCALHOST./",
        ] {
            let u = url::Url::parse(u).unwrap();
            assert!(is_loopback(&u), "{u}");
            assert!(env_proxy_with(&u, env(&all)).is_none(), "{u}");
        }
        let p = env_proxy_with(&url::Url::parse("http://10.0.0.1/").unwrap(), env(&all)).unwrap();
        assert_eq!(p.label(), "http://p.example:3128 (HTTP_PROXY)");
        assert_eq!(p.url.password(), Some("pw"));
        let p = env_proxy_with(&url::Url::parse("https://a.example/").unwrap(), env(&all)).unwrap();
        assert_eq!(p.label(), "http://p.example:3129 (HTTPS_PROXY)");
        assert!(!is_loopback(
            &url::Url::parse("http://127.example/").unwrap()
        ));
    }
}
