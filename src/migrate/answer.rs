//! What a typed answer to one of the migration's questions means: the whole word or its first
//! letter (`separate`, `s`…), any case; Enter takes the default; anything else is no answer, so
//! the question is asked again rather than guessed (`separate` once counted as "same").

use super::state::{RecordChoice, Target};

/// `answer` read against `choices` (each: the words that mean it, and its value); an empty
/// answer is `default`; `None` when it means none of them.
pub fn pick<T: Copy>(answer: &str, default: T, choices: &[(&[&str], T)]) -> Option<T> {
    let a = answer.trim().to_ascii_lowercase();
    if a.is_empty() {
        return Some(default);
    }
    choices
        .iter()
        .find(|(words, _)| words.contains(&a.as_str()))
        .map(|(_, v)| *v)
}

/// The target: `m2m`/`m` or `authcode`/`a` (Enter: M2M).
pub fn target(answer: &str) -> Option<Target> {
    pick(
        answer,
        Target::M2m,
        &[
            (&["m2m", "m"], Target::M2m),
            (&["authcode", "a"], Target::Authcode),
        ],
    )
}

/// What [`target`] takes, for the question asked again.
pub const TARGET_WORDS: &str = "m2m (m) or authcode (a); Enter for m2m";

/// The record: `same`/`s` or `separate`/`o`/`other` (Enter: the same).
pub fn record(answer: &str) -> Option<RecordChoice> {
    pick(
        answer,
        RecordChoice::Same,
        &[
            (&["same", "s"], RecordChoice::Same),
            (&["separate", "other", "o"], RecordChoice::Separate),
        ],
    )
}

/// What [`record`] takes.
pub const RECORD_WORDS: &str = "same (s) or separate (o); Enter for same";

/// A yes/no question: `yes`/`y` or `no`/`n`; Enter takes `default`.
pub fn yes_no(answer: &str, default: bool) -> Option<bool> {
    pick(
        answer,
        default,
        &[(&["yes", "y"], true), (&["no", "n"], false)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_first_letters_count_and_nothing_else() {
        assert_eq!(record("separate"), Some(RecordChoice::Separate));
        assert_eq!(record(" Same "), Some(RecordChoice::Same));
        assert_eq!(record("o"), Some(RecordChoice::Separate));
        assert_eq!(record(""), Some(RecordChoice::Same));
        assert_eq!(record("sep"), None);
        assert_eq!(target("n"), None);
        assert_eq!(target("AUTHCODE"), Some(Target::Authcode));
        assert_eq!(target("m"), Some(Target::M2m));
        assert_eq!(yes_no("", false), Some(false));
        assert_eq!(yes_no("yes", false), Some(true));
        assert_eq!(yes_no("yep", false), None);
    }
}
