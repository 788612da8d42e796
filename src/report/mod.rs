//! What both frontends show about a test beyond the check's own [`crate::check::Report`]: the
//! Markdown support report ([`markdown`]) and the warnings tied to a saved profile
//! ([`warnings`]). Rendering, not storage: the profile module only keeps the data.

pub mod markdown;
pub mod oauth2;
mod warnings;

pub use markdown::ReportInput;
pub use warnings::warnings;
