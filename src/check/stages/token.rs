//! The token stage: everything that must hold before the first authenticated request. For TBA
//! that is a non-empty set of credentials and a clock within NetSuite's window (otherwise every
//! signed request fails as InvalidTimestamp and counts as a failed login). The OAuth 2.0 kinds
//! then obtain their access token here (the `token-request` check), once, for the later stages:
//! a freshly signed client assertion POSTed to the token endpoint, the answer parsed tolerantly,
//! the token kept by the authenticator and hidden from everything recorded after.

use std::time::Instant;

use super::{Run, SkipReason, result, transport_summary};
use crate::check::classify::Kind;
use crate::check::diagnose::TokenOutcome;
use crate::check::model::{CheckId, CheckResult, Status};
use crate::net::http::{Fetched, TransportFailure};
use crate::netsuite::oauth2::{TokenClaims, claims, token};

pub(super) async fn run(r: &mut Run<'_>) {
    if r.credential_empty {
        r.stop = Some(SkipReason::CredentialEmpty);
    } else if r.skew_fail {
        r.stop = Some(SkipReason::ClockOff);
    } else if r.oauth2() {
        request(r).await;
    }
}

/// The `token-request` check.
async fn request(r: &mut Run<'_>) {
    let (Some(http), Some(origins), Some(auth)) = (&r.http, &r.origins, &r.auth) else {
        return;
    };
    let Some(src) = auth.token_source() else {
        return;
    };
    let url = format!("{}{}", origins.rest, token::TOKEN_PATH);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let body = src.token_request(&url, now);
    let authorization = src.token_request_authorization();
    let http = http.clone();
    let t = r.rec.start(CheckId::TokenRequest);
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let mut res = result(CheckId::TokenRequest, Status::Fail, t, "could not sign");
            res.details.push(e.to_string());
            r.rec.finish(res);
            r.facts.internal = Some(e.to_string());
            r.stop = Some(SkipReason::Unsigned);
            return;
        }
    };
    if let Some((_, assertion)) = body.expose().split_once("client_assertion=") {
        r.rec.hide(assertion, "[redacted assertion]");
    }
    let mut req = http
        .client()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body.expose().to_string());
    if let Some(a) = authorization {
        req = req.header("Authorization", a.expose());
    }
    match http.send(req, r.cancel).await {
        Err(tf) => lost(r, t, tf),
        Ok(f) => answered(r, t, &f),
    }
}

/// No usable answer: the run cannot go on.
fn lost(r: &mut Run<'_>, t: Instant, tf: TransportFailure) {
    if !r.transport_failed(CheckId::TokenRequest, t, &tf) {
        return;
    }
    let mut res = result(
        CheckId::TokenRequest,
        Status::Fail,
        t,
        transport_summary(&tf),
    );
    res.http_status = tf.status;
    res.details.push(tf.detail.clone());
    r.rec.finish(res);
    r.facts.transport = Some((CheckId::TokenRequest, tf));
    r.stop = Some(SkipReason::ServerStopped);
}

/// The token endpoint answered: a token (kept, decoded, hidden) or a refusal.
fn answered(r: &mut Run<'_>, t: Instant, f: &Fetched) {
    if let Some(d) = f.date {
        super::clock::note_skew(r, d, "Date header of the token endpoint");
    }
    let (res, outcome) = if (200..300).contains(&f.status) {
        granted(r, t, f)
    } else {
        // A refused assertion is a failed login in the Login Audit Trail: it counts.
        r.budget.record(Kind::LoginFailed);
        refused(t, f)
    };
    let ok = matches!(outcome, TokenOutcome::Granted { .. });
    r.rec.finish(res);
    if let Some(o) = r.facts.oauth2.as_mut() {
        o.token = outcome;
    }
    if !ok {
        r.stop = Some(SkipReason::NoToken);
    }
}

fn granted(r: &mut Run<'_>, t: Instant, f: &Fetched) -> (CheckResult, TokenOutcome) {
    let parsed = match token::parse_response(&f.body) {
        Ok(p) => p,
        Err(e) => {
            let mut res = result(CheckId::TokenRequest, Status::Fail, t, e.to_string());
            res.http_status = Some(f.status);
            let excerpt = crate::redact::sanitize(&String::from_utf8_lossy(&f.body), 120);
            res.details.push(format!("body: {excerpt}"));
            return (res, TokenOutcome::Unusable(e.to_string()));
        }
    };
    r.rec.hide(parsed.access_token.expose(), "[redacted token]");
    if let Some(rt) = &parsed.refresh_token {
        r.rec.hide(rt.expose(), "[redacted refresh token]");
    }
    if let Some(src) = r.auth.as_ref().and_then(|a| a.token_source()) {
        src.keep(&parsed);
    }
    let claims = claims::decode_unverified(&parsed.access_token).unwrap_or_default();
    let mut res = result(
        CheckId::TokenRequest,
        Status::Pass,
        t,
        format!("token issued ({})", who(&claims)),
    );
    res.http_status = Some(f.status);
    res.details = details(&claims, parsed.expires_in);
    (
        res,
        TokenOutcome::Granted {
            claims,
            expires_in: parsed.expires_in,
        },
    )
}

fn refused(t: Instant, f: &Fetched) -> (CheckResult, TokenOutcome) {
    let error = token::parse_error(&f.body);
    let code = error.as_ref().map(|e| e.error.clone());
    let summary = match &code {
        Some(c) => format!("refused: HTTP {} {c}", f.status),
        None => format!("refused: HTTP {}", f.status),
    };
    let mut res = result(CheckId::TokenRequest, Status::Fail, t, summary);
    res.http_status = Some(f.status);
    res.error_code = code;
    if let Some(d) = error.as_ref().and_then(|e| e.description.clone()) {
        res.details.push(format!("error_description: {d}"));
    }
    let www = f
        .www_authenticate
        .as_deref()
        .map(|w| crate::redact::sanitize(w, 120));
    if let Some(w) = &www {
        res.details.push(format!("WWW-Authenticate: {w}"));
    }
    let excerpt = if error.is_none() {
        crate::redact::sanitize(&String::from_utf8_lossy(&f.body), 120)
    } else {
        String::new()
    };
    if !excerpt.is_empty() {
        res.details.push(format!("body: {excerpt}"));
    }
    let outcome = TokenOutcome::Refused {
        status: f.status,
        error,
        www_authenticate: www,
        excerpt,
    };
    (res, outcome)
}

/// "role 1001, entity 4242, scopes rest_webservices, restlets".
fn who(c: &TokenClaims) -> String {
    let mut parts = Vec::new();
    if let Some(role) = &c.role {
        parts.push(format!("role {role}"));
    }
    if let Some(entity) = &c.entity {
        parts.push(format!("entity {entity}"));
    }
    if !c.scope.is_empty() {
        parts.push(format!("scopes {}", c.scope.join(", ")));
    }
    if parts.is_empty() {
        "its claims could not be read".into()
    } else {
        parts.join(", ")
    }
}

fn details(c: &TokenClaims, expires_in: u64) -> Vec<String> {
    let mut d = vec![format!("valid for {expires_in} s (kept for this run)")];
    if let Some(s) = &c.subject {
        d.push(format!("subject: {s}"));
    }
    if let Some(app) = &c.application {
        d.push(format!("application id: {app}"));
    }
    if let Some(acct) = &c.account {
        d.push(format!("account: {acct}"));
    }
    if let Some(exp) = c.expires {
        d.push(format!(
            "expires: {}",
            crate::netsuite::cert::checks::rfc3339(exp)
        ));
    }
    d.push("claims decoded without verifying NetSuite's signature".into());
    d
}

#[cfg(test)]
mod mutation_tests {
    use std::time::Duration;

    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    use crate::check::model::{CheckEvent, CheckId, Status};
    use crate::check::{Api, Settings, run_checks};
    use crate::emulator::demo;
    use crate::netsuite::endpoints;
    use crate::netsuite::oauth2::token::TOKEN_PATH;

    /// A token endpoint that never answers within the run's timeout: the token request fails on
    /// the transport, and nothing is sent after it (no golden scenario loses the token request).
    #[tokio::test]
    async fn a_token_endpoint_that_does_not_answer_stops_the_run() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let hosts = serde_json::json!({"restDomain": origin, "systemDomain": origin,
            "webservicesDomain": origin})
        .to_string();
        let app = axum::Router::new()
            .route(
                endpoints::DATACENTER_URLS,
                axum::routing::get(move || async move { (StatusCode::OK, hosts).into_response() }),
            )
            .route(
                TOKEN_PATH,
                axum::routing::post(|| async {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    StatusCode::OK
                }),
            );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let mut s = Settings::new(demo::ACCOUNT, crate::check::fixtures::demo_m2m());
        s.base_url = Some(origin);
        s.apis = vec![Api::Rest];
        s.timeout = Duration::from_millis(500);
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<CheckEvent>();
        let report = run_checks(&s, tx, tokio_util::sync::CancellationToken::new()).await;
        server.abort();
        let check = |id| report.checks.iter().find(|c| c.id == id).expect("reported");
        let token = check(CheckId::TokenRequest);
        assert_eq!(token.status, Status::Fail, "{token:?}");
        assert_eq!(token.http_status, None);
        assert!(!token.details.is_empty(), "{token:?}");
        assert_eq!(check(CheckId::RestLogin).status, Status::Skip);
        assert!(!report.ok);
    }
}
