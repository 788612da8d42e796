//! The local pre-flight of a key and certificate (check `key`): everything NetSuite would refuse,
//! found before anything is sent. Each finding names the diagnosis code it feeds
//! (`key-unusable`, `certificate-expired`, `algorithm-rejected`).

use serde::Serialize;

use super::{Certificate, SigningKey};
use crate::Secret;
use crate::netsuite::oauth2::assertion::{self, AssertionInput, ScopeForm};
use crate::netsuite::oauth2::jws;

/// Warn this many days before the certificate ends (NetSuite mails at 60/30/14 days).
pub const EXPIRY_WARNING_DAYS: i64 = 60;
/// NetSuite's maximum validity (it shortens longer certificates to two years).
pub const MAX_VALIDITY_DAYS: i64 = 730;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Checked and fine.
    Ok,
    /// Works today, but needs attention.
    Warning,
    /// NetSuite will refuse it.
    Error,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id: `key`, `key-format`, `key-file` (CLI: file mode), `certificate`,
    /// `certificate-file`, `key-match`, `expiry`, `validity`, `self-verify`.
    pub id: &'static str,
    /// Severity.
    pub severity: Severity,
    /// The diagnosis code it supports, when not ok.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What was found, naming the field and the expected form.
    pub message: String,
}

impl Finding {
    fn ok(id: &'static str, message: String) -> Finding {
        Finding {
            id,
            severity: Severity::Ok,
            code: None,
            message,
        }
    }

    fn bad(id: &'static str, severity: Severity, code: &'static str, message: String) -> Finding {
        Finding {
            id,
            severity,
            code: Some(code),
            message,
        }
    }
}

/// The key, as reported (never its material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// `RSA` or `EC`.
    #[serde(rename = "type")]
    pub family: &'static str,
    /// Bits (curve size for EC).
    pub bits: usize,
    /// The curve for EC keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<&'static str>,
    /// The JWS `alg` nstba will sign with.
    pub alg: &'static str,
}

/// The certificate, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    /// `EC P-256`, `RSA 3072`, …
    pub key: String,
    /// RFC 3339.
    pub not_before: String,
    /// RFC 3339.
    pub not_after: String,
    /// Whole days.
    pub validity_days: i64,
}

/// Every finding plus summaries; `ok` when no finding is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// No errors (warnings allowed).
    pub ok: bool,
    /// The key, when it loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeySummary>,
    /// The certificate, when it parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSummary>,
    /// Findings in check order.
    pub findings: Vec<Finding>,
}

/// Runs the checks on a key (PEM text) and optionally a certificate (PEM or DER), at `now`.
pub fn check(key_pem: &Secret, certificate: Option<&[u8]>, now: i64) -> Report {
    let mut findings = Vec::new();
    let key = match SigningKey::from_pem(key_pem.expose()) {
        Ok(k) => {
            let kind = k.kind();
            findings.push(Finding::ok(
                "key",
                format!(
                    "{} private key, signs {}",
                    kind.describe(),
                    k.algorithm().as_str()
                ),
            ));
            if matches!(kind, super::KeyKind::Rsa { pss_oid: true, .. }) {
                // nstba reads it; some other tools (and older libraries) cannot.
                findings.push(Finding {
                    id: "key-format",
                    severity: Severity::Warning,
                    code: None,
                    message: "the key is PKCS#8 with the RSA-PSS OID (openssl -algorithm rsa-pss): nstba accepts it (the key material is a plain RSA key), but some other tools and libraries cannot load this form".into(),
                });
            }
            Some(k)
        }
        Err(e) => {
            findings.push(Finding::bad(
                "key",
                Severity::Error,
                "key-unusable",
                e.to_string(),
            ));
            None
        }
    };
    let cert = certificate.and_then(|bytes| match Certificate::from_bytes(bytes) {
        Ok(c) => {
            findings.push(Finding::ok(
                "certificate",
                format!("X.509 certificate, {} public key", c.describe_key()),
            ));
            Some(c)
        }
        Err(e) => {
            findings.push(Finding::bad(
                "certificate",
                Severity::Error,
                "key-unusable",
                e.to_string(),
            ));
            None
        }
    });
    if let Some(c) = &cert {
        certificate_findings(c, now, &mut findings);
        if let Some(k) = &key {
            pair_findings(k, c, &mut findings);
        }
    }
    Report {
        ok: findings.iter().all(|f| f.severity != Severity::Error),
        key: key.as_ref().map(summarize_key),
        certificate: cert.as_ref().map(summarize_cert),
        findings,
    }
}

/// The checks a certificate gets before it is uploaded (`nstba cert upload`, the wizard): it
/// parses, holds no private key, its key type and size are ones NetSuite accepts, it is valid now
/// and for at most two years. No private key is needed.
pub fn check_certificate(certificate: &[u8], now: i64) -> Report {
    let mut findings = Vec::new();
    let cert = match Certificate::from_bytes(certificate) {
        Ok(c) => Some(c),
        Err(e) => {
            findings.push(Finding::bad(
                "certificate",
                Severity::Error,
                "key-unusable",
                e.to_string(),
            ));
            None
        }
    };
    if let Some(c) = &cert {
        findings.push(certificate_key_finding(c));
        certificate_findings(c, now, &mut findings);
    }
    Report {
        ok: findings.iter().all(|f| f.severity != Severity::Error),
        key: None,
        certificate: cert.as_ref().map(summarize_cert),
        findings,
    }
}

/// The certificate's public key against NetSuite's rules (RSA 3072/4096, EC P-256/384/521).
fn certificate_key_finding(c: &Certificate) -> Finding {
    let accepted = match (c.key_family.as_str(), c.curve.as_deref()) {
        ("EC", Some("P-256" | "P-384" | "P-521")) => true,
        ("RSA", _) => super::key::RSA_BITS.contains(&c.key_bits),
        _ => false,
    };
    if accepted {
        Finding::ok(
            "certificate",
            format!("X.509 certificate, {} public key", c.describe_key()),
        )
    } else {
        Finding::bad(
            "certificate",
            Severity::Error,
            "key-unusable",
            format!(
                "the certificate's public key is {}: NetSuite accepts only RSA 3072 or 4096 bits and EC P-256, P-384 or P-521; generate a new key and certificate (`nstba cert generate`)",
                c.describe_key()
            ),
        )
    }
}

/// File content, expiry and validity length.
fn certificate_findings(c: &Certificate, now: i64, out: &mut Vec<Finding>) {
    if c.contains_private_key {
        out.push(Finding::bad(
            "certificate-file",
            Severity::Error,
            "key-unusable",
            "the certificate file also contains a PRIVATE KEY block: upload a file with only the -----BEGIN CERTIFICATE----- block; the private key must never leave this machine".into(),
        ));
    }
    let days_left = (c.not_after - now).div_euclid(86_400);
    if now >= c.not_after {
        out.push(Finding::bad("expiry", Severity::Error, "certificate-expired",
            format!("the certificate expired on {} (notAfter): NetSuite refuses it; generate a new one (`nstba cert generate`) and create a new mapping", rfc3339(c.not_after))));
    } else if now < c.not_before {
        out.push(Finding::bad(
            "expiry",
            Severity::Error,
            "certificate-expired",
            format!(
                "the certificate is not valid before {} (notBefore): check this machine's clock",
                rfc3339(c.not_before)
            ),
        ));
    } else if days_left < EXPIRY_WARNING_DAYS {
        out.push(Finding::bad("expiry", Severity::Warning, "certificate-expired",
            format!("the certificate expires on {} ({days_left} days): upload its replacement first, then revoke it", rfc3339(c.not_after))));
    } else {
        out.push(Finding::ok(
            "expiry",
            format!("valid until {} ({days_left} days)", rfc3339(c.not_after)),
        ));
    }
    let days = c.validity_days();
    if days > MAX_VALIDITY_DAYS {
        out.push(Finding::bad("validity", Severity::Warning, "certificate-expired",
            format!("the certificate is valid for {days} days: NetSuite's maximum is 730 days (two years) and it shortens longer ones, so it will expire earlier than the file says")));
    } else {
        out.push(Finding::ok(
            "validity",
            format!("validity {days} days (at most 730)"),
        ));
    }
}

/// Key ↔ certificate: same public key, and an assertion signed by the key verifies with the
/// certificate (catches a mismatch before NetSuite does).
fn pair_findings(k: &SigningKey, c: &Certificate, out: &mut Vec<Finding>) {
    if k.public_key_bits() != c.public_key.as_slice() {
        out.push(Finding::bad("key-match", Severity::Error, "key-unusable",
            format!("the certificate's public key ({}) is not the private key's ({}): upload the certificate made with this key, or use the key that belongs to this certificate", c.describe_key(), k.kind().describe())));
        return;
    }
    out.push(Finding::ok(
        "key-match",
        "the certificate's public key is the private key's".into(),
    ));
    let scopes = ["rest_webservices".to_string()];
    let input = AssertionInput {
        client_id: "nstba-self-check",
        certificate_id: "nstba-self-check",
        scopes: &scopes,
        token_url: "https://self-check.invalid/services/rest/auth/oauth2/v1/token",
        now: 0,
        scope_form: ScopeForm::Array,
    };
    let verified = assertion::sign(k, &input).ok().is_some_and(|jwt| {
        let text = jwt.expose();
        let signing_input = text.rsplit_once('.').map(|(a, _)| a).unwrap_or("");
        jws::decode(text)
            .is_some_and(|d| c.verifies(k.algorithm(), signing_input.as_bytes(), &d.signature))
    });
    if verified {
        out.push(Finding::ok(
            "self-verify",
            format!(
                "a test {} assertion verifies with the certificate",
                k.algorithm().as_str()
            ),
        ));
    } else {
        out.push(Finding::bad("self-verify", Severity::Error, "algorithm-rejected",
            format!("a test {} assertion does not verify with the certificate's public key: NetSuite would refuse every token request", k.algorithm().as_str())));
    }
}

fn summarize_key(k: &SigningKey) -> KeySummary {
    let kind = k.kind();
    KeySummary {
        family: kind.family(),
        bits: kind.bits(),
        curve: match kind {
            super::KeyKind::Ec(c) => Some(c.name()),
            super::KeyKind::Rsa { .. } => None,
        },
        alg: k.algorithm().as_str(),
    }
}

fn summarize_cert(c: &Certificate) -> CertificateSummary {
    CertificateSummary {
        key: c.describe_key(),
        not_before: rfc3339(c.not_before),
        not_after: rfc3339(c.not_after),
        validity_days: c.validity_days(),
    }
}

/// Unix seconds as RFC 3339 UTC (the raw number when out of range).
pub fn rfc3339(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::test_keys::{self, T0, oid_der, pair};
    use crate::netsuite::cert::{Generated, KeyAlgorithm};

    const DAY: i64 = 86_400;

    fn finding<'a>(r: &'a Report, id: &str) -> &'a Finding {
        r.findings
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("no {id} finding: {r:#?}"))
    }

    fn check_pair(g: &Generated, now: i64) -> Report {
        check(&g.key_pem, Some(g.cert_pem.as_bytes()), now)
    }

    fn ids(r: &Report) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.id).collect()
    }

    /// A matching pair inside its validity passes every check, in check order, and the
    /// summaries name the key, its JWS alg and the exact dates.
    #[test]
    fn a_matching_pair_passes_every_check_with_exact_summaries() {
        let g = pair(KeyAlgorithm::EcP384, 365, T0);
        let r = check_pair(&g, T0 + DAY);
        assert!(r.ok, "{r:#?}");
        assert_eq!(
            ids(&r),
            [
                "key",
                "certificate",
                "expiry",
                "validity",
                "key-match",
                "self-verify"
            ]
        );
        assert!(
            r.findings
                .iter()
                .all(|f| f.severity == Severity::Ok && f.code.is_none())
        );
        assert_eq!(
            finding(&r, "key").message,
            "EC P-384 private key, signs ES384"
        );
        assert_eq!(
            finding(&r, "certificate").message,
            "X.509 certificate, EC P-384 public key"
        );
        assert_eq!(
            finding(&r, "self-verify").message,
            "a test ES384 assertion verifies with the certificate"
        );
        assert_eq!(
            r.key,
            Some(KeySummary {
                family: "EC",
                bits: 384,
                curve: Some("P-384"),
                alg: "ES384"
            })
        );
        assert_eq!(
            r.certificate,
            Some(CertificateSummary {
                key: "EC P-384".into(),
                not_before: "2027-01-15T08:00:00Z".into(),
                not_after: "2028-01-15T08:00:00Z".into(),
                validity_days: 365
            })
        );
    }

    /// The validity window is [notBefore, notAfter): before it the clock is suspect, at notAfter
    /// the certificate is expired; both are errors feeding `certificate-expired`.
    #[test]
    fn validity_window_includes_not_before_and_excludes_not_after() {
        let g = pair(KeyAlgorithm::EcP256, 90, T0);
        let not_after = T0 + 90 * DAY;
        let expiry = |now| {
            let r = check_pair(&g, now);
            let f = finding(&r, "expiry").clone();
            (r.ok, f)
        };
        let (ok, f) = expiry(T0 - 1);
        assert!(!ok);
        assert_eq!(
            (f.severity, f.code),
            (Severity::Error, Some("certificate-expired"))
        );
        assert_eq!(
            f.message,
            "the certificate is not valid before 2027-01-15T08:00:00Z (notBefore): check this machine's clock"
        );
        let (ok, f) = expiry(T0);
        assert!(ok);
        assert_eq!(f.severity, Severity::Ok);
        assert_eq!(f.message, "valid until 2027-04-15T08:00:00Z (90 days)");
        let (ok, f) = expiry(not_after - 1);
        assert!(ok, "the last second is still valid (with a warning)");
        assert_eq!(f.severity, Severity::Warning);
        for now in [not_after, not_after + 1] {
            let (ok, f) = expiry(now);
            assert!(!ok);
            assert_eq!(
                (f.severity, f.code),
                (Severity::Error, Some("certificate-expired"))
            );
            assert!(
                f.message
                    .starts_with("the certificate expired on 2027-04-15T08:00:00Z (notAfter)"),
                "{}",
                f.message
            );
        }
    }

    /// The warning starts when fewer than EXPIRY_WARNING_DAYS whole days are left: exactly 60
    /// days left is fine, one second less is a warning (that still passes).
    #[test]
    fn expiry_warning_starts_below_sixty_whole_days() {
        let g = pair(KeyAlgorithm::EcP256, 90, T0);
        let not_after = T0 + 90 * DAY;
        let at_60 = not_after - EXPIRY_WARNING_DAYS * DAY;
        let r = check_pair(&g, at_60);
        let f = finding(&r, "expiry");
        assert_eq!(f.severity, Severity::Ok, "{f:?}");
        assert!(f.message.ends_with("(60 days)"), "{}", f.message);
        let r = check_pair(&g, at_60 + 1);
        assert!(r.ok, "a warning is not an error");
        let f = finding(&r, "expiry");
        assert_eq!(
            (f.severity, f.code),
            (Severity::Warning, Some("certificate-expired"))
        );
        assert_eq!(
            f.message,
            "the certificate expires on 2027-04-15T08:00:00Z (59 days): upload its replacement first, then revoke it"
        );
    }

    /// Validity up to MAX_VALIDITY_DAYS (730) is fine; 731 days is a warning (NetSuite shortens
    /// it), not an error.
    #[test]
    fn validity_longer_than_730_days_is_a_warning() {
        let g = pair(KeyAlgorithm::EcP256, 730, T0);
        let r = check_pair(&g, T0);
        let f = finding(&r, "validity");
        assert_eq!(f.severity, Severity::Ok);
        assert_eq!(f.message, "validity 730 days (at most 730)");
        let (key, cert) =
            test_keys::certificate_between(&rcgen::PKCS_ECDSA_P256_SHA256, T0, T0 + 731 * DAY);
        let r = check(&Secret::new(key), Some(cert.as_bytes()), T0);
        assert!(r.ok, "{r:#?}");
        let f = finding(&r, "validity");
        assert_eq!(
            (f.severity, f.code),
            (Severity::Warning, Some("certificate-expired"))
        );
        assert!(
            f.message
                .starts_with("the certificate is valid for 731 days"),
            "{}",
            f.message
        );
        assert_eq!(r.certificate.unwrap().validity_days, 731);
    }

    /// A key that is not the certificate's is an error naming both keys, and the signature
    /// self-test is not run on a mismatched pair.
    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let key = pair(KeyAlgorithm::EcP384, 30, T0);
        let cert = pair(KeyAlgorithm::EcP256, 30, T0);
        let r = check(&key.key_pem, Some(cert.cert_pem.as_bytes()), T0);
        assert!(!r.ok);
        let f = finding(&r, "key-match");
        assert_eq!(
            (f.severity, f.code),
            (Severity::Error, Some("key-unusable"))
        );
        assert!(
            f.message.starts_with(
                "the certificate's public key (EC P-256) is not the private key's (EC P-384)"
            ),
            "{}",
            f.message
        );
        assert!(!ids(&r).contains(&"self-verify"));
        // Same curve, different key: still a mismatch.
        let other = pair(KeyAlgorithm::EcP384, 30, T0);
        let r = check(&key.key_pem, Some(other.cert_pem.as_bytes()), T0);
        assert_eq!(finding(&r, "key-match").severity, Severity::Error);
    }

    /// A certificate file that also holds the private key is an error (it must never be
    /// uploaded), in both entry points.
    #[test]
    fn a_certificate_file_with_a_private_key_is_refused() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let both = format!("{}{}", g.cert_pem, g.key_pem.expose());
        for r in [
            check(&g.key_pem, Some(both.as_bytes()), T0),
            check_certificate(both.as_bytes(), T0),
        ] {
            assert!(!r.ok);
            let f = finding(&r, "certificate-file");
            assert_eq!(
                (f.severity, f.code),
                (Severity::Error, Some("key-unusable"))
            );
        }
        assert!(!ids(&check_pair(&g, T0)).contains(&"certificate-file"));
    }

    /// An unusable key is an error (`key-unusable`) with the loader's message, and no key
    /// summary; without a certificate only the key is checked.
    #[test]
    fn key_only_checks() {
        let r = check(&Secret::new("hello".into()), None, T0);
        assert!(!r.ok);
        assert_eq!(r.key, None);
        assert_eq!(
            r.findings,
            [Finding {
                id: "key",
                severity: Severity::Error,
                code: Some("key-unusable"),
                message: crate::netsuite::cert::KeyError::NotPem.to_string(),
            }]
        );
        let g = pair(KeyAlgorithm::EcP521, 30, T0);
        let r = check(&g.key_pem, None, T0);
        assert!(r.ok);
        assert_eq!(ids(&r), ["key"]);
        assert_eq!(r.certificate, None);
        assert_eq!(r.key.unwrap().alg, "ES512");
    }

    /// A certificate that does not parse is an error, and nothing is checked on it.
    #[test]
    fn an_unreadable_certificate_is_an_error() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let r = check(&g.key_pem, Some(b"not a certificate"), T0);
        assert!(!r.ok);
        assert_eq!(ids(&r), ["key", "certificate"]);
        let f = finding(&r, "certificate");
        assert_eq!(
            (f.severity, f.code),
            (Severity::Error, Some("key-unusable"))
        );
        assert_eq!(r.certificate, None);
        let r = check_certificate(b"not a certificate", T0);
        assert!(!r.ok);
        assert_eq!(ids(&r), ["certificate"]);
    }

    /// An RSA key with the RSA-PSS OID is accepted with a warning (other tools cannot load it),
    /// and an RSA key signs PS256 with no curve.
    #[test]
    fn rsa_pss_oid_key_is_a_warning_and_rsa_signs_ps256() {
        let g = test_keys::rsa3072();
        let pss = Secret::new(test_keys::rsa3072_pss_pem());
        let r = check(&pss, Some(g.cert_pem.as_bytes()), T0);
        assert!(r.ok, "{r:#?}");
        let f = finding(&r, "key-format");
        assert_eq!((f.severity, f.code), (Severity::Warning, None));
        assert_eq!(
            r.key,
            Some(KeySummary {
                family: "RSA",
                bits: 3072,
                curve: None,
                alg: "PS256"
            })
        );
        assert_eq!(finding(&r, "self-verify").severity, Severity::Ok);
        let r = check(&g.key_pem, Some(g.cert_pem.as_bytes()), T0);
        assert!(
            !ids(&r).contains(&"key-format"),
            "plain PKCS#8 RSA is no warning"
        );
        assert_eq!(
            finding(&r, "key").message,
            "RSA 3072 private key, signs PS256"
        );
    }

    /// Before upload: RSA 3072/4096 and EC P-256/P-384/P-521 public keys are accepted; RSA 2048,
    /// other curves and other key types are refused, naming the key found.
    #[test]
    fn upload_check_accepts_only_netsuites_key_types() {
        for alg in [
            KeyAlgorithm::EcP256,
            KeyAlgorithm::EcP384,
            KeyAlgorithm::EcP521,
        ] {
            let r = check_certificate(pair(alg, 30, T0).cert_pem.as_bytes(), T0);
            assert!(r.ok, "{alg:?}: {r:#?}");
            assert_eq!(r.key, None);
        }
        let r = check_certificate(test_keys::rsa3072().cert_pem.as_bytes(), T0);
        assert!(r.ok, "{r:#?}");
        assert_eq!(
            finding(&r, "certificate").message,
            "X.509 certificate, RSA 3072 public key"
        );
        let p384 = pair(KeyAlgorithm::EcP384, 30, T0).cert_pem;
        let refused = [
            (
                test_keys::certificate_between(&rcgen::PKCS_RSA_SHA256, T0, T0 + DAY).1,
                "RSA 2048",
            ),
            (
                test_keys::swapped_oid_certificate(&p384, oid_der::P384, oid_der::SECP256K1),
                "EC curve 1.3.132.0.10",
            ),
            (
                test_keys::certificate_between(&rcgen::PKCS_ED25519, T0, T0 + DAY).1,
                "1.3.101.112",
            ),
        ];
        for (cert, key) in refused {
            let r = check_certificate(cert.as_bytes(), T0);
            assert!(!r.ok, "{key}");
            let f = finding(&r, "certificate");
            assert_eq!(
                (f.severity, f.code),
                (Severity::Error, Some("key-unusable"))
            );
            assert!(
                f.message
                    .starts_with(&format!("the certificate's public key is {key}")),
                "{}",
                f.message
            );
        }
    }

    /// The upload check also applies the dates.
    #[test]
    fn upload_check_applies_the_validity_window() {
        let g = pair(KeyAlgorithm::EcP256, 30, T0);
        let r = check_certificate(g.cert_pem.as_bytes(), T0 + 30 * DAY);
        assert!(!r.ok);
        assert_eq!(finding(&r, "expiry").severity, Severity::Error);
        assert_eq!(ids(&r), ["certificate", "expiry", "validity"]);
        assert_eq!(r.certificate.unwrap().validity_days, 30);
    }

    /// RFC 3339 in UTC, or the raw number when the date cannot be represented.
    #[test]
    fn rfc3339_formats_utc_and_falls_back_to_the_number() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(T0), "2027-01-15T08:00:00Z");
        assert_eq!(rfc3339(i64::MAX), i64::MAX.to_string());
    }
}
