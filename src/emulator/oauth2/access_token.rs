//! Access tokens the emulated token endpoint issues: JWTs shaped like NetSuite's (reference §1.4:
//! `sub` = `<role>;<entity>`, `aud` = [`<ApplicationID>;<account>`, client id], `scope`, `iss`,
//! `iat`, `exp`, `jti`) so clients can decode them, signed with HMAC-SHA256 under a key that
//! lives only in this process, so Bearer requests can be checked without a token table.

use std::sync::OnceLock;

use aws_lc_rs::hmac;
use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::Secret;

/// Lifetime NetSuite gives client-credentials access tokens.
pub const LIFETIME_SECS: i64 = 3600;

/// Who a token was issued to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerGrant {
    /// Role internal id.
    pub role: u32,
    /// Entity internal id.
    pub entity: u32,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Client id of the integration record (redacted in Debug).
    pub client_id: Secret,
    /// `exp`, Unix seconds.
    pub expires: i64,
}

/// Why a Bearer token was refused (the LAT Detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerRefusal {
    /// Not one of ours, or tampered with: `InvalidSignature`.
    InvalidSignature,
    /// Past `exp`: `AccessTokenExpired`.
    Expired,
}

impl BearerRefusal {
    /// The Login Audit Trail Detail NetSuite records (reference §1.6).
    pub fn detail(self) -> &'static str {
        match self {
            BearerRefusal::InvalidSignature => "InvalidSignature",
            BearerRefusal::Expired => "AccessTokenExpired",
        }
    }
}

fn key() -> &'static hmac::Key {
    static KEY: OnceLock<hmac::Key> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut bytes = [0u8; 32];
        // Without OS entropy the key is all zeros: still only ever used on loopback.
        let _ = SystemRandom::new().fill(&mut bytes);
        hmac::Key::new(hmac::HMAC_SHA256, &bytes)
    })
}

/// Issues a token for `grant` at `now` on `account` (the realm).
pub fn issue(grant: &BearerGrant, application_id: &str, account: &str, now: i64) -> Secret {
    let header = json!({"alg": "HS256", "typ": "JWT", "kid": "nstba-emulator"});
    let mut jti = [0u8; 12];
    let _ = SystemRandom::new().fill(&mut jti);
    let claims = json!({
        "sub": format!("{};{}", grant.role, grant.entity),
        "aud": [format!("{application_id};{account}"), grant.client_id.expose()],
        "scope": grant.scopes,
        "iss": "https://system.netsuite.com",
        "oit": now,
        "exp": grant.expires,
        "iat": now,
        "jti": format!("{account}.a-c.{}", URL_SAFE_NO_PAD.encode(jti)),
    });
    let mut out = URL_SAFE_NO_PAD.encode(header.to_string());
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
    let tag = hmac::sign(key(), out.as_bytes());
    out.push('.');
    out.push_str(&URL_SAFE_NO_PAD.encode(tag.as_ref()));
    Secret::new(out)
}

/// Checks a Bearer token this process issued; the grant it carries, or why it is refused.
pub fn verify(token: &str, now: i64) -> Result<BearerGrant, BearerRefusal> {
    let bad = BearerRefusal::InvalidSignature;
    let (signed, tag) = token.trim().rsplit_once('.').ok_or(bad)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| bad)?;
    hmac::verify(key(), signed.as_bytes(), &tag).map_err(|_| bad)?;
    let payload = signed.split_once('.').map(|(_, p)| p).ok_or(bad)?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).map_err(|_| bad)?)
        .map_err(|_| bad)?;
    let (role, entity) = claims["sub"]
        .as_str()
        .and_then(|s| s.split_once(';'))
        .and_then(|(r, e)| Some((r.parse().ok()?, e.parse().ok()?)))
        .ok_or(bad)?;
    let expires = claims["exp"].as_i64().ok_or(bad)?;
    if now >= expires {
        return Err(BearerRefusal::Expired);
    }
    Ok(BearerGrant {
        role,
        entity,
        scopes: claims["scope"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        client_id: Secret::new(claims["aud"][1].as_str().unwrap_or_default().to_string()),
        expires,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> BearerGrant {
        BearerGrant {
            role: 1001,
            entity: 4242,
            scopes: vec!["restlets".into()],
            client_id: Secret::from("cid"),
            expires: 2000,
        }
    }

    #[test]
    fn issued_tokens_verify_until_they_expire() {
        let t = issue(&grant(), "APP", "1234567_SB1", 1000);
        assert_eq!(verify(t.expose(), 1999).unwrap(), grant());
        assert_eq!(verify(t.expose(), 2000), Err(BearerRefusal::Expired));
    }

    #[test]
    fn tampered_or_garbage_tokens_are_refused() {
        let t = issue(&grant(), "APP", "1234567_SB1", 1000);
        let (h, rest) = t.expose().split_once('.').unwrap();
        let forged = format!("{h}x.{rest}");
        assert_eq!(verify(&forged, 1500), Err(BearerRefusal::InvalidSignature));
        for g in ["", "a", "a.b", "a.b.c", "..."] {
            assert_eq!(verify(g, 0), Err(BearerRefusal::InvalidSignature));
        }
    }
}
