//! The choices each checklist item of the migration offers on its screen (target, record,
//! confirmations, the role acceptance, the twice-asked revoke), and what choosing one does to
//! the progress. Pure: the wizard calls [`choose`], the view reads [`rows`].

use crate::migrate::Item;
use crate::migrate::state::{MigrationState, RecordChoice, Target};

/// One choice row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Migrate this saved profile (the inventory item lists them).
    Profile(usize),
    /// Target: client credentials (M2M).
    M2m,
    /// Target: authorization code.
    Authcode,
    /// Record: the TBA record with the OAuth 2.0 boxes ticked.
    SameRecord,
    /// Record: a separate OAuth 2.0-only record.
    SeparateRecord,
    /// The NetSuite step of this item is done.
    Confirm,
    /// Side by side: accept the OAuth 2.0 token's other role.
    AcceptRole,
    /// Sandbox: a sandbox was migrated first.
    SandboxDone,
    /// Cut-over: a monitored run on the new profile succeeded.
    Monitored,
    /// Cut-over: revoke the TBA token (asked twice).
    Revoke,
    /// Key: upload the certificate with this saved login (the rotation API).
    UploadWith(usize),
    /// Key: log in (authorization code) now, then upload with that login.
    LoginToUpload,
}

/// What the user ticked on the screens (not in the progress file: a confirmation is given
/// where it is asked, each time).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "one independent answer per question the items ask"
)]
pub struct Ticks {
    /// Record boxes ticked in NetSuite.
    pub record: bool,
    /// Role permission added in NetSuite.
    pub role: bool,
    /// A sandbox was migrated first.
    pub sandbox: bool,
    /// A monitored run succeeded.
    pub monitored: bool,
    /// Revoke: 0 not asked, 1 asked once, 2 confirmed twice.
    pub revoke: u8,
    /// A choice that would reopen the completed migration, asked once: Space on it again
    /// applies it.
    pub reopen: Option<Choice>,
}

/// Whether choosing `c` would change a choice of the completed migration `st` (and so reopen
/// it): asked for again first, never done by one key.
pub fn reopens(c: Choice, st: &MigrationState) -> bool {
    st.complete()
        && match c {
            Choice::M2m => st.target != Target::M2m,
            Choice::Authcode => st.target != Target::Authcode,
            Choice::SameRecord => st.record != RecordChoice::Same,
            Choice::SeparateRecord => st.record != RecordChoice::Separate,
            _ => false,
        }
}

/// The rows of `item`: `profiles` TBA profiles can be moved, `logins` logins can upload.
pub fn rows(
    item: Item,
    st: Option<&MigrationState>,
    profiles: usize,
    logins: usize,
) -> Vec<Choice> {
    let m2m = st.is_none_or(|s| s.target == Target::M2m);
    match item {
        Item::Inventory => (0..profiles).map(Choice::Profile).collect(),
        Item::Key if m2m && logins == 0 && st.is_some_and(|s| s.certificate_file.is_some()) => {
            vec![Choice::LoginToUpload]
        }
        Item::Key if m2m => (0..logins).map(Choice::UploadWith).collect(),
        Item::Target => vec![Choice::M2m, Choice::Authcode],
        Item::Record => vec![Choice::SameRecord, Choice::SeparateRecord, Choice::Confirm],
        Item::Role => vec![Choice::Confirm],
        Item::Key => Vec::new(),
        Item::SideBySide if role_differs(st) => vec![Choice::AcceptRole],
        Item::SideBySide => Vec::new(),
        Item::Sandbox if st.is_some_and(crate::migrate::steps::is_sandbox) => Vec::new(),
        Item::Sandbox => vec![Choice::SandboxDone],
        Item::CutOver => vec![Choice::Monitored, Choice::Revoke],
    }
}

/// The side-by-side run saw another role than the TBA token's.
pub fn role_differs(st: Option<&MigrationState>) -> bool {
    let Some(st) = st else { return false };
    let old = st.inventory.as_ref().and_then(|i| i.identity.role.clone());
    let new = st.new_identity.as_ref().and_then(|i| i.role.clone());
    matches!((old, new), (Some(a), Some(b)) if a != b)
}

/// Whether row `c` is on (ticked or chosen).
pub fn is_on(c: Choice, item: Item, st: Option<&MigrationState>, t: &Ticks, from: &str) -> bool {
    match c {
        Choice::Profile(_) => false,
        Choice::M2m => st.is_none_or(|s| s.target == Target::M2m),
        Choice::Authcode => st.is_some_and(|s| s.target == Target::Authcode),
        Choice::SameRecord => st.is_none_or(|s| s.record == RecordChoice::Same),
        Choice::SeparateRecord => st.is_some_and(|s| s.record == RecordChoice::Separate),
        Choice::Confirm if item == Item::Record => t.record,
        Choice::Confirm => t.role,
        Choice::AcceptRole => st.is_some_and(|s| s.accepted_role.is_some()),
        Choice::SandboxDone => t.sandbox,
        Choice::Monitored => t.monitored,
        Choice::Revoke => t.revoke == 2 && !from.is_empty(),
        Choice::UploadWith(_) | Choice::LoginToUpload => false,
    }
}

/// The words of row `c`.
pub fn label(
    c: Choice,
    item: Item,
    st: Option<&MigrationState>,
    t: &Ticks,
    names: &[String],
) -> String {
    let text = plain_label(c, item, st, t, names);
    if t.reopen == Some(c) {
        format!(
            "{text}. The migration is complete: Space again reopens it from item {}",
            item.number()
        )
    } else {
        text
    }
}

fn plain_label(
    c: Choice,
    item: Item,
    st: Option<&MigrationState>,
    t: &Ticks,
    names: &[String],
) -> String {
    match c {
        Choice::Profile(i) => format!("Move profile {}", names.get(i).map_or("?", String::as_str)),
        Choice::LoginToUpload => {
            "Log in (authorization code), then upload it with that login (rotation API)".into()
        }
        Choice::UploadWith(i) => format!(
            "Upload with login {} (rotation API; the id comes back)",
            names.get(i).map_or("?", String::as_str)
        ),
        Choice::M2m => "M2M (client credentials): unattended integrations, the default".into(),
        Choice::Authcode => "Authorization code: acting as a person, a browser login".into(),
        Choice::SameRecord => "The same record: its Client ID is the TBA consumer key".into(),
        Choice::SeparateRecord => "A separate OAuth 2.0-only record (its own Client ID)".into(),
        Choice::Confirm if item == Item::Record => {
            "Done in NetSuite: OAuth 2.0 boxes, grant and scopes ticked".into()
        }
        Choice::Confirm => "Done in NetSuite: Log in using OAuth 2.0 Access Tokens added".into(),
        Choice::AcceptRole => {
            let new = st
                .and_then(|s| s.new_identity.as_ref())
                .and_then(|i| i.role.clone())
                .unwrap_or_default();
            format!("Accept role {new}: the integration would see other data")
        }
        Choice::SandboxDone => "A sandbox was migrated first".into(),
        Choice::Monitored => {
            "A monitored run of the integration on the new profile succeeded".into()
        }
        Choice::Revoke => match t.revoke {
            0 => "Revoke the TBA token (never automatic; asked twice)".into(),
            1 => "Really revoke? Integrations still on TBA stop at once: Space again".into(),
            _ => "Revoke the TBA token: confirmed twice".into(),
        },
    }
}

/// Applies choosing `c` on `item`: the progress' choices (reopening the checklist from the
/// item they change) and the ticks. Returns the profile to open, for [`Choice::Profile`].
pub fn choose(
    c: Choice,
    item: Item,
    st: Option<&mut MigrationState>,
    t: &mut Ticks,
    now: i64,
) -> Option<usize> {
    if st.as_deref().is_some_and(|s| reopens(c, s)) && t.reopen != Some(c) {
        t.reopen = Some(c);
        return None;
    }
    t.reopen = None;
    let set = |from: Item, f: &dyn Fn(&mut MigrationState) -> bool| {
        if let Some(s) = st
            && f(s)
        {
            s.reopen_from(from, now);
        }
    };
    match c {
        Choice::Profile(i) => return Some(i),
        // The login's name is the wizard's to give ([`choose_login`]).
        Choice::UploadWith(_) | Choice::LoginToUpload => {}
        Choice::M2m | Choice::Authcode => {
            let want = if c == Choice::M2m {
                Target::M2m
            } else {
                Target::Authcode
            };
            // `set_target` reopens the checklist itself (and renames a default new profile).
            set(Item::Target, &|s| {
                s.set_target(want, now);
                false
            });
        }
        Choice::SameRecord | Choice::SeparateRecord => {
            let want = if c == Choice::SameRecord {
                RecordChoice::Same
            } else {
                RecordChoice::Separate
            };
            set(Item::Record, &|s| {
                std::mem::replace(&mut s.record, want) != want
            });
        }
        Choice::Confirm if item == Item::Record => t.record = !t.record,
        Choice::Confirm => t.role = !t.role,
        Choice::AcceptRole => set(Item::SideBySide, &|s| {
            let new = s.new_identity.as_ref().and_then(|i| i.role.clone());
            s.accepted_role = if s.accepted_role.is_some() { None } else { new };
            true
        }),
        Choice::SandboxDone => t.sandbox = !t.sandbox,
        Choice::Monitored => t.monitored = !t.monitored,
        Choice::Revoke => t.revoke = (t.revoke + 1) % 3,
    }
    None
}

/// Choosing login `login` for the upload (again: unchoosing it). A typed or earlier id is
/// replaced by the one the upload returns, unless the key item is done.
pub fn choose_login(st: &mut MigrationState, login: &str, now: i64) {
    if st.upload_login.as_deref() == Some(login) {
        st.upload_login = None;
        return;
    }
    st.upload_login = Some(login.to_string());
    if st.item(Item::Key).status != crate::migrate::Status::Done {
        st.certificate_id = None;
        st.updated_unix = now;
    }
}
