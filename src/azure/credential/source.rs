//! What every credential source shares: the credential a step receives,
//! the failure it reports, the context sources read (environment, HTTP,
//! cloud, az's files), the `TokenSource` trait, and how a token endpoint's
//! answer is read.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::azure::cloud::Cloud;
use crate::guard::secret::{Secret, SecretStore};
use crate::net::http::HttpSettings;
use crate::sys::env::Env;
use crate::sys::future::BoxFuture;

/// The audience a registry token exchange expects, unless az's
/// configuration names another (`acr.audience_resource`).
pub const ACR_RESOURCE: &str = "https://containerregistry.azure.net";

/// What the login steps will use.
#[derive(Clone, Debug)]
pub enum Credential {
    /// `-u/-p`: admin user or repository-scoped token, password grant, no exchange.
    Password { username: String, password: Secret },
    /// An Entra ID access token for the registry audience.
    AadToken {
        token: Secret,
        tenant: Option<String>,
    },
    /// `--anonymous`: no credential at all.
    Anonymous,
}

/// A credential and the source that produced it, for the report.
#[derive(Clone, Debug)]
pub struct Obtained {
    pub credential: Credential,
    /// e.g. `service principal (AZURE_CLIENT_ID=…)`.
    pub source: String,
}

/// Why no credential could be had, in words the report shows as they are.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{0}")]
pub struct CredentialFailure(pub String);

/// What the command line says about signing in, as `app` hands it down.
#[derive(Clone, Debug, Default)]
pub struct CredentialSettings {
    /// `-u`: with `password`, the registry's password grant (no Entra ID).
    pub username: Option<String>,
    /// `-p` or `--password-stdin`.
    pub password: Option<Secret>,
    /// `--anonymous`: no credential at all.
    pub anonymous: bool,
    /// `--identity`: the managed identity even where it cannot be detected.
    pub identity: bool,
    /// `--subscription`: picks the Azure CLI account (by id or name).
    pub subscription: Option<String>,
    /// az's configured default for `--subscription` (`defaults.subscription`),
    /// taken when the flag is not given, as typed (az does not resolve it
    /// until it is used).
    pub default_subscription: Option<String>,
    /// `--timeout`: the whole chain shares it.
    pub timeout: Duration,
    /// The audience of the Entra ID token traded at the registry, when az's
    /// configuration names one (`acr.audience_resource`); else `ACR_RESOURCE`.
    pub registry_audience: Option<String>,
    /// `--node`: the kubelet's identity from the node's cloud-provider
    /// config, in place of every other source.
    pub node: Option<std::sync::Arc<crate::azure::node_config::NodeConfig>>,
}

impl CredentialSettings {
    /// The subscription asked for, and where it was asked: `--subscription`,
    /// else az's `defaults.subscription`.
    pub fn wanted_subscription(&self) -> Option<(&str, &'static str)> {
        match (&self.subscription, &self.default_subscription) {
            (Some(s), _) => Some((s, "--subscription")),
            (None, Some(d)) => Some((d, "az's defaults.subscription")),
            (None, None) => None,
        }
    }

    /// The audience the registry's token is asked for.
    pub fn registry_audience(&self) -> &str {
        self.registry_audience.as_deref().unwrap_or(ACR_RESOURCE)
    }

    /// `-u/-p` or `--anonymous`: the registry is signed in to without Entra ID.
    pub fn registry_only(&self) -> bool {
        self.username.is_some() || self.anonymous
    }
}

/// Everything a source may need. Shared, built once per run.
pub struct SourceContext {
    pub env: Env,
    pub http: HttpSettings,
    pub authority_host: String,
    pub cloud: Cloud,
    pub settings: CredentialSettings,
    /// The Azure CLI's files, read at most once per run.
    az_files: OnceLock<Option<Arc<crate::azure::az_files::AzureCliFiles>>>,
    /// Where every secret a source reads or obtains is registered.
    pub secrets: Arc<SecretStore>,
}

impl SourceContext {
    pub fn new(
        env: Env,
        http: HttpSettings,
        cloud: Cloud,
        settings: CredentialSettings,
        secrets: Arc<SecretStore>,
    ) -> Self {
        SourceContext {
            env,
            http,
            authority_host: cloud.authority_host.clone(),
            cloud,
            settings,
            az_files: OnceLock::new(),
            secrets,
        }
    }

    /// The Azure CLI's files, unless there is no config dir or reading them
    /// is turned off (`ACR_HEALTH_AZ_FILES=0`).
    pub fn az_files(&self) -> Option<&crate::azure::az_files::AzureCliFiles> {
        self.az_files
            .get_or_init(|| {
                if self.env.get("ACR_HEALTH_AZ_FILES") == Some("0") {
                    return None;
                }
                let dir = crate::azure::az_config::azure_config_dir(&self.env)?;
                let files = crate::azure::az_files::AzureCliFiles::load(&dir, &self.env);
                self.secrets.register_all(&files.secrets());
                Some(Arc::new(files))
            })
            .as_deref()
    }
}

pub trait TokenSource: Send + Sync {
    /// Short name for the "tried" list: `service principal`.
    fn name(&self) -> &'static str;
    /// True when the environment asks for this source.
    fn configured(&self, ctx: &SourceContext) -> bool;
    /// Gets a token for `resource` (an audience such as
    /// `https://containerregistry.azure.net`); `Ok` also describes the identity.
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>>;
}

/// Describes a failed token request the way a support engineer needs it:
/// source, endpoint, HTTP status and the AADSTS code when there is one.
pub(crate) fn token_endpoint_failure(
    source: &str,
    endpoint: &str,
    status: Option<u16>,
    body: &[u8],
) -> CredentialFailure {
    let v: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let text = |k: &str| {
        v.as_ref()
            .and_then(|v| v.get(k))
            .and_then(|x| x.as_str())
            .map(str::to_owned)
    };
    let aadsts = text("error_description").and_then(|d| {
        d.split(|c: char| !c.is_ascii_alphanumeric())
            .find(|w| w.starts_with("AADSTS"))
            .map(str::to_owned)
    });
    let mut msg = format!("{source} failed at {endpoint}");
    match status {
        Some(s) => msg.push_str(&format!(": HTTP {s}")),
        None => msg.push_str(": no HTTP answer"),
    }
    if let Some(code) = aadsts {
        msg.push_str(&format!(", {code}"));
    }
    if let Some(e) = text("error") {
        msg.push_str(&format!(" ({e})"));
    }
    if let Some(d) = text("error_description").or_else(|| text("message")) {
        let first = d.lines().next().unwrap_or_default();
        msg.push_str(&format!(": {}", crate::guard::sanitize::shown(first, 200)));
    }
    if !msg.ends_with('.') {
        msg.push('.');
    }
    CredentialFailure(msg)
}

/// Reads a token response: `access_token` in JSON, within the size cap.
pub(crate) async fn read_token_response(
    source: &str,
    endpoint: &str,
    result: Result<reqwest::Response, reqwest::Error>,
) -> Result<Secret, CredentialFailure> {
    let resp = result.map_err(|e| {
        CredentialFailure(format!(
            "{source} failed at {endpoint}: {}.",
            crate::net::http::classify(&e)
        ))
    })?;
    let status = resp.status().as_u16();
    let body = crate::net::http::read_capped(resp, crate::net::http::BODY_LIMIT)
        .await
        .map_err(|e| CredentialFailure(format!("{source} failed at {endpoint}: {e}.")))?;
    if status != 200 {
        return Err(token_endpoint_failure(
            source,
            endpoint,
            Some(status),
            &body,
        ));
    }
    let token = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(str::to_owned))
        .ok_or_else(|| {
            CredentialFailure(format!(
                "{source} failed at {endpoint}: HTTP 200 but no access_token in the answer."
            ))
        })?;
    Ok(Secret::new(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aadsts_code_is_named() {
        let body = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x"}"#;
        let f = token_endpoint_failure(
            "service principal",
            "https://login.example/t/oauth2/v2.0/token",
            Some(401),
            body,
        );
        assert_eq!(
            f.0,
            "service principal failed at https://login.example/t/oauth2/v2.0/token: HTTP 401, AADSTS7000215 (invalid_client): AADSTS7000215: Invalid client secret provided."
        );
    }
}
