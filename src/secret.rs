//! A string that must never reach any output.
//!
//! `Debug` and `Display` both print `(redacted)`, so a secret that slips into a
//! log line, a `{:?}` in an error or a panic message still does not leak.

use std::fmt;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it over the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Read from az's files: the value goes straight into a `Secret`.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// Every secret this run has held, in one place: each credential, token and
/// secret value registers here as it is obtained or read, and every finding
/// is scrubbed against the whole set on its way to the renderer (and any
/// outside text before it is cut). Append-only: nothing is ever forgotten
/// before the run ends.
#[derive(Debug, Default)]
pub struct SecretStore(std::sync::RwLock<Vec<Secret>>);

impl SecretStore {
    pub fn new() -> std::sync::Arc<Self> {
        std::sync::Arc::new(SecretStore::default())
    }

    pub fn register(&self, secret: &Secret) {
        if secret.is_empty() {
            return;
        }
        let mut all = self.0.write().unwrap_or_else(|e| e.into_inner());
        if !all.contains(secret) {
            all.push(secret.clone());
        }
    }

    pub fn register_all<'a>(&self, secrets: impl IntoIterator<Item = &'a Secret>) {
        for s in secrets {
            self.register(s);
        }
    }

    /// `text` with every registered secret taken out.
    pub fn scrub(&self, text: &str) -> String {
        let all = self.0.read().unwrap_or_else(|e| e.into_inner());
        let refs: Vec<&Secret> = all.iter().collect();
        scrub(text, &refs)
    }
}

/// Replaces every occurrence of each secret in `text` with `(redacted)`.
///
/// Used on text we did not write ourselves (a server's error body, a child
/// process's stderr) before it is shown, in case it echoes what we sent.
pub fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // Very short values would redact ordinary words; real secrets are long.
        if secret.0.len() >= 8 {
            out = out.replace(&secret.0, "(redacted)");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2-hunter2");
        assert_eq!(format!("{s:?} {s}"), "(redacted) (redacted)");
    }

    #[test]
    fn the_store_scrubs_what_was_registered_later_too() {
        let store = SecretStore::default();
        store.register(&Secret::new("first-secret-1234"));
        assert_eq!(store.scrub("a first-secret-1234 b"), "a (redacted) b");
        store.register(&Secret::new("second-secret-5678"));
        store.register(&Secret::new("second-secret-5678"));
        assert_eq!(
            store.scrub("first-secret-1234 second-secret-5678"),
            "(redacted) (redacted)"
        );
    }

    #[test]
    fn scrub_removes_echoed_secrets() {
        let s = Secret::new("canary-0123456789");
        assert_eq!(
            scrub("bad token canary-0123456789 given", &[&s]),
            "bad token (redacted) given"
        );
    }
}
