//! Text mode, for people: the report lines verbatim, each error followed by
//! its remediation in our words, and a timestamped summary at the end.

use std::io::{self, Write};
use std::time::Duration;

use owo_colors::OwoColorize;

use super::{HEALTH_CHECK_LINK, Renderer, RunMeta, rfc3339};
use crate::engine::finding::{Finding, Status};
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
        match (&f.status, &f.failure) {
            (Status::Error, Some(failure)) => {
                let entry = failure.code.entry();
                writeln!(
                    out,
                    "{}",
                    self.paint(
                        &format!("An error occurred: {}", failure.code),
                        Status::Error
                    )
                )?;
                // az's messages may end in a newline (a child's raw stderr).
                writeln!(out, "{}", failure.message.trim_end_matches('\n'))?;
                if let Some(reason) = &failure.reason {
                    writeln!(out, "  Reason: {reason}")?;
                }
                for d in &f.details {
                    writeln!(out, "  - {d}")?;
                }
                writeln!(out, "  What to do:")?;
                for (i, step) in failure.remediation().iter().enumerate() {
                    writeln!(out, "    {}. {step}", i + 1)?;
                }
                writeln!(
                    out,
                    "  Run 'acr-health explain {}' for causes and fixes.",
                    failure.code
                )?;
                if meta.strict {
                    writeln!(
                        out,
                        "\nPlease refer to {} for more information.",
                        entry.link()
                    )?;
                }
            }
            (Status::Skipped, _) => {
                let why = f.details.first().map(String::as_str).unwrap_or("skipped");
                writeln!(
                    out,
                    "{}",
                    self.paint(&format!("Skipped: {} ({why})", f.title), Status::Skipped)
                )?;
            }
            _ => {
                writeln!(out, "{}", self.paint(&f.line, f.status))?;
                for d in &f.details {
                    writeln!(out, "  - {d}")?;
                }
                // A warning with a code of its own: what to do about it.
                if let Some(failure) = &f.failure {
                    writeln!(out, "  What to do:")?;
                    for (i, step) in failure.remediation().iter().enumerate() {
                        writeln!(out, "    {}. {step}", i + 1)?;
                    }
                    writeln!(out, "  Run 'acr-health explain {}' for more.", failure.code)?;
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
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![format!("{} passed", outcome.ok)];
        if outcome.info > 0 {
            parts.push(format!("{} info", outcome.info));
        }
        parts.push(plural(outcome.warnings, "warning", "warnings"));
        parts.push(plural(outcome.errors, "error", "errors"));
        if outcome.skipped > 0 {
            parts.push(format!("{} skipped", outcome.skipped));
        }
        writeln!(out)?;
        if meta.timings
            && let Some(line) = critical_path_line(&self.phases)
        {
            writeln!(out, "{line}")?;
        }
        if let Some(signal) = outcome.interrupted {
            writeln!(
                out,
                "Interrupted by {}: the checks still running were stopped, with every program they had started.",
                signal.name()
            )?;
        } else if outcome.stopped && meta.targets.len() > 1 {
            writeln!(
                out,
                "Each registry stopped at its own first error; pass --ignore-errors to run every check."
            )?;
        } else if outcome.stopped {
            writeln!(
                out,
                "Stopped at the first error; pass --ignore-errors to run every check."
            )?;
        }
        let summary = format!(
            "acr-health {} finished at {} in {:.2} s: {}.",
            meta.version,
            rfc3339(meta.started + elapsed),
            elapsed.as_secs_f64(),
            parts.join(", ")
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
            writeln!(
                out,
                "Please refer to {HEALTH_CHECK_LINK} for more information."
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
