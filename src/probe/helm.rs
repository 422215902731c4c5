//! Helm (SPEC §2 step 5): command found → `helm version --client`, at least
//! 2.11.0.

use std::sync::Arc;

use semver::Version;

use crate::catalog::Code;
use crate::finding::{Failure, Finding};
use crate::options::CheckOptions;
use crate::pipeline::{BoxFuture, Plan, Probe, Slot};
use crate::probe::client_version::VersionCommand;
use crate::probe::notice::Notice;
use crate::process::{self, Program};
use crate::version::{self, Found};

/// Older helm 2 clients cannot talk to ACR's chart API.
pub const MIN_HELM_VERSION: Version = Version::new(2, 11, 0);

const VERSION_ARGS: &[&str] = &["version", "--client"];

/// az's wording when `helm version` itself fails.
const RETRIEVE_FAILED: &str = "An error occurred while retrieving Helm version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended Helm version.";

/// Adds the helm checks to `plan`, or one skipped line under `--skip helm`.
pub fn add_helm(plan: &mut Plan, opts: &Arc<CheckOptions>) {
    if opts.skip.helm {
        plan.add(
            Notice(Finding::skipped(
                "helm",
                "Helm checks",
                "skipped with --skip helm",
            )),
            &[],
        );
        return;
    }
    let program = Slot::new();
    let command = plan.add(
        HelmCommand {
            opts: opts.clone(),
            program: program.clone(),
        },
        &[],
    );
    plan.add(
        HelmVersion {
            opts: opts.clone(),
            program,
        },
        &[command],
    );
}

struct HelmCommand {
    opts: Arc<CheckOptions>,
    program: Arc<Slot<Program>>,
}

impl Probe for HelmCommand {
    fn id(&self) -> String {
        "helm.command".into()
    }
    fn title(&self) -> String {
        "Helm command".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            match process::find("helm", &self.opts.env) {
                // Nothing to print: the version line follows.
                Ok(program) => {
                    self.program.set(program);
                    Vec::new()
                }
                Err(e) => vec![Finding::error(
                    &self.id(),
                    &self.title(),
                    Failure::new(Code::HelmCommandError, &[]).because(e.to_string()),
                )],
            }
        })
    }
}

/// The version in `helm version` output: helm 2's `SemVer:"v2.10.0"`,
/// helm 3's `Version:"v3.14.2"`, or the short form `v3.14.2+g1234`.
pub fn parse_helm_version(output: &str) -> Option<Found<'_>> {
    let keyed = ["SemVer:\"v", "Version:\"v"]
        .iter()
        .filter_map(|key| output.find(key).map(|at| at + key.len()))
        .min();
    match keyed {
        Some(at) => version::find(&output[at..]).filter(|f| output[at..].starts_with(f.text)),
        None => version::find(output),
    }
}

struct HelmVersion {
    opts: Arc<CheckOptions>,
    program: Arc<Slot<Program>>,
}

impl Probe for HelmVersion {
    fn id(&self) -> String {
        "helm.version".into()
    }
    fn title(&self) -> String {
        "Helm version".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let (id, title) = (self.id(), self.title());
            let Some(program) = self.program.get() else {
                return vec![Finding::skipped(&id, &title, "no helm client was found")];
            };
            let command = VersionCommand {
                program,
                args: VERSION_ARGS,
                env: &self.opts.env,
                timeout: self.opts.timeout,
                code: Code::HelmVersionError,
                retrieve_failed: RETRIEVE_FAILED,
                id: &id,
                title: &title,
            };
            let cmd = process::display(command.program, VERSION_ARGS);
            let (stdout, mut findings) = match command.run().await {
                Ok(ok) => ok,
                Err(error) => return error,
            };
            let raw = stdout.trim();
            match parse_helm_version(raw) {
                Some(found) if found.version < MIN_HELM_VERSION => {
                    findings.push(Finding::info(
                        &id,
                        &title,
                        format!("Helm version: {}", found.text),
                    ));
                    findings.push(Finding::error(
                        &id,
                        &title,
                        Failure::new(Code::HelmVersionError, &[]).because(format!(
                            "helm {} is older than {MIN_HELM_VERSION}",
                            found.text
                        )),
                    ));
                }
                Some(found) => findings.push(Finding::ok_line(
                    &id,
                    &title,
                    format!("Helm version: {}", found.text),
                )),
                // az prints the raw output; we flag that nothing could be checked.
                None => findings.push(
                    Finding::warning(&id, &title, format!("Helm version: {raw}")).detail(format!(
                        "no version number found in the output of '{cmd}', so the minimum ({MIN_HELM_VERSION}) was not checked"
                    )),
                ),
            }
            findings
        })
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
                "2.10.0",
            ),
            (
                r#"Client: &version.Version{SemVer:"v2.17.0", GitCommit:"a690bad98af45b015bd3da1a41f6218b1a451dbe", GitTreeState:"clean"}"#,
                "2.17.0",
            ),
            (
                r#"version.BuildInfo{Version:"v3.14.2", GitCommit:"c309b6f0ff63856811846ce18f3bdc93d2b4d54b", GitTreeState:"clean", GoVersion:"go1.21.7"}"#,
                "3.14.2",
            ),
            ("v3.14.2+g1234abc", "3.14.2"),
        ];
        for (out, want) in cases {
            assert_eq!(parse_helm_version(out).unwrap().text, want, "{out}");
        }
        assert!(parse_helm_version("no version here").is_none());
        assert!(parse_helm_version(r#"Version:"vX", Go 1"#).is_none());
    }
}
