//! The authorization code login over the network: a one-shot loopback HTTPS listener for the
//! browser's redirect ([`listener`], on TLS from [`tls`]), the flow itself — authorize URL,
//! waiting for the redirect or a pasted address, the code exchange, revoking ([`login`]). The
//! refresh token is kept in an `authcode` profile ([`crate::profile::ProfileRefreshStore`]).

pub mod listener;
pub mod login;
pub mod tls;

pub use login::{LoggedIn, LoginClient, LoginFailure, LoginSettings, PendingLogin};
