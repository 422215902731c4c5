//! `acr-health az …` (issue 22 item 6): a script's `az acr check-health`
//! line with `az` replaced. Each test runs the binary against the
//! simulator and compares the whole stream and exit status with what
//! azure-cli 2.91 prints. az's strings come from azure-cli-core's
//! `parser.py` (`AzCliCommandParser.error`, `_check_value`),
//! `command_recommender.py` (`provide_recommendations`), `azclierror.py`
//! (`AzCLIError.print_error`), `util.py` (`QUERY_REFERENCE`,
//! `handle_exception`), knack's `log.py` (`_determine_log_level`),
//! `query.py` (`CLIQuery`) and `output.py`, Python's argparse
//! (`_parse_optional`, `consume_optional`), and the acr module's
//! `_params.py` and `_help.py` for check-health.
//!
//! Every line runs with a fake `docker` and `helm` (shell scripts,
//! `FakeBin`; on Windows through a `.cmd`) so the stream is az's healthy one.

use acr_sim::Server;

use crate::util::{Cmd, FakeBin, Run, SimRun, az_stream, sim};

/// `acr-health az WORDS` against the simulator, with az's own ways of
/// being pointed at it: REQUESTS_CA_BUNDLE for the CA (requests reads it),
/// ACR_HEALTH_DNS_SERVER for the resolver, and a docker and helm on PATH
/// that answer as healthy ones do.
fn az(s: &SimRun, words: &[&str]) -> Cmd {
    let mut c = s
        .check()
        .env("REQUESTS_CA_BUNDLE", &s.ca)
        .env("ACR_HEALTH_DNS_SERVER", s.sim.dns_addr().to_string())
        .fake_bin(
            "docker",
            &format!(
                "case \"$1\" in\n  ps) echo 'CONTAINER ID   IMAGE' ;;\n  version) echo '{}' ;;\n  pull) echo 'Status: Image is up to date for mcr.microsoft.com/mcr/hello-world:latest' ;;\nesac",
                crate::util::DOCKER_JSON
            ),
        )
        .fake_bin(
            "helm",
            "[ \"$1\" = --help ] && exit 0\necho 'version.BuildInfo{Version:\"v3.14.0\"}'",
        );
    c.args = std::iter::once("az")
        .chain(words.iter().copied())
        .map(str::to_owned)
        .collect();
    c
}

/// The same machine and simulator, as `check -o az` with `args`.
fn check_o_az(s: &SimRun, args: &[&str]) -> Cmd {
    let mut c = az(s, &[]);
    c.args = ["check", "-o", "az"]
        .into_iter()
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    c
}

fn stream(c: Cmd) -> (Run, String) {
    let out = c.output().unwrap();
    (Run::from(&out), az_stream(&out))
}

/// What every parse error of check-health's parser ends with: the help
/// examples in `order` (indexes into the help file's three), then the
/// pointer to the reference docs.
fn examples(order: [usize; 3]) -> String {
    const EXAMPLES: [&str; 3] = [
        "az acr check-health -n myregistry -y\nGets health state with target registry 'myregistry', skipping confirmation for pulling image.\n",
        "az acr check-health --ignore-errors\nGets health state of the environment, without stopping on first error.\n",
        "az acr check-health -n myregistry --repository myrepo\nGets health state with target registry 'myregistry', and checks allowed permissions to the specific repository 'myrepo'.\n",
    ];
    let mut out = String::from("\nExamples from command's help:\n");
    for i in order {
        out.push_str(EXAMPLES[i]);
        out.push('\n');
    }
    out.push_str(CLI_REF);
    out
}

const CLI_REF: &str = "https://aka.ms/cli_ref\nRead more about the command in reference docs\n";
const QUERY_REF: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'\n";

#[test]
fn a_passing_line_prints_what_check_o_az_prints() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (want, want_text) = stream(check_o_az(&s, &["-n", &ls, "--yes"]));
    assert_eq!(want.status, 0, "{}", want.all());
    assert!(want_text.contains("Docker pull of "), "{want_text}");
    assert!(want_text.contains(&format!("Fetch access token for registry '{ls}' : OK")));
    // argparse takes any unambiguous prefix (az 2.91 keeps `allow_abbrev`),
    // `-yn LS` as `-y -n LS`, `--name=LS`, and `-o` in any case.
    for line in [
        vec!["acr", "check-health", "-n", &ls, "--yes"],
        vec!["acr", "check-health", "--na", &ls, "--ye"],
        vec!["acr", "check-health", "-yn", &ls, "-o", "JSON"],
        vec![
            "acr",
            "check-health",
            &format!("--name={ls}"),
            "-y",
            "--output=tsv",
        ],
    ] {
        let (run, text) = stream(az(&s, &line));
        assert_eq!(run.status, 0, "{line:?}\n{}", run.all());
        assert_eq!(text, want_text, "{line:?}");
        // check-health returns nothing: nothing on stdout in any -o.
        assert_eq!(run.stdout, "", "{line:?}");
    }
}

#[test]
fn the_issues_line_with_only_show_errors_output_none_and_query() {
    // knack `_determine_log_level`: --only-show-errors drops every WARNING;
    // `-o none` and a query of nothing print nothing.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (run, text) = stream(az(
        &s,
        &[
            "acr",
            "check-health",
            "-n",
            &ls,
            "--yes",
            "--only-show-errors",
            "-o",
            "none",
            "--query",
            "a.b",
        ],
    ));
    assert_eq!(
        (run.status, text.as_str(), run.stdout.as_str()),
        (0, "", ""),
        "{}",
        run.all()
    );
    // knack reads the log-level flags from the words as typed: an
    // abbreviation parses, but the warnings stay.
    let (run, text) = stream(az(
        &s,
        &["acr", "check-health", "-n", &ls, "-y", "--only-show"],
    ));
    assert_eq!(run.status, 0);
    assert!(text.contains(" : OK\n"), "{text}");
}

#[test]
fn verbose_adds_the_time_and_debug_our_log() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (_, plain) = stream(az(&s, &["acr", "check-health", "-n", &ls, "-y"]));
    // azure-cli `__main__.py`: at --verbose, the run's time comes last.
    let (run, text) = stream(az(
        &s,
        &["acr", "check-health", "-n", &ls, "-y", "--verbose"],
    ));
    assert_eq!(run.status, 0);
    let (head, last) = text.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(format!("{head}\n"), plain);
    assert!(
        last.starts_with("INFO: Command ran in ") && last.contains(" seconds (init: "),
        "{last}"
    );
    // --debug: az's lines as without it, and our debug log beside them.
    let (run, text) = stream(az(&s, &["acr", "check-health", "-n", &ls, "-y", "--debug"]));
    assert_eq!(run.status, 0);
    for line in plain.lines() {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(text.lines().count() > plain.lines().count(), "{text}");
    // knack refuses --only-show-errors with either, before anything runs:
    // raised before logging is set up, so Python prints it bare, twice.
    for flag in ["--verbose", "--debug"] {
        let (run, text) = stream(az(
            &s,
            &["acr", "check-health", "--only-show-errors", flag, "--foo"],
        ));
        assert_eq!(run.status, 1);
        assert_eq!(
            text,
            "--only-show-errors can't be used together with --debug or --verbose\n".repeat(2)
        );
    }
}

#[test]
fn verbose_and_debug_win_over_only_show_errors_in_azs_config() {
    // knack `log.py`, `CLILogging._determine_log_level`: the flags typed
    // come first; `--debug` or `--verbose` sets `only_show_errors` back to
    // False whatever `core.only_show_errors` (knack `cli.py`, read with
    // `config.getboolean`) said, so the warnings are printed again.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (_, plain) = stream(az(&s, &["acr", "check-health", "-n", &ls, "-y"]));
    let dir = s.dir.path().join("azcfg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config"), "[core]\nonly_show_errors = true\n").unwrap();
    let line = |extra: &[&str]| -> Vec<String> {
        ["acr", "check-health", "-n", &ls, "-y"]
            .iter()
            .chain(extra)
            .map(|w| w.to_string())
            .collect()
    };
    let run_with = |extra: &[&str], config: bool| {
        let words = line(extra);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let c = az(&s, &words);
        stream(if config {
            c.env("AZURE_CONFIG_DIR", &dir)
        } else {
            c.env("AZURE_CORE_ONLY_SHOW_ERRORS", "yes")
        })
    };
    for config in [true, false] {
        let (run, text) = run_with(&[], config);
        assert_eq!((run.status, text.as_str()), (0, ""), "{}", run.all());
        let (run, text) = run_with(&["--verbose"], config);
        assert_eq!(run.status, 0);
        let (head, last) = text.trim_end().rsplit_once('\n').unwrap();
        assert_eq!(format!("{head}\n"), plain);
        assert!(last.starts_with("INFO: Command ran in "), "{last}");
        let (run, text) = run_with(&["--debug"], config);
        assert_eq!(run.status, 0);
        for l in plain.lines() {
            assert!(text.contains(l), "{l} in\n{text}");
        }
        // An abbreviation parses but is not the word knack looks for.
        let (_, text) = run_with(&["--verb"], config);
        assert_eq!(text, "");
    }
    // `check -o az --debug` is the same run: az's warnings come back.
    let mut c = az(&s, &[]);
    c.args = ["check", "-o", "az", "-n", &ls, "-y", "--debug"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let (_, text) = stream(c.env("AZURE_CONFIG_DIR", &dir));
    for l in plain.lines() {
        assert!(text.contains(l), "{l} in\n{text}");
    }
}

#[test]
fn parse_errors_are_azs_text_and_exit_2_with_nothing_contacted() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let cases: Vec<(Vec<&str>, String)> = vec![
        // Raised by the top parser, which has no examples.
        (
            vec!["acr", "check-health", "-n", &ls, "--image", "x"],
            format!("ERROR: unrecognized arguments: --image x\n\n{CLI_REF}"),
        ),
        (
            vec!["acr", "check-health", "-n", &ls, "extra"],
            format!("ERROR: unrecognized arguments: extra\n\n{CLI_REF}"),
        ),
        // check-health's parser: examples sorted by the options named.
        (
            vec!["acr", "check-health", "-n"],
            format!(
                "ERROR: argument --name/-n: expected one argument\n{}",
                examples([0, 2, 1])
            ),
        ),
        (
            vec!["acr", "check-health", "-o", "jsn"],
            format!(
                "ERROR: az acr check-health: 'jsn' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\nDid you mean 'json' ?\n{}",
                examples([1, 0, 2])
            ),
        ),
        (
            vec!["acr", "check-health", "--yes=1"],
            format!(
                "ERROR: argument --yes/-y: ignored explicit argument '1'\n{}",
                examples([0, 1, 2])
            ),
        ),
        (
            vec!["acr", "check-health", "--v", "x"],
            format!(
                "ERROR: ambiguous option: --v could match --verbose, --vnet\n{}",
                examples([1, 0, 2])
            ),
        ),
        // Ambiguous among the top parser's global arguments: no examples.
        (
            vec!["acr", "check-health", "--o", "json"],
            format!(
                "ERROR: ambiguous option: --o could match --only-show-errors, --output\n\n{CLI_REF}"
            ),
        ),
        // An error naming --query: the query reference, no examples.
        (
            vec!["acr", "check-health", "--query"],
            format!("ERROR: argument --query: expected one argument\n{QUERY_REF}"),
        ),
        (
            vec!["acr", "check-health", "--query", "[bad"],
            format!("ERROR: argument --query: invalid jmespath_type value: '[bad'\n{QUERY_REF}"),
        ),
        // Commands: a group without one, a misspelling, one we do not run.
        (
            vec!["acr"],
            format!("ERROR: the following arguments are required: _subcommand\n\n{CLI_REF}"),
        ),
        (
            vec!["acr", "check-healt", "-n", &ls],
            format!(
                "ERROR: 'check-healt' is misspelled or not recognized by the system.\nDid you mean 'check-health' ?\n\n{CLI_REF}"
            ),
        ),
        (
            vec!["acr", "login", "-n", &ls],
            format!(
                "ERROR: 'login' is misspelled or not recognized by the system.\nacr-health runs 'az acr check-health' only; use az itself for other commands.\n\n{CLI_REF}"
            ),
        ),
    ];
    for (line, want) in cases {
        let (run, text) = stream(az(&s, &line));
        assert_eq!(run.status, 2, "{line:?}\n{}", run.all());
        assert_eq!(text, want, "{line:?}");
        assert_eq!(run.stdout, "", "{line:?}");
    }
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    // A value quoted back is one escaped line.
    let (run, text) = stream(az(&s, &["acr", "check-health", "--bad\u{1b}[31m\nX"]));
    assert_eq!(run.status, 2);
    assert!(
        text.starts_with("ERROR: unrecognized arguments: --bad\\u{1b}[31m\\u{a}X\n"),
        "{text}"
    );
}

#[test]
fn help_is_ours_in_azs_layout() {
    let s = sim("healthy");
    for line in [
        vec!["acr", "check-health", "-h"],
        vec!["acr", "check-health", "--foo", "--help"],
    ] {
        let run = az(&s, &line).run();
        assert_eq!(run.status, 0, "{line:?}");
        assert_eq!(run.stderr, "");
        for heading in [
            "\nCommand\n",
            "\nArguments\n",
            "\nGlobal Arguments\n",
            "\nExamples\n",
        ] {
            assert!(run.stdout.contains(heading), "{heading} in\n{}", run.stdout);
        }
        for flag in [
            "--ignore-errors",
            "--name -n",
            "--repository",
            "--vnet",
            "--yes -y",
            "--query",
        ] {
            assert!(run.stdout.contains(flag), "{flag}");
        }
    }
    // `az` alone prints az's welcome page; ours names what it runs.
    let run = az(&s, &[]).run();
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("acr check-health"), "{}", run.stdout);
}

#[test]
fn validation_errors_exit_1_with_azs_text() {
    // acr `_validators.py`, `validate_registry_name`.
    let s = sim("healthy");
    let (run, text) = stream(az(&s, &["acr", "check-health", "-n", "my-registry", "-y"]));
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        "ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n"
    );
}

#[test]
fn query_results_and_failures() {
    let s = sim("forbidden");
    let ls = s.sim.login_server();
    let base = [
        "acr",
        "check-health",
        "-n",
        ls.as_str(),
        "-y",
        "--only-show-errors",
    ];
    fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        let mut w: Vec<&str> = base.to_vec();
        w.extend_from_slice(extra);
        w
    }
    // A failing check raises in az: no result, so no query output.
    let run = az(&s, &with(&base, &["--query", "'x'"])).run();
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    // With --ignore-errors the command returns: the query runs on nothing.
    // (Exit 1: an ERROR line was printed, our documented difference.)
    for (output, want) in [
        ("json", "\"x\"\n"),
        ("tsv", "x\n"),
        ("yaml", "x\n...\n"),
        ("table", "Result\n--------\nx\n"),
        ("none", ""),
    ] {
        let run = az(
            &s,
            &with(&base, &["--ignore-errors", "--query", "'x'", "-o", output]),
        )
        .run();
        assert_eq!(run.status, 1, "{output}");
        assert_eq!(run.stdout, want, "{output}");
    }
    // A function that fails on `null` (util.py `handle_exception`).
    let (run, text) = stream(az(
        &s,
        &with(&base, &["--ignore-errors", "--query", "length(@)"]),
    ));
    assert_eq!(run.status, 1);
    assert!(
        text.ends_with(&format!(
            "ERROR: Invalid jmespath query supplied for `--query`: In function length(), invalid type for value: None, expected one of: ['string', 'array', 'object'], received: \"null\"\n{QUERY_REF}"
        )),
        "{text}"
    );
    let healthy = sim("healthy");
    let ls = healthy.sim.login_server();
    let run = az(
        &healthy,
        &[
            "acr",
            "check-health",
            "-n",
            &ls,
            "-y",
            "--only-show-errors",
            "--query",
            "foo()",
        ],
    )
    .run();
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr,
        format!(
            "ERROR: Invalid jmespath query supplied for `--query`: Unknown function: foo()\n{QUERY_REF}"
        )
    );
}

#[test]
fn subscription_by_name_reads_arm_in_it() {
    // azure-cli-core `register_global_subscription_argument`: a name az's
    // profile lists, in any case, is that subscription.
    use acr_sim::azure_cli::{Fixture, Login};
    let s = sim("healthy");
    let dir = s.dir.path().join("azure");
    Fixture::new(&s.sim, Login::User)
        .cached_token("https://containerregistry.azure.net/.default", 3600)
        .cached_token("https://management.core.windows.net//.default", 3600)
        .write(&dir)
        .unwrap();
    let cmd = az(
        &s,
        &[
            "acr",
            "check-health",
            "-n",
            s.sim.registry_name(),
            "--subscription",
            "ACR-SIM SUBSCRIPTION",
            "-y",
        ],
    )
    .without_service_principal()
    .without_env("AZURE_TENANT_ID")
    .without_env("AZURE_CLIENT_ID")
    .env("AZURE_CONFIG_DIR", &dir)
    .env("ACR_HEALTH_ARM_ENDPOINT", s.sim.arm_endpoint());
    let (run, text) = stream(cmd);
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(!text.contains("not recognized"), "{text}");
    let arm: Vec<String> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Arm)
        .map(|r| r.path)
        .collect();
    let sub = format!("/subscriptions/{}/", s.sim.subscription_id());
    assert!(
        !arm.is_empty() && arm.iter().all(|p| p.starts_with(&sub)),
        "{arm:?}"
    );
    // Unknown: az's warning first, its error after the DNS line (as
    // `check -o az`, tests/az_inputs.rs).
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (run, text) = stream(az(
        &s,
        &["acr", "check-health", "-n", &ls, "--sub", "nosuch", "-y"],
    ));
    assert_eq!(run.status, 1, "{}", run.all());
    assert!(
        text.starts_with("WARNING: Subscription 'nosuch' not recognized.\n"),
        "{text}"
    );
}

#[test]
fn at_files_are_read_as_az_reads_them() {
    // azure-cli-core `_expand_file_prefixed_files`: `@path` is the file's
    // text without its trailing newlines; one that cannot be read stays.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let fake = FakeBin::new();
    let name = fake.path("name.txt");
    std::fs::write(&name, format!("{ls}\n\n")).unwrap();
    let at = format!("@{}", name.display());
    let (want, want_text) = stream(az(&s, &["acr", "check-health", "-n", &ls, "-y"]));
    let (run, text) = stream(az(&s, &["acr", "check-health", "-n", &at, "-y"]));
    assert_eq!((run.status, text), (want.status, want_text));
    let (run, text) = stream(az(
        &s,
        &["acr", "check-health", "-y", "-n", "@/nonexistent/name"],
    ));
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        "ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n"
    );
}

#[test]
fn an_unknown_subscription_warns_as_it_is_parsed() {
    // azure-cli-core `commands/arm.py`, `register_global_subscription_argument`:
    // `SubscriptionNameOrIdAction` looks the value up in az's profile and
    // logs `Subscription 'V' not recognized.` as argparse takes it, so the
    // warning comes before any error argparse raises later on the line (or
    // at its end: unrecognized arguments), before the help, and before the
    // validators' errors; an error raised at an earlier word comes alone.
    use acr_sim::azure_cli::{Fixture, Login};
    const WARN: &str = "WARNING: Subscription 'nosuch' not recognized.\n";
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let name_examples = examples([0, 2, 1]);
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["acr", "check-health", "--subscription", "nosuch", "--foo"],
            2,
            format!("{WARN}ERROR: unrecognized arguments: --foo\n\n{CLI_REF}"),
        ),
        (
            vec!["acr", "check-health", "--subscription", "nosuch", "-n"],
            2,
            format!("{WARN}ERROR: argument --name/-n: expected one argument\n{name_examples}"),
        ),
        // `-n` fails before `--subscription` is taken: no warning.
        (
            vec!["acr", "check-health", "-n", "--subscription", "nosuch"],
            2,
            format!("ERROR: argument --name/-n: expected one argument\n{name_examples}"),
        ),
        // An ambiguous prefix stops argparse before any action runs.
        (
            vec!["acr", "check-health", "--subscription", "nosuch", "--v"],
            2,
            format!(
                "ERROR: ambiguous option: --v could match --verbose, --vnet\n{}",
                examples([1, 0, 2])
            ),
        ),
        // Each value typed is looked up, in order.
        (
            vec![
                "acr",
                "check-health",
                "--sub",
                "nosuch",
                "--subscription",
                "other",
                "--foo",
            ],
            2,
            format!(
                "{WARN}WARNING: Subscription 'other' not recognized.\nERROR: unrecognized arguments: --foo\n\n{CLI_REF}"
            ),
        ),
        // acr `_validators.py`, `validate_registry_name`: after parsing.
        (
            vec![
                "acr",
                "check-health",
                "--subscription",
                "nosuch",
                "-n",
                "my-registry",
            ],
            1,
            format!(
                "{WARN}ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n"
            ),
        ),
        // Through az's logging: --only-show-errors keeps it quiet.
        (
            vec![
                "acr",
                "check-health",
                "--subscription",
                "nosuch",
                "--only-show-errors",
                "--foo",
            ],
            2,
            format!("ERROR: unrecognized arguments: --foo\n\n{CLI_REF}"),
        ),
    ];
    for (line, status, want) in cases {
        let (run, text) = stream(az(&s, &line));
        assert_eq!(run.status, status, "{line:?}\n{}", run.all());
        assert_eq!(text, want, "{line:?}");
    }
    // The help is printed after the warning (on stdout, the warning on
    // stderr); `-h` first prints the help alone.
    let run = az(
        &s,
        &["acr", "check-health", "--subscription", "nosuch", "-h"],
    )
    .run();
    assert_eq!((run.status, run.stderr.as_str()), (0, WARN));
    assert!(run.stdout.contains("\nCommand\n"), "{}", run.stdout);
    let run = az(
        &s,
        &["acr", "check-health", "-h", "--subscription", "nosuch"],
    )
    .run();
    assert_eq!((run.status, run.stderr.as_str()), (0, ""));
    // A value az's profile lists (by name, any case) is not warned about.
    let dir = s.dir.path().join("azure");
    Fixture::new(&s.sim, Login::User).write(&dir).unwrap();
    let (run, text) = stream(
        az(
            &s,
            &[
                "acr",
                "check-health",
                "--subscription",
                "acr-sim subscription",
                "--foo",
            ],
        )
        .env("AZURE_CONFIG_DIR", &dir),
    );
    assert_eq!(run.status, 2);
    assert_eq!(
        text,
        format!("ERROR: unrecognized arguments: --foo\n\n{CLI_REF}")
    );
    // az's `core.only_show_errors` keeps it quiet too, unless --verbose.
    let (_, text) = stream(
        az(
            &s,
            &["acr", "check-health", "--subscription", "nosuch", "--foo"],
        )
        .env("AZURE_CORE_ONLY_SHOW_ERRORS", "true"),
    );
    assert_eq!(
        text,
        format!("ERROR: unrecognized arguments: --foo\n\n{CLI_REF}")
    );
    let (_, text) = stream(
        az(
            &s,
            &[
                "acr",
                "check-health",
                "--subscription",
                "nosuch",
                "--foo",
                "--verbose",
            ],
        )
        .env("AZURE_CORE_ONLY_SHOW_ERRORS", "true"),
    );
    assert!(
        text.starts_with(&format!("{WARN}ERROR: unrecognized arguments: --foo\n")),
        "{text}"
    );
    // `check -o az` refuses a name with the same two lines.
    let (run, text) = stream(check_o_az(
        &s,
        &["--subscription", "nosuch", "-n", "my-registry"],
    ));
    assert_eq!(run.status, 1);
    assert_eq!(
        text,
        format!(
            "{WARN}ERROR: Registry names may contain only alpha numeric characters and must be between 5 and 50 characters\n"
        )
    );
    // Typed twice on a line that runs: the first value's warning, then the
    // run, which speaks for the last one (first line included).
    let (run, text) = stream(az(
        &s,
        &[
            "acr",
            "check-health",
            "-n",
            &ls,
            "-y",
            "--subscription",
            "nosuch",
            "--subscription",
            "other",
        ],
    ));
    assert_eq!(run.status, 1, "{}", run.all());
    assert!(
        text.starts_with(&format!(
            "{WARN}WARNING: Subscription 'other' not recognized.\n"
        )),
        "{text}"
    );
}

#[test]
fn words_before_the_command_word_as_az_loads_its_commands() {
    // azure-cli-core `AzCliCommandInvoker.execute` and knack's
    // `CommandInvoker._rudimentary_get_command`: the command is the words
    // before the first that starts with `-` (lower-cased), cut back to the
    // longest that starts a command's name, and az loads its table for it.
    // An option first: one command per group, `acr check-name` under acr,
    // so `check-health` is not a choice. `acr` then an option: every acr
    // command, but check-health's own arguments are not loaded. `--` is
    // handed to a group's parser as its command word (argparse keeps it for
    // a `PARSER` argument). `_check_value` words a bad choice of a parser
    // that is no command's as a misspelled command (azure-cli-core
    // `parser.py`).
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let misspelled = |w: &str, extra: &str| {
        format!("ERROR: '{w}' is misspelled or not recognized by the system.\n{extra}\n{CLI_REF}")
    };
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--foo", "acr", "check-health"],
            misspelled("check-health", ""),
        ),
        (
            vec!["--only-show-errors", "acr", "check-health", "-n", &ls, "-y"],
            misspelled("check-health", ""),
        ),
        (
            vec!["-o", "json", "acr", "check-health"],
            misspelled("check-health", ""),
        ),
        (
            vec!["-o", "xml", "acr", "check-health"],
            misspelled("xml", ""),
        ),
        (
            vec!["-o", "JSN", "acr", "check-health"],
            misspelled("jsn", "Did you mean 'json' ?\n"),
        ),
        (
            vec!["--foo", "acr", "check-nam"],
            misspelled("check-nam", "Did you mean 'check-name' ?\n"),
        ),
        // az would run check-name; we say we do not.
        (
            vec!["--foo", "acr", "check-name"],
            misspelled(
                "check-name",
                "acr-health runs 'az acr check-health' only; use az itself for other commands.\n",
            ),
        ),
        (vec!["--", "acr", "check-health"], misspelled("--", "")),
        (
            vec!["acr", "--", "check-health", "-y"],
            misspelled("--", ""),
        ),
        (
            vec!["acr", "--", "--", "check-health"],
            misspelled("--", ""),
        ),
        (
            vec!["acr", "--"],
            format!("ERROR: the following arguments are required: _subcommand\n\n{CLI_REF}"),
        ),
        (
            vec!["--"],
            format!("ERROR: the following arguments are required: _command_package\n\n{CLI_REF}"),
        ),
        // check-health's own arguments were not loaded: unrecognized, in
        // order, after the acr group's; az's global ones still parse
        // (`--v` is `--verbose` alone there).
        (
            vec![
                "acr",
                "--foo",
                "check-health",
                "-y",
                "-n",
                &ls,
                "--ignore-errors",
                "-o",
                "json",
                "--v",
                "--acquire-policy-token",
            ],
            format!("ERROR: unrecognized arguments: --foo -y -n {ls} --ignore-errors\n\n{CLI_REF}"),
        ),
        // Its own error: the examples, none of whose options az knows
        // there, in the help file's order.
        (
            vec!["acr", "--foo", "check-health", "-o", "xml"],
            format!(
                "ERROR: az acr check-health: 'xml' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n{}",
                examples([0, 1, 2])
            ),
        ),
        // The command's words in any case; not lower-cased after an option.
        (
            vec!["Acr", "CHECK-HEALT"],
            misspelled("check-healt", "Did you mean 'check-health' ?\n"),
        ),
    ];
    for (line, want) in cases {
        let (run, text) = stream(az(&s, &line));
        assert_eq!(run.status, 2, "{line:?}\n{}", run.all());
        assert_eq!(text, want, "{line:?}");
    }
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    let (want, want_text) = stream(az(&s, &["acr", "check-health", "-n", &ls, "-y"]));
    let (run, text) = stream(az(&s, &["ACR", "Check-Health", "-n", &ls, "-y"]));
    assert_eq!((run.status, text), (want.status, want_text));
}

#[test]
fn query_type_errors_are_pythons() {
    // Python's jmespath (`functions.py`, `_subtype_check`; `exceptions.py`,
    // `JMESPathTypeError`) names the element that breaks an array's type
    // and its Python type; azure-cli-core util.py `handle_exception` prints
    // it as an invalid query, exit 1.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    for (query, message) in [
        (
            "sort(`[1, \"a\"]`)",
            "In function sort(), invalid type for value: a, expected one of: ['array-string', 'array-number'], received: \"str\"",
        ),
        (
            "sort_by(`[{\"a\": 1}, {\"a\": \"x\"}]`, &a)",
            "In function sort_by(), invalid type for value: x, expected one of: ['number'], received: \"string\"",
        ),
        (
            "max_by(`[{\"a\": true}]`, &a)",
            "In function max_by(), invalid type for value: True, expected one of: ['number', 'string'], received: \"boolean\"",
        ),
    ] {
        let run = az(
            &s,
            &[
                "acr",
                "check-health",
                "-n",
                &ls,
                "-y",
                "--only-show-errors",
                "--query",
                query,
            ],
        )
        .run();
        assert_eq!(run.status, 1, "{query}");
        assert_eq!(
            run.stderr,
            format!("ERROR: Invalid jmespath query supplied for `--query`: {message}\n{QUERY_REF}"),
            "{query}"
        );
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn a_huge_typed_word_is_echoed_cut_and_counted() {
    // az echoes the word whole (argparse's `unrecognized arguments: %s`);
    // ours keeps 200 characters of it and says how long it was
    // (docs/compatibility.md), so the line stays bounded.
    let s = sim("healthy");
    let long = format!("--{}", "a".repeat(100_000));
    let run = az(&s, &["acr", "check-health", &long]).run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "ERROR: unrecognized arguments: --{}… (100002 characters)",
            "a".repeat(198)
        )
    );
    assert!(run.stderr.len() < 2_000, "{}", run.stderr.len());
    assert_eq!(run.stdout, "");
}

#[test]
fn a_query_nested_too_deep_is_a_usage_error_not_a_crash() {
    // A 50,000-deep query overflowed the JMESPath parser's stack (exit 134,
    // no line); Python's jmespath stops it with a RecursionError. Ours is
    // az's error for a query that does not compile, exit 2.
    let s = sim("healthy");
    let deep = "[".repeat(50_000);
    let run = az(&s, &["acr", "check-health", "-n", "x", "--query", &deep]).run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("ERROR: argument --query: invalid jmespath_type value: '[[["),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(50002 characters)"), "{}", run.stderr);
    assert!(run.stderr.len() < 2_000);
}
