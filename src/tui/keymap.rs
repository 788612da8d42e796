//! The one table of key bindings. Each binding names its keys, the [`Action`], a description and
//! the [`Context`] it is valid in. The same table drives key handling, the footer (keys valid now)
//! and the `?` help overlay, so they cannot disagree.
//!
//! Letters typed into a text field are text: bindings on plain letters (`q`, `?`, `j`, `k`, `r`, `s`)
//! live in contexts that are only active while no field is being edited; commands that must work
//! inside a field use F-keys or Ctrl chords.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for. `update` decides what it means on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: quit immediately, always.
    ForceQuit,
    /// Quit (asks first when credentials would be lost).
    Quit,
    /// Open the help overlay.
    Help,
    /// Close an overlay.
    Close,
    /// Confirm / next step / open.
    Next,
    /// Go back.
    Back,
    /// Next field or region.
    FocusNext,
    /// Previous field or region.
    FocusPrev,
    /// Move up in a list.
    Up,
    /// Move down in a list.
    Down,
    /// Tick or untick a checklist item.
    Toggle,
    /// Show or hide a secret field's value.
    Reveal,
    /// Cancel the running test.
    Cancel,
    /// Run the test again.
    Rerun,
    /// Open the Login Audit Trail translator (back returns here).
    Translate,
    /// Demo only: play the next emulator scenario.
    SwitchScenario,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation.
    No,
    /// Load the last used profile and run the test.
    TestAgain,
    /// Open the list of saved profiles.
    Pick,
    /// Save the credentials as a profile (opens the name prompt).
    Save,
    /// Write the Markdown support report to a file.
    Export,
    /// Get the access token automatically (three-step authorization flow).
    StartFlow,
    /// Demo only: click Allow on the emulator's consent page.
    SimulateAllow,
    /// Demo only: click Deny on the emulator's consent page.
    SimulateDeny,
    /// Go to the setup step of the digit pressed.
    JumpStep,
    /// Cycle the per-request timeout of the test.
    Timeout,
    /// Copy the value this screen offers (consent address, report path) to the clipboard.
    Copy,
    /// M2M setup: generate a private key and certificate.
    GenerateKey,
    /// M2M setup, demo: upload the certificate through the rotation API.
    UploadCertificate,
    /// Demo only: play the previous emulator scenario.
    PrevScenario,
    /// Demo only: open the list of scenarios.
    PickScenario,
    /// Open the NetSuite page of this step in a browser.
    OpenPage,
    /// Set the automatic token's callback port.
    CallbackPort,
    /// Load the selected profile into the form (without testing).
    Load,
    /// Rename the selected profile.
    Rename,
    /// Delete the selected profile (asks first).
    Delete,
    /// Test every saved profile at once (the profiles screen's live table).
    TestAll,
    /// Sort the table by status, or back by name.
    Sort,
    /// The access token step: issue the token through the legacy issuetoken endpoint.
    IssueToken,
    /// Demo only: fill in the demo user's current one-time code.
    DemoCode,
    /// Open the guided move of this TBA connection to OAuth 2.0.
    Migrate,
    /// An editing key of the focused text field (listed so footer and help can name it; the
    /// field handles it like any other text key).
    Edit,
    /// Scroll a page that also has a list (↑↓ move in the list) up.
    PageUp,
    /// Scroll such a page down.
    PageDown,
}

/// Where a binding is valid. The app computes the active set from its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, even in overlays.
    Always,
    /// No overlay and no text field being edited (plain letters are commands).
    Browsing,
    /// A text field has focus.
    Editing,
    /// A secret field has focus.
    Secret,
    /// The current setup step has fields (Tab moves between them and the checklist).
    Fields,
    /// Finished results with at least one diagnosis to select.
    Diagnoses,
    /// The start menu.
    Start,
    /// A guided setup step.
    Setup,
    /// The checklist of a setup step has focus.
    Checklist,
    /// The credentials form of the "test what I have" path.
    Form,
    /// A test is running.
    Running,
    /// The results of a finished test.
    Results,
    /// One diagnosis in detail.
    Detail,
    /// The Login Audit Trail translator.
    Translator,
    /// `--demo` is on.
    Demo,
    /// The help overlay is open.
    Help,
    /// The quit confirmation is open.
    Confirm,
    /// The start screen, when a profile was used before.
    LastProfile,
    /// The start screen, when profiles are saved.
    Profiles,
    /// The profile picker is open.
    Picker,
    /// The save prompt (profile name) is open.
    Prompt,
    /// A test finished with a report (results or detail).
    Finished,
    /// The access token setup step (the automatic token can be started).
    TokenStep,
    /// The automatic token overlay is open.
    Flow,
    /// The automatic token overlay waits for consent (a redirect address can be pasted).
    FlowWaiting,
    /// The automatic token overlay waits for consent, in demo mode.
    FlowDemo,
    /// Enter moves from the checklist into the step's fields.
    EnterField,
    /// Enter moves to the next field.
    EnterNext,
    /// Enter runs the test (last field of the last step, or of the form).
    EnterTest,
    /// The interfaces row of the credentials form has focus.
    Interfaces,
    /// A finished test that failed (the Login Audit Trail can explain it).
    Failed,
    /// A support report was exported (its path can be copied).
    Exported,
    /// The M2M setup's key step (F3 generates).
    M2mKey,
    /// The M2M setup's mapping step (F5 runs the live test).
    M2mTest,
    /// The M2M setup's key step in demo mode (F4 uploads through the emulator).
    M2mDemo,
    /// A setup step that shows the callback URL (its port can be set).
    CallbackStep,
    /// The callback port prompt is open.
    PortPrompt,
    /// The demo scenario list is open.
    Scenarios,
    /// The profile picker asks for a new name.
    PickerRename,
    /// The profile picker asks before deleting.
    PickerDelete,
    /// The profile picker shows "test all"'s table.
    PickerBatch,
    /// A setup step or the translator: a NetSuite page can be opened.
    Page,
    /// The legacy issuetoken overlay is open (typing the login).
    Issue,
    /// The issuetoken overlay, a field with more below.
    IssueNext,
    /// The issuetoken overlay, its last field (Enter sends).
    IssueLast,
    /// The issuetoken overlay in demo mode.
    IssueDemo,
    /// The issuetoken call is out.
    IssueSending,
    /// The issuetoken overlay shows a refusal (its causes scroll).
    IssueFailed,
    /// Authorization-code setup, integration record step (the redirect URI can be copied).
    AcRedirect,
    /// Authorization-code setup, login step, not logged in (F3 logs in).
    AcLogin,
    /// Authorization-code setup, waiting for the browser (copy, paste).
    AcPending,
    /// Authorization-code setup, waiting for the browser, demo mode (Allow, Deny).
    AcDemo,
    /// Authorization-code setup, logged in (the live test).
    AcLoggedIn,
    /// Authorization-code setup, the switch to M2M can run.
    AcSwitch,
    /// Authorization-code setup, a step without a list or field in focus (digits jump).
    AcSteps,
    /// The migration checklist (Enter checks the item).
    Migrate,
    /// The migration checklist, no field being edited (its choices and item keys).
    MigrateList,
    /// A finished TBA test of a saved profile (the move to OAuth 2.0 is offered).
    MigrateOffer,
    /// An OAuth 2.0 setup page with no checklist and no field in focus: ↑↓ scroll it.
    PageScroll,
}

/// One binding: keys, what they do, where, and the text for the footer and help.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys (any of them triggers the action).
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are written in the footer and help ("Tab", "↑↓/j/k").
    pub label: &'static str,
    /// What happens.
    pub action: Action,
    /// Description.
    pub desc: &'static str,
    /// Where it is valid.
    pub context: Context,
    /// Shown in the footer (else only in help).
    pub footer: bool,
    /// The footer's words when the full ones do not fit (empty: `desc`).
    pub short: &'static str,
    /// The key that continues (or leaves) this screen: a narrow footer drops other hints first,
    /// never this one.
    pub must: bool,
}

impl Binding {
    /// With shorter footer words for narrow terminals.
    const fn s(mut self, short: &'static str) -> Binding {
        self.short = short;
        self
    }

    /// Marked as the key that continues (kept in the narrowest footer).
    const fn must(mut self) -> Binding {
        self.must = true;
        self
    }

    /// The footer's words when room is short.
    pub fn short_desc(&self) -> &'static str {
        if self.short.is_empty() {
            self.desc
        } else {
            self.short
        }
    }

    /// The label when room is short: the first of its keys (`↑↓/j/k` → `↑↓`).
    pub fn short_label(&self) -> &'static str {
        self.label.split('/').next().unwrap_or(self.label)
    }
}

const N: KeyModifiers = KeyModifiers::NONE;
const C: KeyModifiers = KeyModifiers::CONTROL;

const fn b(
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    action: Action,
    desc: &'static str,
    context: Context,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        desc,
        context,
        footer,
        short: "",
        must: false,
    }
}

const UP: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Up, N), (KeyCode::Char('k'), N)];
const DOWN: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Down, N), (KeyCode::Char('j'), N)];
const ENTER: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Enter, N)];
const ESC: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Esc, N)];
const TAB: &[(KeyCode, KeyModifiers)] = &[(KeyCode::Tab, N)];
const BACKTAB: &[(KeyCode, KeyModifiers)] = &[(KeyCode::BackTab, N)];
/// The step keys: every digit a path could have; the handler ignores a step the path lacks, and
/// footer and help name the path's real range ([`label_for`]).
const STEP_DIGITS: &[(KeyCode, KeyModifiers)] = &[
    (KeyCode::Char('1'), N),
    (KeyCode::Char('2'), N),
    (KeyCode::Char('3'), N),
    (KeyCode::Char('4'), N),
    (KeyCode::Char('5'), N),
    (KeyCode::Char('6'), N),
    (KeyCode::Char('7'), N),
    (KeyCode::Char('8'), N),
    (KeyCode::Char('9'), N),
];

/// Every binding, first match wins (overlays first).
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(&[(KeyCode::Char('c'), C)], "Ctrl-C", Action::ForceQuit, "quit now", Context::Always, false),
    // Overlays.
    // Enter answers nothing here: on a destructive dialog it must not mean "yes".
    b(&[(KeyCode::Char('y'), N)], "y", Action::Yes, "quit, dropping typed credentials", Context::Confirm, true).s("quit").must(),
    b(&[(KeyCode::Char('s'), N)], "s", Action::Save, "save as profile, then quit", Context::Confirm, true).s("save, quit").must(),
    b(&[(KeyCode::Char('n'), N), (KeyCode::Esc, N)], "n/Esc", Action::No, "stay", Context::Confirm, true).must(),
    b(&[(KeyCode::Esc, N), (KeyCode::Char('?'), N), (KeyCode::F(1), N), (KeyCode::Char('q'), N), (KeyCode::Enter, N)], "Esc", Action::Close, "close help", Context::Help, true).s("close").must(),
    b(UP, "↑/k", Action::Up, "scroll help", Context::Help, false),
    b(DOWN, "↓/j", Action::Down, "scroll help", Context::Help, false),
    b(&[(KeyCode::F(1), N)], "F1", Action::Help, "help", Context::Editing, true),
    b(&[(KeyCode::Char('?'), N), (KeyCode::F(1), N)], "?", Action::Help, "help", Context::Browsing, true),
    // Start menu.
    b(UP, "↑/k", Action::Up, "up", Context::Start, false),
    b(DOWN, "↓/j", Action::Down, "down", Context::Start, false),
    b(ENTER, "Enter", Action::Next, "choose", Context::Start, true).must(),
    b(&[(KeyCode::Char('a'), N)], "a", Action::TestAgain, "test again", Context::LastProfile, true),
    b(&[(KeyCode::Char('p'), N)], "p", Action::Pick, "saved profiles", Context::Profiles, true),
    // Profile picker and save prompt (the prompt's letters are the name being typed).
    b(ENTER, "Enter", Action::Next, "rename", Context::PickerRename, true).must(),
    b(ESC, "Esc", Action::Close, "cancel", Context::PickerRename, true).must(),
    b(&[(KeyCode::Char('y'), N)], "y", Action::Yes, "delete it", Context::PickerDelete, true).s("delete").must(),
    b(&[(KeyCode::Char('n'), N), (KeyCode::Esc, N)], "n/Esc", Action::No, "keep it", Context::PickerDelete, true).s("keep").must(),
    b(UP, "↑↓/j/k", Action::Up, "select", Context::Picker, true),
    b(DOWN, "↓/j", Action::Down, "next", Context::Picker, false),
    b(ENTER, "Enter", Action::Next, "test this profile", Context::Picker, true).s("test").must(),
    b(&[(KeyCode::Char('l'), N)], "l", Action::Load, "load into the form", Context::Picker, true).s("load"),
    b(&[(KeyCode::Char('r'), N)], "r", Action::Rename, "rename", Context::Picker, true),
    b(&[(KeyCode::Char('d'), N), (KeyCode::Delete, N)], "d", Action::Delete, "delete", Context::Picker, true),
    b(&[(KeyCode::Char('a'), N)], "a", Action::TestAll, "test all", Context::Picker, true),
    b(&[(KeyCode::Esc, N), (KeyCode::Char('q'), N)], "Esc", Action::Close, "close", Context::Picker, true).must(),
    b(UP, "↑↓/j/k", Action::Up, "select", Context::PickerBatch, true),
    b(DOWN, "↓/j", Action::Down, "next", Context::PickerBatch, false),
    b(ENTER, "Enter", Action::Next, "open its results", Context::PickerBatch, true).s("open").must(),
    b(&[(KeyCode::Char('s'), N)], "s", Action::Sort, "sort by status", Context::PickerBatch, true).s("sort"),
    b(&[(KeyCode::Char('a'), N)], "a", Action::TestAll, "test all again", Context::PickerBatch, true).s("again"),
    b(&[(KeyCode::Esc, N), (KeyCode::Char('q'), N)], "Esc", Action::Close, "close", Context::PickerBatch, true).must(),
    // Demo scenario list and the callback port prompt.
    b(UP, "↑↓/j/k", Action::Up, "select", Context::Scenarios, true),
    b(DOWN, "↓/j", Action::Down, "next", Context::Scenarios, false),
    b(ENTER, "Enter", Action::Next, "play this scenario", Context::Scenarios, true).s("play").must(),
    b(&[(KeyCode::Esc, N), (KeyCode::Char('q'), N), (KeyCode::F(8), N)], "Esc", Action::Close, "close", Context::Scenarios, true).must(),
    b(ENTER, "Enter", Action::Next, "set port", Context::PortPrompt, true).must(),
    b(ESC, "Esc", Action::Close, "cancel", Context::PortPrompt, true).must(),
    b(ENTER, "Enter", Action::Next, "save", Context::Prompt, true).must(),
    b(ESC, "Esc", Action::Close, "cancel", Context::Prompt, true).must(),
    // Automatic token overlay (letters are the pasted address being typed).
    b(ENTER, "Enter", Action::Next, "use the pasted address", Context::FlowWaiting, true).s("use paste").must(),
    b(ESC, "Esc", Action::Cancel, "cancel / close", Context::Flow, true).s("cancel").must(),
    b(&[(KeyCode::F(6), N), (KeyCode::Char('y'), C)], "F6", Action::Copy, "copy address", Context::FlowWaiting, true).s("copy"),
    b(&[(KeyCode::F(4), N)], "F4", Action::SimulateAllow, "simulate Allow (browser)", Context::FlowDemo, true).s("Allow").must(),
    // Legacy issuetoken overlay (letters are the login being typed).
    b(ENTER, "Enter", Action::Next, "next field", Context::IssueNext, true).s("next").must(),
    b(ENTER, "Enter", Action::Next, "issue the token", Context::IssueLast, true).s("issue").must(),
    b(TAB, "Tab", Action::FocusNext, "next field", Context::Issue, true).s("field"),
    b(BACKTAB, "Shift-Tab", Action::FocusPrev, "previous field", Context::Issue, false),
    b(&[(KeyCode::F(4), N)], "F4", Action::DemoCode, "fill the demo's one-time code", Context::IssueDemo, true).s("demo code"),
    b(ESC, "Esc", Action::Close, "close (nothing is sent)", Context::Issue, true).s("close").must(),
    b(&[(KeyCode::Up, N), (KeyCode::PageUp, N)], "↑↓", Action::Up, "scroll the causes", Context::IssueFailed, true).s("scroll"),
    b(&[(KeyCode::Down, N), (KeyCode::PageDown, N)], "↓", Action::Down, "scroll down", Context::IssueFailed, false),
    b(ESC, "Esc", Action::Close, "close (the answer is ignored)", Context::IssueSending, true).s("close").must(),
    // What Enter does now, on a setup step or the form (before their general Enter).
    b(ENTER, "Enter", Action::Next, "to the fields", Context::EnterField, true).s("fields").must(),
    b(ENTER, "Enter", Action::Next, "next field", Context::EnterNext, true).s("next").must(),
    b(ENTER, "Enter", Action::Next, "run the test", Context::EnterTest, true).s("test").must(),
    // The form's interfaces row: a horizontal multi-select.
    b(&[(KeyCode::Left, N)], "←→", Action::Up, "choose interface", Context::Interfaces, true).s("choose"),
    b(&[(KeyCode::Right, N)], "→", Action::Down, "next interface", Context::Interfaces, false),
    b(&[(KeyCode::Char(' '), N)], "Space", Action::Toggle, "tick interface", Context::Interfaces, true).s("tick"),
    // OAuth 2.0 M2M setup (F-keys: its fields take letters).
    b(&[(KeyCode::F(3), N)], "F3", Action::GenerateKey, "generate key and certificate", Context::M2mKey, true).s("generate").must(),
    b(&[(KeyCode::F(4), N)], "F4", Action::UploadCertificate, "upload it (demo)", Context::M2mDemo, true).s("upload").must(),
    b(&[(KeyCode::F(5), N)], "F5", Action::Rerun, "run the live test", Context::M2mTest, true).s("test").must(),
    b(ENTER, "Enter", Action::Next, "run the live test", Context::M2mTest, false),
    // OAuth 2.0 authorization-code setup (F-keys and Enter: its fields take letters).
    b(&[(KeyCode::F(6), N)], "F6", Action::Copy, "copy the redirect URI", Context::AcRedirect, true).s("copy URI"),
    b(ENTER, "Enter", Action::StartFlow, "log in (browser)", Context::AcLogin, true).s("log in").must(),
    b(&[(KeyCode::F(3), N)], "F3", Action::StartFlow, "log in (browser)", Context::AcLogin, false),
    b(ENTER, "Enter", Action::Next, "use the pasted address", Context::AcPending, true).s("paste").must(),
    b(&[(KeyCode::F(4), N)], "F4", Action::SimulateAllow, "Allow (demo browser)", Context::AcDemo, true).s("Allow").must(),
    b(&[(KeyCode::F(9), N)], "F9", Action::SimulateDeny, "Deny (demo browser)", Context::AcDemo, true).s("Deny"),
    b(&[(KeyCode::F(6), N)], "F6", Action::Copy, "copy the authorize address", Context::AcPending, true).s("copy"),
    b(&[(KeyCode::F(3), N)], "F3", Action::StartFlow, "log in again", Context::AcPending, false),
    b(ENTER, "Enter", Action::Rerun, "run the live test", Context::AcLoggedIn, true).s("test").must(),
    b(&[(KeyCode::F(5), N)], "F5", Action::Rerun, "run the live test", Context::AcLoggedIn, false),
    b(&[(KeyCode::F(3), N)], "F3", Action::StartFlow, "log in again", Context::AcLoggedIn, false),
    b(ENTER, "Enter", Action::StartFlow, "switch to M2M", Context::AcSwitch, true).s("switch").must(),
    b(&[(KeyCode::F(3), N)], "F3", Action::StartFlow, "switch to M2M", Context::AcSwitch, false),
    b(STEP_DIGITS, "digit", Action::JumpStep, "go to step", Context::AcSteps, true).s("step"),
    b(UP, "↑↓/j/k", Action::Up, "scroll", Context::PageScroll, false),
    b(DOWN, "↓/j", Action::Down, "scroll down", Context::PageScroll, false),
    // The move to OAuth 2.0 (its Certificate ID field takes letters and digits).
    b(ENTER, "Enter", Action::Next, "check this item", Context::Migrate, true).s("check").must(),
    b(ESC, "Esc", Action::Back, "previous item", Context::Migrate, true).s("back").must(),
    b(&[(KeyCode::F(5), N)], "F5", Action::Rerun, "check again", Context::Migrate, false),
    b(TAB, "Tab", Action::FocusNext, "to the field", Context::Migrate, false),
    b(&[(KeyCode::PageUp, N)], "PgUp", Action::PageUp, "scroll the page up", Context::Migrate, false),
    b(&[(KeyCode::PageDown, N)], "PgDn", Action::PageDown, "scroll the page down", Context::Migrate, false),
    b(&[(KeyCode::Char(' '), N)], "Space", Action::Toggle, "choose", Context::MigrateList, true).s("choose"),
    b(UP, "↑/k", Action::Up, "previous choice", Context::MigrateList, false),
    b(DOWN, "↓/j", Action::Down, "next choice", Context::MigrateList, false),
    b(STEP_DIGITS, "digit", Action::JumpStep, "go to item", Context::MigrateList, true).s("item"),
    // Guided setup.
    b(&[(KeyCode::Char(' '), N)], "Space", Action::Toggle, "tick item", Context::Checklist, true).s("tick"),
    b(UP, "↑/k", Action::Up, "previous item", Context::Checklist, false),
    b(DOWN, "↓/j", Action::Down, "next item", Context::Checklist, false),
    b(STEP_DIGITS, "digit", Action::JumpStep, "go to step", Context::Checklist, true).s("step"),
    b(TAB, "Tab", Action::FocusNext, "next field", Context::Fields, true).s("field"),
    b(BACKTAB, "Shift-Tab", Action::FocusPrev, "previous field", Context::Fields, false),
    b(ENTER, "Enter", Action::Next, "next step", Context::Setup, true).s("next").must(),
    b(ESC, "Esc", Action::Back, "previous step", Context::Setup, true).s("back").must(),
    // The access token step: an F-key, so typing in its fields is not disturbed.
    b(&[(KeyCode::F(3), N)], "F3", Action::StartFlow, "get the token automatically", Context::TokenStep, true).s("token").must(),
    b(&[(KeyCode::F(9), N)], "F9", Action::IssueToken, "legacy: issue with your password", Context::TokenStep, true).s("legacy"),
    b(&[(KeyCode::Char('o'), N)], "o", Action::OpenPage, "open in browser", Context::Checklist, true).s("open"),
    b(&[(KeyCode::F(7), N)], "F7", Action::OpenPage, "open in browser", Context::Page, false),
    b(&[(KeyCode::Char('c'), N)], "c", Action::Copy, "copy menu path", Context::Checklist, true).s("copy"),
    b(&[(KeyCode::F(6), N)], "F6", Action::Copy, "copy menu path", Context::Setup, false),
    b(&[(KeyCode::Char('p'), C)], "Ctrl-P", Action::CallbackPort, "callback port", Context::CallbackStep, true).s("port"),
    // Credentials form.
    b(&[(KeyCode::F(6), N)], "F6", Action::Copy, "copy hosts", Context::Form, false),
    b(TAB, "Tab", Action::FocusNext, "next field", Context::Form, true).s("field"),
    b(BACKTAB, "Shift-Tab", Action::FocusPrev, "previous field", Context::Form, false),
    b(&[(KeyCode::Up, N)], "↑", Action::FocusPrev, "previous field", Context::Form, false),
    b(&[(KeyCode::Down, N)], "↓", Action::FocusNext, "next field", Context::Form, false),
    b(ENTER, "Enter", Action::Next, "next field / run test", Context::Form, true).s("next").must(),
    b(ESC, "Esc", Action::Back, "back", Context::Form, true).must(),
    b(&[(KeyCode::Char('s'), C)], "Ctrl-S", Action::Save, "save as profile", Context::Form, true).s("save"),
    // Secret fields.
    b(&[(KeyCode::Char('r'), C)], "Ctrl-R", Action::Reveal, "show/hide value", Context::Secret, true).s("show"),
    // Text editing itself is the field's; this entry names the one key an admin looks for.
    b(&[(KeyCode::Char('u'), C)], "Ctrl-U", Action::Edit, "clear field", Context::Editing, true).s("clear"),
    // Test.
    b(ESC, "Esc", Action::Cancel, "cancel test", Context::Running, true).s("cancel").must(),
    b(UP, "↑↓/j/k", Action::Up, "select diagnosis", Context::Diagnoses, true).s("select"),
    b(DOWN, "↓/j", Action::Down, "next diagnosis", Context::Diagnoses, false),
    b(ENTER, "Enter", Action::Next, "show fix", Context::Diagnoses, true).s("fix").must(),
    b(UP, "↑↓/j/k", Action::Up, "scroll", Context::Results, false),
    b(DOWN, "↓/j", Action::Down, "scroll down", Context::Results, false),
    b(&[(KeyCode::Char('r'), N), (KeyCode::F(5), N)], "r/F5", Action::Rerun, "run again", Context::Results, true).s("rerun"),
    b(&[(KeyCode::Char('t'), N)], "t", Action::Translate, "explain a Detail", Context::Failed, true).s("explain"),
    b(ESC, "Esc", Action::Back, "back", Context::Results, true).must(),
    b(UP, "↑↓/j/k", Action::Up, "scroll", Context::Detail, true),
    b(DOWN, "↓/j", Action::Down, "scroll down", Context::Detail, false),
    b(&[(KeyCode::Char('r'), N), (KeyCode::F(5), N)], "r/F5", Action::Rerun, "run again", Context::Detail, true).s("rerun"),
    b(&[(KeyCode::Char('t'), N)], "t", Action::Translate, "explain a Detail", Context::Detail, true).s("explain"),
    b(&[(KeyCode::Esc, N), (KeyCode::Enter, N)], "Esc", Action::Back, "all diagnoses", Context::Detail, true).s("back").must(),
    b(&[(KeyCode::Char('s'), N), (KeyCode::Char('s'), C)], "s", Action::Save, "save", Context::Finished, true),
    b(&[(KeyCode::Char('e'), N)], "e", Action::Export, "export", Context::Finished, true),
    b(&[(KeyCode::Char('c'), N), (KeyCode::F(6), N)], "c", Action::Copy, "copy the fix", Context::Detail, true).s("copy"),
    b(&[(KeyCode::Char('c'), N), (KeyCode::F(6), N)], "c", Action::Copy, "copy report path", Context::Exported, true).s("copy path"),
    b(&[(KeyCode::Char('m'), N)], "m", Action::Migrate, "move to OAuth 2.0", Context::MigrateOffer, true).s("OAuth 2.0"),
    b(&[(KeyCode::Char('T'), N)], "T", Action::Timeout, "request timeout", Context::Finished, true).s("timeout"),
    // Translator.
    b(&[(KeyCode::Up, N), (KeyCode::PageUp, N)], "↑↓", Action::Up, "scroll the answer", Context::Translator, true).s("scroll"),
    b(&[(KeyCode::Down, N), (KeyCode::PageDown, N)], "↓", Action::Down, "scroll down", Context::Translator, false),
    b(&[(KeyCode::F(6), N)], "F6", Action::Copy, "copy menu path", Context::Translator, true).s("copy"),
    b(ESC, "Esc", Action::Back, "back", Context::Translator, true).must(),
    // Demo.
    b(&[(KeyCode::F(2), KeyModifiers::SHIFT)], "Shift-F2", Action::PrevScenario, "previous scenario", Context::Demo, false),
    b(&[(KeyCode::F(2), N)], "F2", Action::SwitchScenario, "next demo scenario", Context::Demo, true).s("next demo"),
    b(&[(KeyCode::F(8), N)], "F8", Action::PickScenario, "demo scenarios", Context::Demo, true).s("scenarios"),
    b(&[(KeyCode::Char('q'), N)], "q", Action::Quit, "quit", Context::Browsing, true),
    // Last, so an overlay's own F1 (help closes with it) wins; elsewhere help opens over lists
    // and prompts too, as the footer's "F1 all keys" promises.
    b(&[(KeyCode::F(1), N)], "F1", Action::Help, "help", Context::Always, false),
];

/// True when `key` is one of the binding's keys. Shift is ignored on characters and Tab
/// (terminals differ on whether `?` or Shift-Tab arrive with it) but tells F2 from Shift-F2; Ctrl
/// and Alt must match.
fn matches(keys: &[(KeyCode, KeyModifiers)], key: &KeyEvent) -> bool {
    let relevant = match key.code {
        KeyCode::F(_) => KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT,
        _ => KeyModifiers::CONTROL | KeyModifiers::ALT,
    };
    keys.iter()
        .any(|(code, m)| *code == key.code && (key.modifiers & relevant) == (*m & relevant))
}

/// The action bound to `key` in the active contexts, if any.
pub fn lookup(active: &[Context], key: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| active.contains(&b.context) && matches(b.keys, key))
        .map(|b| b.action)
}

/// The bindings valid in the active contexts (for the footer and help).
pub fn active_bindings(active: &[Context]) -> impl Iterator<Item = &'static Binding> + '_ {
    BINDINGS.iter().filter(|b| active.contains(&b.context))
}

/// How a binding's keys are written on a screen whose path has `steps` steps: the step keys
/// name the path's own range (`1-5` on the five-step M2M path), every other label is as written.
pub fn label_for(b: &Binding, steps: Option<usize>, short: bool) -> std::borrow::Cow<'static, str> {
    match (b.action, steps) {
        (Action::JumpStep, Some(n)) => format!("1-{n}").into(),
        _ if short => b.short_label().into(),
        _ => b.label.into(),
    }
}

/// A human name for a context, used as a heading in the help overlay.
pub fn context_name(c: Context) -> &'static str {
    match c {
        Context::Always => "Everywhere",
        Context::Browsing => "When not typing in a field",
        Context::Editing => "In a text field",
        Context::Secret => "In a secret field",
        Context::Fields => "Setup step with fields",
        Context::Diagnoses => "Diagnoses list",
        Context::Start => "Start",
        Context::Setup => "Guided setup",
        Context::Checklist => "Setup checklist",
        Context::Form => "Credentials form",
        Context::Running => "While a test runs",
        Context::Results => "Test results",
        Context::Detail => "Diagnosis detail",
        Context::Translator => "Login Audit Trail translator",
        Context::Demo => "Demo mode",
        Context::Help => "Help",
        Context::Confirm => "Quit confirmation",
        Context::LastProfile => "Start, with a last used profile",
        Context::Profiles => "Start, with saved profiles",
        Context::Picker => "Saved profiles",
        Context::Prompt => "Save profile",
        Context::Finished => "Finished test",
        Context::TokenStep => "Access token step",
        Context::Flow => "Automatic token",
        Context::FlowWaiting => "Automatic token, waiting for consent",
        Context::FlowDemo => "Automatic token, demo mode",
        Context::EnterField => "Setup checklist, step with fields",
        Context::EnterNext => "A field with more below",
        Context::EnterTest => "The last field",
        Context::Interfaces => "Interfaces row of the form",
        Context::Failed => "Failed test",
        Context::Exported => "After an export",
        Context::M2mKey => "M2M setup, key and certificate",
        Context::M2mTest => "M2M setup, certificate mapping",
        Context::M2mDemo => "M2M setup, key step, demo mode",
        Context::CallbackStep => "Steps that show the callback URL",
        Context::PortPrompt => "Callback port",
        Context::Scenarios => "Demo scenarios",
        Context::PickerRename => "Rename profile",
        Context::PickerDelete => "Delete profile",
        Context::PickerBatch => "Test all profiles",
        Context::Page => "A step with a NetSuite page",
        Context::Issue => "Legacy issuetoken (password login)",
        Context::IssueNext => "Legacy issuetoken, a field with more below",
        Context::IssueLast => "Legacy issuetoken, last field",
        Context::IssueDemo => "Legacy issuetoken, demo mode",
        Context::IssueSending => "Legacy issuetoken, call under way",
        Context::IssueFailed => "Legacy issuetoken, after a refusal",
        Context::AcRedirect => "Login setup, integration record",
        Context::AcLogin => "Login setup, login step",
        Context::AcPending => "Login setup, waiting for the browser",
        Context::AcDemo => "Login setup, waiting, demo mode",
        Context::AcLoggedIn => "Login setup, logged in",
        Context::AcSwitch => "Login setup, switch to M2M",
        Context::AcSteps => "Login setup, a step without a list",
        Context::Migrate => "Move to OAuth 2.0",
        Context::MigrateList => "Move to OAuth 2.0, choices",
        Context::MigrateOffer => "Finished TBA test of a saved profile",
        Context::PageScroll => "Setup page without a list",
    }
}
