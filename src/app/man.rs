//! `acr-health man`: roff man pages generated from the clap definition, so
//! they can never disagree with `--help`. One page per command, as
//! clap_mangen renders them: the top page lists the commands, and
//! `acr-health man check` is `acr-health-check(1)` with every flag.

use std::io::Write;

use clap::CommandFactory;

use crate::app::cli::Cli;
use crate::app::options::UsageError;

/// Writes the page for `command` (None: the top page) to `out`.
pub fn page(command: Option<&str>, out: &mut dyn Write) -> Result<(), UsageError> {
    let mut top = Cli::command();
    // Building fills in what a subcommand inherits: its display name
    // (`acr-health-check`), the version, the help flags.
    top.build();
    let cmd = match command {
        None => top,
        Some(name) => top
            .get_subcommands()
            .find(|c| c.get_name() == name && c.get_name() != "help")
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&str> = top
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                UsageError(format!(
                    "no man page for '{}': the commands are {}",
                    name.escape_debug(),
                    names.join(", ")
                ))
            })?,
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("acr-health {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(|e| UsageError(format!("cannot render the man page: {e}")))?;
    // A closed pipe (`| head`) is not an error of ours.
    let _ = out.write_all(&page);
    let _ = out.flush();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(command: Option<&str>) -> String {
        let mut out = Vec::new();
        page(command, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn top_page_lists_the_commands() {
        let top = render(None);
        assert!(top.starts_with(".ie \\n(.g .ds Aq"), "{}", &top[..80]);
        assert!(top.contains(".TH acr-health 1"), "{top}");
        for sub in ["check", "demo", "explain", "codes", "completions", "man"] {
            assert!(
                top.contains(&format!("acr\\-health\\-{sub}(1)")),
                "{sub} in\n{top}"
            );
        }
    }

    #[test]
    fn check_page_has_its_flags() {
        let check = render(Some("check"));
        assert!(check.contains(".TH acr-health-check 1"), "{check}");
        assert!(check.contains("\\-\\-ignore\\-errors"), "{check}");
        assert!(check.contains("\\-\\-repository"), "{check}");
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        let e = page(Some("nope"), &mut Vec::new()).unwrap_err();
        assert!(e.0.contains("no man page for 'nope'"), "{e}");
        assert!(e.0.contains("check, demo"), "{e}");
    }
}
