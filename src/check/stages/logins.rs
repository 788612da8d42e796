//! The logins stage: the REST login (`serverTime`), whose outcome decides whether the capability
//! probes run and whether the RESTlet probe is sent to narrow a refusal.

use super::Run;
use super::signed::REST_LOGIN;

pub(super) async fn run(r: &mut Run<'_>) {
    r.probe(&REST_LOGIN).await;
}
