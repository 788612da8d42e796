//! `nstba` with no command: the TUI wizard. `--demo` starts the built-in emulator in-process,
//! pre-fills its demo credentials and lets the user cycle through its failure scenarios.

use std::io::IsTerminal;

use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::tui::runtime::{self, DemoControl};
use nstba::tui::{App, AppOptions, Demo};

use super::{Exit, Failure};

/// Runs the wizard (optionally in demo mode, optionally naming a profile to open).
pub fn run(demo: bool, profile: Option<&str>) -> Result<Exit, Failure> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the wizard needs an interactive terminal; in scripts use `nstba test` (see --help)",
        ));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let mut options = AppOptions {
            last_profile: profile.map(str::to_string),
            ..AppOptions::default()
        };
        let control = if demo {
            let (control, demo_options) = start_demo().await?;
            options.demo = demo_options.demo;
            options.base_url = demo_options.base_url;
            options.prefill = demo_options.prefill;
            Some(control)
        } else {
            None
        };
        runtime::run(App::new(options), control, None)
            .await
            .map_err(|e| Failure::internal(format!("terminal error: {e}")))
    })?;
    Ok(Exit::Ok)
}

/// The in-process emulator, driven by the wizard's "next scenario" key. Dropping it stops it.
struct DemoEmulator(Emulator);

impl DemoControl for DemoEmulator {
    fn set_scenario(&mut self, index: usize) {
        if let Some(s) = Scenario::all().get(index) {
            self.0.set_scenario(*s);
        }
    }
}

/// Starts the emulator on a loopback port and returns its control and the app options pointing
/// at it, pre-filled with the demo account and credentials.
async fn start_demo() -> Result<(Box<dyn DemoControl>, AppOptions), Failure> {
    let emulator = Emulator::start(EmulatorConfig {
        scenario: Scenario::Healthy,
        ..EmulatorConfig::default()
    })
    .await
    .map_err(|e| Failure::internal(format!("cannot start the demo emulator: {e}")))?;
    let scenarios = Scenario::all()
        .iter()
        .map(|s| (s.name().to_string(), s.description().to_string()))
        .collect();
    let current = Scenario::all()
        .iter()
        .position(|s| *s == Scenario::Healthy)
        .unwrap_or(0);
    let options = AppOptions {
        demo: Some(Demo { scenarios, current }),
        base_url: Some(emulator.base_url()),
        prefill: Some((demo::ACCOUNT.to_string(), demo::credentials())),
        last_profile: None,
    };
    Ok((Box::new(DemoEmulator(emulator)), options))
}
