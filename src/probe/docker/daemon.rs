//! Docker (docs/behaviour.md §2 step 1): command found → daemon reachable → client
//! version → test pull.
//!
//! As az does, the daemon is probed with `docker ps` and the version read
//! with a separate `docker version` call. In `-o az` the steps follow az's
//! shape exactly: anything `docker ps` writes on stderr ends the docker
//! checks, and the version is asked for with az's own `--format json`.

use std::sync::Arc;

use serde_json::Value;

use crate::azure::cloud::Cloud;
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::docker::info::container_socket_hint;
use crate::probe::docker::program;
use crate::probe::settings::DockerSettings;
use crate::probe::tool_version::command_text;
use crate::sys::env::Env;
use crate::sys::process::{self, Output, Program};
use crate::sys::prompt::Confirm;

/// az's marker for an image built for another OS or architecture: the pull
/// itself worked.
const WRONG_PLATFORM: &str = "cannot be used on this platform";

/// az's daemon probe.
const PS_ARGS: &[&str] = &["ps"];

/// `{{json .}}` rather than `json`: docker clients before 23.0 print the
/// word "json" for the latter; every client and podman understand the former.
const VERSION_ARGS: &[&str] = &["version", "--format", "{{json .}}"];

/// What az 2.91 runs. `-o az` runs the same, so that an old client's answer
/// (the word "json") gives the same `unknown` line az prints.
const AZ_VERSION_ARGS: &[&str] = &["version", "--format", "json"];

/// What docker and podman say when no daemon answers: the one `docker ps`
/// failure we report as DOCKER_DAEMON_ERROR rather than az's DOCKER_COMMAND_ERROR.
const DAEMON_UNREACHABLE: &[&str] = &[
    "cannot connect to the docker daemon",
    "connect to the docker daemon socket",
    "error during connect",
    "cannot connect to podman",
    "unable to connect to podman",
];

/// Python's `str.title()`: the first letter of every run of letters upper
/// case, the rest lower case (`podman` → `Podman`, `/usr/bin/docker` →
/// `/Usr/Bin/Docker`). az names the client this way in its lines.
pub fn python_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if in_word {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            in_word = true;
        } else {
            out.push(c);
            in_word = false;
        }
    }
    out
}

/// The client's name in report lines: az title-cases the command as given
/// (a `DOCKER_COMMAND` path included); text mode uses its file name.
fn client_label(program: &Program, az: bool) -> String {
    if az {
        return python_title(&program.name);
    }
    let file = std::path::Path::new(&program.name)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(&program.name);
    python_title(file)
}

pub struct DockerCommand {
    pub settings: Arc<DockerSettings>,
}

/// Hands the other docker steps the client to run.
impl Probe for DockerCommand {
    type Needs = ();
    type Output = Program;
    fn run(&self, _: ()) -> BoxFuture<'_, Report<Program>> {
        Box::pin(async move {
            match program::resolve(&self.settings.tool.env) {
                // az prints nothing for a client it found; the next lines name it.
                Ok(program) => Report::with(Vec::new(), program),
                Err(reason) => Report::without(vec![Finding::error(
                    Failure::new(Message::DockerCommand).because(reason),
                )]),
            }
        })
    }
}

/// az passes a child's stderr that starts with "warning" on as a warning line.
fn child_warning(out: &Output) -> Option<Finding> {
    out.stderr_warning().map(|w| Finding::warning(w.to_owned()))
}

/// A failed `docker ps` that means "no daemon answered".
fn daemon_unreachable(out: &Output) -> bool {
    let stderr = out.stderr.to_ascii_lowercase();
    !out.success() && DAEMON_UNREACHABLE.iter().any(|m| stderr.contains(m))
}

pub struct DockerDaemon {
    pub settings: Arc<DockerSettings>,
}

impl Probe for DockerDaemon {
    type Needs = Handle<Program>;
    type Output = ();
    fn run(&self, program: Arc<Program>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&program).await.into() })
    }
}

impl DockerDaemon {
    async fn check(&self, program: &Program) -> Vec<Finding> {
        let az = self.settings.tool.rules.az();
        let cmd = process::display(program, PS_ARGS);
        let error = |failure: Failure| vec![Finding::error(failure)];
        let out = match process::run(
            program,
            PS_ARGS,
            &self.settings.tool.env,
            self.settings.tool.timeout,
        )
        .await
        {
            Ok(out) => out,
            Err(e) => {
                return error(
                    Failure::new(Message::DockerCommand)
                        .because(format!("could not start {}: {e}", program.path.display())),
                );
            }
        };
        if out.timed_out {
            return error(Failure::new(Message::DockerDaemon).because(format!(
                "'{cmd}' got no answer within {}; it was stopped",
                humantime::format_duration(self.settings.tool.timeout)
            )));
        }
        if daemon_unreachable(&out) {
            // docker's own words ("Cannot connect to the Docker daemon at …").
            let failure = Failure::new(Message::DockerDaemonSaid {
                stderr: Outside(out.stderr_trimmed()),
            });
            return error(failure.because(daemon_reason(&self.settings.tool.env)));
        }
        let available = Finding::ok_line(format!(
            "{} daemon status: available",
            client_label(program, az)
        ));
        if !out.stderr.is_empty() {
            // Text mode passes a warning from a working `docker ps` on;
            // az reports any stderr, as is, as the command's error.
            if !az && out.success() {
                return vec![Finding::warning(out.stderr_trimmed().to_owned()), available];
            }
            let failure = Failure::new(Message::DockerCommandSaid {
                stderr: Outside(&out.stderr),
            });
            return error(failure.because(format!("'{cmd}' wrote the above on stderr")));
        }
        if !out.success() && !az {
            return error(Failure::new(Message::DockerDaemon).because(format!(
                "'{cmd}' failed ({}) without saying why",
                exit_text(&out)
            )));
        }
        // az looks only at stderr: a silent failure still counts as available.
        vec![available]
    }
}

/// Where the client was looking for its daemon, for the reason line.
fn daemon_reason(env: &Env) -> String {
    let via: Vec<String> = ["DOCKER_CONTEXT", "DOCKER_HOST"]
        .iter()
        // A DOCKER_HOST URL may carry user info (`tcp://user:pw@host`).
        .filter_map(|k| {
            env.get(k)
                .map(|v| format!("{k}={}", crate::net::url_secrets::hide_url_secrets(v)))
        })
        .collect();
    let mut reason = if via.is_empty() {
        "the docker client runs, but no daemon answered it".to_owned()
    } else {
        format!(
            "the docker client runs, but no daemon answered it ({})",
            via.join(", ")
        )
    };
    if let Some(hint) = container_socket_hint(env) {
        reason.push_str("; ");
        reason.push_str(&hint);
    }
    reason
}

/// The `Client` object of `docker version`'s JSON, if the output has one.
fn client_info(stdout: &str) -> Option<Value> {
    let doc: Value = serde_json::from_str(stdout.trim()).ok()?;
    doc.get("Client").filter(|c| c.is_object()).cloned()
}

/// A non-empty string field of a JSON object.
fn field(obj: &Value, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Text mode's `{Label} version: {Version}, build {GitCommit[:7]}, platform
/// {Os}/{Arch}`, with `unknown` for whatever is missing or empty; `OsArch`
/// (podman) fills in a missing `Os` or `Arch`.
pub fn version_line(label: &str, client: &Value) -> String {
    let unknown = || "unknown".to_owned();
    let os_arch = field(client, "OsArch");
    let split = os_arch.as_deref().and_then(|oa| oa.split_once('/'));
    let os = field(client, "Os")
        .or_else(|| split.map(|(o, _)| o.to_owned()))
        .unwrap_or_else(unknown);
    let arch = field(client, "Arch")
        .or_else(|| split.map(|(_, a)| a.to_owned()))
        .unwrap_or_else(unknown);
    let build = field(client, "GitCommit")
        .map(|c| c.chars().take(7).collect())
        .unwrap_or_else(unknown);
    let version = field(client, "Version").unwrap_or_else(unknown);
    format!("{label} version: {version}, build {build}, platform {os}/{arch}")
}

/// az's version line, rule for rule: output that is not JSON counts as an
/// empty object; a field that is absent is `unknown`, one that is present is
/// printed as is (empty too); `docker` takes `Os` and `Arch`, any other
/// client splits `OsArch` into exactly two parts. (Where az would crash on
/// JSON of another shape, we print `unknown`.)
pub fn az_version_line(label: &str, docker: bool, stdout: &str) -> String {
    let doc: Option<Value> = serde_json::from_str(stdout.trim_end()).ok();
    let client = doc
        .as_ref()
        .and_then(|d| d.get("Client"))
        .and_then(Value::as_object);
    let get = |key: &str| -> String {
        client
            .and_then(|c| c.get(key))
            .and_then(Value::as_str)
            .unwrap_or("unknown")
            .to_owned()
    };
    let version = get("Version");
    let build: String = get("GitCommit").chars().take(7).collect();
    let (os, arch) = if docker {
        (get("Os"), get("Arch"))
    } else {
        let os_arch = get("OsArch");
        let parts: Vec<&str> = os_arch.split('/').collect();
        match parts[..] {
            [os, arch] => (os.to_owned(), arch.to_owned()),
            _ => ("unknown".to_owned(), "unknown".to_owned()),
        }
    };
    format!("{label} version: {version}, build {build}, platform {os}/{arch}")
}

/// The first line of a catalog message whose second line is az's
/// `Failed to run command …` part.
pub struct DockerVersion {
    pub settings: Arc<DockerSettings>,
}

impl Probe for DockerVersion {
    type Needs = (Handle<Program>, Option<Handle<()>>);
    type Output = ();
    fn run(
        &self,
        (program, _daemon): (Arc<Program>, Option<Arc<()>>),
    ) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&program).await.into() })
    }
}

impl DockerVersion {
    async fn check(&self, program: &Program) -> Vec<Finding> {
        let az = self.settings.tool.rules.az();
        let args = if az { AZ_VERSION_ARGS } else { VERSION_ARGS };
        let cmd = command_text(program, args, az);
        let label = client_label(program, az);
        let error = |stderr: &str, reason: String| {
            let failure = Failure::new(Message::DockerVersion {
                cmd: &cmd,
                stderr: Outside(stderr),
            });
            vec![Finding::error(failure.because(reason))]
        };
        let out = match process::run(
            program,
            args,
            &self.settings.tool.env,
            self.settings.tool.timeout,
        )
        .await
        {
            Ok(out) => out,
            Err(e) => {
                return error(
                    &e.to_string(),
                    format!("could not start {}", program.path.display()),
                );
            }
        };
        if out.timed_out {
            return error(
                out.stderr_trimmed(),
                format!(
                    "it did not finish within {}; it was stopped",
                    humantime::format_duration(self.settings.tool.timeout)
                ),
            );
        }
        // Text mode still shows the client's part of a failed call (the
        // daemon being down is the daemon step's business); az does not.
        let client = client_info(&out.stdout).filter(|_| !az);
        if !out.success() && client.is_none() {
            return error(
                out.stderr_trimmed(),
                format!("the command failed ({})", exit_text(&out)),
            );
        }
        // Printed once, just before the version line (as az does).
        let mut findings: Vec<Finding> = if out.success() {
            child_warning(&out).into_iter().collect()
        } else {
            Vec::new()
        };
        if az {
            findings.push(Finding::ok_line(az_version_line(
                &label,
                program.name == "docker",
                &out.stdout,
            )));
            return findings;
        }
        let Some(client) = client else {
            let first = out.stdout.lines().next().unwrap_or("").trim();
            return error(
                out.stderr_trimmed(),
                format!("its output is not the JSON acr-health expects: '{first}'"),
            );
        };
        let mut line = Finding::ok_line(version_line(&label, &client))
            .detail(format!("client: {}", program.path.display()));
        let server = serde_json::from_str::<Value>(out.stdout.trim())
            .ok()
            .and_then(|d| d.get("Server").and_then(|s| field(s, "Version")));
        if let Some(server) = server {
            line = line.detail(format!("daemon version: {server}"));
        }
        findings.push(line);
        findings
    }
}

fn exit_text(out: &Output) -> String {
    match out.status.and_then(|s| s.code()) {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".into(),
    }
}

/// The image for the test pull: `--pull-image`, else hello-world from the
/// cloud's MCR.
pub fn pull_image(flag: Option<&str>, cloud: &Cloud) -> String {
    flag.map(str::to_owned)
        .unwrap_or_else(|| format!("{}/mcr/hello-world:latest", cloud.mcr_host))
}

pub struct DockerPull {
    pub settings: Arc<DockerSettings>,
    /// Asks before pulling (unless --yes); the front end decides how.
    pub confirm: Arc<dyn Confirm>,
}

impl Probe for DockerPull {
    type Needs = (Handle<Program>, Handle<()>);
    type Output = ();
    fn run(&self, (program, _daemon): (Arc<Program>, Arc<()>)) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&program).await.into() })
    }
}

impl DockerPull {
    async fn check(&self, program: &Program) -> Vec<Finding> {
        let image = &self.settings.pull_image;
        let az = self.settings.tool.rules.az();
        if !self.settings.yes {
            let prompt = crate::engine::catalog::pull_prompt(image);
            match self.confirm.confirm(prompt, az).await {
                Some(true) => {}
                Some(false) => {
                    return vec![Finding::warning("Skipping pull check.")];
                }
                None => {
                    return vec![Finding::warning(
                        "Skipping pull check: no terminal to confirm it (pass --yes to pull).",
                    )];
                }
            }
        }
        let args = ["pull", image.as_str()];
        let cmd = command_text(program, &args, az);
        let error = |stderr: &str, reason: Option<String>| {
            let mut failure = Failure::new(Message::DockerPull {
                cmd: &cmd,
                stderr: Outside(stderr),
            });
            failure.reason = reason;
            vec![Finding::error(failure)]
        };
        let label = client_label(program, az);
        let pass = || Finding::pass(format!("{label} pull of '{image}'"));
        let out = match process::run(
            program,
            &args,
            &self.settings.tool.env,
            self.settings.tool.timeout,
        )
        .await
        {
            Ok(out) => out,
            Err(e) => {
                return error(
                    &e.to_string(),
                    Some(format!("could not start {}", program.path.display())),
                );
            }
        };
        if out.timed_out {
            return error(
                out.stderr_trimmed(),
                Some(format!(
                    "the pull did not finish within {} (--timeout); it and every process it started were stopped",
                    humantime::format_duration(self.settings.tool.timeout)
                )),
            );
        }
        if out.success() {
            let mut findings: Vec<Finding> = child_warning(&out).into_iter().collect();
            findings.push(pass());
            return findings;
        }
        if out.stderr.contains(WRONG_PLATFORM) {
            return vec![
                pass(),
                Finding::warning(format!(
                    "Image '{image}' can be pulled but cannot be used on this platform"
                )),
            ];
        }
        error(out.stderr_trimmed(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn version_line_from_docker_json() {
        let c =
            json!({"Version": "28.2.2", "GitCommit": "e6534b4fa", "Os": "linux", "Arch": "amd64"});
        assert_eq!(
            version_line("Docker", &c),
            "Docker version: 28.2.2, build e6534b4, platform linux/amd64"
        );
    }

    #[test]
    fn version_line_from_podman_json() {
        let c = json!({"Version": "4.3.1", "GitCommit": "", "OsArch": "linux/arm64"});
        assert_eq!(
            version_line("Docker", &c),
            "Docker version: 4.3.1, build unknown, platform linux/arm64"
        );
    }

    #[test]
    fn odd_json_never_panics() {
        for c in [
            json!({}),
            json!({"Version": 5, "GitCommit": null, "Os": ["x"], "Arch": {}}),
            json!({"Version": "  ", "GitCommit": "ab"}),
            json!({"OsArch": "nodash"}),
        ] {
            let line = version_line("Docker", &c);
            assert!(line.starts_with("Docker version: "), "{line}");
        }
        assert_eq!(
            version_line("Docker", &json!({"GitCommit": "ab", "OsArch": "nodash"})),
            "Docker version: unknown, build ab, platform unknown/unknown"
        );
        assert!(client_info("[1,2]").is_none());
        assert!(client_info("json").is_none());
        assert!(client_info(r#"{"Client": "x"}"#).is_none());
        assert!(client_info(r#"{"Client": {}, "Server": null}"#).is_some());
    }

    #[test]
    fn title_case_like_python() {
        assert_eq!(python_title("docker"), "Docker");
        assert_eq!(python_title("podman"), "Podman");
        assert_eq!(python_title("/usr/bin/docker"), "/Usr/Bin/Docker");
        assert_eq!(python_title("my-docker2x"), "My-Docker2X");
        assert_eq!(python_title("DOCKER"), "Docker");
    }

    #[test]
    fn az_version_line_rules() {
        let line = |docker, out| az_version_line("Docker", docker, out);
        assert_eq!(
            line(
                true,
                r#"{"Client":{"Version":"28.2.2","GitCommit":"e6534b4fa","Os":"linux","Arch":"amd64"}}"#
            ),
            "Docker version: 28.2.2, build e6534b4, platform linux/amd64"
        );
        // An old client prints the word "json": az reads an empty object.
        assert_eq!(
            line(true, "json"),
            "Docker version: unknown, build unknown, platform unknown/unknown"
        );
        // Present but empty is printed empty; docker ignores OsArch.
        assert_eq!(
            line(
                true,
                r#"{"Client":{"Version":"1","GitCommit":"","OsArch":"linux/arm64"}}"#
            ),
            "Docker version: 1, build , platform unknown/unknown"
        );
        // Any other client splits OsArch, which must have exactly two parts.
        let podman = |out| az_version_line("Podman", false, out);
        assert_eq!(
            podman(
                r#"{"Client":{"Version":"4.3.1","GitCommit":"","OsArch":"linux/amd64","Os":"x"}}"#
            ),
            "Podman version: 4.3.1, build , platform linux/amd64"
        );
        assert_eq!(
            podman(r#"{"Client":{"OsArch":"linux/arm64/v8"}}"#),
            "Podman version: unknown, build unknown, platform unknown/unknown"
        );
        assert_eq!(
            podman(r#"{"Client":{"Version":5}}"#),
            "Podman version: unknown, build unknown, platform unknown/unknown"
        );
    }

    #[test]
    fn default_pull_image_follows_the_cloud() {
        use crate::azure::cloud::KnownCloud;
        let mut env = Env::empty();
        env.set("AZURE_CONFIG_DIR", "/nonexistent/acr-health-test");
        let cloud = |known| crate::azure::cloud::resolve(known, None, &env);
        assert_eq!(
            pull_image(None, &cloud(None)),
            "mcr.microsoft.com/mcr/hello-world:latest"
        );
        assert_eq!(
            pull_image(None, &cloud(Some(KnownCloud::China))),
            "mcr.azure.cn/mcr/hello-world:latest"
        );
        assert_eq!(
            pull_image(Some("127.0.0.1:5000/x:1"), &cloud(None)),
            "127.0.0.1:5000/x:1"
        );
    }
}
