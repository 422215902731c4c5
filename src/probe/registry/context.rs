//! What the registry probes share: the login server, the DNS answer, the
//! HTTP session the challenge opened, the credential and the refresh token.
//! One `RegistryContext` per registry named with `-n`.

use std::sync::Arc;

use crate::azure::cloud::Cloud;
use crate::azure::credential::source::{CredentialFailure, Obtained, SourceContext};
use crate::engine::check_id::{CheckId, StepName};
use crate::guard::secret::{Secret, SecretStore};
use crate::net::dns::NameLookup;
use crate::net::http::HttpSettings;
use crate::probe::settings::{RegistrySettings, RegistryTarget};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginServer {
    /// In lower case: what is resolved, connected to and compared.
    pub host: String,
    pub port: Option<u16>,
    /// The registry name, for messages (`az acr show --name …`).
    pub name: String,
    /// The host as the report shows it, when that differs from `host` in
    /// case: a name typed with capitals and not listed by ARM keeps them in
    /// az's lines (`MyReg.azurecr.io`).
    pub shown_host: Option<String>,
}

impl LoginServer {
    /// `host` or `host:port`, as used in every report line.
    pub fn display(&self) -> String {
        let host = self.shown_host.as_deref().unwrap_or(&self.host);
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        }
    }

    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(443)
    }

    pub fn base_url(&self) -> String {
        format!("https://{}", self.display())
    }
}

/// What the login-server step hands on: the login server and, when the
/// registry was read from ARM, its ARM object (the CMK and `--vnet` checks
/// read it; both declare the login-server step).
pub struct Resolved {
    pub login_server: LoginServer,
    pub arm: Option<serde_json::Value>,
}

impl From<LoginServer> for Resolved {
    fn from(login_server: LoginServer) -> Self {
        Resolved {
            login_server,
            arm: None,
        }
    }
}

/// How the token requests sign in, as the refresh-token step settled it.
pub enum Grant {
    /// The registry refresh token the exchange returned (Entra ID login).
    RefreshToken(Secret),
    /// `-u/-p`: the password grant, no exchange.
    Password {
        username: String,
        password: Secret,
    },
    Anonymous,
}

/// The connection the challenge opened, reused for the token requests.
pub struct Session {
    pub client: reqwest::Client,
    pub service: String,
}

pub struct RegistryContext {
    pub settings: Arc<RegistrySettings>,
    pub target: RegistryTarget,
    pub cloud: Cloud,
    pub http: HttpSettings,
    pub dns: Arc<dyn NameLookup>,
    /// The `-n` value when several registries are checked: their steps are
    /// named `registry.dns@<it>`.
    pub fleet_name: Option<String>,
    pub credential: Arc<SharedCredential>,
}

impl RegistryContext {
    /// The name of this registry's step `id`.
    pub fn step(&self, id: CheckId) -> StepName {
        StepName {
            id,
            registry: self.fleet_name.clone(),
        }
    }

    /// The subscription to read the registry from. None means ARM is not used.
    pub fn subscription(&self) -> Option<&ArmSubscription> {
        self.credential.subscription()
    }

    /// An ARM client signed in through the credential chain.
    pub async fn arm(&self) -> Result<crate::azure::arm::Arm, String> {
        let obtained = self
            .credential
            .arm()
            .await
            .as_ref()
            .map_err(|e| format!("no ARM token: {}", e.0))?;
        let crate::azure::credential::source::Credential::AadToken { token, .. } =
            &obtained.credential
        else {
            return Err("no ARM token: the credential signs in to the registry only".into());
        };
        crate::azure::arm::Arm::new(&self.http, &self.cloud.arm_endpoint, token.clone())
    }

    /// `text` with every secret of the run taken out (text we did not write).
    pub fn scrub(&self, text: &str) -> String {
        self.secrets().scrub(text)
    }

    /// The run's secret store (the credential chain's).
    pub fn secrets(&self) -> &SecretStore {
        &self.credential.sources.secrets
    }
}

/// Where ARM reads the registry, and why that subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmSubscription {
    pub id: String,
    /// `--subscription`, `AZURE_SUBSCRIPTION_ID` or `the Azure CLI's default subscription`.
    pub from: &'static str,
}

/// As az picks it: `--subscription` (a name is turned into its id through
/// az's profile), else `AZURE_SUBSCRIPTION_ID`, else, only when the Azure CLI
/// login is the credential in use, az's default subscription.
fn pick_subscription(sources: &SourceContext) -> Option<ArmSubscription> {
    if let Some(flag) = &sources.settings.subscription {
        let id = sources
            .az_files()
            .and_then(|f| f.profile.as_read())
            .and_then(|accounts| {
                accounts.iter().find(|a| {
                    !a.is_tenant_level()
                        && a.environment_name.eq_ignore_ascii_case(&sources.cloud.name)
                        && (a.id.eq_ignore_ascii_case(flag) || a.name.eq_ignore_ascii_case(flag))
                })
            })
            .map(|a| a.id.clone())
            .unwrap_or_else(|| flag.clone());
        return Some(ArmSubscription {
            id,
            from: "--subscription",
        });
    }
    if let Some(id) = sources.env.get("AZURE_SUBSCRIPTION_ID") {
        return Some(ArmSubscription {
            id: id.to_owned(),
            from: "AZURE_SUBSCRIPTION_ID",
        });
    }
    if crate::azure::credential::chain::uses_azure_cli(sources) {
        return crate::azure::credential::chain::azure_cli_subscription(sources).map(|id| {
            ArmSubscription {
                id,
                from: "the Azure CLI's default subscription",
            }
        });
    }
    None
}

/// The credential chain runs once per run (and once more for an ARM token
/// when ARM is read), however many registries there are.
pub struct SharedCredential {
    pub cell: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub arm: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub sources: Arc<SourceContext>,
    pub arm_audience: String,
    pub subscription: std::sync::OnceLock<Option<ArmSubscription>>,
}

impl SharedCredential {
    pub fn subscription(&self) -> Option<&ArmSubscription> {
        self.subscription
            .get_or_init(|| pick_subscription(&self.sources))
            .as_ref()
    }

    pub async fn get(&self) -> &Result<Obtained, CredentialFailure> {
        let obtained = self
            .cell
            .get_or_init(|| crate::azure::credential::chain::obtain(self.sources.clone()))
            .await;
        self.register(obtained);
        obtained
    }

    pub async fn arm(&self) -> &Result<Obtained, CredentialFailure> {
        let obtained = self
            .arm
            .get_or_init(|| {
                crate::azure::credential::chain::obtain_for(
                    self.sources.clone(),
                    &self.arm_audience,
                )
            })
            .await;
        self.register(obtained);
        obtained
    }

    fn register(&self, obtained: &Result<Obtained, CredentialFailure>) {
        if let Ok(o) = obtained {
            match &o.credential {
                crate::azure::credential::source::Credential::AadToken { token, .. } => {
                    self.sources.secrets.register(token)
                }
                crate::azure::credential::source::Credential::Password { password, .. } => {
                    self.sources.secrets.register(password)
                }
                crate::azure::credential::source::Credential::Anonymous => {}
            }
        }
    }
}
