//! Every check's stable id, as JSON, JUnit and the skipped lines name it: one
//! table, in print order. docs/json-schema.md lists the same table (a test
//! keeps the two in step). The engine stamps the id (and the title, unless a
//! finding names its own) on every finding a step reports, so probes do not
//! pass either by hand.

use std::fmt;

macro_rules! check_ids {
    ($($variant:ident => $id:literal, $title:literal, $what:literal;)+) => {
        /// One check, or one fixed line that stands in for a group of checks.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum CheckId { $($variant),+ }

        impl CheckId {
            pub const ALL: &'static [CheckId] = &[$(CheckId::$variant),+];

            /// `registry.dns`
            pub fn as_str(self) -> &'static str {
                match self { $(CheckId::$variant => $id),+ }
            }

            /// `DNS lookup`
            pub fn title(self) -> &'static str {
                match self { $(CheckId::$variant => $title),+ }
            }

            /// What the check looks at, for the docs table.
            pub fn what(self) -> &'static str {
                match self { $(CheckId::$variant => $what),+ }
            }
        }
    };
}

check_ids! {
    Configuration => "configuration", "Configuration", "A file of az's configuration (config, clouds.config) that is there but could not be read (a FIFO, a directory, too large), named with why; nothing waits on it.";
    Arguments => "arguments", "Arguments", "What az says about the command line before it runs anything (-o az): a --subscription its profile does not list, a login-server suffix cut from -n.";
    Environment => "environment", "Environment checks", "The one line that replaces the docker, helm and notary checks in Azure Cloud Shell.";
    Docker => "docker", "Docker checks", "Stands for the docker checks when they are skipped with --skip docker.";
    DockerCommand => "docker.command", "Docker command", "Which docker (or podman) client runs, never from the current directory.";
    DockerDaemon => "docker.daemon", "Docker daemon", "Whether the client reaches a daemon.";
    DockerVersion => "docker.version", "Docker version", "The client's (and daemon's) version.";
    DockerPull => "docker.pull", "Docker pull", "A test pull of a small public image.";
    DockerDaemonSettings => "docker.daemon_settings", "Docker daemon settings", "Beyond az: the daemon's proxy, engine version and known traps, from docker info (local unix socket only).";
    ToolVersion => "tool.version", "acr-health version", "The version of acr-health itself.";
    ConnectionVerification => "connection_verification", "Connection verification", "Whether TLS certificates are verified: not when AZURE_CLI_DISABLE_CONNECTION_VERIFICATION is set, as in az.";
    Node => "node", "Kubernetes node", "Without --node, on a machine with a node config: the line that suggests --node.";
    NodeConfig => "node.config", "Node config", "With --node: the kubelet's identity, tenant and cloud from the node's cloud-provider config (azure.json).";
    NodeCredentialProvider => "node.credential_provider", "Kubelet credential provider", "With --node: the kubelet's image credential provider config, its ACR provider's binary, and whether its matchImages cover the registry.";
    Registry => "registry", "Registry", "Stands for the registry checks when no registry was named.";
    RegistryLoginServer => "registry.login_server", "Login server", "The registry's login server: from the name and cloud, or read from ARM.";
    RegistryDns => "registry.dns", "DNS lookup", "The login server's addresses, CNAME chain and private-link hops.";
    RegistryChallenge => "registry.challenge", "Challenge endpoint", "GET /v2/ over TLS: the certificate, the 401 challenge, the clock.";
    RegistryNetworkAccess => "registry.network_access", "Network access", "From ARM: public network access, the network rules' default action, IP rules and the trusted-services bypass.";
    RegistrySettings => "registry.settings", "Registry settings", "From ARM: the SKU and Premium-only features, the admin user, anonymous pull, quarantine and content trust.";
    RegistryCredential => "registry.credential", "Credential", "Which credential source signed in, and why others did not.";
    NodeKubeletIdentity => "node.kubelet_identity", "Kubelet identity", "With --node: the kubelet's identity signs in to the registry as containerd does and may pull; when refused, whether Entra ID or the registry's roles say no.";
    RegistryRefreshToken => "registry.refresh_token", "Refresh token", "The Entra ID token traded for a registry refresh token.";
    RegistryAccessToken => "registry.access_token", "Access token", "An access token for the registry or the --repository actions.";
    RegistryDataPath => "registry.data_path", "Data path", "With --image: the manifest and a blob through the data endpoint; for a missing tag, the repository's tags.";
    NodeContainerdHosts => "node.containerd_hosts", "Containerd registry hosts", "With --node: the hosts containerd tries for the registry, in order, from its config_path hosts.toml; TLS settings, overrides, and whether each mirror answers.";
    NodeContainerdPull => "node.containerd_pull", "Containerd pull", "With --node and --image: a pull through containerd's ctr with the node's hosts directory and the kubelet's credentials.";
    RegistryReplications => "registry.replications", "Geo-replications", "From ARM: each replica's status and whether its region endpoint takes traffic.";
    RegistryDataEndpoints => "registry.data_endpoints", "Data endpoints", "From ARM: every dedicated data endpoint resolves and completes a TLS handshake.";
    RegistryRegionalEndpoints => "registry.regional_endpoints", "Regional endpoints", "Beyond az, from ARM (regionalEndpointHostNames): every regional endpoint resolves, completes a TLS handshake and answers the challenge for this registry.";
    RegistryDualStack => "registry.dual_stack", "Dual stack", "Beyond az, from ARM (endpointProtocol IPv4AndIPv6): the A and AAAA records of the registry's names, the family this client used, and whether IPv6 reaches the login server from here.";
    RegistryCmk => "registry.cmk", "CMK identity", "The identity a customer-managed key reaches its key vault with.";
    RegistryDockerLogin => "registry.docker_login", "Docker login", "Beyond az: the login docker (or podman) has stored for the login server, by docker's own lookup rules.";
    RegistryDockerRoute => "registry.docker_route", "Docker daemon route", "Beyond az: whether the daemon's proxy and insecure-registry settings cover the login server and data endpoints.";
    Vnet => "vnet", "Private endpoint DNS", "Stands for the --vnet checks when no registry was named.";
    VnetPrivateEndpoint => "vnet.private_endpoint", "Private endpoint DNS", "With --vnet: every name of the registry's private endpoints resolves to them.";
    Helm => "helm", "Helm checks", "Stands for the helm checks when they are skipped with --skip helm.";
    HelmCommand => "helm.command", "Helm command", "Whether a helm client is on PATH.";
    HelmVersion => "helm.version", "Helm version", "The helm client's version.";
    Notary => "notary", "Notary check", "Stands for the notary check when it is skipped with --skip notary.";
    NotaryVersion => "notary.version", "Notary version", "The notary client's version, when notary is installed.";
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a step is called in the report: its id, and with several registries
/// the `-n` value it belongs to (`registry.dns@myregistry`). The `-n` value,
/// not the login server: the plan is built before the login server is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepName {
    pub id: CheckId,
    pub registry: Option<String>,
}

impl From<CheckId> for StepName {
    fn from(id: CheckId) -> Self {
        StepName { id, registry: None }
    }
}

impl fmt::Display for StepName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.registry {
            Some(r) => write!(f, "{}@{r}", self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

/// The ids table of docs/json-schema.md, as it must read.
pub fn markdown_table() -> String {
    let mut out = String::from("| id | title | what it checks |\n|---|---|---|\n");
    for id in CheckId::ALL {
        out.push_str(&format!("| `{}` | {} | {} |\n", id, id.title(), id.what()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_schema_doc_lists_every_id() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json-schema.md"))
                .unwrap();
        assert!(
            doc.contains(&markdown_table()),
            "docs/json-schema.md's ids table is stale; it must contain:\n{}",
            markdown_table()
        );
    }

    #[test]
    fn ids_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for id in CheckId::ALL {
            assert!(seen.insert(id.as_str()), "{id} twice");
        }
    }

    #[test]
    fn fleet_names_carry_the_n_value() {
        let name = StepName {
            id: CheckId::RegistryDns,
            registry: Some("myregistry".into()),
        };
        assert_eq!(name.to_string(), "registry.dns@myregistry");
    }
}
