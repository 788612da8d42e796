//! `nstba explain CODE|MESSAGE`: what a Login Audit Trail Detail value, a NetSuite error code or an
//! error message means, its likely causes and the fix.

use std::io::Write;

use nstba::check::catalogue::{self, MatchKind};

use super::test::{WIDTH, wrap};
use super::{Exit, ExplainArgs, Failure};

/// Prints the explanation; unknown input prints the known codes and exits 2.
pub fn run(args: &ExplainArgs) -> Result<Exit, Failure> {
    let query = args.query.join(" ");
    let Some(found) = catalogue::explain(&query) else {
        let shown: String = query.chars().take(80).collect();
        eprintln!(
            "nstba: explain {shown:?}: not a known Login Audit Trail Detail value, NetSuite error \
             code or error message. Known codes:"
        );
        eprintln!(
            "{}",
            wrap(&catalogue::known_codes().join(", "), "  ", "  ", WIDTH)
        );
        eprintln!(
            "Quote a whole error message to match it by its text, e.g. nstba explain \"Invalid login attempt\"."
        );
        return Ok(Exit::Usage);
    };
    let e = found.entry;
    let mut out = std::io::stdout();
    let heading = match found.matched {
        MatchKind::Code => e.code.clone(),
        MatchKind::Alias => format!("{} (also written {})", e.code, e.aliases.join(", ")),
        MatchKind::Message => format!("{} (matched by the text of your message)", e.code),
    };
    let w = |text: &str, first: &str, indent: &str| wrap(text, first, indent, WIDTH);
    let _ = writeln!(out, "{}", w(&format!("{heading}: {}", e.title), "", "  "));
    let _ = writeln!(out, "{}", w(&e.where_seen, "Seen in: ", "  "));
    let _ = writeln!(out, "\n{}", w(&e.meaning, "Meaning: ", "  "));
    let _ = writeln!(out, "\nLikely causes:");
    for c in &e.causes {
        let _ = writeln!(out, "{}", w(c, "  - ", "    "));
    }
    let _ = writeln!(out, "\nFix:");
    for (i, f) in e.fixes.iter().enumerate() {
        let _ = writeln!(out, "{}", w(f, &format!("  {}. ", i + 1), "     "));
    }
    let _ = out.flush();
    Ok(Exit::Ok)
}
