//! Entra ID token requests: client credentials (service principal) and
//! workload identity (a federated token as client assertion).

use super::source::{CredentialFailure, SourceContext, TokenSource, read_token_response};
use crate::guard::secret::Secret;
use crate::net::endpoint::Endpoint;
use crate::sys::future::BoxFuture;

async fn request(
    ctx: &SourceContext,
    source: &str,
    tenant: &str,
    form: &[(&str, &str)],
) -> Result<Secret, CredentialFailure> {
    // Only to an authority that may receive the secret (`net::endpoint`).
    let authority = ctx.authority().map_err(super::source::refused)?;
    let endpoint = authority.join(&[tenant, "oauth2", "v2.0", "token"]);
    let client = ctx
        .http
        .client(None)
        .map_err(|e| CredentialFailure::new(format!("{source}: {e}")))?;
    tracing::debug!("POST {endpoint} ({source})");
    let result = client.post(endpoint.clone()).form(form).send().await;
    read_token_response(source, endpoint.as_str(), result).await
}

pub struct ServicePrincipal;

impl TokenSource for ServicePrincipal {
    fn name(&self) -> &'static str {
        "service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]
            .iter()
            .all(|k| ctx.env.get(k).is_some())
    }
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint> {
        Some(ctx.cloud.authority.clone())
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let scope = format!("{resource}/.default");
            let tenant = ctx.env.get("AZURE_TENANT_ID").unwrap_or_default();
            let client_id = ctx.env.get("AZURE_CLIENT_ID").unwrap_or_default();
            let secret = Secret::new(ctx.env.get("AZURE_CLIENT_SECRET").unwrap_or_default());
            let token = request(
                ctx,
                "service principal",
                tenant,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    ("client_secret", secret.expose()),
                    ("scope", scope.as_str()),
                ],
            )
            .await?;
            Ok((
                token,
                format!("service principal (AZURE_CLIENT_ID={client_id})"),
            ))
        })
    }
}

pub struct WorkloadIdentity;

impl TokenSource for WorkloadIdentity {
    fn name(&self) -> &'static str {
        "workload identity (AZURE_FEDERATED_TOKEN_FILE)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        ctx.env.get("AZURE_FEDERATED_TOKEN_FILE").is_some()
    }
    fn endpoint(&self, ctx: &SourceContext) -> Option<Endpoint> {
        Some(ctx.cloud.authority.clone())
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let scope = format!("{resource}/.default");
            let file = ctx
                .env
                .get("AZURE_FEDERATED_TOKEN_FILE")
                .unwrap_or_default();
            let (Some(tenant), Some(client_id)) = (
                ctx.env.get("AZURE_TENANT_ID"),
                ctx.env.get("AZURE_CLIENT_ID"),
            ) else {
                return Err(CredentialFailure::new(
                    "workload identity: AZURE_FEDERATED_TOKEN_FILE is set but AZURE_TENANT_ID or AZURE_CLIENT_ID is missing.".into(),
                ));
            };
            let assertion = crate::sys::files::read_limited_string(
                std::path::Path::new(file),
                crate::sys::files::SMALL_FILE_LIMIT,
            )
            .map_err(|e| {
                CredentialFailure::new(format!(
                    "workload identity: cannot read AZURE_FEDERATED_TOKEN_FILE '{file}': {e}."
                ))
            })?;
            let assertion = Secret::new(assertion.trim());
            ctx.secrets.register(&assertion);
            let token = request(
                ctx,
                "workload identity",
                tenant,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion.expose()),
                    ("scope", scope.as_str()),
                ],
            )
            .await?;
            Ok((
                token,
                format!("workload identity (AZURE_CLIENT_ID={client_id})"),
            ))
        })
    }
}
