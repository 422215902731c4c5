//! What the registry probes share: the login server, the DNS answer, the
//! HTTP session the challenge opened, the credential and the refresh token.
//! One `RegistryContext` per registry named with `-n`.

use std::net::IpAddr;
use std::sync::Arc;

use crate::cloud::Cloud;
use crate::credential::{CredentialFailure, Obtained, SourceContext};
use crate::net::dns::NameLookup;
use crate::net::http::HttpSettings;
use crate::options::{CheckOptions, RegistryTarget};
use crate::pipeline::Slot;
use crate::secret::Secret;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginServer {
    pub host: String,
    pub port: Option<u16>,
    /// The registry name, for messages (`az acr show --name …`).
    pub name: String,
}

impl LoginServer {
    /// `host` or `host:port`, as used in every report line.
    pub fn display(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(443)
    }

    pub fn base_url(&self) -> String {
        format!("https://{}", self.display())
    }
}

/// The connection the challenge opened, reused for the token requests.
pub struct Session {
    pub client: reqwest::Client,
    pub service: String,
}

pub struct RegistryContext {
    pub opts: Arc<CheckOptions>,
    pub target: RegistryTarget,
    pub cloud: Cloud,
    pub http: HttpSettings,
    pub dns: Arc<dyn NameLookup>,
    /// Appended to check ids when several registries are checked (`@host`).
    pub id_suffix: String,
    pub login_server: Arc<Slot<LoginServer>>,
    pub addresses: Arc<Slot<Vec<IpAddr>>>,
    pub session: Arc<Slot<Session>>,
    pub refresh_token: Arc<Slot<Secret>>,
    pub credential: Arc<SharedCredential>,
    /// The registry's ARM resource, when it was read (`--subscription`).
    pub arm_registry: Arc<Slot<serde_json::Value>>,
}

impl RegistryContext {
    pub fn id(&self, base: &str) -> String {
        format!("{base}{}", self.id_suffix)
    }

    /// The login server; probes run only after the login-server step passed.
    pub fn ls(&self) -> &LoginServer {
        self.login_server
            .get()
            .expect("the pipeline runs this probe after the login server step")
    }

    /// Every secret this run may hold, for scrubbing text we did not write.
    pub fn secrets(&self) -> Vec<Secret> {
        let mut out = Vec::new();
        if let Some(p) = &self.opts.credentials.password {
            out.push(p.clone());
        }
        if let Some(t) = self.refresh_token.get() {
            out.push(t.clone());
        }
        if let Some(Ok(o)) = self.credential.cell.get()
            && let crate::credential::Credential::AadToken { token, .. } = &o.credential
        {
            out.push(token.clone());
        }
        for key in [
            "AZURE_CLIENT_SECRET",
            "ACR_HEALTH_AAD_TOKEN",
            "IDENTITY_HEADER",
        ] {
            if let Some(v) = self.opts.env.get(key) {
                out.push(Secret::new(v));
            }
        }
        out
    }

    /// The subscription to read the registry from: `--subscription`, else
    /// `AZURE_SUBSCRIPTION_ID`. None means ARM is not used.
    pub fn subscription(&self) -> Option<&str> {
        self.opts
            .subscription
            .as_deref()
            .or_else(|| self.opts.env.get("AZURE_SUBSCRIPTION_ID"))
    }

    /// An ARM client signed in through the credential chain.
    pub async fn arm(&self) -> Result<crate::arm::Arm, String> {
        let obtained = self
            .credential
            .arm(&self.opts)
            .await
            .as_ref()
            .map_err(|e| format!("no ARM token: {}", e.0))?;
        let crate::credential::Credential::AadToken { token, .. } = &obtained.credential else {
            return Err("no ARM token: the credential signs in to the registry only".into());
        };
        crate::arm::Arm::new(&self.http, &self.cloud.arm_endpoint, token.clone())
    }

    pub fn scrub(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&Secret> = secrets.iter().collect();
        crate::secret::scrub(text, &refs)
    }
}

/// The credential chain runs once per run (and once more for an ARM token
/// when ARM is read), however many registries there are.
pub struct SharedCredential {
    pub cell: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub arm: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub sources: Arc<SourceContext>,
    pub arm_audience: String,
}

impl SharedCredential {
    pub async fn get(&self, opts: &CheckOptions) -> &Result<Obtained, CredentialFailure> {
        self.cell
            .get_or_init(|| crate::credential::obtain(opts, self.sources.clone()))
            .await
    }

    pub async fn arm(&self, opts: &CheckOptions) -> &Result<Obtained, CredentialFailure> {
        self.arm
            .get_or_init(|| {
                crate::credential::obtain_for(opts, self.sources.clone(), &self.arm_audience)
            })
            .await
    }
}
