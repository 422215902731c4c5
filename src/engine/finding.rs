//! What a probe reports: one or more findings, each a line of the report.
//!
//! Every way text gets into a finding — the line constructors, `detail`,
//! `skipped` and `Failure::because` here, and the values of a catalog
//! `Message` as they are filled in — passes it through `sanitize::outside`
//! (scrubbed, then escaped to one line), so no probe can forget to. The
//! catalog's templates are ours and keep their layout.

use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::engine::catalog::{Code, Message, Piece, Remedy};
use crate::engine::check_id::StepName;
use crate::guard::sanitize;
use crate::guard::secret::SecretStore;
use crate::sys::timing::Phase;

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
#[derive(Clone, Debug)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    pub reason: Option<String>,
    /// Steps that fit this case better than the code's general ones.
    pub remedy: Option<Remedy>,
    /// The message as other languages write it (`Message::pieces`); None
    /// where every language prints `message` (az's text, a child's output).
    pub pieces: Option<Vec<Piece>>,
}

impl Failure {
    /// The catalog's message: its code and its rendered text (outside values
    /// are sanitised as the catalog fills them in; the template keeps its layout).
    pub fn new(message: Message<'_>) -> Self {
        Failure {
            code: message.code(),
            message: message.render(),
            reason: None,
            remedy: None,
            pieces: message.pieces(),
        }
    }

    /// Remediation for a case the code's general steps do not fit (the
    /// probe that knows the case picks it from the catalog).
    pub fn remedy(mut self, remedy: Remedy) -> Self {
        self.remedy = Some(remedy);
        self
    }

    /// What to do, in order: the case's steps, else the code's.
    pub fn remediation(&self) -> &'static [&'static str] {
        match self.remedy {
            Some(r) => r.steps(),
            None => self.code.entry().remediation,
        }
    }

    /// Our own explanation of what exactly went wrong, shown under the message.
    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(sanitize::outside(&reason.into()));
        self
    }

    /// The reason is a typed error: its sentence and each cause in its
    /// chain (`sys::error::sentence`), the one way an error becomes words.
    pub fn because_of(self, error: &(dyn std::error::Error + 'static)) -> Self {
        self.because(crate::sys::error::sentence(error))
    }
}

/// A typed fact a check learned on the way, for machines: `serve`'s
/// gauges read these (docs/behaviour.md §8), no renderer prints them, and
/// no text is ever parsed back into one. A host in a fact is one the check
/// derived or validated itself (the login server, a data endpoint ARM
/// listed and the check reached), never a URL or a server's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The login server the registry's checks settled on: `host` in lower
    /// case, `:port` when one was given (`myregistry.azurecr.io`).
    LoginServer(String),
    /// The leaf certificate `host` presented, verified in this run, is
    /// valid until `not_after`.
    CertificateExpiry { host: String, not_after: SystemTime },
    /// The registry access token obtained in this run expires then (`exp`).
    TokenExpiry(SystemTime),
}

/// One line of the report. Renderers build their own documents from it (the
/// JSON one by hand, so its field names are a documented interface, not a
/// side effect of this struct's).
#[derive(Clone, Debug)]
pub struct Finding {
    /// Stable id, e.g. `registry.dns`; with several registries
    /// `registry.dns@<-n value>`. Stamped by the engine (`stamp`).
    pub check: String,
    /// Human name of the check, e.g. `DNS lookup`: the step's title unless
    /// the finding named its own (`titled`).
    pub title: String,
    pub status: Status,
    /// The report line (docs/behaviour.md §3), e.g. `Docker daemon status: available`.
    /// Empty for errors, whose text comes from `failure`.
    pub line: String,
    pub failure: Option<Failure>,
    /// Extra facts shown under the line in text mode and carried in JSON.
    pub details: Vec<String>,
    pub duration: Duration,
    /// A line az does not print (our extra facts); `-o az` leaves it out so
    /// its stream stays byte-compatible. Errors are always printed.
    pub beyond_az: bool,
    /// An error az raises rather than reports: `-o az` prints it as
    /// `ERROR: {message}` (no code, no timestamp, no pointer), and the run
    /// ends there even under `--ignore-errors`, as az's does.
    pub raised: bool,
    /// The network phases the step collected (DNS, connections, requests),
    /// on the step's first finding; stamped by the engine.
    pub phases: Vec<Phase>,
    /// The step that reported it, typed (`check` is its name as text);
    /// stamped by the engine.
    pub step: Option<StepName>,
    /// What the check learned for machines (see `Fact`); never rendered.
    pub facts: Vec<Fact>,
}

impl Finding {
    fn new(status: Status, line: String) -> Self {
        Finding {
            check: String::new(),
            title: String::new(),
            status,
            // Text mode prints the line from its start.
            line: sanitize::line_starts(&sanitize::outside(&line)),
            failure: None,
            details: Vec::new(),
            duration: Duration::ZERO,
            beyond_az: false,
            raised: false,
            phases: Vec::new(),
            step: None,
            facts: Vec::new(),
        }
    }

    /// A pass in az's form: `{what} : OK`.
    pub fn pass(what: impl AsRef<str>) -> Self {
        Self::new(Status::Ok, format!("{} : OK", what.as_ref()))
    }

    /// A pass whose line is given whole (`Docker daemon status: available`).
    pub fn ok_line(line: impl Into<String>) -> Self {
        Self::new(Status::Ok, line.into())
    }

    pub fn info(line: impl Into<String>) -> Self {
        Self::new(Status::Info, line.into())
    }

    pub fn warning(line: impl Into<String>) -> Self {
        Self::new(Status::Warning, line.into())
    }

    pub fn error(failure: Failure) -> Self {
        let mut f = Self::new(Status::Error, String::new());
        f.failure = Some(failure);
        f
    }

    /// A warning with a code of its own (and the code's remediation): the
    /// message is its line. Beyond az: az has no such warnings.
    pub fn coded_warning(failure: Failure) -> Self {
        let mut f = Self::new(Status::Warning, failure.message.clone());
        f.failure = Some(failure);
        f.beyond_az()
    }

    pub fn skipped(why: impl Into<String>) -> Self {
        let mut f = Self::new(Status::Skipped, String::new());
        f.details.push(sanitize::outside(&why.into()));
        f
    }

    /// A title of its own instead of the step's (`Clock skew` under the
    /// challenge step).
    pub fn titled(mut self, title: &str) -> Self {
        self.title = title.to_owned();
        self
    }

    /// Names the finding after the step that reported it: the engine calls
    /// this for every finding, so probes never pass their id or title.
    pub fn stamp(mut self, step: &StepName) -> Self {
        self.check = step.to_string();
        self.step = Some(step.clone());
        if self.title.is_empty() {
            self.title = step.id.title().to_owned();
        }
        self
    }

    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.details.push(sanitize::outside(&d.into()));
        self
    }

    /// Adds a fact for machines (see `Fact`).
    pub fn fact(mut self, fact: Fact) -> Self {
        self.facts.push(fact);
        self
    }

    /// Marks an error az raises (see `raised`).
    pub fn raised(mut self) -> Self {
        self.raised = true;
        self
    }

    /// Marks a line az would not print (see `beyond_az`).
    pub fn beyond_az(mut self) -> Self {
        self.beyond_az = true;
        self
    }

    /// Every text of the finding with the run's secrets taken out: the last
    /// step before any renderer sees it.
    pub fn scrubbed(mut self, secrets: &SecretStore) -> Self {
        self.line = secrets.scrub(&self.line);
        for d in &mut self.details {
            *d = secrets.scrub(d);
        }
        if let Some(f) = &mut self.failure {
            f.message = secrets.scrub(&f.message);
            f.reason = f.reason.as_deref().map(|r| secrets.scrub(r));
            for piece in f.pieces.iter_mut().flatten() {
                match piece {
                    Piece::Raw(text) => *text = secrets.scrub(text),
                    Piece::Text { args, .. } => {
                        for (_, v) in args {
                            *v = secrets.scrub(v);
                        }
                    }
                }
            }
        }
        for p in &mut self.phases {
            p.host = secrets.scrub(&p.host);
            p.what = p.what.as_deref().map(|w| secrets.scrub(w));
        }
        self
    }

    pub fn code(&self) -> Option<Code> {
        self.failure.as_ref().map(|f| f.code)
    }
}
