//! Trust under attack (docs/security.md): secrets echoed back in pieces and
//! shapes, servers and programs that try to drive the terminal or forge
//! lines, panics, unwritable stderr, hostile input and deadlines.

use std::collections::BTreeMap;
#[cfg(unix)]
use std::fs::File;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use acr_sim::{Echo, EchoShape};

use crate::util::*;

/// What hostile text may never leave behind in our output: a raw control
/// character other than the newlines we write, a line separator or a bidi
/// override, a forged line of its own, or a CI log command.
fn assert_clean(text: &str) {
    assert_eq!(ci_commands(text), Vec::<String>::new(), "{text}");
    for c in text.chars() {
        let unsafe_char = (c.is_control() && c != '\n')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!unsafe_char, "raw {c:?} in the output:\n{text}");
    }
    for line in text.lines().filter(|l| l.contains("FORGED_ERROR")) {
        assert!(
            line.contains("\\u{a}An error occurred: FORGED_ERROR"),
            "a forged line, or hostile text without its escapes: {line:?}\n{text}"
        );
    }
}

/// The log commands a CI runner would act on in `log`, read as GitHub's
/// runner and the Azure Pipelines agent read each line: `##vso[` anywhere,
/// in any case (Azure); `##[` anywhere (the legacy form, both); and
/// `::name …::` at the start once .NET's `TrimStart()` has stripped Unicode
/// whitespace (GitHub), honouring `::stop-commands::TOKEN` until `::TOKEN::`.
fn ci_commands(log: &str) -> Vec<String> {
    // .NET's Char.IsWhiteSpace is Unicode's White_Space, as Rust's.
    let mut found = Vec::new();
    let mut stopped: Option<String> = None;
    for line in log.split(['\n', '\r']) {
        if let Some(i) = line.to_ascii_lowercase().find("##vso[") {
            let name = line[i + 6..].split([' ', ']']).next().unwrap_or("");
            found.push(format!("azure {name}"));
        }
        if let Some(i) = line.find("##[") {
            let name = line[i + 3..].split([' ', ']']).next().unwrap_or("");
            found.push(format!("legacy {name}"));
        }
        let Some(rest) = line.trim_start().strip_prefix("::") else {
            continue;
        };
        let Some(end) = rest.find("::") else {
            continue;
        };
        let name = rest[..end].split(' ').next().unwrap_or("");
        match &stopped {
            Some(token) if name == token => stopped = None,
            Some(_) => {}
            None => {
                if name == "stop-commands" {
                    stopped = Some(rest[end + 2..].to_owned());
                }
                found.push(format!("github {name}"));
            }
        }
    }
    found
}

/// The text a Markdown report shows once rendered as GitHub renders a job
/// summary, and whether any tag, link or image came with it.
fn rendered_markdown(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    #[allow(deprecated)]
    {
        options.extension.tagfilter = true;
    }
    options.render.r#unsafe = true;
    let html = comrak::markdown_to_html(md, &options);
    assert!(
        !html.contains("<img") && !html.contains("<a ") && !html.contains("<details"),
        "outside text became markup:\n{html}"
    );
    // The words, without our tags, entities read back.
    let mut text = String::new();
    for (i, piece) in html.split('<').enumerate() {
        text.push_str(if i == 0 {
            piece
        } else {
            piece.split_once('>').map_or("", |p| p.1)
        });
    }
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// An XML document with its entities and character references read back.
fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = i + rest[i..].find(';').expect("an entity ends with ;");
        out.push(match &rest[i + 1..end] {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n => char::from_u32(n.trim_start_matches('#').parse().expect("a reference"))
                .expect("a character"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Every string in a JSON document, decoded.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// Whether `needle` is shown: in the decoded strings for JSON, in the
/// rendered text for Markdown, in the text XML reads for JUnit, as is
/// otherwise.
fn shows(mode: &str, run: &Run, needle: &str) -> bool {
    match mode {
        "json" => {
            let mut strings = Vec::new();
            json_strings(&run.json(), &mut strings);
            strings.iter().any(|s| s.contains(needle))
        }
        "markdown" => rendered_markdown(&run.stdout).contains(needle),
        "junit" => xml_text(&run.stdout).contains(needle),
        _ => run.all().contains(needle),
    }
}

/// Runs `check` in every output mode, and in text mode with --debug; each
/// must show `code`, contain `needle` (the hostile text, escaped; `-o az`
/// only when `az_shows`, as az prints no reasons), exit 1 and be clean.
fn in_every_mode(s: &SimRun, extra: &[&str], code: &str, needle: &str, az_shows: bool) {
    for mode in ["text", "az", "json", "markdown", "junit", "debug"] {
        let args: Vec<&str> = match mode {
            "debug" => vec!["--debug"],
            m => vec!["-o", m],
        };
        let run = s.check().args(extra).args(&args).run();
        assert_eq!(run.status, 1, "{mode}:\n{}", run.all());
        assert!(run.all().contains(code), "{mode}: no {code}\n{}", run.all());
        assert!(
            (mode == "az" && !az_shows) || shows(mode, &run, needle),
            "{mode}: expected {needle:?}\n{}",
            run.all()
        );
        assert_clean(&run.all());
        match mode {
            "json" => {
                let mut strings = Vec::new();
                json_strings(&run.json(), &mut strings);
                strings.iter().for_each(|s| assert_clean(s));
            }
            "junit" => assert!(
                run.stdout.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)),
                "junit: a character XML 1.0 forbids\n{}",
                run.stdout
            ),
            _ => {}
        }
    }
}

const ESCAPED: &str = "\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{d}\\u{a}An error occurred: FORGED_ERROR";
/// The CI log commands the simulator's hostile text carries after that, as
/// shown: each `[` that would complete one written `\u{5b}`.
const COMMANDS_ESCAPED: &str =
    "##vso\\u{5b}task.setvariable variable=PWNED]1 ##\\u{5b}error]FORGED_COMMAND";

#[test]
fn hostile_certificate_names_are_shown_escaped_in_every_mode() {
    let s = sim("hostile-cert");
    in_every_mode(
        &s,
        &[],
        "CONNECTIVITY_SSL_ERROR",
        &format!("{ESCAPED} {COMMANDS_ESCAPED}"),
        false,
    );
    // The names came from the certificate's issuer, subject and SAN.
    let run = s.check().run();
    run.assert_contains("the server presented a certificate issued by '")
        .assert_contains(&format!("CN=CA {ESCAPED} {COMMANDS_ESCAPED}"))
        .assert_contains(&format!("evil{ESCAPED} {COMMANDS_ESCAPED}.example.test"));
}

#[test]
fn hostile_error_bodies_are_shown_escaped_in_every_mode() {
    let s = sim("hostile-body");
    in_every_mode(
        &s,
        &[],
        "CONNECTIVITY_FORBIDDEN_ERROR",
        &format!(
            "client not allowed {ESCAPED}\\u{{202e}} {COMMANDS_ESCAPED} \
             <img src=x onerror=alert(1)><a href=\"https://evil.example\">x</a>"
        ),
        false,
    );
}

#[test]
fn hostile_token_claims_are_shown_escaped_in_every_mode() {
    let s = sim("hostile-claims");
    in_every_mode(
        &s,
        &["--repository", "hello"],
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        &format!("You have pull and push{ESCAPED}\\u{{202e}} {COMMANDS_ESCAPED} "),
        true,
    );
}

/// A shell `printf` argument that writes the hostile text.
const HOSTILE_PRINTF: &str = r"\033[2J\033]0;owned\007\r\nAn error occurred: FORGED_ERROR\n";

/// `check` with only the docker (or helm) checks, against a fake program.
fn environment_check(s: &SimRun, program: &str, script: &str, mode: &[&str]) -> Run {
    let mut c = s.check().fake_bin(program, script);
    let i = c.args.iter().position(|a| a == "environment").unwrap();
    c.args[i] = if program == "docker" {
        "helm,notary".into()
    } else {
        "docker,notary".into()
    };
    // No registry: the environment checks alone.
    let n = c.args.iter().position(|a| a == "-n").unwrap();
    c.args.drain(n..n + 2);
    c.args(mode).run()
}

#[test]
fn hostile_docker_and_helm_output_is_shown_escaped_in_every_mode() {
    let s = sim("healthy");
    let docker = format!("printf '{HOSTILE_PRINTF}' >&2\nexit 1");
    let helm = format!("printf '{HOSTILE_PRINTF}' >&2\nexit 1");
    for (program, script, code) in [
        ("docker", &docker, "DOCKER_COMMAND_ERROR"),
        // az's `helm --help` probe fails in -o az, `helm version` otherwise.
        ("helm", &helm, "HELM_"),
    ] {
        for mode in [
            &["-o", "text"][..],
            &["-o", "az"],
            &["-o", "json"],
            &["-o", "markdown"],
            &["-o", "junit"],
            &["--debug"],
        ] {
            let run = environment_check(&s, program, script, mode);
            assert_eq!(run.status, 1, "{program} {mode:?}\n{}", run.all());
            assert!(
                run.all().contains(code),
                "{program} {mode:?}\n{}",
                run.all()
            );
            let m = if mode[0] == "-o" { mode[1] } else { "text" };
            assert!(
                shows(m, &run, ESCAPED),
                "{program} {mode:?}: not escaped\n{}",
                run.all()
            );
            assert_clean(&run.all());
        }
    }
}

/// A child's stderr made of CI log commands, each on a line of its own,
/// the first after an ideographic space (U+3000, which .NET's `TrimStart()`
/// strips), then raw HTML for the step summary.
const CI_PRINTF: &str = r"\343\200\200::stop-commands::pwned\n::add-mask::Docker\n##vso[task.setvariable variable=PWNED]1\n##[error]FORGED_COMMAND <img src=x onerror=alert(1)>\n";

/// The lines of `text` that are our own annotations (report/ci.rs), by the
/// command each one is to a runner.
fn our_annotations(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            if l.starts_with("::error title=") {
                Some("github error".to_owned())
            } else if l.starts_with("::warning::") {
                Some("github warning".to_owned())
            } else if l.starts_with("##vso[task.logissue ") {
                Some("azure task.logissue".to_owned())
            } else {
                None
            }
        })
        .collect()
}

/// A child's stderr of log commands is printed (as the whole message of
/// DOCKER_COMMAND_ERROR, or a line of its own under `-o az` for helm) in
/// every mode and under each CI platform; a runner reading the output acts
/// on our own annotations only, which still work after it, and the job
/// summary shows the HTML as text.
#[test]
fn outside_text_forms_no_ci_command_and_our_annotations_still_work() {
    let s = sim("healthy");
    let script = format!("printf '{CI_PRINTF}' >&2\nexit 1");
    for program in ["docker", "helm"] {
        for ci in ["none", "github", "azure"] {
            for mode in [
                &["-o", "text"][..],
                &["-o", "az"],
                &["-o", "json"],
                &["-o", "markdown"],
                &["-o", "junit"],
                &["--debug"],
            ] {
                let summary = s
                    .dir
                    .path()
                    .join(format!("summary-{program}-{ci}-{}.md", mode.join("")));
                let mut c = s.check().fake_bin(program, &script);
                let i = c.args.iter().position(|a| a == "environment").unwrap();
                c.args[i] = if program == "docker" {
                    "helm,notary"
                } else {
                    "docker,notary"
                }
                .into();
                let n = c.args.iter().position(|a| a == "-n").unwrap();
                c.args.drain(n..n + 2);
                c = match ci {
                    "github" => c
                        .env("GITHUB_ACTIONS", "true")
                        .env("GITHUB_STEP_SUMMARY", &summary),
                    "azure" => c.env("TF_BUILD", "True"),
                    _ => c,
                };
                let run = c.args(mode).run();
                let what = format!("{program} {ci} {mode:?}");
                assert_eq!(run.status, 1, "{what}\n{}", run.all());

                // Delivered: every command's text is in the report (the
                // words after its opening, which the defence leaves alone).
                let m = if mode[0] == "-o" { mode[1] } else { "text" };
                for needle in [
                    "stop-commands::pwned",
                    "add-mask::Docker",
                    "task.setvariable variable=PWNED]1",
                    "error]FORGED_COMMAND",
                ] {
                    assert!(
                        shows(m, &run, needle),
                        "{what}: no {needle:?}\n{}",
                        run.all()
                    );
                }
                // ... and where the child's text starts a line, it starts
                // one (escaped or not: this shows it was printed there).
                if (program == "docker" && m != "json" && m != "markdown" && m != "junit")
                    || (program == "helm" && m == "az")
                {
                    assert!(
                        run.all().lines().any(|l| {
                            let l = l.trim_start();
                            l.starts_with("\\u{3a}:stop-commands::pwned")
                                || l.starts_with("::stop-commands::pwned")
                        }),
                        "{what}: the child's first line does not start a line\n{}",
                        run.all()
                    );
                }

                // Did nothing: a runner acts on our annotations alone, the
                // ones after the hostile lines included.
                let ours = our_annotations(&run.all());
                if m == "text" && ci != "none" {
                    assert!(!ours.is_empty(), "{what}: no annotation\n{}", run.all());
                }
                assert_eq!(ci_commands(&run.all()), ours, "{what}\n{}", run.all());
                // How: the opening's one character in the text escape.
                assert!(
                    shows(m, &run, "##vso\\u{5b}task.setvariable"),
                    "{what}\n{}",
                    run.all()
                );

                if ci == "github" && m == "text" {
                    let written = std::fs::read_to_string(&summary).unwrap();
                    let shown = rendered_markdown(&written);
                    assert!(
                        shown.contains("FORGED_COMMAND <img src=x onerror=alert(1)>"),
                        "{what}: the summary does not show the text\n{written}"
                    );
                }
            }
        }
    }
}

/// The step summary's path is the runner's variable, and is named when the
/// file cannot be written: it forms no command either.
#[test]
fn an_unwritable_summary_path_is_named_without_forming_a_command() {
    let s = sim("healthy");
    let run = s
        .check()
        .env("GITHUB_ACTIONS", "true")
        .env(
            "GITHUB_STEP_SUMMARY",
            "/nonexistent/##vso[task.setvariable variable=PWNED]1/s.md",
        )
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    // Delivered: the path is printed...
    run.assert_contains("could not write the step summary to /nonexistent/##vso")
        .assert_contains("task.setvariable variable=PWNED]1/s.md");
    // ... and does nothing.
    assert_eq!(
        ci_commands(&run.all()),
        Vec::<String>::new(),
        "{}",
        run.all()
    );
}

#[test]
fn environment_values_echoed_back_are_escaped() {
    let s = sim("healthy");
    let run = s
        .check()
        .env("AZURE_CLIENT_ID", "id\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}")
        .run();
    assert_eq!(run.status, 1, "{}", run.all());
    // Entra ID names the client id it did not find; the line shows it escaped.
    run.assert_contains("Application with identifier 'id\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{202e}'");
    assert_clean(&run.all());
}

// ---- secrets echoed back -------------------------------------------------

/// Fragments to echo, cut to 8 characters and to the end: from every
/// second position as is, from every seventh in the other shapes (each
/// window of those is a window of the whole shape, so fewer starts do).
fn fragments(len: usize, shape: EchoShape) -> Vec<(usize, usize)> {
    let step = if shape == EchoShape::Raw { 2 } else { 7 };
    (0..len.saturating_sub(7))
        .step_by(step)
        .flat_map(|start| [(start, start + 8), (start, 10_000)])
        .collect()
}

#[test]
fn client_secret_fragments_echoed_by_entra_are_never_shown() {
    let s = sim("healthy");
    let secret = s.sim.client_secret().to_owned();
    for &shape in EchoShape::ALL {
        for (start, end) in fragments(secret.len(), shape) {
            s.sim.set_echo(Some(Echo {
                pad: 0,
                start,
                end,
                shape,
            }));
            let run = s.check().run();
            run.assert_error("CREDENTIAL_ERROR", "No credential for registry '")
                .assert_contains("Invalid client secret provided: (redacted)");
        }
    }
}

#[test]
fn our_cut_never_leaves_part_of_a_secret_entra_echoed() {
    let s = sim("healthy");
    let secret = s.sim.client_secret().to_owned();
    // We cut Entra's error_description at 200 characters; put the secret so
    // that the cut falls at each of its characters in turn.
    let before = "AADSTS7000215: Invalid client secret provided: ".len();
    for k in 1..secret.len() {
        let pad = 200 - before - k;
        // --debug too, at every fourth cut point.
        for debug in [false, true].into_iter().filter(|d| !d || k % 4 == 0) {
            s.sim.set_echo(Some(Echo {
                pad,
                start: 0,
                end: 10_000,
                shape: EchoShape::Raw,
            }));
            let mut c = s.check();
            if debug {
                c = c.arg("--debug");
            }
            let run = c.run();
            run.assert_error("CREDENTIAL_ERROR", "No credential for registry '");
            assert!(
                !run.all().contains(&secret[..k.max(4)]),
                "cut at {k}:\n{}",
                run.all()
            );
        }
    }
}

#[test]
fn password_fragments_echoed_by_the_registry_are_never_shown() {
    let s = sim("healthy");
    let pw = s.sim.admin_password().to_owned();
    let user = s.sim.registry_name().to_owned();
    // The password grant: the registry echoes what it got, in each shape
    // (base64 of user:password included), cut anywhere.
    for &shape in EchoShape::ALL {
        let len = if shape == EchoShape::Base64 {
            44
        } else {
            pw.len()
        };
        for (start, end) in fragments(len, shape) {
            s.sim.set_echo(Some(Echo {
                pad: 0,
                start,
                end,
                shape,
            }));
            let run = s
                .check()
                .without_service_principal()
                .args(["-u", &user, "--password-stdin"])
                .stdin(&pw)
                .run();
            run.assert_error("CONNECTIVITY_ACCESS_TOKEN_ERROR", "Access to registry '")
                .assert_contains("authentication failed for (redacted)");
        }
    }
    // And our own cut (300 characters of the registry's text) at each of its characters.
    let before = "UNAUTHORIZED: authentication failed for ".len();
    for k in 1..pw.len() {
        s.sim.set_echo(Some(Echo {
            pad: 300 - before - k,
            start: 0,
            end: 10_000,
            shape: EchoShape::Raw,
        }));
        let run = s
            .check()
            .without_service_principal()
            .args(["-u", &user, "-p", &pw])
            .run();
        assert_eq!(run.status, 1, "{}", run.all());
        assert!(
            !run.all().contains(&pw[..k.max(4)]),
            "cut at {k}:\n{}",
            run.all()
        );
    }
}

// ---- panics ------------------------------------------------------------

#[test]
fn a_panicking_probe_is_an_internal_error_that_stops_strict_mode() {
    let s = sim("healthy");
    let run = s.check().env("ACR_HEALTH_TEST_PANIC", "registry.dns").run();
    run.assert_error(
        "INTERNAL_ERROR",
        "The check 'DNS lookup' stopped on a bug in acr-health.",
    )
    .assert_contains("ACR_HEALTH_TEST_PANIC names this check")
    .assert_lacks("Challenge endpoint");
    // The hook printed nothing of its own.
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_panicking_probe_lets_ignore_errors_report_the_rest() {
    let s = sim("healthy");
    let run = s
        .check()
        .env("ACR_HEALTH_TEST_PANIC", "registry.dns")
        .arg("--ignore-errors")
        .run();
    run.assert_error(
        "INTERNAL_ERROR",
        "The check 'DNS lookup' stopped on a bug in acr-health.",
    )
    .assert_contains("Credential: service principal");
    let run = s
        .check()
        .env("ACR_HEALTH_TEST_PANIC", "registry.challenge")
        .args(["-o", "az"])
        .run();
    assert_eq!(run.status, 1);
    // Only az's stream on stderr: no line of the panic hook in it.
    assert!(
        run.stderr.contains("An error occurred: INTERNAL_ERROR\n"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.lines().any(|l| l.starts_with("acr-health:")),
        "{}",
        run.stderr
    );
}

// ---- stderr that cannot be written --------------------------------------

fn bin_with(args: &[&str], env: &BTreeMap<String, String>) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args).env_clear().envs(env);
    cmd
}

/// Spawns with stderr on a pipe whose reading end is closed at once.
#[cfg(target_os = "linux")]
fn with_closed_stderr(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stderr.take());
    child.wait_with_output().unwrap()
}

#[cfg(target_os = "linux")]
fn with_full_stderr(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(File::options().write(true).open("/dev/full").unwrap());
    cmd.output().unwrap()
}

// Linux only: /dev/full, a device whose every write fails.
#[cfg(target_os = "linux")]
#[test]
fn unwritable_stderr_never_changes_the_exit_status() {
    let env = BTreeMap::new();
    let bad = ["check", "-n", "bad name!"];
    assert_eq!(
        with_full_stderr(bin_with(&bad, &env)).status.code(),
        Some(2)
    );
    assert_eq!(
        with_closed_stderr(bin_with(&bad, &env)).status.code(),
        Some(2)
    );
    // An unknown flag goes through clap's error path.
    let clap = ["check", "--no-such-flag"];
    assert_eq!(
        with_full_stderr(bin_with(&clap, &env)).status.code(),
        Some(2)
    );

    // `-o az` writes the whole report to stderr; a failed run stays 1, a
    // caught panic too, and a passing one 0.
    let s = sim("forbidden");
    let c = s.check().args(["-o", "az"]);
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    assert_eq!(
        with_full_stderr(bin_with(&args, &c.env)).status.code(),
        Some(1)
    );
    assert_eq!(
        with_closed_stderr(bin_with(&args, &c.env)).status.code(),
        Some(1)
    );
    let mut env = c.env.clone();
    env.insert("ACR_HEALTH_TEST_PANIC".into(), "registry.dns".into());
    assert_eq!(
        with_full_stderr(bin_with(&args, &env)).status.code(),
        Some(1)
    );
    let ok = sim("healthy");
    let c = ok.check().args(["-o", "az", "--debug"]);
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    assert_eq!(
        with_full_stderr(bin_with(&args, &c.env)).status.code(),
        Some(0)
    );
    assert_eq!(
        with_closed_stderr(bin_with(&args, &c.env)).status.code(),
        Some(0)
    );

    // Text mode with stdout on a full device: the failed run still says 1.
    let c = s.check();
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    let out = bin_with(&args, &c.env)
        .stdin(Stdio::null())
        .stdout(File::options().write(true).open("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

// ---- the binary's entry (std's own) --------------------------------------

/// A panic outside every probe ends the run with the hook's one line and
/// exit status 101, as std's own entry would.
#[test]
fn a_panic_outside_the_checks_exits_101_with_one_line() {
    let s = sim("healthy");
    let c = s.check();
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    let mut env = c.env.clone();
    env.insert("ACR_HEALTH_TEST_PANIC".into(), "outside".into());
    let out = bin_with(&args, &env).stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.starts_with(acr_health::app::run::PANIC_MARKER),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("asks for a panic outside the checks"),
        "{stderr:?}"
    );
}

/// A closed standard fd is pointed at /dev/null before anything runs, so no
/// file or socket of ours can become stdout. Seen from inside: with stdout
/// closed, `/proc/self/fd/1` is an empty file, not a missing one.
// Linux only: it looks through /proc, and closes fd 1 before exec.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_stdout_is_pointed_at_dev_null() {
    use std::os::unix::process::CommandExt;
    let mut cmd = bin_with(
        &["check", "-n", "myregistry", "--ca-cert", "/proc/self/fd/1"],
        &BTreeMap::new(),
    );
    // SAFETY: close(2) is async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "acr-health: error: cannot use --ca-cert '/proc/self/fd/1': no PEM certificate found in it\n"
    );
}

/// SIGPIPE is ignored: output into a pipe nobody reads is a failed write,
/// and the exit status stays what the run decided.
#[test]
fn a_closed_stdout_pipe_is_not_a_kill() {
    for args in [
        &["codes"][..],
        &["explain", "CONNECTIVITY_SSL_ERROR"],
        &["--help"],
    ] {
        let mut child = bin_with(args, &BTreeMap::new())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Which standard stream a run gets on a pipe nobody reads.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs `cmd` with one stream on a pipe whose reading end is closed before
/// the child starts writing (the other is read), as `| head -c0` would.
fn with_closed(mut cmd: Command, closed: Closed) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    match closed {
        Closed::Stdout => drop(child.stdout.take()),
        Closed::Stderr => drop(child.stderr.take()),
    }
    child.wait_with_output().unwrap()
}

/// A closed stdout or stderr is the end of output and nothing else, for
/// every command and flag that prints: the run first shows it prints on that
/// stream, then, with the stream closed, ends with the same status and no
/// panic or internal error.
#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let none = BTreeMap::new();
    let mut cases: Vec<(Vec<String>, BTreeMap<String, String>)> = Vec::new();
    let plain = |args: &[&str]| (args.iter().map(|a| a.to_string()).collect(), none.clone());
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        cases.push(plain(&["completions", shell]));
    }
    for args in [
        &["man"][..],
        &["man", "check"],
        &["codes"],
        &["codes", "-o", "json"],
        &["explain", "CONNECTIVITY_SSL_ERROR"],
        &["demo", "--list"],
        &["demo"],
        &["demo", "-o", "json"],
        &["demo", "--scenario", "forbidden"],
        &["--help"],
        &["check", "--help"],
        &["help", "check"],
        &["--version"],
        // No command: clap's help on stderr, status 2.
        &[],
    ] {
        cases.push(plain(args));
    }
    let forbidden = sim("forbidden");
    let healthy = sim("healthy");
    for (s, extra) in [
        (&forbidden, &[][..]),
        (&forbidden, &["-o", "az"]),
        (&forbidden, &["-o", "json", "--debug"]),
        (&healthy, &["-o", "markdown"]),
        (&healthy, &["-o", "junit", "--debug"]),
    ] {
        let c = s.check().args(extra);
        cases.push((c.args.clone(), c.env.clone()));
    }

    for (args, env) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let open = bin_with(&args, env).stdin(Stdio::null()).output().unwrap();
        let status = open.status.code();
        assert!(
            matches!(status, Some(0..=2)),
            "{args:?}: {:?}\n{}",
            open.status,
            String::from_utf8_lossy(&open.stderr)
        );
        for closed in [Closed::Stdout, Closed::Stderr] {
            // Delivered: with the stream open the command writes on it.
            let written = match closed {
                Closed::Stdout => &open.stdout,
                Closed::Stderr => &open.stderr,
            };
            if written.is_empty() {
                continue;
            }
            let out = with_closed(bin_with(&args, env), closed);
            let other = String::from_utf8_lossy(match closed {
                Closed::Stdout => &out.stderr,
                Closed::Stderr => &out.stdout,
            });
            assert_eq!(
                out.status.code(),
                status,
                "{args:?} with {closed:?} closed: {:?}\n{other}",
                out.status
            );
            assert!(
                !other.contains(acr_health::app::run::PANIC_MARKER) && !other.contains("panicked"),
                "{args:?} with {closed:?} closed:\n{other}"
            );
        }
    }
}

// ---- bad input ---------------------------------------------------------

/// A usage error: exit 2 and exactly one line on stderr.
fn assert_usage(run: &Run, needle: &str) {
    assert_eq!(run.status, 2, "{}", run.all());
    assert_eq!(run.stderr.lines().count(), 1, "{:?}", run.stderr);
    assert!(run.stderr.ends_with('\n'));
    assert!(
        run.stderr.contains(needle),
        "expected {needle:?} in {:?}",
        run.stderr
    );
    assert_clean(&run.stderr);
}

#[test]
fn durations_over_seven_days_are_usage_errors() {
    for (flag, value) in [
        ("--timeout", "8d"),
        ("--wait", "999999999999s"),
        ("--wait", "1e300"),
        ("--deadline", "604801"),
    ] {
        let run = acr_health()
            .args(["check", "-n", "myregistry", flag, value])
            .run();
        assert_usage(
            &run,
            &format!(
                "acr-health: error: invalid {flag} '{value}': more than the 7 days this tool allows"
            ),
        );
    }
    // Seven days exactly is allowed (and is not an overflow): parsed, then
    // the run fails for want of a resolvable registry, not for the value.
    let run = acr_health()
        .args([
            "check",
            "-n",
            "x.invalid:1",
            "--wait",
            "7d",
            "--deadline",
            "1s",
            "--skip",
            "environment",
            "--dns-server",
            "127.0.0.1:9",
        ])
        .run();
    assert_eq!(run.status, 1, "{}", run.all());
}

#[test]
fn credential_endpoints_must_be_https() {
    let args = ["check", "-n", "myregistry"];
    assert_usage(
        &acr_health()
            .env("AZURE_AUTHORITY_HOST", "http://127.0.0.1:1/")
            .args(args)
            .run(),
        "acr-health: error: invalid AZURE_AUTHORITY_HOST 'http://127.0.0.1:1/': credentials are sent there, so it must be an https:// URL, not http://",
    );
    assert_usage(
        &acr_health()
            .args(args)
            .args(["--arm-endpoint", "http://127.0.0.1:1"])
            .run(),
        "acr-health: error: invalid --arm-endpoint 'http://127.0.0.1:1': credentials are sent there, so it must be an https:// URL, not http://",
    );
    // The variable is named as the variable; an endpoint is a base URL,
    // never one carrying a password or a query.
    assert_usage(
        &acr_health()
            .env("ACR_HEALTH_ARM_ENDPOINT", "http://127.0.0.1:1")
            .args(args)
            .run(),
        "acr-health: error: invalid ACR_HEALTH_ARM_ENDPOINT 'http://127.0.0.1:1': credentials are sent there, so it must be an https:// URL, not http://",
    );
    assert_usage(
        &acr_health()
            .args(args)
            .args(["--arm-endpoint", "https://u:pw@127.0.0.1:1"])
            .run(),
        "acr-health: error: invalid --arm-endpoint 'https://127.0.0.1:1': credentials are sent there, so it must be an https:// URL without a user name or password",
    );
    assert_usage(
        &acr_health()
            .env("AZURE_AUTHORITY_HOST", "https://127.0.0.1:1/?x=1")
            .args(args)
            .run(),
        "acr-health: error: invalid AZURE_AUTHORITY_HOST 'https://127.0.0.1:1/?(query hidden)': credentials are sent there, so it must be an https:// URL without a query or fragment",
    );
}

#[test]
fn values_with_line_breaks_and_escapes_give_one_escaped_line() {
    assert_usage(
        &acr_health()
            .args(["check", "-n", "bad\nname\u{1b}[2J"])
            .run(),
        "invalid registry name 'bad\\u{a}name\\u{1b}[2J'",
    );
    assert_usage(
        &acr_health()
            .args(["check", "-n", "myregistry", "-o", "te\nxt\u{1b}]0;t\u{7}"])
            .run(),
        // clap's text is folded onto one line (clap drops the escape
        // sequence itself), then escaped.
        "invalid value 'te xt' for '--output <OUTPUT>'",
    );
    assert_usage(
        &acr_health()
            .args(["check", "-n", "myregistry", "--resolve", "a\r\nb:1.2.3.4"])
            .run(),
        "invalid --resolve 'a\\u{d}\\u{a}b:1.2.3.4'",
    );
}

#[test]
fn a_malformed_certificate_in_ca_cert_names_the_file_and_its_position() {
    let s = sim("healthy");
    let pem = std::fs::read_to_string(&s.ca).unwrap();
    let bad = s.dir.path().join("bad.pem");
    // The simulator's CA, then a block whose base64 is broken.
    std::fs::write(
        &bad,
        format!("{pem}-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n"),
    )
    .unwrap();
    let line = pem.lines().count() + 1;
    let shown = bad.display().to_string();
    assert_usage(
        &s.check().args(["--ca-cert", &shown]).run(),
        &format!(
            "acr-health: error: cannot use --ca-cert '{shown}': certificate 2 (line {line}) is malformed: its base64 does not decode"
        ),
    );
    // Good base64 of something that is not a certificate.
    std::fs::write(
        &bad,
        format!("-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n{pem}"),
    )
    .unwrap();
    assert_usage(
        &s.check().args(["--ca-cert", &shown]).run(),
        &format!(
            "cannot use --ca-cert '{shown}': certificate 1 (line 1) is malformed: it is not an X.509 certificate"
        ),
    );
}

// Unix only: /dev/zero, the endless file.
#[cfg(unix)]
#[test]
fn endless_files_and_stdin_are_read_to_a_limit() {
    let started = Instant::now();
    assert_usage(
        &acr_health()
            .args(["check", "-n", "myregistry", "--ca-cert", "/dev/zero"])
            .run(),
        "acr-health: error: cannot read --ca-cert '/dev/zero': larger than the 16384 KiB this tool reads",
    );
    let out = bin_with(
        &["check", "-n", "myregistry", "-u", "me", "--password-stdin"],
        &BTreeMap::new(),
    )
    .stdin(File::open("/dev/zero").unwrap())
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "acr-health: error: --password-stdin: standard input holds more than the 64 KiB a password may have\n"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

// ---- deadlines ---------------------------------------------------------

#[test]
fn deadline_reports_the_step_still_running_as_timed_out() {
    let s = sim("hang");
    let started = Instant::now();
    let run = s
        .check()
        .timeout("30s")
        .args(["--deadline", "1500ms"])
        .run();
    run.assert_error(
        "DEADLINE_EXCEEDED_ERROR",
        "The check 'Challenge endpoint' was still running when the run's deadline of 1s 500ms passed.",
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // Strict mode: nothing after the first timed-out step.
    run.assert_lacks("Fetch refresh token");

    let run = s
        .check()
        .timeout("30s")
        .args(["--deadline", "1500ms", "--ignore-errors", "-o", "json"])
        .run();
    assert_eq!(run.status, 1);
    let doc = run.json();
    let checks = doc["checks"].as_array().unwrap();
    let status = |id: &str| {
        checks.iter().find(|c| c["id"] == id).map(|c| {
            (
                c["status"].as_str().unwrap().to_owned(),
                c["code"].as_str().map(str::to_owned),
            )
        })
    };
    assert_eq!(
        status("registry.challenge"),
        Some(("error".into(), Some("DEADLINE_EXCEEDED_ERROR".into())))
    );
    // The credential finished before the deadline and is reported as it was.
    assert_eq!(status("registry.credential").unwrap().0, "info");
    // What waited for the challenge never started.
    assert_eq!(status("registry.refresh_token").unwrap().0, "skipped");
}

#[test]
fn a_run_within_its_deadline_is_unchanged() {
    let s = sim("healthy");
    let run = s.check().args(["--deadline", "1m"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_lacks("DEADLINE_EXCEEDED_ERROR");
}

#[test]
fn the_certificate_is_described_within_the_steps_one_timeout() {
    // Every handshake waits 2 s, then fails (untrusted CA). With --timeout
    // 3 s a second connection to read the certificate would not fit in what
    // is left of the step; the certificate the handshake was rejected for is
    // described without one, and the step ends within its one timeout.
    let s = sim("slow-untrusted-cert");
    let run = s.check().run();
    run.assert_error(
        "CONNECTIVITY_SSL_ERROR",
        "Unable to establish a secure connection to the registry '",
    )
    .assert_contains("signed by a CA this machine does not trust")
    .assert_contains("the server presented a certificate issued by 'CN=acr-sim untrusted CA");
}
