//! Where credentials may go (issue 25, items 3 and 4): every endpoint that
//! receives a secret or a token is https, whatever supplied it, and ARM's
//! resource ids are paths on the ARM endpoint, never URLs of their own.
//! Each test first shows the hostile input was delivered (the file was read
//! and used, the hostile id was served), then that nothing reached where it
//! must not.

use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::PathBuf;

use acr_sim::Server;

use crate::util::*;

/// A plain-TCP listener on loopback standing for an endpoint that would get
/// a secret in clear text: no connection may ever reach it.
struct Trap(TcpListener);

impl Trap {
    fn new() -> Self {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        Trap(l)
    }

    fn port(&self) -> u16 {
        self.0.local_addr().unwrap().port()
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }

    /// Connections made so far (the kernel queues each one, even one its
    /// client closed already).
    fn connections(&self) -> usize {
        let mut n = 0;
        loop {
            match self.0.accept() {
                Ok(_) => n += 1,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return n,
                Err(e) => panic!("accept: {e}"),
            }
        }
    }
}

/// az's config dir for a custom cloud `SimCloud` whose Entra ID authority
/// and ARM endpoint are the given URLs (registered as `az cloud register`
/// writes them).
fn custom_cloud(s: &SimRun, authority: &str, arm: &str) -> PathBuf {
    let dir = s.dir.path().join("az-custom-cloud");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config"), "[cloud]\nname = SimCloud\n").unwrap();
    std::fs::write(
        dir.join("clouds.config"),
        format!(
            "[SimCloud]\n\
             endpoint_active_directory = {authority}\n\
             endpoint_resource_manager = {arm}/\n\
             endpoint_active_directory_resource_id = https://management.core.windows.net/\n\
             suffix_acr_login_server_endpoint = .azurecr.io\n"
        ),
    )
    .unwrap();
    dir
}

fn served_by(s: &SimRun, server: Server) -> usize {
    s.requests().iter().filter(|r| r.server == server).count()
}

/// The service principal's secret goes to the authority clouds.config
/// names; one there that is not https gets nothing, and the error names
/// the key and the file.
#[test]
fn an_http_authority_from_clouds_config_gets_no_request_and_is_named() {
    let s = sim("healthy");
    // Delivered: the authority the tool sends the secret to is the file's.
    let dir = custom_cloud(&s, &s.sim.authority_host(), &s.sim.arm_endpoint());
    let run = s
        .check()
        .without_env("AZURE_AUTHORITY_HOST")
        .env("AZURE_CONFIG_DIR", &dir)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    assert_eq!(
        served_by(&s, Server::Entra),
        1,
        "the file's authority was asked"
    );

    let trap = Trap::new();
    let dir = custom_cloud(&s, &trap.url(), &s.sim.arm_endpoint());
    let message = format!(
        "The Entra ID authority '{}' (from [SimCloud] endpoint_active_directory in {}) is not an https:// URL (http://). Credentials are sent there, so nothing was sent.",
        trap.url(),
        dir.join("clouds.config").display()
    );
    for mode in [&[][..], &["-o", "json"]] {
        let run = s
            .check()
            .without_env("AZURE_AUTHORITY_HOST")
            .env("AZURE_CONFIG_DIR", &dir)
            .args(mode)
            .run();
        assert_eq!(
            trap.connections(),
            0,
            "the secret went to an http authority"
        );
        assert_eq!(run.status, 1, "{}", run.all());
        if mode.is_empty() {
            run.assert_error("INSECURE_ENDPOINT_ERROR", &message);
        } else {
            let json = run.json();
            let errors: Vec<&serde_json::Value> = json["checks"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["status"] == "error")
                .collect();
            assert_eq!(errors.len(), 1, "{}", run.stdout);
            assert_eq!(errors[0]["code"], "INSECURE_ENDPOINT_ERROR");
            assert_eq!(errors[0]["id"], "registry.credential");
            assert_eq!(errors[0]["message"], message.as_str());
        }
    }
    assert_eq!(
        served_by(&s, Server::Entra),
        1,
        "no request after the first run"
    );

    // The Azure CLI login sends its refresh token there, and az would too:
    // neither az's files nor az itself are used.
    let marker = s.dir.path().join("az-ran");
    let run = s
        .check()
        .without_service_principal()
        .without_env("AZURE_AUTHORITY_HOST")
        .env("AZURE_CONFIG_DIR", &dir)
        .fake_bin("az", &format!("echo ran > '{}'", marker.display()))
        .run();
    assert!(!marker.exists(), "az was run with an http authority");
    run.assert_error("INSECURE_ENDPOINT_ERROR", &message);
}

/// ARM gets the token: an ARM endpoint from clouds.config that is not https
/// gets no request, and no ARM token is even asked for.
#[test]
fn an_http_arm_endpoint_from_clouds_config_gets_no_token_and_is_named() {
    let s = sim("healthy");
    let by_arm = |dir: &PathBuf| {
        s.check()
            .via_arm()
            .without_env("ACR_HEALTH_ARM_ENDPOINT")
            .without_env("AZURE_AUTHORITY_HOST")
            .env("AZURE_CONFIG_DIR", dir)
    };
    // Delivered: the registry is read from the file's ARM endpoint.
    let dir = custom_cloud(&s, &s.sim.authority_host(), &s.sim.arm_endpoint());
    let run = by_arm(&dir).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("read from ARM, subscription");
    assert!(served_by(&s, Server::Arm) > 0);
    let before = (served_by(&s, Server::Arm), served_by(&s, Server::Entra));

    let trap = Trap::new();
    let dir = custom_cloud(&s, &s.sim.authority_host(), &trap.url());
    let run = by_arm(&dir).run();
    assert_eq!(
        trap.connections(),
        0,
        "the ARM token went to an http endpoint"
    );
    run.assert_error(
        "INSECURE_ENDPOINT_ERROR",
        &format!(
            "The ARM endpoint '{}/' (from [SimCloud] endpoint_resource_manager in {}) is not an https:// URL (http://). Credentials are sent there, so nothing was sent.",
            trap.url(),
            dir.join("clouds.config").display()
        ),
    )
    .assert_lacks("DNS lookup");
    assert_eq!(
        (served_by(&s, Server::Arm), served_by(&s, Server::Entra)),
        before,
        "no token was asked for and no request made"
    );
}

/// A managed identity endpoint may be plain http only on this machine (App
/// Service's, Arc's, IMDS); elsewhere its header would cross a network in
/// clear text, so nothing is sent.
#[test]
fn a_managed_identity_endpoint_off_this_machine_must_be_https() {
    let s = sim("healthy");
    let trap = Trap::new();
    // 0.0.0.0 is not this machine's address by name, yet Linux connects it
    // to loopback: were the check missing, the trap would see the header.
    let endpoint = format!("http://0.0.0.0:{}/msi/token", trap.port());
    let run = s
        .check()
        .without_service_principal()
        .env("IDENTITY_ENDPOINT", &endpoint)
        .env("IDENTITY_HEADER", s.sim.identity_header())
        .run();
    assert_eq!(
        trap.connections(),
        0,
        "the identity header went off the machine"
    );
    run.assert_error(
        "INSECURE_ENDPOINT_ERROR",
        &format!(
            "The managed identity endpoint '{endpoint}' (from IDENTITY_ENDPOINT) is not an https:// URL (http://). Credentials are sent there, so nothing was sent."
        ),
    );

    // On this machine, plain http is how App Service serves it: the
    // simulator's endpoint, over http on loopback, is asked as before.
    let run = s
        .check()
        .without_service_principal()
        .env("IDENTITY_ENDPOINT", trap.url())
        .env("IDENTITY_HEADER", s.sim.identity_header())
        .timeout("1s")
        .run();
    run.assert_lacks("INSECURE_ENDPOINT_ERROR");
    assert_eq!(trap.connections(), 1, "a local http endpoint is asked");
}

/// What reached the foreign host: nothing may, ever.
fn foreign(s: &SimRun) -> Vec<acr_sim::LoggedRequest> {
    s.requests()
        .into_iter()
        .filter(|r| r.server == Server::OtherRealm)
        .collect()
}

/// Every check that follows an id of the registry object: the CMK identity,
/// the private endpoints (with --vnet) and the registry's own id (its
/// replications). Each id is a URL to the foreign host, which a path pasted
/// after the endpoint would send the ARM token to.
#[test]
fn hostile_ids_in_the_registry_object_are_never_followed() {
    let s = sim("arm-hostile-ids");
    let hostile = format!("@127.0.0.1:{}/subscriptions/", s.sim.other_realm_port());
    let run = s.check().via_arm().args(["--vnet", "sim-vnet"]).run();
    // Delivered: the registry object was read, with the hostile ids in it.
    run.assert_contains("read from ARM, subscription");
    assert!(foreign(&s).is_empty(), "{:?}", foreign(&s));
    assert_eq!(run.status, 0, "{}", run.all());
    let not_followed = |what: &str| {
        run.assert_contains(&format!("{what}: ARM gave the resource id '{hostile}"))
            .assert_contains("which is not one (it holds '@'); it was not followed");
    };
    not_followed("CMK identity not checked");
    not_followed("Private endpoint DNS not checked");
    run.assert_contains("Geo-replications not read: ARM gave no readable registry id");

    // az's rules read the same ids (and report what they could not read as
    // az does): the token still goes nowhere else.
    let run = s
        .check()
        .via_arm()
        .args(["--vnet", "sim-vnet", "-o", "az", "--ignore-errors"])
        .run();
    run.assert_contains("CMK_ERROR");
    assert!(foreign(&s).is_empty(), "{:?}", foreign(&s));
}

/// The network interfaces a private endpoint lists, and the ids inside a
/// network interface's answer: the first endpoint's interface answers with
/// foreign-host URLs for every id (none of which is for following), the
/// second endpoint lists an interface whose id is one.
#[test]
fn hostile_ids_in_private_endpoint_and_interface_answers_are_never_followed() {
    let s = sim("arm-hostile-nic-id");
    let hostile = format!("@127.0.0.1:{}/subscriptions/", s.sim.other_realm_port());
    for mode in [&[][..], &["-o", "az", "--ignore-errors"][..]] {
        let run = s
            .check()
            .via_arm()
            .args(["--vnet", "sim-vnet"])
            .args(mode)
            .run();
        // Delivered: both endpoints and the first interface were read.
        let read = |kind: &str| {
            s.requests()
                .iter()
                .filter(|r| r.server == Server::Arm && r.path.contains(kind))
                .count()
        };
        assert!(
            read("/privateEndpoints/simregistry-pe-b") > 0,
            "{}",
            run.all()
        );
        assert!(read("/networkInterfaces/") > 0, "{}", run.all());
        assert!(foreign(&s).is_empty(), "{:?}", foreign(&s));
        if mode.is_empty() {
            run.assert_contains(&format!(
                "Private endpoint DNS not checked: ARM gave the resource id '{hostile}"
            ));
        } else {
            run.assert_contains(&format!("ARM gave the resource id '{hostile}"));
        }
    }
}
