//! The wizard's components: one per screen or overlay, each with its own state, a key/paste
//! handler and the key contexts it contributes (which drive the footer and help). The thin
//! [`App`](super::App) routes messages to them:
//!
//! ```text
//! App ── overlays: Vec<Layer>  (top gets keys first: help, quit, picker, save, flow,
//!  │                             demo scenarios, callback port, legacy issuetoken)
//!  │
//!  ├── screen: start · setup · form · test (results) · translator
//!  └── shared: the credentials draft, interfaces, notice, profiles, demo (every screen reads it)
//! ```
//! Handlers never do I/O: they change their own state and [`Shared`], queue [`Command`]s for the
//! runtime and [`Nav`] requests for the app (change screen, open or close an overlay, run a test).

pub mod authcode_login;
pub mod authcode_problem;
pub mod authcode_setup;
pub mod authcode_steps;
pub mod authcode_switch;
pub mod authcode_task;
pub mod authcode_view;
pub mod credentials;
pub mod flow;
pub mod form;
pub mod help;
pub mod issue;
pub mod m2m_setup;
pub mod m2m_steps;
pub mod m2m_task;
pub mod m2m_view;
pub mod migrate_login;
pub mod migrate_rows;
pub mod migrate_task;
pub mod migrate_view;
pub mod migrate_wizard;
pub mod oauth2_step;
pub mod oauth2_view;
pub mod port;
pub mod profiles;
pub mod quit;
pub mod results;
pub mod scenarios;
pub mod setup;
pub mod shared;
pub mod start;
pub mod translator;

use crossterm::event::KeyEvent;

pub use shared::Shared;

use super::app::Screen;
use super::keymap::{Action, Context};
use super::message::Command;

/// What a handler asks the app to do after it returns.
#[derive(Debug)]
pub enum Nav {
    /// Show this screen (focus reset to its first stop).
    Go(Screen),
    /// Open an overlay on top of the others.
    Push(Layer),
    /// Close the top overlay.
    Pop,
    /// Run the connection test; Esc on the results goes back to the given screen.
    StartTest(Screen),
    /// Open the Login Audit Trail translator (Esc comes back to the current screen).
    Translate,
    /// Show this finished report on the results screen (one row of "test all").
    ShowResults(Box<crate::check::Report>),
    /// Open the save prompt (credentials must be complete); `true`: quit once saved.
    Save(bool),
    /// Leave, asking first when typed credentials would be lost.
    Quit,
}

/// The context a handler works in: the shared model, and what it asks of the runtime and app.
pub struct Cx<'a> {
    /// The state every screen shares.
    pub shared: &'a mut Shared,
    /// Commands for the runtime, in order.
    pub out: Vec<Command>,
    /// Navigation for the app, in order.
    pub nav: Vec<Nav>,
}

impl<'a> Cx<'a> {
    /// A context with nothing queued.
    pub fn new(shared: &'a mut Shared) -> Self {
        Cx {
            shared,
            out: Vec::new(),
            nav: Vec::new(),
        }
    }

    /// Queues a command for the runtime.
    pub fn command(&mut self, c: Command) {
        self.out.push(c);
    }

    /// Queues a navigation request for the app.
    pub fn go(&mut self, n: Nav) {
        self.nav.push(n);
    }
}

/// Did the component use the input?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Used: nobody else sees it.
    Consumed,
    /// Not for this component: the app may use it.
    Pass,
}

/// A screen or overlay.
pub trait Component {
    /// Adds the key contexts this component makes active (its bindings in the one keymap table).
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>);
    /// Handles a key; `action` is what the keymap bound it to in [`contexts`](Self::contexts).
    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled;
    /// Handles a bracketed paste.
    fn handle_paste(&mut self, _text: &str, _cx: &mut Cx) -> Handled {
        Handled::Pass
    }
}

/// An overlay on the stack.
#[derive(Debug)]
pub enum Layer {
    /// The keys of the current screen.
    Help(help::Help),
    /// "Quit and lose typed credentials?"
    Quit(quit::QuitConfirm),
    /// The saved profiles.
    Picker(profiles::Picker),
    /// The profile name prompt.
    Save(profiles::SavePrompt),
    /// The automatic token.
    Flow(flow::FlowState),
    /// The demo scenario list.
    Scenarios(scenarios::ScenarioList),
    /// The callback port prompt.
    Port(port::PortPrompt),
    /// The legacy issuetoken login.
    Issue(Box<issue::IssueForm>),
}

impl Layer {
    /// The overlay as a component.
    pub fn component(&mut self) -> &mut dyn Component {
        match self {
            Layer::Help(c) => c,
            Layer::Quit(c) => c,
            Layer::Picker(c) => c,
            Layer::Save(c) => c,
            Layer::Flow(c) => c,
            Layer::Scenarios(c) => c,
            Layer::Port(c) => c,
            Layer::Issue(c) => c.as_mut(),
        }
    }

    /// The overlay as a read-only component.
    pub fn component_ref(&self) -> &dyn Component {
        match self {
            Layer::Help(c) => c,
            Layer::Quit(c) => c,
            Layer::Picker(c) => c,
            Layer::Save(c) => c,
            Layer::Flow(c) => c,
            Layer::Scenarios(c) => c,
            Layer::Port(c) => c,
            Layer::Issue(c) => c.as_ref(),
        }
    }

    /// Which overlay this is.
    pub fn kind(&self) -> super::app::Overlay {
        use super::app::Overlay;
        match self {
            Layer::Help(_) => Overlay::Help,
            Layer::Quit(_) => Overlay::ConfirmQuit,
            Layer::Picker(_) => Overlay::Picker,
            Layer::Save(_) => Overlay::SaveName,
            Layer::Flow(_) => Overlay::Flow,
            Layer::Scenarios(_) => Overlay::Scenarios,
            Layer::Port(_) => Overlay::Port,
            Layer::Issue(_) => Overlay::Issue,
        }
    }
}

/// Moves a selection in a list of `len` rows, clamped at both ends.
pub fn step(v: usize, len: usize, down: bool) -> usize {
    if len == 0 {
        0
    } else if down {
        (v + 1).min(len - 1)
    } else {
        v.saturating_sub(1)
    }
}

/// Scrolls a view offset by one line, within `max`.
pub fn scroll(v: u16, down: bool, max: u16) -> u16 {
    if down {
        v.saturating_add(1).min(max)
    } else {
        v.saturating_sub(1)
    }
}
