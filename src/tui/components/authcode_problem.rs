//! Why an authorization-code login stopped, as the wizard explains it (pure): the OAuth `error`
//! the redirect or the token endpoint gave, the Login Audit Trail Detail it stands for, the
//! catalogue's meaning and fixes, and what to change in this wizard (the same advice `nstba
//! login` prints). Texts hold no secret: the core's failures are redacted and sanitized.

use crate::authflow::authcode::LoginFailure;
use crate::check::catalogue;

/// What kind of stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// NetSuite (or the consent page) refused; `code` says how.
    Refused,
    /// Nobody came back from the browser in time.
    TimedOut,
    /// The wizard left the login.
    Cancelled,
    /// Anything else (network, listener, setup).
    Other,
    /// NetSuite's consent page refused the Client ID (an unknown or disabled client): no
    /// redirect happens.
    UnknownClient,
    /// NetSuite's consent page refused the redirect URI (not on the record): no redirect.
    RedirectRefused,
}

/// A login failure without secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginProblem {
    /// The failure as one sentence.
    pub message: String,
    /// The OAuth `error` value (`access_denied`, `invalid_scope`, `invalid_client`, …).
    pub code: Option<String>,
    /// What kind of stop.
    pub kind: ProblemKind,
}

impl LoginProblem {
    /// The wizard's reading of a core failure.
    pub fn of(e: &LoginFailure) -> LoginProblem {
        let code = super::authcode_task::failure_code(e);
        let kind = match e {
            LoginFailure::TimedOut(_) => ProblemKind::TimedOut,
            LoginFailure::Cancelled => ProblemKind::Cancelled,
            _ if code.is_some() => ProblemKind::Refused,
            _ => ProblemKind::Other,
        };
        LoginProblem {
            message: e.to_string(),
            code,
            kind,
        }
    }

    /// A problem with no OAuth code.
    pub fn other(message: &str) -> LoginProblem {
        LoginProblem {
            message: message.to_string(),
            code: None,
            kind: ProblemKind::Other,
        }
    }

    /// What NetSuite's consent page answering HTTP `status` with `page` (its text, as sent)
    /// means for the login: the cause and its field, the server's words sanitized.
    pub fn consent_refused(status: u16, page: &str) -> LoginProblem {
        let said = server_words(page);
        let l = said.to_ascii_lowercase();
        let kind = if l.contains("redirect") {
            ProblemKind::RedirectRefused
        } else if l.contains("client") {
            ProblemKind::UnknownClient
        } else {
            ProblemKind::Other
        };
        let what = match kind {
            ProblemKind::UnknownClient => "NetSuite does not know this Client ID",
            ProblemKind::RedirectRefused => "the redirect URI is not on the integration record",
            _ => "NetSuite refused the login",
        };
        let quoted = if said.is_empty() {
            String::new()
        } else {
            format!(" NetSuite's page said: \"{said}\"")
        };
        LoginProblem {
            message: format!(
                "The consent page answered HTTP {status} and did not redirect: {what}.{quoted}"
            ),
            code: None,
            kind,
        }
    }

    /// The Login Audit Trail Detail the OAuth error stands for (reference §2.6), when one does.
    pub fn detail(&self) -> Option<&'static str> {
        match self.code.as_deref()? {
            "access_denied" => Some("AuthorizationExplicitlyDenied"),
            "invalid_scope" => Some("ScopeMismatched"),
            "invalid_client" => Some("ClientAuthenticationFailed"),
            "unsupported_response_type" => Some("UnsupportedResponseType"),
            _ => None,
        }
    }

    /// The heading of the diagnosis.
    pub fn heading(&self) -> String {
        match (self.code.as_deref(), self.detail()) {
            (Some(code), Some(detail)) => {
                format!("Login refused: {code} (Login Audit Trail: {detail})")
            }
            (Some(code), None) => format!("Login refused: {code}"),
            (None, _) if self.kind == ProblemKind::TimedOut => "No redirect in time".into(),
            (None, _) if self.kind == ProblemKind::UnknownClient => {
                "Login refused: invalid client (the Client ID is unknown)".into()
            }
            (None, _) if self.kind == ProblemKind::RedirectRefused => {
                "Login refused: the redirect URI is not on the record".into()
            }
            (None, _) => "The login stopped".into(),
        }
    }
}

/// The diagnosis: the failure, the catalogue's meaning and fixes, then what to do here.
/// `redirect_uri` is the one the login used (registered exactly on the record).
pub fn diagnosis_lines(p: &LoginProblem, redirect_uri: &str) -> Vec<String> {
    // A refusal the heading names in full (code and Detail) needs no second sentence.
    let mut lines = if p.kind == ProblemKind::Refused && p.detail().is_some() {
        Vec::new()
    } else {
        vec![p.message.clone()]
    };
    if let Some(hint) = crate::tui::flow::network_hint(&p.message) {
        lines.push(hint.to_string());
    }
    let entry = p
        .detail()
        .or(p.code.as_deref())
        .and_then(catalogue::explain)
        .map(|e| e.entry);
    if let Some(e) = entry {
        lines.push(format!("{}: {}", e.code, e.meaning));
        for (i, fix) in e.fixes.iter().enumerate() {
            lines.push(format!("{}. {fix}", i + 1));
        }
    }
    let advice = match (p.code.as_deref(), p.kind) {
        (Some("access_denied"), _) => {
            "Press F3 again and click Allow, signed in as the person and role the integration acts for.".to_string()
        }
        (Some("invalid_scope"), _) => {
            "On the integration record tick REST Web Services and RESTlets (step 2), save, then press F3 again.".into()
        }
        (Some("invalid_client"), _) => {
            "The Client ID or secret is wrong: a public client has no secret (leave the field empty on step 3), a confidential one needs the secret shown when the record was saved.".into()
        }
        (Some("unauthorized_client"), _) => {
            "Tick Authorization Code Grant on the integration record (step 2) and check the Client ID (step 3).".into()
        }
        (Some("invalid_grant"), _) => {
            "The code was refused: it is single use and short-lived, and the redirect URI must be the one of the login. Press F3 again.".into()
        }
        (_, ProblemKind::UnknownClient) => {
            "Fix the Client ID on step 3: copy it again from the integration record (Setup > Integration > Manage Integrations, open the record; NetSuite shows it once after Save, Reset Credentials makes a new one), and check the record's State is Enabled with Authorization Code Grant ticked. Then press F3.".into()
        }
        (_, ProblemKind::RedirectRefused) => format!(
            "Fix the redirect: the record's Redirect URI must be exactly {redirect_uri} (step 2 shows it, F6 copies it), or set the Redirect port on step 2 to the one registered. Then press F3."
        ),
        (_, ProblemKind::TimedOut) => format!(
            "If NetSuite showed an error page instead of the consent page, the Client ID is unknown or the redirect URI is not on the record: register exactly {redirect_uri} (step 2). If the browser ended on a page at localhost it could not open, paste that page's address here."
        ),
        (Some(_), _) => {
            "Check the integration record (step 2): Authorization Code Grant ticked, the redirect URI, the scopes. The Login Audit Trail names the cause.".into()
        }
        (None, _) => String::new(),
    };
    if !advice.is_empty() {
        lines.push(advice);
    }
    lines
}

/// A server page's text as one safe line: tags dropped, control characters and runs of blanks
/// cleaned, at most 160 characters.
fn server_words(page: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in page.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    // The emulator's (and NetSuite's) page title is not the reason.
    let text = text
        .strip_prefix("NetSuite (emulated)")
        .unwrap_or(&text)
        .trim();
    crate::redact::sanitize(text, 160)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netsuite::oauth2::authcode::callback::CallbackError;

    #[test]
    fn deny_is_access_denied_with_its_detail_and_the_way_out() {
        let p = LoginProblem::of(&LoginFailure::Callback(CallbackError::Denied));
        assert_eq!(p.code.as_deref(), Some("access_denied"));
        assert_eq!(p.kind, ProblemKind::Refused);
        assert!(p.heading().contains("AuthorizationExplicitlyDenied"));
        let l = diagnosis_lines(&p, "https://localhost:8899/callback");
        assert!(l.iter().any(|l| l.contains("clicked Deny")), "{l:?}");
        assert!(l.iter().any(|l| l.contains("click Allow")), "{l:?}");
    }

    #[test]
    fn a_time_out_names_the_exact_redirect_uri() {
        let p = LoginProblem::of(&LoginFailure::TimedOut(std::time::Duration::from_secs(3)));
        assert_eq!(p.kind, ProblemKind::TimedOut);
        let l = diagnosis_lines(&p, "https://localhost:4711/callback");
        assert!(
            l.iter()
                .any(|l| l.contains("https://localhost:4711/callback"))
        );
    }

    #[test]
    fn a_refused_scope_says_what_to_tick() {
        let p = LoginProblem::of(&LoginFailure::Callback(CallbackError::Refused(
            "invalid_scope".into(),
        )));
        assert_eq!(p.detail(), Some("ScopeMismatched"));
        let l = diagnosis_lines(&p, "x");
        assert!(l.iter().any(|l| l.contains("REST Web Services")), "{l:?}");
    }
}
