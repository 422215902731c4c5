//! Trusted roots: the system store (SSL_CERT_FILE / SSL_CERT_DIR) without
//! `--ca-cert`, how often it is loaded (the `--debug` count), and what a
//! malformed certificate in it does.

use std::path::Path;

use crate::util::{Cmd, Run, SimRun, sim};

/// The `--debug` line each load of the system store prints.
const LOADED: &str = "root store loaded (load ";

fn loads(run: &Run) -> usize {
    run.stderr.matches(LOADED).count()
}

/// `check` trusting only what `SSL_CERT_*` point at: no `--ca-cert`.
fn without_ca_cert(c: Cmd) -> Cmd {
    let mut c = c.arg("--debug");
    let i = c.args.iter().position(|a| a == "--ca-cert").unwrap();
    c.args.drain(i..i + 2);
    c
}

/// A corporate-style bundle: the system's roots (when the machine has a
/// bundle) with the simulator's CA appended.
fn bundle_with_sim_ca(s: &SimRun, extra: &str) -> String {
    let path = s.dir.path().join("store.pem");
    let mut text =
        std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    text.push_str(extra);
    text.push_str(&String::from_utf8(s.sim.ca_pem().into()).unwrap());
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// A certificate directory holding only the simulator's CA, as a corporate
/// root dropped into `/etc/ssl/certs` would be.
fn certs_dir_with_sim_ca(s: &SimRun) -> std::path::PathBuf {
    let dir = s.dir.path().join("certs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("corporate-root.pem"), s.sim.ca_pem()).unwrap();
    dir
}

fn assert_healthy(run: &Run) {
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("Challenge endpoint https://")
        .assert_contains("Fetch access token for registry")
        .assert_lacks("An error occurred");
}

#[test]
fn a_root_in_ssl_cert_file_is_trusted_and_the_store_is_loaded_once() {
    let s = sim("healthy");
    let store = bundle_with_sim_ca(&s, "");
    // Like Debian's store: the root is in the bundle and in the directory.
    let dir = certs_dir_with_sim_ca(&s);
    // Three registries and Entra ID: five clients, one store load; the
    // bundle verifies, so the directory is never read.
    let ls = s.sim.login_server();
    let run = without_ca_cert(
        s.check()
            .env("SSL_CERT_FILE", &store)
            .env("SSL_CERT_DIR", &dir),
    )
    .args(["-n", &ls, "-n", &ls])
    .run();
    assert_healthy(&run);
    assert_eq!(
        run.stdout
            .matches("Fetch access token for registry")
            .count(),
        3
    );
    assert_eq!(loads(&run), 1, "{}", run.stderr);
    run.assert_contains("root store loaded (load 1 of this run): ")
        .assert_contains(&format!(" roots from {store} (1 files read)"));
}

#[test]
fn a_root_only_in_the_directory_is_found_after_the_bundle() {
    let s = sim("healthy");
    // The bundle lacks the simulator's CA; the directory has it.
    let bundle = s.dir.path().join("bundle.pem");
    std::fs::write(&bundle, s.sim.untrusted_ca_pem()).unwrap();
    let dir = certs_dir_with_sim_ca(&s);
    let ls = s.sim.login_server();
    let run = without_ca_cert(
        s.check()
            .env("SSL_CERT_FILE", &bundle)
            .env("SSL_CERT_DIR", &dir),
    )
    .args(["-n", &ls])
    .run();
    assert_healthy(&run);
    // Each part once: the bundle, then the directory, however many clients.
    assert_eq!(loads(&run), 2, "{}", run.stderr);
    run.assert_contains("root store loaded (load 2 of this run): 2 roots with ");
}

#[test]
fn a_root_in_ssl_cert_dir_is_trusted() {
    let s = sim("healthy");
    let dir = certs_dir_with_sim_ca(&s);
    std::fs::write(dir.join("README"), "not a certificate\n").unwrap();
    let run = without_ca_cert(s.check().env("SSL_CERT_DIR", &dir)).run();
    assert_healthy(&run);
    assert_eq!(loads(&run), 1, "{}", run.stderr);
    // A file without certificates is no problem worth a warning.
    run.assert_lacks("warning:");
}

#[test]
fn with_ca_cert_roots_that_verify_the_store_is_never_loaded() {
    let s = sim("healthy");
    // The store would trust nothing; --ca-cert alone must serve.
    let run = s
        .check()
        .env("SSL_CERT_DIR", s.dir.path().join("empty"))
        .arg("--debug")
        .run();
    assert_healthy(&run);
    run.assert_contains("trusted roots: 1 from --ca-cert, tried first");
    assert_eq!(loads(&run), 0, "{}", run.stderr);
}

#[test]
fn when_ca_cert_does_not_verify_the_store_still_does() {
    let s = sim("healthy");
    // --ca-cert names a real CA that signed nothing here; the simulator's
    // is in the store.
    let other = s.dir.path().join("other.pem");
    std::fs::write(&other, s.sim.untrusted_ca_pem()).unwrap();
    let store = bundle_with_sim_ca(&s, "");
    let mut c = s.check().env("SSL_CERT_FILE", &store).arg("--debug");
    let i = c.args.iter().position(|a| a == "--ca-cert").unwrap();
    c.args[i + 1] = other.to_string_lossy().into_owned();
    let run = c.run();
    assert_healthy(&run);
    assert_eq!(loads(&run), 1, "{}", run.stderr);
}

#[test]
fn a_malformed_certificate_in_the_store_is_skipped_with_a_warning() {
    let s = sim("healthy");
    let broken = "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n\
                  -----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n";
    let dir = s.dir.path().join("certs");
    std::fs::create_dir_all(&dir).unwrap();
    // Not the same blocks as in the bundle: a block seen twice is reported once.
    std::fs::write(
        dir.join("broken.pem"),
        broken.replace("!!!", "%%%").replace("AAEC", "BAEC"),
    )
    .unwrap();
    std::fs::write(dir.join("corporate-root.pem"), s.sim.ca_pem()).unwrap();
    // The bundle: the system's roots and the broken blocks, not the
    // simulator's CA, so the directory is read too.
    let store = s
        .dir
        .path()
        .join("store.pem")
        .to_string_lossy()
        .into_owned();
    let mut text =
        std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    text.push_str(broken);
    std::fs::write(&store, text).unwrap();
    // Joined with the platform's separator (`:`, `;` on Windows).
    let dirs = std::env::join_paths([dir.clone(), s.dir.path().join("missing")]).unwrap();
    // Without --debug: the warning is not a debug line.
    let mut c = without_ca_cert(
        s.check()
            .env("SSL_CERT_FILE", &store)
            .env("SSL_CERT_DIR", &dirs),
    );
    c.args.retain(|a| a != "--debug");
    let run = c.run();
    assert_healthy(&run);
    let warned = |path: &Path, n: usize, why: &str| {
        run.assert_contains(&format!(
            "acr-health: warning: skipped a malformed certificate in {} (certificate {n}): {why}",
            path.to_string_lossy()
        ));
    };
    warned(&dir.join("broken.pem"), 1, "not valid base64");
    warned(
        &dir.join("broken.pem"),
        2,
        "not a usable X.509 root (BadEncoding)",
    );
    // The bundle's broken blocks come after the system's roots, if any.
    let system = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt")
        .map(|t| t.matches("-----BEGIN CERTIFICATE-----").count())
        .unwrap_or(0);
    warned(Path::new(&store), system + 1, "not valid base64");
    warned(Path::new(&store), system + 2, "not a usable X.509 root");
    run.assert_contains("acr-health: warning: cannot read the directory ");
    assert!(
        !run.stdout.contains("warning: skipped"),
        "warnings go to stderr"
    );
}

#[test]
fn a_store_without_the_issuer_names_the_presented_certificate() {
    let s = sim("healthy");
    let dir = s.dir.path().join("certs");
    std::fs::create_dir_all(&dir).unwrap();
    let run = without_ca_cert(s.check().env("SSL_CERT_DIR", &dir)).run();
    run.assert_error(
        "CONNECTIVITY_SSL_ERROR",
        "Unable to establish a secure connection",
    )
    .assert_contains(
        "unknown issuer); the server presented a certificate issued by 'CN=acr-sim test CA",
    )
    .assert_contains("acr-health: warning: no trusted root certificates were found");
    assert_eq!(loads(&run), 1, "{}", run.stderr);
}
