//! `-o markdown`: a table to paste into a ticket or a pull request.

use std::io::{self, Write};
use std::time::Duration;

use super::{Renderer, RunMeta, rfc3339};
use crate::engine::finding::{Finding, Status};
use crate::engine::pipeline::Outcome;

#[derive(Default)]
pub struct Markdown {
    rows: Vec<String>,
}

/// Keeps a cell on one line and stops `|` from ending it.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

impl Renderer for Markdown {
    fn finding(&mut self, f: &Finding, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        let status = match f.status {
            Status::Ok => "✅ ok",
            Status::Info => "ℹ️ info",
            Status::Warning => "⚠️ warning",
            Status::Error => "❌ error",
            Status::Skipped => "⏭️ skipped",
        };
        let mut what = match &f.failure {
            Some(failure) => format!("**{}**: {}", failure.code, failure.message),
            None => f.line.clone(),
        };
        if let Some(reason) = f.failure.as_ref().and_then(|x| x.reason.as_ref()) {
            what.push_str(&format!("\n{reason}"));
        }
        for d in &f.details {
            what.push_str(&format!("\n{d}"));
        }
        self.rows.push(format!(
            "| {} | {status} | {} | {} |",
            cell(&f.title),
            cell(&what),
            f.duration.as_millis()
        ));
        Ok(())
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "## acr-health report\n")?;
        writeln!(
            out,
            "acr-health {} · started {} · {:.2} s · registries: {}\n",
            meta.version,
            rfc3339(meta.started),
            elapsed.as_secs_f64(),
            if meta.targets.is_empty() {
                "none".to_owned()
            } else {
                meta.targets.join(", ")
            }
        )?;
        writeln!(out, "| check | status | result | ms |\n|---|---|---|---:|")?;
        for r in &self.rows {
            writeln!(out, "{r}")?;
        }
        writeln!(
            out,
            "\n**{} passed, {} warnings, {} errors, {} skipped**{}",
            outcome.ok,
            outcome.warnings,
            outcome.errors,
            outcome.skipped,
            if outcome.stopped {
                " (stopped at the first error)"
            } else {
                ""
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::report::Format;
    use crate::report::fixtures;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(fixtures::render(Format::Markdown, false));
    }
}
