//! The model and `update`: every state the wizard can be in, and the pure, synchronous transition
//! from a [`Message`] to the next state plus at most one [`Command`] for the runtime.

use std::time::Duration;

use crossterm::event::KeyEvent;

use super::field::{FieldId, Note, NoteKind, TextField, split_bundle};
use super::flow::{self, FlowId, FlowProblem, FlowRequest, FlowStarted, FlowToken};
use super::guide::guide;
use super::keymap::{self, Action, Context};
use super::message::{Command, Message, RunId};
use super::profiles::{ExportJob, LoadedProfile, ProfileSummary};
use super::translate::{self, Answer};
use crate::check::{Api, CheckEvent, CheckId, CheckResult, Report, Settings};
use crate::netsuite::{AccountId, Credentials};

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Choose a path.
    Start,
    /// Guided setup step `usize` (0-based).
    Setup(usize),
    /// Credentials + account form ("test what I already have").
    Form,
    /// The connection test: live checks, results, diagnosis detail.
    Test,
    /// Login Audit Trail translator.
    Translator,
}

/// A modal overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// All keys.
    Help,
    /// "Quit and lose typed credentials?"
    ConfirmQuit,
    /// The list of saved profiles to test.
    Picker,
    /// The profile name prompt of "save".
    SaveName,
    /// The automatic token (authorization flow).
    Flow,
}

/// The setup step (0-based) where the access token is created.
pub const TOKEN_STEP: usize = 4;

/// Where the automatic token flow is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowPhase {
    /// Asking NetSuite for a request token.
    Starting,
    /// Waiting for the consent in a browser (or a pasted address).
    Waiting(FlowStarted),
    /// Stopped: the cause and the fix lines.
    Failed(FlowProblem, Vec<String>),
}

/// State of the automatic token overlay.
#[derive(Debug)]
pub struct FlowState {
    /// The flow whose results are accepted.
    pub id: FlowId,
    /// Where it is.
    pub phase: FlowPhase,
    /// The redirected address pasted by hand.
    pub paste: TextField,
}

/// Where keyboard focus is on a setup step or the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The checklist.
    List,
    /// The n-th field of the current screen.
    Field(usize),
}

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
    /// Where Esc goes from the results.
    pub back_to: Screen,
    /// The tested profile's warnings for this run ("passed before, fails now").
    pub warnings: Vec<String>,
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
            back_to: Screen::Start,
            warnings: Vec::new(),
        }
    }
}

/// `--demo` state: the emulator's scenarios and the one playing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// (name, description) of each scenario, in `Scenario::all()` order.
    pub scenarios: Vec<(String, String)>,
    /// Index of the scenario playing.
    pub current: usize,
}

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Demo mode.
    pub demo: Option<Demo>,
    /// Send every call to this origin (the demo emulator).
    pub base_url: Option<String>,
    /// Values to pre-fill: account and the four credentials.
    pub prefill: Option<(String, Credentials)>,
    /// The last used profile's name (shown on the start screen when profiles exist).
    pub last_profile: Option<String>,
    /// The saved profiles (for the start screen and the picker).
    pub profiles: Vec<ProfileSummary>,
    /// "Now" in Unix seconds, for the age of a profile's last test (injected: the view is pure).
    pub now_unix: i64,
    /// `--profile NAME`: load it and run the test at once ([`App::init`]).
    pub open_profile: Option<String>,
    /// A message to show once on the first screen (e.g. why profiles are unavailable).
    pub notice: Option<String>,
}

/// A row of a setup checklist: an interface choice (step 1) or an item of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "I will use this interface".
    Api(Api),
    /// Item index in the step's `items`.
    Item(usize),
}

/// Fields of the credentials form, in order.
pub const FORM_FIELDS: [FieldId; 5] = [
    FieldId::Account,
    FieldId::ConsumerKey,
    FieldId::ConsumerSecret,
    FieldId::TokenId,
    FieldId::TokenSecret,
];

/// Number of fixed start screen choices (their text is in the guide asset).
pub const START_CHOICES: usize = 3;

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    /// Current screen.
    pub screen: Screen,
    /// Open overlay.
    pub overlay: Option<Overlay>,
    /// Scroll offset of the help overlay.
    pub help_scroll: u16,
    /// Selected start choice.
    pub start_selected: usize,
    /// The five values (indexed by [`FieldId::index`]); shared by every screen so nothing is lost.
    pub fields: Vec<TextField>,
    /// Focus on a setup step or the form.
    pub focus: Focus,
    /// Ticked checklist items, per step, by item index.
    pub ticked: Vec<Vec<bool>>,
    /// Cursor in the current step's checklist rows.
    pub row: usize,
    /// Interfaces to set up and test.
    pub apis: Vec<Api>,
    /// Test screen state.
    pub test: TestState,
    /// Translator input.
    pub query: TextField,
    /// Translator answer for the current input.
    pub answer: Option<Answer>,
    /// Scroll offset of the translator's answer.
    pub answer_scroll: u16,
    /// A screen-level message (validation that blocked Next, what a paste did).
    pub notice: Option<Note>,
    /// Demo mode.
    pub demo: Option<Demo>,
    /// Origin override for the test.
    pub base_url: Option<String>,
    /// Last used profile (profile store seam).
    pub last_profile: Option<String>,
    /// Saved profiles (start screen, picker).
    pub profiles: Vec<ProfileSummary>,
    /// "Now" (Unix seconds) for ages; refreshed with the profile list.
    pub now_unix: i64,
    /// The profile the current credentials were loaded from or saved as (test results are
    /// recorded in it); cleared when a credential is edited.
    pub profile: Option<String>,
    /// Selected row of the profile picker.
    pub picker: usize,
    /// The save prompt's name field.
    pub name_input: TextField,
    open_profile: Option<String>,
    /// Where Esc leaves the translator for.
    pub translator_back: Screen,
    /// Credentials were typed and not saved or prefilled: quitting asks first.
    pub unsaved: bool,
    /// A first Enter warned about an empty secret; a second one goes on.
    skip_armed: bool,
    next_run: RunId,
    /// The automatic token flow, while its overlay is open.
    pub flow: Option<FlowState>,
    next_flow: FlowId,
    /// The catalogue lookup (injectable for tests).
    pub explainer: fn(&str) -> Option<Answer>,
}

impl Default for App {
    fn default() -> Self {
        App::new(AppOptions::default())
    }
}

impl App {
    /// A new app on the start screen.
    pub fn new(options: AppOptions) -> Self {
        let mut fields: Vec<TextField> =
            FieldId::ALL.iter().map(|&id| TextField::new(id)).collect();
        if let Some((account, creds)) = &options.prefill {
            fields[FieldId::Account.index()].set(account.clone());
            for (id, s) in FieldId::ALL[1..].iter().zip(creds.fields()) {
                fields[id.index()].set(s.expose());
            }
        }
        let ticked = guide()
            .steps
            .iter()
            .map(|s| vec![false; s.items.len()])
            .collect();
        App {
            screen: Screen::Start,
            overlay: None,
            help_scroll: 0,
            start_selected: 0,
            fields,
            focus: Focus::List,
            ticked,
            row: 0,
            apis: vec![Api::Rest],
            test: TestState::default(),
            query: TextField::new(FieldId::Account),
            answer: None,
            answer_scroll: 0,
            notice: options.notice.map(|n| Note::new(NoteKind::Warn, n)),
            demo: options.demo,
            base_url: options.base_url,
            last_profile: options.last_profile,
            profiles: options.profiles,
            now_unix: options.now_unix,
            profile: None,
            picker: 0,
            name_input: TextField::new(FieldId::Account),
            open_profile: options.open_profile,
            translator_back: Screen::Start,
            unsaved: false,
            skip_armed: false,
            next_run: 1,
            flow: None,
            next_flow: 1,
            explainer: translate::explain,
        }
    }

    /// The value of a field.
    pub fn value(&self, id: FieldId) -> &str {
        self.fields[id.index()].value()
    }

    /// A field.
    pub fn field(&self, id: FieldId) -> &TextField {
        &self.fields[id.index()]
    }

    /// Fields shown on the current screen.
    pub fn screen_fields(&self) -> Vec<FieldId> {
        match self.screen {
            Screen::Setup(s) => guide().steps[s].fields.clone(),
            Screen::Form => FORM_FIELDS.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Checklist rows of setup step `step` for the selected interfaces.
    pub fn rows(&self, step: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        if step == 0 {
            rows.extend([Api::Rest, Api::Soap, Api::Restlet].map(Row::Api));
        }
        for (i, item) in guide().steps[step].items.iter().enumerate() {
            if item.applies(&self.apis) {
                rows.push(Row::Item(i));
            }
        }
        rows
    }

    /// Rows of the list on the current screen: a setup checklist, or the interface choice of the
    /// credentials form.
    pub fn screen_rows(&self) -> Vec<Row> {
        match self.screen {
            Screen::Setup(s) => self.rows(s),
            Screen::Form => [Api::Rest, Api::Soap, Api::Restlet].map(Row::Api).to_vec(),
            _ => Vec::new(),
        }
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<FieldId> {
        if self.overlay.is_some() {
            return None;
        }
        match (self.screen, self.focus) {
            (Screen::Translator, _) => Some(FieldId::Account),
            (Screen::Setup(_) | Screen::Form, Focus::Field(i)) => {
                self.screen_fields().get(i).copied()
            }
            _ => None,
        }
    }

    /// True while a test runs.
    pub fn is_running(&self) -> bool {
        self.screen == Screen::Test && self.test.phase == Phase::Running
    }

    /// The key contexts active now (drives key lookup, the footer and help).
    pub fn contexts(&self) -> Vec<Context> {
        let mut v = vec![Context::Always];
        match self.overlay {
            Some(Overlay::Help) => {
                v.push(Context::Help);
                return v;
            }
            Some(Overlay::ConfirmQuit) => {
                v.push(Context::Confirm);
                return v;
            }
            Some(Overlay::Picker) => {
                v.push(Context::Picker);
                return v;
            }
            Some(Overlay::SaveName) => {
                v.push(Context::Prompt);
                return v;
            }
            Some(Overlay::Flow) => {
                v.push(Context::Flow);
                let waiting = self
                    .flow
                    .as_ref()
                    .is_some_and(|f| matches!(f.phase, FlowPhase::Waiting(_)));
                if waiting {
                    v.push(Context::FlowWaiting);
                }
                if waiting && self.demo.is_some() {
                    v.push(Context::FlowDemo);
                }
                return v;
            }
            None => {}
        }
        match self.editing() {
            Some(id) => {
                v.push(Context::Editing);
                if id.is_secret() && self.screen != Screen::Translator {
                    v.push(Context::Secret);
                }
            }
            None => v.push(Context::Browsing),
        }
        match self.screen {
            Screen::Start => {
                v.push(Context::Start);
                if self.last_profile.is_some() {
                    v.push(Context::LastProfile);
                }
                if !self.profiles.is_empty() {
                    v.push(Context::Profiles);
                }
            }
            Screen::Setup(s) => {
                v.push(Context::Setup);
                if !guide().steps[s].fields.is_empty() {
                    v.push(Context::Fields);
                }
                if self.focus == Focus::List {
                    v.push(Context::Checklist);
                }
                if s == TOKEN_STEP {
                    v.push(Context::TokenStep);
                }
            }
            Screen::Form => {
                v.push(Context::Form);
                if self.focus == Focus::List {
                    v.push(Context::Checklist);
                }
            }
            Screen::Test => {
                v.push(match self.test.phase {
                    Phase::Running => Context::Running,
                    Phase::Results => Context::Results,
                    Phase::Detail => Context::Detail,
                });
                let has = self
                    .test
                    .report
                    .as_ref()
                    .is_some_and(|r| !r.diagnoses.is_empty());
                if self.test.phase == Phase::Results && has && !self.test.cancelled {
                    v.push(Context::Diagnoses);
                }
                if self.test.phase != Phase::Running && self.test.report.is_some() {
                    v.push(Context::Finished);
                }
            }
            Screen::Translator => v.push(Context::Translator),
        }
        if self.demo.is_some() {
            v.push(Context::Demo);
        }
        v
    }

    /// The settings the test would run with now.
    pub fn settings(&self) -> Settings {
        let creds = Credentials::new(
            self.value(FieldId::ConsumerKey),
            self.value(FieldId::ConsumerSecret),
            self.value(FieldId::TokenId),
            self.value(FieldId::TokenSecret),
        );
        let mut s = Settings::new(self.value(FieldId::Account), creds);
        s.apis = self.apis.clone();
        s.base_url = self.base_url.clone();
        s
    }

    /// The single transition function.
    pub fn update(&mut self, msg: Message) -> Option<Command> {
        match msg {
            Message::Key(key) => self.on_key(key),
            Message::Paste(p) => {
                self.on_paste(&p.0);
                None
            }
            Message::Resize => None,
            Message::Tick(elapsed) => {
                if self.is_running() {
                    self.test.elapsed = elapsed;
                    self.test.spinner = self.test.spinner.wrapping_add(1);
                }
                None
            }
            Message::Check(run, ev) => {
                if self.test.run == Some(run) {
                    self.on_check(ev);
                }
                None
            }
            Message::ChecksDone(run, report) => {
                if self.test.run != Some(run) {
                    return None;
                }
                self.test.run = None;
                self.test.phase = Phase::Results;
                self.test.selected = 0;
                // A run of a saved profile is remembered in it (not in demo mode, whose emulator
                // would otherwise overwrite real results).
                let record = match (&self.profile, &self.demo) {
                    (Some(name), None) => {
                        Some(Command::RecordTest(name.clone(), Box::new(report.clone())))
                    }
                    _ => None,
                };
                self.test.report = Some(report);
                record
            }
            Message::ScenarioSwitched(i) => {
                if let Some(d) = &mut self.demo {
                    d.current = i;
                    if let Some((name, desc)) = d.scenarios.get(i) {
                        self.notice = Some(Note::new(
                            NoteKind::Info,
                            format!("Demo scenario: {name}: {desc}"),
                        ));
                    }
                }
                if self.screen == Screen::Test && !self.is_running() {
                    return self.start_test(self.test.back_to);
                }
                None
            }
            Message::ProfileLoaded(name, result, run) => self.on_loaded(name, result, run),
            Message::ProfileSaved(result) => match result {
                Ok((name, warning)) => {
                    self.unsaved = false;
                    self.profile = Some(name.clone());
                    self.last_profile = Some(name.clone());
                    self.notice = Some(match warning {
                        Some(w) => {
                            Note::new(NoteKind::Warn, format!("Saved profile {name}. Note: {w}"))
                        }
                        None => Note::new(NoteKind::Info, format!("Saved profile {name}.")),
                    });
                    self.refresh_profiles()
                }
                Err(e) => {
                    self.notice = Some(Note::new(
                        NoteKind::Error,
                        format!("Could not save the profile: {e}"),
                    ));
                    None
                }
            },
            Message::ProfilesListed(result, now) => {
                self.now_unix = now;
                match result {
                    Ok(list) => {
                        self.profiles = list;
                        self.picker = self.picker.min(self.profiles.len().saturating_sub(1));
                    }
                    Err(e) => {
                        self.notice = Some(Note::new(
                            NoteKind::Warn,
                            format!("Could not list the saved profiles: {e}"),
                        ));
                    }
                }
                None
            }
            Message::TestRecorded(name, result) => {
                if self.profile.as_deref() != Some(name.as_str()) {
                    return None;
                }
                match result {
                    Ok(warnings) => {
                        self.test.warnings = warnings;
                        self.notice = Some(Note::new(
                            NoteKind::Info,
                            format!("Result recorded in profile {name}."),
                        ));
                        self.last_profile = Some(name);
                        self.refresh_profiles()
                    }
                    Err(e) => {
                        self.notice = Some(Note::new(
                            NoteKind::Warn,
                            format!("Could not record the result in profile {name}: {e}"),
                        ));
                        None
                    }
                }
            }
            Message::FlowStarted(id, result) => {
                let f = self.flow.as_mut().filter(|f| f.id == id)?;
                f.phase = match result {
                    Ok(started) => FlowPhase::Waiting(started),
                    Err(p) => {
                        let lines = flow::fix_lines(&p);
                        FlowPhase::Failed(p, lines)
                    }
                };
                None
            }
            Message::FlowDone(id, result) => {
                let f = self.flow.as_mut().filter(|f| f.id == id)?;
                match result {
                    Ok(token) => self.flow_succeeded(token),
                    Err(p) => {
                        let lines = flow::fix_lines(&p);
                        f.phase = FlowPhase::Failed(p, lines);
                    }
                }
                None
            }
            Message::ReportExported(result) => {
                self.notice = Some(match result {
                    Ok(path) => Note::new(
                        NoteKind::Info,
                        format!(
                            "Report written to {path} (secrets reduced to their last 4 characters)."
                        ),
                    ),
                    Err(e) => Note::new(NoteKind::Error, e),
                });
                None
            }
        }
    }

    /// The first command for the runtime: `--profile NAME` loads that profile and runs the test.
    pub fn init(&mut self) -> Option<Command> {
        self.open_profile
            .take()
            .map(|name| Command::LoadProfile(name, true))
    }

    /// Re-reads the profile list after the store changed. Not in demo mode: there the store is
    /// only touched when the user saves (and the demo's emulator must not judge real profiles).
    fn refresh_profiles(&self) -> Option<Command> {
        if self.demo.is_some() {
            None
        } else {
            Some(Command::ListProfiles)
        }
    }

    fn on_loaded(
        &mut self,
        name: String,
        result: Result<Box<LoadedProfile>, String>,
        run: bool,
    ) -> Option<Command> {
        let loaded = match result {
            Ok(l) => *l,
            Err(e) => {
                self.notice = Some(Note::new(NoteKind::Error, format!("Profile {name}: {e}")));
                return None;
            }
        };
        self.fields[FieldId::Account.index()].set(loaded.account);
        for (id, s) in FieldId::ALL[1..].iter().zip(loaded.credentials.fields()) {
            self.fields[id.index()].set(s.expose());
        }
        if !loaded.apis.is_empty() {
            self.apis = loaded.apis;
        }
        self.unsaved = false;
        self.profile = Some(name.clone());
        self.last_profile = Some(name.clone());
        if run {
            let cmd = self.start_test(Screen::Start);
            self.notice = Some(Note::new(
                NoteKind::Info,
                format!("Testing profile {name}."),
            ));
            return cmd;
        }
        self.go(Screen::Form);
        self.notice = Some(Note::new(
            NoteKind::Info,
            format!("Loaded profile {name}; Enter on the last field runs the test."),
        ));
        None
    }

    /// Opens the save prompt (credentials must be complete: the store refuses empty ones).
    fn open_save(&mut self) -> Option<Command> {
        if let Some((idx, note)) = self.validate_all(&FORM_FIELDS) {
            if self.screen == Screen::Form {
                self.focus = Focus::Field(idx);
            }
            self.notice = Some(Note::new(
                NoteKind::Error,
                format!("Cannot save yet: {}", note.text),
            ));
            return None;
        }
        let suggestion = self.profile.clone().unwrap_or_else(|| {
            AccountId::parse(self.value(FieldId::Account))
                .map(|a| a.slug())
                .unwrap_or_default()
        });
        self.name_input = TextField::new(FieldId::Account);
        self.name_input.set(suggestion);
        self.overlay = Some(Overlay::SaveName);
        None
    }

    /// Enter in the save prompt: save under a valid name, else say which rule it breaks.
    fn confirm_save(&mut self) -> Option<Command> {
        let name = self.name_input.value().trim().to_string();
        if let Err(e) = crate::profile::validate_name(&name) {
            self.name_input.note = Some(Note::new(NoteKind::Error, e.to_string()));
            return None;
        }
        self.overlay = None;
        Some(Command::SaveProfile(name, Box::new(self.settings())))
    }

    /// The support report of the finished test.
    fn export(&self) -> Option<Command> {
        let report = self.test.report.clone()?;
        let settings = self.settings();
        let crate::check::auth::Credentials::Tba(credentials) = settings.credentials;
        Some(Command::ExportReport(Box::new(ExportJob {
            report,
            credentials,
            profile: self.profile.clone(),
            apis: settings.apis,
            base_url: settings.base_url,
            warnings: self.test.warnings.clone(),
        })))
    }

    /// F3 on the access token step: needs the account and the consumer key/secret.
    fn start_flow(&mut self) -> Option<Command> {
        let needed = [
            FieldId::Account,
            FieldId::ConsumerKey,
            FieldId::ConsumerSecret,
        ];
        if let Some((idx, note)) = self.validate_all(&needed) {
            let where_ = if needed[idx] == FieldId::Account {
                "it is typed on step 6; go there with Enter, then come back with Esc"
            } else {
                "it is pasted on step 2"
            };
            self.notice = Some(Note::new(
                NoteKind::Error,
                format!(
                    "The automatic token needs the account and the consumer key and secret: {} ({where_}).",
                    note.text
                ),
            ));
            return None;
        }
        let id = self.next_flow;
        self.next_flow += 1;
        self.flow = Some(FlowState {
            id,
            phase: FlowPhase::Starting,
            paste: TextField::new(FieldId::Account),
        });
        self.overlay = Some(Overlay::Flow);
        let settings = self.settings();
        // The wizard's form holds TBA values (the three-step flow is TBA's).
        let crate::check::auth::Credentials::Tba(credentials) = settings.credentials;
        Some(Command::StartFlow(
            id,
            Box::new(FlowRequest {
                account: settings.account,
                consumer_key: credentials.consumer_key,
                consumer_secret: credentials.consumer_secret,
                base_url: settings.base_url,
                demo: self.demo.is_some(),
            }),
        ))
    }

    /// Esc in the flow overlay: stop the flow (if it still runs) and close.
    fn cancel_flow(&mut self) -> Option<Command> {
        self.overlay = None;
        let f = self.flow.take()?;
        match f.phase {
            FlowPhase::Failed(..) => None,
            _ => {
                self.notice = Some(Note::new(NoteKind::Info, "Automatic token cancelled."));
                Some(Command::CancelFlow)
            }
        }
    }

    /// Enter in the flow overlay: hand the pasted address to the waiting flow.
    fn submit_flow_paste(&mut self) -> Option<Command> {
        let f = self.flow.as_mut()?;
        if !matches!(f.phase, FlowPhase::Waiting(_)) {
            return None;
        }
        let text = f.paste.value().trim().to_string();
        if text.is_empty() {
            f.paste.note = Some(Note::new(
                NoteKind::Error,
                "Paste the address the browser was redirected to first.",
            ));
            return None;
        }
        f.paste.set(String::new());
        Some(Command::PasteFlow(text))
    }

    fn flow_succeeded(&mut self, token: FlowToken) {
        self.fields[FieldId::TokenId.index()].set(token.token_id.expose());
        self.fields[FieldId::TokenSecret.index()].set(token.token_secret.expose());
        for id in [FieldId::TokenId, FieldId::TokenSecret] {
            self.fields[id.index()].revealed = false;
        }
        self.credentials_edited();
        self.flow = None;
        self.overlay = None;
        self.notice = Some(Note::new(NoteKind::Info, guide().text.flow_done.clone()));
    }

    fn on_check(&mut self, ev: CheckEvent) {
        match ev {
            CheckEvent::Started(id) => {
                if !self.test.rows.iter().any(|r| r.id == id) {
                    self.test.rows.push(CheckRow { id, result: None });
                }
            }
            CheckEvent::Finished(result) => {
                match self.test.rows.iter_mut().find(|r| r.id == result.id) {
                    Some(row) => row.result = Some(result),
                    None => self.test.rows.push(CheckRow {
                        id: result.id,
                        result: Some(result),
                    }),
                }
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Option<Command> {
        let action = keymap::lookup(&self.contexts(), &key);
        if action != Some(Action::Next) {
            self.skip_armed = false;
        }
        let Some(action) = action else {
            self.edit(key);
            return None;
        };
        if !matches!(action, Action::Help | Action::Close | Action::Reveal) {
            self.notice = None;
        }
        match action {
            Action::ForceQuit | Action::Yes => Some(Command::Quit),
            Action::TestAgain => {
                let name = self.last_profile.clone()?;
                Some(Command::LoadProfile(name, true))
            }
            Action::Pick => {
                self.overlay = Some(Overlay::Picker);
                self.picker = 0;
                None
            }
            Action::Save => self.open_save(),
            Action::Export => self.export(),
            Action::StartFlow => self.start_flow(),
            Action::SimulateAllow => match &self.flow.as_ref()?.phase {
                FlowPhase::Waiting(st) => Some(Command::SimulateAllow(st.authorize_url.clone())),
                _ => None,
            },
            Action::No | Action::Close => {
                self.overlay = None;
                None
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                self.help_scroll = 0;
                None
            }
            Action::Quit => {
                if self.unsaved {
                    self.overlay = Some(Overlay::ConfirmQuit);
                    None
                } else {
                    Some(Command::Quit)
                }
            }
            Action::SwitchScenario => {
                let d = self.demo.as_mut()?;
                if d.scenarios.is_empty() {
                    return None;
                }
                let next = (d.current + 1) % d.scenarios.len();
                Some(Command::SwitchScenario(next))
            }
            Action::Reveal => {
                let id = self.editing()?;
                let f = &mut self.fields[id.index()];
                f.revealed = !f.revealed;
                None
            }
            Action::Cancel => {
                if self.overlay == Some(Overlay::Flow) {
                    self.cancel_flow()
                } else if self.is_running() {
                    self.test.run = None;
                    self.test.cancelled = true;
                    self.test.phase = Phase::Results;
                    Some(Command::CancelChecks)
                } else {
                    None
                }
            }
            Action::Rerun => self.start_test(self.test.back_to),
            Action::Translate => {
                self.translator_back = self.screen;
                self.go(Screen::Translator);
                None
            }
            Action::Up | Action::Down => {
                self.move_selection(action == Action::Down);
                None
            }
            Action::Toggle => {
                self.toggle_row();
                None
            }
            Action::FocusNext | Action::FocusPrev => {
                self.cycle_focus(action == Action::FocusNext);
                None
            }
            Action::Next => self.next(),
            Action::Back => {
                self.back();
                None
            }
        }
    }

    fn edit(&mut self, key: KeyEvent) {
        if self.overlay == Some(Overlay::SaveName) {
            if self.name_input.handle_key(key) {
                self.name_input.note = None;
            }
            return;
        }
        if self.overlay == Some(Overlay::Flow) {
            if let Some(f) = self.flow.as_mut()
                && f.paste.handle_key(key)
            {
                f.paste.note = None;
            }
            return;
        }
        let Some(id) = self.editing() else { return };
        if self.screen == Screen::Translator {
            if self.query.handle_key(key) {
                self.query.note = None;
                self.lookup();
            }
            return;
        }
        let before = self.fields[id.index()].value().to_string();
        if self.fields[id.index()].handle_key(key) && self.fields[id.index()].value() != before {
            self.credentials_edited();
        }
    }

    fn lookup(&mut self) {
        let q = self.query.value().trim();
        self.answer_scroll = 0;
        self.answer = if q.is_empty() {
            None
        } else {
            (self.explainer)(q)
        };
    }

    /// Typed credentials are unsaved, and no longer those of the loaded profile.
    fn credentials_edited(&mut self) {
        self.unsaved = true;
        self.profile = None;
    }

    fn on_paste(&mut self, raw: &str) {
        if self.overlay == Some(Overlay::SaveName) {
            let (clean, _) = super::field::clean_paste(raw);
            self.name_input.paste(&clean);
            self.name_input.note = None;
            return;
        }
        if self.overlay == Some(Overlay::Flow) {
            if let Some(f) = self.flow.as_mut() {
                f.paste.paste(raw);
                // Keep only a refusal (too long); the account-id judgement does not apply here.
                if f.paste
                    .note
                    .as_ref()
                    .is_some_and(|n| n.kind != NoteKind::Error)
                {
                    f.paste.note = None;
                }
            }
            return;
        }
        if self.overlay.is_some() {
            return;
        }
        if self.screen == Screen::Translator {
            let (clean, _) = super::field::clean_paste(raw);
            self.query.paste(&clean);
            self.query.note = None;
            self.lookup();
            return;
        }
        let fields = self.screen_fields();
        if fields.is_empty() {
            return;
        }
        if let Some(parts) = split_bundle(raw) {
            let names: Vec<&str> = parts.iter().map(|(id, _)| id.label()).collect();
            for (id, value) in parts {
                self.fields[id.index()].set(value);
            }
            self.credentials_edited();
            self.notice = Some(Note::new(
                NoteKind::Info,
                format!(
                    "Split the pasted comma-separated values into: {}",
                    names.join(", ")
                ),
            ));
            return;
        }
        // Pasting while the checklist has focus goes to the first empty field of this screen.
        let idx = match self.focus {
            Focus::Field(i) => i,
            Focus::List => fields
                .iter()
                .position(|id| self.value(*id).is_empty())
                .unwrap_or(0),
        };
        self.focus = Focus::Field(idx);
        self.fields[fields[idx].index()].paste(raw);
        self.credentials_edited();
    }

    fn move_selection(&mut self, down: bool) {
        let step = |v: usize, len: usize| -> usize {
            if len == 0 {
                0
            } else if down {
                (v + 1).min(len - 1)
            } else {
                v.saturating_sub(1)
            }
        };
        if self.overlay == Some(Overlay::Picker) {
            self.picker = step(self.picker, self.profiles.len());
            return;
        }
        if self.overlay == Some(Overlay::Help) {
            self.help_scroll = if down {
                self.help_scroll.saturating_add(1).min(100)
            } else {
                self.help_scroll.saturating_sub(1)
            };
            return;
        }
        match self.screen {
            Screen::Start => {
                let n = START_CHOICES + usize::from(self.last_profile.is_some());
                self.start_selected = step(self.start_selected, n);
            }
            Screen::Setup(_) | Screen::Form => self.row = step(self.row, self.screen_rows().len()),
            Screen::Test => match self.test.phase {
                Phase::Results => {
                    let n = self.test.report.as_ref().map_or(0, |r| r.diagnoses.len());
                    self.test.selected = step(self.test.selected, n);
                }
                Phase::Detail => {
                    self.test.scroll = if down {
                        self.test.scroll.saturating_add(1).min(200)
                    } else {
                        self.test.scroll.saturating_sub(1)
                    };
                }
                Phase::Running => {}
            },
            Screen::Translator => {
                self.answer_scroll = if down {
                    self.answer_scroll.saturating_add(1).min(200)
                } else {
                    self.answer_scroll.saturating_sub(1)
                };
            }
        }
    }

    fn toggle_row(&mut self) {
        match self.screen_rows().get(self.row) {
            Some(Row::Api(api)) => {
                if let Some(pos) = self.apis.iter().position(|a| a == api) {
                    // At least one interface stays selected: the test needs something to probe.
                    if self.apis.len() > 1 {
                        self.apis.remove(pos);
                    } else {
                        self.notice = Some(Note::new(
                            NoteKind::Warn,
                            "Keep at least one interface selected",
                        ));
                    }
                } else {
                    self.apis.push(*api);
                    self.apis.sort();
                }
            }
            Some(Row::Item(i)) => {
                if let Screen::Setup(s) = self.screen {
                    let t = &mut self.ticked[s][*i];
                    *t = !*t;
                }
            }
            None => {}
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let n_fields = self.screen_fields().len();
        let has_list = !self.screen_rows().is_empty();
        // Focus stops, cyclic: the list (if any), then each field.
        let stops = n_fields + usize::from(has_list);
        if stops == 0 {
            return;
        }
        let cur = match self.focus {
            Focus::List => 0,
            Focus::Field(i) => i + usize::from(has_list),
        };
        let next = if forward {
            (cur + 1) % stops
        } else {
            (cur + stops - 1) % stops
        };
        self.focus = if has_list && next == 0 {
            Focus::List
        } else {
            Focus::Field(next - usize::from(has_list))
        };
    }

    fn go(&mut self, screen: Screen) {
        self.screen = screen;
        self.row = 0;
        self.focus = match screen {
            Screen::Setup(s) if self.rows(s).is_empty() => Focus::Field(0),
            Screen::Form => Focus::Field(0),
            _ => Focus::List,
        };
    }

    fn next(&mut self) -> Option<Command> {
        match self.overlay {
            Some(Overlay::SaveName) => return self.confirm_save(),
            Some(Overlay::Flow) => return self.submit_flow_paste(),
            Some(Overlay::Picker) => {
                let name = self.profiles.get(self.picker)?.name.clone();
                self.overlay = None;
                return Some(Command::LoadProfile(name, true));
            }
            _ => {}
        }
        match self.screen {
            Screen::Start => {
                match self.start_selected {
                    0 => self.go(Screen::Setup(0)),
                    1 => self.go(Screen::Form),
                    3 => {
                        let name = self.last_profile.clone()?;
                        return Some(Command::LoadProfile(name, true));
                    }
                    _ => {
                        self.translator_back = Screen::Start;
                        self.go(Screen::Translator);
                    }
                }
                None
            }
            Screen::Setup(s) => {
                let fields = self.screen_fields();
                match self.focus {
                    Focus::List if !fields.is_empty() => {
                        self.focus = Focus::Field(0);
                        None
                    }
                    Focus::Field(i) if i + 1 < fields.len() => {
                        self.focus = Focus::Field(i + 1);
                        None
                    }
                    _ => self.advance(s),
                }
            }
            Screen::Form => match self.focus {
                Focus::Field(i) if i + 1 < FORM_FIELDS.len() => {
                    self.focus = Focus::Field(i + 1);
                    None
                }
                _ => {
                    if let Some((idx, note)) = self.validate_all(&FORM_FIELDS) {
                        self.focus = Focus::Field(idx);
                        self.notice = Some(self.blocked_notice(FORM_FIELDS[idx], note));
                        return None;
                    }
                    self.start_test(Screen::Form)
                }
            },
            Screen::Test => {
                let n = self.test.report.as_ref().map_or(0, |r| r.diagnoses.len());
                if self.test.phase == Phase::Results && n > 0 {
                    self.test.phase = Phase::Detail;
                    self.test.scroll = 0;
                }
                None
            }
            Screen::Translator => None,
        }
    }

    /// Leaves setup step `s` forward, after checking its fields.
    fn advance(&mut self, s: usize) -> Option<Command> {
        let fields = self.screen_fields();
        let last = s + 1 == guide().steps.len();
        if !last {
            let empty: Vec<&str> = fields
                .iter()
                .filter(|id| id.is_secret() && self.value(**id).is_empty())
                .map(|id| id.label())
                .collect();
            if !empty.is_empty() && !self.skip_armed {
                self.skip_armed = true;
                self.notice = Some(Note::new(
                    NoteKind::Warn,
                    format!(
                        "{} empty: NetSuite shows it once. Paste it now, or press Enter again to go on without it.",
                        empty.join(" and ")
                    ),
                ));
                return None;
            }
            self.skip_armed = false;
            self.go(Screen::Setup(s + 1));
            return None;
        }
        if let Some((idx, note)) = self.validate_all(&FORM_FIELDS) {
            if let Some(i) = fields.iter().position(|f| *f == FORM_FIELDS[idx]) {
                self.focus = Focus::Field(i);
            }
            self.notice = Some(self.blocked_notice(FORM_FIELDS[idx], note));
            return None;
        }
        self.start_test(Screen::Setup(s))
    }

    /// The screen message for a blocked test: short when the field's own note already explains.
    fn blocked_notice(&self, id: FieldId, note: Note) -> Note {
        if self
            .field(id)
            .note
            .as_ref()
            .is_some_and(|n| n.kind == NoteKind::Error)
        {
            Note::new(
                NoteKind::Error,
                format!(
                    "Cannot test yet: fix the {} (see under the field).",
                    id.label().to_lowercase()
                ),
            )
        } else {
            note
        }
    }

    /// The first field that blocks a test, with the message to show.
    fn validate_all(&self, ids: &[FieldId]) -> Option<(usize, Note)> {
        for (i, id) in ids.iter().enumerate() {
            let v = self.value(*id);
            if v.trim().is_empty() {
                let hint = match id {
                    FieldId::ConsumerKey | FieldId::ConsumerSecret => {
                        " (step 2, integration record)"
                    }
                    FieldId::TokenId | FieldId::TokenSecret => " (step 5, access token)",
                    FieldId::Account => "",
                };
                return Some((
                    i,
                    Note::new(NoteKind::Error, format!("{} is empty{hint}", id.label())),
                ));
            }
            if *id == FieldId::Account
                && let Err(e) = AccountId::parse(v)
            {
                return Some((i, Note::new(NoteKind::Error, e.reason)));
            }
        }
        None
    }

    fn start_test(&mut self, back_to: Screen) -> Option<Command> {
        if let Some(old) = self.test.run.take() {
            let _ = old;
        }
        let run = self.next_run;
        self.next_run += 1;
        self.test = TestState {
            run: Some(run),
            phase: Phase::Running,
            back_to,
            ..TestState::default()
        };
        self.screen = Screen::Test;
        Some(Command::StartChecks(run, Box::new(self.settings())))
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Translator => self.go(self.translator_back),
            Screen::Setup(0) | Screen::Form => self.go(Screen::Start),
            Screen::Setup(s) => self.go(Screen::Setup(s - 1)),
            Screen::Test => match self.test.phase {
                Phase::Detail => self.test.phase = Phase::Results,
                _ => {
                    let to = self.test.back_to;
                    self.go(to);
                    if let Screen::Setup(s) = to
                        && !self.screen_fields().is_empty()
                        && self.rows(s).is_empty()
                    {
                        self.focus = Focus::Field(0);
                    }
                }
            },
            Screen::Start => {}
        }
    }

    /// Derived facts about the typed account id, for the live preview.
    pub fn account_preview(&self) -> Option<Result<AccountId, String>> {
        let v = self.value(FieldId::Account);
        if v.trim().is_empty() {
            None
        } else {
            Some(AccountId::parse(v).map_err(|e| e.reason))
        }
    }
}
