//! `--vnet`: do the names the registry's private endpoints serve resolve, here,
//! to the endpoints' private addresses? Reads the endpoints and their network
//! interfaces from ARM and asks DNS for every name they list.

use std::net::IpAddr;
use std::sync::Arc;

use crate::azure::resource::{NetworkInterface, PrivateEndpoint};
use crate::engine::catalog::{self, Message};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::net::dns::DnsFailure;
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

/// An ARM resource id's parts, as msrestazure's `parse_resource_id` reads
/// them: subscription, resource group, then the type and name of the
/// resource (children ignored).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ArmId {
    pub subscription: String,
    pub resource_group: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
}

/// `id` when it is a valid resource id in msrestazure's sense
/// (`is_valid_resource_id`: it parses and rebuilds to itself, in any case):
/// `/subscriptions/S[/resourceGroups/G][/providers/NS/TYPE/NAME[/[providers/NS/]TYPE/NAME]…]`.
pub(crate) fn parse_arm_id(id: &str) -> Option<ArmId> {
    let mut parts = id.split('/');
    let keyword = |p: Option<&str>, k: &str| p.is_some_and(|p| p.eq_ignore_ascii_case(k));
    if parts.next() != Some("") || !keyword(parts.next(), "subscriptions") {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    let (subscription, mut rest) = rest.split_first()?;
    let mut out = ArmId {
        subscription: (*subscription).to_owned(),
        resource_group: None,
        kind: None,
        name: None,
    };
    if let [k, group, tail @ ..] = rest
        && k.eq_ignore_ascii_case("resourceGroups")
    {
        out.resource_group = Some((*group).to_owned());
        rest = tail;
    }
    if rest.is_empty() {
        return Some(out);
    }
    let [k, _namespace, kind, name, children @ ..] = rest else {
        return None;
    };
    let mut children = children;
    if !k.eq_ignore_ascii_case("providers") {
        return None;
    }
    out.kind = Some((*kind).to_owned());
    out.name = Some((*name).to_owned());
    while !children.is_empty() {
        children = match children {
            [k, _ns, _t, _n, tail @ ..] if k.eq_ignore_ascii_case("providers") => tail,
            [_t, _n, tail @ ..] => tail,
            _ => return None,
        };
    }
    Some(out)
}

/// How Python prints the `socket.gaierror` glibc gives `gethostbyname` for
/// this failure: no such name, no IPv4 address, or the server failed.
fn gaierror(failure: &DnsFailure) -> &'static str {
    match failure {
        DnsFailure::NxDomain => "[Errno -2] Name or service not known",
        DnsFailure::NoRecords => "[Errno -5] No address associated with hostname",
        DnsFailure::ServerError(_) | DnsFailure::Timeout | DnsFailure::Other(_) => {
            "[Errno -3] Temporary failure in name resolution"
        }
    }
}

impl Probe for PrivateEndpointProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            if self.0.settings.rules.az() {
                self.check_as_az(&resolved).await.into()
            } else {
                self.check(&resolved).await.into()
            }
        })
    }
}

/// One of az's `--vnet` errors: raised, so the run ends with it.
pub fn az_raised(said: &str) -> Finding {
    Finding::error(Failure::new(Message::PrivateEndpointAz { said })).raised()
}

impl PrivateEndpointProbe {
    /// az 2.91's `_check_private_endpoint`, step by step: the network by
    /// resource id (of a virtual network) or by name in the registry's
    /// resource group; each endpoint whose subnet id starts with it (any
    /// case); its first network interface; each IP configuration's first
    /// name and address; then one IPv4 lookup per name. Every problem is
    /// raised (the run ends); a wrong or failed lookup is a warning first.
    async fn check_as_az(&self, resolved: &Resolved) -> Vec<Finding> {
        let ctx = &self.0;
        let vnet = ctx.settings.vnet.clone().unwrap_or_default();
        let name = resolved.login_server.name.clone();
        let Some(registry) = &resolved.arm else {
            return vec![az_raised(&format!(
                "Registry '{name}' could not be read from ARM, so the DNS routing of its private endpoints was not verified."
            ))];
        };
        let endpoints: Vec<String> = registry
            .properties
            .private_endpoint_connections
            .iter()
            .flatten()
            .filter_map(|c| c.properties.private_endpoint.as_ref()?.id.clone())
            .collect();
        if endpoints.is_empty() {
            return vec![az_raised(&catalog::az_vnet(
                catalog::az::VNET_NO_ENDPOINTS,
                &[("name", &name)],
            ))];
        }
        let vnet_id = match parse_arm_id(&vnet) {
            Some(id) => {
                let is_vnet = id
                    .kind
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("virtualNetworks"))
                    && id.name.as_deref().is_some_and(|n| !n.is_empty());
                if !is_vnet {
                    return vec![az_raised(&catalog::az_vnet(
                        catalog::az::VNET_NOT_A_VNET,
                        &[("vnet", &vnet)],
                    ))];
                }
                vnet.clone()
            }
            None => {
                let home = registry.id.as_deref().and_then(parse_arm_id);
                let (sub, rg) = home
                    .map(|h| (h.subscription, h.resource_group.unwrap_or_default()))
                    .unwrap_or_default();
                format!(
                    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}"
                )
            }
        };
        let arm = match ctx.arm().await {
            Ok(a) => a,
            Err(e) => return vec![az_raised(&ctx.scrub(&e))],
        };
        // Name → the endpoint's address, in the order az meets them.
        let mut mappings: Vec<(String, IpAddr)> = Vec::new();
        for pe_id in endpoints {
            let pe = match arm.resource::<PrivateEndpoint>(&pe_id, NETWORK_API).await {
                Ok(v) => v,
                Err(e) => return vec![az_raised(&sentence(&e))],
            };
            let subnet = pe
                .properties
                .subnet
                .as_ref()
                .and_then(|s| s.id.as_deref())
                .unwrap_or_default();
            if !subnet
                .to_ascii_lowercase()
                .starts_with(&vnet_id.to_ascii_lowercase())
            {
                continue;
            }
            let Some(nic_id) = pe
                .properties
                .network_interfaces
                .as_ref()
                .and_then(|n| n.first())
                .and_then(|n| n.id.as_deref())
            else {
                continue;
            };
            let nic = match arm.resource::<NetworkInterface>(nic_id, NETWORK_API).await {
                Ok(v) => v,
                Err(e) => return vec![az_raised(&sentence(&e))],
            };
            for config in nic.properties.ip_configurations.iter().flatten() {
                let props = &config.properties;
                let Some(fqdn) = props
                    .private_link_connection_properties
                    .as_ref()
                    .and_then(|p| p.fqdns.as_ref())
                    .and_then(|f| f.first())
                    .map(String::as_str)
                else {
                    continue;
                };
                if mappings.iter().any(|(n, _)| n == fqdn) {
                    return vec![az_raised(&catalog::az_vnet(
                        catalog::az::VNET_DUPLICATE,
                        &[("name", &name), ("vnet", &vnet_id)],
                    ))];
                }
                if let Some(ip) = props
                    .private_ip_address
                    .as_deref()
                    .and_then(|i| i.parse().ok())
                {
                    mappings.push((fqdn.to_owned(), ip));
                }
            }
        }
        if mappings.is_empty() {
            return vec![az_raised(&catalog::az_vnet(
                catalog::az::VNET_NONE_IN_VNET,
                &[("name", &name), ("vnet", &vnet_id)],
            ))];
        }
        let mut out = Vec::new();
        for (fqdn, want) in &mappings {
            // `socket.gethostbyname`: the first IPv4 address.
            let got = match ctx.dns.lookup(fqdn).await {
                Ok(answer) => answer
                    .addresses
                    .iter()
                    .find(|a| a.is_ipv4())
                    .copied()
                    .ok_or(DnsFailure::NoRecords),
                Err(f) => Err(f),
            };
            match got {
                Ok(ip) if ip == *want => {}
                Ok(ip) => out.push(Finding::warning(catalog::az_vnet(
                    catalog::az::VNET_WRONG_ADDRESS,
                    &[
                        ("name", &name),
                        ("want", &want.to_string()),
                        ("got", &ip.to_string()),
                    ],
                ))),
                Err(f) => out.push(Finding::warning(catalog::az_vnet(
                    catalog::az::VNET_DNS_ERROR,
                    &[("fqdn", fqdn), ("error", gaierror(&f))],
                ))),
            }
        }
        if out.is_empty() {
            return vec![Finding::pass("DNS routing to private endpoint")];
        }
        out.push(az_raised(catalog::az::VNET_FAILED));
        out
    }

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
    use super::{in_vnet, parse_arm_id};

    #[test]
    fn resource_ids_as_msrestazure_reads_them() {
        let vnet = parse_arm_id(
            "/SUBSCRIPTIONS/s/resourcegroups/rg/providers/Microsoft.Network/virtualNetworks/v",
        )
        .unwrap();
        assert_eq!(vnet.subscription, "s");
        assert_eq!(vnet.resource_group.as_deref(), Some("rg"));
        assert_eq!(vnet.kind.as_deref(), Some("virtualNetworks"));
        assert_eq!(vnet.name.as_deref(), Some("v"));
        // A subnet is a child: the resource is still the network.
        let subnet = parse_arm_id("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/default").unwrap();
        assert_eq!(subnet.name.as_deref(), Some("v"));
        assert_eq!(
            parse_arm_id("/subscriptions/s/resourceGroups/rg")
                .unwrap()
                .kind,
            None
        );
        for not_an_id in [
            "my-vnet",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/",
            "/subscriptions/s/resourceGroups/rg/other",
            "subscriptions/s",
        ] {
            assert_eq!(parse_arm_id(not_an_id), None, "{not_an_id}");
        }
    }

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
