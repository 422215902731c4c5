//! Regional endpoints: with `regionalEndpoints: Enabled`, ARM lists
//! `regionalEndpointHostNames` (`<name>.<region>.geo.azurecr.io`, one per
//! region; api-version `2026-03-01-preview` or newer). A client may be sent
//! to any of them, so each is checked the way the login server is: DNS, a
//! TLS handshake and `GET /v2/` without credentials, whose Bearer challenge
//! must name this registry (`service` is the login server's host). One that
//! cannot be reached, or answers for another registry, is a warning naming
//! it. Beyond az: planned only under our profile.

use std::sync::Arc;

use crate::azure::resource::Registry;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize;
use crate::net::{http, www_authenticate};
use crate::probe::registry::context::{RegistryContext, Resolved};

pub struct RegionalEndpointsProbe(pub Arc<RegistryContext>);

/// At most this many names are checked (a registry has one per region).
const MAX_ENDPOINTS: usize = 32;

/// The first api-version whose answer carries `regionalEndpoints`.
const SINCE: &str = "2026-03-01-preview";

/// What ARM says about the registry's regional endpoints.
#[derive(Debug, PartialEq, Eq)]
enum Listed {
    /// The answering api-version does not carry the field.
    Unknown(String),
    Off,
    /// `host` or `host:port`, as ARM lists them; shown only through `sanitize::shown`.
    On(Vec<String>),
}

/// Whether `api` is at least `since` (by date; `2026-03-01-preview` ≥ `2026-03-01`).
pub(crate) fn at_least(api: &str, since: &str) -> bool {
    api.get(..10).unwrap_or(api) >= since.get(..10).unwrap_or(since)
}

fn listed(registry: &Registry) -> Listed {
    let props = &registry.properties;
    let api = registry.read.api_version.as_deref();
    match &props.regional_endpoints {
        // Absent from an answer whose version knows it: not set.
        None if api.is_some_and(|a| at_least(a, SINCE)) => Listed::Off,
        None => Listed::Unknown(api.unwrap_or("an unknown api-version").to_owned()),
        Some(_) if !props.regional_endpoints_enabled() => Listed::Off,
        Some(_) => Listed::On(
            props
                .regional_endpoint_host_names
                .iter()
                .flatten()
                .take(MAX_ENDPOINTS)
                .cloned()
                .collect(),
        ),
    }
}

/// What one regional endpoint answered.
struct Answer {
    /// `<host:port> -> <address>`.
    seen: String,
    /// The challenge's `service`, when it sent a Bearer challenge.
    service: Option<String>,
    status: u16,
}

/// DNS, TLS and `GET /v2/` for one endpoint: what it answered, or why not.
async fn reach(ctx: Arc<RegistryContext>, endpoint: String) -> Result<Answer, String> {
    let to = crate::probe::registry::endpoint::reach(&ctx, &endpoint).await?;
    let (client, seen) = (&to.client, &to.seen);
    let url = to.url("/v2/");
    tracing::debug!("GET {url} (the regional endpoint's challenge, no credentials)");
    let resp = http::send(client.get(&url))
        .await
        .map_err(|e| format!("GET {url} ({seen}): {}", http::classify(&e)))?;
    let status = resp.status().as_u16();
    let service = resp
        .headers()
        .get(reqwest::header::WWW_AUTHENTICATE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .and_then(|h| www_authenticate::parse(&h).ok())
        .filter(|c| c.is_bearer())
        .and_then(|c| c.param("service").map(str::to_owned));
    Ok(Answer {
        seen: format!("{} -> {seen}", sanitize::shown(&endpoint, 255)),
        service,
        status,
    })
}

impl Probe for RegionalEndpointsProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let ctx = &self.0;
            // Only a registry read from ARM lists its regional endpoints.
            let Some(registry) = &resolved.arm else {
                return Vec::new().into();
            };
            let names = match listed(registry) {
                Listed::Unknown(api) => {
                    return vec![
                        Finding::info(format!(
                            "Regional endpoints: unknown (ARM answered with api-version {}; regionalEndpoints needs {SINCE} or newer)",
                            sanitize::shown(&api, 40)
                        ))
                        .beyond_az(),
                    ]
                    .into();
                }
                // Nothing to check, and nothing worth a line.
                Listed::Off => return Vec::new().into(),
                Listed::On(names) => names,
            };
            let ls = &resolved.login_server;
            let shown = ls.display();
            // All at once (each bounded by --timeout), reported in ARM's order.
            let mut tasks = tokio::task::JoinSet::new();
            for (i, name) in names.iter().enumerate() {
                let (ctx, name) = (ctx.clone(), name.clone());
                tasks.spawn(crate::sys::timing::inherit(async move {
                    (i, reach(ctx, name).await)
                }));
            }
            let mut results = Vec::new();
            while let Some(done) = tasks.join_next().await {
                results.extend(done.ok());
            }
            results.sort_by_key(|(i, _)| *i);
            let mut pass = Finding::pass(format!(
                "Regional endpoints of registry '{shown}' ({})",
                names.len()
            ));
            let mut warnings = Vec::new();
            for (i, result) in results {
                let name = sanitize::shown(&names[i], 255);
                match result {
                    Err(why) => warnings.push(Finding::warning(format!(
                        "Regional endpoint {name} cannot be reached: {}; clients sent to that region's endpoint fail",
                        ctx.scrub(&why)
                    ))),
                    Ok(a) => match a.service.as_deref() {
                        Some(s) if s.eq_ignore_ascii_case(&ls.host) => {
                            pass = pass.detail(format!(
                                "{}, TLS handshake completed, GET /v2/ answered {} with a challenge for {s} (this registry)",
                                a.seen, a.status
                            ));
                        }
                        Some(s) => warnings.push(Finding::warning(format!(
                            "Regional endpoint {name} answers for '{}', not for this registry ({}): {}",
                            sanitize::shown(s, 255),
                            ls.host,
                            a.seen
                        ))),
                        None => warnings.push(Finding::warning(format!(
                            "Regional endpoint {name} answered GET /v2/ with {} and no Bearer challenge, so it does not say which registry it serves: {}",
                            a.status, a.seen
                        ))),
                    },
                }
            }
            let mut out = Vec::new();
            if warnings.len() < names.len() {
                out.push(pass);
            }
            out.extend(warnings);
            out.into_iter()
                .map(Finding::beyond_az)
                .collect::<Vec<_>>()
                .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn registry(v: serde_json::Value, api: &str) -> Registry {
        let mut r: Registry = serde_json::from_value(v).unwrap();
        r.read.api_version = Some(api.into());
        r
    }

    #[test]
    fn what_arm_lists() {
        let on = registry(
            json!({"properties": {"regionalEndpoints": "Enabled",
                "regionalEndpointHostNames": ["r.westus.geo.azurecr.io", 7, "r.eastus.geo.azurecr.io"]}}),
            "2026-09-01-preview",
        );
        assert_eq!(
            listed(&on),
            Listed::On(vec![
                "r.westus.geo.azurecr.io".into(),
                "r.eastus.geo.azurecr.io".into()
            ])
        );
        let off = registry(
            json!({"properties": {"regionalEndpoints": "Disabled", "regionalEndpointHostNames": []}}),
            "2026-09-01-preview",
        );
        assert_eq!(listed(&off), Listed::Off);
        let old = registry(json!({"properties": {}}), "2024-11-01-preview");
        assert_eq!(listed(&old), Listed::Unknown("2024-11-01-preview".into()));
        // Left out by a version that knows it: not set.
        let unset = registry(json!({"properties": {}}), "2026-09-01-preview");
        assert_eq!(listed(&unset), Listed::Off);
        assert!(at_least("2026-03-01-preview", SINCE) && !at_least("2025-12-01-preview", SINCE));
    }
}
