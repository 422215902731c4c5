//! The pipeline, declared in one place: which probes run, in the order of
//! docs/behaviour.md §2, and which step each one waits for.

use std::sync::Arc;

use crate::azure::cloud;
use crate::azure::credential::source::SourceContext;
use crate::engine::check_id::CheckId;
use crate::engine::pipeline::{BoxFuture, Handle, Plan};
use crate::guard::secret::SecretStore;
use crate::net::dns::{DnsAnswer, DnsFailure, HickoryLookup, NameLookup};
use crate::net::http::HttpSettings;
use crate::plan::environment::{add_docker, add_helm, add_notary};
use crate::plan::profile::Profile;
use crate::plan::settings::PlanSettings;
use crate::probe::docker::info::{DaemonRouteProbe, DaemonView};
use crate::probe::docker::login::{Client, DockerLoginProbe};
use crate::probe::node::config::NodeConfigProbe;
use crate::probe::node::containerd_hosts::ContainerdHostsProbe;
use crate::probe::node::containerd_pull::ContainerdPullProbe;
use crate::probe::node::credential_provider::CredentialProviderProbe;
use crate::probe::node::kubelet_identity::KubeletIdentityProbe;
use crate::probe::node::settings::NodeSettings;
use crate::probe::notice::Notice;
use crate::probe::registry::access_token::AccessTokenProbe;
use crate::probe::registry::challenge::ChallengeProbe;
use crate::probe::registry::cmk::CmkProbe;
use crate::probe::registry::context::{RegistryContext, Resolved, SharedCredential};
use crate::probe::registry::credential::CredentialProbe;
use crate::probe::registry::data_endpoints::DataEndpointsProbe;
use crate::probe::registry::data_path::DataPathProbe;
use crate::probe::registry::dns::DnsProbe;
use crate::probe::registry::dual_stack::DualStackProbe;
use crate::probe::registry::login_server::LoginServerProbe;
use crate::probe::registry::network_access::NetworkAccessProbe;
use crate::probe::registry::private_endpoint::PrivateEndpointProbe;
use crate::probe::registry::refresh_token::RefreshTokenProbe;
use crate::probe::registry::regional_endpoints::RegionalEndpointsProbe;
use crate::probe::registry::replications::ReplicationsProbe;
use crate::probe::registry::settings::RegistrySettingsProbe;
use crate::probe::registry::subscription::SubscriptionArgumentProbe;
use crate::probe::registry::token;
use crate::probe::settings::{RegistrySettings, RegistryTarget};
use crate::sys::prompt::Confirm;

/// When the resolver cannot even be set up, every lookup reports why.
struct BrokenLookup(String);

impl NameLookup for BrokenLookup {
    fn server(&self) -> String {
        "the system resolver".into()
    }
    fn lookup<'a>(&'a self, _host: &'a str) -> BoxFuture<'a, Result<DnsAnswer, DnsFailure>> {
        Box::pin(async move { Err(DnsFailure::Other(self.0.clone())) })
    }
}

/// docs/behaviour.md §2 step 3 for one registry: login server → DNS → challenge →
/// (credential) → refresh token → access token. Each step is given the
/// handles of the outputs it reads; returns the login-server step's, which
/// the `--vnet` step (added later, in step 4's place) reads.
fn add_registry(
    plan: &mut Plan,
    base: &RegistryBase,
    target: &RegistryTarget,
    fleet_name: Option<String>,
    docker: &DockerSteps,
) -> (Arc<RegistryContext>, Handle<Resolved>) {
    // One token request serves the access token and the data path.
    let mut token_scopes = vec![token::access_scope(&base.settings)];
    if let Some(image) = &base.settings.image {
        let pull = crate::probe::registry::data_path::pull_scope(image);
        if !token_scopes.contains(&pull) {
            token_scopes.push(pull);
        }
    }
    let ctx = Arc::new(RegistryContext {
        token_scopes,
        settings: base.settings.clone(),
        target: target.clone(),
        cloud: base.cloud.clone(),
        http: base.http.clone(),
        dns: base.dns.clone(),
        fleet_name,
        credential: base.credential.clone(),
    });
    let step = |id| ctx.step(id);
    let login = plan.add(
        step(CheckId::RegistryLoginServer),
        LoginServerProbe(ctx.clone()),
        (),
    );
    let dns = plan.add(
        step(CheckId::RegistryDns),
        DnsProbe(ctx.clone()),
        login.clone(),
    );
    let session = plan.add(
        step(CheckId::RegistryChallenge),
        ChallengeProbe(ctx.clone()),
        (login.clone(), dns.clone()),
    );
    // Only a registry named by name may be read from ARM; for a login server
    // given as is, the steps that read the ARM object are not planned at all
    // (they would have nothing to say).
    let by_name = matches!(target, RegistryTarget::Name(_));
    if by_name {
        // The ARM object's network settings; runs whether or not the challenge passed.
        plan.add(
            step(CheckId::RegistryNetworkAccess),
            NetworkAccessProbe(ctx.clone()),
            (login.clone(), dns.clone()),
        );
        // The registry's settings, before the sign-in steps they may explain
        // (a disabled admin user ahead of the password grant's refusal).
        plan.add(
            step(CheckId::RegistrySettings),
            RegistrySettingsProbe(ctx.clone()),
            login.clone(),
        );
    }
    // Needs only the login server: the Entra ID round trip overlaps DNS and
    // the challenge.
    let credential = plan.add(
        step(CheckId::RegistryCredential),
        CredentialProbe(ctx.clone()),
        login.clone(),
    );
    // --node: the kubelet's view of this registry (never under az's profile).
    if let Some(node) = &base.node {
        plan.add(
            step(CheckId::NodeCredentialProvider),
            CredentialProviderProbe { node: node.clone() },
            Some(login.clone()),
        );
        plan.add(
            step(CheckId::NodeKubeletIdentity),
            KubeletIdentityProbe {
                ctx: ctx.clone(),
                node: node.clone(),
            },
            (login.clone(), session.clone(), credential.clone()),
        );
    }
    let grant = plan.add(
        step(CheckId::RegistryRefreshToken),
        RefreshTokenProbe(ctx.clone()),
        (login.clone(), session.clone(), credential.clone()),
    );
    plan.add(
        step(CheckId::RegistryAccessToken),
        AccessTokenProbe(ctx.clone()),
        (login.clone(), session.clone(), grant.clone()),
    );
    if base.settings.image.is_some() {
        plan.add(
            step(CheckId::RegistryDataPath),
            DataPathProbe(ctx.clone()),
            (login.clone(), session, grant.clone()),
        );
    }
    if let Some(node) = &base.node {
        let hosts = plan.add(
            step(CheckId::NodeContainerdHosts),
            ContainerdHostsProbe {
                ctx: ctx.clone(),
                node: node.clone(),
            },
            login.clone(),
        );
        if node.image.is_some() {
            // A service principal's secret goes to containerd as it is; a
            // managed identity's token only after the exchange.
            let needs_grant = matches!(
                node.config.identity,
                crate::azure::node_config::KubeletIdentity::ManagedIdentity(_)
            );
            plan.add(
                step(CheckId::NodeContainerdPull),
                ContainerdPullProbe {
                    ctx: ctx.clone(),
                    node: node.clone(),
                },
                (
                    login.clone(),
                    credential,
                    needs_grant.then(|| grant.clone()),
                    hosts,
                ),
            );
        }
    }
    // These read the registry's ARM object too, the login-server step's
    // second output (and say nothing without one).
    if by_name {
        plan.add(
            step(CheckId::RegistryReplications),
            ReplicationsProbe(ctx.clone()),
            login.clone(),
        );
        plan.add(
            step(CheckId::RegistryDataEndpoints),
            DataEndpointsProbe(ctx.clone()),
            login.clone(),
        );
        // Beyond az (issue 24): not planned at all under its profile.
        if base.beyond_az {
            plan.add(
                step(CheckId::RegistryRegionalEndpoints),
                RegionalEndpointsProbe(ctx.clone()),
                login.clone(),
            );
            plan.add(
                step(CheckId::RegistryDualStack),
                DualStackProbe(ctx.clone()),
                (login.clone(), dns),
            );
        }
    }
    plan.add(
        step(CheckId::RegistryCmk),
        CmkProbe(ctx.clone()),
        login.clone(),
    );
    // Beyond az: what docker itself would do with this registry.
    if let Some(client) = docker.login {
        plan.add(
            step(CheckId::RegistryDockerLogin),
            DockerLoginProbe {
                settings: base.docker.clone(),
                client,
            },
            login.clone(),
        );
    }
    if let Some(settings) = &docker.settings {
        plan.add(
            step(CheckId::RegistryDockerRoute),
            DaemonRouteProbe {
                env: base.settings.env.clone(),
            },
            (login.clone(), settings.clone()),
        );
    }
    (ctx, login)
}

/// The docker steps the registry section builds on (beyond az): which
/// client's stored logins to read (None: not at all), and the daemon
/// settings step's handle when docker info runs.
struct DockerSteps {
    login: Option<Client>,
    settings: Option<Handle<DaemonView>>,
}

/// What every registry's probes share in one run.
struct RegistryBase {
    settings: Arc<RegistrySettings>,
    docker: Arc<crate::probe::settings::DockerSettings>,
    cloud: cloud::Cloud,
    http: HttpSettings,
    dns: Arc<dyn NameLookup>,
    credential: Arc<SharedCredential>,
    /// Our profile: the checks az does not have are planned.
    beyond_az: bool,
    /// `--node`: the node checks of each registry.
    node: Option<Arc<NodeSettings>>,
}

impl RegistryBase {
    fn new(settings: &PlanSettings, cloud: cloud::Cloud, secrets: Arc<SecretStore>) -> Self {
        let registry = &settings.registry;
        let http = HttpSettings::new(
            settings.ca_pems.iter().map(Vec::as_slice),
            &settings.env,
            registry.timeout,
        );
        let dns: Arc<dyn NameLookup> =
            match HickoryLookup::new(registry.dns_server, registry.timeout) {
                Ok(l) => Arc::new(l),
                Err(e) => Arc::new(BrokenLookup(e)),
            };
        let credential = Arc::new(SharedCredential {
            cell: tokio::sync::OnceCell::new(),
            sources: Arc::new(SourceContext::new(
                settings.env.clone(),
                http.clone(),
                cloud.clone(),
                settings.credential.clone(),
                secrets,
            )),
            arm_audience: cloud.arm_audience.clone(),
            arm: tokio::sync::OnceCell::new(),
            subscription: std::sync::OnceLock::new(),
            rules: registry.rules,
        });
        RegistryBase {
            settings: registry.clone(),
            docker: settings.docker.clone(),
            cloud,
            http,
            dns,
            credential,
            beyond_az: settings.profile.beyond_az_checks(),
            node: settings
                .node
                .clone()
                .filter(|_| settings.profile.beyond_az_checks()),
        }
    }
}

/// True inside Azure Cloud Shell, where environment checks make no sense.
fn in_cloud_shell(env: &crate::sys::env::Env) -> bool {
    env.get("ACC_CLOUD").is_some()
}

/// What the front end hands the run besides the options: the capabilities
/// probes use instead of reaching for the terminal or re-reading files.
pub struct RunServices {
    /// Asks the person at the terminal (the docker pull's prompt).
    pub confirm: Arc<dyn Confirm>,
    /// The cloud, resolved once per run (it reads the Azure CLI's config).
    pub cloud: cloud::Cloud,
    /// Every secret of the run; findings are scrubbed against it before
    /// any renderer sees them.
    pub secrets: Arc<SecretStore>,
}

impl RunServices {
    /// `cloud` is resolved once per invocation by the front end (the test
    /// image's default depends on it too). Every secret the run was given
    /// is already in the one register (`guard::secret`): `secrets` is the
    /// run's handle on it.
    pub fn new(cloud: cloud::Cloud, confirm: Arc<dyn Confirm>) -> Self {
        RunServices {
            confirm,
            cloud,
            secrets: SecretStore::new(),
        }
    }
}

pub fn build(settings: &PlanSettings, run: &RunServices) -> Plan {
    let mut plan = Plan::new();
    let cloud_shell = in_cloud_shell(&settings.env);

    // The registries' shared services; also wanted without -n when az's
    // rules must look up a --subscription in az's profile.
    let az_subscription_check =
        settings.profile == Profile::Az && settings.credential.subscription.is_some();
    let base = (!settings.registries.is_empty() || az_subscription_check)
        .then(|| RegistryBase::new(settings, run.cloud.clone(), run.secrets.clone()));

    // 0. A file of az's configuration that could not be read (az would
    // wait on a FIFO there for ever; we say so and go on without it).
    for line in &settings.unread {
        Notice::unread_file(line).add_to(&mut plan);
    }
    // What az said about the command line, before anything ran: first
    // its parser (--subscription), then its validators (-n).
    if let (true, Some(base)) = (az_subscription_check, &base) {
        plan.add(
            CheckId::Arguments,
            SubscriptionArgumentProbe(base.credential.clone()),
            (),
        );
    }
    for line in &settings.preamble {
        Notice::argument(line).add_to(&mut plan);
    }

    // 1. Docker: command → daemon → version → test pull.
    // In Cloud Shell the one warning line stands for all environment checks.
    let mut docker = DockerSteps {
        login: None,
        settings: None,
    };
    if cloud_shell {
        Notice::cloud_shell().add_to(&mut plan);
    } else {
        docker.settings = add_docker(
            &mut plan,
            settings,
            run.confirm.clone(),
            run.secrets.clone(),
        );
        // Files only, so it runs under --skip docker too; az has no such line.
        if settings.profile.beyond_az_checks() {
            docker.login = Some(Client::of(&settings.env));
        }
    }

    // 2. Tool version line.
    if !cloud_shell {
        Notice::tool_version().add_to(&mut plan);
    }
    // Certificates not verified: az warns once, as it creates its ARM client
    // for the registry, after its version line.
    if !settings.registries.is_empty() && crate::net::tls::verification_disabled(&settings.env) {
        Notice::verification_disabled(settings.profile == Profile::Az).add_to(&mut plan);
    }

    // 2b. Beyond az: a Kubernetes node (--node), or the line suggesting it.
    match (&settings.node, &settings.suggest_node) {
        (Some(node), _) if settings.profile.beyond_az_checks() => {
            plan.add(
                CheckId::NodeConfig,
                NodeConfigProbe {
                    settings: node.clone(),
                    cloud: run.cloud.clone(),
                },
                (),
            );
            if settings.registries.is_empty() {
                plan.add(
                    CheckId::NodeCredentialProvider,
                    CredentialProviderProbe { node: node.clone() },
                    None::<Handle<Resolved>>,
                );
            }
        }
        (None, Some(path)) if settings.profile.beyond_az_checks() => {
            Notice::suggest_node(path).add_to(&mut plan);
        }
        _ => {}
    }

    let mut registries = Vec::new();
    // 3. Registry: login server → DNS → challenge → refresh token → access token.
    if settings.registries.is_empty() {
        Notice::no_registry().add_to(&mut plan);
        if settings.registry.image.is_some() {
            Notice::image_without_registry().add_to(&mut plan);
        }
    } else if let Some(base) = &base {
        let fleet = settings.registries.len() > 1;
        if fleet {
            plan.stop_per_registry();
        }
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for target in &settings.registries {
            // With several registries, each one's steps carry its -n value;
            // a value given again gets `#2`, `#3`, … so every id stays unique.
            let fleet_name = fleet.then(|| {
                let name = target.to_string();
                let n = seen.entry(name.clone()).or_default();
                *n += 1;
                if *n == 1 { name } else { format!("{name}#{n}") }
            });
            registries.push(add_registry(&mut plan, base, target, fleet_name, &docker));
        }
    }

    // 4. --vnet: private-endpoint DNS routing, for each registry.
    if settings.registry.vnet.is_some() {
        if registries.is_empty() {
            match settings.profile {
                Profile::Az => Notice::vnet_without_registry_az().add_to(&mut plan),
                Profile::Own => Notice::vnet_without_registry().add_to(&mut plan),
            }
        }
        for (ctx, login) in &registries {
            plan.add(
                ctx.step(CheckId::VnetPrivateEndpoint),
                PrivateEndpointProbe(ctx.clone()),
                login.clone(),
            );
        }
    }
    // 5. Helm: command → version.
    if !cloud_shell {
        add_helm(&mut plan, settings);
    }

    // 6. Notary: only when installed (and not under az's profile).
    if !cloud_shell {
        add_notary(&mut plan, settings);
    }
    plan
}
