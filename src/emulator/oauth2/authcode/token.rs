//! The token endpoint's authorization-code grants (reference §2.2, §2.3): `authorization_code`
//! (code single use and unexpired, same client, same redirect URI, PKCE S256 verifier matching the
//! challenge) and `refresh_token` (known, not revoked, not used if single-use, not past its end;
//! a public client gets a new refresh token each time, within the rotation window). Tokens are the
//! M2M endpoint's access tokens, so the REST and RESTlet Bearer check accepts them unchanged.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use serde_json::json;

use super::client_auth::{Caller, Refused, authenticate, field};
use super::state::{IssuedRefresh, random_value};
use crate::emulator::Scenario;
use crate::emulator::oauth2::{BearerGrant, access_token};
use crate::emulator::responses::with_body;
use crate::emulator::server::{Outcome, Req, Shared};
use crate::emulator::verify::Interface;
use crate::netsuite::oauth2::authcode::pkce;
use crate::netsuite::oauth2::authcode::validity::{
    CONFIDENTIAL_VALIDITY_HOURS, PUBLIC_VALIDITY_HOURS, ROTATION_WINDOW_HOURS,
};

const NOTE: &str = "OAuth 2.0 token endpoint (authorization code)";

/// Who a token is for.
struct Subject {
    caller: Caller,
    scopes: Vec<String>,
    role: u32,
    entity: u32,
    chain_started: i64,
}

/// Handles a token request whose `grant_type` is `authorization_code` or `refresh_token`.
pub(crate) fn handle(shared: &Shared, req: &Req, form: &[(String, String)]) -> Outcome {
    let result = if shared.scenario() == Scenario::AuthcodeGrantNotTicked {
        // Checked after the client is known, as NetSuite's Detail names the grant, not the client.
        authenticate(&shared.model(), req, form).and(Err(Refused::grant_not_ticked()))
    } else {
        match field(form, "grant_type") {
            Some("authorization_code") => exchange(shared, req, form),
            _ => refresh(shared, req, form),
        }
    };
    match result {
        Ok(r) => Outcome::logged(r, Interface::Rest, None, Some(NOTE.into())),
        Err(r) => Outcome::logged(
            refusal(shared, r),
            Interface::Rest,
            Some(r.detail),
            Some(NOTE.into()),
        ),
    }
}

/// The refusal body (`{"error":…}`, `WWW-Authenticate` with a 401).
pub(crate) fn refusal(shared: &Shared, r: Refused) -> Response<Body> {
    let mut resp = with_body(
        r.status,
        "application/json;charset=utf-8",
        json!({ "error": r.error }).to_string(),
    );
    if r.status == StatusCode::UNAUTHORIZED
        && let Ok(v) = HeaderValue::from_str(&format!(
            "Basic realm=\"{}\"",
            shared.model().account.realm()
        ))
    {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}

fn exchange(
    shared: &Shared,
    req: &Req,
    form: &[(String, String)],
) -> Result<Response<Body>, Refused> {
    let model = shared.model();
    let caller = authenticate(&model, req, form)?;
    let (Some(code), Some(redirect_uri)) = (field(form, "code"), field(form, "redirect_uri"))
    else {
        return Err(Refused::request("InvalidRequest"));
    };
    let verifier = field(form, "code_verifier").ok_or(Refused::request("InvalidRequest"))?;
    let now = shared.now();
    // Single use: taken out whatever happens next.
    let issued = shared.lock().authcode.codes.remove(code);
    let issued = issued
        .filter(|c| c.expires > now && c.client_id == caller.client_id)
        .ok_or(Refused::grant("InvalidCode"))?;
    if issued.redirect_uri != redirect_uri {
        return Err(Refused::grant("InvalidRedirectURI"));
    }
    if !pkce::is_valid_verifier(verifier) || pkce::challenge_of(verifier) != issued.challenge {
        return Err(Refused::grant("InvalidCodeVerifier"));
    }
    Ok(grant(
        shared,
        Subject {
            caller,
            scopes: issued.scopes,
            role: issued.role,
            entity: issued.entity,
            chain_started: now,
        },
        true,
    ))
}

fn refresh(
    shared: &Shared,
    req: &Req,
    form: &[(String, String)],
) -> Result<Response<Body>, Refused> {
    let model = shared.model();
    let caller = authenticate(&model, req, form)?;
    let token = field(form, "refresh_token").ok_or(Refused::request("InvalidRequest"))?;
    let now = shared.now();
    let expired_scenario = shared.scenario() == Scenario::AuthcodeRefreshExpired;
    let chain = {
        let mut s = shared.lock();
        let entry = s
            .authcode
            .refresh
            .get_mut(token)
            .filter(|r| r.client_id == caller.client_id && !r.revoked && !r.used)
            .ok_or(Refused::grant("InvalidRefreshToken"))?;
        if expired_scenario || now >= entry.expires {
            return Err(Refused::grant("RefreshTokenExpired"));
        }
        if entry.public {
            entry.used = true;
        }
        entry.clone()
    };
    let rotate = chain.public;
    Ok(grant(
        shared,
        Subject {
            caller: Caller {
                public: chain.public,
                ..caller
            },
            scopes: chain.scopes,
            role: chain.role,
            entity: chain.entity,
            chain_started: chain.chain_started,
        },
        rotate,
    ))
}

/// An access token for `s`, plus a refresh token when `with_refresh`.
fn grant(shared: &Shared, s: Subject, with_refresh: bool) -> Response<Body> {
    let model = shared.model();
    let now = shared.now();
    let app = model
        .m2m
        .client(&s.caller.client_id)
        .map(|c| c.application_id.clone())
        .unwrap_or_default();
    let access = access_token::issue(
        &BearerGrant {
            role: s.role,
            entity: s.entity,
            scopes: s.scopes.clone(),
            client_id: crate::Secret::new(s.caller.client_id.clone()),
            expires: now + access_token::LIFETIME_SECS,
        },
        &app,
        &model.account.realm(),
        now,
    );
    let mut body = json!({
        "access_token": access.expose(),
        "expires_in": access_token::LIFETIME_SECS,
        "token_type": "bearer",
    });
    if with_refresh {
        let hours = |h: u32| i64::from(h) * 3600;
        let expires = if s.caller.public {
            (now + hours(PUBLIC_VALIDITY_HOURS)).min(s.chain_started + hours(ROTATION_WINDOW_HOURS))
        } else {
            now + hours(CONFIDENTIAL_VALIDITY_HOURS)
        };
        let token = random_value();
        body["refresh_token"] = json!(token);
        let issued = IssuedRefresh {
            client_id: s.caller.client_id,
            public: s.caller.public,
            scopes: s.scopes,
            role: s.role,
            entity: s.entity,
            chain_started: s.chain_started,
            expires,
            used: false,
            revoked: false,
        };
        shared.lock().authcode.add_refresh(token, issued, now);
    }
    with_body(
        StatusCode::OK,
        "application/json;charset=utf-8",
        body.to_string(),
    )
}
