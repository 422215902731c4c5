//! The developer path: a user who ran `az login` and nothing else. Each test
//! writes an Azure CLI config dir with the simulator's fixture writer (or the
//! real MSAL library), runs the check in every output mode, and proves that
//! az's files did not change and that no token or secret was printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use acr_sim::Server;
use acr_sim::azure_cli::{Fixture, Login};

use crate::util::{ACR_SCOPE, ARM_SCOPE, Run, SimRun, sim};

fn field<'a>(r: &'a acr_sim::LoggedRequest, k: &str) -> Option<&'a str> {
    r.form
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

/// Every file under `dir` with its content, to prove nothing was written.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

/// Every `secret` value in the token cache and the service-principal
/// entries: none may be printed.
fn file_secrets(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut collect = |v: &serde_json::Value| {
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m {
                        if matches!(k.as_str(), "secret" | "client_secret")
                            && let Some(s) = x.as_str()
                        {
                            out.push(s.to_owned());
                        }
                        walk(x, out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(v, &mut out);
    };
    for name in ["msal_token_cache.json", "service_principal_entries.json"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(name))
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(&text)
        {
            collect(&v);
        }
    }
    out
}

/// A check as an az-logged-in developer runs it: by registry name, no
/// `AZURE_*` credential variables, az's config dir at `dir`.
struct AzCheck<'a> {
    s: &'a SimRun,
    dir: PathBuf,
    extra: Vec<String>,
    env: Vec<(String, String)>,
    #[cfg_attr(not(unix), allow(dead_code))]
    fake_az: Option<String>,
}

impl<'a> AzCheck<'a> {
    fn new(s: &'a SimRun, fixture: Fixture) -> Self {
        let dir = s.dir.path().join("azure");
        std::fs::create_dir_all(&dir).unwrap();
        fixture.write(&dir).unwrap();
        AzCheck {
            s,
            dir,
            extra: Vec::new(),
            env: Vec::new(),
            fake_az: None,
        }
    }

    fn args(mut self, a: &[&str]) -> Self {
        self.extra.extend(a.iter().map(|s| s.to_string()));
        self
    }

    fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// An `az` on PATH that answers `get-access-token` with a valid token
    /// for the resource asked (the registry's or ARM's). Unix only: the
    /// fake is a `#!/bin/sh` script.
    fn with_fake_az(mut self) -> Self {
        let acr = self
            .s
            .sim
            .issue_sp_token("https://containerregistry.azure.net", 3600);
        let arm = self
            .s
            .sim
            .issue_sp_token("https://management.core.windows.net/", 3600);
        self.fake_az = Some(crate::util::fake_az(&acr, &arm));
        self
    }

    fn one(&self, mode: &[&str]) -> Run {
        let mut c = self
            .s
            .check()
            .without_service_principal()
            .without_env("AZURE_TENANT_ID")
            .without_env("AZURE_CLIENT_ID")
            .name(self.s.sim.registry_name())
            .env("AZURE_CONFIG_DIR", &self.dir);
        for (k, v) in &self.env {
            c = c.env(k, v);
        }
        if let Some(script) = &self.fake_az {
            c = c.fake_bin("az", script);
        }
        for secret in file_secrets(&self.dir) {
            c = c.secret(secret);
        }
        c.args(&self.extra).args(mode).run()
    }

    /// Runs text (returned), then JSON, az, markdown, JUnit and `--debug`,
    /// each with every secret in az's files registered with the harness
    /// (which fails any run that prints one); az's files unchanged after.
    fn run(self) -> Run {
        let before = snapshot(&self.dir);
        let text = self.one(&[]);
        for mode in [
            &["-o", "json"][..],
            &["-o", "az"],
            &["-o", "markdown"],
            &["-o", "junit"],
            &["--debug"],
        ] {
            let other = self.one(mode);
            assert_eq!(other.status, text.status, "{mode:?}\n{}", other.all());
        }
        assert_eq!(snapshot(&self.dir), before, "az's files were changed");
        text
    }
}

fn user_with_tokens(s: &SimRun) -> Fixture {
    Fixture::new(&s.sim, Login::User)
        .cached_token(ACR_SCOPE, 3600)
        .cached_token(ARM_SCOPE, 3600)
}

#[test]
fn cached_tokens_serve_without_entra_id_and_arm_uses_the_default_subscription() {
    let s = sim("healthy");
    let run = AzCheck::new(&s, user_with_tokens(&s)).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Credential: Azure CLI login (cached token, {})",
        s.sim.user_name()
    ))
    .assert_contains(&format!(
        "read from ARM, subscription {} from the Azure CLI's default subscription",
        s.sim.subscription_id()
    ))
    .assert_contains("CMK identity: /subscriptions/")
    .assert_contains(&format!(
        "Fetch access token for registry '{}' : OK",
        s.sim.login_server()
    ));
    assert!(
        s.requests_from(Server::Entra).is_empty(),
        "{:?}",
        s.requests_from(Server::Entra)
    );
}

#[test]
fn expired_token_is_replaced_by_redeeming_the_refresh_token() {
    let s = sim("healthy");
    let fixture = Fixture::new(&s.sim, Login::User)
        .cached_token(ACR_SCOPE, 60) // under five minutes left: not used
        .cached_token(ARM_SCOPE, -600);
    let run = AzCheck::new(&s, fixture).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: Azure CLI login (refresh token, ");
    let requests = s.requests_from(Server::Entra);
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.path, format!("/{}/oauth2/v2.0/token", s.sim.tenant_id()));
        assert_eq!(field(r, "grant_type"), Some("refresh_token"));
        assert_eq!(
            field(r, "client_id"),
            Some(acr_sim::azure_cli::AZURE_CLI_CLIENT_ID)
        );
    }
    let scopes: Vec<&str> = requests.iter().filter_map(|r| field(r, "scope")).collect();
    assert!(
        scopes.iter().any(|s| s.starts_with(ARM_SCOPE)),
        "{scopes:?}"
    );
    assert!(
        scopes.iter().any(|s| s.starts_with(ACR_SCOPE)),
        "{scopes:?}"
    );
}

#[test]
fn service_principal_from_az_uses_its_stored_secret() {
    let s = sim("healthy");
    let run = AzCheck::new(&s, Fixture::new(&s.sim, Login::ServicePrincipalSecret)).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: Azure CLI login (service principal from az, ");
    let requests = s.requests_from(Server::Entra);
    assert!(!requests.is_empty());
    assert!(
        requests
            .iter()
            .all(|r| field(r, "grant_type") == Some("client_credentials")
                && field(r, "client_id") == Some(s.sim.client_id()))
    );
}

#[test]
fn user_not_logged_in_runs_az() {
    let s = sim("healthy");
    let dir = s.dir.path().join("empty-az");
    std::fs::create_dir_all(&dir).unwrap();
    let token = s.sim.issue_aad_token();
    let run = s
        .check()
        .without_service_principal()
        .env("AZURE_CONFIG_DIR", &dir)
        .fake_bin("az", &crate::util::fake_az(&token, &token))
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "Credential: Azure CLI login (az account get-access-token: not logged in (no azureProfile.json))",
    );
}

#[test]
fn encrypted_cache_falls_back_to_az() {
    let s = sim("healthy");
    let fixture = user_with_tokens(&s).encrypted_cache();
    let run = AzCheck::new(&s, fixture).with_fake_az().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("(az account get-access-token: az keeps its token cache encrypted");
    assert!(s.requests_from(Server::Entra).is_empty());
}

#[test]
fn truncated_cache_falls_back_to_az() {
    let s = sim("healthy");
    let fixture = user_with_tokens(&s).truncated_cache();
    let run = AzCheck::new(&s, fixture).with_fake_az().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("(az account get-access-token: ")
        .assert_contains("msal_token_cache.json cannot be parsed");
}

#[test]
fn interaction_required_falls_back_to_az() {
    let s = sim("aad-interaction-required");
    let run = AzCheck::new(&s, Fixture::new(&s.sim, Login::User))
        .with_fake_az()
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("(az account get-access-token: refresh token failed at ")
        .assert_contains("AADSTS50076 (interaction_required)");
}

/// The credential chain is one step (docs/security.md): Entra ID takes 2 s to
/// refuse the refresh token (MFA), and the `az` it falls back to hangs; the
/// whole chain still ends at one --timeout, not at 2 s plus a timeout of its
/// own for az.
#[test]
fn a_chain_falling_back_source_to_source_shares_one_timeout() {
    let s = sim("aad-slow-interaction-required");
    // The harness runs with --timeout 3s.
    let mut check = AzCheck::new(&s, Fixture::new(&s.sim, Login::User)).args(&["--ignore-errors"]);
    check.fake_az = Some("/bin/sleep 30".into());
    let run = check.one(&[]);
    let bound =
        "The credential chain did not finish within 3s (--timeout), trying source after source.";
    // Both chains, the ARM token's and the registry token's, end at the bound.
    run.assert_contains(&format!("no ARM token: {bound}"))
        .assert_error(
            "CREDENTIAL_ERROR",
            &format!("No credential for registry 'simregistry.azurecr.io' could be used. {bound}"),
        );
}

#[test]
fn invalid_grant_falls_back_to_az() {
    let s = sim("aad-invalid-grant");
    let run = AzCheck::new(&s, Fixture::new(&s.sim, Login::User))
        .with_fake_az()
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("(invalid_grant)");
}

#[test]
fn managed_identity_and_cloud_shell_logins_fall_back_to_az() {
    for (login, why) in [
        (Login::ManagedIdentity, "the login is a managed identity"),
        (Login::CloudShell, "the login is Cloud Shell's"),
        (
            Login::ServicePrincipalCertificate,
            "signs in with a certificate",
        ),
    ] {
        let s = sim("healthy");
        let run = AzCheck::new(&s, Fixture::new(&s.sim, login))
            .with_fake_az()
            .run();
        assert_eq!(run.status, 0, "{}", run.all());
        run.assert_contains("Credential: Azure CLI login (az account get-access-token: ")
            .assert_contains(why);
        assert!(s.requests_from(Server::Entra).is_empty());
    }
}

#[test]
fn registry_not_in_the_default_subscription_falls_back_to_the_suffix() {
    let s = sim("registry-not-found");
    let run = AzCheck::new(&s, user_with_tokens(&s)).run();
    run.assert_contains("Login server: simregistry.azurecr.io (registry 'simregistry' in AcrSimCloud")
        .assert_contains("from the Azure CLI's default subscription): ARM says registry 'simregistry' in subscription")
        .assert_contains("DNS lookup to simregistry.azurecr.io at IP 127.0.0.1 : OK");
    let az = AzCheck::new(&s, user_with_tokens(&s)).one(&["-o", "az"]);
    assert!(!az.stderr.contains("ARM"), "{}", az.stderr);
    assert!(
        az.stderr
            .contains("DNS lookup to simregistry.azurecr.io at IP 127.0.0.1 : OK")
    );
}

#[test]
fn arm_forbidden_falls_back_with_a_warning() {
    let s = sim("arm-forbidden");
    let check = AzCheck::new(&s, user_with_tokens(&s));
    let run = check.one(&[]);
    run.assert_contains("The registry could not be read from ARM")
        .assert_contains("ARM answered 403")
        .assert_contains(
            "Login server: simregistry.azurecr.io (registry 'simregistry' in AcrSimCloud",
        );
    let json = check.one(&["-o", "json"]).json();
    assert!(json.to_string().contains("could not be read from ARM"));
    let az = check.one(&["-o", "az"]);
    assert!(
        az.stderr
            .contains("WARNING: The registry could not be read from ARM"),
        "{}",
        az.stderr
    );
}

#[test]
fn registry_on_the_second_page_of_the_list() {
    let s = sim("arm-paged");
    let run = AzCheck::new(&s, user_with_tokens(&s)).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("read from ARM, subscription");
    let pages = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Arm && r.path.to_ascii_lowercase().ends_with("/registries"))
        .count();
    assert_eq!(pages, 2 * 6, "two pages in each of the six runs");
}

#[test]
fn next_link_to_another_host_is_not_followed() {
    let s = sim("arm-next-link-foreign");
    let run = AzCheck::new(&s, user_with_tokens(&s)).one(&[]);
    run.assert_contains("which is not the ARM endpoint; it was not followed");
    assert!(
        s.requests().iter().all(|r| r.server != Server::OtherRealm),
        "the ARM token went to another host"
    );
}

#[test]
fn refresh_token_never_goes_outside_its_authority_group() {
    let s = sim("healthy");
    // Cached for the public cloud's authority; the cloud in use is the simulator's.
    let fixture = Fixture::new(&s.sim, Login::User).environment("login.microsoftonline.com");
    let run = AzCheck::new(&s, fixture).with_fake_az().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("(az account get-access-token: ");
    assert!(
        s.requests_from(Server::Entra).is_empty(),
        "{:?}",
        s.requests_from(Server::Entra)
    );
}

#[test]
fn reading_az_files_can_be_turned_off() {
    let s = sim("healthy");
    // The old behaviour: az is run, and no default subscription is read.
    let run = AzCheck::new(&s, user_with_tokens(&s))
        .env("ACR_HEALTH_AZ_FILES", "0")
        .args(&["--ignore-errors"])
        .with_fake_az()
        .run();
    assert!(s.requests_from(Server::Entra).is_empty());
    run.assert_contains(
        "(az account get-access-token: reading az's files is turned off by ACR_HEALTH_AZ_FILES=0)",
    );
}

#[test]
fn subscription_by_name_picks_that_account() {
    let s = sim("healthy");
    let run = AzCheck::new(&s, user_with_tokens(&s))
        .args(&["--subscription", "acr-sim subscription"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "subscription {} from --subscription",
        s.sim.subscription_id()
    ));
}

#[test]
fn entra_id_not_answering_is_a_credential_error() {
    let s = sim("aad-hang");
    let ls = s.sim.login_server();
    // The ARM token comes from the cache; the registry token needs Entra ID.
    let fixture = Fixture::new(&s.sim, Login::User).cached_token(ARM_SCOPE, 3600);
    let run = AzCheck::new(&s, fixture).one(&[]);
    run.assert_error(
        "CREDENTIAL_ERROR",
        &format!("No credential for registry '{ls}' could be used. Azure CLI login (refresh token) failed at "),
    )
    .assert_contains("no answer before the timeout.");
}

/// The Python that has msal: the repository's `.venv` (scripts/test.sh and
/// .ci/run install it there, never into the system Python), else `python3`
/// on PATH.
fn python() -> std::path::PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

/// Whether python3 can import the real MSAL library; skips loudly without
/// it, unless `ACR_HEALTH_REQUIRE_REAL=1` (CI) says it must run.
fn msal_available(test: &str) -> bool {
    let ok = std::process::Command::new(python())
        .args(["-c", "import msal"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("ACR_HEALTH_REQUIRE_REAL").as_deref() != Ok("1"),
            "{test}: python3 with msal is required (ACR_HEALTH_REQUIRE_REAL=1); scripts/test.sh installs it into .venv"
        );
        eprintln!(
            "SKIPPED: {test}: python3 cannot import msal (scripts/test.sh installs it into .venv)"
        );
    }
    ok
}

/// Signs in with the real MSAL library (the simulator's script) and writes
/// the cache it produced over the fixture's, as `az login` would have.
fn real_msal_login(s: &SimRun, cache: &Path, mode: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/acr-sim/scripts/msal_login.py");
    let out = std::process::Command::new(python())
        .arg(script)
        .arg(s.sim.authority_host())
        .arg(s.sim.tenant_id())
        .arg(cache)
        .args(mode)
        .env("REQUESTS_CA_BUNDLE", &s.ca)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "msal_login.py {mode:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn reads_a_user_login_written_by_the_real_msal_library() {
    if !msal_available("reads_a_user_login_written_by_the_real_msal_library") {
        return;
    }
    let s = sim("healthy");
    let check = AzCheck::new(&s, Fixture::new(&s.sim, Login::User));
    let cache = check.dir.join("msal_token_cache.json");
    std::fs::remove_file(&cache).unwrap();
    // MSAL signs the user in for ARM's scope, as `az login` does: the ARM
    // token is then cached, the registry token needs the refresh token.
    real_msal_login(
        &s,
        &cache,
        &["user", s.sim.user_name(), s.sim.user_password()],
    );
    let before = s.requests_from(Server::Entra).len();
    let run = check.run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Credential: Azure CLI login (refresh token, {})",
        s.sim.user_name()
    ))
    .assert_contains("from the Azure CLI's default subscription");
    let ours: Vec<_> = s
        .requests_from(Server::Entra)
        .into_iter()
        .skip(before)
        .collect();
    assert!(!ours.is_empty());
    // Only registry tokens were asked for: ARM's came from MSAL's cache.
    for r in &ours {
        assert_eq!(field(r, "grant_type"), Some("refresh_token"));
        assert!(
            field(r, "scope").unwrap_or("").starts_with(ACR_SCOPE),
            "{:?}",
            field(r, "scope")
        );
    }
}

#[test]
fn reads_a_service_principal_token_written_by_the_real_msal_library() {
    if !msal_available("reads_a_service_principal_token_written_by_the_real_msal_library") {
        return;
    }
    let s = sim("healthy");
    let check = AzCheck::new(&s, Fixture::new(&s.sim, Login::ServicePrincipalSecret));
    let cache = check.dir.join("msal_token_cache.json");
    std::fs::remove_file(&cache).unwrap();
    real_msal_login(
        &s,
        &cache,
        &["sp", s.sim.client_id(), s.sim.client_secret()],
    );
    let before = s.requests_from(Server::Entra).len();
    let run = check.run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: Azure CLI login (cached token, service principal ");
    // The registry token came from MSAL's cache; only ARM's was requested,
    // with the secret from service_principal_entries.json.
    let ours: Vec<_> = s
        .requests_from(Server::Entra)
        .into_iter()
        .skip(before)
        .collect();
    assert!(!ours.is_empty());
    for r in &ours {
        assert_eq!(field(r, "grant_type"), Some("client_credentials"));
        assert_eq!(field(r, "scope"), Some(ARM_SCOPE));
    }
}
