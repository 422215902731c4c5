//! `serve`: the checks `check` runs, on a timer, their results served to
//! Prometheus (docs/behaviour.md §8). One run at a time: each is the plan
//! `check -n … --ignore-errors` would run (registry checks only, unless
//! `--with-environment`), its findings turned into series by
//! `export::series`; a failed run, or one that panicked, is one more run,
//! never the end of the process. SIGTERM or SIGINT cancels the run in
//! progress, ends what it started, and exits 0.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::app::cli::{OutputFormat, SERVE_REFUSES, ServeArgs, SkipWhat};
use crate::app::options::{CheckOptions, Env, UsageError, parse_duration};
use crate::engine::pipeline;
use crate::export::series::{Exporter, Watched};
use crate::export::server::{self, Site};
use crate::guard::secret;
use crate::plan::settings::PlanSettings;
use crate::plan::{self, RunServices};
use crate::probe::settings::RegistryTarget;
use crate::sys::console::say;
use crate::sys::future::BoxFuture;
use crate::sys::prompt::Confirm;
use crate::sys::{process, signals};

/// `--interval` when none is given.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// The shortest `--interval`.
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// `--listen` when none is given: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9713";
/// A test hook, documented in docs/security.md: an interval of any length
/// (`1ms`), below `MIN_INTERVAL`, for the soak test's thousand runs. Read
/// through the injected `Env`.
pub const TEST_INTERVAL_VARIABLE: &str = "ACR_HEALTH_TEST_INTERVAL";
/// How long the children of a cancelled run get between SIGTERM and SIGKILL.
const CHILD_GRACE: Duration = Duration::from_millis(500);

/// `serve`'s command line, validated.
pub struct ServeOptions {
    pub check: CheckOptions,
    pub interval: Duration,
    pub listen: SocketAddr,
}

/// `--listen`: an IP address and a port.
pub fn parse_listen(raw: &str) -> Result<SocketAddr, UsageError> {
    raw.trim().parse::<SocketAddr>().map_err(|_| {
        UsageError(format!(
            "invalid --listen '{raw}': an IP address and a port, like 127.0.0.1:9713 or [::]:9713"
        ))
    })
}

impl ServeOptions {
    /// Validates `args`; `stdin` is read only for `--password-stdin`.
    pub fn from_args(
        args: &ServeArgs,
        env: Env,
        stdin: &mut dyn std::io::Read,
    ) -> Result<Self, UsageError> {
        let c = &args.check;
        let given = [
            c.output != OutputFormat::Text,
            c.report_json.is_some(),
            c.report_junit.is_some(),
            c.wait.is_some(),
            c.timings,
            c.color != crate::app::cli::ColorChoice::Auto,
        ];
        if let Some((_, flag)) = SERVE_REFUSES
            .iter()
            .zip(given)
            .find(|(_, g)| *g)
            .map(|(f, _)| f)
        {
            return Err(UsageError(format!(
                "serve does not take {flag}: its results are the metrics at /metrics"
            )));
        }
        let interval = match &args.interval {
            None => DEFAULT_INTERVAL,
            Some(raw) => {
                let d = parse_duration("--interval", raw)?;
                if d < MIN_INTERVAL {
                    return Err(UsageError(format!(
                        "invalid --interval '{raw}': at least 1s"
                    )));
                }
                d
            }
        };
        let interval = match env.get(TEST_INTERVAL_VARIABLE) {
            Some(raw) => humantime::parse_duration(raw).map_err(|e| {
                UsageError(format!("invalid {TEST_INTERVAL_VARIABLE} '{raw}': {e}"))
            })?,
            None => interval,
        };
        let listen = parse_listen(args.listen.as_deref().unwrap_or(DEFAULT_LISTEN))?;
        let mut check = c.clone();
        // Every check, every run: a failed one must not hide the others.
        check.ignore_errors = true;
        if !args.with_environment {
            check.skip = vec![SkipWhat::Environment];
        }
        let mut check = CheckOptions::from_args(&check, env, stdin)?;
        if check.registries.is_empty() {
            return Err(UsageError(
                "serve needs a registry to watch: -n NAME (repeatable), or az's default registry"
                    .into(),
            ));
        }
        // The same registry twice would be the same series twice.
        let mut seen = std::collections::HashSet::new();
        check.registries.retain(|t| seen.insert(t.to_string()));
        Ok(ServeOptions {
            check,
            interval,
            listen,
        })
    }
}

/// The `registry` label a target has before any run: its login server as
/// the tool derives it from `-n` alone (a name plus the cloud's suffix).
fn derived_label(target: &RegistryTarget, suffix: Option<&str>) -> String {
    match target {
        RegistryTarget::Name(n) => format!("{n}{}", suffix.unwrap_or_default()),
        other => other.to_string(),
    }
    .to_ascii_lowercase()
}

/// Nobody to ask: the docker test pull (with `--with-environment`) runs
/// with `-y` only.
struct NobodyToAsk;

impl Confirm for NobodyToAsk {
    fn confirm(&self, _prompt: String, _on_stdout: bool) -> BoxFuture<'_, Option<bool>> {
        Box::pin(async { None })
    }
}

/// Aborts a task when dropped: a cancelled loop takes its run with it.
struct Run(tokio::task::JoinHandle<Vec<crate::engine::finding::Finding>>);

impl Drop for Run {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A share of the interval to add or take off (up to 10%), from the
/// system's random source.
fn jittered(interval: Duration) -> Duration {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 4];
    let unit = match ring::rand::SystemRandom::new().fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX),
        Err(_) => 0.5,
    };
    interval.mul_f64(0.9 + 0.2 * unit)
}

/// The runs: one after the other for ever, each started `interval` (give
/// or take 10%) after the one before it started, and never before it ended.
pub async fn run_loop(
    opts: Arc<CheckOptions>,
    settings: Arc<PlanSettings>,
    exporter: Arc<Exporter>,
    interval: Duration,
) {
    loop {
        let started = Instant::now();
        run_once(&opts, &settings, &exporter).await;
        let next = started + jittered(interval);
        tokio::time::sleep_until(next.max(Instant::now()).into()).await;
    }
}

/// One run of the checks, recorded in `exporter`.
pub async fn run_once(opts: &Arc<CheckOptions>, settings: &Arc<PlanSettings>, exporter: &Exporter) {
    // What this run adds to the process's secret register is forgotten
    // once it is over: its tokens are never sent or shown again, and the
    // next run gets new ones (docs/security.md).
    let mark = secret::mark();
    let started = Instant::now();
    let run = Run(tokio::spawn(checks(opts.clone(), settings.clone())));
    let outcome = (&mut { run }.0).await;
    match outcome {
        Ok(findings) => {
            for (label, verdict) in
                exporter.record_run(&findings, started.elapsed(), SystemTime::now())
            {
                // Only what changed: a registry's first run, then each change.
                say(format_args!("acr-health serve: {label}: {verdict}"));
            }
        }
        Err(e) if e.is_panic() => say(format_args!(
            "acr-health serve: a run ended in an internal error; the next one goes ahead as planned"
        )),
        Err(_) => {}
    }
    secret::forget_since(mark);
}

/// The plan `check` would run, with `--ignore-errors`; the findings every
/// renderer would get, scrubbed.
async fn checks(
    opts: Arc<CheckOptions>,
    settings: Arc<PlanSettings>,
) -> Vec<crate::engine::finding::Finding> {
    let services = RunServices::new(opts.cloud(), Arc::new(NobodyToAsk));
    let mut plan = plan::build(&settings, &services);
    if let Some(limit) = opts.deadline {
        plan.set_deadline(Instant::now() + limit, limit);
    }
    plan.set_parallel(opts.parallel);
    if let Some(id) = opts.env.get(crate::app::check::TEST_PANIC_VARIABLE) {
        if id == crate::app::check::TEST_PANIC_OUTSIDE {
            panic!(
                "{} asks for a panic outside the checks",
                crate::app::check::TEST_PANIC_VARIABLE
            );
        }
        plan.panic_in(id);
    }
    let mut findings = Vec::new();
    pipeline::run(plan, true, |f| {
        if settings.profile.keeps(f) {
            findings.push(f.clone().scrubbed(&services.secrets));
        }
    })
    .await;
    findings
}

/// Serves until SIGTERM or SIGINT; returns the exit status.
pub async fn run(opts: ServeOptions) -> u8 {
    let listener = match tokio::net::TcpListener::bind(opts.listen).await {
        Ok(l) => l,
        Err(e) => {
            say(format_args!(
                "acr-health: error: cannot listen on {}: {}",
                opts.listen,
                crate::guard::sanitize::outside(&e.to_string())
            ));
            return 1;
        }
    };
    let listen = listener.local_addr().unwrap_or(opts.listen);
    let ServeOptions {
        check, interval, ..
    } = opts;
    let check = Arc::new(check);
    let cloud = check.cloud();
    let settings = Arc::new(check.plan_settings(&cloud));
    let several = check.registries.len() > 1;
    let watched = check
        .registries
        .iter()
        .map(|t| Watched {
            step_suffix: several.then(|| t.to_string()),
            label: derived_label(t, cloud.acr_suffix.as_deref()),
            shown: t.to_string(),
        })
        .collect();
    let exporter = Arc::new(Exporter::new(watched, env!("CARGO_PKG_VERSION")));
    crate::sys::timing::run_started();
    let site = Arc::new(Site {
        exporter: exporter.clone(),
        every: interval,
    });
    let server = tokio::spawn(server::serve(listener, site));
    if !listen.ip().is_loopback() {
        say(format_args!(
            "acr-health serve: listening on {listen}, not loopback: anyone who can reach it can read the metrics"
        ));
    }
    say(format_args!(
        "acr-health serve: http://{listen}/metrics; checking {} registr{} every {}",
        check.registries.len(),
        if several { "ies" } else { "y" },
        humantime::format_duration(interval)
    ));
    let runs = run_loop(check, settings, exporter, interval);
    let stopped_by = match signals::listen() {
        Some(mut listener) => tokio::select! {
            () = runs => None,
            signal = listener.recv() => Some(signal),
        },
        None => {
            runs.await;
            None
        }
    };
    // The loop (and with it the run in progress) is gone; what it started
    // goes too: TERM, then KILL after a moment.
    process::leave_children_to_terminate_all();
    process::terminate_all(CHILD_GRACE).await;
    server.abort();
    if let Some(signal) = stopped_by {
        say(format_args!(
            "acr-health serve: {} received, stopped",
            signal.name()
        ));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_takes_an_address_and_port() {
        assert_eq!(
            parse_listen("127.0.0.1:9713").unwrap(),
            "127.0.0.1:9713".parse().unwrap()
        );
        assert!(parse_listen("[::]:1").is_ok());
        for bad in ["localhost:9713", "9713", "127.0.0.1", "1.2.3.4:99999", ""] {
            assert!(parse_listen(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        for _ in 0..200 {
            let d = jittered(Duration::from_secs(60));
            assert!((54.0..=66.0).contains(&d.as_secs_f64()), "{d:?}");
        }
    }

    #[test]
    fn labels_before_any_run_come_from_n_alone() {
        assert_eq!(
            derived_label(&RegistryTarget::Name("myreg".into()), Some(".azurecr.io")),
            "myreg.azurecr.io"
        );
        let ls = crate::app::options::parse_target("MyReg.azurecr.io:8443").unwrap();
        assert_eq!(
            derived_label(&ls, Some(".azurecr.io")),
            "myreg.azurecr.io:8443"
        );
    }
}
