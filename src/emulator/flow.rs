//! The three-step authorization flow: `POST /rest/requesttoken`, the consent page at
//! `/app/login/secure/authorizetoken.nl`, `POST /rest/accesstoken`, and `GET /rest/revoketoken`.
//!
//! NetSuite documents the flow's error codes only as Login Audit Trail Detail values (reference
//! §5.5, addendum §1); what the client receives is unknown [U]. The emulator answers with the
//! RESTlet envelope `{"error":{"code":<the §5.5 code>,"message":…}}` with
//! [`super::options::FlowErrors::Specific`] (what partner clients parse), and by default the plain
//! `INVALID_LOGIN_ATTEMPT`; the exact code always goes to the audit trail. The order of the checks is also
//! undocumented; we check the header, then the integration record, then time, nonce and signature.
//!
//! The consent page stands in for NetSuite's login + Allow/Deny screen: there is no login (the
//! demo user is "signed in"). A browser shows two links; a test completes it with one GET by
//! adding `&decision=allow` (or `deny`), which redirects to the callback.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Response, StatusCode, header};
use rand::RngExt as _;

use super::model::{AccessToken, IntegrationRecord, IntegrationState};
use super::oauth_header::OAuthHeader;
use super::options::FlowErrors;
use super::responses::{self, RestletFormat, restlet_error, restlet_unauthorized};
use super::server::{Outcome, Req, Shared, login_oauth};
use super::signature::{collect_params, oauth_base_string, request_url, signature_matches};
use super::verify::{Interface, TIMESTAMP_WINDOW_SECS};
use crate::Secret;
use crate::netsuite::encode::percent_encode;
use crate::netsuite::endpoints::{ACCESS_TOKEN, REQUEST_TOKEN, REVOKE_TOKEN};

/// A request token between step one and step three.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    consumer_key: String,
    secret: Secret,
    callback: String,
    role: u32,
    /// Set when the user clicks Allow.
    verifier: Option<String>,
    /// Set when step three exchanged it: a verifier works once.
    exchanged: bool,
}

/// Request tokens issued by this emulator (cleared on a scenario switch). At most
/// [`PENDING_MAX`] are kept, each for at most [`PENDING_TTL`]: a client that asks for tokens in a
/// loop and never finishes cannot grow the emulator.
#[derive(Debug, Default)]
pub(crate) struct FlowState {
    pending: HashMap<String, Pending>,
    issued: VecDeque<(String, Instant)>,
}

/// Most request tokens pending at once.
pub const PENDING_MAX: usize = 1_000;
/// How long a request token stays usable (NetSuite's live a few minutes).
pub const PENDING_TTL: Duration = Duration::from_secs(15 * 60);

impl FlowState {
    /// Forgets every request token.
    pub fn clear(&mut self) {
        self.pending.clear();
        self.issued.clear();
    }

    /// Adds a request token, first dropping expired ones and, when full, the oldest.
    fn add(&mut self, token: String, p: Pending, now: Instant) {
        while let Some((_, at)) = self.issued.front() {
            if now.duration_since(*at) < PENDING_TTL && self.issued.len() < PENDING_MAX {
                break;
            }
            if let Some((old, _)) = self.issued.pop_front() {
                self.pending.remove(&old);
            }
        }
        self.issued.push_back((token.clone(), now));
        self.pending.insert(token, p);
    }

    /// How many request tokens are pending.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pending.len()
    }
}

/// 64 lowercase hex characters, like NetSuite's ids and secrets.
pub(super) fn hex64() -> String {
    let mut rng = rand::rng();
    (0..64)
        .map(|_| char::from_digit(rng.random_range(0..16u32), 16).unwrap_or('0'))
        .collect()
}

/// Whether `callback` matches the record's Callback URL. A trailing `:*` in the record allows any
/// port; the emulator treats `localhost` and `127.0.0.1` as the same loopback host (leniency of
/// the emulator, not a documented NetSuite rule [U]).
pub fn callback_allowed(record: Option<&str>, callback: &str) -> bool {
    let Some(record) = record else { return false };
    if record == callback {
        return true;
    }
    let Ok(cb) = url::Url::parse(callback) else {
        return false;
    };
    let Some(prefix) = record.strip_suffix(":*") else {
        // A path after the port wildcard is not supported by the emulator.
        return false;
    };
    let Ok(rec) = url::Url::parse(&format!("{prefix}/")) else {
        return false;
    };
    let loopback = |h: &str| h == "localhost" || h == "127.0.0.1";
    let host_ok = match (rec.host_str(), cb.host_str()) {
        (Some(a), Some(b)) => a == b || (loopback(a) && loopback(b)),
        _ => false,
    };
    rec.scheme() == cb.scheme() && host_ok
}

/// A refusal: answered with the RESTlet envelope carrying the §5.5 code, logged with that code.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl From<Refusal> for Outcome {
    fn from(r: Refusal) -> Outcome {
        Outcome::logged(
            restlet_error(r.status, RestletFormat::Json, r.code, &r.message),
            Interface::Restlet,
            Some(r.code),
            None,
        )
    }
}

fn refuse(status: StatusCode, code: &'static str, message: String) -> Refusal {
    Refusal {
        status,
        code,
        message,
    }
}

fn unauthorized(code: &'static str) -> Refusal {
    refuse(StatusCode::UNAUTHORIZED, code, code.to_string())
}

/// The checks shared by steps one and three before the signature: header, version, algorithm,
/// feature, integration record.
fn common(
    shared: &Shared,
    req: &Req,
    required: &[&'static str],
) -> Result<(OAuthHeader, IntegrationRecord), Refusal> {
    let raw = req.header(header::AUTHORIZATION).unwrap_or("");
    let parsed = OAuthHeader::parse(raw).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            "The OAuth Authorization header is missing or malformed.".into(),
        )
    })?;
    if let Err(e) = parsed.require(required) {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            e.to_string(),
        ));
    }
    if parsed.get("oauth_version").is_some_and(|v| v != "1.0") {
        return Err(unauthorized("VersionRejected"));
    }
    if parsed.get("oauth_signature_method") != Some("HMAC-SHA256") {
        return Err(unauthorized("UnknownAlgorithm"));
    }
    let model = shared.model();
    if !model.features.token_based_authentication {
        return Err(unauthorized("FeatureDisabled"));
    }
    let ck = parsed.get("oauth_consumer_key").unwrap_or("");
    let Some(record) = model.integration(ck).cloned() else {
        return Err(unauthorized("UnknownIntegration"));
    };
    if record.state != IntegrationState::Enabled {
        return Err(unauthorized("IntegrationBlocked"));
    }
    if !record.tba || !record.tba_authorization_flow {
        return Err(unauthorized("AuthorizationFlowRequired"));
    }
    Ok((parsed, record))
}

/// Timestamp window, nonce length and signature under `consumer_secret&token_secret`.
fn time_nonce_signature(
    shared: &Shared,
    req: &Req,
    parsed: &OAuthHeader,
    consumer_secret: &str,
    token_secret: &str,
) -> Result<(), Refusal> {
    let ts: Option<i64> = parsed
        .get("oauth_timestamp")
        .filter(|t| t.len() <= 12 && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse().ok());
    if ts.is_none_or(|t| (shared.now() - t).abs() > TIMESTAMP_WINDOW_SECS) {
        return Err(unauthorized("InvalidTimestamp"));
    }
    let nonce = parsed.get("oauth_nonce").unwrap_or("");
    if nonce.chars().count() < 6 {
        return Err(unauthorized("NonceRejected"));
    }
    let url = request_url(
        req.header(header::HOST),
        &req.path,
        shared.options.assume_https,
    )
    .ok_or_else(|| unauthorized("InvalidSignature"))?;
    let params = collect_params(
        req.query.as_deref(),
        parsed.signed_params(),
        req.header(header::CONTENT_TYPE),
        &req.body,
    );
    let base = oauth_base_string(req.method.as_str(), &url, &params);
    let sig = parsed.get("oauth_signature").unwrap_or("");
    if !signature_matches(&base, consumer_secret, token_secret, sig) {
        return Err(unauthorized("InvalidSignature"));
    }
    let ck = parsed.get("oauth_consumer_key").unwrap_or("");
    let ts = parsed.get("oauth_timestamp").unwrap_or("");
    let token = parsed.get("oauth_token").unwrap_or("");
    // Step one has no token: the replay key is per consumer key instead.
    let key = format!("{ck}/{token}");
    if !shared.lock().replay.insert(&key, nonce, ts) {
        return Err(unauthorized("NonceUsed"));
    }
    Ok(())
}

/// Whether `path` is one of the token endpoints this module serves.
pub(crate) fn is_token_endpoint(path: &str) -> bool {
    matches!(path, REQUEST_TOKEN | ACCESS_TOKEN | REVOKE_TOKEN)
}

/// `/rest/requesttoken`, `/rest/accesstoken`, `/rest/revoketoken`.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    let path = req.path.as_str();
    let method_ok = match path {
        REQUEST_TOKEN | ACCESS_TOKEN => req.method == Method::POST,
        REVOKE_TOKEN => req.method == Method::GET,
        _ => false,
    };
    if !method_ok {
        // An empty 405, like the one Celigo maps to "account may not support the flow".
        return Outcome::plain(responses::with_body(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "",
        ));
    }
    let mut outcome = match path {
        REQUEST_TOKEN => request_token(shared, req),
        ACCESS_TOKEN => access_token(shared, req),
        _ => revoke(shared, req),
    };
    // Generic flow errors (the default, see `FlowErrors`): every 401 says only
    // INVALID_LOGIN_ATTEMPT; the exact code stays in the audit trail.
    if shared.options.flow_errors == FlowErrors::Generic
        && outcome.response.status() == StatusCode::UNAUTHORIZED
    {
        outcome.response = restlet_unauthorized(RestletFormat::Json);
    }
    outcome
}

const STEP_ONE_REQUIRED: [&str; 5] = [
    "oauth_consumer_key",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_signature",
];

fn request_token(shared: &Shared, req: &Req) -> Outcome {
    let (parsed, record) = match common(shared, req, &STEP_ONE_REQUIRED) {
        Ok(x) => x,
        Err(r) => return r.into(),
    };
    let Some(callback) = parsed.get("oauth_callback").map(str::to_string) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            "oauth_callback is required.".into(),
        )
        .into();
    };
    if let Err(r) = time_nonce_signature(shared, req, &parsed, record.consumer_secret.expose(), "")
    {
        return r.into();
    }
    if !callback_allowed(record.callback_url.as_deref(), &callback) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "InvalidCallback",
            format!("InvalidCallback {callback}"),
        )
        .into();
    }
    let model = shared.model();
    let Some(user) = model.users.first() else {
        return unauthorized("EntityOrRoleDisabled").into();
    };
    let role = match parsed.get("role") {
        Some(r) => match r.parse::<u32>() {
            Ok(id) if user.roles.contains(&id) => id,
            _ => return unauthorized("EntityOrRoleDisabled").into(),
        },
        None => match user.roles.first() {
            Some(r) => *r,
            None => return unauthorized("EntityOrRoleDisabled").into(),
        },
    };
    let token = hex64();
    let secret = hex64();
    let mut body =
        format!("oauth_token={token}&oauth_token_secret={secret}&oauth_callback_confirmed=true");
    if let Some(r) = parsed.get("role") {
        body.push_str(&format!("&role={}", percent_encode(r)));
    }
    // NetSuite's answer ends with a newline (seen live, addendum §1).
    body.push('\n');
    shared.lock().flow.add(
        token,
        Pending {
            consumer_key: record.consumer_key.expose().to_string(),
            secret: Secret::new(secret),
            callback,
            role,
            verifier: None,
            exchanged: false,
        },
        Instant::now(),
    );
    Outcome::logged(
        responses::with_body(
            StatusCode::OK,
            "application/x-www-form-urlencoded; charset=utf-8",
            body,
        ),
        Interface::Restlet,
        None,
        Some("request token issued (flow step one)".into()),
    )
}

const STEP_THREE_REQUIRED: [&str; 7] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_verifier",
    "oauth_signature_method",
    "oauth_nonce",
    "oauth_timestamp",
    "oauth_signature",
];

fn access_token(shared: &Shared, req: &Req) -> Outcome {
    let (parsed, record) = match common(shared, req, &STEP_THREE_REQUIRED) {
        Ok(x) => x,
        Err(r) => return r.into(),
    };
    let token = parsed.get("oauth_token").unwrap_or("").to_string();
    let pending = shared.lock().flow.pending.get(&token).cloned();
    let Some(pending) =
        pending.filter(|p| p.consumer_key == record.consumer_key.expose() && p.verifier.is_some())
    else {
        return unauthorized("TokenRejected").into();
    };
    if let Err(r) = time_nonce_signature(
        shared,
        req,
        &parsed,
        record.consumer_secret.expose(),
        pending.secret.expose(),
    ) {
        return r.into();
    }
    let verifier = parsed.get("oauth_verifier").unwrap_or("");
    if pending.exchanged || pending.verifier.as_deref() != Some(verifier) {
        return unauthorized("InvalidVerifier").into();
    }
    let id = hex64();
    let secret = hex64();
    {
        let mut s = shared.lock();
        if let Some(p) = s.flow.pending.get_mut(&token) {
            p.exchanged = true;
        }
        let user = s.model.users.first().map(|u| u.id).unwrap_or_default();
        let n = s.model.tokens.len() + 1;
        s.model.tokens.push(AccessToken {
            name: format!("{} (authorization flow #{n})", record.name),
            id: Secret::new(id.clone()),
            secret: Secret::new(secret.clone()),
            consumer_key: record.consumer_key.clone(),
            user,
            role: pending.role,
            active: true,
        });
    }
    Outcome::logged(
        responses::with_body(
            StatusCode::OK,
            "application/x-www-form-urlencoded; charset=utf-8",
            format!("oauth_token={id}&oauth_token_secret={secret}\n"),
        ),
        Interface::Restlet,
        None,
        Some("access token issued (flow step three)".into()),
    )
}

fn revoke(shared: &Shared, req: &Req) -> Outcome {
    let login = login_oauth(shared, req, Interface::Restlet);
    if let Err(detail) = login {
        return Outcome::logged(
            restlet_unauthorized(RestletFormat::Json),
            Interface::Restlet,
            Some(detail),
            None,
        );
    }
    let (Some(ck), Some(token)) = (req.query_param("consumerKey"), req.query_param("token")) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "MissingRequiredParameter",
            "consumerKey and token are required.".into(),
        )
        .into();
    };
    let mut s = shared.lock();
    let found = s
        .model
        .tokens
        .iter_mut()
        .find(|t| t.id.expose() == token && t.consumer_key.expose() == ck);
    match found {
        Some(t) => {
            t.active = false;
            drop(s);
            // The success body is undocumented (addendum §2); Celigo ignores it.
            Outcome::logged(
                responses::with_body(StatusCode::OK, "text/plain; charset=utf-8", ""),
                Interface::Restlet,
                None,
                Some("token revoked".into()),
            )
        }
        None => {
            drop(s);
            unauthorized("TokenRejected").into()
        }
    }
}

fn html(status: StatusCode, body: String) -> Response<Body> {
    responses::with_body(status, "text/html; charset=utf-8", body)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The consent page (flow step two). Not a login: the emulator's demo user is signed in.
pub(crate) fn consent(shared: &Shared, req: &Req) -> Outcome {
    let token = req.query_param("oauth_token").unwrap_or_default();
    let state = req.query_param("state").unwrap_or_default();
    let pending = shared.lock().flow.pending.get(&token).cloned();
    let Some(pending) = pending.filter(|p| p.verifier.is_none() && !p.exchanged) else {
        return Outcome::plain(html(
            StatusCode::BAD_REQUEST,
            "<!doctype html><title>NetSuite (emulated)</title><p>This authorization request is unknown or was already used. Start again from your application.</p>".into(),
        ));
    };
    let model = shared.model();
    let decision = req.query_param("decision");
    let Some(decision) = decision else {
        let base = format!(
            "?oauth_token={}&state={}",
            percent_encode(&token),
            percent_encode(&state)
        );
        let app = model
            .integrations
            .iter()
            .find(|i| i.consumer_key.expose() == pending.consumer_key)
            .map(|i| i.name.clone())
            .unwrap_or_default();
        let role = model
            .role(pending.role)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        return Outcome::plain(html(
            StatusCode::OK,
            format!(
                "<!doctype html><title>Authorize {app} (emulated NetSuite)</title>\
                 <h1>{app} wants to access {company}</h1>\
                 <p>Role: {role}. This is the nstba emulator's stand-in for NetSuite's consent page.</p>\
                 <p><a href=\"{base}&amp;decision=allow\">Allow</a> &nbsp; <a href=\"{base}&amp;decision=deny\">Deny</a></p>",
                app = escape(&app),
                company = escape(&model.company_name),
                role = escape(&role),
                base = escape(&base),
            ),
        ));
    };
    let allow = decision.eq_ignore_ascii_case("allow");
    let verifier = if allow { hex64() } else { String::new() };
    {
        let mut s = shared.lock();
        if allow {
            if let Some(p) = s.flow.pending.get_mut(&token) {
                p.verifier = Some(verifier.clone());
            }
        } else {
            // Deny ends this request token.
            s.flow.pending.remove(&token);
        }
    }
    let entity = model.users.first().map(|u| u.id).unwrap_or_default();
    let sep = if pending.callback.contains('?') {
        '&'
    } else {
        '?'
    };
    let location = format!(
        "{}{sep}oauth_token={}&oauth_verifier={}&company={}&role={}&entity={}&state={}",
        pending.callback,
        percent_encode(&token),
        verifier,
        percent_encode(&model.account.realm()),
        pending.role,
        entity,
        percent_encode(&state),
    );
    let mut resp = html(
        StatusCode::FOUND,
        format!(
            "<!doctype html><p>Redirecting to <a href=\"{0}\">{0}</a></p>",
            escape(&location)
        ),
    );
    if let Ok(v) = location.parse() {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Outcome::plain(resp)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pending_request_tokens_are_bounded() {
        let mut f = FlowState::default();
        let p = Pending {
            consumer_key: "ck".into(),
            secret: Secret::new("s".into()),
            callback: "http://localhost".into(),
            role: 3,
            verifier: None,
            exchanged: false,
        };
        let t0 = Instant::now();
        for i in 0..PENDING_MAX + 50 {
            f.add(i.to_string(), p.clone(), t0);
        }
        assert_eq!(f.len(), PENDING_MAX);
        f.add("late".into(), p, t0 + PENDING_TTL);
        assert_eq!(f.len(), 1);
    }

    use super::*;

    #[test]
    fn callback_patterns() {
        let rec = Some("http://localhost:*");
        assert!(callback_allowed(rec, "http://localhost:5000/callback"));
        assert!(callback_allowed(rec, "http://127.0.0.1:41234/callback"));
        assert!(!callback_allowed(rec, "https://localhost:5000/"));
        assert!(!callback_allowed(rec, "http://evil.example.com:5000/"));
        assert!(!callback_allowed(None, "http://localhost:5000/"));
        assert!(callback_allowed(
            Some("https://my.example.com/cb"),
            "https://my.example.com/cb"
        ));
        assert!(!callback_allowed(
            Some("https://my.example.com/cb"),
            "https://my.example.com/other"
        ));
    }
}
