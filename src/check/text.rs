//! The words of every diagnosis, read from `assets/diagnoses.toml` (embedded, parsed once): titles,
//! causes and fix steps per [`DiagnosisCode`], the ranked causes of a refused login, the one Login
//! Audit Trail recipe, and how each front end words a [`NextStep`]. The rules in
//! [`super::diagnose`] choose and fill these; they hold no prose of their own.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::code::DiagnosisCode;
use super::settings::DEFAULT_TIMEOUT;

/// The embedded source.
const SOURCE: &str = include_str!("../../assets/diagnoses.toml");

/// Where the Login Audit Trail is and how to read it.
#[derive(Debug, Clone, Deserialize)]
pub struct LoginAuditTrail {
    /// The menu path (`Setup > Users/Roles > User Management > View Login Audit Trail`).
    pub menu: String,
    /// The full recipe: open it, add the Detail column, find the failed login.
    pub steps: String,
}

/// How each front end words one next step.
#[derive(Debug, Clone, Deserialize)]
struct NextWords {
    command_line: String,
    screen: String,
}

/// One ranked cause of a refused login, before the rule fills it.
#[derive(Debug, Clone, Deserialize)]
pub struct CauseText {
    /// The Login Audit Trail Detail value this cause shows as, if it has one.
    pub detail: Option<String>,
    /// The cause.
    pub text: String,
    /// The fix, when there is a specific one.
    pub fix: Option<String>,
    /// What points to it.
    pub evidence: String,
}

/// The words that may differ for one case of a diagnosis (a variant replaces what it names).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    title: Option<String>,
    cause: Option<String>,
    fixes: Option<Vec<String>>,
}

/// One `[diagnosis.CODE]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    title: String,
    cause: String,
    fixes: Vec<String>,
    what_changed: Option<String>,
    #[serde(default)]
    variants: BTreeMap<String, Words>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    menu: BTreeMap<String, String>,
    login_audit_trail: LoginAuditTrail,
    next_step: BTreeMap<String, NextWords>,
    fragment: BTreeMap<String, String>,
    cause: BTreeMap<String, CauseText>,
    evidence: BTreeMap<String, String>,
    diagnosis: BTreeMap<String, Entry>,
}

/// The words of one diagnosis case, placeholders still in.
#[derive(Debug, Clone, Copy)]
pub struct Prose<'a> {
    /// One line.
    pub title: &'a str,
    /// Why.
    pub cause: &'a str,
    /// Fix step templates; `{next.NAME}` marks a [`NextStep`].
    pub fixes: &'a [String],
}

/// A next step that is an action in nstba itself; each front end words it its own way
/// ([`NextStep::command_line`], [`NextStep::screen`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NextStep {
    /// Look up the Login Audit Trail Detail value (`nstba explain`, the TUI translator).
    Explain {
        /// The Detail value, when known.
        detail: Option<String>,
    },
    /// Run the test again with a longer per-request timeout.
    RetryWithTimeout {
        /// The timeout to suggest, seconds.
        secs: u64,
    },
    /// Retry later, then send a support report.
    SendReport,
}

impl NextStep {
    /// The step a `{next.NAME}` marker in the data stands for, with its usual parameters.
    pub fn named(name: &str) -> Option<NextStep> {
        Some(match name {
            "explain" => NextStep::Explain { detail: None },
            "retry-with-timeout" => NextStep::RetryWithTimeout {
                secs: DEFAULT_TIMEOUT.as_secs() * 2,
            },
            "send-report" => NextStep::SendReport,
            _ => return None,
        })
    }

    /// The data's name for this step.
    pub fn name(&self) -> &'static str {
        match self {
            NextStep::Explain { .. } => "explain",
            NextStep::RetryWithTimeout { .. } => "retry-with-timeout",
            NextStep::SendReport => "send-report",
        }
    }

    fn words(&self, pick: fn(&NextWords) -> &String) -> String {
        let template = texts()
            .file
            .next_step
            .get(self.name())
            .map_or("", |w| pick(w).as_str());
        let secs;
        let vars: Vec<(&str, &str)> = match self {
            NextStep::Explain { detail } => {
                vec![("detail", detail.as_deref().unwrap_or("<Detail>"))]
            }
            NextStep::RetryWithTimeout { secs: s } => {
                secs = s.to_string();
                vec![("secs", secs.as_str())]
            }
            NextStep::SendReport => vec![],
        };
        fill(template, &vars)
    }

    /// How the command line words it ("Run `nstba explain <Detail>` …"); also the JSON's words.
    pub fn command_line(&self) -> String {
        self.words(|w| &w.command_line)
    }

    /// How the terminal UI words it.
    pub fn screen(&self) -> String {
        self.words(|w| &w.screen)
    }
}

/// All the words, parsed once.
pub struct Texts {
    file: File,
    by_code: BTreeMap<DiagnosisCode, String>,
}

/// Replaces each `{name}` in `template` by its value in `vars`, in one pass: a value that itself
/// contains braces (server text) is never expanded again. Unknown names stay as they are.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| Some((close, vars.iter().find(|(k, _)| *k == &after[..close])?)));
        match value {
            Some((close, (_, v))) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Borrowed `(name, value)` pairs for [`fill`].
fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

impl File {
    /// Fills the placeholders every entry may use that the data itself defines: menu paths and
    /// the Login Audit Trail recipe.
    fn resolve(mut self) -> File {
        let mut global: Vec<(String, String)> = self
            .menu
            .iter()
            .map(|(k, v)| (format!("menu.{k}"), v.clone()))
            .collect();
        global.push((
            "login_audit_trail.menu".into(),
            self.login_audit_trail.menu.clone(),
        ));
        self.login_audit_trail.steps = fill(&self.login_audit_trail.steps, &pairs(&global));
        global.push((
            "login_audit_trail.steps".into(),
            self.login_audit_trail.steps.clone(),
        ));
        let v = pairs(&global);
        let apply = |s: &mut String| *s = fill(s, &v);
        for s in self.fragment.values_mut().chain(self.evidence.values_mut()) {
            apply(s);
        }
        for c in self.cause.values_mut() {
            apply(&mut c.text);
            c.fix.iter_mut().for_each(apply);
            apply(&mut c.evidence);
        }
        for w in self.next_step.values_mut() {
            apply(&mut w.command_line);
            apply(&mut w.screen);
        }
        for e in self.diagnosis.values_mut() {
            apply(&mut e.title);
            apply(&mut e.cause);
            e.fixes.iter_mut().for_each(apply);
            e.what_changed.iter_mut().for_each(apply);
            for w in e.variants.values_mut() {
                w.title.iter_mut().for_each(apply);
                w.cause.iter_mut().for_each(apply);
                w.fixes.iter_mut().flatten().for_each(apply);
            }
        }
        self
    }
}

/// Parses and resolves the data (separate from [`texts`] so tests can report an error clearly).
fn parse(source: &str) -> Result<Texts, String> {
    let file = toml::from_str::<File>(source)
        .map_err(|e| e.to_string())?
        .resolve();
    let mut by_code = BTreeMap::new();
    for key in file.diagnosis.keys() {
        let code: DiagnosisCode = key
            .parse()
            .map_err(|_| format!("[diagnosis.{key}] is not a diagnosis code"))?;
        by_code.insert(code, key.clone());
    }
    Ok(Texts { file, by_code })
}

/// The words, parsed on first use. The embedded file is checked by the unit tests below (every
/// code has an entry and every entry a code), so a failure here is a build defect.
pub fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| match parse(SOURCE) {
        Ok(t) => t,
        Err(e) => panic!("assets/diagnoses.toml: {e}"),
    })
}

impl Texts {
    fn entry(&self, code: DiagnosisCode) -> Option<&Entry> {
        self.file.diagnosis.get(self.by_code.get(&code)?)
    }

    /// The words for `code`, with `variant`'s replacements when given and known.
    pub fn prose(&self, code: DiagnosisCode, variant: Option<&str>) -> Prose<'_> {
        const NONE: &[String] = &[];
        let Some(e) = self.entry(code) else {
            return Prose {
                title: code.as_str(),
                cause: "",
                fixes: NONE,
            };
        };
        let w = variant.and_then(|v| e.variants.get(v));
        Prose {
            title: w.and_then(|w| w.title.as_deref()).unwrap_or(&e.title),
            cause: w.and_then(|w| w.cause.as_deref()).unwrap_or(&e.cause),
            fixes: w.and_then(|w| w.fixes.as_deref()).unwrap_or(&e.fixes),
        }
    }

    /// What most likely changed when a profile that passed before now fails with `code`.
    pub fn what_changed(&self, code: DiagnosisCode) -> Option<&str> {
        self.entry(code)?.what_changed.as_deref()
    }

    /// A named piece of text (`network-path`, …); empty when unknown.
    pub fn fragment(&self, name: &str) -> &str {
        self.file.fragment.get(name).map_or("", String::as_str)
    }

    /// A named evidence wording; empty when unknown.
    pub fn evidence(&self, name: &str) -> &str {
        self.file.evidence.get(name).map_or("", String::as_str)
    }

    /// A ranked cause of a refused login by name (`clock`, `bad-paste`, …).
    pub fn cause(&self, name: &str) -> Option<&CauseText> {
        self.file.cause.get(name)
    }

    /// The one Login Audit Trail recipe.
    pub fn login_audit_trail(&self) -> &LoginAuditTrail {
        &self.file.login_audit_trail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_entry_and_every_entry_a_code() {
        let t = parse(SOURCE).expect("assets/diagnoses.toml parses");
        for code in DiagnosisCode::all() {
            let e = t
                .entry(code)
                .unwrap_or_else(|| panic!("no [diagnosis.{code}]"));
            assert!(!e.title.is_empty() && !e.fixes.is_empty(), "{code}");
        }
        assert_eq!(t.by_code.len(), t.file.diagnosis.len());
        assert!(parse("[diagnosis.no-such-code]\n").is_err());
    }

    #[test]
    fn data_placeholders_are_all_resolved() {
        let t = parse(SOURCE).unwrap();
        let all = format!("{:?}", t.file);
        assert!(!all.contains("{menu."), "an unknown [menu] name is used");
        assert!(!all.contains("{login_audit_trail."));
        assert!(
            t.login_audit_trail()
                .steps
                .contains(&t.login_audit_trail().menu)
        );
        for e in t.file.diagnosis.values() {
            for f in e
                .fixes
                .iter()
                .chain(e.variants.values().flat_map(|w| w.fixes.iter().flatten()))
            {
                if let Some(name) = f.strip_prefix("{next.").and_then(|s| s.strip_suffix('}')) {
                    assert!(NextStep::named(name).is_some(), "{f}");
                }
            }
        }
        for step in [
            NextStep::Explain { detail: None },
            NextStep::RetryWithTimeout { secs: 30 },
            NextStep::SendReport,
        ] {
            assert!(t.file.next_step.contains_key(step.name()));
            assert!(!step.command_line().contains('{'), "{step:?}");
        }
    }

    #[test]
    fn fill_is_one_pass() {
        assert_eq!(
            fill("a {x} b {y} {z", &[("x", "{y}"), ("y", "2")]),
            "a {y} b 2 {z"
        );
        assert_eq!(fill("{}", &[]), "{}");
        assert_eq!(fill("é{x}é", &[("x", "ü")]), "éüé");
    }
}

/// Tests written from cargo-mutants' survivors (TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;

    #[test]
    fn a_retry_suggests_twice_the_default_timeout_in_both_wordings() {
        let step = NextStep::named("retry-with-timeout").unwrap();
        let twice = DEFAULT_TIMEOUT.as_secs() * 2;
        assert_eq!(step, NextStep::RetryWithTimeout { secs: twice });
        // The wizard sets the timeout with a key; the command line names the doubled value.
        assert!(step.screen().contains("press T"), "{}", step.screen());
        assert!(step.command_line().contains(&format!("--timeout {twice}")));
        assert_eq!(NextStep::named("no-such-step"), None);
    }

    #[test]
    fn every_step_has_screen_words_from_the_data() {
        for name in ["explain", "retry-with-timeout", "send-report"] {
            let step = NextStep::named(name).unwrap();
            assert_eq!(step.name(), name);
            // The wizard has a key for each: its words name the key, never a command to type.
            let words = step.screen();
            assert!(
                words.len() > 20 && !words.contains("nstba") && words.contains("ress "),
                "{name}: {words:?}"
            );
            let line = step.command_line();
            assert!(line.contains("`nstba "), "{name}: {line:?}");
        }
        let explain = NextStep::Explain {
            detail: Some("InvalidSignature".into()),
        };
        assert!(explain.command_line().contains("nstba explain"));
        assert!(explain.screen().contains("Press t"));
    }

    #[test]
    fn what_changed_is_the_entrys_own_words() {
        let t = texts();
        let words = t
            .what_changed(DiagnosisCode::DnsFailure)
            .expect("transport-failure says what changed");
        assert!(words.contains("network path"), "{words}");
        assert_eq!(t.what_changed(DiagnosisCode::InternalError), None);
    }
}
