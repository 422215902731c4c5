//! The engine: runs probes concurrently, respecting what each one needs, and
//! hands their findings to the renderer in canonical order as soon as the next
//! one in order is known.
//!
//! Without `--ignore-errors` the first error in canonical order ends the run:
//! every probe still running is cancelled (dropping its task kills any child
//! process, which is spawned with `kill_on_drop`) and nothing after the error
//! is reported.
//!
//! Two guards keep the run's end and exit status honest: a probe that panics
//! becomes an INTERNAL_ERROR finding like any other error (the spawn loop
//! catches it), and with `--deadline` every step still running when it passes
//! is reported as DEADLINE_EXCEEDED_ERROR (the emit loop stops waiting).
//! A third keeps blame where it belongs: a step that failed after it ran
//! out of file descriptors of ours reports OPEN_FILES_LIMIT_ERROR, not the
//! registry's code its probe made of the failed open (`sys::limits`).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::sync::{mpsc, watch};
use tokio::task::{AbortHandle, JoinSet};

use crate::engine::catalog::Message;
use crate::engine::check_id::StepName;
use crate::engine::finding::{Failure, Finding, Status};
use crate::sys::limits::{self, OutOfFiles};
use crate::sys::signals::Interrupt;
use crate::sys::timing;

/// Where `BoxFuture` lived before it moved to its own module.
pub use crate::sys::future::BoxFuture;

/// One check. A probe never prints; it returns what it found, and hands
/// later steps its output. What it needs is what it is given: the engine
/// waits for the steps behind `Needs` and passes their outputs to `run`, so
/// a probe cannot read a value it did not declare. Its id and title are the
/// step's (`Plan::add`): the engine stamps them on every finding.
pub trait Probe: Send + Sync + 'static {
    /// The handles of earlier steps whose outputs this one reads: `()`, a
    /// `Handle<T>`, an `Option<Handle<T>>`, or a tuple of those.
    type Needs: Needs;
    /// What later steps may read (`()` for nothing).
    type Output: Send + Sync + 'static;
    /// Runs the check. Usually one finding; a probe may add warnings after it.
    fn run(&self, needs: <Self::Needs as Needs>::Values) -> BoxFuture<'_, Report<Self::Output>>;
}

/// What a step reports: its findings and, when it passed, its output.
pub struct Report<T> {
    pub findings: Vec<Finding>,
    pub output: Option<T>,
}

impl<T> Report<T> {
    /// Findings and the value dependents will read.
    pub fn with(findings: Vec<Finding>, output: T) -> Self {
        Report {
            findings,
            output: Some(output),
        }
    }

    /// Findings and nothing for dependents (an error, or a skip).
    pub fn without(findings: Vec<Finding>) -> Self {
        Report {
            findings,
            output: None,
        }
    }
}

/// A step that hands nothing on: its findings are the whole report.
impl From<Vec<Finding>> for Report<()> {
    fn from(findings: Vec<Finding>) -> Self {
        Report::with(findings, ())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepId(usize);

/// The output of a step added to the plan, to give to the steps that read it.
pub struct Handle<T> {
    step: StepId,
    value: Arc<OnceLock<Arc<T>>>,
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Handle {
            step: self.step,
            value: self.value.clone(),
        }
    }
}

impl<T> Handle<T> {
    pub fn step(&self) -> StepId {
        self.step
    }
}

/// A set of handles a step waits for, and the values it then receives.
pub trait Needs: Send + Sync + 'static {
    type Values: Send + 'static;
    /// The steps that must pass first.
    fn steps(&self, into: &mut Vec<StepId>);
    /// Their outputs; `None` if one of them passed without producing one.
    fn values(&self) -> Option<Self::Values>;
}

impl Needs for () {
    type Values = ();
    fn steps(&self, _: &mut Vec<StepId>) {}
    fn values(&self) -> Option<()> {
        Some(())
    }
}

impl<T: Send + Sync + 'static> Needs for Handle<T> {
    type Values = Arc<T>;
    fn steps(&self, into: &mut Vec<StepId>) {
        into.push(self.step);
    }
    fn values(&self) -> Option<Arc<T>> {
        self.value.get().cloned()
    }
}

/// A dependency that exists in some plans only (docker's version waits for
/// the daemon in `-o az` alone).
impl<T: Send + Sync + 'static> Needs for Option<Handle<T>> {
    type Values = Option<Arc<T>>;
    fn steps(&self, into: &mut Vec<StepId>) {
        if let Some(h) = self {
            h.steps(into);
        }
    }
    fn values(&self) -> Option<Option<Arc<T>>> {
        match self {
            None => Some(None),
            Some(h) => h.values().map(Some),
        }
    }
}

macro_rules! needs_tuple {
    ($($name:ident),+) => {
        impl<$($name: Needs),+> Needs for ($($name,)+) {
            type Values = ($($name::Values,)+);
            #[allow(non_snake_case)]
            fn steps(&self, into: &mut Vec<StepId>) {
                let ($($name,)+) = self;
                $($name.steps(into);)+
            }
            #[allow(non_snake_case)]
            fn values(&self) -> Option<Self::Values> {
                let ($($name,)+) = self;
                Some(($($name.values()?,)+))
            }
        }
    };
}
/// Waits for every handle in the list (all of one type).
impl<T: Send + Sync + 'static> Needs for Vec<Handle<T>> {
    type Values = Vec<Arc<T>>;
    fn steps(&self, into: &mut Vec<StepId>) {
        for h in self {
            h.steps(into);
        }
    }
    fn values(&self) -> Option<Vec<Arc<T>>> {
        self.iter().map(Handle::values).collect()
    }
}

needs_tuple!(A, B);
needs_tuple!(A, B, C);
needs_tuple!(A, B, C, D);

/// A probe with its needs and the cell its output goes to, type-erased for
/// the engine.
trait Step: Send + Sync {
    fn needs(&self) -> Vec<StepId>;
    fn run(self: Arc<Self>) -> BoxFuture<'static, Vec<Finding>>;
}

struct TypedStep<P: Probe> {
    probe: P,
    needs: P::Needs,
    output: Arc<OnceLock<Arc<P::Output>>>,
}

impl<P: Probe> Step for TypedStep<P> {
    fn needs(&self) -> Vec<StepId> {
        let mut v = Vec::new();
        self.needs.steps(&mut v);
        v
    }

    fn run(self: Arc<Self>) -> BoxFuture<'static, Vec<Finding>> {
        Box::pin(async move {
            let Some(values) = self.needs.values() else {
                return vec![Finding::skipped(
                    "not run: an earlier check it depends on produced nothing to work with",
                )];
            };
            let report = self.probe.run(values).await;
            // Set before the step reports back, so dependents see it.
            if let Some(output) = report.output {
                let _ = self.output.set(Arc::new(output));
            }
            report.findings
        })
    }
}

struct PlannedStep {
    name: StepName,
    step: Arc<dyn Step>,
}

/// The ordered list of probes: the order they are added is the print order.
#[derive(Default)]
pub struct Plan {
    steps: Vec<PlannedStep>,
    /// `--deadline`: when the run must end, and the duration asked for.
    deadline: Option<(Instant, Duration)>,
    /// The test hook (`ACR_HEALTH_TEST_PANIC`): the id of a probe to panic in.
    panic_in: Option<String>,
    /// Set when a signal interrupts the run (see `set_interrupt`).
    interrupt: Option<watch::Receiver<Option<Interrupt>>>,
    /// `--parallel`: how many registries may be in flight at once.
    parallel: Option<usize>,
    /// Several registries: strict mode stops each one at its own first error.
    per_registry: bool,
}

impl Plan {
    pub fn new() -> Self {
        Plan::default()
    }

    /// Adds a probe that runs once every step behind `needs` has passed (ok,
    /// info or warning), with their outputs. If one of them failed or was
    /// skipped, this one is skipped. Returns the handle to its own output.
    pub fn add<P: Probe>(
        &mut self,
        name: impl Into<StepName>,
        probe: P,
        needs: P::Needs,
    ) -> Handle<P::Output> {
        let output = Arc::new(OnceLock::new());
        self.steps.push(PlannedStep {
            name: name.into(),
            step: Arc::new(TypedStep {
                probe,
                needs,
                output: output.clone(),
            }),
        });
        Handle {
            step: StepId(self.steps.len() - 1),
            value: output,
        }
    }

    /// Ends the run at `at` (`--deadline`, of length `limit`): every step
    /// still running then is reported as timed out.
    pub fn set_deadline(&mut self, at: Instant, limit: Duration) {
        self.deadline = Some((at, limit));
    }

    /// Ends the run when `interrupt` turns `Some`: what finished is
    /// reported as it is, every other step as interrupted, and the outcome
    /// names the signal. The caller ends the children first.
    pub fn set_interrupt(&mut self, interrupt: watch::Receiver<Option<Interrupt>>) {
        self.interrupt = Some(interrupt);
    }

    /// At most `limit` registries (the steps named `…@registry`) in flight at
    /// once: a registry enters when its first step starts and leaves when
    /// its last one ends, so its connections, sockets and memory are bounded
    /// with it. Steps of no registry are not limited.
    pub fn set_parallel(&mut self, limit: usize) {
        self.parallel = Some(limit.max(1));
    }

    /// Several registries are checked: in strict mode an error in one
    /// registry's step (one named `…@registry`) stops that registry only;
    /// its later steps are cancelled and say nothing, and every other
    /// registry is still checked. An error in a step of no registry still
    /// ends the run.
    pub fn stop_per_registry(&mut self) {
        self.per_registry = true;
    }

    /// Makes the probe with this id panic when it runs. A test hook: a real
    /// panic is the only way to show, end to end, that the engine turns one
    /// into an error finding and the right exit status (docs/security.md).
    pub fn panic_in(&mut self, id: &str) {
        self.panic_in = Some(id.to_owned());
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
    /// The signal that interrupted the run, if one did.
    pub interrupted: Option<Interrupt>,
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

thread_local! {
    /// True while this thread polls a probe inside [`Caught`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The text of the panic [`Caught`] is about to catch, left by the hook.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// For the panic hook: when the panic happens inside a probe, keeps its text
/// for the finding and returns true (the hook then prints nothing).
pub fn panic_caught_here(text: &str) -> bool {
    if !CATCHING.with(Cell::get) {
        return false;
    }
    CAUGHT.with(|c| *c.borrow_mut() = Some(text.to_owned()));
    true
}

/// A probe's future, polled inside `catch_unwind`: a panic in it ends the
/// future with the panic's text instead of ending the task.
struct Caught<'a>(BoxFuture<'a, Vec<Finding>>);

impl Future for Caught<'_> {
    type Output = Result<Vec<Finding>, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = &mut self.0;
        let was = CATCHING.with(|c| c.replace(true));
        let polled = std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx)));
        CATCHING.with(|c| c.set(was));
        match polled {
            Ok(Poll::Ready(findings)) => Poll::Ready(Ok(findings)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let text = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_else(|| {
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into())
                });
                Poll::Ready(Err(text))
            }
        }
    }
}

/// The errors of a step that ran out of file descriptors of ours: each is
/// that failure, with what the probe met (its words, not its code) as the
/// reason's end, so nothing blames the registry for our limit.
/// Warnings and passes stay as they are.
fn out_of_files(step: &StepName, o: OutOfFiles, findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|f| {
            let Some(failure) = f.failure.as_ref().filter(|_| f.status == Status::Error) else {
                return f;
            };
            let seen = failure.reason.as_deref().unwrap_or(&failure.message);
            let mut ours = Finding::error(
                Failure::new(Message::OpenFilesLimit {
                    title: step.id.title(),
                })
                .because(format!("{o}; what the check met: {seen}")),
            );
            ours.title = f.title;
            ours.details = f.details;
            ours.beyond_az = f.beyond_az;
            ours
        })
        .collect()
}

fn internal_error(step: &StepName, text: &str) -> Finding {
    Finding::error(
        Failure::new(Message::Internal {
            title: step.id.title(),
        })
        .because(format!("it failed an assertion of its own: {text}")),
    )
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
    emit: impl FnMut(&Finding),
    observer: Option<Arc<dyn StepObserver>>,
) -> Outcome {
    let n = plan.steps.len();
    let names: Vec<StepName> = plan.steps.iter().map(|s| s.name.clone()).collect();
    let started: Vec<Arc<AtomicBool>> = (0..n).map(|_| Arc::default()).collect();
    let deadline = plan.deadline;
    let panic_in = plan.panic_in;
    // Each step publishes whether it passed, for its dependents to wait on.
    let (senders, receivers): (Vec<_>, Vec<_>) =
        (0..n).map(|_| watch::channel(None::<bool>)).unzip();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<(usize, Vec<Finding>)>();
    let mut tasks = JoinSet::new();
    let mut handles = Vec::with_capacity(n);
    let gates = Gates::new(&names, plan.parallel);

    for (index, (planned, sender)) in plan.steps.into_iter().zip(senders).enumerate() {
        let waits: Vec<watch::Receiver<Option<bool>>> = planned
            .step
            .needs()
            .iter()
            .map(|StepId(d)| receivers[*d].clone())
            .collect();
        let done = done_tx.clone();
        let began = started[index].clone();
        let inject_panic = panic_in.as_deref() == Some(names[index].to_string().as_str());
        let observer = observer.clone();
        let gate = gates.of(&names[index]);
        // Made here, not in the task, so that it is dropped (and the step
        // leaves its registry's gate) however the step ends, even when it
        // is cancelled before it ever ran.
        let membership = gate.as_ref().map(|g| g.member());
        handles.push(tasks.spawn(async move {
            let _membership = membership;
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
                if let Some(g) = &gate {
                    g.enter().await;
                }
                began.store(true, Ordering::SeqCst);
                let started = Instant::now();
                if let Some(o) = &observer {
                    o.started(index, planned.name.id.title());
                }
                let step = planned.step.clone();
                // What the step does on the network, for its timings, and
                // whether it ran out of file descriptors of ours.
                let collected = timing::Phases::default();
                let own_limits = limits::Watch::default();
                let fut: BoxFuture<'static, Vec<Finding>> = Box::pin(limits::watching(
                    own_limits.clone(),
                    timing::collect(collected.clone(), async move {
                        if inject_panic {
                            panic!("ACR_HEALTH_TEST_PANIC names this check");
                        }
                        step.run().await
                    }),
                ));
                let mut findings = match Caught(fut).await {
                    Ok(findings) => findings,
                    Err(text) => vec![internal_error(&planned.name, &text)],
                };
                if let Some(o) = own_limits.take() {
                    findings = out_of_files(&planned.name, o, findings);
                }
                // Sanitised as they were made (`Phase::new`).
                let phases = collected.take();
                findings.extend(crate::engine::slow::warnings(&phases));
                if let Some(first) = findings.first_mut() {
                    first.phases = phases;
                }
                let elapsed = started.elapsed();
                if let Some(o) = &observer {
                    o.finished(index);
                }
                for f in &mut findings {
                    f.duration = elapsed;
                }
                findings
            };
            let findings: Vec<Finding> = findings
                .into_iter()
                .map(|f| f.stamp(&planned.name))
                .collect();
            let _ = sender.send(Some(step_passed(&findings)));
            let _ = done.send((index, findings));
        }));
    }
    drop(done_tx);

    let mut out = Emitter {
        emit,
        ignore_errors,
        per_registry: plan.per_registry,
        names: &names,
        handles: &handles,
        stopped: HashSet::new(),
        outcome: Outcome::default(),
    };
    let mut pending: Vec<Option<Vec<Finding>>> = (0..n).map(|_| None).collect();
    let mut next = 0;
    let mut interrupt = plan.interrupt;
    while next < n {
        let received = tokio::select! {
            // An interruption wins over a step that finished at the same
            // moment (its child may have ended because of it).
            biased;
            signal = interrupted(&mut interrupt) => Err(Cut::Interrupted(signal)),
            r = done_rx.recv() => Ok(r),
            () = until(deadline.map(|(at, _)| at)) => {
                Err(Cut::Deadline(deadline.map(|(_, l)| l).unwrap_or_default()))
            }
        };
        let received = match received {
            Ok(r) => r,
            Err(cut) => {
                // What finished is reported as it is, what still runs as cut
                // off, what never started as skipped.
                tasks.abort_all();
                if let Cut::Interrupted(signal) = cut {
                    out.outcome.interrupted = Some(signal);
                }
                for (index, slot) in pending.iter_mut().enumerate().skip(next) {
                    if out.silenced(index) {
                        continue;
                    }
                    let findings = slot.take().unwrap_or_else(|| {
                        vec![
                            cut.finding(&names[index], started[index].load(Ordering::SeqCst))
                                .stamp(&names[index]),
                        ]
                    });
                    if let Flow::Stop = out.step(index, &findings) {
                        break;
                    }
                }
                return out.outcome;
            }
        };
        let Some((index, findings)) = received else {
            break; // every task ended; cannot happen while steps are pending
        };
        pending[index] = Some(findings);
        while next < n {
            if out.silenced(next) {
                next += 1;
                continue;
            }
            let Some(findings) = pending[next].take() else {
                break;
            };
            next += 1;
            if let Flow::Stop = out.step(next - 1, &findings) {
                tasks.abort_all();
                return out.outcome;
            }
        }
    }
    out.outcome
}

/// What the emit loop does after one step's findings.
enum Flow {
    Go,
    /// Strict mode met an error that ends the whole run.
    Stop,
}

/// Emits each step's findings, in order, and applies strict mode: the first
/// error stops the run; with several registries, an error in one registry's
/// step stops that registry only (its later steps say nothing and are
/// cancelled), and every other registry is still checked.
struct Emitter<'a, F: FnMut(&Finding)> {
    emit: F,
    ignore_errors: bool,
    per_registry: bool,
    names: &'a [StepName],
    handles: &'a [AbortHandle],
    /// The registries that stopped at their first error.
    stopped: HashSet<String>,
    outcome: Outcome,
}

impl<F: FnMut(&Finding)> Emitter<'_, F> {
    /// True for a step of a registry that already stopped.
    fn silenced(&self, index: usize) -> bool {
        self.names[index]
            .registry
            .as_ref()
            .is_some_and(|r| self.stopped.contains(r))
    }

    fn step(&mut self, index: usize, findings: &[Finding]) -> Flow {
        for f in findings {
            self.outcome.count(f);
            (self.emit)(f);
            if f.status == Status::Error && (!self.ignore_errors || f.raised) {
                self.outcome.stopped = true;
                if f.raised {
                    // az raised here: the whole run ends, --ignore-errors or not.
                    return Flow::Stop;
                }
                let Some(registry) = self.names[index]
                    .registry
                    .as_ref()
                    .filter(|_| self.per_registry)
                else {
                    return Flow::Stop;
                };
                for (later, name) in self.names.iter().enumerate().skip(index + 1) {
                    if name.registry.as_ref() == Some(registry) {
                        self.handles[later].abort();
                    }
                }
                self.stopped.insert(registry.clone());
                return Flow::Go;
            }
        }
        Flow::Go
    }
}

/// `--parallel`: one gate per registry, all sharing one semaphore.
struct Gates {
    semaphore: Option<Arc<Semaphore>>,
    by_registry: HashMap<String, Arc<Gate>>,
}

impl Gates {
    fn new(names: &[StepName], limit: Option<usize>) -> Self {
        let semaphore = limit.map(|l| Arc::new(Semaphore::new(l)));
        let mut by_registry: HashMap<String, Arc<Gate>> = HashMap::new();
        if let Some(semaphore) = &semaphore {
            for r in names.iter().filter_map(|n| n.registry.as_ref()) {
                let gate = by_registry.entry(r.clone()).or_insert_with(|| {
                    Arc::new(Gate {
                        semaphore: semaphore.clone(),
                        permit: tokio::sync::Mutex::new(None),
                        members: AtomicUsize::new(0),
                    })
                });
                gate.members.fetch_add(1, Ordering::SeqCst);
            }
        }
        Gates {
            semaphore,
            by_registry,
        }
    }

    fn of(&self, step: &StepName) -> Option<Arc<Gate>> {
        self.semaphore.as_ref()?;
        self.by_registry.get(step.registry.as_ref()?).cloned()
    }
}

/// One registry's way in: the first of its steps to run takes a permit,
/// which the registry keeps until its last step has ended.
struct Gate {
    semaphore: Arc<Semaphore>,
    permit: tokio::sync::Mutex<Option<OwnedSemaphorePermit>>,
    /// Its steps that have not ended yet.
    members: AtomicUsize,
}

impl Gate {
    async fn enter(&self) {
        let mut permit = self.permit.lock().await;
        if permit.is_none()
            && let Ok(p) = self.semaphore.clone().acquire_owned().await
        {
            *permit = Some(p);
        }
    }

    /// A guard whose drop ends this step's membership.
    fn member(self: &Arc<Self>) -> Membership {
        Membership(self.clone())
    }
}

struct Membership(Arc<Gate>);

impl Drop for Membership {
    fn drop(&mut self) {
        if self.0.members.fetch_sub(1, Ordering::SeqCst) == 1 {
            // The registry's last step ended: let the next registry in. No
            // step of it can hold the lock now (every one has ended).
            if let Ok(mut permit) = self.0.permit.try_lock() {
                permit.take();
            }
        }
    }
}

/// Why the run ended before every step reported.
#[derive(Clone, Copy)]
enum Cut {
    /// `--deadline`, of this length, passed.
    Deadline(Duration),
    Interrupted(Interrupt),
}

impl Cut {
    /// The finding of a step that had not reported: `began` tells a step
    /// that was running from one that never started.
    fn finding(self, step: &StepName, began: bool) -> Finding {
        match (self, began) {
            (Cut::Deadline(limit), true) => deadline_exceeded(step, limit),
            (Cut::Deadline(_), false) => {
                Finding::skipped("not run: the --deadline passed before it could start")
            }
            (Cut::Interrupted(signal), true) => Finding::skipped(format!(
                "not finished: the run was interrupted ({}) while it ran",
                signal.name()
            )),
            (Cut::Interrupted(signal), false) => Finding::skipped(format!(
                "not run: the run was interrupted ({}) before it could start",
                signal.name()
            )),
        }
    }
}

/// Resolves at `at`; never without one.
async fn until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

/// Resolves with the signal once `interrupt` holds one; never without one.
async fn interrupted(interrupt: &mut Option<watch::Receiver<Option<Interrupt>>>) -> Interrupt {
    if let Some(rx) = interrupt {
        if let Ok(v) = rx.wait_for(Option::is_some).await
            && let Some(signal) = *v
        {
            return signal;
        }
        // The sender is gone: no signal can come any more.
        *interrupt = None;
    }
    std::future::pending().await
}

fn deadline_exceeded(step: &StepName, limit: Duration) -> Finding {
    let shown = humantime::format_duration(limit).to_string();
    Finding::error(
        Failure::new(Message::DeadlineExceeded {
            title: step.id.title(),
            deadline: &shown,
        })
        .because(format!(
            "the run was stopped {shown} after it started (--deadline {shown})"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::Message;
    use crate::engine::check_id::CheckId;
    use crate::engine::finding::Failure;
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
        type Needs = Vec<Handle<()>>;
        type Output = ();
        fn run(&self, _: Vec<Arc<()>>) -> BoxFuture<'_, Report<()>> {
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
                vec![f].into()
            })
        }
    }

    fn fake(
        plan: &mut Plan,
        ran: &Arc<Mutex<Vec<&'static str>>>,
        name: &'static str,
        delay_ms: u64,
        status: Status,
        needs: &[Handle<()>],
    ) -> Handle<()> {
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
            needs.to_vec(),
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
    async fn several_registries_each_stop_at_their_own_first_error() {
        let ran = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        plan.stop_per_registry();
        // Two steps of registry x, then y, then a step of no registry.
        let step = |id, r: Option<&str>| StepName {
            id,
            registry: r.map(str::to_owned),
        };
        let fake_in = |plan: &mut Plan, name, id, r, status, delay_ms| {
            plan.add(
                step(id, r),
                Fake {
                    name,
                    delay_ms,
                    status,
                    ran: ran.clone(),
                },
                Vec::<Handle<()>>::new(),
            )
        };
        fake_in(
            &mut plan,
            "x1",
            CheckId::RegistryDns,
            Some("x"),
            Status::Error,
            0,
        );
        fake_in(
            &mut plan,
            "x2",
            CheckId::RegistryChallenge,
            Some("x"),
            Status::Ok,
            3_000,
        );
        fake_in(
            &mut plan,
            "y1",
            CheckId::RegistryDns,
            Some("y"),
            Status::Ok,
            10,
        );
        fake_in(
            &mut plan,
            "y2",
            CheckId::RegistryChallenge,
            Some("y"),
            Status::Error,
            10,
        );
        fake_in(&mut plan, "h", CheckId::HelmCommand, None, Status::Ok, 10);
        let mut seen = Vec::new();
        let started = Instant::now();
        let outcome = run(plan, false, |f| seen.push((f.check.clone(), f.status))).await;
        assert_eq!(
            seen,
            [
                ("registry.dns@x".to_owned(), Status::Error),
                ("registry.dns@y".to_owned(), Status::Ok),
                ("registry.challenge@y".to_owned(), Status::Error),
                ("helm.command".to_owned(), Status::Ok),
            ]
        );
        assert!(outcome.stopped);
        assert_eq!(outcome.errors, 2);
        // x2 was cancelled, not waited for.
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(!ran.lock().unwrap().contains(&"x2"));
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

    /// Hands on a number; the next step reads it through its handle.
    struct Produce(u32);
    impl Probe for Produce {
        type Needs = ();
        type Output = u32;
        fn run(&self, _: ()) -> BoxFuture<'_, Report<u32>> {
            Box::pin(async move { Report::with(vec![Finding::pass("made")], self.0) })
        }
    }

    struct Consume(Arc<Mutex<Vec<u32>>>);
    impl Probe for Consume {
        type Needs = (Handle<u32>, Option<Handle<u32>>);
        type Output = ();
        fn run(&self, (a, b): (Arc<u32>, Option<Arc<u32>>)) -> BoxFuture<'_, Report<()>> {
            Box::pin(async move {
                self.0.lock().unwrap().extend([*a, b.map_or(0, |b| *b)]);
                vec![Finding::pass("used")].into()
            })
        }
    }

    #[tokio::test]
    async fn a_step_receives_the_outputs_it_declared() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut plan = Plan::new();
        let seven = plan.add(CheckId::Registry, Produce(7), ());
        let nine = plan.add(CheckId::Registry, Produce(9), ());
        plan.add(
            CheckId::Registry,
            Consume(seen.clone()),
            (seven.clone(), Some(nine)),
        );
        plan.add(CheckId::Registry, Consume(seen.clone()), (seven, None));
        let (_, outcome) = collect(plan, false).await;
        assert_eq!(outcome.ok, 4);
        assert_eq!(*seen.lock().unwrap(), [7, 9, 7, 0]);
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
