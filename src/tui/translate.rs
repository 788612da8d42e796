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

/// Looks up a Detail value or message in the check engine's catalogue. `None` when nothing matches.
pub fn explain(query: &str) -> Option<Answer> {
    let e = crate::check::catalogue::explain(query)?.entry;
    Some(Answer {
        code: e.code.clone(),
        title: e.title.clone(),
        meaning: e.meaning.clone(),
        causes: e.causes.clone(),
        fixes: e.fixes.clone(),
        where_seen: e.where_seen.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_detail_values_and_messages_are_explained() {
        assert_eq!(
            explain("InvalidSignature").unwrap().code,
            "InvalidSignature"
        );
        assert!(explain("Invalid login attempt").is_some());
        assert!(explain("certainly not a netsuite code").is_none());
    }
}
