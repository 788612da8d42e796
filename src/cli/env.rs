//! Credentials from a saved profile and the `NETSUITE_*` environment variables (secrets are never
//! flags: they would show in `ps` and shell history). The environment wins over a profile field by
//! field, so one value can be swapped without re-saving the profile.

use nstba::Secret;
use nstba::netsuite::Credentials;
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};
use nstba::profile::{ProfileError, ProfileStore};

use super::CliError;

/// Reads one variable, treating empty as missing.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The account id from `NETSUITE_ACCOUNT_ID`, if set.
pub fn account() -> Option<String> {
    var(ACCOUNT_ENV)
}

/// A variable that must be set (secrets are never flags); missing or not text is a usage error.
pub fn required(name: &str) -> Result<String, CliError> {
    check_text(&[name])?;
    var(name).ok_or_else(|| {
        CliError::usage(format!(
            "missing {name}: set it in the environment (secrets are never accepted as flags)"
        ))
    })
}

/// Refuses a set variable whose bytes are not UTF-8 (a mangled paste) instead of calling it
/// missing, which would send the user looking for the wrong problem.
pub fn check_text(names: &[&str]) -> Result<(), CliError> {
    for name in names {
        if let Some(v) = std::env::var_os(name)
            && v.to_str().is_none()
        {
            return Err(CliError::usage(format!(
                "{name} is set but is not valid text (bytes that are not UTF-8); set it again, \
                 copying the value exactly as NetSuite shows it"
            )));
        }
    }
    Ok(())
}

/// [`check_text`] for the account id and the four credentials.
pub fn check_credential_text() -> Result<(), CliError> {
    check_text(&[ACCOUNT_ENV])?;
    check_text(&FIELDS.map(|(_, name)| name))
}

/// The four credentials from the environment; a missing one is a usage error naming the variable.
pub fn credentials() -> Result<Credentials, CliError> {
    check_credential_text()?;
    credentials_from(None, &var)
}

fn missing_message(missing: &[String]) -> String {
    format!(
        "missing credential: set {} in the environment (secrets are never accepted as flags)",
        missing.join(", ")
    )
}

/// The account (as typed) and credentials for `test`/`report`: from the profile NAME when given,
/// with each non-empty `NETSUITE_*` variable overriding its field; else from the environment only.
pub fn resolve(profile: Option<&str>) -> Result<(String, Credentials), CliError> {
    check_credential_text()?;
    match profile {
        Some(name) => {
            let store = ProfileStore::open_default().map_err(|e| CliError::usage(e.to_string()))?;
            resolve_with(Some((name, &store)), &var)
        }
        None => resolve_with(None, &var),
    }
}

/// [`resolve`] with the store and the variable lookup passed in (tests use a temporary store and a
/// map instead of the process environment).
pub fn resolve_with(
    profile: Option<(&str, &ProfileStore)>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Credentials), CliError> {
    let Some((name, store)) = profile else {
        return env_only(lookup);
    };
    let saved = store.get(name).map_err(|e| profile_failure(name, e))?;
    let creds = match store.load_credentials(name) {
        Ok(c) => c,
        // Unreadable stored secrets do not matter when the environment supplies all four.
        Err(e) => match credentials_from(None, lookup) {
            Ok(c) => c,
            Err(_) => return Err(profile_failure(name, e)),
        },
    };
    from_lookup(Some((saved.account, creds)), lookup)
}

fn profile_failure(name: &str, e: ProfileError) -> CliError {
    match e {
        ProfileError::NotFound(_) => CliError::usage(format!(
            "no profile named {name:?}; `nstba profile list` shows the saved ones"
        )),
        other => CliError::usage(format!("profile {name:?}: {other}")),
    }
}

fn env_only(lookup: &dyn Fn(&str) -> Option<String>) -> Result<(String, Credentials), CliError> {
    from_lookup(None, lookup)
}

/// Starts from the profile's values (if any) and lets each set variable replace its field; every
/// field must end up non-empty.
fn from_lookup(
    base: Option<(String, Credentials)>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Credentials), CliError> {
    let (base_account, base_creds) = match base {
        Some((a, c)) => (Some(a), Some(c)),
        None => (None, None),
    };
    let account = lookup(ACCOUNT_ENV)
        .or(base_account.filter(|a| !a.is_empty()))
        .ok_or_else(|| {
            CliError::usage(format!(
                "missing {ACCOUNT_ENV}: set it to your account id (e.g. 1234567 or 1234567_SB1; \
                 Setup > Company > Company Information > Account ID)"
            ))
        })?;
    Ok((account, credentials_from(base_creds.as_ref(), lookup)?))
}

/// The four values: each set variable wins, else the saved value; all must end up non-empty.
fn credentials_from(
    base: Option<&Credentials>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Credentials, CliError> {
    let empty = Credentials::default();
    let saved = base.unwrap_or(&empty).fields();
    let mut values: Vec<Secret> = Vec::with_capacity(4);
    let mut missing = Vec::new();
    for ((label, name), saved) in FIELDS.iter().zip(saved) {
        match lookup(name) {
            Some(v) => values.push(Secret::new(v)),
            None if !saved.is_empty() => values.push(saved.clone()),
            None => {
                missing.push(format!("{name} ({label})"));
                values.push(Secret::default());
            }
        }
    }
    if !missing.is_empty() {
        let mut message = missing_message(&missing);
        if base.is_some() {
            message.push_str("; the profile has no value for it either");
        }
        return Err(CliError::usage(message));
    }
    let mut it = values.into_iter();
    Ok(Credentials {
        consumer_key: it.next().unwrap_or_default(),
        consumer_secret: it.next().unwrap_or_default(),
        token_id: it.next().unwrap_or_default(),
        token_secret: it.next().unwrap_or_default(),
    })
}

/// Removes spaces and line breaks pasted around the four values, saying so on stderr (naming the
/// field and its variable, never the value). Shared by `sign` and `profile save`.
pub fn trimmed(c: Credentials) -> Credentials {
    let fix = |i: usize, s: &Secret| {
        let t = s.expose().trim();
        if t.len() != s.expose().len() {
            let (label, var) = FIELDS[i];
            err!("nstba: note: removed spaces or line breaks around the {label} ({var})");
        }
        Secret::new(t.to_string())
    };
    Credentials {
        consumer_key: fix(0, &c.consumer_key),
        consumer_secret: fix(1, &c.consumer_secret),
        token_id: fix(2, &c.token_id),
        token_secret: fix(3, &c.token_secret),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use nstba::profile::{Profile, SecretStoreKind};

    use super::*;

    fn store_with_profile() -> (tempfile::TempDir, ProfileStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::open(dir.path().to_path_buf())
            .unwrap()
            .with_secret_store(SecretStoreKind::File);
        store
            .save(
                &Profile::new("acme", "1234567_SB1"),
                &Credentials::new("p-ck", "p-cs", "p-tk", "p-ts"),
            )
            .unwrap();
        (dir, store)
    }

    fn lookup(map: HashMap<&'static str, &'static str>) -> impl Fn(&str) -> Option<String> {
        move |k| map.get(k).map(|v| v.to_string())
    }

    #[test]
    fn profile_alone_resolves_from_a_clean_environment() {
        let (_d, store) = store_with_profile();
        let (account, c) = resolve_with(Some(("acme", &store)), &lookup(HashMap::new())).unwrap();
        assert_eq!(account, "1234567_SB1");
        assert_eq!(c, Credentials::new("p-ck", "p-cs", "p-tk", "p-ts"));
    }

    #[test]
    fn each_variable_overrides_its_field_only() {
        let (_d, store) = store_with_profile();
        let fields = [
            ACCOUNT_ENV,
            "NETSUITE_CONSUMER_KEY",
            "NETSUITE_CONSUMER_SECRET",
            "NETSUITE_TOKEN_ID",
            "NETSUITE_TOKEN_SECRET",
        ];
        for (i, name) in fields.iter().enumerate() {
            let env = lookup(HashMap::from([(*name, "from-env")]));
            let (account, c) = resolve_with(Some(("acme", &store)), &env).unwrap();
            let got = [
                account.as_str(),
                c.consumer_key.expose(),
                c.consumer_secret.expose(),
                c.token_id.expose(),
                c.token_secret.expose(),
            ];
            let saved = ["1234567_SB1", "p-ck", "p-cs", "p-tk", "p-ts"];
            for j in 0..5 {
                let want = if i == j { "from-env" } else { saved[j] };
                assert_eq!(got[j], want, "override {name}, field {j}");
            }
        }
    }

    #[test]
    fn missing_stored_secrets_are_fine_when_the_environment_has_all_four() {
        let (dir, store) = store_with_profile();
        std::fs::remove_file(dir.path().join("secrets.toml")).unwrap();
        let f = resolve_with(Some(("acme", &store)), &lookup(HashMap::new())).unwrap_err();
        assert!(f.to_string().contains("missing"), "{}", f.to_string());
        let env = lookup(HashMap::from([
            ("NETSUITE_CONSUMER_KEY", "e-ck"),
            ("NETSUITE_CONSUMER_SECRET", "e-cs"),
            ("NETSUITE_TOKEN_ID", "e-tk"),
            ("NETSUITE_TOKEN_SECRET", "e-ts"),
        ]));
        let (account, c) = resolve_with(Some(("acme", &store)), &env).unwrap();
        assert_eq!(account, "1234567_SB1");
        assert_eq!(c.token_secret.expose(), "e-ts");
    }

    #[test]
    fn unknown_profile_is_a_usage_error_pointing_at_list() {
        let (_d, store) = store_with_profile();
        let f = resolve_with(Some(("nope", &store)), &lookup(HashMap::new())).unwrap_err();
        assert_eq!(f.exit_code(), 2);
        assert!(f.to_string().contains("no profile named \"nope\""));
        assert!(f.to_string().contains("nstba profile list"));
    }

    #[test]
    fn environment_only_needs_all_five() {
        let env = lookup(HashMap::from([
            (ACCOUNT_ENV, "1234567"),
            ("NETSUITE_CONSUMER_KEY", "a"),
            ("NETSUITE_TOKEN_ID", "c"),
        ]));
        let f = resolve_with(None, &env).unwrap_err();
        assert!(f.to_string().contains("NETSUITE_CONSUMER_SECRET"));
        assert!(f.to_string().contains("NETSUITE_TOKEN_SECRET"));
        assert!(!f.to_string().contains("NETSUITE_TOKEN_ID"));
        let f = resolve_with(None, &lookup(HashMap::new())).unwrap_err();
        assert!(f.to_string().contains(ACCOUNT_ENV));
    }
}
