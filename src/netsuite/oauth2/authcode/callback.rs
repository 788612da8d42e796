//! The redirect the browser comes back with (reference §2.1): `?state=…&role=…&entity=…&company=…`
//! plus `code=…` on success or `error=…` on refusal. Read from the loopback server's request or
//! from an address the user pasted. Only a redirect carrying our `state` counts; `company` must be
//! an account id (it names the host the code is redeemed on, so a forged one must not send the
//! code and verifier elsewhere).

use crate::Secret;
use crate::netsuite::AccountId;

use super::state;

/// A redirect with our state and a code.
#[derive(Debug, Clone)]
pub struct Callback {
    /// The authorization code (single use, short-lived; a secret).
    pub code: Secret,
    /// `company`: the account the user logged in to, validated.
    pub company: Option<AccountId>,
    /// `role` internal id, as sent (digits; sanitized).
    pub role: Option<String>,
    /// `entity` internal id, as sent (digits; sanitized).
    pub entity: Option<String>,
}

/// Why a redirect gave no code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No `state`, or not ours: not the browser's redirect for this flow (ignore it).
    #[error("the redirect does not carry this login's state: it is not the answer to this login")]
    NotOurs,
    /// `error=access_denied`: the user clicked Deny (or Back).
    #[error(
        "access was denied on NetSuite's consent page (Login Audit Trail: AuthorizationExplicitlyDenied)"
    )]
    Denied,
    /// Another `error` value (`invalid_request`, `invalid_scope`, `unauthorized_client`, …).
    #[error("NetSuite refused the authorization: {0}")]
    Refused(String),
    /// Our state, but neither `code` nor `error`.
    #[error("the redirect carries no code")]
    NoCode,
    /// `company` is not an account id.
    #[error("the redirect's company {0:?} is not a NetSuite account id")]
    BadCompany(String),
}

/// Reads `text` (a full redirected URL, `?query` or bare query) against `expected_state`.
pub fn parse(text: &str, expected_state: &str) -> Result<Callback, CallbackError> {
    let text = text.trim();
    let query = match text.split_once('?') {
        Some((_, q)) => q,
        None => text,
    };
    // A fragment is never sent to a server, but a pasted address may carry one.
    let query = query.split('#').next().unwrap_or("");
    let pairs = crate::netsuite::encode::parse_form(query);
    let one = |name: &str| {
        let mut v = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        match (v.next(), v.next()) {
            (Some(x), None) => Some(x.clone()),
            _ => None,
        }
    };
    match one("state") {
        Some(s) if state::matches(expected_state, &s) => {}
        _ => return Err(CallbackError::NotOurs),
    }
    if let Some(e) = one("error") {
        return Err(if e == "access_denied" {
            CallbackError::Denied
        } else {
            CallbackError::Refused(clean(&e, 60))
        });
    }
    let code = one("code")
        .filter(|c| !c.is_empty())
        .ok_or(CallbackError::NoCode)?;
    let company = match one("company").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            Some(AccountId::parse(&c).map_err(|_| CallbackError::BadCompany(clean(&c, 40)))?)
        }
    };
    let id = |name: &str| one(name).map(|v| clean(&v, 20)).filter(|v| !v.is_empty());
    Ok(Callback {
        code: Secret::new(code),
        company,
        role: id("role"),
        entity: id("entity"),
    })
}

/// Server-sent text made safe to show: printable ASCII only, capped.
fn clean(s: &str, max: usize) -> String {
    s.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "ykv2XLx1BpT5Q0F3MRPHb94j";

    #[test]
    fn oracles_example_redirect() {
        let c = parse(
            "https://localhost:8899/callback?state=ykv2XLx1BpT5Q0F3MRPHb94j&role=3&entity=4622&company=TSTDRV1234567&code=096835b6aced",
            STATE,
        )
        .unwrap();
        assert_eq!(c.code.expose(), "096835b6aced");
        assert_eq!(c.company.unwrap().realm(), "TSTDRV1234567");
        assert_eq!(c.role.as_deref(), Some("3"));
        assert_eq!(c.entity.as_deref(), Some("4622"));
        assert!(
            !format!(
                "{:?}",
                parse(&format!("state={STATE}&code=c0de-secret"), STATE)
            )
            .contains("c0de-secret")
        );
    }

    #[test]
    fn forged_denied_refused_and_odd_redirects() {
        assert_eq!(
            parse("code=x&state=other-state-0123456789ab", STATE).unwrap_err(),
            CallbackError::NotOurs
        );
        assert_eq!(parse("code=x", STATE).unwrap_err(), CallbackError::NotOurs);
        assert_eq!(
            parse(&format!("state={STATE}&state={STATE}&code=x"), STATE).unwrap_err(),
            CallbackError::NotOurs
        );
        assert_eq!(
            parse(
                &format!("?state={STATE}&role=1000&entity=12&company=1234567&error=access_denied"),
                STATE
            )
            .unwrap_err(),
            CallbackError::Denied
        );
        assert_eq!(
            parse(
                &format!("state={STATE}&error=invalid_scope%0A%1b[31m"),
                STATE
            )
            .unwrap_err(),
            CallbackError::Refused("invalid_scope[31m".into())
        );
        assert_eq!(
            parse(&format!("state={STATE}"), STATE).unwrap_err(),
            CallbackError::NoCode
        );
        assert_eq!(
            parse(
                &format!("state={STATE}&code=x&company=evil.example%2Fx"),
                STATE
            )
            .unwrap_err(),
            CallbackError::BadCompany("evil.example/x".into())
        );
        assert!(parse(&format!("  state={STATE}&code=x#frag \n"), STATE).is_ok());
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    const STATE: &str = "ykv2XLx1BpT5Q0F3MRPHb94j";

    /// A parameter sent twice is ambiguous and counts as absent (no picking one of two codes).
    #[test]
    fn a_repeated_code_is_no_code() {
        assert_eq!(
            parse(&format!("state={STATE}&code=a&code=b"), STATE).unwrap_err(),
            CallbackError::NoCode
        );
        assert_eq!(
            parse(&format!("state={STATE}&code="), STATE).unwrap_err(),
            CallbackError::NoCode
        );
    }

    /// A denial with someone else's state is not ours either: the state is checked first.
    #[test]
    fn a_forged_denial_is_ignored() {
        assert_eq!(
            parse("state=other-state-0123456789ab&error=access_denied", STATE).unwrap_err(),
            CallbackError::NotOurs
        );
    }

    /// Empty `company`, `role` and `entity` are absent, not errors; ids are printable ASCII,
    /// capped at 20 characters.
    #[test]
    fn empty_ids_are_absent_and_ids_are_sanitized() {
        let c = parse(
            &format!(
                "https://localhost:8899/callback?state={STATE}&code=x&company=&role=&entity=%0A"
            ),
            STATE,
        )
        .unwrap();
        assert!(c.company.is_none() && c.role.is_none() && c.entity.is_none());
        let c = parse(
            &format!("state={STATE}&code=x&role=3%1b&entity={}", "9".repeat(30)),
            STATE,
        )
        .unwrap();
        assert_eq!(c.role.as_deref(), Some("3"));
        assert_eq!(c.entity.as_deref(), Some("9".repeat(20).as_str()));
    }

    /// Server text in errors is capped: 60 characters of an `error`, 40 of a bad `company`.
    #[test]
    fn error_texts_are_capped() {
        let long = "e".repeat(100);
        assert_eq!(
            parse(&format!("state={STATE}&error={long}"), STATE).unwrap_err(),
            CallbackError::Refused("e".repeat(60))
        );
        assert_eq!(
            parse(&format!("state={STATE}&code=x&company=a.{long}"), STATE).unwrap_err(),
            CallbackError::BadCompany(format!("a.{}", "e".repeat(38)))
        );
    }
}
