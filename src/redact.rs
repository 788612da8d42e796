//! Text that came from a server (or was pasted by a user) made safe to show: [`sanitize`] strips
//! terminal escapes, control characters and bidi overrides, and [`Redactor`] replaces credential
//! values, whole or cut, before anything is shortened. Every path that shows server text (the
//! connection test, the report, the authorization flow, the CLI) goes through these two, so a
//! hostile server cannot retitle the terminal, overwrite a line, or read back a key it echoed.

use crate::check::CheckResult;

/// Shortest part of a credential that counts as a leak: an echo cut to an excerpt keeps a prefix
/// or a suffix of the value, and 8 random characters already narrow a search a lot.
pub const MIN_FRAGMENT: usize = 8;

/// What replaces a hidden value when no label is given.
pub const REDACTED: &str = "[redacted]";

/// True for the invisible characters that reorder or hide text (Trojan Source, CVE-2021-42574),
/// plus zero-width ones that make two equal-looking strings differ.
fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Skips one escape sequence starting after an ESC (or a C1 CSI/OSC): CSI `[ … final`, OSC
/// `] … BEL|ESC \`, and the two-character forms.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, introducer: char) {
    let kind = if introducer == '\u{1b}' {
        chars.next()
    } else {
        Some(introducer)
    };
    match kind {
        Some('[') | Some('\u{9b}') => {
            // Parameters and intermediates, then one final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        Some(']') | Some('\u{9d}') | Some('P') | Some('X') | Some('^') | Some('_') => {
            // OSC / DCS / SOS / PM / APC: up to BEL or ST (ESC \).
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        // A two-character escape (ESC c, ESC 7…): the second character is swallowed.
        _ => {}
    }
}

/// Strips escapes, control characters (CR and newlines included) and bidi overrides, leaving
/// printable text on one line. Runs of whitespace collapse to one space.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(4096));
    let mut chars = s.chars().peekable();
    let mut last_space = true;
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{1b}' | '\u{9b}' | '\u{9d}' => {
                skip_escape(&mut chars, c);
                continue;
            }
            c if is_bidi_or_invisible(c) => continue,
            c if c.is_control() || c.is_whitespace() || c == '\u{fffd}' => ' ',
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// Caps `s` at `max` characters, marking a cut with an ellipsis.
pub fn cap(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// [`clean`], then [`cap`]: the one way server text becomes a line we print.
pub fn sanitize(s: &str, max: usize) -> String {
    cap(&clean(s), max)
}

/// One hidden value and what replaces it.
#[derive(Clone)]
struct Hidden {
    value: Vec<char>,
    label: String,
}

/// Replaces credential values in text: each whole value, and any prefix or suffix of at least
/// [`MIN_FRAGMENT`] characters (what is left of a value an excerpt cut through). Apply it to the
/// full text *before* it is shortened. Values shorter than [`MIN_FRAGMENT`] are left alone: they
/// would match ordinary words (and are never shown anyway).
#[derive(Clone, Default)]
pub struct Redactor {
    hidden: Vec<Hidden>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.hidden.len())
    }
}

impl Redactor {
    /// Hides each value as `[redacted]`.
    pub fn new<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Redactor {
        let mut r = Redactor::default();
        for v in values {
            r.hide(v.as_ref(), REDACTED);
        }
        r
    }

    /// Adds `value` (and its percent-encoded form, as it travels in headers and URLs), replaced by
    /// `label`.
    pub fn hide(&mut self, value: &str, label: &str) -> &mut Self {
        let encoded = crate::netsuite::encode::percent_encode(value);
        for v in [value, encoded.as_str()] {
            let chars: Vec<char> = v.chars().collect();
            if chars.len() >= MIN_FRAGMENT && !self.hidden.iter().any(|h| h.value == chars) {
                self.hidden.push(Hidden {
                    value: chars,
                    label: label.to_string(),
                });
            }
        }
        // Longest first, so a value is never half-replaced by a shorter one it contains.
        self.hidden
            .sort_by_key(|h| std::cmp::Reverse(h.value.len()));
        self
    }

    /// `s` with every hidden value, and every long prefix or suffix of one, replaced; escape
    /// sequences, bidi overrides and control characters other than newline and tab are removed
    /// on the way ([`strip_invisible`]), so whatever passes a redactor is also safe to print.
    pub fn apply(&self, s: &str) -> String {
        let s = strip_invisible(s);
        if self.hidden.is_empty() {
            return s;
        }
        let text: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < text.len() {
            match self.match_at(&text[i..]) {
                Some((len, label)) => {
                    out.push_str(label);
                    i += len;
                }
                None => {
                    out.push(text[i]);
                    i += 1;
                }
            }
        }
        out
    }

    /// The longest hidden fragment starting at the front of `rest`: a prefix of a value (the
    /// whole value included), or a suffix of one (an excerpt that starts inside a value).
    fn match_at(&self, rest: &[char]) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &str)> = None;
        for h in &self.hidden {
            let prefix = rest
                .iter()
                .zip(&h.value)
                .take_while(|(a, b)| a == b)
                .count();
            let mut len = if prefix >= MIN_FRAGMENT { prefix } else { 0 };
            // A suffix of the value: try every start inside it whose fragment is long enough.
            for start in 1..=h.value.len().saturating_sub(MIN_FRAGMENT) {
                let tail = &h.value[start..];
                if rest.len() >= tail.len() && rest[..tail.len()] == *tail {
                    len = len.max(tail.len());
                    break;
                }
            }
            if len > 0 && best.is_none_or(|(b, _)| len > b) {
                best = Some((len, h.label.as_str()));
            }
        }
        best
    }

    /// A check result with its texts redacted and cleaned of escapes and bidi overrides.
    pub fn result(&self, mut r: CheckResult) -> CheckResult {
        r.summary = self.apply(&r.summary);
        r.details = r.details.iter().map(|d| self.apply(d)).collect();
        r.error_code = r.error_code.map(|c| self.apply(&c));
        r
    }
}

/// Removes escape sequences, bidi overrides and control characters other than newline and tab,
/// keeping the layout of multi-line text (for documents such as the report).
pub fn strip_invisible(s: &str) -> String {
    if !s
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_or_invisible(c))
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' | '\u{9b}' | '\u{9d}' => skip_escape(&mut chars, c),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_bidi_or_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "447d0cba5569a2d616e32a537110bc8c10ebcf42cc1fa34d6f76d08531abc179";

    #[test]
    fn escapes_controls_and_bidi_are_stripped() {
        let hostile = "ok\u{1b}]0;pwned title\u{7}\u{1b}[2J\u{1b}[1;31mred\u{1b}[0m\rFAKE\u{202e}txt.exe\u{9b}31m";
        assert_eq!(sanitize(hostile, 200), "okred FAKEtxt.exe");
        assert_eq!(
            clean("a\u{1b}]8;;https://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(clean("  a \n\n b\t"), "a b");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(strip_invisible("a\u{1b}[31mb\nc\u{202e}\r"), "ab\nc");
    }

    #[test]
    fn whole_values_and_long_fragments_are_redacted() {
        let r = Redactor::new([TOKEN]);
        assert_eq!(r.apply(&format!("x {TOKEN} y")), "x [redacted] y");
        // An excerpt cut through the value keeps a prefix (at the end) or a suffix (at the start).
        assert_eq!(
            r.apply(&format!("token=\"{}", &TOKEN[..62])),
            "token=\"[redacted]"
        );
        assert_eq!(
            r.apply(&format!("{} rest", &TOKEN[20..])),
            "[redacted] rest"
        );
        assert_eq!(r.apply(&TOKEN[..MIN_FRAGMENT]), REDACTED);
        // Shorter fragments and unrelated text stay.
        assert_eq!(r.apply(&TOKEN[..7]), &TOKEN[..7]);
        assert_eq!(r.apply("Invalid login attempt."), "Invalid login attempt.");
    }

    #[test]
    fn percent_encoded_values_and_labels() {
        let mut r = Redactor::default();
        r.hide("secret/with+plus=", "[consumer secret]");
        assert_eq!(
            r.apply("a secret%2Fwith%2Bplus%3D b"),
            "a [consumer secret] b"
        );
        assert_eq!(Redactor::new(["short"]).apply("short"), "short");
        assert!(!format!("{r:?}").contains("secret/"));
    }

    proptest::proptest! {
        #[test]
        fn sanitized_text_never_holds_controls_or_bidi(s in ".{0,300}") {
            let out = sanitize(&s, 120);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() || is_bidi_or_invisible(c)));
            proptest::prop_assert!(out.chars().count() <= 121);
        }

        #[test]
        fn no_long_fragment_survives(pre in "[ -~]{0,40}", cut in 0usize..57, post in "[ -~]{0,40}") {
            let r = Redactor::new([TOKEN]);
            let out = r.apply(&format!("{pre}{}{post}", &TOKEN[cut..]));
            proptest::prop_assert!(!out.contains(&TOKEN[cut..cut + MIN_FRAGMENT]));
            let out = r.apply(&format!("{pre}{}{post}", &TOKEN[..64 - cut]));
            proptest::prop_assert!(!out.contains(&TOKEN[..MIN_FRAGMENT]));
        }
    }
}
