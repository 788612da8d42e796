//! The emulator's own verification of a client assertion: it splits and decodes the JWS itself
//! and verifies the signature with aws-lc-rs `UnparsedPublicKey` against the mapped
//! certificate's key, never through the client's signer. Each refusal carries the Login Audit
//! Trail Detail the emulator records and the class of OAuth error it answers with.

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::mapping::{CertificateMapping, M2mSetup, MappedKey};
use super::{Refusal, RefusalKind};
use crate::emulator::model::{AccountModel, IntegrationState};

/// Longest assertion lifetime NetSuite allows ("less than 60 minutes greater than iat"; Oracle's
/// own sample uses exactly 3600, so 3600 is allowed).
pub const MAX_LIFETIME: i64 = 3600;
/// How far in the future `iat` may be (clock tolerance; NetSuite's is undocumented).
pub const IAT_LEEWAY: i64 = 60;
/// Scope names NetSuite knows.
pub const KNOWN_SCOPES: [&str; 3] = ["restlets", "rest_webservices", "suite_analytics"];

/// A verified assertion.
#[derive(Debug, Clone)]
pub struct Verified<'m> {
    /// The mapping the `kid` named.
    pub mapping: &'m CertificateMapping,
    /// The record's Application ID.
    pub application_id: String,
    /// Scopes granted: those requested that are ticked on the record.
    pub scopes: Vec<String>,
}

fn refuse(kind: RefusalKind, detail: &'static str) -> Refusal {
    Refusal { kind, detail }
}

/// Verifies `assertion` for the account at `now`; `audiences` are the token URLs accepted as
/// `aud` (the URL the request came in on, and the account's real token URL).
pub fn verify<'m>(
    model: &'m AccountModel,
    assertion: &str,
    audiences: &[String],
    now: i64,
) -> Result<Verified<'m>, Refusal> {
    let setup: &M2mSetup = &model.m2m;
    let malformed = || refuse(RefusalKind::Request, "MalformedAssertion");
    let segments: Vec<&str> = assertion.split('.').collect();
    let [h, p, s] = segments.as_slice() else {
        return Err(malformed());
    };
    let header = json_object(h).ok_or_else(malformed)?;
    let claims = json_object(p).ok_or_else(malformed)?;
    let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| malformed())?;
    if header.get("typ").and_then(Value::as_str) != Some("JWT") {
        return Err(refuse(RefusalKind::Client, "InvalidHeader"));
    }
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
    if !matches!(
        alg,
        "ES256" | "ES384" | "ES512" | "PS256" | "PS384" | "PS512"
    ) {
        // RS256 (PKCS#1 v1.5) has not been accepted since March 2025.
        return Err(refuse(RefusalKind::Client, "UnsupportedAlgorithm"));
    }
    let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
    if !setup.feature_enabled {
        return Err(refuse(RefusalKind::Unauthorized, "FeatureDisabled"));
    }
    let record = model
        .integration(iss)
        .ok_or_else(|| refuse(RefusalKind::Client, "InvalidClient"))?;
    if record.state != IntegrationState::Enabled {
        return Err(refuse(RefusalKind::Unauthorized, "IntegrationBlocked"));
    }
    let client = setup
        .client(iss)
        .filter(|c| c.client_credentials_grant)
        .ok_or_else(|| {
            refuse(
                RefusalKind::Unauthorized,
                "ClientCredentialsGrantNotAllowed",
            )
        })?;
    let kid = header.get("kid").and_then(Value::as_str).unwrap_or("");
    let mapping = setup
        .mapping(iss, kid)
        .ok_or_else(|| refuse(RefusalKind::Client, "UnknownCertificate"))?;
    if mapping.revoked {
        return Err(refuse(RefusalKind::Client, "CertificateRevoked"));
    }
    if now >= mapping.not_after || now < mapping.not_before {
        return Err(refuse(RefusalKind::Client, "CertificateExpired"));
    }
    let signing_input = &assertion[..h.len() + 1 + p.len()];
    if !signature_ok(mapping, alg, signing_input.as_bytes(), &sig) {
        return Err(refuse(RefusalKind::Client, "InvalidSignature"));
    }
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    if !audiences.iter().any(|a| a == aud) {
        return Err(refuse(RefusalKind::Client, "InvalidAudience"));
    }
    check_times(&claims, now)?;
    // The token gets the requested scopes the record has ticked; none ticked is ScopeMismatched.
    // (Whether NetSuite refuses a partly unticked request instead is undocumented [U].)
    let scopes: Vec<String> = scopes(&claims)?
        .into_iter()
        .filter(|s| client.scopes.contains(s))
        .collect();
    if scopes.is_empty() {
        return Err(refuse(RefusalKind::Scope, "ScopeMismatched"));
    }
    Ok(Verified {
        mapping,
        application_id: client.application_id.clone(),
        scopes,
    })
}

/// `iat`/`exp`: integers, `exp` after now and after `iat`, lifetime ≤ 3600, `iat` not ahead.
fn check_times(claims: &Map<String, Value>, now: i64) -> Result<(), Refusal> {
    let int = |k: &str| claims.get(k).and_then(Value::as_i64);
    let (Some(iat), Some(exp)) = (int("iat"), int("exp")) else {
        return Err(refuse(RefusalKind::Request, "MalformedAssertion"));
    };
    if exp <= iat || exp - iat > MAX_LIFETIME {
        return Err(refuse(RefusalKind::Client, "InvalidAssertionLifetime"));
    }
    if now >= exp {
        return Err(refuse(RefusalKind::Client, "AssertionExpired"));
    }
    if iat > now + IAT_LEEWAY {
        return Err(refuse(RefusalKind::Client, "AssertionIssuedInFuture"));
    }
    Ok(())
}

/// `scope` as a JSON array or a comma/space-separated string; unknown names are refused.
fn scopes(claims: &Map<String, Value>) -> Result<Vec<String>, Refusal> {
    let list: Vec<String> = match claims.get("scope") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .unwrap_or_default(),
        Some(Value::String(s)) => s
            .split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect(),
        _ => vec![],
    };
    if list.is_empty() || list.iter().any(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
        return Err(refuse(RefusalKind::Scope, "InvalidScope"));
    }
    Ok(list)
}

fn json_object(segment: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// The `alg` must fit the mapped key (ES* strictly by curve) and the signature must verify.
fn signature_ok(mapping: &CertificateMapping, alg: &str, message: &[u8], sig: &[u8]) -> bool {
    let algorithm: &'static dyn VerificationAlgorithm = match (&mapping.key, alg) {
        (MappedKey::Ec { curve_oid }, "ES256") if curve_oid == "1.2.840.10045.3.1.7" => {
            &signature::ECDSA_P256_SHA256_FIXED
        }
        (MappedKey::Ec { curve_oid }, "ES384") if curve_oid == "1.3.132.0.34" => {
            &signature::ECDSA_P384_SHA384_FIXED
        }
        (MappedKey::Ec { curve_oid }, "ES512") if curve_oid == "1.3.132.0.35" => {
            &signature::ECDSA_P521_SHA512_FIXED
        }
        (MappedKey::Rsa, "PS256") => &signature::RSA_PSS_2048_8192_SHA256,
        (MappedKey::Rsa, "PS384") => &signature::RSA_PSS_2048_8192_SHA384,
        (MappedKey::Rsa, "PS512") => &signature::RSA_PSS_2048_8192_SHA512,
        _ => return false,
    };
    UnparsedPublicKey::new(algorithm, &mapping.public_key)
        .verify(message, sig)
        .is_ok()
}
