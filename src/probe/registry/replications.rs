//! Geo-replications of a Premium registry, from ARM's `replications` list
//! under the registry's own resource group (parsed from its id): each
//! region's `status` and whether its region endpoint takes traffic.

use std::sync::Arc;

use crate::azure::arm::RegistryId;
use crate::azure::resource::Replication;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize::shown;
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::probe::registry::settings::sku;
use crate::sys::error::sentence;

pub struct ReplicationsProbe(pub Arc<RegistryContext>);

/// One region's replica, its texts made printable.
#[derive(Debug, PartialEq, Eq)]
struct Replica {
    region: String,
    status: String,
    message: Option<String>,
    /// `regionEndpointEnabled`; absent means enabled (ARM's default).
    endpoint: bool,
}

fn replica(v: &Replication) -> Replica {
    let props = &v.properties;
    let status = props.status.as_ref();
    Replica {
        region: shown(
            v.location.as_deref().or(v.name.as_deref()).unwrap_or("?"),
            40,
        ),
        status: shown(
            status
                .and_then(|s| s.display_status.as_deref())
                .unwrap_or("unknown"),
            40,
        ),
        message: status
            .and_then(|s| s.message.as_deref())
            .map(|m| shown(m, 160))
            .filter(|m| !m.is_empty()),
        endpoint: props.region_endpoint_enabled != Some(false),
    }
}

fn findings(id: &RegistryId, list: &[Replication]) -> Vec<Finding> {
    let replicas: Vec<Replica> = list.iter().map(replica).collect();
    let summary: Vec<String> = replicas
        .iter()
        .map(|r| format!("{} {}", r.region, r.status))
        .collect();
    let mut info = Finding::info(format!(
        "Geo-replications: {} (resource group {})",
        if summary.is_empty() {
            "none".to_owned()
        } else {
            summary.join(", ")
        },
        id.resource_group
    ));
    for r in &replicas {
        info = info.detail(format!(
            "{}: status {}, regionEndpointEnabled {}{}",
            r.region,
            r.status,
            r.endpoint,
            r.message
                .as_ref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        ));
    }
    let mut out = vec![info.beyond_az()];
    for r in &replicas {
        let mut problems = Vec::new();
        if !r.status.eq_ignore_ascii_case("ready") {
            problems.push(format!(
                "is {} (content pushed elsewhere may not be there yet)",
                r.status
            ));
        }
        if !r.endpoint {
            problems
                .push("has its region endpoint disabled (clients are not routed to it)".to_owned());
        }
        if !problems.is_empty() {
            out.push(
                Finding::warning(format!(
                    "The replica in {} {}",
                    r.region,
                    problems.join(" and ")
                ))
                .beyond_az(),
            );
        }
    }
    out
}

impl Probe for ReplicationsProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let ctx = &self.0;
            // Only a Premium registry read from ARM can have replicas.
            let Some(registry) = &resolved.arm else {
                return Vec::new().into();
            };
            if !sku(registry).is_some_and(|s| s.eq_ignore_ascii_case("premium")) {
                return Vec::new().into();
            }
            let not_read = |why: String| -> Report<()> {
                vec![
                    Finding::warning(format!("Geo-replications not read: {}", ctx.scrub(&why)))
                        .beyond_az(),
                ]
                .into()
            };
            let Some(id) = registry.id.as_deref().and_then(RegistryId::parse) else {
                return not_read("ARM gave no readable registry id".into());
            };
            let arm = match ctx.arm().await {
                Ok(a) => a,
                Err(e) => return not_read(e),
            };
            match arm.replications(&id).await {
                Ok(list) => findings(&id, &list).into(),
                Err(e) => not_read(sentence(&e)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_syncing_replica_without_its_endpoint_is_a_warning() {
        let id = RegistryId::parse(
            "/subscriptions/s/resourceGroups/rg-x/providers/Microsoft.ContainerRegistry/registries/r",
        )
        .unwrap();
        let list: Vec<Replication> = serde_json::from_value(json!([
            {"location": "eastus", "properties": {"status": {"displayStatus": "Ready"}, "regionEndpointEnabled": true}},
            {"location": "westus", "properties": {"status": {"displayStatus": "Syncing"}, "regionEndpointEnabled": false}},
        ]))
        .unwrap();
        let out = findings(&id, &list);
        assert_eq!(
            out[0].line,
            "Geo-replications: eastus Ready, westus Syncing (resource group rg-x)"
        );
        assert_eq!(out.len(), 2);
        assert!(out[1].line.contains("westus is Syncing"));
        assert!(out[1].line.contains("region endpoint disabled"));
    }
}
