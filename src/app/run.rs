//! The program's entry: parse the command line, dispatch to a subcommand,
//! map the result to the exit status (docs/behaviour.md §5).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::app::cli::{Cli, Command};
use crate::app::options::{CheckOptions, Env, UsageError};
use crate::app::{check, demo, explain, man, serve};
use crate::engine::{catalog, pipeline};
use crate::guard::sanitize;
use crate::net::tls;
use crate::sys::console::say;

/// Prints a usage error as one line and returns exit status 2.
fn usage_exit(e: &UsageError) -> u8 {
    // UsageError's Display escapes what the user typed.
    say(format_args!("acr-health: error: {e}"));
    2
}

/// Clap's errors span several lines; fold the part before the usage block into one.
fn clap_exit(e: clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        };
    }
    let text = e.render().to_string();
    // Everything before the usage block, folded onto one line.
    let mut parts: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line);
        }
    }
    let first = parts.join(" ");
    let first = first.trim_start_matches("error: ");
    let first = if first.is_empty() {
        "invalid command line"
    } else {
        first
    };
    // clap quotes the offending value as typed: escape it onto this one
    // line, then cut a long one (a 100 KB value is not echoed whole).
    let first = sanitize::cap_quoted(&sanitize::outside(first), sanitize::QUOTED_MAX);
    say(format_args!(
        "acr-health: error: {first} (see 'acr-health --help')"
    ));
    2
}

/// `acr-health az WORDS…`: az's command line (`az_cli.rs`), run as
/// `check -o az` runs; then what az does after the command: the `--query`
/// result on stdout, and at `--verbose` the time it took.
fn az_main(words: Vec<String>) -> u8 {
    use crate::app::az_cli::{self, Parsed};
    use crate::engine::catalog::az;
    let started = std::time::Instant::now();
    let env = Env::from_process();
    let verbose = |status: u8, parsed: std::time::Instant| {
        let done = std::time::Instant::now();
        say(format_args!(
            "INFO: {}",
            az::COMMAND_RAN_IN
                .replace("{total}", &format!("{:.3}", (done - started).as_secs_f64()))
                .replace(
                    "{init}",
                    &format!("{:.3}", (parsed - started).as_secs_f64())
                )
                .replace("{invoke}", &format!("{:.3}", (done - parsed).as_secs_f64()))
        ));
        status
    };
    let run = match az_cli::parse(&words, &env, &mut io::stdin()) {
        Parsed::Exit(exit) => {
            // az's `--subscription` action warned as the line was parsed,
            // before the error or the help: through az's logging, so not
            // under `--only-show-errors` or `core.only_show_errors` (which
            // `--debug` and `--verbose` turn off).
            let typed = |w: &str| words.iter().any(|a| a == w);
            let config = crate::azure::az_config::AzConfig::load(&env);
            let quiet = typed("--only-show-errors")
                || (!typed("--debug") && !typed("--verbose") && config.only_show_errors());
            if !quiet && !exit.subscriptions.is_empty() {
                let cloud = crate::azure::cloud::resolve_with(None, None, &config, &env).name;
                for line in az_cli::unrecognized_subscriptions(&exit.subscriptions, &env, &cloud) {
                    say(format_args!("WARNING: {line}"));
                }
            }
            write_buffered(|out| out.write_all(exit.stdout.as_bytes()));
            let _ = io::stderr().write_all(exit.stderr.as_bytes());
            return if exit.verbose {
                verbose(exit.status, std::time::Instant::now())
            } else {
                exit.status
            };
        }
        Parsed::Run(run) => run,
    };
    let parsed = std::time::Instant::now();
    tls::install_provider();
    crate::sys::limits::raise_open_files();
    let mut args = run.args;
    args.dns_server = env
        .get(crate::app::cli::DNS_SERVER_VARIABLE)
        .map(str::to_owned);
    let opts = match CheckOptions::from_args(&args, env, &mut io::stdin()) {
        Ok(o) => o,
        Err(e) => return usage_exit(&e),
    };
    // A `--subscription` typed more than once: az's action warned for each
    // value as it was parsed; the run itself speaks for the last one.
    if !opts.only_show_errors {
        for line in az_cli::unrecognized_subscriptions(
            &run.earlier_subscriptions,
            &opts.env,
            &opts.azure_cloud.name,
        ) {
            say(format_args!("WARNING: {line}"));
        }
    }
    init_debug_log(opts.debug);
    let end = runtime().block_on(check::run_to_end(opts));
    let mut status = end.status;
    if let (Some(query), true) = (&run.query, end.returned) {
        match crate::app::az_query::apply(query) {
            Ok(Some(value)) => {
                let text = crate::report::az_result::format(&value, &run.output);
                write_buffered(|out| out.write_all(text.as_bytes()));
            }
            Ok(None) => {}
            Err(reason) => {
                say(format_args!(
                    "ERROR: {}\n{}",
                    sanitize::outside(&az::INVALID_QUERY.replace("{reason}", &reason)),
                    az::QUERY_REFERENCE
                ));
                status = 1;
            }
        }
    }
    if run.verbose {
        verbose(status, parsed)
    } else {
        status
    }
}

/// How the panic hook's line starts: the test harness looks for it (or exit
/// status 101) to fail any run in which the binary panicked.
pub const PANIC_MARKER: &str = "acr-health: internal error (please report it)";

/// A panic is a bug. Inside a probe the engine catches it and reports it as
/// an INTERNAL_ERROR finding, so the hook only hands the text over and prints
/// nothing (a line of ours in the `-o az` stream would break it). Anywhere
/// else: one line, without a backtrace, and a failed write is ignored.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let text = format!("{msg}{at}");
        if pipeline::panic_caught_here(&text) {
            return;
        }
        let text = sanitize::outside(&text);
        say(format_args!("{PANIC_MARKER}: {text}"));
    }));
}

/// `--debug` lines go to stderr through the sanitiser: each event is one
/// write of one line, whose text may quote a server. A failed write is ignored.
struct DebugWriter;

impl Write for DebugWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let body = text.trim_end_matches('\n');
        let mut err = io::stderr().lock();
        let _ = err.write_all(sanitize::outside(body).as_bytes());
        if body.len() < text.len() {
            let _ = err.write_all(b"\n");
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}

fn init_debug_log(debug: bool) {
    use tracing_subscriber::prelude::*;
    if debug {
        // Our own events only: the HTTP and TLS crates' debug output is not
        // ours to vouch for (it could carry headers).
        let only_ours = tracing_subscriber::filter::Targets::new()
            .with_target("acr_health", tracing::Level::DEBUG);
        let _ = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(|| DebugWriter)
                    // Colour codes would be escaped by DebugWriter like any other.
                    .with_ansi(false)
                    .with_target(false),
            )
            .with(only_ours)
            .try_init();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Writes a short command's whole output to stdout in one go (a write per
/// line was a measurable part of `codes`). A failed write is ignored: it
/// never changes the exit status.
fn write_buffered(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let _ = write(&mut out);
    let _ = out.flush();
}

/// The program, as `std`'s entry calls it (src/main.rs). std's entry does
/// what a command-line tool needs before this: fds 0–2 open (a closed one on
/// `/dev/null`), SIGPIPE ignored (a closed pipe is a failed write, never a
/// kill), a panic outside the probes exits 101 after the panic hook's line,
/// and stdout is flushed at exit. tests/trust.rs checks each.
pub fn main() -> ExitCode {
    ExitCode::from(run())
}

/// Runs the command line and returns the exit status.
pub fn run() -> u8 {
    install_panic_hook();
    // `acr-health az …` is az's grammar, not clap's: its words go on as
    // typed (`-h`, `--only-show-errors` and all).
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    if words.first().is_some_and(|w| w == "az") {
        return az_main(words[1..].to_vec());
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return clap_exit(e),
    };
    let mut stdout = io::stdout();
    let only_show_errors = cli.only_show_errors;
    // Our words' language (docs/behaviour.md §9), whatever stdout is.
    let lang = crate::sys::lang::resolve(
        cli.lang,
        &Env::from_process(),
        crate::sys::lang::system_languages,
    );
    match cli.command {
        Command::Codes(args) => {
            write_buffered(|out| explain::codes(args.output, lang, out));
            0
        }
        Command::Explain(args) => match args.code.parse::<catalog::Code>() {
            Ok(code) => {
                write_buffered(|out| explain::explain(code, lang, out));
                0
            }
            Err(e) => usage_exit(&UsageError(e.to_string())),
        },
        Command::Completions(args) => {
            let shell = args.shell;
            // clap_complete panics on a failed write (a closed pipe): it
            // writes into memory, and the one write to stdout may fail.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "acr-health", &mut script);
            write_buffered(|out| out.write_all(&script));
            0
        }
        // Reached only with our flags before `az` (`acr-health
        // --only-show-errors az …`): az would not take that line either,
        // but the words after `az` are still az's.
        Command::Az(args) => {
            let mut words = args.words.clone();
            if only_show_errors {
                words.push("--only-show-errors".into());
            }
            az_main(words)
        }
        Command::Man(args) => match man::page(args.command.as_deref(), &mut stdout) {
            Ok(()) => 0,
            Err(e) => usage_exit(&e),
        },
        Command::Check(mut args) => {
            args.only_show_errors = only_show_errors;
            // Before anything can build an HTTPS client: reqwest has no crypto
            // provider compiled in and would panic (see crate::net::tls). Here, not
            // only in the client builders, so the binary never depends on one a
            // test build's dependencies may have switched on; and only for the
            // commands that go on the network (no work before it is needed).
            tls::install_provider();
            crate::sys::limits::raise_open_files();
            let mut opts =
                match CheckOptions::from_args(&args, Env::from_process(), &mut io::stdin()) {
                    Ok(o) => o,
                    Err(e) => return usage_exit(&e),
                };
            opts.lang = lang;
            init_debug_log(opts.debug);
            runtime().block_on(check::run(opts))
        }
        Command::Serve(mut args) => {
            args.check.only_show_errors = only_show_errors;
            tls::install_provider();
            crate::sys::limits::raise_open_files();
            let opts = match serve::ServeOptions::from_args(
                &args,
                Env::from_process(),
                &mut io::stdin(),
            ) {
                Ok(o) => o,
                Err(e) => return usage_exit(&e),
            };
            init_debug_log(opts.check.debug);
            let rt = runtime();
            let status = rt.block_on(serve::run(opts));
            // Not waiting for whatever a cancelled run left on the blocking
            // pool: a signal ends `serve` within two seconds.
            rt.shutdown_timeout(std::time::Duration::from_millis(500));
            status
        }
        Command::Demo(mut args) => {
            args.check.only_show_errors = only_show_errors;
            tls::install_provider();
            crate::sys::limits::raise_open_files();
            if args.list {
                let _ = demo::list(&mut stdout);
                return 0;
            }
            let scenario = match demo::scenario(&args) {
                Ok(s) => s,
                Err(e) => return usage_exit(&e),
            };
            init_debug_log(args.check.debug);
            match runtime().block_on(demo::run(&args, scenario, lang)) {
                Ok(status) => status,
                Err(e) => usage_exit(&e),
            }
        }
    }
}
