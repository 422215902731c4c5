//! docs/behaviour.md §2 steps 1, 5, 6: the docker, helm and notary checks, against fake
//! scripts (on Windows run by Git's sh.exe through a `.cmd`, tests/util.rs
//! `write_script`) and the real dockerd, registry and notary (CI, Linux).

#[cfg(unix)]
use std::time::{Duration, Instant};

use crate::util::*;

const DOCKER_COMMAND_MSG: &str = "Please verify if Docker client is installed and running.";
// Only the Unix-only tests (a hanging docker, a dead socket) expect it.
#[cfg(unix)]
const DOCKER_DAEMON_MSG: &str = "Please verify if Docker daemon is running, or try restarting it.";
const DOCKER_PULL_MSG: &str = "An error occurred while pulling a sample image. Please validate your network connection and verify if Docker daemon is running properly.";
const DOCKER_VERSION_MSG: &str =
    "An error occurred while retrieving Docker version. Please try verifying it manually.";
const HELM_OLD_MSG: &str = "Current Helm client version is not recommended. Please upgrade your Helm client to at least version 2.11.0.";
const HELM_FAILED_MSG: &str = "An error occurred while retrieving Helm version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended Helm version.";

/// Text mode: the error block with `code` and `message`, and exit status 1.
fn assert_text_error(out: &std::process::Output, code: &str, message: &str) {
    Run::from(out).assert_error(code, message);
}

/// az mode: on stderr, `ERROR: {ts} An error occurred: CODE\nMESSAGE…` and,
/// strict, the error link; nothing on stdout; exit status 1.
fn assert_az_error(out: &std::process::Output, code: &str, message: &str) {
    let err = stderr(out);
    let head = err
        .lines()
        .find(|l| l.contains(&format!("An error occurred: {code}")))
        .unwrap_or_else(|| panic!("no {code} in:\n{err}"));
    assert!(head.starts_with("ERROR: 20"), "{head}");
    assert!(
        err.contains(&format!("An error occurred: {code}\n{message}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "\n\nPlease refer to https://aka.ms/acr/errors#{} for more information.\n",
            code.to_ascii_lowercase()
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(1));
}

const DOCKER_ONLY: &[&str] = &["--skip", "helm", "--skip", "notary"];
const NO_ARGS: &[&str] = &[];

fn docker_only(extra: &[&str]) -> Vec<String> {
    DOCKER_ONLY
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
}

// ---------------------------------------------------------------- docker: command

#[test]
fn no_docker_on_path_is_a_command_error() {
    let fake = FakeBin::new();
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    assert_text_error(&out, "DOCKER_COMMAND_ERROR", DOCKER_COMMAND_MSG);
    assert!(stdout(&out).contains("neither 'docker' nor 'podman' was found on PATH"));

    // With --ignore-errors the rest of docker is reported as not run.
    let out = fake
        .check(docker_only(&["--ignore-errors"]))
        .output()
        .unwrap();
    let text = stdout(&out);
    for title in ["Docker daemon", "Docker version", "Docker pull"] {
        assert!(
            text.contains(&format!("Skipped: {title} (not run: an earlier check")),
            "{text}"
        );
    }
    assert!(text.contains("acr-health version: "), "{text}");
    assert_eq!(out.status.code(), Some(1));

    let out = fake.check(docker_only(&["-o", "az"])).output().unwrap();
    assert_az_error(&out, "DOCKER_COMMAND_ERROR", DOCKER_COMMAND_MSG);

    let out = fake
        .check(docker_only(&["-o", "json", "--ignore-errors"]))
        .output()
        .unwrap();
    let doc = json(&out);
    let cmd = check(&doc, "docker.command");
    assert_eq!(cmd["status"], "error");
    assert_eq!(cmd["code"], "DOCKER_COMMAND_ERROR");
    assert_eq!(cmd["message"], DOCKER_COMMAND_MSG);
    for id in ["docker.daemon", "docker.version", "docker.pull"] {
        assert_eq!(check(&doc, id)["status"], "skipped", "{id}");
    }
    assert_eq!(doc["exitStatus"], 1);
    assert_eq!(out.status.code(), Some(1));
}

// Unix only: its PATH values (`.`, `:DIR`) are Unix PATH syntax.
#[cfg(unix)]
#[test]
fn a_planted_docker_in_the_current_directory_is_refused() {
    let fake = FakeBin::new();
    let planted = fake.home().join("docker");
    fake.script_at(&planted, "/bin/touch $TRACE/planted-ran\nexit 0");
    let cwd = fake.home().display().to_string();

    for path in [
        ".".to_string(),
        cwd.clone(),
        format!(":{}", fake.bin().display()),
    ] {
        let out = fake.check(DOCKER_ONLY).env("PATH", &path).output().unwrap();
        assert_text_error(&out, "DOCKER_COMMAND_ERROR", DOCKER_COMMAND_MSG);
        assert!(
            stdout(&out)
                .contains("in the current directory; acr-health does not run programs from there"),
            "PATH={path}:\n{}",
            stdout(&out)
        );
    }
    // A relative DOCKER_COMMAND is refused too.
    let out = fake
        .check(DOCKER_ONLY)
        .env("DOCKER_COMMAND", "./docker")
        .output()
        .unwrap();
    assert_text_error(&out, "DOCKER_COMMAND_ERROR", DOCKER_COMMAND_MSG);
    assert!(stdout(&out).contains("DOCKER_COMMAND is set: './docker' is a relative path"));

    assert!(!fake.path("planted-ran").exists(), "the planted docker ran");
}

// Unix only: it asserts Unix paths (`/nonexistent/docker`) and az's
// title-cased label of one.
#[cfg(unix)]
#[test]
fn docker_command_and_podman_are_used() {
    // DOCKER_COMMAND as an absolute path, not on PATH.
    let fake = FakeBin::new();
    let elsewhere = fake.path("my-docker");
    fake.script_at(
        &elsewhere,
        r#"printf '%s\n' '{"Client":{"Version":"1.2.3","GitCommit":"abcdef0123","Os":"linux","Arch":"arm64"}}'"#,
    );
    let out = fake
        .check(DOCKER_ONLY)
        .env("DOCKER_COMMAND", &elsewhere)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("My-Docker daemon status: available\nMy-Docker version: 1.2.3, build abcdef0, platform linux/arm64"),
        "{text}"
    );
    assert!(
        text.contains(&format!("client: {}", elsewhere.display())),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");

    // az names the client by the command as given, title-cased, and takes a
    // client that is not `docker` to be podman-like (OS and arch from OsArch).
    let out = fake
        .check(docker_only(&["-o", "az"]))
        .env("DOCKER_COMMAND", &elsewhere)
        .output()
        .unwrap();
    let label = acr_health::probe::docker::daemon::python_title(&elsewhere.display().to_string());
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: {label} daemon status: available\n\
WARNING: {label} version: 1.2.3, build abcdef0, platform unknown/unknown\n\
WARNING: Skipping pull check: no terminal to confirm it (pass --yes to pull).\n{}",
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(0));

    // A DOCKER_COMMAND that does not exist is an error, with no fallback.
    let out = fake
        .check(DOCKER_ONLY)
        .env("DOCKER_COMMAND", "/nonexistent/docker")
        .output()
        .unwrap();
    assert_text_error(&out, "DOCKER_COMMAND_ERROR", DOCKER_COMMAND_MSG);
    assert!(stdout(&out).contains("/nonexistent/docker is not an executable file"));

    // No docker, but podman (whose JSON has OsArch instead of Arch).
    let fake = FakeBin::new();
    fake.script(
        "podman",
        r#"printf '%s\n' '{"Client":{"APIVersion":"4.3.1","Version":"4.3.1","GitCommit":"","OsArch":"linux/amd64","Os":"linux"}}'"#,
    );
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("Podman daemon status: available\nPodman version: 4.3.1, build unknown, platform linux/amd64"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    // az prints the empty GitCommit as it is.
    let out = fake.check(docker_only(&["-o", "az"])).output().unwrap();
    assert!(
        az_stream(&out).starts_with(
            "WARNING: Podman daemon status: available\nWARNING: Podman version: 4.3.1, build , platform linux/amd64\n"
        ),
        "{}",
        az_stream(&out)
    );
    assert_eq!(out.status.code(), Some(0));
}

// ---------------------------------------------------------------- docker: version

#[test]
fn odd_version_json_never_crashes() {
    let fake = FakeBin::new();
    fake_docker(
        &fake,
        r#"{"Client":{"Version":5,"GitCommit":null,"Os":["x"]},"Server":"odd"}"#,
        "exit 0",
    );
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("Docker version: unknown, build unknown, platform unknown/unknown"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");

    // Not the JSON we asked for (a pre-23.0 client given `--format json`
    // prints the word "json"): a version error naming the command.
    for odd in ["json", "[1, 2]", r#"{"Client": "x"}"#] {
        let fake = FakeBin::new();
        fake_docker(&fake, odd, "exit 0");
        let out = fake.check(DOCKER_ONLY).output().unwrap();
        assert_text_error(&out, "DOCKER_VERSION_ERROR", DOCKER_VERSION_MSG);
        let text = stdout(&out);
        assert!(
            text.contains(&format!(
                "Reason: its output is not the JSON acr-health expects: '{odd}'"
            )),
            "{text}"
        );
        // The daemon answered, so that line came first.
        assert!(
            text.starts_with("Docker daemon status: available\n"),
            "{text}"
        );
    }

    // az reads output that is not JSON as an empty object: a line of unknowns.
    let fake = FakeBin::new();
    fake_docker(&fake, "json", "exit 0");
    let out = fake
        .check(docker_only(&["-o", "az", "-y"]))
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
WARNING: Docker version: unknown, build unknown, platform unknown/unknown\n\
WARNING: Docker pull of 'mcr.microsoft.com/mcr/hello-world:latest' : OK\n{}",
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(0));
}

/// A docker whose `ps` works, whose `version` fails with `stderr` (may be
/// empty) and whose `pull` works.
fn docker_with_failing_version(stderr: &str) -> FakeBin {
    let fake = FakeBin::new();
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) exit 0 ;;
  version) printf '%s' '{stderr}' >&2; exit 3 ;;
  pull) exit 0 ;;
esac"#
        ),
    );
    fake
}

#[test]
fn a_failing_docker_version_is_reported_with_its_stderr() {
    let fake = docker_with_failing_version("docker: broken installation\n");
    let out = fake
        .check(docker_only(&["--ignore-errors"]))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains(&format!(
        "An error occurred: DOCKER_VERSION_ERROR\n{DOCKER_VERSION_MSG}\nFailed to run command 'docker version --format '{{{{json .}}}}''. docker: broken installation\n"
    )), "{text}");
    assert!(
        text.contains("Reason: the command failed (exit status 3)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));

    let out = fake
        .check(docker_only(&["--ignore-errors", "-o", "json"]))
        .output()
        .unwrap();
    let doc = json(&out);
    let v = check(&doc, "docker.version");
    assert_eq!(v["code"], "DOCKER_VERSION_ERROR");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .ends_with("Failed to run command 'docker version --format '{{json .}}''. docker: broken installation"),
        "{v}"
    );
    assert_eq!(doc["exitStatus"], 1);

    // az: its own command, stderr without the trailing newline, then the link.
    let out = fake.check(docker_only(&["-o", "az"])).output().unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
ERROR: [ts] An error occurred: DOCKER_VERSION_ERROR\n{DOCKER_VERSION_MSG}\n\
Failed to run command 'docker version --format json'. docker: broken installation\n\n\
Please refer to https://aka.ms/acr/errors#docker_version_error for more information.\n"
        )
    );
    assert_eq!(out.status.code(), Some(1));

    // Under --ignore-errors az still pulls: the daemon answered.
    let out = fake
        .check(docker_only(&["-o", "az", "-y", "--ignore-errors"]))
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
ERROR: [ts] An error occurred: DOCKER_VERSION_ERROR\n{DOCKER_VERSION_MSG}\n\
Failed to run command 'docker version --format json'. docker: broken installation\n\
WARNING: Docker pull of 'mcr.microsoft.com/mcr/hello-world:latest' : OK\n{}",
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_silently_failing_docker_version_gets_only_the_base_message() {
    let fake = docker_with_failing_version("");
    let out = fake.check(docker_only(&["-o", "az"])).output().unwrap();
    // az appends the empty stderr after a newline: three newlines before the link.
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
ERROR: [ts] An error occurred: DOCKER_VERSION_ERROR\n{DOCKER_VERSION_MSG}\n\n\n\
Please refer to https://aka.ms/acr/errors#docker_version_error for more information.\n"
        )
    );
    assert_eq!(out.status.code(), Some(1));
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    assert_text_error(&out, "DOCKER_VERSION_ERROR", DOCKER_VERSION_MSG);
    assert!(
        !stdout(&out).contains("Failed to run command"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stderr_from_docker_ps_is_a_command_error_with_dockers_words() {
    let fake = FakeBin::new();
    fake.script(
        "docker",
        "echo 'docker: broken installation' >&2\n/bin/touch $TRACE/ran-$1\nexit 3",
    );
    let out = fake.check(docker_only(&["-y"])).output().unwrap();
    assert_text_error(
        &out,
        "DOCKER_COMMAND_ERROR",
        "docker: broken installation\n",
    );
    assert!(
        stdout(&out).contains("Reason: 'docker ps' wrote the above on stderr"),
        "{}",
        stdout(&out)
    );

    // az: docker's stderr replaces the message, its newline kept; the docker
    // checks end there (no version line, no pull).
    let out = fake
        .check(docker_only(&["-o", "az", "-y"]))
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        "ERROR: [ts] An error occurred: DOCKER_COMMAND_ERROR\ndocker: broken installation\n\n\n\
Please refer to https://aka.ms/acr/errors#docker_command_error for more information.\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_file(fake.path("ran-version"));
    let out = fake
        .check(docker_only(&["-o", "az", "-y", "--ignore-errors"]))
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "ERROR: [ts] An error occurred: DOCKER_COMMAND_ERROR\ndocker: broken installation\n\n{}",
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !fake.path("ran-version").exists(),
        "az mode ran docker version"
    );
    assert!(!fake.path("ran-pull").exists(), "az mode pulled");
}

#[test]
fn a_warning_from_docker_version_is_printed_once() {
    // Only `version` and `pull` warn; `ps` is clean.
    let fake = FakeBin::new();
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) exit 0 ;;
  version) echo 'WARNING: config file has an odd permission' >&2; printf '%s\n' '{DOCKER_JSON}' ;;
  pull) echo 'warning: pulled through a mirror' >&2 ;;
esac"#
        ),
    );
    let out = fake
        .check(docker_only(&["-o", "az", "-y"]))
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
WARNING: WARNING: config file has an odd permission\n\
WARNING: Docker version: 27.1.1, build 6312585, platform linux/amd64\n\
WARNING: warning: pulled through a mirror\n\
WARNING: Docker pull of 'mcr.microsoft.com/mcr/hello-world:latest' : OK\n{}",
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_docker_that_warns_on_every_call() {
    let fake = FakeBin::new();
    fake.script(
        "docker",
        &format!(
            "echo 'WARNING: config file has an odd permission' >&2\nprintf '%s\\n' '{DOCKER_JSON}'"
        ),
    );
    // az: the warning from `docker ps` is the command's error.
    let out = fake.check(docker_only(&["-o", "az"])).output().unwrap();
    assert_eq!(
        az_stream(&out),
        "ERROR: [ts] An error occurred: DOCKER_COMMAND_ERROR\nWARNING: config file has an odd permission\n\n\n\
Please refer to https://aka.ms/acr/errors#docker_command_error for more information.\n"
    );
    assert_eq!(out.status.code(), Some(1));

    // Text mode passes each command's warning on and carries on.
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "WARNING: config file has an odd permission\nDocker daemon status: available\n\
WARNING: config file has an odd permission\nDocker version: 27.1.1, build 6312585, platform linux/amd64\n"
        ),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
}

// Unix only: a hanging docker stopped with its children (a process group);
// on Windows its tree is a job object's, covered by sys::process's tests.
#[cfg(unix)]
#[test]
fn a_hanging_docker_ps_is_a_daemon_error_at_the_timeout() {
    let fake = FakeBin::new();
    fake.script("docker", "exec /bin/sleep 300");
    let started = Instant::now();
    let out = fake
        .check(docker_only(&["--timeout", "1s"]))
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_text_error(&out, "DOCKER_DAEMON_ERROR", DOCKER_DAEMON_MSG);
    assert!(
        stdout(&out).contains("'docker ps' got no answer within 1s; it was stopped"),
        "{}",
        stdout(&out)
    );
}

// ---------------------------------------------------------------- docker: pull

#[test]
fn pull_with_yes_passes_and_uses_the_default_image() {
    let fake = FakeBin::new();
    fake_docker(
        &fake,
        DOCKER_JSON,
        r#"echo "$2" > $TRACE/pulled; echo "latest: Pulling from mcr/hello-world""#,
    );
    let out = fake.check(docker_only(&["-y"])).output().unwrap();
    let text = stdout(&out);
    let expected = "Docker daemon status: available\n\
Docker version: 27.1.1, build 6312585, platform linux/amd64\n";
    assert!(text.starts_with(expected), "{text}");
    assert!(
        text.contains("Docker pull of 'mcr.microsoft.com/mcr/hello-world:latest' : OK\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(fake.path("pulled")).unwrap().trim(),
        "mcr.microsoft.com/mcr/hello-world:latest"
    );

    // The MCR host follows the cloud.
    let out = fake
        .check(docker_only(&[
            "-y",
            "--cloud",
            "AzureChinaCloud",
            "-o",
            "az",
        ]))
        .output()
        .unwrap();
    assert!(
        stderr(&out)
            .contains("WARNING: Docker pull of 'mcr.azure.cn/mcr/hello-world:latest' : OK\n"),
        "{}",
        stderr(&out)
    );

    let out = fake
        .check(docker_only(&["-y", "-o", "json"]))
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(
        check(&doc, "docker.daemon")["line"],
        "Docker daemon status: available"
    );
    assert_eq!(check(&doc, "docker.pull")["status"], "ok");
    assert_eq!(
        check(&doc, "docker.version")["details"][1],
        "daemon version: 27.1.1"
    );
    assert_eq!(doc["exitStatus"], 0);
}

#[test]
fn no_terminal_and_no_yes_skips_the_pull_with_a_warning() {
    let fake = FakeBin::new();
    fake_docker(&fake, DOCKER_JSON, "/bin/touch $TRACE/pulled");
    let out = fake.check(DOCKER_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("Skipping pull check: no terminal to confirm it (pass --yes to pull).\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!fake.path("pulled").exists(), "pulled without confirmation");

    let out = fake.check(docker_only(&["-o", "json"])).output().unwrap();
    let doc = json(&out);
    assert_eq!(check(&doc, "docker.pull")["status"], "warning");
    assert_eq!(doc["exitStatus"], 0);
}

#[test]
fn wrong_platform_pull_passes_with_a_warning() {
    let fake = FakeBin::new();
    fake_docker(
        &fake,
        DOCKER_JSON,
        r#"echo 'image operating system "windows" cannot be used on this platform' >&2; exit 1"#,
    );
    let args = docker_only(&["-y", "--pull-image", "example.test/win:1"]);
    let out = fake.check(&args).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("Docker pull of 'example.test/win:1' : OK\nImage 'example.test/win:1' can be pulled but cannot be used on this platform\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));

    let mut az = args.clone();
    az.extend(["-o", "az"].map(String::from));
    let out = fake.check(&az).output().unwrap();
    assert!(stderr(&out).contains(
        "WARNING: Docker pull of 'example.test/win:1' : OK\nWARNING: Image 'example.test/win:1' can be pulled but cannot be used on this platform\n"
    ));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_failed_pull_is_a_pull_error_with_dockers_stderr() {
    let fake = FakeBin::new();
    fake_docker(
        &fake,
        DOCKER_JSON,
        "echo 'Error response from daemon: Get \"https://example.test/v2/\": dial tcp: lookup example.test: no such host' >&2; exit 1",
    );
    let args = docker_only(&["-y", "--pull-image", "example.test/x:1"]);
    let out = fake.check(&args).output().unwrap();
    let msg = format!(
        "{DOCKER_PULL_MSG}\nFailed to run command 'docker pull example.test/x:1'. Error response from daemon: Get \"https://example.test/v2/\": dial tcp: lookup example.test: no such host"
    );
    assert_text_error(&out, "DOCKER_PULL_ERROR", &msg);
    let mut az = args.clone();
    az.extend(["-o", "az"].map(String::from));
    assert_az_error(
        &fake.check(&az).output().unwrap(),
        "DOCKER_PULL_ERROR",
        &msg,
    );
}

// Unix only: it checks with `kill -0`-style `process_gone` that the
// children of a hanging pull were killed with their process group.
#[cfg(unix)]
#[test]
fn a_hanging_pull_is_killed_with_its_children_at_the_timeout() {
    let fake = FakeBin::new();
    fake_docker(
        &fake,
        DOCKER_JSON,
        "/bin/sleep 300 & echo $! > $TRACE/child.pid; echo 'Pulling fs layer'; /bin/sleep 300",
    );
    let started = Instant::now();
    let out = fake
        .check(docker_only(&[
            "-y",
            "--timeout",
            "1s",
            "--pull-image",
            "example.test/slow:1",
        ]))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_text_error(
        &out,
        "DOCKER_PULL_ERROR",
        &format!("{DOCKER_PULL_MSG}\n  Reason: the pull did not finish"),
    );
    assert!(
        stdout(&out).contains("the pull did not finish within 1s (--timeout); it and every process it started were stopped"),
        "{}",
        stdout(&out)
    );
    // The grandchild went too (it shared the process group).
    let pid: u32 = std::fs::read_to_string(fake.path("child.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(3);
    while !process_gone(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(process_gone(pid), "background child {pid} still running");
}

// ---------------------------------------------------------------- docker: real

// Unix only: the real dockerd that scripts/real-services.sh starts.
#[cfg(unix)]
#[test]
fn real_pull_from_the_local_registry() {
    let Some(real) = real_services() else { return };
    let fake = FakeBin::new();
    fake.link("docker", &real.docker);
    let args = docker_only(&["-y", "--pull-image", &real.image]);
    let out = fake
        .check(&args)
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with("Docker daemon status: available\nDocker version: "),
        "{text}"
    );
    assert!(
        text.contains(&format!("Docker pull of '{}' : OK\n", real.image)),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");

    // az's stream against the real client and daemon: its version line comes
    // from the same `docker version --format json` az runs.
    let own = std::process::Command::new(&real.docker)
        .args(["version", "--format", "json"])
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    let own = acr_health::probe::docker::daemon::az_version_line(
        "Docker",
        true,
        &String::from_utf8_lossy(&own.stdout),
    );
    let mut az = args.clone();
    az.extend(["-o", "az"].map(String::from));
    let out = fake
        .check(&az)
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\nWARNING: {own}\nWARNING: Docker pull of '{}' : OK\n{}",
            real.image,
            az_tail("")
        )
    );
    assert_eq!(out.status.code(), Some(0));

    let mut json_args = args.clone();
    json_args.extend(["-o", "json"].map(String::from));
    let out = fake
        .check(&json_args)
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(check(&doc, "docker.pull")["status"], "ok");
    assert_eq!(check(&doc, "docker.daemon")["status"], "ok");
    assert_eq!(doc["exitStatus"], 0);
}

// Unix only: the real dockerd that scripts/real-services.sh starts.
#[cfg(unix)]
#[test]
fn real_pull_of_a_missing_image_is_a_pull_error() {
    let Some(real) = real_services() else { return };
    let fake = FakeBin::new();
    fake.link("docker", &real.docker);
    let image = format!("{}/acr-health/missing:latest", real.registry);
    let args = docker_only(&["-y", "--pull-image", &image]);
    let out = fake
        .check(&args)
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    assert_text_error(
        &out,
        "DOCKER_PULL_ERROR",
        &format!(
            "{DOCKER_PULL_MSG}\nFailed to run command 'docker pull {image}'. Error response from daemon: "
        ),
    );
    assert!(
        stdout(&out).contains("manifest unknown"),
        "{}",
        stdout(&out)
    );

    let mut az = args.clone();
    az.extend(["-o", "az"].map(String::from));
    let out = fake
        .check(&az)
        .env("DOCKER_HOST", &real.docker_host)
        .output()
        .unwrap();
    assert_az_error(
        &out,
        "DOCKER_PULL_ERROR",
        &format!("{DOCKER_PULL_MSG}\nFailed to run command 'docker pull {image}'."),
    );
}

// Unix only: a real docker client pointed at a dead unix socket.
#[cfg(unix)]
#[test]
fn real_client_with_a_dead_socket_is_a_daemon_error() {
    // Needs only the real client, not the daemon.
    let Some(docker) = real_program("docker") else {
        return;
    };
    let fake = FakeBin::new();
    fake.link("docker", &docker);
    let host = format!("unix://{}/dead.sock", fake.home().display());
    let out = fake
        .check(DOCKER_ONLY)
        .env("DOCKER_HOST", &host)
        .output()
        .unwrap();
    assert_text_error(
        &out,
        "DOCKER_DAEMON_ERROR",
        &format!("{DOCKER_DAEMON_MSG}\nCannot connect to the Docker daemon at {host}."),
    );
    assert!(stdout(&out).contains(&format!("DOCKER_HOST={host}")));

    // The client's version is still read; the pull is not tried.
    let out = fake
        .check(docker_only(&["--ignore-errors", "-y"]))
        .env("DOCKER_HOST", &host)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("\nDocker version: "), "{text}");
    assert!(!text.contains("Docker version: unknown"), "{text}");
    assert!(text.contains("Skipped: Docker pull (not run"), "{text}");
    assert_eq!(out.status.code(), Some(1));

    let out = fake
        .check(docker_only(&["-o", "az"]))
        .env("DOCKER_HOST", &host)
        .output()
        .unwrap();
    assert_az_error(&out, "DOCKER_DAEMON_ERROR", DOCKER_DAEMON_MSG);

    // az's shape after a daemon failure: no version line, no pull.
    let out = fake
        .check(docker_only(&["-o", "az", "-y", "--ignore-errors"]))
        .env("DOCKER_HOST", &host)
        .output()
        .unwrap();
    let stream = az_stream(&out);
    let (head, tail) = stream
        .split_once("\nWARNING: acr-health version: ")
        .unwrap_or_else(|| panic!("{stream}"));
    assert_eq!(
        head,
        format!(
            "ERROR: [ts] An error occurred: DOCKER_DAEMON_ERROR\n{DOCKER_DAEMON_MSG}\n\
Cannot connect to the Docker daemon at {host}. Is the docker daemon running?"
        )
    );
    assert!(!tail.contains("Docker"), "{stream}");
    assert_eq!(out.status.code(), Some(1));

    let out = fake
        .check(docker_only(&["-o", "json", "--ignore-errors"]))
        .env("DOCKER_HOST", &host)
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(check(&doc, "docker.daemon")["code"], "DOCKER_DAEMON_ERROR");
    assert_eq!(check(&doc, "docker.version")["status"], "ok");
    assert_eq!(check(&doc, "docker.pull")["status"], "skipped");
    assert_eq!(doc["exitStatus"], 1);
}

// ---------------------------------------------------------------- helm

const HELM_ONLY: &[&str] = &["--skip", "docker", "--skip", "notary"];

/// A helm whose `--help` prints usage and whose `version --client` prints
/// `stdout_text`.
fn helm_with(stdout_text: &str) -> FakeBin {
    let fake = FakeBin::new();
    fake.script(
        "helm",
        &format!(
            "[ \"$1\" = --help ] && {{ echo 'The Kubernetes package manager'; exit 0; }}\n\
[ \"$1 $2\" = 'version --client' ] || exit 9\n/bin/cat <<'OUT'\n{stdout_text}\nOUT"
        ),
    );
    fake
}

#[test]
fn helm_2_older_than_2_11_is_a_version_error() {
    let fake = helm_with(
        r#"Client: &version.Version{SemVer:"v2.10.0", GitCommit:"9ad53aac42165a5fadc6c87be0dea6b115f93090", GitTreeState:"clean"}"#,
    );
    let out = fake.check(HELM_ONLY).output().unwrap();
    assert!(stdout(&out).contains("Helm version: 2.10.0\nAn error occurred: HELM_VERSION_ERROR\n"));
    assert_text_error(&out, "HELM_VERSION_ERROR", HELM_OLD_MSG);
    assert!(stdout(&out).contains("helm 2.10.0 is older than 2.11.0"));

    let out = fake
        .check([HELM_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert!(stderr(&out).contains("WARNING: Helm version: 2.10.0\nERROR: "));
    assert_az_error(&out, "HELM_VERSION_ERROR", HELM_OLD_MSG);

    let out = fake
        .check([HELM_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    let doc = json(&out);
    let lines = checks(&doc, "helm.version");
    assert_eq!(lines[0]["line"], "Helm version: 2.10.0");
    assert_eq!(lines[1]["code"], "HELM_VERSION_ERROR");
    assert_eq!(lines[1]["message"], HELM_OLD_MSG);
    assert_eq!(doc["exitStatus"], 1);
}

#[test]
fn helm_2_new_enough_and_helm_3_pass() {
    for (output, version) in [
        (
            r#"Client: &version.Version{SemVer:"v2.17.0", GitCommit:"a690bad98af45b015bd3da1a41f6218b1a451dbe", GitTreeState:"clean"}"#,
            "2.17.0",
        ),
        (
            r#"version.BuildInfo{Version:"v3.14.2", GitCommit:"c309b6f0ff63856811846ce18f3bdc93d2b4d54b", GitTreeState:"clean", GoVersion:"go1.21.7"}"#,
            "3.14.2",
        ),
        (r#"Client: &version.Version{SemVer:"v2.11.0"}"#, "2.11.0"),
    ] {
        let fake = helm_with(output);
        let out = fake.check(HELM_ONLY).output().unwrap();
        let text = stdout(&out);
        assert!(
            text.contains(&format!("Helm version: {version}\n")),
            "{text}"
        );
        assert!(!text.contains("An error occurred"), "{text}");
        assert_eq!(out.status.code(), Some(0), "{text}");

        let out = fake
            .check([HELM_ONLY, &["-o", "json"]].concat())
            .output()
            .unwrap();
        let doc = json(&out);
        assert_eq!(check(&doc, "helm.version")["status"], "ok");
        assert_eq!(doc["exitStatus"], 0);
    }
}

#[test]
fn helm_output_without_a_version_is_printed_as_is() {
    // `--short` style output has no `Version:"v…"`: az prints it whole and
    // compares nothing.
    let fake = helm_with("v3.14.2+gc309b6f");
    let out = fake
        .check([HELM_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        az_tail("WARNING: Helm version: v3.14.2+gc309b6f\n")
    );
    assert_eq!(out.status.code(), Some(0));
    let out = fake.check(HELM_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("Helm version: v3.14.2+gc309b6f\n"), "{text}");
    assert!(
        text.contains("so the minimum (2.11.0) was not checked"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    let out = fake
        .check([HELM_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    assert_eq!(check(&json(&out), "helm.version")["status"], "warning");
}

#[test]
fn helm_help_writing_to_stderr_is_a_command_error_in_az_mode() {
    // helm 3 warns like this on every run when the kubeconfig is group-readable.
    let warning = "WARNING: Kubernetes configuration file is group-readable. This is insecure. Location: /root/.kube/config";
    let fake = FakeBin::new();
    fake.script(
        "helm",
        &format!(
            "echo '{warning}' >&2\n\
[ \"$1\" = --help ] && {{ echo 'The Kubernetes package manager'; exit 0; }}\n\
echo 'version.BuildInfo{{Version:\"v3.14.2\", GitCommit:\"c309b6f\"}}'"
        ),
    );
    let az = [HELM_ONLY, &["-o", "az"]].concat();
    let out = fake.check(&az).output().unwrap();
    // az appends helm's stderr raw (newline kept); no version line follows.
    let error = format!(
        "ERROR: [ts] An error occurred: HELM_COMMAND_ERROR\nPlease verify if Helm is installed.\n{warning}\n"
    );
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: acr-health version: {}\nWARNING: Registry name must be provided to check connectivity.\n{error}\n\n\
Please refer to https://aka.ms/acr/errors#helm_command_error for more information.\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(out.status.code(), Some(1));
    let out = fake
        .check([&az[..], &["--ignore-errors"]].concat())
        .output()
        .unwrap();
    assert_eq!(az_stream(&out), az_tail(&format!("{error}\n")));
    assert_eq!(out.status.code(), Some(1));

    // Text mode does not run `helm --help`: the warning of `helm version`
    // is a warning line, and the run passes.
    let out = fake.check(HELM_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{warning}\nHelm version: 3.14.2\n")),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn helm_missing_is_a_command_error() {
    let fake = FakeBin::new();
    let out = fake.check(HELM_ONLY).output().unwrap();
    assert_text_error(
        &out,
        "HELM_COMMAND_ERROR",
        "Please verify if Helm is installed.",
    );
    let out = fake
        .check([HELM_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert_az_error(
        &out,
        "HELM_COMMAND_ERROR",
        "Please verify if Helm is installed.",
    );
    let out = fake
        .check([HELM_ONLY, &["-o", "json", "--ignore-errors"]].concat())
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(check(&doc, "helm.command")["code"], "HELM_COMMAND_ERROR");
    assert_eq!(check(&doc, "helm.version")["status"], "skipped");
    assert_eq!(doc["exitStatus"], 1);
}

#[test]
fn helm_failing_is_a_version_error_with_its_stderr() {
    let fake = FakeBin::new();
    fake.script(
        "helm",
        "[ \"$1\" = --help ] && exit 0\necho 'Error: unknown flag: --client' >&2\nexit 1",
    );
    let msg = format!(
        "{HELM_FAILED_MSG}\nFailed to run command 'helm version --client'. Error: unknown flag: --client"
    );
    let out = fake.check(HELM_ONLY).output().unwrap();
    assert_text_error(&out, "HELM_VERSION_ERROR", &msg);
    let out = fake
        .check([HELM_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert_az_error(&out, "HELM_VERSION_ERROR", &msg);
    let out = fake
        .check([HELM_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    assert_eq!(check(&json(&out), "helm.version")["message"], msg.as_str());

    // Failing without a word: only az's base message (and the newline az adds).
    let fake = FakeBin::new();
    fake.script("helm", "[ \"$1\" = --help ] && exit 0\nexit 1");
    let out = fake
        .check([HELM_ONLY, &["-o", "az", "--ignore-errors"]].concat())
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        az_tail(&format!(
            "ERROR: [ts] An error occurred: HELM_VERSION_ERROR\n{HELM_FAILED_MSG}\n\n"
        ))
    );
    assert_eq!(out.status.code(), Some(1));
}

// ---------------------------------------------------------------- notary

const NOTARY_ONLY: &[&str] = &["--skip", "docker", "--skip", "helm"];

fn notary_with(version: &str) -> FakeBin {
    let fake = FakeBin::new();
    fake.script(
        "notary",
        &format!(
            "[ \"$1\" = version ] || exit 9\nprintf 'notary\\n Version:    {version}\\n Git commit: d6e1431f\\n'"
        ),
    );
    fake
}

#[test]
fn notary_version_rule() {
    let out = notary_with("0.6.0").check(NOTARY_ONLY).output().unwrap();
    assert!(
        stdout(&out).contains("Notary version: 0.6.0\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0));

    for (version, direction) in [
        ("0.5.1", "upgrade"),
        ("0.7.0", "downgrade"),
        ("0.6.1", "downgrade"),
    ] {
        let msg = format!(
            "Current notary version is not recommended. Please {direction} your notary client to version 0.6.0."
        );
        let fake = notary_with(version);
        let out = fake.check(NOTARY_ONLY).output().unwrap();
        assert!(stdout(&out).contains(&format!("Notary version: {version}\nAn error occurred")));
        assert_text_error(&out, "NOTARY_VERSION_ERROR", &msg);
        // az 2.91 has no notary check: `-o az` neither prints nor fails on it.
        let out = fake
            .check([NOTARY_ONLY, &["-o", "az"]].concat())
            .output()
            .unwrap();
        assert_eq!(az_stream(&out), az_tail(""));
        assert_eq!(out.status.code(), Some(0));
        let out = fake
            .check([NOTARY_ONLY, &["-o", "json"]].concat())
            .output()
            .unwrap();
        let doc = json(&out);
        assert_eq!(checks(&doc, "notary.version")[1]["message"], msg.as_str());
        assert_eq!(doc["exitStatus"], 1);
    }
}

#[test]
fn notary_with_an_empty_version_is_a_warning_showing_the_output() {
    let fake = notary_with("");
    let out = fake.check(NOTARY_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        // The child's line breaks are shown escaped: its output cannot add lines.
        text.contains("Notary version: notary\\u{a} Version:    \\u{a} Git commit: d6e1431f\n"),
        "{text}"
    );
    assert!(text.contains("so it was not compared with 0.6.0"), "{text}");
    assert_eq!(out.status.code(), Some(0));
    let out = fake
        .check([NOTARY_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    assert_eq!(check(&json(&out), "notary.version")["status"], "warning");
}

#[test]
fn notary_not_installed_is_an_info_line() {
    let fake = FakeBin::new();
    let out = fake.check(NOTARY_ONLY).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("Notary is not installed: nothing to check"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
    // Not even the "not installed" line in `-o az`.
    let out = fake
        .check([NOTARY_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert_eq!(az_stream(&out), az_tail(""));
    assert_eq!(out.status.code(), Some(0));
    let out = fake
        .check([NOTARY_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(check(&doc, "notary.version")["status"], "info");
    assert_eq!(doc["exitStatus"], 0);
}

// Unix only: the real notary that scripts/real-services.sh provides.
#[cfg(unix)]
#[test]
fn real_notary_gets_its_documented_outcome() {
    let Some(notary) = real_program("notary") else {
        return;
    };
    let own = std::process::Command::new(&notary)
        .arg("version")
        .output()
        .unwrap();
    let own = String::from_utf8_lossy(&own.stdout).into_owned();
    let fake = FakeBin::new();
    fake.link("notary", &notary);
    let out = fake
        .check([NOTARY_ONLY, &["-o", "az"]].concat())
        .output()
        .unwrap();
    assert_eq!(
        az_stream(&out),
        az_tail(""),
        "the real notary showed in -o az"
    );
    assert_eq!(out.status.code(), Some(0));
    let out = fake
        .check([NOTARY_ONLY, &["-o", "json"]].concat())
        .output()
        .unwrap();
    let doc = json(&out);
    let lines = checks(&doc, "notary.version");
    match acr_health::probe::notary::parse_notary_version(&own) {
        // Debian's build prints an empty version: a warning with the raw text.
        None => {
            assert_eq!(lines[0]["status"], "warning", "{doc:#}");
            assert!(
                lines[0]["line"]
                    .as_str()
                    .unwrap()
                    .starts_with("Notary version: notary")
            );
            assert_eq!(out.status.code(), Some(0));
        }
        Some(found) if found.version == semver::Version::new(0, 6, 0) => {
            assert_eq!(lines[0]["status"], "ok");
            assert_eq!(out.status.code(), Some(0));
        }
        Some(_) => {
            assert_eq!(lines[1]["code"], "NOTARY_VERSION_ERROR");
            assert_eq!(out.status.code(), Some(1));
        }
    }
}

// ---------------------------------------------------------------- plan

#[test]
fn cloud_shell_skips_the_environment_with_one_warning() {
    let fake = FakeBin::new(); // no docker, helm or notary: they must not be looked for
    let out = fake.check(NO_ARGS).env("ACC_CLOUD", "1").output().unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with("Environment checks are not supported in Azure Cloud Shell.\n"),
        "{text}"
    );
    for absent in ["Docker", "Helm", "Notary", "acr-health version:"] {
        assert!(!text.contains(absent), "{absent} in:\n{text}");
    }
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn skip_environment_reports_three_skipped_lines() {
    let fake = FakeBin::new();
    let out = fake.check(["--skip", "environment"]).output().unwrap();
    let text = stdout(&out);
    for line in [
        "Skipped: Docker checks (skipped with --skip docker)",
        "Skipped: Helm checks (skipped with --skip helm)",
        "Skipped: Notary check (skipped with --skip notary)",
    ] {
        assert!(text.contains(line), "{line} missing in:\n{text}");
    }
    assert_eq!(out.status.code(), Some(0));
    let out = fake
        .check(["--skip", "environment", "-o", "az"])
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("Skipped"));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn skip_takes_a_comma_list() {
    let fake = FakeBin::new();
    let out = fake
        .check(["--skip", "helm,notary", "--skip", "docker"])
        .output()
        .unwrap();
    let text = stdout(&out);
    for line in [
        "Skipped: Docker checks (skipped with --skip docker)",
        "Skipped: Helm checks (skipped with --skip helm)",
        "Skipped: Notary check (skipped with --skip notary)",
    ] {
        assert!(text.contains(line), "{line} missing in:\n{text}");
    }
    assert_eq!(out.status.code(), Some(0));
    let out = fake.check(["--skip", "helm,everything"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("everything"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn environment_lines_come_in_spec_order() {
    let fake = FakeBin::new();
    fake_docker(&fake, DOCKER_JSON, "exit 0");
    fake.script(
        "helm",
        r#"[ "$1" = --help ] && exit 0; /bin/sleep 0.3; echo 'version.BuildInfo{Version:"v3.14.2"}'"#,
    );
    fake.script("notary", "printf 'notary\\n Version:    0.6.0\\n'");
    let out = fake.check(["-y", "-o", "az"]).output().unwrap();
    // az's whole stream: no notary line although notary is installed.
    assert_eq!(
        az_stream(&out),
        format!(
            "WARNING: Docker daemon status: available\n\
WARNING: Docker version: 27.1.1, build 6312585, platform linux/amd64\n\
WARNING: Docker pull of 'mcr.microsoft.com/mcr/hello-world:latest' : OK\n{}",
            az_tail("WARNING: Helm version: 3.14.2\n")
        )
    );
    assert!(out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(0));
    // Text mode keeps the notary line.
    let out = fake.check(["-y"]).output().unwrap();
    assert!(
        stdout(&out).contains("Helm version: 3.14.2\nNotary version: 0.6.0\n"),
        "{}",
        stdout(&out)
    );
}
