//! The demo account and its credentials, used by `nstba --demo`, `nstba emulator` and tests.
//! The values are deliberately recognisable as fake (`deadbeef…`), so nobody mistakes them for a
//! real integration's secrets.

use crate::netsuite::Credentials;

/// The emulated account id (a sandbox, canonical form).
pub const ACCOUNT: &str = "1234567_SB1";
/// Script id of the one deployed sample RESTlet.
pub const RESTLET_SCRIPT: &str = "customscript_nstba_demo";
/// Deployment id of the sample RESTlet.
pub const RESTLET_DEPLOY: &str = "customdeploy_nstba_demo";

/// The four fake credentials the emulator's demo account accepts (64 hex characters each, like
/// NetSuite's).
pub fn credentials() -> Credentials {
    Credentials::new(
        "deadbeef".repeat(8),
        "0badc0de".repeat(8),
        "feedface".repeat(8),
        "5ca1ab1e".repeat(8),
    )
}
