//! Everything that can go wrong with profiles and secret storage, worded for the person who has to
//! fix it: each message names the file (and line) or the field, and never contains a secret.

use std::path::{Path, PathBuf};

/// Why a profile operation failed. `Display` is one or two sentences, safe to print.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// A profile name breaks the naming rule.
    #[error(
        "profile name {name:?} is not allowed: use 1 to 64 characters, each a letter, digit, '-', '_' or '.'"
    )]
    InvalidName {
        /// The rejected name (shortened).
        name: String,
    },
    /// No profile of that name is saved.
    #[error("no profile named {0:?}")]
    NotFound(String),
    /// A value handed to `save` is unusable (account id, date, empty credential).
    #[error("{field}: {message}")]
    InvalidField {
        /// Which field (e.g. "account", "sandbox refreshed", "token secret").
        field: String,
        /// What is wrong and the expected form.
        message: String,
    },
    /// The platform has no configuration directory (no home directory).
    #[error(
        "cannot find a configuration directory (is HOME set?); set NSTBA_CONFIG_DIR to a directory for nstba's profiles"
    )]
    NoConfigDir,
    /// Reading or writing a file failed.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("read", "write", "create the directory").
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file exists but cannot be understood. It has been left untouched.
    #[error(
        "{}, line {line}, column {column}: {message}. The file was left as it is: fix it or move it \
         away (nstba never saves over a file it cannot read)",
        path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong (never a secret value).
        message: String,
    },
    /// The secrets file can be read by other users.
    #[error(
        "{} is readable by other users (mode {mode:o}); it holds secrets: run `chmod 600 {}` and try again",
        path.display(),
        path.display()
    )]
    InsecureFile {
        /// The secrets file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The profile exists but its secrets are not where its record says.
    #[error(
        "the secrets of profile {name:?} are missing from {store}; save the profile again with its credentials"
    )]
    SecretsMissing {
        /// Profile name.
        name: String,
        /// Where they were expected (a path or "the OS keychain").
        store: String,
    },
    /// The profile holds another auth kind than the operation needs.
    #[error(
        "profile {name:?} holds {} credentials, not {}",
        kind_label(*.have),
        kind_label(*.wanted)
    )]
    WrongKind {
        /// Profile name.
        name: String,
        /// The kind it holds.
        have: crate::check::AuthKind,
        /// The kind asked for.
        wanted: crate::check::AuthKind,
    },
    /// The private key file an M2M profile refers to can be read by others.
    #[error(
        "the private key file {} has mode {mode:04o}; expected 0600 (readable only by you): run          `chmod 600 {}` and try again",
        path.display(),
        path.display()
    )]
    KeyFileMode {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The OS keychain holding a profile's secrets cannot be used now.
    #[error("the OS keychain is not usable: {0}")]
    Keychain(String),
}

impl ProfileError {
    /// An I/O error on `path`.
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        ProfileError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// A parse error at byte `offset` of `text` in `path`.
    pub(crate) fn corrupt_at(path: &Path, text: &str, offset: usize, message: String) -> Self {
        let (line, column) = line_col(text, offset);
        ProfileError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// "TBA" / "OAuth 2.0 M2M" / "OAuth 2.0 authorization-code": a kind in words.
pub fn kind_label(kind: crate::check::AuthKind) -> &'static str {
    match kind {
        crate::check::AuthKind::Tba => "TBA",
        crate::check::AuthKind::M2m => "OAuth 2.0 M2M (client credentials)",
        crate::check::AuthKind::Authcode => "OAuth 2.0 authorization-code",
    }
}

/// 1-based line and column (characters) of byte `offset` in `text` (clamped to the text).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The profile module's result type.
pub type Result<T> = std::result::Result<T, ProfileError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_chars() {
        let t = "a = 1\nbé = 2\nc";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 999), (3, 2));
    }
}
