//! `nstba report --all-profiles` (or `--profile A --profile B …`): tests the profiles as
//! `nstba test` does with several, then prints one Markdown document: a summary table (one row
//! per profile) and each profile's own report below it (its headings one level down), each
//! redacted exactly like a single report. Exit status: the worst of the runs.

use nstba::check::many::{first_diagnosis, verdict};
use nstba::profile;
use nstba::report::{self, ReportInput};

use super::test_many::{self, Outcomes};
use super::{CliError, TestOptions};

/// `md` with every heading one level down (`# x` → `## x`), outside code blocks.
fn demoted(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 64);
    let mut fenced = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A table cell: no pipe or line break can break the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The summary table of every profile.
fn summary(outcomes: &Outcomes) -> String {
    let mut md = String::from(
        "| profile | kind | account | status | first diagnosis | ms |\n|---|---|---|---|---|---|\n",
    );
    for ((name, run), settings) in outcomes.runs.iter().zip(&outcomes.settings) {
        let row = match (run, settings) {
            (Ok(d), Some(s)) => format!(
                "| {} | {} | {} | {} | `{}` | {} |\n",
                cell(name),
                s.credentials.kind().as_str(),
                cell(&d.report.account),
                verdict(&d.report),
                first_diagnosis(&d.report),
                d.ms
            ),
            (Err(e), _) => format!(
                "| {} | - | - | not tested | {} | - |\n",
                cell(name),
                cell(&e.to_string())
            ),
            (Ok(_), None) => String::new(),
        };
        md.push_str(&row);
    }
    md
}

/// The combined report of `names`.
pub fn run(o: &TestOptions, names: &[String]) -> Result<(), CliError> {
    // Progress is not shown: the report is the output.
    let outcomes = test_many::test_all(o, names, false)?;
    let warnings = test_many::record(&outcomes);
    let now = profile::clock::now_unix();
    let mut md = format!(
        "# nstba support report: {} profiles\n\n{}\n",
        names.len(),
        summary(&outcomes)
    );
    for ((name, run), settings) in outcomes.runs.iter().zip(&outcomes.settings) {
        let (Ok(done), Some(s)) = (run, settings) else {
            continue;
        };
        let w: &[String] = warnings
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, w)| w.as_slice());
        let input = ReportInput {
            report: &done.report,
            credentials: None,
            profile: Some(name),
            apis: &s.apis,
            base_url: s.base_url.as_deref(),
            detail: done
                .report
                .diagnoses
                .iter()
                .find_map(|d| d.detail.as_deref()),
            warnings: w,
            generated_at_unix: now,
        };
        let one = report::for_kind(&input, Some(&s.credentials), done.info.token.as_ref());
        md.push_str(&format!("\n---\n\n{}", demoted(&one)));
    }
    crate::cli::out::stdout(format_args!("{md}"));
    outcomes.worst()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_one_level_down_outside_code() {
        assert_eq!(
            demoted("# a\n## b\n```\n# not\n```\ntext #x\n"),
            "## a\n### b\n```\n# not\n```\ntext #x\n"
        );
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
