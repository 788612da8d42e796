//! Token-issuing flows run against NetSuite over the network, outside the connection test (they
//! are not checks): the TBA three-step flow with its loopback callback server
//! ([`three_legged`]), the legacy issuetoken call with an NLAuth login ([`issuetoken`]), and
//! the M2M certificate rotation API with a token the credentials obtain for themselves
//! ([`cert_rotation`]); and the OAuth 2.0 authorization code login with its HTTPS loopback
//! listener ([`authcode`]), and the M2M bootstrap from such a login ([`bootstrap`]). The pure request building and answer parsing live in
//! [`crate::netsuite::flow`].

pub mod authcode;
pub mod bootstrap;
pub mod cert_rotation;
pub mod issuetoken;
mod loopback;
pub mod three_legged;
