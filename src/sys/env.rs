//! The process environment as the tool sees it: one snapshot taken at start
//! and passed down, so `demo` and tests supply their own without touching
//! the process. Low-level modules (`process`, `net`, `credential`) read it;
//! it depends on nothing of ours.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The environment variables the tool reads, captured once at start so that
/// `demo` and tests can supply their own without touching the process.
#[derive(Clone, Debug, Default)]
pub struct Env(BTreeMap<String, String>);

impl Env {
    pub fn from_process() -> Self {
        Env(std::env::vars().collect())
    }

    pub fn empty() -> Self {
        Env::default()
    }

    /// A non-empty value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The value of `key` when it is set at all, empty included (az's
    /// configuration variables count when set to "").
    pub fn get_raw(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.0.insert(key.to_owned(), value.into());
    }

    pub fn remove(&mut self, key: &str) {
        self.0.remove(key);
    }

    /// The home directory, as az and docker find it: `HOME`, and on Windows
    /// `USERPROFILE` first.
    pub fn home(&self) -> Option<PathBuf> {
        self.home_for(cfg!(windows))
    }

    /// [`Env::home`] on Windows or elsewhere (tests ask for both).
    pub fn home_for(&self, windows: bool) -> Option<PathBuf> {
        let home = if windows {
            self.get("USERPROFILE").or_else(|| self.get("HOME"))
        } else {
            self.get("HOME")
        };
        home.map(PathBuf::from)
    }
}
