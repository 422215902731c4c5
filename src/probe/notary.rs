//! Notary (docs/behaviour.md §2 step 6): only when installed; `notary version` must be
//! the recommended 0.6.0 (the error reference's rule, as az applies it).

use std::sync::Arc;

use semver::Version;

use crate::engine::catalog::{Direction, Message};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Probe, Report};
use crate::probe::settings::ToolSettings;
use crate::probe::tool_version::VersionCommand;
use crate::sys::process::{self, NotFound};
use crate::sys::version::{self, Found};

/// The one notary version docker content trust is known to work with.
pub const RECOMMENDED_NOTARY_VERSION: Version = Version::new(0, 6, 0);

const VERSION_ARGS: &[&str] = &["version"];

/// az's `Version:\s+([.\d]+)`: the version after the first `Version:` that
/// has one. None for the empty version some distribution builds print.
pub fn parse_notary_version(output: &str) -> Option<Found<'_>> {
    output.match_indices("Version:").find_map(|(at, key)| {
        let rest = &output[at + key.len()..];
        let value = rest.trim_start();
        if value.len() == rest.len() {
            return None; // `\s+` needs at least one space
        }
        let end = value
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(value.len());
        version::find(&value[..end]).filter(|f| value.starts_with(f.text))
    })
}

pub struct NotaryVersion {
    pub settings: Arc<ToolSettings>,
}

impl Probe for NotaryVersion {
    type Needs = ();
    type Output = ();
    fn run(&self, _: ()) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check().await.into() })
    }
}

impl NotaryVersion {
    async fn check(&self) -> Vec<Finding> {
        let program = match process::find("notary", &self.settings.env) {
            Ok(p) => p,
            Err(NotFound::Missing { .. }) => {
                return vec![Finding::info(
                    "Notary is not installed: nothing to check (it is only needed for docker content trust).",
                )];
            }
            Err(refused) => {
                return vec![Finding::warning(format!(
                    "Notary was not checked: {refused}."
                ))];
            }
        };
        let command = VersionCommand {
            program: &program,
            args: VERSION_ARGS,
            env: &self.settings.env,
            timeout: self.settings.timeout,
            failed: |cmd, stderr| Message::NotaryVersionFailed { cmd, stderr },
            // Notary is never part of an `-o az` run.
            az: false,
        };
        let cmd = process::display(&program, VERSION_ARGS);
        let (stdout, mut findings) = match command.run().await {
            Ok(ok) => ok,
            Err(error) => return error,
        };
        let raw = stdout.trim_end();
        let Some(found) = parse_notary_version(raw) else {
            findings.push(
                    Finding::warning(format!("Notary version: {raw}")).detail(format!(
                        "no version number in the output of '{cmd}' (some distribution builds print an empty one), so it was not compared with {RECOMMENDED_NOTARY_VERSION}"
                    )),
                );
            return findings;
        };
        let line = format!("Notary version: {}", found.text);
        if found.version == RECOMMENDED_NOTARY_VERSION {
            findings.push(Finding::ok_line(line));
            return findings;
        }
        let direction = if found.version > RECOMMENDED_NOTARY_VERSION {
            Direction::Downgrade
        } else {
            Direction::Upgrade
        };
        findings.push(Finding::info(line));
        findings.push(Finding::error(
            Failure::new(Message::NotaryVersion { direction }).because(format!(
                "notary {} is not the recommended {RECOMMENDED_NOTARY_VERSION}",
                found.text
            )),
        ));
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notary_version_forms() {
        let v = |s| parse_notary_version(s).map(|f| f.text);
        assert_eq!(
            v("notary\n Version:    0.6.1\n Git commit: d6e1431f\n Go version: go1.12"),
            Some("0.6.1")
        );
        assert_eq!(v("notary\n Version:\t0.6.0\n"), Some("0.6.0"));
        // Debian's build: an empty version, then the next line.
        assert_eq!(
            v("notary\n Version:    \n Git commit: \n Go version: go1.19.8"),
            None
        );
        assert_eq!(v("Version:0.6.0"), None);
        assert_eq!(v("Version: 0.5.0-rc1"), Some("0.5.0"));
        assert_eq!(v("nothing"), None);
    }
}
