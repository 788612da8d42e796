//! What the guided setup remembers per NetSuite account between runs: the ticked checklist
//! items, the step it was on and the automatic token's callback port (the integration record's
//! Callback URL must not change from one run to the next). Stored as TOML beside the profiles;
//! it holds no secrets.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The progress of one account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Ticked item indexes, by step number (1-based, as a string: TOML keys are strings).
    #[serde(default)]
    pub ticked: BTreeMap<String, Vec<usize>>,
    /// The setup step shown last (0-based).
    #[serde(default)]
    pub step: usize,
    /// The callback port chosen for the automatic token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_port: Option<u16>,
}

impl Progress {
    /// The ticks as the setup screen keeps them (one row of flags per step, `sizes` items each);
    /// an index the guide no longer has is ignored.
    pub fn ticks(&self, sizes: &[usize]) -> Vec<Vec<bool>> {
        sizes
            .iter()
            .enumerate()
            .map(|(s, &n)| {
                let on = self.ticked.get(&(s + 1).to_string());
                (0..n).map(|i| on.is_some_and(|v| v.contains(&i))).collect()
            })
            .collect()
    }

    /// Records the setup screen's ticks.
    pub fn set_ticks(&mut self, ticks: &[Vec<bool>]) {
        self.ticked = ticks
            .iter()
            .enumerate()
            .filter_map(|(s, row)| {
                let on: Vec<usize> = (0..row.len()).filter(|&i| row[i]).collect();
                (!on.is_empty()).then(|| ((s + 1).to_string(), on))
            })
            .collect();
    }
}

/// Every account's progress, keyed by the account's realm (`1234567_SB1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    /// Progress per account.
    #[serde(default)]
    pub account: BTreeMap<String, Progress>,
}

impl Book {
    /// Reads a stored book; unreadable text gives an empty one (progress is a convenience, never
    /// a reason to stop).
    pub fn parse(text: &str) -> Book {
        toml::from_str(text).unwrap_or_default()
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// Replaces the progress file at `path` with `text` atomically: a temporary file beside it,
/// renamed over it, so a reader (or the next start after a crash) sees the old book or the new
/// one, never half of one. No fsync: the file is written at every step change, and a process
/// killed after the rename keeps it (only a power cut before the kernel flushes could lose the
/// last step, which is a convenience, not data).
pub fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".wizard-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_round_trip_through_text() {
        let mut p = Progress {
            step: 3,
            callback_port: Some(9100),
            ..Progress::default()
        };
        p.set_ticks(&[vec![true, false], vec![], vec![false, true, true]]);
        let mut book = Book::default();
        book.account.insert("1234567_SB1".into(), p.clone());
        let back = Book::parse(&book.to_text());
        assert_eq!(back, book);
        assert_eq!(
            back.account["1234567_SB1"].ticks(&[2, 0, 3]),
            vec![vec![true, false], vec![], vec![false, true, true]]
        );
        assert_eq!(Book::parse("not toml ["), Book::default());
    }

    #[test]
    fn write_file_replaces_the_book_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("wizard.toml");
        write_file(&path, "one").unwrap();
        write_file(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("wizard.toml")]);
    }
}
