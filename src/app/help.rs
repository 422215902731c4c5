//! The closing sections of each command's `--help` and man page: exit
//! status, environment and examples, written once here and rendered both
//! ways (plain text after the flags in `--help`; roff `EXIT STATUS`,
//! `ENVIRONMENT` and `EXAMPLES` sections in `acr-health man`), so the two
//! never disagree. `-h` stays short: it shows none of them.

/// A page: the top one or a command's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Top,
    Check,
    Demo,
    Serve,
    Explain,
    Codes,
    Completions,
    Man,
    Az,
}

impl Page {
    /// The page of the command named `name` (a subcommand of `acr-health`).
    pub fn of(name: &str) -> Option<Page> {
        Some(match name {
            "check" => Page::Check,
            "demo" => Page::Demo,
            "serve" => Page::Serve,
            "explain" => Page::Explain,
            "codes" => Page::Codes,
            "completions" => Page::Completions,
            "man" => Page::Man,
            "az" => Page::Az,
            _ => return None,
        })
    }
}

/// The signal line every command that runs checks shares.
const SIGNALED: (&str, &str) = (
    "128+N",
    "interrupted by signal N (130 Ctrl-C/SIGINT, 143 SIGTERM, 129 SIGHUP): every program \
     started was ended and the report completed, each unfinished step marked",
);

/// What each exit status means (docs/behaviour.md §5).
pub fn exit_status(page: Page) -> &'static [(&'static str, &'static str)] {
    match page {
        Page::Top => &[
            (
                "0",
                "success; for check, no check failed (warnings are allowed); serve stopped by \
                 SIGTERM or SIGINT",
            ),
            (
                "1",
                "check or demo: at least one check failed (with --ignore-errors too); serve: \
                 the address could not be listened on",
            ),
            (
                "2",
                "bad usage or bad input, with a one-line reason on stderr",
            ),
            SIGNALED,
        ],
        Page::Check => &[
            ("0", "no check failed; warnings are allowed"),
            (
                "1",
                "at least one check failed (with --ignore-errors too), --deadline passed, or a \
                 --report-json/--report-junit file could not be written; in -o az, a -n that az \
                 refuses",
            ),
            (
                "2",
                "bad usage or bad input (a registry name, a duration, a CA file, a report path, \
                 ...), with a one-line reason on stderr; nothing was checked",
            ),
            SIGNALED,
        ],
        Page::Demo => &[
            ("0", "no check failed against the simulator"),
            (
                "1",
                "a check failed (the fault scenarios are meant to: each names its code)",
            ),
            (
                "2",
                "bad usage (an unknown scenario, -n) or the simulator could not start",
            ),
            SIGNALED,
        ],
        Page::Serve => &[
            (
                "0",
                "stopped by SIGTERM or SIGINT (Ctrl-C): the run in progress was cancelled and \
                 every program it started ended; failed checks never end the process",
            ),
            (
                "1",
                "the address could not be listened on (in use, not permitted)",
            ),
            (
                "2",
                "bad usage or bad input (a registry name, --interval under 1s, an --listen that \
                 is not IP:PORT, a check flag serve does not take, ...), with a one-line reason \
                 on stderr; nothing was served",
            ),
        ],
        Page::Explain => &[
            ("0", "the code was explained"),
            ("2", "no such code, or bad usage"),
        ],
        Page::Codes | Page::Completions => &[("0", "printed"), ("2", "bad usage")],
        Page::Man => &[
            ("0", "the page was printed"),
            ("2", "no such command, or bad usage"),
        ],
        Page::Az => &[
            (
                "0",
                "no check failed (warnings are allowed), or help was shown",
            ),
            (
                "1",
                "a check failed, az refused an input (a registry name, a subscription, --vnet), or --query failed on the result",
            ),
            (
                "2",
                "az's usage error (an unknown argument or command, a missing value, an -o value az does not have, a --query that does not compile), printed as az prints it",
            ),
            SIGNALED,
        ],
    }
}

/// Where the language comes from without --lang (docs/behaviour.md §9).
const LANGUAGE_VARIABLES: (&str, &str) = (
    "ACR_HEALTH_LANG, LANGUAGE, LC_ALL, LC_MESSAGES, LANG",
    "the language of the report when --lang is not given (en, ja, zh-TW, ru, th; others are \
     English); -o az is always English",
);

/// The environment variables a page's command reads.
pub fn environment(page: Page) -> &'static [(&'static str, &'static str)] {
    match page {
        Page::Serve => {
            // check's, without the ones about text output and CI.
            let all = environment(Page::Check);
            &all[..all.len() - 2]
        }
        Page::Top | Page::Check => &[
            (
                "AZURE_TENANT_ID, AZURE_CLIENT_ID",
                "a service principal, with AZURE_CLIENT_SECRET, or a workload identity, with \
                 AZURE_FEDERATED_TOKEN_FILE",
            ),
            (
                "IDENTITY_ENDPOINT, IDENTITY_HEADER",
                "a managed identity of App Service or Container Apps",
            ),
            (
                "ACR_HEALTH_AAD_TOKEN",
                "an Entra ID access token for the registry, used as it is",
            ),
            (
                "AZURE_CONFIG_DIR",
                "the Azure CLI's directory (default ~/.azure): its login, default registry, \
                 subscription and cloud; ACR_HEALTH_AZ_FILES=0 stops reading its files",
            ),
            (
                "AZURE_SUBSCRIPTION_ID",
                "the subscription to read the registry from ARM in",
            ),
            (
                "AZURE_AUTHORITY_HOST",
                "Entra ID's https:// endpoint instead of the cloud's",
            ),
            ("ACR_HEALTH_ARM_ENDPOINT", "the same as --arm-endpoint"),
            (
                "HTTPS_PROXY, NO_PROXY",
                "the proxy for https requests, and the hosts that bypass it",
            ),
            (
                "SSL_CERT_FILE, SSL_CERT_DIR",
                "the root certificates to trust instead of the system's",
            ),
            (
                "DOCKER_HOST, DOCKER_CONFIG, DOCKER_CONTEXT",
                "the docker daemon and docker's configuration for the docker checks",
            ),
            ("NO_COLOR, CLICOLOR_FORCE", "colour in text mode"),
            LANGUAGE_VARIABLES,
            (
                "GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, TF_BUILD",
                "in text mode, CI annotations and GitHub's job summary",
            ),
        ],
        Page::Demo => &[
            (
                "PATH, HOME, DOCKER_HOST, DOCKER_CONFIG, NO_COLOR, CLICOLOR_FORCE, TERM",
                "the only ones read besides the language's: the demo is sealed off from this \
                 machine's Azure setup (no AZURE_* credentials, no Azure CLI files, no proxy)",
            ),
            LANGUAGE_VARIABLES,
        ],
        Page::Az => &[
            (
                "AZURE_CONFIG_DIR",
                "the Azure CLI's directory (default ~/.azure): its login, default registry \
                 (defaults.acr), subscription, cloud and core.only_show_errors",
            ),
            (
                "REQUESTS_CA_BUNDLE",
                "a CA bundle to trust beside the system's, as az's requests reads it",
            ),
            (
                "ACR_HEALTH_DNS_SERVER",
                "the DNS server to ask instead of the system's (check's --dns-server)",
            ),
            (
                "HTTPS_PROXY, NO_PROXY",
                "the proxy for https requests, and the hosts that bypass it",
            ),
        ],
        Page::Explain | Page::Codes => &[LANGUAGE_VARIABLES],
        Page::Completions | Page::Man => &[("(none)", "the output depends on the arguments only")],
    }
}

/// Commands to copy, each with what it shows.
pub fn examples(page: Page) -> &'static [(&'static str, &'static str)] {
    match page {
        Page::Top => &[
            (
                "acr-health check -n myregistry",
                "check a registry and this machine",
            ),
            (
                "acr-health demo",
                "see it work: a run against the built-in simulator",
            ),
            (
                "acr-health explain CONNECTIVITY_DNS_ERROR",
                "what a code means and what to do",
            ),
            ("acr-health check --help", "every flag of check"),
        ],
        Page::Check => &[
            (
                "acr-health check -n myregistry",
                "everything; stop at the first problem",
            ),
            (
                "acr-health check -n myregistry --ignore-errors",
                "every check, every problem",
            ),
            (
                "acr-health check -n myregistry --repository app -y",
                "can I pull, push and delete in 'app'?",
            ),
            (
                "acr-health check -n myregistry -o az",
                "the stream of az acr check-health, byte for byte",
            ),
            (
                "acr-health check -n reg1 -n reg2 --skip environment --wait 2m",
                "CI: wait until new registries work",
            ),
            (
                "acr-health check -n myregistry --skip environment --report-json r.json",
                "CI: text in the log, the JSON report beside it, one run",
            ),
            (
                "echo \"$PASSWORD\" | acr-health check -n myregistry -u myregistry --password-stdin",
                "the admin user or a token, password kept off the command line",
            ),
        ],
        Page::Serve => &[
            (
                "acr-health serve -n myregistry",
                "check every minute; metrics on http://127.0.0.1:9713/metrics",
            ),
            (
                "acr-health serve -n reg1 -n reg2 --interval 5m --listen 0.0.0.0:9713",
                "two registries every five minutes, for a Prometheus on another machine",
            ),
            (
                "acr-health serve --node -n myregistry --listen 0.0.0.0:9713",
                "on a Kubernetes node, as its kubelet pulls (a DaemonSet)",
            ),
            (
                "acr-health serve -n myregistry --interval 30s --deadline 25s",
                "every 30 seconds, each run cut off after 25",
            ),
        ],
        Page::Demo => &[
            ("acr-health demo", "a healthy registry"),
            ("acr-health demo --list", "the fault scenarios"),
            (
                "acr-health demo --scenario forbidden",
                "a firewall that refuses this machine",
            ),
            (
                "acr-health demo --az-login -o json",
                "signed in from az's files, as after az login",
            ),
        ],
        Page::Explain => &[(
            "acr-health explain connectivity_dns_error",
            "any case will do",
        )],
        Page::Codes => &[
            ("acr-health codes", "every code, extensions marked"),
            (
                "acr-health codes -o markdown > errors.md",
                "the docs/errors.md page",
            ),
        ],
        Page::Completions => &[
            (
                "acr-health completions bash > /etc/bash_completion.d/acr-health",
                "bash",
            ),
            (
                "acr-health completions zsh > \"${fpath[1]}/_acr-health\"",
                "zsh",
            ),
        ],
        Page::Az => &[
            (
                "acr-health az acr check-health -n myregistry --yes --only-show-errors",
                "a script's az line, with az replaced",
            ),
            (
                "acr-health az acr check-health -h",
                "the arguments it takes, in az's layout",
            ),
        ],
        Page::Man => &[
            ("acr-health man | man -l -", "read the top page"),
            (
                "acr-health man check > acr-health-check.1",
                "install a command's page",
            ),
        ],
    }
}

/// The text after the flags in `--help`: exit status, environment, examples.
/// Wrapped here, at 80 columns with a hanging indent, so that clap has
/// nothing left to wrap on a terminal of that width or wider.
pub fn long_after(page: Page) -> String {
    let mut out = String::new();
    let mut section = |title: &str, rows: &[(&str, &str)], beside: bool| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(title);
        out.push_str(":\n");
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (key, text) in rows {
            if beside {
                // A short key (an exit status): the text beside it.
                let first = format!("  {key:width$}  ");
                let rest = " ".repeat(first.len());
                wrap(&mut out, text, &first, &rest);
            } else {
                // A long key (variables, a command): the text below it.
                out.push_str(&format!("  {key}\n"));
                wrap(&mut out, text, "      ", "      ");
            }
        }
    };
    section("Exit status", exit_status(page), true);
    section("Environment", environment(page), false);
    section("Examples", examples(page), false);
    out
}

/// The width `long_after` wraps at.
const WIDTH: usize = 80;

/// Appends `text` wrapped at `WIDTH`, its first line after `first`, the
/// others after `rest`.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.len() + 1 + word.len() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// The text after the commands in the top page's `-h`: a few examples.
pub fn short_after() -> String {
    let mut out = String::from("Examples:\n");
    for (command, _) in examples(Page::Top) {
        out.push_str(&format!("  {command}\n"));
    }
    out
}

/// Escapes text for a roff body line: backslashes and hyphens (so that
/// `-n` is typed as it reads), and a `.` or `'` that would start a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// The man page's `EXIT STATUS`, `ENVIRONMENT` and `EXAMPLES` sections.
pub fn man_sections(page: Page) -> String {
    let mut out = String::new();
    let mut tagged = |title: &str, rows: &[(&str, &str)]| {
        out.push_str(&format!(".SH \"{title}\"\n"));
        for (key, text) in rows {
            out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(key), roff(text)));
        }
    };
    tagged("EXIT STATUS", exit_status(page));
    tagged("ENVIRONMENT", environment(page));
    out.push_str(".SH EXAMPLES\n");
    for (command, text) in examples(page) {
        // A sentence above the command: "Every check, every problem:".
        let mut chars = text.chars();
        let sentence = match chars.next() {
            Some(c) => format!("{}{}:", c.to_uppercase(), chars.as_str()),
            None => String::new(),
        };
        out.push_str(&format!(
            ".PP\n{}\n.PP\n.RS 4\n.nf\n{}\n.fi\n.RE\n",
            roff(&sentence),
            roff(command)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: [Page; 9] = [
        Page::Az,
        Page::Top,
        Page::Check,
        Page::Demo,
        Page::Serve,
        Page::Explain,
        Page::Codes,
        Page::Completions,
        Page::Man,
    ];

    #[test]
    fn every_page_has_the_three_sections() {
        for page in PAGES {
            let text = long_after(page);
            for title in ["Exit status:\n", "\nEnvironment:\n", "\nExamples:\n"] {
                assert!(text.contains(title), "{page:?}: {title} in\n{text}");
            }
            assert!(text.contains("  0  "), "{page:?}\n{text}");
            let man = man_sections(page);
            for title in [".SH \"EXIT STATUS\"", ".SH \"ENVIRONMENT\"", ".SH EXAMPLES"] {
                assert!(man.contains(title), "{page:?}: {title} in\n{man}");
            }
        }
    }

    #[test]
    fn examples_start_with_the_command_they_are_about() {
        for page in PAGES {
            for (command, _) in examples(page) {
                assert!(command.contains("acr-health "), "{command}");
            }
        }
        for (command, _) in examples(Page::Check) {
            assert!(command.contains("acr-health check "), "{command}");
        }
    }

    #[test]
    fn sections_fit_in_80_columns() {
        for page in PAGES {
            for line in long_after(page).lines() {
                // A command example is never cut; everything else fits.
                assert!(
                    line.chars().count() <= WIDTH || line.contains("acr-health "),
                    "{page:?}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn roff_escapes_what_roff_would_read_as_requests() {
        assert_eq!(roff("-n a\\b"), "\\-n a\\eb");
        assert_eq!(roff(".x"), "\\&.x");
        assert_eq!(roff("'x"), "\\&'x");
    }
}
