//! The test harness: run acr-health with a controlled environment, fake
//! programs on PATH, and the real dockerd/registry when CI started them.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// acr-health with an empty environment: no PATH, no HOME, no colour, and no
/// Azure CLI config to pick a cloud from. Add what a test needs. (Nothing
/// is inherited, so neither are GITHUB_ACTIONS, GITHUB_STEP_SUMMARY and
/// TF_BUILD: CI annotations appear only in tests that set them.)
pub fn acr_health() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_acr-health"));
    cmd.env_clear();
    for key in crate::util::CI_ENV {
        cmd.env_remove(key);
    }
    cmd.env("NO_COLOR", "1")
        .env("AZURE_CONFIG_DIR", "/nonexistent/acr-health-tests");
    cmd
}

/// A temp dir with a `bin/` that is the whole PATH, a `home/` that is HOME
/// and the working directory. Fake programs are shell scripts in `bin/`
/// that call utilities by absolute path, so no real docker, helm or notary
/// can be found by accident.
pub struct FakeBin {
    dir: TempDir,
}

impl FakeBin {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("acr-health-test.")
            .tempdir()
            .expect("temp dir");
        fs::create_dir(dir.path().join("bin")).unwrap();
        fs::create_dir(dir.path().join("home")).unwrap();
        FakeBin { dir }
    }

    pub fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// A file in the temp dir, for scripts to leave traces in.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bin/NAME`: `#!/bin/sh` plus `body`. `$TRACE` in the body is
    /// replaced by the temp dir, for marker files.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        write_script(&self.bin().join(name), &self.render(body))
    }

    /// Writes an executable script somewhere else in the temp dir (or home).
    pub fn script_at(&self, path: &Path, body: &str) -> PathBuf {
        write_script(path, &self.render(body))
    }

    fn render(&self, body: &str) -> String {
        body.replace("$TRACE", &self.dir.path().display().to_string())
    }

    /// Puts a real program on the fake PATH under `name`.
    pub fn link(&self, name: &str, target: &Path) {
        std::os::unix::fs::symlink(target, self.bin().join(name)).unwrap();
    }

    /// `acr-health check ARGS` with PATH = bin/ only, HOME = cwd = home/.
    pub fn check(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = acr_health();
        cmd.env("PATH", self.bin())
            .env("HOME", self.home())
            .current_dir(self.home())
            .arg("check")
            .args(args);
        cmd
    }
}

fn write_script(path: &Path, body: &str) -> PathBuf {
    fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// A fake `docker` whose `ps` lists nothing, whose `version` prints
/// `version_json` (exit 0) and whose `pull` runs `pull_body`.
pub fn fake_docker(fake: &FakeBin, version_json: &str, pull_body: &str) {
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) echo 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES' ;;
  version) printf '%s\n' '{version_json}' ;;
  pull) {pull_body} ;;
  *) echo "fake docker: unexpected $*" >&2; exit 99 ;;
esac"#
        ),
    );
}

pub const DOCKER_JSON: &str = r#"{"Client":{"Version":"27.1.1","GitCommit":"6312585abcdef","Os":"linux","Arch":"amd64","Context":"default"},"Server":{"Version":"27.1.1"}}"#;

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `-o az` stream (stderr) with each error's UTC timestamp replaced by
/// `[ts]`, after checking it has Python's `YYYY-MM-DD HH:MM:SS[.ffffff]` form;
/// so a test can compare the whole stream with az's bytes.
pub fn az_stream(out: &Output) -> String {
    let err = stderr(out);
    let mut masked = String::new();
    for line in err.split_inclusive('\n') {
        let Some(rest) = line.strip_prefix("ERROR: ") else {
            masked.push_str(line);
            continue;
        };
        let (stamp, tail) = rest
            .split_once(" An error occurred: ")
            .unwrap_or_else(|| panic!("ERROR line without a timestamp: {line:?}"));
        let (whole, fraction) = stamp.split_once('.').unwrap_or((stamp, "000000"));
        let shape = |s: &str, pattern: &str| {
            s.len() == pattern.len()
                && s.chars()
                    .zip(pattern.chars())
                    .all(|(c, p)| if p == 'd' { c.is_ascii_digit() } else { c == p })
        };
        assert!(
            shape(whole, "dddd-dd-dd dd:dd:dd") && shape(fraction, "dddddd"),
            "not a Python UTC timestamp: {stamp:?}"
        );
        masked.push_str(&format!("ERROR: [ts] An error occurred: {tail}"));
    }
    masked
}

/// The lines every `-o az` run without `-n` ends with, after the environment.
pub fn az_tail(middle: &str) -> String {
    format!(
        "WARNING: acr-health version: {}\nWARNING: Registry name must be provided to check connectivity.\n{middle}WARNING: \nPlease refer to https://aka.ms/acr/health-check for more information.\n",
        env!("CARGO_PKG_VERSION")
    )
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(out)))
}

/// The JSON check with `id` (the first, when a probe reported several lines).
pub fn check<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["checks"]
        .as_array()
        .expect("checks array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {doc:#}"))
}

/// Every JSON check with `id`.
pub fn checks<'a>(doc: &'a serde_json::Value, id: &str) -> Vec<&'a serde_json::Value> {
    doc["checks"]
        .as_array()
        .expect("checks array")
        .iter()
        .filter(|c| c["id"] == id)
        .collect()
}

/// True when CI promised the real components (`ACR_HEALTH_REQUIRE_REAL=1`):
/// a test that cannot find them then fails instead of skipping.
fn require_real() -> bool {
    std::env::var("ACR_HEALTH_REQUIRE_REAL").is_ok_and(|v| v == "1")
}

/// Skips loudly on a developer machine; fails in CI.
pub fn skip_or_fail(what: &str, why: &str) {
    if require_real() {
        panic!("ACR_HEALTH_REQUIRE_REAL=1 but {why}");
    }
    // Straight to stderr: libtest captures eprintln!, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED ({what}): {why}; run scripts/test.sh to use the real one"
    );
}

/// The real dockerd and registry that scripts/real-services.sh started.
pub struct RealServices {
    /// `unix:///tmp/…/docker.sock`
    pub docker_host: String,
    /// `127.0.0.1:PORT`
    pub registry: String,
    /// `127.0.0.1:PORT/acr-health/hello:latest`, pushed there.
    pub image: String,
    /// The docker client to use.
    pub docker: PathBuf,
}

pub fn real_services() -> Option<RealServices> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (Some(docker_host), Some(registry), Some(image)) = (
        var("ACR_HEALTH_TEST_DOCKER_HOST"),
        var("ACR_HEALTH_TEST_REGISTRY"),
        var("ACR_HEALTH_TEST_IMAGE"),
    ) else {
        skip_or_fail(
            "no real dockerd",
            "ACR_HEALTH_TEST_DOCKER_HOST / _REGISTRY / _IMAGE are not set",
        );
        return None;
    };
    let docker = real_program("docker")?;
    Some(RealServices {
        docker_host,
        registry,
        image,
        docker,
    })
}

/// A real program on the test process's own PATH.
pub fn real_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .map(|d| d.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        });
    if found.is_none() {
        skip_or_fail(
            &format!("no real {name}"),
            &format!("{name} is not on PATH"),
        );
    }
    found
}

/// Whether a process is gone (exited, or a zombie waiting to be reaped).
pub fn process_gone(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
    }
}
