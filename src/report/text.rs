//! Text mode, for people: the report lines verbatim, each error followed by
//! its remediation in our words, and a timestamped summary at the end.

use std::io::{self, Write};
use std::time::Duration;

use owo_colors::OwoColorize;

use super::{HEALTH_CHECK_LINK, Renderer, RunMeta, rfc3339};
use crate::engine::finding::{Finding, Status};
use crate::engine::i18n::{self, Arg, t};
use crate::engine::pipeline::Outcome;
use crate::sys::timing::{Phase, PhaseKind, critical_path_line};

pub struct Text {
    /// Emit ANSI colour. Decided by the caller (terminal, NO_COLOR, --color).
    pub color: bool,
    /// Every check's phases so far, for the critical path at the end.
    phases: Vec<Phase>,
}

/// Milliseconds as people read them: `0.4 ms`, `61 ms`.
fn ms(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// One phase under its check (`--timings`).
fn phase_line(p: &Phase) -> String {
    match p.kind {
        PhaseKind::Dns => format!("DNS {}: {}", p.host, ms(p.duration)),
        PhaseKind::Connect => format!(
            "connect {} ({}): {}",
            p.host,
            p.tls.as_deref().unwrap_or("TLS"),
            ms(p.duration)
        ),
        PhaseKind::Request => format!(
            "{}: {} to first byte{}",
            match p.what.as_deref().and_then(|w| w.split_once(' ')) {
                Some((method, path)) => format!("{method} {}{path}", p.host),
                None => format!("request to {}", p.host),
            },
            ms(p.duration),
            p.transfer
                .get()
                .map(|t| format!(", {} transfer", ms(*t)))
                .unwrap_or_default()
        ),
    }
}

impl Text {
    pub fn new(color: bool) -> Self {
        Text {
            color,
            phases: Vec::new(),
        }
    }

    fn paint(&self, s: &str, status: Status) -> String {
        if !self.color {
            return s.to_owned();
        }
        match status {
            Status::Ok => s.green().to_string(),
            Status::Info => s.to_owned(),
            Status::Warning => s.yellow().to_string(),
            Status::Error => s.red().bold().to_string(),
            Status::Skipped => s.dimmed().to_string(),
        }
    }
}

impl Renderer for Text {
    fn finding(&mut self, f: &Finding, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        let lang = meta.lang;
        match (&f.status, &f.failure) {
            (Status::Error, Some(failure)) => {
                let code = || Arg::from(failure.code.as_str());
                writeln!(
                    out,
                    "{}",
                    self.paint(
                        &t(lang, "report-error-occurred", &[("code", code())]),
                        Status::Error
                    )
                )?;
                // az's messages may end in a newline (a child's raw stderr).
                let message = i18n::message(lang, failure);
                writeln!(out, "{}", message.trim_end_matches('\n'))?;
                if let Some(reason) = &failure.reason {
                    let reason = t(lang, "report-reason", &[("reason", reason.as_str().into())]);
                    writeln!(out, "  {reason}")?;
                }
                for d in &f.details {
                    writeln!(out, "  - {d}")?;
                }
                writeln!(out, "  {}", t(lang, "report-what-to-do", &[]))?;
                for (i, step) in i18n::remediation(lang, failure).iter().enumerate() {
                    writeln!(out, "    {}. {step}", i + 1)?;
                }
                writeln!(
                    out,
                    "  {}",
                    t(lang, "report-explain-error", &[("code", code())])
                )?;
                if meta.strict {
                    let link = i18n::error_link(lang, failure.code);
                    writeln!(
                        out,
                        "\n{}",
                        t(lang, "report-error-link", &[("link", link.into())])
                    )?;
                }
            }
            (Status::Skipped, _) => {
                let why = match f.details.first() {
                    Some(why) => why.clone(),
                    None => t(lang, "report-skipped-default", &[]),
                };
                let line = t(
                    lang,
                    "report-skipped",
                    &[
                        ("title", i18n::finding_title(lang, f).into()),
                        ("why", why.into()),
                    ],
                );
                writeln!(out, "{}", self.paint(&line, Status::Skipped))?;
            }
            _ => {
                // A warning with a code of its own reads as its message.
                let line = match &f.failure {
                    Some(failure) if lang != crate::sys::lang::Lang::En => {
                        i18n::message(lang, failure)
                    }
                    _ => f.line.clone(),
                };
                writeln!(out, "{}", self.paint(&line, f.status))?;
                for d in &f.details {
                    writeln!(out, "  - {d}")?;
                }
                // A warning with a code of its own: what to do about it.
                if let Some(failure) = &f.failure {
                    writeln!(out, "  {}", t(lang, "report-what-to-do", &[]))?;
                    for (i, step) in i18n::remediation(lang, failure).iter().enumerate() {
                        writeln!(out, "    {}. {step}", i + 1)?;
                    }
                    let code = Arg::from(failure.code.as_str());
                    writeln!(
                        out,
                        "  {}",
                        t(lang, "report-explain-warning", &[("code", code)])
                    )?;
                }
            }
        }
        if meta.timings {
            for p in &f.phases {
                writeln!(out, "  · {}", phase_line(p))?;
            }
        }
        self.phases.extend(f.phases.iter().cloned());
        Ok(())
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let lang = meta.lang;
        let count = |id: &str, n: usize| t(lang, id, &[("count", Arg::Count(n as u64))]);
        let mut parts = vec![count("report-count-passed", outcome.ok)];
        if outcome.info > 0 {
            parts.push(count("report-count-info", outcome.info));
        }
        parts.push(count("report-count-warnings", outcome.warnings));
        parts.push(count("report-count-errors", outcome.errors));
        if outcome.skipped > 0 {
            parts.push(count("report-count-skipped", outcome.skipped));
        }
        writeln!(out)?;
        if meta.timings
            && let Some(line) = critical_path_line(&self.phases)
        {
            writeln!(out, "{line}")?;
        }
        if let Some(signal) = outcome.interrupted {
            let signal = Arg::from(signal.name());
            writeln!(
                out,
                "{}",
                t(lang, "report-interrupted", &[("signal", signal)])
            )?;
        } else if outcome.stopped && meta.targets.len() > 1 {
            writeln!(out, "{}", t(lang, "report-stopped-each", &[]))?;
        } else if outcome.stopped {
            writeln!(out, "{}", t(lang, "report-stopped", &[]))?;
        }
        let summary = t(
            lang,
            "report-summary",
            &[
                ("version", meta.version.into()),
                ("time", rfc3339(meta.started + elapsed).into()),
                ("seconds", Arg::Fixed(elapsed.as_secs_f64(), 2)),
                (
                    "counts",
                    parts.join(&t(lang, "report-list-separator", &[])).into(),
                ),
            ],
        );
        let status = if outcome.failed() {
            Status::Error
        } else if outcome.warnings > 0 {
            Status::Warning
        } else {
            Status::Ok
        };
        writeln!(out, "{}", self.paint(&summary, status))?;
        if !outcome.stopped {
            let link = i18n::health_check_link(lang, HEALTH_CHECK_LINK);
            writeln!(
                out,
                "{}",
                t(lang, "report-closing", &[("link", link.into())])
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Format;
    use crate::report::fixtures;

    #[test]
    fn strict_snapshot() {
        insta::assert_snapshot!(fixtures::render(Format::Text, true));
    }

    #[test]
    fn ignore_errors_snapshot() {
        insta::assert_snapshot!(fixtures::render(Format::Text, false));
    }

    #[test]
    fn colour_only_when_asked() {
        let f = Finding::pass("thing").titled("x");
        let meta = fixtures::meta(true);
        let mut plain = Vec::new();
        Text::new(false).finding(&f, &meta, &mut plain).unwrap();
        assert!(!String::from_utf8(plain).unwrap().contains('\x1b'));
        let mut coloured = Vec::new();
        Text::new(true).finding(&f, &meta, &mut coloured).unwrap();
        assert!(String::from_utf8(coloured).unwrap().contains("\x1b["));
    }
}
