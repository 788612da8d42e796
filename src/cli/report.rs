//! Placeholder for `report` (replaced by its implementation).

use super::{Exit, Failure};

/// Not available yet.
pub fn run(_options: &super::TestOptions) -> Result<Exit, Failure> {
    Err(Failure::internal(
        "this command is not available in this build yet",
    ))
}
