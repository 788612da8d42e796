//! OAuth 2.0 rules (`key-unusable`, `certificate-expired`, `algorithm-rejected`,
//! `token-request-refused`, `scope-mismatch`, and `invalid-login` for a refused Bearer request),
//! each a small function of the [`OAuth2Facts`]. The token endpoint's answer is as opaque as TBA's
//! 401 (`{"error":"invalid_grant"}`), so its causes are ranked from evidence: the environment (a
//! sandbox's mapping is never copied and a refresh wipes it), the certificate's dates, the kid's
//! shape, the clock, the RFC 6749 code and `WWW-Authenticate` when NetSuite sends them. Words in
//! `assets/diagnoses.toml` (`[cause.m2m-*]`, `[cause.bearer-*]`).

use super::draft::{cause, draft, evidence};
use super::{Facts, describe_obs};
use crate::check::classify::{Kind, Observation};
use crate::check::code::DiagnosisCode;
use crate::check::model::{Cause, CheckId, Confidence, Diagnosis, Severity};
use crate::netsuite::cert::Severity as FindingSeverity;
use crate::netsuite::cert::checks::Report as KeyReport;
use crate::netsuite::oauth2::credentials::{SCOPE_REST, SCOPE_RESTLETS};
use crate::netsuite::oauth2::{TokenClaims, TokenError};

/// Clock difference above which an assertion's `iat`/`exp` may be refused (NetSuite's tolerance
/// is undocumented; the reference suggests warning above 30 s).
const ASSERTION_SKEW_SECS: i64 = 30;

/// What an OAuth 2.0 run observed.
#[derive(Debug, Clone, Default)]
pub struct OAuth2Facts {
    /// The certificate id sent as `kid` (not a secret).
    pub certificate_id: String,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// The local key/certificate checks, when they ran.
    pub key: Option<KeyReport>,
    /// A certificate was given for the local checks.
    pub certificate_given: bool,
    /// The token request.
    pub token: TokenOutcome,
    /// The token request was a refresh (authorization code), not a client assertion.
    pub refresh: bool,
}

/// What the token endpoint did.
#[derive(Debug, Clone, Default)]
pub enum TokenOutcome {
    /// Not sent.
    #[default]
    NotRun,
    /// A token came back.
    Granted {
        /// Its decoded (unverified) claims.
        claims: TokenClaims,
        /// Seconds of validity.
        expires_in: u64,
    },
    /// A refusal.
    Refused {
        /// HTTP status.
        status: u16,
        /// The RFC 6749 error body, when it was one.
        error: Option<TokenError>,
        /// `WWW-Authenticate` (sent with `invalid_client`).
        www_authenticate: Option<String>,
        /// A short excerpt of a body that was not an error object.
        excerpt: String,
    },
    /// A 2xx answer without a usable token.
    Unusable(String),
}

impl OAuth2Facts {
    /// The granted token's claims.
    pub fn claims(&self) -> Option<&TokenClaims> {
        match &self.token {
            TokenOutcome::Granted { claims, .. } => Some(claims),
            _ => None,
        }
    }
}

/// The OAuth 2.0 diagnoses for `f` that do not come from a Bearer probe, in rank order.
pub(super) fn rules(f: &Facts) -> Vec<Diagnosis> {
    let Some(o) = &f.oauth2 else {
        return Vec::new();
    };
    let mut out = key_findings(o);
    if let Some(d) = refresh_expired(o) {
        out.push(d);
        return out;
    }
    match &o.token {
        TokenOutcome::Refused {
            status,
            error,
            www_authenticate,
            excerpt,
        } => out.push(refused(
            f,
            o,
            *status,
            error.as_ref(),
            www_authenticate,
            excerpt,
        )),
        TokenOutcome::Unusable(why) => out.push(
            draft(DiagnosisCode::TokenRequestRefused)
                .variant("unusable")
                .var("why", why.clone())
                .build(Severity::Error, Confidence::Certain, why.clone()),
        ),
        TokenOutcome::NotRun | TokenOutcome::Granted { .. } => {}
    }
    out
}

/// `refresh-token-expired`: a refresh answered `invalid_grant` (NetSuite's answer once the
/// refresh token ended, was revoked or was already used).
fn refresh_expired(o: &OAuth2Facts) -> Option<Diagnosis> {
    let TokenOutcome::Refused { status, error, .. } = &o.token else {
        return None;
    };
    let error = error
        .as_ref()
        .filter(|e| o.refresh && e.error == "invalid_grant")?;
    Some(draft(DiagnosisCode::RefreshTokenExpired).build(
        Severity::Error,
        Confidence::Likely,
        format!("token-request (refresh): HTTP {status} {}", error.error),
    ))
}

/// One diagnosis per code the key findings support (the first finding of each code decides).
fn key_findings(o: &OAuth2Facts) -> Vec<Diagnosis> {
    let Some(report) = &o.key else {
        return Vec::new();
    };
    let mut out: Vec<Diagnosis> = Vec::new();
    for finding in &report.findings {
        let Some(code) = finding.code else { continue };
        let severity = match finding.severity {
            FindingSeverity::Ok => continue,
            FindingSeverity::Warning => Severity::Warning,
            FindingSeverity::Error => Severity::Error,
        };
        let d = match code {
            "key-unusable" => {
                draft(DiagnosisCode::KeyUnusable).var("problem", finding.message.clone())
            }
            "certificate-expired" => {
                let date = report
                    .certificate
                    .as_ref()
                    .map_or_else(String::new, |c| c.not_after.clone());
                draft(DiagnosisCode::CertificateExpired)
                    .variant_if(finding.id == "validity", "too-long")
                    .variant_if(
                        finding.id != "validity" && severity == Severity::Warning,
                        "soon",
                    )
                    .var("date", date)
            }
            "algorithm-rejected" => {
                let alg = report.key.as_ref().map_or("?", |k| k.alg);
                draft(DiagnosisCode::AlgorithmRejected).var("alg", alg)
            }
            _ => continue,
        };
        let d = d.build(
            severity,
            Confidence::Certain,
            format!("key: {}: {}", finding.id, finding.message),
        );
        if !out.iter().any(|x| x.code == d.code) {
            out.push(d);
        }
    }
    out
}

/// `token-request-refused` with its causes ranked from what was seen.
fn refused(
    f: &Facts,
    o: &OAuth2Facts,
    status: u16,
    error: Option<&TokenError>,
    www: &Option<String>,
    excerpt: &str,
) -> Diagnosis {
    let code = error.map_or("no OAuth error code", |e| e.error.as_str());
    let mut parts = vec![format!("token-request: HTTP {status} {code}")];
    if let Some(d) = error.and_then(|e| e.description.as_deref()) {
        parts.push(format!("error_description: \"{d}\""));
    }
    if let Some(w) = www {
        parts.push(format!("WWW-Authenticate: {w}"));
    }
    if !excerpt.is_empty() {
        parts.push(format!("body: \"{excerpt}\""));
    }
    let mut causes = token_causes(f, o, error.map(|e| e.error.as_str()), &mut parts);
    let detail = promote_detail(f, &mut causes);
    let fixes: Vec<String> = causes
        .iter()
        .filter_map(|c| c.fix.first().cloned())
        .take(3)
        .collect();
    draft(DiagnosisCode::TokenRequestRefused)
        .variant_if(o.refresh, "refresh")
        .var("error", code)
        .detail(detail)
        .causes(causes)
        .then_fix(fixes)
        .build(Severity::Error, Confidence::Certain, parts.join("; "))
}

/// The candidate causes of a refused token request, most likely first.
fn token_causes(
    f: &Facts,
    o: &OAuth2Facts,
    error: Option<&str>,
    parts: &mut Vec<String>,
) -> Vec<Cause> {
    if o.refresh {
        return super::oauth2_authcode::token_causes(error, &o.scopes);
    }
    // (score, cause): higher first; ties keep this order (the usual frequency).
    let mut scored: Vec<(u8, Cause)> = Vec::new();
    let mut add = |score: u8, name: &str, vars: &[(&str, &str)]| {
        if let Some(c) = cause(name, vars) {
            scored.push((score, c));
        }
    };
    if let Some(s) = f
        .skew
        .as_ref()
        .filter(|s| s.secs.abs() > ASSERTION_SKEW_SECS)
    {
        let secs = s.secs.to_string();
        add(90, "m2m-clock", &[("secs", &secs), ("source", &s.source)]);
    } else if let Some(s) = &f.skew {
        parts.push(evidence(
            "clock-fine",
            &[("abs", &s.secs.abs().to_string())],
        ));
    }
    if let Some(e) = f
        .account
        .as_ref()
        .map(|a| a.environment())
        .filter(|e| e.is_refreshable())
    {
        add(80, "m2m-sandbox-mapping", &[("env", &e.label())]);
    }
    let kid = o.certificate_id.as_str();
    let kid_odd = !(40..=48).contains(&kid.len())
        || !kid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
    let kid_note = kid_shape(kid, kid_odd);
    let client_error = matches!(error, Some("invalid_client"));
    let unauthorized = matches!(error, Some("unauthorized_client"));
    let scope_error = matches!(error, Some("invalid_scope"));
    add(
        if kid_odd {
            85
        } else if client_error {
            60
        } else {
            50
        },
        "m2m-unknown-kid",
        &[("kid", &kid_note)],
    );
    let (cert_score, cert_ev) = certificate_evidence(o);
    add(
        cert_score,
        "m2m-certificate-revoked",
        &[("evidence", &cert_ev)],
    );
    add(
        if client_error { 55 } else { 40 },
        "m2m-wrong-client-id",
        &[],
    );
    add(
        if unauthorized { 75 } else { 35 },
        "m2m-grant-not-ticked",
        &[],
    );
    add(
        if unauthorized { 74 } else { 30 },
        "m2m-record-blocked",
        &[],
    );
    let scopes = o.scopes.join(", ");
    add(
        if scope_error { 95 } else { 20 },
        "m2m-scope-not-ticked",
        &[("scopes", &scopes)],
    );
    add(15, "m2m-one-certificate-per-mapping", &[]);
    if !o.certificate_given {
        add(10, "m2m-key-mismatch", &[]);
    }
    // Stable: equal scores keep the order they were added in.
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// How the kid looks, for the evidence (a leading `-` is normal and sent as is).
fn kid_shape(kid: &str, odd: bool) -> String {
    let mut s = format!("{} characters", kid.chars().count());
    if kid.starts_with('-') {
        s.push_str(", starting with '-' as many do (nstba sends it as is; some tools take it for an option)");
    }
    if odd {
        s.push_str(": not the usual 43 base64url characters of a NetSuite certificate id");
    }
    s
}

/// Score and evidence for "revoked or expired": the local certificate's dates rule expiry out.
fn certificate_evidence(o: &OAuth2Facts) -> (u8, String) {
    match o.key.as_ref().and_then(|k| k.certificate.as_ref()) {
        Some(c) => (
            45,
            format!(
                "the local certificate is valid until {} (so only a revocation remains)",
                c.not_after
            ),
        ),
        None => (
            65,
            "no certificate given (NETSUITE_CERTIFICATE_FILE), so its dates were not checked"
                .into(),
        ),
    }
}

/// Refused Bearer requests: `scope-mismatch` when the token's scopes do not cover the interface,
/// `rest-access-missing` when REST alone refuses a token RESTlets accept, else `invalid-login`
/// with OAuth 2.0 causes.
pub(super) fn logins(f: &Facts) -> Vec<Diagnosis> {
    let claims = f.oauth2.as_ref().and_then(OAuth2Facts::claims);
    let failures: Vec<(CheckId, &Observation)> = f
        .probes
        .iter()
        .filter(|p| p.obs.kind == Kind::LoginFailed)
        .map(|p| (p.id, &p.obs))
        .collect();
    let mut out = Vec::new();
    let (scope_refused, other): (Vec<_>, Vec<_>) = failures
        .into_iter()
        .partition(|(id, _)| claims.is_some_and(|c| !c.scope.iter().any(|s| s == needed(*id))));
    for (id, obs) in &scope_refused {
        let d = scope_mismatch(*id, obs, claims);
        if !out.iter().any(|x: &Diagnosis| x.code == d.code) {
            out.push(d);
        }
    }
    if other.is_empty() {
        return out;
    }
    let rest = other.iter().find(|(id, _)| *id == CheckId::RestLogin);
    let restlet_ok = f.first_ok(&[CheckId::RestletTokeninfo]);
    if let (Some((_, r)), Some(ok)) = (rest, restlet_ok) {
        out.push(super::login::rest_access_missing(r, Some(ok)));
    } else {
        out.push(bearer_invalid_login(f, &other, claims));
    }
    out
}

/// The scope an interface needs.
fn needed(id: CheckId) -> &'static str {
    if id == CheckId::RestletTokeninfo {
        SCOPE_RESTLETS
    } else {
        SCOPE_REST
    }
}

fn scope_mismatch(id: CheckId, o: &Observation, claims: Option<&TokenClaims>) -> Diagnosis {
    let scopes = claims.map_or_else(String::new, |c| c.scope.join(", "));
    let interface = if needed(id) == SCOPE_RESTLETS {
        "RESTlets"
    } else {
        "REST web services"
    };
    draft(DiagnosisCode::ScopeMismatch)
        .var("interface", interface)
        .var("scopes", scopes.clone())
        .var("needed", needed(id))
        .build(
            Severity::Error,
            Confidence::Certain,
            format!("{}; the token's scopes: {scopes}", describe_obs(id, o)),
        )
}

/// `invalid-login` for refused Bearer requests, with OAuth 2.0 causes.
fn bearer_invalid_login(
    f: &Facts,
    failures: &[(CheckId, &Observation)],
    claims: Option<&TokenClaims>,
) -> Diagnosis {
    let mut parts: Vec<String> = failures
        .iter()
        .map(|(id, o)| describe_obs(*id, o))
        .collect();
    let (role, entity) = claims.map_or((String::from("?"), String::from("?")), |c| {
        (
            c.role
                .clone()
                .or_else(|| c.subject.clone())
                .unwrap_or_else(|| "?".into()),
            c.entity.clone().unwrap_or_else(|| "?".into()),
        )
    });
    if claims.is_some() {
        parts.push(format!(
            "the token was issued a moment ago for role {role}, entity {entity}"
        ));
    }
    let vars = [("role", role.as_str()), ("entity", entity.as_str())];
    let mut causes: Vec<Cause> = Vec::new();
    for name in [
        "bearer-role-permission",
        "bearer-entity-inactive",
        "bearer-integration",
        "bearer-token-expired",
    ] {
        causes.extend(cause(name, &vars));
    }
    if f.account
        .as_ref()
        .is_some_and(|a| a.environment().is_refreshable())
    {
        causes.extend(cause("bearer-sandbox", &[]));
    }
    let detail = promote_detail(f, &mut causes);
    let fixes: Vec<String> = causes
        .iter()
        .filter_map(|c| c.fix.first().cloned())
        .take(2)
        .collect();
    let scope = if failures.len() > 1 {
        super::draft::fragment("every-interface", &[])
    } else {
        String::new()
    };
    draft(DiagnosisCode::InvalidLogin)
        .variant("oauth2")
        .var("scope", scope)
        .detail(detail)
        .causes(causes)
        .then_fix(fixes)
        .build(Severity::Error, Confidence::Certain, parts.join("; "))
}

/// A known Login Audit Trail Detail (`--detail`, or read by `--audit-profile`) names the cause:
/// the ranked cause with that Detail moves first (or one is made from the catalogue), certain.
/// Returns the Detail's catalogue spelling for the diagnosis' `detail`.
fn promote_detail(f: &Facts, causes: &mut Vec<Cause>) -> Option<String> {
    let d = f.detail.as_ref()?;
    let code = d.canonical();
    let known = |c: &Cause| {
        c.detail
            .as_deref()
            .is_some_and(|x| super::same_cause(x, &code) || super::same_cause(x, &d.value))
    };
    let mut first = match causes.iter().position(known) {
        Some(i) => causes.remove(i),
        None => {
            let entry = crate::check::catalogue::explain(&d.value).map(|e| e.entry);
            Cause {
                detail: None,
                text: entry.map_or_else(
                    || d.value.clone(),
                    |e| format!("{}: {}", e.title, e.meaning),
                ),
                fix: entry.map(|e| e.fixes.clone()).unwrap_or_default(),
                evidence: String::new(),
                confidence: Confidence::Certain,
            }
        }
    };
    first.detail = Some(code.clone());
    first.confidence = Confidence::Certain;
    first.evidence = format!("the Login Audit Trail Detail is {code}");
    causes.insert(0, first);
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixtures::facts;

    fn refused_facts(account: &str, error: &str, kid: &str) -> Facts {
        let mut f = facts(account);
        f.oauth2 = Some(OAuth2Facts {
            certificate_id: kid.into(),
            scopes: vec!["rest_webservices".into()],
            token: TokenOutcome::Refused {
                status: 400,
                error: Some(TokenError {
                    error: error.into(),
                    description: None,
                }),
                www_authenticate: None,
                excerpt: String::new(),
            },
            ..Default::default()
        });
        f
    }

    const KID: &str = "-QjavVtnzeAPA_QdffgnTh9yPy6LbSGOYqNeJqtbKgU";

    #[test]
    fn a_refused_refresh_is_refresh_token_expired() {
        let mut f = refused_facts("1234567", "invalid_grant", "");
        if let Some(o) = f.oauth2.as_mut() {
            o.refresh = true;
        }
        let d = super::super::diagnose(&f);
        assert_eq!(d[0].code, DiagnosisCode::RefreshTokenExpired, "{d:?}");
        assert!(
            !d.iter()
                .any(|x| x.code == DiagnosisCode::TokenRequestRefused)
        );
        // invalid_client on a refresh is the client's problem, not the token's.
        let mut f = refused_facts("1234567", "invalid_client", "");
        if let Some(o) = f.oauth2.as_mut() {
            o.refresh = true;
        }
        let d = super::super::diagnose(&f);
        assert!(
            !d.iter()
                .any(|x| x.code == DiagnosisCode::RefreshTokenExpired)
        );
    }

    #[test]
    fn a_sandbox_ranks_the_wiped_mapping_first() {
        let d = super::super::diagnose(&refused_facts("1234567_SB1", "invalid_grant", KID));
        assert_eq!(d[0].code, DiagnosisCode::TokenRequestRefused);
        assert!(
            d[0].causes[0].text.contains("sandbox"),
            "{:#?}",
            d[0].causes
        );
        let prod = super::super::diagnose(&refused_facts("1234567", "invalid_grant", KID));
        assert!(
            !prod[0]
                .causes
                .iter()
                .any(|c| c.text.contains("refresh clears"))
        );
    }

    #[test]
    fn an_odd_kid_or_a_specific_code_moves_its_cause_up() {
        let d = super::super::diagnose(&refused_facts("1234567", "invalid_grant", "abc def"));
        assert!(
            d[0].causes[0].text.contains("certificate id"),
            "{:#?}",
            d[0].causes
        );
        let d = super::super::diagnose(&refused_facts("1234567", "unauthorized_client", KID));
        assert!(
            d[0].causes[0].text.contains("Client Credentials"),
            "{:#?}",
            d[0].causes
        );
        let d = super::super::diagnose(&refused_facts("1234567", "invalid_scope", KID));
        assert!(d[0].causes[0].text.contains("scope"), "{:#?}", d[0].causes);
    }

    #[test]
    fn a_known_detail_names_the_first_cause_with_certainty() {
        let mut f = refused_facts("1234567_SB1", "invalid_grant", KID);
        f.detail = super::super::KnownDetail::given(Some("CertificateRevoked"));
        let d = super::super::diagnose(&f);
        assert_eq!(d[0].causes[0].detail.as_deref(), Some("CertificateRevoked"));
        assert_eq!(d[0].causes[0].confidence, Confidence::Certain);
        assert!(
            d[0].causes[0].text.contains("revoked"),
            "{:#?}",
            d[0].causes
        );
    }

    #[test]
    fn a_skewed_clock_is_the_first_cause() {
        let mut f = refused_facts("1234567", "invalid_grant", KID);
        f.skew = Some(super::super::SkewFact {
            secs: 180,
            source: "Date header".into(),
        });
        let d = super::super::diagnose(&f);
        let first = d
            .iter()
            .find(|d| d.code == DiagnosisCode::TokenRequestRefused)
            .unwrap();
        assert!(
            first.causes[0].text.contains("clock"),
            "{:#?}",
            first.causes
        );
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::netsuite::cert::checks::{CertificateSummary, Finding, KeySummary};

    fn finding(id: &'static str, severity: FindingSeverity, code: Option<&'static str>) -> Finding {
        Finding {
            id,
            severity,
            code,
            message: format!("{id} finding"),
        }
    }

    fn key_report(findings: Vec<Finding>) -> OAuth2Facts {
        OAuth2Facts {
            key: Some(KeyReport {
                ok: false,
                key: Some(KeySummary {
                    family: "RSA",
                    bits: 2048,
                    curve: None,
                    alg: "PS256",
                }),
                certificate: Some(CertificateSummary {
                    key: "RSA 2048".into(),
                    not_before: "2024-01-01T00:00:00Z".into(),
                    not_after: "2026-01-01T00:00:00Z".into(),
                    validity_days: 731,
                }),
                findings,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_granted_tokens_claims_are_the_ones_the_run_reports() {
        let claims = TokenClaims {
            role: Some("1001".into()),
            entity: Some("-5".into()),
            ..Default::default()
        };
        let granted = OAuth2Facts {
            token: TokenOutcome::Granted {
                claims: claims.clone(),
                expires_in: 3600,
            },
            ..Default::default()
        };
        assert_eq!(granted.claims(), Some(&claims));
        let refused = OAuth2Facts {
            token: TokenOutcome::Unusable("no access_token".into()),
            ..Default::default()
        };
        assert_eq!(refused.claims(), None);
    }

    #[test]
    fn each_key_finding_code_is_one_diagnosis_decided_by_its_first_finding() {
        let o = key_report(vec![
            finding("key", FindingSeverity::Ok, Some("key-unusable")),
            finding("key-format", FindingSeverity::Error, Some("key-unusable")),
            finding(
                "expiry",
                FindingSeverity::Error,
                Some("certificate-expired"),
            ),
            finding(
                "validity",
                FindingSeverity::Warning,
                Some("certificate-expired"),
            ),
            finding("alg", FindingSeverity::Error, Some("algorithm-rejected")),
            finding(
                "self-verify",
                FindingSeverity::Error,
                Some("something-else"),
            ),
            finding("key-match", FindingSeverity::Error, None),
        ]);
        let d = key_findings(&o);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                DiagnosisCode::KeyUnusable,
                DiagnosisCode::CertificateExpired,
                DiagnosisCode::AlgorithmRejected,
            ]
        );
        assert!(d[0].cause.contains("key-format finding"), "{}", d[0].cause);
        assert_eq!(
            d[1].title,
            "The certificate expired on 2026-01-01T00:00:00Z"
        );
        assert_eq!(d[1].severity, Severity::Error);
        assert!(d[2].title.contains("PS256"), "{}", d[2].title);
        assert!(d.iter().all(|d| d.confidence == Confidence::Certain));
        assert!(
            d[0].evidence
                .contains("key: key-format: key-format finding")
        );
    }

    #[test]
    fn the_certificate_wording_follows_the_finding() {
        let title = |id, severity| {
            let o = key_report(vec![finding(id, severity, Some("certificate-expired"))]);
            let d = key_findings(&o);
            (d[0].title.clone(), d[0].severity)
        };
        assert_eq!(
            title("expiry", FindingSeverity::Warning),
            (
                "The certificate expires on 2026-01-01T00:00:00Z".to_string(),
                Severity::Warning
            )
        );
        assert!(
            title("validity", FindingSeverity::Warning)
                .0
                .contains("more than two years")
        );
        assert!(
            title("validity", FindingSeverity::Error)
                .0
                .contains("more than two years")
        );
        assert!(key_findings(&OAuth2Facts::default()).is_empty());
    }

    use crate::check::classify::Stack;
    use crate::check::fixtures::{REST_401, RESTLET_401, facts, probe};

    const KID: &str = "-QjavVtnzeAPA_QdffgnTh9yPy6LbSGOYqNeJqtbKgU";

    /// A production M2M run whose token request was refused with `error`.
    fn refusal(error: &str, kid: &str, excerpt: &str) -> Facts {
        let mut f = facts("1234567");
        f.oauth2 = Some(OAuth2Facts {
            certificate_id: kid.into(),
            scopes: vec!["rest_webservices".into()],
            token: TokenOutcome::Refused {
                status: 400,
                error: Some(TokenError {
                    error: error.into(),
                    description: None,
                }),
                www_authenticate: None,
                excerpt: excerpt.into(),
            },
            ..Default::default()
        });
        f
    }

    fn token_refused(f: &Facts) -> Diagnosis {
        rules(f)
            .into_iter()
            .find(|d| d.code == DiagnosisCode::TokenRequestRefused)
            .expect("token-request-refused")
    }

    fn cause_details(d: &Diagnosis) -> Vec<&str> {
        d.causes
            .iter()
            .map(|c| c.detail.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn a_body_excerpt_is_evidence_only_when_there_is_one() {
        let d = token_refused(&refusal("invalid_grant", KID, "<html>gateway</html>"));
        assert!(
            d.evidence.contains("body: \"<html>gateway</html>\""),
            "{}",
            d.evidence
        );
        let d = token_refused(&refusal("invalid_grant", KID, ""));
        assert!(!d.evidence.contains("body:"), "{}", d.evidence);
    }

    #[test]
    fn the_clock_is_blamed_from_31_s() {
        for (secs, blamed) in [(30, false), (-30, false), (31, true), (-31, true)] {
            let mut f = refusal("invalid_grant", KID, "");
            f.skew = Some(super::super::SkewFact {
                secs,
                source: "Date header".into(),
            });
            let d = token_refused(&f);
            assert_eq!(
                d.causes[0].detail.as_deref() == Some("AssertionIssuedInFuture"),
                blamed,
                "{secs} s: {:?}",
                cause_details(&d)
            );
        }
    }

    #[test]
    fn the_full_order_depends_on_whether_the_certificate_was_checked() {
        // No certificate given: its dates were not checked, so revoked/expired leads (65), and a
        // key that does not fit the certificate stays possible.
        let d = token_refused(&refusal("invalid_grant", KID, ""));
        assert_eq!(
            cause_details(&d),
            [
                "CertificateRevoked",
                "UnknownCertificate",
                "InvalidClient",
                "ClientCredentialsGrantNotAllowed",
                "IntegrationBlocked",
                "ScopeMismatched",
                "UnknownCertificate",
                "InvalidSignature",
            ]
        );
        assert!(d.causes[0].evidence.contains("no certificate given"));
        // A valid local certificate: only a revocation remains (45, below the kid's 50), and
        // the key was checked against it.
        let mut f = refusal("invalid_grant", KID, "");
        let o = f.oauth2.as_mut().unwrap();
        o.certificate_given = true;
        o.key = key_report(Vec::new()).key;
        let d = token_refused(&f);
        assert_eq!(
            cause_details(&d),
            [
                "UnknownCertificate",
                "CertificateRevoked",
                "InvalidClient",
                "ClientCredentialsGrantNotAllowed",
                "IntegrationBlocked",
                "ScopeMismatched",
                "UnknownCertificate",
            ]
        );
        assert!(
            d.causes[1]
                .evidence
                .contains("valid until 2026-01-01T00:00:00Z"),
            "{}",
            d.causes[1].evidence
        );
    }

    #[test]
    fn an_odd_kid_is_a_wrong_length_or_a_wrong_character() {
        for (kid, odd) in [
            (KID, false),
            ("abc", true),
            ("QjavVtnzeAPA+QdffgnTh9yPy6LbSGOYqNeJqtbKgU=", true),
        ] {
            let d = token_refused(&refusal("invalid_grant", kid, ""));
            let pos = cause_details(&d)
                .iter()
                .position(|x| *x == "UnknownCertificate")
                .unwrap();
            assert_eq!(pos == 0, odd, "{kid}: {:?}", cause_details(&d));
            let ev = &d.causes[pos].evidence;
            assert!(
                ev.contains(&format!("{} characters", kid.chars().count())),
                "{ev}"
            );
            assert_eq!(ev.contains("not the usual 43"), odd, "{ev}");
            assert_eq!(
                ev.contains("starting with '-'"),
                kid.starts_with('-'),
                "{ev}"
            );
        }
    }

    /// A run whose token was granted for `scopes`, then its Bearer probes answered as given.
    fn bearer(scopes: &[&str], rest: u16, restlet: Option<u16>) -> Facts {
        let mut f = facts("1234567");
        f.oauth2 = Some(OAuth2Facts {
            token: TokenOutcome::Granted {
                claims: TokenClaims {
                    role: Some("1001".into()),
                    entity: Some("-5".into()),
                    scope: scopes.iter().map(|s| (*s).to_string()).collect(),
                    ..Default::default()
                },
                expires_in: 3600,
            },
            ..Default::default()
        });
        let body = |status| if status == 200 { "{}" } else { REST_401 };
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, rest, body(rest)));
        if let Some(status) = restlet {
            let body = if status == 200 {
                r#"{"role":"1001"}"#
            } else {
                RESTLET_401
            };
            f.probes.push(probe(
                CheckId::RestletTokeninfo,
                Stack::Restlet,
                status,
                body,
            ));
        }
        f
    }

    const BOTH: &[&str] = &["rest_webservices", "restlets"];

    #[test]
    fn a_refusal_the_tokens_scopes_explain_is_a_scope_mismatch() {
        let d = logins(&bearer(&["rest_webservices"], 401, Some(401)));
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [DiagnosisCode::ScopeMismatch, DiagnosisCode::InvalidLogin]
        );
        assert!(
            d[0].title.contains("RESTlets") || d[0].cause.contains("RESTlets"),
            "{:?}",
            d[0]
        );
        assert!(
            d[0].evidence.contains("restlet-tokeninfo"),
            "{}",
            d[0].evidence
        );
        assert!(
            !d[1].cause.contains("every interface tried"),
            "{}",
            d[1].cause
        );
        let d = logins(&bearer(&["restlets"], 401, Some(200)));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, DiagnosisCode::ScopeMismatch);
        let words = format!("{} {} {:?}", d[0].title, d[0].cause, d[0].fix);
        assert!(words.contains("REST web services"), "{words}");
        assert!(words.contains("rest_webservices"), "{words}");
    }

    #[test]
    fn refusals_within_the_scopes_are_rest_access_or_invalid_login() {
        assert!(logins(&bearer(BOTH, 200, Some(200))).is_empty());
        let d = logins(&bearer(BOTH, 401, Some(200)));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, DiagnosisCode::RestAccessMissing);
        let d = logins(&bearer(BOTH, 401, Some(401)));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, DiagnosisCode::InvalidLogin);
        assert!(
            d[0].cause.contains("every interface tried"),
            "{}",
            d[0].cause
        );
        assert!(
            d[0].evidence.contains("role 1001, entity -5"),
            "{}",
            d[0].evidence
        );
        // Only a refused login counts: a RESTlet that answered otherwise is not a failure.
        let mut f = bearer(BOTH, 401, None);
        f.probes.push(probe(
            CheckId::RestletTokeninfo,
            Stack::Restlet,
            403,
            r#"{"error":{"code":"INSUFFICIENT_PERMISSION","message":"no"}}"#,
        ));
        let d = logins(&f);
        assert_eq!(d.len(), 1);
        assert!(d[0].evidence.contains("rest-login"), "{}", d[0].evidence);
        assert!(
            !d[0].cause.contains("every interface tried"),
            "{}",
            d[0].cause
        );
    }

    #[test]
    fn two_interfaces_outside_the_scopes_are_one_scope_mismatch() {
        let d = logins(&bearer(&[], 401, Some(401)));
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, [DiagnosisCode::ScopeMismatch]);
    }
}
