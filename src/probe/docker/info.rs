//! The daemon's view (docs/environment.md, "The daemon's view"): what
//! `docker info` says about where a `docker pull` goes, which az never
//! looks at. Run as a second process beside `docker version`, only for a
//! daemon on a local unix socket (not podman, not a remote or Docker Desktop
//! daemon, whose settings live elsewhere).
//!
//! - the daemon's own proxy against this shell's, and (per registry, in
//!   `DaemonRouteProbe`) against the login server and data endpoints, with
//!   Go's `NO_PROXY` rules;
//! - a proxy on this machine where nothing listens (a leftover debugging
//!   proxy), probed with a short loopback TCP connect, loopback only;
//! - known traps: an engine older than 18.03, Red Hat's docker 1.13 fork
//!   without `--signature-verification=false`, an insecure-registry entry
//!   naming the login server.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize::shown;
use crate::guard::secret::{Secret, SecretStore};
use crate::net::no_proxy::{self, ProxySettings, in_cidr};
use crate::net::url_secrets;
use crate::probe::docker::login as docker_login;
use crate::probe::docker::program::is_podman;
use crate::probe::registry::context::Resolved;
use crate::probe::settings::ToolSettings;
use crate::sys::env::Env;
use crate::sys::files::read_limited_string;
use crate::sys::process::{self, Program};

/// `{{json .}}`: every docker since 1.13 understands it.
const INFO_ARGS: &[&str] = &["info", "--format", "{{json .}}"];

/// The oldest engine the ACR FAQ recommends (TLS 1.2 to the registry).
const MIN_ENGINE: semver::Version = semver::Version::new(18, 3, 0);

/// How long the loopback connect to a local proxy may take.
const LISTENER_PROBE: Duration = Duration::from_millis(300);

/// Where Red Hat's docker package keeps the daemon's options; the test hook
/// `ACR_HEALTH_SYSCONFIG_DOCKER` points elsewhere.
const SYSCONFIG_DOCKER: &str = "/etc/sysconfig/docker";

/// The default insecure range every daemon lists.
const DEFAULT_INSECURE: &[&str] = &["127.0.0.0/8", "::1/128"];

#[derive(Clone, Debug, Default, Deserialize)]
pub struct IndexConfig {
    #[serde(rename = "Secure", default)]
    pub secure: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RegistryConfig {
    #[serde(rename = "IndexConfigs", default)]
    pub index_configs: Option<BTreeMap<String, IndexConfig>>,
    #[serde(rename = "InsecureRegistryCIDRs", default)]
    pub insecure_cidrs: Option<Vec<String>>,
}

/// The fields of `docker info` we read.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DaemonInfo {
    #[serde(rename = "HttpProxy", default)]
    pub http_proxy: Option<String>,
    #[serde(rename = "HttpsProxy", default)]
    pub https_proxy: Option<String>,
    #[serde(rename = "NoProxy", default)]
    pub no_proxy: Option<String>,
    #[serde(rename = "ServerVersion", default)]
    pub server_version: Option<String>,
    #[serde(rename = "RegistryConfig", default)]
    pub registry_config: Option<RegistryConfig>,
}

impl DaemonInfo {
    pub fn proxies(&self) -> ProxySettings {
        let set = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        ProxySettings {
            https: set(&self.https_proxy),
            http: set(&self.http_proxy),
            no_proxy: set(&self.no_proxy),
        }
    }
}

/// What the daemon-settings step hands the registry steps: the daemon's
/// settings, when they could be read.
#[derive(Clone, Debug, Default)]
pub struct DaemonView {
    pub info: Option<DaemonInfo>,
}

/// Why the daemon's settings are not read, or None for a local unix socket.
pub fn not_local(env: &Env) -> Option<String> {
    if !cfg!(target_os = "linux") {
        return Some("Docker Desktop keeps the daemon in a VM with settings of its own".into());
    }
    if let Some(host) = env.get("DOCKER_HOST") {
        let Some(path) = host.strip_prefix("unix://") else {
            let scheme = host
                .split("://")
                .next()
                .filter(|s| *s != host)
                .unwrap_or("a non-unix");
            return Some(format!(
                "DOCKER_HOST names a {} daemon, not a local unix socket",
                shown(scheme, 20)
            ));
        };
        if path.contains("/.docker/desktop/") {
            return Some("DOCKER_HOST names Docker Desktop's socket".into());
        }
        // DOCKER_HOST wins over any context.
        return None;
    }
    let context = env.get("DOCKER_CONTEXT").map(str::to_owned).or_else(|| {
        docker_login::docker_config_path(env)
            .and_then(|p| docker_login::read_config(&p).ok())
            .and_then(|c| c.current_context)
    });
    match context.as_deref() {
        None | Some("") | Some("default") => None,
        Some(c) => Some(format!(
            "the docker context '{}' is in use; only the default local socket is read",
            shown(c, 60)
        )),
    }
}

/// The unix socket the client talks to, when it is one.
pub fn socket_path(env: &Env) -> Option<PathBuf> {
    match env.get("DOCKER_HOST") {
        Some(h) => h.strip_prefix("unix://").map(PathBuf::from),
        None => Some(PathBuf::from("/var/run/docker.sock")),
    }
}

/// Whether we run inside a container: `/.dockerenv`, `/run/.containerenv`,
/// the `container` variable (systemd, podman), Kubernetes' service
/// variables or a container runtime in PID 1's cgroup. The test hook
/// `ACR_HEALTH_CONTAINER=0|1` overrides the guess.
pub fn in_container(env: &Env) -> bool {
    match env.get("ACR_HEALTH_CONTAINER") {
        Some("1") => return true,
        Some("0") => return false,
        _ => {}
    }
    if Path::new("/.dockerenv").exists() || Path::new("/run/.containerenv").exists() {
        return true;
    }
    if env.get("container").is_some() || env.get("KUBERNETES_SERVICE_HOST").is_some() {
        return true;
    }
    read_limited_string(Path::new("/proc/1/cgroup"), 64 * 1024).is_ok_and(|c| {
        ["docker", "kubepods", "containerd", "libpod", "lxc"]
            .iter()
            .any(|m| c.contains(m))
    })
}

/// The hint for a daemon error inside a container that has no docker socket.
pub fn container_socket_hint(env: &Env) -> Option<String> {
    let socket = socket_path(env)?;
    if socket.exists() || !in_container(env) {
        return None;
    }
    Some(format!(
        "this runs inside a container and {} does not exist: start the container with -v /var/run/docker.sock:/var/run/docker.sock to use the host's daemon (or set DOCKER_HOST)",
        socket.display()
    ))
}

/// The daemon-settings step: `docker info`, beside `docker version`.
pub struct DaemonSettingsProbe {
    pub settings: Arc<ToolSettings>,
    pub secrets: Arc<SecretStore>,
}

impl Probe for DaemonSettingsProbe {
    type Needs = Handle<Program>;
    type Output = DaemonView;
    fn run(&self, program: Arc<Program>) -> BoxFuture<'_, Report<DaemonView>> {
        Box::pin(async move {
            let (findings, info) = self.check(&program).await;
            Report::with(findings, DaemonView { info })
        })
    }
}

fn register_proxy_secrets(secrets: &SecretStore, settings: &ProxySettings) {
    for p in settings.proxies() {
        for pw in url_secrets::proxy_passwords(p) {
            secrets.register(&Secret::new(pw));
        }
    }
}

/// The proxy as a report shows it: password hidden, cut.
fn proxy_shown(p: &str) -> String {
    shown(&url_secrets::hide_password(p), 200)
}

impl DaemonSettingsProbe {
    async fn check(&self, program: &Program) -> (Vec<Finding>, Option<DaemonInfo>) {
        let shell = ProxySettings::from_env(&self.settings.env);
        register_proxy_secrets(&self.secrets, &shell);
        match self.read(program).await {
            Ok(info) => (self.report(&info, &shell).await, Some(info)),
            Err(why) => (
                vec![
                    Finding::info(format!("Docker daemon settings: not read ({why})")).beyond_az(),
                ],
                None,
            ),
        }
    }

    /// `docker info`'s JSON, or why it is not read.
    async fn read(&self, program: &Program) -> Result<DaemonInfo, String> {
        let env = &self.settings.env;
        // Podman's docker-compatible socket answers `docker info` with
        // podman's own version: an engine check would be meaningless.
        let podman_socket = socket_path(env)
            .is_some_and(|p| p.to_string_lossy().to_ascii_lowercase().contains("podman"));
        if is_podman(&program.path) || podman_socket {
            return Err("podman runs without a daemon to ask".into());
        }
        if let Some(why) = not_local(env) {
            return Err(why);
        }
        let out = process::run(program, INFO_ARGS, env, self.settings.timeout)
            .await
            .map_err(|e| format!("'docker info' could not start: {}", e.kind()))?;
        if out.timed_out {
            return Err(format!(
                "'docker info' did not answer within {}",
                humantime::format_duration(self.settings.timeout)
            ));
        }
        // Without a daemon, newer clients still print JSON (the client's
        // part): only a server version makes it the daemon's view.
        match serde_json::from_str::<DaemonInfo>(out.stdout.trim()) {
            Ok(info) if out.success() || info.server_version.is_some() => Ok(info),
            _ if !out.success() => Err(format!(
                "'docker info' failed: {}",
                shown(out.stderr.lines().next().unwrap_or("no message"), 160)
            )),
            _ => Err("'docker info' did not print the JSON expected".into()),
        }
    }

    /// The docker section's lines from the daemon's settings.
    async fn report(&self, info: &DaemonInfo, shell: &ProxySettings) -> Vec<Finding> {
        let env = &self.settings.env;
        let mut findings = Vec::new();
        let daemon = info.proxies();
        register_proxy_secrets(&self.secrets, &daemon);

        let version = info
            .server_version
            .as_deref()
            .map(|v| shown(v, 40))
            .unwrap_or_else(|| "unknown".into());
        let proxy_text = match (&daemon.https, &daemon.http) {
            (None, None) => "no proxy".to_owned(),
            (Some(p), _) => format!("HTTPS proxy {}", proxy_shown(p)),
            (None, Some(p)) => format!("HTTP proxy {} (none for HTTPS)", proxy_shown(p)),
        };
        let mut line = Finding::info(format!(
            "Docker daemon settings: engine {version}, {proxy_text}"
        ))
        .beyond_az();
        if let Some(n) = &daemon.no_proxy {
            line = line.detail(format!("daemon NoProxy: {}", shown(n, 300)));
        }
        findings.push(line);

        // The daemon pulls, not the shell: a proxy set only here is not used.
        match (&shell.https, &daemon.https) {
            (Some(s), None) => findings.push(
                Finding::warning(format!(
                    "This shell has HTTPS_PROXY={}, but the docker daemon has no proxy: docker pull connects directly (give the daemon its proxy in daemon.json \"proxies\" or a systemd drop-in, then restart it)",
                    proxy_shown(s)
                ))
                .beyond_az(),
            ),
            (None, Some(d)) => findings.push(
                Finding::info(format!(
                    "The docker daemon pulls through {}, which this shell does not use",
                    proxy_shown(d)
                ))
                .beyond_az(),
            ),
            (Some(s), Some(d)) if url_secrets::hide_password(s) != url_secrets::hide_password(d) => findings.push(
                Finding::info(format!(
                    "The docker daemon pulls through {}, this shell through {}",
                    proxy_shown(d),
                    proxy_shown(s)
                ))
                .beyond_az(),
            ),
            _ => {}
        }
        for p in daemon.proxies() {
            if let Some(f) = dead_local_proxy(p, "The docker daemon's").await {
                findings.push(f);
            }
        }

        if let Some(found) = info
            .server_version
            .as_deref()
            .and_then(crate::sys::version::find)
            && found.version < MIN_ENGINE
        {
            findings.push(
                Finding::warning(format!(
                    "Docker engine {version} is older than 18.03, the oldest the ACR FAQ recommends (TLS 1.2 to the registry); upgrade docker"
                ))
                .beyond_az(),
            );
            if found.version.major == 1 && found.version.minor == 13 {
                findings.extend(rhel_signature_check(env));
            }
        }
        findings
    }
}

/// Red Hat's docker 1.13 fork verifies image signatures unless the last
/// `OPTIONS=` line of /etc/sysconfig/docker turns it off: then pushes work
/// and pulls from ACR say "unauthorized".
fn rhel_signature_check(env: &Env) -> Option<Finding> {
    let path = env
        .get("ACR_HEALTH_SYSCONFIG_DOCKER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(SYSCONFIG_DOCKER));
    let text = read_limited_string(&path, 64 * 1024).ok()?;
    let last = text
        .lines()
        .rfind(|l| l.trim_start().starts_with("OPTIONS="));
    let shown = path.display();
    if last.is_some_and(|l| l.contains("--signature-verification=false")) {
        return Some(
            Finding::info(format!(
                "Red Hat's docker 1.13: {shown} sets --signature-verification=false"
            ))
            .beyond_az(),
        );
    }
    Some(
        Finding::warning(format!(
            "Red Hat's docker 1.13: the last OPTIONS line of {shown} lacks --signature-verification=false, so pulls from ACR fail with 'unauthorized' while pushes work; add it there and restart docker"
        ))
        .beyond_az(),
    )
}

/// A proxy on this machine (a loopback address or `localhost`) where
/// nothing accepts a connection. Only loopback addresses are ever probed.
pub async fn dead_local_proxy(raw: &str, whose: &str) -> Option<Finding> {
    let url = no_proxy::parse_proxy(raw)?;
    let port = url.port_or_known_default().or(match url.scheme() {
        "socks5" | "socks5h" => Some(1080),
        _ => None,
    })?;
    let addrs: Vec<IpAddr> = match url.host()? {
        url::Host::Domain(d) if d.eq_ignore_ascii_case("localhost") => {
            vec![Ipv4Addr::LOCALHOST.into(), Ipv6Addr::LOCALHOST.into()]
        }
        url::Host::Ipv4(ip) if ip.is_loopback() => vec![ip.into()],
        url::Host::Ipv6(ip) if ip.is_loopback() => vec![ip.into()],
        _ => return None,
    };
    for ip in addrs {
        let connect = tokio::net::TcpStream::connect(SocketAddr::new(ip, port));
        if let Ok(Ok(_)) = tokio::time::timeout(LISTENER_PROBE, connect).await {
            return None;
        }
    }
    Some(
        Finding::warning(format!(
            "{whose} proxy {} is on this machine, but nothing listens on port {port}: every pull through it fails (a debugging proxy left configured?)",
            proxy_shown(raw)
        ))
        .beyond_az(),
    )
}

/// Per registry: whether the daemon's proxy and insecure-registry settings
/// cover this login server (and its data endpoints, when ARM named them).
pub struct DaemonRouteProbe {
    /// The shell's proxy variables, which the route is compared with.
    pub env: Env,
}

impl Probe for DaemonRouteProbe {
    type Needs = (Handle<Resolved>, Handle<DaemonView>);
    type Output = ();
    fn run(&self, (resolved, view): (Arc<Resolved>, Arc<DaemonView>)) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let Some(info) = &view.info else {
                return Vec::new().into();
            };
            route_findings(&self.env, &resolved, info).into()
        })
    }
}

/// The data endpoints ARM lists for the registry (`dataEndpointHostNames`),
/// as host names: an entry may carry a port, as the simulator's do (like its
/// `loginServer`), and proxy rules match hosts.
fn data_endpoints(resolved: &Resolved) -> Vec<String> {
    resolved
        .arm
        .as_ref()
        .and_then(|a| a.properties.data_endpoint_host_names.as_ref())
        .map(|a| {
            a.iter()
                .filter_map(|h| crate::net::host_port::split(h).ok().map(|(host, _)| host))
                .filter(|h| !h.is_empty() && h.len() <= 253)
                .map(|h| h.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

fn route_findings(env: &Env, resolved: &Resolved, info: &DaemonInfo) -> Vec<Finding> {
    let ls = &resolved.login_server;
    let login = ls.display();
    let daemon = info.proxies();
    let shell = ProxySettings::from_env(env);
    let mut findings = Vec::new();
    let mut hosts = vec![(ls.host.clone(), ls.port_or_default())];
    hosts.extend(data_endpoints(resolved).into_iter().map(|h| (h, 443)));
    for (i, (host, port)) in hosts.iter().enumerate() {
        let via_daemon = daemon.for_https(host, *port);
        let via_shell = shell.for_https(host, *port);
        let route = |p: Option<&str>| match p {
            Some(p) => format!("through {}", proxy_shown(p)),
            None => "directly".to_owned(),
        };
        if i == 0 {
            findings.push(
                Finding::info(format!(
                    "Docker daemon route to {login}: {}",
                    route(via_daemon)
                ))
                .beyond_az(),
            );
        }
        let same = match (via_daemon, via_shell) {
            (None, None) => true,
            (Some(d), Some(s)) => url_secrets::hide_password(d) == url_secrets::hide_password(s),
            _ => false,
        };
        if !same {
            let why = match (via_daemon, via_shell) {
                (Some(_), None) if shell.https.is_some() => {
                    " (this shell's NO_PROXY covers it; the daemon's NoProxy does not)"
                }
                (None, Some(_)) if daemon.https.is_some() => {
                    " (the daemon's NoProxy covers it; this shell's NO_PROXY does not)"
                }
                _ => "",
            };
            findings.push(
                Finding::warning(format!(
                    "The docker daemon reaches {host} {}, but this shell (and acr-health) {}{why}: a check that passes here may still fail in docker pull",
                    route(via_daemon),
                    route(via_shell)
                ))
                .beyond_az(),
            );
        }
    }

    if let Some(rc) = &info.registry_config {
        let named_insecure = rc
            .index_configs
            .as_ref()
            .and_then(|ic| ic.get(&login))
            .is_some_and(|c| c.secure == Some(false));
        let ip = ls.host.parse::<IpAddr>().ok();
        let cidr = rc
            .insecure_cidrs
            .iter()
            .flatten()
            .filter(|c| !DEFAULT_INSECURE.contains(&c.as_str()))
            .find(|c| {
                let Some((net, bits)) = c.split_once('/') else {
                    return false;
                };
                match (ip, net.parse::<IpAddr>(), bits.parse::<u8>()) {
                    (Some(ip), Ok(net), Ok(bits)) => in_cidr(ip, net, bits),
                    _ => false,
                }
            });
        if named_insecure || cidr.is_some() {
            let entry = match cidr {
                Some(c) => format!("the range {}", shown(c, 60)),
                None => format!("'{login}'"),
            };
            findings.push(
                Finding::warning(format!(
                    "The docker daemon lists {entry} under insecure-registries: it may talk to {login} without verifying TLS, or over plain HTTP; ACR always serves TLS, so remove the entry from daemon.json"
                ))
                .beyond_az(),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::registry::context::LoginServer;

    fn resolved(host: &str) -> Resolved {
        LoginServer {
            host: host.into(),
            port: None,
            name: "r".into(),
            shown_host: None,
        }
        .into()
    }

    #[test]
    fn daemon_proxy_that_does_not_cover_the_login_server() {
        let info: DaemonInfo = serde_json::from_str(
            r#"{"HttpsProxy":"http://proxy.corp:3128","NoProxy":"localhost","ServerVersion":"27.0.1"}"#,
        )
        .unwrap();
        let mut env = Env::empty();
        env.set("HTTPS_PROXY", "http://proxy.corp:3128");
        env.set("NO_PROXY", ".azurecr.io");
        let f = route_findings(&env, &resolved("r.azurecr.io"), &info);
        assert_eq!(
            f[0].line,
            "Docker daemon route to r.azurecr.io: through http://proxy.corp:3128"
        );
        assert!(
            f[1].line.contains("this shell's NO_PROXY covers it"),
            "{}",
            f[1].line
        );
    }

    #[test]
    fn insecure_registries_name_the_login_server() {
        let info: DaemonInfo = serde_json::from_str(
            r#"{"RegistryConfig":{"IndexConfigs":{"r.azurecr.io":{"Secure":false},"docker.io":{"Secure":true}},"InsecureRegistryCIDRs":["127.0.0.0/8"]}}"#,
        )
        .unwrap();
        let f = route_findings(&Env::empty(), &resolved("r.azurecr.io"), &info);
        assert!(
            f.iter().any(|f| f.line.contains("insecure-registries")),
            "{f:?}"
        );
        // The default loopback range is not reported.
        let f = route_findings(&Env::empty(), &resolved("127.0.0.1"), &info);
        assert!(!f.iter().any(|f| f.line.contains("insecure")), "{f:?}");
    }

    #[test]
    fn only_a_local_unix_socket_is_read() {
        let mut env = Env::empty();
        assert_eq!(not_local(&env), None);
        env.set("DOCKER_HOST", "tcp://10.0.0.5:2376");
        assert!(not_local(&env).unwrap().contains("tcp"));
        env.set("DOCKER_HOST", "ssh://user:pw@host");
        assert!(!not_local(&env).unwrap().contains("pw"));
        env.set("DOCKER_HOST", "unix:///run/docker.sock");
        assert_eq!(not_local(&env), None);
        env.remove("DOCKER_HOST");
        env.set("DOCKER_CONTEXT", "remote");
        assert!(not_local(&env).unwrap().contains("remote"));
    }

    #[tokio::test]
    async fn a_local_proxy_with_no_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let live = listener.local_addr().unwrap().port();
        assert!(
            dead_local_proxy(&format!("http://127.0.0.1:{live}"), "x")
                .await
                .is_none()
        );
        drop(listener);
        let f = dead_local_proxy(&format!("127.0.0.1:{live}"), "x")
            .await
            .unwrap();
        assert!(f.line.contains("nothing listens"), "{}", f.line);
        // Never probed: a host elsewhere.
        assert!(
            dead_local_proxy("http://10.1.2.3:8888", "x")
                .await
                .is_none()
        );
    }
}
