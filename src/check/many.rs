//! Many connection tests at once (support staff with many customers): every job is one
//! [`run_checks_detailed`] of its own settings; jobs on different accounts run concurrently, up
//! to a bound, and jobs on the same account run one after another, so an account never sees more
//! requests in flight than one run's own bound (NetSuite's concurrency limit is shared with the
//! customer's own integrations). Used identically by the CLI and the TUI: progress goes out as
//! [`ManyEvent`]s, the outcomes come back in the order the jobs were given.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt as _;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::model::Report;
use super::run::run_checks_detailed;
use super::run_info::RunInfo;
use super::settings::{BODY_CAP, Settings};
use crate::net::http::Http;
use crate::netsuite::AccountId;

/// Runs on different accounts at once unless told otherwise (`--jobs`): at a few round trips of
/// 200–1,000 ms per run, 50 at a time (a support engineer's fifty customers at once) test a
/// hundred in a few seconds while staying far below what one machine's sockets (at most 3
/// requests in flight per run) and memory (one shared HTTP client) allow.
pub const DEFAULT_JOBS: usize = 50;
/// The most runs at once `--jobs` accepts.
pub const MAX_JOBS: usize = 256;

/// One connection test to run: a name (the profile) and its settings.
#[derive(Debug, Clone)]
pub struct Job {
    /// What the tables call it (the profile name).
    pub name: String,
    /// The run's settings (their own `in_flight` bound holds within the account).
    pub settings: Settings,
}

/// A finished job.
#[derive(Debug, Clone)]
pub struct Done {
    /// The job's name.
    pub name: String,
    /// Its report.
    pub report: Report,
    /// Its extras (auth kind, token claims, notices).
    pub info: RunInfo,
    /// Wall time of the run, in milliseconds (waiting for a slot not included).
    pub ms: u64,
}

/// Progress of [`run_many`], by job index (the order the jobs were given).
#[derive(Debug, Clone)]
pub enum ManyEvent {
    /// Job `index` got its slot and started.
    Started(usize),
    /// Job `index` finished.
    Finished(usize, Box<Done>),
}

/// The key runs on one account share: the canonical realm (any spelling of one account is one
/// account), else the id as typed.
pub fn account_key(raw: &str) -> String {
    AccountId::parse(raw).map_or_else(|_| raw.trim().to_ascii_uppercase(), |a| a.realm())
}

/// Runs every job, at most `bound` at once (clamped to 1..=[`MAX_JOBS`]), jobs of one account
/// one after another; sends a [`ManyEvent`] as each starts and finishes. Cancelling stops every
/// run at once (each reports its remaining checks as skipped). Returns the outcomes in job order.
pub async fn run_many(
    jobs: Vec<Job>,
    bound: usize,
    events: UnboundedSender<ManyEvent>,
    cancel: CancellationToken,
) -> Vec<Done> {
    let slots = Arc::new(tokio::sync::Semaphore::new(bound.clamp(1, MAX_JOBS)));
    let mut locks: HashMap<String, Arc<tokio::sync::Mutex<()>>> = HashMap::new();
    let mut clients: HashMap<std::time::Duration, Http> = HashMap::new();
    let runs = jobs.into_iter().enumerate().map(|(i, mut job)| {
        // One client per timeout for the whole batch (a run that cannot get one builds its own
        // and reports why that failed).
        if job.settings.http.is_none() {
            let timeout = job.settings.timeout;
            job.settings.http = match clients.get(&timeout) {
                Some(h) => Some(h.clone()),
                None => Http::new(timeout, BODY_CAP).ok().inspect(|h| {
                    clients.insert(timeout, h.clone());
                }),
            };
        }
        let account = locks
            .entry(account_key(&job.settings.account))
            .or_default()
            .clone();
        let (slots, events, cancel) = (slots.clone(), events.clone(), cancel.clone());
        async move {
            // The account first, then a slot: a job waiting for its account holds no slot.
            let _account = account.lock().await;
            let _slot = slots.acquire().await.ok();
            let _ = events.send(ManyEvent::Started(i));
            let t = Instant::now();
            // The per-check events are not needed here: the table shows whole runs.
            let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
            let (report, info) = run_checks_detailed(&job.settings, tx, cancel).await;
            let done = Done {
                name: job.name,
                report,
                info,
                ms: u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX),
            };
            let _ = events.send(ManyEvent::Finished(i, Box::new(done.clone())));
            (i, done)
        }
    });
    let runs: Vec<_> = runs.collect();
    let mut out: Vec<(usize, Done)> = futures::stream::iter(runs)
        .buffer_unordered(MAX_JOBS)
        .collect()
        .await;
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, d)| d).collect()
}

/// How a run ended, as the tables show it: `cancelled`, else `pass` (ok, nothing to say),
/// `warn` (ok with diagnoses) or `fail`.
pub fn verdict(report: &Report) -> &'static str {
    if report.cancelled {
        "cancelled"
    } else if !report.ok {
        "fail"
    } else if report.diagnoses.is_empty() {
        "pass"
    } else {
        "warn"
    }
}

/// The first diagnosis code of a run (the most likely cause), or `-`.
pub fn first_diagnosis(report: &Report) -> &str {
    report.diagnoses.first().map_or("-", |d| d.code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_account_share_a_key() {
        assert_eq!(account_key("1234567_sb1"), account_key("1234567-SB1"));
        assert_ne!(account_key("1234567"), account_key("1234567_SB1"));
        assert_eq!(account_key(" not an id "), "NOT AN ID");
    }

    #[tokio::test]
    async fn nothing_to_run_is_nothing_done() {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        assert!(
            run_many(Vec::new(), 4, tx, CancellationToken::new())
                .await
                .is_empty()
        );
    }
}
