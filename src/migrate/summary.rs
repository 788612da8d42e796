//! Where a migration stands, as the Markdown section `nstba report --profile FROM` adds: each
//! checklist item with its state and codes, the next item, and how the TBA profile fared.

use std::fmt::Write as _;

use super::item::Item;
use super::state::MigrationState;
use super::words;

/// The `## Migration to OAuth 2.0` section for `st`.
pub fn markdown(st: &MigrationState) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## Migration to OAuth 2.0\n");
    let _ = writeln!(
        md,
        "Profile `{}` is being moved to `{}`: {} of 8 items done (started {}, last step {}, UTC).\n",
        st.from,
        st.to,
        st.done_count(),
        crate::profile::clock::rfc3339(st.started_unix),
        crate::profile::clock::rfc3339(st.updated_unix),
    );
    let _ = writeln!(md, "| # | Item | State | Codes |");
    let _ = writeln!(md, "|---|---|---|---|");
    for item in Item::all() {
        let s = st.item(item);
        let codes: Vec<String> = s.codes.iter().map(|c| format!("`{c}`")).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            item.number(),
            words::item(item, &[]).title.replace('|', "/"),
            s.status.word(),
            codes.join(", ")
        );
    }
    md.push('\n');
    if let Some(next) = st.next() {
        let _ = writeln!(
            md,
            "Next: item {} (`{}`): `nstba migrate --from {}`.\n",
            next.number(),
            next.id(),
            st.from
        );
    }
    let failed = st.tba_checks.iter().filter(|c| !c.ok).count();
    let _ = writeln!(
        md,
        "The TBA profile was tested {} times during the migration; {} of those failed.\n",
        st.tba_checks.len(),
        failed
    );
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_shows_each_item_and_the_next() {
        let mut st = MigrationState::new("acme", "acme-m2m", "1234567", 0);
        st.done(Item::Inventory, "", 1);
        st.failed(
            Item::Target,
            vec![super::super::MigrateCode::MigrateAuthcodeNeedsLogin],
            String::new(),
            2,
        );
        let md = markdown(&st);
        assert!(md.contains("1 of 8 items done"), "{md}");
        assert!(
            md.contains("| 2 | Target") && md.contains("`migrate-authcode-needs-login`"),
            "{md}"
        );
        assert!(md.contains("Next: item 2 (`target`)"), "{md}");
    }
}
