//! The `nstba` binary: parses the command line and hands over to the CLI commands or the TUI.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Before anything holds a secret.
    nstba::secret::forbid_core_dumps();
    cli::run(cli::Cli::parse())
}
