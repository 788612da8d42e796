//! The OAuth 2.0 authorization-code setup ("log in as a person"): five steps
//! ([`super::authcode_steps`]) with their checklists; the redirect URI exactly as the login will
//! use it (its port settable, F6 copies it); the account, Client ID and, for a confidential
//! client, the client secret (masked); the login (F3: the runtime runs the core login in a task,
//! [`super::authcode_task`]; the authorize address can be copied, a redirected address pasted; in
//! the demo F4/F9 play the browser's Allow or Deny); then the live test (the connection test
//! with the login's refresh token, on the results screen) and `s` to save. Handlers never do I/O.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use super::authcode_login::{Grant, Running};
use super::authcode_problem::LoginProblem;
use super::authcode_steps::{STEPS, StepKind};
use super::authcode_task::{LoginId, LoginInfo};
use super::credentials::{self, Focus};
use super::{Component, Cx, Handled, Nav, Shared};
use crate::netsuite::oauth2::authcode::credentials::{DEFAULT_REDIRECT_PORT, redirect_uri_for};
use crate::tui::app::Screen;
use crate::tui::field::{FieldId, Note, NoteKind};
use crate::tui::keymap::{Action, Context};

/// A field of the authorization-code setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcField {
    /// The redirect URI's port.
    Port,
    /// The account id (shared with the other paths).
    Account,
    /// The integration record's Client ID.
    ClientId,
    /// The client secret (confidential clients only; masked).
    ClientSecret,
    /// The address the browser ended on (paste mode).
    Pasted,
}

impl AcField {
    /// The label beside the field.
    pub fn label(self) -> &'static str {
        match self {
            AcField::Port => "Redirect port",
            AcField::Account => "Account ID",
            AcField::ClientId => "Client ID",
            AcField::ClientSecret => "Client secret",
            AcField::Pasted => "Pasted address",
        }
    }
}

/// Where the login stands.
#[derive(Debug, Clone)]
pub enum LoginPhase {
    /// Not started.
    Idle,
    /// Asked the runtime; the listener is starting.
    Starting,
    /// The authorize address is out; waiting for the redirect (or a paste).
    Waiting {
        /// The authorize address.
        authorize_url: String,
        /// A browser was asked to open it.
        opened: bool,
    },
    /// Logged in.
    Done(Box<LoginInfo>),
    /// The login stopped; the diagnosis.
    Failed(LoginProblem),
}

/// State of the authorization-code setup. `Debug` shows no typed value but the port.
pub struct AuthCodeWizard {
    /// The step shown (0-based).
    pub step: usize,
    /// Checklist or a field.
    pub focus: Focus,
    /// Cursor in the checklist.
    pub row: usize,
    /// Ticked items, per step.
    pub ticked: Vec<Vec<bool>>,
    /// Lines scrolled off a page that has nothing to focus (the login's outcome, the switch).
    pub scroll: u16,
    /// The value error Enter showed for this step: it goes once that value is corrected.
    pub(super) shown_invalid: Option<String>,
    pub(super) port: Input,
    pub(super) client_id: Input,
    pub(super) client_secret: Input,
    pub(super) pasted: Input,
    /// The client secret is shown (Ctrl-R).
    pub revealed: bool,
    /// Where the login stands.
    pub login: LoginPhase,
    /// The demo browser is at work.
    pub browsing: bool,
    /// Step 6: the switch to M2M.
    pub switch: super::authcode_switch::Switch,
    /// The profile the login was saved as (its refresh token is the profile's from then on).
    pub saved_as: Option<String>,
    pub(super) running: Option<Running>,
    pub(super) next_id: LoginId,
    /// The login's refresh token, rotated by each live test (a public client's is single use).
    pub(super) store: Option<Grant>,
}

impl Default for AuthCodeWizard {
    fn default() -> Self {
        AuthCodeWizard {
            step: 0,
            focus: Focus::List,
            row: 0,
            ticked: STEPS.iter().map(|s| vec![false; s.items.len()]).collect(),
            scroll: 0,
            shown_invalid: None,
            port: Input::new(DEFAULT_REDIRECT_PORT.to_string()),
            client_id: Input::default(),
            client_secret: Input::default(),
            pasted: Input::default(),
            revealed: false,
            login: LoginPhase::Idle,
            browsing: false,
            switch: Default::default(),
            saved_as: None,
            running: None,
            next_id: 1,
            store: None,
        }
    }
}

impl std::fmt::Debug for AuthCodeWizard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthCodeWizard")
            .field("step", &self.step)
            .field("focus", &self.focus)
            .field("port", &self.port.value())
            .field("confidential", &self.confidential())
            .field("login", &self.login)
            .field("browsing", &self.browsing)
            .field("running", &self.running.as_ref().map(|r| r.id))
            .finish_non_exhaustive()
    }
}

impl Drop for AuthCodeWizard {
    fn drop(&mut self) {
        self.stop();
        for i in [
            &mut self.client_id,
            &mut self.client_secret,
            &mut self.pasted,
        ] {
            let mut v = i.value_and_reset();
            zeroize::Zeroize::zeroize(&mut v);
        }
    }
}

impl AuthCodeWizard {
    /// Shows step `s` (focus on its checklist, or its first field when it has none).
    pub fn enter(&mut self, s: usize, shared: &Shared) {
        self.step = s.min(STEPS.len() - 1);
        self.row = 0;
        self.scroll = 0;
        self.shown_invalid = None;
        self.focus = super::oauth2_step::entry_focus(&STEPS[self.step], self.fields().len());
        super::oauth2_step::demo_client_id(shared, &mut self.client_id);
    }

    /// The fields of the current step.
    pub fn fields(&self) -> &'static [AcField] {
        match STEPS[self.step].kind {
            StepKind::Record => &[AcField::Port],
            StepKind::Client => &[AcField::Account, AcField::ClientId, AcField::ClientSecret],
            StepKind::Login if matches!(self.login, LoginPhase::Waiting { .. }) => {
                &[AcField::Pasted]
            }
            StepKind::Login | StepKind::Checklist | StepKind::Bootstrap => &[],
        }
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<AcField> {
        match self.focus {
            Focus::Field(i) => self.fields().get(i).copied(),
            Focus::List => None,
        }
    }

    /// A field's value (the account lives in the shared draft). The secret is the caller's to
    /// mask ([`AuthCodeWizard::shown`]).
    fn value<'a>(&'a self, shared: &'a Shared, f: AcField) -> &'a str {
        match f {
            AcField::Account => shared.value(FieldId::Account),
            AcField::Port => self.port.value(),
            AcField::ClientId => self.client_id.value(),
            AcField::ClientSecret => self.client_secret.value(),
            AcField::Pasted => self.pasted.value(),
        }
    }

    /// A field's value as the screen shows it: the secret masked unless revealed.
    pub fn shown(&self, shared: &Shared, f: AcField) -> String {
        let v = self.value(shared, f);
        if f == AcField::ClientSecret && !self.revealed {
            "•".repeat(v.chars().count())
        } else {
            v.to_string()
        }
    }

    /// Cursor column of a field.
    pub fn cursor(&self, shared: &Shared, f: AcField) -> usize {
        match f {
            AcField::Account => shared.field(FieldId::Account).cursor(),
            AcField::Port => self.port.visual_cursor(),
            AcField::ClientId => self.client_id.visual_cursor(),
            AcField::ClientSecret => self.client_secret.visual_cursor(),
            AcField::Pasted => self.pasted.visual_cursor(),
        }
    }

    /// The redirect port typed, if it is one.
    pub fn port(&self) -> Result<u16, String> {
        super::port::PortPrompt::parse(self.port.value())
    }

    /// The redirect URI exactly as the login will send it (`https://localhost:PORT/callback`).
    pub fn redirect_uri(&self) -> String {
        redirect_uri_for(self.port().unwrap_or(DEFAULT_REDIRECT_PORT))
    }

    /// A confidential client (a client secret was typed).
    pub fn confidential(&self) -> bool {
        !self.client_secret.value().trim().is_empty()
    }

    fn input(&mut self, f: AcField) -> Option<&mut Input> {
        match f {
            AcField::Account => None,
            AcField::Port => Some(&mut self.port),
            AcField::ClientId => Some(&mut self.client_id),
            AcField::ClientSecret => Some(&mut self.client_secret),
            AcField::Pasted => Some(&mut self.pasted),
        }
    }

    fn edit(&mut self, f: AcField, key: KeyEvent, shared: &mut Shared) {
        if f == AcField::Account {
            credentials::edit(shared, FieldId::Account, key);
            return;
        }
        if matches!(key.code, KeyCode::Char(c) if f == AcField::Port && !c.is_ascii_digit()) {
            return;
        }
        if let (Some(req), Some(i)) = (super::oauth2_step::text_request(key.code), self.input(f)) {
            i.handle(req);
        }
    }

    fn clear(&mut self, shared: &mut Shared) {
        match self.editing() {
            Some(AcField::Account) => shared.field_mut(FieldId::Account).set(String::new()),
            Some(f) => {
                if let Some(i) = self.input(f) {
                    let mut v = i.value_and_reset();
                    zeroize::Zeroize::zeroize(&mut v);
                }
            }
            None => {}
        }
    }

    fn paste(&mut self, text: &str, cx: &mut Cx) {
        let Some(f) = self.editing() else { return };
        // One line, no surrounding blanks or quotes: ids and addresses are pasted whole.
        let clean = super::oauth2_step::one_value(text, 4096);
        match self.input(f) {
            Some(i) => *i = Input::new(clean),
            None => cx.shared.field_mut(FieldId::Account).set(clean),
        }
        if f == AcField::Pasted {
            self.send_paste(cx);
        }
    }

    /// Enter: the next field, the next step (the values of this one checked first), the login
    /// or the live test.
    fn next(&mut self, cx: &mut Cx) {
        let n = self.fields().len();
        match (self.focus, STEPS[self.step].kind) {
            (_, StepKind::Login) => self.login_enter(cx),
            (_, StepKind::Bootstrap) => match self.switch.phase {
                super::authcode_switch::SwitchPhase::Done(_) => self.test(cx),
                _ => self.start_switch(cx),
            },
            (Focus::List, _) if n > 0 => self.focus = Focus::Field(0),
            (Focus::Field(i), _) if i + 1 < n => self.focus = Focus::Field(i + 1),
            _ => {
                if let Some((step, text)) = self.invalid_here(cx.shared) {
                    self.shown_invalid = Some(text.clone());
                    cx.shared.notice = Some(Note::new(NoteKind::Error, text));
                    self.focus = Focus::Field(step);
                    return;
                }
                if STEPS[self.step].kind == StepKind::Client {
                    self.note_client(cx.shared);
                }
                cx.go(Nav::Go(Screen::AuthCode(self.step + 1)));
            }
        }
    }

    pub(super) fn login_enter(&mut self, cx: &mut Cx) {
        match &self.login {
            LoginPhase::Waiting { .. } => self.send_paste(cx),
            LoginPhase::Done(_) => self.test(cx),
            LoginPhase::Starting => {}
            LoginPhase::Idle | LoginPhase::Failed(_) => self.start_login(cx),
        }
    }

    /// After an edit: the value error Enter showed goes from the footer once that problem is
    /// gone (a new one, if any, is shown by the next Enter).
    fn settle(&mut self, shared: &mut Shared) {
        let Some(shown) = self.shown_invalid.take() else {
            return;
        };
        let still = self.invalid_here(shared).map(|(_, t)| t);
        if still.as_deref() == Some(shown.as_str()) {
            self.shown_invalid = Some(shown);
            return;
        }
        if shared.notice.as_ref().is_some_and(|n| n.text == shown) {
            shared.notice = None;
        }
    }

    /// What is wrong with the current step's values: (field index, why).
    fn invalid_here(&self, shared: &Shared) -> Option<(usize, String)> {
        match STEPS[self.step].kind {
            StepKind::Record => self
                .port()
                .err()
                .map(|e| (0, format!("Redirect port: {e}"))),
            StepKind::Client => self.client_problem(shared),
            StepKind::Checklist | StepKind::Login | StepKind::Bootstrap => None,
        }
    }

    pub(super) fn client_problem(&self, shared: &Shared) -> Option<(usize, String)> {
        if let Err(e) = crate::netsuite::AccountId::parse(shared.value(FieldId::Account)) {
            return Some((0, format!("Account ID: {e}")));
        }
        let id = self.client_id.value().trim();
        if id.is_empty() {
            return Some((
                1,
                "Client ID is empty: copy it from the integration record's confirmation page."
                    .into(),
            ));
        }
        if id.chars().any(char::is_whitespace) {
            return Some((1, "Client ID: it has no spaces; paste it again.".into()));
        }
        None
    }

    /// Says which kind of client the values make, and warns on an unusual Client ID.
    fn note_client(&self, shared: &mut Shared) {
        let id = self.client_id.value().trim();
        let kind = if self.confidential() {
            "Confidential client (secret given): its refresh token lasts about 7 days."
        } else {
            "Public client (no secret): single-use refresh tokens of 48 h, renewed by each run."
        };
        if id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit()) {
            shared.note(NoteKind::Info, kind);
        } else {
            shared.note(
                NoteKind::Warn,
                format!(
                    "{kind} The Client ID is not 64 hexadecimal characters as NetSuite's are: check the copy."
                ),
            );
        }
    }

    /// The keys every step page handles alike (see [`super::oauth2_step::page_key`]).
    fn page_key(&mut self, action: Action, cx: &mut Cx) -> bool {
        let fields = self.fields().len();
        let mut page = super::oauth2_step::Page {
            row: &mut self.row,
            focus: &mut self.focus,
            ticked: &mut self.ticked[self.step],
            scroll: &mut self.scroll,
        };
        super::oauth2_step::page_key(&STEPS[self.step], &mut page, fields, action, cx)
    }

    fn jump(&self, key: KeyEvent, cx: &mut Cx) {
        if let KeyCode::Char(c) = key.code
            && let Some(d) = c.to_digit(10)
            && (1..=STEPS.len()).contains(&(d as usize))
        {
            cx.go(Nav::Go(Screen::AuthCode(d as usize - 1)));
        }
    }

    fn copy(&self, cx: &mut Cx) {
        let c = match (&self.login, STEPS[self.step].kind) {
            (LoginPhase::Waiting { authorize_url, .. }, StepKind::Login) => cx
                .shared
                .copy("the authorize address", authorize_url.clone()),
            (_, StepKind::Record) => {
                let uri = self.redirect_uri();
                cx.shared.copy(&format!("the redirect URI {uri}"), uri)
            }
            _ => {
                let path = STEPS[self.step].path.to_string();
                cx.shared.copy(&format!("the menu path {path}"), path)
            }
        };
        cx.command(c);
    }

    fn back(&mut self, cx: &mut Cx) {
        if STEPS[self.step].kind == StepKind::Login {
            // Leaving the login step abandons a login under way (its listener closes).
            self.stop();
        }
        cx.go(Nav::Go(if self.step == 0 {
            Screen::Start
        } else {
            Screen::AuthCode(self.step - 1)
        }));
    }
}

impl Component for AuthCodeWizard {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        let n = self.fields().len();
        let editing = self.editing();
        out.push(if editing.is_some() {
            Context::Editing
        } else {
            Context::Browsing
        });
        if editing == Some(AcField::ClientSecret) {
            out.push(Context::Secret);
        }
        match (STEPS[self.step].kind, &self.login) {
            (StepKind::Record, _) => out.push(Context::AcRedirect),
            (StepKind::Login, LoginPhase::Waiting { .. }) => {
                out.push(Context::AcPending);
                if shared.demo.is_some() {
                    out.push(Context::AcDemo);
                }
            }
            (StepKind::Login, LoginPhase::Done(_)) => out.push(Context::AcLoggedIn),
            (StepKind::Login, LoginPhase::Idle | LoginPhase::Failed(_)) => {
                out.push(Context::AcLogin);
            }
            (StepKind::Bootstrap, _) => match self.switch.phase {
                super::authcode_switch::SwitchPhase::Done(_) => out.push(Context::AcLoggedIn),
                super::authcode_switch::SwitchPhase::Running => {}
                _ => out.push(Context::AcSwitch),
            },
            _ => {}
        }
        if editing.is_none() && STEPS[self.step].items.is_empty() {
            out.push(Context::AcSteps);
        }
        super::oauth2_step::page_contexts(&STEPS[self.step], self.focus, n, out);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            if let Some(f) = self.editing() {
                self.edit(f, key, cx.shared);
                self.settle(cx.shared);
            }
            return Handled::Consumed;
        };
        match action {
            a if self.page_key(a, cx) => {}
            Action::Next => self.next(cx),
            Action::Back => self.back(cx),
            Action::JumpStep => self.jump(key, cx),
            Action::StartFlow if STEPS[self.step].kind == StepKind::Bootstrap => {
                self.start_switch(cx);
            }
            Action::StartFlow => self.start_login(cx),
            Action::SimulateAllow => self.browse(true, cx),
            Action::SimulateDeny => self.browse(false, cx),
            Action::Rerun => self.test(cx),
            Action::Reveal => self.revealed = !self.revealed,
            Action::Edit => {
                self.clear(cx.shared);
                self.settle(cx.shared);
            }
            Action::Copy => self.copy(cx),
            _ => return Handled::Pass,
        }
        if self.editing() != Some(AcField::ClientSecret) {
            self.revealed = false;
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, cx: &mut Cx) -> Handled {
        self.paste(text, cx);
        self.settle(cx.shared);
        Handled::Consumed
    }
}
