//! A saved OAuth 2.0 profile (M2M, authorization code) tested from the picker or the start
//! screen: run with its own kind's settings, exactly as `nstba test --profile` does, never
//! through the TBA form; a rerun (`r`, a demo scenario switch) reuses those settings.

use super::app::{App, Screen};
use super::components::results::TestState;
use super::field::NoteKind;
use super::message::Command;
use crate::check::auth::Credentials;
use crate::check::{Api, Settings};

impl App {
    /// The test settings of a loaded profile of any kind, with this session's origin (the demo
    /// emulator) and request timeout.
    pub(super) fn profile_settings(
        &self,
        account: String,
        credentials: Credentials,
        apis: Vec<Api>,
    ) -> Settings {
        let mut s = Settings::new(account, credentials);
        if !apis.is_empty() {
            s.apis = apis;
        }
        s.base_url = self.shared.base_url.clone();
        s.timeout = self.shared.timeout;
        s
    }

    /// An OAuth 2.0 profile was loaded: `run` tests it at once; loading it into the form is
    /// refused with the reason (the form holds TBA values only).
    pub(super) fn on_loaded_oauth2(
        &mut self,
        name: &str,
        settings: Settings,
        run: bool,
        out: &mut Vec<Command>,
    ) {
        let kind = kind_words(&settings.credentials);
        if !run {
            self.shared.note(
                NoteKind::Info,
                format!(
                    "Profile {name} holds {kind} credentials; the form is for TBA values. Enter in the profile list tests it."
                ),
            );
            return;
        }
        self.shared.last_profile = Some(name.to_string());
        out.extend(self.start_profile_test(name.to_string(), settings));
        self.shared
            .note(NoteKind::Info, format!("Testing profile {name} ({kind})."));
    }

    /// Runs `settings` of saved profile `name` as they are; Esc goes back to the start screen.
    pub(super) fn start_profile_test(
        &mut self,
        name: String,
        settings: Settings,
    ) -> Option<Command> {
        let run = self.shared.run_id();
        self.screen = Screen::Test;
        self.test = TestState::running(run, Screen::Start).with_notices(&settings);
        self.test.profile = Some(name);
        Some(Command::StartChecks(run, Box::new(settings)))
    }

    /// The rerun of an OAuth 2.0 profile's results (`r`, a demo scenario switch): the same
    /// settings, with the request timeout as it is now. `None` when the results are not of one.
    pub(super) fn rerun_profile(&mut self) -> Option<Option<Command>> {
        if self.screen != Screen::Test {
            return None;
        }
        let name = self.test.profile.clone()?;
        let mut settings = *self.test.ran.clone()?;
        settings.timeout = self.shared.timeout;
        Some(self.start_profile_test(name, settings))
    }
}

/// The kind in a user's words.
fn kind_words(c: &Credentials) -> &'static str {
    match c {
        Credentials::Tba(_) => "TBA",
        Credentials::M2m(_) => "OAuth 2.0 M2M (client credentials)",
        Credentials::AuthCode(_) => "OAuth 2.0 authorization-code (a person's login)",
    }
}
