//! The metadata MSAL reads before it asks Entra ID for a token: OpenID Connect discovery for a
//! tenant (with `instance_discovery=False` that is the only authority validation it does), and
//! the user-realm look-up that tells a managed account from a federated one. Every endpoint
//! they name is on the simulator, so MSAL is never sent off loopback.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::services::entra_reply::{entra_error, json_status};
use crate::world::ctx::Ctx;

/// Tenant path segments that stand for "whichever tenant the user belongs to".
pub(crate) fn is_multi_tenant_alias(tenant: &str) -> bool {
    ["organizations", "common"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(tenant))
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`
pub(crate) fn openid_configuration(ctx: &Ctx, tenant: &str) -> Response {
    let known = tenant.eq_ignore_ascii_case(ctx.ids.tenant_id)
        || tenant.eq_ignore_ascii_case(ctx.ids.tenant_domain)
        || is_multi_tenant_alias(tenant);
    if !known {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_tenant",
            90002,
            &format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            ),
        );
    }
    let base = format!("{}/{tenant}", ctx.authority_host());
    // Like Entra: a named tenant's issuer carries its id, the aliases a placeholder.
    let issuer_tenant = if is_multi_tenant_alias(tenant) {
        "{tenantid}"
    } else {
        ctx.ids.tenant_id
    };
    json_status(
        StatusCode::OK,
        json!({
            "token_endpoint": format!("{base}/oauth2/v2.0/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": format!("{base}/discovery/v2.0/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": format!("{}/{issuer_tenant}/v2.0", ctx.authority_host()),
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": format!("{base}/openid/userinfo"),
            "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": format!("{base}/oauth2/v2.0/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": format!("{base}/oauth2/v2.0/logout"),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "name", "tid", "ver", "oid"],
            "kerberos_endpoint": format!("{base}/kerberos"),
            "tenant_region_scope": "NA",
            "cloud_instance_name": "acr-sim.invalid",
            "cloud_graph_host_name": "graph.acr-sim.invalid",
            "msgraph_host": "graph.acr-sim.invalid",
            "rbac_url": "https://pas.acr-sim.invalid",
        }),
    )
}

/// `GET /common/userrealm/{username}?api-version=1.0`: the simulated tenant's users are
/// cloud-only (Managed), so MSAL goes on with the plain password grant.
pub(crate) fn user_realm(ctx: &Ctx, username: &str) -> Response {
    // The name arrives as a path segment, `@` possibly percent-encoded.
    let username: String = form_urlencoded::parse(format!("u={username}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let domain = username.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    let ours = domain.eq_ignore_ascii_case(ctx.ids.tenant_domain);
    json_status(
        StatusCode::OK,
        json!({
            "ver": "1.0",
            "account_type": if ours { "Managed" } else { "Unknown" },
            "domain_name": if ours { ctx.ids.tenant_domain } else { domain },
            "cloud_instance_name": "acr-sim.invalid",
            "cloud_audience_urn": "urn:federation:MicrosoftOnline",
        }),
    )
}
