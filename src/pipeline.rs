//! The engine: runs probes concurrently, respecting what each one needs, and
//! hands their findings to the renderer in canonical order as soon as the next
//! one in order is known.
//!
//! Without `--ignore-errors` the first error in canonical order ends the run:
//! every probe still running is cancelled (dropping its task kills any child
//! process, which is spawned with `kill_on_drop`) and nothing after the error
//! is reported.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::check_id::StepName;
use crate::finding::{Finding, Status};

/// Where `BoxFuture` lived before it moved to its own module.
pub use crate::future::BoxFuture;

/// One check. A probe never prints; it returns what it found. Its id and
/// title are the step's (`Plan::add`): the engine stamps them on every
/// finding.
pub trait Probe: Send + Sync + 'static {
    /// Runs the check. Usually one finding; a probe may add warnings after it.
    fn run(&self) -> BoxFuture<'_, Vec<Finding>>;
}

/// A value one probe produces and later probes read (the DNS answer that the
/// challenge connects to, the refresh token the access-token step trades).
/// The pipeline guarantees the writer finished before a dependent runs.
pub struct Slot<T>(OnceLock<T>);

impl<T> Slot<T> {
    pub fn new() -> Arc<Self> {
        Arc::new(Slot(OnceLock::new()))
    }
    pub fn set(&self, value: T) {
        let _ = self.0.set(value);
    }
    pub fn get(&self) -> Option<&T> {
        self.0.get()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepId(usize);

struct Step {
    name: StepName,
    probe: Arc<dyn Probe>,
    needs: Vec<StepId>,
}

/// The ordered list of probes: the order they are added is the print order.
#[derive(Default)]
pub struct Plan {
    steps: Vec<Step>,
}

impl Plan {
    pub fn new() -> Self {
        Plan::default()
    }

    /// Adds a probe that runs once every step in `needs` has passed (ok, info
    /// or warning). If one of them failed or was skipped, this one is skipped.
    pub fn add(
        &mut self,
        name: impl Into<StepName>,
        probe: impl Probe,
        needs: &[StepId],
    ) -> StepId {
        self.steps.push(Step {
            name: name.into(),
            probe: Arc::new(probe),
            needs: needs.to_vec(),
        });
        StepId(self.steps.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// What a finished run adds up to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub ok: usize,
    pub info: usize,
    pub warnings: usize,
    pub errors: usize,
    pub skipped: usize,
    /// True when an error ended the run early (strict mode).
    pub stopped: bool,
}

impl Outcome {
    /// Adds one finding to the totals.
    pub fn count(&mut self, f: &Finding) {
        match f.status {
            Status::Ok => self.ok += 1,
            Status::Info => self.info += 1,
            Status::Warning => self.warnings += 1,
            Status::Error => self.errors += 1,
            Status::Skipped => self.skipped += 1,
        }
    }

    pub fn failed(&self) -> bool {
        self.errors > 0
    }
}

/// The worst status among a step's findings decides whether dependents run.
fn step_passed(findings: &[Finding]) -> bool {
    !findings
        .iter()
        .any(|f| matches!(f.status, Status::Error | Status::Skipped))
}

/// Told when a step's probe starts and stops running, from the step's own
/// task (so it must be cheap and thread-safe). The terminal spinner uses it
/// to name what is still running; skipped steps are never started.
pub trait StepObserver: Send + Sync {
    fn started(&self, step: usize, title: &str);
    fn finished(&self, step: usize);
}

/// Runs `plan`, calling `emit` with each finding in canonical order.
pub async fn run(plan: Plan, ignore_errors: bool, emit: impl FnMut(&Finding)) -> Outcome {
    run_observed(plan, ignore_errors, emit, None).await
}

/// `run`, with `observer` told when each probe starts and finishes.
pub async fn run_observed(
    plan: Plan,
    ignore_errors: bool,
    mut emit: impl FnMut(&Finding),
    observer: Option<Arc<dyn StepObserver>>,
) -> Outcome {
    let n = plan.steps.len();
    // Each step publishes whether it passed, for its dependents to wait on.
    let (senders, receivers): (Vec<_>, Vec<_>) =
        (0..n).map(|_| watch::channel(None::<bool>)).unzip();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(usize, Vec<Finding>)>();
    let mut tasks = JoinSet::new();

    for (index, (step, sender)) in plan.steps.into_iter().zip(senders).enumerate() {
        let waits: Vec<watch::Receiver<Option<bool>>> = step
            .needs
            .iter()
            .map(|StepId(d)| receivers[*d].clone())
            .collect();
        let done = done_tx.clone();
        let observer = observer.clone();
        tasks.spawn(async move {
            let mut blocked = false;
            for mut rx in waits {
                let passed = match rx.wait_for(Option::is_some).await {
                    Ok(v) => v.unwrap_or(false),
                    Err(_) => false,
                };
                blocked |= !passed;
            }
            let findings = if blocked {
                vec![Finding::skipped(
                    "not run: an earlier check it depends on did not pass",
                )]
            } else {
                let started = Instant::now();
                if let Some(o) = &observer {
                    o.started(index, step.name.id.title());
                }
                let mut findings = step.probe.run().await;
                let elapsed = started.elapsed();
                if let Some(o) = &observer {
                    o.finished(index);
                }
                for f in &mut findings {
                    f.duration = elapsed;
                }
                findings
            };
            let findings: Vec<Finding> =
                findings.into_iter().map(|f| f.stamp(&step.name)).collect();
            let _ = sender.send(Some(step_passed(&findings)));
            let _ = done.send((index, findings));
        });
    }
    drop(done_tx);

    let mut outcome = Outcome::default();
    let mut pending: Vec<Option<Vec<Finding>>> = (0..n).map(|_| None).collect();
    let mut next = 0;
    while next < n {
        let Some((index, findings)) = done_rx.recv().await else {
            break; // a task panicked; the remaining steps cannot complete
        };
        pending[index] = Some(findings);
        while next < n {
            let Some(findings) = pending[next].take() else {
                break;
            };
            next += 1;
            for f in &findings {
                outcome.count(f);
                emit(f);
                if f.status == Status::Error && !ignore_errors {
                    outcome.stopped = true;
                    tasks.abort_all();
                    return outcome;
                }
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Message;
    use crate::check_id::CheckId;
    use crate::finding::Failure;
    use std::sync::Mutex;
    use std::time::Duration;

    /// A probe that sleeps, then reports a fixed status, and records that it ran.
    struct Fake {
        name: &'static str,
        delay_ms: u64,
        status: Status,
        ran: Arc<Mutex<Vec<&'static str>>>,
    }

    impl Probe for Fake {
        fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(self.delay_ms)).await;
                self.ran.lock().unwrap().push(self.name);
                let f = match self.status {
                    Status::Error => {
                        Finding::error(Failure::new(Message::Challenge { ls: self.name }))
                    }
                    Status::Warning => Finding::warning(self.name),
                    _ => Finding::pass(self.name),
                };
                vec![f]
            })
        }
    }

    fn fake(
        plan: &mut Plan,
        ran: &Arc<Mutex<Vec<&'static str>>>,
        name: &'static str,
        delay_ms: u64,
        status: Status,
        needs: &[StepId],
    ) -> StepId {
        // Each fake is a step of its own name: `registry@<name>`.
        let step = StepName {
            id: CheckId::Registry,
            registry: Some(name.into()),
        };
        plan.add(
            step,
            Fake {
                name,
                delay_ms,
                status,
                ran: ran.clone(),
            },
            needs,
        )
    }

    async fn collect(plan: Plan, ignore: bool) -> (Vec<(String, Status)>, Outcome) {
        let mut seen = Vec::new();
        let outcome = run(plan, ignore, |f| {
            let name = f.check.trim_start_matches("registry@").to_owned();
            seen.push((name, f.status))
        })
        .await;
        (seen, outcome)
    }

    #[derive(Default)]
    struct Record(Mutex<Vec<String>>);

    impl StepObserver for Record {
        fn started(&self, step: usize, title: &str) {
            self.0.lock().unwrap().push(format!("start {step} {title}"));
        }
        fn finished(&self, step: usize) {
            self.0.lock().unwrap().push(format!("end {step}"));
        }
    }

    #[tokio::test]
    async fn observer_sees_each_run_probe_start_and_finish() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        let a = fake(&mut plan, &ran, "a", 30, Status::Error, &[]);
        fake(&mut plan, &ran, "b", 0, Status::Ok, &[a]);
        let record = Arc::new(Record::default());
        let observer: Arc<dyn StepObserver> = record.clone();
        let outcome = run_observed(plan, true, |_| {}, Some(observer)).await;
        assert_eq!(outcome.skipped, 1);
        // b was skipped, so it never started.
        let title = CheckId::Registry.title();
        assert_eq!(
            *record.0.lock().unwrap(),
            [format!("start 0 {title}"), "end 0".to_owned()]
        );
    }

    #[tokio::test]
    async fn canonical_order_despite_out_of_order_completion() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        fake(&mut plan, &ran, "slow", 80, Status::Ok, &[]);
        fake(&mut plan, &ran, "medium", 40, Status::Ok, &[]);
        fake(&mut plan, &ran, "fast", 0, Status::Ok, &[]);
        let (seen, outcome) = collect(plan, false).await;
        let names: Vec<_> = seen.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["slow", "medium", "fast"]);
        // They really ran concurrently: the fast one finished first.
        assert_eq!(*ran.lock().unwrap(), ["fast", "medium", "slow"]);
        assert_eq!(outcome.ok, 3);
        assert!(!outcome.failed());
    }

    #[tokio::test]
    async fn strict_mode_stops_at_first_error_in_canonical_order() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        fake(&mut plan, &ran, "a", 30, Status::Ok, &[]);
        fake(&mut plan, &ran, "b", 60, Status::Error, &[]);
        // c fails first in time, but b comes first in order and is what we report.
        fake(&mut plan, &ran, "c", 0, Status::Error, &[]);
        fake(&mut plan, &ran, "d", 5_000, Status::Ok, &[]);
        let started = Instant::now();
        let (seen, outcome) = collect(plan, false).await;
        assert_eq!(
            seen,
            [("a".into(), Status::Ok), ("b".into(), Status::Error)]
        );
        assert!(outcome.stopped);
        assert_eq!(outcome.errors, 1);
        // d was cancelled, not waited for.
        assert!(started.elapsed() < Duration::from_secs(4));
        assert!(!ran.lock().unwrap().contains(&"d"));
    }

    #[tokio::test]
    async fn ignore_errors_runs_everything_and_skips_dependents() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        let a = fake(&mut plan, &ran, "a", 0, Status::Error, &[]);
        let b = fake(&mut plan, &ran, "b", 0, Status::Ok, &[a]);
        fake(&mut plan, &ran, "c", 0, Status::Ok, &[b]);
        fake(&mut plan, &ran, "d", 0, Status::Warning, &[]);
        let (seen, outcome) = collect(plan, true).await;
        assert_eq!(
            seen,
            [
                ("a".into(), Status::Error),
                ("b".into(), Status::Skipped),
                ("c".into(), Status::Skipped),
                ("d".into(), Status::Warning),
            ]
        );
        assert!(!outcome.stopped);
        assert_eq!(
            (outcome.errors, outcome.skipped, outcome.warnings),
            (1, 2, 1)
        );
        assert!(outcome.failed());
        assert_eq!(*ran.lock().unwrap(), ["a", "d"]);
    }

    #[tokio::test]
    async fn dependents_wait_for_what_they_need() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        let a = fake(&mut plan, &ran, "a", 50, Status::Ok, &[]);
        fake(&mut plan, &ran, "b", 0, Status::Ok, &[a]);
        let (_, outcome) = collect(plan, false).await;
        assert_eq!(outcome.ok, 2);
        assert_eq!(*ran.lock().unwrap(), ["a", "b"]);
    }

    #[tokio::test]
    async fn warnings_do_not_fail_the_run() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        let a = fake(&mut plan, &ran, "a", 0, Status::Warning, &[]);
        fake(&mut plan, &ran, "b", 0, Status::Ok, &[a]);
        let (_, outcome) = collect(plan, false).await;
        assert!(!outcome.failed());
        assert_eq!(outcome.ok, 1);
    }
}
