//! The binary's entry on Linux with glibc: the few things `std`'s own entry
//! does that this program needs, without the one that costs.
//!
//! Before `main`, `std` reads `/proc/self/maps` through glibc to find the
//! main thread's stack, and sets up a signal stack and SIGSEGV/SIGBUS
//! handlers, only so that a stack overflow can print its name before the
//! process dies. That was about 80 µs of every start on the test machine,
//! the largest part of `--help` above a bare process (docs/performance.md).
//! src/main.rs therefore defines the C `main` itself (`#![no_main]`) and
//! calls [`c_main`], which keeps what matters here:
//!
//! - fds 0, 1 and 2 are open before anything else opens a file (a closed one
//!   is pointed at `/dev/null`), so no file or socket of ours can become
//!   stdout;
//! - SIGPIPE is ignored, so a closed pipe is a failed write, which never
//!   changes the exit status, not a kill;
//! - a panic outside the engine's probes exits with 101 after the panic
//!   hook's line, as `std`'s entry does;
//! - stdout is flushed before the process exits.
//!
//! A stack overflow still kills the process; it is reported by the signal
//! instead of a line. Command-line arguments need nothing here: glibc hands
//! them to `std` before `main`.

use std::io::Write;

/// What the C `main` returns.
pub fn c_main() -> i32 {
    open_standard_fds();
    // SAFETY: setting a signal's disposition to "ignore" has no handler to
    // race with, and no other thread exists yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let status = std::panic::catch_unwind(crate::run).unwrap_or(101);
    let _ = std::io::stdout().flush();
    i32::from(status)
}

/// Points each of fds 0–2 that is closed at `/dev/null`, as `std`'s entry
/// does. If even that fails the process cannot trust its fds and stops.
fn open_standard_fds() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: `fds` is a valid array of three pollfd for the whole call.
    let polled = unsafe { libc::poll(fds.as_mut_ptr(), 3, 0) };
    for pfd in &fds {
        let closed = if polled < 0 {
            // poll itself failed (no memory): ask each fd instead.
            // SAFETY: F_GETFD only reads the fd's flags.
            unsafe { libc::fcntl(pfd.fd, libc::F_GETFD) == -1 }
        } else {
            pfd.revents & libc::POLLNVAL != 0
        };
        if closed {
            // SAFETY: a NUL-terminated path and plain flags. The lowest free
            // fd is the closed one, since the lower ones are open.
            let fd = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
            if fd != pfd.fd {
                std::process::abort();
            }
        }
    }
}
