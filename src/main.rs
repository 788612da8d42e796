//! The `nstba` binary: parses the command line and hands over to the CLI commands or the TUI.
//! Every exit status comes from [`cli::CliError::exit_code`], a panic included.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::CliError;

fn main() -> ExitCode {
    // Before anything holds a secret.
    nstba::secret::forbid_core_dumps();
    // A panic anywhere outside the connection test (which turns its own into a report) is a bug:
    // the default hook has printed where, and the status is the documented 3, not Rust's 101.
    let result = std::panic::catch_unwind(|| {
        forced_panic_for_tests();
        cli::Cli::try_parse()
            .map_err(CliError::Parse)
            .and_then(cli::run)
    })
    .unwrap_or(Err(CliError::Panicked));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.tell();
            ExitCode::from(e.exit_code())
        }
    }
}

/// Debug builds only (the test binary's `nstba`): `NSTBA_DEBUG_PANIC=1` panics before the
/// command runs, so the tests can see that a panic exits 3. Release builds have no such switch.
fn forced_panic_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("NSTBA_DEBUG_PANIC").is_some() {
        panic!("NSTBA_DEBUG_PANIC is set");
    }
}
