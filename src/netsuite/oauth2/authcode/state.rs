//! The `state` parameter: NetSuite wants 22 to 1024 printable ASCII characters, unique per flow
//! (else `InvalidState`). Ours is 32 random bytes, base64url (43 characters); the callback's is
//! compared in constant time, since it is what tells the browser's redirect from a forged one.

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Shortest `state` NetSuite accepts.
pub const MIN_LEN: usize = 22;
/// Longest `state` NetSuite accepts.
pub const MAX_LEN: usize = 1024;

/// A new state value.
pub fn generate() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "no random numbers from the operating system".to_string())?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// NetSuite's rule: 22–1024 characters, all printable ASCII (space to `~`).
pub fn is_valid(state: &str) -> bool {
    (MIN_LEN..=MAX_LEN).contains(&state.len()) && state.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// True when `got` is `expected` (constant time in the length of `expected`).
pub fn matches(expected: &str, got: &str) -> bool {
    let (a, b) = (expected.as_bytes(), got.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_states_follow_netsuites_rule() {
        let s = generate().unwrap();
        assert!(is_valid(&s), "{s}");
        assert_ne!(s, generate().unwrap());
        assert!(!is_valid(&"a".repeat(21)));
        assert!(!is_valid(&"a".repeat(1025)));
        assert!(!is_valid(&format!("{}\u{7f}", "a".repeat(30))));
        assert!(is_valid(&"a b~".repeat(6)));
    }

    #[test]
    fn matching() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abc", "abd"));
        assert!(!matches("abc", "ab"));
        assert!(!matches("abc", ""));
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    /// Every byte must match: differences that cancel out pairwise (a transposition) are no
    /// match.
    #[test]
    fn a_transposed_state_does_not_match() {
        assert!(!matches("ab", "ba"));
        assert!(!matches("abab", "baba"));
        assert!(matches("", ""));
    }

    /// The bounds are inclusive: 22 and 1024 characters are valid.
    #[test]
    fn length_bounds_are_inclusive() {
        assert!(is_valid(&"a".repeat(22)));
        assert!(is_valid(&"a".repeat(1024)));
        assert!(!is_valid(&format!("{}\n", "a".repeat(30))));
    }
}
