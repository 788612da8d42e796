//! Text fields: the account id and the four credentials. Secrets are masked unless revealed, pasted
//! values are cleaned (whitespace, quotes, line breaks) with a visible note, and a comma-separated
//! bundle is split into its fields.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use tui_input::{Input, InputRequest};

use crate::netsuite::AccountId;

/// Longest paste a field accepts, in characters.
pub const MAX_PASTE: usize = 4096;

/// The five values the wizard collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    /// NetSuite account id (not secret).
    Account,
    /// Integration record consumer key.
    ConsumerKey,
    /// Integration record consumer secret.
    ConsumerSecret,
    /// Access token id.
    TokenId,
    /// Access token secret.
    TokenSecret,
}

impl FieldId {
    /// All fields, in storage order.
    pub const ALL: [FieldId; 5] = [
        FieldId::Account,
        FieldId::ConsumerKey,
        FieldId::ConsumerSecret,
        FieldId::TokenId,
        FieldId::TokenSecret,
    ];

    /// Index into [`ALL`](Self::ALL).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label shown beside the field.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::Account => "Account id",
            FieldId::ConsumerKey => "Consumer key",
            FieldId::ConsumerSecret => "Consumer secret",
            FieldId::TokenId => "Token id",
            FieldId::TokenSecret => "Token secret",
        }
    }

    /// True for the four credential values, which are masked on screen.
    pub fn is_secret(self) -> bool {
        self != FieldId::Account
    }
}

/// How a note under a field should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Something the tool did for the user (trimmed a paste, split a bundle).
    Info,
    /// A shape that is probably wrong but does not block.
    Warn,
    /// Blocks going on.
    Error,
}

/// A message under a field. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Style.
    pub kind: NoteKind,
    /// Text.
    pub text: String,
}

impl Note {
    /// A note of `kind`.
    pub fn new(kind: NoteKind, text: impl Into<String>) -> Self {
        Note {
            kind,
            text: text.into(),
        }
    }
}

/// One editable field.
#[derive(Clone)]
pub struct TextField {
    /// Which value this is.
    pub id: FieldId,
    input: Input,
    /// Show the value in clear (secrets only; off by default).
    pub revealed: bool,
    /// The latest note (paste cleaned, validation, shape warning).
    pub note: Option<Note>,
    /// The live judgement of the account id or credential shape applies (off for the fields of
    /// the issuetoken login, which are neither).
    judged: bool,
}

impl std::fmt::Debug for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // tui_input::Input's own Debug prints the value: never use it for secrets.
        let mut d = f.debug_struct("TextField");
        d.field("id", &self.id);
        if self.id.is_secret() {
            d.field("value", &"<redacted>");
        } else {
            d.field("value", &self.input.value());
        }
        d.field("revealed", &self.revealed)
            .field("note", &self.note)
            .finish()
    }
}

impl Drop for TextField {
    fn drop(&mut self) {
        // Wipe the final value. Earlier buffers the editor reallocated are out of reach; the
        // values are also handed to the core as zeroizing `Secret`s.
        let mut value = self.input.value_and_reset();
        zeroize::Zeroize::zeroize(&mut value);
    }
}

impl TextField {
    /// An empty field.
    pub fn new(id: FieldId) -> Self {
        TextField {
            id,
            input: Input::default(),
            revealed: false,
            note: None,
            judged: true,
        }
    }

    /// An empty field that is not one of the five values (no live judgement); `masked` ones are
    /// drawn as bullets, kept out of `Debug`, replaced whole by a paste and wiped on drop, like
    /// a credential.
    pub fn free(masked: bool) -> Self {
        let id = if masked {
            FieldId::TokenSecret
        } else {
            FieldId::Account
        };
        TextField {
            id,
            input: Input::default(),
            revealed: false,
            note: None,
            judged: false,
        }
    }

    /// The current value.
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Cursor position in display columns (each char counts 1; masked text has one bullet per char).
    pub fn cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// How far the text is scrolled to keep the cursor visible in `width` columns.
    pub fn scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    /// Replaces the value (cursor at the end).
    pub fn set(&mut self, value: impl Into<String>) {
        self.input = Input::new(value.into());
        self.refresh_note();
    }

    /// What to draw: bullets for a hidden secret, else the value.
    pub fn display(&self) -> String {
        if self.id.is_secret() && !self.revealed {
            "•".repeat(self.value().chars().count())
        } else {
            self.value().to_string()
        }
    }

    /// Applies an editing key. Returns true when the key was an edit (consumed).
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let req = match key.code {
            KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
            KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                InputRequest::InsertChar(c)
            }
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return false,
        };
        if let Some(changed) = self.input.handle(req)
            && changed.value
        {
            self.refresh_note();
        }
        true
    }

    /// Takes a cleaned paste: a credential's value is replaced by it (a value is pasted whole, and
    /// old + new would look right behind the mask), other fields insert it at the cursor. The note
    /// says what was done; a shape warning about the result always stays visible in it. A paste
    /// longer than [`MAX_PASTE`] characters is refused with a note (no value is that long, and
    /// inserting megabytes character by character would freeze the UI).
    pub fn paste(&mut self, raw: &str) {
        let n = raw.chars().count();
        if n > MAX_PASTE {
            self.note = Some(Note::new(
                NoteKind::Error,
                format!(
                    "Paste refused: {n} characters; NetSuite's values are 64. Copy just the value."
                ),
            ));
            return;
        }
        let (clean, removed) = clean_paste(raw);
        let replaced = self.id.is_secret() && !self.value().is_empty();
        if self.id.is_secret() {
            self.input = Input::new(clean);
        } else {
            for c in clean.chars() {
                self.input.handle(InputRequest::InsertChar(c));
            }
        }
        self.refresh_note();
        let mut did = Vec::new();
        if replaced {
            did.push("replaced the old value".to_string());
        }
        if !removed.is_empty() {
            did.push(format!("removed {}", removed.join(", ")));
        }
        if did.is_empty() {
            return;
        }
        let done = format!("Pasted: {}", did.join("; "));
        self.note = Some(match self.note.take() {
            // The judgement of the value leads; what the paste did follows it.
            Some(n) => {
                let stop = if n.text.ends_with(['.', '?', '!']) {
                    ""
                } else {
                    "."
                };
                Note::new(n.kind, format!("{}{stop} {done}", n.text))
            }
            None => Note::new(NoteKind::Info, done),
        });
    }

    /// Recomputes the live note from the value: account id errors, credential shape warnings.
    pub fn refresh_note(&mut self) {
        self.note = if self.judged {
            validate(self.id, self.value())
        } else {
            None
        };
    }
}

/// The live judgement of a value: `None` when fine or empty.
pub fn validate(id: FieldId, value: &str) -> Option<Note> {
    if value.is_empty() {
        return None;
    }
    match id {
        FieldId::Account => AccountId::parse(value)
            .err()
            .map(|e| Note::new(NoteKind::Error, e.reason)),
        _ => {
            // Public examples are 64 lowercase hex characters, but NetSuite does not promise it, so
            // this only warns.
            let n = value.chars().count();
            if value.chars().any(char::is_whitespace) {
                Some(Note::new(NoteKind::Warn, "contains a space or line break"))
            } else if !value.chars().all(|c| c.is_ascii_hexdigit()) {
                Some(Note::new(
                    NoteKind::Warn,
                    format!(
                        "{n} characters, not all hex digits: NetSuite's values are usually 64 hex digits"
                    ),
                ))
            } else if n < 64 {
                Some(Note::new(
                    NoteKind::Warn,
                    format!(
                        "{n} characters: NetSuite's values are usually 64; check nothing was cut off"
                    ),
                ))
            } else if n > 64 {
                Some(Note::new(
                    NoteKind::Warn,
                    format!(
                        "{n} characters: NetSuite's values are usually 64; is another value in it too?"
                    ),
                ))
            } else {
                None
            }
        }
    }
}

/// Strips what copying from a browser or e-mail adds around a value: surrounding whitespace and
/// quotes, and line breaks, tabs or spaces inside. Returns the value and what was removed.
pub fn clean_paste(raw: &str) -> (String, Vec<&'static str>) {
    let mut removed = Vec::new();
    let trimmed = raw.trim();
    if trimmed.len() != raw.len() {
        removed.push("surrounding whitespace");
    }
    let unquoted = trimmed.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if unquoted.len() != trimmed.len() {
        removed.push("quotes");
    }
    let mut out = String::with_capacity(unquoted.len());
    let mut breaks = false;
    let mut spaces = false;
    for c in unquoted.chars() {
        match c {
            '\r' | '\n' => breaks = true,
            c if c.is_whitespace() => spaces = true,
            c => out.push(c),
        }
    }
    if breaks {
        removed.push("line breaks");
    }
    if spaces {
        removed.push("spaces inside");
    }
    (out, removed)
}

/// A paste holding several values separated by commas, split into fields: three parts are (token id,
/// token secret, account id), as one vendor hands them out; four are the four credentials in
/// NetSuite's order. Anything else is not a bundle.
pub fn split_bundle(raw: &str) -> Option<Vec<(FieldId, String)>> {
    if !raw.contains(',') {
        return None;
    }
    let parts: Vec<String> = raw.split(',').map(|p| clean_paste(p).0).collect();
    if parts.iter().any(String::is_empty) {
        return None;
    }
    let ids: &[FieldId] = match parts.len() {
        3 => &[FieldId::TokenId, FieldId::TokenSecret, FieldId::Account],
        4 => &[
            FieldId::ConsumerKey,
            FieldId::ConsumerSecret,
            FieldId::TokenId,
            FieldId::TokenSecret,
        ],
        _ => return None,
    };
    Some(ids.iter().copied().zip(parts).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paste_reports_what_it_removed() {
        let (v, r) = clean_paste("  \"abc\ndef\"\n");
        assert_eq!(v, "abcdef");
        assert_eq!(r, vec!["surrounding whitespace", "quotes", "line breaks"]);
        assert_eq!(clean_paste("abc").1, Vec::<&str>::new());
    }

    #[test]
    fn bundle_of_three_is_token_and_account() {
        let b = split_bundle(" tid1 , tsec2 ,1234567_SB1\n").unwrap();
        assert_eq!(
            b,
            vec![
                (FieldId::TokenId, "tid1".to_string()),
                (FieldId::TokenSecret, "tsec2".to_string()),
                (FieldId::Account, "1234567_SB1".to_string()),
            ]
        );
        assert!(split_bundle("a,b").is_none());
        assert!(split_bundle("a,,c").is_none());
        assert!(split_bundle("abc").is_none());
    }

    #[test]
    fn huge_paste_is_refused_with_a_note() {
        let mut f = TextField::new(FieldId::ConsumerKey);
        f.paste(&"a".repeat(MAX_PASTE + 1));
        assert_eq!(f.value(), "");
        assert_eq!(f.note.as_ref().unwrap().kind, NoteKind::Error);
    }

    #[test]
    fn paste_replaces_a_credential_and_keeps_the_length_warning() {
        let mut f = TextField::new(FieldId::ConsumerKey);
        f.set("a".repeat(64));
        f.paste(&format!("{}\n", "b".repeat(64)));
        assert_eq!(f.value(), "b".repeat(64), "replaced, not appended");
        let n = f.note.clone().unwrap();
        assert!(n.text.contains("replaced the old value"), "{n:?}");
        assert!(n.text.contains("surrounding whitespace"), "{n:?}");
        // A value twice too long: the warning leads and names the real problem.
        f.paste(&"c".repeat(128));
        let n = f.note.clone().unwrap();
        assert_eq!(n.kind, NoteKind::Warn);
        assert!(n.text.starts_with("128 characters"), "{n:?}");
        assert!(!n.text.contains("cut off"), "{n:?}");
        // The account id still inserts at the cursor.
        let mut a = TextField::new(FieldId::Account);
        a.set("123");
        a.paste("4567");
        assert_eq!(a.value(), "1234567");
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let mut f = TextField::new(FieldId::TokenSecret);
        f.set("supersecretvalue");
        assert!(!format!("{f:?}").contains("supersecretvalue"));
        assert_eq!(f.display(), "•".repeat(16));
        f.revealed = true;
        assert_eq!(f.display(), "supersecretvalue");
    }

    #[test]
    fn account_errors_and_shape_warnings() {
        assert_eq!(validate(FieldId::Account, "1234567_sb1"), None);
        assert_eq!(
            validate(FieldId::Account, "me@example.com").map(|n| n.kind),
            Some(NoteKind::Error)
        );
        assert_eq!(
            validate(FieldId::ConsumerKey, "xyz").map(|n| n.kind),
            Some(NoteKind::Warn)
        );
        assert_eq!(validate(FieldId::ConsumerKey, &"a".repeat(64)), None);
    }
}
