//! The deploy files (deploy/) and docs/monitoring.md, issue 30 items 2–3:
//! the alert rules under the real promtool (rules, unit tests per alert,
//! and that those tests notice a moved threshold), the PrometheusRule
//! object generated from the rules file, the Grafana dashboard's JSON and
//! PromQL, the Kubernetes manifests (parsed, validated against Kubernetes'
//! schemas by kubernetes-validate, built by kustomize), the systemd unit
//! under `systemd-analyze verify`, the Dockerfile, and that every metric
//! a rule or panel names is the exporter's contract as docs/monitoring.md
//! lists it.
//!
//! promtool (Debian's `prometheus`) and kubernetes-validate (.venv) skip
//! loudly when absent and fail in CI (ACR_HEALTH_REQUIRE_REAL=1);
//! kubectl and systemd-analyze come with the machine, not with .ci/run, and
//! only ever skip.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use yaml_rust2::{Yaml, YamlLoader};

use crate::util::real_program;

/// Where every runbook link points.
const MONITORING_DOC_URL: &str =
    "https://github.com/acr-health/acr-health/blob/main/docs/monitoring.md";

/// The scrape job name the rules and the ServiceMonitor agree on.
const JOB: &str = "acr-health";

/// The exporter's metric contract (issue 30): name, type, labels. The
/// exporter emits exactly these; docs/monitoring.md's table must list them.
pub(crate) const METRICS: &[(&str, &str, &[&str])] = &[
    ("acr_health_up", "gauge", &["registry", "check"]),
    (
        "acr_health_phase_duration_seconds",
        "histogram",
        &["registry", "phase"],
    ),
    (
        "acr_health_failures_total",
        "counter",
        &["registry", "check", "code"],
    ),
    ("acr_health_runs_total", "counter", &["registry"]),
    ("acr_health_run_duration_seconds", "gauge", &["registry"]),
    (
        "acr_health_last_run_timestamp_seconds",
        "gauge",
        &["registry"],
    ),
    (
        "acr_health_certificate_expiry_timestamp_seconds",
        "gauge",
        &["registry", "host"],
    ),
    (
        "acr_health_token_expiry_timestamp_seconds",
        "gauge",
        &["registry"],
    ),
    ("acr_health_build_info", "gauge", &["version"]),
];

/// The histogram's buckets (the contract's), as docs/monitoring.md writes them.
const BUCKETS: &str = "0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10";

/// The variable that rewrites the generated files instead of failing.
const REGENERATE: &str = "ACR_HEALTH_REGENERATE";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        // A Windows checkout may have turned the line ends.
        .replace("\r\n", "\n")
}

fn yaml(rel: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not YAML: {e}"))
}

fn yaml_one(rel: &str) -> Yaml {
    let mut docs = yaml(rel);
    assert_eq!(docs.len(), 1, "{rel}: one YAML document");
    docs.remove(0)
}

fn str_of<'a>(y: &'a Yaml, what: &str) -> &'a str {
    y.as_str()
        .unwrap_or_else(|| panic!("{what}: a string, not {y:?}"))
}

fn vec_of<'a>(y: &'a Yaml, what: &str) -> &'a Vec<Yaml> {
    y.as_vec()
        .unwrap_or_else(|| panic!("{what}: a list, not {y:?}"))
}

/// A program that the machine may or may not have and CI does not install:
/// skips loudly when absent, never fails.
fn machine_program(name: &str) -> Option<PathBuf> {
    let found = which::which(name).ok();
    if found.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED (no {name}): {name} is not on PATH"
        );
    }
    found
}

/// Runs a tool to its end, at most a minute, with stdin closed.
fn run_bounded(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = pipe(Box::new(child.stdout.take().unwrap()));
    let err = pipe(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// ---------------------------------------------------------------------------
// The PrometheusRule object, generated from the plain rules file

/// deploy/kubernetes/prometheusrule.yaml as it must read: the rules file's
/// `groups:` and everything after it, comments included, under `spec:`.
/// Text, not a YAML round trip, so the comments and layout carry over.
pub fn prometheus_rule(rules: &str) -> String {
    let start = if rules.starts_with("groups:") {
        0
    } else {
        rules
            .find("\ngroups:")
            .expect("rules.yml has a top-level `groups:`")
            + 1
    };
    let mut out = String::from(
        "# GENERATED from deploy/prometheus/rules.yml by tests/deploy.rs: do not edit.\n\
         # Edit the rules file, then: ACR_HEALTH_REGENERATE=1 cargo test --test tests deploy::\n\
         # Your Prometheus picks PrometheusRules by label (its ruleSelector): add\n\
         # that label with kustomize (docs/monitoring.md).\n\
         apiVersion: monitoring.coreos.com/v1\n\
         kind: PrometheusRule\n\
         metadata:\n  name: acr-health\n  labels:\n    app.kubernetes.io/name: acr-health\n\
         spec:\n",
    );
    for line in rules[start..].lines() {
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_prometheus_rule_object_is_generated_from_the_rules_file() {
    let rules = read("deploy/prometheus/rules.yml");
    let expected = prometheus_rule(&rules);
    let rel = "deploy/kubernetes/prometheusrule.yaml";
    if std::env::var(REGENERATE).is_ok_and(|v| v == "1") {
        std::fs::write(root().join(rel), &expected).unwrap();
    }
    let committed = std::fs::read_to_string(root().join(rel))
        .unwrap_or_default()
        .replace("\r\n", "\n");
    assert!(
        committed == expected,
        "{rel} is stale: run `{REGENERATE}=1 cargo test --test tests deploy::`"
    );
    // The same rules, as YAML reads them: the indenting kept every block
    // scalar whole.
    let object = yaml_one(rel);
    let plain = yaml_one("deploy/prometheus/rules.yml");
    assert_eq!(object["spec"]["groups"], plain["groups"]);
    assert_eq!(
        str_of(&object["apiVersion"], "apiVersion"),
        "monitoring.coreos.com/v1"
    );
    assert_eq!(str_of(&object["kind"], "kind"), "PrometheusRule");
}

// ---------------------------------------------------------------------------
// The alert rules under promtool

/// Every alert of rules.yml: (name, the rule).
fn alerts() -> Vec<(String, Yaml)> {
    let doc = yaml_one("deploy/prometheus/rules.yml");
    let mut out = Vec::new();
    for group in vec_of(&doc["groups"], "groups") {
        for rule in vec_of(&group["rules"], "rules") {
            let name = str_of(&rule["alert"], "every rule is an alert").to_owned();
            out.push((name, rule.clone()));
        }
    }
    out
}

#[test]
fn promtool_accepts_the_rules_and_the_example_config() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    let dir = root().join("deploy/prometheus");
    let out = run_bounded(
        Command::new(&promtool)
            .args(["check", "rules", "rules.yml"])
            .current_dir(&dir),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("SUCCESS: {} rules found", alerts().len())),
        "{}",
        text(&out)
    );
    // The VM example: a scrape job named as the rules expect, loading them.
    let out = run_bounded(
        Command::new(&promtool)
            .args(["check", "config", "prometheus.yml"])
            .current_dir(&dir),
    );
    assert!(out.status.success(), "{}", text(&out));
    let config = yaml_one("deploy/prometheus/prometheus.yml");
    let jobs: Vec<&str> = vec_of(&config["scrape_configs"], "scrape_configs")
        .iter()
        .map(|j| str_of(&j["job_name"], "job_name"))
        .collect();
    assert_eq!(jobs, [JOB]);
}

#[test]
fn the_alerts_unit_tests_pass_under_promtool() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    let out = run_bounded(
        Command::new(&promtool)
            .args(["test", "rules", "rules_test.yml"])
            .current_dir(root().join("deploy/prometheus")),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("SUCCESS"), "{}", text(&out));
}

#[test]
fn every_alert_has_a_unit_test_that_fires_and_one_that_stays_quiet() {
    let tests = yaml_one("deploy/prometheus/rules_test.yml");
    assert_eq!(
        vec_of(&tests["rule_files"], "rule_files"),
        &vec![Yaml::String("rules.yml".into())]
    );
    for (alert, _) in alerts() {
        let (mut fires, mut quiet) = (false, false);
        for test in vec_of(&tests["tests"], "tests") {
            for case in test["alert_rule_test"].as_vec().into_iter().flatten() {
                if case["alertname"].as_str() != Some(&alert) {
                    continue;
                }
                match case["exp_alerts"].as_vec() {
                    Some(v) if v.is_empty() => quiet = true,
                    Some(_) => fires = true,
                    None => panic!("{alert}: exp_alerts must be written out"),
                }
            }
        }
        assert!(fires, "{alert}: no unit test where it fires");
        assert!(quiet, "{alert}: no unit test where it must not fire");
    }
}

/// Each threshold, window and selector of rules.yml moved a little: the
/// unit tests must fail on every one, or they do not pin the rule down.
#[test]
fn the_unit_tests_notice_a_moved_threshold() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    let rules = read("deploy/prometheus/rules.yml");
    let tests = read("deploy/prometheus/rules_test.yml");
    let mutations: &[(&str, &str)] = &[
        (
            "min without (check) (acr_health_up) == 0",
            "min without (check, instance) (acr_health_up) == 0",
        ),
        (
            "        for: 5m\n        labels:\n          severity: critical",
            "        for: 4m\n        labels:\n          severity: critical",
        ),
        ("< 14 * 86400", "< 16 * 86400"),
        ("< 14 * 86400", "< 12 * 86400"),
        ("histogram_quantile(0.95,", "histogram_quantile(0.9,"),
        ("          ) > 1\n", "          ) > 0.5\n"),
        ("          ) > 1\n", "          ) > 3\n"),
        ("[30m]) >= 10", "[30m]) >= 1"),
        ("{phase=\"connect\"}[30m])\n", "{phase=\"dns\"}[30m])\n"),
        ("          ) >= 3\n", "          ) >= 1\n"),
        ("          ) >= 3\n", "          ) >= 5\n"),
        ("|CONNECTIVITY_AAD_LOGIN_ERROR", ""),
        ("> 600", "> 300"),
        ("> 600", "> 700"),
        ("up{job=\"acr-health\"} == 0", "up == 0"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules_test.yml"), &tests).unwrap();
    for (from, to) in mutations {
        assert!(rules.contains(from), "rules.yml no longer has `{from}`");
        std::fs::write(dir.path().join("rules.yml"), rules.replacen(from, to, 1)).unwrap();
        let out = run_bounded(
            Command::new(&promtool)
                .args(["test", "rules", "rules_test.yml"])
                .current_dir(dir.path()),
        );
        assert!(
            !out.status.success(),
            "the unit tests still pass with `{from}` turned into `{to}`"
        );
    }
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, other
/// punctuation gone.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn doc_anchors() -> BTreeSet<String> {
    read("docs/monitoring.md")
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn alerts_carry_a_severity_a_summary_and_a_runbook_in_the_docs() {
    let anchors = doc_anchors();
    let doc = read("docs/monitoring.md");
    for (name, rule) in alerts() {
        assert!(name.starts_with("AcrHealth"), "{name}");
        let severity = str_of(&rule["labels"]["severity"], &name);
        assert!(
            ["critical", "warning"].contains(&severity),
            "{name}: severity {severity}"
        );
        for key in ["summary", "description"] {
            assert!(
                !str_of(&rule["annotations"][key], &format!("{name} {key}")).is_empty(),
                "{name}: empty {key}"
            );
        }
        let runbook = str_of(&rule["annotations"]["runbook_url"], &name);
        let (page, fragment) = runbook.split_once('#').expect("an anchor");
        assert_eq!(page, MONITORING_DOC_URL, "{name}");
        assert_eq!(fragment, name.to_lowercase(), "{name}");
        assert!(
            anchors.contains(fragment),
            "{name}: docs/monitoring.md has no heading for #{fragment}"
        );
        // The alerts table names it too.
        assert!(
            doc.contains(&format!("| [`{name}`](#{fragment}) |")),
            "{name}: not in docs/monitoring.md's alerts table"
        );
    }
}

/// Access tokens live hours and are fetched anew every run: their expiry
/// says nothing about health (docs/monitoring.md).
#[test]
fn no_alert_looks_at_the_token_expiry() {
    for (name, rule) in alerts() {
        assert!(
            !str_of(&rule["expr"], &name).contains("token_expiry"),
            "{name} alerts on the token's expiry"
        );
    }
}

// ---------------------------------------------------------------------------
// Metric names and label values against the contract

/// The metrics docs/monitoring.md's table lists: name, type, labels.
fn documented_metrics() -> Vec<(String, String, Vec<String>)> {
    let doc = read("docs/monitoring.md");
    doc.lines()
        .filter(|l| l.starts_with("| `acr_health_"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            let ticked = |s: &str| -> Vec<String> {
                s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
            };
            let name = ticked(cells[0]).remove(0);
            (name, cells[1].to_owned(), ticked(cells[2]))
        })
        .collect()
}

#[test]
fn the_docs_metrics_table_is_the_exporters_contract() {
    let documented = documented_metrics();
    let expected: Vec<(String, String, Vec<String>)> = METRICS
        .iter()
        .map(|(n, t, l)| {
            (
                n.to_string(),
                t.to_string(),
                l.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(documented, expected);
    assert!(
        read("docs/monitoring.md").contains(BUCKETS),
        "docs/monitoring.md names the histogram's buckets: {BUCKETS}"
    );
}

/// Every `acr_health_…` name in a text, with a histogram's and a counter's
/// series suffixes taken back to the family's name.
fn metric_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("acr_health_") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        out.insert(tail[..end].to_owned());
        rest = &tail[end..];
    }
    out
}

fn family(series: &str) -> Option<&'static str> {
    METRICS.iter().map(|(n, ..)| *n).find(|n| {
        series == *n
            || ["_bucket", "_sum", "_count"]
                .iter()
                .any(|s| series.strip_suffix(s) == Some(n))
    })
}

fn dashboard() -> serde_json::Value {
    serde_json::from_str(&read("deploy/grafana/acr-health.json")).expect("the dashboard is JSON")
}

/// Every PromQL expression of the dashboard: panels' targets and the
/// template variables' queries.
fn dashboard_exprs() -> Vec<(String, String)> {
    let dash = dashboard();
    let mut out = Vec::new();
    for panel in dash["panels"].as_array().unwrap() {
        for t in panel["targets"].as_array().unwrap() {
            out.push((
                format!("{} {}", panel["title"], t["refId"]),
                t["expr"]
                    .as_str()
                    .expect("every target has an expr")
                    .to_owned(),
            ));
        }
    }
    for var in dash["templating"]["list"].as_array().unwrap() {
        out.push((
            format!("variable {}", var["name"]),
            var["query"]["query"].as_str().unwrap().to_owned(),
        ));
    }
    out
}

#[test]
fn every_metric_a_rule_or_panel_names_is_in_the_contract() {
    let mut texts = vec![
        ("rules.yml".to_owned(), read("deploy/prometheus/rules.yml")),
        (
            "rules_test.yml".to_owned(),
            read("deploy/prometheus/rules_test.yml"),
        ),
    ];
    texts.extend(dashboard_exprs());
    let mut used = BTreeSet::new();
    for (what, text) in &texts {
        for name in metric_names(text) {
            let fam = family(&name).unwrap_or_else(|| {
                panic!("{what} names {name}, which is not a metric of the exporter")
            });
            used.insert(fam);
        }
    }
    // The dashboard and rules between them use each metric but the token's
    // expiry (documented, deliberately neither alerted on nor charted).
    for (name, ..) in METRICS {
        assert!(
            used.contains(name) || *name == "acr_health_token_expiry_timestamp_seconds",
            "{name} is used by no rule or panel"
        );
    }
}

/// The label values the rules and panels match on are ones the tool
/// emits: phase kinds, catalog codes, the scrape job.
#[test]
fn label_values_in_rules_and_panels_are_the_tools_own() {
    use acr_health::engine::catalog::ENTRIES;
    use acr_health::sys::timing::PhaseKind;

    let phases: Vec<&str> = [PhaseKind::Dns, PhaseKind::Connect, PhaseKind::Request]
        .iter()
        .map(|p| p.as_str())
        .collect();
    let codes: BTreeSet<&str> = ENTRIES.iter().map(|e| e.code.as_str()).collect();
    let mut all = read("deploy/prometheus/rules.yml");
    for (_, e) in dashboard_exprs() {
        all.push('\n');
        all.push_str(&e);
    }
    for (i, _) in all.match_indices("phase=\"") {
        let value = all[i + "phase=\"".len()..].split('"').next().unwrap();
        assert!(
            phases.contains(&value),
            "phase \"{value}\" is not a phase kind"
        );
    }
    for (i, _) in all.match_indices("code=~\"") {
        let regex = all[i + "code=~\"".len()..].split('"').next().unwrap();
        // CONNECTIVITY_(REFRESH|ACCESS)_TOKEN_ERROR|CONNECTIVITY_AAD_LOGIN_ERROR
        for alt in expand_alternatives(regex) {
            assert!(codes.contains(alt.as_str()), "{alt} is not a catalog code");
        }
    }
    for (i, _) in all.match_indices("job=\"") {
        assert_eq!(all[i + "job=\"".len()..].split('"').next().unwrap(), JOB);
    }
    // The threshold of the slow-handshake alert is a bucket boundary.
    assert!(all.contains("          ) > 1\n"));
    assert!(BUCKETS.split(", ").any(|b| b == "1"));
}

/// `A_(B|C)_D|E` → A_B_D, A_C_D, E: enough regex for a code list.
fn expand_alternatives(regex: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    let mut tops = Vec::new();
    for (i, c) in regex.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => {
                tops.push(&regex[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    tops.push(&regex[start..]);
    for top in tops {
        match (top.find('('), top.find(')')) {
            (Some(a), Some(b)) => {
                for alt in top[a + 1..b].split('|') {
                    out.push(format!("{}{alt}{}", &top[..a], &top[b + 1..]));
                }
            }
            _ => out.push(top.to_owned()),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The Grafana dashboard

#[test]
fn the_dashboard_is_importable_with_a_prometheus_input() {
    let dash = dashboard();
    let inputs = dash["__inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0]["name"], "DS_PROMETHEUS");
    assert_eq!(inputs[0]["type"], "datasource");
    assert_eq!(inputs[0]["pluginId"], "prometheus");
    assert_eq!(dash["uid"], "acr-health");
    assert!(dash["id"].is_null(), "an exported dashboard has no id");
    let ds = serde_json::json!({ "type": "prometheus", "uid": "${DS_PROMETHEUS}" });
    let mut ids = BTreeSet::new();
    let mut titles = BTreeSet::new();
    let required: BTreeSet<&str> = dash["__requires"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "panel")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for panel in dash["panels"].as_array().unwrap() {
        let title = panel["title"].as_str().unwrap();
        assert!(
            ids.insert(panel["id"].as_u64().unwrap()),
            "{title}: id twice"
        );
        titles.insert(title);
        assert_eq!(panel["datasource"], ds, "{title}");
        assert!(
            required.contains(panel["type"].as_str().unwrap()),
            "{title}: its panel type is not in __requires"
        );
        assert!(
            !panel["description"].as_str().unwrap().is_empty(),
            "{title}"
        );
        for k in ["x", "y", "w", "h"] {
            assert!(panel["gridPos"][k].is_u64(), "{title}: gridPos.{k}");
        }
        assert!(
            panel["gridPos"]["x"].as_u64().unwrap() + panel["gridPos"]["w"].as_u64().unwrap() <= 24
        );
        for t in panel["targets"].as_array().unwrap() {
            assert_eq!(t["datasource"], ds, "{title}");
        }
    }
    for var in dash["templating"]["list"].as_array().unwrap() {
        assert_eq!(var["datasource"], ds, "variable {}", var["name"]);
    }
    // What issue 30 asks the dashboard to show.
    for title in [
        "Checks per registry",
        "Phase p50 per phase and registry",
        "Phase p95 per phase and registry",
        "Failures by code",
        "Certificate days left",
        "Last run age",
    ] {
        assert!(titles.contains(title), "no panel {title:?}");
    }
}

/// A dashboard expression as Prometheus would get it: Grafana's variables
/// replaced by what they stand for.
fn as_promql(expr: &str) -> String {
    expr.replace("$__rate_interval", "2m")
        .replace("$__range", "1h")
        .replace("$registry", ".*")
        .replace("$instance", ".*")
}

#[test]
fn the_dashboards_queries_are_promql_that_promtool_accepts() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    let mut rules = String::from("groups:\n  - name: dashboard\n    rules:\n");
    for (i, (_, expr)) in dashboard_exprs().iter().enumerate() {
        // label_values() is Grafana's, not PromQL: its argument is.
        let expr = match expr.strip_prefix("label_values(") {
            Some(rest) => as_promql(rest.rsplit_once(',').unwrap().0),
            None => as_promql(expr),
        };
        rules.push_str(&format!(
            "      - record: dashboard:query_{i}\n        expr: {}\n",
            serde_json::to_string(&expr).unwrap()
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dashboard.yml"), &rules).unwrap();
    let out = run_bounded(
        Command::new(&promtool)
            .args(["check", "rules", "dashboard.yml"])
            .current_dir(dir.path()),
    );
    assert!(out.status.success(), "{}\n{rules}", text(&out));
}

fn panel_expr(title: &str) -> String {
    let dash = dashboard();
    let panel = dash["panels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == title)
        .unwrap_or_else(|| panic!("no panel {title:?}"));
    as_promql(panel["targets"][0]["expr"].as_str().unwrap())
}

/// The headline panels, evaluated by Prometheus's own engine (promtool's
/// PromQL unit tests) on a small fleet: two exporters, one with a failing
/// check, certificates 13 and 40 days from expiry.
#[test]
fn the_dashboards_headline_panels_compute_what_they_say() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    let series = r#"
      - series: 'acr_health_up{job="acr-health",instance="a:9713",registry="one.azurecr.io",check="registry.dns"}'
        values: '1x10'
      - series: 'acr_health_up{job="acr-health",instance="a:9713",registry="one.azurecr.io",check="registry.challenge"}'
        values: '0x10'
      - series: 'acr_health_up{job="acr-health",instance="b:9713",registry="one.azurecr.io",check="registry.challenge"}'
        values: '1x10'
      - series: 'acr_health_up{job="acr-health",instance="b:9713",registry="two.azurecr.io",check="registry.challenge"}'
        values: '1x10'
      - series: 'acr_health_certificate_expiry_timestamp_seconds{job="acr-health",instance="a:9713",registry="one.azurecr.io",host="one.azurecr.io"}'
        values: '1123800x10'
      - series: 'acr_health_certificate_expiry_timestamp_seconds{job="acr-health",instance="a:9713",registry="two.azurecr.io",host="two.azurecr.io"}'
        values: '3456600x10'
      - series: 'acr_health_last_run_timestamp_seconds{job="acr-health",instance="a:9713",registry="one.azurecr.io"}'
        values: '0+60x10'
      - series: 'acr_health_last_run_timestamp_seconds{job="acr-health",instance="b:9713",registry="one.azurecr.io"}'
        values: '0+60x5 300x5'
"#;
    // At 10 minutes (600 s): one registry failing (on a), one check failing;
    // the oldest run 300 s old (b stopped at 5 minutes); the soonest
    // certificate (1,123,800 − 600) / 86,400 = 13 days.
    let cases = [
        ("Registries failing", "1"),
        ("Checks failing", "1"),
        ("Oldest last run", "300"),
        ("Soonest certificate expiry", "13"),
    ];
    let mut tests = format!(
        "rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:{series}    promql_expr_test:\n"
    );
    for (title, value) in cases {
        tests.push_str(&format!(
            "      - expr: {}\n        eval_time: 10m\n        exp_samples:\n          - labels: '{{}}'\n            value: {value}\n",
            quoted(&panel_expr(title))
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("panels_test.yml"), &tests).unwrap();
    let out = run_bounded(
        Command::new(&promtool)
            .args(["test", "rules", "panels_test.yml"])
            .current_dir(dir.path()),
    );
    assert!(out.status.success(), "{}\n{tests}", text(&out));
}

// ---------------------------------------------------------------------------
// Kubernetes

const MANIFESTS: &[&str] = &[
    "namespace.yaml",
    "serviceaccount.yaml",
    "daemonset.yaml",
    "service.yaml",
    "servicemonitor.yaml",
    "prometheusrule.yaml",
];

fn manifest(name: &str) -> Yaml {
    yaml_one(&format!("deploy/kubernetes/{name}"))
}

#[test]
fn kustomization_lists_every_manifest_in_the_folder() {
    let k = manifest("kustomization.yaml");
    let listed: BTreeSet<&str> = vec_of(&k["resources"], "resources")
        .iter()
        .map(|r| str_of(r, "resource"))
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("deploy/kubernetes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    assert_eq!(
        listed,
        on_disk.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    assert_eq!(listed, MANIFESTS.iter().copied().collect::<BTreeSet<_>>());
    assert_eq!(str_of(&k["namespace"], "namespace"), "acr-health");
    for name in MANIFESTS {
        let m = manifest(name);
        assert!(m["apiVersion"].as_str().is_some(), "{name}: apiVersion");
        assert!(m["kind"].as_str().is_some(), "{name}: kind");
        assert!(
            m["metadata"]["name"].as_str().is_some(),
            "{name}: metadata.name"
        );
    }
}

fn env_of<'a>(container: &'a Yaml, name: &str) -> Option<&'a Yaml> {
    container["env"]
        .as_vec()?
        .iter()
        .find(|e| e["name"].as_str() == Some(name))
}

#[test]
fn the_daemonset_runs_the_exporter_in_node_mode_on_the_nodes_address() {
    let ds = manifest("daemonset.yaml");
    assert_eq!(str_of(&ds["kind"], "kind"), "DaemonSet");
    let pod = &ds["spec"]["template"]["spec"];
    assert_eq!(pod["hostNetwork"].as_bool(), Some(true));
    assert_eq!(str_of(&pod["dnsPolicy"], "dnsPolicy"), "Default");
    assert_eq!(pod["automountServiceAccountToken"].as_bool(), Some(false));
    assert_eq!(
        ds["spec"]["selector"]["matchLabels"],
        ds["spec"]["template"]["metadata"]["labels"]
    );
    let containers = vec_of(&pod["containers"], "containers");
    assert_eq!(containers.len(), 1);
    let c = &containers[0];
    let args: Vec<&str> = vec_of(&c["args"], "args")
        .iter()
        .map(|a| str_of(a, "arg"))
        .collect();
    assert_eq!(args[0], "serve");
    for want in ["--node", "--listen=$(HOST_IP):9713", "--skip=environment"] {
        assert!(args.contains(&want), "args lack {want}: {args:?}");
    }
    assert!(args.iter().any(|a| a.starts_with("-n=")), "{args:?}");
    assert_eq!(
        str_of(
            &env_of(c, "HOST_IP").expect("HOST_IP")["valueFrom"]["fieldRef"]["fieldPath"],
            "fieldPath"
        ),
        "status.hostIP"
    );
    let port = &vec_of(&c["ports"], "ports")[0];
    assert_eq!(str_of(&port["name"], "port name"), "metrics");
    assert_eq!(port["containerPort"].as_i64(), Some(9713));
    assert_eq!(port["hostPort"].as_i64(), Some(9713));
    assert_eq!(
        str_of(&c["livenessProbe"]["httpGet"]["path"], "liveness"),
        "/healthz"
    );
    assert_eq!(
        str_of(&c["readinessProbe"]["httpGet"]["path"], "readiness"),
        "/readyz"
    );
    for kind in ["requests", "limits"] {
        for what in ["cpu", "memory"] {
            assert!(
                c["resources"][kind][what].as_str().is_some(),
                "resources.{kind}.{what}"
            );
        }
    }
    // Root for azure.json, and nothing more.
    let sc = &c["securityContext"];
    assert_eq!(sc["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(sc["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(sc["privileged"].as_bool(), Some(false));
    assert_eq!(
        sc["capabilities"]["drop"],
        Yaml::Array(vec![Yaml::String("ALL".into())])
    );
    assert!(sc["capabilities"]["add"].is_badvalue());
    assert_eq!(
        str_of(&pod["securityContext"]["seccompProfile"]["type"], "seccomp"),
        "RuntimeDefault"
    );
}

/// The node files node mode reads by default, mounted read-only at their
/// own paths and nothing else of the node: the paths come from the code, so
/// a moved default fails here.
#[test]
fn the_daemonset_mounts_exactly_the_node_files_read_only() {
    use acr_health::azure::node_config::DEFAULT_NODE_CONFIG;
    use acr_health::probe::node::settings::{
        DEFAULT_CONTAINERD_CONFIG, DEFAULT_CREDENTIAL_PROVIDER_BIN_DIR,
        DEFAULT_CREDENTIAL_PROVIDER_CONFIG,
    };
    let expected: BTreeSet<(&str, &str)> = [
        (DEFAULT_NODE_CONFIG, "File"),
        (DEFAULT_CONTAINERD_CONFIG, "File"),
        // containerd's config_path on AKS, where hosts.toml and CA files live.
        ("/etc/containerd/certs.d", "Directory"),
        (DEFAULT_CREDENTIAL_PROVIDER_CONFIG, "File"),
        (DEFAULT_CREDENTIAL_PROVIDER_BIN_DIR, "Directory"),
    ]
    .into_iter()
    .collect();
    let ds = manifest("daemonset.yaml");
    let pod = &ds["spec"]["template"]["spec"];
    let c = &pod["containers"][0];
    let mut mounted = BTreeSet::new();
    for m in vec_of(&c["volumeMounts"], "volumeMounts") {
        let name = str_of(&m["name"], "mount name");
        assert_eq!(
            m["readOnly"].as_bool(),
            Some(true),
            "{name} is not read-only"
        );
        let volume = vec_of(&pod["volumes"], "volumes")
            .iter()
            .find(|v| v["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no volume {name}"));
        let host = str_of(&volume["hostPath"]["path"], "hostPath.path");
        let kind = str_of(&volume["hostPath"]["type"], "hostPath.type");
        assert_eq!(
            str_of(&m["mountPath"], "mountPath"),
            host,
            "{name}: not at its own path"
        );
        mounted.insert((host, kind));
    }
    assert_eq!(mounted, expected);
    assert_eq!(vec_of(&pod["volumes"], "volumes").len(), expected.len());
}

#[test]
fn the_service_and_servicemonitor_find_the_exporters() {
    let ds = manifest("daemonset.yaml");
    let pod_labels = ds["spec"]["template"]["metadata"]["labels"]
        .as_hash()
        .unwrap();
    let svc = manifest("service.yaml");
    assert_eq!(svc["spec"]["clusterIP"].as_str(), Some("None"), "headless");
    for (k, v) in svc["spec"]["selector"].as_hash().unwrap() {
        assert_eq!(pod_labels.get(k), Some(v), "selector {k:?}");
    }
    let port = &svc["spec"]["ports"][0];
    assert_eq!(port["name"].as_str(), Some("metrics"));
    assert_eq!(port["port"].as_i64(), Some(9713));
    let sm = manifest("servicemonitor.yaml");
    assert_eq!(sm["apiVersion"].as_str(), Some("monitoring.coreos.com/v1"));
    assert_eq!(sm["kind"].as_str(), Some("ServiceMonitor"));
    let svc_labels = svc["metadata"]["labels"].as_hash().unwrap();
    for (k, v) in sm["spec"]["selector"]["matchLabels"].as_hash().unwrap() {
        assert_eq!(svc_labels.get(k), Some(v), "ServiceMonitor selector {k:?}");
    }
    // The job label the rules expect comes from the Service's label.
    let job_label = sm["spec"]["jobLabel"].as_str().unwrap();
    assert_eq!(
        svc_labels.get(&Yaml::String(job_label.into())),
        Some(&Yaml::String(JOB.into()))
    );
    let endpoint = &sm["spec"]["endpoints"][0];
    assert_eq!(endpoint["port"].as_str(), Some("metrics"));
    assert_eq!(endpoint["path"].as_str(), Some("/metrics"));
    // The namespace allows what the DaemonSet needs (host network, hostPath).
    let ns = manifest("namespace.yaml");
    assert_eq!(
        ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"].as_str(),
        Some("privileged")
    );
}

/// Kubernetes' own OpenAPI schemas, strictly (no field they do not know),
/// for the current release and an older one still in support; the two
/// custom resources have no schema there and are checked above.
#[test]
fn kubernetes_validate_accepts_the_manifests() {
    let Some(validate) = real_program("kubernetes-validate") else {
        return;
    };
    let dir = root().join("deploy/kubernetes");
    for version in [None, Some("1.30.0")] {
        let mut cmd = Command::new(&validate);
        cmd.arg("--strict").current_dir(&dir);
        if let Some(v) = version {
            cmd.args(["-k", v]);
        }
        cmd.args([
            "namespace.yaml",
            "serviceaccount.yaml",
            "daemonset.yaml",
            "service.yaml",
        ]);
        let out = run_bounded(&mut cmd);
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(
            text(&out).matches(" passed for resource ").count(),
            4,
            "{}",
            text(&out)
        );
    }
}

#[test]
fn kustomize_builds_the_set_into_one_namespace() {
    let Some(kubectl) = machine_program("kubectl") else {
        return;
    };
    let out = run_bounded(
        Command::new(kubectl)
            .args(["kustomize", "deploy/kubernetes"])
            .current_dir(root()),
    );
    assert!(out.status.success(), "{}", text(&out));
    let docs = YamlLoader::load_from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let kinds: BTreeSet<&str> = docs.iter().map(|d| str_of(&d["kind"], "kind")).collect();
    assert_eq!(
        kinds,
        [
            "DaemonSet",
            "Namespace",
            "PrometheusRule",
            "Service",
            "ServiceAccount",
            "ServiceMonitor"
        ]
        .into_iter()
        .collect()
    );
    for d in &docs {
        if d["kind"].as_str() != Some("Namespace") {
            assert_eq!(
                d["metadata"]["namespace"].as_str(),
                Some("acr-health"),
                "{d:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// systemd and the image

/// The unit's `[Service]` settings, key → values (a key may repeat).
fn unit_settings(unit: &str) -> Vec<(String, String)> {
    let mut section = "";
    let mut out = Vec::new();
    for line in unit.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            section = if line == "[Service]" { "s" } else { "" };
            continue;
        }
        if section == "s" {
            let (k, v) = line.split_once('=').expect("key=value");
            out.push((k.to_owned(), v.to_owned()));
        }
    }
    out
}

#[test]
fn the_systemd_unit_is_hardened() {
    let unit = read("deploy/systemd/acr-health-exporter.service");
    let settings = unit_settings(&unit);
    let get = |k: &str| -> Vec<&str> {
        settings
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    for (k, v) in [
        ("DynamicUser", "yes"),
        ("NoNewPrivileges", "yes"),
        ("CapabilityBoundingSet", ""),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectControlGroups", "yes"),
        ("RestrictNamespaces", "yes"),
        ("RestrictSUIDSGID", "yes"),
        ("LockPersonality", "yes"),
        ("MemoryDenyWriteExecute", "yes"),
        ("SystemCallArchitectures", "native"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("EnvironmentFile", "/etc/acr-health/exporter.env"),
    ] {
        assert_eq!(get(k), [v], "{k}");
    }
    assert_eq!(
        get("ExecStart"),
        ["/usr/local/bin/acr-health serve $ACR_HEALTH_SERVE_ARGS"]
    );
    assert!(get("SystemCallFilter").contains(&"@system-service"));
    // The example environment file sets what ExecStart expands, and names
    // the exporter's own flags.
    let env = read("deploy/systemd/acr-health-exporter.env");
    let args = env
        .lines()
        .find_map(|l| l.strip_prefix("ACR_HEALTH_SERVE_ARGS="))
        .expect("ACR_HEALTH_SERVE_ARGS=");
    for want in ["--listen ", "--interval ", "--skip environment", "-n "] {
        assert!(args.contains(want), "ACR_HEALTH_SERVE_ARGS lacks {want}");
    }
    // No secret is filled in.
    assert!(env.lines().all(|l| !l.starts_with("AZURE_CLIENT_SECRET=")));
}

#[test]
fn systemd_analyze_verifies_the_unit() {
    let Some(analyze) = machine_program("systemd-analyze") else {
        return;
    };
    // verify wants ExecStart's program to exist: the binary under test.
    let unit = read("deploy/systemd/acr-health-exporter.service").replace(
        "/usr/local/bin/acr-health",
        crate::util::bin().to_str().unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acr-health-exporter.service");
    std::fs::write(&path, unit).unwrap();
    let out = run_bounded(Command::new(analyze).arg("verify").arg(&path));
    // An unknown key or a bad value is a line on stderr, not a failure.
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        text(&out),
        "",
        "systemd-analyze verify had something to say"
    );
}

#[test]
fn the_dockerfile_builds_the_dist_profile_onto_a_small_base() {
    let dockerfile = read("deploy/Dockerfile");
    let froms: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "a build stage and a run stage");
    assert!(froms[0].ends_with(" AS build"), "{}", froms[0]);
    assert!(
        froms[1].starts_with("FROM gcr.io/distroless/cc-debian12")
            && froms[0].contains("-bookworm"),
        "the run stage's glibc is the build stage's (Debian 12)"
    );
    assert!(dockerfile.contains("cargo build --profile dist --locked --bin acr-health"));
    assert!(dockerfile.contains("target/dist/acr-health"));
    assert!(dockerfile.contains("COPY --from=build "));
    assert!(dockerfile.contains("\nUSER 65532:65532\n"));
    assert!(dockerfile.contains("\nEXPOSE 9713\n"));
    assert!(dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/acr-health\"]"));
    // The builder's Rust is the package's rust-version, and the dist
    // profile it names exists.
    let cargo = read("Cargo.toml");
    let rust_version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .unwrap();
    assert!(
        dockerfile.contains(&format!("ARG RUST_VERSION={rust_version}\n")),
        "the Dockerfile's RUST_VERSION is not Cargo.toml's rust-version {rust_version}"
    );
    assert!(cargo.contains("[profile.dist]"));
    // The build context leaves out the build output.
    let ignore = read(".dockerignore");
    assert!(ignore.lines().any(|l| l == "target/"));
}
