//! The connection test: live checks while it runs, then the ranked diagnoses, and one diagnosis
//! in detail. Results of an older (cancelled or replaced) run are ignored by their run id.

use std::time::Duration;

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::check::{CheckEvent, CheckId, CheckResult, Report};
use crate::tui::app::Screen;
use crate::tui::keymap::{Action, Context};
use crate::tui::message::{Command, RunId};
use crate::tui::profiles::ExportJob;

/// Phase of the test screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Checks are running.
    Running,
    /// Finished (or cancelled): checks and ranked diagnoses.
    Results,
    /// One diagnosis in detail.
    Detail,
}

/// One line of the live checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    /// Which check.
    pub id: CheckId,
    /// Its result once finished.
    pub result: Option<CheckResult>,
}

/// The scroll bound before the first draw.
const SCROLL_UNDRAWN: u16 = 200;

/// State of the test screen.
#[derive(Debug, Clone)]
pub struct TestState {
    /// The run whose events are accepted (`None`: nothing running).
    pub run: Option<RunId>,
    /// What is shown.
    pub phase: Phase,
    /// Checks in the order they started.
    pub rows: Vec<CheckRow>,
    /// Time since the run started (from ticks; tests inject it).
    pub elapsed: Duration,
    /// Spinner frame (advanced by ticks only, so renders are deterministic in tests).
    pub spinner: usize,
    /// The final report.
    pub report: Option<Report>,
    /// True when the user cancelled the run.
    pub cancelled: bool,
    /// Selected diagnosis.
    pub selected: usize,
    /// Scroll offset of the detail view.
    pub scroll: u16,
    /// The largest `scroll` that still moves what is drawn, written by the view (the only thing
    /// it writes here: only a drawn page knows its length). ↓ stops there, so ↑ moves at once.
    pub scroll_max: std::cell::Cell<u16>,
    /// Where Esc goes from the results.
    pub back_to: Screen,
    /// One row of "test all" opened from its table: Esc goes back to the table, and there is
    /// nothing here to rerun (the row's profile is not the form's draft).
    pub from_batch: bool,
    /// The tested profile's warnings for this run ("passed before, fails now").
    pub warnings: Vec<String>,
    /// The run's notices (`tba-retirement` for a TBA run), shown once on the results.
    pub notices: Vec<crate::check::Notice>,
    /// The settings this run used: the export shows their kind's credentials summary.
    pub ran: Option<Box<crate::check::Settings>>,
    /// A saved OAuth 2.0 profile (M2M, authorization code) run as it is, not through the TBA
    /// form: the result is recorded in it and a rerun reuses [`ran`](Self::ran).
    pub profile: Option<String>,
}

impl Default for TestState {
    fn default() -> Self {
        TestState {
            run: None,
            phase: Phase::Results,
            rows: Vec::new(),
            elapsed: Duration::ZERO,
            spinner: 0,
            report: None,
            cancelled: false,
            selected: 0,
            scroll: 0,
            scroll_max: std::cell::Cell::new(SCROLL_UNDRAWN),
            back_to: Screen::Start,
            from_batch: false,
            warnings: Vec::new(),
            notices: Vec::new(),
            ran: None,
            profile: None,
        }
    }
}

impl TestState {
    /// A fresh screen for run `run`.
    pub fn running(run: RunId, back_to: Screen) -> Self {
        TestState {
            run: Some(run),
            phase: Phase::Running,
            back_to,
            ..TestState::default()
        }
    }

    /// With the notices of a run of `settings` (a TBA run is told of TBA's retirement).
    pub fn with_notices(mut self, settings: &crate::check::Settings) -> Self {
        self.notices =
            crate::check::run_info::notices_for(settings.credentials.kind(), &settings.apis);
        self.ran = Some(Box::new(settings.clone()));
        self
    }

    /// The saved profile this run is recorded in: an OAuth 2.0 profile run as it is, else the
    /// one the form holds.
    pub fn recorded_in<'a>(&'a self, shared: &'a Shared) -> Option<&'a String> {
        self.profile.as_ref().or(shared.profile.as_ref())
    }

    /// A finished TBA run of a saved profile: its move to OAuth 2.0 is offered (`m`).
    pub fn offers_migration(&self, shared: &Shared) -> bool {
        self.phase != Phase::Running
            && self.report.is_some()
            && shared.profile.is_some()
            && self.notices.iter().any(|n| n.code == "tba-retirement")
    }

    /// True while checks run.
    pub fn is_running(&self) -> bool {
        self.phase == Phase::Running
    }

    fn diagnoses(&self) -> usize {
        self.report.as_ref().map_or(0, |r| r.diagnoses.len())
    }

    /// A tick of the running test.
    pub fn on_tick(&mut self, elapsed: Duration) {
        if self.is_running() {
            self.elapsed = elapsed;
            self.spinner = self.spinner.wrapping_add(1);
        }
    }

    /// Progress of run `run`.
    pub fn on_check(&mut self, run: RunId, ev: CheckEvent) {
        if self.run != Some(run) {
            return;
        }
        match ev {
            CheckEvent::Started(id) => {
                if !self.rows.iter().any(|r| r.id == id) {
                    self.rows.push(CheckRow { id, result: None });
                }
            }
            CheckEvent::Finished(result) => {
                match self.rows.iter_mut().find(|r| r.id == result.id) {
                    Some(row) => row.result = Some(result),
                    None => self.rows.push(CheckRow {
                        id: result.id,
                        result: Some(result),
                    }),
                }
            }
        }
    }

    /// Run `run` ended; a run of a saved profile is recorded in it (demo mode's profiles live in
    /// a store of their own, so a demo run never judges a real profile).
    pub fn on_done(&mut self, run: RunId, report: Report, shared: &Shared) -> Option<Command> {
        if self.run != Some(run) {
            return None;
        }
        self.run = None;
        self.phase = Phase::Results;
        self.selected = 0;
        self.scroll = 0;
        let mut report = report;
        sort_diagnoses(&mut report);
        let record = self
            .recorded_in(shared)
            .map(|name| Command::RecordTest(name.clone(), Box::new(report.clone())));
        self.report = Some(report);
        record
    }

    /// Stops the running test (its late events are ignored).
    pub fn cancel(&mut self) -> Option<Command> {
        if !self.is_running() {
            return None;
        }
        self.run = None;
        self.cancelled = true;
        self.phase = Phase::Results;
        Some(Command::CancelChecks)
    }

    /// The selected diagnosis' fix steps as plain numbered text (menu paths included), for the
    /// clipboard.
    fn selected_fix(&self) -> Option<String> {
        let d = self.report.as_ref()?.diagnoses.get(self.selected)?;
        let steps: Vec<String> = d
            .fix
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{}. {}", i + 1, crate::tui::view::for_tui(&f.screen())))
            .collect();
        (!steps.is_empty()).then(|| steps.join("\n"))
    }

    /// The support report of the finished test.
    fn export(&self, shared: &Shared) -> Option<Command> {
        let report = self.report.clone()?;
        // The credentials of the run (of its kind); a row of "test all" has none here, so its
        // report leaves the section out rather than show the form's values.
        let ran = self.ran.as_deref();
        let settings = ran.cloned().unwrap_or_else(|| shared.settings());
        Some(Command::ExportReport(Box::new(ExportJob {
            report,
            credentials: ran.map(|s| s.credentials.clone()),
            profile: self.recorded_in(shared).cloned(),
            apis: settings.apis,
            base_url: settings.base_url,
            warnings: self.warnings.clone(),
            detail: shared.detail.clone(),
            scenario: shared
                .demo
                .as_ref()
                .and_then(|d| d.scenarios.get(d.current))
                .map(|(name, _)| name.clone()),
        })))
    }
}

/// Most likely first, as the results say: errors before warnings before notes, and within each,
/// certain before likely before possible (stable, so the engine's order breaks ties).
pub fn sort_diagnoses(report: &mut Report) {
    use crate::check::{Confidence, Severity};
    let sev = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    let conf = |c: Confidence| match c {
        Confidence::Certain => 0,
        Confidence::Likely => 1,
        Confidence::Possible => 2,
    };
    report
        .diagnoses
        .sort_by_key(|d| (sev(d.severity), conf(d.confidence)));
}

impl Component for TestState {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Browsing);
        out.push(match self.phase {
            Phase::Running => Context::Running,
            Phase::Results => Context::Results,
            Phase::Detail => Context::Detail,
        });
        if self.phase == Phase::Results && self.diagnoses() > 0 && !self.cancelled {
            out.push(Context::Diagnoses);
        }
        if self.phase != Phase::Running && self.report.is_some() {
            out.push(Context::Finished);
        }
        if self.phase != Phase::Running && self.report.as_ref().is_some_and(|r| !r.ok) {
            out.push(Context::Failed);
        }
        if self.phase != Phase::Running && shared.report_path.is_some() {
            out.push(Context::Exported);
        }
        if self.offers_migration(shared) {
            out.push(Context::MigrateOffer);
        }
    }

    fn handle_key(&mut self, _key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            return Handled::Pass;
        };
        match action {
            Action::Cancel => {
                if let Some(c) = self.cancel() {
                    cx.command(c);
                }
            }
            Action::Rerun if self.from_batch => cx.shared.note(
                crate::tui::field::NoteKind::Info,
                "This is one row of \"test all\": Esc goes back to the table, where a tests all again.",
            ),
            Action::Rerun => cx.go(Nav::StartTest(self.back_to)),
            Action::Up | Action::Down => {
                let down = action == Action::Down;
                // The page may have grown shorter since (a resize): start from what is drawn.
                let max = self.scroll_max.get();
                self.scroll = self.scroll.min(max);
                match self.phase {
                    // Up on the first diagnosis goes on up, to the checks above it (a short
                    // terminal shows them only so); Down comes back first.
                    Phase::Results if self.diagnoses() > 0 && !self.cancelled => {
                        if !down && self.selected == 0 {
                            self.scroll = self.scroll.saturating_add(1).min(max);
                        } else if down && self.scroll > 0 {
                            self.scroll -= 1;
                        } else {
                            self.selected = super::step(self.selected, self.diagnoses(), down);
                        }
                    }
                    // Nothing to select: the view scrolls (its "more" marker says so).
                    Phase::Results | Phase::Detail => {
                        self.scroll = super::scroll(self.scroll, down, max);
                    }
                    Phase::Running => {}
                }
            }
            Action::Next => {
                if self.phase == Phase::Results && self.diagnoses() > 0 {
                    self.phase = Phase::Detail;
                    self.scroll = 0;
                }
            }
            Action::Back => match self.phase {
                Phase::Detail => {
                    self.phase = Phase::Results;
                    self.scroll = 0;
                }
                _ if self.from_batch => {
                    cx.go(Nav::Go(Screen::Start));
                    cx.go(Nav::Push(super::Layer::Picker(super::profiles::Picker {
                        selected: 0,
                        mode: super::profiles::PickerMode::Batch,
                    })));
                }
                _ => cx.go(Nav::Go(self.back_to)),
            },
            Action::Translate => cx.go(Nav::Translate),
            Action::Migrate => {
                if let Some(name) = cx.shared.profile.clone() {
                    super::migrate_wizard::open(&name, cx);
                }
            }
            Action::Save => cx.go(Nav::Save(false)),
            Action::Copy => {
                let fix = (self.phase == Phase::Detail)
                    .then(|| self.selected_fix())
                    .flatten();
                if let Some(text) = fix {
                    let c = cx.shared.copy("the fix steps", text);
                    cx.command(c);
                } else if let Some(p) = cx.shared.report_path.clone() {
                    let c = cx.shared.copy(&format!("the path {p}"), p);
                    cx.command(c);
                }
            }
            Action::Timeout => {
                let next = match cx.shared.timeout.as_secs() {
                    s if s < 30 => 30,
                    s if s < 60 => 60,
                    _ => 15,
                };
                cx.shared.timeout = Duration::from_secs(next);
                cx.shared.note(
                    crate::tui::field::NoteKind::Info,
                    format!(
                        "Each request now waits up to {next} s. Press r to run the test again."
                    ),
                );
            }
            Action::Export => {
                if let Some(c) = self.export(cx.shared) {
                    cx.command(c);
                }
            }
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }
}
