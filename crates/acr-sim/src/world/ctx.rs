//! `Ctx`: the state every simulated server reads, built once per `Sim`.

use crate::wire::echo::Echo;
use crate::wire::{jwt, log};
use crate::world::content;
use crate::world::ids::Ids;
use crate::world::scenario::Scenario;

/// State every simulated server reads.
pub(crate) struct Ctx {
    pub scenario: Scenario,
    pub anonymous_pull: bool,
    pub registry_name: String,
    pub registry_host: String,
    pub storage_host: String,
    /// The second region's data endpoint (`<name>.westus.data.azurecr.io`), listed by the
    /// geo-replication and data-endpoint scenarios; served by the same listener.
    pub replica_storage_host: String,
    /// The regional endpoints (`<name>.eastus.geo.azurecr.io`, then westus), served by the
    /// login server's listener; ARM lists them in `regional-endpoints`.
    pub regional_hosts: Vec<String>,
    pub login_port: u16,
    pub storage_port: u16,
    pub azure_port: u16,
    pub other_realm_port: u16,
    pub ids: Ids,
    pub signer: jwt::Signer,
    pub content: content::Content,
    pub log: log::RequestLog,
    /// Set by `Sim::set_echo`: which secret fragment the servers echo back.
    pub echo: std::sync::Mutex<Option<Echo>>,
}

impl Ctx {
    pub(crate) fn echo(&self) -> Option<Echo> {
        self.echo.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Ctx {
    pub(crate) fn login_server(&self) -> String {
        format!("{}:{}", self.registry_host, self.login_port)
    }
    /// `dual-stack`: DNS answers AAAA records (::1) beside the A records.
    pub(crate) fn dual_stack(&self) -> bool {
        self.scenario == Scenario::DualStack
    }
    pub(crate) fn admin_username(&self) -> &str {
        &self.registry_name
    }
    /// The admin user signs in, except in `admin-disabled`.
    pub(crate) fn admin_enabled(&self) -> bool {
        self.scenario != Scenario::AdminDisabled
    }
    /// Entra ID's base URL; also the prefix of every issuer and endpoint discovery names.
    pub(crate) fn authority_host(&self) -> String {
        format!("https://127.0.0.1:{}", self.azure_port)
    }
}
