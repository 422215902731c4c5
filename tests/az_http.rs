//! The HTTP environment az's libraries honour (issue 23): proxies as
//! requests and urllib read them (az's registry calls, MSAL, and azure-core
//! for ARM, which sends through requests too), CA bundles in requests'
//! order, `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`, and no timeout of
//! our own in the az dialect. Each test runs the binary against the
//! simulator; az's strings are cited where they come from.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use crate::util::{
    Cmd, SimRun, az_stream, closed_port, healthy_az_stream, healthy_az_stream_after_version, sim,
};

/// One CONNECT request a proxy saw: its target and its Proxy-Authorization.
#[derive(Clone, Debug)]
struct Tunnel {
    target: String,
    auth: Option<String>,
}

/// A CONNECT proxy on loopback that tunnels to 127.0.0.1 at the target's
/// port, recording each tunnel.
fn connect_proxy() -> (String, Arc<Mutex<Vec<Tunnel>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut auth = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) <= 2 {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':')
                        && k.eq_ignore_ascii_case("proxy-authorization")
                    {
                        auth = Some(v.trim().to_owned());
                    }
                }
                let target = request.split_whitespace().nth(1).unwrap_or("").to_owned();
                let port = target.rsplit(':').next().unwrap_or("443").to_owned();
                log.lock().unwrap().push(Tunnel { target, auth });
                let Ok(upstream) = TcpStream::connect(format!("127.0.0.1:{port}")) else {
                    return;
                };
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
    (format!("127.0.0.1:{}", addr.port()), seen)
}

/// A proxy-free command: the harness's environment has none, but say so.
fn az(s: &SimRun) -> Cmd {
    s.check().args(["-o", "az"])
}

// ------------------------------------------------------------ proxies

#[test]
fn the_lower_case_proxy_variable_wins_and_its_credentials_are_sent() {
    // urllib's `getproxies_environment` reads the environment twice, the
    // second time for lower-case names only: `https_proxy` wins over
    // `HTTPS_PROXY`. requests sends the URL's user and password, decoded,
    // as Basic credentials (`get_auth_from_url`).
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let (proxy, seen) = connect_proxy();
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let password = "canary-proxy-p@ss";
    let c = az(&s)
        .env("HTTPS_PROXY", &dead)
        .env(
            "https_proxy",
            format!("http://user:canary-proxy-p%40ss@{proxy}"),
        )
        .secret(password);
    let (run, got) = c.run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(got, healthy_az_stream(&ls));
    let tunnels = seen.lock().unwrap().clone();
    let registry: Vec<&Tunnel> = tunnels.iter().filter(|t| t.target == ls).collect();
    assert_eq!(registry.len(), 1, "{tunnels:?}");
    // base64("user:canary-proxy-p@ss")
    assert_eq!(
        registry[0].auth.as_deref(),
        Some("Basic dXNlcjpjYW5hcnktcHJveHktcEBzcw==")
    );
    // Entra ID went through it too: every request follows the same rules.
    let entra = format!(
        "127.0.0.1:{}",
        s.sim.authority_host().rsplit(':').next().unwrap()
    );
    assert!(tunnels.iter().any(|t| t.target == entra), "{tunnels:?}");

    // Set empty, the lower-case variable cancels the upper-case one: the
    // dead proxy is not used, and nothing is.
    let (run, got) = az(&s)
        .env("HTTPS_PROXY", &dead)
        .env("https_proxy", "")
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(got, healthy_az_stream(&ls));

    // `all_proxy` stands in for https when it has none (`select_proxy`).
    let (proxy, seen) = connect_proxy();
    let (run, _) = az(&s).env("all_proxy", format!("http://{proxy}")).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert!(seen.lock().unwrap().iter().any(|t| t.target == ls));
}

#[test]
fn no_proxy_forms_as_requests_reads_them() {
    // requests' `should_bypass_proxies`, then urllib's
    // `proxy_bypass_environment`: a domain above the host (a leading dot
    // changes nothing), `host:port` only for a URL with that explicit port,
    // `no_proxy` over `NO_PROXY` (an empty lower-case value falls back).
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let port = s.sim.login_port();
    for (vars, direct) in [
        (vec![("NO_PROXY", ".azurecr.io".to_owned())], true),
        (vec![("NO_PROXY", "AZURECR.IO".to_owned())], true),
        (
            vec![("no_proxy", format!("simregistry.azurecr.io:{port}"))],
            true,
        ),
        (
            vec![("NO_PROXY", "simregistry.azurecr.io:1".to_owned())],
            false,
        ),
        (vec![("NO_PROXY", "egistry.azurecr.io".to_owned())], false),
        (vec![("NO_PROXY", "*.azurecr.io".to_owned())], false),
        (vec![("NO_PROXY", "*".to_owned())], true),
        (vec![("NO_PROXY", "other.example,*".to_owned())], false),
        (
            vec![
                ("NO_PROXY", "azurecr.io".to_owned()),
                ("no_proxy", "other.example".to_owned()),
            ],
            false,
        ),
        (
            vec![
                ("NO_PROXY", "azurecr.io".to_owned()),
                ("no_proxy", String::new()),
            ],
            true,
        ),
    ] {
        let (proxy, seen) = connect_proxy();
        let mut c = az(&s).env("HTTPS_PROXY", format!("http://{proxy}"));
        for (k, v) in &vars {
            c = c.env(k, v);
        }
        let (run, got) = c.run_az();
        assert_eq!(run.status, 0, "{vars:?}\n{}", run.all());
        assert_eq!(got, healthy_az_stream(&ls), "{vars:?}");
        let proxied = seen.lock().unwrap().iter().any(|t| t.target == ls);
        assert_eq!(proxied, !direct, "{vars:?}");
    }
}

// ------------------------------------------------------------ CA bundles

#[test]
fn requests_ca_bundle_comes_before_curl_ca_bundle() {
    // requests' `merge_environment_settings`: `REQUESTS_CA_BUNDLE or
    // CURL_CA_BUNDLE`. Without --ca-cert the simulator's CA is trusted only
    // through them.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let other = sim("healthy");
    let other_ca = s.dir.path().join("other-ca.pem");
    std::fs::write(&other_ca, other.sim.ca_pem()).unwrap();
    let bare = || az(&s).without("--ca-cert");

    let (run, got) = bare().env("CURL_CA_BUNDLE", &s.ca).run_az();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(got, healthy_az_stream(&ls));

    let (run, got) = bare()
        .env("REQUESTS_CA_BUNDLE", &other_ca)
        .env("CURL_CA_BUNDLE", &s.ca)
        .run_az();
    assert_eq!(run.status, 1, "{}", run.all());
    assert!(
        got.contains("An error occurred: CONNECTIVITY_SSL_ERROR\n"),
        "{got}"
    );

    let (run, _) = bare()
        .env("REQUESTS_CA_BUNDLE", &s.ca)
        .env("CURL_CA_BUNDLE", &other_ca)
        .run_az();
    assert_eq!(run.status, 0, "{}", run.all());
}

// ------------------------------------------------------------ verification off

#[test]
fn disabled_verification_warns_once_after_the_version_line() {
    // azure-cli-core `util.py`, `should_disable_connection_verify`: any
    // non-empty value; `_debug.py` warns as az creates its ARM client,
    // after its version line.
    let s = sim("healthy");
    let ls = s.sim.login_server();
    let warning = "WARNING: Connection verification disabled by environment variable AZURE_CLI_DISABLE_CONNECTION_VERIFICATION\n";
    for value in ["1", "0", "false"] {
        let c = az(&s)
            .without("--ca-cert")
            .env("AZURE_CLI_DISABLE_CONNECTION_VERIFICATION", value);
        let (run, got) = c.run_az();
        assert_eq!(run.status, 0, "{value}\n{}", run.all());
        assert_eq!(
            got,
            healthy_az_stream_after_version(&ls, warning),
            "{value}"
        );
    }
    // Empty is unset: the simulator's CA is not trusted, so the challenge
    // fails.
    let c = az(&s)
        .without("--ca-cert")
        .env("AZURE_CLI_DISABLE_CONNECTION_VERIFICATION", "");
    let (run, got) = c.run_az();
    assert_eq!(run.status, 1);
    assert!(!got.contains("Connection verification"), "{got}");
    // Without -n, nothing is contacted and az creates no client: no warning.
    let out = crate::util::acr_health()
        .args(["check", "--skip", "environment", "-o", "az"])
        .env("AZURE_CLI_DISABLE_CONNECTION_VERIFICATION", "1")
        .output()
        .unwrap();
    assert!(!az_stream(&out).contains("Connection verification"));
    // Our formats say what it means.
    let run = s
        .check()
        .without("--ca-cert")
        .env("AZURE_CLI_DISABLE_CONNECTION_VERIFICATION", "1")
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(
        "TLS certificates are not verified: AZURE_CLI_DISABLE_CONNECTION_VERIFICATION is set",
    );
}

// ------------------------------------------------------------ no timeout of our own

#[test]
fn a_registry_answering_after_22_seconds_passes_in_az_s_dialect() {
    // az's requests calls pass no timeout: it waits. `-o az` waits up to
    // 60 s by default; our text mode keeps its 20 s default.
    let s = sim("slow-challenge");
    let ls = s.sim.login_server();
    let text = std::thread::scope(|scope| {
        let text = scope.spawn(|| s.check().without("--timeout").run());
        let (run, got) = az(&s).without("--timeout").run_az();
        assert_eq!(run.status, 0, "{}", run.all());
        assert_eq!(got, healthy_az_stream(&ls));
        text.join().unwrap()
    });
    text.assert_error(
        "CONNECTIVITY_CHALLENGE_ERROR",
        &format!("Registry '{ls}' did not issue a challenge."),
    )
    .assert_contains("no answer before the timeout (20s, see --timeout)");
}
