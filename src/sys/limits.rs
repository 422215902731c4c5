//! Resource limits of our own process.

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
