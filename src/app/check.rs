//! `check`: build the plan, run it, render it, return the exit status.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::app::cli::{ColorChoice, OutputFormat};
use crate::app::options::CheckOptions;
use crate::app::progress::{self, Spinner};
use crate::engine::pipeline::{self, Outcome};
use crate::plan::settings::PlanSettings;
use crate::plan::{self, RunServices};
use crate::report::{self, RunMeta, Stream};
use crate::sys::process;
use crate::sys::prompt::TerminalConfirm;
use crate::sys::signals::{self, Interrupt};
use tokio::sync::watch;

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

/// What one run of the checks left.
struct Attempt {
    outcome: Outcome,
    /// The code of the first error (`--wait` reports it).
    first_code: Option<String>,
    /// The CI step summary, written only for the attempt that is shown.
    summary: report::ci::PendingSummary,
    /// `--report-json`/`--report-junit`, rendered; written only for the
    /// attempt that is shown.
    files: Vec<RenderedFile>,
}

impl Attempt {
    /// Whether az's command would have returned (see [`RunEnd`]).
    fn returned(&self, ignore_errors: bool) -> bool {
        let o = &self.outcome;
        o.interrupted.is_none() && !o.stopped && (ignore_errors || !o.failed())
    }

    /// Writes what the shown attempt leaves besides its report (the step
    /// summary, the report files) and returns the exit status. A report
    /// file that cannot be written is one line on stderr and fails the
    /// run: a CI step would otherwise go on without the file it asked for.
    fn finish(self) -> u8 {
        self.summary.write();
        let mut status = report::exit_status(&self.outcome);
        for file in &self.files {
            if let Err(e) = crate::sys::atomic::write_atomically(&file.path, &file.bytes) {
                crate::sys::console::say(format_args!(
                    "acr-health: could not write the {} file '{}': {}",
                    file.flag,
                    crate::guard::sanitize::outside(&file.path.to_string_lossy()),
                    crate::guard::sanitize::outside(&e.to_string())
                ));
                if status == 0 {
                    status = 1;
                }
            }
        }
        status
    }
}

/// A report file's renderer during the run, then its bytes.
struct FileReport {
    renderer: Box<dyn report::Renderer>,
    file: RenderedFile,
}

struct RenderedFile {
    path: std::path::PathBuf,
    flag: &'static str,
    bytes: Vec<u8>,
}

/// A test hook, documented in docs/security.md: the id of a check to panic in
/// (`ACR_HEALTH_TEST_PANIC=registry.dns`). Read through the injected `Env`.
pub const TEST_PANIC_VARIABLE: &str = "ACR_HEALTH_TEST_PANIC";

/// The hook's value for a panic outside every probe, before the run starts:
/// std's entry turns it into exit status 101 after the panic hook's line.
pub const TEST_PANIC_OUTSIDE: &str = "outside";

/// One run of every check, rendered to `out`; `deadline` is `--deadline`'s
/// end of the whole invocation.
async fn run_once(
    opts: &Arc<CheckOptions>,
    settings: &PlanSettings,
    services: &RunServices,
    out: &mut dyn Write,
    spinner: Option<&Arc<Spinner>>,
    deadline: Option<Instant>,
    interrupt: &Interrupts,
) -> Attempt {
    // Only text mode is coloured, and it writes to stdout.
    let color = use_color(opts.color, opts.output);
    let mut renderer = report::for_format(opts.output.into(), color);
    // In a CI job, text mode also speaks the job's language (annotations,
    // step summary); the machine-readable formats stay exactly as they are.
    let summary = report::ci::PendingSummary::default();
    if opts.output == OutputFormat::Text
        && let Some(platform) = report::ci::Platform::detect(&opts.env)
    {
        renderer = Box::new(report::ci::Ci::new(renderer, platform, summary.clone()));
    }
    let meta = RunMeta {
        version: env!("CARGO_PKG_VERSION"),
        started: SystemTime::now(),
        targets: opts.registries.iter().map(ToString::to_string).collect(),
        strict: !opts.ignore_errors,
        // Errors only: az's stream and text mode; the documents stay whole.
        only_errors: opts.only_show_errors
            && matches!(opts.output, OutputFormat::Az | OutputFormat::Text),
        // --debug shows them too (text; the debug log has its own lines).
        timings: opts.timings || opts.debug,
        lang: opts.lang,
    };
    // The report files are whole documents, as `-o json` and `-o junit`
    // print them: every finding the run keeps, errors-only or not.
    let file_meta = RunMeta {
        only_errors: false,
        ..meta.clone()
    };
    let mut files: Vec<FileReport> = opts
        .reports
        .iter()
        .map(|r| FileReport {
            renderer: report::for_format(r.format.into(), false),
            file: RenderedFile {
                path: r.path.clone(),
                flag: r.flag,
                bytes: Vec::new(),
            },
        })
        .collect();
    let started = Instant::now();
    // Network phases count from here (the first attempt, under --wait).
    crate::sys::timing::run_started();
    // A closed pipe (`| head`) must not turn into a panic or a wrong status.
    let _ = renderer.begin(&meta, out);
    for f in &mut files {
        let _ = f.renderer.begin(&file_meta, &mut f.file.bytes);
    }
    let mut first_code = None;
    let observer = spinner.map(|s| s.clone() as Arc<dyn pipeline::StepObserver>);
    let mut plan = plan::build(settings, services);
    if let (Some(at), Some(limit)) = (deadline, opts.deadline) {
        plan.set_deadline(at, limit);
    }
    plan.set_interrupt(interrupt.clone());
    plan.set_parallel(opts.parallel);
    if let Some(id) = opts.env.get(TEST_PANIC_VARIABLE) {
        if id == TEST_PANIC_OUTSIDE {
            panic!("{TEST_PANIC_VARIABLE} asks for a panic outside the checks");
        }
        plan.panic_in(id);
    }
    let outcome = pipeline::run_observed(
        plan,
        opts.ignore_errors,
        |f| {
            // The profile decides which lines are part of the report.
            if !settings.profile.keeps(f) {
                return;
            }
            // Scrubbed before any renderer (and the CI annotations) sees it.
            let f = f.clone().scrubbed(&services.secrets);
            for file in &mut files {
                let _ = file.renderer.finding(&f, &file_meta, &mut file.file.bytes);
            }
            if meta.only_errors && f.status != crate::engine::finding::Status::Error {
                return;
            }
            if first_code.is_none()
                && let Some(failure) = &f.failure
            {
                first_code = Some(failure.code.to_string());
            }
            let mut write = || {
                let _ = renderer.finding(&f, &meta, out);
                let _ = out.flush();
            };
            match spinner {
                Some(s) => s.suspend(write),
                None => write(),
            }
        },
        observer,
    )
    .await;
    let elapsed = started.elapsed();
    let mut write = || {
        let _ = renderer.end(&meta, &outcome, elapsed, out);
        let _ = out.flush();
    };
    match spinner {
        Some(s) => s.suspend(write),
        None => write(),
    }
    let files = files
        .into_iter()
        .map(|mut f| {
            let _ = f
                .renderer
                .end(&file_meta, &outcome, elapsed, &mut f.file.bytes);
            f.file
        })
        .collect();
    Attempt {
        outcome,
        first_code,
        summary,
        files,
    }
}

/// az's refusal of the command line (az dialect): its warnings so far, then
/// its `ERROR:` line, on stderr where az writes them; nothing runs. The
/// warnings: first its parser's (a `--subscription` az's profile lacks, as
/// the run's first step would have said), then its validators'.
fn refuse(opts: &CheckOptions, why: &str) -> u8 {
    if !opts.only_show_errors {
        let typed: Vec<String> = opts.credentials.subscription.iter().cloned().collect();
        let parser = crate::app::az_cli::unrecognized_subscriptions(
            &typed,
            &opts.env,
            &opts.azure_cloud.name,
        );
        for line in &parser {
            crate::sys::console::say(format_args!("WARNING: {line}"));
        }
        for line in &opts.preamble {
            crate::sys::console::say(format_args!(
                "WARNING: {}",
                crate::guard::sanitize::outside(line)
            ));
        }
    }
    crate::sys::console::say(format_args!(
        "ERROR: {}",
        crate::guard::sanitize::outside(why)
    ));
    1
}

/// Runs the checks (repeating them under `--wait`) and returns the exit status.
pub async fn run(opts: CheckOptions) -> u8 {
    run_to_end(opts).await.status
}

/// How a run ended.
pub struct RunEnd {
    pub status: u8,
    /// Whether az would have returned from the command, rather than raised
    /// an error: no check failed, or `--ignore-errors` went on to the end.
    /// Only then does az apply `--query` (`acr-health az`).
    pub returned: bool,
}

/// [`run`], saying also whether the command returned as az's would.
pub async fn run_to_end(opts: CheckOptions) -> RunEnd {
    if let Some(why) = &opts.refusal {
        return RunEnd {
            status: refuse(&opts, why),
            returned: false,
        };
    }
    let opts = Arc::new(opts);
    // When text is coloured, through anstream: on a Windows console without
    // ANSI support it turns the escapes into console calls; elsewhere it
    // passes them on unchanged.
    let mut stdout: Box<dyn Write> = if use_color(opts.color, opts.output) {
        Box::new(anstream::AutoStream::new(
            io::stdout(),
            anstream::ColorChoice::Always,
        ))
    } else {
        Box::new(io::stdout())
    };
    let mut stderr = io::stderr();
    let out: &mut dyn Write = match report::stream_for(opts.output.into()) {
        Stream::Stdout => &mut stdout,
        Stream::Stderr => &mut stderr,
    };

    let spinner = progress::wanted(&opts).then(|| {
        let s = Spinner::new(opts.lang);
        s.show_after();
        s
    });
    // Once per invocation, shared by every attempt under --wait. A question
    // on the terminal takes the spinner off it while it waits.
    let confirm = progress::PausingConfirm::new(TerminalConfirm, spinner.clone());
    let cloud = opts.cloud();
    let settings = opts.plan_settings(&cloud);
    let services = RunServices::new(cloud, Arc::new(confirm));
    let (interrupt, listener) = on_signal();
    let (status, returned) = run_checks(
        &opts,
        &settings,
        &services,
        out,
        spinner.as_ref(),
        &interrupt,
    )
    .await;
    if let Some(l) = listener {
        if interrupt.borrow().is_some() {
            // Interrupted: let it finish ending the children (KILL after
            // the grace) before the process exits.
            let _ = tokio::time::timeout(CHILD_GRACE * 4, l).await;
        } else {
            l.abort();
        }
    }
    if let Some(s) = spinner {
        s.finish();
    }
    RunEnd { status, returned }
}

/// Turns `Some` when a signal interrupts the run.
type Interrupts = watch::Receiver<Option<Interrupt>>;

/// How long children get between SIGTERM and SIGKILL when a signal ends the run.
const CHILD_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Waits for SIGINT, SIGTERM or SIGHUP (Ctrl-C on Windows) beside the run:
/// the first one ends every child we started (TERM, then KILL after
/// `CHILD_GRACE`), then tells the run, which completes its report with the
/// unfinished steps marked and exits with 128 + the signal's number.
fn on_signal() -> (Interrupts, Option<tokio::task::JoinHandle<()>>) {
    let (tx, rx) = watch::channel(None);
    let listener = signals::listen().map(|mut l| {
        tokio::spawn(async move {
            let signal = l.recv().await;
            // The run is told first, so that a child ending under SIGTERM
            // is not mistaken for a failed check.
            process::leave_children_to_terminate_all();
            let _ = tx.send(Some(signal));
            process::terminate_all(CHILD_GRACE).await;
        })
    });
    (rx, listener)
}

async fn run_checks(
    opts: &Arc<CheckOptions>,
    settings: &PlanSettings,
    services: &RunServices,
    out: &mut dyn Write,
    spinner: Option<&Arc<Spinner>>,
    interrupt: &Interrupts,
) -> (u8, bool) {
    // Both are at most 7 days (options::MAX_DURATION): no overflow, but checked anyway.
    let run_deadline = opts.deadline.and_then(|d| Instant::now().checked_add(d));
    let Some(wait) = opts.wait else {
        let attempt = run_once(
            opts,
            settings,
            services,
            out,
            spinner,
            run_deadline,
            interrupt,
        )
        .await;
        let returned = attempt.returned(opts.ignore_errors);
        return (attempt.finish(), returned);
    };

    // Under --wait each attempt is rendered into a buffer; only the last one
    // (the first that passes, or the one that ran out of time) is shown.
    let now = Instant::now();
    let deadline = now.checked_add(wait).unwrap_or(now);
    let deadline = run_deadline.map_or(deadline, |d| d.min(deadline));
    let pause = std::time::Duration::from_secs(5)
        .min(wait / 4)
        .max(std::time::Duration::from_millis(200));
    let mut number = 1;
    loop {
        let mut buffer = Vec::new();
        let attempt = run_once(
            opts,
            settings,
            services,
            &mut buffer,
            spinner,
            run_deadline,
            interrupt,
        )
        .await;
        let outcome = &attempt.outcome;
        if !outcome.failed() || outcome.interrupted.is_some() || Instant::now() + pause >= deadline
        {
            if let Some(s) = spinner {
                s.finish();
            }
            let _ = out.write_all(&buffer);
            let _ = out.flush();
            let returned = attempt.returned(opts.ignore_errors);
            return (attempt.finish(), returned);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let note = progress::wait_note(opts.lang, number, attempt.first_code.as_deref(), left);
        if io::stderr().is_terminal() || opts.debug {
            let say = || crate::sys::console::say(format_args!("acr-health: {note} (--wait)"));
            match spinner {
                Some(s) => s.suspend(say),
                None => say(),
            }
        }
        if let Some(s) = spinner {
            s.set_idle(progress::next_attempt(opts.lang, &note, pause));
        }
        number += 1;
        let mut interrupted = interrupt.clone();
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            // The next attempt sees the signal at once and reports it.
            _ = interrupted.wait_for(Option::is_some) => {}
        }
    }
}
