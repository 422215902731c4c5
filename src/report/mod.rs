//! Renderers: each turns the same stream of findings into bytes. Adding a
//! format is one file here and one arm in `for_format`. A renderer shows
//! what it is given; what was checked and which lines a report keeps are
//! the plan's and the profile's decisions.
//!
//! May use: engine, sys, guard.

mod az;
pub mod az_result;
pub mod ci;
mod json;
mod junit;
mod markdown;
#[cfg(test)]
mod property_tests;
mod text;

use std::io::{self, Write};
use std::time::{Duration, SystemTime};

use crate::engine::finding::Finding;
use crate::engine::pipeline::Outcome;
use crate::sys::lang::Lang;

pub use az::az_timestamp;

/// Facts about the run that every renderer may show.
#[derive(Clone, Debug)]
pub struct RunMeta {
    pub version: &'static str,
    pub started: SystemTime,
    /// Login servers or names being checked, as the user gave them.
    pub targets: Vec<String>,
    /// False under `--ignore-errors`.
    pub strict: bool,
    /// `--only-show-errors`: the renderer is handed errors only, and `-o az`
    /// leaves out its closing lines (az's are `WARNING:` lines too).
    pub only_errors: bool,
    /// `--timings` (or `--debug`): text shows each check's network phases
    /// and the critical path. JSON carries them always; `-o az` never.
    pub timings: bool,
    /// The language of our own words (docs/behaviour.md §9); `-o az`,
    /// JUnit and CI annotations stay English whatever it is.
    pub lang: Lang,
}

/// The report formats (`-o`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    /// az 2.91's stream, on stderr.
    Az,
    Json,
    Markdown,
    Junit,
}

/// Where a renderer's bytes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    /// `-o az` writes where az writes: everything on stderr.
    Stderr,
}

pub trait Renderer: Send {
    /// Called once before any finding.
    fn begin(&mut self, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Called for each finding, in canonical order, as soon as it is known.
    fn finding(&mut self, f: &Finding, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()>;
    /// Called once at the end (also after a strict stop).
    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

pub fn for_format(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Text => Box::new(text::Text::new(color)),
        Format::Az => Box::new(az::Az),
        Format::Json => Box::new(json::Json::default()),
        Format::Markdown => Box::new(markdown::Markdown::default()),
        Format::Junit => Box::new(junit::Junit::default()),
    }
}

/// Where `format` writes: `-o az` where az writes (stderr), the rest to stdout.
pub fn stream_for(format: Format) -> Stream {
    match format {
        Format::Az => Stream::Stderr,
        _ => Stream::Stdout,
    }
}

/// The exit status of docs/behaviour.md §5 for a finished run.
pub fn exit_status(outcome: &Outcome) -> u8 {
    if let Some(signal) = outcome.interrupted {
        return signal.exit_status();
    }
    if outcome.failed() { 1 } else { 0 }
}

pub const HEALTH_CHECK_LINK: &str = "https://aka.ms/acr/health-check";

/// RFC 3339 UTC with milliseconds, for JSON and text summaries.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status_follows_errors_only() {
        let mut o = Outcome::default();
        assert_eq!(exit_status(&o), 0);
        o.warnings = 3;
        o.skipped = 2;
        assert_eq!(exit_status(&o), 0, "warnings and skips do not fail a run");
        o.errors = 1;
        assert_eq!(exit_status(&o), 1);
        o.stopped = true;
        assert_eq!(exit_status(&o), 1);
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A fixed set of findings every renderer's snapshot test uses.
    use super::*;
    use crate::engine::catalog::Message;
    use crate::engine::finding::Failure;

    pub fn meta(strict: bool) -> RunMeta {
        RunMeta {
            version: "0.0.0-test",
            started: SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000),
            targets: vec!["myregistry.azurecr.io".into()],
            strict,
            only_errors: false,
            timings: false,
            lang: Lang::En,
        }
    }

    pub fn findings() -> Vec<Finding> {
        // Named by hand, as the engine would stamp them (the fixture keeps
        // its own ids and titles so the snapshots do not move).
        let ms = |check: &str, title: &str, f: Finding, n| Finding {
            check: check.into(),
            title: title.into(),
            duration: Duration::from_millis(n),
            ..f
        };
        vec![
            ms(
                "docker.daemon",
                "Docker daemon",
                Finding::ok_line("Docker daemon status: available"),
                12,
            ),
            ms(
                "tool.version",
                "acr-health version",
                Finding::info("acr-health version: 0.0.0-test"),
                0,
            ),
            ms(
                "registry.dns",
                "DNS lookup",
                Finding::pass("DNS lookup to myregistry.azurecr.io at IP 127.0.0.1")
                    .detail("CNAME chain: myregistry.azurecr.io -> r1.cloudapp.example"),
                3,
            ),
            ms(
                "registry.challenge",
                "Challenge endpoint",
                Finding::error(
                    Failure::new(Message::Challenge {
                        ls: "myregistry.azurecr.io",
                    })
                    .because("GET /v2/ answered 200 OK without a challenge"),
                ),
                40,
            ),
            ms(
                "registry.refresh",
                "Refresh token",
                Finding::skipped("not run: the challenge failed"),
                0,
            ),
            ms(
                "helm.command",
                "Helm",
                Finding::warning("Helm <3 & \"quoted\""),
                1,
            ),
        ]
    }

    /// Renders the fixture; timestamps stay fixed except az's error stamp.
    pub fn render(format: Format, strict: bool) -> String {
        let meta = meta(strict);
        let mut r = for_format(format, false);
        let mut out = Vec::new();
        r.begin(&meta, &mut out).unwrap();
        let mut outcome = Outcome::default();
        for f in findings() {
            r.finding(&f, &meta, &mut out).unwrap();
            outcome.count(&f);
            if f.status == crate::engine::finding::Status::Error && strict {
                outcome.stopped = true;
                break;
            }
        }
        r.end(&meta, &outcome, Duration::from_millis(56), &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    pub fn filters() -> Vec<(&'static str, &'static str)> {
        vec![(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?", "[TIMESTAMP]")]
    }
}
