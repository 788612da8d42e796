//! `--auth tba|m2m|authcode` and the environment of an OAuth 2.0 client-credentials (M2M) run:
//! `NETSUITE_CLIENT_ID`, `NETSUITE_CERTIFICATE_ID`, `NETSUITE_PRIVATE_KEY_FILE` or
//! `NETSUITE_PRIVATE_KEY`, `NETSUITE_SCOPES`, `NETSUITE_CERTIFICATE_FILE`. Without `--auth` the
//! kind is the one whose variables are set; both kinds set is a usage error naming `--auth`.
//! With `--profile`, the profile's kind is used; `--auth` naming another kind is a usage error.
//! An M2M profile's values can be replaced one by one by the same variables (environment wins).

use std::path::{Path, PathBuf};

use nstba::Secret;
use nstba::check::AuthKind;
use nstba::check::auth::Credentials;
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};
use nstba::netsuite::oauth2::M2mCredentials;
use nstba::netsuite::oauth2::credentials::{
    CERTIFICATE_FILE_ENV, CERTIFICATE_ID_ENV, CLIENT_ID_ENV, M2M_ENV, PRIVATE_KEY_ENV,
    PRIVATE_KEY_FILE_ENV, SCOPES_ENV, parse_scopes,
};

use super::CliError;

/// Largest key or certificate file read (a PEM key is a few KiB).
const MAX_FILE: u64 = 64 * 1024;

/// Parses `--auth`.
pub fn parse_auth(raw: Option<&str>) -> Result<Option<AuthKind>, CliError> {
    raw.map(|r| {
        r.parse::<AuthKind>().map_err(|_| {
            CliError::usage(format!(
                "--auth {:?}: expected tba, m2m or authcode",
                r.chars().take(20).collect::<String>()
            ))
        })
    })
    .transpose()
}

/// The kind to test: `--auth`, else the profile's kind, else the kind whose variables are set.
/// `profile` is the profile's name and kind (`None` for the kind when it cannot be read: the
/// loading that follows reports why). `--auth` naming another kind than the profile's is a usage
/// error.
pub fn choose(
    auth: Option<AuthKind>,
    profile: Option<(&str, Option<AuthKind>)>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<AuthKind, CliError> {
    match (auth, profile) {
        (Some(a), Some((name, Some(have)))) if a != have => {
            return Err(CliError::usage(format!(
                "--auth {a}: profile {name:?} holds {} credentials; drop --auth, or use --auth {have}",
                nstba::profile::kind_label(have),
                a = a.as_str(),
                have = have.as_str()
            )));
        }
        (Some(a), _) => return Ok(a),
        (None, Some((_, kind))) => return Ok(kind.unwrap_or(AuthKind::Tba)),
        (None, None) => {}
    }
    let tba = FIELDS.iter().any(|(_, v)| lookup(v).is_some());
    let m2m = M2M_ENV[..4].iter().any(|v| lookup(v).is_some());
    match (tba, m2m) {
        (true, true) => Err(CliError::usage(
            "both TBA (NETSUITE_CONSUMER_KEY…) and OAuth 2.0 M2M (NETSUITE_CLIENT_ID…) variables are \
             set: choose one with --auth tba or --auth m2m",
        )),
        (false, true) => Ok(AuthKind::M2m),
        _ => Ok(AuthKind::Tba),
    }
}

/// The kind of the saved profile `name`, when it can be read.
pub fn profile_kind(name: &str) -> Option<AuthKind> {
    let store = nstba::profile::ProfileStore::open_default().ok()?;
    store.get(name).ok().map(|p| p.kind())
}

/// The account and credentials of a run of `kind` that is not TBA: from the profile `name` when
/// given (each set variable replacing its value), else from the environment.
pub fn oauth2(
    kind: AuthKind,
    profile: Option<&str>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Credentials), CliError> {
    match (kind, profile) {
        (AuthKind::M2m, None) => m2m(lookup),
        (AuthKind::M2m, Some(name)) => {
            let store = nstba::profile::ProfileStore::open_default()
                .map_err(|e| CliError::usage(e.to_string()))?;
            m2m_profile(&store, name, lookup)
        }
        _ => Err(CliError::usage(
            "--auth authcode: not supported by `nstba test` yet; use --auth tba or m2m",
        )),
    }
}

/// An M2M profile's account and credentials, each set `NETSUITE_*` variable winning over the
/// saved value (as for TBA).
pub fn m2m_profile(
    store: &nstba::profile::ProfileStore,
    name: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Credentials), CliError> {
    let (profile, mut c) = store.load_m2m(name).map_err(|e| match e {
        nstba::profile::ProfileError::NotFound(_) => CliError::usage(format!(
            "no profile named {name:?}; `nstba profile list` shows the saved ones"
        )),
        other => CliError::usage(format!("profile {name:?}: {other}")),
    })?;
    if let Some(v) = lookup(CLIENT_ID_ENV) {
        c.client_id = Secret::new(v);
    }
    if let Some(v) = lookup(CERTIFICATE_ID_ENV) {
        c.certificate_id = v;
    }
    if let Some(v) = lookup(SCOPES_ENV) {
        c.scopes = parse_scopes(&v);
    }
    if let Some(path) = lookup(PRIVATE_KEY_FILE_ENV) {
        let path = PathBuf::from(path);
        c.private_key = read_key(&path)?;
        c.key_file = Some(path);
    } else if let Some(v) = lookup(PRIVATE_KEY_ENV) {
        c.private_key = Secret::new(v);
        c.key_file = None;
    }
    if let Some(p) = lookup(CERTIFICATE_FILE_ENV) {
        c.certificate = Some(read_file(Path::new(&p), CERTIFICATE_FILE_ENV)?);
    }
    let account = lookup(ACCOUNT_ENV).unwrap_or(profile.account);
    Ok((account, Credentials::M2m(c)))
}

/// The account and M2M credentials from the environment (`lookup`).
pub fn m2m(lookup: &dyn Fn(&str) -> Option<String>) -> Result<(String, Credentials), CliError> {
    let mut missing: Vec<&str> = [ACCOUNT_ENV, CLIENT_ID_ENV, CERTIFICATE_ID_ENV]
        .into_iter()
        .filter(|v| lookup(v).is_none())
        .collect();
    let key_file = lookup(PRIVATE_KEY_FILE_ENV);
    let key_text = lookup(PRIVATE_KEY_ENV);
    if key_file.is_some() && key_text.is_some() {
        return Err(CliError::usage(format!(
            "both {PRIVATE_KEY_FILE_ENV} and {PRIVATE_KEY_ENV} are set: keep one"
        )));
    }
    if key_file.is_none() && key_text.is_none() {
        missing.push("NETSUITE_PRIVATE_KEY_FILE (or NETSUITE_PRIVATE_KEY)");
    }
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "missing for --auth m2m: set {} in the environment (secrets are never accepted as flags)",
            missing.join(", ")
        )));
    }
    let (private_key, key_path) = match key_file {
        Some(path) => {
            let path = PathBuf::from(path);
            (read_key(&path)?, Some(path))
        }
        None => (Secret::new(key_text.unwrap_or_default()), None),
    };
    let certificate = lookup(CERTIFICATE_FILE_ENV)
        .map(|p| read_file(Path::new(&p), CERTIFICATE_FILE_ENV))
        .transpose()?;
    let credentials = M2mCredentials {
        client_id: Secret::new(lookup(CLIENT_ID_ENV).unwrap_or_default()),
        certificate_id: lookup(CERTIFICATE_ID_ENV).unwrap_or_default(),
        private_key,
        key_file: key_path,
        scopes: parse_scopes(&lookup(SCOPES_ENV).unwrap_or_default()),
        certificate,
    };
    let account = lookup(ACCOUNT_ENV).unwrap_or_default();
    Ok((account, Credentials::M2m(credentials)))
}

/// Reads the key file (size capped), noting on stderr when others may read it.
pub fn read_key(path: &Path) -> Result<Secret, CliError> {
    let bytes = read_file(path, PRIVATE_KEY_FILE_ENV)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::usage(format!(
            "{PRIVATE_KEY_FILE_ENV}: {} is not a PEM text file (expected -----BEGIN PRIVATE KEY-----)",
            path.display()
        ))
    })?;
    if let Some(mode) = loose_mode(path) {
        err!(
            "nstba: warning: the private key {} has mode {mode:o}: others may read it; \
             `chmod 600` it",
            path.display()
        );
    }
    Ok(Secret::new(text))
}

/// The file's permission bits when group or others may read it (Unix).
fn loose_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Reads a PEM file named by `var` (size capped); errors name the variable and the file.
pub fn read_file(path: &Path, var: &str) -> Result<Vec<u8>, CliError> {
    let fail =
        |why: String| CliError::usage(format!("{var}: cannot read {}: {why}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(fail(format!(
            "expected a PEM file of at most {} KiB",
            MAX_FILE / 1024
        )));
    }
    std::fs::read(path).map_err(|e| fail(e.to_string()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn lookup(map: HashMap<&'static str, &'static str>) -> impl Fn(&str) -> Option<String> {
        move |k| map.get(k).map(|v| v.to_string())
    }

    #[test]
    fn both_kinds_set_names_auth() {
        let env = lookup(HashMap::from([
            ("NETSUITE_CONSUMER_KEY", "a"),
            ("NETSUITE_CLIENT_ID", "b"),
        ]));
        let f = choose(None, None, &env).unwrap_err();
        let tba = Some(("acme", Some(AuthKind::Tba)));
        let f2 = choose(Some(AuthKind::M2m), tba, &env)
            .unwrap_err()
            .to_string();
        assert!(
            f2.contains("profile \"acme\" holds TBA") && f2.contains("--auth tba"),
            "{f2}"
        );
        assert_eq!(choose(None, tba, &env).unwrap(), AuthKind::Tba);
        let m2m_profile = Some(("acme", Some(AuthKind::M2m)));
        assert_eq!(choose(None, m2m_profile, &env).unwrap(), AuthKind::M2m);
        assert_eq!(
            choose(None, Some(("gone", None)), &env).unwrap(),
            AuthKind::Tba
        );
        assert!(f.to_string().contains("--auth"), "{}", f.to_string());
        assert_eq!(
            choose(Some(AuthKind::M2m), None, &env).unwrap(),
            AuthKind::M2m
        );
        let m2m = lookup(HashMap::from([("NETSUITE_CERTIFICATE_ID", "b")]));
        assert_eq!(choose(None, None, &m2m).unwrap(), AuthKind::M2m);
        assert_eq!(
            choose(None, None, &lookup(HashMap::new())).unwrap(),
            AuthKind::Tba
        );
        assert!(parse_auth(Some("oauth")).is_err());
        assert_eq!(parse_auth(Some("M2M")).unwrap(), Some(AuthKind::M2m));
    }

    #[test]
    fn m2m_needs_every_value_and_one_key_source() {
        let f = m2m(&lookup(HashMap::from([("NETSUITE_CLIENT_ID", "c")]))).unwrap_err();
        assert!(
            f.to_string().contains("NETSUITE_CERTIFICATE_ID"),
            "{}",
            f.to_string()
        );
        assert!(
            f.to_string().contains("NETSUITE_PRIVATE_KEY_FILE"),
            "{}",
            f.to_string()
        );
        let env = lookup(HashMap::from([
            ("NETSUITE_ACCOUNT_ID", "1234567"),
            ("NETSUITE_CLIENT_ID", "c"),
            ("NETSUITE_CERTIFICATE_ID", "-kid"),
            ("NETSUITE_PRIVATE_KEY", "pem"),
            ("NETSUITE_PRIVATE_KEY_FILE", "/nonexistent"),
        ]));
        assert!(m2m(&env).unwrap_err().to_string().contains("keep one"));
    }
}
