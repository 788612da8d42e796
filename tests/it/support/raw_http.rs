//! Test support: tiny raw-TCP HTTP servers (NetSuite stand-ins) on 127.0.0.1 that answer the connection test's requests
//! the way a test wants (normally, never, drip-fed, endless, broken).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One received request.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// Path without the query.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }
    /// True for a signed request (OAuth header or SOAP passport).
    pub fn signed(&self) -> bool {
        self.header("authorization").is_some()
            || String::from_utf8_lossy(&self.body).contains("tokenPassport")
    }
}

/// How to answer.
pub enum Reply {
    /// Write these bytes and close.
    Bytes(Vec<u8>),
    /// Accept, read the request, never answer.
    Never,
    /// Write these header bytes, then one body byte per second forever.
    Drip(Vec<u8>),
    /// Write these header bytes, then 64 KiB chunks until the client goes away.
    Endless(Vec<u8>),
}

/// A response with status, headers and body (`Connection: close` added).
pub fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Bytes(bytes)
}

/// JSON response.
pub fn json(status: u16, body: &str) -> Reply {
    http(
        status,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// The `Date` header value for now + `offset_secs`.
pub fn date(offset_secs: i64) -> String {
    let now = std::time::SystemTime::now();
    let t = if offset_secs >= 0 {
        now + Duration::from_secs(offset_secs as u64)
    } else {
        now - Duration::from_secs((-offset_secs) as u64)
    };
    httpdate::fmt_http_date(t)
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Req>>>,
    /// Body bytes written by Endless/Drip replies.
    pub written: Arc<AtomicU64>,
}

impl Server {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn requests(&self) -> Vec<Req> {
        self.requests.lock().unwrap().clone()
    }
    pub fn signed_count(&self) -> usize {
        self.requests().iter().filter(|r| r.signed()).count()
    }
}

/// Reads one request (head and `Content-Length` body).
pub async fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let first = lines.next()?;
    let mut parts = first.split(' ');
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut tmp).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&tmp[..n]);
    }
    Some(Req {
        method,
        path,
        headers,
        body,
    })
}

/// Starts a server whose answers come from `route`.
pub async fn start(route: impl Fn(&Req) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let written = Arc::new(AtomicU64::new(0));
    let route = Arc::new(route);
    let (reqs, wr) = (requests.clone(), written.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (route, reqs, wr) = (route.clone(), reqs.clone(), wr.clone());
            tokio::spawn(async move {
                let Some(req) = read_request(&mut stream).await else {
                    return;
                };
                let reply = route(&req);
                reqs.lock().unwrap().push(req);
                match reply {
                    Reply::Bytes(b) => {
                        let _ = stream.write_all(&b).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Never => tokio::time::sleep(Duration::from_secs(120)).await,
                    Reply::Drip(head) => {
                        if stream.write_all(&head).await.is_err() {
                            return;
                        }
                        for _ in 0..120 {
                            if stream.write_all(b"{").await.is_err() {
                                return;
                            }
                            wr.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                    Reply::Endless(head) => {
                        if stream.write_all(&head).await.is_err() {
                            return;
                        }
                        let chunk = vec![b'a'; 64 * 1024];
                        loop {
                            if stream.write_all(&chunk).await.is_err() {
                                return;
                            }
                            if wr.fetch_add(chunk.len() as u64, Ordering::Relaxed) > 400 << 20 {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    Server {
        addr,
        requests,
        written,
    }
}

/// Starts a server that reads each connection's request, records it, and hands the connection to
/// `serve` (for answers a [`Reply`] cannot express: resets, garbage, chunked streams).
pub async fn start_raw<F, Fut>(serve: F) -> Server
where
    F: Fn(TcpStream, Req) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let written = Arc::new(AtomicU64::new(0));
    let serve = Arc::new(serve);
    let reqs = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (serve, reqs) = (serve.clone(), reqs.clone());
            tokio::spawn(async move {
                let Some(req) = read_request(&mut stream).await else {
                    return;
                };
                reqs.lock().unwrap().push(req.clone());
                serve(stream, req).await;
            });
        }
    });
    Server {
        addr,
        requests,
        written,
    }
}

/// Writes a [`healthy`] answer to `stream` and closes it.
pub async fn write_healthy(mut stream: TcpStream, req: &Req) {
    if let Reply::Bytes(b) = healthy(req) {
        let _ = stream.write_all(&b).await;
        let _ = stream.shutdown().await;
    }
}

/// A well-behaved NetSuite stand-in for account 1234567_SB1, with `overrides` consulted first.
pub fn healthy(req: &Req) -> Reply {
    let d = date(0);
    let hdr = [("Content-Type", "application/json"), ("Date", d.as_str())];
    match (req.method.as_str(), req.route()) {
        ("GET", "/rest/datacenterurls") => http(200, &hdr, DATACENTER_URLS.as_bytes()),
        ("HEAD", "/") => http(404, &[("Date", d.as_str())], b""),
        ("GET", "/services/rest/system/v1/serverTime") => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            // Format as RFC 3339 via httpdate round trip is awkward; use a fixed-format builder.
            let body = format!(r#"{{"serverTime":"{}"}}"#, rfc3339(now));
            http(200, &hdr, body.as_bytes())
        }
        ("GET", "/services/rest/record/v1/metadata-catalog") => {
            http(200, &hdr, METADATA_CATALOG.as_bytes())
        }
        ("POST", "/services/rest/query/v1/suiteql") => http(200, &hdr, SUITEQL_ROWS.as_bytes()),
        ("GET", "/rest/tokeninfo") => http(200, &hdr, TOKEN_INFO.as_bytes()),
        ("POST", "/services/NetSuitePort_2025_2") => http(
            200,
            &[("Content-Type", "text/xml"), ("Date", d.as_str())],
            SOAP_SERVER_TIME.as_bytes(),
        ),
        _ => json(404, REST_404),
    }
}

/// NetSuite answers the stand-ins send, shared as files with the other tests.
pub const DATACENTER_URLS: &str = include_str!("../../data/netsuite/rest/datacenterurls.json");
pub const METADATA_CATALOG: &str = include_str!("../../data/netsuite/rest/metadata-catalog.json");
pub const SUITEQL_ROWS: &str = include_str!("../../data/netsuite/rest/suiteql.json");
pub const TOKEN_INFO: &str = include_str!("../../data/netsuite/restlet/tokeninfo.json");
pub const SOAP_SERVER_TIME: &str = include_str!("../../data/netsuite/soap/get-server-time.xml");
pub const REST_404: &str = include_str!("../../data/netsuite/rest/not-found-404.json");

/// Unix seconds → `YYYY-MM-DDTHH:MM:SS.000Z`.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // civil_from_days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// REST answer to a refused signature.
pub const REST_401: &str = include_str!("../../data/netsuite/rest/invalid-login-401.json");
/// RESTlet answer to a refused signature.
pub const RESTLET_401: &str =
    include_str!("../../data/netsuite/restlet/invalid-login-attempt-401.json");
/// SOAP fault for a refused passport.
pub const SOAP_401: &str = include_str!("../../data/netsuite/soap/invalid-credentials-fault.xml");
