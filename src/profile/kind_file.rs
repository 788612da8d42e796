//! How a profile's auth kind is written in `profiles.toml`: `kind = "m2m"` or `"authcode"` (no
//! `kind` for TBA, so TBA records stay byte-for-byte as before) plus the kind's plain fields.
//! Nothing here is secret.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::kind::{AuthcodeFacts, M2mFacts, ProfileAuth, stored_name};
use crate::netsuite::oauth2::credentials::parse_scopes;

/// The kind's fields of one `[profiles.NAME]` table (flattened into it).
#[derive(Deserialize, Serialize, Default)]
pub(crate) struct RawFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    certificate_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    certificate_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    redirect_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token_issued_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token_expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token_validity_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_rotation_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    login_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    entity: Option<String>,
}

/// The stored `kind` (absent = TBA) and fields → the in-memory kind; `Err` says what is wrong
/// (the caller points at the `kind` line).
pub(crate) fn to_auth(kind: Option<&str>, facts: RawFacts) -> Result<ProfileAuth, String> {
    let scopes = |s: Option<Vec<String>>| parse_scopes(&s.unwrap_or_default().join(","));
    let path = |p: Option<String>| p.filter(|p| !p.trim().is_empty()).map(PathBuf::from);
    match kind.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
        None | Some("tba") => Ok(ProfileAuth::Tba),
        Some("m2m") => {
            let certificate_id = facts
                .certificate_id
                .filter(|c| !c.trim().is_empty())
                .ok_or(
                    "kind = \"m2m\" needs certificate_id (the Certificate ID of the M2M mapping)",
                )?;
            Ok(ProfileAuth::M2m(M2mFacts {
                certificate_id,
                scopes: scopes(facts.scopes),
                key_file: path(facts.key_file),
                certificate_file: path(facts.certificate_file),
            }))
        }
        Some("authcode") => Ok(ProfileAuth::Authcode(AuthcodeFacts {
            scopes: scopes(facts.scopes),
            redirect_uri: facts.redirect_uri.unwrap_or_default(),
            refresh_issued_unix: facts.refresh_token_issued_at,
            refresh_expires_unix: facts.refresh_token_expires_at,
            validity_hours: facts.refresh_token_validity_hours,
            rotation_hours: facts.token_rotation_hours,
            login_unix: facts.login_at,
            company: facts.company,
            role: facts.role,
            entity: facts.entity,
        })),
        Some(other) => Err(format!(
            "kind: {other:?} is not an auth kind; expected \"tba\", \"m2m\" or \"authcode\""
        )),
    }
}

/// The in-memory kind → what is written.
pub(crate) fn from_auth(auth: &ProfileAuth) -> (Option<&'static str>, RawFacts) {
    let shown = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let facts = match auth {
        ProfileAuth::Tba => RawFacts::default(),
        ProfileAuth::M2m(m) => RawFacts {
            certificate_id: Some(m.certificate_id.clone()),
            scopes: Some(m.scopes.clone()),
            key_file: shown(&m.key_file),
            certificate_file: shown(&m.certificate_file),
            ..RawFacts::default()
        },
        ProfileAuth::Authcode(a) => RawFacts {
            scopes: Some(a.scopes.clone()),
            redirect_uri: Some(a.redirect_uri.clone()),
            refresh_token_issued_at: a.refresh_issued_unix,
            refresh_token_expires_at: a.refresh_expires_unix,
            refresh_token_validity_hours: a.validity_hours,
            token_rotation_hours: a.rotation_hours,
            login_at: a.login_unix,
            company: a.company.clone(),
            role: a.role.clone(),
            entity: a.entity.clone(),
            ..RawFacts::default()
        },
    };
    (stored_name(auth.kind()), facts)
}
