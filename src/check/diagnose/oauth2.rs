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
