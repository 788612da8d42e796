//! The app's answers to the profile store's messages: a profile loaded, saved, listed, or a test
//! recorded in it; and "test all"'s progress and one of its results opened.

use super::app::{App, Screen};
use super::components::Layer;
use super::field::{FieldId, Note, NoteKind};
use super::message::Command;
use super::profiles::{LoadedProfile, ProfileSummary};
use super::runtime::Recorded;

impl App {
    #[allow(
        clippy::needless_pass_by_value,
        reason = "TUI-owned signature; left to the TUI rework"
    )]
    pub(super) fn on_loaded(
        &mut self,
        name: String,
        result: Result<Box<LoadedProfile>, String>,
        run: bool,
        out: &mut Vec<Command>,
    ) {
        let loaded = match result {
            Ok(l) => *l,
            Err(e) => {
                self.shared
                    .note(NoteKind::Error, format!("Profile {name}: {e}"));
                return;
            }
        };
        let c = match loaded.credentials {
            crate::check::auth::Credentials::Tba(c) => c,
            other => {
                let settings = self.profile_settings(loaded.account, other, loaded.apis);
                return self.on_loaded_oauth2(&name, settings, run, out);
            }
        };
        let s = &mut self.shared;
        s.field_mut(FieldId::Account).set(loaded.account);
        for (id, v) in FieldId::ALL[1..].iter().zip(c.fields()) {
            s.field_mut(*id).set(v.expose());
        }
        if !loaded.apis.is_empty() {
            s.apis = loaded.apis;
        }
        s.unsaved = false;
        s.profile = Some(name.clone());
        s.last_profile = Some(name.clone());
        if run {
            // The TBA form's values from now on, not an earlier OAuth 2.0 profile's run.
            self.test.profile = None;
            out.extend(self.start_test(Screen::Start));
            self.shared
                .note(NoteKind::Info, format!("Testing profile {name}."));
            return;
        }
        self.go(Screen::Form);
        self.shared.note(
            NoteKind::Info,
            format!("Loaded profile {name}; Enter on the last field runs the test."),
        );
    }

    pub(super) fn on_saved(
        &mut self,
        result: Result<(String, Option<String>), String>,
        out: &mut Vec<Command>,
    ) {
        let s = &mut self.shared;
        match result {
            Ok((name, warning)) => {
                s.unsaved = false;
                s.profile = Some(name.clone());
                s.last_profile = Some(name.clone());
                // Saved from a finished test: the profile remembers that result ("never tested"
                // would be wrong). Also in demo mode, where this profile is a demo one.
                if self.screen == Screen::Test
                    && let Some(r) = &self.test.report
                {
                    out.push(Command::RecordTest(name.clone(), Box::new(r.clone())));
                }
                s.notice = Some(match warning {
                    Some(w) => {
                        Note::new(NoteKind::Warn, format!("Saved profile {name}. Note: {w}"))
                    }
                    None => Note::new(NoteKind::Info, format!("Saved profile {name}.")),
                });
                out.extend(s.refresh_profiles());
                if std::mem::take(&mut s.quit_after_save) {
                    match &s.notice {
                        // The store's one-time warning (secrets in a file) must be read first.
                        Some(n) if n.kind == NoteKind::Warn => {
                            let text = format!("{} Press q to quit.", n.text);
                            s.note(NoteKind::Warn, text);
                        }
                        _ => out.push(Command::Quit),
                    }
                }
            }
            Err(e) => {
                s.quit_after_save = false;
                s.note(
                    NoteKind::Error,
                    format!("Could not save the profile: {}", keychain_words(&e)),
                );
            }
        }
    }

    pub(super) fn on_listed(&mut self, result: Result<Vec<ProfileSummary>, String>, now: i64) {
        self.shared.now_unix = now;
        match result {
            Ok(list) => {
                self.shared.profiles = list;
                let max = self.shared.profiles.len().saturating_sub(1);
                for l in &mut self.overlays {
                    if let Layer::Picker(p) = l {
                        p.selected = p.selected.min(max);
                    }
                }
            }
            Err(e) => self.shared.note(
                NoteKind::Warn,
                format!("Could not list the saved profiles: {e}"),
            ),
        }
    }

    pub(super) fn on_recorded(
        &mut self,
        name: String,
        result: Result<Recorded, String>,
        out: &mut Vec<Command>,
    ) {
        if self.test.recorded_in(&self.shared).map(String::as_str) != Some(name.as_str()) {
            return;
        }
        match result {
            Ok(Recorded {
                warnings,
                migration,
            }) => {
                self.test.warnings = warnings;
                // A TBA profile's retirement notice says where its move to OAuth 2.0 stands.
                self.test.notices = (self.test.notices.iter())
                    .map(|n| crate::migrate::notice::for_profile(n, &name, migration.as_deref()))
                    .collect();
                self.shared.note(
                    NoteKind::Info,
                    format!("Result recorded in profile {name}."),
                );
                self.shared.last_profile = Some(name);
                out.extend(self.shared.refresh_profiles());
            }
            Err(e) => self.shared.note(
                NoteKind::Warn,
                format!("Could not record the result in profile {name}: {e}"),
            ),
        }
    }
}

impl App {
    pub(super) fn on_renamed(
        &mut self,
        result: Result<(String, String), String>,
        out: &mut Vec<Command>,
    ) {
        let s = &mut self.shared;
        match result {
            Ok((old, new)) => {
                for name in [&mut s.profile, &mut s.last_profile].into_iter().flatten() {
                    if *name == old {
                        *name = new.clone();
                    }
                }
                s.note(NoteKind::Info, format!("Renamed profile {old} to {new}."));
                out.extend(s.list_profiles());
            }
            Err(e) => s.note(
                NoteKind::Error,
                format!("Could not rename the profile: {e}"),
            ),
        }
    }

    pub(super) fn on_deleted(
        &mut self,
        result: Result<(String, Option<String>), String>,
        out: &mut Vec<Command>,
    ) {
        let s = &mut self.shared;
        match result {
            Ok((name, warning)) => {
                if s.profile.as_deref() == Some(name.as_str()) {
                    // The form keeps the values, now unsaved.
                    s.profile = None;
                    s.unsaved = true;
                }
                if s.last_profile.as_deref() == Some(name.as_str()) {
                    s.last_profile = None;
                }
                s.profiles.retain(|p| p.name != name);
                let text = match warning {
                    Some(w) => format!("Deleted profile {name}; {w}"),
                    None => format!("Deleted profile {name} and its secrets."),
                };
                s.note(NoteKind::Info, text);
                out.extend(s.list_profiles());
            }
            Err(e) => s.note(
                NoteKind::Error,
                format!("Could not delete the profile: {e}"),
            ),
        }
    }
}

impl App {
    /// Progress of "test all" batch `id` (an older batch's messages are ignored); each finished
    /// run is recorded in its profile, as a single test is.
    pub(super) fn on_batch(
        &mut self,
        id: u64,
        msg: super::batch::BatchMsg,
        out: &mut Vec<Command>,
    ) {
        let Some(b) = self.shared.batch.as_mut().filter(|b| b.id == id) else {
            return;
        };
        if let super::batch::BatchMsg::Event(crate::check::many::ManyEvent::Finished(_, d)) = &msg
            && d.info.auth != crate::check::AuthKind::Authcode
        {
            out.push(Command::RecordTest(
                d.name.clone(),
                Box::new(d.report.clone()),
            ));
        }
        let done = matches!(msg, super::batch::BatchMsg::Done);
        b.apply(msg);
        if done {
            out.extend(self.shared.refresh_profiles());
        }
    }

    /// Opens a finished report (a row of "test all") on the results screen; Esc goes back to
    /// the start screen.
    pub(super) fn show_results(&mut self, report: crate::check::Report) {
        use super::components::results::{CheckRow, Phase, TestState};
        let rows = report
            .checks
            .iter()
            .map(|c| CheckRow {
                id: c.id,
                result: Some(c.clone()),
            })
            .collect();
        // The row's own profile and credentials: its export shows them, not the form's.
        let row = self.shared.batch.as_ref().and_then(|b| b.selected_row());
        let profile = row.map(|r| r.planned.name.clone());
        let ran = row
            .and_then(|r| {
                r.planned
                    .credentials
                    .clone()
                    .map(|c| (c, r.planned.apis.clone()))
            })
            .map(|(c, apis)| Box::new(self.profile_settings(report.account.clone(), c, apis)));
        self.test = TestState {
            phase: Phase::Results,
            rows,
            report: Some(report),
            from_batch: true,
            ran,
            profile,
            ..TestState::default()
        };
        self.screen = Screen::Test;
    }
}

/// The store's error in an admin's words: a raw D-Bus/Secret Service error says little.
fn keychain_words(e: &str) -> String {
    let l = e.to_ascii_lowercase();
    if l.contains("zbus") || l.contains("dbus") || l.contains("secret service") {
        "the system keychain (Secret Service) could not be reached; is a keyring daemon running and unlocked?".to_string()
    } else {
        e.to_string()
    }
}
