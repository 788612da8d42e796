//! The reachability stage: DNS, TCP, then one unauthenticated HEAD (TLS + HTTP) to the host the
//! signed probes use, all within one timeout. Sent by the [`network`](super::network) stage,
//! beside the account lookup.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use tokio_util::sync::CancellationToken;

use super::{Run, SkipReason, result, transport_summary};
use crate::check::model::{Api, CheckId, Status};
use crate::check::probes::Origins;
use crate::net::http::{self, Fetched, Http, TransportFailure, TransportKind, dns_and_tcp};

const DATE_SOURCE: &str = "Date header of the REST host";

/// The reachability check's answer, as it arrived.
pub(super) type Answer = super::Timed<Result<(Option<SocketAddr>, Fetched), TransportFailure>>;

/// The host the signed probes use: REST's (SOAP shares it), else the RESTlet host.
pub(super) fn target(apis: &BTreeSet<Api>, origins: &Origins) -> String {
    if apis.contains(&Api::Rest) || apis.contains(&Api::Soap) {
        origins.rest.clone()
    } else {
        origins.restlet.clone()
    }
}

/// Sends DNS, TCP and the HEAD to `target`; touches nothing of the run.
pub(super) async fn fetch(http: &Http, target: &str, cancel: &CancellationToken) -> Answer {
    super::Timed::of(reach(http, target, cancel)).await
}

/// Records the reachability answer; an unreachable host stops the run (after judging the clock
/// from the lookup's `Date`).
pub(super) fn apply(r: &mut Run<'_>, target: &str, a: Answer) {
    let t = a.started(r.rec.start(CheckId::Reachability));
    match a.value {
        Ok((addr, f)) => {
            r.date_seen_at(f.date, a.arrived, DATE_SOURCE);
            let mut res = result(
                CheckId::Reachability,
                Status::Pass,
                t,
                format!("{} answers", http::host_of(target)),
            );
            let layer = if target.starts_with("https") {
                "TLS"
            } else {
                "HTTP"
            };
            res.details.push(match addr {
                Some(addr) => format!(
                    "DNS ok ({}), TCP ok, {layer} ok (HTTP {})",
                    addr.ip(),
                    f.status
                ),
                None => format!(
                    "through the proxy {} from the environment: {layer} ok (HTTP {})",
                    http::proxy_label(target),
                    f.status
                ),
            });
            r.rec.finish(res);
        }
        Err(tf) => {
            if !r.transport_failed(CheckId::Reachability, t, &tf) {
                return;
            }
            let mut res = result(
                CheckId::Reachability,
                Status::Fail,
                t,
                transport_summary(&tf),
            );
            res.details.push(tf.detail.clone());
            r.rec.finish(res);
            r.date_seen_at(tf.date, a.arrived, DATE_SOURCE);
            r.facts.transport = Some((CheckId::Reachability, tf));
            // The clock can still be judged from the lookup's Date header.
            super::clock::judge(r);
            r.stop = Some(SkipReason::HostUnreachable);
        }
    }
}

/// A transport failure that never reached the network.
fn failure(kind: TransportKind, host: String, detail: String) -> TransportFailure {
    TransportFailure {
        kind,
        host,
        detail,
        date: None,
        status: None,
    }
}

/// DNS, TCP, then the HEAD to `origin`. Behind a proxy from the environment only the HEAD is sent
/// (the proxy resolves and connects).
async fn reach(
    http: &Http,
    origin: &str,
    cancel: &CancellationToken,
) -> Result<(Option<SocketAddr>, Fetched), TransportFailure> {
    let url = url::Url::parse(origin).map_err(|e| {
        failure(
            TransportKind::Other,
            origin.chars().take(80).collect(),
            format!("not a URL: {e}"),
        )
    })?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    // One `--timeout` for the whole check, not one per step.
    let deadline = tokio::time::Instant::now() + http.timeout();
    let addr = if http::proxied(&url) {
        None
    } else {
        Some(dns_and_tcp(&host, port, http.timeout(), deadline, cancel).await?)
    };
    let head = http.send(http.client().head(format!("{origin}/")), cancel);
    match tokio::time::timeout_at(deadline, head).await {
        Ok(f) => Ok((addr, f?)),
        Err(_) => Err(failure(
            TransportKind::Timeout,
            format!("{host}:{port}"),
            format!(
                "no answer from {host}:{port} within {} s",
                http.timeout().as_secs_f64()
            ),
        )),
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::AccountId;

    #[test]
    fn soap_alone_is_probed_on_the_rest_host_and_restlets_alone_on_theirs() {
        let account = AccountId::parse("1234567_SB1").unwrap();
        let o = Origins::new(&account, None);
        let target_of = |apis: &[Api]| target(&apis.iter().copied().collect(), &o);
        assert_eq!(target_of(&[Api::Soap]), o.rest, "SOAP shares the REST host");
        assert_eq!(target_of(&[Api::Rest]), o.rest);
        assert_eq!(target_of(&[Api::Restlet]), o.restlet);
        assert_eq!(target_of(&[Api::Restlet, Api::Soap]), o.rest);
    }
}
