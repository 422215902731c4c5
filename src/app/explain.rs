//! `codes` and `explain`: the catalog, offline.

use crate::engine::catalog::{Code, ENTRIES, markdown};
use std::io::{self, Write};

use serde_json::json;

use crate::app::cli::CodesFormat;

pub fn codes(format: CodesFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        CodesFormat::Text => {
            let width = ENTRIES
                .iter()
                .map(|e| e.code.as_str().len())
                .max()
                .unwrap_or(0);
            for e in ENTRIES {
                let mark = if e.extension { "  (extension)" } else { "" };
                writeln!(out, "{:width$}  {}{mark}", e.code.as_str(), e.title)?;
            }
            Ok(())
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
        CodesFormat::Markdown => out.write_all(markdown().as_bytes()),
    }
}

pub fn explain(code: Code, out: &mut dyn Write) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_states_the_reference_facts() {
        for (code, facts) in crate::engine::catalog::REFERENCE_FACTS {
            let mut explained = Vec::new();
            explain(*code, &mut explained).unwrap();
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
