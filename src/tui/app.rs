//! The model and `update`: every state the wizard can be in, and the pure, synchronous transition
//! from a [`Message`] to the next state plus at most one [`Command`] for the runtime.

use std::time::Duration;

use crossterm::event::KeyEvent;

use super::field::{FieldId, Note, NoteKind, TextField, split_bundle};
use super::guide::guide;
use super::keymap::{self, Action, Context};
use super::message::{Command, Message, RunId};
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
    /// Where Esc leaves the translator for.
    pub translator_back: Screen,
    /// Credentials were typed and not saved or prefilled: quitting asks first.
    pub unsaved: bool,
    /// A first Enter warned about an empty secret; a second one goes on.
    skip_armed: bool,
    next_run: RunId,
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
            notice: None,
            demo: options.demo,
            base_url: options.base_url,
            last_profile: options.last_profile,
            translator_back: Screen::Start,
            unsaved: false,
            skip_armed: false,
            next_run: 1,
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
            Screen::Start => v.push(Context::Start),
            Screen::Setup(s) => {
                v.push(Context::Setup);
                if !guide().steps[s].fields.is_empty() {
                    v.push(Context::Fields);
                }
                if self.focus == Focus::List {
                    v.push(Context::Checklist);
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
                if self.test.run == Some(run) {
                    self.test.run = None;
                    self.test.report = Some(report);
                    self.test.phase = Phase::Results;
                    self.test.selected = 0;
                }
                None
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
            Message::ProfileLoaded(name, result) => {
                match result {
                    Ok(loaded) => {
                        let (account, creds) = *loaded;
                        self.fields[FieldId::Account.index()].set(account);
                        for (id, s) in FieldId::ALL[1..].iter().zip(creds.fields()) {
                            self.fields[id.index()].set(s.expose());
                        }
                        self.unsaved = false;
                        self.go(Screen::Form);
                        self.notice = Some(Note::new(
                            NoteKind::Info,
                            format!(
                                "Loaded profile {name}; Enter on the last field runs the test."
                            ),
                        ));
                    }
                    Err(e) => {
                        self.notice =
                            Some(Note::new(NoteKind::Error, format!("Profile {name}: {e}")));
                    }
                }
                None
            }
            Message::ProfileSaved(result) => {
                self.notice = Some(match result {
                    Ok(name) => {
                        self.unsaved = false;
                        Note::new(NoteKind::Info, format!("Saved profile {name}"))
                    }
                    Err(e) => Note::new(NoteKind::Error, e),
                });
                None
            }
        }
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
                if self.is_running() {
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
            self.unsaved = true;
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

    fn on_paste(&mut self, raw: &str) {
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
            self.unsaved = true;
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
        self.unsaved = true;
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
        match self.screen {
            Screen::Start => {
                match self.start_selected {
                    0 => self.go(Screen::Setup(0)),
                    1 => self.go(Screen::Form),
                    3 => {
                        let name = self.last_profile.clone()?;
                        return Some(Command::LoadProfile(name));
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
