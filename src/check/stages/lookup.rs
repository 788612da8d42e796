//! The account lookup: sets up the HTTP client, then asks NetSuite's datacenterurls (no
//! authentication) whether it knows the account, retrying once with `&c=` after "Service
//! Unavailable" as Oracle recommends. Sending ([`fetch`]) and recording ([`apply`]) are apart so
//! the [`network`](super::network) stage can send it beside the reachability check.

use tokio_util::sync::CancellationToken;

use super::{Run, SkipReason, result, transport_summary};
use crate::check::classify::{Stack, classify};
use crate::check::diagnose::LookupFact;
use crate::check::model::{CheckId, Status};
use crate::check::probes::{self, LookupBody, Origins};
use crate::check::settings::BODY_CAP;
use crate::net::http::{Fetched, Http, TransportFailure};
use crate::netsuite::AccountId;

const DATE_SOURCE: &str = "Date header of the account lookup";

/// Sets up the HTTP client and the origins the run talks to; false (and the run stopped) when
/// the client cannot be built.
pub(super) fn setup(r: &mut Run<'_>, account: &AccountId) -> bool {
    let http = match &r.settings.http {
        Some(h) => Ok(h.clone()),
        None => Http::new(r.settings.timeout, BODY_CAP),
    };
    match http {
        Ok(h) => {
            r.http = Some(h);
            r.origins = Some(Origins::new(account, r.settings.base_url.as_deref()));
            true
        }
        Err(e) => {
            r.facts.internal = Some(e.clone());
            r.stop = Some(SkipReason::Internal(e));
            false
        }
    }
}

/// The lookup's answer, as it arrived.
pub(super) type Answer = super::Timed<Result<Fetched, TransportFailure>>;

/// Sends the lookup (and its one retry); touches nothing of the run, so it can run beside the
/// reachability check.
pub(super) async fn fetch(
    http: &Http,
    origins: &Origins,
    account: &AccountId,
    cancel: &CancellationToken,
) -> Answer {
    super::Timed::of(async {
        let realm = account.realm();
        let mut answer = probes::lookup(http, &origins.lookup, &realm, false, cancel).await;
        if let Ok(f) = &answer
            && unavailable(f)
            && !cancel.is_cancelled()
        {
            answer = probes::lookup(http, &origins.lookup, &realm, true, cancel).await;
        }
        answer
    })
    .await
}

/// Records the lookup's answer: the check, the facts, and a stop when going on is pointless.
pub(super) fn apply(r: &mut Run<'_>, account: &AccountId, a: Answer) {
    let t = a.started(r.rec.start(CheckId::AccountLookup));
    match a.value {
        Err(tf) => {
            if !r.transport_failed(CheckId::AccountLookup, t, &tf) {
                return;
            }
            r.date_seen_at(tf.date, a.arrived, DATE_SOURCE);
            if r.settings.base_url.is_some() {
                // Every call goes to the same origin: no point going on.
                let mut res = result(
                    CheckId::AccountLookup,
                    Status::Fail,
                    t,
                    transport_summary(&tf),
                );
                res.details.push(tf.detail.clone());
                r.rec.finish(res);
                r.facts.transport = Some((CheckId::AccountLookup, tf));
                r.stop = Some(SkipReason::ServerUnreachable);
            } else {
                // The lookup host is not the account's host: note it, and let the account's own
                // hosts decide whether the network is the problem.
                let mut res = result(
                    CheckId::AccountLookup,
                    Status::Warn,
                    t,
                    format!("inconclusive: {}", transport_summary(&tf)),
                );
                res.details.push(tf.detail.clone());
                r.rec.finish(res);
                r.facts.lookup = LookupFact::Inconclusive(format!("account-lookup: {}", tf.detail));
            }
        }
        Ok(f) => {
            r.date_seen_at(f.date, a.arrived, DATE_SOURCE);
            let (status, summary, fact, details) = judge(&f, account);
            let mut res = result(CheckId::AccountLookup, status, t, summary);
            res.http_status = Some(f.status);
            res.details = details;
            r.rec.finish(res);
            if matches!(fact, LookupFact::Rejected(_)) {
                r.stop = Some(SkipReason::LookupRejected);
            }
            r.facts.lookup = fact;
        }
    }
}

/// A 503 or "Service Unavailable" page: worth the one retry.
fn unavailable(f: &Fetched) -> bool {
    f.status == 503
        || String::from_utf8_lossy(&f.body)
            .to_ascii_lowercase()
            .contains("service unavailable")
}

/// Judges a datacenterurls answer.
fn judge(f: &Fetched, account: &AccountId) -> (Status, String, LookupFact, Vec<String>) {
    let text = String::from_utf8_lossy(&f.body);
    let o = classify(
        Stack::Lookup,
        f.status,
        f.content_type.as_deref(),
        &f.body,
        f.truncated,
    );
    let evidence = |what: &str| format!("account-lookup: HTTP {} {what}", f.status);
    let body_line = || vec![format!("body ({}): {}", o.shape, o.excerpt)];
    if f.status == 200 {
        return match probes::read_lookup(&f.body, &account.slug()) {
            LookupBody::Matches(hosts) => (
                Status::Pass,
                format!("account {} found", account.realm()),
                LookupFact::Confirmed,
                hosts,
            ),
            LookupBody::Foreign(hosts) => (
                Status::Fail,
                format!("the returned hosts do not name {}", account.slug()),
                LookupFact::Unrecognized(evidence(&format!("hosts: {}", hosts.join(", ")))),
                hosts,
            ),
            LookupBody::NotHosts => (
                Status::Warn,
                "inconclusive: the answer has no host names".into(),
                LookupFact::Inconclusive(evidence(&format!("({}: \"{}\")", o.shape, o.excerpt))),
                body_line(),
            ),
        };
    }
    let lower = text.to_ascii_lowercase();
    if f.status == 400
        || lower.contains("company id is invalid")
        || lower.contains("invalid account")
    {
        let what = o.message.clone().unwrap_or_else(|| o.excerpt.clone());
        return (
            Status::Fail,
            format!("the account id {} was rejected", account.realm()),
            LookupFact::Rejected(evidence(&format!("\"{what}\""))),
            body_line(),
        );
    }
    (
        Status::Warn,
        format!("inconclusive: HTTP {}", f.status),
        LookupFact::Inconclusive(evidence(&o.excerpt)),
        if o.excerpt.is_empty() {
            vec![]
        } else {
            body_line()
        },
    )
}

#[cfg(test)]
mod mutation_tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use axum::extract::{RawQuery, State};
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    use super::*;
    use crate::netsuite::endpoints;

    type Shared = (Arc<std::sync::Mutex<Vec<String>>>, Arc<AtomicUsize>);

    /// A lookup host that answers 503 "Service Unavailable" to the first `unavailable` requests;
    /// the queries it saw.
    async fn fetch_from(unavailable: usize) -> (Answer, Vec<String>) {
        let seen: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
        let count = Arc::new(AtomicUsize::new(0));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route(
                endpoints::DATACENTER_URLS,
                axum::routing::get(
                    move |State((seen, count)): State<Shared>, RawQuery(q): RawQuery| async move {
                        seen.lock().unwrap().push(q.unwrap_or_default());
                        if count.fetch_add(1, Ordering::SeqCst) < unavailable {
                            (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response()
                        } else {
                            (StatusCode::OK, r#"{"restDomain":"x"}"#).into_response()
                        }
                    },
                ),
            )
            .with_state((seen.clone(), count));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let account = AccountId::parse("1234567_SB1").unwrap();
        let http = Http::new(Duration::from_secs(10), BODY_CAP).unwrap();
        let origins = Origins::new(&account, Some(&origin));
        let answer = fetch(&http, &origins, &account, &CancellationToken::new()).await;
        server.abort();
        let seen = seen.lock().unwrap().clone();
        (answer, seen)
    }

    #[tokio::test]
    async fn service_unavailable_is_retried_once_with_c() {
        let (answer, seen) = fetch_from(1).await;
        assert_eq!(answer.value.unwrap().status, 200);
        assert_eq!(
            seen,
            ["account=1234567_SB1", "account=1234567_SB1&c=1234567_SB1"]
        );
        // Once only: a second 503 is the answer.
        let (answer, seen) = fetch_from(5).await;
        assert_eq!(answer.value.unwrap().status, 503);
        assert_eq!(seen.len(), 2);
        // An answer is not retried.
        let (_, seen) = fetch_from(0).await;
        assert_eq!(seen, ["account=1234567_SB1"]);
    }

    fn fetched(status: u16, body: &str) -> Fetched {
        Fetched {
            status,
            date: None,
            content_type: None,
            www_authenticate: None,
            location: None,
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn a_503_or_a_service_unavailable_page_is_worth_the_retry() {
        assert!(unavailable(&fetched(503, "")));
        assert!(unavailable(&fetched(
            200,
            "<html>Service Unavailable</html>"
        )));
        assert!(!unavailable(&fetched(200, "{}")));
        assert!(!unavailable(&fetched(500, "oops")));
    }

    #[test]
    fn a_400_or_an_invalid_account_text_rejects_the_account() {
        let account = AccountId::parse("1234567_SB1").unwrap();
        let rejected = |f: Fetched| {
            let (status, _, fact, _) = judge(&f, &account);
            status == Status::Fail && matches!(fact, LookupFact::Rejected(_))
        };
        assert!(rejected(fetched(400, "{}")));
        assert!(rejected(fetched(500, "Company ID is invalid")));
        assert!(rejected(fetched(404, "Invalid account")));
        let (status, _, fact, _) = judge(&fetched(500, "oops"), &account);
        assert_eq!(status, Status::Warn);
        assert!(matches!(fact, LookupFact::Inconclusive(_)), "{fact:?}");
    }
}
