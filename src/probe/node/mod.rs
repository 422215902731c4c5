//! `--node`: the checks of a Kubernetes node, as its kubelet pulls
//! (docs/kubernetes.md): what the node's cloud-provider config says, the
//! kubelet's image credential provider, the kubelet identity's sign-in and
//! pull permission, containerd's registry hosts and a pull through `ctr`.
//! Planned only with `--node`, never under az's profile.

pub mod config;
pub mod containerd_config;
pub mod containerd_hosts;
pub mod containerd_pull;
pub mod credential_provider;
pub mod kubelet_identity;
pub mod settings;
