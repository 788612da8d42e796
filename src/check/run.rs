//! Runs a connection test: the plan of [`stages`](super::stages) (independent requests sent
//! together, recorded in plan order), a Started/Finished
//! event streamed per check through the [`Recorder`] (which also redacts every secret from what is
//! recorded, in this one place), then the diagnoses and the [`Report`].

use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::diagnose;
use super::model::{CheckEvent, CheckId, CheckResult, Diagnosis, Report, Status};
use super::run_info::RunInfo;
use super::settings::Settings;
use super::stages::{Run, result};
use crate::redact::Redactor;

pub use super::stages::{MAX_FAILING_SIGNED, MAX_IN_FLIGHT};

/// Collects results and streams events; every result and diagnosis passes its [`Redactor`].
pub(super) struct Recorder {
    events: UnboundedSender<CheckEvent>,
    checks: Vec<CheckResult>,
    redactor: Redactor,
    /// A check whose `Started` went out ahead (its request left with others): not sent twice.
    announced: Mutex<Option<CheckId>>,
}

impl Recorder {
    /// A recorder whose events nobody reads, for tests of the stages' decisions.
    #[cfg(test)]
    pub(super) fn discarding() -> Recorder {
        let (events, _) = tokio::sync::mpsc::unbounded_channel();
        Recorder {
            events,
            checks: Vec::new(),
            redactor: Redactor::new(Vec::<String>::new()),
            announced: Mutex::new(None),
        }
    }

    /// Streams `Started(id)` and returns the start time.
    pub(super) fn start(&self, id: CheckId) -> Instant {
        let mut announced = self.announced.lock().unwrap_or_else(|e| e.into_inner());
        if announced.take() != Some(id) {
            let _ = self.events.send(CheckEvent::Started(id));
        }
        Instant::now()
    }

    /// Streams `Started(id)` now, for a check recorded later by [`Recorder::start`] (which then
    /// does not stream it again): the first check of a wave of requests.
    pub(super) fn announce(&self, id: CheckId) {
        let mut announced = self.announced.lock().unwrap_or_else(|e| e.into_inner());
        if *announced != Some(id) {
            let _ = self.events.send(CheckEvent::Started(id));
            *announced = Some(id);
        }
    }

    /// Redacts `r`, streams `Finished(r)` and keeps it.
    pub(super) fn finish(&mut self, r: CheckResult) {
        let r = self.redactor.result(r);
        let _ = self.events.send(CheckEvent::Finished(r.clone()));
        self.checks.push(r);
    }

    /// Reports `id` as skipped for `reason`.
    pub(super) fn skip(&mut self, id: CheckId, reason: &str) {
        let t = self.start(id);
        self.finish(result(id, Status::Skip, t, reason));
    }

    /// A failed `id` becomes a warning (a later observation outranked it).
    pub(super) fn downgrade(&mut self, id: CheckId) {
        for c in self
            .checks
            .iter_mut()
            .filter(|c| c.id == id && c.status == Status::Fail)
        {
            c.status = Status::Warn;
        }
    }

    /// Hides `value` (a token or assertion obtained during the run) from everything recorded
    /// from now on.
    pub(super) fn hide(&mut self, value: &str, label: &str) {
        self.redactor.hide(value, label);
    }

    /// The results so far (tests of the stages).
    #[cfg(test)]
    pub(super) fn results(&self) -> &[CheckResult] {
        &self.checks
    }

    /// True when `id` has a result.
    pub(super) fn has(&self, id: CheckId) -> bool {
        self.checks.iter().any(|c| c.id == id)
    }
}

/// Runs every check in order, sending a [`CheckEvent`] as each starts and finishes, and returns the
/// report. Never touches a terminal. Cancelling stops at once (the request in flight is dropped);
/// the remaining checks are reported as skipped.
pub async fn run_checks(
    settings: &Settings,
    events: UnboundedSender<CheckEvent>,
    cancel: CancellationToken,
) -> Report {
    run_checks_detailed(settings, events, cancel).await.0
}

/// [`run_checks`], also returning the run's [`RunInfo`] (auth kind, decoded token claims,
/// notices) for the views that show them.
pub async fn run_checks_detailed(
    settings: &Settings,
    events: UnboundedSender<CheckEvent>,
    cancel: CancellationToken,
) -> (Report, RunInfo) {
    let rec = Recorder {
        events,
        checks: Vec::new(),
        // Redaction is applied in one place, here in the recorder, from the first check on.
        redactor: Redactor::new(settings.credentials.secrets()),
        announced: Mutex::new(None),
    };
    let mut run = Run::new(settings, &cancel, rec);
    run.execute().await;
    let diagnoses = diagnose::diagnose(&run.facts);
    let cancelled = run.cancelled();
    let token = run.facts.oauth2.as_ref().and_then(|o| o.claims().cloned());
    let info = RunInfo::for_apis(settings.credentials.kind(), token, &settings.apis);
    let (account, environment, hosts) = run.shown;
    let report = finish_report(run.rec, (account, environment, hosts), diagnoses, cancelled);
    (report, info)
}

fn finish_report(
    rec: Recorder,
    (account, environment, hosts): (String, &str, super::model::Hosts),
    diagnoses: Vec<Diagnosis>,
    cancelled: bool,
) -> Report {
    let ok = diagnose::passed(&rec.checks, &diagnoses, cancelled);
    let diagnoses = diagnoses
        .into_iter()
        .map(|d| rec.redactor.diagnosis(d))
        .collect();
    Report {
        account: rec.redactor.apply(&account),
        environment: environment.to_string(),
        hosts,
        ok,
        cancelled,
        checks: rec.checks,
        diagnoses,
    }
}

#[cfg(test)]
mod mutation_tests {
    use super::*;

    fn recorder() -> (Recorder, tokio::sync::mpsc::UnboundedReceiver<CheckEvent>) {
        let (events, rx) = tokio::sync::mpsc::unbounded_channel();
        let rec = Recorder {
            events,
            checks: Vec::new(),
            redactor: Redactor::new(Vec::<String>::new()),
            announced: Mutex::new(None),
        };
        (rec, rx)
    }

    fn started(rx: &mut tokio::sync::mpsc::UnboundedReceiver<CheckEvent>) -> Vec<CheckId> {
        let mut out = Vec::new();
        while let Ok(ev) = rx.try_recv() {
            if let CheckEvent::Started(id) = ev {
                out.push(id);
            }
        }
        out
    }

    #[test]
    fn an_announced_check_starts_at_once_and_only_once() {
        let (rec, mut rx) = recorder();
        // The first check of a wave is shown running while its requests are out.
        rec.announce(CheckId::RestLogin);
        rec.announce(CheckId::RestLogin);
        assert_eq!(started(&mut rx), [CheckId::RestLogin]);
        rec.start(CheckId::RestLogin);
        assert_eq!(started(&mut rx), [], "not streamed twice");
        rec.start(CheckId::RestRecords);
        assert_eq!(started(&mut rx), [CheckId::RestRecords]);
    }

    #[test]
    fn a_value_hidden_during_the_run_is_never_recorded() {
        let (mut rec, _rx) = recorder();
        rec.hide("access-token-0123456789", "access token");
        let t = rec.start(CheckId::TokenRequest);
        let mut r = result(
            CheckId::TokenRequest,
            Status::Pass,
            t,
            "got access-token-0123456789",
        );
        r.details.push("echo: access-token-0123456789".into());
        rec.finish(r);
        let kept = &rec.results()[0];
        assert!(
            !kept.summary.contains("access-token-0123456789"),
            "{kept:?}"
        );
        assert!(
            !kept.details[0].contains("access-token-0123456789"),
            "{kept:?}"
        );
    }
}
