//! The diagnosis engine: what the probes observed → ranked [`Diagnosis`] list with stable codes,
//! evidence and fix steps naming NetSuite menu paths. Pure; the rules follow the reference's
//! remote-discrimination strategy (diagnostics addendum §7) and error mapping (reference §5.6).

use super::catalogue;
use super::classify::{Kind, Observation};
use super::clock;
use super::credential_shape::{ShapeIssue, ShapeLevel};
use super::http::{TransportFailure, TransportKind};
use super::model::{CheckId, Confidence, Diagnosis, Severity};
use crate::netsuite::{AccountId, Environment};

/// How the Login Audit Trail is opened (reference §5.4 "Where to look").
pub const LOGIN_AUDIT_TRAIL_STEPS: &str = "Open the Login Audit Trail: Setup > Users/Roles > User \
Management > View Login Audit Trail; tick Use Advanced Search; on the Results subtab add the columns \
Detail, Token-based Access Token Name and Token-based Application Name; Submit, and find the failed \
login at the time of this test.";

/// The follow-up once the Detail value is known.
pub const EXPLAIN_STEP: &str = "Run `nstba explain <Detail>` with the value of the Detail column \
(for example `nstba explain InvalidSignature`) for the exact cause and fix.";

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
}

impl Facts {
    fn probe(&self, id: CheckId) -> Option<&Observation> {
        self.probes.iter().find(|p| p.id == id).map(|p| &p.obs)
    }
}

fn diag(
    code: &str,
    severity: Severity,
    confidence: Confidence,
    title: impl Into<String>,
    cause: impl Into<String>,
    fix: Vec<String>,
    evidence: impl Into<String>,
) -> Diagnosis {
    Diagnosis {
        code: code.into(),
        severity,
        confidence,
        title: title.into(),
        cause: cause.into(),
        fix,
        evidence: evidence.into(),
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

fn transport_diagnosis(check: CheckId, t: &TransportFailure, base_url: bool) -> Option<Diagnosis> {
    let host = &t.host;
    let ev = format!("{}: {}", check.as_str(), t.detail);
    let proxy_hint = if base_url {
        "Check that the --base-url server is running and reachable."
    } else {
        "Check the network path to *.netsuite.com: VPN, firewall or proxy (HTTPS_PROXY)."
    };
    let d = match t.kind {
        TransportKind::Dns => diag(
            "dns-failure",
            Severity::Error,
            Confidence::Certain,
            format!("The host name {host} does not resolve"),
            "DNS could not find the host. Either the account id names no account (the host is \
             derived from it), or this machine's DNS cannot reach the internet names.",
            vec![
                if base_url {
                    format!("Check the host name in --base-url ({host}).")
                } else {
                    format!(
                        "Check the account id (Setup > Company > Company Information > Account \
                         ID); the host is built from it: {host}."
                    )
                },
                "Check that this machine resolves other names (e.g. `nslookup system.netsuite.com`); \
                 fix DNS or VPN settings."
                    .into(),
                proxy_hint.into(),
            ],
            ev,
        ),
        TransportKind::Connect => diag(
            "connect-failure",
            Severity::Error,
            Confidence::Certain,
            format!("Cannot open a connection to {host}"),
            "The host name resolved, but the TCP connection was refused or could not be made.",
            if base_url {
                vec![proxy_hint.into()]
            } else {
                vec![
                    "Allow outbound HTTPS (port 443) to *.netsuite.com in the firewall or proxy."
                        .into(),
                    proxy_hint.into(),
                ]
            },
            ev,
        ),
        TransportKind::Tls => diag(
            "tls-failure",
            Severity::Error,
            Confidence::Certain,
            format!("The secure connection (TLS) to {host} failed"),
            "The TLS handshake or the certificate check failed, usually because a proxy inspects \
             HTTPS with its own certificate, or the system clock is far off (certificates look \
             expired).",
            vec![
                "If a corporate proxy inspects HTTPS, install its root certificate in the system \
                 store or exempt *.netsuite.com."
                    .into(),
                "Check the system date and time.".into(),
                proxy_hint.into(),
            ],
            ev,
        ),
        TransportKind::Timeout => diag(
            "timeout",
            Severity::Error,
            Confidence::Certain,
            format!("{host} did not answer in time"),
            "No complete answer arrived within the per-request timeout: a slow or blocked network \
             path, or an overloaded server.",
            vec![
                "Retry; if it persists, retry with a longer timeout (`nstba test --timeout 30`).".into(),
                proxy_hint.into(),
            ],
            ev,
        ),
        TransportKind::Other => diag(
            "unexpected-response",
            Severity::Error,
            Confidence::Likely,
            format!("The connection to {host} broke off"),
            "The server closed the connection or sent something that is not valid HTTP.",
            vec![
                "Retry; if it persists, check proxies between this machine and NetSuite.".into(),
                proxy_hint.into(),
            ],
            ev,
        ),
        TransportKind::Cancelled => return None,
    };
    Some(d)
}

/// One ranked candidate cause of an opaque login failure.
struct Cause {
    text: String,
    fix: Option<String>,
}

fn invalid_login(f: &Facts, failures: &[(CheckId, &Observation)]) -> Diagnosis {
    let env = f.account.as_ref().map(AccountId::environment);
    let mut causes: Vec<Cause> = Vec::new();
    let mut evidence: Vec<String> = failures
        .iter()
        .map(|(id, o)| describe_obs(*id, o))
        .collect();

    if let Some(s) = &f.skew {
        if s.secs.abs() > clock::WARN_SKEW_SECS {
            causes.push(Cause {
                text: format!(
                    "InvalidTimestamp: this computer's clock is {} NetSuite's (limit ±5 min).",
                    clock::describe(s.secs)
                ),
                fix: Some("Synchronise the clock with NTP.".into()),
            });
        } else {
            evidence.push(format!(
                "clock within {} s of the server (InvalidTimestamp unlikely)",
                s.secs.abs()
            ));
        }
    }
    let paste: Vec<&ShapeIssue> = f.shape.iter().filter(|i| i.may_break_login).collect();
    if !paste.is_empty() {
        causes.push(Cause {
            text: format!(
                "A bad paste ({}): InvalidSignature for a secret, consumer_key_unknown or \
                 token_rejected for a key or token id.",
                paste
                    .iter()
                    .map(|i| i.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            fix: Some(
                "Copy the values again from where they were saved (NetSuite shows each secret \
                 only once); if lost, create a new token at Setup > Users/Roles > Access Tokens > \
                 New (page:tokens)."
                    .into(),
            ),
        });
    }
    match env {
        Some(e) if e.is_refreshable() => causes.push(Cause {
            text: format!(
                "token_rejected: this is a {} account; tokens are per account, so a token made in \
                 production does not work here, and a sandbox refresh deletes the sandbox's \
                 tokens. consumer_key_unknown if the integration record exists only in production.",
                e.label()
            ),
            fix: Some(format!(
                "Log in to the {} account itself and create the token there: Setup > Users/Roles > \
                 Access Tokens > New (page:tokens).",
                e.label()
            )),
        }),
        Some(Environment::Production) | Some(Environment::TestDrive) => causes.push(Cause {
            text: "token_rejected: the token was revoked or made inactive, belongs to another \
                   integration record, or was created in another account (e.g. a sandbox)."
                .into(),
            fix: Some(
                "Check the token at Setup > Users/Roles > Access Tokens (page:tokens): it must be \
                 active, in this account, and for the same application as the consumer key."
                    .into(),
            ),
        }),
        _ => {}
    }
    causes.push(Cause {
        text: "InvalidSignature: a wrong consumer secret or token secret (e.g. from another \
               integration record or token)."
            .into(),
        fix: None,
    });
    causes.push(Cause {
        text: "consumer_key_unknown / consumer_key_refused: the integration record was deleted, \
               its credentials reset, or its State is Blocked."
            .into(),
        fix: Some(
            "Check the integration record at Setup > Integration > Manage Integrations \
             (page:integrations): State = Enabled and Token-based Authentication ticked."
                .into(),
        ),
    });
    causes.push(Cause {
        text: "permission_denied: the token's role lacks Log in using Access Tokens, or the user \
               or role is inactive."
            .into(),
        fix: Some(
            "Setup > Users/Roles > Manage Roles (page:role) > the token's role > Permissions > \
             Setup: add Log in using Access Tokens (and REST Web Services / SOAP Web Services for \
             those APIs)."
                .into(),
        ),
    });
    causes.push(Cause {
        text: "FeatureDisabled: Token-based Authentication is not enabled in this account.".into(),
        fix: Some(
            "Setup > Company > Enable Features > SuiteCloud > Manage Authentication: tick \
             Token-based Authentication."
                .into(),
        ),
    });

    match f.lookup {
        LookupFact::Confirmed => {
            evidence.push("account id confirmed by the account lookup".into());
        }
        LookupFact::Unrecognized(_) | LookupFact::Rejected(_) => {
            causes.insert(
                0,
                Cause {
                    text: "The account id may be wrong (the account lookup did not recognise it)."
                        .into(),
                    fix: Some(
                        "Copy the Account ID from Setup > Company > Company Information.".into(),
                    ),
                },
            );
        }
        _ => {}
    }
    if let Some(a) = &f.account {
        evidence.push(format!(
            "realm sent: {} (canonical; the host uses {})",
            a.realm(),
            a.slug()
        ));
        let typed = f.account_typed.trim();
        if typed != a.realm() {
            causes.push(Cause {
                text: format!(
                    "In your own integration: the account was typed as \"{}\"; the realm / SOAP \
                     account must be {} (uppercase, underscore) — another spelling fails there \
                     even though nstba corrected it.",
                    clip(typed, 40),
                    a.realm()
                ),
                fix: None,
            });
        }
    }
    let all_stacks_failed = failures.len() > 1;
    let cause = format!(
        "NetSuite refused the token-based login{}. It gives the same answer for every reason; the \
         reason is recorded only in the Login Audit Trail. Most likely, given what nstba saw: {}",
        if all_stacks_failed {
            " on every interface tried, so the cause is in the credentials, token, role or \
             integration record, not in one API"
        } else {
            ""
        },
        causes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("({}) {}", i + 1, c.text))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut fix = vec![
        LOGIN_AUDIT_TRAIL_STEPS.to_string(),
        EXPLAIN_STEP.to_string(),
    ];
    fix.extend(causes.iter().filter_map(|c| c.fix.clone()).take(3));
    diag(
        "invalid-login",
        Severity::Error,
        Confidence::Certain,
        "NetSuite rejected the login (Invalid login attempt)",
        cause,
        fix,
        evidence.join("; "),
    )
}

fn permission_diagnosis(id: CheckId, o: &Observation) -> Diagnosis {
    let (perm, where_) = match (&o.permission, id) {
        (Some(p), _) => (p.clone(), format!("the '{p}' permission")),
        (None, CheckId::RestSuiteql) => (
            "SuiteAnalytics Workbook".to_string(),
            "SuiteAnalytics Workbook (Permissions > Reports) and Employees (Permissions > Lists, \
             level View), which the test query reads"
                .to_string(),
        ),
        (None, CheckId::SoapLogin) => (
            "SOAP Web Services".to_string(),
            "SOAP Web Services (Permissions > Setup, level Full)".to_string(),
        ),
        (None, _) => (
            "record permissions".to_string(),
            "the record permissions the integration needs (Permissions > Lists / Transactions)"
                .to_string(),
        ),
    };
    diag(
        "permission-missing",
        Severity::Error,
        Confidence::Likely,
        format!("The role lacks a permission: {perm}"),
        "The login worked (the credentials are fine), but the token's role is not allowed to do \
         this.",
        vec![
            format!(
                "Setup > Users/Roles > Manage Roles (page:role) > the token's role > Edit > \
                 Permissions subtab: add {where_} > Save."
            ),
            "If the role is a locked vendor role, use Customize to clone it, add the permission, \
             and create a new token for the new role (page:tokens)."
                .into(),
        ],
        describe_obs(id, o),
    )
}

fn catalogue_fixes(code: Option<&str>) -> Option<(String, Vec<String>)> {
    let e = catalogue::explain(code?)?.entry;
    Some((e.title.clone(), e.fixes.clone()))
}

fn observation_diagnosis(id: CheckId, o: &Observation, base_url: bool) -> Option<Diagnosis> {
    let ev = describe_obs(id, o);
    Some(match o.kind {
        Kind::Success | Kind::LoginFailed | Kind::RoleCannotUseApi => return None,
        Kind::PermissionMissing | Kind::ApiPermissionMissing => permission_diagnosis(id, o),
        Kind::FeatureOff => diag(
            "feature-disabled",
            Severity::Error,
            Confidence::Likely,
            "The web services feature is not enabled",
            "The account has the SOAP (or REST) Web Services feature turned off.",
            vec![
                "Setup > Company > Enable Features > SuiteCloud subtab > SuiteTalk (Web Services): \
                 tick SOAP Web Services and/or REST Web Services > Save."
                    .into(),
            ],
            ev,
        ),
        Kind::WebServicesOnlyRole => diag(
            "web-services-only-role",
            Severity::Error,
            Confidence::Likely,
            "The token's role is restricted to Web Services Only",
            "The RESTlet stack answered INVALID_LOGIN_CREDENTIALS, which NetSuite sends when a \
             role with the Web Services Only restriction calls RESTlets (such roles do not work \
             with RESTlets).",
            vec![
                "Setup > Users/Roles > Manage Roles (page:role) > the token's role: remove the \
                 Web Services Only restriction, or create a token (page:tokens) for a role without it."
                    .into(),
            ],
            ev,
        ),
        Kind::Concurrency => diag(
            "concurrency-limit",
            Severity::Error,
            Confidence::Certain,
            "The account's concurrent request limit is reached",
            "NetSuite limits simultaneous requests per account, shared by SOAP, REST web services \
             and RESTlets; other integrations are using the slots right now.",
            vec![
                "Retry later; make integrations retry with backoff instead of failing.".into(),
                "Review and allocate limits at Setup > Integration > Integration Governance.".into(),
            ],
            ev,
        ),
        Kind::Unavailable => diag(
            "account-unavailable",
            Severity::Error,
            Confidence::Certain,
            "The NetSuite account is temporarily unavailable",
            "NetSuite answered with an outage or maintenance response (503, maintenance page or \
             ACCT_TEMP_UNAVAILABLE). Nothing is wrong with the credentials as far as this shows.",
            vec!["Retry later, after the maintenance window.".into()],
            ev,
        ),
        Kind::WrongHost => diag(
            "wrong-host",
            Severity::Error,
            Confidence::Likely,
            "The request went to the wrong NetSuite host or data center",
            if base_url {
                "The --base-url server redirected or refused the request as the wrong data center."
            } else {
                "NetSuite redirected or refused the request as sent to the wrong data center/domain."
            },
            vec![
                "Use the account-specific hosts: https://<account>.suitetalk.api.netsuite.com for \
                 REST and SOAP, https://<account>.restlets.api.netsuite.com for RESTlets (see \
                 Setup > Company > Company Information > Company URLs)."
                    .into(),
            ],
            ev,
        ),
        Kind::AmbiguousAuth => diag(
            "ambiguous-authentication",
            Severity::Error,
            Confidence::Likely,
            "SOAP saw more than one authentication method",
            "The SOAP request arrived with other credentials or a session cookie besides the \
             tokenPassport (a proxy adding cookies, or headers from elsewhere).",
            vec![
                "Send only the tokenPassport; remove applicationInfo/passport headers and disable \
                 cookie persistence."
                    .into(),
            ],
            ev,
        ),
        Kind::TwoFactorRequired | Kind::Unexpected => {
            let (title, fix) = catalogue_fixes(o.code.as_deref()).unwrap_or_else(|| {
                (
                    "NetSuite sent an answer nstba cannot interpret".into(),
                    vec![
                        "Read the excerpt in the evidence; if it is an HTML page, a proxy or \
                         captive portal may be answering instead of NetSuite."
                            .into(),
                        "Retry later; if it persists, send `nstba report` to support.".into(),
                    ],
                )
            });
            let mut ev = ev;
            if o.message.is_some() && !o.excerpt.is_empty() && o.code.is_none() {
                ev.push_str(&format!(" — body: \"{}\"", clip(&o.excerpt, 120)));
            }
            diag(
                "unexpected-response",
                Severity::Error,
                Confidence::Possible,
                title,
                format!(
                    "The {} answer (HTTP {}, {}) is not one of the responses nstba knows how to \
                     diagnose.",
                    id.as_str(),
                    o.status,
                    o.shape
                ),
                fix,
                ev,
            )
        }
    })
}

fn rest_access_missing(rest: &Observation, other: Option<(CheckId, &Observation)>) -> Diagnosis {
    let mut evidence = vec![describe_obs(CheckId::RestLogin, rest)];
    if let Some((id, o)) = other {
        evidence.push(format!(
            "{}: HTTP {} OK with the same token",
            id.as_str(),
            o.status
        ));
    }
    let accepted = if other.is_some() {
        "The same token works on another interface, so the secrets, token, role login permission, \
         TBA feature and clock are fine; REST web services in particular refuse it."
    } else {
        "NetSuite accepted the signature and token but says the role cannot use REST web services."
    };
    diag(
        "rest-access-missing",
        Severity::Error,
        Confidence::Likely,
        "REST web services refuse this token",
        format!(
            "{accepted} Usual causes: the REST Web Services feature is off, or the token's role \
             lacks the REST Web Services permission. (nstba signs REST requests correctly; if \
             your own client fails only on REST, compare its signature with `nstba sign --explain`.)"
        ),
        vec![
            "Setup > Company > Enable Features > SuiteCloud subtab > SuiteTalk (Web Services): \
             tick REST Web Services > Save."
                .into(),
            "Setup > Users/Roles > Manage Roles (page:role) > the token's role > Permissions > \
             Setup: add REST Web Services (Full) and Log in using Access Tokens; for SuiteQL also \
             SuiteAnalytics Workbook (Permissions > Reports)."
                .into(),
        ],
        evidence.join("; "),
    )
}

// ---- fidelity (issue 20): role refusals ranked by which calls failed; no empty list ----

/// Role refusals (`USER_ERROR` "Your current role does not have permission to perform this
/// action.") on calls after a passing REST login, ranked by which calls failed. Oracle says any
/// user may call serverTime, so the text alone does not say which permission is missing: a
/// refused metadata-catalog needs nothing but REST Web Services, a refused SuiteQL alone points at
/// SuiteAnalytics Workbook. SOAP / RESTlet refusals name their own API permission.
fn role_refusals(f: &Facts) -> Vec<Diagnosis> {
    let refused = |id| f.probe(id).filter(|o| o.kind == Kind::RoleCannotUseApi);
    let passed = |id| f.probe(id).is_some_and(|o| o.kind == Kind::Success);
    let mut out = Vec::new();
    match (refused(CheckId::RestRecords), refused(CheckId::RestSuiteql)) {
        (Some(records), suiteql) => {
            let mut evidence = vec![describe_obs(CheckId::RestRecords, records)];
            evidence.extend(suiteql.map(|q| describe_obs(CheckId::RestSuiteql, q)));
            if passed(CheckId::RestLogin) {
                evidence.push("rest-login: serverTime passed (open to any user)".into());
            }
            out.push(diag(
                "rest-access-missing",
                Severity::Error,
                Confidence::Likely,
                "REST web services refuse this role",
                "The login worked (serverTime answers any user), but the record catalog was \
                 refused with \"Your current role does not have permission\", which it needs \
                 nothing else for: most likely the role lacks REST Web Services (or the feature \
                 is off); SuiteAnalytics Workbook only matters for SuiteQL.",
                vec![
                    "Setup > Users/Roles > Manage Roles (page:role) > the token's role > \
                     Permissions > Setup: add REST Web Services (Full) > Save."
                        .into(),
                    "Setup > Company > Enable Features > SuiteCloud subtab > SuiteTalk (Web \
                     Services): tick REST Web Services > Save."
                        .into(),
                    "For SuiteQL also Permissions > Reports: SuiteAnalytics Workbook.".into(),
                ],
                evidence.join("; "),
            ));
        }
        (None, Some(q)) => {
            let mut evidence = vec![describe_obs(CheckId::RestSuiteql, q)];
            let catalog_ok = passed(CheckId::RestRecords);
            if catalog_ok {
                evidence.push("rest-records: metadata-catalog passed with the same token".into());
            }
            out.push(diag(
                "permission-missing",
                Severity::Error,
                if catalog_ok {
                    Confidence::Certain
                } else {
                    Confidence::Likely
                },
                "The role lacks a permission: SuiteAnalytics Workbook",
                "The login worked, but SuiteQL was refused with \"Your current role does not \
                 have permission to perform this action\": SuiteQL over REST needs the \
                 SuiteAnalytics Workbook permission (Permissions > Reports). If the role already has it, REST Web \
                 Services is the next suspect.",
                vec![
                    "Setup > Users/Roles > Manage Roles (page:role) > the token's role > Edit > \
                     Permissions subtab > Reports: add SuiteAnalytics Workbook > Save."
                        .into(),
                    "If it is there already: Permissions > Setup: REST Web Services (Full)."
                        .into(),
                    "If the role is a locked vendor role, use Customize to clone it, add the \
                     permission, and create a new token for the new role (page:tokens)."
                        .into(),
                ],
                evidence.join("; "),
            ));
        }
        (None, None) => {}
    }
    for id in [CheckId::SoapLogin, CheckId::RestletTokeninfo] {
        if let Some(o) = refused(id) {
            out.push(permission_diagnosis(id, o));
        }
    }
    out
}

/// The last rule: a probe that failed yet produced no error diagnosis (a shape no rule knows)
/// still gets one, so a run that finds a problem never ends with an empty list.
fn undiagnosed_failure(f: &Facts, out: &[Diagnosis]) -> Option<Diagnosis> {
    if out.iter().any(|d| d.severity == Severity::Error) {
        return None;
    }
    let p = f.probes.iter().find(|p| p.obs.kind != Kind::Success)?;
    let mut d = observation_diagnosis(p.id, &p.obs, f.base_url).unwrap_or_else(|| {
        diag(
            "unexpected-response",
            Severity::Error,
            Confidence::Possible,
            "NetSuite refused a call nstba cannot explain further",
            format!(
                "The {} answer (HTTP {}, {}) is a refusal no rule explains.",
                p.id.as_str(),
                p.obs.status,
                p.obs.shape
            ),
            vec!["Read the evidence; if it persists, send `nstba report` to support.".into()],
            describe_obs(p.id, &p.obs),
        )
    });
    d.severity = Severity::Error;
    Some(d)
}

/// Observations → ranked diagnoses: errors before warnings, and within a severity the order the
/// rules below add them (most certain and most specific first).
pub fn diagnose(f: &Facts) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    if let Some(err) = &f.account_error {
        out.push(diag(
            "account-id-format",
            Severity::Error,
            Confidence::Certain,
            "The account id is not a NetSuite account id",
            err.clone(),
            vec![
                "Copy the Account ID from Setup > Company > Company Information > Account ID \
                 (production: 1234567; sandbox: 1234567_SB1)."
                    .into(),
            ],
            format!("typed: \"{}\"", clip(f.account_typed.trim(), 40)),
        ));
        return out;
    }
    if let Some((check, t)) = &f.transport
        && let Some(d) = transport_diagnosis(*check, t, f.base_url)
    {
        out.push(d);
    }
    match &f.lookup {
        LookupFact::Rejected(ev) => out.push(diag(
            "account-not-found",
            Severity::Error,
            Confidence::Likely,
            "NetSuite does not recognise this account id",
            "The account lookup (datacenterurls, no login needed) rejected the id: a typo, or an \
             account that does not exist (for example a sandbox that was deleted).",
            vec![
                "Copy the Account ID from Setup > Company > Company Information > Account ID in \
                 the account you want (sandbox ids end in _SB1, _SB2…)."
                    .into(),
            ],
            ev.clone(),
        )),
        LookupFact::Unrecognized(ev) => out.push(diag(
            "account-not-found",
            Severity::Error,
            Confidence::Possible,
            "The account lookup did not return this account's hosts",
            "The lookup answered, but with hosts that do not name this account; NetSuite does \
             that for ids it does not know.",
            vec![
                "Check the Account ID at Setup > Company > Company Information > Account ID."
                    .into(),
            ],
            ev.clone(),
        )),
        _ => {}
    }
    if let Some(s) = &f.skew {
        let abs = s.secs.abs();
        if abs > clock::ERROR_SKEW_SECS {
            out.push(diag(
                "clock-skew",
                Severity::Error,
                Confidence::Certain,
                format!(
                    "This computer's clock is {} NetSuite's",
                    clock::describe(s.secs)
                ),
                "NetSuite rejects every signed request whose timestamp is more than 5 minutes from \
                 its own time (Login Audit Trail Detail: InvalidTimestamp).",
                vec![
                    "Turn on automatic time synchronisation (NTP): Linux `timedatectl set-ntp \
                     true`; macOS System Settings > General > Date & Time; Windows Settings > \
                     Time & language > Sync now."
                        .into(),
                    "Sign each request immediately before sending it; never queue signed requests."
                        .into(),
                ],
                format!("{} s difference ({})", s.secs, s.source),
            ));
        } else if abs > clock::WARN_SKEW_SECS {
            out.push(diag(
                "clock-skew",
                Severity::Warning,
                Confidence::Certain,
                format!(
                    "This computer's clock is {} NetSuite's",
                    clock::describe(s.secs)
                ),
                "Still inside NetSuite's ±5 minute window, but a drifting clock will soon make \
                 every signed request fail as InvalidTimestamp.",
                vec!["Turn on automatic time synchronisation (NTP).".into()],
                format!("{} s difference ({})", s.secs, s.source),
            ));
        }
    }

    // Login-level failures and triangulation (addendum §7 steps 3–4).
    let rest = f.probe(CheckId::RestLogin);
    let ok = |id| {
        f.probe(id)
            .filter(|o| o.kind == Kind::Success)
            .map(|o| (id, o))
    };
    let other_ok = ok(CheckId::RestletTokeninfo).or_else(|| ok(CheckId::SoapLogin));
    let login_failures: Vec<(CheckId, &Observation)> = f
        .probes
        .iter()
        .filter(|p| p.obs.kind == Kind::LoginFailed)
        .map(|p| (p.id, &p.obs))
        .collect();
    let rest_failed_login = rest.is_some_and(|o| o.kind == Kind::LoginFailed);
    let rest_role = rest.is_some_and(|o| o.kind == Kind::RoleCannotUseApi);
    if let Some(r) = rest
        && ((rest_failed_login && other_ok.is_some()) || rest_role)
    {
        out.push(rest_access_missing(r, other_ok));
        // Other stacks that failed login anyway still deserve the generic explanation.
        let others: Vec<_> = login_failures
            .iter()
            .filter(|(id, _)| *id != CheckId::RestLogin)
            .copied()
            .collect();
        if !others.is_empty() {
            out.push(invalid_login(f, &others));
        }
    } else if !login_failures.is_empty() {
        out.push(invalid_login(f, &login_failures));
    }
    out.extend(role_refusals(f));
    for p in &f.probes {
        let Some(d) = observation_diagnosis(p.id, &p.obs, f.base_url) else {
            continue;
        };
        // Two probes with the same problem (records and SuiteQL both 403): one diagnosis that
        // carries both pieces of evidence and every distinct fix step.
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

    let issues: Vec<&ShapeIssue> = f.shape.iter().collect();
    if !issues.is_empty() {
        let severity = if issues.iter().any(|i| i.level == ShapeLevel::Error) {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(diag(
            "credential-format",
            severity,
            Confidence::Certain,
            "A pasted credential looks wrong",
            issues
                .iter()
                .map(|i| capitalize(&i.message))
                .collect::<Vec<_>>()
                .join(". "),
            vec![
                "Copy the value again from where it was saved, without spaces, quotes or line \
                 breaks."
                    .into(),
                "Consumer key and secret come from the integration record (Setup > Integration > \
                 Manage Integrations, page:integrations); token id and secret from the access token \
                 (Setup > Users/Roles > Access Tokens, page:tokens). Each secret is shown only once; \
                 if lost, reset the credentials or create a new token."
                    .into(),
            ],
            issues
                .iter()
                .map(|i| i.field.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    if let Some(d) = undiagnosed_failure(f, &out) {
        out.push(d);
    }
    // Stable sort: severity first, rule order within a severity.
    out.sort_by_key(|d| d.severity);
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::classify::{Stack, classify};

    fn facts(account: &str) -> Facts {
        Facts {
            account_typed: account.into(),
            account: AccountId::parse(account).ok(),
            lookup: LookupFact::Confirmed,
            skew: Some(SkewFact {
                secs: 1,
                source: "test".into(),
            }),
            ..Default::default()
        }
    }

    fn probe(id: CheckId, stack: Stack, status: u16, body: &str) -> ProbeFact {
        ProbeFact {
            id,
            obs: classify(
                stack,
                status,
                Some("application/json"),
                body.as_bytes(),
                false,
            ),
        }
    }

    const REST_401: &str = r#"{"status":401,"o:errorDetails":[{"detail":"Invalid login attempt.","o:errorCode":"INVALID_LOGIN"}]}"#;
    const RESTLET_401: &str =
        r#"{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}"#;
    const TOKENINFO_OK: &str = r#"{"companyId":"1234567_SB1","roleName":"Integration"}"#;

    fn first(f: &Facts) -> Diagnosis {
        diagnose(f).into_iter().next().expect("a diagnosis")
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
