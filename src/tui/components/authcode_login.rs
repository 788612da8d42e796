//! The login part of the authorization-code setup: starting a login in the runtime (the values
//! checked first), handing it pasted addresses, the demo browser's Allow or Deny, the answers
//! that come back, and what the live test and the save take from a finished login (the latest
//! refresh token: a live test rotates a public client's into the wizard's own store).

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::authcode_problem::LoginProblem;
use super::authcode_setup::{AuthCodeWizard, LoginPhase};
use super::authcode_steps::LOGIN_STEP;
use super::authcode_task::{
    AuthCodeCommand, AuthCodeEvent, LOGIN_WAIT, LoginId, LoginInfo, LoginRequest,
};
use super::credentials::Focus;
use super::{Cx, Nav, Shared};
use crate::Secret;
use crate::authflow::authcode::LoginSettings;
use crate::netsuite::oauth2::authcode::grant::ClientAuth;
use crate::netsuite::oauth2::authcode::store::{MemoryStore, RefreshStore, SavedGrant};
use crate::netsuite::oauth2::authcode::{AuthCodeCredentials, StoreHandle};
use crate::tui::app::Screen;
use crate::tui::field::{FieldId, Note, NoteKind};
use crate::tui::message::Command;

/// Per-request timeout of the login's HTTP calls (as `nstba login`'s).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The login under way: its id, where pastes go and how to stop it.
pub(super) struct Running {
    pub(super) id: LoginId,
    pub(super) pasted: mpsc::Sender<String>,
    pub(super) cancel: CancellationToken,
}

/// The login's refresh token store (`Debug` names no value).
#[derive(Clone)]
pub(super) struct Grant(Arc<MemoryStore>);

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Grant(..)")
    }
}

impl AuthCodeWizard {
    /// The first value the login lacks: its step, field and what to do.
    pub(super) fn missing(&self, shared: &Shared) -> Option<(usize, usize, String)> {
        if let Err(e) = self.port() {
            return Some((1, 0, format!("Redirect port: {e}")));
        }
        self.client_problem(shared).map(|(f, t)| (2, f, t))
    }

    /// F3 (or Enter on the login step): start a login in the runtime.
    pub(super) fn start_login(&mut self, cx: &mut Cx) {
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
        let client = self.client_auth();
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
        self.saved_as = None;
        self.switch = Default::default();
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

    pub(super) fn send_paste(&mut self, cx: &mut Cx) {
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
    pub(super) fn browse(&mut self, allow: bool, cx: &mut Cx) {
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
    pub(super) fn test(&mut self, cx: &mut Cx) {
        if !matches!(self.login, LoginPhase::Done(_)) {
            cx.shared.note(
                NoteKind::Error,
                "Not logged in yet: press F3 on step 5 to log in.",
            );
            if self.step != LOGIN_STEP {
                cx.go(Nav::Go(Screen::AuthCode(LOGIN_STEP)));
            }
            return;
        }
        cx.go(Nav::StartTest(Screen::AuthCode(self.step)));
    }

    /// The connection test's settings for the login, once logged in. The refresh token is the
    /// latest one: a live test rotates a public client's, into the wizard's own store.
    pub fn settings(&self, shared: &Shared) -> Option<crate::check::Settings> {
        if let Some(s) = self.switched_settings(shared) {
            return Some(s);
        }
        if self.saved_as.is_some() {
            return None;
        }
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
        let suffix = if settings.credentials.m2m().is_some() {
            "m2m"
        } else {
            "login"
        };
        let suggestion = crate::netsuite::AccountId::parse(&settings.account)
            .map(|a| format!("{}-{suffix}", a.slug()))
            .unwrap_or_default();
        let mut name = crate::tui::field::TextField::free(false);
        name.set(suggestion);
        Ok(super::profiles::SavePrompt {
            name,
            then_quit: false,
            settings: Some(Box::new(settings)),
        })
    }

    /// The login was saved as profile `name` (not after a switch: that saves M2M values).
    pub fn hand_over(&mut self, name: &str) {
        if matches!(self.login, LoginPhase::Done(_))
            && !matches!(
                self.switch.phase,
                super::authcode_switch::SwitchPhase::Done(_)
            )
        {
            self.saved_as = Some(name.to_string());
            self.store = None;
        }
    }

    /// Why there is no test to run on this path now.
    pub fn why_no_test(&self) -> Note {
        let text = match &self.saved_as {
            Some(name) => format!(
                "The login is saved as profile {name}: test it with nstba test --profile {name} (its refresh token rotates there), or press F3 on step 5 to log in again here."
            ),
            None => "Not logged in yet: press F3 on step 5 to log in.".into(),
        };
        Note::new(NoteKind::Error, text)
    }

    /// The client as the token endpoint sees it (a secret makes it confidential).
    pub(super) fn client_auth(&self) -> ClientAuth {
        let mut client = ClientAuth::public(Secret::new(self.client_id.value().trim().into()));
        if self.confidential() {
            client.client_secret = Some(Secret::new(self.client_secret.value().trim().into()));
        }
        client
    }

    /// The login's refresh token as it is now (a live test may have rotated it).
    pub(super) fn latest_refresh(&self) -> Option<Secret> {
        let Grant(store) = self.store.as_ref()?;
        store.load().ok().flatten().map(|g| g.refresh_token)
    }

    /// A background answer arrived.
    pub fn on_event(&mut self, ev: AuthCodeEvent, shared: &mut Shared) {
        let current = self.running.as_ref().map(|r| r.id);
        match ev {
            AuthCodeEvent::Boot(e) => self.on_boot(e),
            AuthCodeEvent::Booted(r) => self.on_booted(r, shared),
            AuthCodeEvent::Started(id, r) if Some(id) == current => match r {
                Ok(s) => {
                    self.login = LoginPhase::Waiting {
                        authorize_url: s.authorize_url,
                        opened: s.opened,
                    };
                    if self.step == LOGIN_STEP {
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
            AuthCodeEvent::ConsentRefused(id, p) if Some(id) == current => {
                // No redirect will come: the listener closes and the login ends here.
                self.stop();
                self.failed(p);
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
        self.scroll = 0;
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
}
