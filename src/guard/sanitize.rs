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
//!
//! The same escaping keeps outside text from forming a CI log command
//! ([`command_marks`]): the `[` of `##vso[` and of `##[` is written `\u{5b}`
//! wherever it is, and text printed from the start of a line ([`line_starts`])
//! has the first `:` of a leading `::` written `\u{3a}`. Each other format
//! breaks the same characters in its own escape (`report::json`,
//! `report::junit`, `report::markdown`).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

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

/// `c` in the text form of an escape: `\u{hex}`.
pub fn text_escape(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `text` on one line, every unsafe character written as `\u{hex}`, and
/// the `[` that would complete `##vso[` or `##[` too (see [`command_marks`]).
pub fn escape(text: &str) -> String {
    let one_line = if text.chars().any(is_unsafe) {
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if is_unsafe(c) {
                out.push_str(&text_escape(c));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        text.to_owned()
    };
    // After the line breaks are escaped: the text is one line now, and only
    // where it is printed decides whether it starts one (`line_starts`).
    break_commands(&one_line, Start::Inside, text_escape)
}

/// Sanitised text printed from the start of a line (a finding's line, the
/// lines of an error message): a `::` that any of its lines starts with,
/// after blanks, is broken as `\u{3a}:` (GitHub's workflow commands). Not
/// part of [`escape`]: in the middle of a line `::1` is an IPv6 address and
/// stays one.
pub fn line_starts(text: &str) -> String {
    break_commands(text, Start::Line, text_escape)
}

// ---- CI log commands --------------------------------------------------------

/// Where a text will be printed: from the start of a line, or after
/// something else on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Line,
    Inside,
}

/// What .NET's `String.TrimStart()` strips before the GitHub runner looks
/// for `::` (`Char.IsWhiteSpace`, Unicode's White_Space, as Rust's
/// `char::is_whitespace`), and, to be safe with other readers, the
/// zero-width characters some strip too (U+180E, U+200B, U+FEFF).
pub fn is_leading_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{180e}' | '\u{200b}' | '\u{feff}')
}

/// Characters after which some log reader starts a new line: LF, CR, and
/// to be safe VT, FF, NEL and the Unicode line and paragraph separators.
pub fn ends_line(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether one line of output is, or holds, a CI log command: Azure
/// Pipelines' `##vso[` anywhere (any case: the agent ignores it), the
/// runners' `##[` anywhere, or GitHub's `::` at the start once the line is
/// trimmed. The tests' oracle; [`command_marks`] is what prevents it.
pub fn forms_command(line: &str) -> bool {
    line.to_ascii_lowercase().contains("##vso[")
        || line.contains("##[")
        || line.trim_start_matches(is_leading_blank).starts_with("::")
}

/// The byte offsets of the characters to write escaped so that `text` forms
/// no CI log command: the `[` of every `##vso[` (any case) and `##[`, and,
/// where a line starts (the start of `text` when `start` is `Line`, and after
/// every line break in it), the first `:` of a `::` after blanks. Escaping
/// one character of each is enough: none of the escapes used holds `#`
/// after `#`, `[` or `:`.
pub fn command_marks(text: &str, start: Start) -> Vec<usize> {
    let mut marks = Vec::new();
    let mut at_line_start = start == Start::Line;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '[' => {
                let before = &bytes[..i];
                let vso = before.len() >= 5 && before[i - 5..].eq_ignore_ascii_case(b"##vso");
                if vso || before.ends_with(b"##") {
                    marks.push(i);
                }
            }
            ':' if at_line_start && bytes.get(i + 1) == Some(&b':') => marks.push(i),
            _ => {}
        }
        if ends_line(c) {
            at_line_start = true;
        } else if !is_leading_blank(c) {
            at_line_start = false;
        }
    }
    marks
}

/// `text` with the characters [`command_marks`] names written by `escape`
/// (each format passes its own), everything else as it is.
pub fn break_commands(text: &str, start: Start, escape: impl Fn(char) -> String) -> String {
    let marks = command_marks(text, start);
    if marks.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8 * marks.len());
    let mut rest = 0;
    for i in marks {
        out.push_str(&text[rest..i]);
        let c = text[i..].chars().next().expect("a mark is a character");
        out.push_str(&escape(c));
        rest = i + c.len_utf8();
    }
    out.push_str(&text[rest..]);
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

/// What Entra ID writes at the start of the lines after its error text, in
/// its error descriptions (a space may precede them).
const ENTRA_TRAILER: &[&str] = &["Trace ID:", "Correlation ID:", "Timestamp:"];

/// Entra ID's `error_description` as az prints it: scrubbed, and each line
/// escaped like any outside text, but the line breaks Entra writes before its
/// trace id, correlation id and timestamp kept as they came (CR LF: the CR
/// only returns to a line about to end). Any other line break is escaped,
/// so no other line can be forged.
pub fn entra_description(text: &str) -> String {
    let text = crate::guard::secret::scrub(text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text.as_str();
    loop {
        // The next break Entra would write: LF or CR LF before a trailer line.
        let kept = rest.match_indices('\n').find_map(|(i, _)| {
            let after = rest[i + 1..].trim_start_matches(' ');
            ENTRA_TRAILER
                .iter()
                .any(|t| after.starts_with(t))
                .then(|| if rest[..i].ends_with('\r') { i - 1 } else { i })
        });
        let Some(at) = kept else {
            out.push_str(&escape(rest));
            return out;
        };
        out.push_str(&escape(&rest[..at]));
        let nl = at + rest[at..].find('\n').expect("a break") + 1;
        out.push_str(&rest[at..nl]);
        rest = &rest[nl..];
    }
}

/// Scrubbed, escaped, trimmed and cut to at most `max` grapheme clusters
/// (and eight times as many characters; an ellipsis marks a cut). The order matters; see the module comment.
pub fn shown(text: &str, max: usize) -> String {
    let clean = outside(text.trim());
    let clean = clean.trim();
    let cut = first_graphemes(clean, max);
    if cut.len() == clean.len() {
        return clean.to_owned();
    }
    let mut out = cut.to_owned();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The first `max` grapheme clusters of `text`: a cut never parts a base
/// character from its combining marks (Thai vowels and tone marks, accents)
/// or splits an emoji sequence.
///
/// Bounded in characters too (eight a cluster on average): one cluster
/// can hold any number of combining marks, and a cut must keep its bound
/// whatever the text. A first cluster past that budget alone is cut inside.
pub fn first_graphemes(text: &str, max: usize) -> &str {
    let budget = max.saturating_mul(8);
    let mut chars = 0;
    for (n, (at, cluster)) in text.grapheme_indices(true).enumerate() {
        let c = cluster.chars().count();
        if n == max || chars + c > budget {
            if n == 0 && max > 0 {
                let end = text
                    .char_indices()
                    .nth(budget)
                    .map_or(text.len(), |(i, _)| i);
                return &text[..end];
            }
            return &text[..at];
        }
        chars += c;
    }
    text
}

/// How many terminal columns `text` takes: CJK and other wide characters
/// two, combining marks none (`unicode-width`).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` terminal columns (by display
/// width, not bytes or characters), for aligned columns.
pub fn pad(text: &str, columns: usize) -> String {
    let w = width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(w)))
}

/// At most this many characters of a value quoted in a one-line message
/// (a usage error echoing what was typed) are shown.
pub const QUOTED_MAX: usize = 200;

/// A one-line message whose words (runs without a space) are cut to `max`
/// grapheme clusters each, with how long the word was after it:
/// `unrecognized arguments: --aaaa… (100000 characters)`. For messages that
/// echo what was typed without quoting it (argparse's). Like
/// [`cap_quoted`], for text that already went through [`outside`].
pub fn cap_words(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max + 256));
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let cut = first_graphemes(word, max);
        if cut.len() == word.len() {
            out.push_str(word);
        } else {
            out.push_str(cut);
            out.push('…');
            out.push_str(&format!(" ({} characters)", word.graphemes(true).count()));
        }
    }
    out
}

/// A one-line message whose quoted values (`'…'`) are cut to `max`
/// characters each, with how long the value was after its closing quote:
/// `invalid registry name 'aaaa…' (100000 characters): …`. For text that
/// already went through [`outside`] (scrubbed and escaped: the cut comes
/// last). A quote with no partner closes at the end of the text; whatever
/// the quoting, no run of more than `max` characters between quotes
/// survives, so the line stays bounded.
pub fn cap_quoted(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(4 * max + 256));
    let mut rest = text;
    while let Some(open) = rest.find('\'') {
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let (inner, closed, tail) = match after.find('\'') {
            Some(close) => (&after[..close], true, &after[close + 1..]),
            None => (after, false, ""),
        };
        let count = inner.graphemes(true).count();
        let cut = first_graphemes(inner, max);
        if cut.len() == inner.len() {
            out.push_str(inner);
            if closed {
                out.push('\'');
            }
        } else {
            out.push_str(cut);
            out.push('…');
            if closed {
                out.push('\'');
            }
            out.push_str(&format!(" ({count} characters)"));
        }
        rest = tail;
    }
    let cut = first_graphemes(rest, 4 * max);
    if cut.len() < rest.len() {
        // Unquoted, and long: not ours (ours are short); cut all the same.
        out.push_str(cut);
        out.push('…');
    } else {
        out.push_str(rest);
    }
    out
}

/// What XML 1.0 can carry at all (`Char` in the XML 1.0 grammar).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cap_words_cuts_each_long_word_and_says_how_long_it_was() {
        let long = "a".repeat(1_000);
        assert_eq!(
            cap_words(&format!("unrecognized arguments: --{long} x"), 15),
            "unrecognized arguments: --aaaaaaaaaaaaa… (1002 characters) x"
        );
        assert_eq!(cap_words("short words stay", 5), "short words stay");
        assert!(cap_words(&"b".repeat(100_000), 200).len() < 300);
    }

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
    fn quoted_values_are_cut_and_say_how_long_they_were() {
        let long = "a".repeat(100_000);
        let line = cap_quoted(&format!("invalid -n '{long}': rule"), 200);
        assert_eq!(
            line,
            format!(
                "invalid -n '{}…' (100000 characters): rule",
                "a".repeat(200)
            )
        );
        // Short values and the words around them are kept as they are.
        assert_eq!(cap_quoted("bad 'x' and 'y'", 200), "bad 'x' and 'y'");
        // An unclosed quote still ends the value at the end of the line.
        let open = cap_quoted(&format!("it is '{long}"), 10);
        assert_eq!(open, "it is 'aaaaaaaaaa… (100000 characters)");
        // Long text outside quotes is bounded too.
        assert!(cap_quoted(&"b".repeat(10_000), 10).chars().count() <= 41);
    }

    #[test]
    fn escaping_is_idempotent() {
        let once = escape("a\x1bb\nc");
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn cuts_keep_grapheme_clusters_whole() {
        // Thai: a consonant with its vowel and tone marks is one cluster.
        let thai = "ที่นี่ไม่มีเครือข่าย";
        let cut = shown(thai, 2);
        assert_eq!(cut, "ที่นี่…");
        // Cut by characters, the second cluster would have lost its tone mark.
        assert_ne!(thai.chars().take(5).collect::<String>(), "ที่นี่");
        // CJK and Cyrillic are kept as themselves, not escaped.
        assert_eq!(shown("レジストリ 'x'", 20), "レジストリ 'x'");
        assert_eq!(shown("Реестр недоступен", 6), "Реестр…");
        assert_eq!(shown("登錄伺服器無法連線", 3), "登錄伺…");
        // A flag is two code points and one cluster.
        assert_eq!(shown("🇯🇵🇹🇼", 1), "🇯🇵…");
        // One cluster of a thousand combining marks is still cut short.
        let zalgo = format!("a{}", "\u{301}".repeat(1000));
        assert!(shown(&zalgo, 10).chars().count() <= 81);
        assert!(cap_quoted(&format!("'{zalgo}'"), 10).chars().count() <= 120);
        // Quoted values count clusters.
        assert_eq!(cap_quoted("'ที่นี่ที่นี่' x", 2), "'ที่นี่…' (4 characters) x");
    }

    #[test]
    fn control_and_bidi_are_escaped_beside_legitimate_scripts() {
        assert_eq!(
            outside("ภาษาไทย\u{202e}ข\u{2068}日本語\u{1b}[0m"),
            "ภาษาไทย\\u{202e}ข\\u{2068}日本語\\u{1b}[0m"
        );
        assert_eq!(outside("Ошибка: 認証"), "Ошибка: 認証");
    }

    #[test]
    fn width_counts_terminal_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("ที่นี่"), 2);
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("ที่", 3), "ที่  ");
        assert_eq!(pad("toolong", 3), "toolong");
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
    fn entra_keeps_only_its_own_line_breaks() {
        let d = "AADSTS1: a.\r\nTrace ID: t\r\n Correlation ID: c\nTimestamp: z";
        assert_eq!(entra_description(d), d);
        assert_eq!(
            entra_description("x\r\nAn error occurred: Y\nTrace ID: t\x1b[2J"),
            "x\\u{d}\\u{a}An error occurred: Y\nTrace ID: t\\u{1b}[2J"
        );
        assert_eq!(entra_description("one line"), "one line");
        assert_eq!(entra_description("end\r\n"), "end\\u{d}\\u{a}");
    }

    #[test]
    fn ci_log_commands_are_broken_where_they_would_form() {
        // Azure Pipelines reads `##vso[` anywhere and in any case; the
        // runners read `##[` anywhere.
        assert_eq!(
            escape("x ##vso[task.setvariable variable=a]1"),
            "x ##vso\\u{5b}task.setvariable variable=a]1"
        );
        assert_eq!(escape("##VsO[task.complete]"), "##VsO\\u{5b}task.complete]");
        assert_eq!(escape("a ##[error]b"), "a ##\\u{5b}error]b");
        assert_eq!(escape("# [ #vso[ ## ["), "# [ #vso[ ## [");
        // A line break inside is escaped first: what follows it starts no line.
        assert_eq!(escape("ok\n::error::x"), "ok\\u{a}::error::x");
        // In the middle of a line `::` is an address, not a command.
        assert_eq!(escape("::1"), "::1");
        assert_eq!(line_starts("at ::1"), "at ::1");
        // GitHub trims Unicode whitespace first, as .NET's TrimStart does.
        assert_eq!(
            line_starts("::stop-commands::t"),
            "\\u{3a}:stop-commands::t"
        );
        assert_eq!(
            line_starts("\u{3000}\u{a0} \u{2003}::add-mask::x"),
            "\u{3000}\u{a0} \u{2003}\\u{3a}:add-mask::x"
        );
        assert_eq!(
            line_starts("first\n  ::echo::on\n"),
            "first\n  \\u{3a}:echo::on\n"
        );
        assert_eq!(line_starts(": :x"), ": :x");
    }

    #[test]
    fn broken_text_forms_no_command_and_stays_broken() {
        for text in [
            "##vso[x]",
            "###vso[[",
            "##[##[",
            "\u{85}::a::",
            "::::",
            " \u{feff}::x::",
        ] {
            let once = line_starts(&escape(text));
            for line in once.split(ends_line) {
                assert!(!forms_command(line), "{text:?} -> {once:?}");
            }
            assert_eq!(line_starts(&escape(&once)), once, "idempotent");
        }
        // The oracle itself.
        assert!(forms_command("\u{2002}::warning::x"));
        assert!(forms_command("text ##VSO[task.logissue]x"));
        assert!(forms_command("text ##[group]x"));
        assert!(!forms_command("x ::warning::x"));
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
