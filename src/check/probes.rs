//! The network probes: how each request is built and freshly signed (OAuth header with the
//! canonical realm, or a SOAP token passport), and how each success body is read (datacenterurls
//! hosts, serverTime, tokeninfo "who am I", SOAP getServerTime).

use serde_json::Value;

use super::auth::{AuthError, Authenticator, Target};
use crate::net::http::{Fetched, Http, TransportFailure};
use crate::netsuite::{AccountId, endpoints};
use crate::redact::sanitize;
use tokio_util::sync::CancellationToken;

/// The SuiteQL probe query: one employee id (needs SuiteAnalytics Workbook and Employees view).
pub const SUITEQL_QUERY: &str = "SELECT id FROM employee WHERE ROWNUM <= 1";

/// Where each kind of request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins {
    /// datacenterurls origin.
    pub lookup: String,
    /// REST web services and SOAP origin.
    pub rest: String,
    /// RESTlet / token-endpoint origin.
    pub restlet: String,
}

impl Origins {
    /// Real NetSuite hosts for `account`, or everything on `base_url` when given.
    pub fn new(account: &AccountId, base_url: Option<&str>) -> Origins {
        match base_url {
            Some(b) => {
                let b = b.trim().trim_end_matches('/').to_string();
                Origins {
                    lookup: b.clone(),
                    rest: b.clone(),
                    restlet: b,
                }
            }
            None => Origins {
                lookup: endpoints::DATACENTER_ORIGIN.to_string(),
                rest: account.rest_base(),
                restlet: account.restlet_base(),
            },
        }
    }
}

/// Sends probes with the run's authentication.
pub struct Signer<'a> {
    /// The run's authenticator.
    pub auth: &'a dyn Authenticator,
}

/// A request that could not even be signed (a malformed `--base-url`, in practice).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignFailure {
    /// The authenticator refused the request.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// A probe was to be sent before the run set up its authentication (a bug).
    #[error("the run was not set up")]
    NotSetUp,
}

/// The outcome of one request.
pub type Sent = Result<Result<Fetched, TransportFailure>, SignFailure>;

impl Signer<'_> {
    fn authorize(
        &self,
        req: reqwest::RequestBuilder,
        method: &str,
        url: &str,
    ) -> Result<reqwest::RequestBuilder, SignFailure> {
        self.auth
            .authorize(req, Target { method, url })
            .map_err(SignFailure::Auth)
    }

    /// Freshly authorized GET.
    pub async fn get(&self, http: &Http, url: &str, cancel: &CancellationToken) -> Sent {
        let req = http.client().get(url).header("Accept", "application/json");
        let req = self.authorize(req, "GET", url)?;
        Ok(http.send(req, cancel).await)
    }

    /// Freshly authorized SuiteQL POST (`limit` is in the URL, hence signed; the JSON body is not).
    pub async fn suiteql(&self, http: &Http, origin: &str, cancel: &CancellationToken) -> Sent {
        let url = format!("{origin}{}?limit=1", endpoints::REST_SUITEQL);
        let body = serde_json::json!({ "q": SUITEQL_QUERY }).to_string();
        let req = http
            .client()
            .post(&url)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Prefer", "transient")
            .body(body);
        let req = self.authorize(req, "POST", &url)?;
        Ok(http.send(req, cancel).await)
    }

    /// SOAP `getServerTime` with this kind's authentication in the envelope.
    pub async fn soap_server_time(
        &self,
        http: &Http,
        origin: &str,
        cancel: &CancellationToken,
    ) -> Sent {
        let envelope = self.auth.soap_server_time().map_err(SignFailure::Auth)?;
        let url = format!("{origin}{}", endpoints::SOAP);
        let req = http
            .client()
            .post(&url)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "getServerTime")
            .body(envelope);
        Ok(http.send(req, cancel).await)
    }
}

/// Unauthenticated datacenterurls lookup (`&c=` added on the retry Oracle recommends after a
/// "Service Unavailable" page).
pub async fn lookup(
    http: &Http,
    origin: &str,
    realm: &str,
    with_c: bool,
    cancel: &CancellationToken,
) -> Result<Fetched, TransportFailure> {
    let mut url = format!("{origin}{}?account={realm}", endpoints::DATACENTER_URLS);
    if with_c {
        url.push_str(&format!("&c={realm}"));
    }
    let req = http.client().get(url).header("Accept", "application/json");
    http.send(req, cancel).await
}

/// What the datacenterurls body says about the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupBody {
    /// Hosts naming the account (the REST-ish one first, if any).
    Matches(Vec<String>),
    /// Hosts that do not name the account.
    Foreign(Vec<String>),
    /// Not the expected JSON.
    NotHosts,
}

/// Reads `{"restDomain","systemDomain","webservicesDomain"}` (keys matched case-insensitively)
/// and checks the hosts name `slug`.
pub fn read_lookup(body: &[u8], slug: &str) -> LookupBody {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return LookupBody::NotHosts;
    };
    let hosts: Vec<String> = map
        .iter()
        .filter(|(k, _)| k.to_ascii_lowercase().ends_with("domain"))
        .filter_map(|(_, v)| v.as_str())
        .map(|s| sanitize(s, 120))
        .collect();
    if hosts.is_empty() {
        return LookupBody::NotHosts;
    }
    let needle = slug.to_ascii_lowercase();
    if hosts.iter().any(|h| {
        let h = h.to_ascii_lowercase();
        let host = h.split("://").nth(1).unwrap_or(&h);
        host.split('.').next() == Some(needle.as_str())
    }) {
        LookupBody::Matches(hosts)
    } else {
        LookupBody::Foreign(hosts)
    }
}

/// `{"serverTime":"…"}` → the string.
pub fn read_server_time(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("serverTime")
        .and_then(Value::as_str)
        .map(|s| sanitize(s, 40))
}

/// "Who am I" from `/rest/tokeninfo`: every field whose key mentions company, role or entity
/// (case-insensitive; one level of nesting), as `key: value` lines.
pub fn read_token_info(body: &[u8]) -> Option<Vec<String>> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let mut out = Vec::new();
    fn walk(prefix: &str, v: &Value, depth: usize, out: &mut Vec<String>) {
        let Value::Object(map) = v else { return };
        for (k, val) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            let lower = k.to_ascii_lowercase();
            let interesting = ["company", "role", "entity", "account"]
                .iter()
                .any(|w| lower.contains(w));
            match val {
                Value::Object(_) if depth == 0 => walk(&key, val, 1, out),
                Value::String(s) if interesting => {
                    out.push(format!("{}: {}", sanitize(&key, 40), sanitize(s, 80)))
                }
                Value::Number(n) if interesting => out.push(format!("{}: {n}", sanitize(&key, 40))),
                _ => {}
            }
        }
    }
    walk("", &v, 0, &mut out);
    out.truncate(8);
    if out.is_empty() { None } else { Some(out) }
}

/// One line from [`read_token_info`] lines: the company, role and entity, names preferred to ids.
pub fn who_am_i(lines: &[String]) -> String {
    let key = |l: &str| l.split(':').next().unwrap_or("").to_ascii_lowercase();
    let pick = |word: &str| {
        let matching: Vec<&String> = lines.iter().filter(|l| key(l).contains(word)).collect();
        matching
            .iter()
            .find(|l| key(l).contains("name"))
            .or(matching.first())
            .map(|l| l.to_string())
    };
    let parts: Vec<String> = ["company", "role", "entity"]
        .iter()
        .filter_map(|w| pick(w))
        .collect();
    if parts.is_empty() {
        lines.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
    } else {
        parts.join(", ")
    }
}

/// True when a SOAP body is a getServerTime success (no fault, a response element present).
pub fn soap_succeeded(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    text.contains("getServerTimeResponse") && !text.contains("Fault>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_follow_base_url() {
        let a = AccountId::parse("1234567_SB1").unwrap();
        let o = Origins::new(&a, None);
        assert_eq!(o.rest, "https://1234567-sb1.suitetalk.api.netsuite.com");
        assert_eq!(o.restlet, "https://1234567-sb1.restlets.api.netsuite.com");
        assert_eq!(o.lookup, "https://rest.netsuite.com");
        let o = Origins::new(&a, Some("http://127.0.0.1:9/"));
        assert_eq!(o.rest, "http://127.0.0.1:9");
        assert_eq!(o.lookup, o.restlet);
    }

    #[test]
    fn lookup_body() {
        let ok = br#"{"restDomain":"https://1234567-sb1.restlets.api.netsuite.com","webservicesDomain":"https://1234567-sb1.suitetalk.api.netsuite.com","systemDomain":"https://1234567-sb1.app.netsuite.com"}"#;
        assert!(matches!(
            read_lookup(ok, "1234567-sb1"),
            LookupBody::Matches(_)
        ));
        assert!(matches!(read_lookup(ok, "1234567"), LookupBody::Foreign(_)));
        let generic = br#"{"restDomain":"https://rest.netsuite.com","systemDomain":"https://system.netsuite.com"}"#;
        assert!(matches!(
            read_lookup(generic, "1234567"),
            LookupBody::Foreign(_)
        ));
        assert_eq!(read_lookup(b"<html>", "x"), LookupBody::NotHosts);
        assert_eq!(read_lookup(b"{}", "x"), LookupBody::NotHosts);
    }

    #[test]
    fn token_info_is_read_leniently() {
        let body = br#"{"companyName":"Wolfe Electronics","companyId":"1234567_SB1","roleName":"Integration","roleId":1001,"entityId":"42","other":"x"}"#;
        let info = read_token_info(body).unwrap();
        assert!(info.contains(&"companyName: Wolfe Electronics".to_string()));
        assert!(info.contains(&"roleId: 1001".to_string()));
        assert!(info.iter().any(|l| l.starts_with("entityId")));
        assert!(!info.iter().any(|l| l.starts_with("other")));
        let nested = br#"{"data":{"COMPANY":"X","Role":"Y"}}"#;
        assert_eq!(
            read_token_info(nested).unwrap(),
            vec!["data.COMPANY: X".to_string(), "data.Role: Y".to_string()]
        );
        assert!(read_token_info(b"{}").is_none());
        assert_eq!(
            who_am_i(&read_token_info(body).unwrap()),
            "companyName: Wolfe Electronics, roleName: Integration, entityId: 42"
        );
        assert!(read_token_info(b"nope").is_none());
    }

    #[test]
    fn server_time_and_soap_success() {
        assert_eq!(
            read_server_time(br#"{"serverTime":"2025-03-26T16:21:00.000Z"}"#).as_deref(),
            Some("2025-03-26T16:21:00.000Z")
        );
        assert!(read_server_time(b"{}").is_none());
        assert!(soap_succeeded(
            b"<soapenv:Body><getServerTimeResponse><x/></getServerTimeResponse></soapenv:Body>"
        ));
        assert!(!soap_succeeded(b"<soapenv:Fault></soapenv:Fault>"));
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;

    #[test]
    fn who_am_i_takes_only_the_identity_fields_one_level_deep() {
        let body = br#"{"companyName":"Acme","tokenName":"nstba","status":"ACTIVE","roleId":3,
            "expiresIn":3600,
            "consumer":{"entityId":"4242","createdBy":"admin","deep":{"accountId":"X"}}}"#;
        assert_eq!(
            read_token_info(body).unwrap(),
            ["companyName: Acme", "consumer.entityId: 4242", "roleId: 3"],
            "other fields and a second level of nesting are left out"
        );
        assert!(read_token_info(br#"{"a":{"b":{"company":"X"}}}"#).is_none());
    }
}
