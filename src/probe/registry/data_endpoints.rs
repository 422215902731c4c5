//! Dedicated data endpoints: with `dataEndpointEnabled`, every name in the
//! ARM object's `dataEndpointHostNames` (one per region) must resolve and
//! complete a TLS handshake, since layers are downloaded from there. One that
//! does not is DATA_PATH_ERROR naming it: pulls of content stored in that
//! region will fail. Nothing is sent: the handshake alone (through a proxy,
//! a bare `GET /` without credentials, which its tunnel needs).

use std::sync::Arc;

use crate::azure::resource::Registry;
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Fact, Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize;
use crate::net::http;
use crate::probe::registry::context::{RegistryContext, Resolved};

pub struct DataEndpointsProbe(pub Arc<RegistryContext>);

/// At most this many names are checked (a registry has one per region).
const MAX_ENDPOINTS: usize = 32;

/// The names to check, as ARM lists them (`host` or `host:port`); shown
/// only through `sanitize::shown`.
fn host_names(registry: &Registry) -> Option<Vec<String>> {
    let props = &registry.properties;
    if props.data_endpoint_enabled != Some(true) {
        return None;
    }
    Some(
        props
            .data_endpoint_host_names
            .iter()
            .flatten()
            .take(MAX_ENDPOINTS)
            .cloned()
            .collect(),
    )
}

/// DNS and a TLS handshake for one endpoint: what was seen, or why not.
async fn reach(ctx: Arc<RegistryContext>, endpoint: String) -> Result<String, String> {
    let endpoint = endpoint.as_str();
    let crate::probe::registry::endpoint::Located {
        host,
        port,
        pin,
        seen,
    } = crate::probe::registry::endpoint::locate(&ctx, endpoint).await?;
    let done = |version: Option<&str>| {
        format!(
            "{} -> {seen}, TLS handshake completed{}",
            sanitize::shown(endpoint, 255),
            version.map(|v| format!(" ({v})")).unwrap_or_default()
        )
    };
    // Straight to the address: the handshake alone, no request (two round
    // trips; a request would be a third).
    if let Some(addr) = pin {
        tracing::debug!("TLS handshake with the data endpoint {host} at {addr}, nothing sent");
        return match ctx.http.tls_handshake(&host, addr).await {
            Ok(version) => Ok(done(Some(&version))),
            Err(failure) => Err(format!("connecting to {seen}: {failure}")),
        };
    }
    // Through a proxy: a bare request through its tunnel.
    let client = ctx.http.client(None).map_err(|e| e.to_string())?;
    let url = match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(_)) => format!("https://[{host}]:{port}/"),
        _ => format!("https://{host}:{port}/"),
    };
    tracing::debug!("GET {url} (TLS handshake with the data endpoint, no credentials)");
    match http::send(client.get(&url)).await {
        // Any HTTP answer means the name resolved and TLS completed.
        Ok(_) => Ok(done(None)),
        Err(e) => Err(format!("connecting to {seen}: {}", http::classify(&e))),
    }
}

impl Probe for DataEndpointsProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let ctx = &self.0;
            // Only a registry read from ARM lists its data endpoints.
            let Some(registry) = &resolved.arm else {
                return Vec::new().into();
            };
            let Some(names) = host_names(registry) else {
                return vec![
                    Finding::info(
                        "Dedicated data endpoints: off (layers come from the registry's storage URLs)",
                    )
                    .beyond_az(),
                ]
                .into();
            };
            let shown = resolved.login_server.display();
            // All at once (each bounded by --timeout), reported in ARM's order.
            let mut tasks = tokio::task::JoinSet::new();
            for (i, name) in names.iter().enumerate() {
                let (ctx, name) = (ctx.clone(), name.clone());
                tasks.spawn(crate::sys::timing::inherit(async move {
                    (i, reach(ctx, name).await)
                }));
            }
            let mut results: Vec<(usize, Result<String, String>)> = Vec::new();
            while let Some(done) = tasks.join_next().await {
                results.extend(done.ok());
            }
            results.sort_by_key(|(i, _)| *i);
            let mut reached = Vec::new();
            let mut failed = Vec::new();
            // For machines: the notAfter of each endpoint's certificate,
            // verified in this handshake (a name that did not verify has none).
            let mut expiries = Vec::new();
            for (i, result) in results {
                match result {
                    Ok(seen) => {
                        reached.push(seen);
                        if let Some(not_after) = ctx.http.trust().certificate_expiry(&names[i]) {
                            expiries.push(Fact::CertificateExpiry {
                                host: names[i].to_ascii_lowercase(),
                                not_after,
                            });
                        }
                    }
                    Err(why) => failed.push((sanitize::shown(&names[i], 255), ctx.scrub(&why))),
                }
            }
            if let Some(((first, why), rest)) = failed.split_first() {
                let mut chars = why.chars();
                let why: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                let mut reason = format!("{why}.");
                for (name, why) in rest {
                    reason.push_str(&format!(" Also '{name}': {why}."));
                }
                let mut f = Finding::error(Failure::new(Message::DataEndpoint {
                    endpoint: first.as_str(),
                    ls: &shown,
                    reason: Outside(&reason),
                }));
                for r in &reached {
                    f = f.detail(format!("reachable: {r}"));
                }
                f.facts = expiries;
                return vec![f].into();
            }
            let mut pass = Finding::pass(format!(
                "Dedicated data endpoints of registry '{shown}' ({})",
                names.len()
            ));
            for r in reached {
                pass = pass.detail(r);
            }
            pass.facts = expiries;
            vec![pass.beyond_az()].into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_only_when_enabled() {
        let on = serde_json::from_value(json!({"properties": {"dataEndpointEnabled": true, "dataEndpointHostNames": ["a.eastus.data.azurecr.io", 7, "b\nx"]}})).unwrap();
        assert_eq!(
            host_names(&on).unwrap(),
            ["a.eastus.data.azurecr.io", "b\nx"]
        );
        let off = serde_json::from_value(
            json!({"properties": {"dataEndpointEnabled": false, "dataEndpointHostNames": ["a"]}}),
        )
        .unwrap();
        assert_eq!(host_names(&off), None);
    }
}
