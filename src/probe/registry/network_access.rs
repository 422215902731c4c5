//! Network access, from the registry's ARM object: whether public access is
//! disabled, the network rules' default action, their IP rules and the
//! trusted-services bypass. The same reading explains a 403 at the challenge
//! (`reason_for_403`): which rule covers the address the registry saw, or
//! that none does. docs/checks.md says where each fact comes from.

use std::net::IpAddr;
use std::sync::Arc;

use ipnet::IpNet;

use crate::azure::resource::Registry;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize;
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::probe::registry::dns::Addresses;

pub struct NetworkAccessProbe(pub Arc<RegistryContext>);

/// One `ipRules` entry: its value as ARM gave it (made printable) and, when
/// it reads as an IPv4 address or CIDR range, that range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpRule {
    pub shown: String,
    pub range: Option<IpNet>,
}

impl IpRule {
    fn parse(value: &str) -> Self {
        let shown = sanitize::shown(value, 60);
        let range = value
            .parse::<IpNet>()
            .ok()
            .or_else(|| value.parse::<IpAddr>().ok().map(IpNet::from))
            .filter(|r| matches!(r, IpNet::V4(_)));
        IpRule { shown, range }
    }

    fn covers(&self, ip: IpAddr) -> bool {
        self.range.is_some_and(|r| r.contains(&ip))
    }
}

/// What the registry's ARM object says about who may connect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkAccess {
    /// `publicNetworkAccess: Disabled`.
    pub public_disabled: bool,
    /// `networkRuleSet.defaultAction: Deny`.
    pub deny_by_default: bool,
    /// The `Allow` IP rules (the only action ACR has).
    pub ip_rules: Vec<IpRule>,
    /// `networkRuleBypassOptions` (`AzureServices` or `None`), when present.
    pub bypass: Option<String>,
}

impl NetworkAccess {
    pub fn read(registry: &Registry) -> Self {
        let props = &registry.properties;
        let rules = props.network_rule_set.as_ref();
        let ip_rules = rules
            .and_then(|r| r.ip_rules.as_deref())
            .unwrap_or_default()
            .iter()
            .filter(|r| {
                r.action
                    .as_deref()
                    .is_none_or(|a| a.eq_ignore_ascii_case("allow"))
            })
            .filter_map(|r| r.value.as_deref())
            .map(IpRule::parse)
            .collect();
        NetworkAccess {
            public_disabled: props
                .public_network_access
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case("disabled")),
            deny_by_default: rules
                .and_then(|r| r.default_action.as_deref())
                .is_some_and(|v| v.eq_ignore_ascii_case("deny")),
            ip_rules,
            bypass: props
                .network_rule_bypass_options
                .as_deref()
                .map(|b| sanitize::shown(b, 40)),
        }
    }

    /// The first rule that covers `ip`. Never asked while public access is
    /// disabled: then no IP rule admits anyone.
    pub fn covering(&self, ip: IpAddr) -> Option<&IpRule> {
        self.ip_rules.iter().find(|r| r.covers(ip))
    }

    fn rules_listed(&self) -> String {
        let shown: Vec<&str> = self.ip_rules.iter().map(|r| r.shown.as_str()).collect();
        shown.join(", ")
    }
}

/// Where this client reaches the registry, as far as its DNS answer shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A public address, through no private link zone.
    Public,
    /// Through a `privatelink` zone, or at a private address (RFC 1918,
    /// shared address space, IPv6 ULA): a private endpoint's.
    Private,
    /// At an address of this machine or its link (loopback, link-local,
    /// unspecified): a hosts-file entry, a local proxy or tunnel answers for
    /// the name. Neither public nor a private endpoint's.
    Local(IpAddr),
}

/// Loopback, link-local or unspecified: an address that never leaves this
/// machine or its link.
pub fn is_local(ip: &IpAddr) -> bool {
    ip.is_loopback()
        || ip.is_unspecified()
        || match ip {
            IpAddr::V4(v4) => v4.is_link_local(),
            IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
        }
}

/// A public address: not private, not local.
fn is_public(ip: &IpAddr) -> bool {
    !crate::net::dns::is_private(ip) && !is_local(ip)
}

/// How the DNS answer says this client reaches the registry.
pub fn route(addresses: &Addresses) -> Route {
    if addresses.private_link {
        return Route::Private;
    }
    match addresses.ips.first() {
        Some(ip) if crate::net::dns::is_private(ip) => Route::Private,
        Some(ip) if is_local(ip) => Route::Local(*ip),
        Some(_) => Route::Public,
        // No address (DNS would have failed): claim nothing public.
        None => Route::Private,
    }
}

/// The address in ACR's refusal: `client with IP '203.0.113.7' is not allowed access`.
pub fn client_ip(registry_said: &str) -> Option<IpAddr> {
    let (_, rest) = registry_said.split_once("client with IP '")?;
    let (ip, _) = rest.split_once('\'')?;
    ip.parse().ok()
}

/// Our explanation of a 403 at the challenge, from the ARM object: public
/// access first (then the IP rules do not apply), then the default action and
/// whether a rule covers the address the registry reported. When public
/// access is disabled, the address the registry saw says more than the DNS
/// answer here: a public one means the request came in publicly whatever
/// the name resolved to (a proxy, a tunnel, NAT).
pub fn reason_for_403(
    access: &NetworkAccess,
    route: Route,
    client: Option<IpAddr>,
    name: &str,
) -> Option<String> {
    let seen = client
        .map(|ip| format!(" (the registry saw {ip})"))
        .unwrap_or_default();
    if access.public_disabled {
        let came_publicly = client.as_ref().is_some_and(is_public) || route == Route::Public;
        return Some(match route {
            _ if came_publicly => format!(
                "public network access is disabled on the registry and this client reached it at a public address{seen}: only private endpoints admit clients, and IP rules do not apply while public access is disabled. Connect through a private endpoint, or enable public access"
            ),
            Route::Local(ip) => format!(
                "public network access is disabled on the registry; the login server resolved to {ip} here, an address of this machine (a hosts-file entry, a proxy or a tunnel answers for it), yet the request did not arrive through one of the registry's private endpoints{seen}"
            ),
            _ => format!(
                "public network access is disabled on the registry; the login server resolved to a private address here, yet the request did not arrive through one of the registry's private endpoints{seen}"
            ),
        });
    }
    if !access.deny_by_default {
        return None;
    }
    let Some(ip) = client else {
        return Some(if access.ip_rules.is_empty() {
            "the registry's network rules deny by default and list no IP rules".to_owned()
        } else {
            format!(
                "the registry's network rules deny by default; IP rules: {}; the registry did not say which address it saw",
                access.rules_listed()
            )
        });
    };
    if ip.is_ipv6() {
        return Some(format!(
            "the registry's network rules deny by default and it saw this client at the IPv6 address {ip}: IP rules hold IPv4 addresses and ranges only, so no rule can cover it. Connect over IPv4 or through a private endpoint"
        ));
    }
    if let Some(rule) = access.covering(ip) {
        return Some(format!(
            "the registry's network rules deny by default, and IP rule {} covers {ip}, the address the registry saw: a rule added in the last few minutes may not be in force yet (run again with --wait 5m)",
            rule.shown
        ));
    }
    Some(if access.ip_rules.is_empty() {
        format!(
            "the registry's network rules deny by default and list no IP rules, so {ip}, the address the registry saw, is not allowed: add it with 'az acr network-rule add --name {name} --ip-address {ip}'"
        )
    } else {
        format!(
            "the registry's network rules deny by default and none of its IP rules ({}) covers {ip}, the address the registry saw: add it with 'az acr network-rule add --name {name} --ip-address {ip}'",
            access.rules_listed()
        )
    })
}

impl Probe for NetworkAccessProbe {
    type Needs = (Handle<Resolved>, Handle<Addresses>);
    type Output = ();
    fn run(
        &self,
        (resolved, addresses): (Arc<Resolved>, Arc<Addresses>),
    ) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            // Only a registry read from ARM has settings to read.
            let Some(registry) = &resolved.arm else {
                return Vec::new().into();
            };
            findings(&NetworkAccess::read(registry), route(&addresses)).into()
        })
    }
}

fn findings(access: &NetworkAccess, route: Route) -> Vec<Finding> {
    let public = route == Route::Public;
    let route = match route {
        Route::Public => "this client reaches it at a public address".to_owned(),
        Route::Private => "this client reaches it at a private address".to_owned(),
        // Not "public": the DNS step just reported this address.
        Route::Local(ip) => {
            format!("this client reaches it at {ip}, an address of this machine, not a public one")
        }
    };
    let mut f = if access.public_disabled {
        let line = format!("Network access: public access is disabled; {route}");
        if public {
            Finding::warning(format!(
                "{line}: the registry admits only its private endpoints, and its IP rules do not apply"
            ))
        } else {
            Finding::info(line)
        }
    } else if access.deny_by_default {
        Finding::info(format!(
            "Network access: denied by default, {} IP rule{} allowed; {route}",
            access.ip_rules.len(),
            if access.ip_rules.len() == 1 { "" } else { "s" }
        ))
    } else {
        Finding::info(format!(
            "Network access: public, every address allowed; {route}"
        ))
    };
    f = f
        .detail(format!(
            "publicNetworkAccess: {}",
            if access.public_disabled {
                "Disabled"
            } else {
                "Enabled"
            }
        ))
        .detail(format!(
            "networkRuleSet.defaultAction: {}",
            if access.deny_by_default {
                "Deny"
            } else {
                "Allow"
            }
        ));
    for rule in &access.ip_rules {
        let note = if rule.range.is_none() {
            " (not an IPv4 address or range: covers nobody)"
        } else {
            ""
        };
        f = f.detail(format!("ipRule Allow {}{note}", rule.shown));
    }
    if let Some(b) = &access.bypass {
        f = f.detail(format!(
            "networkRuleBypassOptions: {b}{}",
            if b.eq_ignore_ascii_case("AzureServices") {
                " (trusted Azure services pass the rules)"
            } else {
                ""
            }
        ));
    }
    vec![f.beyond_az()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn access(public: &str, action: &str, rules: &[&str]) -> NetworkAccess {
        let rules: Vec<Value> = rules
            .iter()
            .map(|r| json!({"action": "Allow", "value": r}))
            .collect();
        let registry = json!({"properties": {
            "publicNetworkAccess": public,
            "networkRuleBypassOptions": "AzureServices",
            "networkRuleSet": {"defaultAction": action, "ipRules": rules},
        }});
        NetworkAccess::read(&serde_json::from_value(registry).unwrap())
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn reads_the_client_ip_from_acrs_refusal() {
        let said = "DENIED: client with IP '203.0.113.7' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.";
        assert_eq!(client_ip(said), ip("203.0.113.7"));
        assert_eq!(
            client_ip("client with IP '2001:db8::7' is not allowed"),
            ip("2001:db8::7")
        );
        assert_eq!(client_ip("client with IP 'nonsense'"), None);
        assert_eq!(client_ip("access denied"), None);
    }

    #[test]
    fn rules_are_ipv4_addresses_and_ranges() {
        let a = access(
            "Enabled",
            "Deny",
            &["198.51.100.0/24", "203.0.113.7", "junk", "::1"],
        );
        assert_eq!(
            a.covering("198.51.100.9".parse().unwrap()).unwrap().shown,
            "198.51.100.0/24"
        );
        assert_eq!(
            a.covering("203.0.113.7".parse().unwrap()).unwrap().shown,
            "203.0.113.7"
        );
        assert!(a.covering("203.0.113.8".parse().unwrap()).is_none());
        assert!(
            a.covering("::1".parse().unwrap()).is_none(),
            "IPv6 rules do not exist"
        );
        assert_eq!(a.bypass.as_deref(), Some("AzureServices"));
    }

    #[test]
    fn public_access_disabled_never_says_a_rule_covers() {
        let a = access("Disabled", "Deny", &["203.0.113.0/24"]);
        let r = reason_for_403(&a, Route::Public, ip("203.0.113.7"), "reg").unwrap();
        assert!(r.contains("public network access is disabled"), "{r}");
        assert!(r.contains("IP rules do not apply"), "{r}");
        assert!(!r.contains("covers"), "{r}");
    }

    #[test]
    fn deny_names_the_rule_or_says_none_covers() {
        let a = access("Enabled", "Deny", &["198.51.100.0/24", "203.0.113.0/24"]);
        let r = reason_for_403(&a, Route::Public, ip("203.0.113.7"), "reg").unwrap();
        assert!(
            r.contains("IP rule 203.0.113.0/24 covers 203.0.113.7"),
            "{r}"
        );
        let a = access("Enabled", "Deny", &["198.51.100.0/24"]);
        let r = reason_for_403(&a, Route::Public, ip("203.0.113.7"), "reg").unwrap();
        assert!(
            r.contains("none of its IP rules (198.51.100.0/24) covers 203.0.113.7"),
            "{r}"
        );
        assert!(r.contains("az acr network-rule add --name reg --ip-address 203.0.113.7"));
        let r = reason_for_403(&a, Route::Public, ip("2001:db8::7"), "reg").unwrap();
        assert!(r.contains("no rule can cover it"), "{r}");
        assert!(
            reason_for_403(
                &access("Enabled", "Allow", &[]),
                Route::Public,
                ip("203.0.113.7"),
                "reg"
            )
            .is_none()
        );
    }

    #[test]
    fn a_private_link_answer_is_not_public_nor_is_loopback() {
        let at = |ip: &str, private_link| {
            route(&Addresses {
                ips: vec![ip.parse().unwrap()],
                private_link,
            })
        };
        assert_eq!(at("20.62.1.4", false), Route::Public);
        assert_eq!(at("127.0.0.1", true), Route::Private);
        assert_eq!(at("10.0.0.4", false), Route::Private);
        assert_eq!(at("fd00::4", false), Route::Private);
        for local in ["127.0.0.1", "::1", "169.254.1.1", "fe80::1"] {
            assert_eq!(at(local, false), Route::Local(local.parse().unwrap()));
        }
    }

    #[test]
    fn what_the_registry_saw_decides_when_public_access_is_disabled() {
        let a = access("Disabled", "Deny", &[]);
        let local = Route::Local("127.0.0.1".parse().unwrap());
        // Resolved to loopback here, but the registry saw a public address.
        let r = reason_for_403(&a, local, ip("203.0.113.7"), "reg").unwrap();
        assert!(
            r.contains("reached it at a public address (the registry saw 203.0.113.7)"),
            "{r}"
        );
        // It saw a private one, or said nothing: loopback is not called public.
        let r = reason_for_403(&a, local, ip("10.1.2.3"), "reg").unwrap();
        assert!(
            r.contains("resolved to 127.0.0.1 here, an address of this machine"),
            "{r}"
        );
        assert!(!r.contains("public address"), "{r}");
        let r = reason_for_403(&a, local, None, "reg").unwrap();
        assert!(!r.contains("public address"), "{r}");
        // And the network-access line does not call loopback public either.
        let f = findings(&a, local);
        assert_eq!(f[0].status, crate::engine::finding::Status::Info);
        assert!(
            f[0].line.ends_with(
                "this client reaches it at 127.0.0.1, an address of this machine, not a public one"
            ),
            "{}",
            f[0].line
        );
    }
}
