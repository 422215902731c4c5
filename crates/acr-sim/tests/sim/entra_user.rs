//! The user's sign-in at Entra ID: password and refresh-token grants, their errors and
//! scenarios, and the discovery documents MSAL reads first.

use acr_sim::{AZURE_CLI_CLIENT_ID, Scenario, Server, Sim};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::util::*;

const ARM_SCOPE: &str =
    "https://management.core.windows.net//.default offline_access openid profile";

async fn token_request(
    sim: &Sim,
    c: &Client,
    tenant: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Value) {
    let url = format!("{}/{tenant}/oauth2/v2.0/token", sim.authority_host());
    json(c.post(url).form(fields).send().await.unwrap()).await
}

async fn password_grant(sim: &Sim, c: &Client, password: &str) -> (StatusCode, Value) {
    token_request(
        sim,
        c,
        "organizations",
        &[
            ("grant_type", "password"),
            ("client_id", AZURE_CLI_CLIENT_ID),
            ("username", sim.user_name()),
            ("password", password),
            ("scope", ARM_SCOPE),
            ("client_info", "1"),
        ],
    )
    .await
}

async fn refresh_grant(sim: &Sim, c: &Client, refresh: &str, scope: &str) -> (StatusCode, Value) {
    token_request(
        sim,
        c,
        sim.tenant_id(),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", AZURE_CLI_CLIENT_ID),
            ("refresh_token", refresh),
            ("scope", scope),
            ("client_info", "1"),
        ],
    )
    .await
}

fn assert_entra_error(body: &Value, error: &str, code: u64) {
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], json!([code]), "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with(&format!("AADSTS{code}: ")),
        "{body}"
    );
}

/// Checks the shape every successful user grant shares; returns the access token's claims.
fn assert_user_answer(sim: &Sim, body: &Value, resource: &str) -> serde_json::Map<String, Value> {
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["foci"], "1");
    assert!(body["expires_in"].as_u64().unwrap() > 0);
    assert!(body["ext_expires_in"].as_u64().unwrap() > 0);
    assert!(
        body["scope"]
            .as_str()
            .unwrap()
            .split(' ')
            .any(|s| s == format!("{resource}/.default"))
    );
    let refresh = body["refresh_token"].as_str().unwrap();
    assert!(!refresh.starts_with("eyJ"), "refresh tokens are opaque");
    assert!(acr_sim::decode_claims(refresh).is_none());

    let info: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(body["client_info"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        info,
        json!({"uid": sim.user_object_id(), "utid": sim.tenant_id()})
    );

    let id = claims(body["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], AZURE_CLI_CLIENT_ID);
    assert_eq!(
        id["iss"],
        format!("{}/{}/v2.0", sim.authority_host(), sim.tenant_id())
    );
    assert_eq!(id["tid"], sim.tenant_id());
    assert_eq!(id["oid"], sim.user_object_id());
    assert_eq!(id["preferred_username"], sim.user_name());
    assert_eq!(id["ver"], "2.0");
    for k in ["sub", "name", "iat", "nbf", "exp"] {
        assert!(!id[k].is_null(), "id_token lacks {k}");
    }

    let at = claims(body["access_token"].as_str().unwrap());
    assert_eq!(at["aud"], resource);
    assert_eq!(at["appid"], AZURE_CLI_CLIENT_ID);
    assert_eq!(at["oid"], sim.user_object_id());
    assert_eq!(at["upn"], sim.user_name());
    assert_eq!(at["unique_name"], sim.user_name());
    assert_eq!(at["idtyp"], "user");
    assert_eq!(at["tid"], sim.tenant_id());
    at
}

#[tokio::test]
async fn password_grant_signs_the_user_in_for_the_azure_cli() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let (status, body) = password_grant(&sim, &c, sim.user_password()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_user_answer(&sim, &body, "https://management.core.windows.net/");

    let (status, body) = password_grant(&sim, &c, "not-the-password").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 50126);

    // Secrets never reach the log.
    let logged = serde_json::to_string(&sim.requests()).unwrap();
    assert!(!logged.contains(sim.user_password()));
    assert!(logged.contains("<redacted>"));
}

#[tokio::test]
async fn refresh_token_grant_redeems_and_rotates() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let refresh = sim.user_refresh_token();
    assert!(!refresh.starts_with("eyJ"));
    let (status, body) = refresh_grant(
        &sim,
        &c,
        &refresh,
        "https://containerregistry.azure.net/.default offline_access openid profile",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_user_answer(&sim, &body, "https://containerregistry.azure.net");
    let rotated = body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rotated, refresh);

    // The user's ACR token is as good for the exchange as a service principal's.
    let at = body["access_token"].as_str().unwrap();
    let (status, ex) = json(exchange(&sim, &c, at).await).await;
    assert_eq!(status, StatusCode::OK, "{ex}");

    // The rotated token works too; an ARM token from it works at ARM.
    let (status, body) = refresh_grant(&sim, &c, &rotated, ARM_SCOPE).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = format!(
        "{}/subscriptions/{}/providers/Microsoft.ContainerRegistry/registries?api-version=2023-07-01",
        sim.arm_endpoint(),
        sim.subscription_id()
    );
    let resp = c
        .get(&url)
        .bearer_auth(body["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    let logged = serde_json::to_string(&sim.requests()).unwrap();
    assert!(!logged.contains(&refresh) && !logged.contains(&rotated));
}

#[tokio::test]
async fn bad_refresh_tokens_and_clients_are_refused_like_entra() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let other_sim = crate::util::sim(Scenario::Healthy).await;
    let foreign = other_sim.user_refresh_token();
    let good = sim.user_refresh_token();
    let tampered = format!("{}x", &good[..good.len() - 1]);
    for bad in [
        "",
        "garbage",
        foreign.as_str(),
        tampered.as_str(),
        &sim.issue_aad_token(),
    ] {
        let (status, body) = refresh_grant(&sim, &c, bad, ARM_SCOPE).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_entra_error(&body, "invalid_grant", 70008);
    }

    // Only the Azure CLI's client id may redeem the user's tokens.
    let (status, body) = token_request(
        &sim,
        &c,
        sim.tenant_id(),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", sim.client_id()),
            ("refresh_token", &good),
            ("scope", ARM_SCOPE),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "unauthorized_client", 700016);

    // A scope without a `/.default` resource names no audience.
    let (status, body) = refresh_grant(&sim, &c, &good, "openid profile").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_scope", 70011);

    // Client credentials still need the real tenant, not an alias.
    let (status, body) = token_request(
        &sim,
        &c,
        "organizations",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            ("scope", "https://containerregistry.azure.net/.default"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_request", 90002);
}

#[tokio::test]
async fn aad_interaction_required_scenario() {
    let sim = sim(Scenario::AadInteractionRequired).await;
    let c = client(&sim);
    let (status, body) = refresh_grant(&sim, &c, &sim.user_refresh_token(), ARM_SCOPE).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "interaction_required", 50076);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("multi-factor")
    );
    let (status, body) = password_grant(&sim, &c, sim.user_password()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "interaction_required", 50076);
    // Service principals are not affected.
    entra_token(&sim, &c, "https://containerregistry.azure.net/.default").await;
}

#[tokio::test]
async fn aad_invalid_grant_scenario() {
    let sim = sim(Scenario::AadInvalidGrant).await;
    let c = client(&sim);
    let (status, body) = refresh_grant(&sim, &c, &sim.user_refresh_token(), ARM_SCOPE).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 700082);
}

#[tokio::test]
async fn revoked_and_throttled_user_grants() {
    for (scenario, code) in [
        (Scenario::AadRevokedGrant, 50173),
        // Entra throttles a user's grants with a loop error, not with 429.
        (Scenario::AadThrottled, 50196),
    ] {
        let sim = sim(scenario).await;
        let c = client(&sim);
        let (status, body) = refresh_grant(&sim, &c, &sim.user_refresh_token(), ARM_SCOPE).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{scenario}");
        assert_entra_error(&body, "invalid_grant", code);
    }
}

#[tokio::test]
async fn issued_tokens_carry_the_principal_and_lifetime() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let user = claims(&sim.issue_user_token("https://containerregistry.azure.net/.default", 600));
    assert_eq!(user["aud"], "https://containerregistry.azure.net");
    assert_eq!(user["idtyp"], "user");
    assert_eq!(user["appid"], AZURE_CLI_CLIENT_ID);
    let sp = claims(&sim.issue_sp_token("https://containerregistry.azure.net", 600));
    assert_eq!(sp["idtyp"], "app");
    assert_eq!(sp["appid"], sim.client_id());
    let lifetime = |c: &serde_json::Map<String, Value>| {
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap()
    };
    assert_eq!(lifetime(&user), 600);
    assert_eq!(lifetime(&sp), 600);

    for token in [
        sim.issue_user_token("https://containerregistry.azure.net", 600),
        sim.issue_sp_token("https://containerregistry.azure.net", 600),
    ] {
        assert_eq!(
            json(exchange(&sim, &c, &token).await).await.0,
            StatusCode::OK
        );
    }
    for expired in [
        sim.issue_user_token("https://containerregistry.azure.net", -60),
        sim.issue_sp_token("https://containerregistry.azure.net", -60),
    ] {
        assert_eq!(
            json(exchange(&sim, &c, &expired).await).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn discovery_documents_point_only_at_the_sim() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    for tenant in [sim.tenant_id(), "organizations"] {
        let url = format!(
            "{}/{tenant}/v2.0/.well-known/openid-configuration",
            sim.authority_host()
        );
        let (status, doc) = json(c.get(&url).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{doc}");
        assert_eq!(
            doc["token_endpoint"],
            format!("{}/{tenant}/oauth2/v2.0/token", sim.authority_host())
        );
        // Every URL in the document is the simulator's.
        for (k, v) in doc.as_object().unwrap() {
            if let Some(s) = v.as_str().filter(|s| s.starts_with("https://")) {
                assert!(
                    s.starts_with(&sim.authority_host()) || s.contains(".invalid"),
                    "{k}: {s}"
                );
            }
        }
    }
    let url = format!(
        "{}/{}/v2.0/.well-known/openid-configuration",
        sim.authority_host(),
        sim.tenant_id()
    );
    let (_, doc) = json(c.get(&url).send().await.unwrap()).await;
    assert_eq!(
        doc["issuer"],
        format!("{}/{}/v2.0", sim.authority_host(), sim.tenant_id())
    );
    assert!(doc["authorization_endpoint"].is_string());

    let url = format!(
        "{}/nosuchtenant/v2.0/.well-known/openid-configuration",
        sim.authority_host()
    );
    assert_eq!(
        c.get(&url).send().await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );

    let url = format!(
        "{}/common/userrealm/{}?api-version=1.0",
        sim.authority_host(),
        sim.user_name()
    );
    let (status, realm) = json(c.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(realm["account_type"], "Managed");
    assert_eq!(realm["domain_name"], "simtenant.onmicrosoft.com");
    assert!(sim.requests().iter().all(|r| r.server == Server::Entra));
}
