//! How a command ends other than in success, and the one mapping from that to an exit status
//! ([`CliError::exit_code`]): 0 success (and a reader that closed the pipe), 1 a problem found,
//! 2 usage or input error, 3 internal error (panics included), 130 cancelled.

use std::io;

use nstba::check::Report;

/// Why a command did not succeed. Every exit status the CLI produces comes from
/// [`CliError::exit_code`]; commands never pick a number themselves.
#[derive(Debug)]
pub enum CliError {
    /// clap rejected the command line (exit 2), or printed `--help`/`--version` (exit 0).
    Parse(clap::Error),
    /// A usage or input error (exit 2). `None`: the command already said why.
    Usage(Option<String>),
    /// The command ran and found a problem (exit 1). `None`: what it found is already printed.
    Problem(Option<String>),
    /// The user cancelled (Ctrl-C); what was done so far is already printed (exit 130).
    Cancelled,
    /// Something nstba could not work around: a runtime that would not start, a failing disk, a
    /// bug (exit 3).
    Internal(String),
    /// Writing stdout failed. A reader that went away (`nstba explain … | head -1`) decided it
    /// had enough: exit 0, silently. Any other failure (a full disk) is exit 3.
    Output(io::Error),
    /// A panic outside the connection test, caught in `main` (exit 3; the panic message is
    /// already on stderr).
    Panicked,
}

impl CliError {
    /// A usage or input error with a one-line message (no secrets).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage(Some(message.into()))
    }

    /// An internal error with a one-line message (no secrets).
    pub fn internal(message: impl Into<String>) -> CliError {
        CliError::Internal(message.into())
    }

    /// The exit status: the only place the CLI's statuses are decided.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Parse(e) if !e.use_stderr() => 0,
            CliError::Parse(_) | CliError::Usage(_) => 2,
            CliError::Problem(_) => 1,
            CliError::Cancelled => 130,
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            CliError::Internal(_) | CliError::Output(_) | CliError::Panicked => 3,
        }
    }

    /// Tells the user, on stderr (clap's help on stdout), what has not been said yet.
    pub fn tell(&self) {
        match self {
            CliError::Parse(e) => {
                let _ = e.print();
            }
            CliError::Usage(Some(m)) | CliError::Problem(Some(m)) | CliError::Internal(m) => {
                err!("nstba: {m}");
            }
            CliError::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            CliError::Output(e) => err!("nstba: cannot write the output: {e}"),
            CliError::Panicked => {
                err!("nstba: internal error (a bug in nstba; the panic message above says where)")
            }
            CliError::Usage(None) | CliError::Problem(None) | CliError::Cancelled => {}
        }
    }

    /// Tells the user and ends the process with [`CliError::exit_code`], for the few places that
    /// cannot return (a print deep inside a command).
    pub fn exit(self) -> ! {
        self.tell();
        std::process::exit(i32::from(self.exit_code()))
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Parse(e) => write!(f, "{e}"),
            CliError::Usage(Some(m)) | CliError::Problem(Some(m)) | CliError::Internal(m) => {
                f.write_str(m)
            }
            CliError::Usage(None) => f.write_str("usage error"),
            CliError::Problem(None) => f.write_str("a problem was found"),
            CliError::Cancelled => f.write_str("cancelled"),
            CliError::Output(e) => write!(f, "cannot write the output: {e}"),
            CliError::Panicked => f.write_str("internal error (panic)"),
        }
    }
}

impl std::error::Error for CliError {}

/// The status of a finished connection test: cancelled beats a problem found.
pub fn outcome(report: &Report) -> Result<(), CliError> {
    if report.cancelled {
        Err(CliError::Cancelled)
    } else if report.ok {
        Ok(())
    } else {
        Err(CliError::Problem(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mapping_per_class() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let full = io::Error::other("disk full");
        let cases = [
            (CliError::usage("x"), 2),
            (CliError::Usage(None), 2),
            (CliError::Problem(None), 1),
            (CliError::Cancelled, 130),
            (CliError::internal("x"), 3),
            (CliError::Panicked, 3),
            (CliError::Output(pipe), 0),
            (CliError::Output(full), 3),
        ];
        for (e, code) in cases {
            assert_eq!(e.exit_code(), code, "{e:?}");
        }
    }
}
