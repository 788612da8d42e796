//! The stable codes of what can go wrong in a migration (`migrate-role-mismatch`, …), one or more
//! per checklist item. Scripts and tests rely on the strings: add variants, never rename one. The
//! words live in `assets/migrate.toml` ([`super::words`]); a unit test keeps the two in step.

use super::item::Item;
use crate::check::code::stable_ids;

stable_ids! {
/// One migration failure code, kebab-case as in the data and the output.
pub enum MigrateCode {
    /// Inventory: the TBA profile fails now.
    MigrateTbaNotWorking,
    /// Inventory: the integration uses SOAP (must move to REST by 2028.2). A warning.
    MigrateSoapInUse,
    /// Target: authorization code chosen; a browser login is needed.
    MigrateAuthcodeNeedsLogin,
    /// Record: a separate record was chosen but its Client ID is not given.
    MigrateClientIdMissing,
    /// Record: grant unticked, record blocked, feature off or foreign Client ID.
    MigrateRecordNotReady,
    /// Record: the OAuth 2.0 token lacks a scope for an interface the TBA token works on.
    MigrateScopeMissing,
    /// Role: the token is refused (role lacks the OAuth 2.0 login permission, inactive).
    MigrateRolePermission,
    /// Key: the key or certificate is unusable locally.
    MigrateKeyProblem,
    /// Key: the token endpoint does not accept the certificate id for this record.
    MigrateCertificateNotMapped,
    /// Side by side: the new profile fails for another reason.
    MigrateNewProfileFailing,
    /// Side by side: the OAuth 2.0 token's role differs from the TBA token's. A warning.
    MigrateRoleMismatch,
    /// Side by side: the OAuth 2.0 token's entity differs from the TBA token's.
    MigrateEntityMismatch,
    /// Side by side: the TBA profile stopped working during the migration.
    MigrateTbaBroken,
    /// Sandbox: production is migrated with no sandbox migration confirmed.
    MigrateProductionFirst,
    /// Cut-over: no monitored run confirmed.
    MigrateNotMonitored,
    /// Key: the login chosen for the upload gives no token (expired, revoked, not a login).
    MigrateLoginUnusable,
    /// Key: the integration record already has 5 active certificates.
    MigrateUploadLimit,
    /// Key: the login's role may not manage certificates (or the login is another record's).
    MigrateUploadPermission,
    /// Key: the certificate API refused the upload for another reason.
    MigrateUploadRefused,
}
}

impl MigrateCode {
    /// The checklist item this code belongs to.
    pub fn item(self) -> Item {
        use MigrateCode as C;
        match self {
            C::MigrateTbaNotWorking | C::MigrateSoapInUse => Item::Inventory,
            C::MigrateAuthcodeNeedsLogin => Item::Target,
            C::MigrateClientIdMissing | C::MigrateRecordNotReady | C::MigrateScopeMissing => {
                Item::Record
            }
            C::MigrateRolePermission => Item::Role,
            C::MigrateKeyProblem
            | C::MigrateCertificateNotMapped
            | C::MigrateLoginUnusable
            | C::MigrateUploadLimit
            | C::MigrateUploadPermission
            | C::MigrateUploadRefused => Item::Key,
            C::MigrateNewProfileFailing
            | C::MigrateRoleMismatch
            | C::MigrateEntityMismatch
            | C::MigrateTbaBroken => Item::SideBySide,
            C::MigrateProductionFirst => Item::Sandbox,
            C::MigrateNotMonitored => Item::CutOver,
        }
    }

    /// Whether the checklist goes back to this code's item when it is found later on. A login
    /// missing at the side-by-side item does not undo the choice of the target: the user logs
    /// in and the side-by-side item runs again.
    pub fn sends_back(self) -> bool {
        !matches!(self, MigrateCode::MigrateAuthcodeNeedsLogin)
    }

    /// Shown as a warning (⚠), not a failure (✗): SOAP use, and a role other than the TBA
    /// token's, which stops the item until it is accepted but is not an error in itself.
    pub fn shown_as_warning(self) -> bool {
        self.is_warning() || self == MigrateCode::MigrateRoleMismatch
    }

    /// Warnings inform; they do not stop the item on their own (SOAP use, an accepted role).
    pub fn is_warning(self) -> bool {
        matches!(self, MigrateCode::MigrateSoapInUse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_prefixed() {
        crate::check::code::tests::assert_ids_round_trip::<MigrateCode>();
        assert!(MigrateCode::all().all(|c| c.as_str().starts_with("migrate-")));
        assert_eq!(MigrateCode::all().count(), 19);
    }
}
