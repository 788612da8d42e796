//! What flows into `update` ([`Message`]) and what `update` asks the runtime to do ([`Command`]).
//! `Debug` never prints a secret: settings are shown as the account only.

use std::time::Duration;

use crossterm::event::KeyEvent;

use super::flow::{FlowId, FlowProblem, FlowRequest, FlowStarted, FlowToken};
use super::profiles::{ExportJob, LoadedProfile, ProfileSummary};
use crate::check::{CheckEvent, Report, Settings};

/// Identifies one test run, so events of a cancelled run are ignored.
pub type RunId = u64;

/// Input to [`App::update`](super::App::update).
#[derive(Debug, Clone)]
pub enum Message {
    /// A key press.
    Key(KeyEvent),
    /// Bracketed paste (may hold secrets; `Debug` shows only its length).
    Paste(Pasted),
    /// The terminal was resized (the view adapts on the next draw).
    Resize,
    /// Time since the running test started (only sent while a test runs).
    Tick(Duration),
    /// Progress of run `RunId`.
    Check(RunId, CheckEvent),
    /// Run `RunId` ended.
    ChecksDone(RunId, Report),
    /// The demo emulator now plays scenario `usize`.
    ScenarioSwitched(usize),
    /// A profile was saved: its name and the store's one-time warning (secrets in a 0600 file),
    /// or a message without secrets.
    ProfileSaved(Result<(String, Option<String>), String>),
    /// A profile was loaded (name, what was read or a message without secrets, and whether to
    /// run the test straight away).
    ProfileLoaded(String, Result<Box<LoadedProfile>, String>, bool),
    /// The saved profiles and "now" (Unix seconds, for ages), or why they cannot be read.
    ProfilesListed(Result<Vec<ProfileSummary>, String>, i64),
    /// A test result was recorded in profile `String`: the profile's warnings for this run.
    TestRecorded(String, Result<super::runtime::Recorded, String>),
    /// The support report was written (its path), or why not.
    ReportExported(Result<String, String>),
    /// Flow `FlowId` reached the browser step, or failed before it.
    FlowStarted(FlowId, Result<FlowStarted, FlowProblem>),
    /// Flow `FlowId` ended: the issued token, or why not.
    FlowDone(FlowId, Result<FlowToken, FlowProblem>),
    /// The M2M setup's background work finished.
    M2m(super::components::m2m_task::M2mEvent),
    /// The authorization-code login's background work reported.
    AuthCode(super::components::authcode_task::AuthCodeEvent),
    /// The migration's background work finished.
    Migrate(super::components::migrate_task::MigrateEvent),
    /// A mouse click or wheel turn.
    Mouse(crossterm::event::MouseEvent),
    /// A browser was asked to open this address (`Ok`), or could not be (why).
    PageOpened(String, Result<(), String>),
    /// The saved wizard progress (checklist ticks, step, callback port per account), as stored.
    WizardLoaded(String),
    /// A profile was renamed (old name, new name), or why not.
    ProfileRenamed(Result<(String, String), String>),
    /// A profile was deleted (its name and the store's warning, if any), or why not.
    ProfileDeleted(Result<(String, Option<String>), String>),
    /// The demo emulator started (after the first frame) and listens at this origin.
    DemoReady(String),
    /// Progress of "test all" batch `u64`.
    Batch(u64, super::batch::BatchMsg),
    /// Issuetoken call `u64` ended: the issued token, or why not.
    IssueDone(
        u64,
        Result<crate::netsuite::flow::IssuedToken, super::components::issue::IssueProblem>,
    ),
}

/// Pasted text. `Debug` shows its length, never its content.
#[derive(Clone, PartialEq, Eq)]
pub struct Pasted(pub String);

impl Drop for Pasted {
    fn drop(&mut self) {
        // A paste is often a secret: wipe it once it has been copied into a field.
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl std::fmt::Debug for Pasted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pasted({} chars)", self.0.chars().count())
    }
}

/// A side effect for the runtime.
pub enum Command {
    /// Start the connection test as run `RunId`.
    StartChecks(RunId, Box<Settings>),
    /// Cancel the running test.
    CancelChecks,
    /// Demo: make the emulator play scenario `usize`.
    SwitchScenario(usize),
    /// Save the current credentials as a profile (seam for the profile store).
    SaveProfile(String, Box<Settings>),
    /// Load a saved profile: into the credentials form, or (`true`) and run the test at once.
    LoadProfile(String, bool),
    /// Read the list of saved profiles (answered by [`Message::ProfilesListed`]).
    ListProfiles,
    /// Record a finished test in profile `String` (answered by [`Message::TestRecorded`]).
    RecordTest(String, Box<Report>),
    /// Write the Markdown support report to the current directory.
    ExportReport(Box<ExportJob>),
    /// Start the authorization flow `FlowId` (answered by [`Message::FlowStarted`], then
    /// [`Message::FlowDone`]).
    StartFlow(FlowId, Box<FlowRequest>),
    /// Hand the running flow the address the browser was redirected to.
    PasteFlow(String),
    /// Cancel the running flow.
    CancelFlow,
    /// Demo: GET the consent URL with `&decision=allow`, as a browser would.
    SimulateAllow(String),
    /// Put text on the clipboard (OSC 52, which works over SSH where the terminal allows it).
    Copy(String),
    /// M2M setup work (generate, demo upload, live test).
    M2m(super::components::m2m_task::M2mCommand),
    /// Authorization-code setup work (the login, the demo browser).
    AuthCode(super::components::authcode_task::AuthCodeCommand),
    /// Migration work (open the progress, run an item).
    Migrate(super::components::migrate_task::MigrateCommand),
    /// Open this address in the user's browser (answered by [`Message::PageOpened`]).
    OpenUrl(String),
    /// Rename a saved profile (old, new).
    RenameProfile(String, String),
    /// Delete a saved profile.
    DeleteProfile(String),
    /// Call the legacy issuetoken endpoint as call `u64` (answered by [`Message::IssueDone`]).
    IssueToken(u64, Box<crate::authflow::issuetoken::IssueSettings>),
    /// Test the saved profiles `Vec<String>` at once as batch `u64` (answered by
    /// [`Message::Batch`]), with every call sent to the origin given (demo mode's emulator).
    TestProfiles(u64, Vec<String>, Option<String>),
    /// Leave the program.
    Quit,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Settings' Debug is already redacted (Credentials), but keep Commands to the facts a
            // log needs.
            Command::StartChecks(run, s) => f
                .debug_struct("StartChecks")
                .field("run", run)
                .field("account", &s.account)
                .field("apis", &s.apis)
                .finish(),
            Command::CancelChecks => f.write_str("CancelChecks"),
            Command::SwitchScenario(i) => f.debug_tuple("SwitchScenario").field(i).finish(),
            Command::SaveProfile(name, _) => f.debug_tuple("SaveProfile").field(name).finish(),
            Command::LoadProfile(name, run) => {
                f.debug_tuple("LoadProfile").field(name).field(run).finish()
            }
            Command::ListProfiles => f.write_str("ListProfiles"),
            Command::RecordTest(name, _) => f.debug_tuple("RecordTest").field(name).finish(),
            Command::ExportReport(job) => f
                .debug_struct("ExportReport")
                .field("account", &job.report.account)
                .finish(),
            Command::StartFlow(id, r) => f
                .debug_struct("StartFlow")
                .field("id", id)
                .field("account", &r.account)
                .finish(),
            // The redirected URL carries the verifier: keep it out of logs.
            Command::PasteFlow(_) => f.write_str("PasteFlow(..)"),
            Command::CancelFlow => f.write_str("CancelFlow"),
            Command::SimulateAllow(_) => f.write_str("SimulateAllow(..)"),
            Command::Copy(_) => f.write_str("Copy(..)"),
            Command::M2m(c) => f.debug_tuple("M2m").field(c).finish(),
            Command::AuthCode(c) => f.debug_tuple("AuthCode").field(c).finish(),
            Command::Migrate(c) => f.debug_tuple("Migrate").field(c).finish(),
            Command::OpenUrl(u) => f.debug_tuple("OpenUrl").field(u).finish(),
            Command::RenameProfile(a, b) => {
                f.debug_tuple("RenameProfile").field(a).field(b).finish()
            }
            Command::DeleteProfile(n) => f.debug_tuple("DeleteProfile").field(n).finish(),
            // The settings hold the password: the account only.
            Command::IssueToken(id, s) => f
                .debug_struct("IssueToken")
                .field("id", id)
                .field("account", &s.account)
                .finish(),
            Command::TestProfiles(id, names, _) => f
                .debug_struct("TestProfiles")
                .field("id", id)
                .field("profiles", &names.len())
                .finish(),
            Command::Quit => f.write_str("Quit"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netsuite::Credentials;

    #[test]
    fn debug_hides_secrets() {
        let p = Message::Paste(Pasted("topsecretpaste".into()));
        assert!(!format!("{p:?}").contains("topsecret"));
        let s = Settings::new(
            "1234567",
            Credentials::new("ck1", "cs-hidden", "tk1", "ts-hidden"),
        );
        let c = Command::StartChecks(1, Box::new(s));
        let d = format!("{c:?}");
        assert!(!d.contains("cs-hidden") && !d.contains("ts-hidden"));
        assert!(d.contains("1234567"));
    }
}
