//! DNS through hickory-resolver, behind our own small trait so probes (and
//! tests) never see hickory's types. Reports every address and the CNAME chain.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::time::Duration;

use hickory_resolver::Resolver;
use hickory_resolver::config::{
    ConnectionConfig, LookupIpStrategy, NameServerConfig, ProtocolConfig, ResolverConfig,
};
use hickory_resolver::net::runtime::{RuntimeProvider, TokioRuntimeProvider};
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RData;

use crate::sys::future::BoxFuture;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsAnswer {
    /// IPv4 first, then IPv6, in the order the server gave them.
    pub addresses: Vec<IpAddr>,
    /// Names followed from the queried name to the address records.
    pub cname_chain: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsFailure {
    /// The name does not exist (NXDOMAIN).
    NxDomain,
    /// The name exists but has no A or AAAA records.
    NoRecords,
    /// The server answered with an error code (SERVFAIL, REFUSED, …).
    ServerError(String),
    Timeout,
    Other(String),
}

impl DnsFailure {
    /// This failure as the lookup of `host` through `server` met it.
    pub fn at(&self, host: &str, server: &str) -> LookupError {
        LookupError {
            host: host.to_owned(),
            server: server.to_owned(),
            failure: self.clone(),
        }
    }
}

/// A failed lookup as a report says it: who was asked, for what, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupError {
    pub host: String,
    /// `the system resolver` or `DNS server 10.0.0.4:53`.
    pub server: String,
    pub failure: DnsFailure,
}

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let LookupError {
            host,
            server,
            failure,
        } = self;
        match failure {
            DnsFailure::NxDomain => write!(f, "{server} says '{host}' does not exist (NXDOMAIN)"),
            DnsFailure::NoRecords => {
                write!(
                    f,
                    "{server} knows '{host}' but returned no A or AAAA records"
                )
            }
            DnsFailure::ServerError(code) => {
                write!(f, "{server} could not answer for '{host}' ({code})")
            }
            DnsFailure::Timeout => write!(f, "{server} did not answer for '{host}' in time"),
            DnsFailure::Other(e) => write!(f, "looking up '{host}' through {server} failed: {e}"),
        }
    }
}

impl std::error::Error for LookupError {}

pub trait NameLookup: Send + Sync {
    /// Which server answers, for messages: `the system resolver` or `DNS server 10.0.0.4:53`.
    fn server(&self) -> String;
    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<DnsAnswer, DnsFailure>>;
}

/// hickory's Tokio runtime, which tells `sys::limits` when a socket could
/// not be opened for want of file descriptors: hickory keeps only "no
/// connections available" of that error.
#[derive(Clone, Default)]
struct LimitAware(TokioRuntimeProvider);

type Tokio = TokioRuntimeProvider;
type Opening<T> = Pin<Box<dyn Send + Future<Output = Result<T, std::io::Error>>>>;

impl RuntimeProvider for LimitAware {
    type Handle = <Tokio as RuntimeProvider>::Handle;
    type Timer = <Tokio as RuntimeProvider>::Timer;
    type Udp = <Tokio as RuntimeProvider>::Udp;
    type Tcp = <Tokio as RuntimeProvider>::Tcp;

    fn create_handle(&self) -> Self::Handle {
        self.0.create_handle()
    }

    fn connect_tcp(
        &self,
        server_addr: SocketAddr,
        bind_addr: Option<SocketAddr>,
        timeout: Option<Duration>,
    ) -> Opening<Self::Tcp> {
        let opening = self.0.connect_tcp(server_addr, bind_addr, timeout);
        Box::pin(async move { opening.await.map_err(crate::sys::limits::note) })
    }

    fn bind_udp(&self, local_addr: SocketAddr, server_addr: SocketAddr) -> Opening<Self::Udp> {
        let opening = self.0.bind_udp(local_addr, server_addr);
        Box::pin(async move { opening.await.map_err(crate::sys::limits::note) })
    }
}

pub struct HickoryLookup {
    resolver: Resolver<LimitAware>,
    server: Option<SocketAddr>,
    timeout: Duration,
}

impl HickoryLookup {
    /// The system configuration and hosts file, or only `server` when given.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Self, String> {
        let provider = LimitAware::default();
        let mut builder = match server {
            Some(addr) => {
                let mut udp = ConnectionConfig::new(ProtocolConfig::Udp);
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::new(ProtocolConfig::Tcp);
                tcp.port = addr.port();
                let ns = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                Resolver::builder_with_config(ResolverConfig::from_name_servers(vec![ns]), provider)
            }
            None => Resolver::builder(provider)
                .map_err(|e| format!("cannot read the system DNS configuration: {e}"))?,
        };
        let opts = builder.options_mut();
        opts.ip_strategy = LookupIpStrategy::Ipv4AndIpv6;
        opts.preserve_intermediates = true;
        opts.timeout = timeout.min(Duration::from_secs(5));
        opts.attempts = 2;
        opts.cache_size = 0;
        let resolver = builder
            .build()
            .map_err(|e| format!("cannot set up DNS resolution: {e}"))?;
        Ok(HickoryLookup {
            resolver,
            server,
            timeout,
        })
    }
}

fn classify(e: &NetError) -> DnsFailure {
    match e {
        NetError::Timeout => DnsFailure::Timeout,
        NetError::Dns(DnsError::NoRecordsFound(nr)) => match nr.response_code {
            ResponseCode::NXDomain => DnsFailure::NxDomain,
            ResponseCode::NoError => DnsFailure::NoRecords,
            other => DnsFailure::ServerError(other.to_string()),
        },
        NetError::Dns(DnsError::ResponseCode(code)) => match *code {
            ResponseCode::NXDomain => DnsFailure::NxDomain,
            other => DnsFailure::ServerError(other.to_string()),
        },
        other => {
            let text = other.to_string();
            if text.contains("timed out") {
                DnsFailure::Timeout
            } else {
                DnsFailure::Other(text)
            }
        }
    }
}

impl NameLookup for HickoryLookup {
    fn server(&self) -> String {
        match self.server {
            Some(s) => format!("DNS server {s}"),
            None => "the system resolver".into(),
        }
    }

    fn lookup<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<DnsAnswer, DnsFailure>> {
        Box::pin(async move {
            // A fully qualified name: the search list must not turn a typo into
            // someone else's host.
            let fqdn = if host.ends_with('.') {
                host.to_owned()
            } else {
                format!("{host}.")
            };
            let started = std::time::Instant::now();
            let found = tokio::time::timeout(self.timeout, self.resolver.lookup_ip(fqdn.as_str()))
                .await
                .map_err(|_| DnsFailure::Timeout)?
                .map_err(|e| {
                    // No server could even be asked ("no connections
                    // available") while acr-health was out of descriptors:
                    // ours, told to the check waiting here. The sockets are
                    // opened in the resolver's own tasks, and once they
                    // could not be, hickory answers so for a while without
                    // trying again: a limit met from one timeout before
                    // this lookup on counts.
                    let since = started.checked_sub(self.timeout).unwrap_or(started);
                    if matches!(e, NetError::NoConnections | NetError::Io(_))
                        && let Some(o) = crate::sys::limits::met_since(since)
                    {
                        crate::sys::limits::met(o);
                    }
                    classify(&e)
                })?;
            crate::sys::timing::record(crate::sys::timing::Phase::new(
                crate::sys::timing::PhaseKind::Dns,
                host,
                started,
                started.elapsed(),
            ));
            let mut v4 = Vec::new();
            let mut v6 = Vec::new();
            let mut cname_chain = Vec::new();
            for record in found.as_lookup().answers() {
                match &record.data {
                    RData::A(a) => v4.push(IpAddr::V4(a.0)),
                    RData::AAAA(a) => v6.push(IpAddr::V6(a.0)),
                    RData::CNAME(c) => {
                        let target = c.0.to_string().trim_end_matches('.').to_owned();
                        if !cname_chain.contains(&target) {
                            cname_chain.push(target);
                        }
                    }
                    _ => {}
                }
            }
            if v4.is_empty() && v6.is_empty() {
                // Answers from the hosts file carry no records list.
                for ip in found.iter() {
                    match ip {
                        IpAddr::V4(_) => v4.push(ip),
                        IpAddr::V6(_) => v6.push(ip),
                    }
                }
            }
            v4.dedup();
            v6.dedup();
            v4.extend(v6);
            if v4.is_empty() {
                return Err(DnsFailure::NoRecords);
            }
            Ok(DnsAnswer {
                addresses: v4,
                cname_chain,
            })
        })
    }
}

/// RFC 1918 / RFC 6598 IPv4 and unique-local IPv6: a private endpoint's address.
pub fn is_private(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private() || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges() {
        for p in [
            "10.1.0.4",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "fd00::1",
        ] {
            assert!(is_private(&p.parse().unwrap()), "{p}");
        }
        for p in ["20.0.0.1", "127.0.0.1", "2001:db8::1", "172.32.0.1"] {
            assert!(!is_private(&p.parse().unwrap()), "{p}");
        }
    }
}
