//! Placeholder for `launch` (replaced by its implementation).

use super::{Exit, Failure};

/// Not available yet.
pub fn run(_demo: bool, _profile: Option<&str>) -> Result<Exit, Failure> {
    Err(Failure::internal(
        "this command is not available in this build yet",
    ))
}
