//! The signed probes — REST login, REST records and SuiteQL, RESTlet `tokeninfo`, SOAP
//! `getServerTime` — sent in waves of requests that do not depend on each other, and recorded in
//! plan order.
//!
//! Each probe's fate (send it, or skip it and why) is decided from the answers it depends on
//! alone, so it is the same whether one request is in flight at a time or
//! [`Settings::in_flight`](crate::check::Settings::in_flight): the capability probes wait for the
//! REST login ([`Run::determined`], [`Run::gate`]), and the failing-request budget is spent in
//! [`BUDGET_ORDER`] — the login of every selected interface first, then the capability probes. A
//! probe is sent only once the refused logins before it in that order are known to leave room
//! for it: counted pessimistically, every request still in flight is a refusal. A run therefore
//! never sends more than [`MAX_FAILING_SIGNED`] failing signed requests, however many go out at
//! once. The checks are then recorded in plan order, whatever order the answers came in, so the
//! event stream the views draw, the report and the diagnoses do not depend on the timing.
//!
//! With a healthy account and every interface selected this is two waves — the three logins,
//! then records ∥ SuiteQL — instead of five requests in a row.

use super::probes::CAPABILITIES;
use super::signed::{Probe, REST_LOGIN};
use super::{MAX_FAILING_SIGNED, MAX_IN_FLIGHT, Run, SkipReason, Timed};
use crate::check::probes::Sent;

/// How many signed probes the plan has.
const N: usize = 5;

/// The signed probes, in plan (and report) order.
const SIGNED: [&Probe; N] = [
    &REST_LOGIN,
    &CAPABILITIES[0],
    &CAPABILITIES[1],
    &CAPABILITIES[2],
    &CAPABILITIES[3],
];

/// The order the budget is spent in (indices into [`SIGNED`]): REST login, RESTlet
/// `tokeninfo`, SOAP — one login per interface, which together narrow a refusal — then records
/// and SuiteQL.
const BUDGET_ORDER: [usize; N] = [0, 3, 4, 1, 2];

// `wave` joins three requests.
const _: () = assert!(MAX_IN_FLIGHT == 3);

/// Where one probe stands.
enum Fate {
    /// Not decided yet.
    Open,
    /// Decided against, for this reason.
    Skip(SkipReason),
    /// In flight.
    Sent,
    /// Answered, not recorded yet.
    Answered(Timed<Sent>),
    /// Recorded; true when it was a refused login.
    Done(bool),
}

pub(super) async fn run(r: &mut Run<'_>) {
    let mut fates: [Fate; N] = std::array::from_fn(|_| Fate::Open);
    let base = r.budget.counted();
    let mut next = 0;
    loop {
        next = record_ready(r, &mut fates, next);
        if next == N || r.stop.is_some() {
            break;
        }
        let picks = decide(r, &mut fates, base);
        if picks.is_empty() {
            if matches!(fates[next], Fate::Open) {
                // Nothing left to wait for, yet undecided: cannot happen; never spin.
                fates[next] = Fate::Skip(SkipReason::Lockout);
            }
            continue;
        }
        // Streamed now if it is the next check in plan order; else when it is recorded.
        if matches!(fates[next], Fate::Sent) {
            r.rec.announce(SIGNED[next].id);
        }
        for (i, a) in wave(r, &picks).await {
            fates[i] = Fate::Answered(a);
        }
    }
    for (p, fate) in SIGNED.iter().zip(fates) {
        if let Fate::Answered(a) = fate {
            r.count_dropped(p, &a.value);
        }
    }
}

/// Records, in plan order from `next`, every probe whose fate is final; returns the first that
/// is not (or [`N`]). Stops when the run stops, or at an unsent probe once cancelled.
fn record_ready(r: &mut Run<'_>, fates: &mut [Fate; N], mut next: usize) -> usize {
    while next < N && r.stop.is_none() {
        let p = SIGNED[next];
        match std::mem::replace(&mut fates[next], Fate::Done(false)) {
            Fate::Skip(reason) => r.rec.skip(p.id, &reason.to_string()),
            Fate::Answered(a) => {
                fates[next] = Fate::Done(r.refused(p, &a.value));
                r.observe(p, a);
            }
            Fate::Done(refused) => fates[next] = Fate::Done(refused),
            other => {
                fates[next] = other;
                if matches!(fates[next], Fate::Open) && r.cancel.is_cancelled() {
                    r.stop = Some(SkipReason::Cancelled);
                }
                break;
            }
        }
        next += 1;
    }
    next
}

/// Decides, in [`BUDGET_ORDER`], every open probe that can be decided now; returns those to
/// send in the next wave (at most the run's bound, the next in plan order among them if it is).
fn decide(r: &Run<'_>, fates: &mut [Fate; N], base: usize) -> Vec<usize> {
    let bound = r.settings.in_flight.clamp(1, MAX_IN_FLIGHT);
    let mut picks = Vec::new();
    // Refused logins before the current probe in budget order: known, and possible.
    let (mut refused, mut unknown) = (base, 0);
    for &i in &BUDGET_ORDER {
        let p = SIGNED[i];
        if matches!(fates[i], Fate::Open) && r.determined(p) {
            if let Some(reason) = r.gate(p) {
                fates[i] = Fate::Skip(reason);
            } else if refused >= MAX_FAILING_SIGNED {
                fates[i] = Fate::Skip(SkipReason::Lockout);
            } else if refused + unknown < MAX_FAILING_SIGNED
                && picks.len() < bound
                && !r.cancel.is_cancelled()
            {
                fates[i] = Fate::Sent;
                picks.push(i);
            }
        }
        match &fates[i] {
            Fate::Open | Fate::Sent => unknown += 1,
            Fate::Answered(a) if r.refused(p, &a.value) => refused += 1,
            Fate::Done(true) => refused += 1,
            _ => {}
        }
    }
    picks.sort_unstable();
    picks
}

/// Sends the probes `picks` (at most [`MAX_IN_FLIGHT`]) at once.
async fn wave(r: &Run<'_>, picks: &[usize]) -> Vec<(usize, Timed<Sent>)> {
    let one = |k: usize| async move {
        match picks.get(k) {
            Some(&i) => Some((i, r.send_timed(SIGNED[i]).await)),
            None => None,
        }
    };
    let (a, b, c) = tokio::join!(one(0), one(1), one(2));
    [a, b, c].into_iter().flatten().collect()
}
