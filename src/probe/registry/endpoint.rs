//! Reaching a host ARM lists for a registry (a dedicated data endpoint, a
//! regional endpoint): the name checked, `--resolve` or DNS (or the proxy),
//! and an HTTPS client pinned to the address found. No credential is ever
//! sent by what is built here; the callers make bare requests.

use std::net::SocketAddr;

use crate::probe::registry::context::RegistryContext;

/// A DNS name (or an IP address, which `host_port::split` hands on bare):
/// nothing that could turn the URL built from it into another one.
pub fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

/// An endpoint resolved and ready for a request.
pub struct Reached {
    pub client: reqwest::Client,
    /// Lower case.
    pub host: String,
    pub port: u16,
    /// Where it went, for the report: `10.0.0.5`, `10.0.0.5 (--resolve)`,
    /// `through the proxy`.
    pub seen: String,
}

impl Reached {
    /// `https://host:port{path}`, IPv6 literals in brackets.
    pub fn url(&self, path: &str) -> String {
        let (host, port) = (&self.host, self.port);
        match host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(_)) => format!("https://[{host}]:{port}{path}"),
            _ => format!("https://{host}:{port}{path}"),
        }
    }
}

/// Where an endpoint is, before anything is sent to it.
pub struct Located {
    /// Lower case.
    pub host: String,
    pub port: u16,
    /// The address to connect to; None when the proxy is to be asked.
    pub pin: Option<SocketAddr>,
    /// Where it went, for the report.
    pub seen: String,
}

/// Checks `endpoint` (`host` or `host:port`, as ARM lists it) and finds
/// its address (`--resolve`, the proxy, or DNS); `Err` says why it cannot
/// be reached, in report words.
pub async fn locate(ctx: &RegistryContext, endpoint: &str) -> Result<Located, String> {
    let (host, port) = crate::net::host_port::split(endpoint)
        .map_err(|e| format!("ARM lists it in a form that is not a host name ({e})"))?;
    if !is_host_name(host) {
        return Err("ARM lists it in a form that is not a host name".into());
    }
    let host = host.to_ascii_lowercase();
    let port = port.unwrap_or(443);
    let (pin, seen) = match ctx.settings.pinned(&host) {
        Some(ip) => (Some(SocketAddr::new(ip, port)), format!("{ip} (--resolve)")),
        None if ctx.http.proxy_for(&host).is_some() => (None, "through the proxy".into()),
        None => match ctx.dns.lookup(&host).await {
            Ok(answer) => {
                let ip = answer.addresses[0];
                (Some(SocketAddr::new(ip, port)), ip.to_string())
            }
            Err(f) => return Err(f.at(&host, &ctx.dns.server()).to_string()),
        },
    };
    Ok(Located {
        host,
        port,
        pin,
        seen,
    })
}

/// [`locate`], then an HTTPS client pinned to the address found.
pub async fn reach(ctx: &RegistryContext, endpoint: &str) -> Result<Reached, String> {
    let Located {
        host,
        port,
        pin,
        seen,
    } = locate(ctx, endpoint).await?;
    let client = ctx
        .http
        .client(pin.map(|a| (host.as_str(), a)))
        .map_err(|e| e.to_string())?;
    Ok(Reached {
        client,
        host,
        port,
        seen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_cannot_bend_the_url() {
        assert!(is_host_name("r.eastus.data.azurecr.io"));
        assert!(is_host_name("::1"));
        for bad in ["", "evil.example/x", "a@b", "a b", "r.io?x", "r.io#"] {
            assert!(!is_host_name(bad), "{bad}");
        }
    }
}
