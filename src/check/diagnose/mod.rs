//! The diagnosis engine: what the checks observed ([`Facts`]) → ranked [`Diagnosis`] list with
//! stable codes, evidence and fix steps. Pure. The rules are grouped by family (network, clock,
//! login, permissions, limits, credentials, OAuth 2.0), each a small function of the facts; this
//! module runs them in rank order and merges duplicates. Their words live in
//! `assets/diagnoses.toml`; the rules follow NetSuite's remote-discrimination strategy (compare
//! interfaces to narrow an opaque 401).

mod clock;
mod credentials;
mod draft;
mod evidence;
mod limits;
mod login;
mod network;
mod oauth2;
mod oauth2_authcode;
mod permissions;

pub use oauth2::{OAuth2Facts, TokenOutcome};
#[cfg(test)]
mod properties;
mod rank;

pub use evidence::{ConsumerFact, DetailSource, History, KnownDetail, same_cause};

use super::classify::{Kind, Observation};
use super::code::DiagnosisCode;
use super::credential_shape::ShapeIssue;
use super::model::{CheckId, Confidence, Diagnosis, Severity};
use crate::net::http::TransportFailure;
use crate::netsuite::AccountId;

/// What the account lookup said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LookupFact {
    /// Not run (or skipped).
    #[default]
    NotRun,
    /// The returned hosts contain the expected slug.
    Confirmed,
    /// The lookup rejected the id (400 "Company Id is invalid" or similar); evidence text.
    Rejected(String),
    /// A 200 whose hosts do not name this account (generic or foreign hosts); evidence text.
    Unrecognized(String),
    /// No conclusion (unexpected answer); evidence text.
    Inconclusive(String),
}

/// The server clock compared with ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkewFact {
    /// Local minus server, seconds.
    pub secs: i64,
    /// Where the server time came from (`Date header of the account lookup`).
    pub source: String,
}

/// One signed probe's classified answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeFact {
    /// Which check.
    pub id: CheckId,
    /// What came back.
    pub obs: Observation,
}

/// Everything the checks observed.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The account as typed.
    pub account_typed: String,
    /// The parsed account, when it parsed.
    pub account: Option<AccountId>,
    /// The parse error message, when it did not.
    pub account_error: Option<String>,
    /// Credential shape problems.
    pub shape: Vec<ShapeIssue>,
    /// Account lookup outcome.
    pub lookup: LookupFact,
    /// The network-layer failure that stopped the checks, if any.
    pub transport: Option<(CheckId, TransportFailure)>,
    /// Clock comparison (largest measured).
    pub skew: Option<SkewFact>,
    /// Signed probes' answers, in order.
    pub probes: Vec<ProbeFact>,
    /// True when `--base-url` redirected every call.
    pub base_url: bool,
    /// nstba could not set up or sign a request (what went wrong, no secrets).
    pub internal: Option<String>,
    /// OAuth 2.0 runs: the key checks and the token request (`None` for TBA).
    pub oauth2: Option<OAuth2Facts>,
    /// What the consumer-only probe said.
    pub consumer: ConsumerFact,
    /// What the profile remembers of earlier tests.
    pub history: History,
    /// A Login Audit Trail Detail value known for this failure.
    pub detail: Option<KnownDetail>,
    /// Wall time of each signed probe's answer, milliseconds, in order.
    pub timings: Vec<(CheckId, u64)>,
}

impl Facts {
    /// True when a signed request passed: NetSuite accepted the account id, the consumer, the
    /// token and the timestamp. This later, stronger observation outranks every earlier, weaker
    /// one that said otherwise (an odd account lookup, a clock sample), and the rules honour it.
    pub fn login_proven(&self) -> bool {
        self.probes.iter().any(|p| p.obs.kind == Kind::Success)
    }

    fn probe(&self, id: CheckId) -> Option<&Observation> {
        self.probes.iter().find(|p| p.id == id).map(|p| &p.obs)
    }

    /// The first probe of `ids` that succeeded.
    fn first_ok(&self, ids: &[CheckId]) -> Option<(CheckId, &Observation)> {
        ids.iter().find_map(|&id| {
            self.probe(id)
                .filter(|o| o.kind == Kind::Success)
                .map(|o| (id, o))
        })
    }
}

/// `rest-login: HTTP 401 INVALID_LOGIN "Invalid login attempt."`
fn describe_obs(id: CheckId, o: &Observation) -> String {
    let mut s = format!("{}: HTTP {}", id.as_str(), o.status);
    if let Some(code) = &o.code {
        s.push(' ');
        s.push_str(code);
    }
    if let Some(m) = &o.message {
        s.push_str(&format!(" \"{}\"", clip(m, 90)));
    } else if !o.excerpt.is_empty() {
        s.push_str(&format!(" ({}: \"{}\")", o.shape, clip(&o.excerpt, 90)));
    } else {
        s.push_str(&format!(" ({})", o.shape));
    }
    s
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// The diagnosis one probe's answer gives on its own (login failures are judged together).
fn observation(id: CheckId, o: &Observation, base_url: bool) -> Option<Diagnosis> {
    Some(match o.kind {
        Kind::Success | Kind::LoginFailed => return None,
        // Judged together: on the REST login with the other logins (`rest-access-missing`),
        // elsewhere by which calls were refused ([`permissions::role_refusals`]).
        Kind::RoleCannotUseApi => return None,
        Kind::PermissionMissing | Kind::ApiPermissionMissing => permissions::missing(id, o),
        Kind::FeatureOff => permissions::feature_off(id, o),
        Kind::WebServicesOnlyRole => permissions::web_services_only(id, o),
        Kind::Concurrency => limits::concurrency(id, o),
        Kind::Unavailable => limits::unavailable(id, o),
        Kind::WrongHost => network::wrong_host(id, o, base_url),
        Kind::AmbiguousAuth => login::ambiguous(id, o),
        Kind::TwoFactorRequired | Kind::Unexpected => network::unexpected(id, o),
    })
}

/// Login-level failures and triangulation: REST refusing a token that works elsewhere is
/// `rest-access-missing`; any other refused login is `invalid-login`.
fn logins(f: &Facts) -> Vec<Diagnosis> {
    if f.oauth2.is_some() {
        // Bearer requests: refusals have OAuth 2.0 causes (scope, role permission, token).
        return oauth2::logins(f);
    }
    let rest = f.probe(CheckId::RestLogin);
    let other_ok = f.first_ok(&[CheckId::RestletTokeninfo, CheckId::SoapLogin]);
    let failures: Vec<(CheckId, &Observation)> = f
        .probes
        .iter()
        .filter(|p| p.obs.kind == Kind::LoginFailed)
        .map(|p| (p.id, &p.obs))
        .collect();
    let mut out = Vec::new();
    let rest_failed_login = rest.is_some_and(|o| o.kind == Kind::LoginFailed);
    let rest_role = rest.is_some_and(|o| o.kind == Kind::RoleCannotUseApi);
    if let Some(r) = rest
        && ((rest_failed_login && other_ok.is_some()) || rest_role)
    {
        out.push(login::rest_access_missing(r, other_ok));
        // Other stacks that failed login anyway still deserve the generic explanation.
        let others: Vec<_> = failures
            .iter()
            .filter(|(id, _)| *id != CheckId::RestLogin)
            .copied()
            .collect();
        if !others.is_empty() {
            out.push(login::invalid_login(f, &others));
        }
    } else if !failures.is_empty() {
        out.push(login::invalid_login(f, &failures));
    }
    out
}

/// Adds `d`, or merges it into the diagnosis with the same code: two probes with the same problem
/// (records and SuiteQL both 403) give one diagnosis with both pieces of evidence and every
/// distinct fix step.
fn add_merged(out: &mut Vec<Diagnosis>, d: Diagnosis) {
    if let Some(existing) = out.iter_mut().find(|x| x.code == d.code) {
        existing.evidence.push_str("; ");
        existing.evidence.push_str(&d.evidence);
        for step in d.fix {
            if !existing.fix.contains(&step) {
                existing.fix.push(step);
            }
        }
    } else {
        out.push(d);
    }
}

/// Observations → ranked diagnoses: errors before warnings, and within a severity the order the
/// families run in (most certain and most specific first).
pub fn diagnose(f: &Facts) -> Vec<Diagnosis> {
    if let Some(d) = credentials::account_id(f) {
        return vec![d];
    }
    let mut out: Vec<Diagnosis> = Vec::new();
    out.extend(internal(f));
    out.extend(network::transport(f));
    out.extend(credentials::lookup(f));
    out.extend(clock::skew(f));
    out.extend(logins(f));
    out.extend(permissions::role_refusals(f));
    for p in &f.probes {
        if let Some(d) = observation(p.id, &p.obs, f.base_url) {
            add_merged(&mut out, d);
        }
    }
    out.extend(oauth2::rules(f));
    out.extend(credentials::shape(f));
    out.extend(undiagnosed(f, &out));
    // Stable sort: severity first, rule order within a severity.
    out.sort_by_key(|d| d.severity);
    out
}

/// The last rule: a probe that failed yet produced no error diagnosis (an answer no rule knows)
/// still gets one, so a run that finds a problem never ends with an empty list.
fn undiagnosed(f: &Facts, out: &[Diagnosis]) -> Option<Diagnosis> {
    if out.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let p = f.probes.iter().find(|p| p.obs.kind != Kind::Success)?;
    let mut d = observation(p.id, &p.obs, f.base_url).unwrap_or_else(|| {
        draft::draft(DiagnosisCode::UnexpectedResponse)
            .variant("unexplained-refusal")
            .var("check", p.id.as_str())
            .var("status", p.obs.status.to_string())
            .var("shape", p.obs.shape.to_string())
            .build(
                Severity::Error,
                Confidence::Possible,
                describe_obs(p.id, &p.obs),
            )
    });
    d.severity = Severity::Error;
    Some(d)
}

/// The checks whose failure a later, stronger observation outranks: once a signed request passed,
/// an account lookup that did not name the account was odd, not failed.
pub fn outranked(f: &Facts) -> Vec<CheckId> {
    if f.login_proven() {
        vec![CheckId::AccountLookup]
    } else {
        Vec::new()
    }
}

/// nstba could not set up or sign a request.
fn internal(f: &Facts) -> Option<Diagnosis> {
    let detail = f.internal.as_ref()?;
    Some(
        draft::draft(DiagnosisCode::InternalError)
            .variant("setup")
            .var("detail", detail.clone())
            .build(Severity::Error, Confidence::Certain, detail.clone()),
    )
}

/// Whether a run passed: not cancelled, no check failed and no error diagnosis remains. The
/// rules make sure every failed check has an error diagnosis and no error contradicts a passing
/// check, so this is "no error remains".
pub fn passed(
    checks: &[super::model::CheckResult],
    diagnoses: &[Diagnosis],
    cancelled: bool,
) -> bool {
    !cancelled
        && !checks
            .iter()
            .any(|c| c.status == super::model::Status::Fail)
        && !diagnoses.iter().any(|d| d.severity == Severity::Error)
}

/// The diagnosis shown when the check task itself failed (a bug in nstba, not a NetSuite answer).
pub fn internal_error() -> Diagnosis {
    draft::draft(DiagnosisCode::InternalError).build(
        Severity::Error,
        Confidence::Certain,
        "the check task panicked",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::classify::{Stack, classify};
    use crate::check::fixtures::{REST_401, RESTLET_401, TOKENINFO_OK, facts, probe};
    use crate::net::http::TransportKind;

    fn first(f: &Facts) -> Diagnosis {
        diagnose(f).into_iter().next().expect("a diagnosis")
    }

    #[test]
    fn a_failed_probe_no_rule_explains_still_gets_an_error() {
        // The safety net behind every rule: today's rules leave nothing for it, so it is tested
        // directly (a run that finds a problem never ends with an empty list).
        let mut f = facts("1234567");
        f.probes.push(probe(
            CheckId::RestRecords,
            Stack::Rest,
            400,
            r#"{"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#,
        ));
        let d = undiagnosed(&f, &[]).expect("a diagnosis for the failed probe");
        assert_eq!(d.code, DiagnosisCode::UnexpectedResponse);
        assert_eq!(d.severity, Severity::Error);
        assert!(d.evidence.contains("rest-records"), "{d:#?}");
        assert!(
            undiagnosed(&f, &diagnose(&f)).is_none(),
            "an error is there already"
        );
    }

    #[test]
    fn healthy_gives_nothing() {
        let mut f = facts("1234567_SB1");
        f.probes.push(probe(
            CheckId::RestLogin,
            Stack::Rest,
            200,
            r#"{"serverTime":"x"}"#,
        ));
        assert!(diagnose(&f).is_empty());
    }

    #[test]
    fn bad_account_id_stops_everything() {
        let f = Facts {
            account_typed: "abc".into(),
            account_error: Some("account id \"abc\": it must start with digits".into()),
            ..Default::default()
        };
        let d = diagnose(&f);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "account-id-format");
    }

    #[test]
    #[allow(clippy::too_many_lines)] // one table: a row per rule
    fn rules_table() {
        // (description, facts builder, expected first code)
        type Build = fn() -> Facts;
        let table: Vec<(&str, Build, &str)> = vec![
            (
                "rest 401 alone",
                || {
                    let mut f = facts("1234567_SB1");
                    f.probes
                        .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
                    f.probes.push(probe(
                        CheckId::RestletTokeninfo,
                        Stack::Restlet,
                        401,
                        RESTLET_401,
                    ));
                    f
                },
                "invalid-login",
            ),
            (
                "rest 401 but tokeninfo ok",
                || {
                    let mut f = facts("1234567");
                    f.probes
                        .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
                    f.probes.push(probe(
                        CheckId::RestletTokeninfo,
                        Stack::Restlet,
                        200,
                        TOKENINFO_OK,
                    ));
                    f
                },
                "rest-access-missing",
            ),
            (
                "rest 401 but soap ok",
                || {
                    let mut f = facts("1234567");
                    f.probes
                        .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
                    f.probes.push(ProbeFact {
                        id: CheckId::SoapLogin,
                        obs: classify(
                            Stack::Soap,
                            200,
                            Some("text/xml"),
                            b"<getServerTimeResponse/>",
                            false,
                        ),
                    });
                    f
                },
                "rest-access-missing",
            ),
            (
                "rest role without REST permission",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(probe(CheckId::RestLogin, Stack::Rest, 400, r#"{"o:errorDetails":[{"detail":"Your current role does not have permission to perform this action.","o:errorCode":"USER_ERROR"}]}"#));
                    f
                },
                "rest-access-missing",
            ),
            (
                "skew beats login failure",
                || {
                    let mut f = facts("1234567");
                    f.skew = Some(SkewFact {
                        secs: 600,
                        source: "Date".into(),
                    });
                    f.probes
                        .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
                    f
                },
                "clock-skew",
            ),
            (
                "suiteql 403",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(probe(
                        CheckId::RestLogin,
                        Stack::Rest,
                        200,
                        r#"{"serverTime":"x"}"#,
                    ));
                    f.probes.push(probe(
                        CheckId::RestSuiteql,
                        Stack::Rest,
                        403,
                        r#"{"o:errorCode":"INSUFFICIENT_PERMISSION"}"#,
                    ));
                    f
                },
                "permission-missing",
            ),
            (
                "429",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(probe(CheckId::RestLogin, Stack::Rest, 429, r#"{"o:errorDetails":[{"detail":"Concurrent request limit exceeded. Request blocked.","o:errorCode":"CONCURRENCY_LIMIT_EXCEEDED"}]}"#));
                    f
                },
                "concurrency-limit",
            ),
            (
                "503",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(ProbeFact {
                        id: CheckId::RestLogin,
                        obs: classify(
                            Stack::Rest,
                            503,
                            Some("text/html"),
                            b"<html>down</html>",
                            false,
                        ),
                    });
                    f
                },
                "account-unavailable",
            ),
            (
                "html 200",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(ProbeFact {
                        id: CheckId::RestLogin,
                        obs: classify(
                            Stack::Rest,
                            500,
                            Some("text/html"),
                            b"<html>proxy error</html>",
                            false,
                        ),
                    });
                    f
                },
                "unexpected-response",
            ),
            (
                "lookup rejected",
                || {
                    let mut f = facts("1234567");
                    f.lookup = LookupFact::Rejected("400 Company Id is invalid".into());
                    f
                },
                "account-not-found",
            ),
            (
                "dns",
                || {
                    let mut f = facts("1234567");
                    f.transport = Some((
                        CheckId::Reachability,
                        TransportFailure {
                            kind: TransportKind::Dns,
                            host: "x.invalid:443".into(),
                            detail: "no".into(),
                            date: None,
                            status: None,
                        },
                    ));
                    f
                },
                "dns-failure",
            ),
            (
                "web services only role",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(probe(
                        CheckId::RestletTokeninfo,
                        Stack::Restlet,
                        401,
                        r#"{"error":{"code":"INVALID_LOGIN_CREDENTIALS","message":"x"}}"#,
                    ));
                    f
                },
                "web-services-only-role",
            ),
            (
                "soap permission",
                || {
                    let mut f = facts("1234567");
                    f.probes.push(ProbeFact { id: CheckId::SoapLogin, obs: classify(Stack::Soap, 500, Some("text/xml"), b"<soapenv:Fault><faultstring>x</faultstring><detail><code>WS_PERMISSION_REQD</code></detail></soapenv:Fault>", false) });
                    f
                },
                "permission-missing",
            ),
        ];
        for (what, build, code) in table {
            let f = build();
            let d = diagnose(&f);
            assert_eq!(
                d.first().map(|d| d.code.as_str()),
                Some(code),
                "{what}: {d:#?}"
            );
        }
    }

    #[test]
    fn invalid_login_ranks_sandbox_token_causes_and_explains_the_audit_trail() {
        let mut f = facts("1234567_SB1");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        let d = first(&f);
        assert_eq!(d.code, "invalid-login");
        assert!(d.fix[0].contains("View Login Audit Trail"));
        assert!(d.fix[0].contains("Use Advanced Search"));
        assert!(d.fix[0].contains("Detail"));
        assert!(d.fix[1].contains("nstba explain"));
        assert!(
            d.cause
                .contains("(1) token_rejected: this is a Sandbox 1 account"),
            "{}",
            d.cause
        );
        assert!(d.evidence.contains("INVALID_LOGIN"));
        assert!(d.evidence.contains("confirmed by the account lookup"));
        // Production ranks differently.
        let mut f = facts("1234567");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        assert!(
            first(&f)
                .cause
                .contains("(1) token_rejected: the token was revoked")
        );
    }

    #[test]
    fn invalid_login_puts_a_bad_paste_first_and_notes_spelling() {
        let mut f = facts("1234567-sb1");
        f.shape = crate::check::credential_shape::check(&crate::netsuite::Credentials::new(
            "short",
            "b".repeat(64),
            "c".repeat(64),
            "d".repeat(64),
        ));
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        let d = diagnose(&f);
        assert_eq!(d[0].code, "invalid-login");
        assert!(
            d[0].cause.contains("(1) A bad paste (consumer key)"),
            "{}",
            d[0].cause
        );
        assert!(d[0].cause.contains("typed as \"1234567-sb1\""));
        assert_eq!(d.last().unwrap().code, "credential-format");
        assert_eq!(d.last().unwrap().severity, Severity::Warning);
    }

    #[test]
    fn invalid_login_causes_are_data_with_login_audit_trail_details() {
        let mut f = facts("1234567_SB1");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        let d = first(&f);
        let details: Vec<Option<&str>> = d.causes.iter().map(|c| c.detail.as_deref()).collect();
        assert_eq!(
            details,
            [
                Some("token_rejected"),
                Some("InvalidSignature"),
                Some("consumer_key_unknown"),
                Some("permission_denied"),
                Some("FeatureDisabled"),
                Some("temporary_locked"),
            ]
        );
        // Every cause-specific fix step follows the Login Audit Trail steps, in rank order.
        let cause_fixes: Vec<&str> = d
            .causes
            .iter()
            .filter_map(|c| c.fix.first().map(String::as_str))
            .take(3)
            .collect();
        let tail: Vec<&str> = d.fix[2..].iter().map(|f| f.text.as_str()).collect();
        assert_eq!(tail, cause_fixes);
        assert!(
            d.causes.iter().all(|c| c.confidence != Confidence::Certain),
            "nothing is certain without a Detail"
        );
        assert!(
            d.causes
                .iter()
                .all(|c| !c.text.is_empty() && !c.evidence.is_empty())
        );
        assert_eq!(d.causes[0].fix.len(), 1);
        assert_eq!(
            d.cause,
            format!(
                "{} {}",
                d.preamble(),
                crate::check::Cause::ranked(&d.causes)
            )
        );
        assert!(d.preamble().ends_with("given what nstba saw:"));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["causes"][0]["detail"], "token_rejected");
        assert!(json["causes"][0]["fix"].is_array());
        assert!(json["fix"][1].as_str().unwrap().contains("nstba explain"));
        assert_eq!(
            d.fix[1].next,
            Some(crate::check::text::NextStep::Explain { detail: None })
        );
        // Other diagnoses keep the JSON they had: no "causes" key.
        let mut f = facts("1234567");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 429, "{}"));
        let json = serde_json::to_value(diagnose(&f)).unwrap();
        assert!(json[0].get("causes").is_none(), "{json}");
    }

    #[test]
    fn a_passing_login_outranks_an_odd_lookup_and_a_late_clock_sample() {
        // Issue 19 §1: a stand-in whose lookup names its own origin, every login passing.
        let mut f = facts("1234567_SB1");
        f.lookup =
            LookupFact::Unrecognized("account-lookup: HTTP 200 hosts: http://127.0.0.1:9".into());
        f.skew = Some(SkewFact {
            secs: 900,
            source: "serverTime of REST login".into(),
        });
        f.probes.push(probe(
            CheckId::RestLogin,
            Stack::Rest,
            200,
            r#"{"serverTime":"x"}"#,
        ));
        let d = diagnose(&f);
        assert!(d.iter().all(|x| x.severity != Severity::Error), "{d:#?}");
        let lookup = d.iter().find(|x| x.code == "account-not-found").unwrap();
        assert_eq!(lookup.severity, Severity::Info);
        assert!(lookup.title.contains("the logins worked"));
        let skew = d.iter().find(|x| x.code == "clock-skew").unwrap();
        assert_eq!(skew.severity, Severity::Warning);
        assert!(skew.cause.contains("accepted a signed request"));
        assert_eq!(outranked(&f), vec![CheckId::AccountLookup]);
        // Without the passing login the same lookup is an error.
        f.probes.clear();
        assert_eq!(first(&f).code, DiagnosisCode::AccountNotFound);
        assert_eq!(first(&f).severity, Severity::Error);
        assert!(outranked(&f).is_empty());
    }

    #[test]
    fn small_skew_is_a_warning_after_errors() {
        let mut f = facts("1234567");
        f.skew = Some(SkewFact {
            secs: -120,
            source: "Date".into(),
        });
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        let d = diagnose(&f);
        assert_eq!(d[0].code, "invalid-login");
        assert!(d[0].cause.contains("(1) InvalidTimestamp"));
        let skew = d.iter().find(|x| x.code == "clock-skew").unwrap();
        assert_eq!(skew.severity, Severity::Warning);
        assert!(skew.title.contains("2 min 0 s behind"));
    }

    #[test]
    fn permission_missing_names_the_permission() {
        let mut f = facts("1234567");
        f.probes.push(probe(CheckId::RestRecords, Stack::Rest, 403, r#"{"o:errorDetails":[{"detail":"Permission Violation: You need the 'Lists -> Customers' permission to access this page.","o:errorCode":"INSUFFICIENT_PERMISSION"}]}"#));
        let d = first(&f);
        assert_eq!(d.code, "permission-missing");
        assert!(d.title.contains("Lists -> Customers"));
        assert!(d.fix[0].contains("Setup > Users/Roles > Manage Roles"));
        let mut f = facts("1234567");
        f.probes.push(probe(
            CheckId::RestSuiteql,
            Stack::Rest,
            403,
            r#"{"o:errorCode":"INSUFFICIENT_PERMISSION"}"#,
        ));
        assert!(first(&f).fix[0].contains("SuiteAnalytics Workbook"));
    }

    #[test]
    fn same_problem_on_two_probes_is_one_diagnosis() {
        let mut f = facts("1234567");
        for id in [CheckId::RestRecords, CheckId::RestSuiteql] {
            f.probes.push(probe(
                id,
                Stack::Rest,
                403,
                r#"{"o:errorCode":"INSUFFICIENT_PERMISSION"}"#,
            ));
        }
        let d = diagnose(&f);
        assert_eq!(
            d.iter().filter(|x| x.code == "permission-missing").count(),
            1
        );
        assert!(d[0].evidence.contains("rest-records") && d[0].evidence.contains("rest-suiteql"));
        assert!(
            d[0].fix
                .iter()
                .any(|s| s.contains("SuiteAnalytics Workbook"))
        );
    }

    #[test]
    fn every_diagnosis_has_fix_and_evidence() {
        let mut f = facts("1234567_SB1");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        f.probes
            .push(probe(CheckId::RestletTokeninfo, Stack::Restlet, 429, "{}"));
        f.shape = crate::check::credential_shape::check(&crate::netsuite::Credentials::new(
            " a", "b", "c", "d",
        ));
        for d in diagnose(&f) {
            assert!(!d.fix.is_empty(), "{}", d.code);
            assert!(!d.evidence.is_empty(), "{}", d.code);
            assert!(!d.title.is_empty() && !d.cause.is_empty());
        }
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::classify::Stack;
    use crate::check::fixtures::{REST_401, facts, probe, raw};
    use crate::check::model::{CheckResult, Status};

    #[test]
    fn an_answer_without_a_message_is_described_by_its_shape_and_excerpt() {
        let mut p = raw(
            CheckId::RestLogin,
            Stack::Rest,
            502,
            "text/html",
            "<html>bad gateway</html>",
        );
        p.obs.message = None;
        let with = describe_obs(p.id, &p.obs);
        assert!(with.contains("bad gateway\")"), "{with}");
        p.obs.excerpt.clear();
        let without = describe_obs(p.id, &p.obs);
        assert!(
            without.ends_with(&format!("({})", p.obs.shape)),
            "{without}"
        );
        assert!(!without.contains('"'), "{without}");
    }

    #[test]
    fn other_refused_stacks_beside_rest_access_missing_get_invalid_login() {
        let soap_401 = raw(
            CheckId::SoapLogin,
            Stack::Soap,
            500,
            "text/xml",
            "<soapenv:Fault><faultstring>Invalid login attempt.</faultstring></soapenv:Fault>",
        );
        let mut f = facts("1234567");
        f.probes
            .push(probe(CheckId::RestLogin, Stack::Rest, 401, REST_401));
        f.probes.push(probe(
            CheckId::RestletTokeninfo,
            Stack::Restlet,
            200,
            crate::check::fixtures::TOKENINFO_OK,
        ));
        let codes = |d: &[Diagnosis]| d.iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes(&logins(&f)), [DiagnosisCode::RestAccessMissing]);
        f.probes.push(soap_401);
        let d = logins(&f);
        assert_eq!(
            codes(&d),
            [
                DiagnosisCode::RestAccessMissing,
                DiagnosisCode::InvalidLogin
            ]
        );
        assert!(d[1].evidence.contains("soap-login"), "{}", d[1].evidence);
        assert!(!d[1].evidence.contains("rest-login"), "{}", d[1].evidence);
    }

    #[test]
    fn a_setup_failure_is_an_internal_error_first() {
        let mut f = facts("1234567");
        f.internal = Some("the request could not be signed".into());
        let d = diagnose(&f);
        assert_eq!(d[0].code, DiagnosisCode::InternalError);
        assert!(
            d[0].evidence.contains("could not be signed"),
            "{}",
            d[0].evidence
        );
        assert!(diagnose(&facts("1234567")).is_empty());
    }

    #[test]
    fn a_run_passes_only_uncancelled_without_failures_or_errors() {
        let check = |status| CheckResult {
            id: CheckId::RestLogin,
            status,
            ms: 1,
            http_status: None,
            error_code: None,
            summary: String::new(),
            details: Vec::new(),
        };
        let ok = [check(Status::Pass), check(Status::Warn)];
        assert!(passed(&ok, &[], false));
        assert!(!passed(&ok, &[], true));
        assert!(!passed(
            &[check(Status::Pass), check(Status::Fail)],
            &[],
            false
        ));
        assert!(!passed(&ok, &[internal_error()], false));
    }
}
