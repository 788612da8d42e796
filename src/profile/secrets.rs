//! Where a profile's secrets (the four TBA values, or an OAuth 2.0 kind's client id, private key,
//! client secret, refresh token: see [`super::kind`]) are kept: the OS keychain (one entry per profile, service `nstba`)
//! when one answers, else `secrets.toml` (mode 0600) beside the profiles. Nothing here ever puts a
//! secret into an error message.
//!
//! Keychain calls run on their own thread with a time limit: on Linux the keychain is a D-Bus
//! service, and a hung or absent session bus must not freeze the program.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::error::{ProfileError, Result};
use super::files;
use super::kind::{AuthcodeSecrets, M2mSecrets, ProfileSecrets};
use crate::check::AuthKind;
use crate::netsuite::Credentials;
use crate::secret::Secret;

/// Keychain service name under which every profile's entry is stored.
pub const KEYRING_SERVICE: &str = "nstba";

/// Longest wait for any keychain call.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// First lines of `secrets.toml`, so whoever opens it knows what it is.
const SECRETS_HEADER: &str = "# nstba secret store: the credentials of each profile.\n\
# Used because no OS keychain was usable. Keep this file private (mode 0600); never share it.\n\n";

/// A profile's secrets as stored (keychain JSON or one `secrets.toml` table), every kind in one
/// shape: the TBA fields are always written (empty for other kinds) so older versions still read
/// the file; the OAuth 2.0 fields only when set. Wiped on drop.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct StoredCredentials {
    // Required, as before OAuth 2.0 (a table missing one is a damaged file); other kinds write
    // them empty.
    consumer_key: String,
    consumer_secret: String,
    token_id: String,
    token_secret: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    client_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    private_key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    certificate: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    client_secret: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    refresh_token: String,
}

impl Drop for StoredCredentials {
    fn drop(&mut self) {
        for f in [
            &mut self.consumer_key,
            &mut self.consumer_secret,
            &mut self.token_id,
            &mut self.token_secret,
            &mut self.client_id,
            &mut self.private_key,
            &mut self.certificate,
            &mut self.client_secret,
            &mut self.refresh_token,
        ] {
            f.zeroize();
        }
    }
}

impl StoredCredentials {
    fn from_secrets(s: &ProfileSecrets) -> Self {
        let own = |s: &Secret| s.expose().to_string();
        let opt = |s: &Option<Secret>| s.as_ref().map(own).unwrap_or_default();
        // Filled field by field: a type with `Drop` cannot be built with `..Default::default()`.
        let mut out = StoredCredentials::default();
        match s {
            ProfileSecrets::Tba(c) => {
                out.consumer_key = own(&c.consumer_key);
                out.consumer_secret = own(&c.consumer_secret);
                out.token_id = own(&c.token_id);
                out.token_secret = own(&c.token_secret);
            }
            ProfileSecrets::M2m(m) => {
                out.client_id = own(&m.client_id);
                out.private_key = opt(&m.private_key);
                out.certificate = m.certificate.clone().unwrap_or_default();
            }
            ProfileSecrets::Authcode(a) => {
                out.client_id = own(&a.client_id);
                out.client_secret = opt(&a.client_secret);
                out.refresh_token = own(&a.refresh_token);
            }
        }
        out
    }

    fn to_credentials(&self) -> Credentials {
        Credentials {
            consumer_key: Secret::new(self.consumer_key.clone()),
            consumer_secret: Secret::new(self.consumer_secret.clone()),
            token_id: Secret::new(self.token_id.clone()),
            token_secret: Secret::new(self.token_secret.clone()),
        }
    }

    /// The secrets of a `kind` profile (fields of other kinds are ignored).
    fn to_secrets(&self, kind: AuthKind) -> ProfileSecrets {
        let opt = |v: &String| (!v.is_empty()).then(|| Secret::new(v.clone()));
        match kind {
            AuthKind::Tba => ProfileSecrets::Tba(self.to_credentials()),
            AuthKind::M2m => ProfileSecrets::M2m(M2mSecrets {
                client_id: Secret::new(self.client_id.clone()),
                private_key: opt(&self.private_key),
                certificate: (!self.certificate.is_empty()).then(|| self.certificate.clone()),
            }),
            AuthKind::Authcode => ProfileSecrets::Authcode(AuthcodeSecrets {
                client_id: Secret::new(self.client_id.clone()),
                client_secret: opt(&self.client_secret),
                refresh_token: Secret::new(self.refresh_token.clone()),
            }),
        }
    }
}

/// `secrets.toml`: one table per profile under `[profiles]`.
#[derive(Serialize, Deserialize, Default)]
struct SecretsFile {
    #[serde(default)]
    profiles: BTreeMap<String, StoredCredentials>,
}

// ---------------------------------------------------------------------------------------------
// OS keychain

/// Why a keychain call failed, typed so that callers match on the case, not on its words (as gh's
/// keyring wrapper does). The texts carry platform messages, never the stored value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// The keychain has no entry under that name.
    #[error("no entry")]
    NotFound,
    /// The call did not return within [`KEYRING_TIMEOUT`].
    #[error("it did not answer within {} s (a hung D-Bus session or a locked keychain)", KEYRING_TIMEOUT.as_secs())]
    TimedOut,
    /// Anything else, in words.
    #[error("{0}")]
    Unavailable(String),
}

/// Runs `f` on its own thread and gives up after [`KEYRING_TIMEOUT`] (the thread is abandoned: a
/// blocked D-Bus call cannot be cancelled, but it no longer holds up the program).
fn with_timeout<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, KeychainError> + Send + 'static,
) -> std::result::Result<T, KeychainError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("nstba-keychain".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| {
            KeychainError::Unavailable(format!("could not start the keychain thread: {e}"))
        })?;
    rx.recv_timeout(KEYRING_TIMEOUT)
        .unwrap_or(Err(KeychainError::TimedOut))
}

/// Keychain errors as [`KeychainError`]s.
fn describe(e: &keyring::Error) -> KeychainError {
    let words = match e {
        keyring::Error::NoEntry => return KeychainError::NotFound,
        keyring::Error::NoDefaultStore => {
            "no keychain service is running (on Linux: no Secret Service on the D-Bus session)"
                .into()
        }
        // BadEncoding/BadDataFormat carry the stored bytes: never print them.
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "the keychain entry is not in the expected format".into()
        }
        other => super::model::one_line(&other.to_string(), 200),
    };
    KeychainError::Unavailable(words)
}

/// Whether a keychain is usable here: stores, reads back and deletes a test entry, once per
/// process. `Err` says why not.
pub fn probe_keyring() -> std::result::Result<(), String> {
    static PROBE: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            with_timeout(|| {
                if let Err(e) = keyring::Entry::store_status() {
                    return Err(describe(e));
                }
                let user = format!("probe-{}", std::process::id());
                let entry =
                    keyring::Entry::new(KEYRING_SERVICE, &user).map_err(|e| describe(&e))?;
                let probe = "nstba keychain probe";
                entry.set_password(probe).map_err(|e| describe(&e))?;
                let back = entry.get_password().map_err(|e| describe(&e));
                let _ = entry.delete_credential();
                if back? == probe {
                    Ok(())
                } else {
                    Err(KeychainError::Unavailable(
                        "it returned a different value than was stored".into(),
                    ))
                }
            })
            .map_err(|e| e.to_string())
        })
        .clone()
}

/// Stores a profile's secrets in the keychain.
pub(crate) fn keyring_store(name: &str, creds: &ProfileSecrets) -> Result<()> {
    let json = Zeroizing::new(
        serde_json::to_string(&StoredCredentials::from_secrets(creds))
            .map_err(|e| ProfileError::Keychain(e.to_string()))?,
    );
    let name = name.to_string();
    with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &name).map_err(|e| describe(&e))?;
        entry.set_password(&json).map_err(|e| describe(&e))
    })
    .map_err(|e| ProfileError::Keychain(e.to_string()))
}

/// Reads a `kind` profile's secrets from the keychain.
pub(crate) fn keyring_load(name: &str, kind: AuthKind) -> Result<ProfileSecrets> {
    let owned = name.to_string();
    let json = with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &owned).map_err(|e| describe(&e))?;
        entry
            .get_password()
            .map(Zeroizing::new)
            .map_err(|e| describe(&e))
    });
    let json = match json {
        Ok(j) => j,
        Err(KeychainError::NotFound) => {
            return Err(ProfileError::SecretsMissing {
                name: name.to_string(),
                store: "the OS keychain".into(),
            });
        }
        Err(e) => return Err(ProfileError::Keychain(e.to_string())),
    };
    let stored: StoredCredentials = serde_json::from_str(&json).map_err(|_| {
        ProfileError::Keychain(format!(
            "the keychain entry {KEYRING_SERVICE}/{name} is not in the expected format"
        ))
    })?;
    Ok(stored.to_secrets(kind))
}

/// Deletes a profile's keychain entry (absent is fine).
pub(crate) fn keyring_delete(name: &str) -> Result<()> {
    let name = name.to_string();
    with_timeout(move || {
        let entry = keyring::Entry::new(KEYRING_SERVICE, &name).map_err(|e| describe(&e))?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(&e)),
        }
    })
    .map_err(|e| ProfileError::Keychain(e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// secrets.toml

/// Reads `secrets.toml`; refuses a file others can read or one that does not parse (without ever
/// quoting its content).
fn file_read(path: &Path) -> Result<SecretsFile> {
    files::check_private(path)?;
    let Some(text) = files::read_text(path)? else {
        return Ok(SecretsFile::default());
    };
    parse_file(path, &Zeroizing::new(text))
}

/// Parses the bytes of a `secrets.toml` as the file store reads it (text check, then TOML), without
/// touching the disk: profile name → credentials. Errors name `secrets.toml` and the line, and
/// never quote the content (it may hold a secret). Pure, so it can be fuzzed.
pub fn parse_secrets(bytes: &[u8]) -> Result<BTreeMap<String, Credentials>> {
    let path = Path::new(super::store::SECRETS_FILE);
    let text = Zeroizing::new(files::decode_text(path, bytes.to_vec())?);
    let file = parse_file(path, &text)?;
    Ok(file
        .profiles
        .iter()
        .map(|(name, c)| (name.clone(), c.to_credentials()))
        .collect())
}

/// `secrets.toml` text → its tables; `path` only names the file in errors.
fn parse_file(path: &Path, text: &Zeroizing<String>) -> Result<SecretsFile> {
    toml::from_str::<SecretsFile>(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        // toml's messages can quote the offending value, which here may be a secret: only
        // "missing field" messages (which quote a field name) are passed on.
        let message = if e.message().starts_with("missing field") {
            format!("{} (not a valid nstba secrets file)", e.message())
        } else {
            "not a valid nstba secrets file (the details are not shown because the line may hold a secret)"
                .to_string()
        };
        ProfileError::corrupt_at(path, text, offset, message)
    })
}

fn file_write(path: &Path, file: &SecretsFile) -> Result<()> {
    let body = Zeroizing::new(
        toml::to_string(file)
            .map_err(|e| ProfileError::io("encode", path, std::io::Error::other(e.to_string())))?,
    );
    let mut out = Zeroizing::new(String::with_capacity(SECRETS_HEADER.len() + body.len()));
    out.push_str(SECRETS_HEADER);
    out.push_str(&body);
    files::write_atomic(path, out.as_bytes())
}

/// Adds or replaces a profile's secrets in `secrets.toml`.
pub(crate) fn file_store(path: &Path, name: &str, creds: &ProfileSecrets) -> Result<()> {
    let mut file = file_read(path)?;
    file.profiles
        .insert(name.to_string(), StoredCredentials::from_secrets(creds));
    file_write(path, &file)
}

/// Checks that `secrets.toml` could be updated: private, readable and parseable (or absent).
pub(crate) fn file_check(path: &Path) -> Result<()> {
    file_read(path).map(drop)
}

/// Reads a `kind` profile's secrets from `secrets.toml`.
pub(crate) fn file_load(path: &Path, name: &str, kind: AuthKind) -> Result<ProfileSecrets> {
    let file = file_read(path)?;
    file.profiles
        .get(name)
        .map(|c| c.to_secrets(kind))
        .ok_or_else(|| ProfileError::SecretsMissing {
            name: name.to_string(),
            store: path.display().to_string(),
        })
}

/// Removes a profile's credentials from `secrets.toml` (absent is fine).
pub(crate) fn file_delete(path: &Path, name: &str) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let mut file = file_read(path)?;
    if file.profiles.remove(name).is_some() {
        file_write(path, &file)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tba(c: Credentials) -> ProfileSecrets {
        ProfileSecrets::Tba(c)
    }

    fn creds() -> Credentials {
        Credentials::new(
            "ck-AAAA1111",
            "cs \"quoted\" \\ value",
            "tk-BBBB2222",
            "ts-CCCC3333",
        )
    }

    #[test]
    fn file_round_trip_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secrets.toml");
        file_store(&p, "a", &tba(creds())).unwrap();
        file_store(&p, "b.c", &tba(Credentials::new("1", "2", "3", "4"))).unwrap();
        assert_eq!(file_load(&p, "a", AuthKind::Tba).unwrap(), tba(creds()));
        file_delete(&p, "a").unwrap();
        assert!(matches!(
            file_load(&p, "a", AuthKind::Tba),
            Err(ProfileError::SecretsMissing { .. })
        ));
        assert_eq!(
            file_load(&p, "b.c", AuthKind::Tba).unwrap(),
            tba(Credentials::new("1", "2", "3", "4"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_secrets_file_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secrets.toml");
        file_store(&p, "a", &tba(creds())).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = file_load(&p, "a", AuthKind::Tba).unwrap_err().to_string();
        assert!(e.contains("chmod 600") && e.contains("644"), "{e}");
    }

    #[test]
    fn parse_errors_never_quote_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("secrets.toml");
        std::fs::write(
            &p,
            "[profiles.a]\nconsumer_key = \"k\"\nconsumer_secret = 12345678901234567\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let e = file_load(&p, "a", AuthKind::Tba).unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        assert!(!e.contains("12345678901234567"), "{e}");
    }
}
