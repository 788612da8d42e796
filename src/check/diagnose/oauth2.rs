//! OAuth 2.0 rules (`key-unusable`, `certificate-expired`, `algorithm-rejected`,
//! `token-request-refused`, `scope-mismatch`, `refresh-token-expired`). Their words are already in
//! `assets/diagnoses.toml`; the rules land here with the OAuth 2.0 observations (key checks, the
//! token request). A TBA run observes none of those, so today this family adds nothing.

use super::Facts;
use crate::check::model::Diagnosis;

/// The OAuth 2.0 diagnoses for `f`, in rank order.
pub(super) fn rules(f: &Facts) -> Vec<Diagnosis> {
    // No OAuth 2.0 observation exists in `Facts` yet: nothing to judge.
    let _ = f;
    Vec::new()
}
