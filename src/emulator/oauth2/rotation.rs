//! The emulated M2M certificate rotation API (reference §1.9) over the certificate mappings of
//! [`super::mapping`]: `GET`/`POST …/clients/<ClientID>/certificates` (list, upload) and
//! `POST …/certificates/<CertificateID>/revoke`, each needing a Bearer token this emulator issued
//! for the `rest_webservices` scope, for the same client, whose role holds Manage own OAuth 2.0
//! Client Credentials certificates.
//!
//! What Oracle documents is played as documented: the paths, the upload body
//! (`fileContent`, `role`, `entity`), at most 5 active certificates per record, one certificate
//! per (record, role, entity), validity shortened to two years, the plain-text
//! `Successfully revoked`, a 403 `INSUFFICIENT_PERMISSION` without the permission. The field
//! lists of the answers are undocumented ([U]): the list is the four fields netsuite-cli reads
//! (`certificate_id`, `algorithm`, `valid_until`, `revoked`) and the upload answer carries them
//! under `details`. NetSuite's wording for a refused upload or revoke is unknown too: by default
//! ([`M2mErrorAnswer::Uniform`]) every refusal is the same bare 400 and only the emulated audit
//! trail says why; [`M2mErrorAnswer::Specific`] names the cause in the `detail`.
//!
//! New certificate ids are base64url(SHA-256(DER)), 43 characters like NetSuite's (whether
//! NetSuite's are such a thumbprint is itself unverified; clients must not rely on it).

use axum::http::{Method, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::M2mErrorAnswer;
use super::access_token::{self, BearerGrant};
use super::mapping::{CertificateMapping, MappedKey};
use crate::emulator::model::AccountModel;
use crate::emulator::responses::{rest_error, with_body};
use crate::emulator::server::{Outcome, Req, Shared};
use crate::emulator::verify::Interface;
use crate::netsuite::oauth2::rotation::{CLIENTS_PREFIX, MAX_ACTIVE, REQUIRED_SCOPE, REVOKED_TEXT};

/// NetSuite shortens longer certificates to two years.
pub const MAX_VALIDITY_SECS: i64 = 730 * 86_400;
/// The permission the mapped role needs (Setup subtab).
pub const PERMISSION: &str = "Manage own OAuth 2.0 Client Credentials certificates";

/// Whether the dispatcher should route `path` here.
pub fn matches(path: &str) -> bool {
    path.starts_with(CLIENTS_PREFIX)
}

/// Which call a path and method name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Call {
    List(String),
    Upload(String),
    Revoke(String, String),
}

fn route(method: &Method, path: &str) -> Option<Call> {
    let rest = path.strip_prefix(CLIENTS_PREFIX)?;
    let parts: Vec<String> = rest
        .split('/')
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    match (method, parts.as_slice()) {
        (&Method::GET, [c, s]) if s == "certificates" => Some(Call::List(c.clone())),
        (&Method::POST, [c, s]) if s == "certificates" => Some(Call::Upload(c.clone())),
        (&Method::POST, [c, s, id, r]) if s == "certificates" && r == "revoke" => {
            Some(Call::Revoke(c.clone(), id.clone()))
        }
        _ => None,
    }
}

/// A refused call: the answer, and the cause for the audit trail.
struct Refused {
    status: StatusCode,
    code: &'static str,
    /// Said only in [`M2mErrorAnswer::Specific`] mode (the audit trail always has it).
    cause: String,
    /// The Login Audit Trail Detail, for a refused login.
    detail: Option<&'static str>,
}

fn bad(cause: impl Into<String>) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        code: "INVALID_REQUEST",
        cause: cause.into(),
        detail: None,
    }
}

fn login_refused(detail: &'static str) -> Refused {
    Refused {
        status: StatusCode::UNAUTHORIZED,
        code: "INVALID_LOGIN",
        cause: format!("login refused: {detail}"),
        detail: Some(detail),
    }
}

const INVALID_LOGIN: &str = "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.";
const NOTE: &str = "OAuth 2.0 certificate rotation API";

impl Refused {
    fn answer(&self, mode: M2mErrorAnswer, rfc9110: bool) -> axum::response::Response {
        let (title, text) = match (self.status, mode) {
            (StatusCode::UNAUTHORIZED, _) => ("Unauthorized", INVALID_LOGIN.to_string()),
            (StatusCode::FORBIDDEN, _) => (
                "Forbidden",
                format!(
                    "Permission Violation: You need  the '{PERMISSION}' permission to access this page. Please contact your account administrator."
                ),
            ),
            (StatusCode::NOT_FOUND, M2mErrorAnswer::Uniform) => ("Not Found", "Not Found".into()),
            (_, M2mErrorAnswer::Uniform) => ("Bad Request", "Invalid request.".into()),
            (s, M2mErrorAnswer::Specific) => {
                (s.canonical_reason().unwrap_or("Error"), self.cause.clone())
            }
        };
        rest_error(self.status, title, self.code, &text, rfc9110)
    }
}

/// Handles one rotation API request.
pub(crate) fn handle(shared: &Shared, req: &Req) -> Outcome {
    let Some(call) = route(&req.method, &req.path) else {
        return Outcome::plain(rest_error(
            StatusCode::NOT_FOUND,
            "Not Found",
            "NONEXISTENT_ID",
            "Not Found",
            shared.options.rfc9110_error_types,
        ));
    };
    let now = shared.now();
    let result = authorize(shared, req, &call, now).and_then(|grant| match &call {
        Call::List(client) => Ok(list(&shared.model(), client, now)),
        Call::Upload(client) => upload(shared, req, client, &grant, now),
        Call::Revoke(client, id) => revoke(shared, client, id),
    });
    match result {
        Ok(response) => Outcome::logged(response, Interface::Restlet, None, Some(NOTE.into())),
        Err(r) => {
            let response = r.answer(
                shared.options.m2m_errors,
                shared.options.rfc9110_error_types,
            );
            let note = format!("{NOTE}: {}", r.cause);
            Outcome::logged(response, Interface::Restlet, r.detail, Some(note))
        }
    }
}

/// Bearer token, scope, the same client, active entity and role, the permission.
fn authorize(shared: &Shared, req: &Req, call: &Call, now: i64) -> Result<BearerGrant, Refused> {
    let raw = req.header(header::AUTHORIZATION).unwrap_or("").trim();
    let token = raw
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .ok_or_else(|| login_refused("InvalidSignature"))?;
    let grant = access_token::verify(token, now).map_err(|r| login_refused(r.detail()))?;
    if !grant.scopes.iter().any(|s| s == REQUIRED_SCOPE) {
        return Err(login_refused("ScopeMismatched"));
    }
    let model = shared.model();
    let active = model.role(grant.role).is_some_and(|r| r.active)
        && model.user(grant.entity).is_some_and(|u| u.active);
    if !active {
        return Err(login_refused("EntityOrRoleDisabled"));
    }
    let client = match call {
        Call::List(c) | Call::Upload(c) | Call::Revoke(c, _) => c,
    };
    let permitted = model.m2m.certificate_managers.contains(&grant.role);
    if !permitted || client != grant.client_id.expose() {
        // Another record's certificates are not "own": the same refusal, telling nothing more.
        return Err(Refused {
            status: StatusCode::FORBIDDEN,
            code: "INSUFFICIENT_PERMISSION",
            cause: format!("the role lacks {PERMISSION}, or the client id is not the token's"),
            detail: None,
        });
    }
    Ok(grant)
}

fn date(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

fn family(key: &MappedKey) -> &'static str {
    match key {
        MappedKey::Ec { .. } => "EC",
        MappedKey::Rsa => "RSA",
        MappedKey::Other(_) => "UNKNOWN",
    }
}

fn describe(m: &CertificateMapping) -> Value {
    json!({
        "certificate_id": m.certificate_id,
        "algorithm": family(&m.key),
        "valid_until": date(m.not_after),
        "revoked": m.revoked,
    })
}

fn list(model: &AccountModel, client: &str, _now: i64) -> axum::response::Response {
    let rows: Vec<Value> = model
        .m2m
        .mappings
        .iter()
        .filter(|m| m.client_id.expose() == client)
        .map(describe)
        .collect();
    with_body(
        StatusCode::OK,
        "application/json;charset=utf-8",
        Value::Array(rows).to_string(),
    )
}

/// What the upload body names.
struct UploadBody {
    file: String,
    role: u32,
    entity: u32,
}

fn parse_upload(body: &[u8]) -> Result<UploadBody, Refused> {
    let v: Value = serde_json::from_slice(body).map_err(|_| bad("the body is not JSON"))?;
    let id = |k: &str| match v.get(k) {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(UploadBody {
        file: v
            .get("fileContent")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("fileContent is missing"))?
            .to_string(),
        role: id("role").ok_or_else(|| bad("role is missing or not an internal id"))?,
        entity: id("entity").ok_or_else(|| bad("entity is missing or not an internal id"))?,
    })
}

fn upload(
    shared: &Shared,
    req: &Req,
    client: &str,
    grant: &BearerGrant,
    now: i64,
) -> Result<axum::response::Response, Refused> {
    let body = parse_upload(&req.body)?;
    if body.file.contains("PRIVATE KEY-----") {
        return Err(bad("fileContent holds a private key"));
    }
    let model = shared.model();
    let user_has_role = model
        .user(body.entity)
        .is_some_and(|u| u.active && u.roles.contains(&body.role));
    if !user_has_role || model.role(body.role).is_none_or(|r| !r.active) {
        return Err(bad(
            "the entity does not have this role, or one is inactive",
        ));
    }
    let mut mapping = CertificateMapping::from_certificate(
        body.file.as_bytes(),
        "",
        &grant.client_id,
        body.entity,
        body.role,
    )
    .map_err(|e| bad(format!("fileContent is not an X.509 certificate: {e}")))?;
    check_key(&mapping.key, &mapping.public_key)?;
    if now >= mapping.not_after || now < mapping.not_before {
        return Err(bad("the certificate is expired or not yet valid"));
    }
    mapping.not_after = mapping
        .not_after
        .min(mapping.not_before + MAX_VALIDITY_SECS);
    mapping.certificate_id = thumbprint(body.file.as_bytes());
    let mut state = shared.lock();
    let mappings = &mut state.model.m2m.mappings;
    if mappings.iter().any(|m| m.public_key == mapping.public_key) {
        return Err(bad(
            "this certificate is already used: one certificate per integration record, role and entity",
        ));
    }
    let active = mappings
        .iter()
        .filter(|m| m.client_id.expose() == client && !m.revoked && m.not_after > now)
        .count();
    if active >= MAX_ACTIVE {
        return Err(bad(format!(
            "the integration record already has {MAX_ACTIVE} active certificates"
        )));
    }
    let mut details = describe(&mapping);
    if let Some(o) = details.as_object_mut() {
        o.remove("revoked");
        o.insert("invalidated".into(), Value::Bool(false));
    }
    mappings.push(mapping);
    Ok(with_body(
        StatusCode::OK,
        "application/json;charset=utf-8",
        json!({ "details": details }).to_string(),
    ))
}

/// RSA 3072/4096, EC P-256/384/521 (what the Setup page accepts).
fn check_key(key: &MappedKey, public_key: &[u8]) -> Result<(), Refused> {
    let ok = match key {
        MappedKey::Ec { curve_oid } => matches!(
            curve_oid.as_str(),
            "1.2.840.10045.3.1.7" | "1.3.132.0.34" | "1.3.132.0.35"
        ),
        MappedKey::Rsa => matches!(rsa_bits(public_key), Some(3072 | 4096)),
        MappedKey::Other(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad(
            "the key type or size is not accepted (RSA 3072/4096, EC P-256/P-384/P-521)",
        ))
    }
}

fn rsa_bits(der: &[u8]) -> Option<usize> {
    use x509_parser::prelude::FromDer as _;
    let (_, key) = x509_parser::public_key::RSAPublicKey::from_der(der).ok()?;
    Some(key.key_size())
}

fn thumbprint(pem_text: &[u8]) -> String {
    let der = pem::parse(pem_text)
        .map(pem::Pem::into_contents)
        .unwrap_or_else(|_| pem_text.to_vec());
    URL_SAFE_NO_PAD.encode(Sha256::digest(&der))
}

fn revoke(shared: &Shared, client: &str, id: &str) -> Result<axum::response::Response, Refused> {
    let mut state = shared.lock();
    let mapping = state
        .model
        .m2m
        .mappings
        .iter_mut()
        .find(|m| m.certificate_id == id && m.client_id.expose() == client)
        .ok_or_else(|| Refused {
            status: StatusCode::NOT_FOUND,
            code: "NONEXISTENT_ID",
            cause: "no certificate with this id for this client".into(),
            detail: None,
        })?;
    if mapping.revoked {
        return Err(bad("the certificate is already revoked"));
    }
    mapping.revoked = true;
    Ok(with_body(
        StatusCode::OK,
        "text/plain;charset=utf-8",
        REVOKED_TEXT,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let p = |s: &str| format!("{CLIENTS_PREFIX}{s}");
        assert_eq!(
            route(&Method::GET, &p("abc/certificates")),
            Some(Call::List("abc".into()))
        );
        assert_eq!(
            route(&Method::POST, &p("abc/certificates")),
            Some(Call::Upload("abc".into()))
        );
        assert_eq!(
            route(&Method::POST, &p("abc/certificates/-x%5F/revoke")),
            Some(Call::Revoke("abc".into(), "-x_".into()))
        );
        for (m, s) in [
            (Method::GET, "abc/certificates/x/revoke"),
            (Method::DELETE, "abc/certificates"),
            (Method::GET, "abc"),
            (Method::POST, "abc/certificates/x/y"),
        ] {
            assert_eq!(route(&m, &p(s)), None, "{m} {s}");
        }
    }

    #[test]
    fn key_rules_follow_the_setup_page() {
        let now = time::OffsetDateTime::now_utc();
        let mapped = |key: &rcgen::KeyPair| {
            let mut params = rcgen::CertificateParams::default();
            params.not_before = now - time::Duration::days(1);
            params.not_after = now + time::Duration::days(30);
            let pem = params.self_signed(key).unwrap().pem();
            CertificateMapping::from_certificate(
                pem.as_bytes(),
                "x",
                &crate::Secret::from("c"),
                1,
                1,
            )
            .unwrap()
        };
        let rsa = |size| rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, size).unwrap();
        let small = mapped(&rsa(rcgen::RsaKeySize::_2048));
        assert!(check_key(&small.key, &small.public_key).is_err());
        let ok = mapped(&rsa(rcgen::RsaKeySize::_3072));
        assert!(check_key(&ok.key, &ok.public_key).is_ok());
        let ec = mapped(&rcgen::KeyPair::generate().unwrap());
        assert!(check_key(&ec.key, &ec.public_key).is_ok());
    }

    #[test]
    fn thumbprints_look_like_netsuite_ids() {
        let t = thumbprint(b"\x30\x00");
        assert_eq!(t.len(), 43);
        assert!(
            t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
