//! An interim home for an authorization-code login until `authcode` profiles land in
//! [`crate::profile`]: one JSON file per name (mode 0600, replaced atomically) holding what the
//! profile will hold — account, client id, scopes, redirect URI, who logged in, and the refresh
//! token with its validity — and a lock file taken with `flock` for the refresh (see
//! [`crate::netsuite::oauth2::authcode::store`]). The client secret is never written: a
//! confidential client reads it from `NETSUITE_CLIENT_SECRET` each time.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::Secret;
use crate::netsuite::oauth2::authcode::store::{RefreshStore, SavedGrant, StoreLock};
use crate::netsuite::oauth2::authcode::validity::RefreshValidity;

/// How long a refresh waits for another process's refresh of the same login.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// What the file holds (the refresh token in clear: the file is the secret store's fallback).
#[derive(Clone, Serialize, Deserialize)]
pub struct GrantRecord {
    /// Account id.
    pub account: String,
    /// Client id.
    pub client_id: String,
    /// A confidential client (its secret comes from the environment).
    pub confidential: bool,
    /// Scopes granted.
    pub scopes: Vec<String>,
    /// Redirect URI used at login.
    pub redirect_uri: String,
    /// Who logged in.
    pub company: Option<String>,
    /// Role id.
    pub role: Option<String>,
    /// Entity id.
    pub entity: Option<String>,
    /// The refresh token.
    pub refresh_token: String,
    /// Its validity.
    pub validity: RefreshValidity,
}

impl std::fmt::Debug for GrantRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrantRecord")
            .field("account", &self.account)
            .field("confidential", &self.confidential)
            .field("scopes", &self.scopes)
            .field("validity", &self.validity)
            .finish_non_exhaustive()
    }
}

/// The file of one login.
#[derive(Debug, Clone)]
pub struct GrantFile {
    path: PathBuf,
}

impl GrantFile {
    /// The file for `name` in `dir` (`<dir>/authcode/<name>.json`).
    pub fn new(dir: &Path, name: &str) -> GrantFile {
        GrantFile {
            path: dir.join("authcode").join(format!("{name}.json")),
        }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The record, if the file exists.
    pub fn read(&self) -> Result<Option<GrantRecord>, String> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("{}: {e}", self.path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", self.path.display())),
        }
    }

    /// Writes `record` (0600, atomically, synced).
    pub fn write(&self, record: &GrantRecord) -> Result<(), String> {
        let dir = self.path.parent().ok_or("no directory")?;
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        // NamedTempFile is created with mode 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
        let json = serde_json::to_vec_pretty(record).map_err(|e| e.to_string())?;
        tmp.write_all(&json).map_err(|e| e.to_string())?;
        tmp.as_file().sync_all().map_err(|e| e.to_string())?;
        tmp.persist(&self.path).map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// A held `flock`; released when the file closes.
struct Flock(#[allow(dead_code)] File);

impl RefreshStore for GrantFile {
    fn lock(&self) -> Result<StoreLock, String> {
        let dir = self.path.parent().ok_or("no directory")?;
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let lock_path = self.path.with_extension("lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| format!("{}: {e}", lock_path.display()))?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            if try_flock(&file) {
                return Ok(Box::new(Flock(file)));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "another nstba is refreshing this login ({} is locked)",
                    lock_path.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn load(&self) -> Result<Option<SavedGrant>, String> {
        Ok(self.read()?.map(|r| SavedGrant {
            refresh_token: Secret::new(r.refresh_token),
            validity: r.validity,
        }))
    }

    fn save(&self, grant: &SavedGrant) -> Result<(), String> {
        let mut record = self.read()?.ok_or("the login's file disappeared")?;
        record.refresh_token = grant.refresh_token.expose().to_string();
        record.validity = grant.validity;
        self.write(&record)
    }
}

/// A non-blocking exclusive `flock` (Unix); elsewhere always granted.
fn try_flock(file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: flock takes a valid open descriptor we own and plain flags.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> GrantRecord {
        GrantRecord {
            account: "1234567".into(),
            client_id: "cid".into(),
            confidential: false,
            scopes: vec!["restlets".into()],
            redirect_uri: "https://localhost:8899/callback".into(),
            company: None,
            role: None,
            entity: None,
            refresh_token: "refresh-0123456789".into(),
            validity: RefreshValidity::new(true, 0),
        }
    }

    #[test]
    fn saves_privately_and_locks_exclusively() {
        let dir = tempfile::tempdir().unwrap();
        let f = GrantFile::new(dir.path(), "p");
        assert!(f.read().unwrap().is_none());
        f.write(&record()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(f.path()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let held = f.lock().unwrap();
        f.save(&SavedGrant {
            refresh_token: Secret::from("refresh-two-0123456789"),
            validity: RefreshValidity::new(true, 5),
        })
        .unwrap();
        assert_eq!(
            f.load().unwrap().unwrap().refresh_token.expose(),
            "refresh-two-0123456789"
        );
        // A second lock on another descriptor must wait: try it without waiting.
        let other = File::options()
            .write(true)
            .open(f.path().with_extension("lock"))
            .unwrap();
        assert!(!try_flock(&other));
        drop(held);
        assert!(try_flock(&other));
        assert!(!format!("{:?}", f.read().unwrap().unwrap()).contains("refresh-two"));
    }
}
