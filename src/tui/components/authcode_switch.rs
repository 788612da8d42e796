//! Step 6 of the authorization-code setup: switch this connection to M2M with the login, through
//! the core bootstrap ([`crate::authflow::bootstrap`]): a key and certificate generated, the
//! certificate uploaded through the rotation API mapped to the login's role and entity, an M2M
//! token request as proof, the login's refresh token revoked. It runs in a task
//! ([`super::authcode_task`]) whose steps are listed as they come; the live test and `s` then
//! take the M2M credentials. Handlers never do I/O.

use crate::authflow::bootstrap::{BootstrapEvent, BootstrapFailure, BootstrapInput, Bootstrapped};
use crate::netsuite::cert::{KeyAlgorithm, MAX_DAYS};
use crate::tui::field::{FieldId, NoteKind};
use crate::tui::message::Command;

use super::authcode_setup::{AuthCodeWizard, LoginPhase};
use super::authcode_task::AuthCodeCommand;
use super::{Cx, Nav, Shared};

/// The login's access token is kept this long (it lasts an hour; a margin for the calls).
const ACCESS_TOKEN_USABLE_SECS: i64 = 50 * 60;

/// Where the switch stands.
#[derive(Debug, Clone, Default)]
pub enum SwitchPhase {
    /// Not run.
    #[default]
    Idle,
    /// Running.
    Running,
    /// Done: the new M2M credentials (`Debug` shows no key).
    Done(Box<Bootstrapped>),
    /// Stopped: what happened and what to do.
    Failed(BootstrapFailure),
}

/// The switch: its phase and the steps reported so far (one line each, no secret).
#[derive(Debug, Clone, Default)]
pub struct Switch {
    /// Where it stands.
    pub phase: SwitchPhase,
    /// The progress, one line per event.
    pub log: Vec<String>,
}

impl AuthCodeWizard {
    /// Enter (or F3) on step 6: run the switch with the login's values.
    pub(super) fn start_switch(&mut self, cx: &mut Cx) {
        if matches!(self.switch.phase, SwitchPhase::Running) {
            return;
        }
        let LoginPhase::Done(info) = &self.login else {
            cx.shared.note(
                NoteKind::Error,
                "Log in first (step 5): the switch uses the login's token, role and entity.",
            );
            cx.go(Nav::Go(crate::tui::app::Screen::AuthCode(
                super::authcode_steps::LOGIN_STEP,
            )));
            return;
        };
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if now - info.logged_in_at > ACCESS_TOKEN_USABLE_SECS {
            cx.shared.note(
                NoteKind::Error,
                "The login's access token has run out (it lasts an hour): log in again on step 5, then come back.",
            );
            return;
        }
        let input = BootstrapInput {
            account: info.account.clone(),
            client: self.client_auth(),
            access_token: info.access_token.clone(),
            refresh_token: self.latest_refresh(),
            role: info.role.clone().unwrap_or_default(),
            entity: info.entity.clone().unwrap_or_default(),
            scopes: info.scopes.clone(),
            algorithm: KeyAlgorithm::EcP256,
            days: MAX_DAYS,
            timeout: cx.shared.timeout,
            base_url: cx.shared.base_url.clone(),
        };
        self.switch = Switch {
            phase: SwitchPhase::Running,
            log: Vec::new(),
        };
        cx.command(Command::AuthCode(AuthCodeCommand::Bootstrap(Box::new(
            input,
        ))));
    }

    /// A step of the switch was reported.
    pub fn on_boot(&mut self, ev: BootstrapEvent) {
        let line = match ev {
            BootstrapEvent::Started(s) => format!("… {}", s.title()),
            BootstrapEvent::Done(s, text) => {
                // The started line of this step becomes its result.
                let started = format!("… {}", s.title());
                if self.switch.log.last() == Some(&started) {
                    self.switch.log.pop();
                }
                format!("✓ {}: {text}", s.title())
            }
            BootstrapEvent::Warning(text) => format!("! {text}"),
        };
        self.switch.log.push(line);
    }

    /// The switch ended.
    pub fn on_booted(
        &mut self,
        result: Result<Box<Bootstrapped>, BootstrapFailure>,
        shared: &mut Shared,
    ) {
        self.switch.phase = match result {
            Ok(done) => {
                shared.unsaved = true;
                shared.notice = None;
                SwitchPhase::Done(done)
            }
            Err(f) => SwitchPhase::Failed(f),
        };
    }

    /// The M2M connection test's settings, once switched.
    pub(super) fn switched_settings(&self, shared: &Shared) -> Option<crate::check::Settings> {
        let SwitchPhase::Done(done) = &self.switch.phase else {
            return None;
        };
        let mut s = crate::check::Settings::new(
            shared.value(FieldId::Account).trim(),
            done.credentials.clone(),
        );
        if let LoginPhase::Done(info) = &self.login {
            s.account.clone_from(&info.account);
        }
        s.apis = vec![crate::check::Api::Rest, crate::check::Api::Restlet];
        s.base_url = shared.base_url.clone();
        s.timeout = shared.timeout;
        Some(s)
    }
}
