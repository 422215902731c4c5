//! Signals end what we started (docs/security.md, behaviour.md §5): SIGINT
//! (a terminal's Ctrl-C), SIGTERM and SIGHUP end every child's process
//! group, the report is completed with the unfinished steps marked, and
//! the exit status is 128 + the signal's number.

#![cfg(unix)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::*;

/// Waits up to 10 s for `path` to hold a pid.
fn pid_in(path: &Path) -> u32 {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(pid) = std::fs::read_to_string(path)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            Instant::now() < until,
            "{} was never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn gone_soon(pid: u32) -> bool {
    let until = Instant::now() + Duration::from_secs(5);
    while !process_gone(pid) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    process_gone(pid)
}

/// `docker ps` hangs with a grandchild beside it (both in the child's own
/// process group, as every child of ours is); the signal goes to the
/// binary's process group, as a terminal sends Ctrl-C to its foreground job.
fn interrupted_by(signal: i32, name: &str, status: i32) {
    let fake = FakeBin::new();
    let ps = fake.path("ps.pid");
    let grandchild = fake.path("grandchild.pid");
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) /bin/sleep 300 & echo $! > '{}'; echo $$ > '{}'; exec /bin/sleep 300 ;;
  version) echo '{{"Client":{{"Version":"27.1.1"}}}}' ;;
  *) exit 1 ;;
esac"#,
            grandchild.display(),
            ps.display()
        ),
    );
    let started = fake
        .check(["--skip", "helm,notary", "--timeout", "120s"])
        .start_in_own_group();
    // The hazard is real: both are running before the signal.
    let (ps, grandchild) = (pid_in(&ps), pid_in(&grandchild));
    assert!(!process_gone(ps) && !process_gone(grandchild));
    // SAFETY: kill(2) with a negative pid signals that process group.
    let sent = unsafe { libc::kill(-(started.pid() as i32), signal) };
    assert_eq!(sent, 0);
    let t = Instant::now();
    let run = started.finish();
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    assert_eq!(run.status, status, "{}", run.all());
    run.assert_contains(&format!(
        "Skipped: Docker daemon (not finished: the run was interrupted ({name}) while it ran)"
    ))
    .assert_contains("acr-health version:")
    .assert_contains(&format!(
        "Interrupted by {name}: the checks still running were stopped"
    ));
    assert!(gone_soon(ps), "docker ps ({ps}) survived {name}");
    assert!(
        gone_soon(grandchild),
        "its grandchild ({grandchild}) survived {name}"
    );
}

#[test]
fn ctrl_c_ends_every_child_and_exits_130() {
    interrupted_by(libc::SIGINT, "SIGINT", 130);
}

#[test]
fn sigterm_ends_every_child_and_exits_143() {
    interrupted_by(libc::SIGTERM, "SIGTERM", 143);
}

#[test]
fn sighup_ends_every_child_and_exits_129() {
    interrupted_by(libc::SIGHUP, "SIGHUP", 129);
}

/// JSON says the same: the step is skipped as interrupted and the document
/// carries the exit status.
#[test]
fn an_interrupted_json_report_is_complete() {
    let fake = FakeBin::new();
    let ps = fake.path("ps.pid");
    fake.script(
        "docker",
        &format!(
            r#"case "$1" in
  ps) echo $$ > '{}'; exec /bin/sleep 300 ;;
  *) exit 1 ;;
esac"#,
            ps.display()
        ),
    );
    let started = fake
        .check(["--skip", "helm,notary", "-o", "json", "--timeout", "120s"])
        .start_in_own_group();
    let ps = pid_in(&ps);
    // SAFETY: as above.
    unsafe { libc::kill(-(started.pid() as i32), libc::SIGINT) };
    let run = started.finish();
    assert_eq!(run.status, 130, "{}", run.all());
    let doc = run.json();
    assert_eq!(doc["exitStatus"], 130);
    assert_eq!(check(&doc, "docker.daemon")["status"], "skipped");
    assert!(gone_soon(ps));
}
