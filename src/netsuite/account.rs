//! NetSuite account ids: parsing whatever a user pastes into one canonical [`AccountId`].
//!
//! NetSuite spells one account two ways: the *realm* / SOAP `account` (`1234567_SB1`, uppercase,
//! underscore) and the *host slug* (`1234567-sb1`, lowercase, hyphen). Mixing them up is a classic
//! cause of "Invalid login attempt", so everything downstream asks this type for the right spelling.

use std::fmt;

/// Where users find their account id in NetSuite (shown in every parse error).
pub const WHERE_TO_FIND: &str = "Setup > Company > Company Information > Account ID";

/// Which kind of NetSuite account an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// A production account (`1234567`).
    Production,
    /// Sandbox number N (`1234567_SB1` → 1).
    Sandbox(u32),
    /// A Release Preview account (`1234567_RP`, optionally numbered).
    ReleasePreview(Option<u32>),
    /// A test-drive / SuiteCloud Developer Network account (`TSTDRV1234567`).
    TestDrive,
}

impl Environment {
    /// The stable, lower-case name used in JSON (`production`, `sandbox`, `release-preview`,
    /// `test-drive`).
    pub fn kind(&self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Sandbox(_) => "sandbox",
            Environment::ReleasePreview(_) => "release-preview",
            Environment::TestDrive => "test-drive",
        }
    }

    /// A human label ("Sandbox 1", "Release Preview").
    pub fn label(&self) -> String {
        match self {
            Environment::Production => "Production".into(),
            Environment::Sandbox(n) => format!("Sandbox {n}"),
            Environment::ReleasePreview(None) => "Release Preview".into(),
            Environment::ReleasePreview(Some(n)) => format!("Release Preview {n}"),
            Environment::TestDrive => "Test drive / developer account".into(),
        }
    }

    /// True for accounts whose tokens are wiped on refresh (sandboxes and Release Preview).
    pub fn is_refreshable(&self) -> bool {
        matches!(
            self,
            Environment::Sandbox(_) | Environment::ReleasePreview(_)
        )
    }
}

/// A NetSuite account id in canonical form. Build it with [`AccountId::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccountId {
    /// `1234567` or `TSTDRV1234567` (uppercase).
    base: String,
    env_suffix: Option<Suffix>,
    test_drive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Suffix {
    Sandbox(u32),
    ReleasePreview(Option<u32>),
}

/// Why a typed account id was rejected. `Display` names the field, the problem, the expected form and
/// where to find the id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "account id {input:?}: {reason}. An account id looks like 1234567, 1234567_SB1 (sandbox), \
     1234567_RP (release preview) or TSTDRV1234567; find it in NetSuite at {WHERE_TO_FIND}"
)]
pub struct AccountIdError {
    /// What the user typed (trimmed and shortened, never a secret-length paste).
    pub input: String,
    /// The specific problem.
    pub reason: String,
}

/// Longest input echoed back in an error; longer pastes are cut.
const SHOWN_MAX: usize = 32;

impl AccountIdError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        AccountIdError {
            input: shown_input(input),
            reason: reason.into(),
        }
    }
}

/// How much of an input that does not look like an account id may be echoed.
const SHOWN_PREFIX: usize = 4;

/// What of a rejected input may be echoed: people paste secrets into the wrong field, so anything
/// holding a long hex run (every NetSuite key, token and secret) is hidden, anything else that
/// does not look like an account id, an e-mail address or a NetSuite URL shows only its first
/// characters, and long input is cut.
fn shown_input(input: &str) -> String {
    if longest_hex_run(input) >= 16 {
        return "<hidden: it looks like a key, token or secret>".into();
    }
    let trimmed = input.trim();
    let count = trimmed.chars().count();
    if !looks_like_an_account_id(trimmed) && count > SHOWN_PREFIX {
        let head: String = trimmed.chars().take(SHOWN_PREFIX).collect();
        return format!("{head}… ({count} characters)");
    }
    let shown: String = input.chars().take(SHOWN_MAX).collect();
    if input.chars().count() > SHOWN_MAX {
        format!("{shown}…")
    } else {
        shown
    }
}

/// Roughly the shape of what people type in the account field: an id with a typo (`1234567_SBX`,
/// `TSTDRV123`, `1234567 SB1`), an e-mail address, or a NetSuite address.
fn looks_like_an_account_id(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if lower.contains("netsuite.com") || (s.contains('@') && s.len() <= 64) {
        return true;
    }
    let starts_right = s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        || lower.starts_with("tstdrv");
    s.chars().count() <= 24
        && starts_right
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
        || s.chars().count() <= 3
}

fn longest_hex_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Quotes a fragment of the input in a reason only when it is short (a typo like `SBX`); longer
/// fragments may be a pasted secret and are described instead.
fn quoted_fragment(fragment: &str) -> String {
    if fragment.chars().count() <= 6 {
        format!("{fragment:?}")
    } else {
        "the text".into()
    }
}

impl AccountId {
    /// Parses any spelling users paste: `1234567`, `1234567_SB1`, `1234567-sb1`, ` 1234567_SB1 `,
    /// `TSTDRV1234567`, `1234567_RP`, quoted values, or a NetSuite URL such as
    /// `https://1234567-sb1.app.netsuite.com/app/center/card.nl` (or one carrying `?c=` / `compid=`).
    pub fn parse(input: &str) -> Result<AccountId, AccountIdError> {
        let trimmed = input
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == '`')
            .trim();
        if trimmed.is_empty() {
            return Err(AccountIdError::new(input, "it is empty"));
        }
        let candidate = if looks_like_url(trimmed) {
            account_from_url(trimmed).ok_or_else(|| {
                AccountIdError::new(
                    trimmed,
                    "this URL has no account in it (expected a host like 1234567-sb1.app.netsuite.com)",
                )
            })?
        } else {
            trimmed.to_string()
        };
        parse_bare(&candidate).map_err(|reason| AccountIdError::new(trimmed, reason))
    }

    /// The environment this id names.
    pub fn environment(&self) -> Environment {
        match (self.test_drive, self.env_suffix) {
            (_, Some(Suffix::Sandbox(n))) => Environment::Sandbox(n),
            (_, Some(Suffix::ReleasePreview(n))) => Environment::ReleasePreview(n),
            (true, None) => Environment::TestDrive,
            (false, None) => Environment::Production,
        }
    }

    /// The realm / SOAP `account` value: uppercase with underscore (`1234567_SB1`).
    pub fn realm(&self) -> String {
        match self.env_suffix {
            None => self.base.clone(),
            Some(Suffix::Sandbox(n)) => format!("{}_SB{n}", self.base),
            Some(Suffix::ReleasePreview(None)) => format!("{}_RP", self.base),
            Some(Suffix::ReleasePreview(Some(n))) => format!("{}_RP{n}", self.base),
        }
    }

    /// The host slug: lowercase with hyphen (`1234567-sb1`).
    pub fn slug(&self) -> String {
        self.realm().to_ascii_lowercase().replace('_', "-")
    }

    /// The production account this id belongs to (`1234567_SB1` → `1234567`).
    pub fn production_base(&self) -> &str {
        &self.base
    }

    /// REST web services and SOAP origin: `https://<slug>.suitetalk.api.netsuite.com`.
    pub fn rest_base(&self) -> String {
        format!("https://{}.suitetalk.api.netsuite.com", self.slug())
    }

    /// RESTlet and token-endpoint origin: `https://<slug>.restlets.api.netsuite.com`.
    pub fn restlet_base(&self) -> String {
        format!("https://{}.restlets.api.netsuite.com", self.slug())
    }

    /// UI origin (also flow step two): `https://<slug>.app.netsuite.com`.
    pub fn app_base(&self) -> String {
        format!("https://{}.app.netsuite.com", self.slug())
    }

    /// The SOAP endpoint path on [`rest_base`](Self::rest_base) for the newest supported version.
    pub fn soap_path() -> &'static str {
        "/services/NetSuitePort_2025_2"
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.realm())
    }
}

impl std::str::FromStr for AccountId {
    type Err = AccountIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AccountId::parse(s)
    }
}

fn looks_like_url(s: &str) -> bool {
    s.contains("://") || s.to_ascii_lowercase().contains(".netsuite.com")
}

/// Pulls the account out of a NetSuite URL: a `c=`/`compid=` query parameter wins (system hosts
/// carry it), else the first host label of an account-specific host.
fn account_from_url(s: &str) -> Option<String> {
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    for (k, v) in url.query_pairs() {
        if k.eq_ignore_ascii_case("c") || k.eq_ignore_ascii_case("compid") {
            return Some(v.into_owned());
        }
    }
    let host = url.host_str()?.to_ascii_lowercase();
    if !host.ends_with(".netsuite.com") {
        return None;
    }
    let first = host.split('.').next()?;
    // Shared hosts (system., rest., webservices.na2.) carry no account.
    if parse_bare(first).is_ok() {
        Some(first.to_string())
    } else {
        None
    }
}

/// Parses `[TSTDRV]digits[(_|-)(SBn|RP[n])]`, case-insensitive.
fn parse_bare(s: &str) -> Result<AccountId, String> {
    if s.contains('@') {
        return Err("that looks like an e-mail address, not an account id".into());
    }
    if s.len() >= 32 && s.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(
            "that looks like a consumer key or token (a long hex string), not an account id".into(),
        );
    }
    if s.chars().any(char::is_whitespace) {
        return Err("it contains a space inside; an account id is one word".into());
    }
    if !s.is_ascii() {
        return Err("it contains characters that are not plain letters, digits, _ or -".into());
    }
    let upper = s.to_ascii_uppercase();
    let (test_drive, rest) = match upper.strip_prefix("TSTDRV") {
        Some(r) => (true, r),
        None => (false, upper.as_str()),
    };
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, suffix) = rest.split_at(digits_end);
    if digits.is_empty() {
        return Err(
            "it must start with the account number (digits), optionally after TSTDRV".into(),
        );
    }
    if !(4..=12).contains(&digits.len()) {
        return Err(format!(
            "the account number has {} digits; NetSuite account numbers have 4 to 12",
            digits.len()
        ));
    }
    let env_suffix = if suffix.is_empty() {
        None
    } else {
        let tag = suffix
            .strip_prefix('_')
            .or_else(|| suffix.strip_prefix('-'))
            .ok_or_else(|| {
                format!(
                    "unexpected {} after the number; a sandbox is written _SB1",
                    quoted_fragment(suffix)
                )
            })?;
        Some(parse_suffix(tag)?)
    };
    Ok(AccountId {
        base: format!("{}{}", if test_drive { "TSTDRV" } else { "" }, digits),
        env_suffix,
        test_drive,
    })
}

fn parse_suffix(tag: &str) -> Result<Suffix, String> {
    if let Some(n) = tag.strip_prefix("SB") {
        if n.is_empty() {
            return Err("the sandbox number is missing (write _SB1, _SB2, …)".into());
        }
        return match n.parse::<u32>() {
            Ok(0) => Err("sandbox numbers start at 1 (_SB1)".into()),
            Ok(v) if n.chars().all(|c| c.is_ascii_digit()) && v < 1000 => Ok(Suffix::Sandbox(v)),
            _ => Err(format!(
                "{} after _SB is not a sandbox number (write _SB1, _SB2, …)",
                quoted_fragment(n)
            )),
        };
    }
    if let Some(n) = tag.strip_prefix("RP") {
        if n.is_empty() {
            return Ok(Suffix::ReleasePreview(None));
        }
        return match n.parse::<u32>() {
            Ok(v) if v > 0 && v < 1000 && n.chars().all(|c| c.is_ascii_digit()) => {
                Ok(Suffix::ReleasePreview(Some(v)))
            }
            _ => Err(format!(
                "{:?} is not a release preview suffix (write _RP)",
                tag
            )),
        };
    }
    Err(format!(
        "unknown suffix {}; only _SB<n> (sandbox) and _RP (release preview) exist",
        quoted_fragment(tag)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        let cases = [
            ("1234567", "1234567", "1234567", Environment::Production),
            (
                "1234567_SB1",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "1234567-sb1",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "1234567_sb2",
                "1234567_SB2",
                "1234567-sb2",
                Environment::Sandbox(2),
            ),
            (
                " 1234567_SB1 ",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "\t1234567_SB1\n",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "\"1234567_SB1\"",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "TSTDRV1234567",
                "TSTDRV1234567",
                "tstdrv1234567",
                Environment::TestDrive,
            ),
            (
                "tstdrv1234567",
                "TSTDRV1234567",
                "tstdrv1234567",
                Environment::TestDrive,
            ),
            (
                "1234567_RP",
                "1234567_RP",
                "1234567-rp",
                Environment::ReleasePreview(None),
            ),
            (
                "1234567-rp",
                "1234567_RP",
                "1234567-rp",
                Environment::ReleasePreview(None),
            ),
            (
                "https://1234567-sb1.app.netsuite.com/app/center/card.nl",
                "1234567_SB1",
                "1234567-sb1",
                Environment::Sandbox(1),
            ),
            (
                "1234567.suitetalk.api.netsuite.com",
                "1234567",
                "1234567",
                Environment::Production,
            ),
            (
                "https://system.netsuite.com/app/center/card.nl?c=1234567_SB3&whence=",
                "1234567_SB3",
                "1234567-sb3",
                Environment::Sandbox(3),
            ),
            ("123456", "123456", "123456", Environment::Production),
        ];
        for (input, realm, slug, env) in cases {
            let id = AccountId::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(id.realm(), realm, "{input:?}");
            assert_eq!(id.slug(), slug, "{input:?}");
            assert_eq!(id.environment(), env, "{input:?}");
        }
    }

    #[test]
    fn hosts() {
        let id = AccountId::parse("1234567-SB1").unwrap();
        assert_eq!(
            id.rest_base(),
            "https://1234567-sb1.suitetalk.api.netsuite.com"
        );
        assert_eq!(
            id.restlet_base(),
            "https://1234567-sb1.restlets.api.netsuite.com"
        );
        assert_eq!(id.app_base(), "https://1234567-sb1.app.netsuite.com");
        assert_eq!(id.production_base(), "1234567");
        assert_eq!(id.to_string(), "1234567_SB1");
    }

    #[test]
    fn pasted_secrets_are_never_echoed() {
        let secret = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295";
        for input in [
            secret.to_string(),
            format!("1234567_SB1,{secret}"),
            format!("1234567_{secret}"),
            format!("1234567SB{secret}"),
            format!("x{secret}"),
            format!("1234567 {secret}"),
            format!("https://{secret}.app.netsuite.com/"),
        ] {
            let msg = AccountId::parse(&input).expect_err(&input).to_string();
            for piece in secret.as_bytes().windows(8) {
                let piece = std::str::from_utf8(piece).unwrap();
                assert!(
                    !msg.to_ascii_lowercase().contains(piece),
                    "{input:?} → {msg}"
                );
            }
        }
        let long = AccountId::parse(&"z".repeat(500)).unwrap_err();
        assert!(long.input.chars().count() <= SHOWN_MAX + 1);
    }

    #[test]
    fn non_hex_secrets_in_the_account_field_show_only_a_prefix() {
        let pasted = "Zq8-mX2_pLk9Ww3rTy7uIo1PaS5dFg6H"; // 32 characters, not hex
        let msg = AccountId::parse(pasted).unwrap_err().to_string();
        assert!(msg.contains("\"Zq8-… (32 characters)\""), "{msg}");
        assert!(!msg.contains("mX2_pLk9"), "{msg}");
        // Typos in a real id are still shown whole.
        let msg = AccountId::parse("1234567_SBX").unwrap_err().to_string();
        assert!(msg.contains("\"1234567_SBX\""), "{msg}");
    }

    #[test]
    fn malformed_ids_say_why() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            ("abc", "must start with the account number"),
            ("12", "has 2 digits"),
            ("1234567890123", "has 13 digits"),
            ("1234567_SB", "sandbox number is missing"),
            ("1234567_SBX", "is not a sandbox number"),
            ("1234567_SB0", "start at 1"),
            ("1234567_XX1", "unknown suffix"),
            ("1234567_SB1_SB2", "is not a sandbox number"),
            ("1234567SB1", "unexpected \"SB1\""),
            ("1234567 SB1", "space inside"),
            ("admin@example.com", "e-mail"),
            (
                "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
                "consumer key or token",
            ),
            (
                "https://system.netsuite.com/app/center/card.nl",
                "no account in it",
            ),
            ("https://example.com/1234567", "no account in it"),
            ("１２３４５６７", "not plain letters"),
            ("1234567.", "unexpected"),
            ("-1234567", "must start with the account number"),
            ("1234567_RPX", "release preview"),
            ("1234567_SB1_SB2_SB3_SB4", "is not a sandbox number"),
        ];
        for (input, needle) in cases {
            let err = AccountId::parse(input).expect_err(input);
            let msg = err.to_string();
            assert!(msg.contains(needle), "{input:?} → {msg}");
            assert!(msg.contains(WHERE_TO_FIND), "{input:?} → {msg}");
            assert!(msg.contains("1234567_SB1"), "{input:?} → {msg}");
        }
    }
}

/// Requirements found missing by mutation testing (cargo-mutants, TESTING.md).
#[cfg(test)]
mod mutation_tests {
    use super::*;

    #[test]
    fn account_ids_with_a_typo_are_echoed_whole() {
        // The user needs to see exactly what they typed when it is almost an account id.
        for typed in ["1234567_SBX", "1234567 SB1", "TSTDRV1234_x", "-1234567"] {
            assert_eq!(shown_input(typed), typed, "{typed:?}");
        }
        assert_eq!(shown_input("hello world"), "hell… (11 characters)");
    }

    #[test]
    fn environments_have_stable_json_names_labels_and_refresh_rules() {
        let cases = [
            (Environment::Production, "production", "Production", false),
            (Environment::Sandbox(2), "sandbox", "Sandbox 2", true),
            (
                Environment::ReleasePreview(None),
                "release-preview",
                "Release Preview",
                true,
            ),
            (
                Environment::ReleasePreview(Some(3)),
                "release-preview",
                "Release Preview 3",
                true,
            ),
            (
                Environment::TestDrive,
                "test-drive",
                "Test drive / developer account",
                false,
            ),
        ];
        for (env, kind, label, refreshable) in cases {
            assert_eq!(env.kind(), kind, "{env:?}");
            assert_eq!(env.label(), label, "{env:?}");
            assert_eq!(env.is_refreshable(), refreshable, "{env:?}");
        }
    }

    #[test]
    fn numbered_release_previews_and_test_drive_sandboxes() {
        let id: AccountId = "1234567_rp2".parse().unwrap();
        assert_eq!(id.realm(), "1234567_RP2");
        assert_eq!(id.environment(), Environment::ReleasePreview(Some(2)));
        let id = AccountId::parse("tstdrv1234567_sb1").unwrap();
        assert_eq!(id.realm(), "TSTDRV1234567_SB1");
        assert_eq!(id.environment(), Environment::Sandbox(1));
        assert_eq!(id.production_base(), "TSTDRV1234567");
        assert_eq!(AccountId::soap_path(), "/services/NetSuitePort_2025_2");
    }

    #[test]
    fn sandbox_and_release_preview_numbers_are_1_to_999() {
        for ok in ["1234567_SB999", "1234567_RP1", "1234567_RP999"] {
            assert!(AccountId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "1234567_SB1000",
            "1234567_RP0",
            "1234567_RP1000",
            "1234567_SB+1",
        ] {
            assert!(AccountId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn account_numbers_have_4_to_12_digits() {
        for ok in ["1234", "123456789012"] {
            assert_eq!(AccountId::parse(ok).unwrap().realm(), ok);
        }
        for bad in ["123", "1234567890123"] {
            assert!(AccountId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn single_quotes_and_backticks_around_an_id_are_dropped() {
        for input in ["'1234567_SB1'", "`1234567_SB1`", " \"1234567_SB1\" "] {
            assert_eq!(
                AccountId::parse(input).unwrap().realm(),
                "1234567_SB1",
                "{input}"
            );
        }
    }

    /// What a rejected input shows: whole when it is an id with a typo, an e-mail address, a
    /// NetSuite URL, or at most 4 characters; only a prefix otherwise; cut after 32 characters.
    #[test]
    fn rejected_input_is_echoed_whole_only_when_it_is_harmless() {
        let shown = |input: &str| AccountId::parse(input).unwrap_err().input;
        assert_eq!(shown("ab!c"), "ab!c");
        assert_eq!(shown("ab!cd"), "ab!c… (5 characters)");
        // A word that is no account id may be a password: prefix only, even when it is short.
        assert_eq!(shown("Zq8mX2pLk9"), "Zq8m… (10 characters)");
        assert_eq!(shown("admin@example.com"), "admin@example.com");
        let long_mail = format!("{}@example.com", "m".repeat(60));
        assert_eq!(shown(&long_mail), "mmmm… (72 characters)");
        let url32 = "https://x.netsuite.com/abcdefghi";
        assert_eq!(url32.chars().count(), SHOWN_MAX);
        assert_eq!(shown(url32), url32);
        assert_eq!(shown(&format!("{url32}j")), format!("{url32}…"));
    }

    #[test]
    fn only_short_fragments_are_quoted_in_reasons() {
        let msg = AccountId::parse("1234567_ABCDEF").unwrap_err().reason;
        assert!(msg.contains("\"ABCDEF\""), "{msg}");
        let msg = AccountId::parse("1234567_ABCDEFG").unwrap_err().reason;
        assert!(
            msg.contains("the text") && !msg.contains("ABCDEFG"),
            "{msg}"
        );
    }
}
