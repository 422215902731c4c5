use std::time::{Duration, Instant, SystemTime};

use acr_sim::{Scenario, Server};
use reqwest::StatusCode;
use serde_json::json;

use crate::util::*;

#[tokio::test]
async fn every_scenario_starts_and_names_a_known_code() {
    let known = [
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "CONNECTIVITY_CHALLENGE_ERROR",
        "CONNECTIVITY_AAD_LOGIN_ERROR",
        "CONNECTIVITY_REFRESH_TOKEN_ERROR",
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "CONNECTIVITY_TOOMANYREQUESTS_ERROR",
        "CONNECTIVITY_SSL_ERROR",
        "CONNECTIVITY_DNS_ERROR",
        "LOGIN_SERVER_ERROR",
        "CMK_ERROR",
        "CREDENTIAL_ERROR",
        "UNTRUSTED_REALM_ERROR",
        "PRIVATE_ENDPOINT_DNS_ERROR",
        "DATA_PATH_ERROR",
        "KUBELET_ACRPULL_ERROR",
    ];
    assert_eq!(Scenario::all()[0], Scenario::Healthy);
    assert_eq!(Scenario::Healthy.expected_code(), None);
    for scenario in Scenario::all() {
        if let Some(code) = scenario.expected_code() {
            assert!(known.contains(&code), "{scenario}: {code}");
        }
        let sim = sim(*scenario).await;
        assert_eq!(sim.scenario(), *scenario);
        sim.shutdown().await;
    }
}

async fn challenge(scenario: Scenario) -> (acr_sim::Sim, reqwest::Response) {
    let sim = sim(scenario).await;
    let resp = client(&sim)
        .get(login_url(&sim, "/v2/"))
        .send()
        .await
        .unwrap();
    (sim, resp)
}

#[tokio::test]
async fn challenge_scenarios() {
    let (_sim, resp) = challenge(Scenario::Forbidden).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"errors":[{"code":"DENIED","message":"client with IP '203.0.113.7' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.","detail":null}]}"#
    );
    let (_sim, resp) = challenge(Scenario::ChallengeOk).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(header(&resp, "www-authenticate"), "");
    let (_sim, resp) = challenge(Scenario::ChallengeNotFound).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let (_sim, resp) = challenge(Scenario::ChallengeServerError).await;
    assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let (_sim, resp) = challenge(Scenario::ChallengeThrottled).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&resp, "retry-after"), "30");
    let (sim, resp) = challenge(Scenario::ChallengeSpaced).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(&resp, "www-authenticate"),
        format!(
            "Bearer realm=\"https://{}/oauth2/token\", service=\"{}\"",
            sim.login_server(),
            sim.registry_host()
        )
    );
    let (_sim, resp) = challenge(Scenario::ChallengeBasic).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&resp, "www-authenticate").starts_with("Basic realm="));
    let (sim, resp) = challenge(Scenario::ChallengeNoService).await;
    assert_eq!(
        header(&resp, "www-authenticate"),
        format!(
            "Bearer realm=\"https://{}/oauth2/token\"",
            sim.login_server()
        )
    );
    let (_sim, resp) = challenge(Scenario::GarbageHeader).await;
    assert_eq!(
        header(&resp, "www-authenticate"),
        "Bearer realm=\"unterminated"
    );
}

#[tokio::test]
async fn realm_other_host_points_at_a_foreign_listener() {
    let (sim, resp) = challenge(Scenario::RealmOtherHost).await;
    let expected_realm = format!(
        "https://evil.example.test:{}/oauth2/token",
        sim.other_realm_port()
    );
    assert_eq!(
        header(&resp, "www-authenticate"),
        format!("Bearer realm=\"{expected_realm}\",service=\"simregistry.azurecr.io\"")
    );
    // The foreign realm is reachable (trusted CA) and logs what it receives.
    let c = client(&sim);
    let r = c
        .post(&expected_realm)
        .form(&[("grant_type", "access_token"), ("access_token", "leaked")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let log = sim.requests();
    let foreign = log.iter().find(|r| r.server == Server::OtherRealm).unwrap();
    assert!(
        foreign
            .form
            .contains(&("access_token".into(), "<redacted>".into()))
    );
}

async fn exchange_status(scenario: Scenario) -> reqwest::Response {
    let sim = sim(scenario).await;
    exchange(&sim, &client(&sim), &sim.issue_aad_token()).await
}

#[tokio::test]
async fn exchange_scenarios() {
    for (scenario, status) in [
        (Scenario::ExchangeUnauthorized, StatusCode::UNAUTHORIZED),
        (Scenario::ExchangeForbidden, StatusCode::FORBIDDEN),
        (Scenario::ExchangeThrottled, StatusCode::TOO_MANY_REQUESTS),
        (
            Scenario::ExchangeServerError,
            StatusCode::INTERNAL_SERVER_ERROR,
        ),
    ] {
        let resp = exchange_status(scenario).await;
        assert_eq!(resp.status(), status, "{scenario}");
        assert_eq!(header(&resp, "retry-after"), "", "{scenario}");
        let (_, body) = json(resp).await;
        assert!(body["errors"][0]["code"].is_string(), "{scenario}");
    }
    let resp = exchange_status(Scenario::ExchangeThrottledRetryAfter).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&resp, "retry-after"), "30");

    let resp = exchange_status(Scenario::MalformedToken).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(serde_json::from_slice::<serde_json::Value>(&resp.bytes().await.unwrap()).is_err());
}

#[tokio::test]
async fn exchange_reset_drops_the_connection() {
    let sim = sim(Scenario::ExchangeReset).await;
    let c = client(&sim);
    // The challenge still works on a fresh connection…
    assert_eq!(
        c.get(login_url(&sim, "/v2/"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // …but the exchange never gets a response.
    let started = Instant::now();
    let err = c
        .post(login_url(&sim, "/oauth2/exchange"))
        .form(&[
            ("grant_type", "access_token"),
            ("service", &sim.registry_host()),
            ("access_token", &sim.issue_aad_token()),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.status().is_none());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(sim.requests().iter().any(|r| r.path == "/oauth2/exchange"));
}

#[tokio::test]
async fn token_reset_drops_the_connection() {
    let sim = sim(Scenario::TokenReset).await;
    let started = Instant::now();
    let err = client(&sim)
        .post(login_url(&sim, "/oauth2/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("service", &sim.registry_host()),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn token_scenarios() {
    for (scenario, status) in [
        (Scenario::TokenUnauthorized, StatusCode::UNAUTHORIZED),
        (Scenario::TokenForbidden, StatusCode::FORBIDDEN),
        (Scenario::TokenThrottled, StatusCode::TOO_MANY_REQUESTS),
    ] {
        let sim = sim(scenario).await;
        let c = client(&sim);
        let refresh = refresh_token(&sim, &c).await;
        let resp = token_with_refresh(&sim, &c, &refresh, &["registry:catalog:*"]).await;
        assert_eq!(resp.status(), status, "{scenario}");
    }
}

#[tokio::test]
async fn repo_missing_actions_grants_only_read() {
    let sim = sim(Scenario::RepoMissingActions).await;
    let c = client(&sim);
    let refresh = refresh_token(&sim, &c).await;
    let (status, body) = json(
        token_with_refresh(
            &sim,
            &c,
            &refresh,
            &["repository:hello:pull,push,delete,metadata_read,metadata_write"],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        claims(body["access_token"].as_str().unwrap())["access"],
        json!([{"type": "repository", "name": "hello", "actions": ["pull", "metadata_read"]}])
    );
}

#[tokio::test]
async fn certificate_scenarios_fail_tls_against_the_sim_ca() {
    for scenario in [
        Scenario::UntrustedCert,
        Scenario::WrongHostCert,
        Scenario::ExpiredCert,
    ] {
        let (sim, _) = (sim(scenario).await, ());
        let err = client(&sim)
            .get(login_url(&sim, "/v2/"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_connect(), "{scenario}: {err:?}");
        // Storage keeps its good certificate.
        let storage = format!(
            "https://{}:{}/nothing",
            sim.storage_host(),
            sim.storage_port()
        );
        assert_eq!(
            client(&sim).get(storage).send().await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
    }
    // Trusting the untrusted CA makes the untrusted-cert scenario work: the failure is trust only.
    let sim = sim(Scenario::UntrustedCert).await;
    let c = client_trusting(&sim, sim.untrusted_ca_pem(), Duration::from_secs(10));
    assert_eq!(
        c.get(login_url(&sim, "/v2/"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_ne!(sim.ca_pem(), sim.untrusted_ca_pem());
}

#[tokio::test]
async fn slow_and_hang() {
    let sim = sim(Scenario::Slow).await;
    let started = Instant::now();
    let resp = client(&sim)
        .get(login_url(&sim, "/v2/"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= Duration::from_secs(2));

    let sim = sim_hang().await;
    let c = client_trusting(&sim, sim.ca_pem(), Duration::from_millis(400));
    let err = c.get(login_url(&sim, "/v2/")).send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // Only /v2/ hangs.
    let resp = exchange(&sim, &client(&sim), &sim.issue_aad_token()).await;
    assert_eq!(resp.status(), StatusCode::OK);
}

async fn sim_hang() -> acr_sim::Sim {
    sim(Scenario::Hang).await
}

#[tokio::test]
async fn oversized_bodies_stream_without_length() {
    let sim = sim(Scenario::OversizedBody).await;
    let c = client(&sim);
    let mut resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&resp, "www-authenticate").starts_with("Bearer realm="));
    assert!(resp.content_length().is_none());
    let mut seen = 0usize;
    while let Some(chunk) = resp.chunk().await.unwrap() {
        seen += chunk.len();
        if seen > 2 << 20 {
            break;
        }
    }
    assert!(seen > 2 << 20);
    drop(resp);

    let mut resp = exchange(&sim, &c, &sim.issue_aad_token()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let mut total = 0usize;
    while let Some(chunk) = resp.chunk().await.unwrap() {
        total += chunk.len();
    }
    assert!(total >= 50 * 1024 * 1024);
}

#[tokio::test]
async fn clock_skew_dates_replies_two_hours_back() {
    let (_sim, resp) = challenge(Scenario::ClockSkew).await;
    let date = httpdate_parse(header(&resp, "date"));
    let behind = SystemTime::now().duration_since(date).unwrap();
    assert!(
        behind > Duration::from_secs(7000) && behind < Duration::from_secs(7400),
        "{behind:?}"
    );
    let (_sim, resp) = challenge(Scenario::Healthy).await;
    let behind = SystemTime::now()
        .duration_since(httpdate_parse(header(&resp, "date")))
        .unwrap_or_default();
    assert!(behind < Duration::from_secs(60));
}

fn httpdate_parse(s: &str) -> SystemTime {
    httpdate::parse_http_date(s).expect("an HTTP date")
}

#[tokio::test]
async fn anonymous_pull() {
    for (scenario, anonymous_flag) in [(Scenario::AnonymousPull, false), (Scenario::Healthy, true)]
    {
        let sim = acr_sim::Sim::start(acr_sim::SimOptions {
            scenario,
            anonymous_pull: anonymous_flag,
            ..Default::default()
        })
        .await
        .unwrap();
        let c = client(&sim);
        let url = login_url(
            &sim,
            "/oauth2/token?service=simregistry.azurecr.io&scope=repository:hello:pull,push&scope=registry:catalog:*",
        );
        let (status, body) = json(c.get(url).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        let token = body["access_token"].as_str().unwrap();
        assert_eq!(
            claims(token)["access"],
            json!([
                {"type": "repository", "name": "hello", "actions": ["pull"]},
                {"type": "registry", "name": "catalog", "actions": []},
            ])
        );
        let manifest = c
            .get(login_url(&sim, "/v2/hello/manifests/latest"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(manifest.status(), StatusCode::OK);
    }
}
