//! Real MSAL Python against the simulator (`scripts/msal_login.py`): it must sign in both ways,
//! and `azure_cli::Fixture` must write the very cache shapes MSAL writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use acr_sim::azure_cli::{Fixture, Login};
use acr_sim::{Scenario, Server, Sim};
use reqwest::StatusCode;
use serde_json::Value;

use crate::azure_cli::scratch;
use crate::util::*;

const ACR_SCOPE: &str = "https://containerregistry.azure.net/.default";
const ARM_SCOPE: &str = "https://management.core.windows.net//.default";

/// The Python that has msal: the repository's `.venv` (scripts/test.sh and
/// .ci/run install it there, never into the system Python), else `python3`
/// on PATH.
fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

/// Whether the real library is here; without it the tests skip loudly, unless
/// `ACR_HEALTH_REQUIRE_REAL=1` says they must run.
fn msal_available(test: &str) -> bool {
    let ok = Command::new(python())
        .args(["-c", "import msal"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("ACR_HEALTH_REQUIRE_REAL").as_deref() == Ok("1") {
            panic!(
                "{test}: python3 with msal is required (ACR_HEALTH_REQUIRE_REAL=1); scripts/test.sh installs it into .venv"
            );
        }
        eprintln!(
            "SKIPPED: {test}: python3 cannot import msal (scripts/test.sh installs it into .venv)"
        );
    }
    ok
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/msal_login.py")
}

/// Run the script; (success, stderr).
fn msal_login(sim: &Sim, ca: &Path, cache: &Path, mode: &[&str]) -> (bool, String) {
    let out = Command::new(python())
        .arg(script())
        .arg(sim.authority_host())
        .arg(sim.tenant_id())
        .arg(cache)
        .args(mode)
        .env("REQUESTS_CA_BUNDLE", ca)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .output()
        .expect("python3 runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn section<'a>(cache: &'a Value, name: &str) -> Vec<(&'a String, &'a Value)> {
    cache[name]
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

/// The cache's shape: every section's keys, and every entry's field names.
fn shape(cache: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, entries) in cache.as_object().unwrap() {
        for (key, entry) in entries.as_object().unwrap() {
            out.insert(format!("{name} {key}"));
            for field in entry.as_object().unwrap().keys() {
                out.insert(format!("{name} {key} .{field}"));
            }
        }
    }
    out
}

#[tokio::test]
async fn real_msal_signs_in_and_fixture_writes_the_same_cache() {
    if !msal_available("real_msal_signs_in_and_fixture_writes_the_same_cache") {
        return;
    }
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let dir = scratch("msal");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, sim.ca_pem()).unwrap();

    let (user_cache, sp_cache, both) = (
        dir.join("user.json"),
        dir.join("sp.json"),
        dir.join("both.json"),
    );
    let user = ["user", sim.user_name(), sim.user_password()];
    let sp = ["sp", sim.client_id(), sim.client_secret()];
    for (cache, mode) in [
        (&user_cache, &user),
        (&sp_cache, &sp),
        (&both, &user),
        (&both, &sp),
    ] {
        let (ok, err) = msal_login(&sim, &ca, cache, mode);
        assert!(ok, "msal_login.py {}: {err}", mode[0]);
    }

    // MSAL found everything on the sim: discovery, user realm (whose URL MSAL builds without
    // the port) and the token endpoint.
    let paths: Vec<String> = sim.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("/v2.0/.well-known/openid-configuration"))
    );
    assert!(paths.iter().any(|p| p.starts_with("/common/userrealm/")));
    assert!(sim.requests().iter().all(|r| r.server == Server::Entra));

    // One file took both sign-ins; every access token in it is good at the exchange or ARM.
    let both = read(&both);
    let ats = section(&both, "AccessToken");
    assert_eq!(ats.len(), 2, "{both}");
    for (_, at) in &ats {
        let secret = at["secret"].as_str().unwrap();
        let aud = claims(secret)["aud"].as_str().unwrap().to_string();
        if aud.contains("containerregistry") {
            assert_eq!(
                json(exchange(&sim, &c, secret).await).await.0,
                StatusCode::OK
            );
        } else {
            let url = format!(
                "{}/subscriptions/{}?api-version=2022-12-01",
                sim.arm_endpoint(),
                sim.subscription_id()
            );
            let resp = c.get(url).bearer_auth(secret).send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{aud}");
        }
        assert_eq!(at["environment"], "127.0.0.1", "MSAL drops the port");
    }
    let accounts = section(&both, "Account");
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].1["username"], sim.user_name());
    let rts = section(&both, "RefreshToken");
    assert_eq!(rts.len(), 1);
    assert_eq!(rts[0].1["family_id"], "1");

    // The fixture writes what MSAL writes: same keys, same fields.
    let fixture_dir = dir.join("fixture-user");
    Fixture::new(&sim, Login::User)
        .cached_token(ARM_SCOPE, 3600)
        .write(&fixture_dir)
        .unwrap();
    let fixture = read(&fixture_dir.join("msal_token_cache.json"));
    assert_eq!(shape(&fixture), shape(&read(&user_cache)));

    let fixture_dir = dir.join("fixture-sp");
    Fixture::new(&sim, Login::ServicePrincipalSecret)
        .cached_token(ACR_SCOPE, 3600)
        .write(&fixture_dir)
        .unwrap();
    let fixture = read(&fixture_dir.join("msal_token_cache.json"));
    assert_eq!(shape(&fixture), shape(&read(&sp_cache)));
}

#[tokio::test]
async fn msal_login_fails_clearly() {
    if !msal_available("msal_login_fails_clearly") {
        return;
    }
    let sim = sim(Scenario::Healthy).await;
    let dir = scratch("msal-fail");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, sim.ca_pem()).unwrap();
    let cache = dir.join("cache.json");
    let (ok, err) = msal_login(&sim, &ca, &cache, &["user", sim.user_name(), "wrong"]);
    assert!(!ok);
    assert!(
        err.contains("invalid_grant") && err.contains("AADSTS50126"),
        "{err}"
    );
    assert!(!cache.exists());

    // Another sim's CA is not trusted: TLS fails before anything is sent.
    let other = crate::util::sim(Scenario::AadInteractionRequired).await;
    let args = ["user", other.user_name(), other.user_password()];
    let (ok, err) = msal_login(&other, &ca, &cache, &args);
    assert!(!ok && err.contains("sign-in failed"), "{err}");

    let other_ca = dir.join("other-ca.pem");
    std::fs::write(&other_ca, other.ca_pem()).unwrap();
    let (ok, err) = msal_login(&other, &other_ca, &cache, &args);
    assert!(!ok);
    assert!(
        err.contains("interaction_required") && err.contains("AADSTS50076"),
        "{err}"
    );
}
