//! Entra ID's v2.0 token endpoint, the App Service managed identity endpoint and an IMDS
//! look-alike. Every token they issue is an HS256 JWT the other simulated services verify.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::services::entra_reply::{entra_error, entra_throttled, json_status};
use crate::services::{arm, discovery, user};
use crate::wire::jwt::now;
use crate::world::ctx::Ctx;
use crate::world::scenario::Scenario;

pub(crate) const ACR_AUDIENCE: &str = "https://containerregistry.azure.net";
const FEDERATION_AUDIENCE: &str = "api://AzureADTokenExchange";
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
pub(crate) const MI_OBJECT_ID: &str = "0f1e2d3c-4b5a-4697-8877-665544332211";

fn federation_issuer(ctx: &Ctx) -> String {
    format!("https://127.0.0.1:{}/federation", ctx.azure_port)
}

pub(crate) fn issue_token(ctx: &Ctx, audience: &str, appid: &str, oid: &str) -> String {
    issue_token_for(ctx, audience, appid, oid, 3599)
}

/// An app-only (`idtyp` app) v1 access token living `expires_in_secs` (negative: already expired).
pub(crate) fn issue_token_for(
    ctx: &Ctx,
    audience: &str,
    appid: &str,
    oid: &str,
    expires_in_secs: i64,
) -> String {
    let t = now() as i64;
    ctx.signer.sign(&json!({
        "aud": audience,
        "iss": format!("https://sts.windows.net/{}/", ctx.ids.tenant_id),
        "iat": t,
        "nbf": t - 60,
        // Never below 0, so an "already expired" token still parses (and fails on `exp`).
        "exp": (t + expires_in_secs).max(0),
        "tid": ctx.ids.tenant_id,
        "oid": oid,
        "sub": oid,
        "appid": appid,
        "idtyp": "app",
        "ver": "1.0",
    }))
}

pub(crate) fn federated_token(ctx: &Ctx) -> String {
    let t = now();
    ctx.signer.sign(&json!({
        "aud": [FEDERATION_AUDIENCE],
        "iss": federation_issuer(ctx),
        "sub": "system:serviceaccount:default:acr-health",
        "iat": t,
        "nbf": t - 60,
        "exp": t + 3600,
    }))
}

pub(crate) fn azure_router(ctx: Arc<Ctx>) -> Router {
    Router::new().fallback(azure_dispatch).with_state(ctx)
}

pub(crate) fn imds_router(ctx: Arc<Ctx>) -> Router {
    Router::new().fallback(imds).with_state(ctx)
}

async fn azure_dispatch(
    State(ctx): State<Arc<Ctx>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    if path == "/msi/token" {
        return app_service_identity(&ctx, &method, &headers, query);
    }
    if path.to_ascii_lowercase().starts_with("/subscriptions") {
        // `dnl-name-taken`: ARM takes its time, so that a client sending
        // anything to the login server it guessed meanwhile has sent it.
        if ctx.scenario == Scenario::DnlNameTaken {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
        return arm::handle(&ctx, &method, path, query, &headers);
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (&method, segments.as_slice()) {
        (&Method::POST, [_, "oauth2", "v2.0", "token"]) if ctx.scenario == Scenario::AadHang => {
            std::future::pending::<Response>().await
        }
        (&Method::POST, [tenant, "oauth2", "v2.0", "token"]) => token(&ctx, tenant, &body),
        (&Method::GET, [tenant, "v2.0", ".well-known", "openid-configuration"]) => {
            discovery::openid_configuration(&ctx, tenant)
        }
        (&Method::GET, ["common", "userrealm", username]) => discovery::user_realm(&ctx, username),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn token(ctx: &Ctx, tenant: &str, body: &[u8]) -> Response {
    if ctx.scenario == Scenario::AadThrottledPlain {
        return entra_throttled(false);
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let grant_type = field("grant_type").unwrap_or("");
    let user_grant = matches!(grant_type, "password" | "refresh_token");
    // The Azure CLI signs users in at `organizations` and refreshes at the tenant; a service
    // principal always names its tenant.
    if !(tenant.eq_ignore_ascii_case(ctx.ids.tenant_id)
        || user_grant && discovery::is_multi_tenant_alias(tenant))
    {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            &format!(
                "Tenant '{tenant}' not found. The tenant id may be wrong, or the tenant belongs to another cloud."
            ),
        );
    }
    if !user_grant && grant_type != "client_credentials" {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type; client_credentials, password and refresh_token are served here.",
        );
    }
    // Every grant names its client.
    let client_id = field("client_id").unwrap_or("");
    if client_id.is_empty() {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        );
    }
    if user_grant {
        return user::grant(ctx, grant_type, &form);
    }
    if ctx.scenario == Scenario::AadThrottled {
        return entra_throttled(true);
    }
    // `aad-unknown-client`: the application was deleted, so even its own id is unknown.
    if !client_id.eq_ignore_ascii_case(ctx.ids.client_id)
        || ctx.scenario == Scenario::AadUnknownClient
    {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'.",
                ctx.ids.tenant_id
            ),
        );
    }
    let Some(scope) = field("scope").filter(|s| !s.trim().is_empty()) else {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        );
    };
    let scope = scope.split_whitespace().next().unwrap_or("");
    let Some(audience) = scope.strip_suffix("/.default") else {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            1002012,
            &format!(
                "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."
            ),
        );
    };
    if let Some(secret) = field("client_secret") {
        if let Some(echo) = ctx.echo() {
            return entra_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                7000215,
                &format!(
                    "Invalid client secret provided: {}",
                    echo.render(secret, None)
                ),
            );
        }
        if ctx.scenario == Scenario::AadInvalidSecret || secret != ctx.ids.client_secret {
            return entra_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                7000215,
                &format!(
                    "Invalid client secret provided. Send the secret's value, not its id, for a secret added to app '{client_id}'."
                ),
            );
        }
    } else if field("client_assertion_type") == Some(JWT_BEARER) {
        let valid = field("client_assertion")
            .and_then(|a| ctx.signer.verify(a))
            .is_some_and(|c| {
                let aud_ok = match c.get("aud") {
                    Some(Value::String(a)) => a == FEDERATION_AUDIENCE,
                    Some(Value::Array(a)) => a.iter().any(|x| x == FEDERATION_AUDIENCE),
                    _ => false,
                };
                aud_ok
                    && c.get("iss").and_then(Value::as_str) == Some(federation_issuer(ctx).as_str())
            });
        if !valid {
            return entra_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                700027,
                "Client assertion failed signature validation, has expired, or was issued for another audience.",
            );
        }
    } else {
        return entra_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
    }
    let token = issue_token(ctx, audience, ctx.ids.client_id, ctx.ids.object_id);
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        json!({
            "token_type": "Bearer",
            "expires_in": 3599,
            "ext_expires_in": 3599,
            "access_token": token,
        })
        .to_string(),
    )
        .into_response()
}

fn query_param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

pub(crate) fn resource_audience(resource: &str) -> &str {
    resource.strip_suffix("/.default").unwrap_or(resource)
}

fn app_service_identity(ctx: &Ctx, method: &Method, headers: &HeaderMap, query: &str) -> Response {
    if method != Method::GET {
        return json_status(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"statusCode": 405, "message": "only GET is supported"}),
        );
    }
    let Some(given) = headers.get("x-identity-header") else {
        return json_status(
            StatusCode::BAD_REQUEST,
            json!({"statusCode": 400, "message": "The X-IDENTITY-HEADER header is missing."}),
        );
    };
    if given.as_bytes() != ctx.ids.identity_header.as_bytes() {
        return json_status(
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "The X-IDENTITY-HEADER header does not match."}),
        );
    }
    let Some(resource) = query_param(query, "resource").filter(|r| !r.is_empty()) else {
        return json_status(
            StatusCode::BAD_REQUEST,
            json!({"statusCode": 400, "message": "The resource parameter is missing."}),
        );
    };
    if query_param(query, "api-version").is_none() {
        return json_status(
            StatusCode::BAD_REQUEST,
            json!({"statusCode": 400, "message": "The api-version parameter is missing."}),
        );
    }
    let mi = ctx.ids.managed_identity_client_id;
    let token = issue_token(ctx, resource_audience(&resource), mi, MI_OBJECT_ID);
    json_status(
        StatusCode::OK,
        json!({
            "access_token": token,
            "expires_on": (now() + 3599).to_string(),
            "resource": resource,
            "token_type": "Bearer",
            "client_id": mi,
        }),
    )
}

async fn imds(
    State(ctx): State<Arc<Ctx>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let query = uri.query().unwrap_or("");
    let metadata_ok = headers
        .get("metadata")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if !metadata_ok {
        return json_status(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_request", "error_description": "Required metadata header not specified"}),
        );
    }
    if method != Method::GET {
        return json_status(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "invalid_request", "error_description": "only GET is supported"}),
        );
    }
    match uri.path() {
        "/metadata/instance" => json_status(
            StatusCode::OK,
            json!({"compute": {
                "azEnvironment": "AzurePublicCloud",
                "location": "eastus",
                "name": "acr-sim-vm",
                "resourceGroupName": ctx.ids.resource_group,
                "subscriptionId": ctx.ids.subscription_id,
                "vmId": "d2e3f4a5-b6c7-4d8e-9f01-23456789abcd",
            }}),
        ),
        "/metadata/identity/oauth2/token" => {
            if query_param(query, "api-version").is_none() {
                return json_status(
                    StatusCode::BAD_REQUEST,
                    json!({"error": "invalid_request", "error_description": "Required query variable 'api-version' is missing"}),
                );
            }
            let Some(resource) = query_param(query, "resource").filter(|r| !r.is_empty()) else {
                return json_status(
                    StatusCode::BAD_REQUEST,
                    json!({"error": "invalid_request", "error_description": "Required query variable 'resource' is missing"}),
                );
            };
            let mi = ctx.ids.managed_identity_client_id;
            // A user-assigned identity named by client id or resource id
            // must be the VM's; IMDS answers 400 for any other.
            let known = query_param(query, "client_id").is_none_or(|c| c.eq_ignore_ascii_case(mi))
                && query_param(query, "msi_res_id")
                    .is_none_or(|r| r.eq_ignore_ascii_case(ctx.ids.managed_identity_resource_id));
            if !known {
                return json_status(
                    StatusCode::BAD_REQUEST,
                    json!({"error": "invalid_request", "error_description": "Identity not found"}),
                );
            }
            let t = now();
            json_status(
                StatusCode::OK,
                json!({
                    "access_token": issue_token(&ctx, resource_audience(&resource), mi, MI_OBJECT_ID),
                    "client_id": mi,
                    "refresh_token": "",
                    "expires_in": "3599",
                    "expires_on": (t + 3599).to_string(),
                    "ext_expires_in": "3599",
                    "not_before": t.to_string(),
                    "resource": resource,
                    "token_type": "Bearer",
                }),
            )
        }
        _ => json_status(
            StatusCode::NOT_FOUND,
            json!({"error": "not_found", "error_description": "unknown metadata path"}),
        ),
    }
}
