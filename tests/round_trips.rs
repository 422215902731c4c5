//! The fewest round trips (issue 28), proved by what the simulator saw, not
//! by timing anything (scripts/bench.sh rtt measures the speed): the
//! challenge sent while ARM answers and the rule that keeps it safe, and
//! one connection per host.

use acr_sim::Server;

use crate::util::{SimRun, healthy_az_stream, sim};

/// The position in the request log of the first request matching `pick`.
fn first(s: &SimRun, pick: impl Fn(&acr_sim::LoggedRequest) -> bool) -> usize {
    s.requests()
        .iter()
        .position(pick)
        .unwrap_or_else(|| panic!("no such request in {:#?}", s.requests()))
}

#[test]
fn the_challenge_sent_while_arm_answers_serves_the_host_arm_confirms() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (run, stream) = s.az_login().args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    // az's stream is az's: the speculation adds and changes nothing.
    assert_eq!(stream, healthy_az_stream(&ls));
    // One challenge, not one guessed and one confirmed.
    let challenges: Vec<_> = s
        .requests_from(Server::Registry)
        .into_iter()
        .filter(|r| r.path == "/v2/")
        .collect();
    assert_eq!(challenges.len(), 1, "{challenges:#?}");
    assert_eq!(challenges[0].host, ls);
    assert_eq!(challenges[0].authorization_scheme, None);
    // The credential waited for ARM to name the login server.
    let arm_read = first(&s, |r| {
        r.server == Server::Arm && r.path.ends_with("/Microsoft.ContainerRegistry/registries")
    });
    let exchange = first(&s, |r| r.path == "/oauth2/exchange");
    assert!(arm_read < exchange, "{:#?}", s.requests());
    // One connection to the registry served the challenge, the exchange and
    // the token; ARM's reads took turns on one connection of their own.
    let handshakes = s.sim.handshakes();
    let count = |server| handshakes.iter().filter(|(s, _)| *s == server).count();
    assert_eq!(count(Server::Registry), 1, "{handshakes:?}");
    assert_eq!(count(Server::Entra), 1, "ARM: {handshakes:?}");
}

#[test]
fn a_guess_arm_does_not_confirm_is_dropped_and_never_gets_a_credential() {
    // A registry with a domain name label, whose plain name is another
    // tenant's registry: the run guesses the plain name while ARM (slow
    // here) answers, then ARM names the labelled one.
    let s = sim("dnl-name-taken");
    let ls = s.sim.login_server();
    let port = s.sim.login_port();
    let guessed = format!("simregistry.azurecr.io:{port}");
    assert!(ls.starts_with("simregistry-exfrbuffaye7ceag.azurecr.io:"));

    let (run, stream) = s.az_login().args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(stream, healthy_az_stream(&ls));
    let doc = s.az_login().args(["-o", "json"]).run();
    assert_eq!(doc.status, 0, "{}", doc.all());
    // Nothing is reported about the host the run did not use.
    for out in [&run, &doc] {
        out.assert_lacks(&guessed);
    }

    let requests = s.requests();
    let to_guess: Vec<_> = requests.iter().filter(|r| r.host == guessed).collect();
    // The guess was contacted (ARM took a second), two runs, once each: the
    // anonymous challenge and nothing else.
    assert_eq!(to_guess.len(), 2, "{to_guess:#?}");
    for r in &to_guess {
        assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", "/v2/"));
        assert_eq!(r.authorization_scheme, None);
        assert!(r.form.is_empty(), "{r:#?}");
    }
    // Every credential went to the login server ARM named, over a
    // connection of its own (a handshake for its name), after ARM answered.
    let with_credential: Vec<_> = requests
        .iter()
        .filter(|r| r.server == Server::Registry)
        .filter(|r| {
            r.authorization_scheme.is_some()
                || r.form
                    .iter()
                    .any(|(k, _)| k == "access_token" || k == "refresh_token")
        })
        .collect();
    assert!(!with_credential.is_empty());
    assert!(
        with_credential.iter().all(|r| r.host == ls),
        "{with_credential:#?}"
    );
    let registry_names: Vec<String> = s
        .sim
        .handshakes()
        .into_iter()
        .filter(|(server, _)| *server == Server::Registry)
        .map(|(_, name)| name)
        .collect();
    assert_eq!(
        registry_names
            .iter()
            .filter(|n| *n == s.sim.registry_host().as_str())
            .count(),
        2,
        "{registry_names:?}"
    );
    let exchange = first(&s, |r| r.path == "/oauth2/exchange");
    let arm_read = first(&s, |r| {
        r.server == Server::Arm && r.path.ends_with("/Microsoft.ContainerRegistry/registries")
    });
    assert!(arm_read < exchange);
}

#[test]
fn a_registry_arm_does_not_list_is_checked_at_the_guess_with_its_challenge() {
    // ARM does not know it: the documented fallback is the guess itself,
    // so the challenge already sent serves (once), with az's stream.
    let s = sim("registry-not-found");
    let ls = s.sim.login_server();
    let (run, stream) = s.az_login().args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(stream, healthy_az_stream(&ls));
    let challenges = s
        .requests_from(Server::Registry)
        .into_iter()
        .filter(|r| r.path == "/v2/")
        .count();
    assert_eq!(challenges, 1);
}

#[test]
fn the_image_path_asks_for_one_token_and_keeps_one_connection_per_host() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let doc = s
        .check()
        .args(["-o", "json", "--image", "hello:latest"])
        .run()
        .json();
    assert_eq!(doc["exitStatus"], 0, "{doc:#}");
    // One token request for the access-token step and the data path: two
    // would queue the manifest behind the second on one HTTP/1.1 connection.
    let tokens = s.requests_to("/oauth2/token");
    assert_eq!(tokens.len(), 1, "{tokens:#?}");
    let scopes: Vec<&str> = tokens[0]
        .form
        .iter()
        .filter(|(k, _)| k == "scope")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(scopes, ["registry:catalog:*", "repository:hello:pull"]);
    assert_eq!(
        crate::util::check(&doc, "registry.access_token")["line"],
        format!("Fetch access token for registry '{ls}' : OK")
    );
    assert_eq!(
        crate::util::check(&doc, "registry.data_path")["status"],
        "ok"
    );
    // One connection per host: the registry (challenge, exchange, token,
    // manifest, blob), the data endpoint, Entra ID.
    let handshakes = s.sim.handshakes();
    for server in [Server::Registry, Server::Storage, Server::Entra] {
        let n = handshakes.iter().filter(|(s, _)| *s == server).count();
        assert_eq!(n, 1, "{server:?}: {handshakes:?}");
    }
}

#[test]
fn a_repository_and_an_image_share_the_token_request_and_each_check_reads_its_grant() {
    let s = sim("repo-missing-actions");
    let run = s
        .check()
        .args([
            "--repository",
            "hello",
            "--image",
            "hello:latest",
            "--ignore-errors",
        ])
        .run();
    // The repository's push is refused (the access-token step says so); the
    // pull the data path needs is granted by the same token.
    run.assert_contains("An error occurred: CONNECTIVITY_ACCESS_TOKEN_ERROR")
        .assert_contains("Pull of 'hello:latest' (manifest and a blob)");
    let tokens = s.requests_to("/oauth2/token");
    assert_eq!(tokens.len(), 1, "{tokens:#?}");
}

// ------------------------------------------------------------ timings

/// The phases of the JSON check `id`, as (phase, host, request) triples.
fn phases(doc: &serde_json::Value, id: &str) -> Vec<(String, String, String)> {
    crate::util::check(doc, id)["phases"]
        .as_array()
        .unwrap_or_else(|| panic!("no phases on {id}: {doc:#}"))
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("phase"), s("host"), s("request"))
        })
        .collect()
}

#[test]
fn json_carries_each_checks_phases_and_the_critical_path() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let doc = s.check().args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 0, "{doc:#}");
    let dns = phases(&doc, "registry.dns");
    assert_eq!(dns, [("dns".into(), s.sim.registry_host(), String::new())]);
    assert_eq!(
        phases(&doc, "registry.challenge"),
        [
            ("connect".into(), ls.clone(), String::new()),
            ("request".into(), ls.clone(), "GET /v2/".into()),
        ]
    );
    assert_eq!(
        phases(&doc, "registry.refresh_token"),
        [("request".into(), ls.clone(), "POST /oauth2/exchange".into())]
    );
    assert_eq!(
        phases(&doc, "registry.access_token"),
        [("request".into(), ls.clone(), "POST /oauth2/token".into())]
    );
    let challenge = &crate::util::check(&doc, "registry.challenge")["phases"];
    assert_eq!(challenge[0]["tls"], "TLS 1.3");
    for key in ["startMs", "durationMs"] {
        assert!(challenge[0][key].as_f64().is_some(), "{challenge}");
    }
    for key in ["startMs", "firstByteMs", "transferMs", "durationMs"] {
        assert!(challenge[1][key].as_f64().is_some(), "{challenge}");
    }
    // TCP and TLS, the challenge, exchange and token: the registry's five
    // round trips (the Entra ID token came beside the first three).
    let path = &doc["criticalPath"];
    assert_eq!(path["roundTrips"], 5, "{path:#}");
    let line = path["line"].as_str().unwrap();
    assert!(
        line.starts_with(&format!("Critical path: 5 round trips to {ls}, ~")),
        "{line}"
    );
    assert!(line.ends_with(" each"), "{line}");
}

#[test]
fn text_shows_phases_and_the_critical_path_only_with_timings() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let run = s.check().arg("--timings").run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!("  · DNS {}: ", s.sim.registry_host()))
        .assert_contains(&format!("  · connect {ls} (TLS 1.3): "))
        .assert_contains(&format!("  · GET {ls}/v2/: "))
        .assert_contains(&format!("  · POST {ls}/oauth2/exchange: "))
        .assert_contains(" to first byte, ")
        .assert_contains(&format!("\nCritical path: 5 round trips to {ls}, ~"));
    let plain = s.check().run();
    plain.assert_lacks("  · ").assert_lacks("Critical path:");
    // az's stream has neither, whatever the flags.
    let (run, stream) = s.check().arg("--timings").args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(stream, healthy_az_stream(&ls));
}

#[test]
fn a_slow_tls_handshake_is_a_warning_with_its_code() {
    let s = sim("slow-handshake");
    let ls = s.sim.login_server();
    let run = s.check().timeout("10s").run();
    // A warning, not a failure.
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Setting up the connection to '{ls}' (TCP and the TLS handshake) took "
    ))
    .assert_contains(", more than 1.0 s.\n  What to do:\n    1. Run again with --timings")
    .assert_contains("Run 'acr-health explain SLOW_TLS_HANDSHAKE_WARNING' for more.")
    .assert_contains("1 warning, 0 errors");
    let doc = s.check().timeout("10s").args(["-o", "json"]).run().json();
    let warning = crate::util::checks(&doc, "registry.challenge")
        .into_iter()
        .find(|c| c["status"] == "warning")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(warning["code"], "SLOW_TLS_HANDSHAKE_WARNING");
    assert_eq!(warning["title"], "Slow connection set-up");
    assert!(
        warning["remediation"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    assert_eq!(doc["exitStatus"], 0);
    // az prints no such line.
    let (run, stream) = s.check().timeout("10s").args(["-o", "az"]).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(stream, healthy_az_stream(&ls));
}

#[test]
fn a_slow_token_request_is_a_warning_with_its_code() {
    let s = sim("slow");
    let ls = s.sim.login_server();
    let doc = s.check().timeout("10s").args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 0, "{doc:#}");
    for (id, what) in [
        ("registry.refresh_token", "POST /oauth2/exchange"),
        ("registry.access_token", "POST /oauth2/token"),
    ] {
        let warning = crate::util::checks(&doc, id)
            .into_iter()
            .find(|c| c["status"] == "warning")
            .unwrap_or_else(|| panic!("no warning for {id}: {doc:#}"));
        assert_eq!(warning["code"], "SLOW_TOKEN_REQUEST_WARNING", "{warning}");
        let message = warning["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("The token request {what} to '{ls}' took "))
                && message.ends_with(" to answer, more than 2.0 s."),
            "{message}"
        );
    }
    // The challenge was as slow, but it is no token request.
    assert!(
        crate::util::checks(&doc, "registry.challenge")
            .iter()
            .all(|c| c["status"] != "warning"),
        "{doc:#}"
    );
}
