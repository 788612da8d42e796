//! `nstba profile list|show|remove|save`: saved profiles from the command line. Nothing here
//! prints a secret: credentials appear as their last 4 characters only.

use nstba::check::Api;
use nstba::netsuite::AccountId;
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};
use nstba::profile::clock::{age, now_unix, parse_date, rfc3339};
use nstba::profile::{self, Profile, ProfileError, ProfileStore, SecretStoreKind};

use super::{CliError, ProfileCommand, env};

/// Runs `nstba profile …`.
pub fn run(cmd: &ProfileCommand) -> Result<(), CliError> {
    let store = ProfileStore::open_default().map_err(failure)?;
    match cmd {
        ProfileCommand::List => list(&store),
        ProfileCommand::Show { name } => show(&store, name),
        ProfileCommand::Remove { name } => remove(&store, name),
        ProfileCommand::Save {
            name,
            auth,
            notes,
            api,
            sandbox_refreshed,
        } => {
            let options = SaveOptions {
                notes: notes.as_deref(),
                api,
                sandbox_refreshed: sandbox_refreshed.as_deref(),
            };
            match super::profile_oauth2::kind_to_save(auth.as_deref())? {
                nstba::check::AuthKind::Tba => save(
                    &store,
                    name,
                    options.notes,
                    options.api,
                    options.sandbox_refreshed,
                ),
                kind => super::profile_oauth2::save(&store, name, kind, &options),
            }
        }
    }
}

/// The options of `nstba profile save` every kind shares.
pub(super) struct SaveOptions<'a> {
    pub notes: Option<&'a str>,
    pub api: &'a [String],
    pub sandbox_refreshed: Option<&'a str>,
}

/// Store errors: what the user can fix (names, values, files, the keychain setup) is a usage error
/// (2); a failing disk is 3.
pub(super) fn failure(e: ProfileError) -> CliError {
    match e {
        // A dangling link, a config "directory" that is a file, a read-only directory: the
        // user's configuration to fix (exit 2), not a fault in nstba.
        ProfileError::Io { .. } => CliError::usage(format!(
            "{e} (check the configuration directory, or point {} at another one)",
            nstba::profile::store::CONFIG_DIR_ENV
        )),
        ProfileError::NotFound(name) => CliError::usage(format!(
            "no profile named {name:?}; `nstba profile list` shows the saved ones"
        )),
        other => CliError::usage(other.to_string()),
    }
}

fn list(store: &ProfileStore) -> Result<(), CliError> {
    let profiles = store.list().map_err(failure)?;
    if profiles.is_empty() {
        out!(
            "No saved profiles. Save one with `nstba profile save NAME` (it reads the NETSUITE_* \
             variables) or from the wizard (`nstba`)."
        );
        return Ok(());
    }
    let last = store.last_used();
    let now = now_unix();
    let rows: Vec<[String; 4]> = profiles
        .iter()
        .map(|p| {
            let marker = if last.as_deref() == Some(p.name.as_str()) {
                "*"
            } else {
                " "
            };
            [
                format!("{marker} {}", p.name),
                p.account.clone(),
                super::profile_oauth2::environment_cell(p),
                last_test_line(p, now),
            ]
        })
        .collect();
    let header = [
        "  NAME".to_string(),
        "ACCOUNT".into(),
        "ENVIRONMENT".into(),
        "LAST TEST".into(),
    ];
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        out!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    }
    if last.is_some() {
        out!("\n* last used");
    }
    Ok(())
}

/// "ok, 2 days ago" / "failed (invalid-login), 3 h ago" / "never tested".
fn last_test_line(p: &Profile, now: i64) -> String {
    match &p.last_test {
        None => "never tested".into(),
        Some(t) if t.ok => format!("ok, {}", age(now, t.at_unix)),
        Some(t) => match &t.first_code {
            Some(c) => format!("failed ({c}), {}", age(now, t.at_unix)),
            None => format!("failed, {}", age(now, t.at_unix)),
        },
    }
}

fn show(store: &ProfileStore, name: &str) -> Result<(), CliError> {
    let p = store.get(name).map_err(failure)?;
    let now = now_unix();
    let row = |k: &str, v: &str| out!("{k:<18} {v}");
    row("Profile", &p.name);
    match AccountId::parse(&p.account) {
        Ok(a) => {
            row(
                "Account",
                &format!("{} ({})", a.realm(), a.environment().label()),
            );
            row("REST/SOAP host", &a.rest_base());
            row("RESTlet host", &a.restlet_base());
            row("UI host", &a.app_base());
        }
        Err(_) => row("Account", &p.account),
    }
    let apis: Vec<&str> = p.apis.iter().map(Api::name).collect();
    row("Interfaces", &apis.join(", "));
    if !p.notes.is_empty() {
        row("Notes", &p.notes);
    }
    if let Some(t) = p.saved_at_unix {
        row("Saved", &format!("{} ({})", rfc3339(t), age(now, t)));
    }
    match &p.last_test {
        Some(t) => row(
            "Last test",
            &format!(
                "{}: {} — {} ({})",
                match (&t.first_code, t.ok) {
                    (_, true) => "passed".to_string(),
                    (Some(c), false) => format!("failed ({c})"),
                    (None, false) => "failed".to_string(),
                },
                t.summary,
                rfc3339(t.at_unix),
                age(now, t.at_unix)
            ),
        ),
        None => row("Last test", "never tested"),
    }
    if let Some(t) = p.last_ok_unix
        && p.last_test.as_ref().is_some_and(|l| !l.ok)
    {
        row("Last passed", &format!("{} ({})", rfc3339(t), age(now, t)));
    }
    if let Some(d) = &p.sandbox_refreshed {
        row("Sandbox refreshed", d);
    }
    let kind = store.secret_store_of(name).map_err(failure)?;
    row(
        "Secrets stored in",
        &match kind {
            SecretStoreKind::Keyring => format!(
                "the OS keychain (service {:?}, entry {name:?})",
                profile::secrets::KEYRING_SERVICE
            ),
            SecretStoreKind::File => {
                let path = store.secrets_path();
                format!("{} ({})", path.display(), file_mode(&path))
            }
        },
    );
    if p.kind() != nstba::check::AuthKind::Tba {
        super::profile_oauth2::show_secrets(store, &p, &row);
    } else {
        show_tba_secrets(store, name, &row);
    }
    let warnings = nstba::report::warnings(&p, None);
    if !warnings.is_empty() {
        out!("\nWarnings:");
        for w in warnings {
            out!("  ! {w}");
        }
    }
    Ok(())
}

fn show_tba_secrets(store: &ProfileStore, name: &str, row: &dyn Fn(&str, &str)) {
    match store.load_credentials(name) {
        Ok(c) => {
            let signing = c.signing_secrets();
            for (secret, (label, _)) in c.fields().iter().zip(FIELDS) {
                // The key and token id are identifiers: their last 4 help tell tokens apart. The two
                // signing secrets show only that they are set.
                let shown = if signing.iter().any(|s| std::ptr::eq(*s, *secret)) {
                    format!("set ({} characters)", secret.char_len())
                } else {
                    format!("{} ({} characters)", secret.last4(), secret.char_len())
                };
                row(&capitalize(label), &shown);
            }
        }
        Err(e) => row("Credentials", &format!("not readable: {e}")),
    }
}

fn remove(store: &ProfileStore, name: &str) -> Result<(), CliError> {
    let existed = store.get(name).is_ok();
    let outcome = store.remove(name).map_err(failure)?;
    match (&outcome.warning, existed) {
        (None, _) => out!("Removed profile {name:?} and its stored credentials."),
        (Some(_), true) => out!(
            "Removed profile {name:?}; its stored credentials could NOT all be deleted (see the warning)."
        ),
        (Some(_), false) => out!("Removed the credentials left under {name:?}."),
    }
    if let Some(w) = outcome.warning {
        err!("nstba: warning: {w}");
    }
    Ok(())
}

/// Checks `--api` (shared by every kind's save).
pub(super) fn parse_save_apis(api: &[String]) -> Result<Vec<Api>, CliError> {
    let mut apis = Vec::new();
    for item in api.iter().filter(|i| !i.trim().is_empty()) {
        let a = Api::parse(item).ok_or_else(|| {
            CliError::usage(format!(
                "--api: {item:?} is not an interface; expected rest, soap or restlet (comma-separated)"
            ))
        })?;
        if !apis.contains(&a) {
            apis.push(a);
        }
    }
    Ok(apis)
}

fn save(
    store: &ProfileStore,
    name: &str,
    notes: Option<&str>,
    api: &[String],
    sandbox_refreshed: Option<&str>,
) -> Result<(), CliError> {
    profile::validate_name(name).map_err(failure)?;
    env::check_credential_text()?;
    let typed = env::account().ok_or_else(|| {
        CliError::usage(format!(
            "missing {ACCOUNT_ENV}: set it to the account id (e.g. 1234567 or 1234567_SB1; \
             Setup > Company > Company Information > Account ID)"
        ))
    })?;
    let account =
        AccountId::parse(&typed).map_err(|e| CliError::usage(format!("{ACCOUNT_ENV}: {e}")))?;
    let creds = env::trimmed(&env::credentials()?);
    let apis = parse_save_apis(api)?;
    if let Some(d) = sandbox_refreshed {
        parse_date(d).map_err(|m| CliError::usage(format!("--sandbox-refreshed: {m}")))?;
    }

    // Re-saving keeps what the options do not change.
    let outcome = store
        .save_merged(name, &account.realm(), &creds, |p| {
            if let Some(n) = notes {
                p.notes = n.to_string();
            }
            if !apis.is_empty() {
                p.apis = apis;
            }
            if let Some(d) = sandbox_refreshed {
                p.sandbox_refreshed = Some(d.trim().to_string());
            }
        })
        .map_err(failure)?;
    // Remembering the last used profile is a convenience: failing to is not worth an error.
    let _ = store.set_last_used(name);
    let kind = store.secret_store_of(name).map_err(failure)?;
    let place = match kind {
        SecretStoreKind::Keyring => "the OS keychain".to_string(),
        SecretStoreKind::File => store.secrets_path().display().to_string(),
    };
    out!(
        "Saved profile {name:?}: {} ({}); credentials in {place}.",
        account.realm(),
        account.environment().label()
    );
    if let Some(w) = outcome.warning {
        err!("nstba: warning: {w}");
    }
    Ok(())
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The file's actual permission bits (`mode 0600`), read from disk rather than assumed.
pub(super) fn file_mode(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(m) => format!("mode {:04o}", m.permissions().mode() & 0o7777),
            Err(_) => "not created yet".into(),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        "permissions managed by the OS".into()
    }
}
