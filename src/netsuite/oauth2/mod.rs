//! OAuth 2.0 for NetSuite, the pure parts: JWS compact encoding ([`jws`]), the client-credentials
//! (M2M) client assertion ([`assertion`]), the token request and its answers ([`token`]), the
//! unverified decoding of an access token's claims ([`claims`]), and the authorization code grant
//! with PKCE ([`authcode`]). No network: the check engine and the flows do the I/O.

pub mod assertion;
pub mod authcode;
pub mod claims;
pub mod credentials;
pub mod jws;
pub mod rotation;
pub mod token;

pub use assertion::{AssertionInput, ScopeForm};
pub use claims::TokenClaims;
pub use credentials::M2mCredentials;
pub use jws::Algorithm;
pub use token::{TokenError, TokenResponse};
