//! Containerd registry hosts: which hosts containerd would send this
//! registry's pulls to, in the order it tries them, with their TLS settings;
//! a mirror that cannot be reached is a warning (containerd moves on to the
//! next host), a configuration containerd cannot read is an error.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::node::containerd_config::{self, Host, HostDir};
use crate::probe::node::settings::NodeSettings;
use crate::probe::registry::context::{RegistryContext, Resolved};
use crate::sys::files::{SMALL_FILE_LIMIT, read_limited_string};

pub struct ContainerdHostsProbe {
    pub ctx: Arc<RegistryContext>,
    pub node: Arc<NodeSettings>,
}

/// What the containerd pull reads: the hosts directory to hand `ctr`.
#[derive(Clone, Debug, Default)]
pub struct ContainerdHosts {
    /// The `config_path` root holding the registry's host directory.
    pub hosts_dir: Option<PathBuf>,
}

impl Probe for ContainerdHostsProbe {
    type Needs = Handle<Resolved>;
    type Output = ContainerdHosts;
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<ContainerdHosts>> {
        Box::pin(async move {
            let ls = resolved.login_server.display();
            match self.read(&ls).await {
                Ok((findings, out)) => Report::with(findings, out),
                Err(reason) => Report::without(vec![Finding::error(Failure::new(
                    Message::ContainerdConfig {
                        ls: &ls,
                        reason: Outside(&self.ctx.scrub(&reason)),
                    },
                ))]),
            }
        })
    }
}

impl ContainerdHostsProbe {
    async fn read(&self, ls: &str) -> Result<(Vec<Finding>, ContainerdHosts), String> {
        let file = &self.node.containerd_config;
        let only_itself = format!("containerd sends pulls to https://{ls} itself");
        let text = match read_limited_string(&file.path, SMALL_FILE_LIMIT) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !file.given => {
                let line = format!(
                    "No containerd config at {} (give --containerd-config): {only_itself}",
                    file.path.display()
                );
                return Ok((vec![info(line)], ContainerdHosts::default()));
            }
            Err(e) => return Err(format!("cannot read {}: {e}.", file.path.display())),
        };
        let config = containerd_config::parse_config(&text)
            .map_err(|e| format!("{} is not a containerd config: {e}.", file.path.display()))?;
        let mut findings = Vec::new();
        if config.config_path.is_empty() {
            let mut line = format!(
                "Containerd config {} sets no config_path in {}: {only_itself}",
                file.path.display(),
                config.table
            );
            if config.legacy_mirrors {
                line.push_str(" (its deprecated registry.mirrors table is not read here)");
            }
            findings.push(info(line));
            return Ok((findings, ContainerdHosts::default()));
        }
        let roots: Vec<String> = config
            .config_path
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let Some(HostDir { root, dir, default }) =
            containerd_config::host_dir(&config.config_path, ls)
        else {
            findings.push(info(format!(
                "No host directory for {ls} (nor _default) under config_path {}: {only_itself}",
                roots.join(":")
            )));
            return Ok((findings, ContainerdHosts::default()));
        };
        let hosts = containerd_config::hosts(&dir, ls)?;
        let order: Vec<String> = hosts.iter().map(Host::describe).collect();
        let whose = if default {
            "the _default directory"
        } else {
            "its host directory"
        };
        findings.push(info(format!(
            "Containerd tries, in order: {} (from {whose} {})",
            order.join(", "),
            dir.display()
        )));
        findings.extend(self.warnings(ls, &hosts).await);
        Ok((
            findings,
            ContainerdHosts {
                hosts_dir: Some(root),
            },
        ))
    }

    async fn warnings(&self, ls: &str, hosts: &[Host]) -> Vec<Finding> {
        let mut out = Vec::new();
        let registry = format!("https://{ls}");
        for host in hosts {
            if host.skip_verify {
                out.push(warn(format!(
                    "Containerd does not verify the TLS certificate of {} (skip_verify = true)",
                    host.url
                )));
            }
            for ca in &host.ca {
                if let Err(e) = read_limited_string(ca, crate::sys::files::CA_FILE_LIMIT) {
                    out.push(warn(format!(
                        "The CA file {} named for {} cannot be read ({e}): containerd cannot use that host",
                        ca.display(),
                        host.url
                    )));
                }
            }
            if host.server && !host.url.eq_ignore_ascii_case(&registry) {
                out.push(warn(format!(
                    "hosts.toml sends the registry's pulls elsewhere: server = {} instead of {registry}",
                    host.url
                )));
            }
            if host.server && host.url.eq_ignore_ascii_case(&registry) {
                // The registry itself: the DNS and challenge checks cover it.
                continue;
            }
            if let Err(why) = self.reach(host).await {
                let role = if host.server { "server" } else { "mirror" };
                out.push(warn(format!(
                    "The {role} {} cannot be reached ({why}): containerd moves on to the next host",
                    host.url
                )));
            }
        }
        out
    }

    /// A TCP connection to the host within `--timeout`.
    async fn reach(&self, host: &Host) -> Result<(), String> {
        let (name, port) = host
            .authority()
            .ok_or_else(|| "no host and port in its URL".to_owned())?;
        let addr = match name.parse::<std::net::IpAddr>() {
            Ok(ip) => ip,
            Err(_) => {
                let answer = self
                    .ctx
                    .dns
                    .lookup(&name)
                    .await
                    .map_err(|e| e.at(&name, &self.ctx.dns.server()).to_string())?;
                *answer
                    .addresses
                    .first()
                    .ok_or_else(|| "DNS gave no address".to_owned())?
            }
        };
        let timeout = self.node.timeout.min(Duration::from_secs(10));
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect((addr, port))).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("{addr}:{port}: {e}")),
            Err(_) => Err(format!(
                "{addr}:{port}: no connection within {}",
                humantime::format_duration(timeout)
            )),
        }
    }
}

fn info(line: String) -> Finding {
    Finding::info(line).beyond_az()
}

fn warn(line: String) -> Finding {
    Finding::warning(line).beyond_az()
}
