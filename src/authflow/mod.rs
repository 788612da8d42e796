//! Token-issuing flows run against NetSuite over the network, outside the connection test (they
//! are not checks): the TBA three-step flow with its loopback callback server
//! ([`three_legged`]). The pure request building and answer parsing live in
//! [`crate::netsuite::flow`].

pub mod three_legged;
