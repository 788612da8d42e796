//! The authorization code grant with PKCE (reference §2), the pure parts: the PKCE verifier and
//! its S256 challenge ([`pkce`]), the `state` value ([`state`]), the authorize URL ([`authorize`]),
//! the redirect the browser comes back with ([`callback`]), the token, refresh and revoke request
//! bodies with the client's authentication ([`grant`]), the refresh token's validity ([`validity`])
//! and what an authorization-code integration holds ([`credentials`]). No network.

pub mod authorize;
pub mod callback;
pub mod credentials;
pub mod grant;
pub mod pkce;
pub mod state;
pub mod validity;

pub use authorize::AuthorizeRequest;
pub use callback::{Callback, CallbackError};
pub use credentials::AuthCodeCredentials;
pub use grant::ClientAuth;
pub use pkce::Pkce;
pub use validity::{RefreshValidity, ValidityStatus};
