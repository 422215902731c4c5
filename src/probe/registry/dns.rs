//! DNS: the login server's addresses, CNAME chain, private addresses and
//! privatelink hops. `--resolve` skips the lookup.

use std::net::IpAddr;
use std::sync::Arc;

use crate::engine::catalog::Message;
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::net::dns::is_private;
use crate::probe::registry::context::{RegistryContext, Resolved};

pub struct DnsProbe(pub Arc<RegistryContext>);

/// The addresses DNS gave for the login server, first the one to connect to.
pub struct Addresses {
    pub ips: Vec<IpAddr>,
    /// The answer went through a `privatelink` zone (a private endpoint).
    pub private_link: bool,
}

impl Probe for DnsProbe {
    type Needs = Handle<Resolved>;
    type Output = Addresses;
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<Addresses>> {
        Box::pin(async move {
            let ctx = &self.0;
            let ls = &resolved.login_server;
            let shown = ls.display();

            if let Some((_, ip)) = ctx.settings.resolve.iter().find(|(h, _)| *h == ls.host) {
                let pass =
                    Finding::pass(format!("DNS lookup to {shown} at IP {ip}")).detail(format!(
                        "address given with --resolve; no DNS query made for {}",
                        ls.host
                    ));
                let given = Addresses {
                    ips: vec![*ip],
                    private_link: false,
                };
                return Report::with(vec![pass], given);
            }

            // The lookup made while ARM answered, when it was for this host.
            let answer = match resolved.speculation() {
                Some(s) => s.lookup().await,
                None => ctx.dns.lookup(&ls.host).await,
            };
            match answer {
                Err(failure) => Report::without(vec![Finding::error(
                    Failure::new(Message::Dns { ls: &shown })
                        .because(failure.at(&ls.host, &ctx.dns.server()).to_string()),
                )]),
                Ok(answer) => {
                    let first = answer.addresses[0];
                    let mut f = Finding::pass(format!("DNS lookup to {shown} at IP {first}"));
                    if answer.addresses.len() > 1 {
                        let all: Vec<String> =
                            answer.addresses.iter().map(|a| a.to_string()).collect();
                        f = f.detail(format!("all addresses: {}", all.join(", ")));
                    }
                    if !answer.cname_chain.is_empty() {
                        f = f.detail(format!(
                            "CNAME chain: {} -> {}",
                            ls.host,
                            answer.cname_chain.join(" -> ")
                        ));
                    }
                    let hops: Vec<&String> = answer
                        .cname_chain
                        .iter()
                        .filter(|c| c.contains(".privatelink."))
                        .collect();
                    for hop in &hops {
                        f = f.detail(format!("private link zone in the chain: {hop}"));
                    }
                    let private: Vec<String> = answer
                        .addresses
                        .iter()
                        .filter(|a| is_private(a))
                        .map(|a| a.to_string())
                        .collect();
                    if !private.is_empty() {
                        f = f.detail(format!(
                            "private address{}: {} (a private endpoint; reachable only from its network)",
                            if private.len() > 1 { "es" } else { "" },
                            private.join(", ")
                        ));
                    }
                    if ctx.settings.dns_server.is_some() {
                        f = f.detail(format!("answered by {}", ctx.dns.server()));
                    }
                    let addresses = Addresses {
                        ips: answer.addresses,
                        private_link: !hops.is_empty(),
                    };
                    Report::with(vec![f], addresses)
                }
            }
        })
    }
}
