//! The monitoring files of deploy/ and docs/monitoring.md, issue 30 items
//! 2–3: the alert rules under the real promtool (rules, unit tests per
//! alert, and that those tests notice a moved threshold), the Grafana
//! dashboard's JSON and PromQL, and that every metric a rule or panel
//! names is the exporter's contract as docs/monitoring.md lists it.
//!
//! promtool (Debian's `prometheus`) skips loudly when absent and fails in
//! CI (ACR_HEALTH_REQUIRE_REAL=1).

use std::collections::BTreeSet;
use std::io::Read;
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
const METRICS: &[(&str, &str, &[&str])] = &[
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
