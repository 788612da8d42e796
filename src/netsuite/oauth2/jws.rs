//! JWS compact serialization (RFC 7515 §7.1), written here rather than taken from a JWT crate:
//! it is twenty lines, and the one popular crate (`jsonwebtoken`) lacks ES512 and would bring a
//! second crypto backend. Signatures come from [`SigningKey`] (aws-lc-rs): ES* in the raw
//! fixed-width `r||s` form JWS requires (RFC 7518 §3.4), never DER.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::netsuite::cert::SigningKey;
use crate::netsuite::cert::key::SignError;

/// The JWS `alg` values nstba signs with (NetSuite no longer accepts RS256 for M2M).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    /// ECDSA P-256 + SHA-256.
    #[serde(rename = "ES256")]
    Es256,
    /// ECDSA P-384 + SHA-384.
    #[serde(rename = "ES384")]
    Es384,
    /// ECDSA P-521 + SHA-512.
    #[serde(rename = "ES512")]
    Es512,
    /// RSASSA-PSS + SHA-256 (salt 32 bytes).
    #[serde(rename = "PS256")]
    Ps256,
}

impl Algorithm {
    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
            Algorithm::Ps256 => "PS256",
        }
    }
}

/// Why a JWS could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    /// Header or claims did not serialize (not expected for nstba's own types).
    #[error("the JWT header or claims could not be encoded as JSON")]
    Json,
    /// The key failed to sign.
    #[error(transparent)]
    Sign(#[from] SignError),
}

/// `base64url(header) . base64url(claims) . base64url(signature)`, no padding.
pub fn encode<H: Serialize, C: Serialize>(
    header: &H,
    claims: &C,
    key: &SigningKey,
) -> Result<String, JwsError> {
    let header = serde_json::to_vec(header).map_err(|_| JwsError::Json)?;
    let claims = serde_json::to_vec(claims).map_err(|_| JwsError::Json)?;
    let mut out = URL_SAFE_NO_PAD.encode(header);
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(claims));
    let signature = key.sign(out.as_bytes())?;
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(out)
}

/// The three segments of a compact JWS, decoded. `None` for anything that is not exactly three
/// base64url segments.
#[derive(Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Header JSON bytes.
    pub header: Vec<u8>,
    /// Payload (claims) bytes.
    pub payload: Vec<u8>,
    /// Signature bytes.
    pub signature: Vec<u8>,
}

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Decoded(<redacted>)")
    }
}

/// Splits and decodes a compact JWS (no verification). Padding is tolerated on decode.
pub fn decode(token: &str) -> Option<Decoded> {
    let mut parts = token.trim().split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let seg = |x: &str| URL_SAFE_NO_PAD.decode(x.trim_end_matches('=')).ok();
    Some(Decoded {
        header: seg(h)?,
        payload: seg(p)?,
        signature: seg(s)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_wrong_shapes_without_panic() {
        for t in ["", ".", "a.b", "a.b.c.d", "!!.e30.e30", "e30.e30.@"] {
            assert!(decode(t).is_none(), "{t:?}");
        }
        let d = decode("e30.e30.").unwrap();
        assert_eq!(d.header, b"{}");
        assert!(d.signature.is_empty());
    }
}

/// Requirements found missing by mutation testing (cargo-mutants, TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

    use super::*;
    use crate::netsuite::cert::{KeyAlgorithm, generate};

    #[test]
    fn alg_names_are_the_jose_names() {
        for (alg, name) in [
            (Algorithm::Es256, "ES256"),
            (Algorithm::Es384, "ES384"),
            (Algorithm::Es512, "ES512"),
            (Algorithm::Ps256, "PS256"),
        ] {
            assert_eq!(alg.as_str(), name);
            assert_eq!(serde_json::to_value(alg).unwrap(), name);
        }
    }

    #[test]
    fn encode_makes_a_compact_jws_whose_signature_verifies() {
        let g = generate(KeyAlgorithm::EcP256, 1, time::OffsetDateTime::now_utc()).unwrap();
        let key = SigningKey::from_pem(g.key_pem.expose()).unwrap();
        let jws = encode(&serde_json::json!({"alg":"ES256"}), &[1, 2], &key).unwrap();
        let d = decode(&jws).unwrap();
        assert_eq!(d.header, br#"{"alg":"ES256"}"#);
        assert_eq!(d.payload, b"[1,2]");
        assert!(!jws.contains('='), "no padding: {jws}");
        // Checked with aws-lc-rs directly: ES256 over `header.payload`, raw r||s of 64 bytes.
        let signed = jws.rsplit_once('.').unwrap().0;
        assert_eq!(d.signature.len(), 64);
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_key_bits())
            .verify(signed.as_bytes(), &d.signature)
            .expect("the signature verifies with the key's public half");
    }

    #[test]
    fn decoded_debug_is_redacted_but_present() {
        let d = decode("e30.e30.c2ln").unwrap();
        assert_eq!(format!("{d:?}"), "Decoded(<redacted>)");
    }
}
