//! Running `<tool> version` the way az does, for helm and notary: a failure
//! or a timeout is the tool's version error with az's message, the command
//! and its stderr; stderr that starts with "warning" is a warning line.

use std::time::Duration;

use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::sys::env::Env;
use crate::sys::process::{self, Program};

pub struct VersionCommand<'a> {
    pub program: &'a Program,
    pub args: &'a [&'a str],
    pub env: &'a Env,
    pub timeout: Duration,
    /// The tool's message for a failed version command (its code and az's
    /// wording live in the catalog).
    pub failed: for<'m> fn(&'m str, Outside<'m>) -> Message<'m>,
    /// `-o az`: the command is quoted in messages as az quotes it.
    pub az: bool,
}

/// A command as messages show it: az joins the words with spaces; elsewhere
/// they are quoted so the command can be pasted into a shell.
pub fn command_text(program: &Program, args: &[&str], az: bool) -> String {
    if az {
        std::iter::once(program.name.as_str())
            .chain(args.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        process::display(program, args)
    }
}

impl VersionCommand<'_> {
    /// `Ok((stdout, warnings))` when the command succeeded, else the error finding.
    pub async fn run(&self) -> Result<(String, Vec<Finding>), Vec<Finding>> {
        let cmd = command_text(self.program, self.args, self.az);
        let failed = |stderr: &str, reason: Option<String>| {
            let mut failure = Failure::new((self.failed)(&cmd, Outside(stderr)));
            failure.reason = reason;
            vec![Finding::error(failure)]
        };
        let out = match process::run(self.program, self.args, self.env, self.timeout).await {
            Ok(out) => out,
            Err(e) => return Err(failed(&e.to_string(), None)),
        };
        if out.timed_out {
            return Err(failed(
                out.stderr_trimmed(),
                Some(format!(
                    "it did not finish within {}; it was stopped",
                    humantime::format_duration(self.timeout)
                )),
            ));
        }
        if !out.success() {
            return Err(failed(out.stderr_trimmed(), None));
        }
        let warnings = out
            .stderr_warning()
            .map(|w| Finding::warning(w.to_owned()))
            .into_iter()
            .collect();
        Ok((out.stdout, warnings))
    }
}
