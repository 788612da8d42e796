//! A string that must never be printed: credentials' secrets live in [`Secret`].
//!
//! `Debug` and `Display` print `<redacted>`, the memory is zeroized on drop (via `secrecy`), and the
//! only way to read the value is the explicit [`Secret::expose`], which makes every use greppable.

use secrecy::{ExposeSecret, SecretString};

/// A secret value (consumer secret, token secret, …). Redacted in `Debug`/`Display`, zeroized on drop.
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a value. The caller's `String` is moved in, so no second copy is left behind.
    pub fn new(value: String) -> Self {
        Secret(SecretString::from(value))
    }

    /// The secret itself. Call only where the value must be used (signing, storage).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// True when the value is empty.
    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }

    /// Length in characters, safe to show ("64 characters").
    pub fn char_len(&self) -> usize {
        self.expose().chars().count()
    }

    /// The value reduced to its last 4 characters (`…d295`), for reports and profile listings.
    /// Values of 8 characters or fewer are shown as `…` only: 4 of 8 would give away half.
    pub fn last4(&self) -> String {
        let chars: Vec<char> = self.expose().chars().collect();
        if chars.len() <= 8 {
            "…".to_string()
        } else {
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("…{tail}")
        }
    }

    /// A fixed-width mask for screens: one bullet per character, capped so length is not exact
    /// beyond 64.
    pub fn masked(&self) -> String {
        "•".repeat(self.char_len().min(64))
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Secret::new(self.expose().to_string())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl Default for Secret {
    fn default() -> Self {
        Secret::new(String::new())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value.to_string())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Forbids core dumps for the rest of the process's life (Linux): `RLIMIT_CORE` 0, soft and
/// hard, so a crash under `ulimit -c unlimited` writes no file holding the secrets in memory, and
/// not dumpable, so neither a core handler nor another process of the same user (ptrace,
/// `/proc/PID/mem`) can read them. Call it first thing in `main`. Failure is ignored: the program
/// works without it, just less protected.
pub fn forbid_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: setrlimit and prctl take plain values and a pointer to a local, fully initialized
    // struct; neither touches Rust-managed memory.
    unsafe {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        let _ = libc::setrlimit(libc::RLIMIT_CORE, &none);
        let _ = libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::from("c29a677df7d5439a458c063654187e3d");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s}"), "<redacted>");
        assert!(!format!("{:?}", vec![s.clone()]).contains("c29a"));
    }

    #[test]
    fn last4_and_mask() {
        let s = Secret::from("c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295");
        assert_eq!(s.last4(), "…d295");
        assert_eq!(Secret::from("short").last4(), "…");
        assert_eq!(Secret::from("abc").masked(), "•••");
        assert_eq!(s.expose().len(), 64);
    }
}
