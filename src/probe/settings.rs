//! What the checks are told from above: typed settings that `app` builds
//! from the command line, and the one switch the compatibility profile
//! passes down. No check sees clap, the output format or the whole option
//! set; each takes the part it reads.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::sys::env::Env;

/// Whose rules a check follows where az 2.91's differ from ours: how a
/// command is quoted, which output of a child counts as its failure, which
/// arguments ask for a version. The plan picks it from the run's profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rules {
    /// Ours: the cause named precisely, a pasteable command.
    #[default]
    Own,
    /// az 2.91's, line for line (`-o az`).
    Az,
}

impl Rules {
    pub fn az(self) -> bool {
        self == Rules::Az
    }
}

/// What every check that runs a local program (docker, helm, notary) reads.
#[derive(Clone, Debug, Default)]
pub struct ToolSettings {
    pub env: Env,
    /// `--timeout`, for each child process.
    pub timeout: Duration,
    pub rules: Rules,
}

/// The docker section's settings.
#[derive(Clone, Debug, Default)]
pub struct DockerSettings {
    pub tool: ToolSettings,
    /// `-y`: pull the test image without asking.
    pub yes: bool,
    /// The test image: `--pull-image`, else the cloud's hello-world.
    pub pull_image: String,
    /// `--docker-login`: the docker credential helper may run (`list` only).
    pub run_helper: bool,
}

/// What the registry checks read, the same for every registry of the run.
#[derive(Clone, Debug, Default)]
pub struct RegistrySettings {
    pub env: Env,
    /// `--timeout`, for each request.
    pub timeout: Duration,
    /// `--dns-server`, when given: the checks name it as the resolver.
    pub dns_server: Option<SocketAddr>,
    /// `--resolve HOST:IP` pins, host names in lower case.
    pub resolve: Vec<(String, IpAddr)>,
    /// `--repository`, and the `--actions` asked for in it.
    pub repository: Option<String>,
    pub actions: Vec<String>,
    /// `--image`: the data path is checked for it.
    pub image: Option<String>,
    /// `--resource-group`: where ARM is asked for the registry first.
    pub resource_group: Option<String>,
    /// `--vnet`: the private endpoint's network.
    pub vnet: Option<String>,
    /// Whose rules the registry checks follow (az's for `-o az`).
    pub rules: Rules,
}

impl RegistrySettings {
    /// The `--resolve` pin for `host`, if any.
    pub fn pinned(&self, host: &str) -> Option<IpAddr> {
        self.resolve
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(host))
            .map(|(_, ip)| *ip)
    }
}

/// What the user named with `-n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistryTarget {
    /// A registry name (`myregistry`); the login server comes from the cloud.
    Name(String),
    /// A login server given as is (`myregistry.azurecr.io`, `localhost:5000`).
    LoginServer {
        host: String,
        port: Option<u16>,
        /// True when the user typed capitals (docker needs lower case).
        had_capitals: bool,
    },
}

/// As the user named it: the registry name, or `host` / `host:port`.
impl fmt::Display for RegistryTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryTarget::Name(n) => f.write_str(n),
            RegistryTarget::LoginServer {
                host,
                port: Some(p),
                ..
            } => write!(f, "{host}:{p}"),
            RegistryTarget::LoginServer { host, .. } => f.write_str(host),
        }
    }
}
