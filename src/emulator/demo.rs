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

/// Name of the demo account's administrator role (NetSuite's Administrator role has internal id 3).
pub const ADMIN_ROLE_ID: u32 = 3;

/// A second, working credential of the demo account: an administrator's token for another
/// integration record ("nstba admin tools"), which every scenario leaves intact (except the
/// ones that break every token: TBA off, unknown account). Used to read the Login Audit Trail
/// (`nstba audit`, `--audit-profile`) the way a support engineer would.
pub fn admin_credentials() -> Credentials {
    Credentials::new(
        "ad000001".repeat(8),
        "ad000002".repeat(8),
        "ad000003".repeat(8),
        "ad000004".repeat(8),
    )
}

/// The four fake credentials of account `realm` in a multi-account emulator
/// ([`crate::emulator::AccountSpec`]): `hex(sha256("nstba-demo/{realm}/{field}"))` for the fields
/// `consumer-key`, `consumer-secret`, `token-id`, `token-secret` (64 hex characters, like
/// NetSuite's), so a script can compute them too. The consumer key is also the account's OAuth
/// 2.0 client id.
pub fn credentials_for(realm: &str) -> Credentials {
    use sha2::Digest as _;
    let field = |name: &str| -> String {
        sha2::Sha256::digest(format!("nstba-demo/{realm}/{name}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    Credentials::new(
        field("consumer-key"),
        field("consumer-secret"),
        field("token-id"),
        field("token-secret"),
    )
}
