//! Saved profiles (TOML via `directories`) and secret storage (OS keychain or a 0600 file). The
//! Markdown support report and the profile warnings are rendered in [`crate::report`].
//!
//! Profiles hold what is not secret (account, environment, which interfaces, notes, last test,
//! sandbox refresh date, the auth kind's facts) in `profiles.toml`; the secrets (the four TBA
//! values, or an OAuth 2.0 kind's: see [`kind`]) go to the keychain, or, where none is usable
//! (headless Linux, CI, SSH), to `secrets.toml` with mode 0600 and a one-time warning. An
//! authorization-code login is a profile too: its refresh token rotates through the store
//! ([`ProfileRefreshStore`]).

mod authcode;
pub mod clock;
pub mod error;
mod files;
pub mod kind;
mod kind_file;
mod m2m;
pub mod model;
mod refresh;
pub mod secrets;
pub mod store;

pub use authcode::ProfileRefreshStore;
pub use error::{ProfileError, kind_label};
pub use files::write_private_new;
pub use kind::{AuthcodeFacts, AuthcodeSecrets, M2mFacts, M2mSecrets, ProfileAuth, ProfileSecrets};
pub use model::{
    LastTest, NAME_MAX, Profile, RemoveOutcome, SaveOutcome, SecretStoreKind, validate_name,
};
pub use secrets::parse_secrets;
pub use store::{ProfileStore, parse_profiles};

#[cfg(test)]
mod kind_tests;
