//! Azure Resource Manager: the registry resource, the identity its encryption uses, and the
//! private endpoint and network interface behind `privatelink`.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::wire::jwt::uuid;
use crate::world::ctx::Ctx;
use crate::world::recorded;
use crate::world::scenario::Scenario;

const ARM_AUDIENCES: &[&str] = &[
    "https://management.azure.com",
    "https://management.core.windows.net",
];
// The registry's private endpoint address is loopback: DNS answers it for the
// login server, and the tool connects to what DNS answers (tests stay on
// 127.0.0.0/8). The data endpoint's address is private and never connected to.
const PRIVATE_REGISTRY_IP: &str = "127.0.0.1";
const PRIVATE_DATA_IP: &str = "127.0.0.5";

fn arm_json(status: StatusCode, body: Value) -> Response {
    let mut resp = (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&uuid()) {
        resp.headers_mut().insert("x-ms-request-id", v);
    }
    resp
}

fn arm_error(status: StatusCode, code: &str, message: &str) -> Response {
    arm_json(status, json!({"error": {"code": code, "message": message}}))
}

fn not_found(kind: &str, name: &str, rg: &str) -> Response {
    arm_error(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        &format!(
            "The Resource '{kind}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        ),
    )
}

/// The token's claims, or the error ARM answers when the request carries no valid ARM token.
// The error is boxed: a `Response` dwarfs the claims map.
fn authenticate(ctx: &Ctx, headers: &HeaderMap) -> Result<Map<String, Value>, Box<Response>> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err(Box::new(arm_error(
            StatusCode::UNAUTHORIZED,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        )));
    };
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token,
        _ => {
            return Err(Box::new(arm_error(
                StatusCode::UNAUTHORIZED,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is not a Bearer token.",
            )));
        }
    };
    let Some(claims) = ctx.signer.verify(token) else {
        return Err(Box::new(arm_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "The access token is invalid or has expired.",
        )));
    };
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    if !ARM_AUDIENCES.contains(&aud.trim_end_matches('/')) {
        return Err(Box::new(arm_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationTokenAudience",
            &format!("The access token has been obtained for wrong audience or resource '{aud}'."),
        )));
    }
    Ok(claims)
}

fn rg_id(ctx: &Ctx) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}",
        ctx.ids.subscription_id, ctx.ids.resource_group
    )
}

fn cmk_identity_id(ctx: &Ctx) -> String {
    format!(
        "{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}",
        rg_id(ctx),
        ctx.ids.cmk_identity_name
    )
}

fn private_endpoint_name(ctx: &Ctx) -> String {
    format!("{}-pe", ctx.registry_name)
}

fn nic_name(ctx: &Ctx) -> String {
    format!("{}-pe.nic.7a1c2b3d", ctx.registry_name)
}

fn private_endpoint_id(ctx: &Ctx) -> String {
    format!(
        "{}/providers/Microsoft.Network/privateEndpoints/{}",
        rg_id(ctx),
        private_endpoint_name(ctx)
    )
}

fn nic_id(ctx: &Ctx) -> String {
    format!(
        "{}/providers/Microsoft.Network/networkInterfaces/{}",
        rg_id(ctx),
        nic_name(ctx)
    )
}

fn has_private_endpoint(ctx: &Ctx) -> bool {
    matches!(
        ctx.scenario,
        Scenario::Privatelink
            | Scenario::PrivatelinkDnsMismatch
            | Scenario::PrivatelinkUnresolvable
            | Scenario::PrivatelinkServfail
            | Scenario::ArmHostileIds
            | Scenario::ArmHostileNicId
    )
}

/// `id` made a URL to the foreign host: pasted after an endpoint
/// (`https://arm:443` + this), it sends the request, token and all, to
/// `127.0.0.1:<other realm port>`, which logs it.
fn hostile(ctx: &Ctx, id: &str) -> String {
    format!("@127.0.0.1:{}{id}", ctx.other_realm_port)
}

/// `arm-hostile-nic-id`'s second private endpoint.
fn second_private_endpoint_name(ctx: &Ctx) -> String {
    format!("{}-pe-b", ctx.registry_name)
}

fn second_private_endpoint_id(ctx: &Ctx) -> String {
    format!(
        "{}/providers/Microsoft.Network/privateEndpoints/{}",
        rg_id(ctx),
        second_private_endpoint_name(ctx)
    )
}

/// The network rules each scenario plays: the default action and the IP rules.
fn network_rules(ctx: &Ctx) -> (&'static str, Value) {
    let rule = |value: &str| json!({"action": "Allow", "value": value});
    match ctx.scenario {
        Scenario::Forbidden => ("Deny", json!([rule("198.51.100.0/24")])),
        Scenario::ForbiddenRuleCovers => (
            "Deny",
            json!([rule("198.51.100.0/24"), rule("203.0.113.0/24")]),
        ),
        Scenario::ForbiddenIpv6 => (
            "Deny",
            json!([rule("198.51.100.0/24"), rule("203.0.113.7")]),
        ),
        // A rule that covers the client, which does not matter while public access is off.
        Scenario::PublicAccessDisabled => ("Deny", json!([rule("203.0.113.0/24")])),
        _ => ("Allow", json!([])),
    }
}

/// The data endpoints ARM lists, each with the port the simulator serves it on (as
/// `loginServer` carries its port). None in the privatelink scenarios: there the private
/// endpoint's data address (127.0.0.5) stands for the data path, and dedicated data
/// endpoints are off.
fn data_endpoints(ctx: &Ctx) -> (bool, Value) {
    let with_port = |host: &str| format!("{host}:{}", ctx.storage_port);
    match ctx.scenario {
        Scenario::Privatelink
        | Scenario::PrivatelinkDnsMismatch
        | Scenario::PrivatelinkUnresolvable
        | Scenario::PrivatelinkServfail => (false, json!([])),
        Scenario::DataEndpointUnresolvable
        | Scenario::DataEndpointBadCert
        | Scenario::GeoReplicated => (
            true,
            json!([
                with_port(&ctx.storage_host),
                with_port(&ctx.replica_storage_host)
            ]),
        ),
        _ => (true, json!([with_port(&ctx.storage_host)])),
    }
}

fn registry_id(ctx: &Ctx) -> String {
    format!(
        "{}/providers/Microsoft.ContainerRegistry/registries/{}",
        rg_id(ctx),
        ctx.registry_name
    )
}

/// A preview api-version (`2023-11-01-preview`).
fn is_preview(api_version: &str) -> bool {
    api_version.ends_with("-preview")
}

/// The private endpoint connections ARM lists for the scenario.
fn private_endpoint_connections(ctx: &Ctx, id: &str) -> Value {
    if !has_private_endpoint(ctx) {
        return json!([]);
    }
    let connection = |name: &str, endpoint: String| {
        json!({
            "id": format!("{id}/privateEndpointConnections/{name}.conn"),
            "name": format!("{name}.conn"),
            "type": "Microsoft.ContainerRegistry/registries/privateEndpointConnections",
            "properties": {
                "privateEndpoint": {"id": endpoint},
                "privateLinkServiceConnectionState": {
                    "status": "Approved",
                    "description": "Auto-approved",
                    "actionsRequired": "None",
                },
                "provisioningState": "Succeeded",
            },
        })
    };
    match ctx.scenario {
        Scenario::ArmHostileIds => json!([connection(
            &private_endpoint_name(ctx),
            hostile(ctx, &private_endpoint_id(ctx))
        )]),
        Scenario::ArmHostileNicId => json!([
            connection(&private_endpoint_name(ctx), private_endpoint_id(ctx)),
            connection(
                &second_private_endpoint_name(ctx),
                second_private_endpoint_id(ctx)
            ),
        ]),
        _ => json!([connection(
            &private_endpoint_name(ctx),
            private_endpoint_id(ctx)
        )]),
    }
}

/// The registry as ARM answers it for `api_version`: the scenario's recorded object
/// (`world::recorded`), with what must point at the simulator rewritten (id, name, host
/// names with the ports they are served on, the CMK identity) and the scenario's fault
/// played, then without the properties `api_version` does not know.
fn registry(ctx: &Ctx, api_version: &str) -> Value {
    let mut value = recorded::registry(ctx.scenario);
    let id = registry_id(ctx);
    value["id"] = json!(if ctx.scenario == Scenario::ArmHostileIds {
        hostile(ctx, &id)
    } else {
        id.clone()
    });
    value["name"] = json!(ctx.registry_name);
    value["location"] = json!("eastus");
    let (default_action, ip_rules) = network_rules(ctx);
    let (data_enabled, data_hosts) = data_endpoints(ctx);
    let encrypted = value["properties"]["encryption"]["status"] == "enabled";
    // A scenario with a recording of its own keeps its dedicated data endpoints off
    // when they were off there.
    let data_recorded_off = recorded::has_own(ctx.scenario)
        && value["properties"]["dataEndpointEnabled"] != json!(true);
    let p = &mut value["properties"];
    // With its port: the simulated login server listens on a loopback port,
    // and a client that reads this field must be able to reach it.
    p["loginServer"] = json!(ctx.login_server());
    p["adminUserEnabled"] = json!(ctx.admin_enabled());
    p["anonymousPullEnabled"] = json!(ctx.anonymous_pull);
    if !data_recorded_off {
        p["dataEndpointEnabled"] = json!(data_enabled);
        p["dataEndpointHostNames"] = data_hosts;
    }
    p["publicNetworkAccess"] = json!(if ctx.scenario == Scenario::PublicAccessDisabled {
        "Disabled"
    } else {
        "Enabled"
    });
    p["networkRuleSet"]["defaultAction"] = json!(default_action);
    p["networkRuleSet"]["ipRules"] = ip_rules;
    p["privateEndpointConnections"] = private_endpoint_connections(ctx, &id);
    p["policies"]["quarantinePolicy"]["status"] = json!(if ctx.scenario == Scenario::Quarantine {
        "enabled"
    } else {
        "disabled"
    });
    if ctx.scenario == Scenario::RegionalEndpoints {
        // Recorded with one region; the second is synthesised the same way.
        p["regionalEndpointHostNames"] = json!(
            ctx.regional_hosts
                .iter()
                .map(|h| format!("{h}:{}", ctx.login_port))
                .collect::<Vec<_>>()
        );
    }
    if encrypted {
        // The recorded key vault stays (nothing connects to it); the identity is the
        // simulated tenant's, so that ARM can answer for it.
        p["encryption"]["keyVaultProperties"]["identity"] = json!(ctx.ids.cmk_client_id);
        let identity = if ctx.scenario == Scenario::ArmHostileIds {
            hostile(ctx, &cmk_identity_id(ctx))
        } else {
            cmk_identity_id(ctx)
        };
        value["identity"]["userAssignedIdentities"] = json!({
            identity: {
                "principalId": ctx.ids.cmk_principal_id,
                "clientId": ctx.ids.cmk_client_id,
            },
        });
    }
    recorded::for_api(value, api_version)
}

/// The registry's replications: the home region always (as ARM lists it for Premium), and
/// in `geo-replicated` a second region that is still syncing with its endpoint off.
fn replications(ctx: &Ctx) -> Value {
    let replica = |region: &str, status: &str, message: &str, endpoint: bool| {
        json!({
            "id": format!("{}/replications/{region}", registry_id(ctx)),
            "name": region,
            "type": "Microsoft.ContainerRegistry/registries/replications",
            "location": region,
            "tags": {},
            "properties": {
                "provisioningState": "Succeeded",
                "status": {
                    "displayStatus": status,
                    "message": message,
                    "timestamp": "2025-01-15T09:30:00.0000000Z",
                },
                "regionEndpointEnabled": endpoint,
                "zoneRedundancy": "Disabled",
            },
        })
    };
    let mut list = vec![replica(
        "eastus",
        "Ready",
        "The replication is ready.",
        true,
    )];
    if ctx.scenario == Scenario::GeoReplicated {
        list.push(replica(
            "westus",
            "Syncing",
            "The replication is syncing content from the home region.",
            false,
        ));
    }
    json!({"value": list})
}

/// The CMK identity: the recorded one, made the simulated tenant's.
fn identity(ctx: &Ctx) -> Value {
    let mut value = recorded::identity();
    value["id"] = json!(cmk_identity_id(ctx));
    value["name"] = json!(ctx.ids.cmk_identity_name);
    value["location"] = json!("eastus");
    value["properties"] = json!({
        "tenantId": ctx.ids.tenant_id,
        "principalId": ctx.ids.cmk_principal_id,
        "clientId": ctx.ids.cmk_client_id,
    });
    value
}

/// The private endpoint (or in `arm-hostile-nic-id`, with `second`, the
/// other one, whose network interface's id is a URL to the foreign host).
fn private_endpoint(ctx: &Ctx, second: bool) -> Value {
    let (id, name, nic) = if second {
        (
            second_private_endpoint_id(ctx),
            second_private_endpoint_name(ctx),
            hostile(ctx, &nic_id(ctx)),
        )
    } else {
        (
            private_endpoint_id(ctx),
            private_endpoint_name(ctx),
            nic_id(ctx),
        )
    };
    json!({
        "id": id,
        "name": name,
        "type": "Microsoft.Network/privateEndpoints",
        "location": "eastus",
        "properties": {
            "provisioningState": "Succeeded",
            "subnet": {"id": format!("{}/providers/Microsoft.Network/virtualNetworks/sim-vnet/subnets/default", rg_id(ctx))},
            "networkInterfaces": [{"id": nic}],
            "privateLinkServiceConnections": [{
                "name": format!("{}-pe", ctx.registry_name),
                "properties": {
                    "privateLinkServiceId": format!("{}/providers/Microsoft.ContainerRegistry/registries/{}", rg_id(ctx), ctx.registry_name),
                    "groupIds": ["registry"],
                    "privateLinkServiceConnectionState": {"status": "Approved", "description": "Auto-approved", "actionsRequired": "None"},
                },
            }],
            "customDnsConfigs": [
                {"fqdn": ctx.registry_host, "ipAddresses": [PRIVATE_REGISTRY_IP]},
                {"fqdn": ctx.storage_host, "ipAddresses": [PRIVATE_DATA_IP]},
            ],
        },
    })
}

fn nic(ctx: &Ctx) -> Value {
    // In `arm-hostile-nic-id` every id in the answer is a foreign-host URL:
    // none of them is for following.
    let id = |id: String| {
        if ctx.scenario == Scenario::ArmHostileNicId {
            hostile(ctx, &id)
        } else {
            id
        }
    };
    let ip_config = |name: &str, ip: &str, member: &str, fqdn: &str| {
        json!({
            "id": id(format!("{}/ipConfigurations/{name}", nic_id(ctx))),
            "name": name,
            "properties": {
                "provisioningState": "Succeeded",
                "privateIPAddress": ip,
                "privateIPAllocationMethod": "Dynamic",
                "privateIPAddressVersion": "IPv4",
                "primary": name.starts_with("registry."),
                "privateLinkConnectionProperties": {
                    "groupId": "registry",
                    "requiredMemberName": member,
                    "fqdns": [fqdn],
                },
            },
        })
    };
    json!({
        "id": id(nic_id(ctx)),
        "name": nic_name(ctx),
        "type": "Microsoft.Network/networkInterfaces",
        "location": "eastus",
        "properties": {
            "provisioningState": "Succeeded",
            "privateEndpoint": {"id": id(private_endpoint_id(ctx))},
            "ipConfigurations": [
                ip_config("registry.privateEndpoint", PRIVATE_REGISTRY_IP, "registry", &ctx.registry_host),
                ip_config("registry_data_eastus.privateEndpoint", PRIVATE_DATA_IP, "registry_data_eastus", &ctx.storage_host),
            ],
        },
    })
}

/// ARM's answer to a principal without the role: the message names who, what and where.
fn authorization_failed(oid: &str, action: &str, scope: &str) -> Response {
    arm_error(
        StatusCode::FORBIDDEN,
        "AuthorizationFailed",
        &format!(
            "The client '{oid}' with object id '{oid}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."
        ),
    )
}

/// Where page 2 of the subscription's registry list lives (`host:port`), when the scenario
/// splits the list at all.
fn paging(ctx: &Ctx) -> Option<String> {
    match ctx.scenario {
        Scenario::ArmPaged => Some(format!("127.0.0.1:{}", ctx.azure_port)),
        Scenario::ArmNextLinkForeign => Some(format!(
            "{}:{}",
            crate::wire::tls::OTHER_REALM_HOST,
            ctx.other_realm_port
        )),
        _ => None,
    }
}

/// The value of `$skipToken` that asks for page 2.
const PAGE_2: &str = "c2ltLXBhZ2UtMg";

/// A registry of someone else's in the subscription: only on page 1, to fill it.
fn other_registry(ctx: &Ctx, name: &str) -> Value {
    json!({
        "id": format!(
            "/subscriptions/{}/resourceGroups/other-rg/providers/Microsoft.ContainerRegistry/registries/{name}",
            ctx.ids.subscription_id
        ),
        "name": name,
        "type": "Microsoft.ContainerRegistry/registries",
        "location": "westeurope",
        "tags": {},
        "sku": {"name": "Basic", "tier": "Basic"},
        "properties": {
            "loginServer": format!("{name}.azurecr.io"),
            "creationDate": "2024-06-01T12:00:00.0000000Z",
            "provisioningState": "Succeeded",
            "adminUserEnabled": false,
            "publicNetworkAccess": "Enabled",
        },
    })
}

/// One page of the subscription's registry list. Page 1 holds two other registries and a
/// `nextLink` on `next_host` that, as ARM's do, already carries `api-version`.
fn subscription_page(ctx: &Ctx, query: &str, next_host: &str) -> Response {
    let param = |name: &str| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if param("$skipToken").as_deref() == Some(PAGE_2) {
        let api_version = param("api-version").unwrap_or_default();
        return arm_json(
            StatusCode::OK,
            json!({"value": [registry(ctx, &api_version)]}),
        );
    }
    let api_version: String =
        form_urlencoded::byte_serialize(param("api-version").unwrap_or_default().as_bytes())
            .collect();
    let next_link = format!(
        "https://{next_host}/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries?api-version={api_version}&%24skipToken={PAGE_2}",
        ctx.ids.subscription_id
    );
    arm_json(
        StatusCode::OK,
        json!({
            "value": [other_registry(ctx, "teamaregistry"), other_registry(ctx, "teambregistry")],
            "nextLink": next_link,
        }),
    )
}

/// The newest api-version the `arm-older-api` cloud serves for registries.
const OLDER_CLOUD_NEWEST: &str = "2024-11-01-preview";

/// ARM's 400 for a registry read with an api-version it does not serve: one it has never
/// heard of (InvalidApiVersionParameter), or, in `arm-older-api`, one this cloud's
/// provider is not registered for yet (NoRegisteredProviderFound). Both list the versions
/// it does serve.
fn refuse_api_version(ctx: &Ctx, api_version: &str) -> Option<Response> {
    if ctx.scenario == Scenario::ArmOlderApi && recorded::newer(api_version, OLDER_CLOUD_NEWEST) {
        let supported: Vec<&str> = recorded::SUPPORTED
            .iter()
            .copied()
            .filter(|v| !recorded::newer(v, OLDER_CLOUD_NEWEST))
            .collect();
        return Some(arm_error(
            StatusCode::BAD_REQUEST,
            "NoRegisteredProviderFound",
            &format!(
                "No registered resource provider found for location 'eastus' and API version '{api_version}' for type 'registries'. The supported api-versions are '{}'. The supported locations are 'eastus, westus, westeurope'.",
                supported.join(", ")
            ),
        ));
    }
    if recorded::SUPPORTED.contains(&api_version) {
        return None;
    }
    Some(arm_error(
        StatusCode::BAD_REQUEST,
        "InvalidApiVersionParameter",
        &format!(
            "The api-version '{api_version}' is invalid. The supported versions are '{}'.",
            recorded::SUPPORTED.join(",")
        ),
    ))
}

/// Serve one ARM request. Paths are matched case-insensitively, as ARM does.
pub(crate) fn handle(
    ctx: &Ctx,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
) -> Response {
    let claims = match authenticate(ctx, headers) {
        Ok(claims) => claims,
        Err(resp) => return *resp,
    };
    let api_version = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "api-version")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if api_version.is_empty() {
        return arm_error(
            StatusCode::BAD_REQUEST,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        );
    }
    if ctx.scenario == Scenario::ArmPreviewUnsupported && is_preview(&api_version) {
        return arm_error(
            StatusCode::BAD_REQUEST,
            "InvalidApiVersionParameter",
            &format!(
                "The api-version '{api_version}' is invalid. The supported versions are '2023-07-01,2023-01-01-preview'."
            ),
        );
    }
    if path
        .to_ascii_lowercase()
        .contains("/providers/microsoft.containerregistry/")
        && let Some(refusal) = refuse_api_version(ctx, &api_version)
    {
        return refusal;
    }
    if method != Method::GET {
        return arm_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "The simulator only serves reads.",
        );
    }
    let lower = path.trim_end_matches('/').to_ascii_lowercase();
    let original: Vec<&str> = path.trim_matches('/').split('/').collect();
    let segs: Vec<&str> = lower.trim_start_matches('/').split('/').collect();
    let sub = ctx.ids.subscription_id;
    let rg = ctx.ids.resource_group.to_ascii_lowercase();
    let registry_exists = ctx.scenario != Scenario::RegistryNotFound;
    if segs.as_slice() == ["subscriptions"] {
        return arm_json(
            StatusCode::OK,
            json!({"value": [{
                "id": format!("/subscriptions/{sub}"),
                "subscriptionId": sub,
                "tenantId": ctx.ids.tenant_id,
                "displayName": "acr-sim subscription",
                "state": "Enabled",
            }]}),
        );
    }
    if segs.len() >= 2 && segs[1] != sub {
        return arm_error(
            StatusCode::NOT_FOUND,
            "SubscriptionNotFound",
            &format!(
                "The subscription '{}' could not be found.",
                original.get(1).unwrap_or(&"")
            ),
        );
    }
    let forbidden = |scope: &str| {
        let oid = claims.get("oid").and_then(Value::as_str).unwrap_or("");
        authorization_failed(oid, "Microsoft.ContainerRegistry/registries/read", scope)
    };
    let list = || {
        if ctx.scenario == Scenario::ArmForbidden {
            return forbidden(path);
        }
        let value = if registry_exists {
            vec![registry(ctx, &api_version)]
        } else {
            vec![]
        };
        arm_json(StatusCode::OK, json!({"value": value}))
    };
    let name_of = |i: usize| original.get(i).copied().unwrap_or("");
    match segs.as_slice() {
        ["subscriptions", _] => arm_json(
            StatusCode::OK,
            json!({"id": format!("/subscriptions/{sub}"), "subscriptionId": sub, "tenantId": ctx.ids.tenant_id, "displayName": "acr-sim subscription", "state": "Enabled"}),
        ),
        [
            "subscriptions",
            _,
            "providers",
            "microsoft.containerregistry",
            "registries",
        ] => match paging(ctx) {
            Some(next_host) if ctx.scenario != Scenario::ArmForbidden => {
                subscription_page(ctx, query, &next_host)
            }
            _ => list(),
        },
        ["subscriptions", _, "resourcegroups", g, rest @ ..] => {
            if *g != rg {
                return arm_error(
                    StatusCode::NOT_FOUND,
                    "ResourceGroupNotFound",
                    &format!("Resource group '{}' could not be found.", name_of(3)),
                );
            }
            // The registry, or what hangs off it: refused in `arm-forbidden`,
            // NotFound for any name but ours.
            let our_registry = |n: &str, body: &dyn Fn() -> Value| {
                if ctx.scenario == Scenario::ArmForbidden {
                    forbidden(path)
                } else if registry_exists && n == ctx.registry_name {
                    arm_json(StatusCode::OK, body())
                } else {
                    not_found(
                        "Microsoft.ContainerRegistry/registries",
                        name_of(7),
                        name_of(3),
                    )
                }
            };
            match rest {
                ["providers", "microsoft.containerregistry", "registries"] => list(),
                ["providers", "microsoft.containerregistry", "registries", n] => {
                    our_registry(n, &|| registry(ctx, &api_version))
                }
                [
                    "providers",
                    "microsoft.containerregistry",
                    "registries",
                    n,
                    "replications",
                ] => our_registry(n, &|| replications(ctx)),
                [
                    "providers",
                    "microsoft.managedidentity",
                    "userassignedidentities",
                    n,
                ] => {
                    if ctx.scenario == Scenario::CmkIdentityForbidden {
                        let oid = claims.get("oid").and_then(Value::as_str).unwrap_or("");
                        return authorization_failed(
                            oid,
                            "Microsoft.ManagedIdentity/userAssignedIdentities/read",
                            path,
                        );
                    }
                    if ctx.scenario != Scenario::CmkIdentityMissing
                        && *n == ctx.ids.cmk_identity_name.to_ascii_lowercase()
                    {
                        arm_json(StatusCode::OK, identity(ctx))
                    } else {
                        not_found(
                            "Microsoft.ManagedIdentity/userAssignedIdentities",
                            name_of(7),
                            name_of(3),
                        )
                    }
                }
                ["providers", "microsoft.network", "privateendpoints", n] => {
                    if has_private_endpoint(ctx) && *n == private_endpoint_name(ctx) {
                        arm_json(StatusCode::OK, private_endpoint(ctx, false))
                    } else if ctx.scenario == Scenario::ArmHostileNicId
                        && *n == second_private_endpoint_name(ctx)
                    {
                        arm_json(StatusCode::OK, private_endpoint(ctx, true))
                    } else {
                        not_found("Microsoft.Network/privateEndpoints", name_of(7), name_of(3))
                    }
                }
                ["providers", "microsoft.network", "networkinterfaces", n] => {
                    if has_private_endpoint(ctx) && *n == nic_name(ctx) {
                        arm_json(StatusCode::OK, nic(ctx))
                    } else {
                        not_found(
                            "Microsoft.Network/networkInterfaces",
                            name_of(7),
                            name_of(3),
                        )
                    }
                }
                _ => arm_error(
                    StatusCode::NOT_FOUND,
                    "InvalidResourceType",
                    "The resource type could not be found in the namespace for api version.",
                ),
            }
        }
        _ => arm_error(
            StatusCode::NOT_FOUND,
            "InvalidResourceType",
            "The resource type could not be found in the namespace for api version.",
        ),
    }
}
