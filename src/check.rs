//! `check`: build the plan, run it, render it, return the exit status.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::cli::{ColorChoice, OutputFormat};
use crate::options::CheckOptions;
use crate::pipeline::{self, Outcome};
use crate::plan::{self, RunServices};
use crate::prompt::TerminalConfirm;
use crate::report::{self, RunMeta, Stream};

fn use_color(choice: ColorChoice, format: OutputFormat) -> bool {
    if format != OutputFormat::Text {
        return false;
    }
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // anstream applies NO_COLOR, CLICOLOR_FORCE, TERM=dumb and the terminal test.
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(&io::stdout()),
            anstream::ColorChoice::Never
        ),
    }
}

/// A test hook, documented in docs/security.md: the id of a check to panic in
/// (`ACR_HEALTH_TEST_PANIC=registry.dns`). Read through the injected `Env`.
pub const TEST_PANIC_VARIABLE: &str = "ACR_HEALTH_TEST_PANIC";

/// One run of every check, rendered to `out`. Returns the outcome.
async fn run_once(
    opts: &Arc<CheckOptions>,
    services: &RunServices,
    deadline: Option<Instant>,
    out: &mut dyn Write,
) -> Outcome {
    // Only text mode is coloured, and it writes to stdout.
    let color = use_color(opts.color, opts.output);
    let mut renderer = report::for_format(opts.output, color);
    let meta = RunMeta {
        version: env!("CARGO_PKG_VERSION"),
        started: SystemTime::now(),
        targets: opts.registries.iter().map(ToString::to_string).collect(),
        strict: !opts.ignore_errors,
    };
    let started = Instant::now();
    // A closed pipe (`| head`) must not turn into a panic or a wrong status.
    let _ = renderer.begin(&meta, out);
    let mut plan = plan::build(opts, services);
    if let (Some(at), Some(limit)) = (deadline, opts.deadline) {
        plan.set_deadline(at, limit);
    }
    if let Some(id) = opts.env.get(TEST_PANIC_VARIABLE) {
        plan.panic_in(id);
    }
    let outcome = pipeline::run(plan, opts.ignore_errors, |f| {
        let f = f.clone().scrubbed(&services.secrets);
        let _ = renderer.finding(&f, &meta, out);
        let _ = out.flush();
    })
    .await;
    let _ = renderer.end(&meta, &outcome, started.elapsed(), out);
    let _ = out.flush();
    outcome
}

/// Runs the checks (repeating them under `--wait`) and returns the exit status.
pub async fn run(opts: CheckOptions) -> u8 {
    let opts = Arc::new(opts);
    let mut stdout = io::stdout();
    let mut stderr = io::stderr();
    let out: &mut dyn Write = match report::stream_for(opts.output) {
        Stream::Stdout => &mut stdout,
        Stream::Stderr => &mut stderr,
    };

    // Once per invocation, shared by every attempt under --wait.
    let services = RunServices::new(&opts, Arc::new(TerminalConfirm));
    // Both are at most 7 days (options::MAX_DURATION): no overflow, but checked anyway.
    let run_deadline = opts.deadline.and_then(|d| Instant::now().checked_add(d));
    let Some(wait) = opts.wait else {
        let outcome = run_once(&opts, &services, run_deadline, out).await;
        return report::exit_status(&outcome);
    };

    // Under --wait each attempt is rendered into a buffer; only the last one
    // (the first that passes, or the one that ran out of time) is shown.
    let now = Instant::now();
    let deadline = now.checked_add(wait).unwrap_or(now);
    let deadline = run_deadline.map_or(deadline, |d| d.min(deadline));
    let pause = std::time::Duration::from_secs(5)
        .min(wait / 4)
        .max(std::time::Duration::from_millis(200));
    let mut attempt = 1;
    loop {
        let mut buffer = Vec::new();
        let outcome = run_once(&opts, &services, run_deadline, &mut buffer).await;
        if !outcome.failed() || Instant::now() + pause >= deadline {
            let _ = out.write_all(&buffer);
            let _ = out.flush();
            return report::exit_status(&outcome);
        }
        if io::stderr().is_terminal() || opts.debug {
            crate::say(format_args!(
                "acr-health: attempt {attempt} failed; trying again (--wait)"
            ));
        }
        attempt += 1;
        tokio::time::sleep(pause).await;
    }
}
