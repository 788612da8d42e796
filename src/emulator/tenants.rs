//! Several emulated accounts behind one origin (support staff test many customers at once).
//! Clients reach the emulator with `--base-url`, which sends every call of every account to the
//! same origin, so the `Host` no longer names the account; each request is routed to its account
//! by what it carries, in this order: a NetSuite host name in `Host`
//! (`<slug>.suitetalk.api.netsuite.com`, for a proxy that keeps it), the `account=` query
//! parameter (the account lookup; the debug routes), the OAuth 1.0a `realm`, the access token or
//! consumer key, the realm inside an OAuth 2.0 Bearer token, the client id (`iss`) of a client
//! assertion, and a SOAP token passport's `<account>`. Anything unrouted is answered like the
//! first account, from state of its own (its concurrency slots are not the account's). With one
//! account every request goes to it: single-account behaviour is unchanged.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::header;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::oauth_header::OAuthHeader;
use super::options::EmulatorOptions;
use super::server::{Req, Shared};
use super::{Scenario, demo};
use crate::netsuite::AccountId;

/// One account of a multi-account emulator: its id and the scenario it plays. Its credentials
/// are [`demo::credentials_for`] its realm (the consumer key doubles as the OAuth 2.0 client id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    /// The account.
    pub account: AccountId,
    /// What it plays.
    pub scenario: Scenario,
}

impl AccountSpec {
    /// Parses `ACCOUNT=SCENARIO` (`1000001=healthy`; a bare account plays `healthy`).
    pub fn parse(raw: &str) -> Result<AccountSpec, String> {
        let (id, scenario) = raw.split_once('=').unwrap_or((raw, "healthy"));
        let account = AccountId::parse(id.trim()).map_err(|e| format!("{:?}: {e}", id.trim()))?;
        let scenario = Scenario::from_name(scenario.trim())
            .ok_or_else(|| format!("{:?} is not a scenario", scenario.trim()))?;
        Ok(AccountSpec { account, scenario })
    }

    /// The account's credentials.
    pub fn credentials(&self) -> crate::netsuite::Credentials {
        demo::credentials_for(&self.account.realm())
    }
}

/// The accounts served, with the keys requests are routed by.
pub(crate) struct Tenants {
    /// Every account's state, in the order given.
    all: Vec<Arc<Shared>>,
    /// What answers a request no account claims (the reachability probe's `GET /`, a lookup
    /// of an unknown account): the first account's setup, with its own concurrency slots and
    /// audit trail, so one account's limit is not spent by other accounts' probes.
    unrouted: Option<Arc<Shared>>,
    /// Canonical realm → account.
    by_realm: HashMap<String, usize>,
    /// Consumer key (client id) or token id → account.
    by_key: HashMap<String, usize>,
}

impl Tenants {
    /// One account: every request goes to it.
    pub fn single(shared: Arc<Shared>) -> Tenants {
        Tenants {
            all: vec![shared],
            unrouted: None,
            by_realm: HashMap::new(),
            by_key: HashMap::new(),
        }
    }

    /// Several accounts, each with its own state (model, scenario, audit trail, replay cache,
    /// concurrency slots).
    pub fn many(
        specs: &[AccountSpec],
        options: &EmulatorOptions,
        latency: Option<Duration>,
    ) -> Tenants {
        let mut t = Tenants {
            all: Vec::with_capacity(specs.len()),
            unrouted: None,
            by_realm: HashMap::new(),
            by_key: HashMap::new(),
        };
        for (i, spec) in specs.iter().enumerate() {
            let creds = spec.credentials();
            t.by_realm.insert(spec.account.realm(), i);
            t.by_key.insert(creds.consumer_key.expose().to_string(), i);
            t.by_key.insert(creds.token_id.expose().to_string(), i);
            let mut options = options.clone();
            options.model = None;
            t.all.push(Arc::new(Shared::for_account(
                spec.scenario,
                options,
                latency,
                (spec.account.clone(), creds),
            )));
        }
        t.unrouted = specs.first().map(|spec| {
            let mut options = options.clone();
            options.model = None;
            Arc::new(Shared::for_account(
                spec.scenario,
                options,
                latency,
                (spec.account.clone(), spec.credentials()),
            ))
        });
        t
    }

    /// The first account (the one `Emulator::scenario` and the audit trail speak of).
    pub fn first(&self) -> &Arc<Shared> {
        &self.all[0]
    }

    /// Every account's audit trail, in order.
    pub fn audit_trails(&self) -> Vec<Vec<super::AuditEntry>> {
        self.all.iter().map(|s| s.audit_trail()).collect()
    }

    /// The account `req` is for.
    pub fn pick(&self, req: &Req) -> &Arc<Shared> {
        match &self.unrouted {
            Some(nobody) => self.route(req).map_or(nobody, |i| &self.all[i]),
            None => self.first(),
        }
    }

    fn realm(&self, raw: &str) -> Option<usize> {
        let id = AccountId::parse(raw.trim()).ok()?;
        self.by_realm.get(&id.realm()).copied()
    }

    fn route(&self, req: &Req) -> Option<usize> {
        let host = req.header(header::HOST).unwrap_or("");
        let slug = host
            .split_once('.')
            .filter(|(_, rest)| rest.ends_with("netsuite.com"));
        if let Some(i) = slug.and_then(|(s, _)| self.realm(s)) {
            return Some(i);
        }
        if let Some(i) = req.query_param("account").and_then(|a| self.realm(&a)) {
            return Some(i);
        }
        let auth = req.header(header::AUTHORIZATION).unwrap_or("");
        if let Some(token) = super::oauth2::bearer::token(auth) {
            // `aud[0]` is "APPLICATION;ACCOUNT" in the tokens this emulator issues.
            let claims = unverified_claims(token)?;
            let aud = claims["aud"][0].as_str()?;
            return self.realm(aud.rsplit_once(';')?.1);
        }
        if let Ok(h) = OAuthHeader::parse(auth) {
            let by = |k: &str| h.get(k).and_then(|v| self.by_key.get(v).copied());
            return h
                .get("realm")
                .and_then(|r| self.realm(r))
                .or_else(|| by("oauth_token"))
                .or_else(|| by("oauth_consumer_key"));
        }
        self.route_body(req)
    }

    /// A client assertion's client id, else a SOAP passport's account.
    fn route_body(&self, req: &Req) -> Option<usize> {
        let body = std::str::from_utf8(&req.body).ok()?;
        let form = crate::netsuite::encode::parse_form(body);
        if let Some((_, jwt)) = form.iter().find(|(k, _)| k == "client_assertion") {
            let claims = unverified_claims(jwt)?;
            return self.by_key.get(claims["iss"].as_str()?).copied();
        }
        let soap = super::soap_request::parse(body).ok()?;
        let passport = soap.passports.into_iter().next()?;
        passport
            .account
            .as_deref()
            .and_then(|a| self.realm(a))
            .or_else(|| {
                passport
                    .token
                    .as_deref()
                    .and_then(|t| self.by_key.get(t).copied())
            })
    }
}

/// The claims of a JWT, read without verifying it (only to route; the account then verifies).
fn unverified_claims(jwt: &str) -> Option<serde_json::Value> {
    let payload = jwt.trim().split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        let s = AccountSpec::parse("1000001=revoked-token").unwrap();
        assert_eq!(s.account.realm(), "1000001");
        assert_eq!(s.scenario, Scenario::RevokedToken);
        assert_eq!(
            AccountSpec::parse("1000002_SB1").unwrap().scenario,
            Scenario::Healthy
        );
        assert!(
            AccountSpec::parse("1000001=nope")
                .unwrap_err()
                .contains("nope")
        );
        assert!(AccountSpec::parse("not an id=healthy").is_err());
    }

    #[test]
    fn each_account_has_its_own_credentials() {
        let a = AccountSpec::parse("1000001").unwrap().credentials();
        let b = AccountSpec::parse("1000002").unwrap().credentials();
        assert_ne!(a.consumer_key.expose(), b.consumer_key.expose());
        assert_eq!(a.token_secret.expose().len(), 64);
    }
}
