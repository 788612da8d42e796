//! The private key that signs client assertions: loaded from PEM (PKCS#8 including the RSA-PSS
//! OID, SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`), held by aws-lc-rs, and checked against
//! NetSuite's rules: RSA 3072 or 4096 bits, or EC P-256 / P-384 / P-521 (reference §1.7).

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{self, EcdsaKeyPair, EcdsaSigningAlgorithm, KeyPair as _};
use pkcs8::PrivateKeyInfoRef;
use zeroize::Zeroizing;

use super::oid;
use crate::netsuite::oauth2::jws::Algorithm;

/// RSA sizes NetSuite accepts ("The length of the RSA key must be 3072 bits, or 4096 bits").
pub const RSA_BITS: [usize; 2] = [3072, 4096];

/// An elliptic curve NetSuite accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Curve {
    /// NIST P-256 (ES256).
    #[serde(rename = "P-256")]
    P256,
    /// NIST P-384 (ES384).
    #[serde(rename = "P-384")]
    P384,
    /// NIST P-521 (ES512; "P-512" in one Oracle table is a typo).
    #[serde(rename = "P-521")]
    P521,
}

impl Curve {
    /// `P-256`, `P-384` or `P-521`.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// The curve's field size in bits (what `openssl` prints as the key size).
    pub fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }

    fn from_oid(oid: &pkcs8::ObjectIdentifier) -> Result<Curve, KeyError> {
        match *oid {
            o if o == oid::P256 => Ok(Curve::P256),
            o if o == oid::P384 => Ok(Curve::P384),
            o if o == oid::P521 => Ok(Curve::P521),
            _ => Err(KeyError::Curve(oid::curve_name(oid))),
        }
    }

    /// The aws-lc-rs signer: the *fixed* (raw `r||s`) signature form JWS requires, not DER.
    fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        }
    }
}

/// What kind of key it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA of this many bits; `pss_oid` when the PKCS#8 wrapper says id-RSASSA-PSS.
    Rsa {
        /// Modulus size.
        bits: usize,
        /// Loaded from a PKCS#8 key with the RSA-PSS OID (`openssl genpkey -algorithm rsa-pss`).
        pss_oid: bool,
    },
    /// EC on an accepted curve.
    Ec(Curve),
}

impl KeyKind {
    /// The JWS `alg` NetSuite expects for this key (strict: ES* by curve, RSA always PS256).
    pub fn algorithm(self) -> Algorithm {
        match self {
            KeyKind::Rsa { .. } => Algorithm::Ps256,
            KeyKind::Ec(Curve::P256) => Algorithm::Es256,
            KeyKind::Ec(Curve::P384) => Algorithm::Es384,
            KeyKind::Ec(Curve::P521) => Algorithm::Es512,
        }
    }

    /// `RSA 3072`, `EC P-256`, …
    pub fn describe(self) -> String {
        match self {
            KeyKind::Rsa { bits, .. } => format!("RSA {bits}"),
            KeyKind::Ec(c) => format!("EC {}", c.name()),
        }
    }

    /// `RSA` or `EC`.
    pub fn family(self) -> &'static str {
        match self {
            KeyKind::Rsa { .. } => "RSA",
            KeyKind::Ec(_) => "EC",
        }
    }

    /// Key size in bits.
    pub fn bits(self) -> usize {
        match self {
            KeyKind::Rsa { bits, .. } => bits,
            KeyKind::Ec(c) => c.bits(),
        }
    }
}

/// Why a key cannot be used. Messages name what was found and the expected form; they never
/// contain key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Not PEM at all.
    #[error(
        "the private key is not PEM text: expected a block starting with -----BEGIN PRIVATE KEY----- (PKCS#8), -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----"
    )]
    NotPem,
    /// PEM, but no private-key block (a certificate or public key was given).
    #[error(
        "the file holds a {0} block, not a private key: give the private key file (-----BEGIN PRIVATE KEY-----); the certificate goes to --cert"
    )]
    NotAPrivateKey(String),
    /// A password-protected key.
    #[error(
        "the private key is encrypted (password-protected): nstba needs it unencrypted; convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.plain` and keep the result mode 0600"
    )]
    Encrypted,
    /// The DER inside is not what the label says.
    #[error("the private key could not be read: {0}")]
    Unreadable(String),
    /// RSA of a size NetSuite refuses.
    #[error(
        "the RSA key has {0} bits: NetSuite accepts RSA keys of exactly 3072 or 4096 bits (RSA 2048 is refused); generate one with `nstba cert generate --algorithm rsa-3072` or use EC P-256"
    )]
    RsaSize(usize),
    /// EC on a curve NetSuite refuses.
    #[error(
        "the EC key is on {0}: NetSuite accepts only P-256, P-384 and P-521 (ES256, ES384, ES512)"
    )]
    Curve(String),
    /// Some other key type (Ed25519, DSA, …).
    #[error(
        "the private key is {0}: NetSuite accepts RSA (3072/4096 bits) or EC (P-256/P-384/P-521)"
    )]
    UnsupportedType(String),
}

enum Pair {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

/// A loaded private key that signs JWS payloads. `Debug` shows only its kind.
pub struct SigningKey {
    kind: KeyKind,
    pair: Pair,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Signing failed inside aws-lc-rs (not expected for a key that loaded).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("signing with the private key failed")]
pub struct SignError;

impl SigningKey {
    /// Loads the first private key in `text`, refusing encrypted keys and types/sizes NetSuite
    /// refuses.
    pub fn from_pem(text: &str) -> Result<SigningKey, KeyError> {
        let blocks = pem::parse_many(text).map_err(|_| KeyError::NotPem)?;
        let Some(block) = blocks.iter().find(|b| b.tag().ends_with("PRIVATE KEY")) else {
            return Err(match blocks.first() {
                Some(b) => KeyError::NotAPrivateKey(b.tag().to_string()),
                None => KeyError::NotPem,
            });
        };
        let encrypted_header = block
            .headers()
            .get("Proc-Type")
            .is_some_and(|v| v.contains("ENCRYPTED"));
        if block.tag() == "ENCRYPTED PRIVATE KEY" || encrypted_header {
            return Err(KeyError::Encrypted);
        }
        let result = match block.tag() {
            "PRIVATE KEY" => SigningKey::from_pkcs8(block.contents()),
            "RSA PRIVATE KEY" => SigningKey::from_pkcs1(block.contents(), false),
            "EC PRIVATE KEY" => SigningKey::from_sec1(block.contents()),
            other => Err(KeyError::UnsupportedType(format!("a {other} block"))),
        };
        // The decoded DER is key material and `pem` does not zeroize it: wipe it here.
        for b in blocks {
            drop(Zeroizing::new(b.into_contents()));
        }
        result
    }

    /// PKCS#8 `PrivateKeyInfo` (RFC 5208/5958).
    pub fn from_pkcs8(der: &[u8]) -> Result<SigningKey, KeyError> {
        let info = PrivateKeyInfoRef::try_from(der)
            .map_err(|_| KeyError::Unreadable("not a valid PKCS#8 PrivateKeyInfo".into()))?;
        let alg = info.algorithm.oid;
        if alg == oid::RSA_ENCRYPTION || alg == oid::RSASSA_PSS {
            // Both OIDs wrap the same PKCS#1 RSAPrivateKey; aws-lc-rs only takes rsaEncryption in
            // PKCS#8, so unwrap it and load the PKCS#1 key directly.
            SigningKey::from_pkcs1(info.private_key.as_bytes(), alg == oid::RSASSA_PSS)
        } else if alg == oid::EC_PUBLIC_KEY {
            let curve_oid = info.algorithm.parameters_oid().map_err(|_| {
                KeyError::Unreadable(
                    "the EC key does not name its curve (named curve expected)".into(),
                )
            })?;
            let curve = Curve::from_oid(&curve_oid)?;
            let pair = EcdsaKeyPair::from_pkcs8(curve.signing(), der)
                .map_err(|e| KeyError::Unreadable(format!("EC key rejected ({e})")))?;
            Ok(SigningKey {
                kind: KeyKind::Ec(curve),
                pair: Pair::Ec(pair),
            })
        } else {
            Err(KeyError::UnsupportedType(oid::key_type_name(&alg)))
        }
    }

    /// PKCS#1 `RSAPrivateKey`. The size rule is applied before aws-lc-rs sees the key, so a
    /// 1024-bit key gets the size message rather than a generic rejection.
    pub fn from_pkcs1(der: &[u8], pss_oid: bool) -> Result<SigningKey, KeyError> {
        let parsed = pkcs1::RsaPrivateKeyRef::try_from(der)
            .map_err(|_| KeyError::Unreadable("not a valid PKCS#1 RSAPrivateKey".into()))?;
        let bits = modulus_bits(parsed.modulus.as_bytes());
        if !RSA_BITS.contains(&bits) {
            return Err(KeyError::RsaSize(bits));
        }
        let pair = RsaKeyPair::from_der(der)
            .map_err(|e| KeyError::Unreadable(format!("RSA key rejected ({e})")))?;
        Ok(SigningKey {
            kind: KeyKind::Rsa { bits, pss_oid },
            pair: Pair::Rsa(pair),
        })
    }

    /// SEC1 `ECPrivateKey` (RFC 5915), as `openssl ecparam -genkey` writes it.
    pub fn from_sec1(der: &[u8]) -> Result<SigningKey, KeyError> {
        let parsed = sec1::EcPrivateKey::try_from(der)
            .map_err(|_| KeyError::Unreadable("not a valid SEC1 ECPrivateKey".into()))?;
        let named = parsed.parameters.and_then(|p| p.named_curve());
        let candidates: Vec<Curve> = match named {
            Some(o) => vec![Curve::from_oid(&o)?],
            // No parameters: the curve follows from which one accepts the key.
            None => vec![Curve::P256, Curve::P384, Curve::P521],
        };
        for curve in candidates {
            if let Ok(pair) = EcdsaKeyPair::from_private_key_der(curve.signing(), der) {
                return Ok(SigningKey {
                    kind: KeyKind::Ec(curve),
                    pair: Pair::Ec(pair),
                });
            }
        }
        Err(KeyError::Unreadable(
            "EC key rejected by every accepted curve".into(),
        ))
    }

    /// Key type and size.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The JWS `alg` for this key.
    pub fn algorithm(&self) -> Algorithm {
        self.kind.algorithm()
    }

    /// The public key as a certificate carries it in its `subjectPublicKey` bits: the
    /// uncompressed EC point, or the DER `RSAPublicKey`.
    pub fn public_key_bits(&self) -> &[u8] {
        match &self.pair {
            Pair::Ec(p) => p.public_key().as_ref(),
            Pair::Rsa(p) => p.public_key().as_ref(),
        }
    }

    /// Signs `message` with [`SigningKey::algorithm`]: ES* as fixed-width `r||s`, RSA as
    /// RSASSA-PSS with SHA-256 and a 32-byte salt (what JWS `PS256` means).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let rng = SystemRandom::new();
        match &self.pair {
            Pair::Ec(p) => p
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| SignError),
            Pair::Rsa(p) => {
                let mut sig = vec![0; p.public_modulus_len()];
                p.sign(&signature::RSA_PSS_SHA256, &rng, message, &mut sig)
                    .map_err(|_| SignError)?;
                Ok(sig)
            }
        }
    }
}

/// Bits of a big-endian unsigned modulus (leading zero bytes and bits not counted).
fn modulus_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(i) => &bytes[i..],
        None => return 0,
    };
    trimmed.len() * 8 - trimmed[0].leading_zeros() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_bits_counts_significant_bits() {
        assert_eq!(modulus_bits(&[0, 0x80, 0]), 16);
        assert_eq!(modulus_bits(&[0x01, 0xff]), 9);
        assert_eq!(modulus_bits(&[0, 0]), 0);
        assert_eq!(modulus_bits(&[]), 0);
    }

    #[test]
    fn garbage_is_refused_without_panic() {
        for text in [
            "",
            "hello",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        ] {
            assert!(SigningKey::from_pem(text).is_err(), "{text:?}");
        }
        let enc =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(SigningKey::from_pem(enc).unwrap_err(), KeyError::Encrypted);
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            SigningKey::from_pem(legacy).unwrap_err(),
            KeyError::Encrypted
        );
        let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(
            matches!(SigningKey::from_pem(cert), Err(KeyError::NotAPrivateKey(t)) if t == "CERTIFICATE")
        );
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::test_keys::{self, T0, oid_der, pair};
    use crate::netsuite::cert::{Certificate, KeyAlgorithm};

    fn load(pem: &str) -> SigningKey {
        SigningKey::from_pem(pem).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Each accepted curve loads from PKCS#8 with its own name, size and JWS alg (ES512 for
    /// P-521, not "ES521").
    #[test]
    fn each_curve_loads_with_its_name_size_and_alg() {
        for (alg, curve, name, bits, jws) in [
            (
                KeyAlgorithm::EcP256,
                Curve::P256,
                "P-256",
                256,
                Algorithm::Es256,
            ),
            (
                KeyAlgorithm::EcP384,
                Curve::P384,
                "P-384",
                384,
                Algorithm::Es384,
            ),
            (
                KeyAlgorithm::EcP521,
                Curve::P521,
                "P-521",
                521,
                Algorithm::Es512,
            ),
        ] {
            let k = load(pair(alg, 30, T0).key_pem.expose());
            assert_eq!(k.kind(), KeyKind::Ec(curve));
            assert_eq!(k.algorithm(), jws);
            assert_eq!(curve.name(), name);
            assert_eq!(k.kind().bits(), bits);
            assert_eq!(k.kind().family(), "EC");
            assert_eq!(k.kind().describe(), format!("EC {name}"));
        }
    }

    /// RSA 3072 loads from PKCS#8 (rsaEncryption), PKCS#8 with the RSA-PSS OID (flagged) and
    /// PKCS#1, always as the same key signing PS256.
    #[test]
    fn rsa_loads_from_every_wrapper_as_the_same_key() {
        let g = test_keys::rsa3072();
        let plain = load(g.key_pem.expose());
        assert_eq!(
            plain.kind(),
            KeyKind::Rsa {
                bits: 3072,
                pss_oid: false
            }
        );
        assert_eq!(plain.algorithm(), Algorithm::Ps256);
        assert_eq!(plain.kind().family(), "RSA");
        assert_eq!(plain.kind().bits(), 3072);
        assert_eq!(plain.kind().describe(), "RSA 3072");
        let pss = load(&test_keys::rsa3072_pss_pem());
        assert_eq!(
            pss.kind(),
            KeyKind::Rsa {
                bits: 3072,
                pss_oid: true
            }
        );
        let pkcs1_der = test_keys::inner_key(&test_keys::der_of(g.key_pem.expose()));
        let pkcs1 = load(&test_keys::pem_block("RSA PRIVATE KEY", &pkcs1_der));
        assert_eq!(pkcs1.kind(), plain.kind());
        assert_eq!(pkcs1.public_key_bits(), plain.public_key_bits());
        assert_eq!(pss.public_key_bits(), plain.public_key_bits());
    }

    /// A SEC1 `EC PRIVATE KEY` without curve parameters loads on the curve that accepts it.
    #[test]
    fn sec1_keys_load_on_their_curve() {
        for (alg, curve) in [
            (KeyAlgorithm::EcP256, Curve::P256),
            (KeyAlgorithm::EcP384, Curve::P384),
            (KeyAlgorithm::EcP521, Curve::P521),
        ] {
            let g = pair(alg, 30, T0);
            let sec1 = test_keys::inner_key(&test_keys::der_of(g.key_pem.expose()));
            let k = load(&test_keys::pem_block("EC PRIVATE KEY", &sec1));
            assert_eq!(k.kind(), KeyKind::Ec(curve));
            assert_eq!(
                k.public_key_bits(),
                load(g.key_pem.expose()).public_key_bits()
            );
        }
    }

    /// RSA 2048 is refused with its size (NetSuite accepts exactly 3072 or 4096 bits).
    #[test]
    fn rsa_2048_is_refused_with_its_size() {
        let (key, _) = test_keys::certificate_between(&rcgen::PKCS_RSA_SHA256, T0, T0 + 86_400);
        let e = SigningKey::from_pem(&key).unwrap_err();
        assert_eq!(e, KeyError::RsaSize(2048));
        assert!(e.to_string().starts_with("the RSA key has 2048 bits"));
    }

    /// Curves and key types NetSuite refuses are named in the error.
    #[test]
    fn refused_curves_and_types_are_named() {
        assert_eq!(
            SigningKey::from_pem(&test_keys::p384_relabelled_pem(oid_der::SECP256K1)).unwrap_err(),
            KeyError::Curve("secp256k1".into())
        );
        assert_eq!(
            SigningKey::from_pem(&test_keys::p384_relabelled_pem(oid_der::SECP224R1)).unwrap_err(),
            KeyError::Curve("curve OID 1.3.132.0.33".into())
        );
        assert_eq!(
            SigningKey::from_pem(&test_keys::ed25519_pem()).unwrap_err(),
            KeyError::UnsupportedType("Ed25519".into())
        );
        let ec = pair(KeyAlgorithm::EcP256, 30, T0).key_pem;
        for (to, name) in [
            (oid_der::DSA, "DSA"),
            (oid_der::EC_SIBLING, "key type OID 1.2.840.10045.2.2"),
        ] {
            let pem = test_keys::swapped_oid_pem(ec.expose(), oid_der::EC_PUBLIC_KEY, to);
            assert_eq!(
                SigningKey::from_pem(&pem).unwrap_err(),
                KeyError::UnsupportedType(name.into())
            );
        }
        let openssh =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        assert_eq!(
            SigningKey::from_pem(openssh).unwrap_err(),
            KeyError::UnsupportedType("a OPENSSH PRIVATE KEY block".into())
        );
    }

    /// The private key is found after other blocks (a combined cert+key file).
    #[test]
    fn the_private_key_block_is_found_after_a_certificate() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let both = format!("{}{}", g.cert_pem, g.key_pem.expose());
        assert_eq!(load(&both).kind(), KeyKind::Ec(Curve::P256));
    }

    /// `Debug` shows the kind and nothing of the key material.
    #[test]
    fn debug_shows_only_the_kind() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let k = load(g.key_pem.expose());
        assert_eq!(format!("{k:?}"), "SigningKey { kind: Ec(P256), .. }");
    }

    /// Signatures have JWS's fixed sizes (r||s for ES*, the modulus size for PS256) and verify
    /// with the certificate's public key, which is the key's own.
    #[test]
    fn signatures_verify_with_the_certificate() {
        for (g, len) in [
            (pair(KeyAlgorithm::EcP256, 30, T0), 64),
            (pair(KeyAlgorithm::EcP384, 30, T0), 96),
            (pair(KeyAlgorithm::EcP521, 30, T0), 132),
        ] {
            check_signature(&g.key_pem, &g.cert_pem, len);
        }
        let g = test_keys::rsa3072();
        check_signature(&g.key_pem, &g.cert_pem, 384);
    }

    fn check_signature(key_pem: &crate::Secret, cert_pem: &str, len: usize) {
        let k = load(key_pem.expose());
        let c = Certificate::from_bytes(cert_pem.as_bytes()).unwrap();
        assert_eq!(k.public_key_bits(), c.public_key.as_slice());
        let sig = k.sign(b"header.payload").unwrap();
        assert_eq!(sig.len(), len, "{:?}", k.kind());
        assert!(c.verifies(k.algorithm(), b"header.payload", &sig));
        assert!(!c.verifies(k.algorithm(), b"header.payloaD", &sig));
    }
}
