//! The consumer-only probe: after every signed login of the run was refused, one
//! `POST /rest/requesttoken` (step one of the three-step flow) signed with the consumer key and
//! secret alone. It involves no token and no user, and NetSuite documents specific answers for
//! it (`UnknownIntegration`, `InvalidSignature`, `IntegrationBlocked`, `FeatureDisabled`,
//! `InvalidTimestamp`…, reference §5.5) — though whether a real account puts them in the body
//! or only answers the opaque `INVALID_LOGIN_ATTEMPT` is unknown, so the answer is used only as
//! far as it is specific (addendum §7 step 5).
//!
//! A success issues an unauthorized request token: it is read only to confirm it is one, never
//! shown, stored or authorized, and dropped at once (its secret is a zeroized [`Secret`]); an
//! unauthorized request token grants nothing and expires unused. The probe counts in the
//! failing-request budget like a login, in case NetSuite counts it.
//!
//! [`Secret`]: crate::Secret

use super::{Run, SkipReason, result, transport_summary};
use crate::check::classify::Kind;
use crate::check::credential_shape::cleaned_credentials;
use crate::check::diagnose::ConsumerFact;
use crate::check::model::{CheckId, Status};
use crate::net::http::Fetched;
use crate::netsuite::flow::{
    Consumer, FlowError, parse_error, parse_request_token, request_token_request,
};

/// The callback sent with the probe: a loopback address, as `nstba token request` uses (NetSuite
/// allows `http://localhost` callbacks since 2020.1). Nothing listens there: the request token is
/// never authorized.
pub const PROBE_CALLBACK: &str = "http://localhost/nstba-consumer-probe";

/// True when the run's refused logins leave causes the probe can split: TBA credentials, at
/// least one refused login and no signed request that passed.
fn useful(r: &Run<'_>) -> bool {
    r.settings.credentials.tba().is_some()
        && !r.facts.login_proven()
        && r.facts
            .probes
            .iter()
            .any(|p| p.obs.kind == Kind::LoginFailed)
}

pub(super) async fn run(r: &mut Run<'_>) {
    if !useful(r) || r.cancel.is_cancelled() {
        return;
    }
    if r.budget.spent() {
        r.rec
            .skip(CheckId::ConsumerProbe, &SkipReason::Lockout.to_string());
        return;
    }
    let (Some(http), Some(origins), Some(account), Some(tba)) = (
        r.http.as_ref(),
        r.origins.as_ref(),
        r.account.as_ref(),
        r.settings.credentials.tba(),
    ) else {
        return;
    };
    let cleaned = cleaned_credentials(tba);
    let realm = account.realm();
    let mut consumer = Consumer::new(
        cleaned.consumer_key.expose(),
        cleaned.consumer_secret.expose(),
    );
    consumer.realm = Some(&realm);
    let t = r.rec.start(CheckId::ConsumerProbe);
    let request = match request_token_request(&origins.restlet, &consumer, PROBE_CALLBACK, None) {
        Ok(req) => req,
        Err(e) => {
            let res = result(CheckId::ConsumerProbe, Status::Skip, t, e.to_string());
            r.rec.finish(res);
            return;
        }
    };
    let url = request.url.clone();
    let req = http
        .client()
        .post(&request.url)
        .header("Accept", "application/json")
        .header("Authorization", request.authorization);
    let answer = http.send(req, r.cancel).await;
    let mut res = match answer {
        Ok(f) => judge(r, t, &f),
        Err(tf) => {
            r.facts.consumer = ConsumerFact::Inconclusive(transport_summary(&tf));
            result(
                CheckId::ConsumerProbe,
                Status::Warn,
                t,
                transport_summary(&tf),
            )
        }
    };
    res.details
        .insert(0, format!("POST {url} (consumer key and secret only)"));
    r.rec.finish(res);
}

/// Reads the answer into the facts and the check result; a refusal is counted in the budget.
fn judge(r: &mut Run<'_>, t: std::time::Instant, f: &Fetched) -> crate::check::model::CheckResult {
    let body = String::from_utf8_lossy(&f.body);
    let id = CheckId::ConsumerProbe;
    if (200..300).contains(&f.status) {
        return match parse_request_token(&body) {
            Ok(token) => {
                // Never shown, stored or authorized: dropped here, its secret zeroized.
                drop(token);
                r.facts.consumer = ConsumerFact::Accepted;
                let mut res = result(
                    id,
                    Status::Pass,
                    t,
                    "consumer key and secret accepted (request token issued, dropped unused)",
                );
                res.http_status = Some(f.status);
                res
            }
            Err(e) => {
                r.facts.consumer = ConsumerFact::Inconclusive(format!("HTTP {}: {e}", f.status));
                let mut res = result(id, Status::Warn, t, format!("unexpected answer: {e}"));
                res.http_status = Some(f.status);
                res
            }
        };
    }
    r.budget.record_refused();
    let mut res = match parse_error(f.status, &body) {
        FlowError::Refused { status, code, .. } => {
            r.facts.consumer = ConsumerFact::Refused(code.clone());
            let mut res = result(
                id,
                Status::Fail,
                t,
                format!("refused: HTTP {status} {code}"),
            );
            res.error_code = Some(code);
            res
        }
        other => {
            let code = serde_json::from_slice::<serde_json::Value>(&f.body)
                .ok()
                .and_then(|v| v["error"]["code"].as_str().map(str::to_string));
            let seen = match &code {
                Some(c) => format!("HTTP {} {c}", f.status),
                None => format!("HTTP {}", f.status),
            };
            r.facts.consumer = ConsumerFact::Inconclusive(seen.clone());
            let mut res = result(
                id,
                Status::Fail,
                t,
                format!("refused without naming a cause: {seen}"),
            );
            res.error_code = code;
            res.details.push(other.to_string());
            res
        }
    };
    res.http_status = Some(f.status);
    res
}
