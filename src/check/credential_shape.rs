//! Local checks of what was pasted into the four credential fields: empty values, stray whitespace,
//! quotes and line breaks, masked or truncated copies, an unusual length or alphabet, and the same
//! value pasted into two fields. Messages name the field and the problem, never the value.

use crate::netsuite::Credentials;
use crate::netsuite::credentials::FIELDS;

/// How serious a shape problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeLevel {
    /// The value cannot work (empty after trimming).
    Error,
    /// The value was cleaned up for use, or looks unusual; worth a look.
    Warning,
}

/// One problem with one field (or a pair of fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeIssue {
    /// Field label(s) (`consumer key`, or `consumer key and token id`).
    pub field: String,
    /// How serious.
    pub level: ShapeLevel,
    /// What is wrong, without the value.
    pub message: String,
    /// True when the problem could make NetSuite reject the value (not merely cosmetic).
    pub may_break_login: bool,
}

/// Characters users paste around values: whitespace, line breaks, quotes, backticks.
fn is_wrapper(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '\u{201c}' | '\u{201d}' | '\u{feff}')
}

/// The value as nstba will use it: surrounding whitespace, line breaks and quotes removed.
pub fn cleaned(value: &str) -> &str {
    value.trim_matches(is_wrapper)
}

/// The four credentials with [`cleaned`] applied, for signing.
pub fn cleaned_credentials(c: &Credentials) -> Credentials {
    Credentials::new(
        cleaned(c.consumer_key.expose()),
        cleaned(c.consumer_secret.expose()),
        cleaned(c.token_id.expose()),
        cleaned(c.token_secret.expose()),
    )
}

/// The usual form in every public example: 64 lowercase hex characters (not guaranteed by NetSuite,
/// so only ever a warning).
fn is_usual_form(v: &str) -> bool {
    v.len() == 64
        && v.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// The name of one wrapper character.
fn char_name(c: char) -> &'static str {
    match c {
        '\n' | '\r' => "line break",
        '"' | '\u{201c}' | '\u{201d}' => "double quote",
        '\'' => "single quote (')",
        '`' => "backtick",
        '\u{feff}' => "invisible byte-order mark",
        '\t' => "tab",
        _ => "space",
    }
}

/// The wrapper characters of one end, named and counted ("a line break", "2 spaces").
fn describe_end(part: &str) -> String {
    let mut names: Vec<(&str, usize)> = Vec::new();
    // "\r\n" is one line break.
    for c in part.chars().filter(|c| *c != '\r' || !part.contains('\n')) {
        let n = char_name(c);
        match names.iter_mut().find(|(m, _)| *m == n) {
            Some((_, k)) => *k += 1,
            None => names.push((n, 1)),
        }
    }
    let words: Vec<String> = names
        .into_iter()
        .map(|(n, k)| match k {
            // "an invisible byte-order mark", "a backtick".
            1 if n.starts_with('i') => format!("an {n}"),
            1 => format!("a {n}"),
            k => {
                format!("{k} {}s", n.replace(" (')", ""))
                    + if n.contains('\'') { " (')" } else { "" }
            }
        })
        .collect();
    words.join(" and ")
}

/// What surrounds `value` inside `raw`, in words: "quotes around it" only when both ends have a
/// quote; otherwise each end by itself ("a single quote (') at its end").
fn wrapping(raw: &str, value: &str) -> String {
    let start = raw.find(value).unwrap_or(0);
    let (lead, trail) = (&raw[..start], &raw[start + value.len()..]);
    let quote = |s: &str| {
        s.chars()
            .any(|c| matches!(c, '"' | '\'' | '`' | '\u{201c}' | '\u{201d}'))
    };
    let plain = |s: &str| s.chars().all(|c| !c.is_whitespace() || c == ' ');
    if quote(lead) && quote(trail) && lead.chars().count() == 1 && trail.chars().count() == 1 {
        return "quotes around it".to_string();
    }
    if !lead.is_empty()
        && !trail.is_empty()
        && plain(lead)
        && plain(trail)
        && !quote(lead)
        && !quote(trail)
    {
        return "spaces around it".to_string();
    }
    let mut parts = Vec::new();
    if !lead.is_empty() {
        parts.push(format!("{} at its start", describe_end(lead)));
    }
    if !trail.is_empty() {
        parts.push(format!("{} at its end", describe_end(trail)));
    }
    parts.join(" and ")
}

/// "it" for one removed character, "them" for more.
fn it_or_them(raw: &str, value: &str) -> &'static str {
    let removed = raw.chars().count() - value.chars().count();
    let crlf_only = raw.ends_with("\r\n") && removed == 2;
    if removed == 1 || crlf_only {
        "it"
    } else {
        "them"
    }
}

/// The fields named by `issues`, each once, in order (for the diagnosis' evidence line).
pub fn fields_of(issues: &[ShapeIssue]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for i in issues {
        for f in i.field.split(" and ") {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out.join(", ")
}

/// Checks one raw value.
fn check_one(label: &str, raw: &str, out: &mut Vec<ShapeIssue>) {
    let value = cleaned(raw);
    let mut push = |level, message: String, may_break_login| {
        out.push(ShapeIssue {
            field: label.to_string(),
            level,
            message,
            may_break_login,
        })
    };
    if value.is_empty() {
        push(ShapeLevel::Error, format!("the {label} is empty"), true);
        return;
    }
    if raw != value {
        push(
            ShapeLevel::Warning,
            format!(
                "the {label} has {}; nstba removed {} for this test ({} characters tested, the \
                 field shows {}), but an integration given the same text may send {} and fail",
                wrapping(raw, value),
                it_or_them(raw, value),
                value.chars().count(),
                raw.chars().count(),
                it_or_them(raw, value),
            ),
            false,
        );
    }
    if value.chars().any(char::is_whitespace) {
        push(
            ShapeLevel::Warning,
            format!("the {label} contains whitespace inside it (a broken copy across lines?)"),
            true,
        );
    }
    if value.contains('…') || value.contains("...") || value.contains("****") {
        push(
            ShapeLevel::Warning,
            format!(
                "the {label} looks masked or shortened (it contains … or ****); copy the full value"
            ),
            true,
        );
    }
    if !is_usual_form(value) {
        let len = value.chars().count();
        let detail = if len != 64 && raw != value {
            format!("it is {len} characters long without what was removed around it")
        } else if len != 64 {
            format!("it is {len} characters long")
        } else if value.chars().any(|c| c.is_ascii_uppercase()) {
            "it has uppercase letters".to_string()
        } else {
            "it has characters other than 0-9 and a-f".to_string()
        };
        push(
            ShapeLevel::Warning,
            format!(
                "the {label} is not in the usual form of 64 lowercase hexadecimal characters \
                 ({detail}); NetSuite does not guarantee that form, but a truncated or wrong \
                 paste often looks like this"
            ),
            true,
        );
    }
}

/// Checks all four values; returns every problem found, in field order, then cross-field problems.
pub fn check(c: &Credentials) -> Vec<ShapeIssue> {
    let mut out = Vec::new();
    let values = c.fields();
    for ((label, _), secret) in FIELDS.iter().zip(values.iter()) {
        check_one(label, secret.expose(), &mut out);
    }
    for i in 0..values.len() {
        for j in (i + 1)..values.len() {
            let (a, b) = (cleaned(values[i].expose()), cleaned(values[j].expose()));
            if !a.is_empty() && a == b {
                out.push(ShapeIssue {
                    field: format!("{} and {}", FIELDS[i].0, FIELDS[j].0),
                    level: ShapeLevel::Warning,
                    message: format!(
                        "the {} and the {} are the same value; one of them was pasted into the \
                         wrong field",
                        FIELDS[i].0, FIELDS[j].0
                    ),
                    may_break_login: true,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX_A: &str = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4";
    const HEX_B: &str = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5";
    const HEX_C: &str = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc";
    const HEX_D: &str = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";

    fn issues(ck: &str, cs: &str, tk: &str, ts: &str) -> Vec<ShapeIssue> {
        check(&Credentials::new(ck, cs, tk, ts))
    }

    #[test]
    fn usual_values_have_no_issues() {
        assert!(issues(HEX_A, HEX_B, HEX_C, HEX_D).is_empty());
    }

    #[test]
    fn shape_table() {
        // (consumer key as pasted, expected fragment, level, may break login)
        let table: &[(String, &str, ShapeLevel, bool)] = &[
            (String::new(), "is empty", ShapeLevel::Error, true),
            ("   ".into(), "is empty", ShapeLevel::Error, true),
            (
                format!(" {HEX_A} "),
                "spaces around it",
                ShapeLevel::Warning,
                false,
            ),
            (
                format!("{HEX_A}\n"),
                "a line break",
                ShapeLevel::Warning,
                false,
            ),
            (
                format!("\"{HEX_A}\""),
                "quotes around it",
                ShapeLevel::Warning,
                false,
            ),
            (
                format!("{HEX_A}'"),
                "a single quote (') at its end",
                ShapeLevel::Warning,
                false,
            ),
            (
                format!("{} {}", &HEX_A[..32], &HEX_A[32..]),
                "whitespace inside",
                ShapeLevel::Warning,
                true,
            ),
            (
                HEX_A[..40].into(),
                "40 characters long",
                ShapeLevel::Warning,
                true,
            ),
            (HEX_A.to_uppercase(), "uppercase", ShapeLevel::Warning, true),
            (
                format!("{}zz", &HEX_A[..62]),
                "other than 0-9 and a-f",
                ShapeLevel::Warning,
                true,
            ),
            (
                format!("{}…", &HEX_A[..10]),
                "masked or shortened",
                ShapeLevel::Warning,
                true,
            ),
        ];
        for (ck, fragment, level, breaks) in table {
            let found = issues(ck, HEX_B, HEX_C, HEX_D);
            let hit = found
                .iter()
                .find(|i| i.message.contains(fragment))
                .unwrap_or_else(|| panic!("{fragment:?} not reported for {ck:?}: {found:?}"));
            assert_eq!(hit.field, "consumer key");
            assert_eq!(hit.level, *level, "{fragment}");
            assert_eq!(hit.may_break_login, *breaks, "{fragment}");
        }
    }

    #[test]
    fn a_single_trailing_quote_is_not_quotes_around_it() {
        // Defect 9 of issue 12: a 6-character value with a stray `'` was "quotes around it", and
        // "6 characters long" while the field showed 7.
        let found = issues("abcdef'", HEX_B, HEX_C, HEX_D);
        let texts: Vec<&str> = found.iter().map(|i| i.message.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|m| m.contains("a single quote (') at its end")
                    && m.contains("6 characters tested, the field shows 7")
                    && m.contains("removed it")),
            "{texts:?}"
        );
        assert!(
            !texts.iter().any(|m| m.contains("quotes around")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|m| m.contains("6 characters long without what was removed")),
            "{texts:?}"
        );
        // Two problems with one field name it once in the evidence.
        assert_eq!(fields_of(&found), "consumer key");
    }

    #[test]
    fn ends_are_named_and_counted() {
        assert_eq!(
            wrapping(&format!("  {HEX_A}\r\n"), HEX_A),
            "2 spaces at its start and a line break at its end"
        );
        assert_eq!(wrapping(&format!(" {HEX_A} "), HEX_A), "spaces around it");
        assert_eq!(wrapping(&format!("`{HEX_A}`"), HEX_A), "quotes around it");
    }

    #[test]
    fn every_wrapper_character_is_named_at_the_end_it_sits() {
        // What the user sees must say which character to delete from the copy.
        let table = [
            ('\n', "a line break"),
            ('"', "a double quote"),
            ('\u{201c}', "a double quote"),
            ('\u{201d}', "a double quote"),
            ('\'', "a single quote (')"),
            ('`', "a backtick"),
            ('\u{feff}', "an invisible byte-order mark"),
            ('\t', "a tab"),
            (' ', "a space"),
        ];
        for (c, words) in table {
            assert_eq!(
                wrapping(&format!("{HEX_A}{c}"), HEX_A),
                format!("{words} at its end"),
                "{c:?}"
            );
        }
        assert_eq!(
            wrapping(&format!("\u{feff}\u{feff}{HEX_A}"), HEX_A),
            "2 invisible byte-order marks at its start"
        );
        // One quote at one end only is not "quotes around it", whatever the other end holds.
        assert_eq!(
            wrapping(&format!("\"{HEX_A}"), HEX_A),
            "a double quote at its start"
        );
        assert_eq!(
            wrapping(&format!("\"{HEX_A} "), HEX_A),
            "a double quote at its start and a space at its end"
        );
    }

    #[test]
    fn one_removed_character_is_it_and_more_are_them() {
        assert_eq!(it_or_them(&format!("{HEX_A} "), HEX_A), "it");
        assert_eq!(it_or_them(&format!("  {HEX_A}"), HEX_A), "them");
        // A Windows line ending is one line break, so "it".
        assert_eq!(it_or_them(&format!("{HEX_A}\r\n"), HEX_A), "it");
        assert_eq!(it_or_them(&format!(" {HEX_A}\r\n"), HEX_A), "them");
    }

    #[test]
    fn each_masking_sign_alone_is_reported() {
        for masked in ["abc…", "abc...", "abc****"] {
            let found = issues(masked, HEX_B, HEX_C, HEX_D);
            assert!(
                found
                    .iter()
                    .any(|i| i.message.contains("masked or shortened")),
                "{masked}: {found:?}"
            );
        }
    }

    #[test]
    fn the_unusual_form_names_its_real_reason_after_cleaning() {
        // 64 characters once the spaces are removed: the reason is the uppercase, not the length.
        let found = issues(&format!(" {} ", HEX_A.to_uppercase()), HEX_B, HEX_C, HEX_D);
        let form = found
            .iter()
            .find(|i| i.message.contains("usual form"))
            .expect("unusual form reported");
        assert!(
            form.message.contains("it has uppercase letters"),
            "{}",
            form.message
        );
    }

    #[test]
    fn same_value_in_two_fields() {
        let found = issues(HEX_A, HEX_B, HEX_A, HEX_D);
        assert!(
            found
                .iter()
                .any(|i| i.field == "consumer key and token id" && i.message.contains("same value")),
            "{found:?}"
        );
        // Surrounding whitespace does not hide the duplicate.
        let found = issues(HEX_A, HEX_B, HEX_C, &format!(" {HEX_B}\n"));
        assert!(
            found
                .iter()
                .any(|i| i.field == "consumer secret and token secret")
        );
    }

    #[test]
    fn messages_never_contain_the_value() {
        let odd = "SeCrEtVaLuE-not-hex-1234";
        for i in issues(odd, &format!(" {odd}"), odd, "x") {
            assert!(!i.message.contains(odd), "{}", i.message);
        }
    }

    #[test]
    fn cleaning_removes_wrappers_only() {
        assert_eq!(cleaned(" \"abc def\"\r\n"), "abc def");
        let c = cleaned_credentials(&Credentials::new(" a ", "'b'", "c\n", "d"));
        assert_eq!(c.consumer_key.expose(), "a");
        assert_eq!(c.consumer_secret.expose(), "b");
        assert_eq!(c.token_id.expose(), "c");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_echoes(v in "\\PC{0,80}", w in "[ \\t\\r\\n\"']{0,3}") {
            // "Z" never occurs in the messages, so a match could only be an echo of the value.
            let value = format!("Z{v}Z");
            let pasted = format!("{w}{value}{w}");
            for i in issues(&pasted, &pasted, "x", "y") {
                proptest::prop_assert!(!i.message.contains(&value));
            }
        }
    }
}
