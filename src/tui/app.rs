//! The thin app: routes each [`Message`] to the component it is for (the top overlay first, else
//! the current screen), applies the navigation they ask for, and returns their [`Command`]s. The
//! screens' and overlays' own state lives in [`components`](super::components).

use crossterm::event::KeyEvent;

pub use super::components::credentials::Focus;
pub use super::components::flow::{FlowPhase, FlowState};
pub use super::components::results::{CheckRow, Phase, TestState};
pub use super::components::setup::{Row, TOKEN_STEP};
pub use super::components::shared::FORM_FIELDS;
pub use super::components::start::START_CHOICES;

use super::components::form::{FORM_APIS, FormScreen};
use super::components::help::Help;
use super::components::quit::QuitConfirm;
use super::components::setup::{self, SetupScreen};
use super::components::start::StartScreen;
use super::components::translator::Translator;
use super::components::{Component, Cx, Handled, Layer, Nav, Shared};
use super::field::{FieldId, Note, NoteKind, TextField};
use super::keymap::{self, Action, Context};
use super::message::{Command, Message};
use super::profiles::ProfileSummary;
use crate::check::Settings;
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
    /// OAuth 2.0 client credentials (M2M) setup step `usize` (0-based).
    M2m(usize),
    /// OAuth 2.0 authorization code ("log in as a person") setup step `usize` (0-based).
    AuthCode(usize),
    /// The move of a TBA connection to OAuth 2.0, checklist item `usize` (0-based).
    Migrate(usize),
}

/// Which overlay is on top.
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
    /// The demo scenario list.
    Scenarios,
    /// The callback port prompt.
    Port,
    /// The legacy issuetoken login.
    Issue,
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

/// The whole UI: the route, the components and the shared model.
#[derive(Debug)]
pub struct App {
    /// Current screen.
    pub screen: Screen,
    /// Overlays, bottom first; the last one gets the keys.
    pub overlays: Vec<Layer>,
    /// State every screen shares (credentials draft, interfaces, notice, profiles, demo).
    pub shared: Shared,
    /// The start menu.
    pub start: StartScreen,
    /// The guided setup.
    pub setup: SetupScreen,
    /// The credentials form.
    pub form: FormScreen,
    /// The test screen.
    pub test: TestState,
    /// The Login Audit Trail translator.
    pub translator: Translator,
    /// The OAuth 2.0 M2M setup.
    pub m2m: super::components::m2m_setup::M2mWizard,
    /// The OAuth 2.0 authorization-code setup.
    pub authcode: super::components::authcode_setup::AuthCodeWizard,
    /// The move of a TBA connection to OAuth 2.0.
    pub migrate: super::components::migrate_wizard::MigrateWizard,
    /// Where the last frame drew what a click can pick (written by the view only).
    pub hits: std::cell::RefCell<Vec<super::hits::Hit>>,
    open_profile: Option<String>,
}

impl Default for App {
    fn default() -> Self {
        App::new(AppOptions::default())
    }
}

impl App {
    /// A new app on the start screen.
    pub fn new(mut options: AppOptions) -> Self {
        App {
            screen: Screen::Start,
            overlays: Vec::new(),
            shared: Shared::new(&mut options),
            start: StartScreen::default(),
            setup: SetupScreen::default(),
            form: FormScreen::default(),
            test: TestState::default(),
            translator: Translator::default(),
            m2m: Default::default(),
            authcode: Default::default(),
            migrate: Default::default(),
            hits: std::cell::RefCell::new(Vec::new()),
            open_profile: options.open_profile,
        }
    }

    /// The value of a field.
    pub fn value(&self, id: FieldId) -> &str {
        self.shared.value(id)
    }

    /// A field.
    pub fn field(&self, id: FieldId) -> &TextField {
        self.shared.field(id)
    }

    /// The overlay on top, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlays.last().map(Layer::kind)
    }

    /// The automatic token overlay, while open.
    pub fn flow(&self) -> Option<&FlowState> {
        self.overlays.iter().rev().find_map(|l| match l {
            Layer::Flow(f) => Some(f),
            _ => None,
        })
    }

    /// The save prompt's name field, while the prompt is open.
    pub fn name_input(&self) -> Option<&TextField> {
        self.overlays.iter().rev().find_map(|l| match l {
            Layer::Save(p) => Some(&p.name),
            _ => None,
        })
    }

    /// Focus on the current setup step or the form.
    pub fn focus(&self) -> Focus {
        match self.screen {
            Screen::Form => self.form.focus,
            _ => self.setup.focus,
        }
    }

    /// How many steps the path on screen has (the step keys go `1-N`), if it is a stepped path.
    pub fn step_count(&self) -> Option<usize> {
        match self.screen {
            Screen::Setup(_) => Some(super::guide::guide().steps.len()),
            Screen::M2m(_) => Some(super::components::m2m_steps::STEPS.len()),
            Screen::AuthCode(_) => Some(super::components::authcode_steps::STEPS.len()),
            Screen::Migrate(_) => Some(crate::migrate::Item::all().count()),
            _ => None,
        }
    }

    /// Checklist rows of setup step `step` for the selected interfaces.
    pub fn rows(&self, step: usize) -> Vec<Row> {
        setup::rows(step, &self.shared.apis)
    }

    /// Rows of the list on the current screen.
    pub fn screen_rows(&self) -> Vec<Row> {
        match self.screen {
            Screen::Setup(s) => self.rows(s),
            Screen::Form => FORM_APIS.map(Row::Api).to_vec(),
            _ => Vec::new(),
        }
    }

    /// Fields shown on the current screen.
    pub fn screen_fields(&self) -> Vec<FieldId> {
        match self.screen {
            Screen::Setup(_) => self.setup.fields().to_vec(),
            Screen::Form => FORM_FIELDS.to_vec(),
            _ => Vec::new(),
        }
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<FieldId> {
        if !self.overlays.is_empty() {
            return None;
        }
        match self.screen {
            Screen::Translator => Some(FieldId::Account),
            Screen::Setup(_) => self.setup.editing(),
            Screen::Form => self.form.editing(),
            _ => None,
        }
    }

    /// True while a test runs.
    pub fn is_running(&self) -> bool {
        self.screen == Screen::Test && self.test.is_running()
    }

    /// The settings the test would run with now.
    pub fn settings(&self) -> Settings {
        self.shared.settings()
    }

    /// Derived facts about the typed account id, for the live preview.
    pub fn account_preview(&self) -> Option<Result<AccountId, String>> {
        self.shared.account_preview()
    }

    fn screen_component(&self) -> &dyn Component {
        match self.screen {
            Screen::Start => &self.start,
            Screen::Setup(_) => &self.setup,
            Screen::Form => &self.form,
            Screen::Test => &self.test,
            Screen::Translator => &self.translator,
            Screen::M2m(_) => &self.m2m,
            Screen::AuthCode(_) => &self.authcode,
            Screen::Migrate(_) => &self.migrate,
        }
    }

    /// The key contexts of the current screen alone (no overlay): what help describes first.
    pub fn screen_contexts(&self) -> Vec<Context> {
        let mut v = vec![Context::Always];
        self.screen_component().contexts(&self.shared, &mut v);
        if self.shared.demo.is_some() {
            v.push(Context::Demo);
        }
        v
    }

    /// The key contexts of the focused chain: the top overlay's, else the screen's (drives key
    /// lookup, the footer and help).
    pub fn contexts(&self) -> Vec<Context> {
        match self.overlays.last() {
            Some(top) => {
                let mut v = vec![Context::Always];
                top.component_ref().contexts(&self.shared, &mut v);
                v
            }
            None => self.screen_contexts(),
        }
    }

    /// The first command for the runtime: `--profile NAME` loads that profile and runs the test.
    pub fn init(&mut self) -> Option<Command> {
        self.open_profile
            .take()
            .map(|name| Command::LoadProfile(name, true))
    }

    /// The single transition function; the first of the commands (see [`update_all`](Self::update_all)).
    pub fn update(&mut self, msg: Message) -> Option<Command> {
        self.update_all(msg).into_iter().next()
    }

    /// The single transition function: every command the message causes, in order.
    pub fn update_all(&mut self, msg: Message) -> Vec<Command> {
        if let Screen::Setup(s) = self.screen {
            self.setup.step = s;
        }
        let out = self.dispatch(msg);
        self.remask();
        self.sync_progress();
        out
    }

    /// A revealed secret is masked again as soon as its field loses focus (an overlay on top
    /// does not count: help over a field keeps it as it was).
    fn remask(&mut self) {
        let focused = match self.screen {
            Screen::Setup(_) => self.setup.editing(),
            Screen::Form => self.form.editing(),
            _ => None,
        };
        for f in &mut self.shared.fields {
            if Some(f.id) != focused {
                f.revealed = false;
            }
        }
    }

    fn dispatch(&mut self, msg: Message) -> Vec<Command> {
        let mut out = Vec::new();
        match msg {
            Message::Key(key) => self.on_key(key, &mut out),
            Message::Paste(p) => {
                self.route(&mut out, |c, cx| c.handle_paste(&p.0, cx));
            }
            Message::Resize => {}
            Message::Tick(elapsed) => {
                if self.screen == Screen::Test {
                    self.test.on_tick(elapsed);
                }
            }
            Message::Check(run, ev) => self.test.on_check(run, ev),
            Message::ChecksDone(run, report) => {
                out.extend(self.test.on_done(run, report, &self.shared));
            }
            Message::ScenarioSwitched(i) => self.on_scenario(i, &mut out),
            Message::ProfileLoaded(name, result, run) => {
                self.on_loaded(name, result, run, &mut out)
            }
            Message::ProfileSaved(result) => {
                self.hand_over_login(&result);
                self.on_saved(result, &mut out);
            }
            Message::ProfilesListed(result, now) => self.on_listed(result, now),
            Message::TestRecorded(name, result) => self.on_recorded(name, result, &mut out),
            Message::FlowStarted(id, result) => {
                if let Some(f) = self.flow_mut(id) {
                    f.on_started(result);
                }
            }
            Message::FlowDone(id, result) => {
                let Some(f) = self.flow_mut_index(id) else {
                    return out;
                };
                let Layer::Flow(flow) = &mut self.overlays[f] else {
                    return out;
                };
                if flow.on_done(result, &mut self.shared) {
                    self.overlays.remove(f);
                }
            }
            Message::M2m(ev) => self.m2m.on_event(ev, &mut self.shared),
            Message::AuthCode(ev) => self.authcode.on_event(ev, &mut self.shared),
            Message::Migrate(ev) => out.extend(self.on_migrate(ev)),
            Message::Mouse(m) => self.on_mouse(m, &mut out),
            Message::PageOpened(url, result) => self.on_page_opened(url, result),
            Message::WizardLoaded(text) => self.on_wizard_loaded(&text),
            Message::IssueDone(id, result) => self.on_issue_done(id, result),
            Message::DemoReady(base_url) => self.shared.base_url = Some(base_url),
            Message::Batch(id, msg) => self.on_batch(id, msg, &mut out),
            Message::ProfileRenamed(result) => self.on_renamed(result, &mut out),
            Message::ProfileDeleted(result) => self.on_deleted(result, &mut out),
            Message::ReportExported(result) => {
                self.shared.notice = Some(match result {
                    Ok(path) => {
                        let n = Note::new(
                            NoteKind::Info,
                            format!(
                                "Report saved: {path} (secrets cut to their last 4 characters; c copies the path)"
                            ),
                        );
                        self.shared.report_path = Some(path);
                        n
                    }
                    Err(e) => Note::new(NoteKind::Error, e),
                });
            }
        }
        out
    }

    /// Gives an input to the top overlay, else the current screen; then applies what it asked.
    pub(super) fn route(
        &mut self,
        out: &mut Vec<Command>,
        f: impl FnOnce(&mut dyn Component, &mut Cx) -> Handled,
    ) -> Handled {
        let mut cx = Cx::new(&mut self.shared);
        let handled = match self.overlays.last_mut() {
            Some(top) => f(top.component(), &mut cx),
            None => {
                let c: &mut dyn Component = match self.screen {
                    Screen::Start => &mut self.start,
                    Screen::Setup(_) => &mut self.setup,
                    Screen::Form => &mut self.form,
                    Screen::Test => &mut self.test,
                    Screen::Translator => &mut self.translator,
                    Screen::M2m(_) => &mut self.m2m,
                    Screen::AuthCode(_) => &mut self.authcode,
                    Screen::Migrate(_) => &mut self.migrate,
                };
                f(c, &mut cx)
            }
        };
        let Cx { out: cmds, nav, .. } = cx;
        out.extend(cmds);
        for n in nav {
            self.navigate(n, out);
        }
        handled
    }

    pub(super) fn on_key(&mut self, key: KeyEvent, out: &mut Vec<Command>) {
        let action = keymap::lookup(&self.contexts(), &key);
        if action.is_some_and(|a| !matches!(a, Action::Help | Action::Close | Action::Reveal)) {
            self.shared.notice = None;
        }
        // What works on every screen; the components get the rest.
        match action {
            Some(Action::ForceQuit) => return out.push(Command::Quit),
            Some(Action::Help) => {
                return self.navigate(Nav::Push(Layer::Help(Help::default())), out);
            }
            Some(Action::Quit) => return self.navigate(Nav::Quit, out),
            Some(Action::SwitchScenario) => return self.switch_scenario(out, true),
            Some(Action::PrevScenario) => return self.switch_scenario(out, false),
            Some(Action::PickScenario) => {
                let l = super::components::scenarios::ScenarioList::new(&self.shared);
                return self.navigate(Nav::Push(Layer::Scenarios(l)), out);
            }
            _ => {}
        }
        self.route(out, |c, cx| c.handle_key(key, action, cx));
    }

    /// Applies one navigation request of a component.
    fn navigate(&mut self, nav: Nav, out: &mut Vec<Command>) {
        match nav {
            // The guided setup reopens where it was left for this account.
            Nav::Go(Screen::Setup(0)) if self.screen == Screen::Start => {
                let step = self.resume_step().unwrap_or(0);
                self.go(Screen::Setup(step));
                if step > 0 {
                    self.shared.note(
                        NoteKind::Info,
                        format!(
                            "Reopened at step {} where you left this account (Esc goes back, 1-{} jump).",
                            step + 1,
                            super::guide::guide().steps.len()
                        ),
                    );
                }
            }
            Nav::Go(screen) => self.go(screen),
            Nav::Push(Layer::Help(mut h)) => {
                // The focused overlay's keys (the picker's, the scenario list's), else the
                // screen's: what "On this screen" lists.
                h.under = self.contexts();
                h.steps = self.step_count();
                self.overlays.push(Layer::Help(h));
            }
            Nav::Push(layer) => self.overlays.push(layer),
            Nav::Pop => {
                self.overlays.pop();
            }
            Nav::StartTest(back_to) => out.extend(self.start_test(back_to)),
            Nav::ShowResults(report) => self.show_results(*report),
            Nav::Translate => {
                self.translator.back = self.screen;
                self.go(Screen::Translator);
            }
            Nav::Save(then_quit) => self.open_save(then_quit),
            Nav::Quit => {
                if self.shared.unsaved {
                    self.overlays.push(Layer::Quit(QuitConfirm));
                } else {
                    out.push(Command::Quit);
                }
            }
        }
    }

    pub(super) fn go(&mut self, screen: Screen) {
        self.screen = screen;
        match screen {
            Screen::Setup(s) => self.setup.enter(s, &self.shared.apis),
            Screen::Form => self.form.enter(),
            Screen::M2m(s) => self.m2m.enter(s, &self.shared),
            Screen::AuthCode(s) => self.authcode.enter(s, &self.shared),
            Screen::Migrate(s) => self.migrate.enter(s),
            Screen::Start | Screen::Test | Screen::Translator => {}
        }
    }
}
