//! The two Prometheus text formats: the classic one (0.0.4), which `curl`
//! and `promtool check metrics` get, and OpenMetrics 1.0, for a scraper
//! whose `Accept` names it (Prometheus does). Our own small writer: the
//! metrics are few and fixed (`metrics::FAMILIES`), and the one thing
//! that needs care, escaping label values, is done here once.

use std::fmt::Write as _;

use crate::export::metrics::{Family, Kind};

/// Which text format to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `text/plain; version=0.0.4`: no `# EOF`; a counter's family is
    /// named as its samples are (`…_total`).
    Classic,
    /// `application/openmetrics-text; version=1.0.0`: ends with `# EOF`; a
    /// counter's family is named without `_total`.
    OpenMetrics,
}

impl Format {
    /// The format an `Accept` header asks for: OpenMetrics only when it
    /// names it, else the classic one.
    pub fn negotiate(accept: Option<&str>) -> Format {
        match accept {
            Some(a)
                if a.to_ascii_lowercase()
                    .contains("application/openmetrics-text") =>
            {
                Format::OpenMetrics
            }
            _ => Format::Classic,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Classic => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }
}

/// A label value with `\`, `"` and line feeds escaped, as both formats
/// want them.
pub fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A help text escaped for the format (the classic one escapes `\` and
/// line feeds; OpenMetrics `"` too).
fn escape_help(text: &str, format: Format) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '"' if format == Format::OpenMetrics => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// A sample value: whole numbers without a fraction (`1`, `1795000000`),
/// others in Rust's shortest form that reads back the same.
pub fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A bucket's `le`: the classic format as Go's client writes it (`1`,
/// `2.5`), OpenMetrics in its canonical float form (`1.0`, `2.5`).
fn le(bound: f64, format: Format) -> String {
    match format {
        Format::OpenMetrics if bound.is_finite() && bound.fract() == 0.0 => format!("{bound:.1}"),
        _ => number(bound),
    }
}

/// Writes one exposition: families in order, then (OpenMetrics) `# EOF`.
pub struct Writer {
    out: String,
    format: Format,
}

impl Writer {
    pub fn new(format: Format) -> Self {
        Writer {
            out: String::with_capacity(4096),
            format,
        }
    }

    /// The `# HELP` and `# TYPE` lines that open a family.
    pub fn family(&mut self, family: &Family) {
        let name = match self.format {
            Format::Classic => family.name,
            Format::OpenMetrics => family.open_metrics_name(),
        };
        let _ = writeln!(
            self.out,
            "# HELP {name} {}",
            escape_help(family.help, self.format)
        );
        let _ = writeln!(self.out, "# TYPE {name} {}", family.kind.as_str());
    }

    /// One sample of `family` (a gauge's or a counter's) with `values` for
    /// its labels, in the family's order.
    pub fn sample(&mut self, family: &Family, values: &[&str], value: f64) {
        debug_assert_ne!(family.kind, Kind::Histogram);
        self.line(family.name, family.labels, values, None, value);
    }

    /// One histogram: its cumulative buckets (`counts[i]` observations at
    /// most `bounds[i]`), `+Inf`, `_sum` and `_count`.
    pub fn histogram(
        &mut self,
        family: &Family,
        values: &[&str],
        bounds: &[f64],
        counts: &[u64],
        sum: f64,
        count: u64,
    ) {
        debug_assert_eq!(family.kind, Kind::Histogram);
        let bucket = format!("{}_bucket", family.name);
        for (bound, n) in bounds.iter().zip(counts) {
            let le = le(*bound, self.format);
            self.line(&bucket, family.labels, values, Some(&le), *n as f64);
        }
        self.line(&bucket, family.labels, values, Some("+Inf"), count as f64);
        self.line(
            &format!("{}_sum", family.name),
            family.labels,
            values,
            None,
            sum,
        );
        self.line(
            &format!("{}_count", family.name),
            family.labels,
            values,
            None,
            count as f64,
        );
    }

    fn line(&mut self, name: &str, labels: &[&str], values: &[&str], le: Option<&str>, v: f64) {
        self.out.push_str(name);
        let mut pairs: Vec<(&str, String)> = labels
            .iter()
            .zip(values)
            .map(|(l, v)| (*l, escape_label(v)))
            .collect();
        if let Some(le) = le {
            pairs.push(("le", le.to_owned()));
        }
        if !pairs.is_empty() {
            self.out.push('{');
            for (i, (l, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                let _ = write!(self.out, "{l}=\"{v}\"");
            }
            self.out.push('}');
        }
        let _ = writeln!(self.out, " {}", number(v));
    }

    /// The exposition's text.
    pub fn finish(mut self) -> String {
        if self.format == Format::OpenMetrics {
            self.out.push_str("# EOF\n");
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::metrics::{FAILURES, PHASE_DURATION, UP};

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape_label("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
        let mut w = Writer::new(Format::Classic);
        w.sample(&UP, &["r\"\n", "x\\"], 1.0);
        assert_eq!(
            w.finish(),
            "acr_health_up{registry=\"r\\\"\\n\",check=\"x\\\\\"} 1\n"
        );
    }

    #[test]
    fn numbers_read_back_the_same() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(1_795_000_000.0), "1795000000");
        assert_eq!(number(0.005), "0.005");
        assert_eq!(number(0.123456789), "0.123456789");
        assert_eq!(number(f64::INFINITY), "+Inf");
        assert_eq!(number(1e300), format!("{}", 1e300));
    }

    #[test]
    fn counters_are_named_per_format() {
        let mut w = Writer::new(Format::Classic);
        w.family(&FAILURES);
        w.sample(
            &FAILURES,
            &["r", "registry.dns", "CONNECTIVITY_DNS_ERROR"],
            2.0,
        );
        let text = w.finish();
        assert!(
            text.contains("# TYPE acr_health_failures_total counter\n"),
            "{text}"
        );
        assert!(!text.contains("# EOF"));
        let mut w = Writer::new(Format::OpenMetrics);
        w.family(&FAILURES);
        w.sample(
            &FAILURES,
            &["r", "registry.dns", "CONNECTIVITY_DNS_ERROR"],
            2.0,
        );
        let text = w.finish();
        assert!(
            text.contains("# TYPE acr_health_failures counter\n"),
            "{text}"
        );
        assert!(text.contains(
            "acr_health_failures_total{registry=\"r\",check=\"registry.dns\",code=\"CONNECTIVITY_DNS_ERROR\"} 2\n"
        ));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn histograms_write_every_bucket_then_sum_and_count() {
        let mut w = Writer::new(Format::OpenMetrics);
        w.histogram(
            &PHASE_DURATION,
            &["r", "dns"],
            &[0.5, 1.0],
            &[1, 2],
            1.25,
            3,
        );
        let text = w.finish();
        assert_eq!(
            text,
            "acr_health_phase_duration_seconds_bucket{registry=\"r\",phase=\"dns\",le=\"0.5\"} 1\n\
             acr_health_phase_duration_seconds_bucket{registry=\"r\",phase=\"dns\",le=\"1.0\"} 2\n\
             acr_health_phase_duration_seconds_bucket{registry=\"r\",phase=\"dns\",le=\"+Inf\"} 3\n\
             acr_health_phase_duration_seconds_sum{registry=\"r\",phase=\"dns\"} 1.25\n\
             acr_health_phase_duration_seconds_count{registry=\"r\",phase=\"dns\"} 3\n\
             # EOF\n"
        );
        let mut w = Writer::new(Format::Classic);
        w.histogram(&PHASE_DURATION, &["r", "dns"], &[1.0], &[2], 1.25, 3);
        assert!(w.finish().contains("le=\"1\"} 2\n"));
    }

    #[test]
    fn accept_picks_the_format() {
        assert_eq!(Format::negotiate(None), Format::Classic);
        assert_eq!(Format::negotiate(Some("*/*")), Format::Classic);
        assert_eq!(
            Format::negotiate(Some(
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
            )),
            Format::OpenMetrics
        );
        assert_eq!(
            Format::negotiate(Some("Application/OpenMetrics-Text")),
            Format::OpenMetrics
        );
    }
}
