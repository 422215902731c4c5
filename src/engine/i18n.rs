//! Reports in other languages (issue 31): Project Fluent catalogs, one
//! `.ftl` per language under `i18n/`, compiled in and parsed only when that
//! language is chosen. English stays in Rust (the catalog's entries, the
//! tables here), so an English run parses nothing; `i18n/en.ftl` is the
//! English source generated from them (`english_source`, kept in step by a
//! test; `UPDATE=1` rewrites it), the file translators start from.
//!
//! Ids (docs/behaviour.md §9 lists what is translated):
//! - `{code}-title`, `{code}-meaning`, `{code}-message`, `{code}-cause-N`,
//!   `{code}-fix-N` for each catalog entry (`{code}` is `Code::key`,
//!   `connectivity-dns-error`); `remedy-{key}-fix-N` for a `Remedy`;
//! - `msg-*`: the other templates a message is built from (`MESSAGE_IDS`);
//! - `check-*`: each check's title (`CheckId`), `title-*` the titles a
//!   finding names itself;
//! - `report-*`, `markdown-*`, `status-*`, `explain-*`, `codes-*`,
//!   `errors-doc-*`, `spinner-*`: the frame (`FRAME`).
//!
//! A message's placeables are its template's `{name}`s as `{ $name }`; the
//! values are sanitised before they are filled in, as in English, and
//! bundles never isolate them (U+2068/U+2069 would print as escapes).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::engine::catalog::{Code, ENTRIES, Entry, MESSAGE_IDS, Piece, Remedy};
use crate::engine::check_id::CheckId;
use crate::engine::finding::{Failure, Finding};
use crate::guard::sanitize;
use crate::sys::lang::Lang;

/// English text of the frame: a template with `{name}` placeholders, or
/// one that reads differently for one (`{count}` is the number).
#[derive(Clone, Copy, Debug)]
pub enum En {
    Text(&'static str),
    Count {
        one: &'static str,
        other: &'static str,
    },
}

/// The frame's texts: every word of the reports, `explain`, `codes`, the
/// docs pages and the spinner that is not a catalog entry's.
pub const FRAME: &[(&str, En)] = &[
    // The text report (and the error lines of a CI log).
    (
        "report-error-occurred",
        En::Text("An error occurred: {code}"),
    ),
    ("report-reason", En::Text("Reason: {reason}")),
    ("report-what-to-do", En::Text("What to do:")),
    (
        "report-explain-error",
        En::Text("Run 'acr-health explain {code}' for causes and fixes."),
    ),
    (
        "report-explain-warning",
        En::Text("Run 'acr-health explain {code}' for more."),
    ),
    (
        "report-error-link",
        En::Text("Please refer to {link} for more information."),
    ),
    ("report-skipped", En::Text("Skipped: {title} ({why})")),
    ("report-skipped-default", En::Text("skipped")),
    (
        "report-count-passed",
        En::Count {
            one: "{count} passed",
            other: "{count} passed",
        },
    ),
    (
        "report-count-info",
        En::Count {
            one: "{count} info",
            other: "{count} info",
        },
    ),
    (
        "report-count-warnings",
        En::Count {
            one: "{count} warning",
            other: "{count} warnings",
        },
    ),
    (
        "report-count-errors",
        En::Count {
            one: "{count} error",
            other: "{count} errors",
        },
    ),
    (
        "report-count-skipped",
        En::Count {
            one: "{count} skipped",
            other: "{count} skipped",
        },
    ),
    ("report-list-separator", En::Text(", ")),
    (
        "report-summary",
        En::Text("acr-health {version} finished at {time} in {seconds} s: {counts}."),
    ),
    (
        "report-interrupted",
        En::Text(
            "Interrupted by {signal}: the checks still running were stopped, with every program they had started.",
        ),
    ),
    (
        "report-stopped-each",
        En::Text(
            "Each registry stopped at its own first error; pass --ignore-errors to run every check.",
        ),
    ),
    (
        "report-stopped",
        En::Text("Stopped at the first error; pass --ignore-errors to run every check."),
    ),
    (
        "report-closing",
        En::Text("Please refer to {link} for more information."),
    ),
    // -o markdown.
    ("markdown-heading", En::Text("acr-health report")),
    (
        "markdown-meta",
        En::Text(
            "acr-health {version} · started {started} · {seconds} s · registries: {registries}",
        ),
    ),
    ("markdown-no-registries", En::Text("none")),
    ("markdown-column-check", En::Text("check")),
    ("markdown-column-status", En::Text("status")),
    ("markdown-column-result", En::Text("result")),
    ("markdown-column-ms", En::Text("ms")),
    (
        "markdown-summary",
        En::Text("{passed} passed, {warnings} warnings, {errors} errors, {skipped} skipped"),
    ),
    ("markdown-stopped", En::Text("(stopped at the first error)")),
    // A finding's status, in words.
    ("status-ok", En::Text("ok")),
    ("status-info", En::Text("info")),
    ("status-warning", En::Text("warning")),
    ("status-error", En::Text("error")),
    ("status-skipped", En::Text("skipped")),
    // explain, codes and the docs/errors pages.
    ("explain-extension", En::Text("(acr-health extension)")),
    ("explain-message", En::Text("Message:")),
    (
        "explain-az-message",
        En::Text("As az and -o az print it (English):"),
    ),
    ("explain-causes", En::Text("Likely causes:")),
    ("explain-fixes", En::Text("What to do:")),
    ("explain-more", En::Text("More: {link}")),
    ("codes-extension", En::Text("(extension)")),
    ("errors-doc-heading", En::Text("Error codes")),
    (
        "errors-doc-intro",
        En::Text(
            "Every code acr-health can report. Codes marked extension are this project's own; the others follow the Azure Container Registry health-check error reference. {command} prints the same text offline.",
        ),
    ),
    ("errors-doc-column-code", En::Text("code")),
    ("errors-doc-column-title", En::Text("title")),
    ("errors-doc-column-kind", En::Text("kind")),
    ("errors-doc-kind-extension", En::Text("extension")),
    ("errors-doc-kind-reference", En::Text("reference")),
    ("errors-doc-reference", En::Text("Reference: {link}")),
    // The spinner on a terminal, and --wait's notes.
    ("spinner-starting", En::Text("starting")),
    ("spinner-running", En::Text("still running: {titles}")),
    (
        "spinner-attempt-failed",
        En::Text("attempt {attempt} failed; trying again, {left} left"),
    ),
    (
        "spinner-attempt-failed-code",
        En::Text("attempt {attempt} failed ({code}); trying again, {left} left"),
    ),
    (
        "spinner-next-attempt",
        En::Text("{note}; next attempt in {pause}"),
    ),
];

/// The headings `i18n/en.ftl` groups the frame's ids under, by prefix.
const FRAME_GROUPS: &[(&str, &str)] = &[
    (
        "report",
        "The text report: error lines, summary, closing pointer",
    ),
    ("markdown", "-o markdown: heading, table columns, summary"),
    (
        "status",
        "A check's status in words (the markdown table's status column)",
    ),
    ("explain", "acr-health explain CODE"),
    ("codes", "acr-health codes"),
    ("errors-doc", "The docs/errors.<lang>.md page"),
    (
        "spinner",
        "The spinner on a terminal, and --wait's notes (stderr)",
    ),
];

/// Titles a finding names itself (`Finding::titled`), beyond the checks'
/// and the catalog entries' own.
pub const TITLES: &[(&str, &str)] = &[("title-clock-skew", "Clock skew")];

/// A value for a placeable.
#[derive(Clone, Debug)]
pub enum Arg {
    Str(String),
    /// A whole number: Fluent picks the plural form by it.
    Count(u64),
    /// A number shown with this many decimals.
    Fixed(f64, usize),
}

impl Arg {
    fn english(&self) -> String {
        match self {
            Arg::Str(s) => s.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::Fixed(x, d) => format!("{x:.d$}"),
        }
    }

    fn fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Str(s) => FluentValue::from(s.as_str()),
            Arg::Count(n) => FluentValue::from(*n),
            Arg::Fixed(x, d) => {
                let scale = 10f64.powi(*d as i32);
                let options = FluentNumberOptions {
                    minimum_fraction_digits: Some(*d),
                    maximum_fraction_digits: Some(*d),
                    ..Default::default()
                };
                FluentValue::Number(FluentNumber::new((x * scale).round() / scale, options))
            }
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

/// The `.ftl` compiled in for `lang`; None for English (Rust's).
pub fn source(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Ja => Some(include_str!("../../i18n/ja.ftl")),
        Lang::ZhTw => Some(include_str!("../../i18n/zh-TW.ftl")),
        Lang::Ru => Some(include_str!("../../i18n/ru.ftl")),
        Lang::Th => Some(include_str!("../../i18n/th.ftl")),
    }
}

/// The languages whose catalog is compiled in, English aside.
pub fn translated() -> impl Iterator<Item = Lang> {
    Lang::ALL.iter().copied().filter(|l| source(*l).is_some())
}

/// The BCP 47 tag the bundle's plural rules are chosen by.
fn langid(lang: Lang) -> unic_langid::LanguageIdentifier {
    lang.tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default())
}

/// Parses `text` into a bundle for `lang` (the tests' door too).
pub fn bundle_from(lang: Lang, text: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let mut bundle = FluentBundle::new_concurrent(vec![langid(lang)]);
    bundle.set_use_isolating(false);
    // A duplicate id keeps the first; the tests refuse duplicates.
    let _ = bundle.add_resource(resource);
    bundle
}

/// `lang`'s bundle, parsed on first use; None for English.
fn bundle(lang: Lang) -> Option<&'static FluentBundle<FluentResource>> {
    static BUNDLES: [OnceLock<Option<FluentBundle<FluentResource>>>; 5] =
        [const { OnceLock::new() }; 5];
    let slot = Lang::ALL.iter().position(|l| *l == lang)?;
    BUNDLES[slot]
        .get_or_init(|| source(lang).map(|text| bundle_from(lang, text)))
        .as_ref()
}

/// `id` formatted by `bundle`, or None when the bundle lacks it.
pub fn format_in(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &[(&str, Arg)],
) -> Option<String> {
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut fluent_args = FluentArgs::new();
    for (k, v) in args {
        fluent_args.set(*k, v.fluent());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

/// `id` in `lang`, or in English when `lang` is English or lacks it.
fn translate(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    format_in(bundle(lang)?, id, args)
}

/// Fills `{name}` placeholders once, values never searched again.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        match args.iter().find(|(k, _)| *k == &after[..len]) {
            Some((_, v)) if len > 0 && after[len..].starts_with('}') => {
                out.push_str(v);
                rest = &after[len + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A frame text (`FRAME`) in `lang`.
pub fn t(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    if let Some(text) = translate(lang, id, args) {
        return text;
    }
    let en = FRAME
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, en)| *en)
        .unwrap_or(En::Text(""));
    debug_assert!(FRAME.iter().any(|(k, _)| *k == id), "no frame text {id}");
    let template = match en {
        En::Text(s) => s,
        En::Count { one, other } => {
            match args.iter().find(|(k, _)| *k == "count").map(|(_, v)| v) {
                Some(Arg::Count(1)) => one,
                _ => other,
            }
        }
    };
    let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.english())).collect();
    fill(template, &args)
}

// ---- The catalog in a language --------------------------------------------

/// A code's title in `lang`.
pub fn title(lang: Lang, code: Code) -> String {
    translate(lang, &format!("{}-title", code.key()), &[])
        .unwrap_or_else(|| code.entry().title.to_owned())
}

/// A code's meaning in `lang`.
pub fn meaning(lang: Lang, code: Code) -> String {
    translate(lang, &format!("{}-meaning", code.key()), &[])
        .unwrap_or_else(|| code.entry().meaning.to_owned())
}

/// Items `{prefix}-1`, `{prefix}-2` … in `lang`, one per English item.
fn items(lang: Lang, prefix: &str, english: &[&str]) -> Vec<String> {
    english
        .iter()
        .enumerate()
        .map(|(i, en)| {
            translate(lang, &format!("{prefix}-{}", i + 1), &[]).unwrap_or_else(|| (*en).to_owned())
        })
        .collect()
}

/// A code's likely causes in `lang`.
pub fn causes(lang: Lang, code: Code) -> Vec<String> {
    let e = code.entry();
    items(lang, &format!("{}-cause", code.key()), e.causes)
}

/// A code's general remediation in `lang`.
pub fn fixes(lang: Lang, code: Code) -> Vec<String> {
    let e = code.entry();
    items(lang, &format!("{}-fix", code.key()), e.remediation)
}

/// What to do about `failure` in `lang`: its case's steps, else its code's.
pub fn remediation(lang: Lang, failure: &Failure) -> Vec<String> {
    match failure.remedy {
        Some(r) => items(lang, &format!("remedy-{}-fix", r.key()), r.steps()),
        None => fixes(lang, failure.code),
    }
}

/// A code's message template in `lang`, placeholders shown as `{name}`
/// (for `explain` and the docs pages): each line of the English template
/// by its id.
pub fn message_template(lang: Lang, code: Code) -> String {
    let e = code.entry();
    let mut lines = Vec::new();
    for (i, line) in e.message.lines().enumerate() {
        let id = if i == 0 {
            format!("{}-message", code.key())
        } else {
            MESSAGE_IDS
                .iter()
                .find(|(_, t)| *t == line)
                .map(|(id, _)| (*id).to_owned())
                .unwrap_or_default()
        };
        let args: Vec<(&str, Arg)> = placeholders(line)
            .into_iter()
            .map(|k| (k, Arg::Str(format!("{{{k}}}"))))
            .collect();
        lines.push(translate(lang, &id, &args).unwrap_or_else(|| line.to_owned()));
    }
    lines.join("\n")
}

/// The `{name}`s of an English template, in order, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') && !out.contains(&&after[..len]) {
            out.push(&after[..len]);
        }
        rest = after;
    }
    out
}

/// A failure's message in `lang`: its pieces translated, values as they
/// were filled in; the English message where it has no pieces (az's own
/// text, a child's output) or the language is English.
pub fn message(lang: Lang, failure: &Failure) -> String {
    let (Some(bundle), Some(pieces)) = (bundle(lang), &failure.pieces) else {
        return failure.message.clone();
    };
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Raw(text) => out.push_str(text),
            Piece::Text { id, args } => {
                let args: Vec<(&str, Arg)> = args
                    .iter()
                    .map(|(k, v)| {
                        // A check's title inside a message is translated too.
                        let v = if *k == "title" {
                            title_in(lang, v)
                        } else {
                            v.clone()
                        };
                        (*k, Arg::Str(v))
                    })
                    .collect();
                match format_in(bundle, id, &args) {
                    Some(text) => out.push_str(&text),
                    None => return failure.message.clone(),
                }
            }
        }
    }
    sanitize::line_starts(&out)
}

/// An English title (a check's, an entry's, one of `TITLES`) in `lang`;
/// any other text as it is.
pub fn title_in(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_owned();
    }
    let id = if let Some(c) = CheckId::ALL.iter().find(|c| c.title() == english) {
        check_title_id(*c)
    } else if let Some(e) = ENTRIES.iter().find(|e| e.title == english) {
        format!("{}-title", e.code.key())
    } else if let Some((id, _)) = TITLES.iter().find(|(_, t)| *t == english) {
        (*id).to_owned()
    } else {
        return english.to_owned();
    };
    translate(lang, &id, &[]).unwrap_or_else(|| english.to_owned())
}

/// A finding's title in `lang`.
pub fn finding_title(lang: Lang, f: &Finding) -> String {
    title_in(lang, &f.title)
}

/// `check-registry-dns` for `registry.dns`.
pub fn check_title_id(id: CheckId) -> String {
    format!("check-{}", id.as_str().replace(['.', '_'], "-"))
}

/// The Microsoft Learn page a run closes with: az's own short link in
/// English, the page in the language's Learn path otherwise.
pub fn health_check_link(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_owned(),
        _ => format!(
            "https://learn.microsoft.com/{}/azure/container-registry/container-registry-check-health",
            lang.learn_locale()
        ),
    }
}

/// A code's page in the error reference, in the language's Learn path.
pub fn error_link(lang: Lang, code: Code) -> String {
    match lang {
        Lang::En => code.entry().link(),
        _ => format!(
            "https://learn.microsoft.com/{}/azure/container-registry/container-registry-health-error-reference#{}",
            lang.learn_locale(),
            code.as_str().to_ascii_lowercase()
        ),
    }
}

// ---- The English source ------------------------------------------------------

/// A template of ours in Fluent's syntax: `{name}` as `{ $name }`, any
/// other brace as a string literal, a `[`, `*` or `.` opening a line
/// quoted, edges' blanks kept, lines after the first indented.
pub fn ftl_pattern(template: &str) -> String {
    let names = placeholders(template);
    let mut lines = Vec::new();
    for line in template.split('\n') {
        let mut out = String::new();
        let mut rest = line;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let name = names.iter().find(|n| {
                rest[i..].starts_with('{')
                    && after.starts_with(**n)
                    && after[n.len()..].starts_with('}')
            });
            match name {
                Some(n) if *n == "direction" => {
                    out.push_str(
                        "{ $direction ->\n        [upgrade] upgrade\n       *[downgrade] downgrade\n    }",
                    );
                    rest = &after[n.len() + 1..];
                }
                Some(n) => {
                    out.push_str(&format!("{{ ${n} }}"));
                    rest = &after[n.len() + 1..];
                }
                None => {
                    out.push_str(&format!("{{\"{}\"}}", &rest[i..i + 1]));
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        if out.starts_with(['[', '*', '.']) {
            out = format!("{{\"{}\"}}{}", &out[..1], &out[1..]);
        }
        if out.starts_with(' ') || out.ends_with(' ') {
            out = format!("{{\"{}\"}}", out.replace('"', "\\\""));
        }
        lines.push(out);
    }
    if lines.len() == 1 && !lines[0].contains('\n') {
        lines.remove(0)
    } else {
        format!("\n    {}", lines.join("\n    "))
    }
}

fn ftl_entry(out: &mut String, id: &str, template: &str) {
    let pattern = ftl_pattern(template);
    if pattern.starts_with('\n') {
        out.push_str(&format!("{id} ={pattern}\n"));
    } else {
        out.push_str(&format!("{id} = {pattern}\n"));
    }
}

fn ftl_count(out: &mut String, id: &str, one: &str, other: &str) {
    out.push_str(&format!(
        "{id} =\n    {{ $count ->\n        [one] {}\n       *[other] {}\n    }}\n",
        ftl_pattern(one),
        ftl_pattern(other)
    ));
}

/// `i18n/en.ftl`: every id other languages translate, with its English
/// text, generated from the catalog and the tables here.
pub fn english_source() -> String {
    let mut out = String::from(
        "# acr-health's English source, generated from src/engine/catalog.rs,\n\
         # src/engine/check_id.rs and src/engine/i18n.rs by\n\
         # `UPDATE=1 cargo test --lib english_source`; do not edit by hand.\n\
         # Translations copy every id and keep every { $variable } (i18n/GUIDE.md).\n",
    );
    let mut group = "";
    for (id, en) in FRAME {
        let prefix = id.rsplit_once('-').map(|(p, _)| p).unwrap_or(id);
        let this = FRAME_GROUPS
            .iter()
            .find(|(p, _)| prefix.starts_with(p))
            .map(|(_, name)| *name)
            .unwrap_or("");
        if this != group {
            group = this;
            out.push_str(&format!("\n## {group}\n\n"));
        }
        match en {
            En::Text(s) => ftl_entry(&mut out, id, s),
            En::Count { one, other } => ftl_count(&mut out, id, one, other),
        }
    }
    out.push_str("\n## Check titles\n\n");
    for id in CheckId::ALL {
        ftl_entry(&mut out, &check_title_id(*id), id.title());
    }
    for (id, en) in TITLES {
        ftl_entry(&mut out, id, en);
    }
    out.push_str("\n## Message templates besides the codes' own\n\n");
    for (id, en) in MESSAGE_IDS {
        ftl_entry(&mut out, id, en);
    }
    out.push_str("\n## Error codes: title, meaning, message, causes, what to do\n");
    for e in ENTRIES {
        entry_source(&mut out, e);
    }
    out.push_str("\n## Remediation for special cases\n");
    for r in Remedy::ALL {
        out.push('\n');
        for (i, step) in r.steps().iter().enumerate() {
            ftl_entry(&mut out, &format!("remedy-{}-fix-{}", r.key(), i + 1), step);
        }
    }
    out
}

fn entry_source(out: &mut String, e: &Entry) {
    let key = e.code.key();
    out.push_str(&format!(
        "\n# {} ({})\n",
        e.code,
        if e.extension {
            "an acr-health extension"
        } else {
            "a reference code: -o az keeps az's English message"
        }
    ));
    ftl_entry(out, &format!("{key}-title"), e.title);
    ftl_entry(out, &format!("{key}-meaning"), e.meaning);
    let first = e.message.lines().next().unwrap_or_default();
    ftl_entry(out, &format!("{key}-message"), first);
    for (i, c) in e.causes.iter().enumerate() {
        ftl_entry(out, &format!("{key}-cause-{}", i + 1), c);
    }
    for (i, r) in e.remediation.iter().enumerate() {
        ftl_entry(out, &format!("{key}-fix-{}", i + 1), r);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    const EN_FTL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/i18n/en.ftl");

    #[test]
    fn english_source_is_committed() {
        let generated = english_source();
        if std::env::var_os("UPDATE").is_some() {
            std::fs::write(EN_FTL, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(EN_FTL).unwrap_or_default();
        assert!(
            committed == generated,
            "i18n/en.ftl is stale: run `UPDATE=1 cargo test --lib english_source`"
        );
    }

    /// Each message's id and the variables it references, from the syntax
    /// tree; panics on a syntax error or a duplicate id.
    pub(crate) fn ids_and_variables(name: &str, text: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match FluentResource::try_new(text.to_owned()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{name}: syntax errors: {errors:?}"),
        };
        let mut out = BTreeMap::new();
        for entry in resource.entries() {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_variables(p, &mut vars);
                    }
                    assert!(
                        m.attributes.is_empty(),
                        "{name}: {} has attributes; ids are flat",
                        m.id.name
                    );
                    let before = out.insert(m.id.name.to_owned(), vars);
                    assert!(before.is_none(), "{name}: {} twice", m.id.name);
                }
                ast::Entry::Term(t) => panic!("{name}: term -{} (none are used)", t.id.name),
                ast::Entry::Junk { content } => panic!("{name}: junk {content:?}"),
                _ => {}
            }
        }
        out
    }

    fn pattern_variables(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, vars);
            }
        }
    }

    fn expression_variables(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, vars);
                for v in variants {
                    pattern_variables(&v.value, vars);
                }
            }
            ast::Expression::Inline(i) => inline_variables(i, vars),
        }
    }

    fn inline_variables(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, vars)
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_variables(a, vars);
                }
                for a in &arguments.named {
                    inline_variables(&a.value, vars);
                }
            }
            ast::InlineExpression::MessageReference { id, .. } => {
                panic!("message reference {} (translations stand alone)", id.name)
            }
            _ => {}
        }
    }

    /// Checks a translation against the English source: the same ids, and
    /// in each message exactly the English variables (none unfilled, none
    /// unknown).
    pub(crate) fn check_against_english(name: &str, text: &str) {
        let en = ids_and_variables("en.ftl", &english_source());
        let tr = ids_and_variables(name, text);
        let missing: Vec<_> = en.keys().filter(|k| !tr.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        let extra: Vec<_> = tr.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            extra.is_empty(),
            "{name} has ids English does not: {extra:?}"
        );
        for (id, vars) in &en {
            assert_eq!(
                &tr[id], vars,
                "{name}: {id} must use exactly the variables {vars:?}"
            );
        }
    }

    #[test]
    fn english_source_parses_and_reads_as_the_rust_english() {
        let text = english_source();
        ids_and_variables("en.ftl", &text);
        let bundle = bundle_from(Lang::En, &text);
        let same = |id: &str, english: &str| {
            let args: Vec<(&str, Arg)> = placeholders(english)
                .into_iter()
                .map(|k| (k, Arg::Str(format!("<{k}>"))))
                .collect();
            let filled: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.english())).collect();
            let want = fill(english, &filled);
            let got = format_in(&bundle, id, &args).unwrap_or_else(|| panic!("no {id}"));
            assert_eq!(got, want, "{id}");
        };
        for (id, en) in FRAME {
            match en {
                En::Text(s) => same(id, s),
                En::Count { one, other } => {
                    for (n, want) in [(1, one), (2, other), (0, other)] {
                        let got = format_in(&bundle, id, &[("count", Arg::Count(n))]).unwrap();
                        assert_eq!(got, want.replace("{count}", &n.to_string()), "{id} {n}");
                        assert_eq!(got, t(Lang::En, id, &[("count", Arg::Count(n))]));
                    }
                }
            }
        }
        for id in CheckId::ALL {
            same(&check_title_id(*id), id.title());
        }
        for (id, en) in TITLES.iter().chain(MESSAGE_IDS) {
            same(id, en);
        }
        for e in ENTRIES {
            let key = e.code.key();
            same(&format!("{key}-title"), e.title);
            same(&format!("{key}-meaning"), e.meaning);
            for (i, c) in e.causes.iter().enumerate() {
                same(&format!("{key}-cause-{}", i + 1), c);
            }
            for (i, r) in e.remediation.iter().enumerate() {
                same(&format!("{key}-fix-{}", i + 1), r);
            }
            let first = e.message.lines().next().unwrap();
            if !first.contains("{direction}") {
                same(&format!("{key}-message"), first);
            }
        }
        for r in Remedy::ALL {
            for (i, step) in r.steps().iter().enumerate() {
                same(&format!("remedy-{}-fix-{}", r.key(), i + 1), step);
            }
        }
        // The notary message selects its verb.
        for d in ["upgrade", "downgrade"] {
            let got = format_in(
                &bundle,
                "notary-version-error-message",
                &[("direction", Arg::Str(d.into()))],
            )
            .unwrap();
            assert_eq!(
                got,
                Code::NotaryVersionError
                    .entry()
                    .message
                    .replace("{direction}", d)
            );
        }
    }

    /// Every message's pieces, read through the English source, give the
    /// English message itself: the pieces name the right ids and values.
    #[test]
    fn pieces_read_through_english_give_the_english_message() {
        let bundle = bundle_from(Lang::En, &english_source());
        for m in crate::engine::catalog::tests::examples() {
            let Some(pieces) = m.pieces() else { continue };
            let mut out = String::new();
            for p in &pieces {
                match p {
                    Piece::Raw(t) => out.push_str(t),
                    Piece::Text { id, args } => {
                        let args: Vec<(&str, Arg)> = args
                            .iter()
                            .map(|(k, v)| (*k, Arg::Str(v.clone())))
                            .collect();
                        out.push_str(
                            &format_in(&bundle, id, &args).unwrap_or_else(|| panic!("{id}")),
                        );
                    }
                }
            }
            let english = m.render();
            // English joins a token's actions with "and"; pieces with commas.
            if matches!(
                m,
                crate::engine::catalog::Message::LackingPermissions { .. }
            ) {
                continue;
            }
            assert_eq!(sanitize::line_starts(&out), english, "{m:?}");
        }
    }

    #[test]
    fn every_language_has_every_id_and_exactly_its_variables() {
        for lang in translated() {
            check_against_english(lang.tag(), source(lang).unwrap());
        }
    }

    /// Our translations are printed as they are (only the values inside
    /// them are outside text): no control or bidi character may hide in
    /// one, and none may come out of a message formatted with plain values.
    #[test]
    fn translations_hold_no_control_or_bidi_characters() {
        for lang in translated() {
            let text = source(lang).unwrap();
            for (n, line) in text.lines().enumerate() {
                assert!(
                    !line.chars().any(sanitize::is_unsafe),
                    "{}.ftl line {}: {line:?}",
                    lang.tag(),
                    n + 1
                );
            }
            let bundle = bundle(lang).unwrap();
            for (id, vars) in ids_and_variables(lang.tag(), text) {
                let args: Vec<(&str, Arg)> =
                    vars.iter().map(|v| (v.as_str(), Arg::Count(2))).collect();
                let out = format_in(bundle, &id, &args).unwrap();
                assert!(
                    !out.split('\n').any(|l| l.chars().any(sanitize::is_unsafe)),
                    "{}: {id} formats to {out:?}",
                    lang.tag()
                );
                assert!(!out.trim().is_empty(), "{}: {id} is empty", lang.tag());
            }
        }
    }

    #[test]
    fn the_check_catches_what_it_must() {
        let en = english_source();
        // A missing id.
        let cut = en.replace("report-what-to-do = What to do:\n", "");
        assert!(std::panic::catch_unwind(|| check_against_english("t", &cut)).is_err());
        // An unknown variable.
        let unknown = en.replace(
            "An error occurred: { $code }",
            "An error occurred: { $cod }",
        );
        assert!(std::panic::catch_unwind(|| check_against_english("t", &unknown)).is_err());
        // An unfilled one (the English variable left out).
        let dropped = en.replace("An error occurred: { $code }", "An error occurred");
        assert!(std::panic::catch_unwind(|| check_against_english("t", &dropped)).is_err());
        // A syntax error.
        let broken = format!("{en}\nbroken = {{ $x\n");
        assert!(std::panic::catch_unwind(|| check_against_english("t", &broken)).is_err());
        check_against_english("en", &en);
    }

    #[test]
    fn russian_plurals_pick_one_few_many() {
        let ru = "n = { $count ->\n    [one] {$count} ошибка\n    [few] {$count} ошибки\n   *[many] {$count} ошибок\n}\n";
        let bundle = bundle_from(Lang::Ru, ru);
        let got = |n| format_in(&bundle, "n", &[("count", Arg::Count(n))]).unwrap();
        assert_eq!(got(1), "1 ошибка");
        assert_eq!(got(2), "2 ошибки");
        assert_eq!(got(5), "5 ошибок");
        assert_eq!(got(21), "21 ошибка");
        assert_eq!(got(11), "11 ошибок");
        // The shipped catalog: the summary's count of errors.
        let forms: Vec<String> = [1, 2, 5, 21]
            .iter()
            .map(|n| {
                t(
                    Lang::Ru,
                    "report-count-errors",
                    &[("count", Arg::Count(*n))],
                )
            })
            .collect();
        assert_eq!(forms, ["1 ошибка", "2 ошибки", "5 ошибок", "21 ошибка"]);
    }

    #[test]
    fn placeables_are_not_isolated() {
        for lang in translated() {
            let s = t(lang, "report-error-occurred", &[("code", "X".into())]);
            assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
            assert!(s.contains('X'));
        }
    }

    #[test]
    fn numbers_keep_their_decimals() {
        let bundle = bundle_from(Lang::Ja, "s = { $seconds } s\n");
        let got = format_in(&bundle, "s", &[("seconds", Arg::Fixed(0.056, 2))]).unwrap();
        assert_eq!(got, "0.06 s");
        let got = format_in(&bundle, "s", &[("seconds", Arg::Fixed(3.0, 2))]).unwrap();
        assert_eq!(got, "3.00 s");
        let summary = t(
            Lang::En,
            "report-summary",
            &[("seconds", Arg::Fixed(0.056, 2))],
        );
        assert!(summary.contains("0.06 s"), "{summary}");
    }

    #[test]
    fn english_runs_parse_no_catalog() {
        assert!(source(Lang::En).is_none());
        assert!(bundle(Lang::En).is_none());
    }

    #[test]
    fn fluent_syntax_is_quoted_where_text_would_be_syntax() {
        assert_eq!(ftl_pattern("a {x} b"), "a { $x } b");
        assert_eq!(
            ftl_pattern("a {{json .}} b"),
            "a {\"{\"}{\"{\"}json .{\"}\"}{\"}\"} b"
        );
        assert_eq!(ftl_pattern(", "), "{\", \"}");
        assert_eq!(ftl_pattern("one\n[two]"), "\n    one\n    {\"[\"}two]");
    }
}
