//! `nstba` with no command: the TUI wizard. `--demo` starts the built-in emulator in-process,
//! pre-fills its demo credentials and lets the user cycle through its failure scenarios.

use std::io::IsTerminal;

use nstba::tui::runtime::{self, DemoControl};
use nstba::tui::{App, AppOptions};

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

/// Starts the emulator and returns its control and the app options pointing at it.
async fn start_demo() -> Result<(Box<dyn DemoControl>, AppOptions), Failure> {
    Err(Failure::usage(
        "--demo needs the built-in emulator, which is not in this build yet",
    ))
}
