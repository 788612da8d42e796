//! Placeholder for `emulator` (replaced by its implementation).

use super::{Exit, Failure};

/// Not available yet.
pub fn run(_args: &super::EmulatorArgs) -> Result<Exit, Failure> {
    Err(Failure::internal(
        "this command is not available in this build yet",
    ))
}
