//! Shipping: acr-health at home in CI (GitHub annotations and job summary,
//! Azure Pipelines logging commands, the composite action), its man pages
//! and completions, and the spinner a person sees on a terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[cfg(unix)]
use crate::util::DOCKER_JSON;
use crate::util::{acr_health, bin, sim, skip_or_fail};

fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.starts_with(prefix)).collect()
}

// --- GitHub Actions -------------------------------------------------------

#[test]
fn github_actions_error_annotation_and_step_summary() {
    let s = sim("forbidden");
    let summary = s.dir.path().join("summary.md");
    // The runner's file may already hold earlier steps' summaries: append.
    std::fs::write(&summary, "earlier step\n").unwrap();
    let run = s
        .check()
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access to registry",
    );
    let annotations = lines_starting(&run.stdout, "::error");
    assert_eq!(annotations.len(), 1, "{}", run.stdout);
    let a = annotations[0];
    assert!(
        a.starts_with("::error title=CONNECTIVITY_FORBIDDEN_ERROR::Looks like you don't have access to registry '"),
        "{a}"
    );
    // One line: the reason joined with GitHub's escaped newline.
    assert!(a.contains("%0AReason: "), "{a}");
    // The annotation follows the error block it belongs to.
    let block = run
        .stdout
        .find("An error occurred: CONNECTIVITY_FORBIDDEN_ERROR")
        .unwrap();
    assert!(run.stdout.find("::error").unwrap() > block);

    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n## acr-health report\n"),
        "{written}"
    );
    assert!(
        written.contains("❌ error | **CONNECTIVITY_FORBIDDEN_ERROR**"),
        "{written}"
    );
    assert!(
        written.contains("(stopped at the first error)"),
        "{written}"
    );
}

#[test]
fn github_actions_warning_annotation() {
    // The registry's clock two hours behind is a warning, not an error.
    let s = sim("clock-skew");
    let run = s.check().env("GITHUB_ACTIONS", "true").run();
    assert_eq!(run.status, 0, "{}", run.all());
    let warnings = lines_starting(&run.stdout, "::warning::");
    assert_eq!(warnings.len(), 1, "{}", run.all());
    assert!(
        warnings[0].contains("The registry's clock is 2h"),
        "{}",
        warnings[0]
    );
    assert!(lines_starting(&run.stdout, "::error").is_empty());
}

#[test]
fn no_annotations_outside_ci_nor_in_machine_formats() {
    let s = sim("forbidden");
    let plain = s.check().run();
    plain.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access to registry",
    );
    plain.assert_lacks("::error").assert_lacks("##vso[");

    let summary = s.dir.path().join("summary.md");
    let json = s
        .check()
        .args(["-o", "json"])
        .env("GITHUB_ACTIONS", "true")
        .env("TF_BUILD", "True")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .run();
    assert_eq!(json.status, 1);
    let _ = json.json();
    json.assert_lacks("::error").assert_lacks("##vso[");
    assert!(!summary.exists(), "-o json wrote a step summary");
}

#[test]
fn under_wait_only_the_shown_attempt_reaches_the_job() {
    let s = sim("forbidden");
    let summary = s.dir.path().join("summary.md");
    let run = s
        .check()
        .args(["--wait", "1s"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .run();
    assert_eq!(run.status, 1, "{}", run.all());
    // Several attempts ran (every one failed), one was shown.
    assert!(s.requests_to("/v2/").len() >= 2, "only one attempt ran");
    assert_eq!(
        lines_starting(&run.stdout, "::error").len(),
        1,
        "{}",
        run.stdout
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(
        written.matches("## acr-health report").count(),
        1,
        "{written}"
    );
}

#[test]
fn wait_names_each_failed_attempts_code_and_the_time_left() {
    let s = sim("forbidden");
    let run = s.check().args(["--wait", "2s", "--debug"]).run();
    assert_eq!(run.status, 1, "{}", run.all());
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("acr-health: attempt "))
        .collect();
    assert!(!notes.is_empty(), "{}", run.stderr);
    assert!(
        notes[0].starts_with(
            "acr-health: attempt 1 failed (CONNECTIVITY_FORBIDDEN_ERROR); trying again, "
        ) && notes[0].ends_with("s left (--wait)"),
        "{}",
        notes[0]
    );
}

#[test]
fn unwritable_step_summary_keeps_the_status() {
    let s = sim("healthy");
    let run = s
        .check()
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", "/nonexistent/dir/summary.md")
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(
        run.stderr.contains(
            "acr-health: could not write the step summary to /nonexistent/dir/summary.md"
        ),
        "{}",
        run.stderr
    );
}

// --- Azure Pipelines -----------------------------------------------------

#[test]
fn azure_pipelines_logissue_for_an_error() {
    let s = sim("forbidden");
    let run = s.check().env("TF_BUILD", "True").run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access to registry",
    );
    let issues = lines_starting(&run.stdout, "##vso[");
    assert_eq!(issues.len(), 1, "{}", run.stdout);
    assert!(
        issues[0].starts_with(
            "##vso[task.logissue type=error;code=CONNECTIVITY_FORBIDDEN_ERROR]Looks like you don't have access to registry '"
        ),
        "{}",
        issues[0]
    );
    // The message's newline is escaped, and nothing after the command's
    // closing bracket can open another (`]` and `;` are escaped).
    assert!(issues[0].contains("%0AReason: "), "{}", issues[0]);
    let message = issues[0].split_once(']').unwrap().1;
    assert!(
        !message.contains(']') && !message.contains(';'),
        "{message}"
    );
    run.assert_lacks("::error");
}

// --- One run, several outputs ---------------------------------------------

/// A report without what changes from one run to the next: JSON's
/// `startedAt` and `durationMs`, the network phases' times and the critical
/// path's line, JUnit's `time` and `timestamp`.
fn steady_json(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(map) => {
            map.remove("startedAt");
            map.remove("durationMs");
            // The network phases' times, and the critical path's line,
            // which names the mean round trip in milliseconds.
            for key in ["startMs", "firstByteMs", "transferMs"] {
                map.remove(key);
            }
            if let Some(path) = map.get_mut("criticalPath").and_then(|p| p.as_object_mut()) {
                path.remove("line");
            }
            for value in map.values_mut() {
                *value = steady_json(value.take());
            }
        }
        serde_json::Value::Array(list) => {
            for value in list.iter_mut() {
                *value = steady_json(value.take());
            }
        }
        _ => {}
    }
    v
}

fn steady_junit(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    loop {
        let at = ["time=\"", "timestamp=\""]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|i| (i, attr.len())))
            .min();
        let Some((i, len)) = at else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i + len]);
        let after = &rest[i + len..];
        let end = after.find('"').expect("a closed attribute");
        out.push_str("…\"");
        rest = &after[end + 1..];
    }
}

/// `--report-json` and `--report-junit` beside the text report: each file
/// holds what `-o json` / `-o junit` prints for the same checks, whole even
/// when the text shows errors only, and replaces an older file by renaming
/// a new one over it (a reader never sees half a report), leaving no
/// temporary file behind.
#[test]
fn report_files_hold_what_json_and_junit_print() {
    let s = sim("forbidden");
    let reports = s.dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let json_file = reports.join("acr-health.json");
    let junit_file = reports.join("acr-health.xml");
    std::fs::write(
        &json_file,
        "an older report, longer than nothing\n".repeat(500),
    )
    .unwrap();
    #[cfg(unix)]
    let old_inode = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&json_file).unwrap().ino()
    };
    let run = s
        .check()
        .args(["--only-show-errors", "--report-json"])
        .arg(json_file.to_string_lossy())
        .arg("--report-junit")
        .arg(junit_file.to_string_lossy())
        .run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access to registry",
    );
    // The text is the text report, errors only.
    run.assert_lacks("DNS lookup to");
    run.assert_lacks("\"checks\"");

    let json = s.check().args(["-o", "json"]).run();
    assert_eq!(json.status, 1, "{}", json.all());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(steady_json(written.clone()), steady_json(json.json()));
    assert!(
        written["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["status"] == "ok"),
        "the file is whole, not errors only: {written:#}"
    );

    let junit = s.check().args(["-o", "junit"]).run();
    assert_eq!(junit.status, 1, "{}", junit.all());
    let written = std::fs::read_to_string(&junit_file).unwrap();
    assert!(
        written.contains("CONNECTIVITY_FORBIDDEN_ERROR"),
        "{written}"
    );
    assert_eq!(steady_junit(&written), steady_junit(&junit.stdout));

    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new_inode = std::fs::metadata(&json_file).unwrap().ino();
        assert_ne!(
            old_inode, new_inode,
            "replaced by a rename, not rewritten in place"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["acr-health.json", "acr-health.xml"]);
}

/// A report file that cannot be written at the end of the run is one line
/// on stderr and exit status 1, though every check passed: a CI step must
/// not go on without the file it asked for.
#[cfg(target_os = "linux")]
#[test]
fn a_report_file_that_cannot_be_written_fails_the_run() {
    let s = sim("healthy");
    // A directory that exists, in which no one (root included) can create a file.
    let run = s
        .check()
        .args(["--report-json", "/proc/self/acr-health.json"])
        .run();
    assert_eq!(run.status, 1, "{}", run.all());
    run.assert_contains("DNS lookup to");
    let line = run
        .stderr
        .lines()
        .find(|l| {
            l.starts_with(
                "acr-health: could not write the --report-json file '/proc/self/acr-health.json': ",
            )
        })
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(!line.is_empty());
}

/// The same run writes the report file in `-o az` too (az's stream stays
/// byte for byte on stderr) and under `--wait` (once, for the shown attempt).
#[test]
fn report_files_beside_az_and_wait() {
    let s = sim("healthy");
    let file = s.dir.path().join("az.json");
    let run = s
        .check()
        .args(["-o", "az", "--wait", "10s", "--report-json"])
        .arg(file.to_string_lossy())
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(run.stdout, "");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["exitStatus"], 0, "{doc:#}");
}

// --- The composite action ------------------------------------------------

/// The long flags of `acr-health check`, from the real command definition.
fn check_flags() -> Vec<String> {
    let cli = acr_health::app::cli::full_command();
    let check = cli.find_subcommand("check").expect("check");
    check
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

#[test]
fn action_yml_inputs_are_check_flags() {
    use yaml_rust2::{Yaml, YamlLoader};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let docs = YamlLoader::load_from_str(&text).expect("action.yml parses");
    let action = &docs[0];
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));

    // Which flag each input becomes; `version` only picks the release.
    let mapping = [
        ("registries", "--name"),
        ("repository", "--repository"),
        ("image", "--image"),
        ("output", "--output"),
        ("skip", "--skip"),
        ("vnet", "--vnet"),
        ("ignore-errors", "--ignore-errors"),
        ("wait", "--wait"),
        ("deadline", "--deadline"),
    ];
    // Inputs that are a switch: "true" passes the flag alone.
    let switches = ["ignore-errors"];
    let inputs = action["inputs"].as_hash().expect("inputs");
    let names: Vec<&str> = inputs.keys().filter_map(Yaml::as_str).collect();
    let mut expected: Vec<&str> = mapping.iter().map(|(i, _)| *i).collect();
    expected.push("version");
    assert_eq!(names, expected, "the action's inputs");

    let steps = action["runs"]["steps"].as_vec().expect("steps");
    let check_step = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("check"))
        .expect("a step with id: check");
    let script = check_step["run"].as_str().expect("run script");
    let env = &check_step["env"];
    let flags = check_flags();
    for (input, flag) in mapping {
        assert!(
            flags.iter().any(|f| f == flag),
            "{flag} is not a check flag"
        );
        let var = format!("INPUT_{}", input.to_ascii_uppercase().replace('-', "_"));
        assert_eq!(
            env[var.as_str()].as_str(),
            Some(format!("${{{{ inputs.{input} }}}}").as_str()),
            "{input} reaches the script as {var}"
        );
        if switches.contains(&input) {
            // `case $INPUT_…` then `true) args+=(--flag) ;;`
            assert!(
                script.contains(&format!("case ${var} in"))
                    && script.contains(&format!("true) args+=({flag})")),
                "{input} is passed as {flag} in\n{script}"
            );
            assert_eq!(
                inputs[&Yaml::String(input.into())]["default"].as_str(),
                Some("false")
            );
        } else {
            // The line that reads the variable passes the flag.
            assert!(
                script
                    .lines()
                    .any(|l| l.contains(&var) && l.contains(&format!("{flag} \""))),
                "{input} is passed as {flag} in\n{script}"
            );
        }
        let description = inputs[&Yaml::String(input.into())]["description"]
            .as_str()
            .unwrap_or("");
        assert!(
            description.contains(flag),
            "{input}'s description names {flag}"
        );
    }
    // Every flag the script passes is one `check` has.
    for word in script.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        if let Some(flag) = word.strip_prefix("--").map(|f| format!("--{f}"))
            && flag.len() > 2
        {
            assert!(
                flags.contains(&flag),
                "the script passes {flag}, not a check flag"
            );
        }
    }
    for output in ["status", "report"] {
        let value = action["outputs"][output]["value"].as_str().unwrap_or("");
        assert_eq!(value, format!("${{{{ steps.check.outputs.{output} }}}}"));
        assert!(
            script.contains(&format!("echo \"{output}=")),
            "{output} is set"
        );
    }
    // The default output value is a real format.
    let default_output = inputs[&Yaml::String("output".into())]["default"].as_str();
    assert_eq!(default_output, Some("text"));
    // The checks run once: the log and outputs.report are one run.
    assert_eq!(
        script
            .lines()
            .filter(|l| l.trim_start().starts_with("acr-health "))
            .count(),
        1,
        "{script}"
    );
    // No expression inside a `run:`: inputs reach the scripts through env.
    for step in steps {
        let run = step["run"].as_str().unwrap_or("");
        assert!(!run.contains("${{"), "an expression inside run: {run}");
    }
}

fn action_check_script() -> String {
    use yaml_rust2::YamlLoader;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
    let docs = YamlLoader::load_from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    docs[0]["runs"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| s["id"].as_str() == Some("check"))
        .and_then(|s| s["run"].as_str())
        .expect("the check step's script")
        .to_owned()
}

/// The action's check step, run as the runner runs it (bash, the inputs in
/// `INPUT_*`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_ACTIONS`)
/// against the simulator: acr-health starts once, and the log's annotation,
/// the job summary, `outputs.status` and the JSON at `outputs.report` tell
/// the same story.
#[test]
fn the_action_runs_the_checks_once_for_log_summary_and_report() {
    let s = sim("forbidden");
    let dir = s.dir.path();
    let action_bin = dir.join("action-bin");
    std::fs::create_dir(&action_bin).unwrap();
    let log = dir.join("starts.log");
    // `acr-health` on the action's PATH: the real binary, told where the
    // simulator's DNS and CA are, each start logged.
    let wrapper = action_bin.join("acr-health");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho started >> '{}'\nexec '{}' \"$@\" --dns-server {} --ca-cert '{}' --timeout 3s\n",
            log.display(),
            bin().display(),
            s.sim.dns_addr(),
            s.ca.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let output_file = dir.join("github-output");
    let summary = dir.join("summary.md");
    let out = Command::new("bash")
        .arg("-c")
        .arg(action_check_script())
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", action_bin.display()))
        .env("HOME", dir)
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_ACTIONS", "true")
        .env("AZURE_CONFIG_DIR", dir.join("no-az"))
        .env("ACR_HEALTH_AZURE_VM", "0")
        .env("AZURE_AUTHORITY_HOST", s.sim.authority_host())
        .env("AZURE_TENANT_ID", s.sim.tenant_id())
        .env("AZURE_CLIENT_ID", s.sim.client_id())
        .env("AZURE_CLIENT_SECRET", s.sim.client_secret())
        .env("INPUT_REGISTRIES", format!(" {} ,\n", s.sim.login_server()))
        .env("INPUT_REPOSITORY", "")
        .env("INPUT_IMAGE", "")
        .env("INPUT_OUTPUT", "text")
        .env("INPUT_SKIP", "environment")
        .env("INPUT_VNET", "")
        .env("INPUT_IGNORE_ERRORS", "true")
        .env("INPUT_WAIT", "")
        .env("INPUT_DEADLINE", "1m")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(!stdout.contains(s.sim.client_secret()));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "started\n");

    let annotations = lines_starting(&stdout, "::error title=");
    assert_eq!(annotations.len(), 1, "{stdout}");
    assert!(annotations[0].starts_with("::error title=CONNECTIVITY_FORBIDDEN_ERROR::"));
    // --ignore-errors reached the run: it went on after the error.
    assert!(
        stdout.contains("\nCredential: service principal"),
        "{stdout}"
    );

    let outputs = std::fs::read_to_string(&output_file).unwrap();
    let report = dir.join("acr-health-report.json");
    assert_eq!(outputs, format!("report={}\nstatus=1\n", report.display()));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(doc["exitStatus"], 1);
    assert_eq!(doc["ignoreErrors"], true, "{doc:#}");
    let codes: Vec<&str> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(codes, ["CONNECTIVITY_FORBIDDEN_ERROR"], "{doc:#}");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.contains("**CONNECTIVITY_FORBIDDEN_ERROR**"),
        "{written}"
    );
}

/// A bad `ignore-errors` input stops the step before anything runs.
#[test]
fn the_action_refuses_an_ignore_errors_that_is_not_a_boolean() {
    let dir = tempfile::tempdir().unwrap();
    let output_file = dir.path().join("github-output");
    let out = Command::new("bash")
        .arg("-c")
        .arg(action_check_script())
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_OUTPUT", &output_file)
        .env("INPUT_REGISTRIES", "myregistry")
        .env("INPUT_REPOSITORY", "")
        .env("INPUT_IMAGE", "")
        .env("INPUT_OUTPUT", "text")
        .env("INPUT_SKIP", "environment")
        .env("INPUT_VNET", "")
        .env("INPUT_IGNORE_ERRORS", "yes")
        .env("INPUT_WAIT", "")
        .env("INPUT_DEADLINE", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "::error title=acr-health::the ignore-errors input must be true or false\n"
    );
    assert_eq!(std::fs::read_to_string(&output_file).unwrap(), "status=2\n");
}

/// A stand-in for `gh` that serves a fixed release listing: `api
/// repos/R/tags` (each tag with its commit, through the real `jq` as gh's
/// `--jq` does) and `release view [TAG]`; every call is logged.
const FAKE_GH: &str = r#"#!/bin/bash
echo "$*" >> "$FAKE_GH_DIR/calls"
jq_expr=.
args=()
while (($#)); do
    case $1 in
    --jq) jq_expr=$2; shift 2 ;;
    --json | --repo) args+=("$1=$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
set -- "${args[@]}"
case "$1 $2" in
"api repos/acme/acr-health/tags")
    exec jq -r "$jq_expr" "$FAKE_GH_DIR/tags.json" ;;
"release view")
    [[ " $* " == *" --repo=acme/acr-health "* ]] || { echo "wrong repository: $*" >&2; exit 1; }
    if [[ $3 == --* ]]; then
        jq '[.[] | select(.isLatest)][0]' "$FAKE_GH_DIR/releases.json" | jq -r "$jq_expr"
        exit
    fi
    release=$(jq -c --arg t "$3" '.[] | select(.tagName == $t)' "$FAKE_GH_DIR/releases.json")
    [[ -n $release ]] || { echo "release not found" >&2; exit 1; }
    jq -r "$jq_expr" <<<"$release" ;;
*)
    echo "fake gh: unexpected call: $*" >&2; exit 1 ;;
esac
"#;

const COMMIT_V020: &str = "2b9f6a0c5d1e4f7a8b3c6d9e0f1a2b3c4d5e6f70";
const COMMIT_V010: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const COMMIT_RC: &str = "9999999999999999999999999999999999999999";

/// Runs `scripts/action-install.sh resolve` with `gh` faked; returns
/// (status, stdout, the gh calls).
fn resolve_release(action_ref: &str, version: &str, action_path: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let gh = bin.join("gh");
    std::fs::write(&gh, FAKE_GH).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Two releases (v0.2.0 the latest), an older tag of v0.2.0's commit
    // that is no release name, and a release candidate's tag with no
    // release yet.
    std::fs::write(
        dir.path().join("tags.json"),
        format!(
            r#"[{{"name":"v0.3.0-rc.1","commit":{{"sha":"{COMMIT_RC}"}}}},
               {{"name":"v0.2.0","commit":{{"sha":"{COMMIT_V020}"}}}},
               {{"name":"nightly","commit":{{"sha":"{COMMIT_V020}"}}}},
               {{"name":"v0.1.0","commit":{{"sha":"{COMMIT_V010}"}}}}]"#
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("releases.json"),
        r#"[{"tagName":"v0.2.0","isLatest":true},{"tagName":"v0.1.0","isLatest":false}]"#,
    )
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-install.sh");
    let mut cmd = Command::new("bash");
    cmd.arg(script)
        .arg("resolve")
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("FAKE_GH_DIR", dir.path())
        .env("ACR_HEALTH_VERSION", version)
        .env("GITHUB_ACTION_PATH", action_path);
    if !action_path.contains("/_actions/") {
        cmd.env("ACR_HEALTH_REPO", "acme/acr-health")
            .env("ACR_HEALTH_REF", action_ref);
    }
    let out = cmd.output().unwrap();
    let calls = std::fs::read_to_string(dir.path().join("calls")).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        calls,
    )
}

fn have_jq() -> bool {
    let found = ["/usr/bin/jq", "/bin/jq"]
        .iter()
        .any(|p| Path::new(p).exists());
    if !found {
        skip_or_fail("jq", "jq is not installed (apt-get install jq)");
    }
    found
}

/// Pinned by SHA, the action installs the release built from that very
/// commit, not the latest; at a tag, that tag; at a branch, the latest
/// with a notice; a commit no release tag points at is an error that says
/// what to do.
#[test]
fn the_action_installs_the_release_of_the_ref_it_is_used_at() {
    if !have_jq() {
        return;
    }
    let checkout = "/home/runner/work/app/app";
    // Pinned to v0.1.0's commit: v0.1.0, though v0.2.0 is the latest.
    let (status, out, calls) = resolve_release(COMMIT_V010, "", checkout);
    assert_eq!((status, out.as_str()), (0, "v0.1.0\n"), "{calls}");
    assert!(
        calls.contains("api repos/acme/acr-health/tags --paginate"),
        "{calls}"
    );
    assert!(
        calls.contains("release view v0.1.0 --repo acme/acr-health"),
        "{calls}"
    );
    // v0.2.0's commit also carries a tag that is no release name.
    let (status, out, _) = resolve_release(COMMIT_V020, "", checkout);
    assert_eq!((status, out.as_str()), (0, "v0.2.0\n"));
    // At a tag: that tag, without asking GitHub.
    let (status, out, calls) = resolve_release("v0.1.0", "", checkout);
    assert_eq!((status, out.as_str(), calls.as_str()), (0, "v0.1.0\n", ""));
    // The version input wins over the ref.
    let (status, out, _) = resolve_release(COMMIT_V020, "v0.1.0", checkout);
    assert_eq!((status, out.as_str()), (0, "v0.1.0\n"));
    // At a branch: the latest release, and a notice saying so.
    let (status, out, _) = resolve_release("main", "", checkout);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.starts_with("::notice title=acr-health install::"),
        "{out}"
    );
    assert!(out.ends_with("installing the latest release, v0.2.0. Pin a release tag or its commit to install that exact build.\nv0.2.0\n"), "{out}");
    // GitHub left the ref empty: read from the action's own path.
    let (status, out, _) = resolve_release(
        "",
        "",
        &format!("/home/runner/work/_actions/acme/acr-health/{COMMIT_V010}"),
    );
    assert_eq!((status, out.as_str()), (0, "v0.1.0\n"));

    // A commit no release tag points at: an error, never the latest.
    let unknown = "1234567890abcdef1234567890abcdef12345678";
    let (status, out, _) = resolve_release(unknown, "", checkout);
    assert_eq!(status, 1, "{out}");
    assert_eq!(
        out,
        format!(
            "::error title=acr-health install::acme/acr-health@{unknown}: no release tag points at this commit. Pin the commit of a release tag, or set the version input to the release to install\n"
        )
    );
    // A release tag whose release is not published yet.
    let (status, out, _) = resolve_release(COMMIT_RC, "", checkout);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("is v0.3.0-rc.1, which has no release (yet)"),
        "{out}"
    );
    // A version that is not a release tag.
    let (status, out, _) = resolve_release(COMMIT_V010, "latest", checkout);
    assert_eq!(
        (status, out.as_str()),
        (
            1,
            "::error title=acr-health install::the version input must be a release tag such as v0.1.0\n"
        )
    );
}

// --- Man pages and completions -------------------------------------------

fn man_program() -> Option<PathBuf> {
    ["/usr/bin/man", "/bin/man"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// `man --warnings -l FILE`, as plain text.
fn render_man(page: &str, dir: &Path, name: &str) -> (String, String) {
    let file = dir.join(name);
    std::fs::write(&file, page).unwrap();
    let man = man_program().unwrap();
    let out = Command::new(man)
        .args(["--warnings", "-l"])
        .arg(&file)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run man");
    assert!(out.status.success(), "man -l {name} failed");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn man_pages_render_with_man() {
    let top = acr_health().args(["man"]).run();
    assert_eq!(top.status, 0, "{}", top.all());
    let check = acr_health().args(["man", "check"]).run();
    assert_eq!(check.status, 0, "{}", check.all());
    if man_program().is_none() {
        skip_or_fail("man", "man-db is not installed (apt-get install man-db)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (text, warnings) = render_man(&top.stdout, dir.path(), "acr-health.1");
    assert_eq!(warnings, "", "groff warnings on the top page");
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("acr-health-check(1)"), "{text}");
    assert!(text.contains("acr-health-man(1)"), "{text}");
    // No page named that is not shipped.
    assert!(!text.contains("acr-health-help"), "{text}");

    let (text, warnings) = render_man(&check.stdout, dir.path(), "acr-health-check.1");
    assert_eq!(warnings, "", "groff warnings on the check page");
    assert!(
        text.contains("acr-health-check - Run the health checks"),
        "{text}"
    );
    assert!(text.contains("--ignore-errors"), "{text}");
    assert!(text.contains("--password-stdin"), "{text}");
    // The flags under their headings, then the closing sections.
    let mut last = 0;
    for section in [
        "\nAZ'S FLAGS\n",
        "\nCREDENTIALS\n",
        "\nEXIT STATUS\n",
        "\nENVIRONMENT\n",
        "\nEXAMPLES\n",
    ] {
        let at = text
            .find(section)
            .unwrap_or_else(|| panic!("no {section:?} in\n{text}"));
        assert!(at > last, "{section:?} out of order");
        last = at;
    }
    assert!(
        text.contains("acr-health check -n myregistry --ignore-errors"),
        "{text}"
    );
}

#[test]
fn man_for_an_unknown_command_is_exit_2() {
    let run = acr_health().args(["man", "nope"]).run();
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "acr-health: error: no man page for 'nope': the commands are check, demo, serve, explain, codes, completions, man, az\n"
    );
    assert_eq!(run.stdout, "");
}

/// Each shell's completions, with a line only that shell's script has, and
/// the `man` command among the completed words.
#[test]
fn completions_for_every_shell() {
    let shells = [
        ("bash", "complete -F _acr__health"),
        ("zsh", "#compdef acr-health"),
        ("fish", "complete -c acr-health"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'acr-health'",
        ),
        ("elvish", "set edit:completion:arg-completer[acr-health]"),
    ];
    for (shell, marker) in shells {
        let run = acr_health().args(["completions", shell]).run();
        assert_eq!(run.status, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell} lacks {marker:?}");
        assert!(
            run.stdout.contains("man"),
            "{shell} does not complete `man`"
        );
        // fish names a long flag without its dashes (`-l ignore-errors`).
        assert!(
            run.stdout.contains("--ignore-errors") || run.stdout.contains("-l ignore-errors"),
            "{shell}: check's flags"
        );
    }
    // The bash script is valid bash.
    let bash = acr_health().args(["completions", "bash"]).run().stdout;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acr-health.bash");
    std::fs::write(&file, bash).unwrap();
    let ok = Command::new("bash").arg("-n").arg(&file).status().unwrap();
    assert!(ok.success(), "bash -n rejects the completions");
}

// --- The spinner ---------------------------------------------------------

fn tmux() -> Option<PathBuf> {
    ["/usr/bin/tmux", "/bin/tmux"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// A POSIX shell word.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs `args` with exactly `env` on a tmux terminal (so stdout and stderr
/// are a terminal unless `redirect` sends them elsewhere), and returns the
/// screen snapshots taken every 100 ms until the run ends, then the last one.
struct OnTerminal {
    snapshots: Vec<String>,
    status: i32,
    /// Snapshots from the one where the question appeared up to the answer.
    #[cfg_attr(not(unix), allow(dead_code))]
    while_asked: std::ops::Range<usize>,
}

fn on_terminal(args: &[String], env: &BTreeMap<String, String>, redirect: &str) -> OnTerminal {
    on_terminal_answering(args, env, redirect, None)
}

/// `on_terminal`, and when the screen shows `question`, waits a second
/// (long enough for a spinner to be drawn over it) and types `keys` + Enter.
fn on_terminal_answering(
    args: &[String],
    env: &BTreeMap<String, String>,
    redirect: &str,
    answer: Option<(&str, &str)>,
) -> OnTerminal {
    let socket = format!("acr-health-test-{}-{}", std::process::id(), rand_suffix());
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("status");
    // A person's terminal says what it is; without TERM (or with
    // TERM=dumb) indicatif draws nothing, as it should.
    let mut line = String::from("env -i TERM=xterm-256color");
    for (k, v) in env {
        line.push_str(&format!(" {}", quote(&format!("{k}={v}"))));
    }
    line.push_str(&format!(" {}", quote(&bin().to_string_lossy())));
    for a in args {
        line.push_str(&format!(" {}", quote(a)));
    }
    line.push_str(&format!(
        " {redirect}; echo $? > {}.tmp; mv {0}.tmp {0}; sleep 60",
        quote(&done.to_string_lossy())
    ));
    let tmux = tmux().unwrap();
    let started = Command::new(&tmux)
        .args([
            "-L",
            &socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "160",
            "-y",
            "50",
        ])
        .arg(&line)
        .env("TERM", "xterm-256color")
        .status()
        .unwrap();
    assert!(started.success(), "tmux new-session");
    let capture = || {
        let out = Command::new(&tmux)
            .args(["-L", &socket, "capture-pane", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let mut snapshots = Vec::new();
    let mut while_asked = 0..0;
    let mut asked: Option<Instant> = None;
    let mut answered = false;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done.exists() && Instant::now() < deadline {
        let screen = capture();
        if let Some((question, keys)) = answer
            && !answered
        {
            match asked {
                None if screen.contains(question) => {
                    asked = Some(Instant::now());
                    while_asked.start = snapshots.len();
                }
                Some(at) if at.elapsed() > Duration::from_secs(1) => {
                    while_asked.end = snapshots.len() + 1;
                    answered = true;
                    let _ = Command::new(&tmux)
                        .args(["-L", &socket, "send-keys", keys, "Enter"])
                        .status();
                }
                _ => {}
            }
        }
        snapshots.push(screen);
        std::thread::sleep(Duration::from_millis(100));
    }
    snapshots.push(capture());
    let status = std::fs::read_to_string(&done)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(-1);
    let _ = Command::new(&tmux)
        .args(["-L", &socket, "kill-server"])
        .status();
    OnTerminal {
        snapshots,
        status,
        while_asked,
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn have_tmux() -> bool {
    if tmux().is_none() {
        skip_or_fail("tmux", "tmux is not installed (apt-get install tmux)");
        return false;
    }
    true
}

#[test]
fn spinner_names_running_steps_on_a_terminal() {
    if !have_tmux() {
        return;
    }
    // Every login-server reply takes 2 s: the challenge is still running
    // long after the spinner's 300 ms.
    let s = sim("slow");
    let check = s.check().timeout("10s");
    let run = on_terminal(&check.args, &check.env, "");
    assert_eq!(run.status, 0, "{}", run.snapshots.last().unwrap());
    let spinning: Vec<&String> = run
        .snapshots
        .iter()
        .filter(|screen| screen.contains("still running: Challenge endpoint"))
        .collect();
    assert!(
        !spinning.is_empty(),
        "the spinner never named the challenge; last screen:\n{}",
        run.snapshots.last().unwrap()
    );
    // It sits below the lines already printed, on a line of its own.
    let screen = spinning[0];
    let spinner_line = screen
        .lines()
        .find(|l| l.contains("still running"))
        .unwrap();
    assert!(!spinner_line.contains("DNS lookup to"), "{screen}");
    assert!(screen.contains("DNS lookup to "), "{screen}");
    // And it is gone when the report ends.
    let last = run.snapshots.last().unwrap();
    assert!(!last.contains("still running"), "{last}");
    assert!(last.contains("0 errors"), "{last}");
}

// Unix only: the terminal is tmux's.
#[cfg(unix)]
#[test]
fn spinner_steps_aside_while_the_pull_question_waits() {
    if !have_tmux() {
        return;
    }
    // Slow registry checks keep the spinner busy while docker's test pull
    // asks for confirmation on the same terminal.
    let s = sim("slow");
    let mut check = s.check().timeout("10s").fake_bin(
        "docker",
        &format!(
            r#"case "$1" in
  ps) echo 'CONTAINER ID   IMAGE' ;;
  version) printf '%s\n' '{DOCKER_JSON}' ;;
  *) echo "fake docker: unexpected $*" >&2; exit 99 ;;
esac"#
        ),
    );
    let skip = check.args.iter().position(|a| a == "--skip").unwrap();
    check.args[skip + 1] = "helm,notary".into();
    let question =
        "This will pull the image mcr.microsoft.com/mcr/hello-world:latest. Proceed? (y/n): ";
    let run = on_terminal_answering(
        &check.args,
        &check.env,
        "",
        Some((question.trim_end(), "n")),
    );
    let last = run.snapshots.last().unwrap();
    assert_eq!(run.status, 0, "{last}");
    assert!(
        !run.while_asked.is_empty(),
        "the question never appeared:\n{last}"
    );
    for screen in &run.snapshots[run.while_asked.clone()] {
        assert!(
            !screen.contains("still running"),
            "drawn over the question:\n{screen}"
        );
        assert!(
            screen.lines().any(|l| l.starts_with(question.trim_end())),
            "the question's line was disturbed:\n{screen}"
        );
    }
    assert!(last.contains("Skipping pull check."), "{last}");
    // After the answer the spinner came back for the slow registry steps.
    assert!(
        run.snapshots[run.while_asked.end..]
            .iter()
            .any(|screen| screen.contains("still running")),
        "no spinner after the answer"
    );
}

#[test]
fn no_spinner_when_stderr_is_not_a_terminal() {
    if !have_tmux() {
        return;
    }
    let s = sim("slow");
    let check = s.check().timeout("10s");
    // stdout stays on the terminal; stderr goes to a file.
    let err = s.dir.path().join("stderr.txt");
    let run = on_terminal(
        &check.args,
        &check.env,
        &format!("2>{}", quote(&err.to_string_lossy())),
    );
    assert_eq!(run.status, 0, "{}", run.snapshots.last().unwrap());
    assert!(run.snapshots.last().unwrap().contains("0 errors"));
    for screen in &run.snapshots {
        assert!(!screen.contains("still running"), "{screen}");
    }
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert_eq!(stderr, "", "stderr of a run that is not on a terminal");
}

#[test]
fn no_spinner_in_machine_formats_even_on_a_terminal() {
    if !have_tmux() {
        return;
    }
    let s = sim("slow");
    let check = s.check().timeout("10s").args(["-o", "json"]);
    let run = on_terminal(&check.args, &check.env, "");
    assert_eq!(run.status, 0, "{}", run.snapshots.last().unwrap());
    for screen in &run.snapshots {
        assert!(!screen.contains("still running"), "{screen}");
    }
}

#[test]
fn no_spinner_through_pipes() {
    let s = sim("slow");
    let check = s.check().timeout("10s");
    let run = check.run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(run.stderr, "", "stderr when it is a pipe");
    run.assert_lacks("still running");
}
