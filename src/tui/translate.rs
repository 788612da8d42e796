//! The Login Audit Trail translator's answer, adapted from the check engine's code catalogue
//! (`nstba::check::catalogue::explain`) so the view does not depend on the catalogue's types.

/// What a Detail value or error message means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The canonical code (`InvalidSignature`).
    pub code: String,
    /// One line.
    pub title: String,
    /// What it means.
    pub meaning: String,
    /// Why it happens.
    pub causes: Vec<String>,
    /// What to do, in order.
    pub fixes: Vec<String>,
    /// Where this code or message shows up.
    pub where_seen: String,
}

/// Looks up a Detail value or message in the catalogue. `None` when nothing matches.
pub fn explain(query: &str) -> Option<Answer> {
    // The catalogue lands with the check engine; until it is merged nothing matches.
    let _ = query;
    None
}
