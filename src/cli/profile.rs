//! Placeholder for `profile` (replaced by its implementation).

use super::{Exit, Failure};

/// Not available yet.
pub fn run(_cmd: &super::ProfileCommand) -> Result<Exit, Failure> {
    Err(Failure::internal(
        "this command is not available in this build yet",
    ))
}
