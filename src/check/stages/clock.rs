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
    // A `Date` has whole seconds, so two samples of one clock differ by up to 1 s depending on
    // where the second ticks over: only a larger skew beyond that replaces the kept sample (the
    // source named must not depend on timing).
    if r.facts
        .skew
        .as_ref()
        .is_none_or(|s| secs.abs() > s.secs.abs() + 1)
    {
        r.facts.skew = Some(SkewFact {
            secs,
            source: source.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::super::Run;
    use super::note_skew_at;
    use crate::check::Settings;
    use crate::check::run::Recorder;
    use tokio_util::sync::CancellationToken;

    /// Two samples of one server clock read 1 s apart at most (whole-second `Date`s): the first
    /// stays, so the source named does not depend on which answer came first; a larger skew
    /// beyond that replaces it.
    #[test]
    fn a_later_sample_replaces_the_kept_one_only_beyond_a_second() {
        let s = Settings::new("1234567", crate::emulator::demo::credentials());
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        let local = SystemTime::now();
        let behind = |secs| local - Duration::from_secs(secs);
        note_skew_at(&mut run, behind(100), local, "first");
        note_skew_at(&mut run, behind(101), local, "second");
        let kept = run.facts.skew.clone().expect("a sample");
        assert_eq!((kept.secs, kept.source.as_str()), (100, "first"));
        note_skew_at(&mut run, behind(102), local, "third");
        let kept = run.facts.skew.clone().expect("a sample");
        assert_eq!((kept.secs, kept.source.as_str()), (102, "third"));
        // A 1970 Date says nothing about this computer's clock.
        note_skew_at(&mut run, SystemTime::UNIX_EPOCH, local, "broken");
        assert_eq!(run.facts.skew.expect("a sample").source, "third");
    }
}

#[cfg(test)]
mod mutation_tests {
    use std::time::{Duration, SystemTime};

    use super::super::{DateSample, Run};
    use super::*;
    use crate::check::Settings;
    use crate::check::run::Recorder;
    use tokio_util::sync::CancellationToken;

    /// The clock check's status and whether the run stops on the skew, for a server `Date`
    /// `behind` seconds behind this computer (negative: ahead).
    fn judged(behind: i64) -> (Status, bool) {
        let s = Settings::new("1234567", crate::emulator::demo::credentials());
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        let local = SystemTime::now();
        let d = Duration::from_secs(behind.unsigned_abs());
        let server = if behind >= 0 { local - d } else { local + d };
        run.dates.push(DateSample {
            server,
            local,
            source: "test",
        });
        judge(&mut run);
        let status = run.rec.results().last().expect("the clock check").status;
        (status, run.skew_fail)
    }

    #[test]
    fn a_minute_is_fine_five_minutes_a_warning_and_beyond_a_failure() {
        assert_eq!(judged(60), (Status::Pass, false));
        assert_eq!(judged(61), (Status::Warn, false));
        assert_eq!(judged(300), (Status::Warn, false), "NetSuite allows ±5 min");
        assert_eq!(judged(301), (Status::Fail, true));
        assert_eq!(judged(-301), (Status::Fail, true));
        assert_eq!(judged(-60), (Status::Pass, false));
    }

    #[test]
    fn a_sample_seen_after_the_check_is_measured_against_now() {
        let s = Settings::new("1234567", crate::emulator::demo::credentials());
        let cancel = CancellationToken::new();
        let mut run = Run::new(&s, &cancel, Recorder::discarding());
        note_skew(
            &mut run,
            SystemTime::now() - Duration::from_secs(400),
            "late",
        );
        let kept = run.facts.skew.expect("a sample");
        assert!((399..=401).contains(&kept.secs.abs()), "{}", kept.secs);
        assert_eq!(kept.source, "late");
    }
}
