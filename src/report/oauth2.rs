//! The support report for an OAuth 2.0 client-credentials (M2M) run: the same document as for TBA
//! (see [`super::markdown`]) with its own words: the client id shown as its last 4 characters, the
//! certificate id and scopes as they are, the private key, assertions and tokens never; and the
//! access token's decoded claims (role, entity, scopes, expiry), never the token.

use std::fmt::Write as _;

use super::markdown::{ReportInput, cell, code, render};
use crate::netsuite::oauth2::{M2mCredentials, TokenClaims};
use crate::profile::clock;
use crate::redact::Redactor;

/// What the report says about how credentials are shown, for an M2M run.
pub const M2M_INTRO: &str = "The client id is shown as its last 4 characters only; the private \
     key, the signed client assertions and the access token never.";

/// Renders the M2M report. `token` is the run's decoded access-token claims, when one was issued.
pub fn markdown_m2m(
    input: &ReportInput<'_>,
    c: &M2mCredentials,
    token: Option<&TokenClaims>,
) -> String {
    render_oauth2(
        input,
        &crate::check::auth::m2m::secrets(c),
        M2M_INTRO,
        token,
        |md| credentials(md, c),
    )
}

/// An OAuth 2.0 run's report: `secrets` hidden, `intro`, the kind's credentials section, then
/// the access token's claims when one was issued (no TBA credentials, no TBA notice).
pub(super) fn render_oauth2(
    input: &ReportInput<'_>,
    secrets: &[String],
    intro: &str,
    token: Option<&TokenClaims>,
    credentials: impl FnOnce(&mut String),
) -> String {
    let mut redactor = Redactor::default();
    for s in secrets {
        redactor.hide(s, "[secret]");
    }
    let input = &ReportInput {
        credentials: None,
        ..*input
    };
    render(input, &redactor, intro, |md| {
        credentials(md);
        if let Some(t) = token {
            claims(md, t);
        }
    })
}

fn credentials(md: &mut String, c: &M2mCredentials) {
    let _ = writeln!(md, "## Credentials (OAuth 2.0 client credentials, M2M)\n");
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
    let _ = writeln!(md, "| Certificate ID | {} |", code(&c.certificate_id));
    let key = match &c.key_file {
        Some(p) => format!("file {} (not shown)", code(&p.display().to_string())),
        None => "stored with the profile or given in the environment (not shown)".to_string(),
    };
    let _ = writeln!(md, "| Private key | {key} |");
    let cert = if c.certificate.is_some() {
        "given (local checks ran)"
    } else {
        "not given (expiry and key match not checked locally)"
    };
    let _ = writeln!(md, "| Certificate | {cert} |");
    let _ = writeln!(md, "| Scopes | {} |", cell(&c.scopes.join(", ")));
    md.push('\n');
}

/// The access token's decoded claims (the token itself never).
pub(super) fn claims(md: &mut String, t: &TokenClaims) {
    let _ = writeln!(
        md,
        "## Access token (claims decoded, not verified; the token is not shown)\n"
    );
    let _ = writeln!(md, "| Claim | Value |\n|---|---|");
    let rows = [
        ("Role", t.role.clone()),
        ("Entity", t.entity.clone()),
        ("Subject", t.subject.clone()),
        ("Application", t.application.clone()),
        ("Account", t.account.clone()),
        ("Scopes", (!t.scope.is_empty()).then(|| t.scope.join(", "))),
        ("Issued", t.issued.map(clock::rfc3339)),
        ("Expires", t.expires.map(clock::rfc3339)),
    ];
    for (label, v) in rows {
        if let Some(v) = v {
            let _ = writeln!(md, "| {label} | {} |", cell(&v));
        }
    }
    md.push('\n');
}
