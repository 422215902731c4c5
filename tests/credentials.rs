//! Every credential source of docs/behaviour.md §6 through the simulator's Entra ID,
//! managed-identity and IMDS endpoints; what each sends, and that the report
//! names the source. Secret leaks are checked by the harness on every run.

use acr_sim::Server;

use crate::util::sim;

fn field<'a>(r: &'a acr_sim::LoggedRequest, k: &str) -> Option<&'a str> {
    r.form
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

fn header<'a>(r: &'a acr_sim::LoggedRequest, k: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(k))
        .map(|(_, v)| v.as_str())
}

#[test]
fn service_principal_uses_client_credentials() {
    let s = sim("healthy");
    // --debug logs every request; the harness checks nothing secret is in it.
    let run = s.check().arg("--debug").via_arm().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Credential: service principal (AZURE_CLIENT_ID={})",
        s.sim.client_id()
    ));
    run.assert_contains("DEBUG POST https://127.0.0.1:");
    // One token for ARM, one for the registry.
    let entra = s.requests_from(Server::Entra);
    assert_eq!(entra.len(), 2);
    assert_eq!(
        entra[0].path,
        format!("/{}/oauth2/v2.0/token", s.sim.tenant_id())
    );
    assert_eq!(field(&entra[0], "grant_type"), Some("client_credentials"));
    assert_eq!(field(&entra[0], "client_secret"), Some("<redacted>"));
}

#[test]
fn service_principal_rejected_names_source_endpoint_status_and_aadsts() {
    let s = sim("aad-invalid-secret");
    let ls = s.sim.login_server();
    let endpoint = format!(
        "{}/{}/oauth2/v2.0/token",
        s.sim.authority_host(),
        s.sim.tenant_id()
    );
    s.check()
        .run()
        .assert_error(
            "CREDENTIAL_ERROR",
            &format!("No credential for registry '{ls}' could be used. service principal failed at {endpoint}: HTTP 401, AADSTS7000215 (invalid_client)"),
        );
    // Nothing reached the registry's token endpoints.
    assert!(s.requests_to("/oauth2/exchange").is_empty());
}

#[test]
fn no_source_at_all_lists_what_was_tried() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    s.check()
        .without_service_principal()
        .run()
        .assert_error("CREDENTIAL_ERROR", &format!("No credential for registry '{ls}' could be used. None is configured; tried: -u/-p, ACR_HEALTH_AAD_TOKEN, service principal"))
        .assert_contains("workload identity (AZURE_FEDERATED_TOKEN_FILE)")
        .assert_contains("managed identity (IDENTITY_ENDPOINT)")
        .assert_contains("Azure CLI (az login)")
        .assert_contains("--anonymous");
    assert!(s.requests_from(Server::Imds).is_empty());
}

#[test]
fn workload_identity_sends_the_federated_token_as_assertion() {
    let s = sim("healthy");
    let file = s.dir.path().join("federated-token");
    std::fs::write(&file, s.sim.federated_token()).unwrap();
    let run = s
        .check()
        .without_service_principal()
        .env("AZURE_FEDERATED_TOKEN_FILE", &file)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: workload identity (AZURE_CLIENT_ID=");
    let entra = s.requests_from(Server::Entra);
    assert_eq!(field(&entra[0], "client_assertion"), Some("<redacted>"));
    assert_eq!(
        field(&entra[0], "client_assertion_type"),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
}

#[test]
fn app_service_managed_identity() {
    let s = sim("healthy");
    let run = s
        .check()
        .without_service_principal()
        .without_env("AZURE_CLIENT_ID")
        .env("IDENTITY_ENDPOINT", s.sim.identity_endpoint())
        .env("IDENTITY_HEADER", s.sim.identity_header())
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: managed identity (IDENTITY_ENDPOINT)");
    let mi = s.requests_from(Server::Identity);
    assert_eq!(mi.len(), 1);
    assert!(
        mi[0]
            .query
            .contains("resource=https%3A%2F%2Fcontainerregistry.azure.net"),
        "{}",
        mi[0].query
    );
    assert_eq!(header(&mi[0], "x-identity-header"), Some("<redacted>"));
}

#[test]
fn imds_only_with_identity_flag() {
    let s = sim("healthy");
    let run = s
        .check()
        .without_service_principal()
        // IMDS answers 400 for a client id that is not the VM's identity.
        .without_env("AZURE_CLIENT_ID")
        .arg("--identity")
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: managed identity (IMDS)");
    let imds = s.requests_from(Server::Imds);
    assert_eq!(imds.len(), 1);
    assert_eq!(header(&imds[0], "metadata"), Some("true"));
}

#[test]
fn bring_your_own_token() {
    let s = sim("healthy");
    let token = s.sim.issue_aad_token();
    let run = s
        .check()
        .without_service_principal()
        .env("ACR_HEALTH_AAD_TOKEN", &token)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: token from ACR_HEALTH_AAD_TOKEN");
    assert!(s.requests_from(Server::Entra).is_empty());
}

#[test]
fn azure_cli_token() {
    let s = sim("healthy");
    let token = s.sim.issue_aad_token();
    let run = s
        .check()
        .without_service_principal()
        .fake_bin("az", &crate::util::fake_az(&token, &token))
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    // No az config dir here: az's files cannot serve, so az is run, and the
    // line says why.
    run.assert_contains(
        "Credential: Azure CLI login (az account get-access-token: not logged in (no azureProfile.json))",
    );
}

#[test]
fn azure_cli_not_logged_in_is_a_code_not_a_traceback() {
    let s = sim("healthy");
    s.check()
        .without_service_principal()
        .fake_bin(
            "az",
            "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1",
        )
        .run()
        .assert_error("CREDENTIAL_ERROR", "No credential for registry")
        .assert_contains("Azure CLI: 'az account get-access-token' failed")
        .assert_contains("Please run 'az login' to setup account.");
}

#[test]
fn admin_user_uses_the_password_grant_without_exchange() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s
        .check()
        .without_service_principal()
        .args([
            "-u",
            s.sim.admin_username(),
            "-p",
            s.sim.admin_password(),
            "--debug",
        ])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Credential: username and password (-u simregistry)")
        .assert_contains(&format!("Fetch access token for registry '{ls}' : OK"))
        .assert_contains("token request to");
    assert!(s.requests_to("/oauth2/exchange").is_empty());
    let token = s.requests_to("/oauth2/token");
    assert_eq!(field(&token[0], "grant_type"), Some("password"));
    assert_eq!(field(&token[0], "password"), Some("<redacted>"));
}

#[test]
fn password_from_stdin() {
    let s = sim("healthy");
    let pw = format!("{}\n", s.sim.admin_password());
    let run = s
        .check()
        .without_service_principal()
        .args(["-u", s.sim.admin_username(), "--password-stdin"])
        .stdin(&pw)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn wrong_admin_password_is_an_access_token_error() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    s.check()
        .without_service_principal()
        .args(["-u", "simregistry", "-p", "canary-wr0ng-pw-42"])
        .run()
        .assert_error(
            "CONNECTIVITY_ACCESS_TOKEN_ERROR",
            &format!("Access to registry '{ls}' was denied. Response code: 401."),
        );
}

#[test]
fn anonymous_pull() {
    let s = sim("anonymous-pull");
    let ls = s.sim.login_server();
    let run = s
        .check()
        .without_service_principal()
        .args(["--anonymous", "--repository", "hello", "--actions", "pull"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Fetch access token for repository 'hello' in registry '{ls}' : OK"
    ));
    let token = s.requests_to("/oauth2/token");
    assert_eq!(token[0].method, "GET");
    assert_eq!(token[0].authorization_scheme, None);
}
