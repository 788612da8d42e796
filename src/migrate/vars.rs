//! The values the words of every item and failure may use (`{from}`, `{role}`, `{scopes}`, …),
//! filled from the progress and the finding; and the default scopes of a migration.

use super::item::Item;
use super::state::MigrationState;
use super::verdict::Finding;
use super::words;
use crate::check::Api;

/// The values for `f`'s words: the finding's own first, then those of the progress.
pub fn vars(st: &MigrationState, f: &Finding) -> Vec<(String, String)> {
    let id = st
        .inventory
        .as_ref()
        .map(|i| i.identity.clone())
        .unwrap_or_default();
    let mut v: Vec<(String, String)> = f.vars.clone();
    let mut add = |k: &str, val: String| {
        if !v.iter().any(|(n, _)| n == k) {
            v.push((k.to_string(), val));
        }
    };
    add("from", st.from.clone());
    add("to", st.to.clone());
    add(
        "role",
        id.role.unwrap_or_else(|| "the TBA token's role".into()),
    );
    add(
        "entity",
        id.entity.unwrap_or_else(|| "the TBA token's entity".into()),
    );
    let scopes = if st.scopes.is_empty() {
        default_scopes(st)
    } else {
        st.scopes.clone()
    };
    add("scopes", scopes.join(", "));
    add("why", "see the diagnosis below".into());
    add(
        "login",
        st.upload_login
            .clone()
            .unwrap_or_else(|| "the login profile".into()),
    );
    v
}

/// `vars` as the `(&str, &str)` pairs the words take.
pub fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

/// The words of `item` for this migration.
pub fn item_words(st: &MigrationState, item: Item) -> words::ItemWords {
    let empty = Finding {
        code: super::MigrateCode::MigrateNewProfileFailing,
        vars: Vec::new(),
    };
    let mut w = words::item(item, &pairs(&vars(st, &empty)));
    if item == Item::Sandbox && super::steps::is_sandbox(st) {
        if let Some(a) = w.about_sandbox.take() {
            w.about = a;
        }
        if let Some(t) = w.todo_sandbox.take() {
            w.todo = t;
        }
    }
    if st.target == super::state::Target::Authcode {
        if let Some(a) = w.about_authcode.take() {
            w.about = a;
        }
        if let Some(t) = w.todo_authcode.take() {
            w.todo = t;
        }
    }
    w
}

/// The words of finding `f` for this migration.
pub fn failure_words(st: &MigrationState, f: &Finding) -> words::FailureWords {
    words::failure(f.code, &pairs(&vars(st, f)))
}

/// The one-line title of finding `f`.
pub fn failure_title(st: &MigrationState, f: &Finding) -> String {
    failure_words(st, f).title
}

/// Scopes for the interfaces the TBA token works on (SOAP has none).
pub fn default_scopes(st: &MigrationState) -> Vec<String> {
    let working = st
        .inventory
        .as_ref()
        .map(|i| i.working.clone())
        .unwrap_or_default();
    let mut s: Vec<String> = working
        .iter()
        .filter_map(|a| match a {
            Api::Rest => Some("rest_webservices".to_string()),
            Api::Restlet => Some("restlets".to_string()),
            Api::Soap => None,
        })
        .collect();
    if s.is_empty() {
        s.push("rest_webservices".into());
    }
    s
}

/// Words for every placeholder when no migration is at hand (`nstba explain migrate-…`):
/// `<…>` names what a real migration puts there.
pub fn generic() -> Vec<(&'static str, &'static str)> {
    vec![
        ("from", "<TBA profile>"),
        ("to", "<new profile>"),
        ("role", "<TBA role>"),
        ("new_role", "<OAuth 2.0 role>"),
        ("entity", "<TBA entity>"),
        ("new_entity", "<OAuth 2.0 entity>"),
        ("scopes", "<scopes of the interfaces TBA works on>"),
        ("wanted", "<scopes asked for>"),
        ("missing", "<scope the record lacks>"),
        ("apis", "<interfaces the TBA token works on>"),
        ("why", "<the connection test's diagnosis>"),
        ("login", "<login profile>"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::MigrateCode;

    #[test]
    fn generic_words_leave_no_placeholder() {
        for c in MigrateCode::all() {
            let w = words::failure(c, &generic());
            let all = format!("{} {} {}", w.title, w.cause, w.fixes.join(" "));
            assert!(!all.contains('{'), "{c}: {all}");
        }
        for i in Item::all() {
            let w = words::item(i, &generic());
            assert!(!format!("{} {}", w.title, w.todo).contains('{'), "{i}");
        }
    }
}
