//! `nstba explain CODE|MESSAGE`: what a Login Audit Trail Detail value, a NetSuite error code or an
//! error message means, its likely causes and the fix.

use nstba::check::catalogue::{self, MatchKind};
use nstba::migrate::{MigrateCode, vars, words};

use super::test::{WIDTH, wrap};
use super::{CliError, ExplainArgs};

/// Prints the explanation; unknown input prints the known codes and exits 2.
pub fn run(args: &ExplainArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    if let Ok(code) = query.trim().to_ascii_lowercase().parse::<MigrateCode>() {
        migrate_code(code);
        return Ok(());
    }
    let Some(found) = catalogue::explain(&query) else {
        let shown: String = query.chars().take(80).collect();
        let mut suggestions = catalogue::suggest(&query, 3);
        suggestions.extend(migrate_suggestions(&query));
        if !suggestions.is_empty() {
            err!(
                "nstba: explain {shown:?}: did you mean {}?",
                suggestions.join(", ")
            );
        }
        err!(
            "nstba: explain {shown:?}: not a known Login Audit Trail Detail value, NetSuite error \
             code or error message. Known codes:"
        );
        err!("{}", wrap(&known_codes().join(", "), "  ", "  ", WIDTH));
        err!(
            "Quote a whole error message to match it by its text, e.g. nstba explain \"Invalid login attempt\"."
        );
        return Err(CliError::Usage(None));
    };
    let e = found.entry;
    let heading = match found.matched {
        MatchKind::Code => e.code.clone(),
        MatchKind::Alias => format!("{} (also written {})", e.code, e.aliases.join(", ")),
        MatchKind::Message => format!("{} (matched by the text of your message)", e.code),
    };
    let w = |text: &str, first: &str, indent: &str| wrap(text, first, indent, WIDTH);
    out!("{}", w(&format!("{heading}: {}", e.title), "", "  "));
    out!("{}", w(&e.where_seen, "Seen in: ", "  "));
    out!("\n{}", w(&e.meaning, "Meaning: ", "  "));
    out!("\nLikely causes:");
    for c in &e.causes {
        out!("{}", w(c, "  - ", "    "));
    }
    out!("\nFix:");
    for (i, f) in e.fixes.iter().enumerate() {
        out!("{}", w(f, &format!("  {}. ", i + 1), "     "));
    }
    Ok(())
}

/// Every code explain knows: the catalogue's, then the migration's.
fn known_codes() -> Vec<&'static str> {
    let mut v = catalogue::known_codes();
    v.extend(MigrateCode::all().map(MigrateCode::as_str));
    v
}

/// Migration codes close to a mistyped `migrate-…` query.
fn migrate_suggestions(query: &str) -> Vec<&'static str> {
    let q = query.trim().to_ascii_lowercase();
    if !q.starts_with("migrate") {
        return Vec::new();
    }
    let mut v: Vec<(f64, &'static str)> = MigrateCode::all()
        .map(|c| (strsim::jaro_winkler(&q, c.as_str()), c.as_str()))
        .filter(|(s, _)| *s > 0.85)
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    v.into_iter().take(3).map(|(_, c)| c).collect()
}

/// A migration code: its checklist item, what it means and the fix.
fn migrate_code(code: MigrateCode) {
    let generic = vars::generic();
    let f = words::failure(code, &generic);
    let item = code.item();
    let w = |text: &str, first: &str, indent: &str| wrap(text, first, indent, WIDTH);
    let kind = if code.is_warning() {
        "warning"
    } else {
        "failure"
    };
    out!("{}", w(&format!("{code}: {}", f.title), "", "  "));
    out!(
        "{}",
        w(
            &format!(
                "`nstba migrate` and the wizard's \"Move this connection to OAuth 2.0\", checklist item {} ({}): {kind}.",
                item.number(),
                words::item(item, &generic).title
            ),
            "Seen in: ",
            "  "
        )
    );
    out!("\n{}", w(&f.cause, "Meaning: ", "  "));
    out!("\nFix:");
    for (i, fix) in f.fixes.iter().enumerate() {
        out!("{}", w(fix, &format!("  {}. ", i + 1), "     "));
    }
}
