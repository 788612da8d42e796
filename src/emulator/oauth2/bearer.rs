//! `Authorization: Bearer` on REST web services and RESTlets: the token must be one this
//! emulator's token endpoint issued and not expired; then, in this order, the integration record
//! (still there, Enabled), the scope (in the token *and* ticked on the record, else Oracle's
//! `ScopeMismatched`), the role (active, with Log in using OAuth 2.0 Access Tokens) and the entity
//! (active, still holding the role). Each refusal is the Login Audit Trail Detail of reference
//! §1.6; the missing-permission Detail is not documented for OAuth 2.0 ([U]) and reuses TBA's
//! `permission_denied`.

use super::access_token;
use crate::emulator::model::{AccountModel, IntegrationState};
use crate::emulator::verify::{Interface, Login};

/// The token in an `Authorization: Bearer …` header, if that is the scheme.
pub fn token(authorization: &str) -> Option<&str> {
    let (scheme, rest) = authorization.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
}

/// The scope `interface` needs.
fn scope_of(interface: Interface) -> &'static str {
    match interface {
        Interface::Restlet => "restlets",
        Interface::Rest | Interface::Soap => "rest_webservices",
    }
}

/// Checks a Bearer token for `interface` at `now`. `Err` is the Detail.
pub fn login(
    model: &AccountModel,
    interface: Interface,
    token: &str,
    now: i64,
) -> Result<Login, &'static str> {
    let grant = access_token::verify(token, now).map_err(|r| r.detail())?;
    let client_id = grant.client_id.expose();
    let record = model.integration(client_id).ok_or("InvalidIntegration")?;
    if record.state != IntegrationState::Enabled {
        return Err("InvalidIntegration");
    }
    let client = model.m2m.client(client_id).ok_or("InvalidIntegration")?;
    let needed = scope_of(interface);
    if !grant.scopes.iter().any(|s| s == needed) || !client.scopes.iter().any(|s| s == needed) {
        return Err("ScopeMismatched");
    }
    let role = model
        .role(grant.role)
        .filter(|r| r.active)
        .ok_or("EntityOrRoleDisabled")?;
    let user = model
        .user(grant.entity)
        .filter(|u| u.active && u.roles.contains(&grant.role))
        .ok_or("EntityOrRoleDisabled")?;
    if !role.log_in_using_oauth2_access_tokens {
        return Err("permission_denied");
    }
    Ok(Login {
        user: user.clone(),
        role: role.clone(),
        note: Some("OAuth 2.0 access token (Bearer)".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bearer_scheme_is_taken() {
        assert_eq!(token("Bearer abc"), Some("abc"));
        assert_eq!(token("bearer  abc "), Some("abc"));
        assert_eq!(token("OAuth realm=\"x\""), None);
        assert_eq!(token("Bearer"), None);
    }
}
