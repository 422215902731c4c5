//! Where a run's time went on the network (docs/json-schema.md, `phases`):
//! each DNS lookup, each connection's set-up (TCP and TLS, with the TLS
//! version) and each request's time to first byte and transfer.
//!
//! Phases are collected per check: the engine runs every step inside a
//! collector (`collect`), the network code records into the collector of
//! the task it runs in (`record`), and a step's findings carry what it
//! collected. A task a check spawns takes its collector along (`inherit`).
//! A phase recorded outside every collector is not kept: nothing is ever
//! reported about work no check owns (the challenge sent while ARM answers
//! hands its phases to the DNS and challenge steps only when its host is
//! confirmed, `adopt`).

use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What a phase measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseKind {
    /// A DNS lookup (the whole of it, through the resolver).
    Dns,
    /// A new connection: TCP and TLS, up to the server's verified
    /// certificate (or the resumed session).
    Connect,
    /// A request: to the first byte of the answer, then the transfer of
    /// its body.
    Request,
}

impl PhaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Dns => "dns",
            PhaseKind::Connect => "connect",
            PhaseKind::Request => "request",
        }
    }
}

/// One network step of a check.
#[derive(Clone, Debug)]
pub struct Phase {
    pub kind: PhaseKind,
    /// `host` or `host:port`.
    pub host: String,
    /// When it started, from the start of the run.
    pub start: Duration,
    /// DNS: the lookup; connect: TCP and TLS; request: to the first byte.
    pub duration: Duration,
    /// Connect: `TLS 1.3`, `TLS 1.2`, or `TLS, session resumed` (no
    /// certificate to read the version from).
    pub tls: Option<String>,
    /// Request: method and path (`GET /v2/`), never the query.
    pub what: Option<String>,
    /// Request: reading the body after the first byte, once it was read.
    pub transfer: Arc<OnceLock<Duration>>,
}

impl Phase {
    /// A phase of `kind` at `host` that started at `started` and took
    /// `took`. Like a finding's text, `host` passes the sanitiser here.
    pub fn new(kind: PhaseKind, host: &str, started: Instant, took: Duration) -> Phase {
        Phase {
            kind,
            host: crate::guard::sanitize::outside(host),
            start: started.saturating_duration_since(run_started()),
            duration: took,
            tls: None,
            what: None,
            transfer: Arc::default(),
        }
    }

    /// A request's method and path (no query), sanitised.
    pub fn with_what(mut self, what: &str) -> Phase {
        self.what = Some(crate::guard::sanitize::outside(what));
        self
    }

    /// A connection's TLS version.
    pub fn with_tls(mut self, tls: &str) -> Phase {
        self.tls = Some(crate::guard::sanitize::outside(tls));
        self
    }

    /// When it ended (a request: after its body, when read), from the start of the run.
    pub fn end(&self) -> Duration {
        self.start + self.duration + self.transfer.get().copied().unwrap_or_default()
    }

    /// The round trips it stands for: a request one; a connection two
    /// (TCP, then TLS 1.3 or a resumed session) or three (TLS 1.2); DNS
    /// none (a resolver nearby answers it).
    pub fn round_trips(&self) -> u32 {
        match self.kind {
            PhaseKind::Dns => 0,
            PhaseKind::Request => 1,
            PhaseKind::Connect if self.tls.as_deref() == Some("TLS 1.2") => 3,
            PhaseKind::Connect => 2,
        }
    }
}

static RUN_STARTED: OnceLock<Instant> = OnceLock::new();

/// The start of the run, which every phase's `start` counts from: the
/// first call's time (the front end calls it as the check begins).
pub fn run_started() -> Instant {
    *RUN_STARTED.get_or_init(Instant::now)
}

/// The phases one check collected.
#[derive(Clone, Default)]
pub struct Phases(Arc<Mutex<Vec<Phase>>>);

impl Phases {
    fn push(&self, p: Phase) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(p);
    }

    /// Everything collected so far, in the order recorded; the collector is left empty.
    pub fn take(&self) -> Vec<Phase> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

tokio::task_local! {
    static CURRENT: Phases;
    static CONNECTING: Arc<Mutex<Connecting>>;
}

/// Runs `fut` with `phases` as the collector of everything it records.
pub async fn collect<F: Future>(phases: Phases, fut: F) -> F::Output {
    CURRENT.scope(phases, fut).await
}

/// `fut` with the current collector, for a task a check spawns; the
/// check's watch on our own limits goes along too (`limits::inherit`).
pub fn inherit<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    let phases = CURRENT.try_with(Phases::clone).ok();
    crate::sys::limits::inherit(async move {
        match phases {
            Some(p) => CURRENT.scope(p, fut).await,
            None => fut.await,
        }
    })
}

/// Records `phase` in the current collector (if any), and in `--debug`.
pub fn record(phase: Phase) {
    tracing::debug!(
        "timing: {} {}{}{} {:.1} ms",
        phase.kind.as_str(),
        phase.host,
        phase
            .what
            .as_deref()
            .map(|w| format!(" {w}"))
            .unwrap_or_default(),
        phase
            .tls
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default(),
        phase.duration.as_secs_f64() * 1000.0
    );
    let _ = CURRENT.try_with(|p| p.push(phase));
}

/// Adds phases collected elsewhere (in a task no check owned) to the current collector.
pub fn adopt(phases: Vec<Phase>) {
    let _ = CURRENT.try_with(|p| {
        for phase in phases {
            p.push(phase);
        }
    });
}

/// What happened to the connection while one request was being sent.
#[derive(Clone, Debug, Default)]
pub struct Connecting {
    /// A new connection was made for it: when it started and ended.
    pub made: Option<(Instant, Instant)>,
    /// The TLS version its handshake verified a certificate with.
    pub tls: Option<&'static str>,
}

/// Runs `fut` (a request being sent) noting what `connection_made` and
/// `tls_verified` say while it runs.
pub async fn watch_connection<F: Future>(fut: F) -> (F::Output, Connecting) {
    let cell = Arc::new(Mutex::new(Connecting::default()));
    let out = CONNECTING.scope(cell.clone(), fut).await;
    let seen = cell.lock().unwrap_or_else(|e| e.into_inner()).clone();
    (out, seen)
}

/// The connection hook: a new connection for the request being watched
/// was made between `started` and now.
pub fn connection_made(started: Instant) {
    let _ = CONNECTING.try_with(|c| {
        c.lock().unwrap_or_else(|e| e.into_inner()).made = Some((started, Instant::now()));
    });
}

/// The TLS hook: the handshake of the request being watched verified the
/// server's signature with `version`.
pub fn tls_verified(version: &'static str) {
    let _ = CONNECTING.try_with(|c| {
        c.lock().unwrap_or_else(|e| e.into_inner()).tls = Some(version);
    });
}

/// The critical path through `phases` (those of a whole run): from the
/// phase that ended last, each time back to the phase that ended last
/// before it started. Returns the chain in time order.
pub fn critical_path(phases: &[Phase]) -> Vec<&Phase> {
    let mut chain = Vec::new();
    let Some(mut current) = phases.iter().max_by_key(|p| p.end()) else {
        return chain;
    };
    chain.push(current);
    // A request on a new connection starts where the connection's set-up
    // ended (`http::send`), so a phase and the one it waited for touch.
    while let Some(before) = phases
        .iter()
        .filter(|p| !std::ptr::eq(*p, current))
        .filter(|p| p.end() <= current.start && p.start < current.start)
        .max_by_key(|p| p.end())
    {
        chain.push(before);
        current = before;
    }
    chain.reverse();
    chain
}

/// One line on the critical path: its round trips, by host in the order
/// they first appear, and the mean time each took.
/// `Critical path: 5 round trips to r.azurecr.io, ~60 ms each`.
pub fn critical_path_line(phases: &[Phase]) -> Option<String> {
    let chain = critical_path(phases);
    let mut by_host: Vec<(&str, u32)> = Vec::new();
    let mut total = 0u32;
    let mut waited = Duration::ZERO;
    for p in &chain {
        let n = p.round_trips();
        if n == 0 {
            continue;
        }
        total += n;
        waited += p.duration;
        match by_host.iter_mut().find(|(h, _)| *h == p.host) {
            Some((_, c)) => *c += n,
            None => by_host.push((&p.host, n)),
        }
    }
    if total == 0 {
        return None;
    }
    let each = waited.as_secs_f64() * 1000.0 / f64::from(total);
    let each = if each >= 10.0 {
        format!("{each:.0} ms")
    } else {
        format!("{each:.1} ms")
    };
    let trips = |n: u32| format!("{n} round trip{}", if n == 1 { "" } else { "s" });
    let place = match by_host.as_slice() {
        [(host, _)] => format!("{} to {host}", trips(total)),
        hosts => format!(
            "{} ({})",
            trips(total),
            hosts
                .iter()
                .map(|(h, n)| format!("{n} to {h}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(format!("Critical path: {place}, ~{each} each"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(kind: PhaseKind, host: &str, start_ms: u64, ms: u64) -> Phase {
        Phase {
            kind,
            host: host.into(),
            start: Duration::from_millis(start_ms),
            duration: Duration::from_millis(ms),
            tls: (kind == PhaseKind::Connect).then(|| "TLS 1.3".to_owned()),
            what: None,
            transfer: Arc::default(),
        }
    }

    #[test]
    fn the_critical_path_walks_back_from_the_last_end() {
        use PhaseKind::*;
        // ARM (connect, list) beside the registry's connect and challenge;
        // then exchange and token, which waited for ARM.
        let phases = vec![
            phase(Connect, "arm", 0, 120),
            phase(Connect, "r.io", 1, 120),
            phase(Request, "r.io", 121, 60),
            phase(Request, "arm", 120, 62),
            phase(Request, "r.io", 183, 60),
            phase(Request, "r.io", 243, 60),
            phase(Dns, "r.io", 0, 1),
        ];
        let chain: Vec<(u64, &str)> = critical_path(&phases)
            .iter()
            .map(|p| (p.start.as_millis() as u64, p.host.as_str()))
            .collect();
        assert_eq!(
            chain,
            [(0, "arm"), (120, "arm"), (183, "r.io"), (243, "r.io")]
        );
        assert_eq!(
            critical_path_line(&phases).unwrap(),
            "Critical path: 5 round trips (3 to arm, 2 to r.io), ~60 ms each"
        );
        let one = vec![
            phase(Connect, "r.io", 0, 120),
            phase(Request, "r.io", 120, 60),
        ];
        assert_eq!(
            critical_path_line(&one).unwrap(),
            "Critical path: 3 round trips to r.io, ~60 ms each"
        );
        assert_eq!(critical_path_line(&[]), None);
    }

    #[tokio::test]
    async fn phases_go_to_the_collector_of_the_task_and_its_children() {
        let phases = Phases::default();
        collect(phases.clone(), async {
            record(Phase::new(
                PhaseKind::Dns,
                "a",
                Instant::now(),
                Duration::ZERO,
            ));
            tokio::spawn(inherit(async {
                record(Phase::new(
                    PhaseKind::Dns,
                    "b",
                    Instant::now(),
                    Duration::ZERO,
                ));
            }))
            .await
            .unwrap();
            // Not inherited: not kept.
            tokio::spawn(async {
                record(Phase::new(
                    PhaseKind::Dns,
                    "c",
                    Instant::now(),
                    Duration::ZERO,
                ));
            })
            .await
            .unwrap();
        })
        .await;
        let hosts: Vec<String> = phases.take().into_iter().map(|p| p.host).collect();
        assert_eq!(hosts, ["a", "b"]);
    }
}
