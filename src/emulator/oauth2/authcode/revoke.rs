//! `POST /services/rest/auth/oauth2/v1/revoke` with `token=<refresh token>` (reference §2.3):
//! the client authenticates as at the token endpoint; the refresh token is revoked, so its next
//! refresh is `invalid_grant`. Access tokens already issued stay valid until they expire (the
//! emulator's tokens are stateless; NetSuite revokes them too).

use axum::http::{Method, StatusCode};

use super::client_auth::{Refused, authenticate, field};
use crate::emulator::responses::with_body;
use crate::emulator::server::{Outcome, Req, Shared};
use crate::emulator::verify::Interface;

const NOTE: &str = "OAuth 2.0 revoke endpoint";

/// Handles one revoke request.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    match revoke(shared, req) {
        Ok(()) => Outcome::logged(
            with_body(StatusCode::OK, "text/plain; charset=utf-8", ""),
            Interface::Rest,
            None,
            Some(NOTE.into()),
        ),
        Err(r) => Outcome::logged(
            super::token::refusal(shared, r),
            Interface::Rest,
            Some(r.detail),
            Some(NOTE.into()),
        ),
    }
}

fn revoke(shared: &Shared, req: &Req) -> Result<(), Refused> {
    if req.method != Method::POST {
        return Err(Refused::request("InvalidRequest"));
    }
    let form = crate::netsuite::encode::parse_form(&String::from_utf8_lossy(&req.body));
    let caller = authenticate(&shared.model(), req, &form)?;
    let token = field(&form, "token").ok_or(Refused::request("InvalidRequest"))?;
    let mut s = shared.lock();
    let entry = s
        .authcode
        .refresh
        .get_mut(token)
        .filter(|r| r.client_id == caller.client_id)
        .ok_or(Refused::grant("InvalidRefreshToken"))?;
    entry.revoked = true;
    Ok(())
}
