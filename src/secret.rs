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
    fn scrub_removes_echoed_secrets() {
        let s = Secret::new("canary-0123456789");
        assert_eq!(
            scrub("bad token canary-0123456789 given", &[&s]),
            "bad token (redacted) given"
        );
    }
}
