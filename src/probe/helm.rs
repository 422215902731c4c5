//! Helm (docs/behaviour.md §2 step 5): command found → `helm version --client`, at least
//! 2.11.0.
//!
//! `-o az` first runs `helm --help`, as az does, and treats anything on its
//! stderr as HELM_COMMAND_ERROR. Text and JSON skip that call: a helm that
//! warns on every run (a group-readable kubeconfig, say) gets its warning
//! shown with the version line instead, so the exit status differs by format.

use std::sync::Arc;

use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::settings::ToolSettings;
use crate::probe::tool_version::{VersionCommand, command_text};
use crate::sys::process::{self, Program};

/// Older helm 2 clients cannot talk to ACR's chart API.
pub const MIN_HELM_VERSION: [u64; 3] = [2, 11, 0];

const HELP_ARGS: &[&str] = &["--help"];
const VERSION_ARGS: &[&str] = &["version", "--client"];

pub struct HelmCommand {
    pub settings: Arc<ToolSettings>,
}

impl HelmCommand {
    /// az's `helm --help` probe: anything on stderr is the command's error,
    /// appended raw to az's message.
    async fn help_probe(&self, program: &Program) -> Option<Failure> {
        let out = match process::run(
            program,
            HELP_ARGS,
            &self.settings.env,
            self.settings.timeout,
        )
        .await
        {
            Ok(out) => out,
            Err(e) => {
                return Some(
                    Failure::new(Message::HelmCommand)
                        .because(format!("could not start {}: {e}", program.path.display())),
                );
            }
        };
        let cmd = command_text(program, HELP_ARGS, true);
        if out.timed_out {
            return Some(Failure::new(Message::HelmCommand).because(format!(
                "'{cmd}' did not finish within {}; it was stopped",
                humantime::format_duration(self.settings.timeout)
            )));
        }
        if out.stderr.is_empty() {
            return None;
        }
        let failure = Failure::new(Message::HelmCommandSaid {
            stderr: Outside(&out.stderr),
        });
        Some(failure.because(format!("'{cmd}' wrote the above on stderr")))
    }
}

/// Hands the version step the helm client to run.
impl Probe for HelmCommand {
    type Needs = ();
    type Output = Program;
    fn run(&self, _: ()) -> BoxFuture<'_, Report<Program>> {
        Box::pin(async move {
            let error = |failure| Report::without(vec![Finding::error(failure)]);
            match process::find("helm", &self.settings.env) {
                Ok(program) => {
                    if self.settings.rules.az()
                        && let Some(failure) = self.help_probe(&program).await
                    {
                        return error(failure);
                    }
                    // Nothing to print: the version line follows.
                    Report::with(Vec::new(), program)
                }
                Err(e) => error(Failure::new(Message::HelmCommand).because_of(&e)),
            }
        })
    }
}

/// The version az reads from `helm version` output: the digits and dots of
/// the first `SemVer:"v…"` (helm 2) or `Version:"v…"` (helm 3) that ends in
/// a quote. None when there is no such match (az then prints the output as is).
pub fn helm_version_number(output: &str) -> Option<&str> {
    output.char_indices().find_map(|(at, _)| {
        let rest = &output[at..];
        let value = rest
            .strip_prefix("SemVer:\"v")
            .or_else(|| rest.strip_prefix("Version:\"v"))?;
        let end = value
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(value.len());
        (end > 0 && value[end..].starts_with('"')).then(|| &value[..end])
    })
}

/// The release numbers of a version such as `2.10` or `3.14.2`, compared as
/// az's version parser compares them (missing parts are zero). None for a
/// string it would refuse (`2..1`, `3.`), which is then not compared.
pub fn release(version: &str) -> Option<Vec<u64>> {
    version.split('.').map(|p| p.parse().ok()).collect()
}

/// True when `version` is older than 2.11.0.
pub fn older_than_minimum(version: &[u64]) -> bool {
    let len = version.len().max(MIN_HELM_VERSION.len());
    let pad = |v: &[u64]| {
        (0..len)
            .map(|i| v.get(i).copied().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    pad(version) < pad(&MIN_HELM_VERSION)
}

pub struct HelmVersion {
    pub settings: Arc<ToolSettings>,
}

impl Probe for HelmVersion {
    type Needs = Handle<Program>;
    type Output = ();
    fn run(&self, program: Arc<Program>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&program).await.into() })
    }
}

impl HelmVersion {
    async fn check(&self, program: &Program) -> Vec<Finding> {
        let az = self.settings.rules.az();
        let command = VersionCommand {
            program,
            args: VERSION_ARGS,
            env: &self.settings.env,
            timeout: self.settings.timeout,
            failed: |cmd, stderr| Message::HelmVersionFailed { cmd, stderr },
            az,
        };
        let cmd = command_text(program, VERSION_ARGS, az);
        let (stdout, mut findings) = match command.run().await {
            Ok(ok) => ok,
            Err(error) => return error,
        };
        let raw = stdout.trim_end();
        let minimum = "2.11.0";
        let Some(number) = helm_version_number(raw) else {
            // az prints the output as is; we flag that nothing was checked.
            findings.push(
                    Finding::warning(format!("Helm version: {raw}")).detail(format!(
                        "no SemVer:\"v…\" or Version:\"v…\" in the output of '{cmd}', so the minimum ({minimum}) was not checked"
                    )),
                );
            return findings;
        };
        let line = format!("Helm version: {number}");
        match release(number) {
            Some(parts) if older_than_minimum(&parts) => {
                findings.push(Finding::info(line));
                findings.push(Finding::error(
                    Failure::new(Message::HelmVersionOld)
                        .because(format!("helm {number} is older than {minimum}")),
                ));
            }
            Some(_) => findings.push(Finding::ok_line(line)),
            None => findings.push(Finding::warning(line).detail(format!(
                "'{number}' is not a version number that can be compared with {minimum}"
            ))),
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_version_forms() {
        let cases = [
            (
                r#"Client: &version.Version{SemVer:"v2.10.0", GitCommit:"9ad53aac42165a5fadc6c87be0dea6b115f93090", GitTreeState:"clean"}"#,
                Some("2.10.0"),
            ),
            (
                r#"version.BuildInfo{Version:"v3.14.2", GitCommit:"c309b6f0ff63856811846ce18f3bdc93d2b4d54b", GitTreeState:"clean", GoVersion:"go1.21.7"}"#,
                Some("3.14.2"),
            ),
            // az's pattern needs the closing quote right after the digits.
            (
                r#"Version:"v3.15.0-rc.1", Version:"v3.14.2""#,
                Some("3.14.2"),
            ),
            ("v3.14.2+g1234abc", None),
            ("no version here", None),
            (r#"Version:"vX", Go 1"#, None),
        ];
        for (out, want) in cases {
            assert_eq!(helm_version_number(out), want, "{out}");
        }
    }

    #[test]
    fn minimum_is_compared_like_az() {
        assert!(older_than_minimum(&release("2.10.0").unwrap()));
        assert!(older_than_minimum(&release("2.10").unwrap()));
        assert!(!older_than_minimum(&release("2.11").unwrap()));
        assert!(!older_than_minimum(&release("2.11.0").unwrap()));
        assert!(!older_than_minimum(&release("3.0.0").unwrap()));
        assert!(!older_than_minimum(&release("2.11.0.1").unwrap()));
        assert_eq!(release("2..1"), None);
        assert_eq!(release("3."), None);
    }
}
