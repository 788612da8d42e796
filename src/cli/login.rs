//! `nstba login`: the OAuth 2.0 authorization code login with PKCE. The authorize URL goes to
//! stderr on a line of its own (and to the browser unless `--no-browser`); the browser's redirect
//! arrives on the one-shot HTTPS loopback listener, or the user pastes the address the browser
//! ended on. The code is exchanged at once; the refresh token is kept under `--profile NAME`
//! (never printed), or revoked again when nothing would keep it. `--revoke` revokes a saved
//! login's refresh token. Environment: `NETSUITE_ACCOUNT_ID` (optional: without it the user picks
//! the account at system.netsuite.com), `NETSUITE_CLIENT_ID`, `NETSUITE_CLIENT_SECRET` (a
//! confidential client), `NETSUITE_SCOPES`.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use nstba::Secret;
use nstba::authflow::authcode::grant_file::{GrantFile, GrantRecord};
use nstba::authflow::authcode::login::loopback_port;
use nstba::authflow::authcode::tls::BROWSER_WARNING;
use nstba::authflow::authcode::{LoggedIn, LoginClient, LoginFailure, LoginSettings};
use nstba::check::auth::Credentials;
use nstba::netsuite::AccountId;
use nstba::netsuite::credentials::ACCOUNT_ENV;
use nstba::netsuite::oauth2::authcode::callback::CallbackError;
use nstba::netsuite::oauth2::authcode::credentials::{
    CLIENT_SECRET_ENV, DEFAULT_REDIRECT_PORT, redirect_uri_for,
};
use nstba::netsuite::oauth2::authcode::grant::ClientAuth;
use nstba::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity, StoreHandle};
use nstba::netsuite::oauth2::credentials::{CLIENT_ID_ENV, SCOPES_ENV, parse_scopes};
use nstba::profile::{self, ProfileStore};
use tokio_util::sync::CancellationToken;

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
    /// Revoke the refresh token saved under --profile instead of logging in.
    #[arg(long, requires = "profile")]
    pub revoke: bool,
}

/// Runs `nstba login`.
pub fn run(a: &LoginArgs) -> Result<(), CliError> {
    env::check_text(&[ACCOUNT_ENV, CLIENT_ID_ENV, CLIENT_SECRET_ENV, SCOPES_ENV])?;
    let base_url = a.origin.base_url()?;
    let file = a.profile.as_deref().map(grant_file).transpose()?;
    if a.revoke {
        return revoke(file.as_ref(), base_url);
    }
    let wait = parse_timeout(a.timeout)?;
    let redirect_uri = redirect_uri(a)?;
    let client = client_auth()?;
    let scopes = parse_scopes(&env::var(SCOPES_ENV).unwrap_or_default());
    let login = LoginClient::new(LoginSettings {
        account: env::account(),
        client: client.clone(),
        scopes: scopes.clone(),
        redirect_uri: redirect_uri.clone(),
        listen: !a.no_browser,
        timeout: REQUEST_TIMEOUT.min(wait),
        base_url,
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
    let until = nstba::netsuite::cert::checks::rfc3339(validity.expires_at());
    let Some(file) = file else {
        // Nothing keeps it: a live refresh token nobody holds is only a risk.
        let _ = rt.block_on(login.revoke(&logged.account, &refresh));
        out!(
            "Logged in: {who}. The refresh token was revoked again: pass --profile NAME to keep the login."
        );
        return Ok(());
    };
    file.write(&GrantRecord {
        account: logged.account.realm(),
        client_id: client.client_id.expose().to_string(),
        confidential: !client.is_public(),
        scopes,
        redirect_uri,
        company: cb.company.as_ref().map(AccountId::realm),
        role: cb.role.clone(),
        entity: cb.entity.clone(),
        refresh_token: refresh.expose().to_string(),
        validity,
    })
    .map_err(|e| {
        let _ = rt.block_on(login.revoke(&logged.account, &refresh));
        CliError::internal(format!(
            "the login could not be saved ({e}); its refresh token was revoked"
        ))
    })?;
    let name = a.profile.as_deref().unwrap_or_default();
    out!("Logged in: {who}.");
    out!(
        "Saved as profile {name}; the refresh token is valid until {until} ({}).",
        kind_note(&validity)
    );
    out!("Test it: nstba test --profile {name} --auth authcode");
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
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    // A detached thread: a blocking stdin read cannot be cancelled; the process ends anyway.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
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

/// The interim file of profile `name` (the name checked like a profile's).
fn grant_file(name: &str) -> Result<GrantFile, CliError> {
    profile::validate_name(name).map_err(|e| CliError::usage(e.to_string()))?;
    let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
    Ok(GrantFile::new(store.dir(), name))
}

fn revoke(file: Option<&GrantFile>, base_url: Option<String>) -> Result<(), CliError> {
    let file = file.ok_or_else(|| CliError::usage("--revoke needs --profile NAME"))?;
    let record = file.read().map_err(CliError::internal)?.ok_or_else(|| {
        CliError::usage("no login is saved under that profile (run nstba login --profile NAME)")
    })?;
    let mut client = ClientAuth::public(Secret::new(record.client_id.clone()));
    if record.confidential {
        client.client_secret = Some(Secret::new(env::required(CLIENT_SECRET_ENV)?));
    }
    let account = AccountId::parse(&record.account).map_err(|e| CliError::usage(e.to_string()))?;
    let login = LoginClient::new(LoginSettings {
        account: Some(record.account.clone()),
        client,
        scopes: record.scopes.clone(),
        redirect_uri: record.redirect_uri.clone(),
        listen: false,
        timeout: REQUEST_TIMEOUT,
        base_url,
    })
    .map_err(|e| failure(&e, &record.redirect_uri))?;
    let rt = super::token::runtime()?;
    rt.block_on(login.revoke(&account, &Secret::new(record.refresh_token.clone())))
        .map_err(|e| failure(&e, &record.redirect_uri))?;
    std::fs::remove_file(file.path()).map_err(|e| CliError::internal(e.to_string()))?;
    out!(
        "Revoked the refresh token of this login (and its access tokens); the saved login was removed."
    );
    Ok(())
}

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

/// The credentials of a saved login for `nstba test --auth authcode --profile NAME`.
pub fn test_credentials(profile: Option<&str>) -> Result<(String, Credentials), CliError> {
    let name = profile.ok_or_else(|| {
        CliError::usage(
            "--auth authcode needs a saved login: nstba login --profile NAME, then --profile NAME",
        )
    })?;
    let file = grant_file(name)?;
    let record = file.read().map_err(CliError::internal)?.ok_or_else(|| {
        CliError::usage(format!(
            "no login is saved as {name:?}: run nstba login --profile {name}"
        ))
    })?;
    let client_secret = if record.confidential {
        Some(Secret::new(env::required(CLIENT_SECRET_ENV)?))
    } else {
        None
    };
    let c = AuthCodeCredentials {
        client_id: Secret::new(record.client_id.clone()),
        client_secret,
        refresh_token: Secret::new(record.refresh_token.clone()),
        scopes: record.scopes.clone(),
        redirect_uri: record.redirect_uri.clone(),
        validity: record.validity,
        company: record.company.clone(),
        role: record.role.clone(),
        entity: record.entity.clone(),
        store: Some(StoreHandle(Arc::new(file))),
    };
    Ok((record.account, Credentials::AuthCode(c)))
}
