//! Emulator-only endpoints under `/__nstba/`: read the emulated Login Audit Trail and switch the
//! scenario of a running `nstba emulator` with curl.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::Scenario;
use super::responses;
use super::server::{Req, Shared};

pub(crate) fn handle(shared: &Shared, req: &Req) -> axum::response::Response {
    let path = req.path.as_str();
    match (&req.method, path) {
        (&Method::GET, "/__nstba/audit-trail") => {
            let trail = shared.audit_trail();
            responses::json_ok(&serde_json::to_value(trail).unwrap_or_default())
        }
        (&Method::GET, "/__nstba/scenario") => scenario_json(shared.scenario()),
        (&Method::PUT, p) if p.starts_with("/__nstba/scenario/") => {
            let name = &p["/__nstba/scenario/".len()..];
            match Scenario::from_name(name) {
                Some(s) => {
                    shared.set_scenario(s);
                    scenario_json(s)
                }
                None => responses::with_body(
                    StatusCode::NOT_FOUND,
                    "application/json; charset=utf-8",
                    json!({
                        "error": format!("unknown scenario {name:?}"),
                        "scenarios": Scenario::all().iter().map(|s| s.name()).collect::<Vec<_>>(),
                    })
                    .to_string(),
                ),
            }
        }
        _ => responses::with_body(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "Not Found: GET /__nstba/audit-trail, GET /__nstba/scenario, PUT /__nstba/scenario/{name}",
        ),
    }
}

fn scenario_json(s: Scenario) -> axum::response::Response {
    responses::json_ok(&json!({
        "scenario": s.name(),
        "description": s.description(),
        "scenarios": Scenario::all().iter().map(|s| json!({"name": s.name(), "description": s.description()})).collect::<Vec<_>>(),
    }))
}
