//! Demo mode's profile store: the demo's own store (`demo/` under the config directory, kept
//! from one `--demo` to the next, as issue 12 asks), aware that each `--demo` starts a fresh
//! emulator. A TBA demo profile holds the emulator's fixed demo credentials and works in every
//! session; an OAuth 2.0 one (M2M, authorization code) holds what the emulator of the session it
//! was saved in issued (the uploaded certificate, the refresh token), which ended with it.
//! Testing one of those says so and what to do, instead of failing with `invalid_grant` and
//! "passed before, fails now".

use std::collections::BTreeMap;

use super::profiles::{LoadedProfile, ProfileSummary, SavedProfiles};
use super::runtime::{ProfileStore, Recorded};
use crate::check::{AuthKind, Report, Settings};

/// The demo store, knowing which OAuth 2.0 profiles come from an earlier demo session.
pub struct DemoProfiles {
    inner: SavedProfiles,
    /// OAuth 2.0 profiles present when this session started: their kind and when they were
    /// saved (saved again since, by any path, they are this session's).
    earlier: BTreeMap<String, (AuthKind, Option<i64>)>,
}

impl DemoProfiles {
    /// Wraps the demo store; the OAuth 2.0 profiles already in it are from earlier sessions.
    pub fn new(inner: SavedProfiles) -> DemoProfiles {
        let earlier = inner
            .0
            .list()
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.kind() != AuthKind::Tba)
            .map(|p| (p.name.clone(), (p.kind(), p.saved_at_unix)))
            .collect();
        DemoProfiles { inner, earlier }
    }

    /// Why profile `name` cannot be tested in this session, when it cannot.
    fn stale(&self, name: &str) -> Option<String> {
        let (kind, saved) = self.earlier.get(name)?;
        let now = self.inner.0.get(name).ok()?;
        (now.saved_at_unix == *saved).then(|| stale_words(name, *kind))
    }
}

/// What to tell about an OAuth 2.0 demo profile of an earlier session.
pub fn stale_words(name: &str, kind: AuthKind) -> String {
    let (what, again) = match kind {
        AuthKind::M2m => (
            "its certificate was uploaded to that session's emulator",
            "set M2M up again here (F3 and F4 on its step 4) and save it",
        ),
        _ => (
            "its login (the refresh token) was issued by that session's emulator",
            "log in again here (OAuth 2.0 login, F3 on its step 5) and save it",
        ),
    };
    format!(
        "from an earlier demo session: {what}, which ended with it (each --demo starts a fresh emulator), so {name} cannot pass here. To test this kind in the demo, {again}; d in the profile list deletes this one."
    )
}

impl ProfileStore for DemoProfiles {
    fn list(&mut self) -> Result<Vec<ProfileSummary>, String> {
        self.inner.list()
    }

    fn save(&mut self, name: &str, settings: &Settings) -> Result<Option<String>, String> {
        let r = self.inner.save(name, settings)?;
        // Saved in this session: its emulator knows it now.
        self.earlier.remove(name);
        Ok(r)
    }

    fn load(&mut self, name: &str) -> Result<LoadedProfile, String> {
        match self.stale(name) {
            Some(why) => Err(why),
            None => self.inner.load(name),
        }
    }

    fn record(&mut self, name: &str, report: &Report) -> Result<Recorded, String> {
        self.inner.record(name, report)
    }

    fn rename(&mut self, old: &str, new: &str) -> Result<(), String> {
        self.inner.rename(old, new)?;
        // A new name is not a new login: the mark moves with it.
        if let Some((kind, _)) = self.earlier.remove(old) {
            let saved = self.inner.0.get(new).ok().and_then(|p| p.saved_at_unix);
            self.earlier.insert(new.to_string(), (kind, saved));
        }
        Ok(())
    }

    fn delete(&mut self, name: &str) -> Result<Option<String>, String> {
        let r = self.inner.delete(name)?;
        self.earlier.remove(name);
        Ok(r)
    }

    fn wizard_state(&mut self) -> Option<String> {
        self.inner.wizard_state()
    }

    fn save_wizard_state(&mut self, text: &str) -> Result<(), String> {
        self.inner.save_wizard_state(text)
    }

    fn test_settings(&mut self, name: &str) -> Result<Settings, String> {
        match self.stale(name) {
            Some(why) => Err(why),
            None => self.inner.test_settings(name),
        }
    }

    fn store(&self) -> Option<crate::profile::ProfileStore> {
        self.inner.store()
    }
}
