//! NetSuite facts as code: account ids and hosts, the OAuth 1.0a TBA signer, the SOAP token
//! passport, endpoint paths, OAuth 2.0 client assertions and M2M keys/certificates. No network,
//! no UI.

pub mod account;
pub mod cert;
pub mod credentials;
pub mod encode;
pub mod endpoints;
pub mod flow;
pub mod issuetoken;
pub mod oauth;
pub mod oauth2;
pub mod soap;

pub use account::{AccountId, AccountIdError, Environment};
pub use credentials::Credentials;
