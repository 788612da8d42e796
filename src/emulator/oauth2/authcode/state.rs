//! What the emulated authorization server remembers: codes waiting to be redeemed (single use,
//! 5 minutes) and refresh tokens (with their chain start, end, and whether they were used or
//! revoked). Both tables are bounded, so a client looping on the endpoints cannot grow them.

use std::collections::HashMap;

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// How long a code may wait for its exchange (seconds).
pub const CODE_TTL: i64 = 300;
/// Most codes kept at once.
const CODES_MAX: usize = 256;
/// Most refresh tokens kept at once.
const REFRESH_MAX: usize = 2048;

/// An issued, not yet redeemed authorization code.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    /// Client id it was issued to.
    pub client_id: String,
    /// Redirect URI of step one (step two must repeat it).
    pub redirect_uri: String,
    /// The S256 challenge of step one.
    pub challenge: String,
    /// Scopes granted.
    pub scopes: Vec<String>,
    /// Role and entity the user logged in with.
    pub role: u32,
    /// Entity.
    pub entity: u32,
    /// Unix seconds after which the code is refused.
    pub expires: i64,
}

/// An issued refresh token.
#[derive(Debug, Clone)]
pub struct IssuedRefresh {
    /// Client id.
    pub client_id: String,
    /// Issued to a public client (single use, rotating).
    pub public: bool,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Role.
    pub role: u32,
    /// Entity.
    pub entity: u32,
    /// When the chain began (the login; `oit`).
    pub chain_started: i64,
    /// Unix seconds after which it is refused.
    pub expires: i64,
    /// A public client's token that was already exchanged.
    pub used: bool,
    /// Revoked through the revoke endpoint.
    pub revoked: bool,
}

/// The tables.
#[derive(Debug, Default)]
pub struct AuthCodeState {
    /// Codes by value.
    pub codes: HashMap<String, IssuedCode>,
    /// Refresh tokens by value.
    pub refresh: HashMap<String, IssuedRefresh>,
}

impl AuthCodeState {
    /// Forgets everything (a scenario switch).
    pub fn clear(&mut self) {
        self.codes.clear();
        self.refresh.clear();
    }

    /// Stores a code, dropping expired ones (and, when full, all of them).
    pub fn add_code(&mut self, code: String, issued: IssuedCode, now: i64) {
        self.codes.retain(|_, c| c.expires > now);
        if self.codes.len() >= CODES_MAX {
            self.codes.clear();
        }
        self.codes.insert(code, issued);
    }

    /// Stores a refresh token, dropping expired ones (and, when full, the oldest chain's).
    pub fn add_refresh(&mut self, token: String, issued: IssuedRefresh, now: i64) {
        self.refresh.retain(|_, r| r.expires > now);
        if self.refresh.len() >= REFRESH_MAX {
            self.refresh.clear();
        }
        self.refresh.insert(token, issued);
    }
}

/// A random opaque value (codes, refresh tokens): 32 bytes, base64url.
pub fn random_value() -> String {
    let mut bytes = [0u8; 32];
    // Without OS entropy the value is all zeros: still only ever used on loopback.
    let _ = SystemRandom::new().fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_bounded() {
        let mut s = AuthCodeState::default();
        let code = IssuedCode {
            client_id: "c".into(),
            redirect_uri: "r".into(),
            challenge: "x".into(),
            scopes: vec![],
            role: 3,
            entity: 4,
            expires: 100,
        };
        for i in 0..CODES_MAX + 10 {
            s.add_code(i.to_string(), code.clone(), 0);
        }
        assert!(s.codes.len() <= CODES_MAX);
        s.add_code("late".into(), code, 100);
        assert_eq!(s.codes.len(), 1);
        assert_ne!(random_value(), random_value());
    }
}
