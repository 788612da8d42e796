//! The OAuth 2.0 side of `nstba profile`: `save` of an M2M profile from the `NETSUITE_CLIENT_ID…`
//! variables, and what `show`/`list` print for M2M and authorization-code profiles. TBA output is
//! untouched (see `profile.rs`). Secrets appear as "set" or their last 4 characters only.

use std::path::PathBuf;

use nstba::Secret;
use nstba::check::AuthKind;
use nstba::netsuite::AccountId;
use nstba::netsuite::credentials::ACCOUNT_ENV;
use nstba::netsuite::oauth2::credentials::{
    CERTIFICATE_FILE_ENV, CERTIFICATE_ID_ENV, CLIENT_ID_ENV, PRIVATE_KEY_ENV, PRIVATE_KEY_FILE_ENV,
    SCOPES_ENV, parse_scopes,
};
use nstba::profile::clock::{age, now_unix, parse_date, rfc3339};
use nstba::profile::{
    self, M2mFacts, M2mSecrets, Profile, ProfileAuth, ProfileSecrets, ProfileStore, SecretStoreKind,
};

use super::profile::{SaveOptions, failure, file_mode, parse_save_apis};
use super::{CliError, auth_env, env};

/// The kind `nstba profile save` saves: `--auth`, else the kind whose variables are set.
pub fn kind_to_save(auth: Option<&str>) -> Result<AuthKind, CliError> {
    let auth = auth_env::parse_auth(auth)?;
    match auth_env::choose(auth, None, &env::var)? {
        AuthKind::Authcode => Err(CliError::usage(
            "--auth authcode: authorization-code profiles are saved by `nstba login --profile NAME` \
             (it signs in and stores the refresh token)",
        )),
        kind => Ok(kind),
    }
}

/// `nstba profile save NAME` for an M2M integration: `NETSUITE_PRIVATE_KEY_FILE` is kept as a
/// reference to a file the user keeps (mode 0600 checked), `NETSUITE_PRIVATE_KEY` goes to the
/// secret store; `NETSUITE_CERTIFICATE_FILE`, when set, is referred to for the local checks.
pub fn save(
    store: &ProfileStore,
    name: &str,
    kind: AuthKind,
    options: &SaveOptions<'_>,
) -> Result<(), CliError> {
    debug_assert_eq!(kind, AuthKind::M2m, "kind_to_save refuses authcode");
    profile::validate_name(name).map_err(failure)?;
    env::check_text(&[
        ACCOUNT_ENV,
        CLIENT_ID_ENV,
        CERTIFICATE_ID_ENV,
        PRIVATE_KEY_ENV,
    ])?;
    // The same checks (and messages) as `nstba test --auth m2m`.
    auth_env::m2m(&env::var)?;
    let typed = env::var(ACCOUNT_ENV).unwrap_or_default();
    let account =
        AccountId::parse(&typed).map_err(|e| CliError::usage(format!("{ACCOUNT_ENV}: {e}")))?;
    let apis = parse_save_apis(options.api)?;
    if let Some(d) = options.sandbox_refreshed {
        parse_date(d).map_err(|m| CliError::usage(format!("--sandbox-refreshed: {m}")))?;
    }
    let key_file = env::var(PRIVATE_KEY_FILE_ENV).map(PathBuf::from);
    let private_key = match key_file {
        Some(_) => None,
        None => env::var(PRIVATE_KEY_ENV).map(Secret::new),
    };
    let auth = ProfileAuth::M2m(M2mFacts {
        certificate_id: env::var(CERTIFICATE_ID_ENV)
            .unwrap_or_default()
            .trim()
            .into(),
        scopes: parse_scopes(&env::var(SCOPES_ENV).unwrap_or_default()),
        key_file: key_file.clone(),
        certificate_file: env::var(CERTIFICATE_FILE_ENV).map(PathBuf::from),
    });
    let secrets = ProfileSecrets::M2m(M2mSecrets {
        client_id: Secret::new(env::var(CLIENT_ID_ENV).unwrap_or_default().trim().into()),
        private_key,
        certificate: None,
    });
    let outcome = store
        .save_merged_kind(name, &account.realm(), auth, &secrets, |p| {
            if let Some(n) = options.notes {
                p.notes = n.to_string();
            }
            if !apis.is_empty() {
                p.apis = apis;
            }
            if let Some(d) = options.sandbox_refreshed {
                p.sandbox_refreshed = Some(d.trim().to_string());
            }
        })
        .map_err(failure)?;
    let _ = store.set_last_used(name);
    let place = match store.secret_store_of(name).map_err(failure)? {
        SecretStoreKind::Keyring => "the OS keychain".to_string(),
        SecretStoreKind::File => store.secrets_path().display().to_string(),
    };
    let key = match store.get(name).ok().and_then(|p| p.auth.m2m().cloned()) {
        Some(M2mFacts {
            key_file: Some(f), ..
        }) => format!(
            "client id in {place}; the private key stays in {}",
            f.display()
        ),
        _ => format!("client id and private key in {place}"),
    };
    out!(
        "Saved OAuth 2.0 M2M profile {name:?}: {} ({}); {key}.",
        account.realm(),
        account.environment().label()
    );
    if let Some(w) = outcome.warning {
        err!("nstba: warning: {w}");
    }
    Ok(())
}

/// The ENVIRONMENT cell of `nstba profile list`: the kind is added for OAuth 2.0 profiles only
/// (TBA rows stay as they were).
pub fn environment_cell(p: &Profile) -> String {
    match p.kind() {
        AuthKind::Tba => p.environment.clone(),
        kind => format!("{} ({kind})", p.environment),
    }
}

/// The kind's rows of `nstba profile show` for an OAuth 2.0 profile.
pub fn show_secrets(store: &ProfileStore, p: &Profile, row: &dyn Fn(&str, &str)) {
    row("Auth", profile::kind_label(p.kind()));
    match &p.auth {
        ProfileAuth::M2m(f) => {
            row("Certificate ID", &f.certificate_id);
            row("Scopes", &f.scopes.join(", "));
            if let Some(c) = &f.certificate_file {
                row("Certificate", &c.display().to_string());
            }
        }
        ProfileAuth::Authcode(f) => {
            row("Scopes", &f.scopes.join(", "));
            row("Redirect URI", &f.redirect_uri);
            let sent = |v: &Option<String>| v.clone().unwrap_or_else(|| "not sent".into());
            row("Company", &sent(&f.company));
            row("Role", &sent(&f.role));
            row("Entity", &sent(&f.entity));
            if let Some(h) = f.validity_hours {
                let window = f
                    .rotation_hours
                    .map(|w| format!(", rotation window {w} h"))
                    .unwrap_or_default();
                row("Token validity", &format!("{h} h{window}"));
            }
        }
        ProfileAuth::Tba => {}
    }
    let secrets = match store.load_secrets(&p.name) {
        Ok(s) => s,
        Err(e) => return row("Credentials", &format!("not readable: {e}")),
    };
    let ident = |s: &Secret| format!("{} ({} characters)", s.last4(), s.char_len());
    let set = |s: &Secret| format!("set ({} characters)", s.char_len());
    match (&p.auth, &secrets) {
        (ProfileAuth::M2m(f), ProfileSecrets::M2m(s)) => {
            row("Client ID", &ident(&s.client_id));
            match (&f.key_file, &s.private_key) {
                (Some(path), _) => row(
                    "Private key",
                    &format!("file {} ({})", path.display(), file_mode(path)),
                ),
                (None, Some(k)) => row("Private key", &format!("stored, {}", set(k))),
                (None, None) => row("Private key", "missing"),
            }
            if f.certificate_file.is_none() && s.certificate.is_some() {
                row("Certificate", "stored beside the key");
            }
        }
        (ProfileAuth::Authcode(f), ProfileSecrets::Authcode(s)) => {
            row("Client ID", &ident(&s.client_id));
            row(
                "Client secret",
                &match &s.client_secret {
                    Some(c) => format!("{} (confidential client)", set(c)),
                    None => "none (public client)".into(),
                },
            );
            row("Refresh token", &set(&s.refresh_token));
            let now = now_unix();
            if let Some(t) = f.refresh_issued_unix {
                row("Token issued", &format!("{} ({})", rfc3339(t), age(now, t)));
            }
            if let Some(t) = f.refresh_expires_unix {
                row("Token expires", &rfc3339(t));
            }
        }
        _ => row("Credentials", "not of the profile's kind"),
    }
}
