//! Switches for behaviour NetSuite has not documented ([U] in the reference) or where sources
//! disagree. Following the principle in [`super`]'s module doc, each [`Default`] is the *least
//! informative plausible* answer; the informative one is an option (tests and demos switch it on
//! explicitly, e.g. with [`EmulatorOptions::informative`]).

/// What the three-step flow endpoints (`/rest/requesttoken`, `/rest/accesstoken`) tell a client
/// they refuse. Oracle lists `UnknownIntegration`, `InvalidSignature`, `IntegrationBlocked`,
/// `AuthorizationFlowRequired`… as Login Audit Trail Detail values; no public capture shows them
/// in a response body (issue 19 §2, addendum §7 step 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlowErrors {
    /// Every 401 refusal is the plain RESTlet-stack
    /// `{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"Invalid login attempt."}}` (default);
    /// the exact code is only in the emulated Login Audit Trail.
    #[default]
    Generic,
    /// The body carries the exact Detail code (`{"error":{"code":"UnknownIntegration",…}}`).
    Specific,
}

impl FlowErrors {
    /// From `generic` / `specific` (case-insensitive).
    pub fn from_name(name: &str) -> Option<FlowErrors> {
        match name.trim().to_ascii_lowercase().as_str() {
            "generic" => Some(FlowErrors::Generic),
            "specific" => Some(FlowErrors::Specific),
            _ => None,
        }
    }
}

/// How REST answers a role that may log in with tokens but lacks *REST Web Services*. The
/// evidence conflicts (diagnostics addendum §3): one vendor page reports 400 `USER_ERROR`, one
/// issue thread a plain 401 `INVALID_LOGIN`; and Oracle says `serverTime` needs no explicit
/// permission (article_0528010158), so it may even pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleWithoutRestAnswer {
    /// `400` with `o:errorCode` `USER_ERROR`, "Your current role does not have permission to
    /// perform this action." on every REST call (the login succeeded, the API is refused; one
    /// vendor page; informative).
    UserError400,
    /// The ordinary `401 INVALID_LOGIN` (LAT Detail `permission_denied`): the least informative
    /// answer, so the default.
    #[default]
    InvalidLogin401,
    /// `serverTime` answers (open to any user); metadata-catalog and SuiteQL get the 400
    /// `USER_ERROR`.
    ServerTimeOpen,
}

/// How a RESTlet answers a signature method other than HMAC-SHA256: the LAT says
/// `UnknownAlgorithm`, the RESTlet error table says `INVALID_REQUEST`; which one the client sees is
/// undocumented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestletAlgorithmAnswer {
    /// `401 INVALID_LOGIN_ATTEMPT` like every other login failure (default).
    #[default]
    InvalidLoginAttempt,
    /// `400 INVALID_REQUEST` "The request could not be understood by the server due to malformed
    /// syntax."
    InvalidRequest,
}

/// The smaller answer shapes public captures show, each a switch (names for `nstba emulator
/// --shape NAME`, see [`Shapes::NAMES`]). All `false` by default.
#[allow(
    clippy::struct_excessive_bools,
    reason = "one independent flag per --shape NAME"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shapes {
    /// `html-maintenance`: SOAP maintenance as the HTML 503 page. Default: a SOAP fault carrying
    /// the maintenance text (what SOAP clients see; NetSweet retries on that string).
    pub soap_maintenance_html: bool,
    /// `slow-401-concurrency`: REST concurrency as a slow (`SLOW_401`) `401 INVALID_LOGIN`
    /// instead of Oracle's 429 (julbrs/netsuite-api-client #26, one report).
    pub rest_concurrency_slow_401: bool,
    /// `restlet-plain-text`: RESTlet-stack errors on a GET without `Content-Type` in the
    /// `text/plain` envelope (`error code: … error message: …`) instead of JSON.
    pub restlet_plain_text_get: bool,
    /// `restlet-403`: RESTlet `INVALID_LOGIN_ATTEMPT` with HTTP 403 instead of 401 (ddo/oauth-1.0a
    /// #103; reference §5.2).
    pub restlet_login_403: bool,
    /// `lookup-400`: an unknown (well-formed) account on `datacenterurls` answered `400 Company Id
    /// is invalid` instead of NetSuite's default hosts.
    pub lookup_unknown_400: bool,
    /// `soap-wrong-data-center`: every SOAP request answered with the fault "You are not
    /// requesting the correct data center for your company! Please correct the host in the URL."
    /// (NetSweet/netsuite #422, netsuitephp/netsuite-php #37).
    pub soap_wrong_data_center: bool,
    /// `suiteql-403`: SuiteQL refusals as a 403 `INSUFFICIENT_PERMISSION` naming the permission
    /// (informative, never captured) instead of the captured 400 `USER_ERROR` / 400
    /// `INVALID_PARAMETER` "Record '…' was not found".
    pub suiteql_names_permission: bool,
    /// `catalog-403`: metadata-catalog refuses a role without record permissions with a 403
    /// instead of the 200 listing fewer record types (Oracle: the catalog is personalised per role).
    pub catalog_forbidden: bool,
}

impl Shapes {
    /// Every shape name, for usage messages.
    pub const NAMES: [&'static str; 8] = [
        "html-maintenance",
        "slow-401-concurrency",
        "restlet-plain-text",
        "restlet-403",
        "lookup-400",
        "soap-wrong-data-center",
        "suiteql-403",
        "catalog-403",
    ];

    /// Turns on the shape called `name`; `false` if there is none.
    pub fn enable(&mut self, name: &str) -> bool {
        let flag = match name.trim().to_ascii_lowercase().as_str() {
            "html-maintenance" => &mut self.soap_maintenance_html,
            "slow-401-concurrency" => &mut self.rest_concurrency_slow_401,
            "restlet-plain-text" => &mut self.restlet_plain_text_get,
            "restlet-403" => &mut self.restlet_login_403,
            "lookup-400" => &mut self.lookup_unknown_400,
            "soap-wrong-data-center" => &mut self.soap_wrong_data_center,
            "suiteql-403" => &mut self.suiteql_names_permission,
            "catalog-403" => &mut self.catalog_forbidden,
            _ => return false,
        };
        *flag = true;
        true
    }
}

/// How long the `slow-401-concurrency` shape holds a REST request before its 401 (the report
/// saw ~60 s; shortened so tests and demos stay quick).
pub const SLOW_401: std::time::Duration = std::time::Duration::from_millis(1500);

/// Advanced settings; [`Default`] is what `nstba emulator` plays (the least informative answers).
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent switches of the emulator, not states of one thing"
)]
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    /// Pin the emulated clock to this Unix time (before the scenario's offset), e.g. to replay
    /// Oracle's published vectors. `None`: real time.
    pub fixed_clock: Option<u64>,
    /// Rebuild the signed URL as `https://` instead of `http://` (vectors captured against real
    /// hosts; a TLS-terminating proxy in front of the emulator).
    pub assume_https: bool,
    /// Reject REST/RESTlet requests whose `realm` is missing or not the canonical account id
    /// (`InvalidSignature`). Default `true`: real RESTlets refuse a lowercase realm, and a lenient
    /// stand-in gives a false pass to someone checking their own signer. `false` accepts them
    /// and notes it in the audit trail (the realm is not signed).
    pub strict_realm: bool,
    /// Reject SOAP passports whose `account` is not the canonical id (`InvalidSignature`).
    /// Default `true`: the account is signed and a lowercase `_sb1` is a reported failure.
    pub strict_soap_account: bool,
    /// See [`FlowErrors`].
    pub flow_errors: FlowErrors,
    /// See [`RoleWithoutRestAnswer`].
    pub role_without_rest: RoleWithoutRestAnswer,
    /// See [`RestletAlgorithmAnswer`].
    pub restlet_unknown_algorithm: RestletAlgorithmAnswer,
    /// See [`Shapes`].
    pub shapes: Shapes,
    /// Whether a "Web Services Only" role is also refused on `/rest/tokeninfo` (RESTlet domain).
    /// Oracle documents only that such roles "don't work with RESTlets"; whether the token
    /// endpoints count is unverified. Default `false` (only script calls are refused: the least
    /// informative possibility); `true` (in [`EmulatorOptions::informative`], so the demo shows
    /// the diagnosis) refuses tokeninfo too.
    pub web_services_only_refuses_tokeninfo: bool,
    /// The `type` URI of REST error bodies. NetSuite has used the RFC 2616 URI and, since 2025,
    /// `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2` (default) for 401.
    pub rfc9110_error_types: bool,
    /// Replace the scenario's account model (e.g. an account holding Oracle's sample credentials).
    /// [`super::Emulator::set_scenario`] goes back to the scenario presets.
    pub model: Option<super::model::AccountModel>,
    /// See [`super::oauth2::M2mErrorAnswer`].
    pub m2m_errors: super::oauth2::M2mErrorAnswer,
    /// Answer SuiteQL `SELECT … FROM LoginAudit` from the emulated Login Audit Trail (for the
    /// Administrator role). Default `false`: whether REST SuiteQL serves that table is
    /// unconfirmed, so it is refused like an unknown record ([`super::login_audit`]).
    pub login_audit_suiteql: bool,
    /// Delay every answer by this much (`nstba emulator --latency-ms N`, `nstba --demo
    /// --latency-ms N`), so the time a test takes against a real NetSuite (200–1,000 ms an
    /// answer) can be measured and shown. `None`: the scenario's own latency (zero except `slow`).
    /// [`super::EmulatorConfig::latency`] wins over it.
    pub latency: Option<std::time::Duration>,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            fixed_clock: None,
            assume_https: false,
            strict_realm: true,
            strict_soap_account: true,
            flow_errors: FlowErrors::default(),
            role_without_rest: RoleWithoutRestAnswer::default(),
            restlet_unknown_algorithm: RestletAlgorithmAnswer::default(),
            shapes: Shapes::default(),
            rfc9110_error_types: true,
            web_services_only_refuses_tokeninfo: false,
            model: None,
            m2m_errors: Default::default(),
            login_audit_suiteql: false,
            latency: None,
        }
    }
}

impl EmulatorOptions {
    /// The informative answers: exact flow codes in the body, SuiteQL and catalog refusals that
    /// name the permission. For demos and for tests that need the informative branch.
    pub fn informative() -> EmulatorOptions {
        let mut o = EmulatorOptions {
            flow_errors: FlowErrors::Specific,
            login_audit_suiteql: true,
            role_without_rest: RoleWithoutRestAnswer::UserError400,
            web_services_only_refuses_tokeninfo: true,
            ..EmulatorOptions::default()
        };
        o.shapes.suiteql_names_permission = true;
        o.shapes.catalog_forbidden = true;
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_least_informative_answers() {
        let d = EmulatorOptions::default();
        assert_eq!(d.flow_errors, FlowErrors::Generic);
        assert!(d.strict_realm);
        assert_eq!(d.shapes, Shapes::default());
        assert_eq!(d.role_without_rest, RoleWithoutRestAnswer::InvalidLogin401);
        assert!(!d.web_services_only_refuses_tokeninfo);
        assert!(!d.login_audit_suiteql);
        let i = EmulatorOptions::informative();
        assert!(i.web_services_only_refuses_tokeninfo && i.login_audit_suiteql);
        assert_eq!(i.role_without_rest, RoleWithoutRestAnswer::UserError400);
        assert_eq!(
            EmulatorOptions::informative().flow_errors,
            FlowErrors::Specific
        );
    }

    #[test]
    fn every_shape_name_enables_exactly_one_switch() {
        let mut seen = Vec::new();
        for name in Shapes::NAMES {
            let mut s = Shapes::default();
            assert!(s.enable(name), "{name}");
            assert_ne!(s, Shapes::default(), "{name}");
            assert!(!seen.contains(&s), "{name} repeats another switch");
            seen.push(s);
        }
        assert!(!Shapes::default().enable("nope"));
        assert_eq!(
            FlowErrors::from_name(" Specific "),
            Some(FlowErrors::Specific)
        );
        assert_eq!(FlowErrors::from_name("exact"), None);
    }
}
