use acr_sim::{Scenario, Server};
use reqwest::StatusCode;
use ring::digest;
use serde_json::json;

use crate::util::*;

fn sha256(bytes: &[u8]) -> String {
    let d = digest::digest(&digest::SHA256, bytes);
    let hex: String = d.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[tokio::test]
async fn challenge_is_an_acr_bearer_401() {
    let sim = sim(Scenario::Healthy).await;
    assert_eq!(sim.registry_name(), "simregistry");
    assert_eq!(sim.registry_host(), "simregistry.azurecr.io");
    assert_eq!(
        sim.login_server(),
        format!("simregistry.azurecr.io:{}", sim.login_port())
    );
    let c = client(&sim);
    let resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(&resp, "www-authenticate"),
        format!(
            "Bearer realm=\"https://{}/oauth2/token\",service=\"simregistry.azurecr.io\"",
            sim.login_server()
        )
    );
    assert_eq!(
        header(&resp, "docker-distribution-api-version"),
        "registry/2.0"
    );
    let body = resp.text().await.unwrap();
    assert_eq!(
        body,
        r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information.","detail":null}]}"#
    );
}

#[tokio::test]
async fn exchange_then_token_then_pull_through_the_data_endpoint() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);

    let refresh = refresh_token(&sim, &c).await;
    let rc = claims(&refresh);
    assert_eq!(rc["aud"], "simregistry.azurecr.io");
    assert_eq!(rc["tenant"], sim.tenant_id());

    let resp = token_with_refresh(
        &sim,
        &c,
        &refresh,
        &[
            "repository:hello:pull,push,delete,metadata_read,metadata_write",
            "registry:catalog:*",
        ],
    )
    .await;
    let (status, body) = json(resp).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(
        access["access"],
        json!([
            {"type": "repository", "name": "hello", "actions": ["pull", "push", "delete", "metadata_read", "metadata_write"]},
            {"type": "registry", "name": "catalog", "actions": ["*"]},
        ])
    );
    assert!(access["exp"].as_u64().unwrap() > access["iat"].as_u64().unwrap());

    let token = pull_token(&sim, &c).await;
    let manifest = c
        .get(login_url(&sim, "/v2/hello/manifests/latest"))
        .bearer_auth(&token)
        .header(
            "accept",
            "application/vnd.docker.distribution.manifest.v2+json",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(manifest.status(), StatusCode::OK);
    let digest = header(&manifest, "docker-content-digest").to_string();
    assert_eq!(
        header(&manifest, "content-type"),
        "application/vnd.docker.distribution.manifest.v2+json"
    );
    let bytes = manifest.bytes().await.unwrap();
    assert_eq!(sha256(&bytes), digest);
    let m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(m["schemaVersion"], 2);
    let layer_digest = m["layers"][0]["digest"].as_str().unwrap().to_string();
    let config_digest = m["config"]["digest"].as_str().unwrap();
    assert_ne!(layer_digest, config_digest);

    let head = c
        .head(login_url(&sim, "/v2/hello/manifests/latest"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "docker-content-digest"), digest);
    let by_digest = c
        .get(login_url(&sim, &format!("/v2/hello/manifests/{digest}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_digest.status(), StatusCode::OK);

    let redirect = c
        .get(login_url(&sim, &format!("/v2/hello/blobs/{layer_digest}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::TEMPORARY_REDIRECT);
    let location = header(&redirect, "location").to_string();
    let prefix = format!(
        "https://simregistry.eastus.data.azurecr.io:{}/blob/{layer_digest}?se=",
        sim.storage_port()
    );
    assert!(location.starts_with(&prefix), "{location}");
    assert!(location.contains("&sig="));

    let blob = c.get(&location).send().await.unwrap();
    assert_eq!(blob.status(), StatusCode::OK);
    assert_eq!(sha256(&blob.bytes().await.unwrap()), layer_digest);

    // The data endpoint refuses a request that also carries the registry token.
    let with_auth = c.get(&location).bearer_auth(&token).send().await.unwrap();
    assert_eq!(with_auth.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        header(&with_auth, "x-ms-error-code"),
        "AuthenticationFailed"
    );
    // …and a tampered signature.
    let tampered = location.replace("&sig=", "&sig=AAAA");
    assert_eq!(
        c.get(&tampered).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let unsigned = location.split('?').next().unwrap().to_string();
    assert_eq!(
        c.get(&unsigned).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    let log = sim.requests();
    let storage: Vec<_> = log.iter().filter(|r| r.server == Server::Storage).collect();
    assert_eq!(storage.len(), 4);
    assert_eq!(
        storage[0].host,
        format!("simregistry.eastus.data.azurecr.io:{}", sim.storage_port())
    );
    assert!(
        storage[0].query.contains("sig=<redacted>"),
        "{}",
        storage[0].query
    );
    assert!(
        !storage[0]
            .query
            .contains(location.split("sig=").nth(1).unwrap())
    );
}

#[tokio::test]
async fn manifest_needs_a_pull_token_and_knows_only_hello_latest() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let anon = c
        .get(login_url(&sim, "/v2/hello/manifests/latest"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&anon, "www-authenticate").contains("scope=\"repository:hello:pull\""));

    let refresh = refresh_token(&sim, &c).await;
    let (_, body) =
        json(token_with_refresh(&sim, &c, &refresh, &["registry:catalog:*"]).await).await;
    let catalog_only = body["access_token"].as_str().unwrap().to_string();
    let denied = c
        .get(login_url(&sim, "/v2/hello/manifests/latest"))
        .bearer_auth(&catalog_only)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&denied, "www-authenticate").contains("insufficient_scope"));

    let token = pull_token(&sim, &c).await;
    let (status, body) = json(
        c.get(login_url(&sim, "/v2/hello/manifests/nope"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "MANIFEST_UNKNOWN");

    let (_, body) =
        json(token_with_refresh(&sim, &c, &refresh, &["repository:other:pull"]).await).await;
    let other = body["access_token"].as_str().unwrap().to_string();
    let (status, body) = json(
        c.get(login_url(&sim, "/v2/other/manifests/latest"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "NAME_UNKNOWN");

    let (status, body) = json(
        c.get(login_url(&sim, "/v2/hello/blobs/sha256:0000"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "BLOB_UNKNOWN");

    // An authenticated /v2/ is a 200.
    let ok = c
        .get(login_url(&sim, "/v2/"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn exchange_rejects_tokens_it_should_not_trust() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    for bad in ["", "garbage", "a.b.c"] {
        let (status, body) = json(exchange(&sim, &c, bad).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad:?}");
        assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED");
    }
    // A genuine Entra token for the wrong audience.
    let arm_token = entra_token(&sim, &c, "https://management.azure.com/.default").await;
    let (status, _) = json(exchange(&sim, &c, &arm_token).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A token from another simulator (another signing key).
    let other = crate::util::sim(Scenario::Healthy).await;
    let (status, _) = json(exchange(&sim, &c, &other.issue_aad_token()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // An invalid refresh token at /oauth2/token.
    let (status, _) =
        json(token_with_refresh(&sim, &c, "nope", &["registry:catalog:*"]).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The AAD token itself is not a refresh token.
    let (status, _) =
        json(token_with_refresh(&sim, &c, &sim.issue_aad_token(), &["registry:catalog:*"]).await)
            .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn admin_user_password_grant_and_basic_get() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let host = sim.registry_host();
    let password_grant = |password: &str| {
        c.post(login_url(&sim, "/oauth2/token"))
            .form(&[
                ("grant_type", "password"),
                ("service", host.as_str()),
                ("scope", "repository:hello:pull"),
                ("username", sim.admin_username()),
                ("password", password),
            ])
            .send()
    };
    let (status, body) = json(password_grant(sim.admin_password()).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(access["access"][0]["actions"], json!(["pull"]));
    let (status, _) = json(password_grant("wrong").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let url = login_url(
        &sim,
        &format!("/oauth2/token?service={host}&scope=repository:hello:pull"),
    );
    let resp = c
        .get(&url)
        .basic_auth(sim.admin_username(), Some(sim.admin_password()))
        .send()
        .await
        .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["access_token"].is_string());
    let anon = c.get(&url).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    let wrong = c.get(&url).basic_auth("x", Some("y")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn request_log_masks_secrets() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let refresh = refresh_token(&sim, &c).await;
    token_with_refresh(&sim, &c, &refresh, &["repository:hello:pull"]).await;
    c.get(login_url(&sim, "/v2/"))
        .basic_auth(sim.admin_username(), Some(sim.admin_password()))
        .header("cookie", "session=secret-cookie")
        .send()
        .await
        .unwrap();
    let log = sim.requests();
    assert_eq!(log.len(), 3);
    let ex = &log[0];
    assert_eq!(
        (ex.server, ex.method.as_str(), ex.path.as_str()),
        (Server::Registry, "POST", "/oauth2/exchange")
    );
    assert_eq!(ex.host, sim.login_server());
    assert!(
        ex.form
            .contains(&("grant_type".into(), "access_token".into()))
    );
    assert!(
        ex.form
            .contains(&("access_token".into(), "<redacted>".into()))
    );
    assert!(ex.form.contains(&("tenant".into(), sim.tenant_id().into())));
    let tok = &log[1];
    assert!(
        tok.form
            .contains(&("refresh_token".into(), "<redacted>".into()))
    );
    assert!(
        tok.form
            .contains(&("scope".into(), "repository:hello:pull".into()))
    );
    let v2 = &log[2];
    assert_eq!(v2.authorization_scheme.as_deref(), Some("Basic"));
    for (name, value) in &v2.headers {
        if name == "authorization" || name == "cookie" {
            assert_eq!(value, "<redacted>");
        }
    }
    let dump = serde_json::to_string(&log).unwrap();
    assert!(!dump.contains(&refresh));
    assert!(!dump.contains(sim.admin_password()));
    assert!(!dump.contains("secret-cookie"));
}

#[tokio::test]
async fn tags_list_pages_through_a_relative_link_and_needs_metadata_read() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let refresh = refresh_token(&sim, &c).await;
    let (_, body) = json(
        token_with_refresh(&sim, &c, &refresh, &["repository:hello:pull,metadata_read"]).await,
    )
    .await;
    let token = body["access_token"].as_str().unwrap().to_owned();
    let mut url = login_url(&sim, "/v2/hello/tags/list?n=100");
    let mut tags = Vec::new();
    for _ in 0..10 {
        let resp = c.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let link = header(&resp, "link").to_owned();
        let (_, page) = json(resp).await;
        let page: Vec<String> = page["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect();
        assert!(page.len() <= 3);
        tags.extend(page);
        if link.is_empty() {
            break;
        }
        let target = link.split(['<', '>']).nth(1).unwrap();
        assert!(target.starts_with("/v2/hello/tags/list?last="), "{link}");
        url = login_url(&sim, target);
    }
    assert_eq!(
        tags,
        [
            "1.0", "latest", "stable", "v1", "v1.1", "v1.2", "v2", "v2.0.1"
        ]
    );
    // A pull-only token may not list.
    let pull = pull_token(&sim, &c).await;
    let resp = c
        .get(login_url(&sim, "/v2/hello/tags/list"))
        .bearer_auth(&pull)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&resp, "www-authenticate").contains("insufficient_scope"));
}
