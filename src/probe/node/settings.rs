//! What the node checks are told: the node's config, already read, and
//! where containerd's and the kubelet's files are.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::azure::node_config::NodeConfig;
use crate::probe::settings::Rules;
use crate::sys::env::Env;

/// containerd's configuration on a node.
pub const DEFAULT_CONTAINERD_CONFIG: &str = "/etc/containerd/config.toml";
/// The kubelet's image credential provider config, where AKS writes it
/// (the kubelet's `--image-credential-provider-config`).
pub const DEFAULT_CREDENTIAL_PROVIDER_CONFIG: &str =
    "/var/lib/kubelet/credential-provider-config.yaml";
/// The directory the kubelet runs credential providers from
/// (`--image-credential-provider-bin-dir`), where AKS puts them.
pub const DEFAULT_CREDENTIAL_PROVIDER_BIN_DIR: &str = "/var/lib/kubelet/credential-provider";
/// The containerd namespace `ctr` pulls into: not the kubelet's (`k8s.io`),
/// so the test pull never shows up among the node's images.
pub const CTR_NAMESPACE: &str = "acr-health";

/// A path, and whether the user named it (a missing default is normal; a
/// missing file that was named is a mistake).
#[derive(Clone, Debug)]
pub struct NodeFile {
    pub path: PathBuf,
    pub given: bool,
}

impl NodeFile {
    pub fn new(given: Option<&PathBuf>, default: &str) -> Self {
        NodeFile {
            path: given.cloned().unwrap_or_else(|| PathBuf::from(default)),
            given: given.is_some(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NodeSettings {
    pub config: Arc<NodeConfig>,
    pub containerd_config: NodeFile,
    pub credential_provider_config: NodeFile,
    pub credential_provider_bin_dir: NodeFile,
    pub env: Env,
    /// `--timeout`, for each request and child process.
    pub timeout: Duration,
    /// `--image`: what containerd pulls.
    pub image: Option<String>,
    /// `--repository`: whose pull permission the kubelet identity step asks
    /// for when there is no `--image`.
    pub repository: Option<String>,
    pub rules: Rules,
}

impl NodeSettings {
    /// The repository whose pull permission to check: `--image`'s, else
    /// `--repository`.
    pub fn pull_repository(&self) -> Option<String> {
        match &self.image {
            Some(image) => Some(repository_of(image)),
            None => self.repository.clone(),
        }
    }
}

/// `hello/world:tag` → `hello/world`; `repo@sha256:…` → `repo`.
pub fn repository_of(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    match no_digest.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo.to_owned(),
        _ => no_digest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn repositories() {
        assert_eq!(super::repository_of("hello:latest"), "hello");
        assert_eq!(super::repository_of("a/b@sha256:00"), "a/b");
        assert_eq!(super::repository_of("a/b"), "a/b");
    }
}
