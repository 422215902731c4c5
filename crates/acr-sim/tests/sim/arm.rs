use acr_sim::{Scenario, Server, Sim};
use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::util::*;

const API: &str = "api-version=2023-07-01";

async fn arm_get(sim: &Sim, c: &Client, token: &str, path: &str) -> (StatusCode, Value) {
    let sep = if path.contains('?') { '&' } else { '?' };
    let url = format!("{}{path}{sep}{API}", sim.arm_endpoint());
    json(c.get(url).bearer_auth(token).send().await.unwrap()).await
}

fn registry_path(sim: &Sim) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries/{}",
        sim.subscription_id(),
        sim.resource_group(),
        sim.registry_name()
    )
}

async fn arm_token(sim: &Sim, c: &Client) -> String {
    entra_token(sim, c, "https://management.azure.com/.default").await
}

#[tokio::test]
async fn registry_resource_and_cmk_identity() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (status, reg) = arm_get(&sim, &c, &token, &registry_path(&sim)).await;
    assert_eq!(status, StatusCode::OK, "{reg}");
    assert_eq!(reg["name"], "simregistry");
    assert_eq!(reg["location"], "eastus");
    assert_eq!(reg["sku"]["name"], "Premium");
    let props = &reg["properties"];
    assert_eq!(props["loginServer"], sim.login_server());
    assert_eq!(props["dataEndpointEnabled"], true);
    // With the port it is served on, as loginServer carries its own.
    assert_eq!(
        props["dataEndpointHostNames"],
        serde_json::json!([format!("{}:{}", sim.storage_host(), sim.storage_port())])
    );
    // A GA api-version has no anonymousPullEnabled; a preview one has.
    assert!(props.get("anonymousPullEnabled").is_none(), "{props}");
    assert_eq!(props["networkRuleSet"]["defaultAction"], "Allow");
    assert_eq!(props["privateEndpointConnections"], serde_json::json!([]));
    let cmk_client = props["encryption"]["keyVaultProperties"]["identity"]
        .as_str()
        .unwrap();
    let (identity_id, entry) = reg["identity"]["userAssignedIdentities"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    assert_eq!(entry["clientId"], cmk_client);
    let (status, identity) = arm_get(&sim, &c, &token, identity_id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(identity["properties"]["clientId"], cmk_client);

    let list = format!(
        "/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries",
        sim.subscription_id()
    );
    let (status, list) = arm_get(&sim, &c, &token, &list).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["value"][0]["id"], reg["id"]);
    // ARM paths are case-insensitive.
    let (status, _) = arm_get(&sim, &c, &token, &registry_path(&sim).to_lowercase()).await;
    assert_eq!(status, StatusCode::OK);

    let missing = registry_path(&sim).replace("/simregistry", "/nosuchregistry");
    let (status, body) = arm_get(&sim, &c, &token, &missing).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "ResourceNotFound");
    assert!(sim.requests().iter().any(|r| r.server == Server::Arm));
}

#[tokio::test]
async fn arm_demands_a_management_token_and_api_version() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let url = format!("{}{}?{API}", sim.arm_endpoint(), registry_path(&sim));
    let (status, body) = json(c.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "AuthenticationFailed");
    let (status, body) = json(
        c.get(&url)
            .bearer_auth(sim.issue_aad_token())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "InvalidAuthenticationTokenAudience");
    let token = arm_token(&sim, &c).await;
    let bare = format!("{}{}", sim.arm_endpoint(), registry_path(&sim));
    let (status, body) = json(c.get(&bare).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "MissingApiVersionParameter");
}

#[tokio::test]
async fn registry_not_found_scenario() {
    let sim = sim(Scenario::RegistryNotFound).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (status, body) = arm_get(&sim, &c, &token, &registry_path(&sim)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "ResourceNotFound");
    let list = format!(
        "/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries",
        sim.subscription_id()
    );
    let (_, list) = arm_get(&sim, &c, &token, &list).await;
    assert_eq!(list["value"], serde_json::json!([]));
}

#[tokio::test]
async fn cmk_identity_missing_scenario() {
    let sim = sim(Scenario::CmkIdentityMissing).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (_, reg) = arm_get(&sim, &c, &token, &registry_path(&sim)).await;
    let identity_id = reg["identity"]["userAssignedIdentities"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let (status, body) = arm_get(&sim, &c, &token, &identity_id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "ResourceNotFound");
}

#[tokio::test]
async fn privatelink_private_endpoint_and_nic() {
    let sim = sim(Scenario::Privatelink).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (_, reg) = arm_get(&sim, &c, &token, &registry_path(&sim)).await;
    let pe_id = reg["properties"]["privateEndpointConnections"][0]["properties"]["privateEndpoint"]
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, pe) = arm_get(&sim, &c, &token, &pe_id).await;
    assert_eq!(status, StatusCode::OK);
    let nic_id = pe["properties"]["networkInterfaces"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, nic) = arm_get(&sim, &c, &token, &nic_id).await;
    assert_eq!(status, StatusCode::OK);
    let configs = nic["properties"]["ipConfigurations"].as_array().unwrap();
    assert_eq!(configs[0]["properties"]["privateIPAddress"], "127.0.0.1");
    assert_eq!(
        configs[0]["properties"]["privateLinkConnectionProperties"]["fqdns"][0],
        "simregistry.azurecr.io"
    );
    assert_eq!(
        configs[1]["properties"]["privateLinkConnectionProperties"]["fqdns"][0],
        "simregistry.eastus.data.azurecr.io"
    );
}

fn subscription_list(sim: &Sim) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries",
        sim.subscription_id()
    )
}

#[tokio::test]
async fn arm_forbidden_refuses_every_registry_read() {
    let sim = sim(Scenario::ArmForbidden).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let rg_list = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries",
        sim.subscription_id(),
        sim.resource_group()
    );
    for path in [registry_path(&sim), subscription_list(&sim), rg_list] {
        let (status, body) = arm_get(&sim, &c, &token, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(body["error"]["code"], "AuthorizationFailed");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("The client '")
                && message.contains("does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/read' over scope '")
                && message.contains(&path),
            "{message}"
        );
    }
    // A user's token is refused the same way, naming the user.
    let user = sim.issue_user_token("https://management.core.windows.net/", 600);
    let (status, body) = arm_get(&sim, &c, &user, &registry_path(&sim)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(sim.user_object_id())
    );
}

#[tokio::test]
async fn arm_paged_splits_the_subscription_list() {
    let sim = sim(Scenario::ArmPaged).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (status, page1) = arm_get(&sim, &c, &token, &subscription_list(&sim)).await;
    assert_eq!(status, StatusCode::OK, "{page1}");
    let names: Vec<&str> = page1["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(!names.contains(&sim.registry_name()));
    let next = page1["nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "{}/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries?api-version=2023-07-01&%24skipToken=",
            sim.arm_endpoint(),
            sim.subscription_id()
        )),
        "{next}"
    );
    // nextLink is used as it is: it already carries api-version.
    let (status, page2) = json(c.get(next).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{page2}");
    assert_eq!(page2["value"][0]["name"], sim.registry_name());
    assert!(page2.get("nextLink").is_none());
}

#[tokio::test]
async fn arm_next_link_foreign_points_off_arm() {
    let sim = sim(Scenario::ArmNextLinkForeign).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let (_, page1) = arm_get(&sim, &c, &token, &subscription_list(&sim)).await;
    let next = page1["nextLink"].as_str().unwrap();
    let foreign = format!(
        "https://{}:{}/subscriptions/",
        sim.other_realm_host(),
        sim.other_realm_port()
    );
    assert!(next.starts_with(&foreign), "{next}");
    // What a careless client would do: the foreign host logs it.
    c.get(next).send().await.unwrap();
    let log = sim.requests();
    let captured = log.last().unwrap();
    assert_eq!(captured.server, Server::OtherRealm);
    assert!(captured.path.starts_with("/subscriptions/"));
}

#[tokio::test]
async fn answers_per_api_version_and_lists_replications() {
    let sim = sim(Scenario::GeoReplicated).await;
    let c = client(&sim);
    let token = arm_token(&sim, &c).await;
    let preview = format!(
        "{}{}?api-version=2023-11-01-preview",
        sim.arm_endpoint(),
        registry_path(&sim)
    );
    let (status, reg) = json(c.get(&preview).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{reg}");
    assert_eq!(reg["properties"]["anonymousPullEnabled"], false);
    assert_eq!(
        reg["properties"]["dataEndpointHostNames"][1],
        format!("{}:{}", sim.replica_storage_host(), sim.storage_port())
    );
    let path = format!("{}/replications", registry_path(&sim));
    let (status, list) = arm_get(&sim, &c, &token, &path).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let regions: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["eastus", "westus"]);
    assert_eq!(
        list["value"][1]["properties"]["regionEndpointEnabled"],
        false
    );

    let old = crate::util::sim(Scenario::ArmPreviewUnsupported).await;
    let c = client(&old);
    let token = arm_token(&old, &c).await;
    let preview = format!(
        "{}{}?api-version=2023-11-01-preview",
        old.arm_endpoint(),
        registry_path(&old)
    );
    let (status, body) = json(c.get(&preview).bearer_auth(&token).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "InvalidApiVersionParameter");
}

#[tokio::test]
async fn network_rules_per_scenario() {
    for (scenario, public, action, rules) in [
        (Scenario::Forbidden, "Enabled", "Deny", 1),
        (Scenario::ForbiddenRuleCovers, "Enabled", "Deny", 2),
        (Scenario::PublicAccessDisabled, "Disabled", "Deny", 1),
        (Scenario::Healthy, "Enabled", "Allow", 0),
    ] {
        let sim = sim(scenario).await;
        let c = client(&sim);
        let token = arm_token(&sim, &c).await;
        let (_, reg) = arm_get(&sim, &c, &token, &registry_path(&sim)).await;
        let props = &reg["properties"];
        assert_eq!(props["publicNetworkAccess"], public, "{scenario}");
        assert_eq!(
            props["networkRuleSet"]["defaultAction"], action,
            "{scenario}"
        );
        assert_eq!(
            props["networkRuleSet"]["ipRules"].as_array().unwrap().len(),
            rules,
            "{scenario}"
        );
    }
}

/// The registry read with `api`, as a client asking for that version sees it.
async fn registry_at(sim: &Sim, api: &str) -> (StatusCode, Value) {
    let c = client(sim);
    let token = arm_token(sim, &c).await;
    let url = format!(
        "{}{}?api-version={api}",
        sim.arm_endpoint(),
        registry_path(sim)
    );
    json(c.get(url).bearer_auth(&token).send().await.unwrap()).await
}

#[tokio::test]
async fn recorded_objects_carry_what_their_api_version_knows() {
    let sim = sim(Scenario::DnlTenantReuse).await;
    let (status, reg) = registry_at(&sim, "2024-11-01-preview").await;
    assert_eq!(status, StatusCode::OK, "{reg}");
    let props = &reg["properties"];
    assert_eq!(props["autoGeneratedDomainNameLabelScope"], "TenantReuse");
    assert_eq!(
        props["loginServer"],
        format!(
            "simregistry-exfrbuffaye7ceag.azurecr.io:{}",
            sim.login_port()
        )
    );
    assert_eq!(sim.login_server(), props["loginServer"]);
    // From the recording: what the sim does not rewrite stays as Azure sent it.
    assert_eq!(reg["tags"]["foo"], "bar");
    assert_eq!(props["metadataSearch"], "Disabled");
    // An older api-version does not know the scope, a GA one not anonymous pull.
    let (_, reg) = registry_at(&sim, "2023-11-01-preview").await;
    assert!(
        reg["properties"]
            .get("autoGeneratedDomainNameLabelScope")
            .is_none()
    );
    assert_eq!(reg["properties"]["anonymousPullEnabled"], false);
    let (_, reg) = registry_at(&sim, "2023-07-01").await;
    assert!(reg["properties"].get("anonymousPullEnabled").is_none());

    let sim = crate::util::sim(Scenario::RegionalEndpoints).await;
    let (_, reg) = registry_at(&sim, "2026-03-01-preview").await;
    let props = &reg["properties"];
    assert_eq!(props["regionalEndpoints"], "Enabled");
    assert_eq!(props["endpointProtocol"], "IPv4");
    let hosts: Vec<String> = sim
        .regional_hosts()
        .iter()
        .map(|h| format!("{h}:{}", sim.login_port()))
        .collect();
    assert_eq!(props["regionalEndpointHostNames"], serde_json::json!(hosts));
    assert_eq!(
        hosts[0],
        format!("simregistry.eastus.geo.azurecr.io:{}", sim.login_port())
    );
    let (_, reg) = registry_at(&sim, "2025-12-01-preview").await;
    assert!(reg["properties"].get("regionalEndpointHostNames").is_none());

    let sim = crate::util::sim(Scenario::DualStack).await;
    let (_, reg) = registry_at(&sim, "2026-09-01-preview").await;
    assert_eq!(reg["properties"]["endpointProtocol"], "IPv4AndIPv6");
    assert_eq!(reg["properties"]["writableCacheRepos"], "Disabled");

    // The CMK registry, as recorded: `userAssigned` in Azure's own case.
    let sim = crate::util::sim(Scenario::Healthy).await;
    let (_, reg) = registry_at(&sim, "2026-09-01-preview").await;
    assert_eq!(reg["identity"]["type"], "userAssigned");
    assert_eq!(reg["properties"]["encryption"]["status"], "enabled");
}

#[tokio::test]
async fn api_versions_arm_does_not_serve_are_refused() {
    let sim = sim(Scenario::Healthy).await;
    let (status, body) = registry_at(&sim, "2099-01-01-preview").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "InvalidApiVersionParameter");
    let said = body["error"]["message"].as_str().unwrap();
    assert!(said.contains("'2099-01-01-preview' is invalid"), "{said}");
    assert!(said.contains(",2026-09-01-preview'"), "{said}");

    let sim = crate::util::sim(Scenario::ArmOlderApi).await;
    let (status, body) = registry_at(&sim, "2026-09-01-preview").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "NoRegisteredProviderFound");
    let said = body["error"]["message"].as_str().unwrap();
    assert!(
        said.contains("The supported api-versions are '2020-11-01-preview, ")
            && said.contains(", 2024-11-01-preview'."),
        "{said}"
    );
    let (status, _) = registry_at(&sim, "2024-11-01-preview").await;
    assert_eq!(status, StatusCode::OK);
}
