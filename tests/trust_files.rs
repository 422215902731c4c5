//! Files that are not files (issue 26, item 1): a FIFO where the tool looks
//! for az's `config`, `clouds.config`, `azureProfile.json`, docker's
//! `config.json`, a federated token or the CI step summary. Each test first
//! shows the hazard is real (a plain open of that FIFO waits for ever), then
//! that the tool names the path in a finding or warning, within the step's
//! timeout, with the status documented, and that the process ends with its
//! report.
//!
//! Unix only: FIFOs, and the non-blocking opens that guard against them,
//! are Unix's (Windows has no FIFO in the file system).

#![cfg(unix)]

use std::fs::OpenOptions;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::*;

/// The step timeout these runs get; each must end well inside it.
const STEP_TIMEOUT: &str = "10s";
const STEP_TIMEOUT_SECS: u64 = 10;

fn mkfifo(path: &Path) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo touches nothing else.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    path.to_owned()
}

/// The hazard: opening the FIFO as a plain reader (or, `for_writing`, a
/// plain writer) does, az's Python included, waits for the other end for
/// ever. Shown on a thread, then released by opening the other end.
fn assert_a_plain_open_blocks(path: &Path, for_writing: bool) {
    let (tx, rx) = mpsc::channel();
    let p = path.to_owned();
    let opener = std::thread::spawn(move || {
        let opened = OpenOptions::new()
            .read(!for_writing)
            .append(for_writing)
            .open(&p);
        let _ = tx.send(opened.is_ok());
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "a plain open of {} returned at once: no hazard shown",
        path.display()
    );
    // The other end, without waiting (its partner is there), then gone.
    let other = OpenOptions::new()
        .read(for_writing)
        .write(!for_writing)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .expect("open the FIFO's other end");
    drop(other);
    opener.join().unwrap();
    assert!(rx.recv().unwrap(), "the plain open ended once released");
}

/// Runs `cmd` and waits for it to end, at most the step timeout: a run
/// that waits on a FIFO is killed (with its process group) and fails the
/// test instead of hanging it.
fn run_within_the_step_timeout(cmd: Cmd) -> Run {
    let started = Instant::now();
    let mut running = cmd.timeout(STEP_TIMEOUT).start_in_own_group();
    let limit = Duration::from_secs(STEP_TIMEOUT_SECS);
    while running.child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            // SAFETY: kill(2) on the process group this test started.
            unsafe { libc::kill(-(running.pid() as i32), libc::SIGKILL) };
            let _ = running.child.wait();
            panic!("the run was still going after {limit:?}: it waited on a file");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    running.finish()
}

/// az's config dir of a `SimCloud` user: `config` names the cloud,
/// `clouds.config` registers it (either may be replaced by a FIFO).
fn az_dir(s: &SimRun) -> PathBuf {
    let dir = s.dir.path().join("az");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_fifo_as_az_config_is_named_and_never_waited_on() {
    let s = sim("healthy");
    let dir = az_dir(&s);
    let config = mkfifo(&dir.join("config"));
    assert_a_plain_open_blocks(&config, false);
    let warning = format!(
        "az's configuration file {} is a FIFO, not a file, and was not read; none of its settings (the cloud, defaults) apply",
        config.display()
    );
    let run = run_within_the_step_timeout(s.check().env("AZURE_CONFIG_DIR", &dir));
    assert_eq!(run.status, 0, "warnings only\n{}", run.all());
    run.assert_contains(&warning);
    // az's stream: az itself would wait on it for ever; the warning is its
    // first line here.
    let run =
        run_within_the_step_timeout(s.check().env("AZURE_CONFIG_DIR", &dir).args(["-o", "az"]));
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(
        run.stderr.starts_with(&format!("WARNING: {warning}\n")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_as_clouds_config_is_named_and_never_waited_on() {
    let s = sim("healthy");
    let dir = az_dir(&s);
    std::fs::write(dir.join("config"), "[cloud]\nname = SimCloud\n").unwrap();
    let clouds = mkfifo(&dir.join("clouds.config"));
    assert_a_plain_open_blocks(&clouds, false);
    let run = run_within_the_step_timeout(s.check().env("AZURE_CONFIG_DIR", &dir));
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "az's configuration file {} is a FIFO, not a file, and was not read; cloud 'SimCloud' has none of the endpoints or the registry suffix it registers",
        clouds.display()
    ));
}

#[test]
fn a_fifo_as_az_profile_is_named_by_the_credential_step() {
    let s = sim("healthy");
    let dir = az_dir(&s);
    let profile = mkfifo(&dir.join("azureProfile.json"));
    assert_a_plain_open_blocks(&profile, false);
    // The Azure CLI login is the credential; its files cannot serve and
    // there is no az to run.
    let run = run_within_the_step_timeout(
        s.check()
            .without_service_principal()
            .env("AZURE_CONFIG_DIR", &dir),
    );
    assert_eq!(run.status, 1, "{}", run.all());
    run.assert_contains("An error occurred: CREDENTIAL_ERROR")
        .assert_contains(&format!(
            "cannot read {}: is a FIFO, not a file",
            profile.display()
        ));
}

#[test]
fn a_fifo_as_the_federated_token_file_is_a_credential_error_naming_it() {
    let s = sim("healthy");
    let token = mkfifo(&s.dir.path().join("federated-token"));
    assert_a_plain_open_blocks(&token, false);
    let run = run_within_the_step_timeout(
        s.check()
            .without_service_principal()
            .env("AZURE_FEDERATED_TOKEN_FILE", &token),
    );
    assert_eq!(run.status, 1, "{}", run.all());
    run.assert_contains("An error occurred: CREDENTIAL_ERROR")
        .assert_contains(&format!(
            "workload identity: cannot read AZURE_FEDERATED_TOKEN_FILE '{}': is a FIFO, not a file.",
            token.display()
        ));
}

#[test]
fn a_fifo_as_docker_config_is_named_by_the_docker_login_step() {
    let s = sim("healthy");
    // The run's HOME is the sim's dir: docker's config is under it.
    let config = mkfifo(&s.dir.path().join(".docker/config.json"));
    assert_a_plain_open_blocks(&config, false);
    let run = run_within_the_step_timeout(s.check());
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&config.display().to_string())
        .assert_contains("it cannot be read (is a FIFO, not a file)");
}

/// The one file written: GitHub's step summary. Opening a FIFO to write
/// waits for a reader for ever, after the report is printed.
#[test]
fn a_fifo_as_the_step_summary_is_named_and_the_process_still_ends() {
    let s = sim("healthy");
    let summary = mkfifo(&s.dir.path().join("step-summary"));
    assert_a_plain_open_blocks(&summary, true);
    let run = run_within_the_step_timeout(
        s.check()
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary),
    );
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Fetch access token for registry");
    run.assert_contains(&format!(
        "acr-health: could not write the step summary to {}: is a FIFO, not a file",
        summary.display()
    ));
}
