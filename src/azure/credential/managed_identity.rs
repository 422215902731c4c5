//! Managed identity: the App Service / Container Apps endpoint
//! (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), and IMDS — only with
//! `--identity` or on a machine that looks like an Azure VM, because a
//! request to 169.254.169.254 elsewhere just hangs until the timeout.

use super::source::{CredentialFailure, SourceContext, TokenSource, read_token_response};
use crate::guard::secret::Secret;
use crate::net::endpoint::{CredentialEndpoint, Endpoint, Origin};
use crate::sys::future::BoxFuture;

/// `IDENTITY_ENDPOINT`, checked: https, or http to this machine only.
fn app_service_endpoint(ctx: &SourceContext) -> Endpoint {
    CredentialEndpoint::managed_identity(
        ctx.env.get("IDENTITY_ENDPOINT").unwrap_or_default(),
        Origin::Variable("IDENTITY_ENDPOINT"),
    )
}

/// IMDS's base URL, checked (`ACR_HEALTH_IMDS_ENDPOINT` points it at the
/// simulator in tests).
pub(super) fn imds_endpoint(ctx: &SourceContext) -> Endpoint {
    match ctx.env.get("ACR_HEALTH_IMDS_ENDPOINT") {
        Some(raw) => {
            CredentialEndpoint::managed_identity(raw, Origin::Variable("ACR_HEALTH_IMDS_ENDPOINT"))
        }
        None => CredentialEndpoint::managed_identity(IMDS_DEFAULT, Origin::Default("IMDS")),
    }
}

pub struct AppService;

impl TokenSource for AppService {
    fn name(&self) -> &'static str {
        "managed identity (IDENTITY_ENDPOINT)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ctx.env.get("IDENTITY_ENDPOINT").is_some() && ctx.env.get("IDENTITY_HEADER").is_some()
    }
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint> {
        Some(app_service_endpoint(ctx))
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let endpoint = app_service_endpoint(ctx).map_err(|e| super::source::refused(&e))?;
            let endpoint = endpoint.url().as_str();
            let header = Secret::new(ctx.env.get("IDENTITY_HEADER").unwrap_or_default());
            let client = ctx
                .http
                .client(None)
                .map_err(|e| CredentialFailure::new(format!("managed identity: {e}")))?;
            let mut query = vec![("resource", resource), ("api-version", "2019-08-01")];
            let client_id = ctx.env.get("AZURE_CLIENT_ID");
            if let Some(id) = client_id {
                query.push(("client_id", id));
            }
            tracing::debug!("GET {endpoint} (managed identity)");
            let result = client
                .get(endpoint)
                .query(&query)
                .header("X-IDENTITY-HEADER", header.expose())
                .send()
                .await;
            let token = read_token_response("managed identity", endpoint, result).await?;
            let who = match client_id {
                Some(id) => format!("managed identity (user-assigned, client ID {id})"),
                None => "managed identity (IDENTITY_ENDPOINT)".into(),
            };
            Ok((token, who))
        })
    }
}

pub struct Imds;

const IMDS_DEFAULT: &str = "http://169.254.169.254";

/// Azure VMs carry this asset tag in their SMBIOS chassis data.
/// `ACR_HEALTH_AZURE_VM=0|1` overrides the guess (tests pin it, so a CI
/// runner that happens to be an Azure VM never sends a request to IMDS).
pub(super) fn looks_like_azure_vm(ctx: &SourceContext) -> bool {
    match ctx.env.get("ACR_HEALTH_AZURE_VM") {
        Some(v) => v == "1" || v.eq_ignore_ascii_case("true"),
        None => crate::sys::files::read_limited_string(
            std::path::Path::new("/sys/class/dmi/id/chassis_asset_tag"),
            crate::sys::files::SMALL_FILE_LIMIT,
        )
        .map(|t| t.trim() == "7783-7084-3265-9085")
        .unwrap_or(false),
    }
}

/// IMDS's base URL. Tests point it at loopback with
/// `ACR_HEALTH_IMDS_ENDPOINT`; nothing else should set it.
impl TokenSource for Imds {
    fn name(&self) -> &'static str {
        "managed identity (IMDS, with --identity or on an Azure VM)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ctx.settings.identity || looks_like_azure_vm(ctx)
    }
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint> {
        Some(imds_endpoint(ctx))
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            // Tests point this at loopback; nothing else should set it.
            let base = imds_endpoint(ctx).map_err(|e| super::source::refused(&e))?;
            let base = base.as_str();
            let endpoint = format!("{base}/metadata/identity/oauth2/token");
            let client = ctx
                .http
                .client(None)
                .map_err(|e| CredentialFailure::new(format!("IMDS: {e}")))?;
            let mut query = vec![("api-version", "2018-02-01"), ("resource", resource)];
            if let Some(id) = ctx.env.get("AZURE_CLIENT_ID") {
                query.push(("client_id", id));
            }
            tracing::debug!("GET {endpoint} (IMDS)");
            let result = client
                .get(&endpoint)
                .query(&query)
                .header("Metadata", "true")
                .send()
                .await;
            let token = read_token_response("managed identity (IMDS)", &endpoint, result).await?;
            Ok((token, "managed identity (IMDS)".into()))
        })
    }
}
