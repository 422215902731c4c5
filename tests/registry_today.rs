//! Registries as Azure makes them today (issue 24), against the simulator
//! serving the ARM objects Azure really sent (crates/acr-sim/recordings):
//! the api-version the registry is read with, a domain name label, regional
//! endpoints, dual stack, public access disabled, a CMK registry whose
//! identity type Azure wrote as `userAssigned`, and tokens whose claims use
//! capital keys. Each asserts what is reported and what was sent; the `-o az`
//! stream never changes.

use acr_sim::Server;

use crate::util::{Run, SimRun, check, sim};

/// The api-versions the registry itself was asked for, in order (not its
/// replications or identity).
fn registry_reads(s: &SimRun) -> Vec<String> {
    s.requests()
        .iter()
        .filter(|r| {
            r.server == Server::Arm
                && r.path
                    .to_ascii_lowercase()
                    .ends_with("/registries/simregistry")
        })
        .map(|r| {
            r.query
                .split('&')
                .find_map(|p| p.strip_prefix("api-version="))
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn details(finding: &serde_json::Value) -> Vec<String> {
    finding["details"]
        .as_array()
        .map(|d| d.iter().map(|d| d.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// `-o az`'s stream, with the login server and the timestamps taken out.
fn az_stream(run: &Run, ls: &str) -> String {
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
        .replace(ls, "<ls>")
}

/// What az prints for a healthy registry read by name from ARM.
fn healthy_az_baseline() -> String {
    let h = sim("healthy");
    let run = h.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(run.status, 0, "{}", run.all());
    az_stream(&run, &h.sim.login_server())
}

#[test]
fn the_registry_is_read_with_the_newest_api_version_in_one_request() {
    let s = sim("healthy");
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 0, "{doc}");
    // One read, at the version that carries everything the checks read:
    // anonymous pull comes with it, no second (preview) read.
    assert_eq!(registry_reads(&s), ["2026-09-01-preview"]);
    let login = check(&doc, "registry.login_server");
    assert!(
        details(login).contains(&"ARM api-version: 2026-09-01-preview".to_owned()),
        "{login}"
    );
    let settings = check(&doc, "registry.settings");
    assert!(
        details(settings).contains(&"anonymousPullEnabled: disabled".to_owned()),
        "{settings}"
    );
    // The recorded CMK registry: Azure wrote its identity type `userAssigned`.
    let cmk = check(&doc, "registry.cmk");
    assert_eq!(cmk["status"], "info");
    assert!(
        details(cmk).contains(&"identity.type: userAssigned (a user-assigned identity)".to_owned()),
        "{cmk}"
    );
}

#[test]
fn a_cloud_that_lags_is_asked_the_newest_version_it_serves() {
    let s = sim("arm-older-api");
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 0, "{doc}");
    // Refused once; the next is the newest of ours that ARM lists.
    assert_eq!(
        registry_reads(&s),
        ["2026-09-01-preview", "2024-11-01-preview"]
    );
    let login = details(check(&doc, "registry.login_server"));
    assert!(
        login.contains(&"ARM api-version: 2024-11-01-preview".to_owned()),
        "{login:?}"
    );
    assert!(
        login.iter().any(|d| d.starts_with(
            "ARM refused api-version 2026-09-01-preview: NoRegisteredProviderFound No registered resource provider"
        )),
        "{login:?}"
    );
    // Nothing of it in az's stream.
    let run = s.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(
        az_stream(&run, &s.sim.login_server()),
        healthy_az_baseline()
    );
}

#[test]
fn a_domain_name_label_registry_is_reached_at_the_login_server_arm_gives() {
    let s = sim("dnl-tenant-reuse");
    let ls = s.sim.login_server();
    assert!(ls.starts_with("simregistry-exfrbuffaye7ceag.azurecr.io:"));
    let run = s.check().via_arm().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Domain name label: scope TenantReuse; the login server is {ls}, not simregistry.azurecr.io: the registry name alone does not give it"
    ))
    .assert_contains(&format!("DNS lookup to {ls} at IP 127.0.0.1 : OK"))
    .assert_contains(&format!("Challenge endpoint https://{ls}/v2/ : OK"))
    .assert_contains(&format!("Fetch access token for registry '{ls}' : OK"));
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    let login: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == "registry.login_server")
        .collect();
    assert!(
        login.iter().any(|c| c["line"]
            .as_str()
            .unwrap()
            .starts_with("Domain name label: scope TenantReuse")
            && details(c).contains(&"autoGeneratedDomainNameLabelScope: TenantReuse".to_owned())),
        "{login:?}"
    );
    // az's stream is az's, at the labelled login server.
    let run = s.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(az_stream(&run, &ls), healthy_az_baseline());
}

#[test]
fn a_domain_name_label_registry_cannot_be_found_by_its_name_alone() {
    let s = sim("dnl-tenant-reuse");
    let caveat = "a registry created with a domain name label (autoGeneratedDomainNameLabelScope other than Unsecure) is simregistry-<hash>.azurecr.io, not simregistry.azurecr.io, and cannot be found by its name alone";
    // No subscription: no ARM, so the name and the suffix, which do not resolve.
    let run = s.check().name("simregistry").run();
    run.assert_error(
        "CONNECTIVITY_DNS_ERROR",
        "Failed to reach DNS for registry 'simregistry.azurecr.io'.",
    )
    .assert_contains(caveat);
    // ARM does not list it where it was looked for: the same, with the warning.
    let doc = s
        .check()
        .name("simregistry")
        .args([
            "--subscription",
            s.sim.subscription_id(),
            "-g",
            "other-rg",
            "-o",
            "json",
        ])
        .env("ACR_HEALTH_ARM_ENDPOINT", s.sim.arm_endpoint())
        .run()
        .json();
    let login = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == "registry.login_server")
        .collect::<Vec<_>>();
    assert!(
        login
            .iter()
            .any(|c| details(c).iter().any(|d| d.contains(caveat))),
        "{login:?}"
    );
    assert!(
        login.iter().any(|c| c["status"] == "warning"
            && c["line"]
                .as_str()
                .unwrap()
                .contains("could not be read from ARM")),
        "{login:?}"
    );
    assert_eq!(
        check(&doc, "registry.dns")["code"],
        "CONNECTIVITY_DNS_ERROR"
    );
}

#[test]
fn public_access_disabled_puts_private_endpoints_first() {
    // The recorded registry with public access disabled; the registry saw
    // the client at the public 203.0.113.7.
    let s = sim("public-access-disabled");
    let run = s.check().via_arm().run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        &format!(
            "Looks like you don't have access to registry '{}'.",
            s.sim.login_server()
        ),
    )
    .assert_contains("  What to do:\n    1. Public network access is disabled, so only the registry's private endpoints admit clients, and IP rules do not apply")
    .assert_contains("--vnet <network> checks it")
    .assert_lacks("Add the client IP");
    // JSON carries the same steps.
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    let challenge = check(&doc, "registry.challenge");
    let steps = challenge["remediation"].as_array().unwrap();
    assert!(
        steps[0]
            .as_str()
            .unwrap()
            .starts_with("Public network access is disabled"),
        "{challenge}"
    );
    assert!(!challenge.to_string().contains("Add the client IP"));
    // The network-access line does not call the loopback address public
    // (the DNS step just reported it): an info line, not a warning.
    let doc = s
        .check()
        .via_arm()
        .args(["-o", "json", "--ignore-errors"])
        .run()
        .json();
    let access = check(&doc, "registry.network_access");
    assert_eq!(access["status"], "info", "{access}");
    assert_eq!(
        access["line"],
        "Network access: public access is disabled; this client reaches it at 127.0.0.1, an address of this machine, not a public one"
    );
    // A registry with the firewall on, public access on: the general steps.
    let f = sim("forbidden");
    f.check()
        .via_arm()
        .run()
        .assert_contains("  What to do:\n    1. Add the client IP shown above");
    // Nothing of it reaches az's stream.
    let run = s.check().via_arm().args(["-o", "az"]).run();
    let plain = f.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(
        az_stream(&run, &s.sim.login_server()),
        az_stream(&plain, &f.sim.login_server())
    );
}

#[test]
fn token_claims_with_capital_keys_are_read() {
    // The simulator writes `"access":[{"Type":…,"Name":…,"Actions":[…]}]`
    // and grants pull and metadata_read only.
    let s = sim("token-claims-capitalised");
    s.check().args(["--repository", "hello"]).run().assert_error(
        "CONNECTIVITY_ACCESS_TOKEN_ERROR",
        "You have pull and metadata_read permissions to the repository. You are lacking push, metadata_write and delete repository permissions.",
    );
    // What the token grants is read, so asking for just that passes.
    let run = s
        .check()
        .args(["--repository", "hello", "--actions", "pull,metadata_read"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Fetch access token for repository 'hello' in registry '{}' : OK",
        s.sim.login_server()
    ));
    // And the data path: the same token pulls the image.
    let run = s
        .check()
        .args([
            "--repository",
            "hello",
            "--actions",
            "pull",
            "--image",
            "hello:latest",
        ])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
}

#[test]
fn regional_endpoints_are_each_checked_like_the_login_server() {
    let s = sim("regional-endpoints");
    let ls = s.sim.login_server();
    let host = s.sim.registry_host();
    let regions: Vec<String> = s
        .sim
        .regional_hosts()
        .iter()
        .map(|h| format!("{h}:{}", s.sim.login_port()))
        .collect();
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 0, "{doc}");
    let regional = check(&doc, "registry.regional_endpoints");
    assert_eq!(regional["status"], "ok", "{regional}");
    assert_eq!(
        regional["line"],
        format!("Regional endpoints of registry '{ls}' (2) : OK")
    );
    // Each named, each answering the challenge for this registry.
    assert_eq!(
        details(regional),
        regions
            .iter()
            .map(|r| format!(
                "{r} -> 127.0.0.1, TLS handshake completed, GET /v2/ answered 401 with a challenge for {host} (this registry)"
            ))
            .collect::<Vec<_>>()
    );
    // What was sent: a bare GET /v2/ to each, no credentials.
    let v2: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.server == Server::Registry && r.path == "/v2/")
        .collect();
    for region in &s.sim.regional_hosts() {
        let to_region: Vec<_> = v2
            .iter()
            .filter(|r| r.host.starts_with(region.as_str()))
            .collect();
        assert_eq!(to_region.len(), 1, "{region}: {v2:?}");
        assert_eq!(to_region[0].authorization_scheme, None);
    }
    // Read with an api-version that carries them; az's stream does not change.
    assert_eq!(registry_reads(&s), ["2026-09-01-preview"]);
    let to_geo = || {
        s.requests()
            .iter()
            .filter(|r| r.host.contains(".geo.azurecr.io"))
            .count()
    };
    assert_eq!(to_geo(), 2);
    let run = s.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(az_stream(&run, &ls), healthy_az_baseline());
    assert_eq!(to_geo(), 2, "-o az does not check regional endpoints");
}

#[test]
fn regional_endpoints_unknown_where_arm_answers_an_older_version() {
    let s = sim("arm-older-api");
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    let regional = check(&doc, "registry.regional_endpoints");
    assert_eq!(regional["status"], "info");
    assert_eq!(
        regional["line"],
        "Regional endpoints: unknown (ARM answered with api-version 2024-11-01-preview; regionalEndpoints needs 2026-03-01-preview or newer)"
    );
    // A registry without them: nothing said.
    let h = sim("healthy");
    let doc = h.check().via_arm().args(["-o", "json"]).run().json();
    assert!(
        !doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "registry.regional_endpoints" || c["id"] == "registry.dual_stack"),
        "{doc}"
    );
}

#[test]
fn a_dual_stack_registry_lists_its_aaaa_records_and_ipv6_from_here() {
    let s = sim("dual-stack");
    let ls = s.sim.login_server();
    let run = s.check().via_arm().run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "Dual stack (IPv6): the registry serves IPv4 and IPv6 (endpointProtocol IPv4AndIPv6); this client used IPv4 (127.0.0.1)",
    )
    .assert_contains(&format!(
        "  - {}: A 127.0.0.1; AAAA ::1",
        s.sim.registry_host()
    ))
    .assert_contains(&format!(
        "  - {}: A 127.0.0.1; AAAA ::1",
        s.sim.storage_host()
    ))
    // Nothing listens on ::1: whether this machine has IPv6 or not, that is
    // information, never a failure.
    .assert_contains("  - IPv6 from here: ");
    let doc = s.check().via_arm().args(["-o", "json"]).run().json();
    let dual = check(&doc, "registry.dual_stack");
    assert_eq!(dual["status"], "info", "{dual}");
    let reach = details(dual).pop().unwrap();
    assert!(
        reach.starts_with(&format!("IPv6 from here: [::1]:{}", s.sim.login_port())),
        "{reach}"
    );
    // The AAAA questions were asked of the simulator's DNS (loopback) only.
    assert!(
        s.sim
            .dns_queries()
            .iter()
            .any(|(n, t)| n == &s.sim.registry_host() && t == "AAAA")
    );
    // az's stream does not change.
    let run = s.check().via_arm().args(["-o", "az"]).run();
    assert_eq!(az_stream(&run, &ls), healthy_az_baseline());
    // IPv4 only (the recorded regional registry says IPv4): nothing reported.
    let r = sim("regional-endpoints");
    let doc = r.check().via_arm().args(["-o", "json"]).run().json();
    assert!(
        !doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "registry.dual_stack"),
        "{doc}"
    );
}

#[test]
fn a_regional_endpoint_that_cannot_be_reached_is_a_warning_naming_it() {
    let s = sim("regional-endpoints");
    let port = s.sim.login_port();
    let [east, west] = [0, 1].map(|i| s.sim.regional_hosts()[i].clone());
    // Pinned where nothing listens (127.0.0.2, loopback): refused.
    let doc = s
        .check()
        .via_arm()
        .args(["--resolve", &format!("{west}:127.0.0.2"), "-o", "json"])
        .run()
        .json();
    assert_eq!(doc["exitStatus"], 0, "a warning never fails the run: {doc}");
    let findings: Vec<&serde_json::Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == "registry.regional_endpoints")
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[0]["status"], "ok");
    assert_eq!(details(findings[0]).len(), 1);
    assert!(details(findings[0])[0].starts_with(&format!("{east}:{port} -> 127.0.0.1")));
    assert_eq!(findings[1]["status"], "warning");
    let line = findings[1]["line"].as_str().unwrap();
    assert!(
        line.starts_with(&format!(
            "Regional endpoint {west}:{port} cannot be reached: GET https://{west}:{port}/v2/ (127.0.0.2 (--resolve)): "
        )) && line.ends_with("clients sent to that region's endpoint fail"),
        "{line}"
    );
}
