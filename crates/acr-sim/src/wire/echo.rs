//! A server that echoes a secret it was sent, in some shape and cut to some
//! fragment, for the tests that check acr-health never prints one
//! (`Sim::set_echo`). Entra ID echoes the client secret in an
//! `invalid_client` answer; the registry's token endpoint echoes the password
//! of a password grant in its 401.

use base64::Engine as _;

/// What to echo: `pad` filler characters, then `shape` of the value, cut to
/// its characters `start..end` (clamped to its length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Echo {
    pub pad: usize,
    pub start: usize,
    pub end: usize,
    pub shape: EchoShape,
}

/// The shapes a server may echo a value in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EchoShape {
    /// As received.
    Raw,
    /// `application/x-www-form-urlencoded`: space as `+`, the rest as `%XX`.
    Form,
    /// Every byte outside RFC 3986's unreserved set as `%XX`.
    Percent,
    /// Escaped as inside a JSON string, then put in the JSON answer as text
    /// (so it arrives JSON-escaped twice, once undone by the client's parser).
    Json,
    /// base64 of `user:password` (the registry's password grant), or of the
    /// value alone (Entra ID).
    Base64,
}

impl EchoShape {
    pub const ALL: &'static [EchoShape] = &[
        EchoShape::Raw,
        EchoShape::Form,
        EchoShape::Percent,
        EchoShape::Json,
        EchoShape::Base64,
    ];
}

fn percent(value: &str, space_as_plus: bool) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b' ' if space_as_plus => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Echo {
    /// The text to put in the answer for `value` (`user` for Base64 pairs).
    pub(crate) fn render(&self, value: &str, user: Option<&str>) -> String {
        let shaped = match self.shape {
            EchoShape::Raw => value.to_owned(),
            EchoShape::Form => percent(value, true),
            EchoShape::Percent => percent(value, false),
            EchoShape::Json => {
                let j = serde_json::to_string(value).unwrap_or_default();
                j[1..j.len() - 1].to_owned()
            }
            EchoShape::Base64 => {
                let plain = match user {
                    Some(u) => format!("{u}:{value}"),
                    None => value.to_owned(),
                };
                base64::engine::general_purpose::STANDARD.encode(plain)
            }
        };
        let chars: Vec<char> = shaped.chars().collect();
        let end = self.end.min(chars.len());
        let start = self.start.min(end);
        let fragment: String = chars[start..end].iter().collect();
        format!("{}{fragment}", "x".repeat(self.pad))
    }
}
