//! What both frontends show about a test beyond the check's own [`crate::check::Report`]: the
//! Markdown support report ([`markdown`]) and the warnings tied to a saved profile
//! ([`warnings`]); [`for_kind`] picks the layout of the run's auth kind. Rendering, not storage: the profile module only keeps the data.

mod authcode;
mod by_kind;
pub mod markdown;
pub mod oauth2;
mod warnings;

pub use authcode::{AUTHCODE_INTRO, markdown_authcode};
pub use by_kind::for_kind;
pub use markdown::ReportInput;
pub use warnings::warnings;
