//! What a TBA profile's connection test says of its migration: a run of a profile whose migration
//! is under way or done is told where it stands (and the next command, with the profile's own
//! name) instead of only that TBA is being retired.

use super::MigrationState;
use crate::check::run_info::Notice;
use crate::check::text::texts;

/// The code of the notice this rewrites (its code stays: scripts rely on it).
pub const RETIREMENT: &str = "tba-retirement";

/// `notice` for a run of TBA profile `profile`, whose saved migration progress is `state`. Any
/// notice other than [`RETIREMENT`] is returned as it is.
pub fn for_profile(notice: &Notice, profile: &str, state: Option<&MigrationState>) -> Notice {
    if notice.code != RETIREMENT {
        return notice.clone();
    }
    let fill = |name: &str, st: &MigrationState| {
        texts()
            .fragment(name)
            .replace("{from}", profile)
            .replace("{to}", &st.to)
            .replace("{done}", &st.done_count().to_string())
    };
    // The generic words name a placeholder profile; this run knows the real one.
    let generic = notice.text.replace("PROFILE", profile);
    let text = match state {
        None => generic,
        Some(st) if st.tba_revoked => fill("tba-migrated-revoked", st),
        Some(st) if st.complete() => fill("tba-migrated", st),
        Some(st) => format!("{generic} {}", fill("tba-migration-under-way", st)),
    };
    Notice {
        code: notice.code,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::AuthKind;
    use crate::check::run_info::notices;
    use crate::migrate::Item;

    fn retirement() -> Notice {
        notices(AuthKind::Tba).remove(0)
    }

    #[test]
    fn without_a_migration_the_command_names_the_profile() {
        let n = for_profile(&retirement(), "sb", None);
        assert_eq!(n.code, RETIREMENT);
        assert!(n.text.contains("`nstba migrate --from sb`"), "{}", n.text);
        assert!(!n.text.contains("PROFILE"), "{}", n.text);
    }

    #[test]
    fn an_unfinished_migration_says_how_far_it_is_and_how_to_go_on() {
        let mut st = MigrationState::new("sb", "sb-m2m", "1234567_SB1", 0);
        st.done(Item::Inventory, "", 0);
        st.done(Item::Target, "", 0);
        let n = for_profile(&retirement(), "sb", Some(&st));
        assert!(n.text.starts_with("TBA is being retired"), "{}", n.text);
        assert!(n.text.contains("new profile `sb-m2m`"), "{}", n.text);
        assert!(n.text.contains("2 of 8 items done"), "{}", n.text);
        assert!(
            n.text.contains("Go on with `nstba migrate --from sb`"),
            "{}",
            n.text
        );
    }

    #[test]
    fn a_finished_migration_points_to_the_new_profile_and_the_revocation() {
        let mut st = MigrationState::new("sb", "sb-m2m", "1234567_SB1", 0);
        for item in Item::all() {
            st.done(item, "", 0);
        }
        let n = for_profile(&retirement(), "sb", Some(&st));
        assert!(!n.text.contains("is being retired"), "{}", n.text);
        assert!(
            n.text.contains("profile `sb-m2m` replaces it"),
            "{}",
            n.text
        );
        assert!(
            n.text
                .contains("`nstba migrate --from sb --revoke-tba --confirm-revoke sb`"),
            "{}",
            n.text
        );
        st.tba_revoked = true;
        let n = for_profile(&retirement(), "sb", Some(&st));
        assert!(n.text.contains("was revoked"), "{}", n.text);
        assert!(
            n.text.contains("`nstba test --profile sb-m2m`"),
            "{}",
            n.text
        );
    }

    #[test]
    fn other_notices_pass_through() {
        let other = Notice {
            code: "other",
            text: "PROFILE stays".into(),
        };
        assert_eq!(for_profile(&other, "sb", None), other);
    }
}
