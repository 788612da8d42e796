//! [`ProfileStore`]: saved profiles in `profiles.toml` (no secrets), their secrets in the keychain
//! or `secrets.toml`, and the last-used profile. Every operation re-reads the file, so the TUI and
//! a CLI run side by side see each other's changes, and nothing is ever written over a file that
//! could not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::clock;
use super::error::{ProfileError, Result};
use super::files;
use super::kind::{ProfileAuth, ProfileSecrets};
use super::model::{
    LastTest, Profile, RemoveOutcome, SaveOutcome, SecretStoreKind, one_line, validate_name,
};
use super::secrets;
use crate::check::{Api, AuthKind, Report, Settings};
use crate::netsuite::{AccountId, Credentials};

/// Overrides the configuration directory.
pub const CONFIG_DIR_ENV: &str = "NSTBA_CONFIG_DIR";
/// Forces the secret store: `file` or `keyring`.
pub const SECRET_STORE_ENV: &str = "NSTBA_SECRET_STORE";
/// The profiles file's name.
pub const PROFILES_FILE: &str = "profiles.toml";
/// The fallback secrets file's name.
pub const SECRETS_FILE: &str = "secrets.toml";

const PROFILES_HEADER: &str = "# nstba profiles. No secrets are kept here: they are in the OS keychain or in\n\
# secrets.toml (mode 0600) beside this file. Safe to edit by hand; nstba refuses a file it cannot read.\n\n";

/// Saved profiles and their secrets, in one configuration directory.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
    forced: Option<SecretStoreKind>,
}

// ----- the file as read (spans kept so a bad value can be pointed at) -----

#[derive(Deserialize)]
struct RawDoc {
    #[serde(default)]
    last_used: Option<String>,
    #[serde(default)]
    file_store_warned: bool,
    #[serde(default)]
    profiles: BTreeMap<Spanned<String>, RawRecord>,
}

#[derive(Deserialize)]
struct RawRecord {
    account: Spanned<String>,
    #[serde(default)]
    apis: Vec<Spanned<String>>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    sandbox_refreshed: Option<Spanned<String>>,
    #[serde(default)]
    saved_at: Option<i64>,
    #[serde(default)]
    last_ok_at: Option<i64>,
    #[serde(default)]
    secret_store: Option<Spanned<String>>,
    #[serde(default)]
    last_test: Option<RawLastTest>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(flatten)]
    facts: super::kind_file::RawFacts,
}

#[derive(Deserialize, Serialize)]
struct RawLastTest {
    at: i64,
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_code: Option<String>,
    #[serde(default)]
    summary: String,
}

// ----- the file as written -----

#[derive(Serialize)]
struct OutDoc {
    #[serde(skip_serializing_if = "Option::is_none")]
    last_used: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    file_store_warned: bool,
    profiles: BTreeMap<String, OutRecord>,
}

#[derive(Serialize)]
struct OutRecord {
    account: String,
    /// Derived from the account; written for people reading the file.
    environment: String,
    apis: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    notes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sandbox_refreshed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    saved_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_ok_at: Option<i64>,
    secret_store: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_test: Option<RawLastTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(flatten)]
    facts: super::kind_file::RawFacts,
}

// ----- in memory -----

#[derive(Debug, Clone, Default)]
pub(super) struct Doc {
    last_used: Option<String>,
    file_store_warned: bool,
    pub(super) profiles: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) profile: Profile,
    pub(super) store: SecretStoreKind,
}

impl ProfileStore {
    /// The store in the platform configuration directory (`~/.config/nstba` on Linux), or in
    /// `$NSTBA_CONFIG_DIR` when set.
    pub fn open_default() -> Result<ProfileStore> {
        let dir = match std::env::var_os(CONFIG_DIR_ENV).filter(|v| !v.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => directories::ProjectDirs::from("com", "nstba", "nstba")
                .ok_or(ProfileError::NoConfigDir)?
                .config_dir()
                .to_path_buf(),
        };
        ProfileStore::open(dir)
    }

    /// The store in `dir` (created on the first save). Honours `NSTBA_SECRET_STORE`.
    pub fn open(dir: PathBuf) -> Result<ProfileStore> {
        let forced =
            match std::env::var(SECRET_STORE_ENV) {
                Ok(v) if !v.trim().is_empty() => Some(SecretStoreKind::parse(&v).ok_or_else(
                    || ProfileError::InvalidField {
                        field: SECRET_STORE_ENV.into(),
                        message: format!("{v:?} is not a secret store; expected file or keyring"),
                    },
                )?),
                _ => None,
            };
        Ok(ProfileStore { dir, forced })
    }

    /// Forces where secrets are saved (tests; the `NSTBA_SECRET_STORE` equivalent).
    pub fn with_secret_store(mut self, kind: SecretStoreKind) -> Self {
        self.forced = Some(kind);
        self
    }

    /// The configuration directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `profiles.toml`.
    pub fn profiles_path(&self) -> PathBuf {
        self.dir.join(PROFILES_FILE)
    }

    /// `secrets.toml` (used only when no keychain is).
    pub fn secrets_path(&self) -> PathBuf {
        self.dir.join(SECRETS_FILE)
    }

    /// Every saved profile, sorted by name. Never touches the secrets.
    pub fn list(&self) -> Result<Vec<Profile>> {
        Ok(self
            .load()?
            .profiles
            .into_values()
            .map(|e| e.profile)
            .collect())
    }

    /// One profile.
    pub fn get(&self, name: &str) -> Result<Profile> {
        validate_name(name)?;
        self.entry(&self.load()?, name).map(|e| e.profile.clone())
    }

    /// Where a profile's secrets are kept.
    pub fn secret_store_of(&self, name: &str) -> Result<SecretStoreKind> {
        validate_name(name)?;
        self.entry(&self.load()?, name).map(|e| e.store)
    }

    /// A TBA profile's four secrets, from wherever they were saved. Another kind of profile is
    /// [`ProfileError::WrongKind`] (use [`load_secrets`](Self::load_secrets)).
    pub fn load_credentials(&self, name: &str) -> Result<Credentials> {
        match self.load_secrets(name)? {
            ProfileSecrets::Tba(c) => Ok(c),
            other => Err(ProfileError::WrongKind {
                name: name.to_string(),
                have: other.kind(),
                wanted: AuthKind::Tba,
            }),
        }
    }

    /// A profile's secrets, of its kind, from wherever they were saved.
    pub fn load_secrets(&self, name: &str) -> Result<ProfileSecrets> {
        validate_name(name)?;
        let doc = self.load()?;
        let entry = self.entry(&doc, name)?;
        self.read_secrets(name, entry.store, entry.profile.kind())
    }

    /// Saves (or replaces) a TBA profile and its credentials: [`save_profile`](Self::save_profile)
    /// with [`ProfileSecrets::Tba`].
    pub fn save(&self, profile: &Profile, credentials: &Credentials) -> Result<SaveOutcome> {
        self.save_at(profile, credentials, clock::now_unix())
    }

    /// [`save`](Self::save) with an explicit time (tests).
    pub fn save_at(
        &self,
        profile: &Profile,
        credentials: &Credentials,
        now: i64,
    ) -> Result<SaveOutcome> {
        self.save_profile_at(profile, &ProfileSecrets::Tba(credentials.clone()), now)
    }

    /// Saves (or replaces) a profile of any kind and its secrets, which must be of the profile's
    /// kind. The account is normalized to its canonical form and the environment derived from it;
    /// `saved_at_unix` is set to now. Secrets go to the keychain when one is usable, else to
    /// `secrets.toml`; the first time that happens the outcome carries a warning to show the user.
    pub fn save_profile(&self, profile: &Profile, secrets: &ProfileSecrets) -> Result<SaveOutcome> {
        self.save_profile_at(profile, secrets, clock::now_unix())
    }

    /// [`save_profile`](Self::save_profile) with an explicit time (tests).
    pub fn save_profile_at(
        &self,
        profile: &Profile,
        credentials: &ProfileSecrets,
        now: i64,
    ) -> Result<SaveOutcome> {
        validate_name(&profile.name)?;
        let account =
            AccountId::parse(&profile.account).map_err(|e| ProfileError::InvalidField {
                field: "account".into(),
                message: e.to_string(),
            })?;
        if let Some(d) = &profile.sandbox_refreshed {
            clock::parse_date(d).map_err(|message| ProfileError::InvalidField {
                field: "sandbox refreshed".into(),
                message,
            })?;
        }
        let auth = super::m2m::validate(&profile.auth, credentials)?;
        let _lock = files::lock_dir(&self.dir)?;
        // Read everything first: a file that cannot be parsed stops the save before any write.
        let mut doc = self.load()?;
        let previous = doc.profiles.get(&profile.name).map(|e| e.store);
        // What to put back if profiles.toml cannot be written after the secrets were.
        let old_creds = doc.profiles.get(&profile.name).and_then(|e| {
            self.read_secrets(&profile.name, e.store, e.profile.kind())
                .ok()
        });

        let (store, why_file) = self.store_secrets(&profile.name, credentials)?;
        if let Some(old) = previous
            && old != store
        {
            // Best effort: the new copy is saved; a stale one elsewhere is only clutter.
            let _ = self.delete_secrets(&profile.name, old);
        }

        let warning = match (store, why_file) {
            (SecretStoreKind::File, Some(why)) if !doc.file_store_warned => {
                doc.file_store_warned = true;
                // Only a fallback needs the way out; a file asked for by name was chosen.
                let choose = if self.forced.is_none() {
                    format!(
                        " To use the OS keychain instead, start its Secret Service (e.g. \
                         gnome-keyring) and save again; to choose the file on purpose, set \
                         {SECRET_STORE_ENV}=file."
                    )
                } else {
                    String::new()
                };
                Some(format!(
                    "the credentials were saved in {} (readable only by you, mode 0600) because {why}. \
                     Anyone who can read your files (an administrator, a backup) can read them: \
                     protect that file like a password.{choose} This notice is shown once.",
                    self.secrets_path().display()
                ))
            }
            _ => None,
        };

        let mut saved = profile.clone();
        saved.auth = auth;
        saved.account = account.realm();
        saved.environment = account.environment().kind().to_string();
        saved.saved_at_unix = Some(now);
        saved.notes = saved.notes.trim().to_string();
        doc.profiles.insert(
            profile.name.clone(),
            Entry {
                profile: saved,
                store,
            },
        );
        if let Err(e) = self.write(&doc) {
            // Keep the pair consistent: no secrets without the profile that names them.
            match (&old_creds, previous) {
                (Some(old), Some(kind)) if kind == store => {
                    let _ = self.put_secrets(&profile.name, kind, old);
                }
                _ => {
                    let _ = self.delete_secrets(&profile.name, store);
                }
            }
            return Err(e);
        }
        Ok(SaveOutcome { warning })
    }

    /// Saves credentials under `name`, keeping what the existing profile of that name knows
    /// (notes, interfaces, refresh date) and letting `edit` change it. The remembered test results
    /// are dropped when the account or any credential changed: they described other values.
    pub fn save_merged(
        &self,
        name: &str,
        account: &str,
        credentials: &Credentials,
        edit: impl FnOnce(&mut Profile),
    ) -> Result<SaveOutcome> {
        let secrets = ProfileSecrets::Tba(credentials.clone());
        self.save_merged_kind(name, account, ProfileAuth::Tba, &secrets, edit)
    }

    /// [`save_merged`](Self::save_merged) for any kind: `auth` replaces the stored kind and facts;
    /// the remembered test results are dropped when the account, the facts or a secret changed.
    pub fn save_merged_kind(
        &self,
        name: &str,
        account: &str,
        auth: ProfileAuth,
        credentials: &ProfileSecrets,
        edit: impl FnOnce(&mut Profile),
    ) -> Result<SaveOutcome> {
        validate_name(name)?;
        let canonical = AccountId::parse(account).map(|a| a.realm()).map_err(|e| {
            ProfileError::InvalidField {
                field: "account".into(),
                message: e.to_string(),
            }
        })?;
        let mut profile = match self.get(name) {
            Ok(existing) => {
                let same_values = existing.account == canonical
                    && existing.auth == auth
                    && self.load_secrets(name).is_ok_and(|old| &old == credentials);
                let mut p = existing;
                if !same_values {
                    p.last_test = None;
                    p.last_ok_unix = None;
                }
                p
            }
            Err(ProfileError::NotFound(_)) => Profile::new(name, canonical.as_str()),
            Err(e) => return Err(e),
        };
        profile.account = canonical;
        profile.auth = auth;
        edit(&mut profile);
        self.save_profile(&profile, credentials)
    }

    /// Saves what a connection test used (account, credentials, interfaces) under `name`: the
    /// wizard's "save profile". Other fields of an existing profile are kept.
    pub fn save_settings(&self, name: &str, settings: &Settings) -> Result<SaveOutcome> {
        let apis = settings.apis.clone();
        let credentials = match &settings.credentials {
            crate::check::auth::Credentials::Tba(c) => c,
            crate::check::auth::Credentials::M2m(m) => {
                return self.save_m2m_settings(name, &settings.account, m, apis);
            }
            // The login's current refresh token (the latest rotation) with who logged in; from
            // then on, runs of the profile rotate it in the profile.
            crate::check::auth::Credentials::AuthCode(c) => {
                return self.save_login(name, &settings.account, c, apis);
            }
        };
        self.save_merged(name, &settings.account, credentials, |p| {
            if !apis.is_empty() {
                p.apis = apis;
            }
        })
    }

    /// Checks, without changing anything, that a profile `name` could be saved now: a valid
    /// name, a readable `profiles.toml`, a configuration directory files can be created in, and a
    /// usable secret store (the keychain, or a private and readable `secrets.toml`).
    pub fn check_can_save(&self, name: &str) -> Result<()> {
        validate_name(name)?;
        self.load()?;
        files::check_writable(&self.dir)?;
        let keychain = match self.forced {
            Some(SecretStoreKind::File) => false,
            Some(SecretStoreKind::Keyring) => {
                secrets::probe_keyring().map_err(ProfileError::Keychain)?;
                true
            }
            None => secrets::probe_keyring().is_ok(),
        };
        if !keychain {
            secrets::file_check(&self.secrets_path())?;
        }
        Ok(())
    }

    /// Deletes a profile and its secrets. The profile is removed even when its keychain entry
    /// cannot be reached; the outcome then says so. A name with no profile but with secrets left
    /// behind (an interrupted save) has those secrets removed.
    pub fn remove(&self, name: &str) -> Result<RemoveOutcome> {
        validate_name(name)?;
        let _lock = files::lock_dir(&self.dir)?;
        let mut doc = self.load()?;
        if !doc.profiles.contains_key(name) {
            return self.remove_orphan(name);
        }
        let store = self.entry(&doc, name)?.store;
        let warning = match self.delete_secrets(name, store) {
            Ok(()) => None,
            Err(ProfileError::Keychain(why)) => Some(format!(
                "the profile was removed, but its keychain entry ({}/{name}) could not be deleted: {why}",
                secrets::KEYRING_SERVICE
            )),
            // A secrets file that cannot be read must not be rewritten: stop here.
            Err(e) => return Err(e),
        };
        doc.profiles.remove(name);
        if doc.last_used.as_deref() == Some(name) {
            doc.last_used = None;
        }
        self.write(&doc)?;
        Ok(RemoveOutcome { warning })
    }

    /// Renames profile `old` (of any kind) to `new`, its secrets with it, keeping it the last used
    /// one if it was. Saved under the new name first: a failure half-way leaves two copies, never
    /// none. A `new` that exists already is refused.
    pub fn rename(&self, old: &str, new: &str) -> Result<()> {
        let mut p = self.get(old)?;
        validate_name(new)?;
        if self.get(new).is_ok() {
            return Err(ProfileError::InvalidField {
                field: "new name".into(),
                message: format!(
                    "a profile named {new} exists already: choose another name or delete it first"
                ),
            });
        }
        let secrets = self.load_secrets(old)?;
        let was_last = self.last_used().as_deref() == Some(old);
        p.name = new.to_string();
        self.save_profile(&p, &secrets)?;
        self.remove(old)?;
        if was_last {
            self.set_last_used(new)?;
        }
        Ok(())
    }

    /// Remembers the outcome of a connection test run on a profile.
    pub fn record_test(&self, name: &str, report: &Report) -> Result<()> {
        self.record_test_at(name, report, clock::now_unix())
    }

    /// [`record_test`](Self::record_test) with an explicit time (tests).
    pub fn record_test_at(&self, name: &str, report: &Report, now: i64) -> Result<()> {
        validate_name(name)?;
        let _lock = files::lock_dir(&self.dir)?;
        let mut doc = self.load()?;
        let entry = doc
            .profiles
            .get_mut(name)
            .ok_or_else(|| ProfileError::NotFound(name.to_string()))?;
        entry.profile.last_test = Some(LastTest::from_report(report, now));
        if report.ok {
            entry.profile.last_ok_unix = Some(now);
        }
        self.write(&doc)
    }

    /// The profile used last (for the TUI's start screen), if it still exists. Unreadable files
    /// count as "none" here; the next real operation reports them.
    pub fn last_used(&self) -> Option<String> {
        let doc = self.load().ok()?;
        doc.last_used.filter(|n| doc.profiles.contains_key(n))
    }

    /// Remembers the profile used last.
    pub fn set_last_used(&self, name: &str) -> Result<()> {
        validate_name(name)?;
        let _lock = files::lock_dir(&self.dir)?;
        let mut doc = self.load()?;
        self.entry(&doc, name)?;
        if doc.last_used.as_deref() == Some(name) {
            return Ok(());
        }
        doc.last_used = Some(name.to_string());
        self.write(&doc)
    }

    // ----- internals -----

    pub(super) fn entry<'d>(&self, doc: &'d Doc, name: &str) -> Result<&'d Entry> {
        doc.profiles
            .get(name)
            .ok_or_else(|| ProfileError::NotFound(name.to_string()))
    }

    /// Saves the secrets where they belong; returns the store used and, for the file, why.
    fn store_secrets(
        &self,
        name: &str,
        creds: &ProfileSecrets,
    ) -> Result<(SecretStoreKind, Option<String>)> {
        let why_file = match self.forced {
            Some(SecretStoreKind::File) => format!("{SECRET_STORE_ENV}=file asks for it"),
            Some(SecretStoreKind::Keyring) => {
                secrets::keyring_store(name, creds).map_err(|e| match e {
                    ProfileError::Keychain(why) => ProfileError::Keychain(format!(
                        "{why} ({SECRET_STORE_ENV}=keyring requires it; unset that variable or set \
                         it to file to keep the credentials in a private 0600 file)"
                    )),
                    other => other,
                })?;
                return Ok((SecretStoreKind::Keyring, None));
            }
            None => match secrets::probe_keyring() {
                Ok(()) => match secrets::keyring_store(name, creds) {
                    Ok(()) => return Ok((SecretStoreKind::Keyring, None)),
                    Err(e) => format!("saving to the OS keychain failed ({e})"),
                },
                Err(why) => format!("no OS keychain is usable here ({why})"),
            },
        };
        secrets::file_store(&self.secrets_path(), name, creds)?;
        Ok((SecretStoreKind::File, Some(why_file)))
    }

    /// Removes secrets stored under `name` without a profile; `NotFound` when there are none.
    fn remove_orphan(&self, name: &str) -> Result<RemoveOutcome> {
        let mut found = false;
        let path = self.secrets_path();
        if secrets::file_load(&path, name, AuthKind::Tba).is_ok() {
            secrets::file_delete(&path, name)?;
            found = true;
        }
        if self.forced != Some(SecretStoreKind::File)
            && secrets::probe_keyring().is_ok()
            && secrets::keyring_load(name, AuthKind::Tba).is_ok()
        {
            secrets::keyring_delete(name)?;
            found = true;
        }
        if !found {
            return Err(ProfileError::NotFound(name.to_string()));
        }
        Ok(RemoveOutcome {
            warning: Some(format!(
                "there was no profile {name:?}, but credentials stored under that name were left \
                 from an interrupted save; they were deleted"
            )),
        })
    }

    pub(super) fn read_secrets(
        &self,
        name: &str,
        store: SecretStoreKind,
        kind: AuthKind,
    ) -> Result<ProfileSecrets> {
        match store {
            SecretStoreKind::Keyring => secrets::keyring_load(name, kind),
            SecretStoreKind::File => secrets::file_load(&self.secrets_path(), name, kind),
        }
    }

    pub(super) fn put_secrets(
        &self,
        name: &str,
        store: SecretStoreKind,
        creds: &ProfileSecrets,
    ) -> Result<()> {
        match store {
            SecretStoreKind::Keyring => secrets::keyring_store(name, creds),
            SecretStoreKind::File => secrets::file_store(&self.secrets_path(), name, creds),
        }
    }

    fn delete_secrets(&self, name: &str, store: SecretStoreKind) -> Result<()> {
        match store {
            SecretStoreKind::Keyring => secrets::keyring_delete(name),
            SecretStoreKind::File => secrets::file_delete(&self.secrets_path(), name),
        }
    }

    pub(super) fn load(&self) -> Result<Doc> {
        let path = self.profiles_path();
        let Some(text) = files::read_text(&path)? else {
            return Ok(Doc::default());
        };
        parse_doc(&path, &text)
    }
}

/// Parses the bytes of a `profiles.toml` exactly as [`ProfileStore::list`] reads the file (text
/// check, TOML, every field validated), without touching the disk. Errors name `profiles.toml` and
/// the line. Pure, so it can be fuzzed and reused by tools.
pub fn parse_profiles(bytes: &[u8]) -> Result<Vec<Profile>> {
    let path = Path::new(PROFILES_FILE);
    let text = files::decode_text(path, bytes.to_vec())?;
    Ok(parse_doc(path, &text)?
        .profiles
        .into_values()
        .map(|e| e.profile)
        .collect())
}

/// `profiles.toml` text → the in-memory document; `path` only names the file in errors.
fn parse_doc(path: &Path, text: &str) -> Result<Doc> {
    {
        let raw: RawDoc = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            ProfileError::corrupt_at(path, text, offset, one_line(e.message(), 300))
        })?;
        let bad = |span: std::ops::Range<usize>, message: String| {
            ProfileError::corrupt_at(path, text, span.start, message)
        };
        let mut doc = Doc {
            last_used: raw.last_used,
            file_store_warned: raw.file_store_warned,
            profiles: BTreeMap::new(),
        };
        for (name, rec) in raw.profiles {
            validate_name(name.get_ref()).map_err(|e| bad(name.span(), e.to_string()))?;
            let account = AccountId::parse(rec.account.get_ref())
                .map_err(|e| bad(rec.account.span(), e.to_string()))?;
            let mut apis = Vec::new();
            for a in &rec.apis {
                let api = Api::parse(a.get_ref()).ok_or_else(|| {
                    bad(
                        a.span(),
                        format!(
                            "apis: {:?} is not an interface; expected \"rest\", \"soap\" or \"restlet\"",
                            a.get_ref()
                        ),
                    )
                })?;
                if !apis.contains(&api) {
                    apis.push(api);
                }
            }
            if apis.is_empty() {
                apis.push(Api::Rest); // the default interface, as on the command line
            }
            let sandbox_refreshed = match &rec.sandbox_refreshed {
                Some(d) => {
                    clock::parse_date(d.get_ref())
                        .map_err(|m| bad(d.span(), format!("sandbox_refreshed: {m}")))?;
                    Some(d.get_ref().trim().to_string())
                }
                None => None,
            };
            let store = match &rec.secret_store {
                Some(s) => SecretStoreKind::parse(s.get_ref()).ok_or_else(|| {
                    bad(
                        s.span(),
                        format!(
                            "secret_store: {:?} is not a secret store; expected \"keyring\" or \"file\"",
                            s.get_ref()
                        ),
                    )
                })?,
                None => SecretStoreKind::File,
            };
            let auth = super::kind_file::to_auth(
                rec.kind.as_ref().map(|k| k.get_ref().as_str()),
                rec.facts,
            )
            .map_err(|m| {
                let span = rec.kind.as_ref().map_or(rec.account.span(), |k| k.span());
                bad(span, m)
            })?;
            let name = name.into_inner();
            let profile = Profile {
                auth,
                name: name.clone(),
                account: account.realm(),
                environment: account.environment().kind().to_string(),
                apis,
                notes: rec.notes,
                last_test: rec.last_test.map(|t| LastTest {
                    at_unix: t.at,
                    ok: t.ok,
                    // A code this version does not know (written by a newer one) is dropped, not an error.
                    first_code: t.first_code.and_then(|c| c.parse().ok()),
                    summary: t.summary,
                }),
                sandbox_refreshed,
                saved_at_unix: rec.saved_at,
                last_ok_unix: rec.last_ok_at,
            };
            doc.profiles.insert(name, Entry { profile, store });
        }
        Ok(doc)
    }
}

impl ProfileStore {
    pub(super) fn write(&self, doc: &Doc) -> Result<()> {
        let out = OutDoc {
            last_used: doc.last_used.clone(),
            file_store_warned: doc.file_store_warned,
            profiles: doc
                .profiles
                .iter()
                .map(|(name, e)| {
                    let p = &e.profile;
                    let (kind, facts) = super::kind_file::from_auth(&p.auth);
                    (
                        name.clone(),
                        OutRecord {
                            account: p.account.clone(),
                            environment: p.environment.clone(),
                            apis: p.apis.iter().map(|a| a.name().to_string()).collect(),
                            notes: p.notes.clone(),
                            sandbox_refreshed: p.sandbox_refreshed.clone(),
                            saved_at: p.saved_at_unix,
                            last_ok_at: p.last_ok_unix,
                            secret_store: e.store.as_str().to_string(),
                            last_test: p.last_test.as_ref().map(|t| RawLastTest {
                                at: t.at_unix,
                                ok: t.ok,
                                first_code: t.first_code.map(|c| c.as_str().to_string()),
                                summary: t.summary.clone(),
                            }),
                            kind,
                            facts,
                        },
                    )
                })
                .collect(),
        };
        let path = self.profiles_path();
        let body = toml::to_string(&out)
            .map_err(|e| ProfileError::io("encode", &path, std::io::Error::other(e.to_string())))?;
        files::write_atomic(&path, format!("{PROFILES_HEADER}{body}").as_bytes())
    }
}
