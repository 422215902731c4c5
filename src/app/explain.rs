//! `codes` and `explain`: the catalog, offline.

use crate::engine::catalog::{Code, ENTRIES, markdown};
use std::io::{self, Write};

use serde_json::json;

use crate::app::cli::CodesFormat;
use crate::engine::i18n::{self, Arg, t};
use crate::guard::sanitize::{pad, width};
use crate::sys::lang::Lang;

/// `codes`: every code with its title (in `lang`); JSON and the docs page
/// keep the catalog's English under en, the language's words otherwise.
pub fn codes(format: CodesFormat, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    match format {
        CodesFormat::Text => {
            let widest = ENTRIES
                .iter()
                .map(|e| width(e.code.as_str()))
                .max()
                .unwrap_or(0);
            let mark = t(lang, "codes-extension", &[]);
            for e in ENTRIES {
                let mark = if e.extension {
                    format!("  {mark}")
                } else {
                    String::new()
                };
                let title = i18n::title(lang, e.code);
                writeln!(out, "{}  {title}{mark}", pad(e.code.as_str(), widest))?;
            }
            Ok(())
        }
        CodesFormat::Json if lang != Lang::En => {
            let list: Vec<_> = ENTRIES
                .iter()
                .map(|e| {
                    json!({
                        "code": e.code,
                        "title": i18n::title(lang, e.code),
                        "extension": e.extension,
                        "message": e.message,
                        "localizedMessage": i18n::message_template(lang, e.code),
                        "meaning": i18n::meaning(lang, e.code),
                        "causes": i18n::causes(lang, e.code),
                        "remediation": i18n::fixes(lang, e.code),
                        "link": i18n::error_link(lang, e.code),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)
        }
        CodesFormat::Json => {
            let list: Vec<_> = ENTRIES
                .iter()
                .map(|e| {
                    json!({
                        "code": e.code,
                        "title": e.title,
                        "extension": e.extension,
                        "message": e.message,
                        "meaning": e.meaning,
                        "causes": e.causes,
                        "remediation": e.remediation,
                        "link": e.link(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)
        }
        CodesFormat::Markdown if lang != Lang::En => out.write_all(errors_page(lang).as_bytes()),
        CodesFormat::Markdown => out.write_all(markdown().as_bytes()),
    }
}

/// `docs/errors.<lang>.md`: the `docs/errors.md` page in `lang`, with each
/// reference code's English message as az prints it.
pub fn errors_page(lang: Lang) -> String {
    let tr = |id: &str| t(lang, id, &[]);
    let mut out = format!(
        "# {}\n\n\
         <!-- Generated from src/engine/catalog.rs and i18n/{}.ftl by `cargo run -- codes -o markdown --lang {}`; do not edit by hand. -->\n\n{}\n\n\
         | {} | {} | {} |\n|---|---|---|\n",
        tr("errors-doc-heading"),
        lang.tag(),
        lang.tag(),
        t(
            lang,
            "errors-doc-intro",
            &[("command", Arg::from("`acr-health explain CODE`"))]
        ),
        tr("errors-doc-column-code"),
        tr("errors-doc-column-title"),
        tr("errors-doc-column-kind"),
    );
    for e in ENTRIES {
        let kind = if e.extension {
            tr("errors-doc-kind-extension")
        } else {
            tr("errors-doc-kind-reference")
        };
        let anchor = e.code.as_str().to_ascii_lowercase();
        out.push_str(&format!(
            "| [{}](#{anchor}) | {} | {kind} |\n",
            e.code,
            i18n::title(lang, e.code)
        ));
    }
    for e in ENTRIES {
        out.push_str(&format!("\n## {}\n\n", e.code));
        out.push_str(&format!("**{}**", i18n::title(lang, e.code)));
        if e.extension {
            out.push_str(&format!(" {}", tr("codes-extension")));
        }
        out.push_str(&format!(
            "\n\n{}\n\n{}\n\n",
            i18n::meaning(lang, e.code),
            tr("explain-message")
        ));
        for line in i18n::message_template(lang, e.code).lines() {
            out.push_str(&format!("    {line}\n"));
        }
        if !e.extension {
            out.push_str(&format!("\n{}\n\n", tr("explain-az-message")));
            for line in e.message.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        out.push_str(&format!("\n{}\n\n", tr("explain-causes")));
        for c in i18n::causes(lang, e.code) {
            out.push_str(&format!("- {c}\n"));
        }
        out.push_str(&format!("\n{}\n\n", tr("explain-fixes")));
        for (i, r) in i18n::fixes(lang, e.code).iter().enumerate() {
            out.push_str(&format!("{}. {r}\n", i + 1));
        }
        let link = i18n::error_link(lang, e.code);
        out.push_str(&format!(
            "\n{}\n",
            t(
                lang,
                "errors-doc-reference",
                &[("link", format!("<{link}>").into())]
            )
        ));
    }
    out
}

pub fn explain(code: Code, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    if lang != Lang::En {
        return explain_in(code, lang, out);
    }
    let e = code.entry();
    writeln!(
        out,
        "{} — {}{}",
        e.code,
        e.title,
        if e.extension {
            " (acr-health extension)"
        } else {
            ""
        }
    )?;
    writeln!(out, "\n{}\n\nMessage:", e.meaning)?;
    for line in e.message.lines() {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "\nLikely causes:")?;
    for c in e.causes {
        writeln!(out, "  - {c}")?;
    }
    writeln!(out, "\nWhat to do:")?;
    for (i, r) in e.remediation.iter().enumerate() {
        writeln!(out, "  {}. {r}", i + 1)?;
    }
    writeln!(out, "\nMore: {}", e.link())
}

/// `explain` in another language: the same sections, and for a reference
/// code the English message az prints too (what the reader will see in
/// az's output and in `-o az`).
fn explain_in(code: Code, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let e = code.entry();
    let tr = |id: &str| t(lang, id, &[]);
    let mark = if e.extension {
        format!(" {}", tr("explain-extension"))
    } else {
        String::new()
    };
    writeln!(out, "{} — {}{mark}", e.code, i18n::title(lang, code))?;
    writeln!(
        out,
        "\n{}\n\n{}",
        i18n::meaning(lang, code),
        tr("explain-message")
    )?;
    for line in i18n::message_template(lang, code).lines() {
        writeln!(out, "  {line}")?;
    }
    if !e.extension {
        writeln!(out, "\n{}", tr("explain-az-message"))?;
        for line in e.message.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out, "\n{}", tr("explain-causes"))?;
    for c in i18n::causes(lang, code) {
        writeln!(out, "  - {c}")?;
    }
    writeln!(out, "\n{}", tr("explain-fixes"))?;
    for (i, r) in i18n::fixes(lang, code).iter().enumerate() {
        writeln!(out, "  {}. {r}", i + 1)?;
    }
    let link = i18n::error_link(lang, code);
    writeln!(
        out,
        "\n{}",
        t(lang, "explain-more", &[("link", link.into())])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_states_the_reference_facts() {
        for (code, facts) in crate::engine::catalog::REFERENCE_FACTS {
            let mut explained = Vec::new();
            explain(*code, Lang::En, &mut explained).unwrap();
            let explained = String::from_utf8(explained).unwrap().to_lowercase();
            for fact in *facts {
                let fact = fact.to_lowercase();
                assert!(
                    explained.contains(&fact),
                    "{code}: explain does not mention {fact:?}"
                );
            }
        }
    }
}
