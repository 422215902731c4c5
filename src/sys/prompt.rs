//! Questions for the person at the terminal, as a capability handed to the
//! probes that need one (only the docker test pull asks today). The front
//! end decides how to ask; a probe only says what it wants to know, so the
//! terminal stays out of the probes and a test or `demo` can answer instead.

use std::io::{BufRead, IsTerminal, Read, Write};

use crate::sys::future::BoxFuture;

/// Asks a yes/no question. `None`: nobody can be asked (no terminal).
pub trait Confirm: Send + Sync {
    /// `prompt` is printed as is; `on_stdout` puts it on stdout instead of
    /// stderr (where az's prompt goes in `-o az`).
    fn confirm(&self, prompt: String, on_stdout: bool) -> BoxFuture<'_, Option<bool>>;
}

/// Asks on the terminal, as az does: the question again until the answer is
/// y/yes or n/no; end of input is a no.
pub struct TerminalConfirm;

/// An answer longer than this is not y or n; reading stops there, so a
/// stream without newlines cannot grow memory without bound.
const MAX_ANSWER: u64 = 4096;

impl Confirm for TerminalConfirm {
    fn confirm(&self, prompt: String, on_stdout: bool) -> BoxFuture<'_, Option<bool>> {
        Box::pin(async move {
            if !std::io::stdin().is_terminal() {
                return None;
            }
            tokio::task::spawn_blocking(move || {
                let mut out: Box<dyn Write> = if on_stdout {
                    Box::new(std::io::stdout())
                } else {
                    Box::new(std::io::stderr())
                };
                let stdin = std::io::stdin();
                loop {
                    let _ = write!(out, "{prompt}");
                    let _ = out.flush();
                    let mut answer = String::new();
                    match stdin.lock().take(MAX_ANSWER).read_line(&mut answer) {
                        Ok(0) | Err(_) => return false,
                        Ok(_) => {}
                    }
                    match answer.trim().to_ascii_lowercase().as_str() {
                        "y" | "yes" => return true,
                        "n" | "no" => return false,
                        _ => {}
                    }
                }
            })
            .await
            .ok()
        })
    }
}
