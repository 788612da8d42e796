//! The support report for an OAuth 2.0 authorization-code run (a person's login): the same
//! document as for TBA (see [`super::markdown`]) with its own words: the client id as its last 4
//! characters, the client type, scopes, redirect URI and who logged in as they are; the client
//! secret, refresh token and access token never.

use std::fmt::Write as _;

use super::markdown::{ReportInput, cell, code};
use crate::netsuite::oauth2::TokenClaims;
use crate::netsuite::oauth2::authcode::AuthCodeCredentials;
use crate::profile::clock;

/// What the report says about how credentials are shown, for an authorization-code run.
pub const AUTHCODE_INTRO: &str = "The client id is shown as its last 4 characters only; the \
     client secret, the refresh token and the access token never.";

/// Renders the authorization-code report. `token` is the run's decoded access-token claims,
/// when one was issued.
pub fn markdown_authcode(
    input: &ReportInput<'_>,
    c: &AuthCodeCredentials,
    token: Option<&TokenClaims>,
) -> String {
    super::oauth2::render_oauth2(
        input,
        &crate::check::auth::authcode::secrets(c),
        AUTHCODE_INTRO,
        token,
        |md| credentials(md, c),
    )
}

fn credentials(md: &mut String, c: &AuthCodeCredentials) {
    let _ = writeln!(
        md,
        "## Credentials (OAuth 2.0 authorization code, a person's login)\n"
    );
    let _ = writeln!(md, "| Value | Shown |\n|---|---|");
    let client = if c.client_id.is_empty() {
        "(empty)".to_string()
    } else {
        format!(
            "{} ({} characters)",
            code(&c.client_id.last4()),
            c.client_id.char_len()
        )
    };
    let _ = writeln!(md, "| Client ID | {client} |");
    let kind = match c.client_secret {
        Some(_) => "confidential (client secret set, not shown)",
        None => "public (PKCE, no client secret)",
    };
    let _ = writeln!(md, "| Client type | {kind} |");
    let refresh = if c.refresh_token.is_empty() {
        "(empty): log in first".to_string()
    } else {
        format!(
            "set (not shown), valid until {}",
            clock::rfc3339(c.validity.expires_at())
        )
    };
    let _ = writeln!(md, "| Refresh token | {refresh} |");
    let _ = writeln!(md, "| Scopes | {} |", cell(&c.scopes.join(", ")));
    if !c.redirect_uri.is_empty() {
        let _ = writeln!(md, "| Redirect URI | {} |", code(&c.redirect_uri));
    }
    for (label, v) in [
        ("Company (at login)", &c.company),
        ("Role (at login)", &c.role),
        ("Entity (at login)", &c.entity),
    ] {
        if let Some(v) = v {
            let _ = writeln!(md, "| {label} | {} |", cell(v));
        }
    }
    md.push('\n');
}
