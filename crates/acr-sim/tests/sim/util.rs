use std::net::SocketAddr;
use std::time::Duration;

use acr_sim::{Scenario, Sim, SimOptions};
use reqwest::{Certificate, Client, StatusCode};
use serde_json::{Map, Value};

pub async fn sim(scenario: Scenario) -> Sim {
    Sim::start(SimOptions {
        scenario,
        ..SimOptions::default()
    })
    .await
    .expect("sim starts")
}

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// reqwest is built without a crypto provider (see Cargo.toml), so ring is made the process
/// default before any test client is built, as acr-health's main does. Idempotent: only the
/// first call installs.
pub fn install_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A client with the platform's roots and no proxy, for the sim's plain-HTTP endpoints.
pub fn plain_client() -> Client {
    install_ring();
    Client::builder().no_proxy().build().expect("client builds")
}

/// A client that trusts `ca_pem` and reaches every sim host name on loopback.
pub fn client_trusting(sim: &Sim, ca_pem: &str, timeout: Duration) -> Client {
    install_ring();
    let ca = Certificate::from_pem(ca_pem.as_bytes()).expect("CA parses");
    Client::builder()
        .tls_certs_only([ca])
        .resolve(&sim.registry_host(), loopback(sim.login_port()))
        .resolve(&sim.storage_host(), loopback(sim.storage_port()))
        .resolve(sim.other_realm_host(), loopback(sim.other_realm_port()))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .no_proxy()
        .build()
        .expect("client builds")
}

pub fn client(sim: &Sim) -> Client {
    client_trusting(sim, sim.ca_pem(), Duration::from_secs(10))
}

pub fn login_url(sim: &Sim, path: &str) -> String {
    format!("https://{}{}", sim.login_server(), path)
}

pub fn claims(token: &str) -> Map<String, Value> {
    acr_sim::decode_claims(token).expect("token is a JWT")
}

pub async fn json(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let body = resp.text().await.expect("body");
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, value)
}

pub async fn exchange(sim: &Sim, c: &Client, aad: &str) -> reqwest::Response {
    c.post(login_url(sim, "/oauth2/exchange"))
        .form(&[
            ("grant_type", "access_token"),
            ("service", &sim.registry_host()),
            ("tenant", sim.tenant_id()),
            ("access_token", aad),
        ])
        .send()
        .await
        .expect("exchange answered")
}

pub async fn refresh_token(sim: &Sim, c: &Client) -> String {
    let (status, body) = json(exchange(sim, c, &sim.issue_aad_token()).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

pub async fn token_with_refresh(
    sim: &Sim,
    c: &Client,
    refresh: &str,
    scopes: &[&str],
) -> reqwest::Response {
    let host = sim.registry_host();
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("service", host.as_str()),
        ("refresh_token", refresh),
    ];
    form.extend(scopes.iter().map(|s| ("scope", *s)));
    c.post(login_url(sim, "/oauth2/token"))
        .form(&form)
        .send()
        .await
        .expect("token answered")
}

pub async fn pull_token(sim: &Sim, c: &Client) -> String {
    let refresh = refresh_token(sim, c).await;
    let (status, body) =
        json(token_with_refresh(sim, c, &refresh, &["repository:hello:pull"]).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

/// An Entra token for `scope` from the service principal.
pub async fn entra_token(sim: &Sim, c: &Client, scope: &str) -> String {
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        sim.authority_host(),
        sim.tenant_id()
    );
    let resp = c
        .post(url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", sim.client_id()),
            ("client_secret", sim.client_secret()),
            ("scope", scope),
        ])
        .send()
        .await
        .expect("entra answered");
    let (status, body) = json(resp).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

pub fn header<'a>(resp: &'a reqwest::Response, name: &str) -> &'a str {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}
