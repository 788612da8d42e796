//! The wizard under terminal abuse (issue 8, resilience): storms of resizes to random sizes
//! (0×0 and 1×1 included) interleaved with keys, pastes, ticks and check events, each followed by a
//! draw on a `TestBackend`; and every screen and overlay drawn at 0×0, 1×1 and other slivers. Nothing
//! may panic. (That a panic would still restore the terminal is covered by `tui_pty.rs`.)

use std::time::Duration;

use crate::support::tui::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nstba::check::{CheckEvent, CheckId, Status};
use nstba::tui::{App, AppOptions, Command, Demo, Message, Pasted, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Deterministic xorshift, so a failure replays exactly (the seed is in the panic message).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A terminal size: mostly tiny or degenerate, sometimes ordinary or huge.
fn size(rng: &mut Rng) -> (u16, u16) {
    match rng.below(6) {
        0 => (0, 0),
        1 => (1, 1),
        2 => (rng.below(4) as u16, rng.below(4) as u16),
        3 => (rng.below(30) as u16, rng.below(10) as u16),
        4 => (40 + rng.below(80) as u16, 10 + rng.below(40) as u16),
        _ => (rng.below(250) as u16, rng.below(70) as u16),
    }
}

const KEYS: [KeyCode; 16] = [
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Char('?'),
    KeyCode::Char('x'),
    KeyCode::Char('1'),
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::PageDown,
    KeyCode::PageUp,
    KeyCode::Backspace,
    KeyCode::Char(' '),
    KeyCode::F(2),
];

/// Applies one random input to `app`; returns the run id when the app asked to start checks.
fn poke(app: &mut App, rng: &mut Rng, run: &mut Option<u64>) {
    let cmd = match rng.below(10) {
        0..=3 => app.update(Message::Resize),
        4..=6 => {
            let code = KEYS[rng.below(KEYS.len() as u64) as usize];
            // Never Ctrl-C / q-quit here: the storm is about surviving, not leaving.
            app.update(Message::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        }
        7 => app.update(Message::Paste(Pasted(
            "1234567_SB1".repeat(rng.below(3) as usize),
        ))),
        8 => app.update(Message::Tick(Duration::from_millis(rng.below(100_000)))),
        _ => match *run {
            Some(r) => {
                let ids = [
                    CheckId::AccountId,
                    CheckId::Clock,
                    CheckId::RestLogin,
                    CheckId::SoapLogin,
                ];
                let id = ids[rng.below(4) as usize];
                if rng.below(2) == 0 {
                    app.update(Message::Check(r, CheckEvent::Started(id)))
                } else {
                    app.update(Message::Check(
                        r,
                        CheckEvent::Finished(result(id, Status::Fail, rng.below(9999), "x")),
                    ))
                }
            }
            None => None,
        },
    };
    match cmd {
        Some(Command::StartChecks(r, _)) => *run = Some(r),
        Some(Command::CancelChecks) => {
            if let Some(r) = run.take() {
                app.update(Message::ChecksDone(r, failing_report()));
            }
        }
        _ => {}
    }
    if let Some(r) = *run
        && rng.below(40) == 0
    {
        app.update(Message::ChecksDone(r, failing_report()));
    }
}

fn storm(mut app: App, seed: u64, steps: usize) {
    let mut rng = Rng(seed);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut run = None;
    for step in 0..steps {
        poke(&mut app, &mut rng, &mut run);
        let (w, h) = size(&mut rng);
        terminal.backend_mut().resize(w, h);
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            terminal.draw(|f| view::render(f, &app)).map(|_| ())
        }));
        match drawn {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("seed {seed} step {step}: draw at {w}x{h} failed: {e}"),
            Err(_) => panic!(
                "seed {seed} step {step}: render panicked at {w}x{h} on {:?}",
                app.screen
            ),
        }
    }
}

/// The test screen: running (checks fed halfway), cancelled, finished, or showing a diagnosis.
fn test_app(done: bool, cancel: bool, detail: bool) -> App {
    let mut app = app_at_step(5);
    type_str(&mut app, "1234567_SB1");
    let run = run_id(enter(&mut app));
    feed_checks(&mut app, run, done);
    if cancel {
        esc(&mut app);
    }
    if done {
        app.update(Message::ChecksDone(run, failing_report()));
    }
    if detail {
        enter(&mut app);
    }
    app
}

#[test]
fn resize_storms_with_keys_never_panic() {
    let demo = || AppOptions {
        demo: Some(Demo {
            scenarios: vec![
                ("healthy".into(), "everything works".into()),
                ("clock-skew".into(), "the clock is off".into()),
            ],
            current: 0,
        }),
        ..AppOptions::default()
    };
    let starts: Vec<Box<dyn Fn() -> App>> = vec![
        Box::new(App::default),
        Box::new(|| app_at_step(1)),
        Box::new(|| app_at_step(5)),
        Box::new(|| App::new(demo())),
        Box::new(|| test_app(true, false, false)),
    ];
    for (i, start) in starts.iter().enumerate() {
        for seed in [7919u64, 104_729] {
            storm(start(), seed + i as u64, 120);
        }
    }
}

#[test]
fn every_screen_and_overlay_draws_at_degenerate_sizes() {
    let mut apps: Vec<(&str, App)> = vec![("start", App::default())];
    for n in 0..6 {
        apps.push(("setup", app_at_step(n)));
    }
    let mut help = App::default();
    key(&mut help, '?');
    apps.push(("help", help));
    let mut confirm = app_at_step(1);
    enter(&mut confirm);
    type_str(&mut confirm, "abc");
    code(&mut confirm, KeyCode::BackTab);
    key(&mut confirm, 'q');
    apps.push(("confirm quit", confirm));
    let mut translator = App::default();
    key(&mut translator, 'j');
    key(&mut translator, 'j');
    enter(&mut translator);
    type_str(&mut translator, "InvalidSignature");
    apps.push(("translator", translator));
    apps.push(("running", test_app(false, false, false)));
    apps.push(("cancelled", test_app(false, true, false)));
    apps.push(("results", test_app(true, false, false)));
    apps.push(("detail", test_app(true, false, true)));

    for (name, app) in &apps {
        for (w, h) in [(0, 0), (1, 1), (0, 40), (200, 0), (1, 60), (300, 1), (2, 2)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| view::render(f, app))
                .unwrap_or_else(|e| panic!("{name} at {w}x{h}: {e}"));
        }
    }
}
