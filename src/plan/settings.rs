//! Everything the plan is told about one invocation, built by `app` from
//! the command line: what to check, what to skip, and each layer's settings.

use std::sync::Arc;

use crate::azure::credential::source::CredentialSettings;
use crate::plan::profile::Profile;
use crate::probe::settings::{DockerSettings, RegistrySettings, RegistryTarget, ToolSettings};
use crate::sys::env::Env;

/// `--skip`: sections the user left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skip {
    pub docker: bool,
    pub helm: bool,
    pub notary: bool,
}

impl Skip {
    pub fn environment(&self) -> bool {
        self.docker && self.helm && self.notary
    }
}

pub struct PlanSettings {
    pub profile: Profile,
    /// Files of az's configuration that are there but could not be read:
    /// a warning each, first of all.
    pub unread: Vec<String>,
    /// Warnings about the command line, printed before every check (az's
    /// argument checks, in the az dialect).
    pub preamble: Vec<String>,
    /// `-n`, in the order given; empty when none was.
    pub registries: Vec<RegistryTarget>,
    pub skip: Skip,
    /// The run's environment snapshot (Cloud Shell, secret variables, proxies).
    pub env: Env,
    /// `--ca-cert` bundles, already read and checked.
    pub ca_pems: Vec<Vec<u8>>,
    pub tool: Arc<ToolSettings>,
    pub docker: Arc<DockerSettings>,
    pub registry: Arc<RegistrySettings>,
    pub credential: CredentialSettings,
    /// `--node`: the node checks' settings (never under az's profile).
    pub node: Option<Arc<crate::probe::node::settings::NodeSettings>>,
    /// Without `--node`, the node config found at the default place: the
    /// report suggests `--node` (our profile only).
    pub suggest_node: Option<std::path::PathBuf>,
}
