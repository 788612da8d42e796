//! Placeholder for `test` (replaced by its implementation).

use super::{Exit, Failure};

/// Not available yet.
pub fn run(_args: &super::TestArgs) -> Result<Exit, Failure> {
    Err(Failure::internal(
        "this command is not available in this build yet",
    ))
}
