//! The signals that end a run early: Ctrl-C (SIGINT), SIGTERM and SIGHUP.
//! The front end waits for the first one beside the run; what it started is
//! ended by `process::terminate_all`, and the exit status is 128 + the
//! signal's number, as a shell reports a process killed by it.

/// A signal that interrupted the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// Ctrl-C at a terminal (SIGINT; Ctrl-C or Ctrl-Break on Windows).
    Int,
    Term,
    Hup,
}

impl Interrupt {
    pub fn name(self) -> &'static str {
        match self {
            Interrupt::Int => "SIGINT",
            Interrupt::Term => "SIGTERM",
            Interrupt::Hup => "SIGHUP",
        }
    }

    /// 128 + the signal's number: 130, 143, 129.
    pub fn exit_status(self) -> u8 {
        128 + match self {
            Interrupt::Int => 2,
            Interrupt::Term => 15,
            Interrupt::Hup => 1,
        }
    }
}

/// Listens for the interrupting signals from now on. Must be called inside
/// the tokio runtime; `None` when no handler could be installed (the run
/// then goes on as before, and a signal ends the process the default way).
pub fn listen() -> Option<Listener> {
    Listener::new()
}

#[cfg(unix)]
pub struct Listener {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Listener {
    fn new() -> Option<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Some(Listener {
            int: signal(SignalKind::interrupt()).ok()?,
            term: signal(SignalKind::terminate()).ok()?,
            hup: signal(SignalKind::hangup()).ok()?,
        })
    }

    /// The first signal to arrive.
    pub async fn recv(&mut self) -> Interrupt {
        tokio::select! {
            _ = self.int.recv() => Interrupt::Int,
            _ = self.term.recv() => Interrupt::Term,
            _ = self.hup.recv() => Interrupt::Hup,
        }
    }
}

#[cfg(windows)]
pub struct Listener {
    c: tokio::signal::windows::CtrlC,
    brk: tokio::signal::windows::CtrlBreak,
}

#[cfg(windows)]
impl Listener {
    fn new() -> Option<Self> {
        Some(Listener {
            c: tokio::signal::windows::ctrl_c().ok()?,
            brk: tokio::signal::windows::ctrl_break().ok()?,
        })
    }

    /// The first Ctrl-C or Ctrl-Break.
    pub async fn recv(&mut self) -> Interrupt {
        tokio::select! {
            _ = self.c.recv() => Interrupt::Int,
            _ = self.brk.recv() => Interrupt::Int,
        }
    }
}

#[cfg(not(any(unix, windows)))]
pub struct Listener;

#[cfg(not(any(unix, windows)))]
impl Listener {
    fn new() -> Option<Self> {
        None
    }

    pub async fn recv(&mut self) -> Interrupt {
        std::future::pending().await
    }
}
