//! The OAuth 2.0 authorization-code setup ("log in as a person"): five steps
//! ([`super::authcode_steps`]) with their checklists; the redirect URI exactly as the login will
//! use it (its port settable, F6 copies it); the account, Client ID and, for a confidential
//! client, the client secret (masked); the login (F3: the runtime runs the core login in a task,
//! [`super::authcode_task`]; the authorize address can be copied, a redirected address pasted; in
//! the demo F4/F9 play the browser's Allow or Deny); then the live test (the connection test
//! with the login's refresh token, on the results screen) and `s` to save. Handlers never do I/O.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tui_input::{Input, InputRequest};

use super::authcode_problem::LoginProblem;
use super::authcode_steps::{STEPS, StepKind};
use super::authcode_task::{
    AuthCodeCommand, AuthCodeEvent, LOGIN_WAIT, LoginId, LoginInfo, LoginRequest,
};
use super::credentials::{self, Focus};
use super::{Component, Cx, Handled, Nav, Shared};
use crate::Secret;
use crate::authflow::authcode::LoginSettings;
use crate::netsuite::oauth2::authcode::credentials::{DEFAULT_REDIRECT_PORT, redirect_uri_for};
use crate::netsuite::oauth2::authcode::grant::ClientAuth;
use crate::netsuite::oauth2::authcode::store::{MemoryStore, RefreshStore, SavedGrant};
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, StoreHandle};
use crate::tui::app::Screen;
use crate::tui::field::{FieldId, Note, NoteKind};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// Per-request timeout of the login's HTTP calls (as `nstba login`'s).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

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

/// The login under way: its id, where pastes go and how to stop it.
struct Running {
    id: LoginId,
    pasted: mpsc::Sender<String>,
    cancel: CancellationToken,
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
    port: Input,
    client_id: Input,
    client_secret: Input,
    pasted: Input,
    /// The client secret is shown (Ctrl-R).
    pub revealed: bool,
    /// Where the login stands.
    pub login: LoginPhase,
    /// The demo browser is at work.
    pub browsing: bool,
    running: Option<Running>,
    next_id: LoginId,
    /// The login's refresh token, rotated by each live test (a public client's is single use).
    store: Option<Grant>,
}

/// The login's refresh token store (`Debug` names no value).
#[derive(Clone)]
struct Grant(Arc<MemoryStore>);

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Grant(..)")
    }
}

impl Default for AuthCodeWizard {
    fn default() -> Self {
        AuthCodeWizard {
            step: 0,
            focus: Focus::List,
            row: 0,
            ticked: STEPS.iter().map(|s| vec![false; s.items.len()]).collect(),
            port: Input::new(DEFAULT_REDIRECT_PORT.to_string()),
            client_id: Input::default(),
            client_secret: Input::default(),
            pasted: Input::default(),
            revealed: false,
            login: LoginPhase::Idle,
            browsing: false,
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
        self.focus = if STEPS[self.step].items.is_empty() && !self.fields().is_empty() {
            Focus::Field(0)
        } else {
            Focus::List
        };
        if shared.demo.is_some() && self.client_id.value().is_empty() {
            // The demo record's Client ID (the emulator's demo consumer key).
            self.client_id = Input::new(
                crate::emulator::demo::credentials()
                    .consumer_key
                    .expose()
                    .to_string(),
            );
        }
    }

    /// The fields of the current step.
    pub fn fields(&self) -> &'static [AcField] {
        match STEPS[self.step].kind {
            StepKind::Record => &[AcField::Port],
            StepKind::Client => &[AcField::Account, AcField::ClientId, AcField::ClientSecret],
            StepKind::Login if matches!(self.login, LoginPhase::Waiting { .. }) => {
                &[AcField::Pasted]
            }
            StepKind::Login | StepKind::Checklist => &[],
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
        let req = match key.code {
            KeyCode::Char(c) if f == AcField::Port && !c.is_ascii_digit() => return,
            KeyCode::Char(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return,
        };
        if let Some(i) = self.input(f) {
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
        let clean: String = text
            .trim()
            .trim_matches(['"', '\''])
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(4096)
            .collect();
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
            (Focus::List, _) if n > 0 => self.focus = Focus::Field(0),
            (Focus::Field(i), _) if i + 1 < n => self.focus = Focus::Field(i + 1),
            _ => {
                if let Some((step, text)) = self.invalid_here(cx.shared) {
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

    fn login_enter(&mut self, cx: &mut Cx) {
        match &self.login {
            LoginPhase::Waiting { .. } => self.send_paste(cx),
            LoginPhase::Done(_) => self.test(cx),
            LoginPhase::Starting => {}
            LoginPhase::Idle | LoginPhase::Failed(_) => self.start_login(cx),
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
            StepKind::Checklist | StepKind::Login => None,
        }
    }

    fn client_problem(&self, shared: &Shared) -> Option<(usize, String)> {
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

    /// The first value the login lacks: its step, field and what to do.
    fn missing(&self, shared: &Shared) -> Option<(usize, usize, String)> {
        if let Err(e) = self.port() {
            return Some((1, 0, format!("Redirect port: {e}")));
        }
        self.client_problem(shared).map(|(f, t)| (2, f, t))
    }

    /// F3 (or Enter on the login step): start a login in the runtime.
    fn start_login(&mut self, cx: &mut Cx) {
        if let Some((step, field, text)) = self.missing(cx.shared) {
            cx.shared.notice = Some(Note::new(NoteKind::Error, text));
            let _ = field;
            cx.go(Nav::Go(Screen::AuthCode(step)));
            return;
        }
        self.stop();
        let id = self.next_id;
        self.next_id += 1;
        let (tx, rx) = mpsc::channel(4);
        let cancel = CancellationToken::new();
        let mut client = ClientAuth::public(Secret::new(self.client_id.value().trim().into()));
        if self.confidential() {
            client.client_secret = Some(Secret::new(self.client_secret.value().trim().into()));
        }
        let settings = LoginSettings {
            account: Some(cx.shared.value(FieldId::Account).trim().to_string()),
            client,
            scopes: crate::netsuite::oauth2::credentials::parse_scopes(""),
            redirect_uri: self.redirect_uri(),
            listen: true,
            timeout: REQUEST_TIMEOUT,
            base_url: cx.shared.base_url.clone(),
        };
        self.running = Some(Running {
            id,
            pasted: tx,
            cancel: cancel.clone(),
        });
        self.login = LoginPhase::Starting;
        self.store = None;
        cx.command(Command::AuthCode(AuthCodeCommand::Login(Box::new(
            LoginRequest {
                id,
                settings,
                demo: cx.shared.demo.is_some(),
                pasted: rx,
                cancel,
                wait: LOGIN_WAIT,
            },
        ))));
    }

    /// Stops the login under way (its listener closes).
    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.cancel.cancel();
        }
        self.browsing = false;
        if matches!(
            self.login,
            LoginPhase::Starting | LoginPhase::Waiting { .. }
        ) {
            self.login = LoginPhase::Idle;
        }
    }

    fn send_paste(&mut self, cx: &mut Cx) {
        let text = self.pasted.value().trim().to_string();
        if text.is_empty() {
            cx.shared.note(
                NoteKind::Info,
                "Paste the address the browser ended on (it starts with the redirect URI), then Enter.",
            );
            return;
        }
        let mut v = self.pasted.value_and_reset();
        zeroize::Zeroize::zeroize(&mut v);
        if let Some(r) = &self.running {
            let _ = r.pasted.try_send(text);
        }
    }

    /// Demo: the browser's part, Allow or Deny.
    fn browse(&mut self, allow: bool, cx: &mut Cx) {
        let (LoginPhase::Waiting { authorize_url, .. }, Some(r)) = (&self.login, &self.running)
        else {
            cx.shared.note(
                NoteKind::Info,
                "Press F3 first: the demo browser needs the authorize address.",
            );
            return;
        };
        if cx.shared.demo.is_none() || self.browsing {
            return;
        }
        self.browsing = true;
        cx.command(Command::AuthCode(AuthCodeCommand::Browse {
            id: r.id,
            authorize_url: authorize_url.clone(),
            allow,
        }));
    }

    /// The live test: logged in, then the connection test (a refresh at the token endpoint,
    /// the decoded claims, the REST and RESTlet probes with Bearer) on the results screen.
    fn test(&mut self, cx: &mut Cx) {
        if !matches!(self.login, LoginPhase::Done(_)) {
            cx.shared.note(
                NoteKind::Error,
                "Not logged in yet: press F3 on step 5 to log in.",
            );
            if self.step != STEPS.len() - 1 {
                cx.go(Nav::Go(Screen::AuthCode(STEPS.len() - 1)));
            }
            return;
        }
        cx.go(Nav::StartTest(Screen::AuthCode(self.step)));
    }

    /// The connection test's settings for the login, once logged in. The refresh token is the
    /// latest one: a live test rotates a public client's, into the wizard's own store.
    pub fn settings(&self, shared: &Shared) -> Option<crate::check::Settings> {
        let LoginPhase::Done(info) = &self.login else {
            return None;
        };
        let Grant(store) = self.store.clone()?;
        let latest = store.load().ok().flatten()?;
        let creds = AuthCodeCredentials {
            client_id: Secret::new(self.client_id.value().trim().to_string()),
            client_secret: self
                .confidential()
                .then(|| Secret::new(self.client_secret.value().trim().to_string())),
            refresh_token: latest.refresh_token,
            scopes: info.scopes.clone(),
            redirect_uri: info.redirect_uri.clone(),
            validity: latest.validity,
            company: info.company.clone(),
            role: info.role.clone(),
            entity: info.entity.clone(),
            store: Some(StoreHandle(store)),
        };
        let mut s = crate::check::Settings::new(
            info.account.clone(),
            crate::check::auth::Credentials::AuthCode(creds),
        );
        s.apis = vec![crate::check::Api::Rest, crate::check::Api::Restlet];
        s.base_url = shared.base_url.clone();
        s.timeout = shared.timeout;
        Some(s)
    }

    /// The save prompt for the login (an `authcode` profile), or why it cannot be saved yet.
    pub fn save_prompt(
        &self,
        shared: &Shared,
    ) -> Result<super::profiles::SavePrompt, (usize, Note)> {
        let settings = self.settings(shared).ok_or_else(|| {
            (
                0,
                Note::new(
                    NoteKind::Error,
                    "Cannot save yet: log in first (F3 on step 5).",
                ),
            )
        })?;
        let suggestion = crate::netsuite::AccountId::parse(&settings.account)
            .map(|a| format!("{}-login", a.slug()))
            .unwrap_or_default();
        let mut name = crate::tui::field::TextField::new(FieldId::Account);
        name.set(suggestion);
        Ok(super::profiles::SavePrompt {
            name,
            then_quit: false,
            settings: Some(Box::new(settings)),
        })
    }

    /// A background answer arrived.
    pub fn on_event(&mut self, ev: AuthCodeEvent, shared: &mut Shared) {
        let current = self.running.as_ref().map(|r| r.id);
        match ev {
            AuthCodeEvent::Started(id, r) if Some(id) == current => match r {
                Ok(s) => {
                    self.login = LoginPhase::Waiting {
                        authorize_url: s.authorize_url,
                        opened: s.opened,
                    };
                    if self.step == STEPS.len() - 1 {
                        self.focus = Focus::Field(0);
                    }
                }
                Err(p) => self.failed(p),
            },
            AuthCodeEvent::Rejected(id) if Some(id) == current => shared.note(
                NoteKind::Warn,
                "That address is not the answer to this login (its state differs): paste the address of this login's redirect.",
            ),
            AuthCodeEvent::Done(id, r) if Some(id) == current => {
                self.running = None;
                self.browsing = false;
                match r {
                    Ok(info) => self.logged_in(info, shared),
                    Err(p) => self.failed(p),
                }
            }
            AuthCodeEvent::Browsed(id, r) if Some(id) == current => {
                self.browsing = false;
                if let Err(e) = r {
                    shared.note(NoteKind::Error, format!("Demo browser: {e}"));
                }
            }
            _ => {}
        }
    }

    fn failed(&mut self, p: LoginProblem) {
        self.running = None;
        self.browsing = false;
        self.focus = Focus::List;
        self.login = LoginPhase::Failed(p);
    }

    fn logged_in(&mut self, info: Box<LoginInfo>, shared: &mut Shared) {
        self.focus = Focus::List;
        self.store = Some(Grant(Arc::new(MemoryStore::new(Some(SavedGrant {
            refresh_token: info.refresh_token.clone(),
            validity: info.validity,
        })))));
        shared.unsaved = true;
        // The step itself says what comes next.
        shared.notice = None;
        self.login = LoginPhase::Done(info);
    }

    fn toggle(&mut self) {
        if let Some(t) = self.ticked[self.step].get_mut(self.row) {
            *t = !*t;
        }
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
            _ => {}
        }
        match self.focus {
            Focus::List if n > 0 => out.push(Context::EnterField),
            Focus::Field(i) if i + 1 < n => out.push(Context::EnterNext),
            _ => {}
        }
        out.push(Context::Setup);
        if !STEPS[self.step].page.is_empty() {
            out.push(Context::Page);
        }
        let has_list = !STEPS[self.step].items.is_empty();
        if n + usize::from(has_list) > 1 {
            out.push(Context::Fields);
        }
        if self.focus == Focus::List && has_list {
            out.push(Context::Checklist);
        }
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            if let Some(f) = self.editing() {
                self.edit(f, key, cx.shared);
            }
            return Handled::Consumed;
        };
        match action {
            Action::Up | Action::Down => {
                let n = STEPS[self.step].items.len();
                self.row = super::step(self.row, n, action == Action::Down);
            }
            Action::Toggle => self.toggle(),
            Action::FocusNext | Action::FocusPrev => {
                self.focus = credentials::cycle(
                    self.focus,
                    self.fields().len(),
                    !STEPS[self.step].items.is_empty(),
                    action == Action::FocusNext,
                );
            }
            Action::Next => self.next(cx),
            Action::Back => self.back(cx),
            Action::JumpStep => self.jump(key, cx),
            Action::StartFlow => self.start_login(cx),
            Action::SimulateAllow => self.browse(true, cx),
            Action::SimulateDeny => self.browse(false, cx),
            Action::Rerun => self.test(cx),
            Action::Reveal => self.revealed = !self.revealed,
            Action::Edit => self.clear(cx.shared),
            Action::OpenPage => {
                if let Some(c) = cx.shared.open_page(STEPS[self.step].page) {
                    cx.command(c);
                }
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
        Handled::Consumed
    }
}
