//! The legacy issuetoken overlay (F9 on the access token step): the user's email, password, role
//! id and, for a role that requires two-factor authentication, the current one-time code go to
//! NetSuite's `/rest/issuetoken` once; the issued token fills the token fields. The call runs in
//! a task of the runtime ([`Command::IssueToken`]), whose answer comes back as
//! [`Message::IssueDone`](crate::tui::Message::IssueDone): nothing here waits.
//!
//! The password and the code are masked, never stored, and wiped when the overlay closes (the
//! fields zeroize on drop). nstba never resends a refused login on its own: failed logins count
//! towards NetSuite's lockout.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::Secret;
use crate::authflow::issuetoken::IssueSettings;
use crate::check::issue_causes;
use crate::netsuite::flow::IssuedToken;
use crate::netsuite::issuetoken::{NlAuth, NlAuthError};
use crate::tui::field::{FieldId, Note, NoteKind, TextField, clean_paste};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// Identifies one issuetoken call, so the answer of a closed overlay is ignored.
pub type IssueId = u64;

/// The fields, in order.
pub const LABELS: [&str; 4] = ["Email", "Password", "Role id", "One-time code"];
/// Index of the email field.
pub const EMAIL: usize = 0;
/// Index of the password field.
pub const PASSWORD: usize = 1;
/// Index of the role field.
pub const ROLE: usize = 2;
/// Index of the one-time code field.
pub const OTP: usize = 3;

/// The demo user's login email (the emulator's user 4242).
pub const DEMO_EMAIL: &str = "integration@example.com";

/// Why the call gave no token, as the overlay needs it (no secret in any of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueProblem {
    /// What happened, sanitized and redacted by the core.
    pub message: String,
    /// NetSuite's code, when the answer named one.
    pub code: Option<String>,
    /// NetSuite asked for a one-time code (`TWO_FA_REQD`).
    pub two_factor: bool,
    /// NetSuite answered (a refusal with causes to rank), as opposed to no answer at all.
    pub refused: bool,
}

/// Where the overlay is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuePhase {
    /// Typing the login.
    Editing,
    /// The call is out.
    Sending,
    /// Refused or failed: what happened and the ranked causes with their fixes, as (prefix,
    /// text) lines (a wrapped line is indented under its prefix).
    Failed(Vec<(String, String)>),
}

/// State of the issuetoken overlay.
#[derive(Debug)]
pub struct IssueForm {
    /// The call whose answer is accepted.
    pub id: IssueId,
    /// Email, password, role id, one-time code.
    pub fields: [TextField; 4],
    /// The focused field.
    pub focus: usize,
    /// Where it is.
    pub phase: IssuePhase,
    /// The last call carried a one-time code (ranks the code causes).
    otp_sent: bool,
}

impl IssueForm {
    /// A new overlay; the demo fills in its user's email and the role that may issue tokens.
    pub fn new(id: IssueId, demo: bool) -> Self {
        let mut fields = [
            TextField::free(false),
            TextField::free(true),
            TextField::free(false),
            TextField::free(true),
        ];
        if demo {
            fields[EMAIL].set(DEMO_EMAIL);
            fields[ROLE].set(crate::emulator::issuetoken::DEMO_ISSUER_ROLE.to_string());
        }
        IssueForm {
            id,
            fields,
            focus: if demo { PASSWORD } else { EMAIL },
            phase: IssuePhase::Editing,
            otp_sent: false,
        }
    }

    /// True while the call is out.
    pub fn sending(&self) -> bool {
        self.phase == IssuePhase::Sending
    }

    /// Enter: the next field, or (on the last) the call.
    fn next(&mut self, cx: &mut Cx) {
        if self.focus + 1 < self.fields.len() {
            self.focus += 1;
        } else {
            self.submit(cx);
        }
    }

    /// Checks every value, then asks the runtime for the call.
    fn submit(&mut self, cx: &mut Cx) {
        let needed = [
            FieldId::Account,
            FieldId::ConsumerKey,
            FieldId::ConsumerSecret,
        ];
        if let Some((_, note)) = cx.shared.validate_all(&needed) {
            self.phase = IssuePhase::Failed(vec![(
                String::new(),
                format!(
                    "The call needs the account id (step 1) and the consumer key and secret (step 2): {}",
                    note.text
                ),
            )]);
            return;
        }
        let otp = self.fields[OTP].value().trim().to_string();
        let login = NlAuth {
            account: cx.shared.value(FieldId::Account).trim().to_string(),
            email: self.fields[EMAIL].value().trim().to_string(),
            password: Secret::new(self.fields[PASSWORD].value().to_string()),
            role: self.fields[ROLE].value().trim().to_string(),
            otp: (!otp.is_empty()).then(|| Secret::new(otp)),
        };
        if let Err(e) = login.validate() {
            let (i, text) = input_problem(&e);
            self.focus = i;
            self.fields[i].note = Some(Note::new(NoteKind::Error, text));
            return;
        }
        self.otp_sent = login.otp.is_some();
        let settings = cx.shared.settings();
        let Some(creds) = settings.credentials.tba().cloned() else {
            return;
        };
        self.id = cx.shared.flow_id();
        self.phase = IssuePhase::Sending;
        cx.command(Command::IssueToken(
            self.id,
            Box::new(IssueSettings {
                account: settings.account,
                consumer_key: creds.consumer_key,
                consumer_secret: creds.consumer_secret,
                login,
                token_name: None,
                timeout: cx.shared.timeout,
                base_url: settings.base_url,
            }),
        ));
    }

    /// The call ended: a token fills the token fields and closes the overlay (true); a request
    /// for a one-time code moves to its field; any other refusal shows its ranked causes.
    pub fn on_done(
        &mut self,
        result: Result<IssuedToken, IssueProblem>,
        shared: &mut Shared,
    ) -> bool {
        match result {
            Ok(token) => {
                shared
                    .field_mut(FieldId::TokenId)
                    .set(token.token_id.expose());
                shared
                    .field_mut(FieldId::TokenSecret)
                    .set(token.token_secret.expose());
                for id in [FieldId::TokenId, FieldId::TokenSecret] {
                    shared.field_mut(id).revealed = false;
                }
                shared.credentials_edited();
                shared.note(
                    NoteKind::Info,
                    "Token issued through the legacy issuetoken endpoint: Token ID and Token secret are filled in (masked). NetSuite shows the secret once: after the test, press s to save it as a profile.",
                );
                true
            }
            Err(p) if p.two_factor && !self.otp_sent => {
                self.phase = IssuePhase::Editing;
                self.focus = OTP;
                self.fields[OTP].note = Some(Note::new(
                    NoteKind::Warn,
                    "This role requires two-factor authentication: type the 6 digits the authenticator app shows now, then Enter.",
                ));
                false
            }
            Err(p) => {
                self.phase = IssuePhase::Failed(failure_lines(&p, self.otp_sent));
                false
            }
        }
    }
}

/// The demo user's one-time code now (what an authenticator app with the emulator's secret shows);
/// empty if the clock is before 1970.
pub fn demo_code() -> String {
    use crate::emulator::issuetoken::{DEMO_TOTP_SECRET, totp};
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| totp(DEMO_TOTP_SECRET).generate(d.as_secs()).to_string())
        .unwrap_or_default()
}

/// The field a malformed value belongs to and what to do, in the wizard's words.
fn input_problem(e: &NlAuthError) -> (usize, String) {
    match e {
        NlAuthError::Email(_) => (
            EMAIL,
            "Not an email address: type the NetSuite login email of the user the token is for (tokens are issued only to yourself).".into(),
        ),
        NlAuthError::Role(_) => (
            ROLE,
            "The role's internal id: digits, e.g. 3 or 1001 (Setup > Users/Roles > Manage Roles, Internal ID column).".into(),
        ),
        NlAuthError::Password => (
            PASSWORD,
            "Type the user's NetSuite password (sent once to NetSuite, never stored).".into(),
        ),
        NlAuthError::Otp(n) => (
            OTP,
            format!("The one-time code is the 6 digits the authenticator app shows (got {n} characters); leave it empty for a role without 2FA."),
        ),
    }
}

/// The message, then the ranked causes with their fixes (refusals only), as (prefix, text).
fn failure_lines(p: &IssueProblem, otp_sent: bool) -> Vec<(String, String)> {
    let mut lines = vec![(String::new(), format!("No token: {}", p.message))];
    if !p.refused {
        return lines;
    }
    let causes = issue_causes::ranked(p.code.as_deref(), otp_sent);
    if causes.len() > 1 {
        lines.push((
            String::new(),
            "NetSuite did not say which of these it is (the Login Audit Trail's Detail column does), most likely first:".into(),
        ));
    }
    for (i, c) in causes.iter().enumerate() {
        let n = format!("{}. ", i + 1);
        let pad = " ".repeat(n.len());
        lines.push((n, for_wizard(&c.text)));
        lines.push((format!("{pad}Fix: "), for_wizard(&c.fix)));
    }
    lines
}

/// The causes are written for the command line; these are the wizard's words for the same.
pub fn for_wizard(text: &str) -> String {
    const SWAPS: [(&str, &str); 4] = [
        ("then run the command again", "then press Enter again"),
        (
            "(or use `nstba token request`, which works with SSO)",
            "(or press F3 on this step for the three-step flow, which works with SSO)",
        ),
        (
            "Run again with --otp-prompt and type the 6-digit code the authenticator app shows (or set NETSUITE_OTP), or use `nstba token request`, which needs no code.",
            "Type the 6 digits the authenticator app shows into One-time code and press Enter, or press F3 on this step for the three-step flow, which needs no code.",
        ),
        ("(`nstba token request`)", "(F3 on this step)"),
    ];
    let mut out = text.to_string();
    for (cli, tui) in SWAPS {
        out = out.replace(cli, tui);
    }
    out
}

impl Component for IssueForm {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        if self.sending() {
            out.push(Context::IssueSending);
            return;
        }
        out.push(Context::Issue);
        out.push(if self.focus + 1 < self.fields.len() {
            Context::IssueNext
        } else {
            Context::IssueLast
        });
        if shared.demo.is_some() {
            out.push(Context::IssueDemo);
        }
        out.push(Context::Editing);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        if self.sending() {
            // The call is out: only Esc (close; its answer is then ignored).
            if action == Some(Action::Close) {
                cx.go(Nav::Pop);
                cx.shared.note(
                    NoteKind::Info,
                    "Closed; the issuetoken answer that was on its way is ignored.",
                );
            }
            return Handled::Consumed;
        }
        match action {
            Some(Action::Next) => self.next(cx),
            Some(Action::Close) => {
                cx.go(Nav::Pop);
                cx.shared.note(
                    NoteKind::Info,
                    "Legacy issuetoken closed; nothing was sent.",
                );
            }
            Some(a @ (Action::FocusNext | Action::FocusPrev)) => {
                let n = self.fields.len();
                self.focus = if a == Action::FocusNext {
                    (self.focus + 1) % n
                } else {
                    (self.focus + n - 1) % n
                };
            }
            Some(Action::DemoCode) => {
                self.fields[OTP].set(demo_code());
                self.focus = OTP;
            }
            None | Some(Action::Edit) => {
                let f = &mut self.fields[self.focus];
                if f.handle_key(key) {
                    f.note = None;
                    if matches!(self.phase, IssuePhase::Failed(_)) {
                        self.phase = IssuePhase::Editing;
                    }
                }
            }
            Some(_) => {}
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        if self.sending() {
            return Handled::Consumed;
        }
        let f = &mut self.fields[self.focus];
        // A password may hold spaces or quotes: only line breaks are cut from it.
        if self.focus == PASSWORD {
            let clean = zeroize::Zeroizing::new(text.replace(['\r', '\n'], ""));
            f.set(clean.as_str());
        } else {
            f.paste(&clean_paste(text).0);
        }
        f.note = None;
        Handled::Consumed
    }
}
