//! Docker (SPEC §2 step 1): command found → daemon reachable → client
//! version → test pull.
//!
//! One `docker version --format '{{json .}}'` call serves two checks: its exit
//! status says whether the daemon answered (with docker's own "Cannot connect
//! to the Docker daemon…" on stderr when not), and its JSON carries the
//! client's version even when the daemon is down.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::OnceCell;

use crate::catalog::Code;
use crate::cloud;
use crate::finding::{Failure, Finding};
use crate::options::CheckOptions;
use crate::pipeline::{BoxFuture, Plan, Probe, Slot};
use crate::probe::notice::Notice;
use crate::process::{self, NotFound, Output, Program};

/// az's marker for an image built for another OS or architecture: the pull
/// itself worked.
const WRONG_PLATFORM: &str = "cannot be used on this platform";

/// `{{json .}}` rather than `json`: docker clients before 23.0 print the
/// word "json" for the latter; every client and podman understand the former.
const VERSION_ARGS: &[&str] = &["version", "--format", "{{json .}}"];

/// Adds the docker checks to `plan`, or one skipped line under `--skip docker`.
pub fn add_docker(plan: &mut Plan, opts: &Arc<CheckOptions>) {
    if opts.skip.docker {
        plan.add(
            Notice(Finding::skipped(
                "docker",
                "Docker checks",
                "skipped with --skip docker",
            )),
            &[],
        );
        return;
    }
    let program = Slot::new();
    let version_call = Arc::new(VersionCall {
        opts: opts.clone(),
        program: program.clone(),
        result: OnceCell::new(),
    });
    let command = plan.add(
        DockerCommand {
            opts: opts.clone(),
            program: program.clone(),
        },
        &[],
    );
    let daemon = plan.add(
        DockerDaemon {
            call: version_call.clone(),
        },
        &[command],
    );
    // The client's version is worth showing even when the daemon is down.
    plan.add(DockerVersion { call: version_call }, &[command]);
    plan.add(
        DockerPull {
            opts: opts.clone(),
            program,
        },
        &[command, daemon],
    );
}

/// Which docker to run: `$DOCKER_COMMAND`, else `docker`, else `podman`.
fn resolve(opts: &CheckOptions) -> Result<Program, String> {
    if let Some(named) = opts.env.get("DOCKER_COMMAND") {
        return process::find(named, &opts.env).map_err(|e| format!("DOCKER_COMMAND is set: {e}"));
    }
    match process::find("docker", &opts.env) {
        Ok(p) => Ok(p),
        Err(docker) => match process::find("podman", &opts.env) {
            Ok(p) => Ok(p),
            Err(_) if !matches!(docker, NotFound::Missing { .. }) => Err(docker.to_string()),
            Err(_) => Err("neither 'docker' nor 'podman' was found on PATH".into()),
        },
    }
}

struct DockerCommand {
    opts: Arc<CheckOptions>,
    program: Arc<Slot<Program>>,
}

impl Probe for DockerCommand {
    fn id(&self) -> String {
        "docker.command".into()
    }
    fn title(&self) -> String {
        "Docker command".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            match resolve(&self.opts) {
                // az prints nothing for a client it found; the version line names it.
                Ok(program) => {
                    self.program.set(program);
                    Vec::new()
                }
                Err(reason) => vec![Finding::error(
                    &self.id(),
                    &self.title(),
                    Failure::new(Code::DockerCommandError, &[]).because(reason),
                )],
            }
        })
    }
}

/// The one `docker version` run that the daemon and version checks share;
/// whichever asks first runs it.
struct VersionCall {
    opts: Arc<CheckOptions>,
    program: Arc<Slot<Program>>,
    result: OnceCell<Result<Output, String>>,
}

impl VersionCall {
    async fn get(&self) -> Option<(&Program, &Result<Output, String>)> {
        let program = self.program.get()?;
        let result = self
            .result
            .get_or_init(|| async {
                process::run(program, VERSION_ARGS, &self.opts.env, self.opts.timeout)
                    .await
                    .map_err(|e| format!("could not start {}: {e}", program.path.display()))
            })
            .await;
        Some((program, result))
    }

    fn timeout(&self) -> String {
        humantime::format_duration(self.opts.timeout).to_string()
    }
}

fn not_resolved(id: &str, title: &str) -> Vec<Finding> {
    vec![Finding::skipped(id, title, "no docker client was found")]
}

/// az passes a child's stderr that starts with "warning" on as a warning line.
fn child_warning(id: &str, title: &str, out: &Output) -> Option<Finding> {
    out.stderr_warning()
        .map(|w| Finding::warning(id, title, w.to_owned()))
}

struct DockerDaemon {
    call: Arc<VersionCall>,
}

impl Probe for DockerDaemon {
    fn id(&self) -> String {
        "docker.daemon".into()
    }
    fn title(&self) -> String {
        "Docker daemon".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let (id, title) = (self.id(), self.title());
            let Some((program, result)) = self.call.get().await else {
                return not_resolved(&id, &title);
            };
            let out = match result {
                Ok(out) => out,
                Err(e) => {
                    return vec![Finding::error(
                        &id,
                        &title,
                        Failure::new(Code::DockerCommandError, &[]).because(e.clone()),
                    )];
                }
            };
            if out.success() {
                let mut findings: Vec<Finding> =
                    child_warning(&id, &title, out).into_iter().collect();
                findings.push(Finding::ok_line(
                    &id,
                    &title,
                    "Docker daemon status: available",
                ));
                return findings;
            }
            let mut failure = Failure::new(Code::DockerDaemonError, &[]);
            let cmd = process::display(program, VERSION_ARGS);
            if out.timed_out {
                failure = failure.because(format!(
                    "'{cmd}' got no answer within {}; it was stopped",
                    self.call.timeout()
                ));
            } else {
                // docker's own words ("Cannot connect to the Docker daemon at …").
                if !out.stderr_trimmed().is_empty() {
                    failure.message.push('\n');
                    failure.message.push_str(out.stderr_trimmed());
                }
                failure = failure.because(daemon_reason(&self.call.opts, out));
            }
            vec![Finding::error(&id, &title, failure)]
        })
    }
}

/// Where the client was looking for its daemon, for the reason line.
fn daemon_reason(opts: &CheckOptions, out: &Output) -> String {
    let context = client_info(&out.stdout)
        .and_then(|c| field(&c, "Context"))
        .map(|c| format!("docker context '{c}'"));
    let host = opts
        .env
        .get("DOCKER_HOST")
        .map(|h| format!("DOCKER_HOST={h}"));
    let via: Vec<String> = [context, host].into_iter().flatten().collect();
    if via.is_empty() {
        "the docker client runs, but no daemon answered it".into()
    } else {
        format!(
            "the docker client runs, but no daemon answered it ({})",
            via.join(", ")
        )
    }
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

/// `Docker version: {Version}, build {GitCommit[:7]}, platform {Os}/{Arch}`,
/// with `unknown` for whatever is missing. podman has `OsArch` instead of `Arch`.
pub fn version_line(client: &Value) -> String {
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
    format!("Docker version: {version}, build {build}, platform {os}/{arch}")
}

struct DockerVersion {
    call: Arc<VersionCall>,
}

impl Probe for DockerVersion {
    fn id(&self) -> String {
        "docker.version".into()
    }
    fn title(&self) -> String {
        "Docker version".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let (id, title) = (self.id(), self.title());
            let Some((program, result)) = self.call.get().await else {
                return not_resolved(&id, &title);
            };
            let cmd = process::display(program, VERSION_ARGS);
            let error = |stderr: &str, reason: String| {
                vec![Finding::error(
                    &id,
                    &title,
                    Failure::new(
                        Code::DockerVersionError,
                        &[("cmd", &cmd), ("stderr", stderr)],
                    )
                    .because(reason),
                )]
            };
            let out = match result {
                Ok(out) => out,
                Err(e) => return error(e, e.clone()),
            };
            if out.timed_out {
                return error(
                    out.stderr_trimmed(),
                    format!(
                        "it did not finish within {}; it was stopped",
                        self.call.timeout()
                    ),
                );
            }
            match client_info(&out.stdout) {
                Some(client) => {
                    // On success a "warning…" stderr is passed on; on failure
                    // it is the daemon check's business.
                    let mut findings: Vec<Finding> = if out.success() {
                        child_warning(&id, &title, out).into_iter().collect()
                    } else {
                        Vec::new()
                    };
                    let mut line = Finding::ok_line(&id, &title, version_line(&client))
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
                None if !out.success() => error(
                    out.stderr_trimmed(),
                    format!("the command failed ({})", exit_text(out)),
                ),
                None => {
                    let first = out.stdout.lines().next().unwrap_or("").trim();
                    error(
                        out.stderr_trimmed(),
                        format!("its output is not the JSON acr-health expects: '{first}'"),
                    )
                }
            }
        })
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
pub fn pull_image(opts: &CheckOptions) -> String {
    opts.pull_image.clone().unwrap_or_else(|| {
        let mcr = cloud::resolve(opts.cloud, opts.arm_endpoint.as_ref(), &opts.env).mcr_host;
        format!("{mcr}/mcr/hello-world:latest")
    })
}

/// Asks on the terminal, as az does. None when there is no terminal.
async fn confirm(image: &str) -> Option<bool> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let prompt = format!("This will pull the image {image}. Proceed? (y/n): ");
    tokio::task::spawn_blocking(move || {
        let mut stderr = std::io::stderr();
        loop {
            let _ = write!(stderr, "{prompt}");
            let _ = stderr.flush();
            let mut answer = String::new();
            match std::io::stdin().read_line(&mut answer) {
                Ok(0) | Err(_) => return false,
                Ok(_) => {}
            }
            match answer.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" => return true,
                "n" | "no" => return false,
                _ => {}
            }
        }
    })
    .await
    .ok()
}

struct DockerPull {
    opts: Arc<CheckOptions>,
    program: Arc<Slot<Program>>,
}

impl Probe for DockerPull {
    fn id(&self) -> String {
        "docker.pull".into()
    }
    fn title(&self) -> String {
        "Docker pull".into()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move {
            let (id, title) = (self.id(), self.title());
            let Some(program) = self.program.get() else {
                return not_resolved(&id, &title);
            };
            let image = pull_image(&self.opts);
            if !self.opts.yes {
                match confirm(&image).await {
                    Some(true) => {}
                    Some(false) => {
                        return vec![Finding::warning(&id, &title, "Skipping pull check.")];
                    }
                    None => {
                        return vec![Finding::warning(
                            &id,
                            &title,
                            "Skipping pull check: no terminal to confirm it (pass --yes to pull).",
                        )];
                    }
                }
            }
            let args = ["pull", image.as_str()];
            let cmd = process::display(program, &args);
            let error = |stderr: &str, reason: Option<String>| {
                let mut failure =
                    Failure::new(Code::DockerPullError, &[("cmd", &cmd), ("stderr", stderr)]);
                failure.reason = reason;
                vec![Finding::error(&id, &title, failure)]
            };
            let pass = || Finding::pass(&id, &title, format!("Docker pull of '{image}'"));
            let out = match process::run(program, &args, &self.opts.env, self.opts.timeout).await {
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
                        humantime::format_duration(self.opts.timeout)
                    )),
                );
            }
            if out.success() {
                let mut findings: Vec<Finding> =
                    child_warning(&id, &title, &out).into_iter().collect();
                findings.push(pass());
                return findings;
            }
            if out.stderr.contains(WRONG_PLATFORM) {
                return vec![
                    pass(),
                    Finding::warning(
                        &id,
                        &title,
                        format!(
                            "Image '{image}' can be pulled but cannot be used on this platform"
                        ),
                    ),
                ];
            }
            error(out.stderr_trimmed(), None)
        })
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
            version_line(&c),
            "Docker version: 28.2.2, build e6534b4, platform linux/amd64"
        );
    }

    #[test]
    fn version_line_from_podman_json() {
        let c = json!({"Version": "4.3.1", "GitCommit": "", "OsArch": "linux/arm64"});
        assert_eq!(
            version_line(&c),
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
            let line = version_line(&c);
            assert!(line.starts_with("Docker version: "), "{line}");
        }
        assert_eq!(
            version_line(&json!({"GitCommit": "ab", "OsArch": "nodash"})),
            "Docker version: unknown, build ab, platform unknown/unknown"
        );
        assert!(client_info("[1,2]").is_none());
        assert!(client_info("json").is_none());
        assert!(client_info(r#"{"Client": "x"}"#).is_none());
        assert!(client_info(r#"{"Client": {}, "Server": null}"#).is_some());
    }

    #[test]
    fn default_pull_image_follows_the_cloud() {
        use crate::cli::CloudName;
        use crate::options::Env;
        let mut opts = test_opts();
        opts.env = Env::empty();
        opts.env
            .set("AZURE_CONFIG_DIR", "/nonexistent/acr-health-test");
        assert_eq!(
            pull_image(&opts),
            "mcr.microsoft.com/mcr/hello-world:latest"
        );
        opts.cloud = Some(CloudName::AzureChinaCloud);
        assert_eq!(pull_image(&opts), "mcr.azure.cn/mcr/hello-world:latest");
        opts.pull_image = Some("127.0.0.1:5000/x:1".into());
        assert_eq!(pull_image(&opts), "127.0.0.1:5000/x:1");
    }

    fn test_opts() -> CheckOptions {
        use crate::cli::Cli;
        use clap::Parser;
        let cli = Cli::try_parse_from(["acr-health", "check"]).unwrap();
        let crate::cli::Command::Check(args) = cli.command else {
            unreachable!()
        };
        CheckOptions::from_args(&args, crate::options::Env::empty(), &mut std::io::empty()).unwrap()
    }
}
