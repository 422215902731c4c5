//! The one sanitiser for text that comes from outside: servers, certificates,
//! tokens, child processes, environment and command-line values.
//!
//! Outside text takes one path before anyone sees it: secrets are scrubbed
//! (`crate::guard::secret::scrub`), then every character that could move the cursor,
//! start a terminal sequence, break the line or reorder what is shown is
//! written as `\u{..}`, then — only then — the text is cut to length. Cutting
//! first would let half a secret through; escaping before cutting keeps the cut
//! from splitting a character we meant to show escaped.
//!
//! `Finding` and `Failure` apply [`outside`] at their entry points, so a probe
//! cannot forget it. The escaping leaves `\` alone, which makes it idempotent:
//! text sanitised twice reads the same as text sanitised once.

/// Characters never printed as themselves: C0 and C1 controls (tab, CR and LF
/// included), DEL, the Unicode line and paragraph separators, and the
/// bidirectional marks, embeddings, overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` on one line, every unsafe character written as `\u{hex}`.
pub fn escape(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Scrubbed, then escaped: what any outside text becomes inside a finding.
pub fn outside(text: &str) -> String {
    escape(&crate::guard::secret::scrub(text))
}

/// Child-process output placed in a message after our own words: like
/// [`outside`], except that the line breaks it ends with are kept, as az
/// prints them (they only end the line; nothing can follow on it).
pub fn child_output(text: &str) -> String {
    let body = text.trim_end_matches('\n');
    format!("{}{}", outside(body), &text[body.len()..])
}

/// Scrubbed, escaped, trimmed and cut to at most `max` characters (an ellipsis
/// marks a cut). The order matters; see the module comment.
pub fn shown(text: &str, max: usize) -> String {
    let clean = outside(text.trim());
    let clean = clean.trim();
    if clean.chars().count() <= max {
        return clean.to_owned();
    }
    let mut out: String = clean.chars().take(max).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// What XML 1.0 can carry at all (`Char` in the XML 1.0 grammar).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_and_line_breaks_are_escaped() {
        assert_eq!(escape("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("t\x1b]0;owned\x07x"), "t\\u{1b}]0;owned\\u{7}x");
        assert_eq!(
            escape("ok\r\nAn error occurred: FAKE"),
            "ok\\u{d}\\u{a}An error occurred: FAKE"
        );
        assert_eq!(escape("\u{7f}\u{85}\u{9b}"), "\\u{7f}\\u{85}\\u{9b}");
        assert_eq!(
            escape("x\u{2028}y\u{2029}z\u{202e}cba\u{2066}"),
            "x\\u{2028}y\\u{2029}z\\u{202e}cba\\u{2066}"
        );
        assert_eq!(escape("tab\there"), "tab\\u{9}here");
        assert_eq!(escape("plain ünïcode → ok"), "plain ünïcode → ok");
    }

    #[test]
    fn escaping_is_idempotent() {
        let once = escape("a\x1bb\nc");
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn shown_escapes_before_it_cuts() {
        assert_eq!(shown("a\nb\x1b", 20), "a\\u{a}b\\u{1b}");
        assert_eq!(shown("abcdef", 3), "abc…");
        assert_eq!(shown("  padded \n", 20), "padded");
    }

    #[test]
    fn child_output_keeps_only_its_final_line_breaks() {
        assert_eq!(child_output("oops\n"), "oops\n");
        assert_eq!(
            child_output("one\nAn error occurred: X\n\n"),
            "one\\u{a}An error occurred: X\n\n"
        );
        assert_eq!(child_output("\x1b[2J\r\n"), "\\u{1b}[2J\\u{d}\n");
    }

    #[test]
    fn xml_forbidden_characters() {
        for c in ['\u{0}', '\u{1b}', '\u{b}', '\u{fffe}', '\u{ffff}'] {
            assert!(!xml_allowed(c), "{c:?}");
        }
        for c in ['\t', '\n', 'a', '\u{85}', '\u{10000}'] {
            assert!(xml_allowed(c), "{c:?}");
        }
    }
}
