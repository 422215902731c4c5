//! What the runs left: one set of series per registry `serve` watches,
//! updated from each run's findings (their status, code, network phases
//! and typed facts; never their text), and written out on each scrape.
//!
//! A gauge says what the last run saw (a check not run then has no `up`
//! series; a certificate not verified then, no expiry); counters and the
//! phase histogram add up since the exporter started.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::engine::finding::{Fact, Finding, Status};
use crate::export::encode::{Format, Writer};
use crate::export::metrics::{self, PHASE_BUCKETS};

/// One registry `serve` watches.
#[derive(Clone, Debug)]
pub struct Watched {
    /// What its steps are named after in a run of several registries (the
    /// `-n` value: `registry.dns@<it>`); None when it is the only one.
    pub step_suffix: Option<String>,
    /// Its `registry` label until a run settles the login server: the one
    /// the tool derives from `-n` alone (lower case).
    pub label: String,
    /// The `-n` value as typed, for the `/` page.
    pub shown: String,
}

/// How one registry's last run ended, for the `/` page and the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Warned,
    /// The checks that failed, with their codes, in run order.
    Failed(Vec<(&'static str, &'static str)>),
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Passed => f.write_str("passed"),
            Verdict::Warned => f.write_str("passed with warnings"),
            Verdict::Failed(list) => {
                let each: Vec<String> =
                    list.iter().map(|(c, code)| format!("{c} {code}")).collect();
                write!(f, "failed: {}", each.join(", "))
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Histogram {
    /// Observations at most each bound of `PHASE_BUCKETS` (not cumulative).
    buckets: [u64; PHASE_BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = PHASE_BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }

    fn cumulative(&self) -> [u64; PHASE_BUCKETS.len()] {
        let mut out = self.buckets;
        for i in 1..out.len() {
            out[i] += out[i - 1];
        }
        out
    }
}

#[derive(Debug)]
struct Registry {
    watched: Watched,
    label: String,
    up: BTreeMap<&'static str, bool>,
    phases: BTreeMap<&'static str, Histogram>,
    failures: BTreeMap<(&'static str, &'static str), u64>,
    runs: u64,
    run_seconds: f64,
    last_run: Option<f64>,
    certificates: BTreeMap<String, f64>,
    token_expiry: Option<f64>,
    verdict: Option<Verdict>,
}

/// The series of every watched registry; shared by the run loop, which
/// records each run, and the HTTP server, which writes them out.
#[derive(Debug)]
pub struct Exporter {
    state: Mutex<Vec<Registry>>,
    version: &'static str,
}

/// Unix seconds.
fn unix(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// True for what may be a `registry` or `host` label: a host name in lower
/// case (letters, digits, `-`, `.`), at most 253 characters, and an
/// optional `:port`. The checks only ever hand such names on; anything else
/// is dropped here rather than written.
pub fn plain_host(value: &str) -> bool {
    let (host, port) = match value.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (value, None),
    };
    !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

impl Exporter {
    pub fn new(watched: Vec<Watched>, version: &'static str) -> Self {
        let registries = watched
            .into_iter()
            .map(|w| Registry {
                label: w.label.clone(),
                watched: w,
                up: BTreeMap::new(),
                phases: BTreeMap::new(),
                failures: BTreeMap::new(),
                runs: 0,
                run_seconds: 0.0,
                last_run: None,
                certificates: BTreeMap::new(),
                token_expiry: None,
                verdict: None,
            })
            .collect();
        Exporter {
            state: Mutex::new(registries),
            version,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Registry>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// True once a run has finished (`/readyz`).
    pub fn ready(&self) -> bool {
        self.lock().iter().any(|r| r.runs > 0)
    }

    /// Takes in one finished run: `findings` as the run reported them (a
    /// step of no registry counts for every one), which took `took` and
    /// ended at `finished`. Returns each registry whose verdict changed,
    /// with its label and the new verdict.
    pub fn record_run(
        &self,
        findings: &[Finding],
        took: Duration,
        finished: SystemTime,
    ) -> Vec<(String, Verdict)> {
        let mut state = self.lock();
        let mut fresh: Vec<Last> = state.iter().map(|_| Last::default()).collect();
        for f in findings {
            let Some(step) = &f.step else {
                continue;
            };
            let check = step.id.as_str();
            let which: Vec<usize> = match &step.registry {
                None => (0..state.len()).collect(),
                Some(suffix) => state
                    .iter()
                    .position(|r| r.watched.step_suffix.as_deref() == Some(suffix.as_str()))
                    .into_iter()
                    .collect(),
            };
            for i in which {
                let (r, last) = (&mut state[i], &mut fresh[i]);
                match f.status {
                    Status::Skipped => {}
                    Status::Error => {
                        last.up.insert(check, false);
                        let code = f.code().map_or("INTERNAL_ERROR", |c| c.as_str());
                        *r.failures.entry((check, code)).or_default() += 1;
                        last.failed.push((check, code));
                    }
                    Status::Warning => {
                        last.up.entry(check).or_insert(true);
                        last.warned = true;
                    }
                    Status::Ok | Status::Info => {
                        last.up.entry(check).or_insert(true);
                    }
                }
                for p in &f.phases {
                    r.phases
                        .entry(p.kind.as_str())
                        .or_default()
                        .observe(p.duration.as_secs_f64());
                }
                for fact in &f.facts {
                    match fact {
                        Fact::LoginServer(ls) if plain_host(ls) => last.label = Some(ls.clone()),
                        Fact::CertificateExpiry { host, not_after } if plain_host(host) => {
                            last.certificates.insert(host.clone(), unix(*not_after));
                        }
                        Fact::TokenExpiry(at) => last.token = Some(unix(*at)),
                        _ => {}
                    }
                }
            }
        }
        let mut changed = Vec::new();
        for (r, last) in state.iter_mut().zip(fresh) {
            if let Some(label) = last.label {
                r.label = label;
            }
            r.up = last.up;
            r.certificates = last.certificates;
            r.token_expiry = last.token;
            r.runs += 1;
            r.run_seconds = took.as_secs_f64();
            r.last_run = Some(unix(finished));
            let verdict = if !last.failed.is_empty() {
                Verdict::Failed(last.failed)
            } else if last.warned {
                Verdict::Warned
            } else {
                Verdict::Passed
            };
            if r.verdict.as_ref() != Some(&verdict) {
                changed.push((r.label.clone(), verdict.clone()));
            }
            r.verdict = Some(verdict);
        }
        changed
    }

    /// The `/metrics` body in `format`.
    pub fn render(&self, format: Format) -> String {
        let state = self.lock();
        // Two registries that turned out to be one login server: the first
        // one's series only (the same series twice is no exposition).
        let mut labels = BTreeSet::new();
        let shown: Vec<&Registry> = state
            .iter()
            .filter(|r| labels.insert(r.label.as_str()))
            .collect();
        let mut w = Writer::new(format);
        let family = |w: &mut Writer, f: &metrics::Family, any: bool| {
            if any {
                w.family(f);
            }
        };
        family(&mut w, &metrics::UP, shown.iter().any(|r| !r.up.is_empty()));
        for r in &shown {
            for (check, up) in &r.up {
                w.sample(&metrics::UP, &[&r.label, check], f64::from(u8::from(*up)));
            }
        }
        family(
            &mut w,
            &metrics::PHASE_DURATION,
            shown.iter().any(|r| !r.phases.is_empty()),
        );
        for r in &shown {
            for (phase, h) in &r.phases {
                w.histogram(
                    &metrics::PHASE_DURATION,
                    &[&r.label, phase],
                    &PHASE_BUCKETS,
                    &h.cumulative(),
                    h.sum,
                    h.count,
                );
            }
        }
        family(
            &mut w,
            &metrics::FAILURES,
            shown.iter().any(|r| !r.failures.is_empty()),
        );
        for r in &shown {
            for ((check, code), n) in &r.failures {
                w.sample(&metrics::FAILURES, &[&r.label, check, code], *n as f64);
            }
        }
        let ran: Vec<&&Registry> = shown.iter().filter(|r| r.runs > 0).collect();
        family(&mut w, &metrics::RUNS, !ran.is_empty());
        for r in &ran {
            w.sample(&metrics::RUNS, &[&r.label], r.runs as f64);
        }
        family(&mut w, &metrics::RUN_DURATION, !ran.is_empty());
        for r in &ran {
            w.sample(&metrics::RUN_DURATION, &[&r.label], r.run_seconds);
        }
        family(&mut w, &metrics::LAST_RUN, !ran.is_empty());
        for r in &ran {
            if let Some(at) = r.last_run {
                w.sample(&metrics::LAST_RUN, &[&r.label], at);
            }
        }
        family(
            &mut w,
            &metrics::CERTIFICATE_EXPIRY,
            shown.iter().any(|r| !r.certificates.is_empty()),
        );
        for r in &shown {
            for (host, at) in &r.certificates {
                w.sample(&metrics::CERTIFICATE_EXPIRY, &[&r.label, host], *at);
            }
        }
        family(
            &mut w,
            &metrics::TOKEN_EXPIRY,
            shown.iter().any(|r| r.token_expiry.is_some()),
        );
        for r in &shown {
            if let Some(at) = r.token_expiry {
                w.sample(&metrics::TOKEN_EXPIRY, &[&r.label], at);
            }
        }
        family(&mut w, &metrics::BUILD_INFO, true);
        w.sample(&metrics::BUILD_INFO, &[self.version], 1.0);
        w.finish()
    }

    /// The `/` page: what is watched and how its last run ended.
    pub fn page(&self, every: Duration) -> String {
        let state = self.lock();
        let mut out = format!(
            "acr-health serve {}: the checks of {} registr{} every {} (jittered by up to 10%)\n\n",
            self.version,
            state.len(),
            if state.len() == 1 { "y" } else { "ies" },
            humantime::format_duration(every)
        );
        for r in state.iter() {
            let n = crate::guard::sanitize::shown(&r.watched.shown, 80);
            out.push_str(&format!("{} (-n {n})\n", r.label));
            match (&r.verdict, r.last_run) {
                (Some(v), Some(at)) => {
                    let when = UNIX_EPOCH + Duration::from_secs_f64(at);
                    out.push_str(&format!(
                        "  last run: {v}\n  finished {} after {:.2}s; {} run{} so far\n",
                        humantime::format_rfc3339_seconds(when),
                        r.run_seconds,
                        r.runs,
                        if r.runs == 1 { "" } else { "s" }
                    ));
                }
                _ => out.push_str("  no run has finished yet\n"),
            }
        }
        out.push_str("\n/metrics  Prometheus metrics\n/healthz  200 while the process runs\n/readyz   200 once a run has finished, 503 before\n");
        out
    }
}

/// What one registry's part of a run said.
#[derive(Default)]
struct Last {
    label: Option<String>,
    up: BTreeMap<&'static str, bool>,
    certificates: BTreeMap<String, f64>,
    token: Option<f64>,
    failed: Vec<(&'static str, &'static str)>,
    warned: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::Message;
    use crate::engine::check_id::{CheckId, StepName};
    use crate::engine::finding::Failure;
    use crate::sys::timing::{Phase, PhaseKind};
    use std::time::Instant;

    fn watched(suffix: Option<&str>, label: &str) -> Watched {
        Watched {
            step_suffix: suffix.map(str::to_owned),
            label: label.into(),
            shown: label.into(),
        }
    }

    fn step(id: CheckId, registry: Option<&str>) -> StepName {
        StepName {
            id,
            registry: registry.map(str::to_owned),
        }
    }

    #[test]
    fn a_run_sets_up_failures_phases_and_facts() {
        let e = Exporter::new(vec![watched(None, "r.azurecr.io")], "9.9.9");
        assert!(!e.ready());
        let dns = Finding {
            phases: vec![Phase::new(
                PhaseKind::Dns,
                "r.azurecr.io",
                Instant::now(),
                Duration::from_millis(3),
            )],
            ..Finding::pass("DNS lookup")
        }
        .stamp(&step(CheckId::RegistryDns, None));
        let login = Finding::info("Login server")
            .fact(Fact::LoginServer("r-abc.azurecr.io".into()))
            .fact(Fact::CertificateExpiry {
                host: "r-abc.azurecr.io".into(),
                not_after: UNIX_EPOCH + Duration::from_secs(2_000_000_000),
            })
            .fact(Fact::CertificateExpiry {
                host: "https://evil/?x".into(),
                not_after: UNIX_EPOCH,
            })
            .stamp(&step(CheckId::RegistryLoginServer, None));
        let token = Finding::error(Failure::new(Message::Challenge { ls: "r" }))
            .stamp(&step(CheckId::RegistryAccessToken, None));
        let skipped = Finding::skipped("no").stamp(&step(CheckId::RegistryDataPath, None));
        let changed = e.record_run(
            &[login, dns, token, skipped],
            Duration::from_millis(1500),
            UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        );
        assert!(e.ready());
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].0, "r-abc.azurecr.io");
        let text = e.render(Format::Classic);
        for line in [
            "acr_health_up{registry=\"r-abc.azurecr.io\",check=\"registry.access_token\"} 0\n",
            "acr_health_up{registry=\"r-abc.azurecr.io\",check=\"registry.dns\"} 1\n",
            "acr_health_failures_total{registry=\"r-abc.azurecr.io\",check=\"registry.access_token\",code=\"CONNECTIVITY_CHALLENGE_ERROR\"} 1\n",
            "acr_health_phase_duration_seconds_bucket{registry=\"r-abc.azurecr.io\",phase=\"dns\",le=\"0.005\"} 1\n",
            "acr_health_phase_duration_seconds_count{registry=\"r-abc.azurecr.io\",phase=\"dns\"} 1\n",
            "acr_health_certificate_expiry_timestamp_seconds{registry=\"r-abc.azurecr.io\",host=\"r-abc.azurecr.io\"} 2000000000\n",
            "acr_health_run_duration_seconds{registry=\"r-abc.azurecr.io\"} 1.5\n",
            "acr_health_last_run_timestamp_seconds{registry=\"r-abc.azurecr.io\"} 1800000000\n",
            "acr_health_runs_total{registry=\"r-abc.azurecr.io\"} 1\n",
            "acr_health_build_info{version=\"9.9.9\"} 1\n",
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
        assert!(!text.contains("data_path"), "{text}");
        assert!(!text.contains("evil"), "{text}");
        assert!(!text.contains("token_expiry"), "{text}");
        // The next run replaces the gauges and adds to the counters.
        let ok = Finding::pass("x")
            .fact(Fact::TokenExpiry(UNIX_EPOCH + Duration::from_secs(7)))
            .stamp(&step(CheckId::RegistryAccessToken, None));
        let changed = e.record_run(&[ok], Duration::ZERO, UNIX_EPOCH);
        assert_eq!(changed, [("r-abc.azurecr.io".to_owned(), Verdict::Passed)]);
        let text = e.render(Format::Classic);
        assert!(
            text.contains("check=\"registry.access_token\"} 1\n"),
            "{text}"
        );
        assert!(!text.contains("check=\"registry.dns\"} 1\n"), "{text}");
        assert!(
            text.contains("code=\"CONNECTIVITY_CHALLENGE_ERROR\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "acr_health_token_expiry_timestamp_seconds{registry=\"r-abc.azurecr.io\"} 7\n"
            ),
            "{text}"
        );
        assert!(!text.contains("certificate_expiry"), "{text}");
        assert!(text.contains("acr_health_runs_total{registry=\"r-abc.azurecr.io\"} 2\n"));
    }

    #[test]
    fn steps_of_several_registries_count_for_their_own() {
        let e = Exporter::new(
            vec![
                watched(Some("a"), "a.azurecr.io"),
                watched(Some("b"), "b.azurecr.io"),
            ],
            "1",
        );
        let a = Finding::error(Failure::new(Message::Challenge { ls: "a" }))
            .stamp(&step(CheckId::RegistryDns, Some("a")));
        let b = Finding::pass("b").stamp(&step(CheckId::RegistryDns, Some("b")));
        let shared = Finding::info("v").stamp(&step(CheckId::ToolVersion, None));
        e.record_run(&[shared, a, b], Duration::ZERO, UNIX_EPOCH);
        let text = e.render(Format::OpenMetrics);
        assert!(
            text.contains("acr_health_up{registry=\"a.azurecr.io\",check=\"registry.dns\"} 0\n")
        );
        assert!(
            text.contains("acr_health_up{registry=\"b.azurecr.io\",check=\"registry.dns\"} 1\n")
        );
        assert!(
            text.contains("acr_health_up{registry=\"a.azurecr.io\",check=\"tool.version\"} 1\n")
        );
        assert!(
            text.contains("acr_health_up{registry=\"b.azurecr.io\",check=\"tool.version\"} 1\n")
        );
        assert!(text.contains("# TYPE acr_health_failures counter\n"));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn only_plain_host_names_become_labels() {
        for ok in ["r.azurecr.io", "r.azurecr.io:8443", "localhost"] {
            assert!(plain_host(ok), "{ok}");
        }
        for bad in [
            "",
            "R.azurecr.io",
            "https://r",
            "r:",
            "r:123456",
            "a b",
            "r\"x",
            "1.2.3.4/24",
        ] {
            assert!(!plain_host(bad), "{bad}");
        }
    }
}
