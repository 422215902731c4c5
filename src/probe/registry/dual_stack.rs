//! Dual stack: with `endpointProtocol: IPv4AndIPv6` (api-version
//! `2026-03-01-preview` or newer; `IPv4AndIPv6` recorded at
//! `2026-09-01-preview`), the registry's names have AAAA records beside their
//! A records. For the login server, the dedicated data endpoints and the
//! regional endpoints this lists what DNS answers here for each family,
//! which family this client used (the address the DNS step handed the
//! challenge), and whether IPv6 reaches the login server from here. All of
//! it is information: a client without an IPv6 route simply uses IPv4. An
//! IPv4-only registry has no AAAA records, and nothing is reported. Beyond
//! az: planned only under our profile.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use crate::azure::resource::Registry;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize;
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::probe::registry::dns::Addresses;
use crate::probe::registry::endpoint::is_host_name;

pub struct DualStackProbe(pub Arc<RegistryContext>);

/// At most this many names are looked up.
const MAX_NAMES: usize = 32;
/// The IPv6 connection attempt waits at most this long (or `--timeout`).
const CONNECT_WAIT: Duration = Duration::from_secs(3);

/// The registry's names: the login server, then each dedicated data
/// endpoint and regional endpoint ARM lists (host names only, no ports).
fn names(registry: &Registry, login_host: &str) -> Vec<String> {
    let props = &registry.properties;
    let data = props
        .data_endpoint_host_names
        .iter()
        .flatten()
        .filter(|_| props.data_endpoint_enabled == Some(true));
    let regional = props
        .regional_endpoint_host_names
        .iter()
        .flatten()
        .filter(|_| props.regional_endpoints_enabled());
    let mut out = vec![login_host.to_owned()];
    for raw in data.chain(regional) {
        let Ok((host, _)) = crate::net::host_port::split(raw) else {
            continue;
        };
        let host = host.to_ascii_lowercase();
        if is_host_name(&host) && !out.contains(&host) {
            out.push(host);
        }
    }
    out.truncate(MAX_NAMES);
    out
}

/// `IPv4 (127.0.0.1)` / `IPv6 (::1)`.
fn family(ip: &IpAddr) -> String {
    match ip {
        IpAddr::V4(_) => format!("IPv4 ({ip})"),
        IpAddr::V6(_) => format!("IPv6 ({ip})"),
    }
}

/// `host: A 1.2.3.4; AAAA ::1`, or why not.
async fn records(ctx: &RegistryContext, host: &str) -> (String, Vec<IpAddr>) {
    if let Some(ip) = ctx.settings.pinned(host) {
        return (
            format!("{host}: {ip} (--resolve; DNS not asked)"),
            Vec::new(),
        );
    }
    match ctx.dns.lookup(host).await {
        Err(f) => (
            format!(
                "{host}: {}",
                ctx.scrub(&f.at(host, &ctx.dns.server()).to_string())
            ),
            Vec::new(),
        ),
        Ok(answer) => {
            let list = |v6: bool| {
                answer
                    .addresses
                    .iter()
                    .filter(|a| a.is_ipv6() == v6)
                    .map(IpAddr::to_string)
                    .collect::<Vec<_>>()
            };
            let (a, aaaa) = (list(false), list(true));
            let show = |kind: &str, l: &[String]| {
                if l.is_empty() {
                    format!("no {kind} record")
                } else {
                    format!("{kind} {}", l.join(", "))
                }
            };
            let v6: Vec<IpAddr> = answer
                .addresses
                .iter()
                .copied()
                .filter(IpAddr::is_ipv6)
                .collect();
            (
                format!("{host}: {}; {}", show("A", &a), show("AAAA", &aaaa)),
                v6,
            )
        }
    }
}

/// Whether a TCP connection to `addr` opens from here, in words.
async fn ipv6_from_here(addr: SocketAddr, wait: Duration) -> String {
    match tokio::time::timeout(wait, tokio::net::TcpStream::connect(addr)).await {
        Ok(Ok(_)) => format!("IPv6 from here: {addr} accepted a connection"),
        Ok(Err(e)) => match e.kind() {
            std::io::ErrorKind::ConnectionRefused => format!(
                "IPv6 from here: {addr} is reachable, but refused the connection (nothing accepts on that port over IPv6)"
            ),
            std::io::ErrorKind::NetworkUnreachable
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::AddrNotAvailable => format!(
                "IPv6 from here: no route to {addr} ({e}); this client uses IPv4, which is enough"
            ),
            _ => format!("IPv6 from here: connecting to {addr} failed ({e})"),
        },
        Err(_) => format!(
            "IPv6 from here: {addr} did not answer within {}s",
            wait.as_secs()
        ),
    }
}

impl Probe for DualStackProbe {
    type Needs = (Handle<Resolved>, Handle<Addresses>);
    type Output = ();
    fn run(
        &self,
        (resolved, addresses): (Arc<Resolved>, Arc<Addresses>),
    ) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let ctx = &self.0;
            // IPv4 only (or not known): no AAAA is normal, nothing to report.
            let Some(registry) = resolved.arm.as_ref().filter(|r| r.properties.dual_stack()) else {
                return Vec::new().into();
            };
            let ls = &resolved.login_server;
            let used = addresses
                .ips
                .first()
                .map(family)
                .unwrap_or_else(|| "no address".into());
            let proxy = ctx.http.proxy_for(&ls.host).is_some();
            let mut line = format!(
                "Dual stack (IPv6): the registry serves IPv4 and IPv6 (endpointProtocol IPv4AndIPv6); this client used {used}"
            );
            if proxy {
                line.push_str(" to reach it, through the proxy (the proxy's own connection decides the family)");
            }
            let mut f = Finding::info(line);
            let mut login_v6 = Vec::new();
            for (i, host) in names(registry, &ls.host).iter().enumerate() {
                let (detail, v6) = records(ctx, host).await;
                if i == 0 {
                    login_v6 = v6;
                }
                f = f.detail(sanitize::shown(&detail, 300));
            }
            let reach = match login_v6.first() {
                _ if proxy => {
                    "IPv6 from here: not tried (a proxy makes the connections)".to_owned()
                }
                None => format!(
                    "no AAAA record for {} here, though the registry serves IPv6: a resolver that drops AAAA answers, or DNS that has not caught up",
                    ls.host
                ),
                Some(v6) => {
                    let addr = SocketAddr::new(*v6, ls.port_or_default());
                    ipv6_from_here(addr, ctx.settings.timeout.min(CONNECT_WAIT)).await
                }
            };
            vec![f.detail(reach).beyond_az()].into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_names_of_a_dual_stack_registry() {
        let r: Registry = serde_json::from_value(json!({"properties": {
            "endpointProtocol": "IPv4AndIPv6",
            "dataEndpointEnabled": true,
            "dataEndpointHostNames": ["r.eastus.data.azurecr.io:8443", "R.eastus.data.azurecr.io", "a b"],
            "regionalEndpoints": "Enabled",
            "regionalEndpointHostNames": ["r.westus.geo.azurecr.io"],
        }}))
        .unwrap();
        assert!(r.properties.dual_stack());
        assert_eq!(
            names(&r, "r.azurecr.io"),
            [
                "r.azurecr.io",
                "r.eastus.data.azurecr.io",
                "r.westus.geo.azurecr.io"
            ]
        );
        let off: Registry = serde_json::from_value(json!({"properties": {
            "dataEndpointEnabled": false, "dataEndpointHostNames": ["x.data.azurecr.io"],
        }}))
        .unwrap();
        assert_eq!(names(&off, "r.azurecr.io"), ["r.azurecr.io"]);
        assert_eq!(family(&"::1".parse().unwrap()), "IPv6 (::1)");
    }

    #[tokio::test]
    async fn a_refused_ipv6_connection_is_information() {
        // A port on ::1 nobody listens on (if this machine has IPv6 at all).
        let said = ipv6_from_here("[::1]:9".parse().unwrap(), Duration::from_secs(1)).await;
        assert!(said.starts_with("IPv6 from here: "), "{said}");
    }
}
