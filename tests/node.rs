//! `--node` (docs/kubernetes.md): the kubelet's identity from a node config
//! (the fixtures in tests/fixtures/node, synthesised from the cloud
//! provider's documented azure.json fields), against the simulator playing
//! IMDS, Entra ID and the registry; the kubelet's credential provider
//! config; containerd's registry hosts; and, with the real containerd that
//! scripts/real-services.sh starts, a pull through `ctr` with a hosts.toml
//! mirror and a CA file. Every error code is provoked for real; the
//! harness checks every run for the kubelet's secret.

use std::fs;
use std::path::{Path, PathBuf};

use acr_sim::Server;

use crate::util::{Cmd, SimRun, acr_health, check, closed_port, json, sim, write_program_stub};
#[cfg(unix)]
use crate::util::{real_program, real_vars};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/node");
/// A secret the simulator's Entra ID does not know (made up, random-looking
/// so the scrubber's 8-character rule hides nothing else).
const WRONG_SECRET: &str = "nodeQ9~zX4.wrongKv7-Lp2";

/// A node's files in a temp dir: its config (from a fixture), the kubelet's
/// credential provider set-up and containerd's config with a hosts dir.
struct Node {
    dir: tempfile::TempDir,
}

impl Node {
    fn new() -> Self {
        Node {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `fixture` with its placeholders filled in; returns its path.
    fn fixture(&self, fixture: &str, values: &[(&str, &str)]) -> PathBuf {
        let mut text = fs::read_to_string(Path::new(FIXTURES).join(fixture)).unwrap();
        for (k, v) in values {
            text = text.replace(&format!("{{{{{k}}}}}"), v);
        }
        let out = self.path(fixture);
        fs::write(&out, text).unwrap();
        out
    }

    fn sp_config(&self, s: &SimRun, secret: &str) -> PathBuf {
        self.fixture(
            "azure-sp.json",
            &[
                ("TENANT", s.sim.tenant_id()),
                ("SUBSCRIPTION", s.sim.subscription_id()),
                ("CLIENT_ID", s.sim.client_id()),
                ("CLIENT_SECRET", secret),
            ],
        )
    }

    fn msi_config(&self, s: &SimRun, identity: &str) -> PathBuf {
        self.fixture(
            "azure-msi.json",
            &[
                ("TENANT", s.sim.tenant_id()),
                ("SUBSCRIPTION", s.sim.subscription_id()),
                ("IDENTITY", identity),
            ],
        )
    }

    /// The credential provider config, with `extra` matchImages lines, and
    /// an executable provider in its bin dir. Returns the two flags.
    fn credential_provider(&self, extra_match: &[&str]) -> Vec<String> {
        let extra: String = extra_match
            .iter()
            .map(|m| format!("      - \"{m}\"\n"))
            .collect();
        let config = self.fixture(
            "credential-provider-config.yaml",
            &[("EXTRA_MATCH", &extra)],
        );
        let bin = self.path("credential-provider");
        fs::create_dir_all(&bin).unwrap();
        write_program_stub(&bin.join("acr-credential-provider"));
        vec![
            "--credential-provider-config".into(),
            config.display().to_string(),
            "--credential-provider-bin-dir".into(),
            bin.display().to_string(),
        ]
    }

    /// containerd's config (version 2) with `config_path` pointing at a
    /// certs.d in which `host` has `hosts_toml`. Returns the config's path.
    fn containerd(&self, host: &str, hosts_toml: &str) -> PathBuf {
        let certs = self.path("certs.d");
        fs::create_dir_all(certs.join(host)).unwrap();
        fs::write(certs.join(host).join("hosts.toml"), hosts_toml).unwrap();
        let config = self.path("config.toml");
        fs::write(
            &config,
            format!(
                "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\n  config_path = \"{}:/nonexistent/certs.d\"\n",
                certs.display()
            ),
        )
        .unwrap();
        config
    }
}

/// `check --node-config CONFIG` against the simulator, with none of the
/// environment's credentials: the node config is the only source.
fn node_check(s: &SimRun, config: &Path) -> Cmd {
    s.check()
        .without_env("AZURE_CLIENT_SECRET")
        .without_env("AZURE_CLIENT_ID")
        .without_env("AZURE_TENANT_ID")
        .arg("--node-config")
        .arg(config.display().to_string())
}

#[test]
fn service_principal_pulls_as_the_kubelet_does() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let ls = s.sim.login_server();
    let mirror = format!("https://127.0.0.1:{}", closed_port());
    let containerd = node.containerd(
        &ls,
        &format!("server = \"https://{ls}\"\n[host.\"{mirror}\"]\n  capabilities = [\"pull\", \"resolve\"]\n"),
    );
    let run = node_check(&s, &config)
        .args(node.credential_provider(&[&format!("*.azurecr.io:{}", s.sim.login_port())]))
        .args(["--containerd-config", &containerd.display().to_string()])
        .args(["--image", "hello:latest"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    let id = s.sim.client_id();
    run.assert_contains(&format!("Kubelet identity: service principal (aadClientId {id})"))
        .assert_contains(&format!(
            "Credential: kubelet identity: service principal {id} (from {})",
            config.display()
        ))
        .assert_contains(&format!(
            "Kubelet identity (service principal (aadClientId {id})) can pull repository 'hello' from registry '{ls}' with its client ID and secret"
        ))
        .assert_contains("Kubelet credential provider acr-credential-provider covers")
        .assert_contains(&format!("Containerd tries, in order: {mirror} (mirror, pull+resolve), https://{ls} (server,"))
        .assert_contains(&format!("The mirror {mirror} cannot be reached"))
        .assert_contains("No pull through containerd: 'ctr' was not found on PATH");
    // The registry saw containerd's sign-in: the password grant with the
    // client id; Entra ID was never asked (nothing failed, no ARM).
    let grants: Vec<_> = s
        .requests_to("/oauth2/token")
        .into_iter()
        .filter(|r| {
            r.form
                .iter()
                .any(|(k, v)| k == "grant_type" && v == "password")
        })
        .collect();
    assert!(!grants.is_empty());
    assert!(
        grants[0]
            .form
            .iter()
            .any(|(k, v)| k == "username" && v == id)
    );
    assert!(s.requests().iter().all(|r| r.server != Server::Entra));
}

#[test]
fn a_secret_entra_id_refuses_is_kubelet_identity_error() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, WRONG_SECRET);
    let run = node_check(&s, &config).secret(WRONG_SECRET).run();
    let id = s.sim.client_id();
    let ls = s.sim.login_server();
    run.assert_error(
        "KUBELET_IDENTITY_ERROR",
        &format!(
            "The kubelet's identity (service principal (aadClientId {id})) cannot sign in to registry '{ls}'. The registry refused the service principal's client ID and secret as containerd sends them (POST /oauth2/token, password grant: HTTP 401, the registry said:"
        ),
    );
    run.assert_contains("Entra ID refuses them too: the kubelet's service principal failed at")
        .assert_contains("AADSTS7000215");
}

#[test]
fn a_service_principal_without_acrpull_is_named() {
    let s = sim("kubelet-no-acrpull");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let run = node_check(&s, &config)
        .args(["--image", "hello:latest"])
        .run();
    let id = s.sim.client_id();
    let ls = s.sim.login_server();
    run.assert_error(
        "KUBELET_ACRPULL_ERROR",
        &format!(
            "The kubelet's identity (service principal (aadClientId {id})) signs in but may not pull from registry '{ls}'. The registry refused the service principal's client ID and secret"
        ),
    );
    run.assert_contains("Entra ID accepts the secret; the registry's token for repository 'hello' grants nothing, not pull.");
}

/// IMDS as the kubelet's credential provider asks it, on a machine taken
/// for an Azure VM.
fn msi_check(s: &SimRun, config: &Path) -> Cmd {
    node_check(s, config).env("ACR_HEALTH_AZURE_VM", "1")
}

#[test]
fn managed_identity_by_client_id_pulls() {
    let s = sim("healthy");
    let node = Node::new();
    let mi = s.sim.managed_identity_client_id().to_owned();
    let config = node.msi_config(&s, &mi);
    let run = msi_check(&s, &config)
        .args(["--image", "hello:latest"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "Kubelet identity (user-assigned managed identity (client ID {mi})) can pull repository 'hello' from registry '{}' with its Entra ID token",
        s.sim.login_server()
    ));
    let imds: Vec<_> = s.requests_from(Server::Imds);
    assert!(!imds.is_empty());
    assert!(
        imds.iter()
            .all(|r| r.query.contains(&format!("client_id={mi}"))),
        "{imds:?}"
    );
}

#[test]
fn managed_identity_by_resource_id_pulls() {
    let s = sim("healthy");
    let node = Node::new();
    let res = s.sim.managed_identity_resource_id().to_owned();
    let config = node.msi_config(&s, &res);
    let run = msi_check(&s, &config)
        .args(["--image", "hello:latest"])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    // The client id comes from the token, since the config names none.
    run.assert_contains(&format!(
        "Kubelet identity (user-assigned managed identity ({res}), client ID {})",
        s.sim.managed_identity_client_id()
    ));
    let imds: Vec<_> = s.requests_from(Server::Imds);
    assert!(
        imds.iter().all(|r| r.query.contains("msi_res_id=")),
        "{imds:?}"
    );
}

#[test]
fn a_managed_identity_without_acrpull_is_named_by_client_id() {
    let s = sim("kubelet-no-acrpull");
    let node = Node::new();
    let mi = s.sim.managed_identity_client_id().to_owned();
    let config = node.msi_config(&s, &mi);
    let run = msi_check(&s, &config)
        .args(["--image", "hello:latest"])
        .run();
    run.assert_error(
        "KUBELET_ACRPULL_ERROR",
        &format!(
            "The kubelet's identity (user-assigned managed identity (client ID {mi})) signs in but may not pull from registry '{}'. The registry's token for repository 'hello' grants nothing, not pull.",
            s.sim.login_server()
        ),
    );
}

#[test]
fn an_identity_imds_does_not_know_is_a_credential_error() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.msi_config(&s, "00000000-1111-2222-3333-444444444444");
    let run = msi_check(&s, &config).run();
    run.assert_error(
        "CREDENTIAL_ERROR",
        &format!(
            "No credential for registry '{}' could be used. ",
            s.sim.login_server()
        ),
    );
    run.assert_contains("the kubelet's managed identity (IMDS) failed at")
        .assert_contains("HTTP 400 (invalid_request): Identity not found.");
}

#[test]
fn a_managed_identity_off_azure_asks_no_imds() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.msi_config(&s, s.sim.managed_identity_client_id());
    let run = node_check(&s, &config).run();
    assert_eq!(run.status, 1, "{}", run.all());
    run.assert_contains(
        "this machine does not look like one; run on the node itself, or pass --identity",
    );
    assert!(s.requests().iter().all(|r| r.server != Server::Imds));
}

#[test]
fn missing_credential_provider_and_uncovered_host_are_warnings() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    // No config at all.
    let run = node_check(&s, &config)
        .args([
            "--credential-provider-config",
            &node.path("none.yaml").display().to_string(),
        ])
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("none.yaml does not exist (give --credential-provider-config): the kubelet hands containerd no credentials");
    // A config whose patterns do not cover host:port (the kubelet compares ports too).
    let run = node_check(&s, &config)
        .args(node.credential_provider(&[]))
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "The matchImages of acr-credential-provider (*.azurecr.io, *.azurecr.cn, *.azurecr.de, *.azurecr.us) do not cover {}",
        s.sim.login_server()
    ));
    // The binary missing.
    let mut flags = node.credential_provider(&[]);
    flags[3] = node.path("empty-bin").display().to_string();
    let run = node_check(&s, &config).args(flags).run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains("is not an executable file at");
}

#[test]
fn a_malformed_hosts_toml_is_containerd_config_error() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let ls = s.sim.login_server();
    let containerd = node.containerd(
        &ls,
        "server = \"https://x\"\n[host.\"https://m\"\ncapabilities = 1\n",
    );
    let run = node_check(&s, &config)
        .args(["--containerd-config", &containerd.display().to_string()])
        .run();
    run.assert_error(
        "CONTAINERD_CONFIG_ERROR",
        &format!("Containerd's registry configuration for '{ls}' cannot be used. "),
    );
    run.assert_contains("hosts.toml: ");
    // The config file named but missing is one too.
    let run = node_check(&s, &config)
        .args([
            "--containerd-config",
            &node.path("nope.toml").display().to_string(),
        ])
        .run();
    run.assert_error(
        "CONTAINERD_CONFIG_ERROR",
        &format!("Containerd's registry configuration for '{ls}' cannot be used. cannot read "),
    );
}

#[test]
fn json_names_every_node_check() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let out = node_check(&s, &config)
        .args(["-o", "json", "--image", "hello:latest"])
        .output()
        .unwrap();
    let doc = json(&out);
    for id in [
        "node.config",
        "node.credential_provider",
        "node.kubelet_identity",
        "node.containerd_hosts",
        "node.containerd_pull",
    ] {
        check(&doc, id);
    }
    assert_eq!(check(&doc, "node.kubelet_identity")["status"], "ok");
}

#[test]
fn node_mode_is_refused_under_az_and_bad_input_is_status_2() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let run = node_check(&s, &config).args(["-o", "az"]).run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("--node checks a Kubernetes node beyond az's check-health");
    let run = s.check().args(["--containerd-config", "/x"]).run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("--containerd-config applies with --node only");
    let run = node_check(&s, &node.path("missing.json")).run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("cannot read the node config");
    assert_eq!(run.all().trim().lines().count(), 1, "{}", run.all());
    let bad = node.path("bad.json");
    fs::write(&bad, "{\"tenantId\": \"t\", \"aadClientId\": \"c\"}").unwrap();
    let run = node_check(&s, &bad).run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("has no aadClientSecret");
}

#[test]
fn the_nodes_cloud_decides_the_suffix_and_azure_stack_obeys_https() {
    let node = Node::new();
    let config = node.path("china.json");
    fs::write(
        &config,
        r#"{"cloud":"AzureChinaCloud","tenantId":"t","aadClientId":"msi","aadClientSecret":"msi","useManagedIdentityExtension":true}"#,
    )
    .unwrap();
    let stack = node.path("stack.json");
    fs::write(
        &stack,
        r#"{"activeDirectoryEndpoint":"http://login.stack.invalid/","resourceManagerEndpoint":"https://management.stack.invalid/","containerRegistryDNSSuffix":"azsacr.stack.invalid"}"#,
    )
    .unwrap();
    let stack_config = node.path("stack-node.json");
    fs::write(
        &stack_config,
        r#"{"cloud":"AzureStackCloud","tenantId":"t","aadClientId":"msi","useManagedIdentityExtension":true}"#,
    )
    .unwrap();
    // A resolver that answers nothing: the login server line is what counts.
    let base = || {
        acr_health().args([
            "check",
            "-n",
            "myregistry",
            "--skip",
            "environment",
            "--dns-server",
            "127.0.0.1:9",
            "--timeout",
            "1s",
        ])
    };
    let run = base()
        .args(["--node-config", &config.display().to_string()])
        .run();
    run.assert_contains("myregistry.azurecr.cn")
        .assert_contains("Node cloud: AzureChinaCloud; authority https://login.chinacloudapi.cn");
    let run = base()
        .args(["--node-config", &stack_config.display().to_string()])
        .env("AZURE_ENVIRONMENT_FILEPATH", &stack)
        .run();
    assert_eq!(run.status, 2, "{}", run.all());
    run.assert_contains("activeDirectoryEndpoint 'http://login.stack.invalid/': credentials are sent there, so it must be an https:// URL, not http://");
}

#[test]
fn a_node_config_at_the_default_place_is_mentioned_not_used() {
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let run = s
        .check()
        .env("ACR_HEALTH_NODE_CONFIG_DEFAULT", &config)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!(
        "This machine has a Kubernetes node config ({}): add --node",
        config.display()
    ))
    .assert_contains("Credential: service principal (AZURE_CLIENT_ID=");
    let run = s
        .check()
        .args(["-o", "az"])
        .env("ACR_HEALTH_NODE_CONFIG_DEFAULT", &config)
        .run();
    run.assert_lacks("Kubernetes node config");
    // --node alone reads it from there.
    let run = s
        .check()
        .without_env("AZURE_CLIENT_SECRET")
        .arg("--node")
        .env("ACR_HEALTH_NODE_CONFIG_DEFAULT", &config)
        .run();
    assert_eq!(run.status, 0, "{}", run.all());
    run.assert_contains(&format!("Node config: {}", config.display()));
}

/// The real containerd, TLS registry and CA that scripts/real-services.sh
/// started.
#[cfg(unix)]
struct RealContainerd {
    address: String,
    /// `127.0.0.1:PORT` serving the test image over TLS.
    tls_registry: String,
    ca: PathBuf,
    ctr: PathBuf,
}

#[cfg(unix)]
fn real_containerd() -> Option<RealContainerd> {
    let [address, tls_registry, ca] = real_vars(
        "no real containerd",
        [
            "ACR_HEALTH_TEST_CONTAINERD_ADDRESS",
            "ACR_HEALTH_TEST_TLS_REGISTRY",
            "ACR_HEALTH_TEST_REGISTRY_CA",
        ],
    )?;
    let ctr = real_program("ctr")?;
    Some(RealContainerd {
        address,
        tls_registry,
        ca: PathBuf::from(ca),
        ctr,
    })
}

/// The registry host the image is named by: nothing listens there, so only
/// the hosts.toml mirror (the real TLS registry, trusted through its CA
/// file) can serve the pull.
// Unix only: containerd runs on Linux, and `ctr` goes on the run's PATH as a link.
#[cfg(unix)]
#[test]
fn ctr_pulls_through_a_hosts_toml_mirror_with_its_ca_file() {
    let Some(real) = real_containerd() else {
        return;
    };
    let s = sim("healthy");
    let node = Node::new();
    let config = node.sp_config(&s, s.sim.client_secret());
    let bin = node.path("bin");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(&real.ctr, bin.join("ctr")).unwrap();
    let host = format!("127.0.0.1:{}", closed_port());
    let mirror = |ca: Option<&Path>| {
        let ca = ca
            .map(|c| format!("  ca = \"{}\"\n", c.display()))
            .unwrap_or_default();
        format!(
            "server = \"https://{host}\"\n[host.\"https://{}\"]\n  capabilities = [\"pull\", \"resolve\"]\n{ca}",
            real.tls_registry
        )
    };
    let run_with = |hosts_toml: String| {
        let containerd = node.containerd(&host, &hosts_toml);
        acr_health()
            .env("PATH", &bin)
            .env("CONTAINERD_ADDRESS", &real.address)
            .env("CONTAINERD_SNAPSHOTTER", "native")
            .args([
                "check",
                "-n",
                &host,
                "--node-config",
                &config.display().to_string(),
                "--containerd-config",
                &containerd.display().to_string(),
                "--image",
                "acr-health/hello:latest",
                "--skip",
                "environment",
                // Never the machine's resolver.
                "--resolve",
                "127.0.0.1:127.0.0.1",
                "--ignore-errors",
                "--timeout",
                "20s",
                "-o",
                "json",
            ])
            .secret(s.sim.client_secret())
            .output()
            .unwrap()
    };
    let out = run_with(mirror(Some(&real.ca)));
    let doc = json(&out);
    let pull = check(&doc, "node.containerd_pull");
    assert_eq!(pull["status"], "ok", "{doc:#}");
    assert!(
        pull["line"].as_str().unwrap().contains(&format!(
            "Containerd pull of '{host}/acr-health/hello:latest' with hosts directory"
        )),
        "{pull}"
    );
    // Nothing listens at the registry host itself: its own checks fail.
    assert_eq!(
        check(&doc, "registry.challenge")["status"],
        "error",
        "{doc:#}"
    );
    assert_eq!(out.status.code(), Some(1));

    // Without the CA file containerd cannot trust the mirror, and the
    // registry host refuses connections: the pull fails, naming both.
    let out = run_with(mirror(None));
    let doc = json(&out);
    let pull = check(&doc, "node.containerd_pull");
    assert_eq!(pull["status"], "error", "{doc:#}");
    assert_eq!(pull["code"], "CONTAINERD_PULL_ERROR");
    let message = pull["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "Pulling 'acr-health/hello:latest' from registry '{host}' through containerd failed. 'ctr -n acr-health images pull --hosts-dir "
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!("host {}: ", real.tls_registry))
            && message.contains("x509: certificate signed by unknown authority"),
        "{message}"
    );
    assert_eq!(out.status.code(), Some(1));
}
