//! The one test harness every integration test runs through: a command
//! builder (`Cmd`) that starts acr-health from an empty environment, a running
//! simulator (`SimRun`), fake programs on PATH (`FakeBin`), the real dockerd
//! and registry when CI started them, and a finished `Run` to assert on.
//!
//! Every run, whatever test started it, is checked for two things: that the
//! binary did not panic (exit status 101 or the panic hook's marker), and that
//! no secret the test handed it, nor anything JWT- or SAS-shaped, was printed.
//!
//! The harness builds and runs on Linux, macOS and Windows (ci.yml). Fake
//! programs are `#!/bin/sh` bodies everywhere (`FakeBin::script`,
//! `Cmd::fake_bin`): on Windows `write_script` puts the body in `NAME.sh`
//! beside a `NAME.cmd` that runs it with Git for Windows' `sh.exe`, so
//! acr-health finds the fake through PATHEXT as it finds `az.cmd`. What
//! only Unix has is `#[cfg(unix)]`: a run in its own process group, a
//! limit on open files, `process_gone`. A test that needs one of them, or
//! whose fake relies on Unix itself, is `#[cfg(unix)]` and says why
//! (docs/install.md lists them).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use acr_sim::azure_cli::{Fixture, Login};
use acr_sim::{LoggedRequest, Scenario, Server, Sim, SimOptions};
use tempfile::TempDir;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_acr-health"))
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<&Output> for Run {
    fn from(out: &Output) -> Self {
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// stdout and stderr together, for "appears anywhere" checks.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts a text-mode error block for `code` with `message`, and exit status 1.
    pub fn assert_error(&self, code: &str, message: &str) -> &Self {
        assert_eq!(self.status, 1, "exit status\n{}", self.all());
        assert!(
            self.stdout
                .contains(&format!("An error occurred: {code}\n{message}")),
            "expected {code} with message {message:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.all().contains(needle),
            "expected {needle:?} in\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.all().contains(needle),
            "did not expect {needle:?} in\n{}",
            self.all()
        );
        self
    }

    /// The checks every run gets: no panic, no secret printed (`user` is
    /// the `-u` value, for the base64 of `user:password`).
    fn assert_clean(&self, secrets: &[String], user: Option<&str>) {
        assert!(
            self.status != 101 && !self.stderr.contains(acr_health::app::run::PANIC_MARKER),
            "the binary panicked (exit status {}):\n{}",
            self.status,
            self.all()
        );
        let all = self.all();
        // Very short values would match ordinary words; real secrets are long.
        for s in secrets.iter().filter(|s| s.len() >= 8) {
            assert!(
                !all.contains(s.as_str()),
                "a secret leaked into the output:\n{all}"
            );
        }
        // Nor any 8 characters in a row of one, in any shape it may be
        // echoed in: every truncation point and every encoding.
        for s in secrets.iter().filter(|s| s.chars().count() >= 8) {
            if let Some(leak) = leaked_fragment(&all, s, user) {
                panic!("8+ characters of a secret leaked into the output ({leak:?}):\n{all}");
            }
        }
        // Nor the SAS signature of a blob redirect.
        assert!(!all.contains("sig="), "a SAS signature was printed:\n{all}");
        // Tokens the simulator issues are JWTs; none may be printed either.
        assert!(
            !all.contains("eyJ"),
            "something that looks like a JWT was printed:\n{all}"
        );
    }
}

/// Environment variables whose values are secrets wherever a test sets them.
const SECRET_VARS: &[&str] = &[
    "ACR_HEALTH_AAD_TOKEN",
    "AZURE_CLIENT_SECRET",
    "IDENTITY_HEADER",
];

/// The variables that turn on CI annotations and the step summary; no run
/// inherits them, only a test that sets them has them.
pub const CI_ENV: [&str; 3] = ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TF_BUILD"];

/// One invocation of acr-health: exactly these arguments, this environment
/// (nothing inherited from the test process), this stdin and working dir.
#[derive(Clone, Debug, Default)]
pub struct Cmd {
    pub args: Vec<String>,
    pub env: BTreeMap<String, String>,
    stdin: Option<String>,
    cwd: Option<PathBuf>,
    /// Where `fake_bin` writes: the directory that is the run's PATH.
    bin_dir: Option<PathBuf>,
    /// Values that must never appear in the output, beyond the ones the
    /// command line and environment reveal by themselves.
    secrets: Vec<String>,
    /// Set by `SimRun::check`, for `via_arm`.
    arm: Option<ArmTarget>,
    /// `open_files`: the soft and hard limit on open files the binary gets.
    open_files: Option<u64>,
}

#[derive(Clone, Debug)]
struct ArmTarget {
    endpoint: String,
    subscription: String,
    resource_group: String,
}

/// `acr-health` with an empty environment: no PATH, no HOME, no colour, no
/// Azure CLI config to pick a cloud from, not in a container, and none of the CI variables
/// (`GITHUB_ACTIONS`, `TF_BUILD`, …) of the machine running the tests.
pub fn acr_health() -> Cmd {
    Cmd::default()
        .env("NO_COLOR", "1")
        .env("AZURE_CONFIG_DIR", "/nonexistent/acr-health-tests")
        // Whether the machine running the tests is a container is not theirs to see.
        .env("ACR_HEALTH_CONTAINER", "0")
}

impl Cmd {
    pub fn arg(mut self, a: impl AsRef<str>) -> Self {
        self.args.push(a.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, list: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(list.into_iter().map(|s| s.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<OsStr>) -> Self {
        self.env
            .insert(k.into(), v.as_ref().to_string_lossy().into_owned());
        self
    }

    pub fn without_env(mut self, k: &str) -> Self {
        self.env.remove(k);
        self
    }

    /// No service principal: the chain must find another source.
    pub fn without_service_principal(self) -> Self {
        self.without_env("AZURE_CLIENT_SECRET")
    }

    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    pub fn stdin(mut self, s: &str) -> Self {
        self.stdin = Some(s.into());
        self
    }

    /// A value that must never be printed (beyond `-p`, stdin and the
    /// secret environment variables, which are always checked).
    pub fn secret(mut self, s: impl Into<String>) -> Self {
        self.secrets.push(s.into());
        self
    }

    /// Writes an executable script into the run's PATH directory (a
    /// `#!/bin/sh` body; `write_script` says how it runs on Windows).
    pub fn fake_bin(self, name: &str, script: &str) -> Self {
        let dir = self
            .bin_dir
            .clone()
            .expect("fake_bin needs a run with its own PATH dir (SimRun::check or FakeBin::check)");
        write_script(&dir.join(name), script);
        self
    }

    /// The command without `flag` and its value.
    pub fn without(mut self, flag: &str) -> Self {
        let i = self.args.iter().position(|a| a == flag).unwrap();
        self.args.drain(i..i + 2);
        self
    }

    /// Replaces the `-n` value (a registry name instead of the login server).
    pub fn name(mut self, n: &str) -> Self {
        let i = self.args.iter().position(|a| a == "-n").unwrap();
        self.args[i + 1] = n.into();
        self
    }

    /// By registry name, with the login server read from the simulated ARM.
    pub fn via_arm(self) -> Self {
        let arm = self.arm.clone().expect("via_arm needs SimRun::check");
        self.name("simregistry")
            .args([
                "--subscription",
                &arm.subscription,
                "-g",
                &arm.resource_group,
            ])
            .env("ACR_HEALTH_ARM_ENDPOINT", &arm.endpoint)
    }

    /// Replaces `--timeout 3s`.
    pub fn timeout(mut self, t: &str) -> Self {
        let i = self.args.iter().position(|a| a == "--timeout").unwrap();
        self.args[i + 1] = t.into();
        self
    }

    /// Every value this run must not print.
    fn all_secrets(&self) -> Vec<String> {
        let mut secrets = self.secrets.clone();
        secrets.extend(SECRET_VARS.iter().filter_map(|k| self.env.get(*k).cloned()));
        if let Some(i) = self
            .args
            .iter()
            .position(|a| a == "-p" || a == "--password")
        {
            secrets.extend(self.args.get(i + 1).cloned());
        }
        secrets.extend(self.stdin.as_ref().map(|s| s.trim().to_owned()));
        secrets
    }

    /// Starts the binary in a process group of its own, as a shell starts
    /// a foreground job (a terminal's Ctrl-C goes to that group), with
    /// stdout and stderr piped; `Started::finish` waits and checks the run.
    #[cfg(unix)]
    pub fn start_in_own_group(self) -> Started {
        use std::os::unix::process::CommandExt;
        let mut cmd = self.command();
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let child = cmd.spawn().expect("run acr-health");
        Started { child, cmd: self }
    }

    /// Runs the binary with soft = hard = `limit` open files (as
    /// `ulimit -n` would set them), so it cannot raise the soft one either.
    /// Unix only: elsewhere the run has the test process's limits.
    pub fn open_files(mut self, limit: u64) -> Self {
        self.open_files = Some(limit);
        self
    }

    fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        #[cfg(unix)]
        if let Some(limit) = self.open_files {
            use std::os::unix::process::CommandExt;
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            // SAFETY: setrlimit is async-signal-safe and only reads `lim`,
            // copied into the closure.
            unsafe {
                cmd.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        cmd.args(&self.args).env_clear();
        // Said explicitly (env_clear already drops them) so that no change
        // here lets the runner's own CI variables turn on annotations.
        for key in CI_ENV {
            cmd.env_remove(key);
        }
        cmd.envs(&self.env);
        // Windows cannot start networking in a process without SystemRoot
        // (Winsock loads its providers from there): the one variable of
        // the machine's a run keeps.
        #[cfg(windows)]
        if let Some(root) = std::env::var_os("SystemRoot") {
            cmd.env("SystemRoot", root);
        }
        // And what a fake program (`NAME.cmd`, write_script) needs: PATHEXT
        // for the lookup to find `.cmd` files as cmd.exe would, ComSpec for
        // the command interpreter. A test that sets either keeps its value.
        #[cfg(windows)]
        for key in ["PATHEXT", "ComSpec"] {
            if let (false, Some(value)) = (self.env.contains_key(key), std::env::var_os(key)) {
                cmd.env(key, value);
            }
        }
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        cmd
    }

    fn execute(&self) -> Output {
        let mut cmd = self.command();
        cmd.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run acr-health");
        if let Some(input) = &self.stdin {
            // The binary may exit before reading it all; that is its business.
            let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        self.check_clean(&out);
        out
    }

    fn check_clean(&self, out: &Output) {
        let user = self
            .args
            .iter()
            .position(|a| a == "-u" || a == "--username")
            .and_then(|i| self.args.get(i + 1));
        Run::from(out).assert_clean(&self.all_secrets(), user.map(String::as_str));
    }

    /// Runs the binary and checks the run (no panic, no leak).
    pub fn run(self) -> Run {
        Run::from(&self.execute())
    }

    /// The same, as the raw process output (for byte-level assertions).
    pub fn output(self) -> std::io::Result<Output> {
        Ok(self.execute())
    }

    /// Runs the binary (an `-o az` run) and returns the run and its `-o az`
    /// stream with timestamps masked (`az_stream`).
    pub fn run_az(self) -> (Run, String) {
        let out = self.execute();
        (Run::from(&out), az_stream(&out))
    }
}

/// A binary started by `Cmd::start_in_own_group`, still running.
pub struct Started {
    pub child: std::process::Child,
    cmd: Cmd,
}

impl Started {
    /// Its process id, which is also its process group's.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for it to exit and checks the run (no panic, no leak).
    pub fn finish(self) -> Run {
        let out = self.child.wait_with_output().unwrap();
        self.cmd.check_clean(&out);
        Run::from(&out)
    }
}

/// Writes an executable `#!/bin/sh` script with `body`; returns the path
/// to run it by.
#[cfg(unix)]
pub fn write_script(path: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// Writes `body` to `PATH.sh` and a `PATH.cmd` that runs it with Git for
/// Windows' `sh.exe` (bash in POSIX mode, where `/bin/cat` and friends
/// exist), passing the arguments on and exiting with its status; returns
/// the `.cmd`, which is what acr-health finds for `PATH`'s name through
/// PATHEXT and runs through cmd.exe, as it runs `az.cmd`.
#[cfg(windows)]
pub fn write_script(path: &Path, body: &str) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let with = |ext: &str| path.with_file_name(format!("{name}.{ext}"));
    fs::write(with("sh"), format!("#!/bin/sh\n{body}\n")).unwrap();
    let launcher = format!(
        "@echo off\r\n\"{}\" \"%~dp0{name}.sh\" %*\r\nexit /b %ERRORLEVEL%\r\n",
        git_sh().display()
    );
    fs::write(with("cmd"), launcher).unwrap();
    with("cmd")
}

/// Git for Windows' `sh.exe`: `ACR_HEALTH_TEST_SH` when set, else the one
/// beside the `git.exe` on the test process's PATH (`Git\cmd\git.exe` →
/// `Git\bin\sh.exe`), else the default install's.
#[cfg(windows)]
fn git_sh() -> &'static Path {
    static SH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SH.get_or_init(|| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::var_os("ACR_HEALTH_TEST_SH")
            .map(PathBuf::from)
            .into_iter()
            .chain(
                std::env::split_paths(&path)
                    .filter(|d| d.join("git.exe").is_file())
                    .filter_map(|d| d.parent().map(|git| git.join("bin").join("sh.exe"))),
            )
            .chain([PathBuf::from(r"C:\Program Files\Git\bin\sh.exe")])
            .find(|p| p.is_file())
            .expect("fake programs on Windows need Git for Windows' sh.exe (or ACR_HEALTH_TEST_SH)")
    })
}

/// A program that is looked at, never run: an executable file at `path`
/// (a script that exits 0 on Unix; any file is a program to Windows'
/// lookup, which has no executable bit).
pub fn write_program_stub(path: &Path) -> PathBuf {
    #[cfg(unix)]
    return write_script(path, "exit 0");
    #[cfg(not(unix))]
    {
        fs::write(path, b"").unwrap();
        path.to_path_buf()
    }
}

/// A loopback port nothing listens on (bound, then closed).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The scopes az asks Entra ID for: the registry's and ARM's.
pub const ACR_SCOPE: &str = "https://containerregistry.azure.net/.default";
pub const ARM_SCOPE: &str = "https://management.core.windows.net//.default";

/// The `-o az` stream of a healthy run at `ls` (az's lines, our version
/// line first).
pub fn healthy_az_stream(ls: &str) -> String {
    healthy_az_stream_after_version(ls, "")
}

/// The same with `after_version` after the version line.
pub fn healthy_az_stream_after_version(ls: &str, after_version: &str) -> String {
    format!(
        "WARNING: acr-health version: {v}\n{after_version}\
         WARNING: DNS lookup to {ls} at IP 127.0.0.1 : OK\n\
         WARNING: Challenge endpoint https://{ls}/v2/ : OK\n\
         WARNING: Fetch refresh token for registry '{ls}' : OK\n\
         WARNING: Fetch access token for registry '{ls}' : OK\n\
         WARNING: \n\
         Please refer to https://aka.ms/acr/health-check for more information.\n",
        v = env!("CARGO_PKG_VERSION")
    )
}

/// The body of a fake `az` whose `account get-access-token` prints
/// `acr_token` when asked for the registry's resource and `other_token` for
/// anything else (ARM), in az's JSON shape.
pub fn fake_az(acr_token: &str, other_token: &str) -> String {
    let answer =
        |t: &str| format!("echo '{{\"accessToken\": \"{t}\", \"tokenType\": \"Bearer\"}}'");
    format!(
        "case \"$*\" in\n  *containerregistry*) {} ;;\n  *) {} ;;\nesac",
        answer(acr_token),
        answer(other_token)
    )
}

/// A simulator and a temp dir holding its CA and anything a test writes.
pub struct SimRun {
    pub sim: Sim,
    pub dir: TempDir,
    pub ca: PathBuf,
}

pub fn sim(scenario: &str) -> SimRun {
    let scenario: Scenario = scenario.parse().expect("scenario name");
    let sim = Sim::start_blocking(SimOptions {
        scenario,
        ..SimOptions::default()
    })
    .expect("start simulator");
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    fs::write(&ca, sim.ca_pem()).unwrap();
    SimRun { sim, dir, ca }
}

impl SimRun {
    /// `check -n <login server>` against the simulator, signed in as its
    /// service principal, environment checks skipped.
    pub fn check(&self) -> Cmd {
        // An empty PATH dir: no az, docker or helm from the host.
        let bin = self.dir.path().join("bin");
        fs::create_dir_all(&bin).unwrap();
        let mut cmd = acr_health()
            .env("PATH", &bin)
            .env("HOME", self.dir.path())
            .env("AZURE_CONFIG_DIR", self.dir.path().join("no-az"))
            .env("AZURE_AUTHORITY_HOST", self.sim.authority_host())
            // Never guess "Azure VM" from the machine running the tests, and
            // if IMDS is asked anyway, ask the simulator's.
            .env("ACR_HEALTH_AZURE_VM", "0")
            .env("ACR_HEALTH_IMDS_ENDPOINT", self.sim.imds_endpoint())
            .env("AZURE_TENANT_ID", self.sim.tenant_id())
            .env("AZURE_CLIENT_ID", self.sim.client_id())
            .env("AZURE_CLIENT_SECRET", self.sim.client_secret())
            .args([
                "check",
                "-n",
                &self.sim.login_server(),
                "--dns-server",
                &self.sim.dns_addr().to_string(),
                "--ca-cert",
                &self.ca.to_string_lossy(),
                "--skip",
                "environment",
                "--timeout",
                "3s",
            ]);
        // Every secret the simulator could have handed to the tool.
        for s in [
            self.sim.client_secret().to_owned(),
            self.sim.admin_password().to_owned(),
            self.sim.identity_header().to_owned(),
            self.sim.federated_token(),
        ] {
            cmd = cmd.secret(s);
        }
        cmd.bin_dir = Some(bin);
        cmd.arm = Some(ArmTarget {
            endpoint: self.sim.arm_endpoint(),
            subscription: self.sim.subscription_id().to_owned(),
            resource_group: self.sim.resource_group().to_owned(),
        });
        cmd
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.sim.requests()
    }

    /// Requests one of the simulator's servers saw.
    pub fn requests_from(&self, server: Server) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.server == server)
            .collect()
    }

    /// A developer who ran `az login` (the simulator's user, cached tokens
    /// for the registry and ARM), by registry name, with no AZURE_*
    /// credentials. The registered cloud's suffix carries the simulator's
    /// login port, so the login server the run builds from the name,
    /// `<name><suffix>`, is one the simulator serves, as `<name>.azurecr.io`
    /// is in Azure.
    pub fn az_login(&self) -> Cmd {
        let dir = self.dir.path().join("azure");
        Fixture::new(&self.sim, Login::User)
            .suffix_with_port()
            .cached_token(ACR_SCOPE, 3600)
            .cached_token(ARM_SCOPE, 3600)
            .write(&dir)
            .unwrap();
        self.check()
            .without_service_principal()
            .without_env("AZURE_TENANT_ID")
            .without_env("AZURE_CLIENT_ID")
            .name(self.sim.registry_name())
            .env("AZURE_CONFIG_DIR", &dir)
    }

    /// Requests to `path` on any server.
    pub fn requests_to(&self, path: &str) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
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

    /// `$TRACE` as the script's shell reads it: on Windows with forward
    /// slashes (`C:/…`), which sh.exe takes, where it would eat backslashes.
    fn render(&self, body: &str) -> String {
        let dir = self.dir.path().display().to_string();
        #[cfg(windows)]
        let dir = dir.replace('\\', "/");
        body.replace("$TRACE", &dir)
    }

    /// Puts a real program on the fake PATH under `name` (on Windows a
    /// copy, `NAME` plus the target's extension: a symbolic link needs a
    /// privilege the runner may not have).
    pub fn link(&self, name: &str, target: &Path) {
        #[cfg(unix)]
        std::os::unix::fs::symlink(target, self.bin().join(name)).unwrap();
        #[cfg(not(unix))]
        {
            let mut to = self.bin().join(name);
            if let Some(ext) = target.extension() {
                to.set_extension(ext);
            }
            fs::copy(target, to).unwrap();
        }
    }

    /// `acr-health check ARGS` with PATH = bin/ only, HOME = cwd = home/.
    pub fn check<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut cmd = acr_health()
            .env("PATH", self.bin())
            .env("HOME", self.home())
            .current_dir(self.home())
            .arg("check")
            .args(args);
        cmd.bin_dir = Some(self.bin());
        cmd
    }
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
/// so a test can compare the whole stream with az's bytes. An `ERROR:` line
/// without a code (one az raises itself) is kept as it is.
pub fn az_stream(out: &Output) -> String {
    let err = stderr(out);
    let mut masked = String::new();
    for line in err.split_inclusive('\n') {
        let Some(rest) = line.strip_prefix("ERROR: ") else {
            masked.push_str(line);
            continue;
        };
        // An error az raises itself (a refused `-n`, an unknown
        // subscription) is `ERROR: {message}`: no code, no timestamp.
        let Some((stamp, tail)) = rest.split_once(" An error occurred: ") else {
            masked.push_str(line);
            continue;
        };
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
    let [docker_host, registry, image] = real_vars(
        "no real dockerd",
        [
            "ACR_HEALTH_TEST_DOCKER_HOST",
            "ACR_HEALTH_TEST_REGISTRY",
            "ACR_HEALTH_TEST_IMAGE",
        ],
    )?;
    let docker = real_program("docker")?;
    Some(RealServices {
        docker_host,
        registry,
        image,
        docker,
    })
}

/// The values of `keys`, which scripts/real-services.sh sets when it
/// started a real service; when one is unset or empty, `what` is skipped
/// (or fails, in CI).
pub fn real_vars<const N: usize>(what: &str, keys: [&str; N]) -> Option<[String; N]> {
    let values = keys.map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    if values.iter().any(Option::is_none) {
        skip_or_fail(what, &format!("{} are not all set", keys.join(", ")));
        return None;
    }
    Some(values.map(Option::unwrap_or_default))
}

/// A real program on the test process's own PATH (`NAME.exe` on Windows).
pub fn real_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let found = std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .map(|d| d.join(&file))
        .find(|p| p.metadata().is_ok_and(|m| m.is_file() && executable(&m)));
    if found.is_none() {
        skip_or_fail(
            &format!("no real {name}"),
            &format!("{name} is not on PATH"),
        );
    }
    found
}

#[cfg(unix)]
fn executable(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn executable(_: &fs::Metadata) -> bool {
    true
}

/// Whether a process is gone (exited, or a zombie waiting to be reaped).
#[cfg(target_os = "linux")]
pub fn process_gone(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
    }
}

/// Whether a process is gone (exited, or a zombie waiting to be reaped):
/// without /proc, as `ps` sees it (no line, or state `Z`).
#[cfg(all(unix, not(target_os = "linux")))]
pub fn process_gone(pid: u32) -> bool {
    let out = std::process::Command::new("/bin/ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
        .expect("run ps");
    let state = String::from_utf8_lossy(&out.stdout);
    let state = state.trim();
    state.is_empty() || state.starts_with('Z')
}

/// The shapes a secret may come back in: raw, form-encoded, percent-encoded
/// (both hex cases), JSON-escaped, base64 (and base64 of `user:secret`).
/// Written here independently of the product's scrubber.
pub fn secret_shapes(secret: &str, user: Option<&str>) -> Vec<String> {
    use base64::Engine as _;
    let pct = |plus: bool, lower: bool| {
        let mut out = String::new();
        for b in secret.bytes() {
            match b {
                b' ' if plus => out.push('+'),
                b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => out.push(b as char),
                b if lower => out.push_str(&format!("%{b:02x}")),
                b => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    let json = serde_json::to_string(secret).unwrap();
    let mut shapes = vec![
        secret.to_owned(),
        pct(true, false),
        pct(true, true),
        pct(false, false),
        json[1..json.len() - 1].to_owned(),
        base64::engine::general_purpose::STANDARD.encode(secret),
    ];
    if let Some(u) = user {
        shapes.push(base64::engine::general_purpose::STANDARD.encode(format!("{u}:{secret}")));
    }
    shapes
}

/// The first run of 8 characters of any shape of `secret` found in `text`.
pub fn leaked_fragment(text: &str, secret: &str, user: Option<&str>) -> Option<String> {
    for shape in secret_shapes(secret, user) {
        let chars: Vec<char> = shape.chars().collect();
        for w in chars.windows(8) {
            let w: String = w.iter().collect();
            if text.contains(&w) {
                return Some(w);
            }
        }
    }
    None
}
