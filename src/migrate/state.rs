//! A migration's progress, saved next to the profiles (`migrations/<FROM>.toml` in the profile
//! directory) after every item, so a migration can stop and resume across days. It holds no
//! secret: the TBA values stay in the TBA profile, the private key in its file (only its path is
//! here), a separate record's Client ID in the environment or the new profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::code::MigrateCode;
use super::item::{Item, Status};
use crate::check::Api;

/// The progress file's format version.
pub const VERSION: u32 = 1;
/// The folder of progress files inside the profile directory.
pub const DIR: &str = "migrations";

/// What the migration moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Client credentials (machine to machine), the default.
    #[default]
    M2m,
    /// Authorization code with PKCE (acting as a person).
    Authcode,
}

/// Which integration record the OAuth 2.0 side uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordChoice {
    /// The TBA record with the OAuth 2.0 boxes ticked: Client ID = the consumer key.
    #[default]
    Same,
    /// A separate OAuth 2.0-only record with its own Client ID.
    Separate,
}

/// Who a token acts as: role and entity internal ids (as strings: NetSuite's ids, shown as sent).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Identity {
    /// Role internal id.
    pub role: Option<String>,
    /// Role name, when the server said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// Entity internal id.
    pub entity: Option<String>,
    /// Company (account) name, when the server said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
}

/// What the inventory found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Inventory {
    /// Who the TBA token is.
    pub identity: Identity,
    /// Interfaces the TBA token works on now.
    pub working: Vec<Api>,
    /// Interfaces the profile says the integration uses.
    pub used: Vec<Api>,
    /// The integration uses SOAP (it must move to REST by 2028.2).
    pub soap_used: bool,
}

/// One item's state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemState {
    /// Where it stands.
    pub status: Status,
    /// When it last changed (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_unix: Option<i64>,
    /// Why it failed (or the warning it carries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<MigrateCode>,
    /// One line about the outcome.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One test of the TBA profile made during the migration (after each step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TbaCheck {
    /// The item it followed.
    pub after: Item,
    /// When (Unix seconds).
    pub at_unix: i64,
    /// It passed.
    pub ok: bool,
}

/// A migration's whole progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationState {
    /// Format version ([`VERSION`]).
    pub version: u32,
    /// The TBA profile migrated.
    pub from: String,
    /// The OAuth 2.0 profile being made.
    pub to: String,
    /// Canonical account id.
    pub account: String,
    /// When it started (Unix seconds).
    pub started_unix: i64,
    /// When it last changed.
    pub updated_unix: i64,
    /// The target kind.
    #[serde(default)]
    pub target: Target,
    /// The integration record used.
    #[serde(default)]
    pub record: RecordChoice,
    /// Scopes the new profile asks for.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// What the TBA token can do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<Inventory>,
    /// The private key file (never its content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<PathBuf>,
    /// The certificate file to upload, when nstba generated it or was given it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_file: Option<PathBuf>,
    /// The certificate id NetSuite showed for the mapping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<String>,
    /// The authorization-code login profile that uploads the certificate through the rotation
    /// API (the key item), when one was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_login: Option<String>,
    /// Who the OAuth 2.0 token acts as (from the side-by-side run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_identity: Option<Identity>,
    /// A role other than the TBA token's that the user accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_role: Option<String>,
    /// The new profile this migration saved (so a later run may write it again, and `--to`
    /// never takes over a profile someone else made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_profile: Option<String>,
    /// The TBA token was revoked (by the user's twice-confirmed choice).
    #[serde(default)]
    pub tba_revoked: bool,
    /// Each item's state.
    #[serde(default)]
    pub items: BTreeMap<Item, ItemState>,
    /// The TBA profile's tests during the migration, oldest first.
    #[serde(default)]
    pub tba_checks: Vec<TbaCheck>,
}

impl MigrationState {
    /// A new migration of `from` (on `account`) to `to`, started at `now`.
    pub fn new(from: &str, to: &str, account: &str, now: i64) -> MigrationState {
        MigrationState {
            version: VERSION,
            from: from.into(),
            to: to.into(),
            account: account.into(),
            started_unix: now,
            updated_unix: now,
            target: Target::M2m,
            record: RecordChoice::Same,
            scopes: Vec::new(),
            inventory: None,
            key_file: None,
            certificate_file: None,
            certificate_id: None,
            upload_login: None,
            new_identity: None,
            accepted_role: None,
            saved_profile: None,
            tba_revoked: false,
            items: Item::all().map(|i| (i, ItemState::default())).collect(),
            tba_checks: Vec::new(),
        }
    }

    /// Chooses target `t`; a changed choice sends the checklist back to the target item, and a
    /// default new-profile name follows the kind (`FROM-m2m`, `FROM-authcode`). True if changed.
    pub fn set_target(&mut self, t: Target, now: i64) -> bool {
        if self.target == t {
            return false;
        }
        if self.to == default_to(&self.from, self.target) {
            self.to = default_to(&self.from, t);
        }
        self.target = t;
        // Who the other kind's token was is no comparison for this one.
        self.new_identity = None;
        self.reopen_from(Item::Target, now);
        true
    }

    /// The state of `item`.
    pub fn item(&self, item: Item) -> ItemState {
        self.items.get(&item).cloned().unwrap_or_default()
    }

    /// Where to go on: the first item not done (a failed one is done again), `None` when all are.
    pub fn next(&self) -> Option<Item> {
        Item::all().find(|i| self.item(*i).status != Status::Done)
    }

    /// Marks `item` done at `now` with a note.
    pub fn done(&mut self, item: Item, note: impl Into<String>, now: i64) {
        self.set(item, Status::Done, Vec::new(), note.into(), now);
    }

    /// Marks `item` done, carrying warnings.
    pub fn done_with(&mut self, item: Item, warnings: Vec<MigrateCode>, note: String, now: i64) {
        self.set(item, Status::Done, warnings, note, now);
    }

    /// Marks `item` failed with `codes` at `now`.
    pub fn failed(&mut self, item: Item, codes: Vec<MigrateCode>, note: String, now: i64) {
        self.set(item, Status::Failed, codes, note, now);
    }

    /// Sends `item` and every later one back to pending (a choice was changed).
    pub fn reopen_from(&mut self, item: Item, now: i64) {
        for i in Item::all().filter(|i| *i >= item) {
            self.items.insert(i, ItemState::default());
        }
        self.updated_unix = now;
    }

    fn set(&mut self, item: Item, status: Status, codes: Vec<MigrateCode>, note: String, now: i64) {
        self.items.insert(
            item,
            ItemState {
                status,
                at_unix: Some(now),
                codes,
                note,
            },
        );
        self.updated_unix = now;
    }

    /// Records a test of the TBA profile after `after`.
    pub fn record_tba(&mut self, after: Item, ok: bool, now: i64) {
        self.tba_checks.push(TbaCheck {
            after,
            at_unix: now,
            ok,
        });
    }

    /// Every item is done.
    pub fn complete(&self) -> bool {
        self.next().is_none()
    }

    /// How many items are done.
    pub fn done_count(&self) -> usize {
        Item::all()
            .filter(|i| self.item(*i).status == Status::Done)
            .count()
    }
}

/// The default name of the new profile of a migration of `from` to `target`.
pub fn default_to(from: &str, target: Target) -> String {
    match target {
        Target::M2m => format!("{from}-m2m"),
        Target::Authcode => format!("{from}-authcode"),
    }
}

/// Why progress could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not a progress file this nstba understands.
    #[error("{path}: not a migration progress file ({message})")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong (never file content).
        message: String,
    },
}

/// The progress file of the migration of profile `from`, in the profile directory `dir`.
pub fn path(dir: &Path, from: &str) -> PathBuf {
    dir.join(DIR).join(format!("{from}.toml"))
}

/// Reads the progress of `from`; `None` when no migration of it was started.
pub fn load(dir: &Path, from: &str) -> Result<Option<MigrationState>, StateError> {
    let p = path(dir, from);
    let text = match std::fs::read_to_string(&p) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StateError::Io { path: p, source }),
    };
    let state: MigrationState = toml::from_str(&text).map_err(|e| StateError::Format {
        path: p.clone(),
        message: e.message().to_string(),
    })?;
    if state.version != VERSION {
        return Err(StateError::Format {
            path: p,
            message: format!("version {}, expected {VERSION}", state.version),
        });
    }
    Ok(Some(state))
}

/// Writes the progress (atomically: a crash leaves the old file or the new one, never half).
pub fn save(dir: &Path, state: &MigrationState) -> Result<(), StateError> {
    let p = path(dir, &state.from);
    let io = |source| StateError::Io {
        path: p.clone(),
        source,
    };
    let folder = p.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder).map_err(io)?;
    let text = toml::to_string_pretty(state).map_err(|e| StateError::Format {
        path: p.clone(),
        message: e.to_string(),
    })?;
    let mut tmp = tempfile::NamedTempFile::new_in(folder).map_err(io)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io)?;
    tmp.persist(&p).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_resumes_at_the_first_open_item() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path(), "acme").unwrap().is_none());
        let mut s = MigrationState::new("acme", "acme-m2m", "1234567_SB1", 100);
        assert_eq!(s.next(), Some(Item::Inventory));
        s.done(Item::Inventory, "ok", 101);
        s.done(Item::Target, "m2m", 102);
        s.failed(
            Item::Record,
            vec![MigrateCode::MigrateScopeMissing],
            "x".into(),
            103,
        );
        s.inventory = Some(Inventory {
            identity: Identity {
                role: Some("1001".into()),
                entity: Some("4242".into()),
                ..Identity::default()
            },
            working: vec![Api::Rest, Api::Restlet],
            used: vec![Api::Rest],
            soap_used: false,
        });
        s.record_tba(Item::Inventory, true, 101);
        save(dir.path(), &s).unwrap();
        let back = load(dir.path(), "acme").unwrap().unwrap();
        assert_eq!(back, s);
        assert_eq!(back.next(), Some(Item::Record));
        assert_eq!(back.done_count(), 2);
        let mut r = back;
        r.reopen_from(Item::Target, 104);
        assert_eq!(r.next(), Some(Item::Target));
        assert_eq!(r.item(Item::Inventory).status, Status::Done);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), "acme");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "version = 99\n").unwrap();
        assert!(matches!(
            load(dir.path(), "acme"),
            Err(StateError::Format { .. })
        ));
    }
}
