//! `nstba explain CODE|MESSAGE`: what a Login Audit Trail Detail value, a NetSuite error code or an
//! error message means, its likely causes and the fix.

use nstba::check::catalogue::{self, MatchKind};

use super::test::{WIDTH, wrap};
use super::{CliError, ExplainArgs};

/// Prints the explanation; unknown input prints the known codes and exits 2.
pub fn run(args: &ExplainArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let Some(found) = catalogue::explain(&query) else {
        let shown: String = query.chars().take(80).collect();
        let suggestions = catalogue::suggest(&query, 3);
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
        err!(
            "{}",
            wrap(&catalogue::known_codes().join(", "), "  ", "  ", WIDTH)
        );
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
