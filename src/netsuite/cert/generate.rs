//! A fresh private key and a self-signed certificate to upload to NetSuite's M2M setup, made with
//! rcgen on aws-lc-rs. NetSuite does not validate subject fields; what matters is the key type
//! and size and a validity of at most two years (reference §1.7).

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, RsaKeySize, SerialNumber};
use time::{Duration, OffsetDateTime};

use crate::Secret;

/// Longest validity nstba generates: NetSuite's maximum is two years.
pub const MAX_DAYS: u32 = 730;

/// The key types `nstba cert generate --algorithm` offers (never RSA 2048, never PKCS#1 v1.5 JWTs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyAlgorithm {
    /// EC P-256, signs ES256 (the default: small, fast, fits every keychain).
    #[default]
    EcP256,
    /// EC P-384, ES384.
    EcP384,
    /// EC P-521, ES512.
    EcP521,
    /// RSA 3072, PS256.
    Rsa3072,
    /// RSA 4096, PS256.
    Rsa4096,
}

impl KeyAlgorithm {
    /// Every value, in the order the CLI lists them.
    pub const ALL: [KeyAlgorithm; 5] = [
        KeyAlgorithm::EcP256,
        KeyAlgorithm::EcP384,
        KeyAlgorithm::EcP521,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
    ];

    /// `ec-p256`, `ec-p384`, `ec-p521`, `rsa-3072`, `rsa-4096`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlgorithm::EcP256 => "ec-p256",
            KeyAlgorithm::EcP384 => "ec-p384",
            KeyAlgorithm::EcP521 => "ec-p521",
            KeyAlgorithm::Rsa3072 => "rsa-3072",
            KeyAlgorithm::Rsa4096 => "rsa-4096",
        }
    }

    /// Parses a CLI value (case-insensitive).
    pub fn parse(s: &str) -> Option<KeyAlgorithm> {
        KeyAlgorithm::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(s.trim()))
    }

    fn key_pair(self) -> Result<KeyPair, rcgen::Error> {
        match self {
            KeyAlgorithm::EcP256 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256),
            KeyAlgorithm::EcP384 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384),
            KeyAlgorithm::EcP521 => KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512),
            KeyAlgorithm::Rsa3072 => {
                KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, RsaKeySize::_3072)
            }
            KeyAlgorithm::Rsa4096 => {
                KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, RsaKeySize::_4096)
            }
        }
    }
}

/// A generated key and certificate.
#[derive(Debug)]
pub struct Generated {
    /// PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    pub key_pem: Secret,
    /// The self-signed certificate, PEM: the file to upload.
    pub cert_pem: String,
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
}

/// Why generation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// `days` outside 1..=730.
    #[error(
        "--days must be between 1 and 730 (got {0}): NetSuite's maximum certificate validity is two years and it shortens longer ones, so the expiry you see would be wrong"
    )]
    Days(u32),
    /// rcgen/aws-lc-rs failed.
    #[error("key or certificate generation failed: {0}")]
    Crypto(String),
}

/// Generates a key of `algorithm` and a certificate valid from `now` for `days` days.
pub fn generate(
    algorithm: KeyAlgorithm,
    days: u32,
    now: OffsetDateTime,
) -> Result<Generated, GenerateError> {
    if days == 0 || days > MAX_DAYS {
        return Err(GenerateError::Days(days));
    }
    let crypto = |e: rcgen::Error| GenerateError::Crypto(e.to_string());
    let key = algorithm.key_pair().map_err(crypto)?;
    let not_before = now.replace_nanosecond(0).unwrap_or(now);
    let not_after = not_before + Duration::days(i64::from(days));
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "nstba M2M client");
    params.distinguished_name = dn;
    params.not_before = not_before;
    params.not_after = not_after;
    params.serial_number = Some(random_serial());
    let cert = params.self_signed(&key).map_err(crypto)?;
    Ok(Generated {
        key_pem: Secret::new(key.serialize_pem()),
        cert_pem: cert.pem(),
        not_before: not_before.unix_timestamp(),
        not_after: not_after.unix_timestamp(),
    })
}

/// 16 random bytes, top bit cleared so the DER INTEGER stays positive (RFC 5280 §4.1.2.2).
fn random_serial() -> SerialNumber {
    let mut b = [0u8; 16];
    let _ = SystemRandom::new().fill(&mut b);
    b[0] = (b[0] & 0x7f) | 0x01;
    SerialNumber::from_slice(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_out_of_range_are_refused_with_the_reason() {
        let now = OffsetDateTime::now_utc();
        let e = generate(KeyAlgorithm::EcP256, 731, now).unwrap_err();
        assert!(e.to_string().contains("two years"));
        assert!(generate(KeyAlgorithm::EcP256, 0, now).is_err());
    }

    #[test]
    fn algorithm_names_round_trip() {
        for a in KeyAlgorithm::ALL {
            assert_eq!(KeyAlgorithm::parse(a.as_str()), Some(a));
        }
        assert_eq!(KeyAlgorithm::parse("rsa-2048"), None);
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::test_keys::{self, T0};
    use crate::netsuite::cert::{Certificate, Curve, KeyKind, SigningKey};

    fn at(t: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(t).unwrap()
    }

    /// 1 and 730 days are allowed (inclusive); 0 and 731 are refused, naming the value.
    #[test]
    fn days_bounds_are_one_to_730_inclusive() {
        for days in [1, MAX_DAYS] {
            let g = generate(KeyAlgorithm::EcP256, days, at(T0)).unwrap();
            assert_eq!(g.not_after - g.not_before, i64::from(days) * 86_400);
        }
        for days in [0, MAX_DAYS + 1] {
            let e = generate(KeyAlgorithm::EcP256, days, at(T0)).unwrap_err();
            assert_eq!(e, GenerateError::Days(days));
            assert!(e.to_string().contains(&format!("(got {days})")), "{e}");
        }
    }

    /// The certificate starts at `now` cut to the whole second and its dates are the ones
    /// reported; the key is PKCS#8 and belongs to the certificate.
    #[test]
    fn certificate_dates_and_key_match_what_is_reported() {
        let now = at(T0).replace_nanosecond(999_999_999).unwrap();
        let g = generate(KeyAlgorithm::EcP384, 30, now).unwrap();
        assert_eq!(g.not_before, T0);
        assert_eq!(g.not_after, T0 + 30 * 86_400);
        let c = Certificate::from_bytes(g.cert_pem.as_bytes()).unwrap();
        assert_eq!((c.not_before, c.not_after), (g.not_before, g.not_after));
        assert!(
            g.key_pem
                .expose()
                .starts_with("-----BEGIN PRIVATE KEY-----")
        );
        let k = SigningKey::from_pem(g.key_pem.expose()).unwrap();
        assert_eq!(k.kind(), KeyKind::Ec(Curve::P384));
        assert_eq!(k.public_key_bits(), c.public_key.as_slice());
    }

    /// Each algorithm makes the key it names.
    #[test]
    fn each_algorithm_makes_its_key() {
        for (alg, kind) in [
            (KeyAlgorithm::EcP256, KeyKind::Ec(Curve::P256)),
            (KeyAlgorithm::EcP521, KeyKind::Ec(Curve::P521)),
        ] {
            let g = generate(alg, 30, at(T0)).unwrap();
            assert_eq!(
                SigningKey::from_pem(g.key_pem.expose()).unwrap().kind(),
                kind
            );
        }
        let rsa = SigningKey::from_pem(test_keys::rsa3072().key_pem.expose()).unwrap();
        assert_eq!(
            rsa.kind(),
            KeyKind::Rsa {
                bits: 3072,
                pss_oid: false
            }
        );
    }

    /// Serial numbers are positive and a full 16 bytes (RFC 5280 §4.1.2.2: positive, at most
    /// 20 octets; a zero first byte would make the DER shorter), and differ between calls.
    #[test]
    fn serials_are_positive_sixteen_bytes() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let b = random_serial().to_bytes();
            assert_eq!(b.len(), 16);
            assert!((0x01..=0x7f).contains(&b[0]), "{b:02x?}");
            seen.insert(b);
        }
        assert!(seen.len() > 1990, "serials repeat");
    }

    /// Algorithm names are read case-insensitively and trimmed.
    #[test]
    fn algorithm_names_are_case_insensitive_and_trimmed() {
        assert_eq!(KeyAlgorithm::parse(" EC-P384 "), Some(KeyAlgorithm::EcP384));
        assert_eq!(KeyAlgorithm::parse("RSA-4096"), Some(KeyAlgorithm::Rsa4096));
        assert_eq!(KeyAlgorithm::parse(""), None);
        assert_eq!(KeyAlgorithm::default(), KeyAlgorithm::EcP256);
    }
}
