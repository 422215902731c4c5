//! `acr-health serve` (docs/behaviour.md §8): the real binary runs the
//! checks against the simulator on a timer and serves /metrics; the tests
//! scrape it over a plain TCP socket, hand the text to promtool and to a
//! real Prometheus, move series with the simulator's faults, look for
//! anything in a label or value that the tool did not derive itself, stop
//! it with SIGTERM in the middle of a run, and watch its memory over a
//! thousand runs.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::util::*;

/// A port nobody listens on right now (the OS's pick, let go at once).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP answer.
struct Answer {
    status: u16,
    headers: String,
    body: String,
}

/// `method path` on 127.0.0.1:`port`, one request on its own connection.
fn request(port: u16, method: &str, path: &str, accept: Option<&str>) -> std::io::Result<Answer> {
    let mut tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(10)))?;
    let accept = accept
        .map(|a| format!("Accept: {a}\r\n"))
        .unwrap_or_default();
    write!(
        tcp,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{accept}Connection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    tcp.take(8 * 1024 * 1024).read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Ok(Answer {
        status,
        headers: head.to_owned(),
        body,
    })
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn get(port: u16, path: &str) -> Answer {
    request(port, "GET", path, None).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// `acr-health serve` against a simulator, on its own port.
struct Serving {
    started: Started,
    port: u16,
}

impl Serving {
    /// The simulator's `check` command line as `serve`, with `extra` flags
    /// and the test interval (`ACR_HEALTH_TEST_INTERVAL`, below the 1 s
    /// `--interval` allows).
    fn start(sim: &SimRun, interval: &str, extra: &[&str], env: &[(&str, &str)]) -> Serving {
        let port = free_port();
        let mut cmd = sim.check();
        cmd.args[0] = "serve".into();
        let mut cmd = cmd
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("ACR_HEALTH_TEST_INTERVAL", interval);
        // `--timeout` is given once already.
        match extra {
            ["--timeout", t] => cmd = cmd.timeout(t),
            _ => cmd = cmd.args(extra),
        }
        for (k, v) in env {
            cmd = cmd.env(k, v);
        }
        let serving = Serving {
            started: cmd.start_in_own_group(),
            port,
        };
        serving.wait_until(Duration::from_secs(30), |s| {
            request(s.port, "GET", "/healthz", None).is_ok_and(|a| a.status == 200)
        });
        serving
    }

    /// Polls `ready` every 50 ms for up to `limit`.
    fn wait_until(&self, limit: Duration, mut ready: impl FnMut(&Self) -> bool) {
        let until = Instant::now() + limit;
        while !ready(self) {
            assert!(
                !process_gone(self.started.pid()),
                "serve exited (pid {})",
                self.started.pid()
            );
            assert!(
                Instant::now() < until,
                "serve never got there in {limit:?} (pid {})",
                self.started.pid()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn metrics(&self) -> String {
        get(self.port, "/metrics").body
    }

    /// The metrics once at least `n` runs have finished.
    fn after_runs(&self, n: f64) -> String {
        self.wait_until(Duration::from_secs(60), |s| {
            runs(&s.metrics()).is_some_and(|r| r >= n)
        });
        self.metrics()
    }

    /// SIGTERM; returns the finished run (checked for panics and leaks).
    fn stop(self) -> Run {
        // SAFETY: kill(2) with a pid of a child we started and still own.
        unsafe {
            libc::kill(self.started.pid() as i32, libc::SIGTERM);
        }
        let run = self.started.finish();
        assert_eq!(run.status, 0, "{}", run.all());
        run
    }
}

/// Every sample of the exposition: (name, labels, value).
fn samples(text: &str) -> Vec<(String, BTreeMap<String, String>, f64)> {
    let mut out = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (series, value) = line.rsplit_once(' ').expect("sample line");
        let (name, labels) = match series.split_once('{') {
            Some((n, rest)) => (n, rest.strip_suffix('}').expect("closing brace")),
            None => (series, ""),
        };
        let mut map = BTreeMap::new();
        let mut rest = labels;
        while let Some((key, after)) = rest.split_once("=\"") {
            // A value ends at the first `"` not escaped.
            let mut value = String::new();
            let mut chars = after.char_indices();
            let mut end = after.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, e)) = chars.next() {
                            value.push(match e {
                                'n' => '\n',
                                e => e,
                            });
                        }
                    }
                    '"' => {
                        end = i;
                        break;
                    }
                    c => value.push(c),
                }
            }
            map.insert(key.trim_start_matches(',').to_owned(), value);
            rest = &after[(end + 1).min(after.len())..];
        }
        let value = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("value of {line}")),
        };
        out.push((name.to_owned(), map, value));
    }
    out
}

/// The value of the one sample named `name` whose labels include `labels`.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples(text)
        .into_iter()
        .find(|(n, l, _)| {
            n == name
                && labels
                    .iter()
                    .all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|(_, _, v)| v)
}

fn runs(text: &str) -> Option<f64> {
    value(text, "acr_health_runs_total", &[])
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

/// The `registry` label: the login server, as `-n` gives it.
fn registry(sim: &SimRun) -> String {
    sim.sim.login_server()
}

#[test]
fn serves_metrics_health_and_a_page() {
    let sim = sim("healthy");
    let serving = Serving::start(&sim, "1s", &[], &[]);
    let text = serving.after_runs(1.0);
    let ls = registry(&sim);
    let r = ls.as_str();
    for check in [
        "registry.login_server",
        "registry.dns",
        "registry.challenge",
        "registry.credential",
        "registry.refresh_token",
        "registry.access_token",
    ] {
        assert_eq!(
            value(&text, "acr_health_up", &[("registry", r), ("check", check)]),
            Some(1.0),
            "{check}\n{text}"
        );
    }
    // No docker, helm or notary without --with-environment.
    assert!(!text.contains("check=\"docker."), "{text}");
    assert_eq!(
        value(
            &text,
            "acr_health_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        Some(1.0)
    );
    // The login server's certificate (rcgen's default: far in the future)
    // and the access token (75 minutes, as ACR's).
    let cert = value(
        &text,
        "acr_health_certificate_expiry_timestamp_seconds",
        &[("registry", r), ("host", &sim.sim.registry_host())],
    )
    .expect("certificate expiry");
    assert!(cert > now() + 365.0 * 86_400.0, "{cert}");
    let token = value(
        &text,
        "acr_health_token_expiry_timestamp_seconds",
        &[("registry", r)],
    )
    .expect("token expiry");
    assert!(
        (now() + 3_600.0..now() + 5_400.0).contains(&token),
        "{token}"
    );
    for phase in ["dns", "connect", "request"] {
        let count = value(
            &text,
            "acr_health_phase_duration_seconds_count",
            &[("registry", r), ("phase", phase)],
        );
        assert!(count.is_some_and(|c| c >= 1.0), "{phase}\n{text}");
    }
    let last = value(
        &text,
        "acr_health_last_run_timestamp_seconds",
        &[("registry", r)],
    )
    .unwrap();
    assert!((now() - 60.0..=now() + 1.0).contains(&last), "{last}");
    assert!(value(&text, "acr_health_run_duration_seconds", &[("registry", r)]).is_some());
    assert!(!text.contains("acr_health_failures_total"), "{text}");

    // The classic format by default; OpenMetrics when Accept names it.
    let classic = get(serving.port, "/metrics");
    assert_eq!(classic.status, 200);
    assert!(
        classic
            .headers
            .to_ascii_lowercase()
            .contains("content-type: text/plain; version=0.0.4; charset=utf-8"),
        "{}",
        classic.headers
    );
    assert!(
        classic
            .body
            .contains("# TYPE acr_health_runs_total counter\n")
    );
    assert!(!classic.body.contains("# EOF"));
    let om = request(
        serving.port,
        "GET",
        "/metrics",
        Some("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"),
    )
    .unwrap();
    assert!(
        om.headers
            .to_ascii_lowercase()
            .contains("content-type: application/openmetrics-text; version=1.0.0; charset=utf-8"),
        "{}",
        om.headers
    );
    assert!(
        om.body.contains("# TYPE acr_health_runs counter\n"),
        "{}",
        om.body
    );
    assert!(om.body.contains("\nacr_health_runs_total{"), "{}", om.body);
    assert!(om.body.ends_with("# EOF\n"), "{}", om.body);

    // The other paths; nothing else, and nothing but GET and HEAD.
    assert_eq!(get(serving.port, "/healthz").status, 200);
    assert_eq!(get(serving.port, "/readyz").status, 200);
    let page = get(serving.port, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("{ls} (-n {ls})\n  last run: passed\n")),
        "{}",
        page.body
    );
    assert_eq!(get(serving.port, "/nope").status, 404);
    assert_eq!(get(serving.port, "/metrics/x").status, 404);
    let post = request(serving.port, "POST", "/metrics", None).unwrap();
    assert_eq!(post.status, 405);
    assert!(
        post.headers
            .to_ascii_lowercase()
            .contains("allow: get, head")
    );
    let head = request(serving.port, "HEAD", "/metrics", None).unwrap();
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    // A request head past 8 KiB is refused, and the server goes on.
    let mut tcp = TcpStream::connect(("127.0.0.1", serving.port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(
        tcp,
        "GET /metrics HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 431") || answer.is_empty(),
        "{answer}"
    );
    assert_eq!(get(serving.port, "/healthz").status, 200);

    let run = serving.stop();
    assert!(
        run.stderr
            .contains("acr-health serve: SIGTERM received, stopped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("acr-health serve: {ls}: passed\n")),
        "{}",
        run.stderr
    );
}

#[test]
fn promtool_accepts_the_metrics() {
    let Some(promtool) = real_program("promtool") else {
        return;
    };
    // A failing check too, so that the counter family is there.
    let sim = sim("token-unauthorized");
    let serving = Serving::start(&sim, "1s", &[], &[]);
    let text = serving.after_runs(1.0);
    assert!(
        text.contains("# TYPE acr_health_failures_total counter"),
        "{text}"
    );
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "promtool check metrics:\n{}{}\n--- metrics:\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serving.stop();
}

/// A Prometheus of our own on loopback, ended when dropped.
struct Prometheus {
    child: Child,
    port: u16,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prometheus(bin: &Path, dir: &Path, target_port: u16) -> Prometheus {
    let port = free_port();
    let config = dir.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: acr-health\n    static_configs:\n      - targets: ['127.0.0.1:{target_port}']\n"
        ),
    )
    .unwrap();
    let child = Command::new(bin)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prometheus");
    Prometheus { child, port }
}

#[test]
fn a_real_prometheus_scrapes_serve() {
    let Some(bin) = real_program("prometheus") else {
        return;
    };
    let sim = sim("token-unauthorized");
    let serving = Serving::start(&sim, "1s", &[], &[]);
    let prom = prometheus(&bin, sim.dir.path(), serving.port);
    let ls = registry(&sim);
    // Prometheus asks for OpenMetrics: the series it stores went through
    // its own parser of our text.
    let query = |q: &str| -> serde_json::Value {
        let answer = request(prom.port, "GET", &format!("/api/v1/query?query={q}"), None);
        answer
            .ok()
            .and_then(|a| serde_json::from_str(&a.body).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    let until = Instant::now() + Duration::from_secs(90);
    let found = loop {
        let doc = query("acr_health_up");
        let result = doc["data"]["result"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if result
            .iter()
            .any(|s| s["metric"]["check"] == "registry.access_token")
        {
            break result;
        }
        assert!(
            Instant::now() < until,
            "Prometheus never stored acr_health_up: {doc}"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    let up = |check: &str| {
        found
            .iter()
            .find(|s| s["metric"]["check"] == check)
            .map(|s| s["value"][1].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(up("registry.access_token").as_deref(), Some("0"));
    assert_eq!(up("registry.challenge").as_deref(), Some("1"));
    for s in &found {
        assert_eq!(s["metric"]["registry"], ls.as_str(), "{s}");
        assert_eq!(s["metric"]["job"], "acr-health", "{s}");
    }
    // The counter under its _total name, and the histogram's buckets.
    let failures = query("acr_health_failures_total");
    let first = &failures["data"]["result"][0]["metric"];
    assert_eq!(
        first["code"], "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "{failures}"
    );
    let buckets = query("acr_health_phase_duration_seconds_bucket");
    assert!(
        buckets["data"]["result"]
            .as_array()
            .is_some_and(|r| r.iter().any(|s| s["metric"]["le"] == "+Inf")),
        "{buckets}"
    );
    drop(prom);
    serving.stop();
}

#[test]
fn a_refused_token_moves_up_and_the_failure_counter() {
    let sim = sim("token-unauthorized");
    let serving = Serving::start(&sim, "200ms", &[], &[]);
    let r = registry(&sim);
    let first = serving.after_runs(1.0);
    let failed = [
        ("registry", r.as_str()),
        ("check", "registry.access_token"),
        ("code", "CONNECTIVITY_ACCESS_TOKEN_ERROR"),
    ];
    let before = value(&first, "acr_health_failures_total", &failed).expect("failure counted");
    assert_eq!(
        value(
            &first,
            "acr_health_up",
            &[("registry", &r), ("check", "registry.access_token")]
        ),
        Some(0.0)
    );
    // Everything before the token still passes.
    assert_eq!(
        value(
            &first,
            "acr_health_up",
            &[("registry", &r), ("check", "registry.refresh_token")]
        ),
        Some(1.0)
    );
    // No token, no token expiry.
    assert!(
        !first.contains("acr_health_token_expiry_timestamp_seconds{"),
        "{first}"
    );
    // A failed run never stops the server: the next ones count again.
    let later = serving.after_runs(runs(&first).unwrap() + 2.0);
    let after = value(&later, "acr_health_failures_total", &failed).unwrap();
    assert!(after >= before + 2.0, "{before} then {after}");
    let page = get(serving.port, "/").body;
    assert!(
        page.contains("last run: failed: registry.access_token CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "{page}"
    );
    let run = serving.stop();
    assert!(
        run.stderr.contains(&format!(
            "acr-health serve: {r}: failed: registry.access_token CONNECTIVITY_ACCESS_TOKEN_ERROR\n"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_certificate_near_expiry_moves_its_gauge_only() {
    let sim = sim("cert-expiring");
    let serving = Serving::start(&sim, "1s", &[], &[]);
    let text = serving.after_runs(1.0);
    let r = registry(&sim);
    let at = value(
        &text,
        "acr_health_certificate_expiry_timestamp_seconds",
        &[("registry", &r), ("host", &sim.sim.registry_host())],
    )
    .expect("certificate expiry");
    let days = (at - now()) / 86_400.0;
    let promised = acr_sim::EXPIRING_IN_DAYS as f64;
    // Midnight UTC of the day that many days from now.
    assert!((promised - 1.0..=promised).contains(&days), "{days} days");
    assert_eq!(
        value(
            &text,
            "acr_health_up",
            &[("registry", &r), ("check", "registry.challenge")]
        ),
        Some(1.0)
    );
    assert!(!text.contains("acr_health_failures_total"), "{text}");
    serving.stop();
}

#[test]
fn a_slow_handshake_lands_in_the_upper_connect_buckets() {
    let sim = sim("slow-handshake");
    let serving = Serving::start(&sim, "1s", &[], &[]);
    let text = serving.after_runs(1.0);
    let r = registry(&sim);
    let labels = |le: &'static str| [("registry", r.as_str()), ("phase", "connect"), ("le", le)];
    let bucket = |le| {
        value(
            &text,
            "acr_health_phase_duration_seconds_bucket",
            &labels(le),
        )
        .unwrap()
    };
    // The login server waits 2 s before each handshake: above 1 s, within 2.5 s.
    assert!(bucket("1") < bucket("2.5"), "{text}");
    assert!(bucket("+Inf") >= 1.0);
    let sum = value(
        &text,
        "acr_health_phase_duration_seconds_sum",
        &[("registry", &r), ("phase", "connect")],
    )
    .unwrap();
    assert!(sum >= acr_sim::SLOW_HANDSHAKE.as_secs_f64(), "{sum}");
    let took = value(
        &text,
        "acr_health_run_duration_seconds",
        &[("registry", &r)],
    )
    .unwrap();
    assert!(took >= acr_sim::SLOW_HANDSHAKE.as_secs_f64(), "{took}");
    assert_eq!(
        value(
            &text,
            "acr_health_up",
            &[("registry", &r), ("check", "registry.challenge")]
        ),
        Some(1.0)
    );
    serving.stop();
}

/// Every label of every sample is one the tool derived: the registry's
/// login server, a check id, a catalog code, a phase kind, a host name, the
/// version; every value is a number. Against servers that put escapes,
/// forged lines and echoed secrets in what they send.
#[test]
fn no_secret_or_server_string_reaches_a_label_or_value() {
    use acr_health::engine::catalog::Code;
    use acr_health::engine::check_id::CheckId;
    let ids: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
    // `healthy` with an echo: Entra ID refuses the client secret and says
    // it back whole in its answer.
    for scenario in ["hostile-cert", "hostile-body", "hostile-claims", "healthy"] {
        let sim = sim(scenario);
        if scenario == "healthy" {
            sim.sim.set_echo(Some(acr_sim::Echo {
                pad: 0,
                start: 0,
                end: usize::MAX,
                shape: acr_sim::EchoShape::Raw,
            }));
        }
        let serving = Serving::start(&sim, "200ms", &["--image", "hello:latest"], &[]);
        let text = serving.after_runs(2.0);
        let om = request(
            serving.port,
            "GET",
            "/metrics",
            Some("application/openmetrics-text"),
        )
        .unwrap()
        .body;
        let page = get(serving.port, "/").body;
        let r = registry(&sim);
        for body in [&text, &om] {
            for (name, labels, v) in samples(body) {
                assert!(name.starts_with("acr_health_"), "{scenario}: {name}");
                assert!(!v.is_nan(), "{scenario}: {name}");
                for (key, value) in &labels {
                    let fine = match key.as_str() {
                        "registry" => *value == r,
                        "check" => ids.contains(&value.as_str()),
                        "code" => value.parse::<Code>().is_ok(),
                        "phase" => ["dns", "connect", "request"].contains(&value.as_str()),
                        "host" => *value == sim.sim.registry_host(),
                        "version" => value == env!("CARGO_PKG_VERSION"),
                        "le" => value == "+Inf" || value.parse::<f64>().is_ok(),
                        _ => false,
                    };
                    assert!(fine, "{scenario}: {name} {key}={value:?}\n{body}");
                }
            }
        }
        for body in [&text, &om, &page] {
            for secret in [
                sim.sim.client_secret().to_owned(),
                sim.sim.admin_password().to_owned(),
                sim.sim.federated_token(),
            ] {
                assert_eq!(
                    leaked_fragment(body, &secret, None),
                    None,
                    "{scenario}\n{body}"
                );
            }
            for forged in ["eyJ", "sig=", "FORGED", "PWNED", "\u{1b}", "##"] {
                assert!(!body.contains(forged), "{scenario}: {forged:?} in\n{body}");
            }
        }
        serving.stop();
    }
}

#[test]
fn a_panicking_check_is_a_failure_and_the_server_goes_on() {
    let sim = sim("healthy");
    let serving = Serving::start(
        &sim,
        "200ms",
        &[],
        &[("ACR_HEALTH_TEST_PANIC", "registry.dns")],
    );
    let r = registry(&sim);
    let text = serving.after_runs(3.0);
    assert_eq!(
        value(
            &text,
            "acr_health_up",
            &[("registry", &r), ("check", "registry.dns")]
        ),
        Some(0.0)
    );
    assert!(
        value(
            &text,
            "acr_health_failures_total",
            &[
                ("registry", &r),
                ("check", "registry.dns"),
                ("code", "INTERNAL_ERROR")
            ]
        )
        .is_some_and(|n| n >= 3.0),
        "{text}"
    );
    serving.stop();
}

#[test]
fn a_run_that_panics_outside_the_checks_never_stops_the_server() {
    let sim = sim("healthy");
    let serving = Serving::start(&sim, "200ms", &[], &[("ACR_HEALTH_TEST_PANIC", "outside")]);
    // Each run panics before it starts its checks; the server answers on.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(get(serving.port, "/healthz").status, 200);
    assert_eq!(get(serving.port, "/readyz").status, 503);
    assert!(
        get(serving.port, "/")
            .body
            .contains("no run has finished yet")
    );
    // The panic hook's line is expected here, so the harness's panic check
    // (which `stop` runs) cannot be: wait by hand.
    let pid = serving.started.pid() as i32;
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let out = serving.started.child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let ended = stderr
        .matches("acr-health serve: a run ended in an internal error; the next one goes ahead as planned")
        .count();
    assert!(ended >= 2, "{stderr}");
}

#[test]
fn sigterm_in_the_middle_of_a_run_exits_0_within_2_seconds() {
    // The challenge hangs: a run stays in progress until its 30 s timeout.
    let sim = sim("hang");
    let serving = Serving::start(&sim, "1s", &["--timeout", "30s"], &[]);
    serving.wait_until(Duration::from_secs(10), |_| {
        !sim.requests_to("/v2/").is_empty()
    });
    assert_eq!(get(serving.port, "/readyz").status, 503);
    let pid = serving.started.pid();
    let sent = Instant::now();
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
    while !process_gone(pid) {
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "still running 2 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let run = serving.started.finish();
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(
        run.stderr.contains("SIGTERM received, stopped"),
        "{}",
        run.stderr
    );
}

/// VmRSS of `pid`, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A thousand runs back to back against the simulator: the resident set
/// after the 1,200th run is within 4 MiB of what it was after the 200th
/// (docs/behaviour.md §8 says what was measured).
#[test]
#[cfg(target_os = "linux")]
fn memory_stays_flat_over_a_thousand_runs() {
    let sim = sim("healthy");
    let serving = Serving::start(&sim, "1ms", &[], &[]);
    let pid = serving.started.pid();
    let until = Duration::from_secs(300);
    let wait_runs = |n: f64| {
        serving.wait_until(until, |s| {
            std::thread::sleep(Duration::from_millis(200));
            runs(&s.metrics()).is_some_and(|r| r >= n)
        })
    };
    wait_runs(200.0);
    let early = rss_kib(pid).unwrap();
    wait_runs(1_200.0);
    let late = rss_kib(pid).unwrap();
    assert!(
        late <= early + 4 * 1024,
        "resident set grew from {early} KiB after 200 runs to {late} KiB after 1,200"
    );
    serving.stop();
}

#[test]
fn bad_usage_is_one_line_and_status_2() {
    let sim = sim("healthy");
    let serve = |extra: &[&str]| {
        let mut cmd = sim.check();
        cmd.args[0] = "serve".into();
        cmd.args(extra).run()
    };
    for (extra, says) in [
        (
            &["--interval", "500ms"][..],
            "invalid --interval '500ms': at least 1s",
        ),
        (
            &["--interval", "0"][..],
            "invalid --interval '0': must be more than zero",
        ),
        (
            &["--listen", "localhost:9713"][..],
            "invalid --listen 'localhost:9713'",
        ),
        (&["-o", "json"][..], "serve does not take -o"),
        (&["--wait", "1m"][..], "serve does not take --wait"),
        (
            &["--report-json", "r.json"][..],
            "serve does not take --report-json",
        ),
    ] {
        let run = serve(extra);
        assert_eq!(run.status, 2, "{extra:?}\n{}", run.all());
        assert!(
            run.stderr
                .starts_with(&format!("acr-health: error: {says}")),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    // No registry to watch.
    let run = acr_health()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .run();
    assert_eq!(run.status, 2, "{}", run.all());
    assert!(
        run.stderr.contains("serve needs a registry to watch"),
        "{}",
        run.stderr
    );
    // An address already taken: one line, status 1.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let run = serve(&["--listen", &addr]);
    assert_eq!(run.status, 1, "{}", run.all());
    assert!(
        run.stderr
            .starts_with(&format!("acr-health: error: cannot listen on {addr}: ")),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// What serve writes is what docs/monitoring.md (and so the alert rules
/// and the dashboard, `tests/deploy.rs`) says it writes: every family a
/// failing run serves is in the contract with its type, every sample's
/// labels are the family's own (and `le` on a histogram's buckets), and
/// no family of the contract is missing but the token's expiry, which a
/// refused token does not have.
#[test]
fn served_families_are_the_documented_contract() {
    let sim = sim("token-unauthorized");
    let serving = Serving::start(&sim, "200ms", &[], &[]);
    let text = serving.after_runs(1.0);
    let mut served = BTreeMap::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            served.insert(name.to_owned(), kind.to_owned());
        }
    }
    let contract: BTreeMap<String, String> = crate::deploy::METRICS
        .iter()
        .map(|(name, kind, _)| (name.to_string(), kind.to_string()))
        .collect();
    // The token was refused, so its expiry is the one family not served.
    let mut expected = contract.clone();
    expected.remove("acr_health_token_expiry_timestamp_seconds");
    assert_eq!(served, expected, "{text}");
    for (name, labels, _) in samples(&text) {
        let (family, allowed) = crate::deploy::METRICS
            .iter()
            .find_map(|(family, _, allowed)| {
                [family.to_string()]
                    .into_iter()
                    .chain(["_bucket", "_sum", "_count"].map(|s| format!("{family}{s}")))
                    .any(|n| n == name)
                    .then_some((*family, *allowed))
            })
            .unwrap_or_else(|| panic!("{name} is in no family of the contract"));
        for key in labels.keys() {
            assert!(
                allowed.contains(&key.as_str()) || (key == "le" && name.ends_with("_bucket")),
                "{family}: label {key} is not the contract's"
            );
        }
    }
}
