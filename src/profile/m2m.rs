//! What saving and loading an OAuth 2.0 profile checks beyond TBA: secrets of the profile's kind,
//! every required value present, and for an M2M profile that refers to a key file the user keeps,
//! that the file exists, is small, and is readable only by its owner (mode 0600). Loading an M2M
//! profile builds the run's [`M2mCredentials`] (key and certificate read from their files).

use std::path::{Path, PathBuf};

use super::error::{ProfileError, Result};
use super::kind::{M2mFacts, M2mSecrets, ProfileAuth, ProfileSecrets};
use super::model::{Profile, SaveOutcome};
use super::store::ProfileStore;
use crate::Secret;
use crate::check::{Api, AuthKind};
use crate::netsuite::oauth2::M2mCredentials;
use crate::netsuite::oauth2::credentials::parse_scopes;

/// Largest key or certificate file read (a PEM key is a few KiB).
const MAX_FILE: u64 = 64 * 1024;

fn empty(field: &str, what: &str) -> ProfileError {
    ProfileError::InvalidField {
        field: field.into(),
        message: format!("it is empty; {what}"),
    }
}

/// Checks that `secrets` fit `auth` and hold every required value; returns `auth` normalized
/// (paths made absolute, scopes deduplicated).
pub(super) fn validate(auth: &ProfileAuth, secrets: &ProfileSecrets) -> Result<ProfileAuth> {
    if auth.kind() != secrets.kind() {
        return Err(ProfileError::InvalidField {
            field: "credentials".into(),
            message: format!(
                "{} secrets given for a {} profile",
                super::kind_label(secrets.kind()),
                super::kind_label(auth.kind())
            ),
        });
    }
    match (auth, secrets) {
        (ProfileAuth::Tba, ProfileSecrets::Tba(c)) => {
            for (secret, (label, _)) in c.fields().iter().zip(crate::netsuite::credentials::FIELDS)
            {
                if secret.expose().trim().is_empty() {
                    return Err(empty(label, "paste the value NetSuite showed"));
                }
            }
            Ok(ProfileAuth::Tba)
        }
        (ProfileAuth::M2m(f), ProfileSecrets::M2m(s)) => validate_m2m(f, s).map(ProfileAuth::M2m),
        (ProfileAuth::Authcode(f), ProfileSecrets::Authcode(s)) => {
            if s.client_id.expose().trim().is_empty() {
                return Err(empty(
                    "client id",
                    "paste the integration record's Client ID",
                ));
            }
            if s.refresh_token.expose().trim().is_empty() {
                return Err(empty("refresh token", "sign in again with `nstba login`"));
            }
            let mut f = f.clone();
            f.scopes = parse_scopes(&f.scopes.join(","));
            Ok(ProfileAuth::Authcode(f))
        }
        _ => unreachable!("kinds compared above"),
    }
}

fn validate_m2m(f: &M2mFacts, s: &M2mSecrets) -> Result<M2mFacts> {
    if s.client_id.expose().trim().is_empty() {
        return Err(empty(
            "client id",
            "paste the integration record's Client ID",
        ));
    }
    if f.certificate_id.trim().is_empty() {
        return Err(empty(
            "certificate id",
            "copy it from Setup > Integration > Manage Authentication > OAuth 2.0 Client \
             Credentials (M2M) Setup",
        ));
    }
    let key_in_store = s
        .private_key
        .as_ref()
        .is_some_and(|k| !k.expose().trim().is_empty());
    let mut f = f.clone();
    match (&f.key_file, key_in_store) {
        (Some(_), true) => {
            return Err(ProfileError::InvalidField {
                field: "private key".into(),
                message: "both a key file and a stored key were given: keep one".into(),
            });
        }
        (None, false) => {
            return Err(empty(
                "private key",
                "give the PEM key or the path of a key file (mode 0600)",
            ));
        }
        (Some(path), false) => {
            let path = absolute(path)?;
            read_key_file(&path)?;
            f.key_file = Some(path);
        }
        (None, true) => {}
    }
    if let Some(c) = &f.certificate_file {
        let c = absolute(c)?;
        read_capped(&c)?;
        f.certificate_file = Some(c);
    }
    f.scopes = parse_scopes(&f.scopes.join(","));
    Ok(f)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| ProfileError::io("resolve", path, e))
}

fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| ProfileError::io("read", path, e))?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return Err(ProfileError::io(
            "read",
            path,
            std::io::Error::other(format!(
                "expected a PEM file of at most {} KiB",
                MAX_FILE / 1024
            )),
        ));
    }
    std::fs::read(path).map_err(|e| ProfileError::io("read", path, e))
}

/// Reads the key file an M2M profile refers to, refusing one that group or others can read
/// ([`ProfileError::KeyFileMode`] names the file and the expected mode 0600).
pub fn read_key_file(path: &Path) -> Result<Secret> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = std::fs::metadata(path).map_err(|e| ProfileError::io("read", path, e))?;
        let mode = meta.permissions().mode() & 0o777;
        if meta.is_file() && mode & 0o077 != 0 {
            return Err(ProfileError::KeyFileMode {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    let bytes = zeroize::Zeroizing::new(read_capped(path)?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        ProfileError::io(
            "read",
            path,
            std::io::Error::other("not a PEM text file (expected -----BEGIN PRIVATE KEY-----)"),
        )
    })?;
    Ok(Secret::new(text.to_string()))
}

impl ProfileStore {
    /// An M2M profile and the credentials a run uses: the key from the secret store or from the
    /// key file (mode checked), the certificate from its file or from beside the key.
    pub fn load_m2m(&self, name: &str) -> Result<(Profile, M2mCredentials)> {
        let profile = self.get(name)?;
        let ProfileAuth::M2m(facts) = &profile.auth else {
            return Err(ProfileError::WrongKind {
                name: name.to_string(),
                have: profile.kind(),
                wanted: AuthKind::M2m,
            });
        };
        // The file may have been rewritten by another process since `get`: check again.
        let secrets = match self.load_secrets(name)? {
            ProfileSecrets::M2m(s) => s,
            other => {
                return Err(ProfileError::WrongKind {
                    name: name.to_string(),
                    have: other.kind(),
                    wanted: AuthKind::M2m,
                });
            }
        };
        let private_key = match (&facts.key_file, &secrets.private_key) {
            (Some(path), _) => read_key_file(path)?,
            (None, Some(k)) => k.clone(),
            (None, None) => {
                return Err(ProfileError::SecretsMissing {
                    name: name.to_string(),
                    store: "the secret store (no private key and no key file)".into(),
                });
            }
        };
        let certificate = match &facts.certificate_file {
            Some(path) => Some(read_capped(path)?),
            None => secrets.certificate.clone().map(String::into_bytes),
        };
        let creds = M2mCredentials {
            client_id: secrets.client_id.clone(),
            certificate_id: facts.certificate_id.clone(),
            private_key,
            key_file: facts.key_file.clone(),
            scopes: facts.scopes.clone(),
            certificate,
        };
        Ok((profile, creds))
    }

    /// Saves what an M2M test used (the wizard's "save profile"): the key goes to the secret
    /// store with the certificate beside it, so the profile keeps working when the generated
    /// files move. Other fields of an existing profile are kept.
    pub fn save_m2m_settings(
        &self,
        name: &str,
        account: &str,
        m: &M2mCredentials,
        apis: Vec<Api>,
    ) -> Result<SaveOutcome> {
        let certificate = m
            .certificate
            .as_ref()
            .and_then(|c| String::from_utf8(c.clone()).ok());
        let (key_file, private_key) = if m.private_key.expose().trim().is_empty() {
            (m.key_file.clone(), None)
        } else {
            (None, Some(m.private_key.clone()))
        };
        let auth = ProfileAuth::M2m(M2mFacts {
            certificate_id: m.certificate_id.clone(),
            scopes: m.scopes.clone(),
            key_file,
            certificate_file: None,
        });
        let secrets = ProfileSecrets::M2m(M2mSecrets {
            client_id: m.client_id.clone(),
            private_key,
            certificate,
        });
        self.save_merged_kind(name, account, auth, &secrets, |p| {
            if !apis.is_empty() {
                p.apis = apis;
            }
        })
    }
}
