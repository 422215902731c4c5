//! The credential chain of docs/behaviour.md §6. Sources are tried in order; the first one
//! that is *configured* is used, and if it fails that failure is the answer
//! (falling through to the next source would hide a broken configuration).

pub mod az_files;
mod azure_cli;
mod entra;
mod managed_identity;

use std::sync::{Arc, OnceLock};

use crate::cloud::Cloud;
use crate::env::Env;
use crate::future::BoxFuture;
use crate::net::http::HttpSettings;
use crate::options::CheckOptions;
use crate::secret::{Secret, SecretStore};

/// The audience every registry token exchange expects.
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
#[derive(Clone, Debug)]
pub struct CredentialFailure(pub String);

/// Everything a source may need. Shared, built once per run.
pub struct SourceContext {
    pub env: Env,
    pub http: HttpSettings,
    pub authority_host: String,
    pub identity_flag: bool,
    pub cloud: Cloud,
    /// `--subscription`: picks the Azure CLI account (by id or name).
    pub subscription_flag: Option<String>,
    /// The Azure CLI's files, read at most once per run.
    az_files: OnceLock<Option<Arc<az_files::AzureCliFiles>>>,
    /// Where every secret a source reads or obtains is registered.
    pub secrets: Arc<SecretStore>,
}

impl SourceContext {
    pub fn new(
        env: Env,
        http: HttpSettings,
        cloud: Cloud,
        identity_flag: bool,
        subscription_flag: Option<String>,
        secrets: Arc<SecretStore>,
    ) -> Self {
        SourceContext {
            env,
            http,
            authority_host: cloud.authority_host.clone(),
            identity_flag,
            cloud,
            subscription_flag,
            az_files: OnceLock::new(),
            secrets,
        }
    }

    /// The Azure CLI's files, unless there is no config dir or reading them
    /// is turned off (`ACR_HEALTH_AZ_FILES=0`).
    pub fn az_files(&self) -> Option<&az_files::AzureCliFiles> {
        self.az_files
            .get_or_init(|| {
                if self.env.get("ACR_HEALTH_AZ_FILES") == Some("0") {
                    return None;
                }
                let dir = crate::cloud::azure_config_dir(&self.env)?;
                let files = az_files::AzureCliFiles::load(&dir, &self.env);
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

/// `ACR_HEALTH_AAD_TOKEN`: bring your own token.
struct OwnToken;

impl TokenSource for OwnToken {
    fn name(&self) -> &'static str {
        "ACR_HEALTH_AAD_TOKEN"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ctx.env.get("ACR_HEALTH_AAD_TOKEN").is_some()
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            if resource != ACR_RESOURCE {
                return Err(CredentialFailure(
                    "ACR_HEALTH_AAD_TOKEN holds a registry token; reading the registry from ARM needs a credential that can also get an ARM token.".into(),
                ));
            }
            let token = ctx.env.get("ACR_HEALTH_AAD_TOKEN").unwrap_or_default();
            Ok((
                Secret::new(token.trim()),
                "token from ACR_HEALTH_AAD_TOKEN".into(),
            ))
        })
    }
}

fn sources() -> Vec<Box<dyn TokenSource>> {
    vec![
        Box::new(OwnToken),
        Box::new(entra::ServicePrincipal),
        Box::new(entra::WorkloadIdentity),
        Box::new(managed_identity::AppService),
        Box::new(managed_identity::Imds),
        Box::new(azure_cli::AzureCli),
    ]
}

/// True when the chain will use the Azure CLI login: nothing on the command
/// line and no source before it configured. Decided without any request.
pub fn uses_azure_cli(opts: &CheckOptions, ctx: &SourceContext) -> bool {
    if opts.credentials.username.is_some() || opts.credentials.anonymous {
        return false;
    }
    sources()
        .iter()
        .find(|s| s.configured(ctx))
        .is_some_and(|s| s.name() == azure_cli::NAME)
}

/// The Azure CLI account's subscription for ARM, as az picks it: `--subscription`
/// by id or name, else the default; never a tenant-level login.
pub fn azure_cli_subscription(ctx: &SourceContext) -> Option<String> {
    let files = ctx.az_files()?;
    let accounts = files.profile.as_read()?;
    let account =
        azure_cli::select_account(accounts, &ctx.cloud.name, ctx.subscription_flag.as_deref())
            .ok()?;
    (!account.is_tenant_level()).then(|| account.id.clone())
}

/// Runs the chain for the registry audience.
pub async fn obtain(
    opts: &CheckOptions,
    ctx: Arc<SourceContext>,
) -> Result<Obtained, CredentialFailure> {
    obtain_for(opts, ctx, ACR_RESOURCE).await
}

/// Runs the chain for `resource`. Only Entra ID sources apply to other
/// audiences (ARM): `-u/-p` and `--anonymous` sign in to the registry only,
/// so with them ARM is read through the chain's Entra ID sources, when one
/// is configured (the settings checks need the registry object, e.g. whether
/// the admin user `-u` names is enabled).
///
/// The chain is one step, whatever it falls back through (the Azure CLI's
/// files, then `az` itself): all of it shares one `--timeout`. Each request
/// has that timeout too, so the chain's own bound gets a little more, and a
/// single slow request still reports in its own words.
pub async fn obtain_for(
    opts: &CheckOptions,
    ctx: Arc<SourceContext>,
    resource: &str,
) -> Result<Obtained, CredentialFailure> {
    let bound = opts.timeout + CHAIN_GRACE;
    match tokio::time::timeout(bound, chain(opts, ctx, resource)).await {
        Ok(result) => result,
        Err(_) => Err(CredentialFailure(format!(
            "The credential chain did not finish within {} (--timeout), trying source after source.",
            humantime::format_duration(opts.timeout)
        ))),
    }
}

/// How much longer than `--timeout` the whole chain may take (see `obtain_for`).
const CHAIN_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

async fn chain(
    opts: &CheckOptions,
    ctx: Arc<SourceContext>,
    resource: &str,
) -> Result<Obtained, CredentialFailure> {
    let registry_only = opts.credentials.username.is_some() || opts.credentials.anonymous;
    if resource != ACR_RESOURCE && registry_only {
        if !sources().iter().any(|s| s.configured(&ctx)) {
            return Err(CredentialFailure(
                "-u/-p and --anonymous sign in to the registry only; reading it from ARM needs an Entra ID credential, and none is configured.".into(),
            ));
        }
        return entra_sources(ctx, resource, vec![]).await;
    }
    if let (Some(user), Some(pw)) = (&opts.credentials.username, &opts.credentials.password) {
        return Ok(Obtained {
            credential: Credential::Password {
                username: user.clone(),
                password: pw.clone(),
            },
            source: format!("username and password (-u {user})"),
        });
    }
    if opts.credentials.anonymous {
        return Ok(Obtained {
            credential: Credential::Anonymous,
            source: "anonymous (--anonymous)".into(),
        });
    }
    entra_sources(ctx, resource, vec!["-u/-p"]).await
}

/// The chain's Entra ID sources, in order: the first configured one's token.
async fn entra_sources(
    ctx: Arc<SourceContext>,
    resource: &str,
    mut tried: Vec<&'static str>,
) -> Result<Obtained, CredentialFailure> {
    for source in sources() {
        if !source.configured(&ctx) {
            tried.push(source.name());
            continue;
        }
        let (token, who) = source.fetch(&ctx, resource).await?;
        if token.is_empty() {
            return Err(CredentialFailure(format!(
                "{} gave an empty token",
                source.name()
            )));
        }
        let tenant = crate::net::jwt::tenant(token.expose());
        return Ok(Obtained {
            credential: Credential::AadToken { token, tenant },
            source: who,
        });
    }
    Err(CredentialFailure(format!(
        "None is configured; tried: {}. Set one up, or pass --anonymous for a registry that allows anonymous pull.",
        tried.join(", ")
    )))
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
        msg.push_str(&format!(": {}", crate::net::http::printable(first, 200)));
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
            crate::net::http::classify(&e).describe()
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
