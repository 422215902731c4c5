//! A probe that reports a fixed line: the tool version, "no registry given",
//! the Cloud Shell warning. Keeps those lines in canonical order like any check.

use crate::finding::Finding;
use crate::pipeline::{BoxFuture, Probe};

pub struct Notice(pub Finding);

impl Notice {
    /// `acr-health version: X` (az prints its own version here).
    pub fn tool_version() -> Self {
        Notice(Finding::info(
            "tool.version",
            "acr-health version",
            format!("acr-health version: {}", env!("CARGO_PKG_VERSION")),
        ))
    }

    /// az's warning when `-n` is missing; the registry checks are not run.
    pub fn no_registry() -> Self {
        Notice(Finding::warning(
            "registry",
            "Registry",
            "Registry name must be provided to check connectivity.",
        ))
    }

    /// `--vnet` without `-n`: there is no registry whose endpoints to check.
    pub fn vnet_without_registry() -> Self {
        Notice(
            Finding::warning(
                "vnet",
                "Private endpoint DNS",
                "Registry name must be provided to verify DNS routings of its private endpoints.",
            )
            .beyond_az(),
        )
    }

    /// `--image` without `-n`: there is no registry to pull from.
    pub fn image_without_registry() -> Self {
        Notice(
            Finding::warning(
                "registry.data_path",
                "Data path",
                "--image needs a registry: give its name or login server with -n.",
            )
            .beyond_az(),
        )
    }

    /// In Azure Cloud Shell there is no docker daemon to check.
    pub fn cloud_shell() -> Self {
        Notice(Finding::warning(
            "environment",
            "Environment checks",
            "Environment checks are not supported in Azure Cloud Shell.",
        ))
    }
}

impl Probe for Notice {
    fn id(&self) -> String {
        self.0.check.clone()
    }
    fn title(&self) -> String {
        self.0.title.clone()
    }
    fn run(&self) -> BoxFuture<'_, Vec<Finding>> {
        Box::pin(async move { vec![self.0.clone()] })
    }
}
