//! The guided TBA → OAuth 2.0 migration (`nstba migrate`, the wizard's "Move this connection to
//! OAuth 2.0"): a checklist of eight [`Item`]s, each checked live where it can be, whose progress
//! is saved next to the profiles so a migration can stop and resume across days.
//!
//! - [`answer`]: what a typed answer to a question means (whole word or first letter);
//! - [`item`]: the checklist and each item's status; [`code`]: what can go wrong, per item;
//! - [`words`]: the words of both, from `assets/migrate.toml`;
//! - [`state`]: the progress file (no secrets in it);
//! - [`live`]: the inventory, the TBA test after each step and the side-by-side run;
//! - [`verdict`]: the pure rules that read those runs into [`Finding`]s;
//! - [`summary`]: where it stands, for the support report;
//! - [`new_profile`]: where the new OAuth 2.0 profile is saved (plugs into the profile store);
//! - [`notice`]: what a TBA profile's test says of its migration;
//! - [`steps`]: one item's step, the same for the CLI and the wizard; [`vars`]: the words' values;
//! - [`login`]: an authorization-code login's part: the key item's upload through the rotation
//!   API with the login's token, and the logins and TBA profiles a migration can use.
//!
//! Core only: no terminal, no command line. The CLI and the TUI drive it item by item.

pub mod answer;
pub mod code;
pub mod item;
pub mod keys;
pub mod live;
pub mod login;
pub mod new_profile;
pub mod notice;
pub mod state;
pub mod steps;
pub mod summary;
pub mod vars;
pub mod verdict;
pub mod words;

pub use code::MigrateCode;
pub use item::{Item, Status};
pub use state::{MigrationState, RecordChoice, Target};
pub use verdict::Finding;
