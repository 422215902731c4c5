//! Running `<tool> version` the way az does, for helm and notary: a failure
//! or a timeout is the tool's version error with az's message, the command
//! and its stderr; stderr that starts with "warning" is a warning line.

use std::time::Duration;

use crate::catalog::Code;
use crate::finding::{Failure, Finding};
use crate::options::Env;
use crate::process::{self, Program};

pub struct VersionCommand<'a> {
    pub program: &'a Program,
    pub args: &'a [&'a str],
    pub env: &'a Env,
    pub timeout: Duration,
    /// The tool's version error code.
    pub code: Code,
    /// az's first line for a failed version command.
    pub retrieve_failed: &'a str,
    pub id: &'a str,
    pub title: &'a str,
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

/// az's message for a failed command: `base`, a newline, then — only when the
/// command wrote something on stderr — `Failed to run command '{cmd}'. {stderr}`.
/// (az appends an empty string when stderr is empty, so the newline stays.)
pub fn failed_command_message(base: &str, cmd: &str, stderr: &str) -> String {
    let stderr = stderr.trim_end();
    if stderr.is_empty() {
        format!("{base}\n")
    } else {
        let (cmd, stderr) = (
            crate::sanitize::outside(cmd),
            crate::sanitize::outside(stderr),
        );
        format!("{base}\nFailed to run command '{cmd}'. {stderr}")
    }
}

impl VersionCommand<'_> {
    /// `Ok((stdout, warnings))` when the command succeeded, else the error finding.
    pub async fn run(&self) -> Result<(String, Vec<Finding>), Vec<Finding>> {
        let cmd = command_text(self.program, self.args, self.az);
        let failed = |stderr: &str, reason: Option<String>| {
            let mut failure = Failure::new(self.code, &[]);
            failure.message = failed_command_message(self.retrieve_failed, &cmd, stderr);
            failure.reason = reason;
            vec![Finding::error(self.id, self.title, failure)]
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
            .map(|w| Finding::warning(self.id, self.title, w.to_owned()))
            .into_iter()
            .collect();
        Ok((out.stdout, warnings))
    }
}
