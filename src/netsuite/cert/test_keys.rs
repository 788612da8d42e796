//! Test-only key material in every form the loaders must tell apart, made at test time (no key
//! files in the repository): fresh keys from rcgen, re-wrapped as PKCS#1, SEC1, PKCS#8 with the
//! RSA-PSS OID, and PKCS#8 for key types NetSuite refuses.

use std::sync::OnceLock;

use pkcs8::PrivateKeyInfoRef;

use super::generate::{Generated, KeyAlgorithm, generate};

/// A fixed start (2027-01-15T08:00:00Z) so dates in messages are exact.
pub const T0: i64 = 1_800_000_000;

/// A key and certificate of `algorithm`, valid from `start` for `days` days.
pub fn pair(algorithm: KeyAlgorithm, days: u32, start: i64) -> Generated {
    generate(
        algorithm,
        days,
        time::OffsetDateTime::from_unix_timestamp(start).unwrap(),
    )
    .unwrap()
}

/// One RSA 3072 pair for the whole test run (generating it takes a while).
pub fn rsa3072() -> &'static Generated {
    static KEY: OnceLock<Generated> = OnceLock::new();
    KEY.get_or_init(|| pair(KeyAlgorithm::Rsa3072, 365, T0))
}

/// PEM text of one block.
pub fn pem_block(tag: &str, der: &[u8]) -> String {
    pem::encode(&pem::Pem::new(tag, der.to_vec()))
}

/// The DER of a PEM private key.
pub fn der_of(key_pem: &str) -> Vec<u8> {
    pem::parse(key_pem).unwrap().into_contents()
}

/// The key inside a PKCS#8 `PrivateKeyInfo`: PKCS#1 `RSAPrivateKey` for RSA, SEC1
/// `ECPrivateKey` (without curve parameters) for EC.
pub fn inner_key(pkcs8_der: &[u8]) -> Vec<u8> {
    PrivateKeyInfoRef::try_from(pkcs8_der)
        .unwrap()
        .private_key
        .as_bytes()
        .to_vec()
}

/// `der` with the first occurrence of `from` replaced by `to`, of the same length (so every DER
/// length stays right): how the tests turn one OID into another.
pub fn replace_once(der: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut der = der.to_vec();
    let at = der
        .windows(from.len())
        .position(|w| w == from)
        .expect("bytes present");
    der[at..at + to.len()].copy_from_slice(to);
    der
}

/// The DER content of OIDs used below (after the `06 len` header, which is included).
pub mod oid_der {
    /// rsaEncryption, 1.2.840.113549.1.1.1.
    pub const RSA_ENCRYPTION: &[u8] = &[6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 1];
    /// id-RSASSA-PSS, 1.2.840.113549.1.1.10.
    pub const RSASSA_PSS: &[u8] = &[6, 9, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 10];
    /// id-ecPublicKey, 1.2.840.10045.2.1.
    pub const EC_PUBLIC_KEY: &[u8] = &[6, 7, 0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 1];
    /// DSA, 1.2.840.10040.4.1 (same length as id-ecPublicKey).
    pub const DSA: &[u8] = &[6, 7, 0x2a, 0x86, 0x48, 0xce, 0x38, 4, 1];
    /// 1.2.840.10045.2.2, an unassigned sibling of id-ecPublicKey.
    pub const EC_SIBLING: &[u8] = &[6, 7, 0x2a, 0x86, 0x48, 0xce, 0x3d, 2, 2];
    /// secp384r1, 1.3.132.0.34.
    pub const P384: &[u8] = &[6, 5, 0x2b, 0x81, 0x04, 0, 34];
    /// secp256k1, 1.3.132.0.10 (same length as secp384r1).
    pub const SECP256K1: &[u8] = &[6, 5, 0x2b, 0x81, 0x04, 0, 10];
    /// secp224r1, 1.3.132.0.33.
    pub const SECP224R1: &[u8] = &[6, 5, 0x2b, 0x81, 0x04, 0, 33];
}

/// A PKCS#8 PEM key: `base` (PKCS#8 PEM) with one OID swapped for another of the same length.
pub fn swapped_oid_pem(base: &str, from: &[u8], to: &[u8]) -> String {
    pem_block("PRIVATE KEY", &replace_once(&der_of(base), from, to))
}

/// An RSA 3072 PKCS#8 key with the id-RSASSA-PSS OID (what `openssl genpkey -algorithm rsa-pss`
/// writes; same key material).
pub fn rsa3072_pss_pem() -> String {
    swapped_oid_pem(
        rsa3072().key_pem.expose(),
        oid_der::RSA_ENCRYPTION,
        oid_der::RSASSA_PSS,
    )
}

/// A PKCS#8 EC key on a curve NetSuite refuses (a P-384 key relabelled: the loader refuses by
/// OID before it reads the key).
pub fn p384_relabelled_pem(curve: &[u8]) -> String {
    let g = pair(KeyAlgorithm::EcP384, 30, T0);
    swapped_oid_pem(g.key_pem.expose(), oid_der::P384, curve)
}

/// A PKCS#8 Ed25519 key.
pub fn ed25519_pem() -> String {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519)
        .unwrap()
        .serialize_pem()
}

/// A self-signed certificate (PEM) over a fresh key of rcgen's `alg`, valid from `not_before`
/// to `not_after` (any length, unlike [`generate`]), with its key (PKCS#8 PEM).
pub fn certificate_between(
    alg: &'static rcgen::SignatureAlgorithm,
    not_before: i64,
    not_after: i64,
) -> (String, String) {
    let key = if *alg == rcgen::PKCS_RSA_SHA256 {
        rcgen::KeyPair::generate_rsa_for(alg, rcgen::RsaKeySize::_2048).unwrap()
    } else {
        rcgen::KeyPair::generate_for(alg).unwrap()
    };
    let mut params = rcgen::CertificateParams::default();
    params.not_before = time::OffsetDateTime::from_unix_timestamp(not_before).unwrap();
    params.not_after = time::OffsetDateTime::from_unix_timestamp(not_after).unwrap();
    let cert = params.self_signed(&key).unwrap().pem();
    (key.serialize_pem(), cert)
}

/// A PEM certificate with one OID swapped for another of the same length.
pub fn swapped_oid_certificate(cert_pem: &str, from: &[u8], to: &[u8]) -> String {
    pem_block("CERTIFICATE", &replace_once(&der_of(cert_pem), from, to))
}
