//! `-o az`: the stream `az acr check-health` 2.91 writes to stderr, byte for
//! byte (timestamps and the version line aside), for scripts written against az.

use std::io::{self, Write};
use std::time::{Duration, SystemTime};

use super::{HEALTH_CHECK_LINK, Renderer, RunMeta};
use crate::engine::finding::{Finding, Status};
use crate::engine::pipeline::Outcome;

pub struct Az;

/// Python's `str(datetime.utcnow())`: `YYYY-MM-DD HH:MM:SS.ffffff`, the
/// fraction left out when it is zero.
pub fn az_timestamp(t: SystemTime) -> String {
    let s = humantime::format_rfc3339_micros(t).to_string();
    let s = s.trim_end_matches('Z').replacen('T', " ", 1);
    match s.strip_suffix(".000000") {
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

impl Renderer for Az {
    fn finding(&mut self, f: &Finding, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        match (&f.status, &f.failure) {
            // An error az raises: its message as its own ERROR: line.
            (Status::Error, Some(failure)) if f.raised => {
                writeln!(out, "ERROR: {}", failure.message)
            }
            (Status::Error, Some(failure)) => {
                write!(
                    out,
                    "ERROR: {} An error occurred: {}\n{}",
                    az_timestamp(SystemTime::now()),
                    failure.code,
                    failure.message
                )?;
                if meta.strict {
                    write!(
                        out,
                        "\n\nPlease refer to {} for more information.",
                        failure.code.entry().link()
                    )?;
                }
                writeln!(out)
            }
            // az prints nothing for a step it did not run. (Our extra facts
            // never get here: the az profile does not keep them.)
            (Status::Skipped, _) => Ok(()),
            _ if f.line.is_empty() => Ok(()),
            _ => writeln!(out, "WARNING: {}", f.line),
        }
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        _elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        // A stopped run ends at its error; --only-show-errors drops every
        // `WARNING:` line, and these are two of them.
        if outcome.stopped || meta.only_errors {
            return Ok(());
        }
        writeln!(
            out,
            "WARNING: \nPlease refer to {HEALTH_CHECK_LINK} for more information."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Format;
    use crate::report::fixtures;

    #[test]
    fn timestamp_like_python() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_micros(1_795_000_000_123_456);
        assert_eq!(az_timestamp(t), "2026-11-18 11:06:40.123456");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        assert_eq!(az_timestamp(t), "2026-11-18 11:06:40");
    }

    #[test]
    fn strict_snapshot() {
        insta::with_settings!({filters => fixtures::filters()}, {
            insta::assert_snapshot!(fixtures::render(Format::Az, true));
        });
    }

    #[test]
    fn ignore_errors_snapshot() {
        insta::with_settings!({filters => fixtures::filters()}, {
            insta::assert_snapshot!(fixtures::render(Format::Az, false));
        });
    }
}
