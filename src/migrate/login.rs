//! The migration's use of an authorization-code login: the key item's upload through the
//! certificate rotation API with the login's Bearer token (reference §1.9: the certificate id
//! comes from the answer, nothing is typed), and the logins a migration can use. The token comes
//! from the login profile's refresh token through the same authenticator a connection test uses
//! (the profile's refresh lock held, a rotated refresh token saved back before the access token
//! is used). Every failure is a [`Finding`] of the key item with its own code.

use tokio_util::sync::CancellationToken;

use super::code::MigrateCode;
use super::live::Connection;
use super::verdict::Finding;
use crate::Secret;
use crate::authflow::cert_rotation::{RotationClient, RotationFailure, RotationSettings};
use crate::check::AuthKind;
use crate::check::auth::authcode::AuthCode;
use crate::check::auth::{Authenticator as _, TokenSource as _};
use crate::check::settings::BODY_CAP;
use crate::net::http::Http;
use crate::netsuite::AccountId;
use crate::netsuite::oauth2::authcode::AuthCodeCredentials;
use crate::netsuite::oauth2::{rotation, token};
use crate::profile::ProfileStore;
use crate::redact::Redactor;

/// The authorization-code login profiles saved for `account` (canonical or as typed), by name.
pub fn logins_for(store: &ProfileStore, account: &str) -> Vec<String> {
    let canonical = |a: &str| AccountId::parse(a).map_or_else(|_| a.to_string(), |a| a.realm());
    let want = canonical(account);
    store
        .list()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.kind() == AuthKind::Authcode && canonical(&p.account) == want)
        .map(|p| p.name)
        .collect()
}

/// The TBA profiles of `store`, by name (only they can be migrated).
pub fn tba_profiles(store: &ProfileStore) -> Vec<String> {
    store
        .list()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.kind() == AuthKind::Tba)
        .map(|p| p.name)
        .collect()
}

fn unusable(login: &str, why: &str) -> Finding {
    Finding::new(
        MigrateCode::MigrateLoginUnusable,
        &[("login", login), ("why", why)],
    )
}

/// A fresh access token of login profile `login` (a refresh; the rotated refresh token is saved
/// back into the profile before the token is used).
pub async fn access_token(
    conn: &Connection,
    store: &ProfileStore,
    login: &str,
) -> Result<(Secret, AuthCodeCredentials), Finding> {
    let (_, creds) = store
        .authcode_credentials(login)
        .map_err(|e| unusable(login, &e.to_string()))?;
    let account = AccountId::parse(&conn.account).map_err(|e| unusable(login, &e.to_string()))?;
    let origin = conn
        .base_url
        .clone()
        .map_or_else(|| account.rest_base(), |b| b.trim_end_matches('/').into());
    let url = format!("{origin}{}", token::TOKEN_PATH);
    let auth = AuthCode::new(&creds);
    let redact = Redactor::new(auth.secrets());
    let hide = |s: &str| crate::redact::sanitize(&redact.apply(s), 200);
    let now = crate::profile::clock::now_unix();
    let body = auth
        .token_request(&url, now)
        .map_err(|e| unusable(login, &hide(&e.to_string())))?;
    let http = Http::new(conn.timeout, BODY_CAP).map_err(|e| unusable(login, &e))?;
    let mut req = http
        .client()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body.expose().to_string());
    if let Some(a) = auth.token_request_authorization() {
        req = req.header("Authorization", a.expose());
    }
    let got = http
        .send(req, &CancellationToken::new())
        .await
        .map_err(|tf| unusable(login, &hide(&format!("{}: {}", tf.host, tf.detail))))?;
    if !(200..300).contains(&got.status) {
        let error = token::parse_error(&got.body)
            .map_or_else(|| "no OAuth error code".to_string(), |e| hide(&e.error));
        let why = if error == "invalid_grant" {
            format!(
                "HTTP {} invalid_grant: the refresh token expired or was revoked",
                got.status
            )
        } else {
            format!("HTTP {} {error}", got.status)
        };
        return Err(unusable(login, &why));
    }
    let parsed =
        token::parse_response(&got.body).map_err(|e| unusable(login, &hide(&e.to_string())))?;
    auth.keep(&parsed);
    if let Some(e) = auth.save_error() {
        return Err(unusable(
            login,
            &format!(
                "the rotated refresh token could not be saved ({})",
                hide(&e)
            ),
        ));
    }
    let token = auth
        .token()
        .ok_or_else(|| unusable(login, "the token endpoint issued no usable token"))?;
    Ok((token, creds))
}

/// What the upload needs besides the login.
#[derive(Debug, Clone)]
pub struct Upload<'a> {
    /// The integration record's Client ID (the record the M2M profile will use).
    pub client_id: &'a Secret,
    /// The certificate (PEM) to upload.
    pub certificate_pem: &'a str,
    /// The role the mapping is for (the TBA token's).
    pub role: &'a str,
    /// The entity the mapping is for (the TBA token's).
    pub entity: &'a str,
}

/// Uploads the certificate with login `login`'s token and returns the new Certificate ID. The
/// certificate list is read first, so the 5-active limit is said before anything is sent.
pub async fn upload(
    conn: &Connection,
    store: &ProfileStore,
    login: &str,
    u: &Upload<'_>,
) -> Result<String, Finding> {
    if u.role.trim().is_empty() || u.entity.trim().is_empty() {
        return Err(refused(
            login,
            "the inventory found no role or entity to map the certificate to",
        ));
    }
    let (token, _) = access_token(conn, store, login).await?;
    let settings = RotationSettings {
        account: conn.account.clone(),
        client_id: u.client_id.clone(),
        certificate_id: String::new(),
        private_key: Secret::default(),
        timeout: conn.timeout,
        base_url: conn.base_url.clone(),
    };
    let mut api = RotationClient::with_token(settings, token).map_err(|e| of(login, &e))?;
    let list = api.list().await.map_err(|e| of(login, &e))?;
    if let Some(limit) = rotation::limit_reached(&list) {
        return Err(Finding::new(
            MigrateCode::MigrateUploadLimit,
            &[("login", login), ("why", &limit)],
        ));
    }
    let created = api
        .upload(u.certificate_pem, u.role.trim(), u.entity.trim())
        .await
        .map_err(|e| of(login, &e))?;
    Ok(created.certificate_id)
}

fn refused(login: &str, why: &str) -> Finding {
    Finding::new(
        MigrateCode::MigrateUploadRefused,
        &[("login", login), ("why", why)],
    )
}

/// A rotation failure as the key item's finding.
fn of(login: &str, e: &RotationFailure) -> Finding {
    let why = crate::redact::sanitize(&e.to_string(), 300);
    let code = match e {
        RotationFailure::Api { status: 403, .. } => MigrateCode::MigrateUploadPermission,
        RotationFailure::Api { status: 401, .. } | RotationFailure::Scope(_) => {
            MigrateCode::MigrateLoginUnusable
        }
        RotationFailure::Api { status: 400, .. } if why.contains("active certificates") => {
            MigrateCode::MigrateUploadLimit
        }
        _ => MigrateCode::MigrateUploadRefused,
    };
    Finding::new(code, &[("login", login), ("why", &why)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rotation_refusal_has_its_own_code() {
        let api = |status| RotationFailure::Api {
            status,
            error: None,
            excerpt: None,
        };
        assert_eq!(
            of("l", &api(403)).code,
            MigrateCode::MigrateUploadPermission
        );
        assert_eq!(of("l", &api(401)).code, MigrateCode::MigrateLoginUnusable);
        assert_eq!(
            of("l", &RotationFailure::Scope(vec!["restlets".into()])).code,
            MigrateCode::MigrateLoginUnusable
        );
        assert_eq!(of("l", &api(500)).code, MigrateCode::MigrateUploadRefused);
        let f = of("l", &api(403));
        assert!(f.vars.contains(&("login".into(), "l".into())));
    }
}
