//! Secrets inside URLs, hidden before anything is shown: the one place
//! that knows how.
//!
//! - A URL shown on its own (a proxy setting, ours or the docker
//!   daemon's): [`hide_password`] keeps the user name and shows the
//!   password as `(hidden)`; [`proxy_passwords`] gives the password itself,
//!   to register as a secret.
//! - URLs inside free text (an error's message): [`hide_url_secrets`]
//!   drops their whole user info and their query (a SAS signature), since
//!   the text around them is not a URL we can parse.

use crate::net::no_proxy::parse_proxy;

/// A URL or proxy setting without its password
/// (`http://user:(hidden)@host:port`), for printing: a proxy from our
/// environment, or the daemon's (older daemons report it unmasked). Read
/// as proxies are (a missing scheme is `http://`, as Go and reqwest take
/// it), so `user:pw@host:port` hides its password too.
pub fn hide_password(raw: &str) -> String {
    match parse_proxy(raw) {
        Some(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("(hidden)"));
            }
            u.as_str()
                .trim_end_matches('/')
                .replace("%28hidden%29", "(hidden)")
        }
        // Not a URL we can read: show no more than its first word, cut.
        None => crate::guard::sanitize::shown(raw.split('@').next_back().unwrap_or(""), 80),
    }
}

/// The password inside a proxy URL, as written and percent-decoded (both
/// are registered as secrets: either form may be echoed back).
pub fn proxy_passwords(raw: &str) -> Vec<String> {
    let Some(u) = parse_proxy(raw) else {
        return Vec::new();
    };
    let Some(p) = u.password() else {
        return Vec::new();
    };
    let mut out = vec![p.to_owned()];
    let decoded = percent_decode(p);
    if decoded != p {
        out.push(decoded);
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// In every `scheme://…` of `text`: drops user info and replaces the query.
pub fn hide_url_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        out.push_str(&rest[..i + 3]);
        rest = &rest[i + 3..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
            .unwrap_or(rest.len());
        let url = &rest[..end];
        let path_at = url.find('/').unwrap_or(url.len());
        let url = match url[..path_at].rfind('@') {
            Some(at) => &url[at + 1..],
            None => url,
        };
        match url.find('?') {
            Some(q) => {
                out.push_str(&url[..q]);
                out.push_str("?(query hidden)");
            }
            None => out.push_str(url),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_secrets_are_cut_from_error_text() {
        assert_eq!(
            hide_url_secrets(
                "error sending request for url (https://r.blob.core.windows.net/c/b?se=2026&sig=SECRET): reset"
            ),
            "error sending request for url (https://r.blob.core.windows.net/c/b?(query hidden)): reset"
        );
        assert_eq!(
            hide_url_secrets("proxy http://user:pa55@proxy:3128/ refused"),
            "proxy http://proxy:3128/ refused"
        );
        assert_eq!(hide_url_secrets("no urls here"), "no urls here");
        assert_eq!(hide_url_secrets("https://a/b"), "https://a/b");
    }

    #[test]
    fn proxy_passwords_are_hidden() {
        assert_eq!(
            hide_password("http://user:s3cr%40t@proxy:3128/"),
            "http://user:(hidden)@proxy:3128"
        );
        assert_eq!(hide_password("proxy:3128"), "http://proxy:3128");
        assert_eq!(
            proxy_passwords("http://user:s3cr%40t@proxy:3128"),
            ["s3cr%40t", "s3cr@t"]
        );
        assert!(proxy_passwords("http://proxy:3128").is_empty());
        // Unparsable: never the part before an `@`.
        assert!(!hide_password("::user:pw@").contains("pw"));
    }
}
