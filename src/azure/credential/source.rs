//! What every credential source shares: the credential a step receives,
//! the failure it reports, the context sources read (environment, HTTP,
//! cloud, az's files), the `TokenSource` trait, and how a token endpoint's
//! answer is read.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::azure::cloud::Cloud;
use crate::guard::secret::{Secret, SecretStore};
use crate::net::endpoint::{CredentialEndpoint, Endpoint, InsecureEndpoint};
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

/// Why no credential could be had, in words the report shows as they are,
/// and Entra ID's own refusal when a token endpoint answered with one.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct CredentialFailure {
    pub message: String,
    /// What Entra ID said, when it refused (az raises exactly this).
    pub refusal: Option<EntraRefusal>,
}

impl CredentialFailure {
    pub fn new(message: String) -> Self {
        CredentialFailure {
            message,
            refusal: None,
        }
    }
}

/// Entra ID refusing a token request with an OAuth error body: what MSAL
/// hands back to az, which raises it (azure-cli-core `auth/util.py`,
/// `check_result` and `aad_error_handler`). Only an answer below 500 whose
/// body is a JSON object with `error` is one: on a 5xx, a body that is not
/// JSON or no answer at all MSAL raises instead, and az crashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntraRefusal {
    /// `error`, e.g. `invalid_grant`.
    pub error: String,
    /// `error_description` as Entra wrote it: the AADSTS text, then its
    /// trace id, correlation id and timestamp. None when the body has none.
    pub description: Option<String>,
    /// `error_codes`.
    pub codes: Vec<u64>,
    /// Who was signing in: it decides az's re-authentication hint.
    pub sign_in: SignIn,
}

/// Who asked Entra ID for the token, as az's hint tells them apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// A user of the Azure CLI: az's MSAL call names the tenant and the scope
    /// (`UserCredential.acquire_token`), so its hint does too.
    User { tenant: String, scope: String },
    /// A service principal, workload or managed identity: az's hint is a
    /// bare `az login` (`ServicePrincipalCredential.acquire_token`).
    App,
}

impl EntraRefusal {
    /// The refusal in a token endpoint's answer, if it is one (see the type).
    fn read(status: u16, body: &serde_json::Value) -> Option<Self> {
        if status >= 500 {
            return None;
        }
        let error = body.get("error")?.as_str()?.to_owned();
        Some(EntraRefusal {
            error,
            description: body
                .get("error_description")
                .and_then(|d| d.as_str())
                .map(str::to_owned),
            codes: body
                .get("error_codes")
                .and_then(|c| c.as_array())
                .map(|c| c.iter().filter_map(serde_json::Value::as_u64).collect())
                .unwrap_or_default(),
            sign_in: SignIn::App,
        })
    }
}

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
            cloud,
            settings,
            az_files: OnceLock::new(),
            secrets,
        }
    }

    /// The Entra ID authority, when it may receive credentials (it is an
    /// https:// URL: `net::endpoint` decides); else why not, naming where it
    /// came from ([`refused`] makes it a source's failure).
    pub fn authority(&self) -> Result<&CredentialEndpoint, &InsecureEndpoint> {
        self.cloud.authority.as_ref()
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
    /// The endpoint this source sends its secret to, as checked by
    /// `net::endpoint` (None: it sends nothing anywhere). The chain asks
    /// before `fetch`, so a refused endpoint gets no request at all.
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint>;
    /// Gets a token for `resource` (an audience such as
    /// `https://containerregistry.azure.net`); `Ok` also describes the identity.
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>>;
}

/// An endpoint that may not receive a source's secret, as the failure the
/// source reports.
pub(crate) fn refused(e: &InsecureEndpoint) -> CredentialFailure {
    CredentialFailure::new(capitalised(&e.to_string()))
}

/// `the …` → `The …`: a refusal's sentence opening a failure.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
    // What support asks for, on one line (Entra writes each on its own).
    let ids: Vec<String> = [
        ("trace_id", "Trace ID"),
        ("correlation_id", "Correlation ID"),
        ("timestamp", "Timestamp"),
    ]
    .iter()
    .filter_map(|(k, label)| {
        text(k).map(|v| format!("{label}: {}", crate::guard::sanitize::shown(&v, 60)))
    })
    .collect();
    if !ids.is_empty() {
        msg.push_str(&format!(" ({})", ids.join(", ")));
    }
    CredentialFailure {
        message: msg,
        refusal: match (status, &v) {
            (Some(s), Some(v)) => EntraRefusal::read(s, v),
            _ => None,
        },
    }
}

/// A throttled answer's `Retry-After`, as a sentence for the failure (we
/// never wait and retry on our own: docs/behaviour.md §7).
pub(crate) fn retry_after(resp: &reqwest::Response) -> Option<String> {
    if resp.status() != reqwest::StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let v = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    let when = match v.trim().parse::<u64>() {
        Ok(secs) => humantime::format_duration(Duration::from_secs(secs)).to_string(),
        Err(_) => crate::guard::sanitize::shown(v, 60),
    };
    Some(format!(" It asked to retry after {when}."))
}

/// Reads a token response: `access_token` in JSON, within the size cap.
pub(crate) async fn read_token_response(
    source: &str,
    endpoint: &str,
    result: Result<reqwest::Response, reqwest::Error>,
) -> Result<Secret, CredentialFailure> {
    let resp = result.map_err(|e| {
        CredentialFailure::new(format!(
            "{source} failed at {endpoint}: {}.",
            crate::net::http::classify(&e)
        ))
    })?;
    let status = resp.status().as_u16();
    let retry = retry_after(&resp);
    let body = crate::net::http::read_capped(resp, crate::net::http::BODY_LIMIT)
        .await
        .map_err(|e| CredentialFailure::new(format!("{source} failed at {endpoint}: {e}.")))?;
    if status != 200 {
        let mut f = token_endpoint_failure(source, endpoint, Some(status), &body);
        f.message.push_str(retry.as_deref().unwrap_or_default());
        return Err(f);
    }
    let token = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(str::to_owned))
        .ok_or_else(|| {
            CredentialFailure::new(format!(
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
            f.message,
            "service principal failed at https://login.example/t/oauth2/v2.0/token: HTTP 401, AADSTS7000215 (invalid_client): AADSTS7000215: Invalid client secret provided."
        );
        let r = f.refusal.unwrap();
        assert_eq!(r.error, "invalid_client");
        assert_eq!(
            r.description.as_deref(),
            Some("AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x")
        );
        assert_eq!(r.sign_in, SignIn::App);
    }

    #[test]
    fn support_ids_are_kept_on_one_line_and_only_4xx_json_is_a_refusal() {
        let body = br#"{"error":"invalid_grant","error_description":"AADSTS50173: Revoked.\r\nTrace ID: t1\r\nCorrelation ID: c1\r\nTimestamp: 2026-01-02 03:04:05Z","error_codes":[50173],"timestamp":"2026-01-02 03:04:05Z","trace_id":"t1","correlation_id":"c1"}"#;
        let f = token_endpoint_failure("refresh token", "https://l/t/token", Some(400), body);
        assert!(
            f.message.ends_with(
                "AADSTS50173: Revoked. (Trace ID: t1, Correlation ID: c1, Timestamp: 2026-01-02 03:04:05Z)"
            ),
            "{}",
            f.message
        );
        assert_eq!(f.refusal.unwrap().codes, [50173]);
        // MSAL raises on a 5xx, and on a body that is not JSON: no refusal.
        assert!(
            token_endpoint_failure("s", "e", Some(500), body)
                .refusal
                .is_none()
        );
        assert!(
            token_endpoint_failure("s", "e", Some(429), b"Too Many Requests")
                .refusal
                .is_none()
        );
        assert!(
            token_endpoint_failure("s", "e", Some(400), br#"{"message":"x"}"#)
                .refusal
                .is_none()
        );
    }
}
