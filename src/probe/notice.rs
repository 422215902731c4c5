//! A probe that reports a fixed line: the tool version, "no registry given",
//! the Cloud Shell warning, a skipped group. Keeps those lines in canonical
//! order like any check.

use crate::engine::check_id::CheckId;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Plan, Probe, Report};

pub struct Notice {
    pub id: CheckId,
    pub finding: Finding,
}

impl Notice {
    fn new(id: CheckId, finding: Finding) -> Self {
        Notice { id, finding }
    }

    /// Adds the line to the plan at this point of the order.
    pub fn add_to(self, plan: &mut Plan) {
        plan.add(self.id, self, ());
    }

    /// A file of az's configuration that is there but could not be read;
    /// the sentence names the path and why.
    pub fn unread_file(line: &str) -> Self {
        Self::new(CheckId::Configuration, Finding::warning(line))
    }

    /// A warning az prints about its command line before anything runs.
    pub fn argument(line: &str) -> Self {
        Self::new(CheckId::Arguments, Finding::warning(line))
    }

    /// `acr-health version: X` (az prints its own version here).
    pub fn tool_version() -> Self {
        Self::new(
            CheckId::ToolVersion,
            Finding::info(format!("acr-health version: {}", env!("CARGO_PKG_VERSION"))),
        )
    }

    /// `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION` is set: az's warning
    /// (azure-cli-core `_debug.py`, as it creates its ARM client), or ours.
    pub fn verification_disabled(az: bool) -> Self {
        let line = if az {
            "Connection verification disabled by environment variable AZURE_CLI_DISABLE_CONNECTION_VERIFICATION".to_owned()
        } else {
            "TLS certificates are not verified: AZURE_CLI_DISABLE_CONNECTION_VERIFICATION is set, so a TLS-inspecting proxy or an impostor would go unnoticed and receive the Entra ID token. Unset it, and pass the proxy's root with --ca-cert instead".to_owned()
        };
        Self::new(CheckId::ConnectionVerification, Finding::warning(line))
    }

    /// az's warning when `-n` is missing; the registry checks are not run.
    pub fn no_registry() -> Self {
        Self::new(
            CheckId::Registry,
            Finding::warning("Registry name must be provided to check connectivity."),
        )
    }

    /// `--vnet` without `-n`: there is no registry whose endpoints to check.
    pub fn vnet_without_registry() -> Self {
        Self::new(
            CheckId::Vnet,
            Finding::warning(
                "Registry name must be provided to verify DNS routings of its private endpoints.",
            )
            .beyond_az(),
        )
    }

    /// `--vnet` without `-n`, as az has it: raised, the run ends here.
    pub fn vnet_without_registry_az() -> Self {
        Self::new(
            CheckId::Vnet,
            crate::probe::registry::private_endpoint::az_raised(
                crate::engine::catalog::az::VNET_NO_REGISTRY,
            ),
        )
    }

    /// `--image` without `-n`: there is no registry to pull from.
    pub fn image_without_registry() -> Self {
        Self::new(
            CheckId::RegistryDataPath,
            Finding::warning("--image needs a registry: give its name or login server with -n.")
                .beyond_az(),
        )
    }

    /// A Kubernetes node's config at the default place, without `--node`:
    /// node mode is never switched on by itself, so say it exists.
    pub fn suggest_node(path: &std::path::Path) -> Self {
        Self::new(
            CheckId::Node,
            Finding::info(format!(
                "This machine has a Kubernetes node config ({}): add --node to check pulls the way its kubelet makes them",
                path.display()
            ))
            .beyond_az(),
        )
    }

    /// In Azure Cloud Shell there is no docker daemon to check.
    pub fn cloud_shell() -> Self {
        Self::new(
            CheckId::Environment,
            Finding::warning("Environment checks are not supported in Azure Cloud Shell."),
        )
    }

    /// A group of checks left out with `--skip` (`docker`, `helm`, `notary`).
    pub fn skipped(id: CheckId, flag: &str) -> Self {
        Self::new(id, Finding::skipped(format!("skipped with --skip {flag}")))
    }
}

impl Probe for Notice {
    type Needs = ();
    type Output = ();
    fn run(&self, _: ()) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { vec![self.finding.clone()].into() })
    }
}
