//! The network stage: the account lookup and the reachability check. Neither needs the other's
//! answer (reachability goes to the hosts derived from the account id, not to the hosts the lookup
//! names), so with more than one request allowed in flight both are sent at once; their answers
//! are then recorded in plan order — lookup first — exactly as if they had been sent one after
//! the other: a lookup that stops the run drops the reachability answer unseen, and the checks
//! and events come out the same either way.

use super::{Run, SkipReason, lookup, reach};
use crate::check::model::CheckId;

pub(super) async fn run(r: &mut Run<'_>) {
    let Some(account) = r.account.clone() else {
        return;
    };
    if !lookup::setup(r, &account) {
        return;
    }
    let (Some(http), Some(origins)) = (r.http.clone(), r.origins.clone()) else {
        return;
    };
    let target = reach::target(&r.apis, &origins);
    if r.settings.in_flight < 2 {
        let a = lookup::fetch(&http, &origins, &account, r.cancel).await;
        lookup::apply(r, &account, a);
        if go_on(r) {
            let b = reach::fetch(&http, &target, r.cancel).await;
            reach::apply(r, &target, b);
        }
        return;
    }
    // The lookup is the first check of the stage: the views see it start now.
    r.rec.announce(CheckId::AccountLookup);
    let (a, b) = tokio::join!(
        lookup::fetch(&http, &origins, &account, r.cancel),
        reach::fetch(&http, &target, r.cancel)
    );
    lookup::apply(r, &account, a);
    if go_on(r) {
        reach::apply(r, &target, b);
    }
}

/// True when the reachability check is still wanted after the lookup (as between two stages of
/// the plan: not stopped, not cancelled).
fn go_on(r: &mut Run<'_>) -> bool {
    if r.stop.is_none() && r.cancel.is_cancelled() {
        r.stop = Some(SkipReason::Cancelled);
    }
    r.stop.is_none()
}
