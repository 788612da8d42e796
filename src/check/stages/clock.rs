//! The clock stage: this computer's clock against the most recent plausible server `Date` seen
//! so far (an implausible one, 1970 or year 9999, is a broken server or proxy, not our clock).

use std::time::SystemTime;

use super::{Run, result};
use crate::check::clock;
use crate::check::diagnose::SkewFact;
use crate::check::model::{CheckId, CheckResult, Status};

pub(super) fn run(r: &mut Run<'_>) {
    judge(r);
}

/// The `clock` check from the `Date` headers seen so far; sets [`Run::skew_fail`] when the skew
/// is beyond 5 minutes.
pub(super) fn judge(r: &mut Run<'_>) {
    let t = r.rec.start(CheckId::Clock);
    // The most recent plausible sample (the REST host's own Date when it answered) decides.
    if let Some(d) = r.dates.iter().rev().find(|d| clock::plausible(d.server)) {
        r.facts.skew = Some(SkewFact {
            secs: clock::skew_secs(d.local, d.server),
            source: d.source.to_string(),
        });
    }
    let Some(s) = r.facts.skew.clone() else {
        let res = match r.dates.last() {
            Some(d) => implausible(t, d.server, d.source),
            None => result(
                CheckId::Clock,
                Status::Skip,
                t,
                "no server time seen (no usable Date header)",
            ),
        };
        r.rec.finish(res);
        return;
    };
    let abs = s.secs.abs();
    let (status, summary) = if abs > clock::ERROR_SKEW_SECS {
        (
            Status::Fail,
            format!(
                "local clock is {} the server (limit ±5 min)",
                clock::describe(s.secs)
            ),
        )
    } else if abs > clock::WARN_SKEW_SECS {
        (
            Status::Warn,
            format!("local clock is {} the server", clock::describe(s.secs)),
        )
    } else {
        (Status::Pass, format!("within {abs} s of the server"))
    };
    let mut res = result(CheckId::Clock, status, t, summary);
    res.details.push(format!("source: {}", s.source));
    r.rec.finish(res);
    r.skew_fail = abs > clock::ERROR_SKEW_SECS;
}

/// Only implausible Dates were seen: ignored, with a warning.
fn implausible(t: std::time::Instant, server: SystemTime, source: &str) -> CheckResult {
    let mut res = result(
        CheckId::Clock,
        Status::Warn,
        t,
        format!(
            "the server's Date is not a plausible time ({}): ignored",
            httpdate::fmt_http_date(server)
        ),
    );
    res.details.push(format!("source: {source}"));
    res.details
        .push("a proxy or appliance between here and NetSuite may be rewriting answers".into());
    res
}

/// Records a skew sample seen after the clock check, keeping the largest. An implausible server
/// time is ignored: it would blame this computer's clock for a broken server.
pub(super) fn note_skew(r: &mut Run<'_>, server: SystemTime, source: &str) {
    note_skew_at(r, server, SystemTime::now(), source);
}

/// [`note_skew`] for a server time that arrived at `local` (an answer recorded after its wave).
pub(super) fn note_skew_at(r: &mut Run<'_>, server: SystemTime, local: SystemTime, source: &str) {
    if !clock::plausible(server) {
        return;
    }
    let secs = clock::skew_secs(local, server);
    if r.facts
        .skew
        .as_ref()
        .is_none_or(|s| secs.abs() > s.secs.abs())
    {
        r.facts.skew = Some(SkewFact {
            secs,
            source: source.to_string(),
        });
    }
}
