//! The capability probes stage: REST records and SuiteQL (after a working REST login), the
//! RESTlet "who am I", and SOAP `getServerTime` — the same signed probe run for each, in plan
//! order, until one stops the run (sent in [`waves`](super::waves)).

use super::signed::{Needs, Probe, Request, Success};
use crate::check::classify::Stack;
use crate::check::clock;
use crate::check::model::{Api, CheckId};
use crate::check::probes::{read_server_time, read_token_info, soap_succeeded, who_am_i};
use crate::net::http::Fetched;
use crate::netsuite::endpoints;

/// The capability probes, in plan order (after the REST login).
pub(super) const CAPABILITIES: [Probe; 4] = [
    Probe {
        id: CheckId::RestRecords,
        stack: Stack::Rest,
        needs: Needs::RestLogin,
        request: Request::RestGet(endpoints::REST_METADATA_CATALOG),
        accept: records,
    },
    Probe {
        id: CheckId::RestSuiteql,
        stack: Stack::Rest,
        needs: Needs::RestLogin,
        request: Request::Suiteql,
        accept: suiteql,
    },
    Probe {
        id: CheckId::RestletTokeninfo,
        stack: Stack::Restlet,
        needs: Needs::RestletOrTriangulation,
        request: Request::RestletGet(endpoints::TOKEN_INFO),
        accept: token_info,
    },
    Probe {
        id: CheckId::SoapLogin,
        stack: Stack::Soap,
        needs: Needs::Api(Api::Soap),
        request: Request::SoapServerTime,
        accept: soap,
    },
];

fn success(summary: impl Into<String>) -> Success {
    Success {
        summary: summary.into(),
        details: Vec::new(),
        server_time: None,
    }
}

/// `{"serverTime": "…"}`.
pub(super) fn server_time(f: &Fetched) -> Option<Success> {
    let st = read_server_time(&f.body)?;
    Some(Success {
        summary: "logged in".into(),
        details: vec![format!("server time: {st}")],
        server_time: clock::parse_server_time(&st),
    })
}

/// The number of `items` of a JSON body, when it is JSON.
fn items(f: &Fetched) -> Option<Option<usize>> {
    let json: serde_json::Value = serde_json::from_slice(&f.body).ok()?;
    Some(json.get("items").and_then(|v| v.as_array()).map(Vec::len))
}

fn records(f: &Fetched) -> Option<Success> {
    Some(success(match items(f)? {
        Some(n) => format!("{n} record types visible"),
        None => "record catalog readable".into(),
    }))
}

fn suiteql(f: &Fetched) -> Option<Success> {
    Some(success(match items(f)? {
        Some(n) => format!("query ran ({n} row{})", if n == 1 { "" } else { "s" }),
        None => "query ran".into(),
    }))
}

fn token_info(f: &Fetched) -> Option<Success> {
    serde_json::from_slice::<serde_json::Value>(&f.body).ok()?;
    let who = read_token_info(&f.body).unwrap_or_default();
    let summary = if who.is_empty() {
        "token accepted".to_string()
    } else {
        format!("token accepted: {}", who_am_i(&who))
    };
    Some(Success {
        summary,
        details: who,
        server_time: None,
    })
}

fn soap(f: &Fetched) -> Option<Success> {
    soap_succeeded(&f.body).then(|| success("logged in"))
}
