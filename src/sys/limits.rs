//! Resource limits of our own process: raising the one on open files at
//! start-up, and telling a failure that is ours (no file descriptor left,
//! EMFILE or ENFILE) from one that is the registry's.
//!
//! Running out of descriptors is met deep inside a library (a socket that
//! hyper or hickory could not open, a file, a child's pipes), where the
//! check's wording for a network failure would blame the registry. So the
//! places that meet an OS error first — the HTTP connector, the DNS
//! resolver's sockets, the file reader, the child spawner — report it here
//! ([`met`]), into the watch of the check whose task they run in
//! ([`watching`], set by the engine around every step, carried into tasks
//! the check spawns by [`inherit`]). The engine then reports that check's
//! errors as OPEN_FILES_LIMIT_ERROR, naming the limit.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Raises the soft limit on open files to the hard one where the system
/// allows it (a fleet run holds a few sockets per registry in flight). The
/// `--parallel` bound alone fits inside a soft limit of 1,024; this only
/// gives room. Failure changes nothing.
pub fn raise_open_files() {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit read and write the one struct given.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
                // macOS refuses more than OPEN_MAX for the soft limit.
                #[cfg(target_vendor = "apple")]
                let max = lim.rlim_max.min(libc::OPEN_MAX as libc::rlim_t);
                #[cfg(not(target_vendor = "apple"))]
                let max = lim.rlim_max;
                lim.rlim_cur = max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            }
        }
    }
}

/// The process's soft limit on open files, where there is one to read.
pub fn open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes the one struct given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0
            && lim.rlim_cur != libc::RLIM_INFINITY
        {
            // rlim_t is u64 on Linux and macOS, not on every Unix.
            #[allow(clippy::unnecessary_cast)]
            return Some(lim.rlim_cur as u64);
        }
        None
    }
    #[cfg(not(unix))]
    None
}

/// acr-health could not open a file or socket because it, or the whole
/// system, had no file descriptor left: our failure, never the registry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutOfFiles {
    /// The process's own limit (EMFILE; Windows: WSAEMFILE or
    /// ERROR_TOO_MANY_OPEN_FILES), with the soft limit when known.
    #[error("{}", process_sentence(*.limit))]
    Process { limit: Option<u64> },
    /// The system's table of open files is full (ENFILE).
    #[error(
        "the system's table of open files is full (ENFILE): no process on this machine can open another file or socket"
    )]
    System,
}

fn process_sentence(limit: Option<u64>) -> String {
    match limit {
        Some(n) => format!(
            "acr-health had open all the {n} files and sockets its limit on open files allows (EMFILE; `ulimit -n` is {n})"
        ),
        None => {
            "acr-health had open all the files and sockets its limit on open files allows (EMFILE)"
                .to_owned()
        }
    }
}

/// The error numbers that mean "no descriptor left".
#[cfg(unix)]
fn kind_of(code: i32) -> Option<OutOfFiles> {
    match code {
        libc::EMFILE => Some(OutOfFiles::Process {
            limit: open_files_limit(),
        }),
        libc::ENFILE => Some(OutOfFiles::System),
        _ => None,
    }
}

#[cfg(windows)]
fn kind_of(code: i32) -> Option<OutOfFiles> {
    /// A socket past the process's limit (Winsock's EMFILE).
    const WSAEMFILE: i32 = 10024;
    /// A file past the process's limit.
    const ERROR_TOO_MANY_OPEN_FILES: i32 = 4;
    matches!(code, WSAEMFILE | ERROR_TOO_MANY_OPEN_FILES)
        .then_some(OutOfFiles::Process { limit: None })
}

#[cfg(not(any(unix, windows)))]
fn kind_of(_: i32) -> Option<OutOfFiles> {
    None
}

/// Whether `e` is the OS saying no descriptor is left.
pub fn out_of_files(e: &std::io::Error) -> Option<OutOfFiles> {
    e.raw_os_error().and_then(kind_of)
}

/// The same anywhere in `e`'s chain of causes: an `io::Error` (looked
/// into, since its `source()` skips the error it wraps) or an
/// [`OutOfFiles`] itself.
pub fn find_out_of_files(e: &(dyn std::error::Error + 'static)) -> Option<OutOfFiles> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(o) = err.downcast_ref::<OutOfFiles>() {
            return Some(*o);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(o) = out_of_files(io) {
                return Some(o);
            }
            if let Some(inner) = io.get_ref() {
                cur = Some(inner as &(dyn std::error::Error + 'static));
                continue;
            }
        }
        cur = err.source();
    }
    None
}

/// What one check met of our own limits: set by [`met`] from its task.
#[derive(Clone, Default)]
pub struct Watch(Arc<Mutex<Option<OutOfFiles>>>);

impl Watch {
    /// What was met (the first time), if anything; the watch is left empty.
    pub fn take(&self) -> Option<OutOfFiles> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

tokio::task_local! {
    static WATCH: Watch;
}

/// The last limit any task met, and when, for failures that come soon
/// after it without one of their own ([`met_since`]).
static LAST: Mutex<Option<(OutOfFiles, Instant)>> = Mutex::new(None);

/// Runs `fut` (a check) with `watch` taking what it meets.
pub async fn watching<F: Future>(watch: Watch, fut: F) -> F::Output {
    WATCH.scope(watch, fut).await
}

/// `fut` with the current watch, for a task a check spawns.
pub fn inherit<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    let watch = WATCH.try_with(Watch::clone).ok();
    async move {
        match watch {
            Some(w) => WATCH.scope(w, fut).await,
            None => fut.await,
        }
    }
}

/// Tells the current check (and [`met_since`]) that `o` was met.
pub fn met(o: OutOfFiles) {
    *LAST.lock().unwrap_or_else(|e| e.into_inner()) = Some((o, Instant::now()));
    let _ = WATCH.try_with(|w| {
        w.0.lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(o);
    });
}

/// [`met`] when `e` is the OS saying no descriptor is left; `e` back.
pub fn note(e: std::io::Error) -> std::io::Error {
    if let Some(o) = out_of_files(&e) {
        met(o);
    }
    e
}

/// The limit some task met at `since` or later, if one did. For a failure
/// that is the aftermath of one met elsewhere: a resolver that could not
/// open its sockets answers "no connections" for a while without trying.
pub fn met_since(since: Instant) -> Option<OutOfFiles> {
    LAST.lock()
        .unwrap_or_else(|e| e.into_inner())
        .filter(|(_, at)| *at >= since)
        .map(|(o, _)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[derive(Debug, thiserror::Error)]
    #[error("client error (Connect)")]
    struct Wrapper(#[source] std::io::Error);

    #[cfg(unix)]
    #[test]
    fn emfile_is_found_through_io_errors_and_their_wrappers() {
        let emfile = || std::io::Error::from_raw_os_error(libc::EMFILE);
        assert!(matches!(
            out_of_files(&emfile()),
            Some(OutOfFiles::Process { .. })
        ));
        // reqwest's shape: an io::Error wrapping another error holding one.
        let wrapped = std::io::Error::other(Wrapper(emfile()));
        assert!(find_out_of_files(&wrapped).is_some());
        let enfile = std::io::Error::from_raw_os_error(libc::ENFILE);
        assert_eq!(find_out_of_files(&enfile), Some(OutOfFiles::System));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(find_out_of_files(&Wrapper(refused)), None);
    }

    #[test]
    fn the_sentence_names_the_limit() {
        assert_eq!(
            OutOfFiles::Process { limit: Some(256) }.to_string(),
            "acr-health had open all the 256 files and sockets its limit on open files allows (EMFILE; `ulimit -n` is 256)"
        );
    }

    #[tokio::test]
    async fn a_check_sees_what_its_own_tasks_met_and_nothing_else() {
        let watch = Watch::default();
        let other = Watch::default();
        let started = Instant::now();
        let o = OutOfFiles::Process { limit: Some(8) };
        watching(watch.clone(), async {
            tokio::spawn(inherit(async move { met(o) })).await.unwrap();
        })
        .await;
        watching(other.clone(), async {}).await;
        assert_eq!(watch.take(), Some(o));
        assert_eq!(watch.take(), None);
        assert_eq!(other.take(), None);
        assert!(met_since(started).is_some());
        assert_eq!(met_since(Instant::now()), None);
    }
}
