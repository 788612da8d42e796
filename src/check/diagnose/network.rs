//! Network rules: the path to NetSuite failed (DNS, TCP, TLS, timeout, a broken connection), the
//! request reached the wrong host, or something that is not NetSuite answered.

use super::draft::{draft, fragment};
use super::{Facts, clip, describe_obs};
use crate::check::catalogue;
use crate::check::classify::Observation;
use crate::check::code::DiagnosisCode;
use crate::check::model::{CheckId, Confidence, Diagnosis, Severity};
use crate::net::http::{TransportFailure, TransportKind};

/// The network-layer failure that stopped the run, if any.
pub(super) fn transport(f: &Facts) -> Option<Diagnosis> {
    let (check, t) = f.transport.as_ref()?;
    transport_failure(*check, t, f.base_url)
}

fn transport_failure(check: CheckId, t: &TransportFailure, base_url: bool) -> Option<Diagnosis> {
    let host = t.host.as_str();
    let ev = format!("{}: {}", check.as_str(), t.detail);
    let network = if base_url {
        fragment("base-url-unreachable", &[])
    } else {
        fragment("network-path", &[])
    };
    let (code, confidence) = match t.kind {
        TransportKind::Dns => (DiagnosisCode::DnsFailure, Confidence::Certain),
        TransportKind::Connect => (DiagnosisCode::ConnectFailure, Confidence::Certain),
        TransportKind::Tls => (DiagnosisCode::TlsFailure, Confidence::Certain),
        TransportKind::Timeout => (DiagnosisCode::Timeout, Confidence::Certain),
        TransportKind::Other => (DiagnosisCode::UnexpectedResponse, Confidence::Likely),
        TransportKind::Cancelled => return None,
    };
    let check_host = if base_url {
        fragment("dns-check-base-url", &[("host", host)])
    } else {
        fragment("dns-check-account", &[("host", host)])
    };
    Some(
        draft(code)
            .variant_if(
                code == DiagnosisCode::ConnectFailure && base_url,
                "base-url",
            )
            .variant_if(t.kind == TransportKind::Other, "broken-connection")
            .var("host", host)
            .var("network", network)
            .var("check_host", check_host)
            .build(Severity::Error, confidence, ev),
    )
}

/// The request went to the wrong data center.
pub(super) fn wrong_host(id: CheckId, o: &Observation, base_url: bool) -> Diagnosis {
    let why = if base_url {
        fragment("wrong-host-base-url", &[])
    } else {
        fragment("wrong-host-netsuite", &[])
    };
    draft(DiagnosisCode::WrongHost).var("why", why).build(
        Severity::Error,
        Confidence::Likely,
        describe_obs(id, o),
    )
}

/// An answer no rule knows; the catalogue's words when NetSuite's code is in it.
pub(super) fn unexpected(id: CheckId, o: &Observation) -> Diagnosis {
    let mut ev = describe_obs(id, o);
    if o.message.is_some() && !o.excerpt.is_empty() && o.code.is_none() {
        ev.push_str(&super::draft::evidence(
            "body",
            &[("excerpt", &clip(&o.excerpt, 120))],
        ));
    }
    let mut d = draft(DiagnosisCode::UnexpectedResponse)
        .var("check", id.as_str())
        .var("status", o.status.to_string())
        .var("shape", o.shape.to_string());
    if let Some(e) = o.code.as_deref().and_then(catalogue::explain) {
        d = d.words_from(e.entry.title.clone(), e.entry.fixes.clone());
    }
    d.build(Severity::Error, Confidence::Possible, ev)
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::classify::Stack;
    use crate::check::fixtures::raw;

    fn failure(kind: TransportKind, base_url: bool) -> Diagnosis {
        let t = TransportFailure {
            kind,
            host: "1234567.suitetalk.api.netsuite.com".into(),
            detail: "refused".into(),
            date: None,
            status: None,
        };
        transport_failure(CheckId::RestLogin, &t, base_url).unwrap()
    }

    fn fix_texts(d: &Diagnosis) -> Vec<String> {
        d.fix.iter().map(|f| f.text.clone()).collect()
    }

    #[test]
    fn only_a_refused_connection_to_a_base_url_drops_the_firewall_advice() {
        let firewall = |d: &Diagnosis| fix_texts(d).iter().any(|f| f.contains("port 443"));
        assert!(firewall(&failure(TransportKind::Connect, false)));
        assert!(!firewall(&failure(TransportKind::Connect, true)));
        // Another kind keeps its own words with a base URL.
        let dns = failure(TransportKind::Dns, true);
        assert_eq!(dns.code, DiagnosisCode::DnsFailure);
        assert!(!dns.title.contains("broke off"));
        let broken = failure(TransportKind::Other, false);
        assert!(broken.title.contains("broke off"), "{}", broken.title);
        assert!(
            !failure(TransportKind::Timeout, false)
                .title
                .contains("broke off")
        );
    }

    #[test]
    fn the_body_is_quoted_only_beside_a_message_without_a_code() {
        let mut p = raw(
            CheckId::RestLogin,
            Stack::Rest,
            418,
            "text/plain",
            "I am a teapot, honestly",
        );
        p.obs.message = Some("teapot".into());
        p.obs.code = None;
        assert!(
            unexpected(p.id, &p.obs)
                .evidence
                .contains("body: \"I am a teapot")
        );
        p.obs.code = Some("TEAPOT".into());
        assert!(!unexpected(p.id, &p.obs).evidence.contains("body:"));
        p.obs.code = None;
        p.obs.excerpt.clear();
        assert!(!unexpected(p.id, &p.obs).evidence.contains("body:"));
        p.obs.message = None;
        p.obs.excerpt = "I am a teapot".into();
        assert!(!unexpected(p.id, &p.obs).evidence.contains("— body:"));
    }
}
