//! The ranked causes of a refused refresh (authorization code, reference §2.6): the M2M causes
//! (certificate id, mapping, clock) do not apply to a refresh token, so the RFC 6749 code ranks
//! the record's grant box, the client's authentication, the record's state, the scopes and the
//! login's entity and role. Words in `assets/diagnoses.toml` (`[cause.authcode-*]`).

use super::draft::cause;
use crate::check::model::Cause;

/// The candidate causes of a refused refresh answered `error`, most likely first.
pub(super) fn token_causes(error: Option<&str>, scopes: &[String]) -> Vec<Cause> {
    let is = |code: &str| error == Some(code);
    let shown = error.unwrap_or("without an OAuth error code");
    let scopes = scopes.join(", ");
    let mut scored: Vec<(u8, Option<Cause>)> = vec![
        (
            if is("unauthorized_client") { 90 } else { 30 },
            cause("authcode-grant-not-ticked", &[("error", shown)]),
        ),
        (
            if is("invalid_client") { 90 } else { 40 },
            cause("authcode-client-auth", &[("error", shown)]),
        ),
        (
            if is("unauthorized_client") { 74 } else { 20 },
            cause("authcode-record-blocked", &[]),
        ),
        (
            if is("invalid_scope") { 95 } else { 15 },
            cause("authcode-scope", &[("scopes", &scopes)]),
        ),
        (25, cause("authcode-entity-role", &[])),
    ];
    // Stable: equal scores keep the order above (the usual frequency).
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored.into_iter().filter_map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_ranks_the_causes() {
        let first = |e| {
            token_causes(Some(e), &["restlets".into()])[0]
                .detail
                .clone()
        };
        assert_eq!(
            first("unauthorized_client").as_deref(),
            Some("AuthorizationCodeGrantRequired")
        );
        assert_eq!(
            first("invalid_client").as_deref(),
            Some("ClientAuthenticationFailed")
        );
        assert_eq!(first("invalid_scope").as_deref(), Some("ScopeMismatched"));
        assert_eq!(token_causes(None, &[]).len(), 5);
    }
}
