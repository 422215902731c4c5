//! `acr_sim::azure_cli::Fixture`: Azure CLI config dirs whose tokens the running sim accepts.

use std::path::{Path, PathBuf};

use acr_sim::Scenario;
use acr_sim::azure_cli::{AZURE_CLI_CLIENT_ID, CLOUD_NAME, Fixture, Login};
use reqwest::StatusCode;
use serde_json::Value;

use crate::util::*;

const ACR_SCOPE: &str = "https://containerregistry.azure.net/.default";
const ARM_SCOPE: &str = "https://management.core.windows.net//.default";

/// A fresh directory under the target dir's tmp, removed first if a previous run left it.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("acr-sim-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

fn cache(dir: &Path) -> Value {
    read_json(&dir.join("msal_token_cache.json"))
}

fn entries<'a>(cache: &'a Value, section: &str) -> Vec<&'a Value> {
    cache[section].as_object().unwrap().values().collect()
}

#[tokio::test]
async fn user_fixture_has_az_shapes_and_working_tokens() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let dir = scratch("user");
    Fixture::new(&sim, Login::User)
        .cached_token(ACR_SCOPE, 3600)
        .cached_token(ARM_SCOPE, 3600)
        .write(&dir)
        .unwrap();

    let config = std::fs::read_to_string(dir.join("config")).unwrap();
    assert!(config.contains(&format!("[cloud]\nname = {CLOUD_NAME}\n")));
    let clouds = std::fs::read_to_string(dir.join("clouds.config")).unwrap();
    assert!(clouds.starts_with(&format!("[{CLOUD_NAME}]\n")));
    assert!(clouds.contains(&format!(
        "endpoint_active_directory = {}\n",
        sim.authority_host()
    )));
    assert!(clouds.contains(&format!(
        "endpoint_resource_manager = {}/\n",
        sim.arm_endpoint()
    )));
    assert!(clouds.contains("suffix_acr_login_server_endpoint = .azurecr.io\n"));

    let raw = std::fs::read(dir.join("azureProfile.json")).unwrap();
    assert!(raw.starts_with(b"\xef\xbb\xbf{"), "az writes utf-8-sig");
    let profile = read_json(&dir.join("azureProfile.json"));
    let subs = profile["subscriptions"].as_array().unwrap();
    let default: Vec<&Value> = subs.iter().filter(|s| s["isDefault"] == true).collect();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0]["id"], sim.subscription_id());
    assert_eq!(default[0]["tenantId"], sim.tenant_id());
    assert_eq!(default[0]["environmentName"], CLOUD_NAME);
    assert_eq!(default[0]["user"]["name"], sim.user_name());
    assert_eq!(default[0]["user"]["type"], "user");
    assert!(subs.iter().any(|s| s["environmentName"] == "AzureCloud"));

    let cache = cache(&dir);
    let accounts = entries(&cache, "Account");
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0]["username"], sim.user_name());
    assert_eq!(accounts[0]["environment"], "127.0.0.1");
    let rts = entries(&cache, "RefreshToken");
    assert_eq!(rts[0]["family_id"], "1");
    assert_eq!(rts[0]["client_id"], AZURE_CLI_CLIENT_ID);
    let ats = entries(&cache, "AccessToken");
    assert_eq!(ats.len(), 2);
    for at in &ats {
        assert_eq!(at["client_id"], AZURE_CLI_CLIENT_ID);
        assert_eq!(at["realm"], sim.tenant_id());
        let expires: u64 = at["expires_on"].as_str().unwrap().parse().unwrap();
        let cached: u64 = at["cached_at"].as_str().unwrap().parse().unwrap();
        assert_eq!(expires - cached, 3600);
    }
    // The cached ACR token works at the exchange, the ARM one at ARM.
    let acr = ats
        .iter()
        .find(|a| a["target"].as_str().unwrap().contains("containerregistry"))
        .unwrap();
    let (status, body) = json(exchange(&sim, &c, acr["secret"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let arm = ats
        .iter()
        .find(|a| a["target"].as_str().unwrap().contains("management"))
        .unwrap();
    let url = format!(
        "{}/subscriptions/{}?api-version=2022-12-01",
        sim.arm_endpoint(),
        sim.subscription_id()
    );
    let resp = c
        .get(url)
        .bearer_auth(arm["secret"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    // The cached refresh token is redeemable.
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        sim.authority_host(),
        sim.tenant_id()
    );
    let (status, body) = json(
        c.post(url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("client_id", AZURE_CLI_CLIENT_ID),
                ("refresh_token", rts[0]["secret"].as_str().unwrap()),
                ("scope", ACR_SCOPE),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let sp = read_json(&dir.join("service_principal_entries.json"));
    assert_eq!(sp, serde_json::json!([]));
}

#[tokio::test]
async fn user_fixture_without_tokens_holds_only_the_sign_in() {
    let sim = sim(Scenario::Healthy).await;
    let dir = scratch("user-refresh");
    Fixture::new(&sim, Login::User).write(&dir).unwrap();
    let cache = cache(&dir);
    assert!(entries(&cache, "AccessToken").is_empty());
    assert_eq!(entries(&cache, "Account").len(), 1);
    assert_eq!(entries(&cache, "IdToken").len(), 1);
    assert_eq!(entries(&cache, "RefreshToken").len(), 1);
    let rt = entries(&cache, "RefreshToken")[0]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!rt.starts_with("eyJ"));
}

#[tokio::test]
async fn service_principal_fixtures() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let dir = scratch("sp-secret");
    Fixture::new(&sim, Login::ServicePrincipalSecret)
        .cached_token(ACR_SCOPE, 3600)
        .write(&dir)
        .unwrap();
    assert_eq!(
        read_json(&dir.join("service_principal_entries.json")),
        serde_json::json!([{
            "client_id": sim.client_id(),
            "tenant": sim.tenant_id(),
            "client_secret": sim.client_secret(),
        }])
    );
    let profile = read_json(&dir.join("azureProfile.json"));
    assert_eq!(
        profile["subscriptions"][0]["user"]["type"],
        "servicePrincipal"
    );
    assert_eq!(profile["subscriptions"][0]["user"]["name"], sim.client_id());
    let cache = cache(&dir);
    let ats = entries(&cache, "AccessToken");
    assert_eq!(ats.len(), 1);
    assert_eq!(ats[0]["home_account_id"], Value::Null);
    assert_eq!(ats[0]["client_id"], sim.client_id());
    assert_eq!(ats[0]["target"], ACR_SCOPE);
    assert!(entries(&cache, "Account").is_empty());
    assert!(entries(&cache, "RefreshToken").is_empty());
    let secret = ats[0]["secret"].as_str().unwrap();
    assert_eq!(claims(secret)["idtyp"], "app");
    assert_eq!(
        json(exchange(&sim, &c, secret).await).await.0,
        StatusCode::OK
    );

    let dir = scratch("sp-cert");
    Fixture::new(&sim, Login::ServicePrincipalCertificate)
        .write(&dir)
        .unwrap();
    let entries = read_json(&dir.join("service_principal_entries.json"));
    let cert = Path::new(entries[0]["certificate"].as_str().unwrap());
    assert_eq!(entries[0]["client_id"], sim.client_id());
    assert!(entries[0].get("client_secret").is_none());
    let pem = std::fs::read_to_string(cert).unwrap();
    assert!(
        pem.contains("-----BEGIN PRIVATE KEY-----") && pem.contains("-----BEGIN CERTIFICATE-----")
    );
}

#[tokio::test]
async fn managed_identity_and_cloud_shell_profiles() {
    let sim = sim(Scenario::Healthy).await;
    let dir = scratch("mi");
    Fixture::new(&sim, Login::ManagedIdentity)
        .write(&dir)
        .unwrap();
    let user = &read_json(&dir.join("azureProfile.json"))["subscriptions"][0]["user"];
    assert_eq!(user["name"], "systemAssignedIdentity");
    assert_eq!(user["type"], "servicePrincipal");
    assert_eq!(user["assignedIdentityInfo"], "MSI");

    let dir = scratch("cloudshell");
    Fixture::new(&sim, Login::CloudShell).write(&dir).unwrap();
    let user = &read_json(&dir.join("azureProfile.json"))["subscriptions"][0]["user"];
    assert_eq!(user["type"], "user");
    assert_eq!(user["cloudShellID"], true);
}

#[tokio::test]
async fn broken_and_unusual_caches() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);

    let dir = scratch("encrypted");
    Fixture::new(&sim, Login::User)
        .cached_token(ACR_SCOPE, 3600)
        .encrypted_cache()
        .write(&dir)
        .unwrap();
    let bin = std::fs::read(dir.join("msal_token_cache.bin")).unwrap();
    assert!(serde_json::from_slice::<Value>(&bin).is_err());
    assert!(std::str::from_utf8(&bin).is_err());
    // The JSON beside it is stale: its token expired and its refresh token is unknown.
    let stale = cache(&dir);
    let at = entries(&stale, "AccessToken")[0];
    let expires: u64 = at["expires_on"].as_str().unwrap().parse().unwrap();
    assert!(
        expires
            < std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
    );
    let rt = entries(&stale, "RefreshToken")[0]["secret"]
        .as_str()
        .unwrap();
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        sim.authority_host(),
        sim.tenant_id()
    );
    let (status, _) = json(
        c.post(url)
            .form(&[
                ("grant_type", "refresh_token"),
                ("client_id", AZURE_CLI_CLIENT_ID),
                ("refresh_token", rt),
                ("scope", ACR_SCOPE),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let dir = scratch("truncated");
    Fixture::new(&sim, Login::User)
        .truncated_cache()
        .write(&dir)
        .unwrap();
    let text = std::fs::read_to_string(dir.join("msal_token_cache.json")).unwrap();
    assert!(text.starts_with('{') && serde_json::from_str::<Value>(&text).is_err());

    let dir = scratch("expired-tenant-env");
    Fixture::new(&sim, Login::User)
        .cached_token(ACR_SCOPE, -60)
        .with_tenant_level_account()
        .environment("login.microsoftonline.com")
        .write(&dir)
        .unwrap();
    let cache = cache(&dir);
    let at = entries(&cache, "AccessToken")[0];
    assert_eq!(at["environment"], "login.microsoftonline.com");
    assert!(
        cache["AccessToken"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k.contains("-login.microsoftonline.com-accesstoken-"))
    );
    assert_eq!(
        json(exchange(&sim, &c, at["secret"].as_str().unwrap()).await)
            .await
            .0,
        StatusCode::UNAUTHORIZED,
        "an expired cached token is refused"
    );
    let subs = read_json(&dir.join("azureProfile.json"))["subscriptions"].clone();
    let tenant_level = subs
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == sim.tenant_id())
        .unwrap();
    assert_eq!(tenant_level["isDefault"], false);
    assert_eq!(tenant_level["tenantId"], sim.tenant_id());
}

/// The binary's `--az-config-out` flags write the two fixtures `scripts/bench.sh` uses.
#[test]
fn binary_writes_az_config_dirs() {
    let dir = scratch("binary");
    let (with_tokens, refresh_only, env) =
        (dir.join("az"), dir.join("az-refresh"), dir.join("env"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_acr-sim"))
        .arg("--az-config-out")
        .arg(&with_tokens)
        .arg("--az-config-out-refresh")
        .arg(&refresh_only)
        .arg("--env-out")
        .arg(&env)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !env.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(env.exists(), "the binary wrote its env file");
    assert_eq!(entries(&cache(&with_tokens), "AccessToken").len(), 2);
    assert!(entries(&cache(&refresh_only), "AccessToken").is_empty());
    assert_eq!(entries(&cache(&refresh_only), "RefreshToken").len(), 1);
    let env = std::fs::read_to_string(env).unwrap();
    assert!(env.contains("ACR_SIM_USER='dev@simtenant.onmicrosoft.com'"));
}
