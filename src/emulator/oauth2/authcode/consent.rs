//! Step one (reference §2.1): `GET /app/login/oauth2/authorize.nl`. The request is checked in
//! NetSuite's order; an unknown client or a redirect URI the record does not have gets an error
//! page and no redirect (Oracle: "no redirect happens"); any other problem is redirected with
//! `error=` (and the state as sent). A good request shows the consent page (the emulator's demo
//! user is signed in); its Allow link redirects with `state`, `role`, `entity`, `company`, `code`,
//! its Deny link with `error=access_denied`.

use axum::body::Body;
use axum::http::{Response, StatusCode, header};

use super::state::{CODE_TTL, IssuedCode, random_value};
use crate::emulator::model::{AccountModel, IntegrationState};
use crate::emulator::responses::with_body;
use crate::emulator::server::{Outcome, Req, Shared};
use crate::emulator::verify::Interface;
use crate::netsuite::encode::percent_encode;
use crate::netsuite::oauth2::authcode::state;

const NOTE: &str = "OAuth 2.0 authorize endpoint (authorization code)";

/// What the checks found: a redirect with `error`, or a page without one.
enum Stop {
    /// No redirect: an error page with this Detail.
    Page(&'static str, &'static str),
    /// Redirect to the URI with `error` and this Detail.
    Redirect(&'static str, &'static str),
}

/// Handles one request to the authorize endpoint.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    let params = req.query_params();
    let model = shared.model();
    let one = |name: &str| super::client_auth::field(&params, name).map(str::to_string);
    let redirect_uri = one("redirect_uri").unwrap_or_default();
    let sent_state = one("state").unwrap_or_default();
    let grant_ticked = shared.scenario() != crate::emulator::Scenario::AuthcodeGrantNotTicked;
    let checked = check(&model, &one, grant_ticked);
    let (scopes, challenge) = match checked {
        Ok(ok) => ok,
        Err(Stop::Page(detail, text)) => {
            return Outcome::logged(
                page(StatusCode::BAD_REQUEST, text),
                Interface::Rest,
                Some(detail),
                Some(NOTE.into()),
            );
        }
        Err(Stop::Redirect(error, detail)) => {
            let loc = format!(
                "{redirect_uri}?state={}&error={error}",
                percent_encode(&sent_state)
            );
            return Outcome::logged(
                redirect(&loc),
                Interface::Rest,
                Some(detail),
                Some(NOTE.into()),
            );
        }
    };
    let (role, entity) = who(&model);
    let tail = format!(
        "state={}&role={role}&entity={entity}&company={}",
        percent_encode(&sent_state),
        percent_encode(&model.account.realm())
    );
    match one("decision").as_deref() {
        None => Outcome::plain(consent_page(&model, req, &scopes)),
        Some(d) if d.eq_ignore_ascii_case("allow") => {
            let code = random_value();
            let now = shared.now();
            let issued = IssuedCode {
                client_id: one("client_id").unwrap_or_default(),
                redirect_uri: redirect_uri.clone(),
                challenge,
                scopes,
                role,
                entity,
                expires: now + CODE_TTL,
            };
            shared.lock().authcode.add_code(code.clone(), issued, now);
            let loc = format!("{redirect_uri}?{tail}&code={code}");
            Outcome::logged(redirect(&loc), Interface::Rest, None, Some(NOTE.into()))
        }
        Some(_) => {
            let loc = format!("{redirect_uri}?{tail}&error=access_denied");
            Outcome::logged(
                redirect(&loc),
                Interface::Rest,
                Some("AuthorizationExplicitlyDenied"),
                Some(NOTE.into()),
            )
        }
    }
}

/// The checks in order; the granted scopes and the challenge when all pass.
fn check(
    model: &AccountModel,
    one: &dyn Fn(&str) -> Option<String>,
    grant_ticked: bool,
) -> Result<(Vec<String>, String), Stop> {
    let client_id = one("client_id").unwrap_or_default();
    let record = model
        .integration(&client_id)
        .filter(|r| r.state == IntegrationState::Enabled);
    let client = model.m2m.client(&client_id);
    let (Some(_), Some(client)) = (record, client) else {
        return Err(Stop::Page(
            "UnknownIntegration",
            "unauthorized_client: the client id is not an enabled integration record.",
        ));
    };
    if !super::redirect_allowed(&one("redirect_uri").unwrap_or_default()) {
        return Err(Stop::Page(
            "InvalidRedirectURI",
            "invalid_request: the redirect URI does not match the integration record.",
        ));
    }
    if !grant_ticked {
        return Err(Stop::Redirect(
            "unauthorized_client",
            "AuthorizationCodeGrantRequired",
        ));
    }
    if !one("state").is_some_and(|s| state::is_valid(&s)) {
        return Err(Stop::Redirect("invalid_request", "InvalidState"));
    }
    if one("response_type").as_deref() != Some("code") {
        return Err(Stop::Redirect(
            "unsupported_response_type",
            "UnsupportedResponseType",
        ));
    }
    let challenge = one("code_challenge").unwrap_or_default();
    let challenge_ok = challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if one("code_challenge_method").as_deref() != Some("S256") || !challenge_ok {
        return Err(Stop::Redirect("invalid_request", "InvalidRequest"));
    }
    let scopes: Vec<String> = one("scope")
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|s| !client.scopes.contains(s)) {
        return Err(Stop::Redirect("invalid_scope", "ScopeMismatched"));
    }
    Ok((scopes, challenge))
}

/// The demo user's role and entity (those of the account's first token, as for TBA).
pub fn who(model: &AccountModel) -> (u32, u32) {
    if let Some(t) = model.tokens.first() {
        return (t.role, t.user);
    }
    let user = model.users.first();
    (
        user.and_then(|u| u.roles.first().copied())
            .unwrap_or_default(),
        user.map(|u| u.id).unwrap_or_default(),
    )
}

fn consent_page(model: &AccountModel, req: &Req, scopes: &[String]) -> Response<Body> {
    let query = req.query.clone().unwrap_or_default();
    let base = format!("{}?{query}", super::AUTHORIZE_PATH);
    page(
        StatusCode::OK,
        &format!(
            "<h1>An application wants to access {company}</h1><p>Scopes: {scopes}. This is the nstba \
             emulator's stand-in for NetSuite's consent page.</p><p><a href=\"{base}&amp;decision=allow\">Allow</a> \
             &nbsp; <a href=\"{base}&amp;decision=deny\">Deny</a></p>",
            company = escape(&model.company_name),
            scopes = escape(&scopes.join(", ")),
            base = escape(&base),
        ),
    )
}

fn page(status: StatusCode, body: &str) -> Response<Body> {
    with_body(
        status,
        "text/html; charset=utf-8",
        format!("<!doctype html><title>NetSuite (emulated)</title>{body}"),
    )
}

fn redirect(location: &str) -> Response<Body> {
    let mut resp = page(
        StatusCode::FOUND,
        &format!(
            "<p>Redirecting to <a href=\"{0}\">{0}</a></p>",
            escape(location)
        ),
    );
    if let Ok(v) = location.parse() {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
