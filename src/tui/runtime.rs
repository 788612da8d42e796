//! The runtime: owns the terminal, turns crossterm events and background results into
//! [`Message`]s on one channel, calls `update`, executes [`Command`]s, and redraws only when
//! something changed. A tick interval exists only while a test runs, so an idle wizard uses no CPU.
//!
//! The terminal is restored on every exit path: normal return, error (the guard's `Drop`), and
//! panic (a hook restores first, then prints the message).

use std::future::Future;
use std::io::{self, Stdout, Write};
use std::pin::Pin;
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::time::{Interval, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

use super::app::App;
use super::message::{Command, Message, Pasted};
use super::profiles::{self, LoadedProfile, ProfileSummary};
use super::view;
use crate::check::{Report, Settings, run_checks};

use super::flow_task::copy_osc52;
pub use super::flow_task::{run_flow, simulate_allow};

/// How long the wizard waits for the consent in the browser.
pub const FLOW_WAIT: Duration = Duration::from_secs(300);

/// Spinner and elapsed-time refresh while a test runs.
const TICK: Duration = Duration::from_millis(100);

/// What the runtime can do in demo mode (implemented by the launcher over the emulator, so the UI
/// does not own it).
pub trait DemoControl: Send {
    /// Makes the emulator play scenario `index` (of `Scenario::all()`).
    fn set_scenario(&mut self, index: usize);
}

/// What recording a test in a profile tells the results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// The profile's warnings judged against this run.
    pub warnings: Vec<String>,
    /// The saved progress of this profile's move to OAuth 2.0, if one was started: a TBA
    /// profile's results say where the move stands, as `nstba test` does.
    pub migration: Option<Box<crate::migrate::MigrationState>>,
}

/// The saved profiles, as the wizard uses them (implemented by the launcher over
/// `nstba::profile::ProfileStore`). Every `Err` is a message without secrets.
pub trait ProfileStore: Send {
    /// Every saved profile (name, account, last result).
    fn list(&mut self) -> Result<Vec<ProfileSummary>, String>;
    /// Saves `settings` under `name`; `Ok` holds the store's one-time warning, if any.
    fn save(&mut self, name: &str, settings: &Settings) -> Result<Option<String>, String>;
    /// Loads the account, interfaces and credentials saved under `name`.
    fn load(&mut self, name: &str) -> Result<LoadedProfile, String>;
    /// Records a finished test in profile `name` and marks it last used; returns the profile's
    /// warnings judged against this run (computed before recording, so "passed before, fails
    /// now" compares with the previous result), and its migration's progress, if one was started.
    fn record(&mut self, name: &str, report: &Report) -> Result<Recorded, String>;
    /// Renames profile `old` to `new` (credentials and history move with it).
    fn rename(&mut self, _old: &str, _new: &str) -> Result<(), String> {
        Err("this profile store cannot rename".into())
    }
    /// Deletes profile `name` and its secrets; `Ok` holds the store's warning, if any.
    fn delete(&mut self, _name: &str) -> Result<Option<String>, String> {
        Err("this profile store cannot delete".into())
    }
    /// The stored wizard progress (see [`progress`](super::progress)), if any.
    fn wizard_state(&mut self) -> Option<String> {
        None
    }
    /// Stores the wizard progress.
    fn save_wizard_state(&mut self, _text: &str) -> Result<(), String> {
        Ok(())
    }
    /// The test settings of profile `name`, any kind ("test all").
    fn test_settings(&mut self, _name: &str) -> Result<Settings, String> {
        Err("this profile store cannot test profiles".into())
    }
    /// The store itself, for the migration (which keeps its progress beside the profiles).
    fn store(&self) -> Option<crate::profile::ProfileStore> {
        None
    }
}

/// The message when no store could be opened.
const NO_STORE: &str = "profiles are not available (the profile store could not be opened)";

/// Puts the terminal back: bracketed paste off, main screen, cooked mode, cursor visible. Safe to
/// call more than once.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped (error returns and unwinding).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    let ui_thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            // Restore first so the message lands on the normal screen, readable.
            restore_terminal();
            previous(info);
        }
        // A panic on a worker thread (inside a background task) does not end the program: tokio
        // catches it and the task's owner turns it into a message (see `spawn_checks`). Restoring
        // the terminal or printing here would wreck the screen the UI keeps drawing on.
    }));
}

/// The demo emulator being started: its control and base URL, or why it could not start.
pub type DemoStart =
    Pin<Box<dyn Future<Output = Result<(Box<dyn DemoControl>, String), String>> + Send>>;

/// The demo emulator could not be started (the error [`run_demo`] returns for it, so the
/// launcher can tell it from a terminal error).
#[derive(Debug)]
pub struct DemoFailed(pub String);

impl std::fmt::Display for DemoFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot start the demo emulator: {}", self.0)
    }
}

impl std::error::Error for DemoFailed {}

/// Runs the wizard until the user quits.
pub async fn run(
    app: App,
    demo: Option<Box<dyn DemoControl>>,
    profiles: Option<Box<dyn ProfileStore>>,
) -> io::Result<()> {
    run_inner(app, demo, None, profiles).await
}

/// Runs the wizard in demo mode with the emulator still starting: the first frame is drawn
/// before it is awaited (it costs more than the whole frame), and no input is handled before
/// it is ready, so no test or flow can leave without the emulator's address.
pub async fn run_demo(
    app: App,
    demo: DemoStart,
    profiles: Option<Box<dyn ProfileStore>>,
) -> io::Result<()> {
    run_inner(app, None, Some(demo), profiles).await
}

async fn run_inner(
    mut app: App,
    mut demo: Option<Box<dyn DemoControl>>,
    mut demo_start: Option<DemoStart>,
    mut profiles: Option<Box<dyn ProfileStore>>,
) -> io::Result<()> {
    install_panic_hook();
    enable_raw_mode()?;
    let _guard = Guard;
    // Clear by escape code, not `Terminal::clear`, which asks the terminal for the cursor position
    // and fails on terminals (and pseudo-terminals) that do not answer.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;

    let mut signals = Signals::new()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let mut input = EventStream::new();
    let mut ticker: Option<(Interval, Instant)> = None;
    let mut cancel: Option<CancellationToken> = None;
    // The running flow: its cancel token and where pasted addresses go.
    let mut flow: RunningFlow = None;
    let mut dirty = true;
    let mut quit = false;
    // What the first frame does not need waits until it is on the screen.
    let mut started = false;
    // The progress changed: written after the next frame, so a write never delays one.
    let mut progress: Option<String> = None;
    loop {
        if dirty {
            draw(&mut terminal, &app)?;
            dirty = false;
        }
        if !started {
            started = true;
            dirty = true;
            if let Some(start) = demo_start.take() {
                let (control, base_url) =
                    start.await.map_err(|e| io::Error::other(DemoFailed(e)))?;
                demo = Some(control);
                app.update_all(Message::DemoReady(base_url));
            }
            if let Some(text) = profiles.as_mut().and_then(|p| p.wizard_state()) {
                app.update_all(Message::WizardLoaded(text));
            }
            if let Some(cmd) = app.init() {
                // `init` asks only for profile work (open `--profile NAME`).
                profile_command(cmd, profiles.as_deref_mut(), &tx);
            }
            continue;
        }
        if let (Some(text), Some(p)) = (progress.take(), profiles.as_mut())
            && let Err(e) = p.save_wizard_state(&text)
        {
            // Said once per failure; the wizard goes on (progress is a convenience).
            app.update_all(Message::PageOpened(
                String::new(),
                Err(format!("Could not store the setup progress: {e}")),
            ));
            dirty = true;
            continue;
        }
        // Biased: background results first so a burst of keys cannot starve them.
        let msg = tokio::select! {
            biased;
            Some(m) = rx.recv() => m,
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Message::Key(k),
                Some(Ok(Event::Paste(s))) => Message::Paste(Pasted(s)),
                Some(Ok(Event::Resize(_, _))) => Message::Resize,
                Some(Ok(Event::Mouse(m))) if wanted(&m) => Message::Mouse(m),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            started = tick(&mut ticker) => Message::Tick(started.elapsed()),
            // `kill` or a closed terminal window: leave through the normal path so the terminal
            // is restored.
            () = signals.recv() => break,
        };
        dirty = true;
        for cmd in app.update_all(msg) {
            if execute(cmd, &mut demo, &mut profiles, &mut cancel, &mut flow, &tx) {
                quit = true;
            }
        }
        sync_ticker(&app, &mut ticker);
        if let Some(text) = app.take_progress() {
            progress = Some(text);
        }
        if quit {
            break;
        }
    }
    if let Some(c) = cancel {
        c.cancel();
    }
    // The last change (a quit key right after a step change) is stored on the way out; a failed
    // write stops nothing.
    if let (Some(text), Some(p)) = (progress.or_else(|| app.take_progress()), profiles.as_mut()) {
        let _ = p.save_wizard_state(&text);
    }
    if let Some((c, _)) = flow {
        c.cancel();
    }
    drop(terminal);
    Ok(())
}

/// The running flow: its cancel token and where pasted addresses go.
type RunningFlow = Option<(CancellationToken, mpsc::Sender<String>)>;

/// Executes one command; true for [`Command::Quit`].
fn execute(
    cmd: Command,
    demo: &mut Option<Box<dyn DemoControl>>,
    profiles: &mut Option<Box<dyn ProfileStore>>,
    cancel: &mut Option<CancellationToken>,
    flow: &mut RunningFlow,
    tx: &UnboundedSender<Message>,
) -> bool {
    match cmd {
        Command::Quit => return true,
        Command::Copy(text) => copy_osc52(&text),
        Command::M2m(c) => {
            tokio::spawn(super::components::m2m_task::run(c, tx.clone()));
        }
        Command::AuthCode(c) => {
            super::components::authcode_task::spawn(c, tx.clone());
        }
        Command::Migrate(c) => {
            let store = profiles.as_ref().and_then(|p| p.store());
            tokio::spawn(super::components::migrate_task::run(c, store, tx.clone()));
        }
        Command::IssueToken(id, settings) => {
            tokio::spawn(super::issue_task::run(id, settings, tx.clone()));
        }
        Command::OpenUrl(url) => {
            let tx = tx.clone();
            // A text-mode browser would block: never on the UI thread.
            tokio::task::spawn_blocking(move || {
                let r = super::flow_task::open_browser(&url);
                let _ = tx.send(Message::PageOpened(url, r));
            });
        }
        Command::StartChecks(run, settings) => {
            if let Some(c) = cancel.take() {
                c.cancel();
            }
            let token = CancellationToken::new();
            *cancel = Some(token.clone());
            spawn_checks(run, *settings, token, tx.clone());
        }
        Command::CancelChecks => {
            if let Some(c) = cancel.take() {
                c.cancel();
            }
        }
        Command::SwitchScenario(i) => {
            if let Some(d) = demo.as_mut() {
                d.set_scenario(i);
                let _ = tx.send(Message::ScenarioSwitched(i));
            }
        }
        Command::StartFlow(id, request) => {
            if let Some((c, _)) = flow.take() {
                c.cancel();
            }
            let token = CancellationToken::new();
            let (ptx, prx) = mpsc::channel(4);
            *flow = Some((token.clone(), ptx));
            let tx = tx.clone();
            tokio::spawn(async move {
                run_flow(id, *request, prx, token, tx, FLOW_WAIT).await;
            });
        }
        Command::PasteFlow(text) => {
            if let Some((_, ptx)) = flow.as_ref() {
                let _ = ptx.try_send(text);
            }
        }
        Command::CancelFlow => {
            if let Some((c, _)) = flow.take() {
                c.cancel();
            }
        }
        Command::SimulateAllow(url) => {
            // The flow's own callback server answers the redirect; a failure here shows up
            // as the flow's time-out, so the result is not needed.
            tokio::spawn(async move {
                let _ = simulate_allow(&url).await;
            });
        }
        Command::TestProfiles(id, names, base_url) => {
            let (planned, jobs) = super::batch::plan(&names, base_url.as_deref(), |n| {
                profiles
                    .as_deref_mut()
                    .map_or_else(|| Err(NO_STORE.to_string()), |s| s.test_settings(n))
            });
            if let Some(c) = cancel.take() {
                c.cancel();
            }
            let token = CancellationToken::new();
            *cancel = Some(token.clone());
            tokio::spawn(super::batch::run(id, planned, jobs, token, tx.clone()));
        }
        other => profile_command(other, profiles.as_deref_mut(), tx),
    }
    false
}

/// Runs a profile or export command and sends its result back as a message. The store is
/// small local files (or the keychain), so this runs inline; results still arrive as messages.
fn profile_command(
    cmd: Command,
    store: Option<&mut (dyn ProfileStore + 'static)>,
    tx: &UnboundedSender<Message>,
) {
    let now = crate::profile::clock::now_unix();
    let msg = match (cmd, store) {
        (Command::ExportReport(job), _) => Message::ReportExported(
            std::env::current_dir()
                .and_then(|dir| profiles::write_report(&dir, &job, now))
                .map(|p| p.display().to_string())
                .map_err(|e| format!("could not write the report: {e}")),
        ),
        (Command::ListProfiles, Some(s)) => Message::ProfilesListed(s.list(), now),
        (Command::ListProfiles, None) => Message::ProfilesListed(Err(NO_STORE.into()), now),
        (Command::SaveProfile(name, settings), s) => Message::ProfileSaved(match s {
            Some(s) => s.save(&name, &settings).map(|w| (name, w)),
            None => Err(NO_STORE.into()),
        }),
        (Command::LoadProfile(name, run), s) => {
            let r = match s {
                Some(s) => s.load(&name).map(Box::new),
                None => Err(NO_STORE.into()),
            };
            Message::ProfileLoaded(name, r, run)
        }
        (Command::RenameProfile(old, new), s) => Message::ProfileRenamed(match s {
            Some(s) => s.rename(&old, &new).map(|()| (old, new)),
            None => Err(NO_STORE.into()),
        }),
        (Command::DeleteProfile(name), s) => Message::ProfileDeleted(match s {
            Some(s) => s.delete(&name).map(|w| (name, w)),
            None => Err(NO_STORE.into()),
        }),
        (Command::RecordTest(name, report), s) => {
            let r = match s {
                Some(s) => s.record(&name, &report),
                None => Err(NO_STORE.into()),
            };
            Message::TestRecorded(name, r)
        }
        // Handled by the loop itself.
        (Command::StartChecks(..) | Command::CancelChecks, _)
        | (Command::SwitchScenario(_) | Command::Quit, _)
        | (Command::StartFlow(..) | Command::PasteFlow(_), _)
        | (Command::CancelFlow | Command::SimulateAllow(_), _)
        | (Command::Copy(_) | Command::OpenUrl(_) | Command::M2m(_), _)
        | (Command::AuthCode(_), _)
        | (Command::Migrate(_), _)
        | (Command::IssueToken(..) | Command::TestProfiles(..), _) => return,
    };
    let _ = tx.send(msg);
}

/// Clicks and wheel turns; moves and drags would only cost redraws.
fn wanted(m: &crossterm::event::MouseEvent) -> bool {
    use crossterm::event::MouseEventKind as K;
    matches!(m.kind, K::Down(_) | K::ScrollUp | K::ScrollDown)
}

fn draw(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &App) -> io::Result<()> {
    terminal.draw(|f| view::render(f, app))?;
    Ok(())
}

/// SIGTERM and SIGHUP, which would otherwise end the process with the terminal still in raw
/// mode on the alternate screen.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                term: signal(SignalKind::terminate())?,
                hup: signal(SignalKind::hangup())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}

/// Starts the tick interval when a test starts running and drops it when it stops.
fn sync_ticker(app: &App, ticker: &mut Option<(Interval, Instant)>) {
    match (app.is_running(), ticker.is_some()) {
        (true, false) => {
            let mut i = tokio::time::interval(TICK);
            i.set_missed_tick_behavior(MissedTickBehavior::Skip);
            *ticker = Some((i, Instant::now()));
        }
        (false, true) => *ticker = None,
        _ => {}
    }
}

/// Waits for the next tick, or forever when no test runs.
async fn tick(ticker: &mut Option<(Interval, Instant)>) -> Instant {
    match ticker {
        Some((i, started)) => {
            i.tick().await;
            *started
        }
        None => std::future::pending().await,
    }
}

/// The report shown when the check task itself failed (a bug in nstba, not a NetSuite answer).
pub fn internal_error_report(account: String) -> Report {
    use crate::check::Hosts;
    Report {
        account,
        environment: "unknown".into(),
        hosts: Hosts::default(),
        ok: false,
        cancelled: false,
        checks: Vec::new(),
        diagnoses: vec![crate::check::diagnose::internal_error()],
    }
}

/// Runs `checks` in its own task; a panic inside becomes [`internal_error_report`].
pub async fn guarded<F>(account: String, checks: F) -> Report
where
    F: std::future::Future<Output = Report> + Send + 'static,
{
    match tokio::spawn(checks).await {
        Ok(report) => report,
        Err(_) => internal_error_report(account),
    }
}

/// Runs the checks in a task; events and the report come back as messages.
fn spawn_checks(
    run: u64,
    settings: crate::check::Settings,
    cancel: CancellationToken,
    tx: UnboundedSender<Message>,
) {
    tokio::spawn(async move {
        let (etx, mut erx) = mpsc::unbounded_channel();
        let forward_tx = tx.clone();
        let forward = tokio::spawn(async move {
            while let Some(ev) = erx.recv().await {
                if forward_tx.send(Message::Check(run, ev)).is_err() {
                    break;
                }
            }
        });
        // An inner task, so a panic in the checks becomes a report instead of a test that spins
        // forever.
        let account = settings.account.clone();
        let report = guarded(
            account,
            async move { run_checks(&settings, etx, cancel).await },
        )
        .await;
        // All events are delivered before the report (the sender was dropped with run_checks).
        let _ = forward.await;
        let _ = tx.send(Message::ChecksDone(run, report));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_the_checks_becomes_an_internal_error_report() {
        let report = guarded("1234567".into(), async {
            if std::hint::black_box(true) {
                panic!("bug in a probe");
            }
            internal_error_report(String::new())
        })
        .await;
        assert!(!report.ok);
        assert_eq!(report.account, "1234567");
        assert_eq!(report.diagnoses[0].code, "internal-error");
    }
}
