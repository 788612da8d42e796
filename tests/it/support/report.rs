//! Reading a connection-test [`Report`] in assertions: the first diagnosis and one check's row.

use nstba::check::{CheckId, CheckResult, Report, Status};

/// The code of the first (highest-ranked) diagnosis, or `<none>`.
pub fn first_code(r: &Report) -> &str {
    r.diagnoses
        .first()
        .map(|d| d.code.as_str())
        .unwrap_or("<none>")
}

/// The row of check `id` (every report has one per check).
pub fn check(r: &Report, id: CheckId) -> &CheckResult {
    r.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no row for {id:?}"))
}

/// The status of check `id`.
pub fn status(r: &Report, id: CheckId) -> Status {
    check(r, id).status
}
