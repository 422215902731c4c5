//! Finding and running the outside programs the environment checks call
//! (docker, helm, notary): never from the current directory, always with a
//! timeout that kills the whole process tree, output size-capped.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::sys::env::Env;

/// At most this much of a child's stdout and of its stderr is kept.
pub const OUTPUT_CAP: usize = 1024 * 1024;

/// A program found on PATH (or named by absolute path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// How the user would type it in the command we print (`docker`, or the
    /// absolute path from DOCKER_COMMAND).
    pub name: String,
    /// The file that runs.
    pub path: PathBuf,
}

/// Why a program could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    /// Not on PATH at all.
    #[error("'{name}' was not found on PATH")]
    Missing { name: String },
    /// Only found in the current directory (or through a relative PATH
    /// entry), which we refuse: a planted `./docker` must not run.
    #[error(
        "'{name}' was found only at {}, in the current directory; acr-health does not run programs from there",
        .path.display()
    )]
    InCurrentDir { name: String, path: PathBuf },
    /// A relative path with a slash (`./docker`, `bin/docker`).
    #[error("'{name}' is a relative path; give an absolute path or a name to look up on PATH")]
    RelativePath { name: String },
    /// An absolute path that is not an executable file.
    #[error("{} is not an executable file", .path.display())]
    NotExecutable { path: PathBuf },
}

/// Looks `name` up on `env`'s PATH. An absolute path is used as is; a
/// relative path with a slash is refused; PATH entries that are relative
/// (`.`, empty, `bin`) or point at the current directory are passed over.
pub fn find(name: &str, env: &Env) -> Result<Program, NotFound> {
    let as_path = Path::new(name);
    if as_path.is_absolute() {
        return if is_executable(as_path) {
            Ok(Program {
                name: name.to_owned(),
                path: as_path.to_path_buf(),
            })
        } else {
            Err(NotFound::NotExecutable {
                path: as_path.to_path_buf(),
            })
        };
    }
    if name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) {
        return Err(NotFound::RelativePath {
            name: name.to_owned(),
        });
    }
    let cwd = std::env::current_dir().ok();
    let cwd_real = cwd.as_ref().and_then(|c| c.canonicalize().ok());
    let path_var = env.get("PATH").unwrap_or("");
    #[cfg(windows)]
    let names = with_pathext(name, env.get("PATHEXT"));
    #[cfg(not(windows))]
    let names = [name.to_owned()];
    let mut refused = None;
    for dir in std::env::split_paths(OsStr::new(path_var)) {
        let unsafe_dir =
            !dir.is_absolute() || (cwd_real.is_some() && dir.canonicalize().ok() == cwd_real);
        // Per directory, each PATHEXT extension in turn, as cmd.exe looks.
        let Some(found) = names
            .iter()
            .find_map(|n| which::which_in(n, Some(&dir), cwd.as_deref().unwrap_or(&dir)).ok())
        else {
            continue;
        };
        if unsafe_dir {
            refused.get_or_insert(found);
            continue;
        }
        return Ok(Program {
            name: name.to_owned(),
            path: found,
        });
    }
    Err(match refused {
        Some(path) => NotFound::InCurrentDir {
            name: name.to_owned(),
            path,
        },
        None => NotFound::Missing {
            name: name.to_owned(),
        },
    })
}

/// The file names Windows would run for `name`: `docker` is `docker.COM`,
/// `docker.EXE`, ... in `PATHEXT` order (taken from our `Env`, so tests and
/// the lookup agree; Windows' own default when it is unset); a name that
/// already ends in one of those extensions is used as it is.
#[cfg_attr(not(windows), allow(dead_code))]
fn with_pathext(name: &str, pathext: Option<&str>) -> Vec<String> {
    let exts: Vec<&str> = pathext
        .unwrap_or(".COM;.EXE;.BAT;.CMD")
        .split(';')
        .map(str::trim)
        .filter(|e| e.starts_with('.') && e.len() > 1)
        .collect();
    let lower = name.to_ascii_lowercase();
    if exts
        .iter()
        .any(|e| lower.ends_with(&e.to_ascii_lowercase()))
    {
        return vec![name.to_owned()];
    }
    exts.iter().map(|e| format!("{name}{e}")).collect()
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// What a finished (or stopped) child left behind.
#[derive(Clone, Debug)]
pub struct Output {
    /// None when the child was killed at the timeout.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    /// The child did not finish within the timeout; it and every process it
    /// started were killed.
    pub timed_out: bool,
}

impl Output {
    pub fn success(&self) -> bool {
        !self.timed_out && self.status.is_some_and(|s| s.success())
    }

    /// stderr without trailing whitespace, as az shows it.
    pub fn stderr_trimmed(&self) -> &str {
        self.stderr.trim_end()
    }

    /// az's rule: a child's stderr that starts with "warning" is a warning
    /// to pass on, not a failure.
    pub fn stderr_warning(&self) -> Option<&str> {
        let s = self.stderr_trimmed();
        s.get(..7)
            .filter(|p| p.eq_ignore_ascii_case("warning"))
            .map(|_| s)
    }
}

/// The command line as we print it in messages (`docker pull IMAGE`), with
/// arguments quoted for a POSIX shell where needed so it can be pasted.
pub fn display(program: &Program, args: &[&str]) -> String {
    std::iter::once(program.name.as_str())
        .chain(args.iter().copied())
        .map(shell_quote)
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Runs `program args` with stdin closed, in its own process group, and
/// waits at most `timeout`. On timeout the whole group is killed (a docker
/// plugin or a shell wrapper's children go too) and `timed_out` is set; the
/// group is also killed if this future is dropped (strict mode cancelling).
///
/// The child inherits our environment, with PATH taken from `env` so that
/// the lookup and the child agree.
pub async fn run(
    program: &Program,
    args: &[&str],
    env: &Env,
    timeout: Duration,
) -> std::io::Result<Output> {
    let mut cmd = tokio::process::Command::new(&program.path);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // On Unix the child leads its own group, which GroupKiller ends
        // (or, after a signal, terminate_all, with SIGTERM first).
        .kill_on_drop(!cfg!(unix));
    if let Some(path) = env.get("PATH") {
        cmd.env("PATH", path);
    }
    #[cfg(unix)]
    cmd.process_group(0);
    // No descriptor left for the child's pipes is ours (sys::limits).
    let mut child = cmd.spawn().map_err(crate::sys::limits::note)?;
    #[cfg(unix)]
    let mut group = GroupKiller::new(child.id());
    #[cfg(windows)]
    let mut group = GroupKiller::new(child.raw_handle());
    #[cfg(not(any(unix, windows)))]
    let mut group = GroupKiller::new();

    let mut stdout = tokio::spawn(read_capped(child.stdout.take()));
    let mut stderr = tokio::spawn(read_capped(child.stderr.take()));
    // Finished means: the child exited and both pipes reached end of file.
    let finished = tokio::time::timeout(timeout, async {
        let status = child.wait().await;
        let out = (&mut stdout).await.unwrap_or_default();
        let err = (&mut stderr).await.unwrap_or_default();
        (status, out, err)
    })
    .await;
    if let Ok((status, out, err)) = finished {
        group.disarm();
        return Ok(Output {
            status: Some(status?),
            stdout: lossy(out),
            stderr: lossy(err),
            timed_out: false,
        });
    }

    group.kill();
    let _ = child.start_kill();
    let grace = Duration::from_millis(500);
    let _ = tokio::time::timeout(grace, child.wait()).await;
    // With every process of the group gone the pipes close; keep what came.
    let stdout = partial(stdout, grace).await;
    let stderr = partial(stderr, grace).await;
    Ok(Output {
        status: None,
        stdout,
        stderr,
        timed_out: true,
    })
}

/// What a reader task got before the group died; given up after `grace`.
async fn partial(mut task: tokio::task::JoinHandle<Vec<u8>>, grace: Duration) -> String {
    match tokio::time::timeout(grace, &mut task).await {
        Ok(Ok(bytes)) => lossy(bytes),
        _ => {
            task.abort();
            String::new()
        }
    }
}

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Kills a child's whole process tree when dropped, unless disarmed: on
/// Unix the process group the child leads, on Windows a job object the
/// child was put in right after it started (its descendants join the job
/// as they are created). On Windows the job also kills its processes when
/// its last handle closes (`JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`): if
/// acr-health itself ends in any way, Windows closes the handle, so no
/// child outlives it; disarming lifts that limit first.
struct GroupKiller {
    #[cfg(unix)]
    pgid: Option<u32>,
    /// The job's HANDLE, kept as an integer so the future stays `Send`.
    #[cfg(windows)]
    job: Option<isize>,
}

/// The process groups of the children still running, for
/// [`terminate_all`] when a signal ends the run.
#[cfg(unix)]
static LIVE_GROUPS: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());

/// Set once a signal interrupts the run: from then on a dropped run leaves
/// its child's group to [`terminate_all`], which sends SIGTERM first,
/// instead of killing it at once.
static TERMINATING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called when a signal interrupts the run, before the run is told: its
/// children are ended by [`terminate_all`] (TERM, then KILL), not by the
/// SIGKILL a cancelled run would send.
pub fn leave_children_to_terminate_all() {
    TERMINATING.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[cfg(unix)]
fn live_groups() -> std::sync::MutexGuard<'static, Vec<i32>> {
    LIVE_GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(unix)]
impl GroupKiller {
    fn new(pgid: Option<u32>) -> Self {
        if let Some(g) = pgid.and_then(|p| i32::try_from(p).ok()) {
            live_groups().push(g);
        }
        GroupKiller { pgid }
    }

    fn kill(&mut self) {
        if let Some(pgid) = self.pgid.take().and_then(|p| i32::try_from(p).ok()) {
            // SAFETY: kill(2) has no memory-safety preconditions; a negative
            // pid addresses the process group the child leads.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
            live_groups().retain(|g| *g != pgid);
        }
    }

    fn disarm(&mut self) {
        if let Some(pgid) = self.pgid.take().and_then(|p| i32::try_from(p).ok()) {
            live_groups().retain(|g| *g != pgid);
        }
    }
}

/// Ends every child process group still running: SIGTERM, then SIGKILL to
/// whatever is left after `grace`. Called when a signal interrupts the run
/// (our children lead their own groups, so a terminal's Ctrl-C reaches us,
/// not them). On Windows each child's job is terminated when its run is
/// dropped, which the interrupted run does.
pub async fn terminate_all(grace: Duration) {
    #[cfg(unix)]
    {
        let groups = live_groups().clone();
        if groups.is_empty() {
            return;
        }
        let signal_all = |sig| {
            for g in &groups {
                // SAFETY: as in GroupKiller::kill.
                unsafe {
                    libc::kill(-g, sig);
                }
            }
        };
        signal_all(libc::SIGTERM);
        // SAFETY: signal 0 only asks whether the group still exists.
        let any_alive = || groups.iter().any(|g| unsafe { libc::kill(-g, 0) } == 0);
        let until = std::time::Instant::now() + grace;
        while any_alive() && std::time::Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        signal_all(libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = grace;
}

/// Sets the job's limit flags: `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE` or none.
/// False when Windows refused.
#[cfg(windows)]
fn set_kill_on_close(job: isize, on: bool) -> bool {
    use windows_sys::Win32::System::JobObjects::{
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JobObjectExtendedLimitInformation, SetInformationJobObject,
    };
    let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
    if on {
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    }
    // SAFETY: `job` is a live job handle; the structure is the one this
    // information class names, passed with its own size, and only read.
    unsafe {
        SetInformationJobObject(
            job as _,
            JobObjectExtendedLimitInformation,
            (&raw const info).cast(),
            std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
        ) != 0
    }
}

#[cfg(windows)]
impl GroupKiller {
    /// A new job holding the child, killed with its processes when its
    /// last handle closes. Without one (the child already gone, or the
    /// calls refused) only the child itself is killed, by `start_kill`.
    fn new(child: Option<std::os::windows::io::RawHandle>) -> Self {
        use windows_sys::Win32::Foundation::CloseHandle;
        use windows_sys::Win32::System::JobObjects::{AssignProcessToJobObject, CreateJobObjectW};
        let Some(process) = child else {
            return GroupKiller { job: None };
        };
        // SAFETY: the calls take plain handles and null pointers for the
        // optional attributes and name; the process handle is the child's,
        // alive while `child` is, and the job handle is closed on drop.
        let job = unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                None
            } else if !set_kill_on_close(job as isize, true)
                || AssignProcessToJobObject(job, process as _) == 0
            {
                CloseHandle(job);
                None
            } else {
                Some(job as isize)
            }
        };
        GroupKiller { job }
    }

    fn kill(&mut self) {
        use windows_sys::Win32::Foundation::CloseHandle;
        use windows_sys::Win32::System::JobObjects::TerminateJobObject;
        if let Some(job) = self.job.take() {
            // SAFETY: `job` is the handle CreateJobObjectW returned, not yet closed.
            unsafe {
                TerminateJobObject(job as _, 1);
                CloseHandle(job as _);
            }
        }
    }

    fn disarm(&mut self) {
        use windows_sys::Win32::Foundation::CloseHandle;
        if let Some(job) = self.job.take() {
            // The child finished: what it left running is left alone, as a
            // process group is on Unix, so the kill-on-close limit goes
            // before the handle. Should Windows refuse, closing kills them.
            set_kill_on_close(job, false);
            // SAFETY: as in `kill`.
            unsafe {
                CloseHandle(job as _);
            }
        }
    }
}

#[cfg(not(any(unix, windows)))]
impl GroupKiller {
    fn new() -> Self {
        GroupKiller {}
    }
    fn kill(&mut self) {}
    fn disarm(&mut self) {}
}

impl Drop for GroupKiller {
    fn drop(&mut self) {
        #[cfg(unix)]
        if TERMINATING.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        self.kill();
    }
}

/// Reads a pipe to its end, keeping the first `OUTPUT_CAP` bytes and
/// draining the rest so the child never blocks on a full pipe.
async fn read_capped(pipe: Option<impl AsyncRead + Unpin>) -> Vec<u8> {
    let mut kept = Vec::new();
    let Some(mut pipe) = pipe else {
        return kept;
    };
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = OUTPUT_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process that runs for about a minute unless killed: Windows' own
    /// `ping`, from System32 (no PATH lookup).
    #[cfg(windows)]
    fn long_child() -> std::process::Child {
        let root = std::env::var_os("SystemRoot").expect("SystemRoot");
        std::process::Command::new(Path::new(&root).join("System32").join("PING.EXE"))
            .args(["-n", "60", "127.0.0.1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ping")
    }

    /// Waits up to `limit` for the child to end; true if it did.
    #[cfg(windows)]
    fn ends_within(child: &mut std::process::Child, limit: Duration) -> bool {
        let until = std::time::Instant::now() + limit;
        while std::time::Instant::now() < until {
            if child.try_wait().expect("try_wait").is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Children die with us: the job's handle closed as Windows closes it
    /// when acr-health ends (nothing terminated, no destructor run), and
    /// the child in the job is gone.
    #[cfg(windows)]
    #[test]
    fn closing_the_job_as_our_exit_does_kills_the_child() {
        use std::os::windows::io::AsRawHandle;
        use windows_sys::Win32::Foundation::CloseHandle;
        let mut child = long_child();
        let mut group = GroupKiller::new(Some(child.as_raw_handle()));
        let job = group.job.take().expect("the child is in a job");
        assert!(
            !ends_within(&mut child, Duration::from_millis(300)),
            "ping ended by itself"
        );
        // SAFETY: the job handle GroupKiller::new made, closed once here.
        unsafe {
            CloseHandle(job as _);
        }
        assert!(
            ends_within(&mut child, Duration::from_secs(10)),
            "the child outlived the job's last handle"
        );
    }

    /// A finished run's job lets go of what is still in it (a child's own
    /// children), as a process group is left alone on Unix.
    #[cfg(windows)]
    #[test]
    fn a_disarmed_job_leaves_its_processes_running() {
        use std::os::windows::io::AsRawHandle;
        let mut child = long_child();
        let mut group = GroupKiller::new(Some(child.as_raw_handle()));
        assert!(group.job.is_some(), "the child is in a job");
        group.disarm();
        drop(group);
        assert!(
            !ends_within(&mut child, Duration::from_secs(1)),
            "disarming the job killed the child"
        );
        child.kill().expect("kill ping");
        let _ = child.wait();
    }

    #[test]
    fn pathext_expands_a_bare_name_in_order() {
        assert_eq!(
            with_pathext("docker", Some(".COM;.EXE;.BAT")),
            ["docker.COM", "docker.EXE", "docker.BAT"]
        );
        // Windows' default when PATHEXT is unset; junk entries are dropped.
        assert_eq!(
            with_pathext("helm", None),
            ["helm.COM", "helm.EXE", "helm.BAT", "helm.CMD"]
        );
        assert_eq!(with_pathext("helm", Some(" .exe ;;exe;.")), ["helm.exe"]);
    }

    #[test]
    fn pathext_keeps_a_name_with_an_executable_extension() {
        assert_eq!(
            with_pathext("notary.exe", Some(".COM;.EXE")),
            ["notary.exe"]
        );
        // `.1` is not executable: still expanded.
        assert_eq!(with_pathext("docker.1", Some(".EXE")), ["docker.1.EXE"]);
    }
}
