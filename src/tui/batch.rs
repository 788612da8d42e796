//! "Test all" on the profiles screen: the live table of a batch of runs (one row per saved
//! profile: name, kind, account, status, first diagnosis, ms), filled from the messages of the
//! runtime task that runs [`crate::check::many::run_many`]; sortable by status; each finished
//! row keeps its report, so Enter can open its results.

use crate::check::Report;
use crate::check::many::{Done, ManyEvent, first_diagnosis, verdict};

/// One profile of the batch, as the runtime planned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Profile name.
    pub name: String,
    /// `tba`, `m2m`, `authcode`, or `-` when it cannot be read.
    pub kind: String,
    /// The account.
    pub account: String,
    /// Why it cannot be tested (the store's message), if so.
    pub error: Option<String>,
    /// Its credentials, when it can be tested: a row's exported report shows their kind's
    /// summary (never the form's values).
    pub credentials: Option<crate::check::auth::Credentials>,
    /// The interfaces it probes.
    pub apis: Vec<crate::check::Api>,
}

/// What the batch task tells the app.
#[derive(Debug, Clone)]
pub enum BatchMsg {
    /// The profiles, in order (the jobs are the ones without an error, in the same order).
    Planned(Vec<Planned>),
    /// Progress of job `usize` (an index among the testable profiles).
    Event(ManyEvent),
    /// Every run ended.
    Done,
}

/// A row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// What was planned.
    pub planned: Planned,
    /// `waiting`, `running`, then `pass`, `warn`, `fail`, `cancelled`; `error` when not tested.
    pub status: &'static str,
    /// First diagnosis code, `-` for none.
    pub diagnosis: String,
    /// How long its run took.
    pub ms: Option<u64>,
    /// The finished run's report.
    pub report: Option<Box<Report>>,
}

/// A batch being run or finished.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The batch's id (messages of an older batch are ignored).
    pub id: u64,
    /// The rows, in the profiles' order.
    pub rows: Vec<Row>,
    /// Job index → row index.
    jobs: Vec<usize>,
    /// True until the task says it is done.
    pub running: bool,
    /// Sorted by status (worst first) instead of by name.
    pub by_status: bool,
    /// Selected position in the shown order.
    pub selected: usize,
}

/// Sort rank of a status: what needs a look first.
fn rank(status: &str) -> u8 {
    match status {
        "fail" => 0,
        "error" => 1,
        "warn" => 2,
        "cancelled" => 3,
        "running" => 4,
        "waiting" => 5,
        _ => 6,
    }
}

impl Batch {
    /// A new batch `id`, waiting for its plan.
    pub fn new(id: u64) -> Batch {
        Batch {
            id,
            running: true,
            ..Batch::default()
        }
    }

    /// Applies one message of the batch task.
    pub fn apply(&mut self, msg: BatchMsg) {
        match msg {
            BatchMsg::Planned(planned) => {
                self.rows = planned
                    .into_iter()
                    .map(|p| Row {
                        status: if p.error.is_some() {
                            "error"
                        } else {
                            "waiting"
                        },
                        diagnosis: p.error.clone().unwrap_or_else(|| "-".into()),
                        planned: p,
                        ms: None,
                        report: None,
                    })
                    .collect();
                self.jobs = (0..self.rows.len())
                    .filter(|i| self.rows[*i].planned.error.is_none())
                    .collect();
            }
            BatchMsg::Event(ManyEvent::Started(j)) => {
                if let Some(r) = self.job_row(j) {
                    r.status = "running";
                }
            }
            BatchMsg::Event(ManyEvent::Finished(j, done)) => {
                if let Some(r) = self.job_row(j) {
                    finish(r, &done);
                }
            }
            BatchMsg::Done => self.running = false,
        }
    }

    fn job_row(&mut self, job: usize) -> Option<&mut Row> {
        let i = *self.jobs.get(job)?;
        self.rows.get_mut(i)
    }

    /// Row indices in the order shown (by name as planned, or worst status first).
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        if self.by_status {
            order.sort_by_key(|i| rank(self.rows[*i].status));
        }
        order
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&Row> {
        self.order()
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
    }

    /// How many rows are finished (tested or not testable).
    pub fn finished(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| !matches!(r.status, "waiting" | "running"))
            .count()
    }
}

fn finish(r: &mut Row, done: &Done) {
    r.status = verdict(&done.report);
    r.diagnosis = first_diagnosis(&done.report).to_string();
    r.ms = Some(done.ms);
    r.report = Some(Box::new(done.report.clone()));
}

/// The plan of a batch: a row per profile, and the jobs of those that can be tested (in the
/// same order). `settings` reads one profile (the store's message when it cannot).
pub fn plan(
    names: &[String],
    base_url: Option<&str>,
    mut settings: impl FnMut(&str) -> Result<crate::check::Settings, String>,
) -> (Vec<Planned>, Vec<crate::check::many::Job>) {
    let (mut planned, mut jobs) = (Vec::new(), Vec::new());
    for name in names {
        match settings(name) {
            Ok(mut s) => {
                if let Some(b) = base_url {
                    s.base_url = Some(b.to_string());
                }
                planned.push(Planned {
                    name: name.clone(),
                    kind: s.credentials.kind().as_str().to_string(),
                    account: s.account.clone(),
                    error: None,
                    credentials: Some(s.credentials.clone()),
                    apis: s.apis.clone(),
                });
                jobs.push(crate::check::many::Job {
                    name: name.clone(),
                    settings: s,
                });
            }
            Err(e) => planned.push(Planned {
                name: name.clone(),
                kind: "-".into(),
                account: "-".into(),
                error: Some(e),
                credentials: None,
                apis: Vec::new(),
            }),
        }
    }
    (planned, jobs)
}

/// The batch task: sends the plan, every run's progress, then [`BatchMsg::Done`] (also after a
/// panic in a run: the table must not spin forever).
pub async fn run(
    id: u64,
    planned: Vec<Planned>,
    jobs: Vec<crate::check::many::Job>,
    cancel: tokio_util::sync::CancellationToken,
    tx: tokio::sync::mpsc::UnboundedSender<super::message::Message>,
) {
    use super::message::Message;
    let _ = tx.send(Message::Batch(id, BatchMsg::Planned(planned)));
    let (etx, mut erx) = tokio::sync::mpsc::unbounded_channel();
    let forward_tx = tx.clone();
    let forward = tokio::spawn(async move {
        while let Some(ev) = erx.recv().await {
            if forward_tx
                .send(Message::Batch(id, BatchMsg::Event(ev)))
                .is_err()
            {
                break;
            }
        }
    });
    let bound = crate::check::many::DEFAULT_JOBS;
    let _ = tokio::spawn(crate::check::many::run_many(jobs, bound, etx, cancel)).await;
    let _ = forward.await;
    let _ = tx.send(Message::Batch(id, BatchMsg::Done));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(name: &str, error: Option<&str>) -> Planned {
        Planned {
            name: name.into(),
            kind: "tba".into(),
            account: "1000001".into(),
            error: error.map(str::to_string),
            credentials: None,
            apis: Vec::new(),
        }
    }

    #[test]
    fn job_events_land_on_their_rows_and_sorting_puts_problems_first() {
        let mut b = Batch::new(1);
        b.apply(BatchMsg::Planned(vec![
            planned("a", None),
            planned("b", Some("no secrets")),
            planned("c", None),
        ]));
        assert_eq!(b.rows[1].status, "error");
        b.apply(BatchMsg::Event(ManyEvent::Started(1)));
        assert_eq!(b.rows[2].status, "running", "job 1 is row 2");
        assert_eq!(b.finished(), 1);
        b.by_status = true;
        assert_eq!(b.order(), vec![1, 2, 0]);
        b.apply(BatchMsg::Done);
        assert!(!b.running);
    }
}
