//! `nstba login`: the OAuth 2.0 authorization code login with PKCE. The authorize URL goes to
//! stderr on a line of its own (and to the browser unless `--no-browser`); the browser's redirect
//! arrives on the one-shot HTTPS loopback listener, or the user pastes the address the browser
//! ended on. The code is exchanged at once; with `--profile NAME` the login is saved as an
//! `authcode` profile (refresh token in the secret store, never printed), else the refresh token
//! is revoked again: nothing would keep it. `--bootstrap-m2m` then turns the profile into an M2M
//! one (see `login_bootstrap.rs`). `--revoke` revokes a saved login's refresh token and removes
//! the profile. Environment: `NETSUITE_ACCOUNT_ID` (optional: without it the user picks
//! the account at system.netsuite.com), `NETSUITE_CLIENT_ID`, `NETSUITE_CLIENT_SECRET` (a
//! confidential client), `NETSUITE_SCOPES`.

use std::time::Duration;

use clap::Args;
use nstba::Secret;
use nstba::authflow::authcode::login::loopback_port;
use nstba::authflow::authcode::tls::BROWSER_WARNING;
use nstba::authflow::authcode::{LoggedIn, LoginClient, LoginFailure, LoginSettings};
use nstba::netsuite::AccountId;
use nstba::netsuite::credentials::ACCOUNT_ENV;
use nstba::netsuite::oauth2::authcode::callback::CallbackError;
use nstba::netsuite::oauth2::authcode::credentials::{
    CLIENT_SECRET_ENV, DEFAULT_REDIRECT_PORT, redirect_uri_for,
};
use nstba::netsuite::oauth2::authcode::grant::ClientAuth;
use nstba::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity};
use nstba::netsuite::oauth2::credentials::{CLIENT_ID_ENV, SCOPE_REST, SCOPES_ENV, parse_scopes};
use nstba::profile::ProfileStore;

use super::test::parse_timeout;
use super::{CliError, env};

/// Per-request timeout of the login's HTTP calls.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// `nstba login`.
#[derive(Debug, Clone, Args)]
pub struct LoginArgs {
    /// Save the login (refresh token) as this profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Do not open a browser or listen: print the authorize URL and read the address the browser
    /// ended on from standard input (paste mode, for headless machines).
    #[arg(long)]
    pub no_browser: bool,
    /// Port of the redirect URI https://localhost:PORT/callback (default 8899; register exactly
    /// that URI on the integration record).
    #[arg(long, value_name = "N", conflicts_with = "redirect_uri")]
    pub redirect_port: Option<u16>,
    /// The redirect URI exactly as on the integration record (https:// or a custom scheme).
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,
    /// `--base-url` (the authorize, token and revoke calls) and `--allow-insecure-http`.
    #[command(flatten)]
    pub origin: super::origin::OriginArgs,
    /// How long to wait for the browser (seconds).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 300.0,
        allow_negative_numbers = true
    )]
    pub timeout: f64,
    /// The integration record's Refresh Token Validity (hours, 1–720; default 48 for a public
    /// client, 168 for a confidential one).
    #[arg(long, value_name = "HOURS")]
    pub refresh_hours: Option<u32>,
    /// The integration record's Maximum Time For Token Rotation (hours, 1–720; default 168).
    #[arg(long, value_name = "HOURS")]
    pub rotation_hours: Option<u32>,
    /// Revoke the refresh token saved under --profile instead of logging in (the profile is
    /// removed).
    #[arg(long, requires = "profile", conflicts_with = "bootstrap_m2m")]
    pub revoke: bool,
    /// After the login, create the first M2M certificate without the NetSuite UI: generate a key
    /// and certificate, upload it mapped to the login's role and entity, and switch the profile
    /// to M2M (the login's role needs Manage own OAuth 2.0 Client Credentials certificates).
    #[arg(long, requires = "profile")]
    pub bootstrap_m2m: bool,
}

/// Runs `nstba login`.
pub fn run(a: &LoginArgs) -> Result<(), CliError> {
    env::check_text(&[ACCOUNT_ENV, CLIENT_ID_ENV, CLIENT_SECRET_ENV, SCOPES_ENV])?;
    let base_url = a.origin.base_url()?;
    if a.revoke {
        return revoke(a.profile.as_deref(), base_url);
    }
    // Everything that could stop the save is checked now, before NetSuite issues a token.
    let store = a
        .profile
        .as_deref()
        .map(super::token::preflight)
        .transpose()?;
    let wait = parse_timeout(a.timeout)?;
    let redirect_uri = redirect_uri(a)?;
    let client = client_auth()?;
    let scopes = parse_scopes(&env::var(SCOPES_ENV).unwrap_or_default());
    if a.bootstrap_m2m && !scopes.iter().any(|s| s == SCOPE_REST) {
        return Err(CliError::usage(format!(
            "--bootstrap-m2m: the certificate API needs a login with the {SCOPE_REST} scope; add it to {SCOPES_ENV} (and tick REST Web Services on the integration record)"
        )));
    }
    let login = LoginClient::new(LoginSettings {
        account: env::account(),
        client: client.clone(),
        scopes: scopes.clone(),
        redirect_uri: redirect_uri.clone(),
        listen: !a.no_browser,
        timeout: REQUEST_TIMEOUT.min(wait),
        base_url: base_url.clone(),
    })
    .map_err(|e| failure(&e, &redirect_uri))?;
    let rt = super::token::runtime()?;
    let logged = rt.block_on(browse(&login, a, wait, &redirect_uri))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let validity =
        RefreshValidity::new(client.is_public(), now).with_hours(a.refresh_hours, a.rotation_hours);
    let Some(refresh) = logged.tokens.refresh_token.clone() else {
        return Err(CliError::Problem(Some(
            "NetSuite issued no refresh token: check that the integration record allows the \
             Authorization Code Grant"
                .into(),
        )));
    };
    let cb = &logged.callback;
    let who = format!(
        "account {} (company {}), role {}, entity {}",
        logged.account.realm(),
        cb.company
            .as_ref()
            .map_or("not sent".into(), AccountId::realm),
        cb.role.as_deref().unwrap_or("not sent"),
        cb.entity.as_deref().unwrap_or("not sent"),
    );
    let (Some(store), Some(name)) = (store, a.profile.as_deref()) else {
        // Nothing keeps it: a live refresh token nobody holds is only a risk.
        let _ = rt.block_on(login.revoke(&logged.account, &refresh));
        out!(
            "Logged in: {who}. The refresh token was revoked again: pass --profile NAME to keep the login."
        );
        return Ok(());
    };
    let saved = AuthCodeCredentials {
        client_id: client.client_id.clone(),
        client_secret: client.client_secret.clone(),
        refresh_token: refresh.clone(),
        scopes: scopes.clone(),
        redirect_uri,
        validity,
        company: cb.company.as_ref().map(AccountId::realm),
        role: cb.role.clone(),
        entity: cb.entity.clone(),
        store: None,
    };
    let outcome = store
        .save_login(name, &logged.account.realm(), &saved, apis_of(&scopes))
        .map_err(|e| {
            let _ = rt.block_on(login.revoke(&logged.account, &refresh));
            CliError::internal(format!(
                "the login could not be saved as profile {name:?} ({e}); its refresh token was revoked"
            ))
        })?;
    let _ = store.set_last_used(name);
    if let Some(w) = outcome.warning {
        err!("nstba: warning: {w}");
    }
    out!("Logged in: {who}.");
    let until = nstba::netsuite::cert::checks::rfc3339(validity.expires_at());
    out!(
        "Saved as profile {name}; the refresh token is valid until {until} ({}).",
        kind_note(&validity)
    );
    if a.bootstrap_m2m {
        return super::login_bootstrap::run(&rt, &store, name, &logged, &saved, base_url);
    }
    let test = format!("nstba test --profile {name}");
    out!(
        "Test it: {}",
        super::origin::with_base(&test, base_url.as_deref())
    );
    Ok(())
}

fn kind_note(v: &RefreshValidity) -> String {
    if v.public {
        format!(
            "public client: single-use tokens of {} h, renewed by each run, within {} h of this login",
            v.validity_hours, v.rotation_window_hours
        )
    } else {
        format!(
            "confidential client: {} h, then log in again",
            v.validity_hours
        )
    }
}

/// The authorize URL out, the redirect (or a paste) in, the code exchanged.
async fn browse(
    login: &LoginClient,
    a: &LoginArgs,
    wait: Duration,
    redirect_uri: &str,
) -> Result<LoggedIn, CliError> {
    let pending = login.start().await.map_err(|e| failure(&e, redirect_uri))?;
    err!("Open this address in a browser, sign in to NetSuite and click Allow:");
    err!("{}", pending.authorize_url);
    if a.no_browser || loopback_port(redirect_uri).is_none() {
        err!(
            "Then paste the address the browser ended on (it starts with {redirect_uri}) and press Enter."
        );
    } else {
        err!("{BROWSER_WARNING}");
        err!(
            "Waiting up to {} s for the redirect to {redirect_uri} … (or paste the address the browser ended on, then Enter)",
            wait.as_secs()
        );
        let _ = webbrowser::open(&pending.authorize_url);
    }
    let rx = super::browser_wait::stdin_lines();
    let cancel = super::browser_wait::ctrl_c();
    let rejected = |_: &CallbackError| {
        err!(
            "That address is not the answer to this login (its state differs); paste the address of this login's redirect."
        );
    };
    let cb = pending
        .wait(wait, Some(rx), &rejected, &cancel)
        .await
        .map_err(|e| failure(&e, redirect_uri))?;
    err!(
        "Redirect received: company {}, role {}, entity {}.",
        cb.company
            .as_ref()
            .map_or("not sent".into(), AccountId::realm),
        cb.role.as_deref().unwrap_or("not sent"),
        cb.entity.as_deref().unwrap_or("not sent"),
    );
    login
        .exchange(&pending, cb)
        .await
        .map_err(|e| failure(&e, redirect_uri))
}

/// The redirect URI: `--redirect-uri`, else https://localhost:PORT/callback.
fn redirect_uri(a: &LoginArgs) -> Result<String, CliError> {
    let uri = match &a.redirect_uri {
        Some(u) => u.trim().to_string(),
        None => redirect_uri_for(a.redirect_port.unwrap_or(DEFAULT_REDIRECT_PORT)),
    };
    let parsed = url::Url::parse(&uri)
        .map_err(|e| CliError::usage(format!("--redirect-uri {uri:?}: {e}")))?;
    if parsed.scheme() == "http" {
        return Err(CliError::usage(
            "--redirect-uri: NetSuite refuses http:// redirect URIs; use https://localhost:PORT/callback or a custom scheme",
        ));
    }
    if a.redirect_port == Some(0) {
        return Err(CliError::usage(
            "--redirect-port 0: the port is part of the registered redirect URI; give a fixed port",
        ));
    }
    Ok(uri)
}

fn client_auth() -> Result<ClientAuth, CliError> {
    let client_id = env::required(CLIENT_ID_ENV)?;
    let mut c = ClientAuth::public(Secret::new(client_id));
    c.client_secret = env::var(CLIENT_SECRET_ENV).map(Secret::new);
    Ok(c)
}

/// `--revoke`: revokes the refresh token saved in the profile, then removes the profile.
fn revoke(name: Option<&str>, base_url: Option<String>) -> Result<(), CliError> {
    let name = name.ok_or_else(|| CliError::usage("--revoke needs --profile NAME"))?;
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    let (profile, c) = super::profile_authcode::load(&store, name)?;
    let account = AccountId::parse(&profile.account).map_err(|e| CliError::usage(e.to_string()))?;
    let login = LoginClient::new(LoginSettings {
        account: Some(profile.account.clone()),
        client: c.client_auth(),
        scopes: c.scopes.clone(),
        redirect_uri: c.redirect_uri.clone(),
        listen: false,
        timeout: REQUEST_TIMEOUT,
        base_url,
    })
    .map_err(|e| failure(&e, &c.redirect_uri))?;
    let rt = super::token::runtime()?;
    rt.block_on(login.revoke(&account, &c.refresh_token))
        .map_err(|e| failure(&e, &c.redirect_uri))?;
    store
        .remove(name)
        .map_err(|e| CliError::internal(e.to_string()))?;
    out!(
        "Revoked the refresh token of profile {name} (and its access tokens); the profile was removed."
    );
    Ok(())
}

/// What `unauthorized_client` means for a login whose client id NetSuite knows (an unknown one
/// gets an error page, no redirect).
const GRANT_NOT_TICKED: &str = "The integration record does not allow the authorization code grant \
     (Login Audit Trail: AuthorizationCodeGrantRequired): Setup > Integration > Manage Integrations \
     > the record > Authentication subtab > OAuth 2.0: tick Authorization Code Grant, save, then run \
     nstba login again.";

/// A login failure as exit 1 (2 for bad input), with what to do on stderr.
fn failure(f: &LoginFailure, redirect_uri: &str) -> CliError {
    let hint = match f {
        LoginFailure::Account(e) => return CliError::usage(e.to_string()),
        LoginFailure::Callback(CallbackError::Denied) => {
            "Access was denied on the consent page: run nstba login again and click Allow.".to_string()
        }
        LoginFailure::Callback(CallbackError::Refused(code)) if code == "invalid_scope" => {
            "Tick the requested scopes (NETSUITE_SCOPES) on the integration record (Login Audit Trail: ScopeMismatched).".into()
        }
        LoginFailure::Callback(CallbackError::Refused(code)) if code == "unauthorized_client" => {
            GRANT_NOT_TICKED.into()
        }
        LoginFailure::Refused { .. } if f.code() == Some("unauthorized_client") => {
            GRANT_NOT_TICKED.into()
        }
        LoginFailure::Callback(CallbackError::Refused(_)) => {
            "Check the integration record: Authorization Code Grant ticked, the redirect URI, the scopes; the Login Audit Trail names the cause.".into()
        }
        LoginFailure::TimedOut(_) => format!(
            "If NetSuite showed an error page instead of redirecting, the client id is unknown or the redirect URI is not on the integration record: register exactly {redirect_uri}."
        ),
        LoginFailure::Refused { .. } if f.code() == Some("invalid_client") => {
            "The client id or secret is wrong (Login Audit Trail: ClientAuthenticationFailed); a public client sends no secret.".into()
        }
        LoginFailure::Refused { .. } => {
            "The code was refused: it is single use and short-lived; run nstba login again.".into()
        }
        _ => String::new(),
    };
    if !hint.is_empty() {
        err!("{hint}");
    }
    if matches!(f, LoginFailure::Cancelled) {
        return CliError::Cancelled;
    }
    CliError::Problem(Some(f.to_string()))
}

/// The interfaces a login's scopes allow, for the profile's tests (`restlets` → RESTlets too;
/// SOAP cannot use OAuth 2.0).
fn apis_of(scopes: &[String]) -> Vec<nstba::check::Api> {
    use nstba::check::Api;
    let mut apis = Vec::new();
    if scopes.iter().any(|s| s == SCOPE_REST) {
        apis.push(Api::Rest);
    }
    if scopes
        .iter()
        .any(|s| s == nstba::netsuite::oauth2::credentials::SCOPE_RESTLETS)
    {
        apis.push(Api::Restlet);
    }
    apis
}
