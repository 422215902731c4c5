//! Registry checks against the simulator: one test per failure mode, each
//! asserting the code, the message, the exit status and — from the
//! simulator's request log — what was and was not sent.

use acr_sim::Server;

use crate::util::{Run, sim};

fn field<'a>(r: &'a acr_sim::LoggedRequest, k: &str) -> Option<&'a str> {
    r.form
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

fn ok_lines(ls: &str) -> Vec<String> {
    vec![
        format!("DNS lookup to {ls} at IP 127.0.0.1 : OK"),
        format!("Challenge endpoint https://{ls}/v2/ : OK"),
        format!("Fetch refresh token for registry '{ls}' : OK"),
        format!("Fetch access token for registry '{ls}' : OK"),
    ]
}

#[test]
fn healthy_registry_passes_in_text_mode() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().run();
    assert_eq!(run.status, 0, "{}", run.all());
    for line in ok_lines(&ls) {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "missing {line:?}\n{}",
            run.stdout
        );
    }
    run.assert_contains("Credential: service principal (AZURE_CLIENT_ID=")
        .assert_contains("CNAME chain: simregistry.azurecr.io -> ");

    // What was sent: the exchange and token forms, over the registry host only.
    let exchange = s.requests_to("/oauth2/exchange");
    assert_eq!(exchange.len(), 1);
    assert_eq!(exchange[0].server, Server::Registry);
    assert_eq!(field(&exchange[0], "grant_type"), Some("access_token"));
    assert_eq!(
        field(&exchange[0], "service"),
        Some("simregistry.azurecr.io")
    );
    assert_eq!(field(&exchange[0], "tenant"), Some(s.sim.tenant_id()));
    assert_eq!(field(&exchange[0], "access_token"), Some("<redacted>"));
    let token = s.requests_to("/oauth2/token");
    assert_eq!(token.len(), 1);
    assert_eq!(field(&token[0], "grant_type"), Some("refresh_token"));
    // az sends registry:None:*; we ask for what it meant.
    assert_eq!(field(&token[0], "scope"), Some("registry:catalog:*"));
    let entra: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Entra)
        .collect();
    assert_eq!(entra.len(), 1);
    assert_eq!(
        field(&entra[0], "scope"),
        Some("https://containerregistry.azure.net/.default")
    );
}

#[test]
fn healthy_registry_in_az_mode_matches_az_stream() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().args(["-o", "az"]).run();
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, "");
    let mut expected = vec![format!(
        "WARNING: acr-health version: {}",
        env!("CARGO_PKG_VERSION")
    )];
    expected.extend(ok_lines(&ls).into_iter().map(|l| format!("WARNING: {l}")));
    expected.push("WARNING: ".into());
    expected.push("Please refer to https://aka.ms/acr/health-check for more information.".into());
    assert_eq!(run.stderr, expected.join("\n") + "\n");
}

#[test]
fn healthy_registry_in_json_carries_the_same_facts() {
    let s = sim("healthy");
    let doc = s
        .check()
        .args(["-o", "json", "--repository", "hello"])
        .run()
        .json();
    assert_eq!(doc["exitStatus"], 0);
    assert_eq!(doc["schemaVersion"], 2);
    let checks = doc["checks"].as_array().unwrap();
    let by_id = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {doc}"))
    };
    assert_eq!(by_id("registry.dns")["status"], "ok");
    assert_eq!(by_id("registry.challenge")["status"], "ok");
    assert_eq!(by_id("registry.refresh_token")["status"], "ok");
    let access = by_id("registry.access_token");
    assert_eq!(
        access["line"],
        format!(
            "Fetch access token for repository 'hello' in registry '{}' : OK",
            s.sim.login_server()
        )
    );
    assert!(access["details"][0].as_str().unwrap().contains("pull"));
    assert_eq!(doc["summary"]["errors"], 0);
}

#[test]
fn repository_scope_and_line() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().args(["--repository", "hello"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Fetch access token for repository 'hello' in registry '{ls}' : OK"
    ))
    .assert_lacks(&format!("Fetch access token for registry '{ls}'"));
    let token = s.requests_to("/oauth2/token");
    assert_eq!(
        field(&token[0], "scope"),
        Some("repository:hello:pull,push,metadata_write,metadata_read,delete")
    );
}

#[test]
fn repository_missing_actions_is_an_access_token_error() {
    let s = sim("repo-missing-actions");
    s.check().args(["--repository", "hello"]).run().assert_error(
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "You have pull and metadata_read permissions to the repository. You are lacking push, metadata_write and delete repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.",
    );
    // Narrowing the actions to what is granted passes.
    let run = s
        .check()
        .args(["--repository", "hello", "--actions", "pull,metadata_read"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn forbidden_names_the_client_ip_and_stops() {
    let s = sim("forbidden");
    let ls = s.sim.login_server();
    let run = s.check().run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        &format!("Looks like you don't have access to registry '{ls}'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name simregistry'."),
    )
    .assert_contains("203.0.113.7")
    .assert_contains("Please refer to https://aka.ms/acr/errors#connectivity_forbidden_error for more information.")
    .assert_lacks("Fetch refresh token");
    assert!(s.requests_to("/oauth2/exchange").is_empty());
}

#[test]
fn forbidden_in_az_mode_has_timestamp_and_deep_link() {
    let s = sim("forbidden");
    let run = s.check().args(["-o", "az"]).run();
    assert_eq!(run.status, 1);
    let err = run
        .stderr
        .lines()
        .find(|l| l.starts_with("ERROR: "))
        .unwrap();
    // ERROR: 2026-11-23 10:00:00.123456 An error occurred: CODE
    let ts = &err["ERROR: ".len()..err.find(" An error").unwrap()];
    assert!(ts.len() == 19 || ts.len() == 26, "timestamp {ts:?}");
    assert!(err.ends_with("An error occurred: CONNECTIVITY_FORBIDDEN_ERROR"));
    assert!(run.stderr.ends_with(
        "\n\nPlease refer to https://aka.ms/acr/errors#connectivity_forbidden_error for more information.\n"
    ));
    assert!(
        !run.stderr.contains("health-check"),
        "no closing line after a strict stop"
    );
}

fn challenge_error(scenario: &str, reason: &str) -> Run {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    let run = s.check().run();
    run.assert_error(
        "CONNECTIVITY_CHALLENGE_ERROR",
        &format!("Registry '{ls}' did not issue a challenge."),
    )
    .assert_contains(reason);
    run
}

#[test]
fn challenge_answered_200() {
    challenge_error(
        "challenge-ok",
        "answered 200 OK without an authentication challenge",
    );
}

#[test]
fn challenge_answered_404() {
    challenge_error("challenge-not-found", "answered 404 Not Found");
}

#[test]
fn challenge_answered_500() {
    challenge_error(
        "challenge-server-error",
        "answered 500 Internal Server Error",
    );
}

#[test]
fn challenge_that_hangs_is_timed_out() {
    let s = sim("hang");
    let ls = s.sim.login_server();
    let started = std::time::Instant::now();
    s.check()
        .timeout("1s")
        .run()
        .assert_error(
            "CONNECTIVITY_CHALLENGE_ERROR",
            &format!("Registry '{ls}' did not issue a challenge."),
        )
        .assert_contains("no answer before the timeout");
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}

fn aad_login_error(scenario: &str, reason: &str) {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    s.check()
        .run()
        .assert_contains(&format!("Challenge endpoint https://{ls}/v2/ : OK"))
        .assert_error(
            "CONNECTIVITY_AAD_LOGIN_ERROR",
            &format!("Registry '{ls}' does not support AAD login."),
        )
        .assert_contains(reason);
    assert!(s.requests_to("/oauth2/exchange").is_empty());
}

#[test]
fn basic_challenge_is_not_aad() {
    aad_login_error(
        "challenge-basic",
        "asks for 'Basic' authentication, not Bearer",
    );
}

#[test]
fn bearer_without_service_is_not_aad() {
    aad_login_error("challenge-no-service", "lacks a service");
}

#[test]
fn garbage_challenge_header_is_classified_not_crashed() {
    aad_login_error("garbage-header", "could not be read");
}

#[test]
fn realm_on_another_host_gets_nothing() {
    let s = sim("realm-other-host");
    let ls = s.sim.login_server();
    s.check()
        .arg("--ignore-errors")
        .run()
        .assert_error(
            "UNTRUSTED_REALM_ERROR",
            &format!(
                "Registry '{ls}' asked for credentials to be sent to 'https://evil.example.test:"
            ),
        )
        .assert_contains("Nothing was sent.");
    let reqs = s.requests();
    assert!(
        reqs.iter().all(|r| r.server != Server::OtherRealm),
        "{reqs:?}"
    );
    assert!(s.requests_to("/oauth2/exchange").is_empty());
    assert!(s.requests_to("/oauth2/token").is_empty());
}

fn refresh_error(scenario: &str, status: &str, reason: &str) {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    s.check()
        .run()
        .assert_error(
            "CONNECTIVITY_REFRESH_TOKEN_ERROR",
            &format!("Access to registry '{ls}' was denied. Response code: {status}. Please try running 'az login' again to refresh permissions."),
        )
        .assert_contains(reason)
        .assert_lacks("Fetch access token");
}

#[test]
fn exchange_401() {
    refresh_error(
        "exchange-unauthorized",
        "401",
        "POST /oauth2/exchange answered 401 Unauthorized",
    );
}

#[test]
fn exchange_403() {
    refresh_error("exchange-forbidden", "403", "answered 403 Forbidden");
}

#[test]
fn exchange_500() {
    refresh_error(
        "exchange-server-error",
        "500",
        "answered 500 Internal Server Error",
    );
}

#[test]
fn exchange_connection_reset() {
    refresh_error(
        "exchange-reset",
        "none",
        "closed or reset without an answer",
    );
}

#[test]
fn exchange_oversized_body() {
    refresh_error("oversized-body", "200", "larger than the 1048576 bytes");
}

#[test]
fn exchange_malformed_body() {
    refresh_error("malformed-token", "200", "body is not JSON");
}

#[test]
fn exchange_throttled_without_retry_after() {
    let s = sim("exchange-throttled");
    let ls = s.sim.login_server();
    s.check()
        .run()
        .assert_error(
            "CONNECTIVITY_TOOMANYREQUESTS_ERROR",
            &format!("Too many requests, access to registry '{ls}' was denied. Please wait a moment before trying again."),
        )
        .assert_contains("no Retry-After was given");
}

#[test]
fn exchange_throttled_with_retry_after() {
    let s = sim("exchange-throttled-retry-after");
    s.check()
        .run()
        .assert_error("CONNECTIVITY_TOOMANYREQUESTS_ERROR", "Too many requests")
        .assert_contains("retry after 30s");
}

fn access_error(scenario: &str, status: &str) {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    s.check()
        .run()
        .assert_contains(&format!("Fetch refresh token for registry '{ls}' : OK"))
        .assert_error(
            "CONNECTIVITY_ACCESS_TOKEN_ERROR",
            &format!("Access to registry '{ls}' was denied. Response code: {status}."),
        );
}

#[test]
fn token_401() {
    access_error("token-unauthorized", "401");
}

#[test]
fn token_403() {
    access_error("token-forbidden", "403");
}

#[test]
fn token_throttled() {
    let s = sim("token-throttled");
    s.check()
        .run()
        .assert_contains("Fetch refresh token for registry")
        .assert_error("CONNECTIVITY_TOOMANYREQUESTS_ERROR", "Too many requests");
}

fn ssl_error(scenario: &str, reason: &str) {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    s.check()
        .run()
        .assert_error(
            "CONNECTIVITY_SSL_ERROR",
            &format!("Unable to establish a secure connection to the registry '{ls}'. Are you using a proxy server?"),
        )
        .assert_contains(reason);
}

#[test]
fn untrusted_certificate() {
    // The issuer is named: a TLS-inspecting proxy would show up here.
    ssl_error(
        "untrusted-cert",
        "unknown issuer); the server presented a certificate issued by 'CN=acr-sim untrusted CA",
    );
}

#[test]
fn wrong_host_certificate() {
    ssl_error(
        "wrong-host-cert",
        "certificate is for another host (it names wrong.example.test)",
    );
}

#[test]
fn expired_certificate() {
    ssl_error("expired-cert", "certificate expired at");
}

#[test]
fn without_the_ca_the_simulator_is_untrusted() {
    let s = sim("healthy");
    let mut c = s.check();
    let i = c.args.iter().position(|a| a == "--ca-cert").unwrap();
    c.args.drain(i..i + 2);
    c.run().assert_error(
        "CONNECTIVITY_SSL_ERROR",
        "Unable to establish a secure connection",
    );
}

#[test]
fn ssl_cert_file_is_trusted() {
    let s = sim("healthy");
    let ca = s.ca.to_string_lossy().into_owned();
    let mut c = s.check().env("SSL_CERT_FILE", &ca);
    let i = c.args.iter().position(|a| a == "--ca-cert").unwrap();
    c.args.drain(i..i + 2);
    let run = c.run();
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn clock_skew_is_a_warning_not_an_error() {
    let s = sim("clock-skew");
    let run = s.check().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("The registry's clock is 2h")
        .assert_contains("behind this machine's");
}

fn dns_error(scenario: &str, reason: &str) {
    let s = sim(scenario);
    let ls = s.sim.login_server();
    s.check()
        .timeout("1s")
        .run()
        .assert_error(
            "CONNECTIVITY_DNS_ERROR",
            &format!("Failed to reach DNS for registry '{ls}'. Please check if the spelling is correct, if the CLI environment is on correct cloud and your network connectivity."),
        )
        .assert_contains(reason)
        .assert_lacks("Challenge endpoint");
    assert!(s.requests_to("/v2/").is_empty());
}

#[test]
fn dns_nxdomain() {
    dns_error(
        "dns-nxdomain",
        "'simregistry.azurecr.io' does not exist (NXDOMAIN)",
    );
}

#[test]
fn dns_servfail() {
    dns_error(
        "dns-servfail",
        "could not answer for 'simregistry.azurecr.io' (Server Failure)",
    );
}

#[test]
fn dns_no_records() {
    dns_error("dns-empty", "returned no A or AAAA records");
}

#[test]
fn dns_timeout() {
    dns_error(
        "dns-timeout",
        "did not answer for 'simregistry.azurecr.io' in time",
    );
}

#[test]
fn resolve_flag_skips_dns() {
    let s = sim("dns-nxdomain");
    let host = s.sim.registry_host();
    let run = s
        .check()
        .args(["--resolve", &format!("{host}:127.0.0.1")])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("address given with --resolve");
    assert!(s.sim.dns_queries().is_empty());
}

#[test]
fn login_server_error_for_a_cloud_without_registry_suffix() {
    let s = sim("healthy");
    let cfg = s.dir.path().join("az");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("config"), "[cloud]\nname = PrivateStack\n").unwrap();
    std::fs::write(
        cfg.join("clouds.config"),
        "[PrivateStack]\nendpoint_resource_manager = https://127.0.0.1:9/\n",
    )
    .unwrap();
    let mut c = s.check().env("AZURE_CONFIG_DIR", &cfg);
    let i = c.args.iter().position(|a| a == "-n").unwrap();
    c.args[i + 1] = "myregistry".into();
    c.run()
        .assert_error(
            "LOGIN_SERVER_ERROR",
            "An error occurred while retrieving the login server for registry 'myregistry'. Please check if the spelling is correct, if the CLI environment is on correct cloud and if you have the right permissions on it.",
        )
        .assert_contains("cloud 'PrivateStack'");
}

#[test]
fn arm_miss_without_a_suffix_is_a_login_server_error() {
    // ARM does not know the registry, and the cloud has no suffix to fall back on.
    let s = sim("registry-not-found");
    let cfg = s.dir.path().join("az");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("config"), "[cloud]\nname = PrivateStack\n").unwrap();
    std::fs::write(cfg.join("clouds.config"), "[PrivateStack]\n").unwrap();
    s.check()
        .via_arm()
        .env("AZURE_CONFIG_DIR", &cfg)
        .run()
        .assert_error(
            "LOGIN_SERVER_ERROR",
            "An error occurred while retrieving the login server for registry 'simregistry'. Please check if the spelling is correct",
        )
        .assert_contains("does not exist (404); and cloud 'PrivateStack'")
        .assert_lacks("DNS lookup");
}

#[test]
fn registry_name_uses_the_cloud_suffix() {
    let s = sim("healthy");
    let mut c = s.check().args([
        "--cloud",
        "AzureChinaCloud",
        "--resolve",
        "simregistry.azurecr.cn:127.0.0.1",
    ]);
    let i = c.args.iter().position(|a| a == "-n").unwrap();
    c.args[i + 1] = "simregistry".into();
    // The simulator's certificate does not name .azurecr.cn: reaching the TLS
    // step with that host proves the suffix was applied.
    c.run()
        .assert_contains("Login server: simregistry.azurecr.cn (registry 'simregistry' in AzureChinaCloud, from --cloud)")
        .assert_contains("DNS lookup to simregistry.azurecr.cn at IP 127.0.0.1 : OK");
}

#[test]
fn capital_letters_in_a_login_server_warn() {
    let s = sim("healthy");
    let mut c = s.check();
    let i = c.args.iter().position(|a| a == "-n").unwrap();
    c.args[i + 1] = c.args[i + 1].replacen("simregistry", "SimRegistry", 1);
    let run = c.run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("docker needs it in lower case");
}

#[test]
fn fleet_checks_each_registry_with_its_own_ids() {
    let a = sim("healthy");
    let b = sim("forbidden");
    // b's DNS is not asked; --resolve pins its name.
    let run = a
        .check()
        .args([
            "-n",
            &b.sim.login_server(),
            "--resolve",
            "simregistry.azurecr.io:127.0.0.1",
            "--ca-cert",
            &b.ca.to_string_lossy(),
            "--ignore-errors",
            "-o",
            "json",
        ])
        .run();
    assert_eq!(run.status, 1);
    let doc = run.json();
    let ids: Vec<String> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let a_id = format!("registry.challenge@{}", a.sim.login_server());
    let b_id = format!("registry.challenge@{}", b.sim.login_server());
    let status = |id: &str| {
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert!(ids.contains(&a_id) && ids.contains(&b_id), "{ids:?}");
    assert_eq!(status(&a_id), "ok");
    assert_eq!(status(&b_id), "error");
}

#[test]
fn login_server_read_from_arm_and_cmk_identity_checked() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().via_arm().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Login server: {ls} (registry 'simregistry' read from ARM, subscription {}",
        s.sim.subscription_id()
    ))
    .assert_contains(&format!("Fetch access token for registry '{ls}' : OK"))
    .assert_contains("CMK identity: /subscriptions/");
    let arm: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Arm)
        .collect();
    // The registry (issue 24: once, with an api-version that carries
    // anonymousPullEnabled too), its identity and its replications.
    assert_eq!(arm.len(), 3, "{arm:?}");
    assert!(
        arm.iter()
            .any(|r| r.path.contains("/userAssignedIdentities/"))
    );
    assert!(arm.iter().any(|r| r.path.ends_with("/replications")));
    assert_eq!(arm[0].authorization_scheme.as_deref(), Some("Bearer"));
    // The ARM token was asked for ARM's audience, not the registry's.
    let entra: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Entra)
        .collect();
    assert!(
        entra
            .iter()
            .any(|r| field(r, "scope") == Some("https://management.azure.com/.default"))
    );
}

#[test]
fn registry_listed_from_the_subscription_without_group() {
    let s = sim("healthy");
    let sub = s.sim.subscription_id().to_owned();
    let mut c = s.check().via_arm().env("AZURE_SUBSCRIPTION_ID", &sub);
    // Neither -g nor --subscription: the subscription comes from the environment.
    let i = c.args.iter().position(|a| a == "--subscription").unwrap();
    c.args.drain(i..i + 4);
    let run = c.run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("read from ARM");
}

#[test]
fn registry_missing_in_arm_falls_back_to_the_suffix() {
    let s = sim("registry-not-found");
    let run = s.check().via_arm().run();
    // As az: the name plus the cloud's suffix, and the run carries on (here
    // to a challenge on port 443, where the simulator does not listen).
    run.assert_contains("Login server: simregistry.azurecr.io (registry 'simregistry' in AzureCloud, from the default)")
        .assert_contains(&format!(
            "The registry could not be read from ARM (subscription {} from --subscription): ARM says registry 'simregistry' in resource group 'sim-rg' does not exist (404); using the registry name and the cloud's suffix instead",
            s.sim.subscription_id()
        ))
        .assert_contains("DNS lookup to simregistry.azurecr.io at IP 127.0.0.1 : OK")
        .assert_lacks("LOGIN_SERVER_ERROR");
    assert_eq!(run.status, 1, "the challenge on :443 fails\n{}", run.all());
    // Silent in -o az, as az falls back silently.
    let az = s.check().via_arm().args(["-o", "az"]).run();
    assert!(
        !az.stderr.contains("could not be read from ARM"),
        "{}",
        az.stderr
    );
    assert!(
        az.stderr
            .contains("DNS lookup to simregistry.azurecr.io at IP 127.0.0.1 : OK"),
        "{}",
        az.stderr
    );
}

#[test]
fn deleted_encryption_identity_is_a_cmk_error() {
    let s = sim("cmk-identity-missing");
    let ls = s.sim.login_server();
    s.check()
        .via_arm()
        .run()
        .assert_contains(&format!("Fetch access token for registry '{ls}' : OK"))
        .assert_error(
            "CMK_ERROR",
            "The identity used for registry 'simregistry' encryption doesn't exist.",
        )
        .assert_contains("ARM says it does not exist");
}

#[test]
fn cmk_error_in_az_mode() {
    let s = sim("cmk-identity-missing");
    let run = s.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains(
        "An error occurred: CMK_ERROR\nThe identity used for registry 'simregistry' encryption doesn't exist.\n\nPlease refer to https://aka.ms/acr/errors#cmk_error for more information.\n"
    ), "{}", run.stderr);
}

#[test]
fn privatelink_hop_is_reported() {
    let s = sim("privatelink");
    let run = s.check().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "CNAME chain: simregistry.azurecr.io -> simregistry.privatelink.azurecr.io",
    )
    .assert_contains("private link zone in the chain: simregistry.privatelink.azurecr.io");
}

/// A minimal HTTP CONNECT proxy on loopback that sends every tunnel to
/// 127.0.0.1 (whatever host was asked for) and records what it was asked.
fn connect_proxy() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    line.clear();
                }
                let target = request.split_whitespace().nth(1).unwrap_or("").to_owned();
                log.lock().unwrap().push(request.trim().to_owned());
                let port = target.rsplit(':').next().unwrap_or("443");
                let upstream = TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
                let mut client_w = client.try_clone().unwrap();
                client_w
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .unwrap();
                let mut up_r = upstream.try_clone().unwrap();
                let mut up_w = upstream;
                let mut cl_r = client;
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut up_r, &mut client_w);
                });
                let _ = std::io::copy(&mut cl_r, &mut up_w);
            });
        }
    });
    (format!("http://user:canary-proxy-pass@{addr}"), seen)
}

#[test]
fn proxy_from_the_environment_is_used_and_reported() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (proxy, seen) = connect_proxy();
    let run = s
        .check()
        .env("HTTPS_PROXY", &proxy)
        .env("NO_PROXY", "127.0.0.1")
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("through proxy http://user:(hidden)@127.0.0.1:")
        .assert_contains("(from HTTPS_PROXY)")
        .assert_lacks("canary-proxy-pass");
    // One tunnel: challenge, exchange and token share the connection.
    let tunnels = seen.lock().unwrap().clone();
    assert_eq!(tunnels, [format!("CONNECT {ls} HTTP/1.1")], "{tunnels:?}");
}

/// A real OpenSSL server that speaks only TLS 1.1 (rustls, used by the
/// simulator, cannot serve anything older than 1.2).
#[test]
fn server_below_tls_1_2_is_an_ssl_error() {
    let Ok(openssl) = which_openssl() else {
        eprintln!("SKIPPED server_below_tls_1_2_is_an_ssl_error: no openssl binary");
        assert!(
            std::env::var("ACR_HEALTH_REQUIRE_REAL").is_err(),
            "openssl is required in CI"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (key, crt) = (dir.path().join("k.pem"), dir.path().join("c.pem"));
    let made = std::process::Command::new(&openssl)
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new(&openssl)
        .args([
            "s_server",
            "-www",
            "-tls1_1",
            "-cipher",
            "DEFAULT:@SECLEVEL=0",
        ])
        .args(["-accept", &format!("127.0.0.1:{port}")])
        .arg("-cert")
        .arg(&crt)
        .arg("-key")
        .arg(&key)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "openssl s_server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let ls = format!("localhost:{port}");
    let run = crate::util::acr_health()
        .args([
            "check",
            "-n",
            &ls,
            "--resolve",
            "localhost:127.0.0.1",
            "--skip",
            "environment",
            "--ca-cert",
            crt.to_str().unwrap(),
            "--anonymous",
            "--timeout",
            "3s",
        ])
        .run();
    let _ = server.kill();
    let _ = server.wait();
    run.assert_error(
        "CONNECTIVITY_SSL_ERROR",
        &format!("Unable to establish a secure connection to the registry '{ls}'. Are you using a proxy server?"),
    )
    .assert_contains("the server does not speak TLS 1.2 or newer");
}

fn which_openssl() -> Result<std::path::PathBuf, ()> {
    ["/usr/bin/openssl", "/usr/local/bin/openssl"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .ok_or(())
}

#[test]
fn wait_retries_until_the_time_is_up_and_shows_the_last_attempt() {
    let s = sim("forbidden");
    let run = s.check().args(["--wait", "1s"]).run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access",
    );
    assert!(s.requests_to("/v2/").len() >= 2, "it tried more than once");
    // Only the last attempt is shown.
    assert_eq!(
        run.stdout.matches("An error occurred").count(),
        1,
        "{}",
        run.stdout
    );

    let ok = sim("healthy");
    let run = ok.check().args(["--wait", "30s"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(
        ok.requests_to("/v2/").len(),
        1,
        "a passing first attempt ends the wait"
    );
}

#[test]
fn hosts_file_answers_and_a_refused_connection_is_a_challenge_error() {
    // `localhost` comes from the hosts file; nothing listens on port 1.
    let run = crate::util::acr_health()
        .args([
            "check",
            "-n",
            "localhost:1",
            "--skip",
            "environment",
            "--anonymous",
            "--timeout",
            "2s",
        ])
        .run();
    run.assert_contains("DNS lookup to localhost:1 at IP 127.0.0.1 : OK")
        .assert_error(
            "CONNECTIVITY_CHALLENGE_ERROR",
            "Registry 'localhost:1' did not issue a challenge.",
        )
        .assert_contains("the connection was refused");
}

#[test]
fn requests_ca_bundle_is_trusted() {
    let s = sim("healthy");
    let ca = s.ca.to_string_lossy().into_owned();
    let mut c = s.check().env("REQUESTS_CA_BUNDLE", &ca);
    let i = c.args.iter().position(|a| a == "--ca-cert").unwrap();
    c.args.drain(i..i + 2);
    let run = c.run();
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn vnet_dns_routes_to_the_private_endpoint() {
    let s = sim("privatelink");
    let run = s.check().via_arm().args(["--vnet", "sim-vnet"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("DNS routing to private endpoint : OK")
        .assert_contains("simregistry.azurecr.io -> 127.0.0.1")
        .assert_contains("simregistry.eastus.data.azurecr.io -> 127.0.0.5");
    // The data endpoint's private address was only looked up, never connected to.
    assert!(s.requests().iter().all(|r| r.server != Server::Storage));
}

#[test]
fn vnet_dns_that_bypasses_the_endpoint_is_an_error() {
    let s = sim("privatelink-dns-mismatch");
    s.check()
        .via_arm()
        .args(["--vnet", "sim-vnet"])
        .run()
        .assert_error(
            "PRIVATE_ENDPOINT_DNS_ERROR",
            "DNS does not route registry 'simregistry' to its private endpoint in virtual network 'sim-vnet'. 'simregistry.eastus.data.azurecr.io' resolves to 127.0.0.1 instead of the endpoint's 127.0.0.5.",
        )
        .assert_contains("routes correctly: simregistry.azurecr.io -> 127.0.0.1");
}

#[test]
fn vnet_warnings_when_there_is_nothing_to_verify() {
    let s = sim("privatelink");
    let run = s.check().via_arm().args(["--vnet", "other-vnet"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "No private endpoint of registry 'simregistry' is in virtual network 'other-vnet'",
    );

    let s = sim("healthy");
    let run = s.check().via_arm().args(["--vnet", "sim-vnet"]).run();
    assert_eq!(run.status, 0);
    run.assert_contains("Registry 'simregistry' has no private endpoints");

    let run = s.check().args(["--vnet", "sim-vnet"]).run();
    assert_eq!(run.status, 0);
    run.assert_contains("--vnet needs the registry's private endpoints from ARM");
}

#[test]
fn image_pull_follows_the_redirect_without_the_token() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().args(["--image", "hello:latest"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Pull of 'hello:latest' (manifest and a blob) from registry '{ls}' : OK"
    ))
    .assert_contains("came from data endpoint simregistry.eastus.data.azurecr.io:")
    .assert_contains("digest verified")
    .assert_lacks("sig=");
    let storage: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Storage)
        .collect();
    assert_eq!(storage.len(), 1);
    assert_eq!(
        storage[0].authorization_scheme, None,
        "the registry token must not reach storage"
    );
    let manifest: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/manifests/"))
        .collect();
    assert_eq!(manifest[0].authorization_scheme.as_deref(), Some("Bearer"));
}

#[test]
fn image_with_unknown_tag_is_image_not_found() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    s.check()
        .args(["--image", "hello:nope"])
        .run()
        .assert_error(
            "IMAGE_NOT_FOUND_ERROR",
            &format!("Image 'hello:nope' was not found in registry '{ls}'. GET /v2/hello/manifests/nope answered 404."),
        )
        .assert_contains("MANIFEST_UNKNOWN");
}

#[test]
#[cfg_attr(
    target_os = "macos",
    ignore = "macOS's loopback has 127.0.0.1 alone: a connection to 127.0.0.5 cannot even start, so it is not refused"
)]
fn unreachable_data_endpoint_is_a_data_path_error() {
    // The data endpoint resolves (through privatelink) to 127.0.0.5, where nothing listens.
    let s = sim("privatelink");
    let ls = s.sim.login_server();
    s.check()
        .args(["--image", "hello"])
        .run()
        .assert_error(
            "DATA_PATH_ERROR",
            &format!("Pulling 'hello' from registry '{ls}' failed. The data endpoint simregistry.eastus.data.azurecr.io:"),
        )
        .assert_contains("(127.0.0.5): the connection was refused.");
}

#[test]
fn anonymous_image_pull() {
    let s = sim("anonymous-pull");
    let run = s
        .check()
        .without_service_principal()
        .args(["--anonymous", "--image", "hello"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Pull of 'hello:latest' (manifest and a blob)");
}
