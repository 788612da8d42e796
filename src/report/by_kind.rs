//! One entry point for the support report of a run of any auth kind: TBA keeps its layout (key and
//! token id rows, the `tba-retirement` notice); an OAuth 2.0 run gets its kind's own credentials
//! summary and no TBA notice. Both frontends (`nstba report`, the wizard's export) call this, so
//! they cannot drift apart.

use super::markdown::{ReportInput, markdown};
use crate::check::auth::Credentials;
use crate::netsuite::oauth2::TokenClaims;

/// Renders the report of a run of `credentials` (`None`: `input` as given, no credentials
/// section unless `input.credentials` holds TBA values). `token` is an OAuth 2.0 run's decoded
/// access-token claims, when one was issued.
pub fn for_kind(
    input: &ReportInput<'_>,
    credentials: Option<&Credentials>,
    token: Option<&TokenClaims>,
) -> String {
    match credentials {
        Some(Credentials::Tba(c)) => markdown(&ReportInput {
            credentials: Some(c),
            ..*input
        }),
        Some(Credentials::M2m(c)) => super::oauth2::markdown_m2m(input, c, token),
        Some(Credentials::AuthCode(c)) => super::authcode::markdown_authcode(input, c, token),
        None => markdown(input),
    }
}
