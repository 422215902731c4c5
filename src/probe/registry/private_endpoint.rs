//! `--vnet`: do the names the registry's private endpoints serve resolve, here,
//! to the endpoints' private addresses? Reads the endpoints and their network
//! interfaces from ARM and asks DNS for every name they list.

use std::net::IpAddr;
use std::sync::Arc;

use crate::azure::resource::{NetworkInterface, PrivateEndpoint};
use crate::engine::catalog::Message;
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::sys::error::sentence;

const NETWORK_API: &str = "2023-09-01";

pub struct PrivateEndpointProbe(pub Arc<RegistryContext>);

/// Whether a private endpoint's subnet ID lies in the virtual network the
/// user named (by name or by full resource ID).
fn in_vnet(subnet_id: &str, vnet: &str) -> bool {
    let subnet = subnet_id.to_ascii_lowercase();
    let vnet = vnet.trim_end_matches('/').to_ascii_lowercase();
    if vnet.starts_with("/subscriptions/") {
        return subnet.starts_with(&format!("{vnet}/subnets/"));
    }
    subnet.contains(&format!("/virtualnetworks/{vnet}/subnets/"))
}

/// The (name, private address) pairs an interface's IP configurations serve.
pub(crate) fn served_names(nic: &NetworkInterface) -> Vec<(String, IpAddr)> {
    let mut out = Vec::new();
    for config in nic.properties.ip_configurations.iter().flatten() {
        let props = &config.properties;
        let Some(ip) = props
            .private_ip_address
            .as_deref()
            .and_then(|i| i.parse().ok())
        else {
            continue;
        };
        for name in props
            .private_link_connection_properties
            .as_ref()
            .and_then(|p| p.fqdns.as_ref())
            .into_iter()
            .flatten()
        {
            out.push((name.to_ascii_lowercase(), ip));
        }
    }
    out
}

impl Probe for PrivateEndpointProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&resolved).await.into() })
    }
}

impl PrivateEndpointProbe {
    async fn check(&self, resolved: &Resolved) -> Vec<Finding> {
        let ctx = &self.0;
        let vnet = ctx.settings.vnet.clone().unwrap_or_default();
        let warn = |text: String| vec![Finding::warning(text).beyond_az()];
        let Some(registry) = &resolved.arm else {
            return warn(
                    "--vnet needs the registry's private endpoints from ARM: pass the registry name with --subscription (and -g). DNS routing was not checked.".into(),
                );
        };
        let name = resolved.login_server.name.clone();
        let endpoints: Vec<String> = registry
            .properties
            .private_endpoint_connections
            .iter()
            .flatten()
            .filter_map(|c| c.properties.private_endpoint.as_ref()?.id.clone())
            .collect();
        if endpoints.is_empty() {
            return warn(format!(
                "Registry '{name}' has no private endpoints; there is no DNS routing to verify for --vnet."
            ));
        }
        let arm = match ctx.arm().await {
            Ok(a) => a,
            Err(e) => {
                return warn(format!(
                    "Private endpoint DNS not checked: {}",
                    ctx.scrub(&e)
                ));
            }
        };

        let mut checked = Vec::new();
        let mut wrong = Vec::new();
        let mut elsewhere = Vec::new();
        for pe_id in endpoints {
            let pe = match arm.resource::<PrivateEndpoint>(&pe_id, NETWORK_API).await {
                Ok(v) => v,
                Err(e) => {
                    return warn(format!(
                        "Private endpoint DNS not checked: {}",
                        sentence(&e)
                    ));
                }
            };
            let subnet = pe
                .properties
                .subnet
                .as_ref()
                .and_then(|s| s.id.as_deref())
                .unwrap_or_default();
            if !in_vnet(subnet, &vnet) {
                elsewhere.push(
                    subnet
                        .split("/subnets/")
                        .next()
                        .unwrap_or(subnet)
                        .to_owned(),
                );
                continue;
            }
            for nic_id in pe
                .properties
                .network_interfaces
                .iter()
                .flatten()
                .filter_map(|n| n.id.as_deref())
            {
                let nic = match arm.resource::<NetworkInterface>(nic_id, NETWORK_API).await {
                    Ok(v) => v,
                    Err(e) => {
                        return warn(format!(
                            "Private endpoint DNS not checked: {}",
                            sentence(&e)
                        ));
                    }
                };
                for (fqdn, want) in served_names(&nic) {
                    match ctx.dns.lookup(&fqdn).await {
                        Ok(answer) if answer.addresses.contains(&want) => {
                            checked.push(format!("{fqdn} -> {want}"));
                        }
                        Ok(answer) => {
                            let got: Vec<String> =
                                answer.addresses.iter().map(|a| a.to_string()).collect();
                            wrong.push(format!(
                                "'{fqdn}' resolves to {} instead of the endpoint's {want}",
                                got.join(", ")
                            ));
                        }
                        Err(failure) => wrong.push(format!(
                            "'{fqdn}' should resolve to {want}, but {}",
                            failure.at(&fqdn, &ctx.dns.server())
                        )),
                    }
                }
            }
        }
        if checked.is_empty() && wrong.is_empty() {
            return warn(format!(
                "No private endpoint of registry '{name}' is in virtual network '{vnet}' (its endpoints are in: {}).",
                elsewhere.join(", ")
            ));
        }
        if !wrong.is_empty() {
            let mut finding = Finding::error(Failure::new(Message::PrivateEndpointDns {
                name: &name,
                vnet: &vnet,
                reason: &format!("{}.", wrong.join("; ")),
            }));
            for c in checked {
                finding = finding.detail(format!("routes correctly: {c}"));
            }
            return vec![finding];
        }
        let mut pass = Finding::pass("DNS routing to private endpoint");
        for c in checked {
            pass = pass.detail(c);
        }
        vec![pass]
    }
}

#[cfg(test)]
mod tests {
    use super::in_vnet;

    #[test]
    fn vnet_by_name_or_id() {
        let subnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/My-VNet/subnets/default";
        assert!(in_vnet(subnet, "my-vnet"));
        assert!(in_vnet(
            subnet,
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/My-VNet"
        ));
        assert!(!in_vnet(subnet, "my"));
        assert!(!in_vnet(subnet, "other"));
    }
}
