//! `--node`: the kubelet's identity from the node's cloud-provider config
//! stands in for the whole chain (docs/kubernetes.md).
//!
//! A service principal signs in to the registry the way the kubelet's
//! credential provider has containerd do it: `aadClientId` and
//! `aadClientSecret` as the registry's username and password (the password
//! grant, no Entra ID). For any other audience (ARM), and for the diagnosis
//! when the registry refuses those credentials, it gets a client-credentials
//! token from the node cloud's authority. A managed identity gets its token
//! from IMDS (`client_id=` or `msi_res_id=`), only where IMDS is expected
//! (an Azure VM, or `--identity`), as the chain's own IMDS source.

use super::source::{Credential, CredentialFailure, Obtained, SourceContext, read_token_response};
use crate::azure::node_config::{KubeletIdentity, ManagedIdentityId, NodeConfig};
use crate::guard::secret::Secret;

/// The kubelet's credential for `resource`.
pub async fn obtain(
    ctx: &SourceContext,
    node: &NodeConfig,
    resource: &str,
) -> Result<Obtained, CredentialFailure> {
    let from = node.path.display();
    match &node.identity {
        KubeletIdentity::ServicePrincipal { client_id, secret } => {
            let source = format!("kubelet identity: service principal {client_id} (from {from})");
            if resource == ctx.settings.registry_audience() {
                return Ok(Obtained {
                    credential: Credential::Password {
                        username: client_id.clone(),
                        password: secret.clone(),
                    },
                    source,
                });
            }
            let token =
                client_credentials(ctx, &node.tenant_id, client_id, secret, resource).await?;
            Ok(aad(token, source))
        }
        KubeletIdentity::ManagedIdentity(id) => {
            let token = imds(ctx, id, resource).await?;
            let who = node.identity.describe();
            Ok(aad(token, format!("kubelet identity: {who} (from {from})")))
        }
    }
}

fn aad(token: Secret, source: String) -> Obtained {
    let tenant = crate::net::jwt::tenant(token.expose());
    Obtained {
        credential: Credential::AadToken { token, tenant },
        source,
    }
}

/// A client-credentials token for `resource` from the node cloud's authority.
pub async fn client_credentials(
    ctx: &SourceContext,
    tenant: &str,
    client_id: &str,
    secret: &Secret,
    resource: &str,
) -> Result<Secret, CredentialFailure> {
    // Only to an authority that may receive the secret (`net::endpoint`).
    let authority = ctx.authority().map_err(super::source::refused)?;
    let endpoint = authority.join(&[tenant, "oauth2", "v2.0", "token"]);
    let scope = format!("{}/.default", resource.trim_end_matches('/'));
    let client = ctx
        .http
        .client(None)
        .map_err(|e| CredentialFailure::new(format!("kubelet service principal: {e}")))?;
    tracing::debug!("POST {endpoint} (kubelet service principal)");
    let result = client
        .post(endpoint.clone())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", secret.expose()),
            ("scope", scope.as_str()),
        ])
        .send()
        .await;
    read_token_response("the kubelet's service principal", endpoint.as_str(), result).await
}

/// IMDS's token for the node's managed identity.
async fn imds(
    ctx: &SourceContext,
    id: &ManagedIdentityId,
    resource: &str,
) -> Result<Secret, CredentialFailure> {
    if !(ctx.settings.identity || super::managed_identity::looks_like_azure_vm(ctx)) {
        return Err(CredentialFailure::new(
            "The node config names a managed identity, which only IMDS on an Azure VM hands out, and this machine does not look like one; run on the node itself, or pass --identity to ask IMDS anyway.".into(),
        ));
    }
    // The one check every credential endpoint passes (net::endpoint).
    let base =
        super::managed_identity::imds_endpoint(ctx).map_err(|e| super::source::refused(&e))?;
    let endpoint = format!(
        "{}/metadata/identity/oauth2/token",
        base.as_str().trim_end_matches('/')
    );
    let client = ctx
        .http
        .client(None)
        .map_err(|e| CredentialFailure::new(format!("IMDS: {e}")))?;
    let mut query = vec![("api-version", "2018-02-01"), ("resource", resource)];
    match id {
        ManagedIdentityId::System => {}
        ManagedIdentityId::ClientId(c) => query.push(("client_id", c.as_str())),
        ManagedIdentityId::ResourceId(r) => query.push(("msi_res_id", r.as_str())),
    }
    tracing::debug!("GET {endpoint} (kubelet managed identity)");
    let result = client
        .get(&endpoint)
        .query(&query)
        .header("Metadata", "true")
        .send()
        .await;
    read_token_response("the kubelet's managed identity (IMDS)", &endpoint, result).await
}
