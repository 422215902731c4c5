//! The harness: a running simulator (`Sim`), a `check` invocation builder that
//! starts from an empty environment, and a finished `Run` to assert on.
//! Every run is checked for leaked secrets automatically.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use acr_sim::{LoggedRequest, Scenario, Sim, SimOptions};
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

impl Run {
    /// stdout and stderr together, for "appears anywhere" checks.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts an error block for `code` with `message` and the exit status.
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
}

/// Runs the binary with exactly `args`, `env` (nothing inherited) and `stdin`.
pub fn run_raw(
    args: &[String],
    env: &BTreeMap<String, String>,
    stdin: Option<&str>,
    cwd: Option<&Path>,
) -> Run {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(args).env_clear().envs(env);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run acr-health");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.all().contains("panicked") && !run.all().contains("internal error"),
        "the binary panicked:\n{}",
        run.all()
    );
    run
}

/// `acr-health ARGS` with an empty environment.
pub fn acr_health(args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    run_raw(&args, &BTreeMap::new(), None, None)
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
    std::fs::write(&ca, sim.ca_pem()).unwrap();
    SimRun { sim, dir, ca }
}

impl SimRun {
    /// `check -n <login server>` against the simulator, signed in as its
    /// service principal, environment checks skipped.
    pub fn check(&self) -> Check<'_> {
        let mut env = BTreeMap::new();
        // An empty PATH dir: no az, docker or helm from the host.
        let bin = self.dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        env.insert("PATH".into(), bin.to_string_lossy().into_owned());
        env.insert(
            "HOME".into(),
            self.dir.path().to_string_lossy().into_owned(),
        );
        env.insert(
            "AZURE_CONFIG_DIR".into(),
            self.dir.path().join("no-az").to_string_lossy().into_owned(),
        );
        env.insert("AZURE_AUTHORITY_HOST".into(), self.sim.authority_host());
        // Never guess "Azure VM" from the machine running the tests, and if
        // IMDS is asked anyway, ask the simulator's.
        env.insert("ACR_HEALTH_AZURE_VM".into(), "0".into());
        env.insert("ACR_HEALTH_IMDS_ENDPOINT".into(), self.sim.imds_endpoint());
        env.insert("AZURE_TENANT_ID".into(), self.sim.tenant_id().into());
        env.insert("AZURE_CLIENT_ID".into(), self.sim.client_id().into());
        env.insert(
            "AZURE_CLIENT_SECRET".into(),
            self.sim.client_secret().into(),
        );
        Check {
            run: self,
            args: vec![
                "check".into(),
                "-n".into(),
                self.sim.login_server(),
                "--dns-server".into(),
                self.sim.dns_addr().to_string(),
                "--ca-cert".into(),
                self.ca.to_string_lossy().into_owned(),
                "--skip".into(),
                "environment".into(),
                "--timeout".into(),
                "3s".into(),
            ],
            env,
            stdin: None,
        }
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.sim.requests()
    }

    /// Requests to `path` on any server.
    pub fn requests_to(&self, path: &str) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// Every secret the simulator could have handed to the tool.
    fn secrets(&self) -> Vec<String> {
        vec![
            self.sim.client_secret().to_owned(),
            self.sim.admin_password().to_owned(),
            self.sim.identity_header().to_owned(),
            self.sim.federated_token(),
        ]
    }
}

pub struct Check<'a> {
    run: &'a SimRun,
    pub args: Vec<String>,
    pub env: BTreeMap<String, String>,
    stdin: Option<String>,
}

impl Check<'_> {
    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn args(mut self, list: &[&str]) -> Self {
        self.args.extend(list.iter().map(|s| s.to_string()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.insert(k.into(), v.into());
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

    /// Writes an executable script into the run's PATH directory.
    pub fn fake_bin(self, name: &str, script: &str) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let path = self.run.dir.path().join("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        self
    }

    pub fn stdin(mut self, s: &str) -> Self {
        self.stdin = Some(s.into());
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
        let arm = self.run.sim.arm_endpoint();
        let (sub, rg) = (
            self.run.sim.subscription_id().to_owned(),
            self.run.sim.resource_group().to_owned(),
        );
        self.name("simregistry")
            .args(&["--subscription", &sub, "-g", &rg])
            .env("ACR_HEALTH_ARM_ENDPOINT", &arm)
    }

    /// Replaces `--timeout 3s`.
    pub fn timeout(mut self, t: &str) -> Self {
        let i = self.args.iter().position(|a| a == "--timeout").unwrap();
        self.args[i + 1] = t.into();
        self
    }

    pub fn run(self) -> Run {
        let run = run_raw(&self.args, &self.env, self.stdin.as_deref(), None);
        // Whatever happened, no secret may be printed, --debug included.
        let mut secrets = self.run.secrets();
        for key in [
            "ACR_HEALTH_AAD_TOKEN",
            "AZURE_CLIENT_SECRET",
            "IDENTITY_HEADER",
        ] {
            if let Some(v) = self.env.get(key) {
                secrets.push(v.clone());
            }
        }
        if let Some(i) = self.args.iter().position(|a| a == "-p") {
            secrets.push(self.args[i + 1].clone());
        }
        if let Some(s) = &self.stdin {
            secrets.push(s.trim().to_owned());
        }
        for s in secrets.iter().filter(|s| s.len() >= 8) {
            assert!(
                !run.all().contains(s.as_str()),
                "a secret leaked into the output:\n{}",
                run.all()
            );
        }
        // Nor any 8 characters in a row of one, in any shape it may be
        // echoed in: every truncation point and every encoding.
        let user = self
            .args
            .iter()
            .position(|a| a == "-u")
            .map(|i| self.args[i + 1].clone());
        for s in secrets.iter().filter(|s| s.chars().count() >= 8) {
            if let Some(leak) = leaked_fragment(&run.all(), s, user.as_deref()) {
                panic!(
                    "8+ characters of a secret leaked into the output ({leak:?}):\n{}",
                    run.all()
                );
            }
        }
        // Nor the SAS signature of a blob redirect.
        assert!(
            !run.all().contains("sig="),
            "a SAS signature was printed:\n{}",
            run.all()
        );
        // Tokens the simulator issued are JWTs; none may be printed either.
        assert!(
            !run.all().contains("eyJ"),
            "something that looks like a JWT was printed:\n{}",
            run.all()
        );
        run
    }
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
