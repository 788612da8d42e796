//! The certificate rotation API over the network: obtains a `rest_webservices` access token from
//! the M2M credentials themselves (a fresh client assertion, the token endpoint on the SuiteTalk
//! host), then lists, uploads or revokes certificates on the RESTlets host with
//! `Authorization: Bearer`. Requests go through the probes' [`Http`] client (timeouts, capped
//! bodies); `base_url` sends everything to one origin (emulator, proxy). Every text that reaches
//! an error is redacted (client id, key, assertion, token), then sanitized.
//!
//! The pure rules and parsers live in [`crate::netsuite::oauth2::rotation`]; the CLI
//! (`nstba cert list|upload|revoke`) and the TUI are views over [`RotationClient`].

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::Secret;
use crate::check::settings::BODY_CAP;
use crate::net::http::{Fetched, Http, TransportFailure};
use crate::netsuite::cert::{KeyError, SigningKey};
use crate::netsuite::oauth2::assertion::{self, AssertionInput, ScopeForm};
use crate::netsuite::oauth2::claims::{self, TokenClaims};
use crate::netsuite::oauth2::rotation::{self, ApiError, CertificateInfo};
use crate::netsuite::oauth2::token::{self, TokenError};
use crate::netsuite::{AccountId, AccountIdError};
use crate::redact::Redactor;

/// The M2M credentials and where to send the calls.
#[derive(Clone)]
pub struct RotationSettings {
    /// Account id as typed.
    pub account: String,
    /// The integration record's Client ID.
    pub client_id: Secret,
    /// The Certificate ID the credentials sign with (`kid`).
    pub certificate_id: String,
    /// The private key (PEM).
    pub private_key: Secret,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Send every call to this origin instead of NetSuite's hosts.
    pub base_url: Option<String>,
}

impl std::fmt::Debug for RotationSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotationSettings")
            .field("account", &self.account)
            .field("certificate_id", &self.certificate_id)
            .field("timeout", &self.timeout)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Why a rotation call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RotationFailure {
    /// The account id is malformed.
    #[error("{0}")]
    Account(#[from] AccountIdError),
    /// The private key cannot sign.
    #[error("the private key cannot sign: {0}")]
    Key(#[from] KeyError),
    /// No HTTP answer.
    #[error("no answer from {}: {}", .0.host, .0.detail)]
    Transport(TransportFailure),
    /// The token endpoint refused the credentials.
    #[error(
        "the token endpoint refused the credentials (HTTP {status}, {}): the certificate id, client id, key or mapping is wrong, revoked or expired; `nstba test --auth m2m` diagnoses it",
        .error.as_ref().map_or("no OAuth error code".to_string(), |e| e.error.clone())
    )]
    TokenRefused {
        /// HTTP status.
        status: u16,
        /// The OAuth error, when the body had one.
        error: Option<TokenError>,
    },
    /// The token has no `rest_webservices` scope.
    #[error(
        "the access token's scopes are {0:?}, without rest_webservices: the certificate API needs it; tick REST Web Services on the integration record and include rest_webservices in NETSUITE_SCOPES"
    )]
    Scope(Vec<String>),
    /// The certificate API answered with an error.
    #[error("{}", api_message(*.status, .error))]
    Api {
        /// HTTP status.
        status: u16,
        /// The REST error, when the body was one.
        error: Option<ApiError>,
        /// A short excerpt of a body that was not the REST error shape.
        excerpt: Option<String>,
    },
    /// A 2xx answer nstba could not read.
    #[error("{0}")]
    Answer(String),
}

fn api_message(status: u16, error: &Option<ApiError>) -> String {
    let what = error
        .as_ref()
        .map(|e| {
            let code = e.code.as_deref().unwrap_or("no error code");
            match &e.detail {
                Some(d) => format!("{code}: {d}"),
                None => code.to_string(),
            }
        })
        .unwrap_or_else(|| "no error details".into());
    let hint = match status {
        401 => {
            " The token was refused: the role needs Log in using OAuth 2.0 Access Tokens, and the entity and role must be active."
        }
        403 => {
            " The mapped role needs the permission Manage own OAuth 2.0 Client Credentials certificates (Setup > Users/Roles > Manage Roles > the role > Permissions > Setup)."
        }
        404 => " Check the client id (NETSUITE_CLIENT_ID) and the certificate id.",
        _ => "",
    };
    format!("the certificate API answered HTTP {status} ({what}).{hint}")
}

/// A client for one set of credentials; the token is fetched once and reused.
pub struct RotationClient {
    settings: RotationSettings,
    account: AccountId,
    /// The key that signs the M2M client assertion; `None` for a client built around a Bearer
    /// token obtained otherwise ([`RotationClient::with_token`]).
    key: Option<SigningKey>,
    http: Http,
    redactor: Redactor,
    token: Option<(Secret, TokenClaims)>,
}

impl std::fmt::Debug for RotationClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotationClient")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl RotationClient {
    /// Validates the account and key and builds the HTTP client.
    pub fn new(settings: RotationSettings) -> Result<RotationClient, RotationFailure> {
        let account = AccountId::parse(&settings.account)?;
        let key = SigningKey::from_pem(settings.private_key.expose())?;
        let http = Http::new(settings.timeout, BODY_CAP).map_err(RotationFailure::Answer)?;
        let redactor = Redactor::new([settings.client_id.expose(), settings.private_key.expose()]);
        Ok(RotationClient {
            settings,
            account,
            key: Some(key),
            http,
            redactor,
            token: None,
        })
    }

    /// A client that calls the API with `access_token`, a `rest_webservices` token obtained
    /// otherwise (an authorization code login: the M2M bootstrap, which has no certificate yet).
    /// `settings.certificate_id` and `settings.private_key` are not used and may be empty.
    pub fn with_token(
        settings: RotationSettings,
        access_token: Secret,
    ) -> Result<RotationClient, RotationFailure> {
        let account = AccountId::parse(&settings.account)?;
        let http = Http::new(settings.timeout, BODY_CAP).map_err(RotationFailure::Answer)?;
        let mut redactor = Redactor::new([settings.client_id.expose()]);
        redactor.hide(access_token.expose(), "[redacted]");
        let claims = claims::decode_unverified(&access_token).unwrap_or_default();
        if !claims.scope.is_empty() && !claims.scope.iter().any(|s| s == rotation::REQUIRED_SCOPE) {
            return Err(RotationFailure::Scope(claims.scope));
        }
        Ok(RotationClient {
            settings,
            account,
            key: None,
            http,
            redactor,
            token: Some((access_token, claims)),
        })
    }

    fn rest_base(&self) -> String {
        self.settings
            .base_url
            .clone()
            .unwrap_or_else(|| self.account.rest_base())
    }

    fn restlet_base(&self) -> String {
        self.settings
            .base_url
            .clone()
            .unwrap_or_else(|| self.account.restlet_base())
    }

    /// The Certificate ID the credentials sign with.
    pub fn own_certificate_id(&self) -> &str {
        &self.settings.certificate_id
    }

    /// The claims of the token (role, entity: the mapping the credentials hit), once fetched.
    pub fn claims(&self) -> Option<&TokenClaims> {
        self.token.as_ref().map(|(_, c)| c)
    }

    /// Fetches the `rest_webservices` token (once).
    pub async fn authenticate(&mut self) -> Result<&TokenClaims, RotationFailure> {
        if self.token.is_none() {
            let fetched = self.fetch_token().await?;
            self.token = Some(fetched);
        }
        Ok(self.claims().expect("the token was just stored"))
    }

    async fn fetch_token(&mut self) -> Result<(Secret, TokenClaims), RotationFailure> {
        let url = format!("{}{}", self.rest_base(), token::TOKEN_PATH);
        let scopes = [rotation::REQUIRED_SCOPE.to_string()];
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let key = self.key.as_ref().ok_or_else(|| {
            RotationFailure::Answer("no key to sign a client assertion with".into())
        })?;
        let jwt = assertion::sign(
            key,
            &AssertionInput {
                client_id: self.settings.client_id.expose(),
                certificate_id: &self.settings.certificate_id,
                scopes: &scopes,
                token_url: &url,
                now,
                scope_form: ScopeForm::Array,
            },
        )
        .map_err(|e| RotationFailure::Answer(format!("cannot sign the client assertion: {e}")))?;
        self.redactor.hide(jwt.expose(), "[redacted]");
        let body = token::form_body(&jwt);
        let request = self
            .http
            .client()
            .post(&url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body.expose().to_string());
        let got = self.send(request).await?;
        if !(200..300).contains(&got.status) {
            return Err(RotationFailure::TokenRefused {
                status: got.status,
                error: token::parse_error(&got.body),
            });
        }
        let parsed =
            token::parse_response(&got.body).map_err(|e| RotationFailure::Answer(e.to_string()))?;
        self.redactor
            .hide(parsed.access_token.expose(), "[redacted]");
        let claims = claims::decode_unverified(&parsed.access_token).unwrap_or_default();
        if !claims.scope.is_empty() && !claims.scope.iter().any(|s| s == rotation::REQUIRED_SCOPE) {
            return Err(RotationFailure::Scope(claims.scope));
        }
        Ok((parsed.access_token, claims))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Fetched, RotationFailure> {
        self.http
            .send(request, &CancellationToken::new())
            .await
            .map_err(|mut t: TransportFailure| {
                // Library text may quote the URL, whose path holds the client id.
                t.detail = self.redactor.apply(&t.detail);
                RotationFailure::Transport(t)
            })
    }

    async fn api(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Fetched, RotationFailure> {
        self.authenticate().await?;
        let bearer = match &self.token {
            Some((t, _)) => format!("Bearer {}", t.expose()),
            None => String::new(),
        };
        let url = format!("{}{path}", self.restlet_base());
        let mut request = self
            .http
            .client()
            .request(method, &url)
            .header(reqwest::header::AUTHORIZATION, bearer)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(b) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b);
        }
        let got = self.send(request).await?;
        if !(200..300).contains(&got.status) {
            let error = rotation::parse_error(&got.body);
            let excerpt = error.is_none().then(|| {
                crate::redact::sanitize(
                    &self.redactor.apply(&String::from_utf8_lossy(&got.body)),
                    120,
                )
            });
            return Err(RotationFailure::Api {
                status: got.status,
                error,
                excerpt: excerpt.filter(|e| !e.is_empty()),
            });
        }
        Ok(got)
    }

    /// `GET …/certificates`.
    pub async fn list(&mut self) -> Result<Vec<CertificateInfo>, RotationFailure> {
        let path = rotation::certificates_path(self.settings.client_id.expose());
        let got = self.api(reqwest::Method::GET, &path, None).await?;
        rotation::parse_list(&got.body).map_err(|e| RotationFailure::Answer(e.to_string()))
    }

    /// `POST …/certificates` with the certificate PEM, mapped to `role` and `entity`.
    pub async fn upload(
        &mut self,
        certificate_pem: &str,
        role: &str,
        entity: &str,
    ) -> Result<CertificateInfo, RotationFailure> {
        let path = rotation::certificates_path(self.settings.client_id.expose());
        let body = rotation::upload_body(certificate_pem, role, entity);
        let got = self.api(reqwest::Method::POST, &path, Some(body)).await?;
        rotation::parse_created(&got.body).map_err(|e| RotationFailure::Answer(e.to_string()))
    }

    /// `POST …/certificates/<id>/revoke` (no body). The local rule (never the own certificate
    /// unless forced) is the caller's: [`rotation::check_revoke`].
    pub async fn revoke(&mut self, certificate_id: &str) -> Result<(), RotationFailure> {
        let path = rotation::revoke_path(self.settings.client_id.expose(), certificate_id);
        self.api(reqwest::Method::POST, &path, None).await?;
        Ok(())
    }
}
