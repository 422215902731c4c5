//! Text mode inside a CI job: besides the report, the job's own signals.
//!
//! Under GitHub Actions (`GITHUB_ACTIONS=true`) every error becomes an
//! `::error title=CODE::message` workflow command and every warning a
//! `::warning::` one, so they show on the run's page; at the end the Markdown
//! report is appended to `$GITHUB_STEP_SUMMARY` (at most 1 MiB, GitHub's
//! limit). Under Azure Pipelines (`TF_BUILD=True`) errors and warnings become
//! `##vso[task.logissue ...]` commands. Each platform's escaping is applied to
//! the text as the finding carries it, that is after the sanitiser.
//!
//! `Ci` wraps the text renderer: the report itself is unchanged, the commands
//! are written after the finding they belong to, and the summary is handed
//! to a `PendingSummary` for the caller to write once it shows the run.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::markdown::Markdown;
use super::{Renderer, RunMeta};
use crate::engine::finding::{Finding, Status};
use crate::engine::pipeline::Outcome;
use crate::sys::env::Env;

/// GitHub refuses a step summary larger than this.
pub const SUMMARY_CAP: usize = 1024 * 1024;

/// The CI system the run is inside, as its own variables say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Platform {
    /// With the step-summary file, when the runner named one.
    GitHub {
        summary: Option<PathBuf>,
    },
    AzurePipelines,
}

impl Platform {
    /// GitHub sets `GITHUB_ACTIONS=true`, Azure Pipelines `TF_BUILD=True`.
    pub fn detect(env: &Env) -> Option<Platform> {
        let is_true = |k| env.get(k).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if is_true("GITHUB_ACTIONS") {
            Some(Platform::GitHub {
                summary: env.get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            })
        } else if is_true("TF_BUILD") {
            Some(Platform::AzurePipelines)
        } else {
            None
        }
    }
}

/// A workflow command's message: GitHub reads `%`, CR and LF specially.
pub fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which end it.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Azure Pipelines' logging-command escaping (the agent reverses it in
/// properties and message alike): `%` first, then what would end the
/// property list or the line.
pub fn azure_escape(s: &str) -> String {
    s.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace(']', "%5D")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The one-paragraph text of a finding for an annotation: the message and,
/// for errors, our reason under it.
fn annotation_text(f: &Finding) -> String {
    match &f.failure {
        Some(failure) => {
            let mut text = failure.message.trim_end().to_owned();
            if let Some(reason) = &failure.reason {
                text.push_str("\nReason: ");
                text.push_str(reason);
            }
            text
        }
        None => f.line.clone(),
    }
}

/// The platform's command for `f`, or None when it is neither an error nor
/// a warning.
pub fn command(platform: &Platform, f: &Finding) -> Option<String> {
    let text = annotation_text(f);
    let code = f.failure.as_ref().map(|x| x.code.to_string());
    match (platform, f.status) {
        (Platform::GitHub { .. }, Status::Error) => Some(format!(
            "::error title={}::{}",
            github_property(code.as_deref().unwrap_or(&f.title)),
            github_data(&text)
        )),
        (Platform::GitHub { .. }, Status::Warning) => {
            Some(format!("::warning::{}", github_data(&text)))
        }
        (Platform::AzurePipelines, Status::Error) => Some(match &code {
            Some(code) => format!(
                "##vso[task.logissue type=error;code={}]{}",
                azure_escape(code),
                azure_escape(&text)
            ),
            None => format!("##vso[task.logissue type=error]{}", azure_escape(&text)),
        }),
        (Platform::AzurePipelines, Status::Warning) => Some(format!(
            "##vso[task.logissue type=warning]{}",
            azure_escape(&text)
        )),
        _ => None,
    }
}

/// Cuts `s` to at most `cap` bytes on a line boundary, saying so at the end.
pub fn cap_summary(s: &str, cap: usize) -> String {
    if s.len() <= cap {
        return s.to_owned();
    }
    let note = "\n\n_The report was cut here: GitHub keeps at most 1 MiB of a step summary. \
                The full report is in the job log._\n";
    let mut end = cap.saturating_sub(note.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let end = s[..end].rfind('\n').map_or(end, |i| i + 1);
    format!("{}{note}", &s[..end])
}

/// A run's step summary, held until the caller knows the run is the one
/// shown: under `--wait` only the last attempt's report reaches the job.
#[derive(Clone, Default)]
pub struct PendingSummary(Arc<Mutex<Option<(PathBuf, String)>>>);

impl PendingSummary {
    /// Appends the summary (if the run made one) to the runner's file. A
    /// file that cannot be written must not change the run's status; the
    /// report on stdout still says everything.
    pub fn write(&self) {
        let taken = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some((path, report)) = taken else {
            return;
        };
        // A regular file only: a FIFO there would hold the process for ever.
        let written = crate::sys::files::append_regular(&path, report.as_bytes());
        if let Err(e) = written {
            // The path is the runner's variable: outside text like any other.
            let _ = writeln!(
                io::stderr(),
                "acr-health: could not write the step summary to {}: {}",
                crate::guard::sanitize::outside(&path.to_string_lossy()),
                crate::guard::sanitize::outside(&e.to_string())
            );
        }
    }
}

/// The text renderer plus the CI platform's commands and summary.
pub struct Ci {
    inner: Box<dyn Renderer>,
    platform: Platform,
    /// The step summary's report, built beside the text.
    summary: Option<(Markdown, PathBuf)>,
    pending: PendingSummary,
}

impl Ci {
    /// `pending` receives the step summary at `end`; the caller writes it.
    pub fn new(inner: Box<dyn Renderer>, platform: Platform, pending: PendingSummary) -> Self {
        let summary = match &platform {
            Platform::GitHub {
                summary: Some(path),
            } => Some((Markdown::default(), path.clone())),
            _ => None,
        };
        Ci {
            inner,
            platform,
            summary,
            pending,
        }
    }
}

impl Renderer for Ci {
    fn begin(&mut self, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        self.inner.begin(meta, out)
    }

    fn finding(&mut self, f: &Finding, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        if let Some((markdown, _)) = &mut self.summary {
            let _ = markdown.finding(f, meta, &mut io::sink());
        }
        self.inner.finding(f, meta, out)?;
        if let Some(line) = command(&self.platform, f) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if let Some((markdown, path)) = &mut self.summary {
            let mut report = Vec::new();
            let _ = markdown.end(meta, outcome, elapsed, &mut report);
            let report = cap_summary(&String::from_utf8_lossy(&report), SUMMARY_CAP);
            *self.pending.0.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((path.clone(), report));
        }
        self.inner.end(meta, outcome, elapsed, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::Message;
    use crate::engine::finding::Failure;

    fn env(pairs: &[(&str, &str)]) -> Env {
        let mut env = Env::empty();
        for (k, v) in pairs {
            env.set(k, *v);
        }
        env
    }

    #[test]
    fn detects_each_platform_by_its_variable() {
        assert_eq!(Platform::detect(&env(&[])), None);
        assert_eq!(Platform::detect(&env(&[("GITHUB_ACTIONS", "false")])), None);
        assert_eq!(
            Platform::detect(&env(&[("GITHUB_ACTIONS", "true")])),
            Some(Platform::GitHub { summary: None })
        );
        assert_eq!(
            Platform::detect(&env(&[
                ("GITHUB_ACTIONS", "true"),
                ("GITHUB_STEP_SUMMARY", "/tmp/s.md")
            ])),
            Some(Platform::GitHub {
                summary: Some("/tmp/s.md".into())
            })
        );
        assert_eq!(
            Platform::detect(&env(&[("TF_BUILD", "True")])),
            Some(Platform::AzurePipelines)
        );
    }

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(github_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
    }

    #[test]
    fn azure_escaping_does_percent_first() {
        assert_eq!(azure_escape("%3B;]\r\n"), "%AZP253B%3B%5D%0D%0A");
    }

    #[test]
    fn error_and_warning_commands() {
        let error = Finding::error(
            Failure::new(Message::Challenge { ls: "r.azurecr.io" }).because("100% wrong; [really]"),
        );
        let gh = command(&Platform::GitHub { summary: None }, &error).unwrap();
        assert!(
            gh.starts_with("::error title=CONNECTIVITY_CHALLENGE_ERROR::"),
            "{gh}"
        );
        assert!(gh.ends_with("%0AReason: 100%25 wrong; [really]"), "{gh}");
        assert!(!gh.contains('\n'));
        let az = command(&Platform::AzurePipelines, &error).unwrap();
        assert!(
            az.starts_with("##vso[task.logissue type=error;code=CONNECTIVITY_CHALLENGE_ERROR]"),
            "{az}"
        );
        assert!(
            az.ends_with("%0AReason: 100%AZP25 wrong%3B [really%5D"),
            "{az}"
        );

        let warning = Finding::warning("Helm 2: 50%");
        assert_eq!(
            command(&Platform::GitHub { summary: None }, &warning).unwrap(),
            "::warning::Helm 2: 50%25"
        );
        assert_eq!(
            command(&Platform::AzurePipelines, &warning).unwrap(),
            "##vso[task.logissue type=warning]Helm 2: 50%AZP25"
        );
        let ok = Finding::pass("fine");
        assert_eq!(command(&Platform::AzurePipelines, &ok), None);
    }

    #[test]
    fn summary_cap_cuts_on_a_line_and_says_so() {
        let small = "| a |\n";
        assert_eq!(cap_summary(small, 100), small);
        let big = "| row é |\n".repeat(1000);
        let cut = cap_summary(&big, 2000);
        assert!(cut.len() <= 2000, "{}", cut.len());
        assert!(cut.contains("The report was cut here"));
        let body = cut.split("\n\n_The report").next().unwrap();
        assert!(body.ends_with("| row é |\n"));
    }
}
