//! The X.509 certificate a user uploads to NetSuite's M2M setup, read with x509-parser: its
//! validity dates and public key, and a verifier for assertions signed with the matching private
//! key (aws-lc-rs `UnparsedPublicKey`).

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use x509_parser::prelude::{FromDer as _, X509Certificate};

use super::oid;
use crate::netsuite::oauth2::jws::Algorithm;

/// What a certificate holds that nstba checks. Owned, so the PEM text can be dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
    /// The `subjectPublicKey` bits: EC point or DER `RSAPublicKey`.
    pub public_key: Vec<u8>,
    /// `RSA` or `EC` (or the OID for anything else).
    pub key_family: String,
    /// Key size in bits (0 when unknown).
    pub key_bits: usize,
    /// The curve for EC keys (`P-256`, …), from the SPKI parameters.
    pub curve: Option<String>,
    /// Whether the PEM text also held a `PRIVATE KEY` block (must never be uploaded).
    pub contains_private_key: bool,
    /// The DER certificate.
    pub der: Vec<u8>,
}

/// Why a certificate could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// No `CERTIFICATE` PEM block and not DER either.
    #[error(
        "no certificate found: expected X.509 in PEM (-----BEGIN CERTIFICATE-----, as .pem/.crt/.cer) or DER"
    )]
    NotFound,
    /// The block is not a valid X.509 certificate.
    #[error("the certificate could not be parsed as X.509: {0}")]
    Invalid(String),
}

impl Certificate {
    /// Reads the first `CERTIFICATE` block of PEM text (or raw DER bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Certificate, CertificateError> {
        let text = String::from_utf8_lossy(bytes);
        let contains_private_key = text.contains("PRIVATE KEY-----");
        let der = match pem::parse_many(bytes) {
            Ok(blocks) if !blocks.is_empty() => blocks
                .into_iter()
                .find(|b| b.tag() == "CERTIFICATE" || b.tag() == "X509 CERTIFICATE")
                .map(pem::Pem::into_contents)
                .ok_or(CertificateError::NotFound)?,
            // Binary DER (`.cer` files are often DER).
            _ if bytes.first() == Some(&0x30) => bytes.to_vec(),
            _ => return Err(CertificateError::NotFound),
        };
        let mut cert = Certificate::from_der(&der)?;
        cert.contains_private_key = contains_private_key;
        Ok(cert)
    }

    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, CertificateError> {
        let (_, x509) =
            X509Certificate::from_der(der).map_err(|e| CertificateError::Invalid(e.to_string()))?;
        let validity = x509.validity();
        let spki = x509.public_key();
        let alg = spki.algorithm.algorithm.to_id_string();
        let (key_family, curve) = if alg == oid::EC_PUBLIC_KEY.to_string() {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| curve_label(&o.to_id_string()));
            ("EC".to_string(), curve)
        } else if alg == oid::RSA_ENCRYPTION.to_string() || alg == oid::RSASSA_PSS.to_string() {
            ("RSA".to_string(), None)
        } else {
            (alg, None)
        };
        let key_bits = match spki.parsed() {
            Ok(x509_parser::public_key::PublicKey::EC(_)) => curve_bits(curve.as_deref()),
            Ok(k) => k.key_size(),
            Err(_) => 0,
        };
        Ok(Certificate {
            not_before: validity.not_before.timestamp(),
            not_after: validity.not_after.timestamp(),
            public_key: spki.subject_public_key.data.to_vec(),
            key_family,
            key_bits,
            curve,
            contains_private_key: false,
            der: der.to_vec(),
        })
    }

    /// Validity length in whole days.
    pub fn validity_days(&self) -> i64 {
        (self.not_after - self.not_before) / 86_400
    }

    /// `RSA 3072`, `EC P-256`, …
    pub fn describe_key(&self) -> String {
        match &self.curve {
            Some(c) => format!("{} {c}", self.key_family),
            None => format!("{} {}", self.key_family, self.key_bits),
        }
    }

    /// Whether `signature` over `message` verifies with this certificate's key under `alg`.
    pub fn verifies(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        let algorithm: &'static dyn VerificationAlgorithm = match alg {
            Algorithm::Es256 => &signature::ECDSA_P256_SHA256_FIXED,
            Algorithm::Es384 => &signature::ECDSA_P384_SHA384_FIXED,
            Algorithm::Es512 => &signature::ECDSA_P521_SHA512_FIXED,
            Algorithm::Ps256 => &signature::RSA_PSS_2048_8192_SHA256,
        };
        UnparsedPublicKey::new(algorithm, &self.public_key)
            .verify(message, signature)
            .is_ok()
    }
}

/// `P-256` for prime256v1's OID, etc.; other curves by OID.
fn curve_label(oid: &str) -> String {
    match oid {
        o if o == oid::P256.to_string() => "P-256".into(),
        o if o == oid::P384.to_string() => "P-384".into(),
        o if o == oid::P521.to_string() => "P-521".into(),
        o => format!("curve {o}"),
    }
}

fn curve_bits(curve: Option<&str>) -> usize {
    match curve {
        Some("P-256") => 256,
        Some("P-384") => 384,
        Some("P-521") => 521,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_refused_without_panic() {
        for b in [
            &b""[..],
            b"hello",
            b"\x30\x03\x02\x01\x00",
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        ] {
            assert!(Certificate::from_bytes(b).is_err());
        }
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::KeyAlgorithm;
    use crate::netsuite::cert::test_keys::{self, T0, oid_der, pair};

    const DAY: i64 = 86_400;

    /// PEM (`CERTIFICATE` or the older `X509 CERTIFICATE` label) and raw DER read the same.
    #[test]
    fn pem_old_label_and_der_read_the_same() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let pem_cert = Certificate::from_bytes(g.cert_pem.as_bytes()).unwrap();
        let der = test_keys::der_of(&g.cert_pem);
        assert_eq!(Certificate::from_bytes(&der).unwrap(), pem_cert);
        let old = test_keys::pem_block("X509 CERTIFICATE", &der);
        assert_eq!(Certificate::from_bytes(old.as_bytes()).unwrap(), pem_cert);
        assert_eq!(pem_cert.der, der);
        assert_eq!(
            (pem_cert.not_before, pem_cert.not_after),
            (T0, T0 + 30 * DAY)
        );
        assert!(!pem_cert.contains_private_key);
    }

    /// Text that is neither PEM nor DER (no leading SEQUENCE byte) is "no certificate found",
    /// not a parse error: the message tells the user which forms are read.
    #[test]
    fn neither_pem_nor_der_is_not_found() {
        for b in [&b""[..], b"hello", b"\x02\x01\x00"] {
            assert_eq!(Certificate::from_bytes(b), Err(CertificateError::NotFound));
        }
        assert!(matches!(
            Certificate::from_bytes(b"\x30\x03\x02\x01\x00"),
            Err(CertificateError::Invalid(_))
        ));
    }

    /// A PEM file with only a key has no certificate; a certificate next to a key is read and
    /// flagged.
    #[test]
    fn key_blocks_are_not_certificates_but_are_flagged() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        assert_eq!(
            Certificate::from_bytes(g.key_pem.expose().as_bytes()),
            Err(CertificateError::NotFound)
        );
        let both = format!("{}{}", g.key_pem.expose(), g.cert_pem);
        assert!(
            Certificate::from_bytes(both.as_bytes())
                .unwrap()
                .contains_private_key
        );
    }

    /// The key is described by family and curve (EC) or size (RSA); an RSA-PSS public key is
    /// RSA too; an unknown curve is named by its OID with size 0.
    #[test]
    fn key_family_curve_and_size() {
        for (alg, curve, bits) in [
            (KeyAlgorithm::EcP256, "P-256", 256),
            (KeyAlgorithm::EcP384, "P-384", 384),
            (KeyAlgorithm::EcP521, "P-521", 521),
        ] {
            let c = Certificate::from_bytes(pair(alg, 30, T0).cert_pem.as_bytes()).unwrap();
            assert_eq!(
                (c.key_family.as_str(), c.curve.as_deref(), c.key_bits),
                ("EC", Some(curve), bits)
            );
            assert_eq!(c.describe_key(), format!("EC {curve}"));
        }
        let rsa_pem = &test_keys::rsa3072().cert_pem;
        let rsa = Certificate::from_bytes(rsa_pem.as_bytes()).unwrap();
        assert_eq!(
            (rsa.key_family.as_str(), rsa.curve.as_deref(), rsa.key_bits),
            ("RSA", None, 3072)
        );
        assert_eq!(rsa.describe_key(), "RSA 3072");
        let pss = test_keys::swapped_oid_certificate(
            rsa_pem,
            oid_der::RSA_ENCRYPTION,
            oid_der::RSASSA_PSS,
        );
        let pss = Certificate::from_bytes(pss.as_bytes()).unwrap();
        assert_eq!(pss.key_family, "RSA");
        let p384 = pair(KeyAlgorithm::EcP384, 30, T0).cert_pem;
        let k1 = test_keys::swapped_oid_certificate(&p384, oid_der::P384, oid_der::SECP256K1);
        let k1 = Certificate::from_bytes(k1.as_bytes()).unwrap();
        assert_eq!(k1.curve.as_deref(), Some("curve 1.3.132.0.10"));
        assert_eq!(k1.key_bits, 0);
    }

    /// Validity is counted in whole days, rounded down.
    #[test]
    fn validity_is_whole_days_rounded_down() {
        let (_, cert) =
            test_keys::certificate_between(&rcgen::PKCS_ECDSA_P256_SHA256, T0, T0 + 2 * DAY - 1);
        assert_eq!(
            Certificate::from_bytes(cert.as_bytes())
                .unwrap()
                .validity_days(),
            1
        );
        let c = Certificate::from_bytes(pair(KeyAlgorithm::EcP256, 365, T0).cert_pem.as_bytes())
            .unwrap();
        assert_eq!(c.validity_days(), 365);
    }

    /// A signature verifies only under the algorithm it was made with.
    #[test]
    fn verification_is_per_algorithm() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let k = crate::netsuite::cert::SigningKey::from_pem(g.key_pem.expose()).unwrap();
        let c = Certificate::from_bytes(g.cert_pem.as_bytes()).unwrap();
        let sig = k.sign(b"m").unwrap();
        assert!(c.verifies(Algorithm::Es256, b"m", &sig));
        for other in [Algorithm::Es384, Algorithm::Es512, Algorithm::Ps256] {
            assert!(!c.verifies(other, b"m", &sig), "{other:?}");
        }
    }
}
