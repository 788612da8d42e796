//! The Login Audit Trail catalogue: every TBA "Detail" value, three-step-flow error, NetSuite error
//! code and known error-message text, with what it means and how to fix it. The data lives in
//! `assets/audit-trail-codes.toml` (embedded) so it can be reviewed without reading code.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded catalogue source.
const SOURCE: &str = include_str!("../../assets/audit-trail-codes.toml");

/// The OAuth 2.0 values (Detail codes, token endpoint errors), kept apart from TBA's.
const SOURCE_OAUTH2: &str = include_str!("../../assets/oauth2-codes.toml");

/// One catalogue entry: a code (or a message text that has no code) and its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CodeEntry {
    /// The value as NetSuite shows it (`InvalidSignature`, `INVALID_LOGIN`, or a message text).
    pub code: String,
    /// Other spellings of the same value (`NonceUsed` for `nonce_used`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One line.
    pub title: String,
    /// What it means.
    pub meaning: String,
    /// Likely causes, most common first.
    pub causes: Vec<String>,
    /// Fix steps naming NetSuite menu paths.
    pub fixes: Vec<String>,
    /// Where a user meets this value (Login Audit Trail, REST body, SOAP fault…).
    pub where_seen: String,
    /// Phrases that identify this entry inside a longer error text.
    #[serde(default)]
    pub messages: Vec<String>,
}

/// How a query matched an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The query is the entry's code.
    Code,
    /// The query is one of the entry's aliases.
    Alias,
    /// The query contains a known message phrase (or a code inside a longer text).
    Message,
}

/// The answer to [`explain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// The matched entry.
    pub entry: &'static CodeEntry,
    /// How it matched.
    pub matched: MatchKind,
}

#[derive(Deserialize)]
struct File {
    entry: Vec<CodeEntry>,
}

/// Parses the catalogue text (separate from [`all`] so tests can report a parse error clearly).
fn parse(source: &str) -> Result<Vec<CodeEntry>, toml::de::Error> {
    toml::from_str::<File>(source).map(|f| f.entry)
}

/// Every entry, in catalogue order. Parsed once; the embedded data is validated by unit tests, so
/// a parse failure here is a build defect and yields an empty catalogue rather than a panic.
pub fn all() -> &'static [CodeEntry] {
    static ENTRIES: OnceLock<Vec<CodeEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut all = parse(SOURCE).unwrap_or_default();
        all.extend(parse(SOURCE_OAUTH2).unwrap_or_default());
        all
    })
}

/// Lowercase with `_`, `-`, spaces and other punctuation removed: `Nonce_Used` → `nonceused`.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds the entry for a Login Audit Trail Detail value, an error code, or an error message.
///
/// Codes match case-insensitively ignoring `_`, `-` and spaces (`nonce-used`, `NONCE_USED`);
/// messages match by a contained known phrase (the longest wins); a longer text that carries a
/// known code as a word (`error code: INVALID_LOGIN_ATTEMPT …`) matches that code.
pub fn explain(query: &str) -> Option<Explanation> {
    explain_in(all(), query)
}

/// [`explain`] over `entries` (tests give it a small catalogue of their own).
fn explain_in(entries: &'static [CodeEntry], query: &str) -> Option<Explanation> {
    let q = normalize(query);
    if q.is_empty() {
        return None;
    }
    if let Some(entry) = entries.iter().find(|e| normalize(&e.code) == q) {
        return Some(Explanation {
            entry,
            matched: MatchKind::Code,
        });
    }
    if let Some(entry) = entries
        .iter()
        .find(|e| e.aliases.iter().any(|a| normalize(a) == q))
    {
        return Some(Explanation {
            entry,
            matched: MatchKind::Alias,
        });
    }
    let lower = query.to_lowercase();
    let mut best: Option<(&'static CodeEntry, usize)> = None;
    for e in entries {
        for m in &e.messages {
            let phrase = m.to_lowercase();
            if lower.contains(&phrase) && best.is_none_or(|(_, len)| phrase.len() > len) {
                best = Some((e, phrase.len()));
            }
        }
    }
    if let Some((entry, _)) = best {
        return Some(Explanation {
            entry,
            matched: MatchKind::Message,
        });
    }
    // A code embedded in a longer text: look at each word (codes are single tokens).
    for word in query.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        let w = normalize(word);
        if w.len() < 6 {
            continue;
        }
        if let Some(entry) = entries.iter().find(|e| {
            !e.code.contains(' ')
                && (normalize(&e.code) == w || e.aliases.iter().any(|a| normalize(a) == w))
        }) {
            return Some(Explanation {
                entry,
                matched: MatchKind::Message,
            });
        }
    }
    None
}

/// Suggestions for a value the catalogue does not know ("did you mean"): the known codes and
/// aliases most similar to it (Jaro-Winkler over the normalized spellings, `strsim`), best first,
/// at most `max`.
pub fn suggest(query: &str, max: usize) -> Vec<&'static str> {
    suggest_in(all(), query, max)
}

/// [`suggest`] over `entries`.
fn suggest_in(entries: &'static [CodeEntry], query: &str, max: usize) -> Vec<&'static str> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let q = q.as_str();
    let mut scored: Vec<(f64, &'static str)> = entries
        .iter()
        .filter(|e| !e.code.contains(' '))
        .flat_map(|e| {
            std::iter::once(e.code.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .map(move |name| (strsim::jaro_winkler(q, &normalize(name)), e.code.as_str()))
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<&'static str> = Vec::new();
    for (_, code) in scored {
        if !out.contains(&code) && out.len() < max {
            out.push(code);
        }
    }
    out
}

/// The codes (not message texts) in the catalogue, for "known codes" lists.
pub fn known_codes() -> Vec<&'static str> {
    all()
        .iter()
        .filter(|e| !e.code.contains(' '))
        .map(|e| e.code.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_oauth2_detail_is_explained() {
        parse(SOURCE_OAUTH2).expect("assets/oauth2-codes.toml parses");
        for code in [
            // Reference §1.6 (API calls with an OAuth 2.0 token).
            "AccessTokenExpired",
            "EntityOrRoleDisabled",
            "InvalidSignature",
            "TokenRejected",
            "InvalidIntegration",
            "ScopeMismatched",
            "AuthorizationCodeGrantRequired",
            // §2.6 (authorization code and refresh).
            "InvalidState",
            "UnknownIntegration",
            "ClientAuthenticationFailed",
            "InvalidRedirectURI",
            "UnsupportedResponseType",
            "AuthorizationExplicitlyDenied",
            "RefreshTokenExpired",
            "InvalidScope",
            // Token endpoint errors and the emulator's token-endpoint Details.
            "invalid_grant",
            "invalid_client",
            "unauthorized_client",
            "invalid_scope",
            "unsupported_grant_type",
            "MalformedAssertion",
            "InvalidHeader",
            "UnsupportedAlgorithm",
            "FeatureDisabled",
            "InvalidClient",
            "IntegrationBlocked",
            "ClientCredentialsGrantNotAllowed",
            "UnknownCertificate",
            "CertificateRevoked",
            "CertificateExpired",
            "InvalidAudience",
            "InvalidAssertionLifetime",
            "AssertionExpired",
            "AssertionIssuedInFuture",
            "permission_denied",
        ] {
            assert!(explain(code).is_some(), "{code} is not explained");
        }
    }

    #[test]
    fn unknown_values_get_did_you_mean_suggestions() {
        assert_eq!(
            suggest("InvalidSignatre", 3).first(),
            Some(&"InvalidSignature")
        );
        assert_eq!(
            suggest("temporary_lock", 3).first(),
            Some(&"temporary_locked")
        );
        assert_eq!(suggest("tokn_rejected", 3).first(), Some(&"token_rejected"));
        assert!(suggest("zzzzzz", 3).is_empty());
        assert!(suggest("", 3).is_empty());
        assert!(suggest("consumer", 2).len() <= 2);
    }

    #[test]
    fn embedded_catalogue_parses() {
        let entries = parse(SOURCE).expect("assets/audit-trail-codes.toml must parse");
        assert!(entries.len() >= 40, "only {} entries", entries.len());
        for e in &entries {
            assert!(!e.title.is_empty() && !e.meaning.is_empty(), "{}", e.code);
            assert!(!e.causes.is_empty(), "{} has no causes", e.code);
            assert!(!e.fixes.is_empty(), "{} has no fixes", e.code);
            assert!(!e.where_seen.is_empty(), "{}", e.code);
        }
        let oauth2 = parse(SOURCE_OAUTH2).expect("assets/oauth2-codes.toml must parse");
        assert_eq!(all().len(), entries.len() + oauth2.len());
    }

    #[test]
    fn codes_and_aliases_are_unique_after_normalization() {
        // Aliases may normalize to their own code (NonceUsed / nonce_used); never to another entry.
        let mut seen = std::collections::HashMap::new();
        for e in all() {
            for name in std::iter::once(&e.code).chain(e.aliases.iter()) {
                let prev = seen.insert(normalize(name), e.code.clone());
                assert!(
                    prev.is_none_or(|p| p == e.code),
                    "{name} is claimed by two entries"
                );
            }
        }
    }

    /// Reference §5.4 (both columns) and §5.5: every value must be explained.
    #[test]
    fn covers_every_login_audit_trail_and_flow_code() {
        let lat = [
            "consumer_key_refused",
            "consumer_key_unknown",
            "FeatureDisabled",
            "MissingTokenPassportRequiredFields",
            "nonce_rejected",
            "nonce_used",
            "NonceUsed",
            "parameter_rejected",
            "permission_denied",
            "InvalidSignature",
            "UnknownAlgorithm",
            "temporary_locked",
            "InvalidTimestamp",
            "token_rejected",
            "VersionRejected",
        ];
        let flow = [
            "UnknownIntegration",
            "IntegrationBlocked",
            "AuthorizationFlowRequired",
            "InvalidTimestamp",
            "InvalidSignature",
            "InvalidCallback",
            "MissingRequiredParameter",
            "NonceRejected",
            "NonceUsed",
            "TokenRejected",
            "EntityOrRoleDisabled",
            "FeatureDisabled",
            "UnknownAlgorithm",
            "VersionRejected",
            "InvalidVerifier",
        ];
        let errors = [
            "INVALID_LOGIN",
            "INVALID_LOGIN_ATTEMPT",
            "INVALID_LOGIN_CREDENTIALS",
            "INSUFFICIENT_PERMISSION",
            "CONCURRENCY_LIMIT_EXCEEDED",
            "SSS_REQUEST_LIMIT_EXCEEDED",
            "WS_REQUEST_BLOCKED",
            "ACCT_TEMP_UNAVAILABLE",
            "TWO_FA_REQD",
            "SSS_INVALID_SCRIPTLET_ID",
            "USER_ERROR",
            "WS_FEATURE_REQD",
            "WS_PERMISSION_REQD",
            "INVALID_REQUEST",
            "UNEXPECTED_ERROR",
        ];
        for code in lat.iter().chain(&flow).chain(&errors) {
            let e = explain(code).unwrap_or_else(|| panic!("{code} not in catalogue"));
            assert!(
                matches!(e.matched, MatchKind::Code | MatchKind::Alias),
                "{code} matched only as {:?}",
                e.matched
            );
        }
    }

    #[test]
    fn codes_match_ignoring_case_and_separators() {
        assert_eq!(explain("nonce-used").unwrap().entry.code, "nonce_used");
        assert_eq!(explain(" NONCE_USED ").unwrap().entry.code, "nonce_used");
        let e = explain("NonceUsed").unwrap();
        assert_eq!(e.entry.code, "nonce_used");
        assert_eq!(e.matched, MatchKind::Code); // normalizes to the same letters
        assert_eq!(
            explain("invalid signature").unwrap().entry.code,
            "InvalidSignature"
        );
        assert_eq!(
            explain("tokenrejected").unwrap().entry.code,
            "token_rejected"
        );
    }

    #[test]
    fn messages_match_by_phrase() {
        let cases = [
            (
                "invalid or missing consumerKey",
                "invalid or missing consumerKey",
            ),
            (
                "Error: Login access has been disabled for this role.",
                "Login access has been disabled for this role",
            ),
            ("Ambiguous authentication", "Ambiguous authentication"),
            (
                "Concurrent request limit exceeded. Request blocked.",
                "CONCURRENCY_LIMIT_EXCEEDED",
            ),
            (
                "Permission Violation: You need the 'Lists -> Currency' permission to access this page.",
                "INSUFFICIENT_PERMISSION",
            ),
            (
                "the user receives an error message that two-factor authentication is required",
                "TWO_FA_REQD",
            ),
            (
                "The account you are trying to access is currently unavailable while we undergo our regularly scheduled maintenance.",
                "ACCT_TEMP_UNAVAILABLE",
            ),
            (
                "Invalid login attempt. For more details, see the Login Audit Trail",
                "INVALID_LOGIN",
            ),
            (
                "error code: SSS_INVALID_SCRIPTLET_ID error message: That Suitelet is invalid",
                "SSS_INVALID_SCRIPTLET_ID",
            ),
        ];
        for (q, code) in cases {
            let e = explain(q).unwrap_or_else(|| panic!("{q:?} unmatched"));
            assert_eq!(e.entry.code, code, "{q:?}");
        }
        assert_eq!(
            explain("Ambiguous authentication").unwrap().matched,
            MatchKind::Code
        );
        assert_eq!(
            explain("Concurrent request limit exceeded")
                .unwrap()
                .matched,
            MatchKind::Message
        );
    }

    #[test]
    fn unknown_input_is_none() {
        assert!(explain("").is_none());
        assert!(explain("  -_ ").is_none());
        assert!(explain("InvalidToken").is_none()); // a guessed name, not a TBA Detail value
        assert!(explain("the weather is nice").is_none());
    }

    #[test]
    fn known_codes_excludes_message_texts() {
        let codes = known_codes();
        assert!(codes.contains(&"InvalidSignature"));
        assert!(!codes.iter().any(|c| c.contains(' ')));
    }

    proptest::proptest! {
        #[test]
        fn explain_never_panics(q in "\\PC{0,200}") {
            let _ = explain(&q);
        }
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;

    /// A catalogue of the entries `toml` lists (a title, meaning, causes and fixes are filled in).
    fn catalogue(toml: &str) -> &'static [CodeEntry] {
        let filled = toml.replace(
            "[[entry]]",
            "[[entry]]\ntitle = \"t\"\nmeaning = \"m\"\ncauses = []\nfixes = []\nwhere_seen = \"w\"",
        );
        Vec::leak(parse(&filled).expect("test catalogue parses"))
    }

    fn code_of(entries: &'static [CodeEntry], query: &str) -> Option<&'static str> {
        explain_in(entries, query).map(|e| e.entry.code.as_str())
    }

    #[test]
    fn the_longest_known_phrase_wins_wherever_its_entry_sits() {
        let entries = catalogue(
            r#"
            [[entry]]
            code = "SHORT"
            messages = ["invalid login"]
            [[entry]]
            code = "LONG"
            messages = ["invalid login attempt"]
            [[entry]]
            code = "SHORTER"
            messages = ["login"]
            "#,
        );
        assert_eq!(
            code_of(entries, "401: Invalid login attempt."),
            Some("LONG")
        );
        assert_eq!(code_of(entries, "Invalid login, sorry"), Some("SHORT"));
        assert_eq!(code_of(entries, "the login page"), Some("SHORTER"));
    }

    #[test]
    fn of_two_phrases_as_long_the_first_entry_wins() {
        let entries = catalogue(
            r#"
            [[entry]]
            code = "FIRST"
            messages = ["token expired"]
            [[entry]]
            code = "SECOND"
            messages = ["token revoked"]
            "#,
        );
        assert_eq!(
            code_of(entries, "token revoked or token expired"),
            Some("FIRST")
        );
    }

    #[test]
    fn a_code_inside_a_text_counts_from_six_letters() {
        let entries = catalogue(
            r#"
            [[entry]]
            code = "ABCDE"
            [[entry]]
            code = "ABCDEF"
            [[entry]]
            code = "WXYZ"
            aliases = ["LONGALIAS"]
            "#,
        );
        assert_eq!(code_of(entries, "error: ABCDEF, see log"), Some("ABCDEF"));
        assert_eq!(code_of(entries, "error: abc_def."), Some("ABCDEF"));
        // Five letters inside a text is too short to be taken for a code (a common word)…
        assert_eq!(code_of(entries, "error: ABCDE, see log"), None);
        // …but the whole query is matched at any length.
        assert_eq!(code_of(entries, "abcde"), Some("ABCDE"));
        assert_eq!(code_of(entries, "see LONGALIAS here"), Some("WXYZ"));
    }

    #[test]
    fn suggestions_name_each_code_once_and_stop_at_the_maximum() {
        let entries = catalogue(
            r#"
            [[entry]]
            code = "NONCE_USED"
            aliases = ["NonceUsed", "nonce-used"]
            [[entry]]
            code = "NONCE_USES"
            [[entry]]
            code = "NONCE_USER"
            "#,
        );
        // The code and both aliases of NONCE_USED score alike: the code is named once.
        let all = suggest_in(entries, "nonce_usd", 5);
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0], "NONCE_USED");
        assert_eq!(suggest_in(entries, "nonce_usd", 1), ["NONCE_USED"]);
        assert_eq!(suggest_in(entries, "nonce_usd", 2).len(), 2);
        assert!(suggest_in(entries, "nonce_usd", 0).is_empty());
    }
}
