//! Who is calling the token or revoke endpoint: a confidential client (`Authorization: Basic
//! base64(client_id:client_secret)`, the secret being the record's) or a public client (its client
//! id alone, in the form or as `Basic base64(client_id:)`; Oracle documents both [U]). Using both
//! places at once, or neither, is refused.

use axum::http::{StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::emulator::model::{AccountModel, IntegrationState};
use crate::emulator::server::Req;

/// A refusal of the token or revoke endpoint: status, `error`, Login Audit Trail Detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// HTTP status.
    pub status: StatusCode,
    /// RFC 6749 `error`.
    pub error: &'static str,
    /// Detail recorded in the emulated audit trail.
    pub detail: &'static str,
}

impl Refused {
    /// `400 invalid_request`.
    pub fn request(detail: &'static str) -> Refused {
        Refused {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            detail,
        }
    }

    /// `400 invalid_grant`.
    pub fn grant(detail: &'static str) -> Refused {
        Refused {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_grant",
            detail,
        }
    }

    /// `400 unauthorized_client`, `AuthorizationCodeGrantRequired`: the record's Authorization
    /// Code Grant box is not ticked (reference §2.6, steps one and two and the refresh).
    pub fn grant_not_ticked() -> Refused {
        Refused {
            status: StatusCode::BAD_REQUEST,
            error: "unauthorized_client",
            detail: "AuthorizationCodeGrantRequired",
        }
    }

    /// `401 invalid_client`, `ClientAuthenticationFailed`.
    pub fn client() -> Refused {
        Refused {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            detail: "ClientAuthenticationFailed",
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Client id.
    pub client_id: String,
    /// Authenticated without a secret.
    pub public: bool,
}

/// The single value of form field `name` (`None` when absent or repeated).
pub fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let mut v = form
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str());
    match (v.next(), v.next()) {
        (Some(x), None) => Some(x),
        _ => None,
    }
}

/// Authenticates the caller of `req` (form already parsed) against the record.
pub(crate) fn authenticate(
    model: &AccountModel,
    req: &Req,
    form: &[(String, String)],
) -> Result<Caller, Refused> {
    let in_form = field(form, "client_id");
    let basic = req
        .header(header::AUTHORIZATION)
        .map(|h| decode_basic(h).ok_or(Refused::client()))
        .transpose()?;
    let (client_id, secret) = match (basic, in_form) {
        (Some(_), Some(_)) => return Err(Refused::request("InvalidRequest")),
        (None, None) => return Err(Refused::client()),
        (Some((id, secret)), None) => (id, secret),
        (None, Some(id)) => (id.to_string(), String::new()),
    };
    let record = model
        .integration(&client_id)
        .filter(|r| r.state == IntegrationState::Enabled)
        .ok_or(Refused::client())?;
    if secret.is_empty() {
        return Ok(Caller {
            client_id,
            public: true,
        });
    }
    if record.consumer_secret.expose() != secret {
        return Err(Refused::client());
    }
    Ok(Caller {
        client_id,
        public: false,
    })
}

/// `Basic base64(id:secret)` → `(id, secret)`.
fn decode_basic(h: &str) -> Option<(String, String)> {
    let (scheme, rest) = h.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = String::from_utf8(STANDARD.decode(rest.trim()).ok()?).ok()?;
    let (id, secret) = raw.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_headers() {
        let h = format!("Basic {}", STANDARD.encode("id:se:cret"));
        assert_eq!(decode_basic(&h), Some(("id".into(), "se:cret".into())));
        assert_eq!(
            decode_basic(&format!("Basic {}", STANDARD.encode("id:"))),
            Some(("id".into(), String::new()))
        );
        for bad in [
            "Bearer x",
            "Basic !!!",
            "Basic",
            &format!("Basic {}", STANDARD.encode("noColon")),
        ] {
            assert_eq!(decode_basic(bad), None, "{bad}");
        }
    }
}
