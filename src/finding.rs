//! What a probe reports: one or more findings, each a line of the report.
//!
//! Every way text gets into a finding — the line constructors, `detail`,
//! `skipped`, `Failure::because` and the values given to `Failure::new` —
//! passes it through `sanitize::outside` (scrubbed, then escaped to one line),
//! so no probe can forget to. The catalog's templates are ours and keep their
//! layout.

use std::time::Duration;

use serde::Serialize;

use crate::catalog::{self, Code};
use crate::sanitize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not run: a step it needs did not pass, or the user skipped it.
    Skipped,
    Ok,
    /// A fact worth showing that is neither a pass nor a problem.
    Info,
    Warning,
    Error,
}

/// A failed check: the code and its message (az's wording in `message`, our
/// extra detail in `reason`).
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Failure {
    /// The catalog's message for `code`, with `vars` filled in (each value
    /// sanitised; the template keeps its layout).
    pub fn new(code: Code, vars: &[(&str, &str)]) -> Self {
        let clean: Vec<(&str, String)> = vars
            .iter()
            .map(|(k, v)| (*k, sanitize::outside(v)))
            .collect();
        let clean: Vec<(&str, &str)> = clean.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Failure {
            code,
            message: catalog::render(code.entry().message, &clean),
            reason: None,
        }
    }

    /// Our own explanation of what exactly went wrong, shown under the message.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(sanitize::outside(&reason.into()));
        self
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// Stable id, e.g. `registry.dns`; with several registries `registry.dns@host`.
    pub check: String,
    /// Human name of the check, e.g. `DNS lookup`.
    pub title: String,
    pub status: Status,
    /// The report line (docs/behaviour.md §3), e.g. `Docker daemon status: available`.
    /// Empty for errors, whose text comes from `failure`.
    pub line: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// Extra facts shown under the line in text mode and carried in JSON.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    #[serde(rename = "durationMs", serialize_with = "as_millis")]
    pub duration: Duration,
    /// A line az does not print (our extra facts); `-o az` leaves it out so
    /// its stream stays byte-compatible. Errors are always printed.
    #[serde(skip)]
    pub beyond_az: bool,
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl Finding {
    fn new(check: &str, title: &str, status: Status, line: String) -> Self {
        Finding {
            check: check.to_owned(),
            title: title.to_owned(),
            status,
            line: sanitize::outside(&line),
            failure: None,
            details: Vec::new(),
            duration: Duration::ZERO,
            beyond_az: false,
        }
    }

    /// A pass in az's form: `{what} : OK`.
    pub fn pass(check: &str, title: &str, what: impl AsRef<str>) -> Self {
        Self::new(check, title, Status::Ok, format!("{} : OK", what.as_ref()))
    }

    /// A pass whose line is given whole (`Docker daemon status: available`).
    pub fn ok_line(check: &str, title: &str, line: impl Into<String>) -> Self {
        Self::new(check, title, Status::Ok, line.into())
    }

    pub fn info(check: &str, title: &str, line: impl Into<String>) -> Self {
        Self::new(check, title, Status::Info, line.into())
    }

    pub fn warning(check: &str, title: &str, line: impl Into<String>) -> Self {
        Self::new(check, title, Status::Warning, line.into())
    }

    pub fn error(check: &str, title: &str, failure: Failure) -> Self {
        let mut f = Self::new(check, title, Status::Error, String::new());
        f.failure = Some(failure);
        f
    }

    pub fn skipped(check: &str, title: &str, why: impl Into<String>) -> Self {
        let mut f = Self::new(check, title, Status::Skipped, String::new());
        f.details.push(sanitize::outside(&why.into()));
        f
    }

    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.details.push(sanitize::outside(&d.into()));
        self
    }

    /// Marks a line az would not print (see `beyond_az`).
    pub fn beyond_az(mut self) -> Self {
        self.beyond_az = true;
        self
    }

    pub fn code(&self) -> Option<Code> {
        self.failure.as_ref().map(|f| f.code)
    }
}
