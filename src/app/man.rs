//! `acr-health man`: roff man pages generated from the clap definition, so
//! they can never disagree with `--help`. One page per command, as
//! clap_mangen renders them: the top page lists the commands, and
//! `acr-health man check` is `acr-health-check(1)` with every flag.

use std::io::Write;

use clap::CommandFactory;

use crate::app::cli::Cli;
use crate::app::help::{self, Page};
use crate::app::options::UsageError;

/// Writes the page for `command` (None: the top page) to `out`.
pub fn page(command: Option<&str>, out: &mut dyn Write) -> Result<(), UsageError> {
    // No `help` command on the pages: clap_mangen would list an
    // `acr-health-help(1)` that nobody ships (`acr-health help CMD` still
    // works; it is `CMD --help`).
    let mut top = Cli::command().disable_help_subcommand(true);
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
    let sections = help::man_sections(
        Page::of(cmd.get_name().trim_start_matches("acr-health-")).unwrap_or(Page::Top),
    );
    // The text `--help` ends with becomes the EXIT STATUS, ENVIRONMENT and
    // EXAMPLES sections below, not clap_mangen's catch-all EXTRA.
    let cmd = cmd
        .after_help(None::<&'static str>)
        .after_long_help(None::<&'static str>);
    let mut rendered = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("acr-health {}", env!("CARGO_PKG_VERSION")))
        .render(&mut rendered)
        .map_err(|e| UsageError(format!("cannot render the man page: {e}")))?;
    // Before VERSION and AUTHORS, where man-pages(7) puts them.
    let rendered = String::from_utf8_lossy(&rendered);
    let page = match rendered.find("\n.SH VERSION") {
        Some(at) => format!("{}\n{}{}", &rendered[..at], sections, &rendered[at + 1..]),
        None => format!("{rendered}{sections}"),
    };
    // A closed pipe (`| head`) is not an error of ours.
    let _ = out.write_all(page.as_bytes());
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
        // No page is named that is not shipped.
        assert!(!top.contains("acr\\-health\\-help"), "{top}");
    }

    #[test]
    fn every_page_ends_with_exit_status_environment_and_examples() {
        for command in [
            None,
            Some("check"),
            Some("demo"),
            Some("explain"),
            Some("codes"),
            Some("completions"),
            Some("man"),
        ] {
            let page = render(command);
            let at = |s: &str| {
                page.find(s)
                    .unwrap_or_else(|| panic!("{command:?}: no {s} in\n{page}"))
            };
            let exit = at(".SH \"EXIT STATUS\"");
            let env = at(".SH \"ENVIRONMENT\"");
            let examples = at(".SH EXAMPLES");
            assert!(exit < env && env < examples, "{command:?}");
            // In place of clap_mangen's catch-all section.
            assert!(!page.contains(".SH EXTRA"), "{command:?}");
        }
        let check = render(Some("check"));
        assert!(check.contains(".SH \"AZ'S FLAGS\""), "{check}");
        assert!(check.contains("\\fB2\\fR\nbad usage"), "{check}");
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
