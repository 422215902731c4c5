//! `-o markdown`: a table to paste into a ticket or a pull request.

use std::io::{self, Write};
use std::time::Duration;

use super::{Renderer, RunMeta, rfc3339};
use crate::engine::finding::{Finding, Status};
use crate::engine::i18n::{self, Arg, t};
use crate::engine::pipeline::Outcome;
use crate::guard::sanitize;

#[derive(Default)]
pub struct Markdown {
    rows: Vec<String>,
}

/// Text as Markdown that renders as exactly that text, in a paragraph or
/// a table cell: in one pass `&`, `<` and `>` become `&amp;`, `&lt;` and
/// `&gt;`, and every other ASCII punctuation character is backslash-escaped.
/// So no raw HTML, link, image, autolink, emphasis or table pipe can start
/// inside it, and none of `#`, `[` and `:` is left bare to form a CI log
/// command. A character that could break the line is written `\u{..}` (the
/// sanitiser's form; findings hold none by now).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if sanitize::is_unsafe(c) => out.push_str(&text(&sanitize::text_escape(c))),
            c => out.push(c),
        }
    }
    out
}

/// A table cell: [`text`] line by line, our own line breaks as `<br>`.
fn cell(s: &str) -> String {
    s.split('\n').map(text).collect::<Vec<_>>().join("<br>")
}

impl Renderer for Markdown {
    fn finding(&mut self, f: &Finding, meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        let lang = meta.lang;
        let (mark, word) = match f.status {
            Status::Ok => ("✅", "status-ok"),
            Status::Info => ("ℹ️", "status-info"),
            Status::Warning => ("⚠️", "status-warning"),
            Status::Error => ("❌", "status-error"),
            Status::Skipped => ("⏭️", "status-skipped"),
        };
        let status = format!("{mark} {}", cell(&t(lang, word, &[])));
        // Our emphasis around the code; everything else is text.
        let mut what = match &f.failure {
            Some(failure) => format!(
                "**{}**: {}",
                failure.code,
                cell(i18n::message(lang, failure).trim_end_matches('\n'))
            ),
            None => cell(&f.line),
        };
        if let Some(reason) = f.failure.as_ref().and_then(|x| x.reason.as_ref()) {
            what.push_str(&format!("<br>{}", cell(reason)));
        }
        for d in &f.details {
            what.push_str(&format!("<br>{}", cell(d)));
        }
        self.rows.push(format!(
            "| {} | {status} | {what} | {} |",
            cell(&i18n::finding_title(lang, f)),
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
        let lang = meta.lang;
        writeln!(out, "## {}\n", t(lang, "markdown-heading", &[]))?;
        let registries = if meta.targets.is_empty() {
            t(lang, "markdown-no-registries", &[])
        } else {
            text(&meta.targets.join(", "))
        };
        // The frame is ours (Markdown as it stands); the names are escaped.
        let line = t(
            lang,
            "markdown-meta",
            &[
                ("version", meta.version.into()),
                ("started", rfc3339(meta.started).into()),
                ("seconds", Arg::Fixed(elapsed.as_secs_f64(), 2)),
                ("registries", registries.into()),
            ],
        );
        writeln!(out, "{line}\n")?;
        let column = |id: &str| cell(&t(lang, id, &[]));
        writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|---|---|---:|",
            column("markdown-column-check"),
            column("markdown-column-status"),
            column("markdown-column-result"),
            column("markdown-column-ms"),
        )?;
        for r in &self.rows {
            writeln!(out, "{r}")?;
        }
        let n = |x: usize| Arg::Count(x as u64);
        let summary = t(
            lang,
            "markdown-summary",
            &[
                ("passed", n(outcome.ok)),
                ("warnings", n(outcome.warnings)),
                ("errors", n(outcome.errors)),
                ("skipped", n(outcome.skipped)),
            ],
        );
        let stopped = if outcome.stopped {
            format!(" {}", t(lang, "markdown-stopped", &[]))
        } else {
            String::new()
        };
        writeln!(out, "\n**{summary}**{stopped}")
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
