//! The app's paths into the connection test and the save prompt: which credentials a test or a
//! save takes depends on the path the user came from (the TBA screens' shared draft, the M2M
//! setup's values, or the authorization-code login).

use super::app::{App, Screen};
use super::components::Layer;
use super::components::credentials::Focus;
use super::components::profiles::SavePrompt;
use super::components::results::TestState;
use super::message::Command;

impl App {
    pub(super) fn start_test(&mut self, back_to: Screen) -> Option<Command> {
        if let Some(rerun) = self.rerun_profile() {
            return rerun;
        }
        let run = self.shared.run_id();
        self.screen = Screen::Test;
        // The M2M setup tests its own credentials (on a rerun from the results too).
        let settings = match back_to {
            Screen::M2m(_) => self.m2m.settings(&self.shared),
            Screen::AuthCode(_) => match self.authcode.settings(&self.shared) {
                Some(s) => Some(s),
                // A login handed over to its profile (or none): never the TBA fields instead.
                None => {
                    self.go(back_to);
                    self.shared.notice = Some(self.authcode.why_no_test());
                    return None;
                }
            },
            _ => None,
        }
        .unwrap_or_else(|| self.shared.settings());
        self.test = TestState::running(run, back_to).with_notices(&settings);
        Some(Command::StartChecks(run, Box::new(settings)))
    }

    /// A login saved as a profile belongs to that profile from now on: a public client's refresh
    /// token is single use, so the wizard's copy must not be used again (the profile's runs
    /// rotate the saved one).
    pub(super) fn hand_over_login(&mut self, result: &Result<(String, Option<String>), String>) {
        let on_path = matches!(self.screen, Screen::AuthCode(_))
            || (self.screen == Screen::Test && matches!(self.test.back_to, Screen::AuthCode(_)));
        if let (true, Ok((name, _))) = (on_path, result) {
            self.authcode.hand_over(name);
        }
    }

    /// Opens the save prompt, or says why the credentials cannot be saved yet.
    pub(super) fn open_save(&mut self, then_quit: bool) {
        // Each OAuth 2.0 path (or its results) saves its own values, as a profile of its kind.
        if self.screen == Screen::Test
            && let Some(name) = &self.test.profile
        {
            // An OAuth 2.0 profile's own run: nothing new to save (the result is recorded in it).
            let text = format!("This is saved profile {name}: its result is recorded in it.");
            self.shared.note(super::field::NoteKind::Info, text);
            return;
        }
        let path = match self.screen {
            Screen::Test => self.test.back_to,
            s => s,
        };
        let prompt = match path {
            Screen::M2m(_) => self.m2m.save_prompt(&self.shared),
            // The login's refresh token (the latest, after a live test rotated it).
            Screen::AuthCode(_) => self.authcode.save_prompt(&self.shared),
            _ => SavePrompt::open(&self.shared),
        };
        match prompt {
            Ok(mut p) => {
                p.then_quit = then_quit;
                self.overlays.push(Layer::Save(p));
            }
            Err((idx, note)) => {
                if self.screen == Screen::Form {
                    self.form.focus = Focus::Field(idx);
                }
                self.shared.notice = Some(note);
            }
        }
    }
}
