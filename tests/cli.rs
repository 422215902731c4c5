//! The command line itself: usage errors (one line, exit 2), `codes`,
//! `explain`, completions, and the generated docs page.

use crate::util::acr_health;

fn assert_usage_error(args: &[&str], needle: &str) {
    let run = acr_health().args(args).run();
    assert_eq!(run.status, 2, "{args:?}: {}", run.all());
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "{args:?} must fail in one line:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with("acr-health: error: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needle),
        "{args:?}: expected {needle:?} in {}",
        run.stderr
    );
}

#[test]
fn bad_registry_name_names_the_rule() {
    assert_usage_error(
        &["check", "-n", "bad name!"],
        "5 to 50 ASCII letters and digits",
    );
    assert_usage_error(&["check", "-n", "abc"], "5 to 50 ASCII letters and digits");
    assert_usage_error(
        &["check", "-n", "https://x.azurecr.io"],
        "without scheme or path",
    );
    assert_usage_error(&["check", "-n", "x.azurecr.io:70000"], "port");
}

#[test]
fn bad_flags_fail_in_one_line() {
    assert_usage_error(
        &["check", "-o", "yaml"],
        "possible values: text, az, json, markdown, junit",
    );
    assert_usage_error(&["check", "--timeout", "soon"], "invalid --timeout 'soon'");
    assert_usage_error(&["check", "--timeout", "0"], "must be more than zero");
    assert_usage_error(&["check", "--wait", "forever"], "invalid --wait");
    assert_usage_error(
        &["check", "--dns-server", "dns.example"],
        "invalid --dns-server",
    );
    assert_usage_error(&["check", "--resolve", "nohost"], "invalid --resolve");
    assert_usage_error(
        &["check", "--resolve", "a.io:not-an-ip"],
        "invalid --resolve",
    );
    assert_usage_error(&["check", "-p", "secret-value"], "without -u/--username");
    assert_usage_error(&["check", "-u", "someone"], "needs a password");
    assert_usage_error(
        &["check", "--ca-cert", "/nonexistent/ca.pem"],
        "cannot read --ca-cert",
    );
    assert_usage_error(
        &["check", "--repository", "Bad Repo"],
        "invalid --repository",
    );
    assert_usage_error(&["check", "--actions", "pull"], "--repository");
    assert_usage_error(
        &["check", "--repository", "r", "--actions", "fly"],
        "invalid --actions entry 'fly'",
    );
    assert_usage_error(&["check", "--skip", "everything"], "possible values");
    assert_usage_error(&["check", "--nope"], "unexpected argument");
    assert_usage_error(
        &["check", "--arm-endpoint", "ftp://x"],
        "invalid --arm-endpoint",
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_usage_error(
        &["check", "--report-json", "/nonexistent/dir/r.json"],
        "invalid --report-json '/nonexistent/dir/r.json': the directory '/nonexistent/dir' does not exist",
    );
    assert_usage_error(&["check", "--report-junit", d], "it is a directory");
    let same = format!("{d}/r");
    assert_usage_error(
        &["check", "--report-json", &same, "--report-junit", &same],
        "--report-junit and --report-json name the same file",
    );
    assert_usage_error(&["nope"], "unrecognized subcommand");
    assert_usage_error(&["demo", "--scenario", "nope"], "nope");
}

/// A value typed at great length is echoed cut to 200 characters, saying
/// how long it was, in our own usage errors and in clap's alike.
#[test]
fn a_long_bad_value_is_echoed_cut() {
    let long = "a".repeat(100_000);
    for (args, start) in [
        (
            vec!["check", "-n", long.as_str()],
            "acr-health: error: invalid registry name 'aaa",
        ),
        (
            vec!["check", "--repository", &long[..5_000]],
            "acr-health: error: invalid --repository 'aaa",
        ),
        (
            vec!["check", "-o", long.as_str()],
            "acr-health: error: invalid value 'aaa",
        ),
        (
            vec!["explain", long.as_str()],
            "acr-health: error: unknown error code 'aaa",
        ),
    ] {
        let run = acr_health().args(&args).run();
        assert_eq!(
            run.status,
            2,
            "{}",
            &run.stderr[..200.min(run.stderr.len())]
        );
        assert_eq!(run.stderr.lines().count(), 1);
        assert!(run.stderr.starts_with(start), "{}", run.stderr);
        assert!(
            run.stderr.len() < 600,
            "{} bytes: {}",
            run.stderr.len(),
            run.stderr
        );
        let typed = args.last().unwrap().len();
        assert!(
            run.stderr
                .contains(&format!("{}…' ({typed} characters)", "a".repeat(200))),
            "{}",
            run.stderr
        );
    }
}

/// The input edges of issue 27: a negative duration in the spaced form,
/// image references docker would refuse, and an empty --vnet, each one
/// line and status 2 before anything runs; the az dialect keeps az's
/// reading of an empty --vnet (no private-endpoint check).
#[test]
fn input_edges_are_one_line_and_status_2() {
    for flag in ["--wait", "--deadline", "--timeout"] {
        assert_usage_error(
            &["check", flag, "-5s"],
            &format!("invalid {flag} '-5s': must be positive"),
        );
        let equals = format!("{flag}=-1");
        assert_usage_error(
            &["check", &equals],
            &format!("invalid {flag} '-1': must be positive"),
        );
    }
    assert_usage_error(
        &["check", "--image", "UPPER:tag"],
        "invalid --image 'UPPER:tag': the repository part 'UPPER' is not lower-case",
    );
    assert_usage_error(&["check", "--image", "app:"], "the tag ''");
    assert_usage_error(
        &["check", "--image", "app@sha256:xyz"],
        "the digest 'sha256:xyz'",
    );
    assert_usage_error(&["check", "--image", ""], "invalid --image '': it is empty");
    assert_usage_error(
        &["check", "--vnet", ""],
        "invalid --vnet '': give the virtual network's name or resource ID",
    );
    assert_usage_error(&["check", "--vnet", "  "], "invalid --vnet '  '");
    // A valid reference with a registry host in front passes validation.
    let ok = acr_health()
        .args([
            "check",
            "--skip",
            "environment",
            "--image",
            "myregistry.azurecr.io/app/web:1.0",
        ])
        .run();
    assert_eq!(ok.status, 0, "{}", ok.all());

    // az skips the check for an empty --vnet: the same stream as without it.
    let az = |extra: &[&str]| {
        let mut args = vec!["check", "--skip", "environment", "-o", "az"];
        args.extend_from_slice(extra);
        acr_health().args(&args).run()
    };
    let with = az(&["--vnet", ""]);
    let without = az(&[]);
    assert_eq!(with.status, 0, "{}", with.all());
    assert_eq!(with.stderr, without.stderr);
}

#[test]
fn the_password_never_appears_in_a_usage_error() {
    let run = acr_health()
        .args(["check", "-p", "canary-Pa55word-123"])
        .run();
    assert_eq!(run.status, 2);
    assert!(!run.all().contains("canary-Pa55word-123"));
}

#[test]
fn unreadable_ca_file_content() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("not-a-cert.pem");
    std::fs::write(&f, "hello").unwrap();
    assert_usage_error(
        &["check", "--ca-cert", f.to_str().unwrap()],
        "no PEM certificate found",
    );
}

#[test]
fn codes_json_lists_all_reference_codes() {
    let run = acr_health().args(["codes", "-o", "json"]).run();
    assert_eq!(run.status, 0);
    let list: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let reference: Vec<&str> = list
        .iter()
        .filter(|c| c["extension"] == false)
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    for code in [
        "DOCKER_COMMAND_ERROR",
        "DOCKER_DAEMON_ERROR",
        "DOCKER_VERSION_ERROR",
        "DOCKER_PULL_ERROR",
        "HELM_COMMAND_ERROR",
        "HELM_VERSION_ERROR",
        "NOTARY_VERSION_ERROR",
        "CMK_ERROR",
        "CONNECTIVITY_DNS_ERROR",
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "CONNECTIVITY_CHALLENGE_ERROR",
        "CONNECTIVITY_AAD_LOGIN_ERROR",
        "CONNECTIVITY_REFRESH_TOKEN_ERROR",
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "CONNECTIVITY_SSL_ERROR",
        "CONNECTIVITY_TOOMANYREQUESTS_ERROR",
        "LOGIN_SERVER_ERROR",
    ] {
        assert!(
            reference.contains(&code),
            "{code} missing from codes -o json"
        );
    }
    assert_eq!(reference.len(), 17);
    assert!(list.iter().all(|c| {
        c["link"]
            .as_str()
            .unwrap()
            .starts_with("https://aka.ms/acr/errors#")
    }));
    assert!(
        list.iter()
            .any(|c| c["code"] == "CREDENTIAL_ERROR" && c["extension"] == true)
    );
}

#[test]
fn codes_text_marks_extensions() {
    let run = acr_health().args(["codes"]).run();
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("CREDENTIAL_ERROR") && l.ends_with("(extension)"))
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("CMK_ERROR") && !l.contains("extension"))
    );
}

#[test]
fn explain_is_case_insensitive() {
    let run = acr_health()
        .args(["explain", "connectivity_dns_error"])
        .run();
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .starts_with("CONNECTIVITY_DNS_ERROR — DNS lookup failed")
    );
    assert!(run.stdout.contains("Likely causes:"));
    assert!(run.stdout.contains("What to do:"));
    assert!(
        run.stdout
            .contains("https://aka.ms/acr/errors#connectivity_dns_error")
    );
}

#[test]
fn explain_unknown_code_is_one_line_exit_2() {
    assert_usage_error(&["explain", "NOPE"], "unknown error code 'NOPE'");
}

#[test]
fn completions_for_bash() {
    let run = acr_health().args(["completions", "bash"]).run();
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("acr-health"));
    // `check`'s flags are defined only when needed (cli::Deferred); a
    // whole-tree walk must still see them.
    assert!(run.stdout.contains("--ignore-errors"), "{}", run.stdout);
    assert!(run.stdout.contains("--scenario"), "{}", run.stdout);
}

/// Deferring the flags of `check` and `demo` changes no help text: the top
/// page lists every command, and each way of asking for a command's help
/// gives the same page with its flags.
#[test]
fn deferred_flags_show_in_every_help() {
    let top = acr_health().arg("--help").run();
    assert_eq!(top.status, 0);
    for command in ["check", "demo", "explain", "codes", "completions", "man"] {
        assert!(
            top.stdout.contains(&format!("  {command} ")),
            "{}",
            top.stdout
        );
    }
    for command in ["check", "demo"] {
        let flag = acr_health().args([command, "--help"]).run();
        let sub = acr_health().args(["help", command]).run();
        assert_eq!((flag.status, sub.status), (0, 0));
        assert_eq!(flag.stdout, sub.stdout);
        assert!(flag.stdout.contains("--ignore-errors"), "{}", flag.stdout);
    }
    let unknown = acr_health().args(["check", "--no-such-flag"]).run();
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("--no-such-flag"),
        "{}",
        unknown.stderr
    );
}

/// `check --help`: every flag, grouped under headings (az's flags first),
/// no "Example:" on each flag, and at the end the exit status, the
/// environment and one block of examples, in that order.
#[test]
fn check_help_groups_flags_and_ends_with_exit_status_environment_examples() {
    let run = acr_health().args(["check", "--help"]).run();
    assert_eq!(run.status, 0);
    let help = &run.stdout;
    let mut last = 0;
    for heading in [
        "\naz's flags:\n",
        "\nCredentials:\n",
        "\nNetwork:\n",
        "\nOutput:\n",
        "\nWaiting and deadlines:\n",
        "\nBeyond az:\n",
        "\nExit status:\n",
        "\nEnvironment:\n",
        "\nExamples:\n",
    ] {
        let at = help
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading:?} in\n{help}"));
        assert!(at > last, "{heading:?} out of order in\n{help}");
        last = at;
    }
    // Each flag under its heading.
    let under = |heading: &str, flags: &[&str]| {
        let start = help.find(&format!("\n{heading}:\n")).unwrap();
        let body = &help[start + heading.len() + 3..];
        // The section ends at the next heading: a line with no indent.
        let end = body
            .lines()
            .scan(0, |pos, l| {
                let at = *pos;
                *pos += l.len() + 1;
                Some((at, l))
            })
            .find(|(_, l)| !l.is_empty() && !l.starts_with(' '))
            .map_or(body.len(), |(at, _)| at);
        let body = &body[..end];
        for flag in flags {
            assert!(
                body.contains(&format!("{flag} ")) || body.contains(&format!("{flag}\n")),
                "{flag} not under {heading}:\n{body}"
            );
        }
    };
    under(
        "az's flags",
        &[
            "--name",
            "--ignore-errors",
            "--yes",
            "--vnet",
            "--repository",
            "--resource-group",
            "--subscription",
            "--only-show-errors",
        ],
    );
    under(
        "Credentials",
        &[
            "--username",
            "--password",
            "--password-stdin",
            "--anonymous",
            "--identity",
            "--cloud",
            "--arm-endpoint",
        ],
    );
    under("Network", &["--dns-server", "--resolve", "--ca-cert"]);
    under(
        "Output",
        &[
            "--output",
            "--report-json",
            "--report-junit",
            "--debug",
            "--color",
        ],
    );
    under(
        "Waiting and deadlines",
        &["--timeout", "--wait", "--deadline", "--parallel"],
    );
    under(
        "Beyond az",
        &[
            "--image",
            "--actions",
            "--pull-image",
            "--docker-login",
            "--skip",
        ],
    );
    assert!(!help.contains("Example:"), "{help}");
    assert_eq!(help.matches("Examples:").count(), 1, "{help}");
    assert!(help.contains("\n  2      bad usage or bad input"), "{help}");
    assert!(help.contains("\n  AZURE_CONFIG_DIR\n"), "{help}");
    assert!(
        help.trim_end()
            .ends_with("the admin user or a token, password kept off the command line"),
        "the examples come last:\n{help}"
    );
}

/// `-h` is one screen: the common flags, under the same headings, and none
/// of the long sections.
#[test]
fn short_help_stays_short() {
    for args in [&["check", "-h"][..], &["-h"], &["demo", "-h"]] {
        let run = acr_health().args(args).run();
        assert_eq!(run.status, 0);
        let lines = run.stdout.lines().count();
        assert!(lines < 40, "{args:?}: {lines} lines\n{}", run.stdout);
        assert!(!run.stdout.contains("Exit status:"), "{}", run.stdout);
    }
    let check = acr_health().args(["check", "-h"]).run().stdout;
    for needle in [
        "az's flags:",
        "--name",
        "--ignore-errors",
        "--report-json",
        "see more with '--help'",
    ] {
        assert!(check.contains(needle), "{needle} in\n{check}");
    }
    // Every command's long help has the three sections.
    for command in ["check", "demo", "explain", "codes", "completions", "man"] {
        let help = acr_health().args([command, "--help"]).run().stdout;
        for section in ["\nExit status:\n", "\nEnvironment:\n", "\nExamples:\n"] {
            assert!(help.contains(section), "{command}: {section:?}\n{help}");
        }
    }
    let top = acr_health().arg("--help").run().stdout;
    assert!(top.contains("\nExit status:\n"), "{top}");
}

#[test]
fn no_registry_is_a_warning_and_exit_0() {
    let run = acr_health().args(["check", "--skip", "environment"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(
        run.stdout
            .contains("Registry name must be provided to check connectivity.")
    );
    let az = acr_health()
        .args(["check", "--skip", "environment", "-o", "az"])
        .run();
    assert_eq!(
        az.stderr,
        format!(
            "WARNING: acr-health version: {}\nWARNING: Registry name must be provided to check connectivity.\nWARNING: \nPlease refer to https://aka.ms/acr/health-check for more information.\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn docs_errors_page_is_generated_from_the_catalog() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/errors.md"))
        .expect("docs/errors.md exists");
    let run = acr_health().args(["codes", "-o", "markdown"]).run();
    assert!(
        committed == run.stdout,
        "docs/errors.md is stale: run `cargo run -- codes -o markdown > docs/errors.md`"
    );
}

#[test]
fn demo_runs_a_healthy_registry() {
    let run = acr_health().args(["demo"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    for line in [
        "DNS lookup to simregistry.azurecr.io:",
        "Challenge endpoint https://simregistry.azurecr.io:",
        "Fetch refresh token for registry 'simregistry.azurecr.io:",
        "Fetch access token for registry 'simregistry.azurecr.io:",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(line) && l.ends_with(" : OK")),
            "missing {line}\n{}",
            run.stdout
        );
    }
}

#[test]
fn demo_forbidden_scenario_fails_with_its_code() {
    let run = acr_health().args(["demo", "--scenario", "forbidden"]).run();
    assert_eq!(run.status, 1);
    assert!(
        run.stdout
            .contains("An error occurred: CONNECTIVITY_FORBIDDEN_ERROR")
    );
}

#[test]
fn demo_passes_check_flags_on() {
    let run = acr_health()
        .args(["demo", "-o", "json", "--repository", "hello"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["checks"].as_array().unwrap().iter().any(|c| {
        c["line"]
            .as_str()
            .is_some_and(|l| l.starts_with("Fetch access token for repository 'hello'"))
    }));
}

#[test]
fn demo_az_login_signs_in_from_az_files() {
    let run = acr_health().args(["demo", "--az-login"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "Credential: Azure CLI login (refresh token, dev@simtenant.onmicrosoft.com)",
    )
    .assert_contains("from the Azure CLI's default subscription")
    .assert_contains("CMK identity: ");
}

#[test]
fn demo_list_names_every_scenario_in_one_line() {
    let run = acr_health().args(["demo", "--list"]).run();
    assert_eq!(run.status, 0);
    assert!(run.stdout.lines().count() >= 30);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("forbidden ") && l.ends_with("[CONNECTIVITY_FORBIDDEN_ERROR]"))
    );
    assert_usage_error(&["demo", "-n", "other"], "-n is not used");
}

#[test]
fn vnet_and_image_without_a_registry_say_so() {
    let run = acr_health()
        .args([
            "check",
            "--skip",
            "environment",
            "--vnet",
            "myvnet",
            "--image",
            "hello:latest",
        ])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(run.stdout.contains(
        "Registry name must be provided to verify DNS routings of its private endpoints."
    ));
    assert!(
        run.stdout
            .contains("--image needs a registry: give its name or login server with -n.")
    );
}

/// The project's rule: every code the tool can report is provoked for real by
/// at least one test. A new catalog entry without a test fails here.
#[test]
fn every_code_is_provoked_by_some_test() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let sources: String = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "cli.rs")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let run = acr_health().args(["codes", "-o", "json"]).run();
    let list: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    for entry in list {
        let code = entry["code"].as_str().unwrap();
        assert!(
            sources.contains(&format!("\"{code}\"")),
            "{code} is not provoked by any test in tests/"
        );
    }
}
