//! The data the connection test produces: check ids and results, diagnoses, the final report, and
//! the events streamed while it runs. Serializes to the stable `nstba test --json` shape.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::code::DiagnosisCode;
use super::text::NextStep;

/// Which APIs to probe (`--api rest,soap,restlet`). Parsed from text with [`FromStr`] (and so from
/// TOML/JSON) case-insensitively, `restlets` accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Api {
    /// REST web services (`/services/rest/…`).
    Rest,
    /// SOAP web services (`getServerTime` with a token passport).
    Soap,
    /// RESTlets and the `/rest/*` token endpoints (`/rest/tokeninfo`).
    Restlet,
}

impl Api {
    /// Every interface, in probe order.
    pub const ALL: [Api; 3] = [Api::Rest, Api::Soap, Api::Restlet];

    /// Parses one `--api` item (case-insensitive; `restlets` accepted).
    pub fn parse(s: &str) -> Option<Api> {
        s.parse().ok()
    }

    /// The name used on the command line and in JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Api::Rest => "rest",
            Api::Soap => "soap",
            Api::Restlet => "restlet",
        }
    }
}

/// The text is not an interface name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an interface; expected rest, soap or restlet")]
pub struct UnknownApi(pub String);

impl FromStr for Api {
    type Err = UnknownApi;

    fn from_str(s: &str) -> Result<Api, UnknownApi> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rest" => Ok(Api::Rest),
            "soap" => Ok(Api::Soap),
            "restlet" | "restlets" => Ok(Api::Restlet),
            _ => Err(UnknownApi(s.chars().take(40).collect())),
        }
    }
}

impl TryFrom<String> for Api {
    type Error = UnknownApi;

    fn try_from(s: String) -> Result<Api, UnknownApi> {
        s.parse()
    }
}

/// Stable ids of the checks, in the order they run. Serialized kebab-case (`account-lookup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// Account id canonical form and environment (local).
    AccountId,
    /// Shape of each pasted credential (local).
    Credentials,
    /// OAuth 2.0: the private key and certificate, checked locally (nothing sent).
    Key,
    /// `datacenterurls` lookup (no auth).
    AccountLookup,
    /// DNS, TCP and TLS to the REST host.
    Reachability,
    /// Local clock vs the server's `Date` header.
    Clock,
    /// OAuth 2.0: the token endpoint (`POST …/auth/oauth2/v1/token`).
    TokenRequest,
    /// Signed `GET …/system/v1/serverTime`.
    RestLogin,
    /// Signed `GET …/record/v1/metadata-catalog`.
    RestRecords,
    /// Signed SuiteQL query.
    RestSuiteql,
    /// Signed `GET /rest/tokeninfo` on the RESTlet host.
    RestletTokeninfo,
    /// SOAP `getServerTime` with a token passport.
    SoapLogin,
    /// `POST /rest/requesttoken` signed with the consumer alone, after a refused login (only
    /// reported when it runs).
    ConsumerProbe,
    /// The Login Audit Trail read back with another profile (`--audit-profile`; only reported
    /// when it runs).
    LoginAudit,
}

impl CheckId {
    /// Every check, in the order they run.
    pub fn all() -> impl Iterator<Item = CheckId> {
        <CheckId as strum::IntoEnumIterator>::iter()
    }

    /// True for a check reported only when it runs (never as skipped).
    pub fn only_when_run(&self) -> bool {
        matches!(self, CheckId::ConsumerProbe | CheckId::LoginAudit)
    }

    /// The kebab-case id as in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckId::AccountId => "account-id",
            CheckId::Credentials => "credentials",
            CheckId::Key => "key",
            CheckId::AccountLookup => "account-lookup",
            CheckId::Reachability => "reachability",
            CheckId::Clock => "clock",
            CheckId::TokenRequest => "token-request",
            CheckId::RestLogin => "rest-login",
            CheckId::RestRecords => "rest-records",
            CheckId::RestSuiteql => "rest-suiteql",
            CheckId::RestletTokeninfo => "restlet-tokeninfo",
            CheckId::SoapLogin => "soap-login",
            CheckId::ConsumerProbe => "consumer-probe",
            CheckId::LoginAudit => "login-audit",
        }
    }

    /// True when a run of `kind` reports this check: `key` and `token-request` are OAuth 2.0's
    /// own (a TBA report never lists them).
    pub fn applies_to(&self, kind: super::auth::AuthKind) -> bool {
        match self {
            CheckId::Key | CheckId::TokenRequest => kind != super::auth::AuthKind::Tba,
            _ => true,
        }
    }

    /// A short human title ("Account lookup").
    pub fn title(&self) -> &'static str {
        match self {
            CheckId::AccountId => "Account id",
            CheckId::Credentials => "Credential format",
            CheckId::Key => "Private key and certificate",
            CheckId::AccountLookup => "Account lookup",
            CheckId::Reachability => "Network (DNS, TCP, TLS)",
            CheckId::Clock => "Clock",
            CheckId::TokenRequest => "OAuth 2.0 token request",
            CheckId::RestLogin => "REST login (serverTime)",
            CheckId::RestRecords => "REST records (metadata-catalog)",
            CheckId::RestSuiteql => "REST SuiteQL",
            CheckId::RestletTokeninfo => "RESTlet token info",
            CheckId::SoapLogin => "SOAP login (getServerTime)",
            CheckId::ConsumerProbe => "Consumer-only probe",
            CheckId::LoginAudit => "Login Audit Trail",
        }
    }
}

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Worked.
    Pass,
    /// Worked, but something deserves attention.
    Warn,
    /// Failed.
    Fail,
    /// Not run (an earlier failure made it pointless, or its API was not selected).
    Skip,
}

impl Status {
    /// The glyph for text output: ✓ ! ✗ ·
    pub fn glyph(&self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Warn => "!",
            Status::Fail => "✗",
            Status::Skip => "·",
        }
    }
}

/// The result of one check, one entry of `checks` in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// Which check.
    pub id: CheckId,
    /// Outcome.
    pub status: Status,
    /// Wall time in milliseconds.
    pub ms: u64,
    /// HTTP status, when the check made a request that got an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// NetSuite's error code from the body (`INVALID_LOGIN`, `USER_ERROR`…), when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// One line for humans.
    pub summary: String,
    /// Extra facts (host, URL, excerpt of the body, who-am-I), never secrets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// How bad a diagnosis is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the integration.
    Error,
    /// Works now but will bite.
    Warning,
    /// Worth knowing.
    Info,
}

/// How sure the engine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Observed directly.
    Certain,
    /// Strongly suggested by what was observed.
    Likely,
    /// One of several causes that cannot be told apart remotely.
    Possible,
}

/// One ranked cause with its fix, an entry of `diagnoses` in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// Stable code (`clock-skew`, `invalid-login`, …).
    pub code: DiagnosisCode,
    /// How bad.
    pub severity: Severity,
    /// How sure.
    pub confidence: Confidence,
    /// One line.
    pub title: String,
    /// Why this happens (for `invalid-login`, the preamble followed by the ranked causes).
    pub cause: String,
    /// The Login Audit Trail Detail value this diagnosis was narrowed to (`--detail`, or read
    /// from the Login Audit Trail with `--audit-profile`); then `confidence` is `certain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The ranked likely causes, most likely first (`invalid-login`; empty for other codes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<Cause>,
    /// Steps to fix, each naming the NetSuite menu path or global-search shortcut.
    pub fix: Vec<Fix>,
    /// What the tool saw that points here.
    pub evidence: String,
}

/// One ranked cause of a diagnosis, an entry of `causes` in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// The Login Audit Trail Detail value this cause shows as (`token_rejected`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The cause.
    pub text: String,
    /// What to do about it (may be empty when the diagnosis' own steps cover it).
    pub fix: Vec<String>,
    /// What nstba saw that points here (or why it could not be ruled out).
    pub evidence: String,
    /// How sure: `certain` only when the Login Audit Trail said so (a Detail value), `likely`
    /// when a specific answer points here, else `possible`.
    pub confidence: Confidence,
}

impl Cause {
    /// The causes as one text: `(1) first (2) second`, as they end a diagnosis' `cause`.
    pub fn ranked(causes: &[Cause]) -> String {
        let items: Vec<String> = causes
            .iter()
            .enumerate()
            .map(|(i, c)| format!("({}) {}", i + 1, c.text))
            .collect();
        items.join(" ")
    }
}

impl Diagnosis {
    /// `cause` without the ranked causes that end it (all of it when there are none), so a view
    /// can lay the [`Diagnosis::causes`] out itself.
    pub fn preamble(&self) -> &str {
        if self.causes.is_empty() {
            return &self.cause;
        }
        let ranked = Cause::ranked(&self.causes);
        self.cause
            .strip_suffix(ranked.as_str())
            .map_or(self.cause.as_str(), str::trim_end)
    }
}

/// One fix step: words, and when the step is an action in nstba itself, that action as data so
/// each front end can word it its own way. Serializes as its words (the command line's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The step as the command line (and the JSON) words it.
    pub text: String,
    /// The nstba action this step is, if any.
    pub next: Option<NextStep>,
}

impl Fix {
    /// A step that is an nstba action, worded for the command line.
    pub fn next(step: NextStep) -> Fix {
        Fix {
            text: step.command_line(),
            next: Some(step),
        }
    }

    /// The step as the terminal UI words it.
    pub fn screen(&self) -> String {
        self.next
            .as_ref()
            .map_or_else(|| self.text.clone(), NextStep::screen)
    }
}

impl std::ops::Deref for Fix {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Fix {
    fn from(text: String) -> Fix {
        Fix { text, next: None }
    }
}

impl From<&str> for Fix {
    fn from(text: &str) -> Fix {
        Fix::from(text.to_string())
    }
}

impl Serialize for Fix {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Canonical hosts, the `hosts` object in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Hosts {
    /// REST web services and SOAP origin.
    pub rest: String,
    /// RESTlet origin.
    pub restlets: String,
    /// UI origin.
    pub app: String,
}

/// The whole outcome of a connection test: the `nstba test --json` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Canonical account id (`1234567_SB1`), or what was typed when it could not be parsed.
    pub account: String,
    /// `production`, `sandbox`, `release-preview`, `test-drive`, or `unknown`.
    pub environment: String,
    /// Hosts derived from the account id.
    pub hosts: Hosts,
    /// True when every check passed (warnings allowed).
    pub ok: bool,
    /// True when the user cancelled the run: the checks not run are skipped and `ok` is false.
    /// In the JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
    /// Checks in the order they ran.
    pub checks: Vec<CheckResult>,
    /// Ranked diagnoses, most likely first.
    pub diagnoses: Vec<Diagnosis>,
}

/// Streamed while `run_checks` works, so a UI can show progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckEvent {
    /// A check began.
    Started(CheckId),
    /// A check ended.
    Finished(CheckResult),
}

#[cfg(test)]
mod mutation_tests {
    use super::*;
    use crate::check::AuthKind;

    #[test]
    fn interface_names_round_trip_and_others_are_refused_by_name() {
        for api in Api::ALL {
            assert_eq!(Api::parse(api.name()), Some(api));
            let json = serde_json::to_string(&api).unwrap();
            assert_eq!(json, format!("\"{}\"", api.name()));
            assert_eq!(serde_json::from_str::<Api>(&json).unwrap(), api);
        }
        assert_eq!(
            Api::ALL.map(|a| a.name()),
            ["rest", "soap", "restlet"],
            "the names of --api and the JSON"
        );
        assert_eq!(Api::parse(" SOAP "), Some(Api::Soap));
        assert_eq!(Api::parse("Restlets"), Some(Api::Restlet));
        assert_eq!(Api::parse("graphql"), None);
        let err = "graphql".parse::<Api>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"graphql\" is not an interface; expected rest, soap or restlet"
        );
        assert!(serde_json::from_str::<Api>("\"odbc\"").is_err());
        assert_eq!(
            serde_json::from_str::<Api>("\"RESTLET\"").unwrap(),
            Api::Restlet
        );
    }

    #[test]
    fn check_ids_run_in_order_and_name_themselves_as_the_json_does() {
        let all: Vec<CheckId> = CheckId::all().collect();
        assert_eq!(all.len(), 14);
        assert_eq!(all.first(), Some(&CheckId::AccountId));
        assert_eq!(all.last(), Some(&CheckId::LoginAudit));
        let mut titles = std::collections::BTreeSet::new();
        for id in &all {
            let json = serde_json::to_value(id).unwrap();
            assert_eq!(json.as_str(), Some(id.as_str()), "{id:?}");
            assert!(titles.insert(id.title()), "{id:?}: title used twice");
            assert!(id.title().len() > 3, "{id:?}");
        }
        assert_eq!(CheckId::AccountLookup.title(), "Account lookup");
        let only: Vec<CheckId> = all.iter().copied().filter(CheckId::only_when_run).collect();
        assert_eq!(only, [CheckId::ConsumerProbe, CheckId::LoginAudit]);
    }

    #[test]
    fn the_key_and_token_request_checks_belong_to_oauth2_alone() {
        for id in CheckId::all() {
            let oauth2_only = matches!(id, CheckId::Key | CheckId::TokenRequest);
            assert_eq!(id.applies_to(AuthKind::Tba), !oauth2_only, "{id:?}");
            assert!(id.applies_to(AuthKind::M2m), "{id:?}");
            assert!(id.applies_to(AuthKind::Authcode), "{id:?}");
        }
    }

    #[test]
    fn each_status_has_its_own_glyph() {
        let glyphs = [Status::Pass, Status::Warn, Status::Fail, Status::Skip].map(|s| s.glyph());
        assert_eq!(glyphs, ["✓", "!", "✗", "·"]);
    }

    fn cause(text: &str) -> Cause {
        Cause {
            detail: None,
            text: text.into(),
            fix: Vec::new(),
            evidence: String::new(),
            confidence: Confidence::Possible,
        }
    }

    fn diagnosis(cause_text: &str, causes: Vec<Cause>) -> Diagnosis {
        Diagnosis {
            code: DiagnosisCode::InvalidLogin,
            severity: Severity::Error,
            confidence: Confidence::Likely,
            title: "t".into(),
            cause: cause_text.into(),
            detail: None,
            causes,
            fix: Vec::new(),
            evidence: String::new(),
        }
    }

    #[test]
    fn the_preamble_is_the_cause_without_its_ranked_list() {
        let causes = vec![cause("a wrong secret"), cause("a revoked token")];
        assert_eq!(
            Cause::ranked(&causes),
            "(1) a wrong secret (2) a revoked token"
        );
        assert_eq!(Cause::ranked(&[]), "");
        let d = diagnosis(
            "NetSuite refused the login. (1) a wrong secret (2) a revoked token",
            causes.clone(),
        );
        assert_eq!(d.preamble(), "NetSuite refused the login.");
        // Without causes, or a cause that does not end in them, all of it.
        assert_eq!(diagnosis("Only this.", Vec::new()).preamble(), "Only this.");
        assert_eq!(
            diagnosis("Something else.", causes).preamble(),
            "Something else."
        );
    }

    #[test]
    fn a_fix_is_its_words_and_an_action_is_worded_per_front_end() {
        let step = NextStep::SendReport;
        let fix = Fix::next(step.clone());
        assert_eq!(fix.text, step.command_line());
        assert_eq!(fix.next, Some(step.clone()));
        assert_eq!(fix.screen(), step.screen());
        assert_ne!(fix.screen(), fix.text, "the two front ends word it apart");
        assert_eq!(&*fix, step.command_line().as_str());
        assert_eq!(
            serde_json::to_value(&fix).unwrap(),
            serde_json::Value::String(step.command_line())
        );
        let plain = Fix::from("Open Setup > Company.");
        assert_eq!(plain.text, "Open Setup > Company.");
        assert_eq!(plain.next, None);
        assert_eq!(plain.screen(), "Open Setup > Company.");
        assert_eq!(&*plain, "Open Setup > Company.");
        assert_eq!(Fix::from(String::from("x")), Fix::from("x"));
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            "\"Open Setup > Company.\""
        );
    }
}
