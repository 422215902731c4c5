//! Every metric `serve` exposes: one table, so that the encoder, the docs
//! and anything that checks them read the same names, types, labels and
//! help texts (docs/behaviour.md §8).
//!
//! Label values are bounded: `registry` is the login server (lower case),
//! `check` a stable check id (`engine::check_id`), `phase` a network phase
//! kind (`sys::timing::PhaseKind`), `code` a catalog code, `host` a host
//! the checks derived or validated themselves. Never a URL, a message, an
//! address list or anything else a server chose.

/// What kind of metric a family is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Gauge,
    Counter,
    Histogram,
}

impl Kind {
    /// As the `# TYPE` line names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gauge => "gauge",
            Kind::Counter => "counter",
            Kind::Histogram => "histogram",
        }
    }
}

/// One metric family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// The name samples carry in the classic text format (a counter's
    /// ends in `_total`; OpenMetrics names the family without it).
    pub name: &'static str,
    pub kind: Kind,
    /// Its labels, in the order they are written (a histogram's `le` aside).
    pub labels: &'static [&'static str],
    pub help: &'static str,
}

impl Family {
    /// The family's name in OpenMetrics: a counter's without `_total`.
    pub fn open_metrics_name(&self) -> &'static str {
        match self.kind {
            Kind::Counter => self.name.strip_suffix("_total").unwrap_or(self.name),
            _ => self.name,
        }
    }
}

pub const UP: Family = Family {
    name: "acr_health_up",
    kind: Kind::Gauge,
    labels: &["registry", "check"],
    help: "1 when the check passed (or warned) in the last run, 0 when it failed; a check skipped in the last run has no series.",
};

pub const PHASE_DURATION: Family = Family {
    name: "acr_health_phase_duration_seconds",
    kind: Kind::Histogram,
    labels: &["registry", "phase"],
    help: "How long each network phase of the checks took: a DNS lookup, a connection's TCP and TLS set-up, a request's time to its first byte.",
};

pub const FAILURES: Family = Family {
    name: "acr_health_failures_total",
    kind: Kind::Counter,
    labels: &["registry", "check", "code"],
    help: "Failed checks since the exporter started, one per failing finding per run, by check and error code.",
};

pub const RUNS: Family = Family {
    name: "acr_health_runs_total",
    kind: Kind::Counter,
    labels: &["registry"],
    help: "Runs of the checks that finished since the exporter started.",
};

pub const RUN_DURATION: Family = Family {
    name: "acr_health_run_duration_seconds",
    kind: Kind::Gauge,
    labels: &["registry"],
    help: "Wall time of the last run of the checks.",
};

pub const LAST_RUN: Family = Family {
    name: "acr_health_last_run_timestamp_seconds",
    kind: Kind::Gauge,
    labels: &["registry"],
    help: "When the last run of the checks finished, in Unix seconds.",
};

pub const CERTIFICATE_EXPIRY: Family = Family {
    name: "acr_health_certificate_expiry_timestamp_seconds",
    kind: Kind::Gauge,
    labels: &["registry", "host"],
    help: "When the leaf certificate the host presented (and the last run verified) stops being valid (notAfter), in Unix seconds.",
};

pub const TOKEN_EXPIRY: Family = Family {
    name: "acr_health_token_expiry_timestamp_seconds",
    kind: Kind::Gauge,
    labels: &["registry"],
    help: "When the registry access token the last run obtained expires (its exp claim), in Unix seconds; no series when the run obtained none.",
};

pub const BUILD_INFO: Family = Family {
    name: "acr_health_build_info",
    kind: Kind::Gauge,
    labels: &["version"],
    help: "Always 1; the version label names the acr-health that exports these metrics.",
};

/// Every family, in the order `/metrics` writes them.
pub const FAMILIES: &[Family] = &[
    UP,
    PHASE_DURATION,
    FAILURES,
    RUNS,
    RUN_DURATION,
    LAST_RUN,
    CERTIFICATE_EXPIRY,
    TOKEN_EXPIRY,
    BUILD_INFO,
];

/// The upper bounds of `acr_health_phase_duration_seconds`'s buckets, in
/// seconds (`+Inf` is added): from a loopback lookup to a handshake that
/// takes as long as a step's default timeout allows half of.
pub const PHASE_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The metrics as a Markdown table: name, type, labels and help.
pub fn markdown_table() -> String {
    let mut out = String::from("| metric | type | labels | help |\n|---|---|---|---|\n");
    for f in FAMILIES {
        let labels: Vec<String> = f.labels.iter().map(|l| format!("`{l}`")).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            f.name,
            f.kind.as_str(),
            labels.join(", "),
            f.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_conventions_promtool_lints() {
        for f in FAMILIES {
            assert!(f.name.starts_with("acr_health_"), "{}", f.name);
            assert!(
                f.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                f.name
            );
            assert_eq!(
                f.kind == Kind::Counter,
                f.name.ends_with("_total"),
                "{}",
                f.name
            );
            assert!(
                !f.help.is_empty() && !f.help.contains(['\n', '\\']),
                "{}",
                f.name
            );
        }
        assert_eq!(FAILURES.open_metrics_name(), "acr_health_failures");
        assert_eq!(UP.open_metrics_name(), "acr_health_up");
        assert!(PHASE_BUCKETS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_behaviour_doc_lists_every_metric_with_its_type_and_labels() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/behaviour.md"))
                .unwrap();
        for f in FAMILIES {
            let labels: Vec<String> = f.labels.iter().map(|l| format!("`{l}`")).collect();
            let row = format!(
                "| `{}` | {} | {} |",
                f.name,
                f.kind.as_str(),
                labels.join(", ")
            );
            assert!(doc.contains(&row), "docs/behaviour.md §8 lacks {row}");
        }
    }
}
