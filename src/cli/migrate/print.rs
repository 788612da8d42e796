//! The text `nstba migrate` prints: each item's heading and NetSuite steps, each finding with
//! its cause and fixes, the failing test's own diagnosis, and the checklist's state.

use nstba::check::Report;
use nstba::migrate::state::{MigrationState, Target};
use nstba::migrate::vars::{failure_words, item_words};
use nstba::migrate::{Finding, Item};

use super::super::test::{WIDTH, wrap};

/// The item's number, title, what it is about and what to do.
pub fn header(st: &MigrationState, item: Item) {
    let w = item_words(st, item);
    out!("\n[{}/8] {}", item.number(), w.title);
    out!("{}", wrap(&w.about, "  ", "  ", WIDTH));
    let m2m_key = item == Item::Key && st.target == Target::M2m;
    match (&st.upload_login, w.todo_login) {
        (Some(login), _) if m2m_key => {
            let todo = format!(
                "nothing by hand: the login {login} uploads the certificate through the rotation API, mapped to entity and role of the TBA token."
            );
            out!("{}", wrap(&todo, "  To do: ", "    ", WIDTH));
        }
        (_, Some(login)) if m2m_key => {
            out!("{}", wrap(&w.todo, "  To do: ", "    ", WIDTH));
            out!("{}", wrap(&login, "  ", "    ", WIDTH));
        }
        _ => out!("{}", wrap(&w.todo, "  To do: ", "    ", WIDTH)),
    }
}

/// One finding: its code, item, title, cause and fixes (their commands with `--base-url` when
/// the run used one, so a copy-paste goes where this run went).
pub fn finding(st: &MigrationState, f: &Finding, base: Option<&str>) {
    let mut w = failure_words(st, f);
    w.cause = super::super::origin::with_base(&w.cause, base);
    for fix in &mut w.fixes {
        *fix = super::super::origin::with_base(fix, base);
    }
    // A warning looks like one (⚠ and the word), a failure like a failure (✗).
    let mark = if f.code.shown_as_warning() {
        "⚠ warning:"
    } else {
        "✗"
    };
    out!("  {mark} {} ({}): {}", f.code, w.item, w.title);
    out!("{}", wrap(&w.cause, "    ", "    ", WIDTH));
    for fix in &w.fixes {
        out!("{}", wrap(fix, "    Fix: ", "      ", WIDTH));
    }
}

/// The failing test's own first diagnosis, for the details.
pub fn report_cause(r: &Report) {
    if let Some(d) = r.diagnoses.first() {
        out!(
            "{}",
            wrap(
                &format!("{} ({}): {}", d.title, d.code, d.cause),
                "    Test: ",
                "      ",
                WIDTH
            )
        );
    }
}

/// The checklist with each item's state.
pub fn status(st: &MigrationState) {
    out!(
        "Migration of {} to {}: {} of 8 items done.",
        st.from,
        st.to,
        st.done_count()
    );
    for item in Item::all() {
        let s = st.item(item);
        let title = item_words(st, item).title;
        let codes: Vec<&str> = s.codes.iter().map(|c| c.as_str()).collect();
        let extra = if codes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", codes.join(", "))
        };
        out!("  {}. {:<6} {title}{extra}", item.number(), s.status.word());
    }
    if let Some(next) = st.next() {
        out!("Next: item {} ({}).", next.number(), next.id());
    }
    let broke = st.tba_checks.iter().filter(|c| !c.ok).count();
    out!(
        "TBA profile tested {} times during the migration, {} failed.",
        st.tba_checks.len(),
        broke
    );
}
