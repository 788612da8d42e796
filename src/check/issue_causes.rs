//! The ranked causes of a refused `/rest/issuetoken` call, from `assets/issuetoken.toml`: the code
//! NetSuite answered (or the Detail the user read in the Login Audit Trail) picks the causes that
//! fit; the plain `INVALID_LOGIN_ATTEMPT` keeps them all, ranked by what nstba knows (whether a
//! one-time code was sent).

use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../assets/issuetoken.toml");

/// One possible cause with its fix.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssueCause {
    /// Stable id (`password`, `endpoint-box`…).
    pub id: String,
    /// Codes (body or Login Audit Trail Detail) that point at this cause.
    pub codes: Vec<String>,
    /// Only possible when a one-time code was sent.
    #[serde(default)]
    pub needs_otp: bool,
    /// What is wrong.
    pub text: String,
    /// How to fix it, with the NetSuite menu path.
    pub fix: String,
}

/// The whole file.
#[derive(Debug, Deserialize)]
pub struct IssueTexts {
    /// The sentence on why this path is legacy.
    pub legacy: String,
    /// Every cause, in the order shown for a plain refusal.
    pub cause: Vec<IssueCause>,
}

/// The parsed data (embedded; a parse error is a build defect caught by the tests).
pub fn texts() -> &'static IssueTexts {
    static TEXTS: OnceLock<IssueTexts> = OnceLock::new();
    TEXTS.get_or_init(|| toml::from_str(SOURCE).expect("assets/issuetoken.toml parses"))
}

/// The causes for `code` (`None`: no answer named one), most likely first. `otp_sent`: the
/// request carried a one-time code (else the code causes cannot apply).
pub fn ranked(code: Option<&str>, otp_sent: bool) -> Vec<&'static IssueCause> {
    let all = texts().cause.iter().filter(|c| otp_sent || !c.needs_otp);
    let specific: Vec<_> = match code {
        Some(code) => all
            .clone()
            .filter(|c| c.codes.iter().any(|k| k.eq_ignore_ascii_case(code)))
            .collect(),
        None => Vec::new(),
    };
    if !specific.is_empty() {
        return specific;
    }
    // Opaque: everything except what the answer rules out. A missing code is answered with the
    // documented TWO_FA_REQD (Oracle section_1546447142), so an opaque refusal is never that.
    all.filter(|c| c.id != "two-factor").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&IssueCause]) -> Vec<String> {
        v.iter().map(|c| c.id.clone()).collect()
    }

    #[test]
    fn the_data_parses_and_every_cause_has_a_code_and_a_menu_or_command() {
        let t = texts();
        assert!(t.legacy.contains("nstba token request"));
        assert!(t.cause.len() >= 10);
        for c in &t.cause {
            assert!(!c.codes.is_empty(), "{}", c.id);
            assert!(
                c.fix.contains(" > ") || c.fix.contains("nstba") || c.fix.contains("Wait"),
                "{}: {}",
                c.id,
                c.fix
            );
        }
    }

    #[test]
    fn a_specific_code_names_only_its_causes() {
        assert_eq!(ids(&ranked(Some("TWO_FA_REQD"), false)), ["two-factor"]);
        assert_eq!(
            ids(&ranked(Some("consumer_key_refused"), false)),
            ["endpoint-box", "record-blocked"]
        );
        assert_eq!(
            ids(&ranked(Some("permission_denied"), false)),
            ["user-access-tokens", "inactive"]
        );
        assert_eq!(
            ids(&ranked(Some("INVALID_ROLE"), false)),
            ["role-not-users"]
        );
    }

    #[test]
    fn a_sent_code_ranks_code_reuse_first_and_rules_out_missing_2fa() {
        let with = ranked(Some("INVALID_LOGIN_ATTEMPT"), true);
        assert_eq!(with[0].id, "otp-used");
        assert!(!ids(&with).contains(&"two-factor".to_string()));
        let without = ranked(Some("INVALID_LOGIN_ATTEMPT"), false);
        assert_eq!(without[0].id, "password");
        assert_eq!(
            without[1].id, "endpoint-box",
            "off by default on records since 2019.2"
        );
        assert!(!ids(&without).contains(&"two-factor".to_string()));
        assert!(!ids(&without).contains(&"otp-used".to_string()));
        assert!(ids(&without).contains(&"endpoint-box".to_string()));
        assert_eq!(
            ids(&ranked(Some("INVALID_LOGIN_CREDENTIALS"), true)),
            ["otp-used", "password"]
        );
        assert_eq!(ids(&ranked(None, false)), ids(&without));
    }
}
