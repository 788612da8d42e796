//! The table `nstba test` prints when it tests several profiles: one row per profile (name,
//! kind, account, status, first diagnosis, ms), printed as each run finishes. On a terminal a
//! status line under the rows says what is still running and is rewritten in place; into a pipe
//! or file only the plain rows are written.

use nstba::check::many::{Done, first_diagnosis, verdict};

/// Widest profile name shown whole (longer ones are cut with `…`).
const NAME_WIDTH: usize = 24;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Profile name.
    pub name: String,
    /// `tba`, `m2m`, `authcode`, or `-` when the profile could not be read.
    pub kind: String,
    /// The account as the profile names it.
    pub account: String,
    /// `pass`, `warn`, `fail`, `cancelled`, or `error` (not tested: the profile is unusable).
    pub status: String,
    /// The first diagnosis code, or why the profile was not tested.
    pub diagnosis: String,
    /// How long the run took; `None` when it did not run.
    pub ms: Option<u64>,
}

impl Row {
    /// The row of a finished run.
    pub fn of(done: &Done, kind: &str, account: &str) -> Row {
        Row {
            name: done.name.clone(),
            kind: kind.to_string(),
            account: account.to_string(),
            status: verdict(&done.report).to_string(),
            diagnosis: first_diagnosis(&done.report).to_string(),
            ms: Some(done.ms),
        }
    }

    /// The row of a profile that could not be tested.
    pub fn error(name: &str, why: &str) -> Row {
        Row {
            name: name.to_string(),
            kind: "-".into(),
            account: "-".into(),
            status: "error".into(),
            diagnosis: why.chars().take(60).collect(),
            ms: None,
        }
    }
}

/// Cuts `s` to `n` characters (the last one `…` when cut).
fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The column width for names: the longest name, at most [`NAME_WIDTH`], at least "profile".
pub fn name_width<'a>(names: impl IntoIterator<Item = &'a str>) -> usize {
    names
        .into_iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp("profile".len(), NAME_WIDTH)
}

/// The header line.
pub fn header(width: usize) -> String {
    format!(
        "{:<width$}  {:<8}  {:<14}  {:<9}  {:<26}  {:>7}",
        "profile", "kind", "account", "status", "first diagnosis", "ms"
    )
    .trim_end()
    .to_string()
}

/// One row as a line.
pub fn line(r: &Row, width: usize) -> String {
    let ms = r.ms.map_or_else(|| "-".to_string(), |m| m.to_string());
    format!(
        "{:<width$}  {:<8}  {:<14}  {:<9}  {:<26}  {:>7}",
        fit(&r.name, width),
        r.kind,
        fit(&r.account, 14),
        r.status,
        fit(&r.diagnosis, 26),
        ms
    )
}

/// The closing summary: how many passed, warned, failed, were cancelled or not tested.
pub fn summary(rows: &[Row]) -> String {
    let count = |s: &str| rows.iter().filter(|r| r.status == s).count();
    let mut parts = vec![format!("{} passed", count("pass"))];
    for (status, words) in [
        ("warn", "with warnings"),
        ("fail", "failed"),
        ("cancelled", "cancelled"),
        ("error", "not tested"),
    ] {
        let n = count(status);
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    format!("{} profiles: {}.", rows.len(), parts.join(", "))
}

/// The status line of a terminal: how many are done and which are running.
pub fn status_line(done: usize, total: usize, running: &[&str]) -> String {
    let mut s = format!("… {done} of {total} done");
    if !running.is_empty() {
        let names: Vec<String> = running.iter().take(4).map(|n| fit(n, 16)).collect();
        s.push_str(&format!(", running: {}", names.join(", ")));
        if running.len() > 4 {
            s.push_str(&format!(" and {} more", running.len() - 4));
        }
    }
    fit(&s, super::test::WIDTH - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, status: &str) -> Row {
        Row {
            name: name.into(),
            kind: "tba".into(),
            account: "1234567_SB1".into(),
            status: status.into(),
            diagnosis: "-".into(),
            ms: Some(812),
        }
    }

    #[test]
    fn rows_line_up_under_the_header() {
        let w = name_width(["acme", "a-very-long-profile-name-for-a-customer"]);
        assert_eq!(w, NAME_WIDTH);
        let h = header(w);
        let l = line(&row("a-very-long-profile-name-for-a-customer", "fail"), w);
        // In characters (the cut name's `…` is three bytes).
        let col = |s: &str, w: &str| s.split(w).next().map(|p| p.chars().count());
        assert_eq!(col(&h, "kind"), col(&l, "tba"));
        assert!(l.contains('…') && l.ends_with("812"), "{l}");
    }

    #[test]
    fn the_summary_counts_each_status() {
        let rows = [row("a", "pass"), row("b", "fail"), row("c", "error")];
        assert_eq!(
            summary(&rows),
            "3 profiles: 1 passed, 1 failed, 1 not tested."
        );
    }

    #[test]
    fn the_status_line_fits_and_names_a_few() {
        let names = ["a", "b", "c", "d", "e", "f"];
        let s = status_line(3, 9, &names);
        assert!(s.contains("3 of 9 done") && s.contains("and 2 more"), "{s}");
        assert!(s.chars().count() < super::super::test::WIDTH);
    }
}
