//! A string that must never reach any output, and the scrubber that keeps it out.
//!
//! `Debug` and `Display` both print `(redacted)`, so a secret that slips into a
//! log line, a `{:?}` in an error or a panic message still does not leak.
//!
//! Every `Secret` registers its value in one process-wide, append-only
//! register when it is made. [`scrub`] removes from text anything the register
//! knows, in every shape a server or a child process may echo it back in, so
//! the code that cuts or prints outside text needs no list of secrets at hand
//! (docs/security.md). It is the first step of the one path outside text
//! takes: scrub, then sanitise, then cut (`crate::guard::sanitize`).

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, RwLock};

use base64::Engine as _;

/// Secrets shorter than this are not matched at all: they would redact words.
pub const MIN_WHOLE: usize = 4;
/// Any run of this many consecutive characters of a secret is redacted.
pub const FRAGMENT: usize = 8;

const REDACTED: &str = "(redacted)";

/// The environment variables whose values are secrets wherever they are
/// set: the front end registers them as soon as it reads the environment.
pub const SECRET_VARIABLES: &[&str] = &[
    "AZURE_CLIENT_SECRET",
    "ACR_HEALTH_AAD_TOKEN",
    "IDENTITY_HEADER",
    // Not DOCKER_AUTH_CONFIG: it is never read or printed, and it is a JSON
    // document whose host names would be cut out of our own lines by the
    // scrubber's 8-character rule.
];

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        register(&value);
        Secret(value)
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
        String::deserialize(d).map(Secret::new)
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

/// Hashes a window already packed into a `u64` with one multiply: the keys
/// are our own secrets' bytes, so there is nobody to choose colliding keys.
#[derive(Default)]
struct WindowHasher(u64);

impl Hasher for WindowHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (x ^ (x >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type WindowSet = HashSet<u64, BuildHasherDefault<WindowHasher>>;

// Windows are packed into a u64, one byte per character.
const _: () = assert!(FRAGMENT == 8);

/// An 8-byte window as one integer (every window of an ASCII shape is one).
fn pack(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(bytes);
    u64::from_le_bytes(b)
}

/// What the scrubber looks for.
#[derive(Default)]
struct Patterns {
    /// Raw values already registered (registering is idempotent).
    seen: HashSet<String>,
    /// The same values in the order they were registered, for `forget_since`.
    order: Vec<String>,
    /// Every `FRAGMENT`-character window of every ASCII shape of every long
    /// secret, packed (most shapes are ASCII: every encoded one is), so
    /// registering a long token allocates nothing per window.
    ascii_windows: WindowSet,
    /// The same for windows holding non-ASCII characters.
    windows: HashSet<String>,
    /// Every shape of the secrets shorter than `FRAGMENT`, matched whole.
    whole: Vec<String>,
}

impl Patterns {
    fn add(&mut self, value: &str) {
        if value.chars().count() < MIN_WHOLE || !self.seen.insert(value.to_owned()) {
            return;
        }
        self.order.push(value.to_owned());
        let long = value.chars().count() >= FRAGMENT;
        for shape in shapes(value) {
            if long && shape.is_ascii() && shape.len() >= FRAGMENT {
                self.ascii_windows.reserve(shape.len());
                for w in shape.as_bytes().windows(FRAGMENT) {
                    self.ascii_windows.insert(pack(w));
                }
                continue;
            }
            let chars: Vec<char> = shape.chars().collect();
            if long && chars.len() >= FRAGMENT {
                for w in chars.windows(FRAGMENT) {
                    let w: String = w.iter().collect();
                    match w.is_ascii() {
                        true => self.ascii_windows.insert(pack(w.as_bytes())),
                        false => self.windows.insert(w),
                    };
                }
            } else if !self.whole.contains(&shape) {
                self.whole.push(shape);
            }
        }
    }

    /// Keeps the first `kept` values registered; what the scrubber looks
    /// for is built again from them (windows are shared between secrets,
    /// so none can be taken out one by one).
    fn forget_since(&mut self, kept: usize) {
        if self.order.len() <= kept {
            return;
        }
        let mut order = std::mem::take(&mut self.order);
        order.truncate(kept);
        *self = Patterns::default();
        for value in &order {
            self.add(value);
        }
    }

    fn scrub(&self, text: &str) -> String {
        if self.seen.is_empty() || text.len() < MIN_WHOLE {
            return text.to_owned();
        }
        // Byte offset of every char, and one past the end.
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let n = offsets.len() - 1;
        let mut hidden = vec![false; n];
        if !self.windows.is_empty() || !self.ascii_windows.is_empty() {
            for i in 0..n.saturating_sub(FRAGMENT - 1) {
                let window = &text[offsets[i]..offsets[i + FRAGMENT]];
                let found = if window.len() == FRAGMENT {
                    // 8 characters in 8 bytes: all ASCII.
                    self.ascii_windows.contains(&pack(window.as_bytes()))
                } else {
                    self.windows.contains(window)
                };
                if found {
                    hidden[i..i + FRAGMENT].fill(true);
                }
            }
        }
        for shape in &self.whole {
            for (at, _) in text.match_indices(shape.as_str()) {
                let first = offsets.partition_point(|&o| o < at);
                let last = offsets.partition_point(|&o| o < at + shape.len());
                hidden[first..last].fill(true);
            }
        }
        if !hidden.contains(&true) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < n {
            if hidden[i] {
                out.push_str(REDACTED);
                while i < n && hidden[i] {
                    i += 1;
                }
            } else {
                out.push_str(&text[offsets[i]..offsets[i + 1]]);
                i += 1;
            }
        }
        out
    }
}

/// The shapes a value can come back in: as is, form-encoded, percent-encoded
/// (upper- and lower-case hex), JSON-escaped (as serde and as an ASCII-only
/// encoder write it), and base64.
fn shapes(value: &str) -> Vec<String> {
    let mut out = vec![value.to_owned()];
    let mut push = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    push(lower_hex_escapes(&form));
    push(form);
    let pct = percent_encode(value);
    push(lower_hex_escapes(&pct));
    push(pct);
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json[1..json.len().saturating_sub(1).max(1)].to_owned();
    push(json.replace('/', "\\/"));
    push(json_ascii(&json));
    push(json);
    push(base64::engine::general_purpose::STANDARD.encode(value));
    push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value));
    out
}

/// Every byte but RFC 3986's unreserved ones as `%XX`.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn lower_hex_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let esc = rest.get(i..i + 3).unwrap_or(&rest[i..]);
        out.push_str(&esc.to_ascii_lowercase());
        rest = &rest[i + esc.len()..];
    }
    out.push_str(rest);
    out
}

/// A JSON string body with every non-ASCII char as `\uXXXX` (surrogate pairs).
fn json_ascii(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

static REGISTER: LazyLock<RwLock<Patterns>> = LazyLock::new(Default::default);

/// Adds `value` to the register (a no-op for values under `MIN_WHOLE` chars).
pub fn register(value: &str) {
    if value.chars().count() < MIN_WHOLE {
        return;
    }
    let mut p = REGISTER.write().unwrap_or_else(|e| e.into_inner());
    p.add(value);
}

/// A point in the register's history, to forget what came after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark(usize);

/// Where the register stands now.
pub fn mark() -> Mark {
    Mark(
        REGISTER
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .order
            .len(),
    )
}

/// Forgets every value registered after `mark`; those before it stay.
///
/// For a process that runs the checks again and again (`serve`): each run
/// obtains fresh tokens, and an append-only register would grow by every
/// one of them for as long as the process lives. The caller forgets a
/// run's values only once that run is over (its findings scrubbed, its
/// tokens dropped and never to be sent again), and only when no other run
/// is in flight; whatever was registered before the first run (the
/// command line's password, the secret variables) stays for good.
pub fn forget_since(mark: Mark) {
    REGISTER
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .forget_since(mark.0);
}

/// Registers the HTTP Basic form of a username and password: base64 of
/// `user:password`, which a server may echo back in an `Authorization` value.
pub fn register_basic(username: &str, password: &Secret) {
    let pair = format!("{username}:{}", password.expose());
    // Only the encoded form: the plain pair's windows would cover the
    // username alone, which is no secret and is shown on purpose.
    register(&base64::engine::general_purpose::STANDARD.encode(&pair));
}

/// Replaces every registered secret in `text` — whole values of `MIN_WHOLE`
/// characters or more, and any run of `FRAGMENT` or more consecutive
/// characters of one, in any of its shapes — with `(redacted)`.
pub fn scrub(text: &str) -> String {
    REGISTER
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .scrub(text)
}

/// The run's handle on the register: every credential, token and secret
/// value of the run is registered through it as it is obtained or read, and
/// every finding is scrubbed through it on its way to the renderer. Since a
/// `Secret` registers itself when it is made, registering one again is a
/// cheap no-op; the store exists so that plain strings that are secret (a
/// proxy password in `docker info`, an environment value) have one place to
/// go, and so that the code says where the run's secrets are kept.
/// Append-only, like the register behind it.
#[derive(Debug, Default)]
pub struct SecretStore(());

impl SecretStore {
    pub fn new() -> std::sync::Arc<Self> {
        std::sync::Arc::new(SecretStore::default())
    }

    pub fn register(&self, secret: &Secret) {
        register(&secret.0);
    }

    pub fn register_all<'a>(&self, secrets: impl IntoIterator<Item = &'a Secret>) {
        for s in secrets {
            self.register(s);
        }
    }

    /// `text` with every registered secret taken out.
    pub fn scrub(&self, text: &str) -> String {
        scrub(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A register of its own, so these tests do not depend on the global one.
    fn scrub_only(text: &str, secrets: &[&str]) -> String {
        let mut p = Patterns::default();
        for s in secrets {
            p.add(s);
        }
        p.scrub(text)
    }

    #[test]
    fn forgetting_keeps_what_came_before_the_mark() {
        let mut p = Patterns::default();
        p.add("kept-for-good-0001");
        let mark = p.order.len();
        p.add("a-run-token-0002");
        p.add("kept-for-good-0001");
        p.add("another-run-token-0003");
        assert_eq!(p.scrub("a-run-token-0002"), "(redacted)");
        p.forget_since(mark);
        assert_eq!(p.scrub("a-run-token-0002"), "a-run-token-0002");
        assert_eq!(p.scrub("another-run-token-0003"), "another-run-token-0003");
        assert_eq!(p.scrub("x kept-for-good-0001"), "x (redacted)");
        assert_eq!(p.order.len(), 1);
        assert_eq!(p.seen.len(), 1);
        // Registered again after being forgotten: scrubbed again.
        p.add("a-run-token-0002");
        assert_eq!(p.scrub("a-run-token-0002"), "(redacted)");
    }

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
        let _s = Secret::new("canary-0123456789");
        assert_eq!(
            scrub("bad token canary-0123456789 given"),
            "bad token (redacted) given"
        );
    }

    #[test]
    fn every_fragment_of_eight_or_more_is_removed() {
        let secret = "Zq9+w/Xy Pa&ss=wörd-0123456789";
        let chars: Vec<char> = secret.chars().collect();
        for start in 0..chars.len() {
            for end in start + FRAGMENT..=chars.len() {
                let frag: String = chars[start..end].iter().collect();
                let text = format!("said: <{frag}>");
                let out = scrub_only(&text, &[secret]);
                assert_eq!(out, "said: <(redacted)>", "fragment {start}..{end}");
            }
        }
        // Shorter runs are ordinary text.
        assert_eq!(scrub_only("said: Zq9+w/X", &[secret]), "said: Zq9+w/X");
    }

    #[test]
    fn every_shape_is_removed() {
        let secret = "Zq9+w/Xy Pa&ss=wörd\"\\x";
        let mut shapes_seen = 0;
        for shape in shapes(secret) {
            shapes_seen += 1;
            let out = scrub_only(&format!("error: {shape}."), &[secret]);
            assert_eq!(out, "error: (redacted).", "shape {shape}");
        }
        assert!(shapes_seen >= 8);
        // The ones named in the brief, spelt out.
        for echoed in [
            "Zq9%2Bw%2FXy+Pa%26ss%3Dw%C3%B6rd%22%5Cx",
            "Zq9%2bw%2fXy+Pa%26ss%3dw%c3%b6rd%22%5cx",
            "Zq9%2Bw%2FXy%20Pa%26ss%3Dw%C3%B6rd%22%5Cx",
            "Zq9+w/Xy Pa&ss=w\\u00f6rd\\\"\\\\x",
        ] {
            assert_eq!(scrub_only(echoed, &[secret]), "(redacted)", "{echoed}");
        }
    }

    #[test]
    fn basic_credentials_are_removed() {
        let pw = Secret::new("s3cr3t-pass");
        register_basic("admin-user", &pw);
        let b64 = base64::engine::general_purpose::STANDARD.encode("admin-user:s3cr3t-pass");
        assert_eq!(
            scrub(&format!("Authorization: Basic {b64}")),
            "Authorization: Basic (redacted)"
        );
    }

    #[test]
    fn short_secrets_are_matched_whole_and_tiny_ones_not_at_all() {
        assert_eq!(
            scrub_only("pin 4711 or 47", &["4711"]),
            "pin (redacted) or 47"
        );
        assert_eq!(scrub_only("abc", &["abc"]), "abc");
        assert_eq!(scrub_only("p%40ss", &["p@ss"]), "(redacted)");
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let text = "GET /v2/ answered 401 Unauthorized — ünïcode ok";
        assert_eq!(scrub_only(text, &["canary-0123456789"]), text);
        assert_eq!(scrub_only(text, &[]), text);
    }
}
