//! The eight checklist items of a migration, in the order they are done, and the state each is
//! in. The words of each item live in `assets/migrate.toml` ([`super::words`]).

use serde::{Deserialize, Serialize};

use crate::check::code::stable_ids;

stable_ids! {
/// One checklist item. Serialized kebab-case (`side-by-side`), as in the progress file.
pub enum Item {
    /// What the TBA token can do now: interfaces, role, entity, company, SOAP use.
    Inventory,
    /// M2M (default) or authorization code.
    Target,
    /// The integration record: same or separate, grant, scopes.
    Record,
    /// The role: Log in using OAuth 2.0 Access Tokens.
    Role,
    /// Key, certificate, upload, certificate id.
    Key,
    /// Both profiles tested in one run; role and entity compared.
    SideBySide,
    /// Sandbox first, then production.
    Sandbox,
    /// Switch over after a monitored run; offer to revoke the TBA token.
    CutOver,
}
}

impl Item {
    /// The stable id (`side-by-side`).
    pub fn id(self) -> &'static str {
        self.as_str()
    }

    /// 1-based position in the checklist.
    pub fn number(self) -> usize {
        Item::all().position(|i| i == self).unwrap_or(0) + 1
    }
}

/// Where one item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not reached yet.
    #[default]
    Pending,
    /// Done (checked live where it can be, or confirmed).
    Done,
    /// Checked, and found a problem; the migration resumes here.
    Failed,
}

impl Status {
    /// The word shown in listings.
    pub fn word(self) -> &'static str {
        match self {
            Status::Pending => "to do",
            Status::Done => "done",
            Status::Failed => "failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_in_order() {
        let ids: Vec<&str> = Item::all().map(Item::id).collect();
        assert_eq!(
            ids,
            [
                "inventory",
                "target",
                "record",
                "role",
                "key",
                "side-by-side",
                "sandbox",
                "cut-over"
            ]
        );
        crate::check::code::tests::assert_ids_round_trip::<Item>();
        assert_eq!(Item::Inventory.number(), 1);
        assert_eq!(Item::CutOver.number(), 8);
    }
}
