//! The M2M certificate rotation API (reference §1.9), the pure parts: its paths on the RESTlets
//! host, the upload body, tolerant parsers for its answers (whose full field lists are
//! undocumented), and the rules nstba applies before sending anything: never upload a private
//! key, check the certificate locally, respect the 5-active-certificates limit, and never revoke
//! the certificate the credentials themselves sign with unless forced. The I/O lives in
//! [`crate::authflow::cert_rotation`].
//!
//! Requests (all with `Authorization: Bearer <token issued for rest_webservices>`):
//! `GET …/clients/<ClientID>/certificates` (list), `POST` the same path with
//! `{"fileContent":<PEM>,"role":<id>,"entity":<id>}` (upload), and
//! `POST …/certificates/<CertificateID>/revoke` with no body (revoke; answers the plain text
//! `Successfully revoked`).

use serde::Serialize;
use serde_json::Value;

use crate::netsuite::cert::checks::{self, Report};
use crate::netsuite::encode::percent_encode;

/// Where the rotation paths start (on the account's `restlets.api.netsuite.com` host).
pub const CLIENTS_PREFIX: &str = "/services/rest/auth/oauth2/v1/clients/";
/// The scope the token must be issued for ("The access token must be issued for the REST web
/// services scope", although the host is the RESTlets one).
pub const REQUIRED_SCOPE: &str = "rest_webservices";
/// NetSuite allows at most this many active certificates per integration record (revoked ones
/// are unlimited).
pub const MAX_ACTIVE: usize = 5;
/// The revoke answer's body as netsuite-cli saw it ([U]: only one source).
pub const REVOKED_TEXT: &str = "Successfully revoked";
/// Longest server text kept (it is shown to the user).
const MAX_TEXT: usize = 300;

/// `…/clients/<ClientID>/certificates` (list and upload).
pub fn certificates_path(client_id: &str) -> String {
    format!("{CLIENTS_PREFIX}{}/certificates", percent_encode(client_id))
}

/// `…/clients/<ClientID>/certificates/<CertificateID>/revoke`.
pub fn revoke_path(client_id: &str, certificate_id: &str) -> String {
    format!(
        "{}/{}/revoke",
        certificates_path(client_id),
        percent_encode(certificate_id)
    )
}

/// One certificate as the list (or the upload answer) describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// The Certificate ID (the JWT `kid`).
    pub certificate_id: String,
    /// `EC`, `RSA`, … when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// Last day of validity as sent (`2028-07-17`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Revoked (`revoked`, or `invalidated` in the upload answer).
    pub revoked: bool,
}

/// The answer of the rotation API was not what it documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Not JSON, or JSON without the expected fields.
    #[error("the certificate API's answer is not the expected JSON ({0})")]
    Shape(&'static str),
}

/// A REST-style error answer: `o:errorDetails[0]` (`o:errorCode`, `detail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// `INSUFFICIENT_PERMISSION`, `INVALID_REQUEST`, … (sanitized).
    pub code: Option<String>,
    /// The human text (sanitized).
    pub detail: Option<String>,
}

/// The list answer: a JSON array of certificates (also accepted inside `items`).
pub fn parse_list(body: &[u8]) -> Result<Vec<CertificateInfo>, AnswerError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| AnswerError::Shape("not JSON"))?;
    let items = match &v {
        Value::Array(a) => a,
        Value::Object(o) => ["items", "certificates", "details"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array))
            .ok_or(AnswerError::Shape("no list of certificates"))?,
        _ => return Err(AnswerError::Shape("no list of certificates")),
    };
    items
        .iter()
        .map(|i| info(i).ok_or(AnswerError::Shape("an entry has no certificate_id")))
        .collect()
}

/// The upload answer: `certificate_id` (netsuite-cli reads `details.certificate_id`; a top-level
/// one is accepted too).
pub fn parse_created(body: &[u8]) -> Result<CertificateInfo, AnswerError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| AnswerError::Shape("not JSON"))?;
    v.get("details")
        .and_then(info)
        .or_else(|| info(&v))
        .ok_or(AnswerError::Shape("no certificate_id"))
}

fn info(v: &Value) -> Option<CertificateInfo> {
    let o = v.as_object()?;
    let id = o.get("certificate_id").and_then(Value::as_str)?.trim();
    if id.is_empty() {
        return None;
    }
    let text = |k: &str| {
        o.get(k)
            .and_then(|x| match x {
                Value::String(s) => Some(clean(s)),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    let revoked = ["revoked", "invalidated"]
        .iter()
        .any(|k| o.get(*k).is_some_and(truthy));
    Some(CertificateInfo {
        certificate_id: clean(id),
        algorithm: text("algorithm"),
        valid_until: text("valid_until"),
        revoked,
    })
}

/// `true`, `"true"`, `"T"` (NetSuite's checkbox form), `1`.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "t" | "y"),
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// The REST error shape, if the body is one.
pub fn parse_error(body: &[u8]) -> Option<ApiError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let first = v.get("o:errorDetails")?.as_array()?.first()?;
    let get = |k: &str| first.get(k).and_then(Value::as_str).map(clean);
    let e = ApiError {
        code: get("o:errorCode").filter(|s| !s.is_empty()),
        detail: get("detail").filter(|s| !s.is_empty()),
    };
    (e.code.is_some() || e.detail.is_some()).then_some(e)
}

/// The upload body. Numeric ids (`1000`, `-5`) go as JSON numbers, as netsuite-cli sends them;
/// anything else as a string.
pub fn upload_body(certificate_pem: &str, role: &str, entity: &str) -> String {
    serde_json::json!({
        "fileContent": certificate_pem,
        "role": id_value(role),
        "entity": id_value(entity),
    })
    .to_string()
}

fn id_value(id: &str) -> Value {
    let id = id.trim();
    match id.parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(id),
    }
}

/// Whether `bytes` hold a private key in any form nstba can recognise: a PEM block whose label
/// ends in `PRIVATE KEY` (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `ENCRYPTED PRIVATE
/// KEY`, `OPENSSH PRIVATE KEY`, …), or a DER PKCS#8 / SEC1 / PKCS#1 private key.
pub fn contains_private_key(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let pem_block = text.match_indices("-----BEGIN ").any(|(at, _)| {
        let rest = &text[at + "-----BEGIN ".len()..];
        rest.split_once("-----")
            .is_some_and(|(label, _)| label.trim_end().ends_with("PRIVATE KEY"))
    });
    pem_block || der_private_key(bytes)
}

fn der_private_key(bytes: &[u8]) -> bool {
    use pkcs8::der::Decode as _;
    bytes.first() == Some(&0x30)
        && (pkcs8::PrivateKeyInfoRef::from_der(bytes).is_ok()
            || sec1::EcPrivateKey::from_der(bytes).is_ok()
            || pkcs1::RsaPrivateKeyRef::try_from(bytes).is_ok())
}

/// A certificate that passed the local checks, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedUpload {
    /// Exactly one `CERTIFICATE` PEM block (re-encoded from the DER: nothing else in the file
    /// is sent).
    pub pem: String,
    /// The local checks (warnings may be present).
    pub report: Report,
}

/// Why nstba will not upload a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadRefusal {
    /// The file holds a private key.
    #[error(
        "the file contains a private key: nstba never uploads one (the private key must never leave this machine). Upload the certificate file instead (nstba-m2m-cert.pem from `nstba cert generate`, or the -----BEGIN CERTIFICATE----- block alone)"
    )]
    PrivateKey,
    /// The local checks found something NetSuite would refuse.
    #[error("the certificate would be refused: {}", first_error(.0))]
    Checks(Box<Report>),
}

fn first_error(r: &Report) -> String {
    r.findings
        .iter()
        .find(|f| f.severity == checks::Severity::Error)
        .map(|f| f.message.clone())
        .unwrap_or_default()
}

/// The local part of `upload`: refuse private keys, check the certificate at `now`, and keep
/// only its certificate block.
pub fn prepare_upload(bytes: &[u8], now: i64) -> Result<PreparedUpload, UploadRefusal> {
    if contains_private_key(bytes) {
        return Err(UploadRefusal::PrivateKey);
    }
    let report = checks::check_certificate(bytes, now);
    if !report.ok {
        return Err(UploadRefusal::Checks(Box::new(report)));
    }
    let cert = crate::netsuite::cert::Certificate::from_bytes(bytes)
        .map_err(|_| UploadRefusal::Checks(Box::new(report.clone())))?;
    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", cert.der));
    Ok(PreparedUpload { pem, report })
}

/// How many certificates in `list` are active.
pub fn active_count(list: &[CertificateInfo]) -> usize {
    list.iter().filter(|c| !c.revoked).count()
}

/// The limit refusal, when `list` already holds [`MAX_ACTIVE`] active certificates.
pub fn limit_reached(list: &[CertificateInfo]) -> Option<String> {
    let active = active_count(list);
    (active >= MAX_ACTIVE).then(|| {
        format!(
            "the integration record already has {active} active certificates, NetSuite's limit is {MAX_ACTIVE}: revoke one you no longer use first (`nstba cert list` shows them; never the one your credentials use)"
        )
    })
}

/// Why a revoke is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RevokeRefusal {
    /// The credentials sign with this very certificate.
    #[error(
        "{0} is the certificate these credentials sign with (NETSUITE_CERTIFICATE_ID): revoking it makes every token request fail from then on, this one included. Rotate instead: `nstba cert upload NEW_CERT`, switch NETSUITE_CERTIFICATE_ID and the key to the new pair, check with `nstba test --auth m2m`, then revoke {0} with the new credentials. Add --force to revoke it anyway"
    )]
    OwnCertificate(String),
    /// Empty id.
    #[error("the certificate id is empty: `nstba cert list` shows the ids")]
    Empty,
}

/// The local rule of `revoke`: never the credentials' own certificate unless `force`.
pub fn check_revoke(own: &str, target: &str, force: bool) -> Result<(), RevokeRefusal> {
    let target = target.trim();
    if target.is_empty() {
        return Err(RevokeRefusal::Empty);
    }
    if target == own.trim() && !force {
        return Err(RevokeRefusal::OwnCertificate(target.to_string()));
    }
    Ok(())
}

/// What to do after an upload of `new_id` while the credentials use `old_id`.
pub fn next_steps(new_id: &str, old_id: &str) -> Vec<String> {
    vec![
        format!("Save the new certificate id: NETSUITE_CERTIFICATE_ID={new_id}"),
        "Point NETSUITE_PRIVATE_KEY_FILE at the new certificate's private key (keep it mode 0600)."
            .into(),
        "Check the new pair: nstba test --auth m2m".into(),
        format!(
            "Then revoke the old certificate with the new credentials: nstba cert revoke -- {old_id}"
        ),
    ]
}

/// Server text made safe to print.
fn clean(s: &str) -> String {
    crate::redact::sanitize(s, MAX_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_their_ids() {
        assert_eq!(
            certificates_path("abc"),
            "/services/rest/auth/oauth2/v1/clients/abc/certificates"
        );
        assert_eq!(
            revoke_path("abc", "-Qj_a"),
            "/services/rest/auth/oauth2/v1/clients/abc/certificates/-Qj_a/revoke"
        );
        assert!(revoke_path("a/b", "c?d").contains("a%2Fb/certificates/c%3Fd/revoke"));
    }

    #[test]
    fn list_and_created_answers_parse_tolerantly() {
        let l = parse_list(
            br#"[{"certificate_id":"A","algorithm":"EC","valid_until":"2028-07-17","revoked":false},
                 {"certificate_id":"B","revoked":"T","extra":1}]"#,
        )
        .unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].valid_until.as_deref(), Some("2028-07-17"));
        assert!(!l[0].revoked && l[1].revoked);
        assert_eq!(active_count(&l), 1);
        assert_eq!(parse_list(br#"{"items":[]}"#).unwrap(), vec![]);
        for bad in [
            &b"<html>"[..],
            b"{}",
            b"[{}]",
            b"[{\"certificate_id\":\"\"}]",
            b"5",
        ] {
            assert!(parse_list(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let c = parse_created(
            br#"{"details":{"certificate_id":"N","algorithm":"EC","invalidated":false}}"#,
        )
        .unwrap();
        assert_eq!(c.certificate_id, "N");
        assert_eq!(
            parse_created(br#"{"certificate_id":"T"}"#)
                .unwrap()
                .certificate_id,
            "T"
        );
        assert!(parse_created(b"Successfully").is_err());
    }

    #[test]
    fn server_text_is_sanitized() {
        let l = parse_list(br#"[{"certificate_id":"A\u001b[31m","algorithm":"E\nC"}]"#).unwrap();
        assert_eq!(l[0].certificate_id, "A");
        assert_eq!(l[0].algorithm.as_deref(), Some("E C"));
        let e = parse_error(
            br#"{"status":403,"o:errorDetails":[{"detail":"no\u0007 permission","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#,
        )
        .unwrap();
        assert_eq!(e.code.as_deref(), Some("INSUFFICIENT_PERMISSION"));
        assert_eq!(e.detail.as_deref(), Some("no permission"));
        assert_eq!(parse_error(br#"{"error":"x"}"#), None);
    }

    #[test]
    fn upload_body_sends_numeric_ids_as_numbers() {
        let v: Value = serde_json::from_str(&upload_body("PEM", "1000", "-5")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"fileContent":"PEM","role":1000,"entity":-5})
        );
        let v: Value = serde_json::from_str(&upload_body("PEM", "x1", " 7 ")).unwrap();
        assert_eq!(v["role"], "x1");
        assert_eq!(v["entity"], 7);
    }

    #[test]
    fn private_keys_are_found_in_every_form() {
        for label in [
            "PRIVATE KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY",
            "OPENSSH PRIVATE KEY",
        ] {
            let text = format!("junk\n-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
            assert!(contains_private_key(text.as_bytes()), "{label}");
        }
        assert!(!contains_private_key(
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        ));
        assert!(!contains_private_key(b"-----BEGIN "));
        let g = crate::netsuite::cert::generate(
            crate::netsuite::cert::KeyAlgorithm::EcP256,
            30,
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
        let der = pem::parse(g.key_pem.expose()).unwrap().into_contents();
        assert!(contains_private_key(&der));
        let both = format!("{}{}", g.cert_pem, g.key_pem.expose());
        assert_eq!(
            prepare_upload(
                both.as_bytes(),
                time::OffsetDateTime::now_utc().unix_timestamp()
            ),
            Err(UploadRefusal::PrivateKey)
        );
    }

    #[test]
    fn prepare_upload_keeps_only_the_certificate_and_refuses_expired_ones() {
        let now = time::OffsetDateTime::now_utc();
        let g =
            crate::netsuite::cert::generate(crate::netsuite::cert::KeyAlgorithm::EcP256, 30, now)
                .unwrap();
        let with_text = format!("subject=whatever\n{}", g.cert_pem);
        let p = prepare_upload(with_text.as_bytes(), now.unix_timestamp()).unwrap();
        assert!(p.pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(!p.pem.contains("subject="));
        let later = now.unix_timestamp() + 31 * 86_400;
        assert!(matches!(
            prepare_upload(g.cert_pem.as_bytes(), later),
            Err(UploadRefusal::Checks(_))
        ));
        assert!(matches!(
            prepare_upload(b"hello", 0),
            Err(UploadRefusal::Checks(_))
        ));
    }

    /// A self-signed certificate for a key NetSuite refuses (RSA 2048), made with rcgen directly.
    fn rsa2048_certificate() -> String {
        let key =
            rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)
                .unwrap();
        let now = time::OffsetDateTime::now_utc();
        let mut params = rcgen::CertificateParams::default();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(30);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn an_rsa_2048_certificate_is_refused_before_upload() {
        let pem = rsa2048_certificate();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let Err(UploadRefusal::Checks(report)) = prepare_upload(pem.as_bytes(), now) else {
            panic!("RSA 2048 must be refused");
        };
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.message.contains("RSA 2048") && f.message.contains("3072")),
            "{report:?}"
        );
    }

    #[test]
    fn revoke_rules() {
        assert_eq!(
            check_revoke("-own", "-own", false),
            Err(RevokeRefusal::OwnCertificate("-own".into()))
        );
        assert_eq!(check_revoke("-own", "-own", true), Ok(()));
        assert_eq!(check_revoke("-own", "other", false), Ok(()));
        assert_eq!(check_revoke("-own", " ", true), Err(RevokeRefusal::Empty));
    }

    #[test]
    fn the_limit_counts_active_certificates_only() {
        let c = |id: &str, revoked| CertificateInfo {
            certificate_id: id.into(),
            algorithm: None,
            valid_until: None,
            revoked,
        };
        let mut l: Vec<_> = (0..4).map(|i| c(&i.to_string(), false)).collect();
        l.push(c("r", true));
        assert_eq!(limit_reached(&l), None);
        l.push(c("5", false));
        assert!(limit_reached(&l).unwrap().contains("5 active"));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    fn revoked_flag(v: &str) -> bool {
        let body = format!(r#"[{{"certificate_id":"A","revoked":{v}}}]"#);
        parse_list(body.as_bytes()).unwrap()[0].revoked
    }

    /// NetSuite's flag forms: JSON `true`, `"true"`, `"T"`, `"Y"` and `1` mean revoked; `false`,
    /// `"F"`, `0`, `2`, `null` do not (an active certificate counted as revoked would let a 6th
    /// upload through the limit check).
    #[test]
    fn revoked_flag_forms() {
        for yes in ["true", r#""true""#, r#"" T ""#, r#""y""#, "1"] {
            assert!(revoked_flag(yes), "{yes} means revoked");
        }
        for no in ["false", r#""F""#, "0", "2", "null", r#"{}"#] {
            assert!(!revoked_flag(no), "{no} does not mean revoked");
        }
        let c = parse_created(br#"{"details":{"certificate_id":"N","invalidated":true}}"#).unwrap();
        assert!(c.revoked, "`invalidated` is the upload answer's spelling");
    }

    /// Numeric fields are kept as text (a list may send the expiry as a number), empty ones are
    /// absent rather than "".
    #[test]
    fn numbers_are_text_and_empty_text_is_absent() {
        let l = parse_list(
            br#"{"certificates":[{"certificate_id":"A","valid_until":20280717,"algorithm":""}]}"#,
        )
        .unwrap();
        assert_eq!(l[0].valid_until.as_deref(), Some("20280717"));
        assert_eq!(l[0].algorithm, None);
        let l = parse_list(br#"{"details":[{"certificate_id":" B "}]}"#).unwrap();
        assert_eq!(l[0].certificate_id, "B");
    }

    /// A REST error with only a code, or only a detail, is still an error answer.
    #[test]
    fn api_error_needs_only_one_of_code_and_detail() {
        assert_eq!(
            parse_error(br#"{"o:errorDetails":[{"o:errorCode":"INVALID_REQUEST"}]}"#),
            Some(ApiError {
                code: Some("INVALID_REQUEST".into()),
                detail: None
            })
        );
        assert_eq!(
            parse_error(br#"{"o:errorDetails":[{"detail":"Bad certificate."}]}"#),
            Some(ApiError {
                code: None,
                detail: Some("Bad certificate.".into())
            })
        );
        assert_eq!(
            parse_error(br#"{"o:errorDetails":[{"detail":"","o:errorCode":""}]}"#),
            None
        );
    }

    /// A certificate in DER form (a `.cer` file) is a certificate, not a private key: it is
    /// uploaded, re-encoded as PEM.
    #[test]
    fn a_der_certificate_is_not_a_private_key() {
        let now = time::OffsetDateTime::now_utc();
        let g =
            crate::netsuite::cert::generate(crate::netsuite::cert::KeyAlgorithm::EcP256, 30, now)
                .unwrap();
        let der = pem::parse(&g.cert_pem).unwrap().into_contents();
        assert!(!contains_private_key(&der));
        let p = prepare_upload(&der, now.unix_timestamp()).unwrap();
        assert_eq!(pem::parse(&p.pem).unwrap().contents(), der.as_slice());
    }

    /// A private key in DER is found in each of its forms: PKCS#8, SEC1 `ECPrivateKey` and
    /// PKCS#1 `RSAPrivateKey` (a `.der` or `.key` file given where the certificate belongs).
    #[test]
    fn der_private_keys_are_found_in_every_form() {
        use crate::netsuite::cert::test_keys;
        let ec = test_keys::pair(
            crate::netsuite::cert::KeyAlgorithm::EcP256,
            30,
            test_keys::T0,
        );
        let ec_pkcs8 = test_keys::der_of(ec.key_pem.expose());
        let (rsa_pem, _) = test_keys::certificate_between(&rcgen::PKCS_RSA_SHA256, 0, 86_400);
        let rsa_pkcs8 = test_keys::der_of(&rsa_pem);
        for (form, der) in [
            ("PKCS#8 EC", ec_pkcs8.clone()),
            ("SEC1", test_keys::inner_key(&ec_pkcs8)),
            ("PKCS#8 RSA", rsa_pkcs8.clone()),
            ("PKCS#1", test_keys::inner_key(&rsa_pkcs8)),
        ] {
            assert!(contains_private_key(&der), "{form}");
            assert_eq!(
                prepare_upload(&der, 0),
                Err(UploadRefusal::PrivateKey),
                "{form}"
            );
        }
    }

    /// A refusal by the local checks says which check refused, in the user's words.
    #[test]
    fn checks_refusal_names_the_first_error() {
        let now = time::OffsetDateTime::now_utc();
        let g =
            crate::netsuite::cert::generate(crate::netsuite::cert::KeyAlgorithm::EcP256, 30, now)
                .unwrap();
        let later = now.unix_timestamp() + 31 * 86_400;
        let e = prepare_upload(g.cert_pem.as_bytes(), later).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("the certificate would be refused: the certificate expired on "),
            "{text}"
        );
    }

    /// After an upload the user is told the new id to save, to switch the key, to test, and to
    /// revoke the old id with the new credentials, in that order.
    #[test]
    fn next_steps_name_both_ids_in_rotation_order() {
        let steps = next_steps("NEW-id", "OLD-id");
        assert_eq!(steps.len(), 4, "{steps:?}");
        assert!(
            steps[0].contains("NETSUITE_CERTIFICATE_ID=NEW-id"),
            "{steps:?}"
        );
        assert!(steps[1].contains("NETSUITE_PRIVATE_KEY_FILE"), "{steps:?}");
        assert!(steps[2].contains("nstba test --auth m2m"), "{steps:?}");
        assert!(
            steps[3].contains("nstba cert revoke -- OLD-id") && !steps[3].contains("NEW-id"),
            "{steps:?}"
        );
    }

    /// The own-certificate refusal names the id, and ids are compared without surrounding
    /// whitespace.
    #[test]
    fn own_certificate_is_recognised_through_whitespace() {
        assert_eq!(
            check_revoke(" own ", "own", false),
            Err(RevokeRefusal::OwnCertificate("own".into()))
        );
        assert!(
            RevokeRefusal::OwnCertificate("own".into())
                .to_string()
                .starts_with("own is the certificate these credentials sign with")
        );
    }
}
