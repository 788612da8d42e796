//! NetSuite facts as code: account ids and hosts, the OAuth 1.0a TBA signer, the SOAP token
//! passport, endpoint paths. No network, no UI.

pub mod account;
pub mod credentials;
pub mod encode;
pub mod endpoints;
pub mod flow;
pub mod oauth;
pub mod soap;

pub use account::{AccountId, AccountIdError, Environment};
pub use credentials::Credentials;
