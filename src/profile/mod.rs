//! Saved profiles (TOML via `directories`) and secret storage (OS keychain or a 0600 file). The
//! Markdown support report and the profile warnings are rendered in [`crate::report`].
//!
//! Profiles hold what is not secret (account, environment, which interfaces, notes, last test,
//! sandbox refresh date) in `profiles.toml`; the four TBA values go to the keychain, or, where none
//! is usable (headless Linux, CI, SSH), to `secrets.toml` with mode 0600 and a one-time warning.

pub mod clock;
pub mod error;
mod files;
pub mod model;
pub mod secrets;
pub mod store;

pub use error::ProfileError;
pub use files::write_private_new;
pub use model::{
    LastTest, NAME_MAX, Profile, RemoveOutcome, SaveOutcome, SecretStoreKind, validate_name,
};
pub use secrets::parse_secrets;
pub use store::{ProfileStore, parse_profiles};
