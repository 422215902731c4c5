//! What the node's cloud-provider config says, as the report shows it: the
//! file, the tenant and placement, the kubelet's identity and the cloud its
//! endpoints come from. The file was read (and checked) before the run.

use std::sync::Arc;

use crate::azure::cloud::Cloud;
use crate::azure::node_config::NodeCloud;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Probe, Report};
use crate::probe::node::settings::NodeSettings;

pub struct NodeConfigProbe {
    pub settings: Arc<NodeSettings>,
    /// The run's cloud (the node's, with any override applied).
    pub cloud: Cloud,
}

impl Probe for NodeConfigProbe {
    type Needs = ();
    type Output = ();
    fn run(&self, _: ()) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let node = &self.settings.config;
            let mut placed = vec![format!("tenant {}", node.tenant_id)];
            let parts = [
                ("subscription", &node.subscription_id),
                ("resource group", &node.resource_group),
                ("location", &node.location),
            ];
            for (what, value) in parts {
                if let Some(v) = value {
                    placed.push(format!("{what} {v}"));
                }
            }
            let cloud = &self.cloud;
            let named = match &node.cloud {
                NodeCloud::Known(_) if node.cloud_name.is_empty() => {
                    format!("{} (no cloud named: the public cloud)", cloud.name)
                }
                NodeCloud::Known(_) => node.cloud_name.clone(),
                NodeCloud::Stack { file, .. } => {
                    format!("{} (endpoints from {})", node.cloud_name, file.display())
                }
            };
            let suffix = cloud.acr_suffix.as_deref().unwrap_or("none");
            vec![
                Finding::info(format!(
                    "Node config: {} ({})",
                    node.path.display(),
                    placed.join(", ")
                ))
                .beyond_az(),
                Finding::info(format!("Kubelet identity: {}", node.identity.describe()))
                    .beyond_az(),
                Finding::info(format!(
                    "Node cloud: {named}; authority {}, ARM {}, registry suffix {suffix}",
                    shown(&cloud.authority),
                    shown(&cloud.arm)
                ))
                .beyond_az(),
            ]
            .into()
        })
    }
}

/// An endpoint as the report names it: its URL, or the refused one.
fn shown(e: &crate::net::endpoint::Endpoint) -> String {
    match e {
        Ok(ok) => ok.as_str().to_owned(),
        Err(refused) => format!("{} (refused: not https)", refused.shown),
    }
}
