//! Beyond az, in the registry (issue 11): what the registry's ARM settings,
//! its tokens and its tag lists say, against the simulator. Each test
//! provokes its case for real and asserts the code, message, exit status and
//! the fact reported; the last ones check that `-o az` stays az's stream.

use acr_sim::Server;

use crate::util::{Run, check, sim};

const FORBIDDEN: &str = "CONNECTIVITY_FORBIDDEN_ERROR";

fn forbidden_message(ls: &str) -> String {
    format!(
        "Looks like you don't have access to registry '{ls}'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name simregistry'."
    )
}

/// The registry read from ARM, so its settings are known.
fn arm_run(scenario: &str, extra: &[&str]) -> (crate::util::SimRun, Run) {
    let s = sim(scenario);
    let run = s.check().via_arm().args(extra).run();
    (s, run)
}

#[test]
fn public_access_disabled_is_the_reason_and_no_rule_is_said_to_cover() {
    let (s, run) = arm_run("public-access-disabled", &[]);
    run.assert_error(FORBIDDEN, &forbidden_message(&s.sim.login_server()))
        .assert_contains("to grant access. Public network access is disabled on the registry and this client reached it at a public address (the registry saw 203.0.113.7)")
        .assert_contains("IP rules do not apply while public access is disabled")
        .assert_lacks("covers 203.0.113.7");
}

#[test]
fn deny_with_rules_that_do_not_cover_the_client() {
    let (s, run) = arm_run("forbidden", &[]);
    run.assert_error(FORBIDDEN, &forbidden_message(&s.sim.login_server()))
        .assert_contains(
            "to grant access. The registry's network rules deny by default and none of its IP rules (198.51.100.0/24) covers 203.0.113.7, the address the registry saw: add it with 'az acr network-rule add --name simregistry --ip-address 203.0.113.7'.",
        );
    // Without ARM the settings are unknown and nothing is claimed.
    sim("forbidden")
        .check()
        .run()
        .assert_lacks("network rules deny by default");
}

#[test]
fn deny_with_a_rule_that_covers_the_client_names_it() {
    let (s, run) = arm_run("forbidden-rule-covers", &["-o", "json"]);
    let doc = run.json();
    let challenge = check(&doc, "registry.challenge");
    assert_eq!(challenge["code"], FORBIDDEN);
    assert_eq!(
        challenge["message"]
            .as_str()
            .unwrap()
            .split(" Details:")
            .next()
            .unwrap(),
        forbidden_message(&s.sim.login_server())
    );
    let reason = challenge["reason"].as_str().unwrap();
    assert!(
        reason.contains("IP rule 203.0.113.0/24 covers 203.0.113.7, the address the registry saw")
            && reason.contains("--wait"),
        "{reason}"
    );
    assert_eq!(doc["exitStatus"], 1);
}

#[test]
fn an_ipv6_client_is_covered_by_no_rule() {
    let (s, run) = arm_run("forbidden-ipv6", &[]);
    run.assert_error(FORBIDDEN, &forbidden_message(&s.sim.login_server()))
        .assert_contains("it saw this client at the IPv6 address 2001:db8::7: IP rules hold IPv4 addresses and ranges only, so no rule can cover it")
        .assert_lacks("IP rule 203.0.113.7 covers");
}

#[test]
fn network_access_facts_in_json() {
    let (_s, run) = arm_run("forbidden", &["-o", "json", "--ignore-errors"]);
    let doc = run.json();
    let access = check(&doc, "registry.network_access");
    assert_eq!(access["status"], "info");
    assert_eq!(
        access["line"],
        // The DNS step just reported 127.0.0.1: not called public (issue 24).
        "Network access: denied by default, 1 IP rule allowed; this client reaches it at 127.0.0.1, an address of this machine, not a public one"
    );
    let details: Vec<&str> = access["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        details,
        [
            "publicNetworkAccess: Enabled",
            "networkRuleSet.defaultAction: Deny",
            "ipRule Allow 198.51.100.0/24",
            "networkRuleBypassOptions: AzureServices (trusted Azure services pass the rules)",
        ]
    );
}

#[test]
fn quarantine_on_is_a_warning() {
    let (_s, run) = arm_run("quarantine", &[]);
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "Quarantine is enabled: pulls of an image fail until a scanner marks it as passed",
    );
    let (_s, run) = arm_run("healthy", &[]);
    run.assert_lacks("Quarantine is enabled").assert_contains(
        "Registry settings: SKU Premium, admin user enabled, anonymous pull disabled",
    );
}

#[test]
fn a_data_endpoint_that_does_not_resolve_is_a_data_path_error() {
    let (s, run) = arm_run("data-endpoint-unresolvable", &[]);
    let port = s.sim.storage_port();
    run.assert_error(
        "DATA_PATH_ERROR",
        &format!(
            "Registry '{}' serves layers from the data endpoint 'simregistry.westus.data.azurecr.io:{port}', which cannot be reached from here, so pulls of content stored there will fail.",
            s.sim.login_server()
        ),
    )
    .assert_contains("'simregistry.westus.data.azurecr.io' does not exist (NXDOMAIN)");
    // The one that resolves was reached: a TLS handshake for its name, and
    // nothing sent over it (no request, so no credential either).
    let storage: Vec<_> = s
        .sim
        .handshakes()
        .into_iter()
        .filter(|(server, _)| *server == Server::Storage)
        .collect();
    assert_eq!(
        storage,
        [(
            Server::Storage,
            "simregistry.eastus.data.azurecr.io".to_owned()
        )]
    );
    assert!(
        s.requests().iter().all(|r| r.server != Server::Storage),
        "{:?}",
        s.requests()
    );
    run.assert_contains(&format!(
        "reachable: simregistry.eastus.data.azurecr.io:{port} -> 127.0.0.1, TLS handshake completed (TLS 1.3)"
    ));
    // The westus name was asked of the simulator's DNS, which has no record for it.
    assert!(
        s.sim
            .dns_queries()
            .iter()
            .any(|(name, _)| name == "simregistry.westus.data.azurecr.io")
    );
}

#[test]
fn two_replicas_and_their_data_endpoints() {
    let (s, run) = arm_run("geo-replicated", &[]);
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Geo-replications: eastus Ready, westus Syncing (resource group sim-rg)")
        .assert_contains("The replica in westus is Syncing (content pushed elsewhere may not be there yet) and has its region endpoint disabled (clients are not routed to it)")
        .assert_contains(&format!(
            "Dedicated data endpoints of registry '{}' (2) : OK",
            s.sim.login_server()
        ))
        .assert_contains(&format!(
            "simregistry.westus.data.azurecr.io:{} -> 127.0.0.1, TLS handshake completed",
            s.sim.storage_port()
        ));
    // Read under the resource group the registry's id names.
    assert!(s.requests().iter().any(|r| r.server == Server::Arm
        && r.path
            == "/subscriptions/8d2c4e6f-1a3b-4c5d-9e7f-a0b1c2d3e4f5/resourceGroups/sim-rg/providers/Microsoft.ContainerRegistry/registries/simregistry/replications"));
}

#[test]
fn anonymous_pull_is_read_with_a_preview_api_version_or_unknown() {
    let (s, run) = arm_run("healthy", &["-o", "json"]);
    let doc = run.json();
    let settings = check(&doc, "registry.settings");
    assert!(
        settings["details"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("anonymousPullEnabled: disabled")),
        "{settings}"
    );
    // The registry read's own api-version carries it: no second, preview read.
    assert!(
        !s.requests()
            .iter()
            .any(|r| r.server == Server::Arm && r.query.contains("api-version=2023-11-01-preview"))
    );

    // Where ARM serves no preview, the registry is read with the GA version
    // and anonymous pull is asked for with a preview one, which is refused.
    let (s, run) = arm_run("arm-preview-unsupported", &[]);
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(
        s.requests()
            .iter()
            .any(|r| r.server == Server::Arm && r.query.contains("api-version=2023-11-01-preview"))
    );
    run.assert_contains("anonymous pull unknown")
        .assert_contains("anonymousPullEnabled: unknown (the preview api-version: ARM answered 400: InvalidApiVersionParameter");
}

#[test]
fn a_token_missing_a_requested_action_says_roles_take_minutes() {
    let s = sim("repo-missing-actions");
    let run = s.check().args(["--repository", "hello"]).run();
    run.assert_error(
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "You have pull and metadata_read permissions to the repository.",
    )
    .assert_contains("New role assignments and cached tokens take a few minutes to take effect: if access was just granted, run again with --wait 5m")
    .assert_contains("(expires: ");

    let ok = sim("healthy");
    let doc = ok
        .check()
        .args(["-o", "json", "--repository", "hello", "--actions", "pull"])
        .run()
        .json();
    let details = check(&doc, "registry.access_token")["details"].clone();
    assert_eq!(details[0], "granted: pull");
    assert_eq!(details[1], "requested: pull");
    assert!(
        details[2].as_str().unwrap().starts_with("expires: "),
        "{details}"
    );
}

#[test]
fn a_missing_tag_lists_the_tags_over_every_page_and_the_closest() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    s.check()
        .args(["--image", "hello:v1.3"])
        .run()
        .assert_error(
            "IMAGE_NOT_FOUND_ERROR",
            &format!("Image 'hello:v1.3' was not found in registry '{ls}'. GET /v2/hello/manifests/v1.3 answered 404."),
        )
        .assert_contains("The repository's tags (8): 1.0, latest, stable, v1, v1.1, v1.2, v2, v2.0.1. Closest to 'v1.3': v1.1, v1.2, v1.");
    // Three tags a page: three pages, each followed from the Link header.
    let pages = s.requests_to("/v2/hello/tags/list");
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|p| p.server == Server::Registry));
    assert!(pages[2].query.contains("last=latest") || pages[1].query.contains("last="));
}

#[test]
fn a_token_that_cannot_list_tags_says_so() {
    let s = sim("no-metadata-read");
    s.check()
        .args(["--image", "hello:v9"])
        .run()
        .assert_error("IMAGE_NOT_FOUND_ERROR", "Image 'hello:v9' was not found")
        .assert_contains("The token cannot list the repository's tags: listing needs metadata_read, and it grants pull.");
    assert!(s.requests_to("/v2/hello/tags/list").is_empty());
}

#[test]
fn a_missing_repository_says_so() {
    let s = sim("healthy");
    s.check()
        .args(["--image", "nothere:v1"])
        .run()
        .assert_error("IMAGE_NOT_FOUND_ERROR", "Image 'nothere:v1' was not found")
        .assert_contains("NAME_UNKNOWN")
        .assert_contains("The repository 'nothere' does not exist in this registry.");
}

/// `-o az`'s stream with the timestamp cut out of ERROR lines.
fn az_stream(run: &Run) -> String {
    run.stderr
        .lines()
        .map(
            |l| match (l.strip_prefix("ERROR: "), l.find(" An error occurred")) {
                (Some(_), Some(i)) => format!("ERROR: <ts>{}", &l[i..]),
                _ => l.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn az_output_is_unchanged_except_for_extension_codes() {
    // What az prints for a healthy registry, read without ARM: the baseline.
    // (The login server's port differs per simulator.)
    let h = sim("healthy");
    let baseline =
        az_stream(&h.check().args(["-o", "az"]).run()).replace(&h.sim.login_server(), "<ls>");
    for scenario in [
        "healthy",
        "quarantine",
        "geo-replicated",
        "arm-preview-unsupported",
    ] {
        let (s, run) = arm_run(scenario, &["-o", "az"]);
        assert_eq!(run.status, 0, "{scenario}\n{}", run.all());
        let ours = az_stream(&run).replace(&s.sim.login_server(), "<ls>");
        assert_eq!(ours, baseline, "{scenario}");
    }
    // A refusal prints az's message alone, whatever our reason says.
    let f = sim("forbidden");
    let plain =
        az_stream(&f.check().args(["-o", "az"]).run()).replace(&f.sim.login_server(), "<ls>");
    assert!(
        plain.contains("An error occurred: CONNECTIVITY_FORBIDDEN_ERROR"),
        "{plain}"
    );
    for scenario in [
        "forbidden",
        "forbidden-rule-covers",
        "forbidden-ipv6",
        "public-access-disabled",
    ] {
        let (s, run) = arm_run(scenario, &["-o", "az"]);
        assert_eq!(run.status, 1, "{scenario}");
        let ours = az_stream(&run).replace(&s.sim.login_server(), "<ls>");
        assert_eq!(ours, plain, "{scenario}");
    }
    // The extension code is printed in az's format.
    let (_s, run) = arm_run("data-endpoint-unresolvable", &["-o", "az"]);
    assert_eq!(run.status, 1);
    let stream = az_stream(&run);
    assert!(
        stream.contains("ERROR: <ts> An error occurred: DATA_PATH_ERROR\nRegistry '"),
        "{stream}"
    );
    assert!(
        stream.ends_with(
            "Please refer to https://aka.ms/acr/errors#data_path_error for more information."
        ),
        "{stream}"
    );
}

#[test]
fn a_disabled_admin_user_is_named_before_its_login_fails() {
    let s = sim("admin-disabled");
    let ls = s.sim.login_server();
    let pw = s.sim.admin_password().to_owned();
    // The service principal in the environment reads ARM; -u signs in to the registry.
    let run = s
        .check()
        .via_arm()
        .args(["-u", "simregistry", "-p", &pw])
        .run();
    run.assert_error(
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        &format!("Access to registry '{ls}' was denied. Response code: 401."),
    )
    .assert_contains("read from ARM")
    .assert_contains(
        "-u names the registry, which signs in as its admin user, and the admin user is disabled",
    );
    let warned = run.stdout.find("admin user is disabled").unwrap();
    assert!(warned < run.stdout.find("An error occurred").unwrap());

    let ok = sim("healthy");
    let pw = ok.sim.admin_password().to_owned();
    let run = ok
        .check()
        .via_arm()
        .args(["-u", "simregistry", "-p", &pw])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("read from ARM")
        .assert_contains("admin user enabled")
        .assert_lacks("admin user is disabled");
}

#[test]
fn a_tag_list_link_to_another_host_is_not_followed() {
    let s = sim("tags-link-foreign");
    s.check()
        .args(["--image", "hello:v1.3"])
        .run()
        .assert_error("IMAGE_NOT_FOUND_ERROR", "Image 'hello:v1.3' was not found")
        .assert_contains("The repository's tags (3+): 1.0, latest, stable.")
        .assert_contains("The list is incomplete: the next page is on another host (evil.example.test), where the token is not sent.");
    assert_eq!(s.requests_to("/v2/hello/tags/list").len(), 1);
    assert!(
        s.requests().iter().all(|r| r.server != Server::OtherRealm),
        "the registry token went to another host"
    );
}

#[test]
fn a_data_endpoint_that_does_not_handshake_is_a_data_path_error() {
    let (s, run) = arm_run("data-endpoint-bad-cert", &[]);
    run.assert_error(
        "DATA_PATH_ERROR",
        &format!(
            "Registry '{}' serves layers from the data endpoint 'simregistry.westus.data.azurecr.io:{}', which cannot be reached from here",
            s.sim.login_server(),
            s.sim.storage_port()
        ),
    )
    .assert_contains("will fail. Connecting to 127.0.0.1: the server's certificate is for another host")
    .assert_contains("reachable: simregistry.eastus.data.azurecr.io:");
}
