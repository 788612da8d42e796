//! The runtime: owns the terminal, turns crossterm events and background results into
//! [`Message`]s on one channel, calls `update`, executes [`Command`]s, and redraws only when
//! something changed. A tick interval exists only while a test runs, so an idle wizard uses no CPU.
//!
//! The terminal is restored on every exit path: normal return, error (the guard's `Drop`), and
//! panic (a hook restores first, then prints the message).

use std::io::{self, Stdout, Write};
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
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
use super::view;
use crate::check::run_checks;

/// Spinner and elapsed-time refresh while a test runs.
const TICK: Duration = Duration::from_millis(100);

/// What the runtime can do in demo mode (implemented by the launcher over the emulator, so the UI
/// does not own it).
pub trait DemoControl: Send {
    /// Makes the emulator play scenario `index` (of `Scenario::all()`).
    fn set_scenario(&mut self, index: usize);
}

/// Saves profiles (implemented by the launcher once the profile store exists).
pub trait ProfileStore: Send {
    /// Saves `settings` under `name`; `Err` is a message without secrets.
    fn save(&mut self, name: &str, settings: &crate::check::Settings) -> Result<(), String>;
    /// Loads the account and credentials saved under `name`; `Err` is a message without secrets.
    fn load(&mut self, name: &str) -> Result<(String, crate::netsuite::Credentials), String>;
}

/// Puts the terminal back: bracketed paste off, main screen, cooked mode, cursor visible. Safe to
/// call more than once.
pub fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
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
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first so the message lands on the normal screen, readable.
        restore_terminal();
        previous(info);
    }));
}

/// Runs the wizard until the user quits.
pub async fn run(
    mut app: App,
    mut demo: Option<Box<dyn DemoControl>>,
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
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;

    let mut signals = Signals::new()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let mut input = EventStream::new();
    let mut ticker: Option<(Interval, Instant)> = None;
    let mut cancel: Option<CancellationToken> = None;
    let mut dirty = true;

    loop {
        if dirty {
            draw(&mut terminal, &app)?;
            dirty = false;
        }
        // Biased: background results first so a burst of keys cannot starve them.
        let msg = tokio::select! {
            biased;
            Some(m) = rx.recv() => m,
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Message::Key(k),
                Some(Ok(Event::Paste(s))) => Message::Paste(Pasted(s)),
                Some(Ok(Event::Resize(_, _))) => Message::Resize,
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
        let Some(cmd) = app.update(msg) else {
            sync_ticker(&app, &mut ticker);
            continue;
        };
        match cmd {
            Command::Quit => break,
            Command::StartChecks(run, settings) => {
                if let Some(c) = cancel.take() {
                    c.cancel();
                }
                let token = CancellationToken::new();
                cancel = Some(token.clone());
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
            Command::SaveProfile(name, settings) => {
                let result = match profiles.as_mut() {
                    Some(store) => store.save(&name, &settings).map(|()| name),
                    None => Err("profiles are not available in this build yet".to_string()),
                };
                let _ = tx.send(Message::ProfileSaved(result));
            }
            Command::LoadProfile(name) => {
                let result = match profiles.as_mut() {
                    Some(store) => store.load(&name).map(Box::new),
                    None => Err("profiles are not available in this build yet".to_string()),
                };
                let _ = tx.send(Message::ProfileLoaded(name, result));
            }
        }
        sync_ticker(&app, &mut ticker);
    }
    if let Some(c) = cancel {
        c.cancel();
    }
    drop(terminal);
    Ok(())
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
        let report = run_checks(&settings, etx, cancel).await;
        // All events are delivered before the report (the sender was dropped with run_checks).
        let _ = forward.await;
        let _ = tx.send(Message::ChecksDone(run, report));
    });
}
