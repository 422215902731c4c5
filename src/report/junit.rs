//! `-o junit`: one test case per finding, for CI test-report viewers.

use std::io::{self, Write};
use std::time::Duration;

use super::{Renderer, RunMeta, rfc3339};
use crate::engine::finding::{Finding, Status};
use crate::engine::pipeline::Outcome;

#[derive(Default)]
pub struct Junit {
    cases: Vec<String>,
}

/// Text as XML character data or an attribute value. Besides XML's own
/// escapes, the characters `sanitize::command_marks` names are written as
/// character references (`[` as `&#91;`), so no line of the file forms a
/// CI log command and an XML reader still reads the same text. Every value
/// is taken as possibly starting a line (a reason does, after the message).
pub(super) fn escape(s: &str) -> String {
    let mut marks = crate::guard::sanitize::command_marks(s, crate::guard::sanitize::Start::Line)
        .into_iter()
        .peekable();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if marks.next_if_eq(&i).is_some() {
            out.push_str(&format!("&#{};", c as u32));
            continue;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry these at all, not even as a reference.
            // Findings hold sanitised text already; this is the last line.
            c if !crate::guard::sanitize::xml_allowed(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

impl Renderer for Junit {
    fn finding(&mut self, f: &Finding, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        let name = if f.line.is_empty() { &f.title } else { &f.line };
        let mut case = format!(
            "    <testcase classname=\"acr-health.{}\" name=\"{}\" time=\"{:.3}\"",
            escape(&f.check),
            escape(name),
            f.duration.as_secs_f64()
        );
        match (&f.status, &f.failure) {
            (Status::Error, Some(failure)) => {
                let mut body = failure.message.clone();
                if let Some(r) = &failure.reason {
                    body.push_str(&format!("\n{r}"));
                }
                case.push_str(&format!(
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                    failure.code,
                    escape(failure.code.entry().title),
                    escape(&body)
                ));
            }
            (Status::Skipped, _) => {
                let why = f.details.join("; ");
                case.push_str(&format!(
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    escape(&why)
                ));
            }
            _ if !f.details.is_empty() || f.status == Status::Warning => {
                case.push_str(&format!(
                    ">\n      <system-out>{}</system-out>\n    </testcase>",
                    escape(
                        &[f.line.clone()]
                            .into_iter()
                            .chain(f.details.clone())
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                ));
            }
            _ => case.push_str("/>"),
        }
        self.cases.push(case);
        Ok(())
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"acr-health\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
            self.cases.len(),
            outcome.errors,
            outcome.skipped,
            elapsed.as_secs_f64()
        )?;
        writeln!(
            out,
            "  <testsuite name=\"acr-health {}\" timestamp=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
            escape(&meta.targets.join(", ")),
            rfc3339(meta.started),
            self.cases.len(),
            outcome.errors,
            outcome.skipped,
            elapsed.as_secs_f64()
        )?;
        for c in &self.cases {
            writeln!(out, "{c}")?;
        }
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use crate::report::Format;
    use crate::report::fixtures;

    #[test]
    fn never_emits_what_xml_forbids() {
        let escaped = super::escape("a\u{0}b\u{1b}c\u{fffe}d\u{ffff}\te\nf");
        assert_eq!(escaped, "a\\u{0}b\\u{1b}c\\u{fffe}d\\u{ffff}\te\nf");
        assert!(escaped.chars().all(crate::guard::sanitize::xml_allowed));
    }

    #[test]
    fn snapshot_escapes_and_counts() {
        let xml = fixtures::render(Format::Junit, false);
        assert!(xml.contains("Helm &lt;3 &amp; &quot;quoted&quot;"));
        insta::assert_snapshot!(xml);
    }
}
