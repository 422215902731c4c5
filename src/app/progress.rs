//! The spinner: one line on stderr naming the checks still running, for a
//! person watching a terminal. It shows only when stderr is a terminal, the
//! format is text and `--debug` is off (its log lines would tear the line),
//! and only once a run has taken longer than `DELAY`, so a fast run never
//! flickers. Report lines are written through `suspend`, which clears the
//! line first and redraws it after, so the two never interleave.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::app::cli::OutputFormat;
use crate::app::options::CheckOptions;
use crate::engine::i18n::{self, Arg, t};
use crate::engine::pipeline::StepObserver;
use crate::sys::future::BoxFuture;
use crate::sys::lang::Lang;
use crate::sys::prompt::Confirm;

/// How long a run goes before the spinner appears.
pub const DELAY: Duration = Duration::from_millis(300);

pub struct Spinner {
    bar: ProgressBar,
    lang: Lang,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Running steps by index, with their titles.
    running: BTreeMap<usize, String>,
    /// What to show when nothing is running (between `--wait` attempts).
    idle: String,
    shown: bool,
    finished: bool,
    /// A question is on the terminal (the docker pull's): draw nothing.
    paused: bool,
}

/// Whether a run with `opts` gets a spinner: text on a terminal, no --debug.
pub fn wanted(opts: &CheckOptions) -> bool {
    opts.output == OutputFormat::Text && !opts.debug && io::stderr().is_terminal()
}

impl Spinner {
    /// A spinner that is hidden until `show_after` reveals it.
    pub fn new(lang: Lang) -> Arc<Spinner> {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>3} {wide_msg}")
                .expect("a valid template"),
        );
        Arc::new(Spinner {
            bar,
            lang,
            state: Mutex::new(State {
                idle: t(lang, "spinner-starting", &[]),
                ..State::default()
            }),
        })
    }

    /// Draws the spinner on stderr after `DELAY`, unless it finished by then.
    /// Needs a tokio runtime.
    pub fn show_after(self: &Arc<Self>) {
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DELAY).await;
            let mut state = me.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.finished || state.shown {
                return;
            }
            state.shown = true;
            me.bar.set_message(message(me.lang, &state));
            if !state.paused {
                me.draw();
            }
        });
    }

    fn draw(&self) {
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
        self.bar.enable_steady_tick(Duration::from_millis(100));
    }

    /// Takes the line off the terminal while someone is asked a question;
    /// `resume` brings it back. (Not `suspend`: that would hold the bar's
    /// lock, and every probe's progress update, for as long as they think.)
    pub fn pause(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paused = true;
        if state.shown && !state.finished {
            self.bar.disable_steady_tick();
            self.bar.set_draw_target(ProgressDrawTarget::hidden());
            // The hidden target leaves the last frame; wipe that line.
            let mut err = io::stderr();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }

    pub fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paused = false;
        if state.shown && !state.finished {
            self.draw();
        }
    }

    /// Runs `f` (which writes report lines) with the spinner line cleared.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// What the line says while no step runs (`--wait` between attempts).
    pub fn set_idle(&self, text: String) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.running.clear();
        state.idle = text;
        self.bar.set_message(message(self.lang, &state));
    }

    /// Removes the line for good.
    pub fn finish(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.finished = true;
        self.bar.finish_and_clear();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// "still running: DNS lookup, Challenge endpoint", each title once (the
/// titles are in the spinner's language already).
fn message(lang: Lang, state: &State) -> String {
    if state.running.is_empty() {
        return state.idle.clone();
    }
    let mut titles: Vec<&str> = Vec::new();
    for t in state.running.values() {
        if !titles.contains(&t.as_str()) {
            titles.push(t);
        }
    }
    let titles = titles.join(&t(lang, "report-list-separator", &[]));
    t(lang, "spinner-running", &[("titles", titles.into())])
}

impl StepObserver for Spinner {
    fn started(&self, step: usize, title: &str) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.running.insert(step, i18n::title_in(self.lang, title));
        self.bar.set_message(message(self.lang, &state));
    }

    fn finished(&self, step: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.running.remove(&step);
        self.bar.set_message(message(self.lang, &state));
    }
}

/// Asks through `inner` with the spinner off the terminal meanwhile, so the
/// question (the docker pull's) is never drawn over.
pub struct PausingConfirm<C> {
    inner: C,
    spinner: Option<Arc<Spinner>>,
}

impl<C: Confirm> PausingConfirm<C> {
    pub fn new(inner: C, spinner: Option<Arc<Spinner>>) -> Self {
        PausingConfirm { inner, spinner }
    }
}

impl<C: Confirm> Confirm for PausingConfirm<C> {
    fn confirm(&self, prompt: String, on_stdout: bool) -> BoxFuture<'_, Option<bool>> {
        Box::pin(async move {
            if let Some(s) = &self.spinner {
                s.pause();
            }
            let answer = self.inner.confirm(prompt, on_stdout).await;
            if let Some(s) = &self.spinner {
                s.resume();
            }
            answer
        })
    }
}

/// `--wait`'s note after a failed attempt: its first failing code and the
/// time left, e.g. `attempt 2 failed (CONNECTIVITY_DNS_ERROR); trying again, 1m 35s left`.
pub fn wait_note(lang: Lang, attempt: u32, first_code: Option<&str>, left: Duration) -> String {
    let left = humantime::format_duration(Duration::from_secs(left.as_secs())).to_string();
    let attempt = Arg::Count(attempt.into());
    match first_code {
        Some(code) => t(
            lang,
            "spinner-attempt-failed-code",
            &[
                ("attempt", attempt),
                ("code", code.into()),
                ("left", left.into()),
            ],
        ),
        None => t(
            lang,
            "spinner-attempt-failed",
            &[("attempt", attempt), ("left", left.into())],
        ),
    }
}

/// What the spinner says between `--wait` attempts.
pub fn next_attempt(lang: Lang, note: &str, pause: Duration) -> String {
    let pause = humantime::format_duration(pause).to_string();
    t(
        lang,
        "spinner-next-attempt",
        &[("note", note.into()), ("pause", pause.into())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_running_title_once_in_step_order() {
        let s = Spinner::new(Lang::En);
        s.started(3, "Challenge endpoint");
        s.started(1, "DNS lookup");
        s.started(7, "DNS lookup");
        assert_eq!(
            message(Lang::En, &s.state.lock().unwrap()),
            "still running: DNS lookup, Challenge endpoint"
        );
        s.finished(1);
        s.finished(7);
        s.finished(3);
        s.set_idle("waiting".into());
        assert_eq!(message(Lang::En, &s.state.lock().unwrap()), "waiting");
    }

    #[test]
    fn the_line_speaks_the_runs_language() {
        let s = Spinner::new(Lang::Ja);
        assert_eq!(
            message(Lang::Ja, &s.state.lock().unwrap()),
            "開始しています"
        );
        s.started(1, "DNS lookup");
        s.started(2, "Challenge endpoint");
        assert_eq!(
            message(Lang::Ja, &s.state.lock().unwrap()),
            "実行中: DNS 参照、チャレンジ エンドポイント"
        );
        assert_eq!(
            wait_note(Lang::Ja, 2, Some("CMK_ERROR"), Duration::from_secs(4)),
            "2 回目の試行が失敗しました (CMK_ERROR)。再試行します (残り 4s)"
        );
    }

    #[test]
    fn wait_note_has_code_and_whole_seconds_left() {
        assert_eq!(
            wait_note(
                Lang::En,
                2,
                Some("CONNECTIVITY_DNS_ERROR"),
                Duration::from_millis(95_700)
            ),
            "attempt 2 failed (CONNECTIVITY_DNS_ERROR); trying again, 1m 35s left"
        );
        assert_eq!(
            wait_note(Lang::En, 1, None, Duration::from_secs(4)),
            "attempt 1 failed; trying again, 4s left"
        );
    }
}
