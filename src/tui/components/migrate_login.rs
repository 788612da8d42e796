//! The migration's own login: for the authorization-code target (item 6), or to upload the
//! certificate through the rotation API (item 5). The core login
//! ([`LoginClient`]: PKCE, state, the HTTPS loopback listener, the code exchange) on the
//! migration's integration record, saved as the migration's new profile so item 6 can compare
//! its role and entity with the TBA token's. In the demo the browser's part is played against
//! the built-in emulator (Allow or Deny), as in the authorization-code setup.

use tokio_util::sync::CancellationToken;

use super::authcode_task::{LOGIN_WAIT, browse};
use super::migrate_task::LoginJob;
use crate::Secret;
use crate::authflow::authcode::{LoginClient, LoginSettings};
use crate::migrate::state::RecordChoice;
use crate::migrate::vars::default_scopes;
use crate::netsuite::oauth2::authcode::credentials::{DEFAULT_REDIRECT_PORT, redirect_uri_for};
use crate::netsuite::oauth2::authcode::grant::ClientAuth;
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, RefreshValidity};
use crate::profile::ProfileStore;

/// The Client ID the login uses: the TBA record's consumer key, or a separate record's from
/// the environment (as `nstba migrate`).
fn client_id(store: &ProfileStore, job: &LoginJob) -> Result<Secret, String> {
    match job.state.record {
        RecordChoice::Same => store
            .load_credentials(&job.state.from)
            .map(|c| c.consumer_key)
            .map_err(|e| format!("{}: {e}", job.state.from)),
        RecordChoice::Separate => std::env::var(
            crate::netsuite::oauth2::credentials::CLIENT_ID_ENV,
        )
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| Secret::new(v.trim().to_string()))
        .ok_or_else(|| {
            "The separate record's Client ID is not set: start nstba with NETSUITE_CLIENT_ID."
                .to_string()
        }),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_or(DEFAULT_REDIRECT_PORT, |a| a.port())
}

/// Runs the login of `job` and saves it as profile `job.name`; the profile's name.
pub async fn login(store: &ProfileStore, job: LoginJob) -> Result<String, String> {
    let st = &job.state;
    let mut scopes = if st.scopes.is_empty() {
        default_scopes(st)
    } else {
        st.scopes.clone()
    };
    let rest = crate::netsuite::oauth2::rotation::REQUIRED_SCOPE;
    if job.item == crate::migrate::Item::Key && !scopes.iter().any(|s| s == rest) {
        scopes.push(rest.to_string());
    }
    // The record registers 8899; the demo's emulator takes any loopback port, so the demo
    // listens on a free one (two demos, or tests, at once).
    let port = if job.demo.is_some() {
        free_port()
    } else {
        DEFAULT_REDIRECT_PORT
    };
    let redirect_uri = redirect_uri_for(port);
    let client = ClientAuth::public(client_id(store, &job)?);
    let login = LoginClient::new(LoginSettings {
        account: Some(st.account.clone()),
        client,
        scopes: scopes.clone(),
        redirect_uri: redirect_uri.clone(),
        listen: true,
        timeout: job.timeout,
        base_url: job.base_url.clone(),
    })
    .map_err(|e| e.to_string())?;
    let pending = login.start().await.map_err(|e| e.to_string())?;
    let url = pending.authorize_url.clone();
    match job.demo {
        Some(allow) => {
            tokio::spawn(async move {
                let _ = browse(&url, allow).await;
            });
        }
        None => {
            let _ = tokio::task::spawn_blocking(move || crate::tui::flow_task::open_browser(&url))
                .await;
        }
    }
    let cancel = CancellationToken::new();
    let cb = pending
        .wait(LOGIN_WAIT, None, &|_| {}, &cancel)
        .await
        .map_err(|e| e.to_string())?;
    let logged = login
        .exchange(&pending, cb)
        .await
        .map_err(|e| e.to_string())?;
    let refresh_token = logged.tokens.refresh_token.clone().ok_or_else(|| {
        "NetSuite issued no refresh token: check that the record allows the Authorization Code Grant."
            .to_string()
    })?;
    let now = crate::profile::clock::now_unix();
    let creds = AuthCodeCredentials {
        client_id: client_id(store, &job)?,
        client_secret: None,
        refresh_token,
        scopes,
        redirect_uri,
        validity: RefreshValidity::new(true, now),
        company: logged
            .callback
            .company
            .as_ref()
            .map(crate::netsuite::AccountId::realm),
        role: logged.callback.role.clone(),
        entity: logged.callback.entity.clone(),
        store: None,
    };
    // The interfaces the TBA token works on (SOAP cannot use OAuth 2.0).
    let apis: Vec<crate::check::Api> = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|a| *a != crate::check::Api::Soap)
        .collect();
    store
        .save_login(&job.name, &logged.account.realm(), &creds, apis)
        .map_err(|e| format!("the login could not be saved as {}: {e}", job.name))?;
    Ok(job.name.clone())
}
