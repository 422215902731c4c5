use acr_sim::{Scenario, Server};
use reqwest::StatusCode;

use crate::util::*;

async fn sp_request(
    sim: &acr_sim::Sim,
    c: &reqwest::Client,
    tenant: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let url = format!("{}/{tenant}/oauth2/v2.0/token", sim.authority_host());
    json(c.post(url).form(fields).send().await.unwrap()).await
}

#[tokio::test]
async fn service_principal_gets_a_token_with_the_right_claims() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let (status, body) = sp_request(
        &sim,
        &c,
        sim.tenant_id(),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            ("scope", "https://containerregistry.azure.net/.default"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    let claims = claims(body["access_token"].as_str().unwrap());
    assert_eq!(claims["aud"], "https://containerregistry.azure.net");
    assert_eq!(claims["tid"], sim.tenant_id());
    assert_eq!(claims["appid"], sim.client_id());
    assert!(claims["oid"].is_string());
    // The token is good for the exchange.
    let (status, _) = json(exchange(&sim, &c, body["access_token"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::OK);

    let log = sim.requests();
    assert_eq!(log[0].server, Server::Entra);
    assert!(
        log[0]
            .form
            .contains(&("client_secret".into(), "<redacted>".into()))
    );
    assert!(
        !serde_json::to_string(&log)
            .unwrap()
            .contains(sim.client_secret())
    );
}

#[tokio::test]
async fn entra_errors_carry_aadsts_codes() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let scope = ("scope", "https://containerregistry.azure.net/.default");
    let (status, body) = sp_request(
        &sim,
        &c,
        sim.tenant_id(),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", "wrong"),
            scope,
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    assert_eq!(body["error_codes"], serde_json::json!([7000215]));
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS7000215: ")
    );
    for key in ["timestamp", "trace_id", "correlation_id"] {
        assert!(body[key].is_string(), "{key}");
    }

    let (status, body) = sp_request(
        &sim,
        &c,
        "00000000-0000-0000-0000-000000000000",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            scope,
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_codes"], serde_json::json!([90002]));

    let (status, body) = sp_request(
        &sim,
        &c,
        sim.tenant_id(),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "11111111-2222-3333-4444-555555555555"),
            ("client_secret", "x"),
            scope,
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_codes"], serde_json::json!([700016]));
}

#[tokio::test]
async fn aad_invalid_secret_rejects_the_right_secret() {
    let sim = sim(Scenario::AadInvalidSecret).await;
    let c = client(&sim);
    let (status, body) = sp_request(
        &sim,
        &c,
        sim.tenant_id(),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            ("scope", "https://containerregistry.azure.net/.default"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error_codes"], serde_json::json!([7000215]));
}

#[tokio::test]
async fn workload_identity_assertion() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let federated = sim.federated_token();
    let assertion = |a: &str| {
        vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", sim.client_id().to_string()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string(),
            ),
            ("client_assertion", a.to_string()),
            (
                "scope",
                "https://containerregistry.azure.net/.default".to_string(),
            ),
        ]
    };
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        sim.authority_host(),
        sim.tenant_id()
    );
    let (status, body) = json(
        c.post(&url)
            .form(&assertion(&federated))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        claims(body["access_token"].as_str().unwrap())["aud"],
        "https://containerregistry.azure.net"
    );
    // An Entra access token is not a federated assertion.
    let (status, body) = json(
        c.post(&url)
            .form(&assertion(&sim.issue_aad_token()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    let logged = serde_json::to_string(&sim.requests()).unwrap();
    assert!(!logged.contains(&federated));
}

#[tokio::test]
async fn app_service_managed_identity() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let url = format!(
        "{}?resource=https://containerregistry.azure.net&api-version=2019-08-01",
        sim.identity_endpoint()
    );
    let (status, body) = json(
        c.get(&url)
            .header("X-IDENTITY-HEADER", sim.identity_header())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["resource"], "https://containerregistry.azure.net");
    assert!(body["expires_on"].as_str().unwrap().parse::<u64>().is_ok());
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(claims(token)["aud"], "https://containerregistry.azure.net");
    assert_eq!(
        json(exchange(&sim, &c, token).await).await.0,
        StatusCode::OK
    );

    let missing = c.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let wrong = c
        .get(&url)
        .header("X-IDENTITY-HEADER", "nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let log: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.server != Server::Registry)
        .collect();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|r| r.server == Server::Identity));
    assert!(
        log[0]
            .headers
            .contains(&("x-identity-header".into(), "<redacted>".into()))
    );
}

#[tokio::test]
async fn imds_look_alike() {
    let sim = sim(Scenario::Healthy).await;
    let c = plain_client();
    assert!(sim.imds_endpoint().starts_with("http://127.0.0.1:"));
    let url = format!(
        "{}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/",
        sim.imds_endpoint()
    );
    let (status, body) = json(c.get(&url).header("Metadata", "true").send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        claims(body["access_token"].as_str().unwrap())["aud"],
        "https://management.azure.com/"
    );
    let (status, body) = json(c.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
    assert_eq!(sim.requests()[0].server, Server::Imds);
}

#[tokio::test]
async fn client_credential_failure_scenarios_answer_as_entra_does() {
    let fields = |sim: &acr_sim::Sim| {
        [
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            ("scope", "https://containerregistry.azure.net/.default"),
        ]
        .map(|(k, v)| (k, v.to_owned()))
    };
    let post = |sim: &acr_sim::Sim| {
        let url = format!(
            "{}/{}/oauth2/v2.0/token",
            sim.authority_host(),
            sim.tenant_id()
        );
        client(sim).post(url).form(&fields(sim)).send()
    };

    // Throttled: 429, Retry-After: 60, and an AADSTS body.
    let s = sim(Scenario::AadThrottled).await;
    let resp = post(&s).await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&resp, "retry-after"), "60");
    let (_, body) = json(resp).await;
    assert_eq!(body["error"], "temporarily_unavailable");
    assert_eq!(body["error_codes"], serde_json::json!([90055]));
    let d = body["error_description"].as_str().unwrap();
    assert!(
        d.starts_with("AADSTS90055: ") && d.contains("\r\nTrace ID: "),
        "{d}"
    );

    // Or the bare reason phrase, which is not JSON.
    let s = sim(Scenario::AadThrottledPlain).await;
    let resp = post(&s).await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&resp, "retry-after"), "60");
    assert_eq!(resp.text().await.unwrap(), "Too Many Requests");

    // The application is gone: its own id is unknown.
    let s = sim(Scenario::AadUnknownClient).await;
    let (status, body) = json(post(&s).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unauthorized_client");
    assert_eq!(body["error_codes"], serde_json::json!([700016]));
    assert_eq!(
        body["error_uri"],
        "https://login.microsoftonline.com/error?code=700016"
    );
}
