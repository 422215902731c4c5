//! Several registries in one run (behaviour.md §2, §5): each one stops at
//! its own first error while the others are still checked, and a large
//! fleet stays inside the process's file-descriptor limit.

use crate::util::*;

/// `good`'s run (its Entra ID signs in) with `bad` named first: both names
/// are pinned to loopback and both CAs trusted.
fn bad_first(bad: &SimRun, good: &SimRun) -> Cmd {
    let mut c = good.check().args([
        "--resolve",
        "simregistry.azurecr.io:127.0.0.1",
        "--ca-cert",
        &bad.ca.to_string_lossy(),
    ]);
    let i = c.args.iter().position(|a| a == "-n").unwrap();
    c.args
        .splice(i..i, ["-n".to_owned(), bad.sim.login_server()]);
    c
}

/// The failing registry comes first: without --ignore-errors the run still
/// checks the second one, and exits 1 for the first.
#[test]
fn each_registry_stops_at_its_own_first_error() {
    let bad = sim("forbidden");
    let good = sim("healthy");
    let run = bad_first(&bad, &good).args(["-o", "json"]).run();
    assert_eq!(run.status, 1, "{}", run.all());
    let doc = run.json();
    let (b, g) = (bad.sim.login_server(), good.sim.login_server());
    assert_eq!(
        check(&doc, &format!("registry.challenge@{b}"))["code"],
        "CONNECTIVITY_FORBIDDEN_ERROR"
    );
    // The failing registry said nothing after its error ...
    let ids: Vec<&str> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(&format!("registry.access_token@{b}").as_str()),
        "{ids:?}"
    );
    // ... and the other one was checked to the end.
    assert_eq!(
        check(&doc, &format!("registry.challenge@{g}"))["status"],
        "ok"
    );
    assert_eq!(
        check(&doc, &format!("registry.access_token@{g}"))["status"],
        "ok"
    );
    assert_eq!(doc["exitStatus"], 1);
}

/// The same in text: both registries' lines, and the closing note says each
/// registry stopped at its own first error.
#[test]
fn text_names_each_registrys_stop() {
    let bad = sim("forbidden");
    let good = sim("healthy");
    let g = good.sim.login_server();
    let run = bad_first(&bad, &good).run();
    run.assert_error(
        "CONNECTIVITY_FORBIDDEN_ERROR",
        "Looks like you don't have access to registry",
    )
    .assert_contains(&format!("Fetch access token for registry '{g}' : OK"))
    .assert_contains("Each registry stopped at its own first error");
}

/// 2,000 healthy registries with soft = hard = 1,024 open files: without a
/// bound on registries in flight the run would run out of descriptors and
/// blame the registries. The limit is real: the same fleet with
/// `--parallel 1024` in 256 descriptors runs out of them.
#[cfg(unix)]
#[test]
fn two_thousand_registries_fit_in_1024_file_descriptors() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let fleet = |parallel: &str, registries: usize, files: u64| {
        // A busy machine must not turn the run into timeouts: the limit
        // on descriptors is what is tested here.
        let mut c = s
            .check()
            .timeout("60s")
            .open_files(files)
            .args(["--parallel", parallel]);
        for _ in 1..registries {
            c = c.args(["-n", &ls]);
        }
        c.args(["-o", "json", "--ignore-errors"]).run()
    };
    let run = fleet("64", 2000, 1024);
    if run.status != 0 {
        let errors: Vec<_> = run.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "error")
            .take(3)
            .cloned()
            .collect();
        panic!("exit {}: {errors:#?}", run.status);
    }
    let doc = run.json();
    assert_eq!(doc["summary"]["errors"], 0);
    // The hazard is real: as many registries in flight as the bound allows
    // at most, in a quarter of the descriptors, run out of them; and the
    // failure is ours, never a registry's code.
    let hazard = fleet("1024", 2000, 256);
    assert_eq!(hazard.status, 1, "the limit did not bite");
    hazard.assert_contains("Too many open files");
    // Every error that met the limit is ours. (On a loaded machine the
    // simulator, serving a thousand registries in one process, may also
    // drop a handshake; that error names no descriptor and is not ours.)
    let doc = hazard.json();
    let errors = error_checks(&doc);
    let met_the_limit = |c: &serde_json::Value| {
        let text = c.to_string();
        text.contains("Too many open files")
            || text.contains("os error 24")
            || text.contains("no connections available")
    };
    let ours = errors
        .iter()
        .filter(|c| c["code"] == "OPEN_FILES_LIMIT_ERROR")
        .count();
    assert!(ours > 0, "no OPEN_FILES_LIMIT_ERROR: {}", hazard.stdout);
    for c in errors.iter().filter(|c| met_the_limit(c)) {
        assert_eq!(c["code"], "OPEN_FILES_LIMIT_ERROR", "{c:#}");
    }
}

/// Out of file descriptors of our own (EMFILE, issue 26): a fleet with
/// every registry in flight at once in 64 open files. Each check that
/// failed for want of a socket says so, naming the limit, under a code of
/// its own, never under the registry's (a DNS or connection error); the
/// run fails (exit status 1) and says what to do.
#[cfg(unix)]
#[test]
fn running_out_of_our_own_file_descriptors_is_ours_not_the_registrys() {
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let mut c =
        s.check()
            .timeout("60s")
            .open_files(64)
            .args(["--parallel", "1024", "--ignore-errors"]);
    for _ in 1..200 {
        c = c.args(["-n", &ls]);
    }
    let doc = c.clone().args(["-o", "json"]).run().json();
    assert_eq!(doc["exitStatus"], 1, "the limit did not bite: {doc:#}");
    let errors = error_checks(&doc);
    assert!(!errors.is_empty());
    for e in &errors {
        assert_eq!(e["code"], "OPEN_FILES_LIMIT_ERROR", "{e:#}");
        let reason = e["reason"].as_str().unwrap();
        assert!(
            reason.starts_with(
                "acr-health had open all the 64 files and sockets its limit on open files allows (EMFILE; `ulimit -n` is 64); what the check met: "
            ),
            "{reason}"
        );
    }
    // In text: the block, its reason and what to do.
    let run = c.run();
    run.assert_error(
        "OPEN_FILES_LIMIT_ERROR",
        "The check '",
    )
    .assert_contains(
        "could not finish: acr-health ran out of file descriptors of its own. This says nothing about the registry.",
    )
    .assert_contains("lower --parallel")
    .assert_lacks("CONNECTIVITY_DNS_ERROR")
    .assert_lacks("CONNECTIVITY_CHALLENGE_ERROR");
}

/// The checks of a JSON report that ended in an error.
#[cfg(unix)]
fn error_checks(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "error")
        .collect()
}
