//! Every line the CLI prints goes through [`out!`] (stdout) or [`err!`] (stderr). A closed stdout
//! (`nstba profile list | head -1`) ends the process quietly with status 0 instead of the panic
//! `println!` gives (exit 101); a closed stderr is ignored (there is nobody left to tell).

use std::io::Write;

use super::CliError;

/// Prints one line to stdout; a closed pipe exits the process quietly.
macro_rules! out {
    () => {
        $crate::cli::out::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::out::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints one line to stderr, ignoring a closed stderr.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::cli::out::stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes to stdout. A failed write ends the process through [`CliError::Output`]: a reader that
/// went away is status 0 and no message (it decided it had enough); any other write error (a full
/// disk) exits 3 saying so.
pub fn stdout(args: std::fmt::Arguments<'_>) {
    let mut o = std::io::stdout().lock();
    if let Err(e) = o.write_fmt(args).and_then(|()| o.flush()) {
        drop(o);
        CliError::Output(e).exit();
    }
}

/// Writes to stdout and reports failure instead of exiting (for output that must not be lost:
/// the caller keeps it elsewhere).
pub fn try_stdout(args: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_fmt(args).and_then(|()| o.flush())
}

/// Writes to stderr, ignoring failure.
pub fn stderr(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}
