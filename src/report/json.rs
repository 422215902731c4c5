//! `-o json`: one document on stdout, written at the end. The shape is
//! documented in docs/json-schema.md; bump `SCHEMA_VERSION` on any breaking change.

use std::io::{self, Write};
use std::time::Duration;

use serde_json::{Value, json};

use super::{Renderer, RunMeta, exit_status, rfc3339};
use crate::engine::finding::Finding;
use crate::engine::i18n;
use crate::engine::pipeline::Outcome;
use crate::guard::sanitize::{self, Start};
use crate::sys::lang::Lang;
use crate::sys::timing::{Phase, PhaseKind, critical_path, critical_path_line};

pub const SCHEMA_VERSION: u32 = 2;

#[derive(Default)]
pub struct Json {
    checks: Vec<Value>,
    /// Every check's phases, for the critical path.
    phases: Vec<Phase>,
}

/// Milliseconds to a tenth.
fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// One network phase as docs/json-schema.md documents it.
pub fn phase_value(p: &Phase) -> Value {
    let mut v = json!({
        "phase": p.kind.as_str(),
        "host": p.host,
        "startMs": ms(p.start),
    });
    let o = v.as_object_mut().expect("object literal");
    match p.kind {
        PhaseKind::Request => {
            o.insert("request".into(), json!(p.what));
            o.insert("firstByteMs".into(), json!(ms(p.duration)));
            o.insert("transferMs".into(), json!(p.transfer.get().map(|t| ms(*t))));
            o.insert("durationMs".into(), json!(ms(p.end() - p.start)));
        }
        PhaseKind::Connect => {
            o.insert("tls".into(), json!(p.tls));
            o.insert("durationMs".into(), json!(ms(p.duration)));
        }
        PhaseKind::Dns => {
            o.insert("durationMs".into(), json!(ms(p.duration)));
        }
    }
    v
}

pub fn check_value(f: &Finding, lang: Lang) -> Value {
    let mut v = json!({
        "id": f.check,
        "title": f.title,
        "status": f.status,
        "durationMs": f.duration.as_millis() as u64,
    });
    let o = v.as_object_mut().expect("object literal");
    if !f.line.is_empty() {
        o.insert("line".into(), json!(f.line));
    }
    if let Some(failure) = &f.failure {
        let entry = failure.code.entry();
        o.insert("code".into(), json!(failure.code));
        o.insert("message".into(), json!(failure.message));
        // The same message in the run's language (`lang`), English under en.
        o.insert(
            "localizedMessage".into(),
            json!(i18n::message(lang, failure)),
        );
        if let Some(r) = &failure.reason {
            o.insert("reason".into(), json!(r));
        }
        o.insert("remediation".into(), json!(failure.remediation()));
        o.insert("link".into(), json!(entry.link()));
        o.insert("extension".into(), json!(entry.extension));
    }
    if !f.details.is_empty() {
        o.insert("details".into(), json!(f.details));
    }
    if !f.phases.is_empty() {
        o.insert(
            "phases".into(),
            Value::Array(f.phases.iter().map(phase_value).collect()),
        );
    }
    v
}

impl Renderer for Json {
    fn finding(&mut self, f: &Finding, meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        self.checks.push(check_value(f, meta.lang));
        self.phases.extend(f.phases.iter().cloned());
        Ok(())
    }

    fn end(
        &mut self,
        meta: &RunMeta,
        outcome: &Outcome,
        elapsed: Duration,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut doc = json!({
            "schemaVersion": SCHEMA_VERSION,
            "tool": { "name": "acr-health", "version": meta.version },
            "lang": meta.lang.tag(),
            "startedAt": rfc3339(meta.started),
            "durationMs": elapsed.as_millis() as u64,
            "registries": meta.targets,
            "ignoreErrors": !meta.strict,
            "checks": std::mem::take(&mut self.checks),
            "summary": {
                "ok": outcome.ok,
                "info": outcome.info,
                "warnings": outcome.warnings,
                "errors": outcome.errors,
                "skipped": outcome.skipped,
                "stoppedEarly": outcome.stopped,
            },
            "exitStatus": exit_status(outcome),
        });
        if let Some(line) = critical_path_line(&self.phases) {
            let chain = critical_path(&self.phases);
            doc["criticalPath"] = json!({
                "line": line,
                "roundTrips": chain.iter().map(|p| p.round_trips()).sum::<u32>(),
                "phases": chain.iter().map(|p| phase_value(p)).collect::<Vec<_>>(),
            });
        }
        let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
        writeln!(out, "{}", break_commands(&text))
    }
}

/// A JSON document's text in which no line forms a CI log command: each
/// character `sanitize::command_marks` names is written as a JSON escape
/// (`[` as `\u005b`), so a parser reads the same strings. Every mark is
/// inside a string: outside one, JSON has no `#`, and no line of
/// serde_json's starts with `:`.
pub fn break_commands(doc: &str) -> String {
    sanitize::break_commands(doc, Start::Line, |c| format!("\\u{:04x}", c as u32))
}

#[cfg(test)]
mod tests {
    use crate::report::Format;
    use crate::report::fixtures;

    #[test]
    fn strict_snapshot() {
        let doc: serde_json::Value =
            serde_json::from_str(&fixtures::render(Format::Json, true)).unwrap();
        insta::assert_json_snapshot!(doc);
    }

    #[test]
    fn ignore_errors_snapshot() {
        let doc: serde_json::Value =
            serde_json::from_str(&fixtures::render(Format::Json, false)).unwrap();
        assert_eq!(doc["exitStatus"], 1);
        assert_eq!(doc["summary"]["skipped"], 1);
        insta::assert_json_snapshot!(doc);
    }
}
