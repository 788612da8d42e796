//! Shared helpers for the emulator tests: a real client (reqwest over loopback) signing with the
//! project's own signers, and audit-trail accessors.

use std::time::Duration;

use nstba::emulator::{AuditEntry, Emulator, EmulatorConfig, Scenario, demo};
use nstba::netsuite::Credentials;
use nstba::netsuite::oauth::{SignInput, sign};
use nstba::netsuite::soap::{PassportInput, sign_passport};

pub const SERVER_TIME: &str = "/services/rest/system/v1/serverTime";
pub const METADATA: &str = "/services/rest/record/v1/metadata-catalog";
pub const SUITEQL: &str = "/services/rest/query/v1/suiteql?limit=2&offset=0";
pub const TOKENINFO: &str = "/rest/tokeninfo";
pub const RESTLET: &str =
    "/app/site/hosting/restlet.nl?script=customscript_nstba_demo&deploy=customdeploy_nstba_demo";
pub const SOAP: &str = "/services/NetSuitePort_2025_2";

pub async fn start(scenario: Scenario) -> Emulator {
    Emulator::start(EmulatorConfig {
        scenario,
        latency: Some(Duration::ZERO),
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator starts")
}

thread_local! {
    // One client per test thread (each #[tokio::test] has its own thread and runtime), because
    // building a TLS-capable client is the slowest part of a request here.
    static CLIENT: reqwest::Client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
}

pub fn http() -> reqwest::Client {
    CLIENT.with(|c| c.clone())
}

/// A response read completely.
#[derive(Debug)]
pub struct Got {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Got {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn read(resp: reqwest::Response) -> Got {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.text().await.expect("body");
    Got {
        status,
        headers,
        body,
    }
}

/// The `Authorization` header for `method url` signed with `creds` by the project's signer.
pub fn oauth_header(method: &str, url: &str, creds: &Credentials, realm: Option<&str>) -> String {
    sign(&SignInput {
        method,
        url,
        form: &[],
        consumer_key: creds.consumer_key.expose(),
        consumer_secret: creds.consumer_secret.expose(),
        token: Some(creds.token_id.expose()),
        token_secret: creds.token_secret.expose(),
        realm,
        extra: &[],
        nonce: None,
        timestamp: None,
    })
    .expect("signs")
    .authorization
}

/// A signed request with the demo credentials; `body` (JSON) is sent but not signed.
pub async fn signed(
    emu: &Emulator,
    method: &str,
    path: &str,
    body: Option<&str>,
    content_type: Option<&str>,
) -> Got {
    let url = format!("{}{path}", emu.base_url());
    let auth = oauth_header(method, &url, &demo::credentials(), Some(demo::ACCOUNT));
    send_with_auth(emu, method, path, &auth, body, content_type).await
}

pub async fn send_with_auth(
    emu: &Emulator,
    method: &str,
    path: &str,
    auth: &str,
    body: Option<&str>,
    content_type: Option<&str>,
) -> Got {
    let url = format!("{}{path}", emu.base_url());
    let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut rb = http().request(m, &url).header("Authorization", auth);
    if path.starts_with("/services/rest/query") {
        rb = rb.header("Prefer", "transient");
    }
    if let Some(ct) = content_type {
        rb = rb.header("Content-Type", ct);
    }
    if let Some(b) = body {
        rb = rb.body(b.to_string());
    }
    read(rb.send().await.expect("request sent")).await
}

pub fn passport_envelope(creds: &Credentials, account: &str) -> String {
    sign_passport(&PassportInput {
        account,
        consumer_key: creds.consumer_key.expose(),
        consumer_secret: creds.consumer_secret.expose(),
        token: creds.token_id.expose(),
        token_secret: creds.token_secret.expose(),
        nonce: None,
        timestamp: None,
    })
    .expect("passport")
    .get_server_time_envelope()
}

pub async fn soap_raw(emu: &Emulator, envelope: String) -> Got {
    let resp = http()
        .post(format!("{}{SOAP}", emu.base_url()))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", "getServerTime")
        .body(envelope)
        .send()
        .await
        .expect("soap sent");
    read(resp).await
}

pub async fn soap(emu: &Emulator) -> Got {
    soap_raw(emu, passport_envelope(&demo::credentials(), demo::ACCOUNT)).await
}

pub fn last(emu: &Emulator) -> AuditEntry {
    emu.audit_trail().pop().expect("an audit entry")
}

pub fn last_detail(emu: &Emulator) -> Option<String> {
    last(emu).detail
}

/// faultstring and NetSuite fault code of a SOAP fault body.
pub fn soap_fault(body: &str) -> (String, String) {
    let doc = roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let text = |name: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    (text("faultstring"), text("code"))
}
