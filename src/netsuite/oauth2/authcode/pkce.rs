//! PKCE (RFC 7636) with the S256 method, the only one NetSuite accepts (`plain` is refused since
//! 2020.2): a verifier of 43 unreserved characters from 32 random bytes, and its challenge
//! `BASE64URL(SHA256(verifier))`. The verifier is a [`Secret`]: whoever holds it with the code can
//! redeem the code.

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::Secret;

/// `code_challenge_method`.
pub const METHOD: &str = "S256";
/// Shortest verifier RFC 7636 §4.1 allows.
pub const MIN_LEN: usize = 43;
/// Longest verifier RFC 7636 §4.1 allows.
pub const MAX_LEN: usize = 128;

/// A verifier and its challenge.
#[derive(Debug, Clone)]
pub struct Pkce {
    /// `code_verifier`, sent only to the token endpoint.
    pub verifier: Secret,
    /// `code_challenge`, sent in the authorize URL.
    pub challenge: String,
}

impl Pkce {
    /// A new random verifier (32 bytes of OS randomness, base64url: 43 characters).
    pub fn generate() -> Result<Pkce, String> {
        let mut bytes = [0u8; 32];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| "no random numbers from the operating system".to_string())?;
        Pkce::from_verifier(Secret::new(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The challenge of a given verifier, which must be 43–128 unreserved characters.
    pub fn from_verifier(verifier: Secret) -> Result<Pkce, String> {
        if !is_valid_verifier(verifier.expose()) {
            return Err("a PKCE verifier has 43 to 128 characters of A-Z a-z 0-9 - . _ ~".into());
        }
        let challenge = challenge_of(verifier.expose());
        Ok(Pkce {
            verifier,
            challenge,
        })
    }
}

/// `BASE64URL-ENCODE(SHA256(ASCII(verifier)))` (RFC 7636 §4.2).
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()).as_ref())
}

/// RFC 7636 §4.1: `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`, 43 to 128 of them.
pub fn is_valid_verifier(v: &str) -> bool {
    (MIN_LEN..=MAX_LEN).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let p = Pkce::from_verifier(Secret::from("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
            .unwrap();
        assert_eq!(p.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_valid_distinct_and_hidden() {
        let a = Pkce::generate().unwrap();
        let b = Pkce::generate().unwrap();
        assert_eq!(a.verifier.expose().len(), 43);
        assert!(is_valid_verifier(a.verifier.expose()));
        assert_ne!(a.verifier, b.verifier);
        assert_eq!(a.challenge, challenge_of(a.verifier.expose()));
        assert!(!format!("{a:?}").contains(a.verifier.expose()));
    }

    #[test]
    fn bad_verifiers_are_refused() {
        for v in ["short", &"a".repeat(129), &format!("{}+", "a".repeat(42))] {
            assert!(Pkce::from_verifier(Secret::from(v)).is_err(), "{v}");
        }
        assert!(is_valid_verifier(&"a~".repeat(64)));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    /// RFC 7636 §4.1's bounds are inclusive (43 and 128), and each unreserved punctuation
    /// character is allowed.
    #[test]
    fn verifier_bounds_and_alphabet() {
        assert!(is_valid_verifier(&"a".repeat(43)));
        assert!(!is_valid_verifier(&"a".repeat(42)));
        assert!(is_valid_verifier(&"a".repeat(128)));
        for c in ['-', '.', '_', '~'] {
            assert!(is_valid_verifier(&format!("{}{c}", "A9".repeat(21))), "{c}");
        }
        for c in ['+', '/', '=', ' '] {
            assert!(
                !is_valid_verifier(&format!("{}{c}", "A9".repeat(21))),
                "{c}"
            );
        }
        assert!(Pkce::from_verifier(Secret::from("a".repeat(42))).is_err());
    }
}
