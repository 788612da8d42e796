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
