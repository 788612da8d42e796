//! Switches for behaviour NetSuite has not documented ([U] in the reference): the emulator picks a
//! default and lets tests (and future evidence) choose the other answer.

/// How REST answers a role that may log in with tokens but lacks *REST Web Services*. The
/// evidence conflicts (diagnostics addendum §3): one vendor page reports 400 `USER_ERROR`, one
/// issue thread a plain 401 `INVALID_LOGIN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleWithoutRestAnswer {
    /// `400` with `o:errorCode` `USER_ERROR`, "Your current role does not have permission to
    /// perform this action." (default: the login succeeded, the API is refused).
    #[default]
    UserError400,
    /// The ordinary `401 INVALID_LOGIN` (LAT Detail `permission_denied`).
    InvalidLogin401,
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

/// Advanced settings; [`Default`] is what `nstba emulator` and `--demo` use.
#[derive(Debug, Clone)]
pub struct EmulatorOptions {
    /// Pin the emulated clock to this Unix time (before the scenario's offset), e.g. to replay
    /// Oracle's published vectors. `None`: real time.
    pub fixed_clock: Option<u64>,
    /// Rebuild the signed URL as `https://` instead of `http://` (vectors captured against real
    /// hosts; a TLS-terminating proxy in front of the emulator).
    pub assume_https: bool,
    /// Reject REST/RESTlet requests whose `realm` is missing or not the canonical account id
    /// (`InvalidSignature`). Default `false`: accepted and noted in the audit trail, because
    /// NetSuite's behaviour is unverified (the realm is not signed).
    pub strict_realm: bool,
    /// Reject SOAP passports whose `account` is not the canonical id (`InvalidSignature`).
    /// Default `true`: the account is signed and a lowercase `_sb1` is a reported failure.
    pub strict_soap_account: bool,
    /// See [`RoleWithoutRestAnswer`].
    pub role_without_rest: RoleWithoutRestAnswer,
    /// See [`RestletAlgorithmAnswer`].
    pub restlet_unknown_algorithm: RestletAlgorithmAnswer,
    /// Whether a "Web Services Only" role is also refused on `/rest/tokeninfo` (RESTlet domain).
    /// Oracle documents only that such roles "don't work with RESTlets"; whether the token
    /// endpoints count is unverified. Default `true`, so the demo shows the diagnosis; `false`
    /// plays the other possibility (only script calls are refused).
    pub web_services_only_refuses_tokeninfo: bool,
    /// The `type` URI of REST error bodies. NetSuite has used the RFC 2616 URI and, since 2025,
    /// `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2` (default) for 401.
    pub rfc9110_error_types: bool,
    /// Replace the scenario's account model (e.g. an account holding Oracle's sample credentials).
    /// [`super::Emulator::set_scenario`] goes back to the scenario presets.
    pub model: Option<super::model::AccountModel>,
    /// See [`super::oauth2::M2mErrorAnswer`].
    pub m2m_errors: super::oauth2::M2mErrorAnswer,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            fixed_clock: None,
            assume_https: false,
            strict_realm: false,
            strict_soap_account: true,
            role_without_rest: RoleWithoutRestAnswer::default(),
            restlet_unknown_algorithm: RestletAlgorithmAnswer::default(),
            rfc9110_error_types: true,
            web_services_only_refuses_tokeninfo: true,
            model: None,
            m2m_errors: Default::default(),
        }
    }
}
