//! The emulated OAuth 2.0 token endpoint, client-credentials (M2M) grant:
//! `POST /services/rest/auth/oauth2/v1/token` with `grant_type=client_credentials`,
//! `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and
//! `client_assertion=<JWT>` (reference §1.3). The assertion is verified by this module's own code
//! ([`assertion_check`]) against the certificate mappings ([`mapping`]); a good one gets a JWT
//! access token ([`access_token`]) the client can decode.
//!
//! Refusals are bare `{"error":"…"}` bodies (NetSuite sends no `error_description`), and the
//! cause goes to the emulated Login Audit Trail only. Which RFC 6749 code NetSuite uses per cause
//! is undocumented ([U]); [`M2mErrorAnswer`] plays both readings and defaults to the least
//! informative one.
//!
//! Oracle documents no Login Audit Trail Detail values for the token endpoint itself (only for
//! API calls made with a token), so these are the emulator's own names, one per cause, in check
//! order: `InvalidRequest`, `UnsupportedGrantType`, `MalformedAssertion`, `InvalidHeader`,
//! `UnsupportedAlgorithm` (RS256 and anything not ES*/PS*), `FeatureDisabled`, `InvalidClient`
//! (unknown `iss`), `IntegrationBlocked`, `ClientCredentialsGrantNotAllowed`,
//! `UnknownCertificate` (`kid`), `CertificateRevoked`, `CertificateExpired`, `InvalidSignature`
//! (also an `alg` that does not fit the mapped key), `InvalidAudience`,
//! `InvalidAssertionLifetime`, `AssertionExpired`, `AssertionIssuedInFuture`, `InvalidScope`,
//! `ScopeMismatched` (Oracle's name, for a scope not ticked on the record).

pub mod access_token;
pub mod assertion_check;
pub mod authcode;
pub mod bearer;
pub mod mapping;
pub mod rotation;
pub mod scenario;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Response, StatusCode, header};
use serde_json::json;

use super::responses::with_body;
use super::server::{Outcome, Req, Shared};
use super::signature::request_url;
use super::verify::Interface;
pub use access_token::{BearerGrant, BearerRefusal};
pub use mapping::{
    CertificateMapping, DEMO_APPLICATION_ID, DEMO_CERTIFICATE_ID, M2mClient, M2mSetup, MappedKey,
    demo_private_key,
};

/// The token endpoint's path (all grants).
pub const TOKEN_PATH: &str = "/services/rest/auth/oauth2/v1/token";
const GRANT_TYPE: &str = "client_credentials";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Which OAuth error code a refused assertion gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum M2mErrorAnswer {
    /// `400 {"error":"invalid_grant"}` for every refused assertion, as public client code mocks
    /// NetSuite (default: it tells the client nothing beyond "refused"). Malformed requests
    /// still get `invalid_request`, which Oracle documents.
    #[default]
    Uniform,
    /// The RFC 6749/7523 code per cause: `401 invalid_client` (with `WWW-Authenticate: Basic
    /// realm="<account>"`) for a failed client authentication, `unauthorized_client` for a
    /// record without the grant, `invalid_scope`, `unsupported_grant_type`.
    Specific,
}

/// Class of a refusal; the answer per class depends on [`M2mErrorAnswer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// Missing or malformed parameters: always `invalid_request`.
    Request,
    /// `grant_type` other than `client_credentials`.
    GrantType,
    /// The assertion does not authenticate the client (kid, certificate, signature, claims).
    Client,
    /// The record may not use this grant (box unticked, record blocked, feature off).
    Unauthorized,
    /// Scope unknown or not enabled on the record.
    Scope,
}

/// A refused token request: its class and the Login Audit Trail Detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Class.
    pub kind: RefusalKind,
    /// Detail recorded in the emulated audit trail.
    pub detail: &'static str,
}

impl RefusalKind {
    /// HTTP status and `error` value.
    pub fn answer(self, mode: M2mErrorAnswer) -> (StatusCode, &'static str) {
        use M2mErrorAnswer::{Specific, Uniform};
        match (self, mode) {
            (RefusalKind::Request, _) | (RefusalKind::GrantType, Uniform) => {
                (StatusCode::BAD_REQUEST, "invalid_request")
            }
            (RefusalKind::GrantType, Specific) => {
                (StatusCode::BAD_REQUEST, "unsupported_grant_type")
            }
            (_, Uniform) => (StatusCode::BAD_REQUEST, "invalid_grant"),
            (RefusalKind::Client, Specific) => (StatusCode::UNAUTHORIZED, "invalid_client"),
            (RefusalKind::Unauthorized, Specific) => {
                (StatusCode::BAD_REQUEST, "unauthorized_client")
            }
            (RefusalKind::Scope, Specific) => (StatusCode::BAD_REQUEST, "invalid_scope"),
        }
    }
}

/// Whether the dispatcher should route `path` here.
pub fn is_token_endpoint(path: &str) -> bool {
    path == TOKEN_PATH
}

/// Handles one token request.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    let form = crate::netsuite::encode::parse_form(&String::from_utf8_lossy(&req.body));
    if authcode::is_authcode_grant(authcode::client_auth::field(&form, "grant_type")) {
        return authcode::token::handle(shared, req, &form);
    }
    let mode = shared.options.m2m_errors;
    let model = shared.model();
    let now = shared.now();
    match grant(shared, req, &model, now) {
        Ok(response) => Outcome::logged(response, Interface::Rest, None, Some(NOTE.into())),
        Err(r) => {
            let (status, error) = r.kind.answer(mode);
            let mut response = with_body(
                status,
                "application/json;charset=utf-8",
                json!({ "error": error }).to_string(),
            );
            if status == StatusCode::UNAUTHORIZED
                && let Ok(v) =
                    HeaderValue::from_str(&format!("Basic realm=\"{}\"", model.account.realm()))
            {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
            Outcome::logged(response, Interface::Rest, Some(r.detail), Some(NOTE.into()))
        }
    }
}

const NOTE: &str = "OAuth 2.0 token endpoint (client credentials)";

/// The request checks, then the assertion, then the token.
fn grant(
    shared: &Shared,
    req: &Req,
    model: &super::model::AccountModel,
    now: i64,
) -> Result<Response<Body>, Refusal> {
    let bad = |detail| Refusal {
        kind: RefusalKind::Request,
        detail,
    };
    let is_form = req.header(header::CONTENT_TYPE).is_some_and(|ct| {
        ct.trim()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    if req.method != Method::POST || !is_form {
        return Err(bad("InvalidRequest"));
    }
    let form = crate::netsuite::encode::parse_form(&String::from_utf8_lossy(&req.body));
    let field = |name: &str| {
        let mut values = form
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        match (values.next(), values.next()) {
            (Some(v), None) => Some(v),
            _ => None,
        }
    };
    match field("grant_type") {
        None => return Err(bad("InvalidRequest")),
        Some(GRANT_TYPE) => {}
        Some(_) => {
            return Err(Refusal {
                kind: RefusalKind::GrantType,
                detail: "UnsupportedGrantType",
            });
        }
    }
    if field("client_assertion_type") != Some(ASSERTION_TYPE) {
        return Err(bad("InvalidRequest"));
    }
    let assertion = field("client_assertion").ok_or(bad("InvalidRequest"))?;
    if req.header(header::AUTHORIZATION).is_some() {
        // "Multiple client authentication approaches are used".
        return Err(bad("InvalidRequest"));
    }
    let mut audiences = vec![format!("{}{TOKEN_PATH}", model.account.rest_base())];
    audiences.extend(request_url(
        req.header(header::HOST),
        TOKEN_PATH,
        shared.options.assume_https,
    ));
    let verified = assertion_check::verify(model, assertion, &audiences, now)?;
    let grant = BearerGrant {
        role: verified.mapping.role,
        entity: verified.mapping.entity,
        scopes: verified.scopes,
        client_id: verified.mapping.client_id.clone(),
        expires: now + access_token::LIFETIME_SECS,
    };
    let token = access_token::issue(
        &grant,
        &verified.application_id,
        &model.account.realm(),
        now,
    );
    let body = json!({
        "access_token": token.expose(),
        "expires_in": access_token::LIFETIME_SECS,
        "token_type": "bearer",
    });
    Ok(with_body(
        StatusCode::OK,
        "application/json;charset=utf-8",
        body.to_string(),
    ))
}
