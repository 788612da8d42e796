//! The words of the migration, read from `assets/migrate.toml` (embedded, parsed once): each
//! checklist item's title, explanation and NetSuite steps, and each failure code's title, cause
//! and fixes. The logic fills the `{name}` placeholders from what it observed.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::code::MigrateCode;
use super::item::Item;
use crate::check::text::fill;

/// The embedded source.
const SOURCE: &str = include_str!("../../assets/migrate.toml");

/// The words of one checklist item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemWords {
    /// One line.
    pub title: String,
    /// What the item is about and why.
    pub about: String,
    /// What to do in NetSuite.
    pub todo: String,
    /// What the item is about when the target is authorization code (else `about`).
    #[serde(default)]
    pub about_authcode: Option<String>,
    /// What to do when the target is authorization code (else `todo`).
    #[serde(default)]
    pub todo_authcode: Option<String>,
    /// What to do for the upload with a login (the key item), shown when one can be used.
    #[serde(default)]
    pub todo_login: Option<String>,
    /// What the item is about on a sandbox account (the sandbox item).
    #[serde(default)]
    pub about_sandbox: Option<String>,
    /// What to do on a sandbox account (the sandbox item).
    #[serde(default)]
    pub todo_sandbox: Option<String>,
}

/// The words of one failure code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureWords {
    /// The item the code belongs to (checked against [`MigrateCode::item`]).
    pub item: String,
    /// One line.
    pub title: String,
    /// Why.
    pub cause: String,
    /// Fix steps (the command line's words).
    pub fixes: Vec<String>,
    /// Fix steps in the wizard's keys, where they differ from `fixes`.
    #[serde(default)]
    pub wizard_fixes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    item: BTreeMap<String, ItemWords>,
    failure: BTreeMap<String, FailureWords>,
}

fn parse(source: &str) -> Result<File, String> {
    let f: File = toml::from_str(source).map_err(|e| e.to_string())?;
    for key in f.item.keys() {
        key.parse::<Item>()
            .map_err(|_| format!("[item.{key}] is not a checklist item"))?;
    }
    for (key, w) in &f.failure {
        let code: MigrateCode = key
            .parse()
            .map_err(|_| format!("[failure.{key}] is not a migration code"))?;
        if code.item().id() != w.item {
            return Err(format!(
                "[failure.{key}] item = {:?}, expected {:?}",
                w.item,
                code.item().id()
            ));
        }
    }
    Ok(f)
}

fn file() -> &'static File {
    static FILE: OnceLock<File> = OnceLock::new();
    FILE.get_or_init(|| match parse(SOURCE) {
        Ok(f) => f,
        // Checked by the unit tests below: a failure here is a build defect.
        Err(e) => panic!("assets/migrate.toml: {e}"),
    })
}

/// The words of `item`, placeholders filled from `vars`.
pub fn item(item: Item, vars: &[(&str, &str)]) -> ItemWords {
    let w = file().item.get(item.id()).cloned().unwrap_or(ItemWords {
        title: item.id().to_string(),
        about: String::new(),
        todo: String::new(),
        about_authcode: None,
        todo_authcode: None,
        todo_login: None,
        about_sandbox: None,
        todo_sandbox: None,
    });
    let opt = |o: &Option<String>| o.as_ref().map(|t| fill(t, vars));
    ItemWords {
        title: fill(&w.title, vars),
        about: fill(&w.about, vars),
        todo: fill(&w.todo, vars),
        about_authcode: opt(&w.about_authcode),
        todo_authcode: opt(&w.todo_authcode),
        todo_login: opt(&w.todo_login),
        about_sandbox: opt(&w.about_sandbox),
        todo_sandbox: opt(&w.todo_sandbox),
    }
}

/// The words of `code`, placeholders filled from `vars`.
pub fn failure(code: MigrateCode, vars: &[(&str, &str)]) -> FailureWords {
    let w = file()
        .failure
        .get(code.as_str())
        .cloned()
        .unwrap_or(FailureWords {
            item: code.item().id().to_string(),
            title: code.as_str().to_string(),
            cause: String::new(),
            fixes: Vec::new(),
            wizard_fixes: Vec::new(),
        });
    FailureWords {
        item: w.item,
        title: fill(&w.title, vars),
        cause: fill(&w.cause, vars),
        fixes: w.fixes.iter().map(|f| fill(f, vars)).collect(),
        wizard_fixes: w.wizard_fixes.iter().map(|f| fill(f, vars)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_and_code_has_words_and_every_entry_a_name() {
        let f = parse(SOURCE).expect("assets/migrate.toml parses");
        for i in Item::all() {
            let w = f
                .item
                .get(i.id())
                .unwrap_or_else(|| panic!("no [item.{}]", i.id()));
            assert!(!w.title.is_empty() && !w.about.is_empty(), "{}", i.id());
        }
        for c in MigrateCode::all() {
            let w = f
                .failure
                .get(c.as_str())
                .unwrap_or_else(|| panic!("no [failure.{c}]"));
            assert!(!w.fixes.is_empty(), "{c}");
        }
        assert_eq!(f.item.len(), Item::all().count());
        assert_eq!(f.failure.len(), MigrateCode::all().count());
        assert!(
            parse("[item]\n[failure.migrate-nope]\nitem='x'\ntitle='t'\ncause='c'\nfixes=[]\n")
                .is_err()
        );
    }

    #[test]
    fn placeholders_are_filled() {
        let w = failure(
            MigrateCode::MigrateRoleMismatch,
            &[("role", "1001"), ("new_role", "1002")],
        );
        assert!(
            w.title.contains("1002") && w.title.contains("1001"),
            "{}",
            w.title
        );
        assert_eq!(w.item, "side-by-side");
    }
}
