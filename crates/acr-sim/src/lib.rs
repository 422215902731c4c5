//! acr-sim: Azure Container Registry, its data endpoint, Entra ID, ARM, managed identity
//! endpoints and a DNS responder, played on loopback over their real wire protocols and real
//! TLS, for acr-health's tests and `acr-health demo`.
//!
//! Everything binds `127.0.0.1` on ports the OS picks; nothing ever contacts another address.

mod fixture;
mod services;
mod wire;
mod world;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::{oneshot, watch};

pub use fixture::azure_cli;
pub use wire::echo::{Echo, EchoShape};
pub use wire::error::SimError;
pub use wire::jwt::decode_claims;
pub use wire::log::{LoggedRequest, Server};
pub use wire::tls::EXPIRING_IN_DAYS;
pub use world::ids::AZURE_CLI_CLIENT_ID;
pub use world::scenario;
pub use world::scenario::{Scenario, UnknownScenario};

use services::{dns, entra, registry, storage, user};
use wire::{jwt, latency, log, serve, tls};
use world::content;
use world::ctx::Ctx;
use world::ids::IDS;

/// How to start the simulator.
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Registry name; the login server is `<name>.azurecr.io`.
    pub registry_name: String,
    pub scenario: Scenario,
    /// Hand out pull tokens without credentials (also on with `Scenario::AnonymousPull`).
    pub anonymous_pull: bool,
    /// Put a network with this round-trip time between every server and
    /// its clients (DNS excepted), and count the time something is in
    /// flight ([`Sim::latency_endpoint`]). For scripts/bench.sh; no test
    /// times anything.
    pub rtt: Option<std::time::Duration>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            registry_name: "simregistry".to_string(),
            scenario: Scenario::Healthy,
            anonymous_pull: false,
            rtt: None,
        }
    }
}

/// How long the `slow-untrusted-cert` and `slow-handshake` login servers (and
/// the `aad-slow-interaction-required` Entra ID) wait before each handshake.
pub const SLOW_HANDSHAKE: std::time::Duration = std::time::Duration::from_secs(2);

/// A running simulator. Dropping it (or [`Sim::shutdown`]) stops every server.
///
/// The servers run on a runtime of their own, on a thread of their own, so a test may block
/// (for example on `std::process::Command::output()` running the tool under test) while the
/// simulator keeps answering.
pub struct Sim {
    ctx: Arc<Ctx>,
    ca_pem: String,
    untrusted_ca_pem: String,
    dns_addr: SocketAddr,
    imds_port: u16,
    latency_port: Option<u16>,
    shutdown: watch::Sender<()>,
    stopped: Option<oneshot::Receiver<()>>,
}

/// What `launch` hands back once every listener is bound.
struct Running {
    ctx: Arc<Ctx>,
    ca_pem: String,
    untrusted_ca_pem: String,
    dns_addr: SocketAddr,
    imds_port: u16,
    latency_port: Option<u16>,
}

type Ready = oneshot::Receiver<Result<Running, SimError>>;

/// Start the simulator's thread and runtime; `launch` runs there until `stop` changes.
fn spawn_thread(
    opts: SimOptions,
) -> Result<(Ready, watch::Sender<()>, oneshot::Receiver<()>), SimError> {
    let (ready_tx, ready_rx) = oneshot::channel();
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SimError::new(format!("runtime: {e}")))?;
    std::thread::Builder::new()
        .name("acr-sim".to_string())
        .spawn(move || {
            let mut stop = stop_rx.clone();
            runtime.block_on(async move {
                let started = launch(opts, stop_rx).await;
                let ok = started.is_ok();
                if ready_tx.send(started).is_ok() && ok {
                    // Ends on a shutdown signal or when the `Sim` (the sender) is gone.
                    let _ = stop.changed().await;
                }
            });
            // Dropping the runtime ends every task, hanging connections included.
            drop(runtime);
            let _ = done_tx.send(());
        })
        .map_err(|e| SimError::new(format!("thread: {e}")))?;
    Ok((ready_rx, stop_tx, done_rx))
}

async fn bind() -> Result<(TcpListener, u16), SimError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(|e| SimError::new(format!("bind 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| SimError::new(format!("local address: {e}")))?
        .port();
    Ok((listener, port))
}

fn with_log(router: Router, log: &log::RequestLog, tag: log::Tag) -> Router {
    router.layer(axum::middleware::from_fn_with_state(
        (log.clone(), tag),
        log::record,
    ))
}

impl Sim {
    /// Generate certificates, bind every listener on 127.0.0.1 and start serving.
    /// Works from any async runtime; the servers run on the simulator's own thread.
    pub async fn start(opts: SimOptions) -> Result<Sim, SimError> {
        let (ready, shutdown, stopped) = spawn_thread(opts)?;
        let running = ready
            .await
            .map_err(|_| SimError::new("simulator thread ended during start-up"))??;
        Ok(Sim::from_running(running, shutdown, stopped))
    }

    /// [`Sim::start`] for code that is not async (e.g. a plain `#[test]`).
    pub fn start_blocking(opts: SimOptions) -> Result<Sim, SimError> {
        let (mut ready, shutdown, stopped) = spawn_thread(opts)?;
        // Polling instead of `blocking_recv`, which panics when called on a runtime thread.
        let running = loop {
            match ready.try_recv() {
                Ok(result) => break result?,
                Err(oneshot::error::TryRecvError::Empty) => {
                    std::thread::sleep(std::time::Duration::from_millis(5))
                }
                Err(oneshot::error::TryRecvError::Closed) => {
                    return Err(SimError::new("simulator thread ended during start-up"));
                }
            }
        };
        Ok(Sim::from_running(running, shutdown, stopped))
    }

    fn from_running(
        running: Running,
        shutdown: watch::Sender<()>,
        stopped: oneshot::Receiver<()>,
    ) -> Sim {
        Sim {
            ctx: running.ctx,
            ca_pem: running.ca_pem,
            untrusted_ca_pem: running.untrusted_ca_pem,
            dns_addr: running.dns_addr,
            imds_port: running.imds_port,
            latency_port: running.latency_port,
            shutdown,
            stopped: Some(stopped),
        }
    }
}

/// Bind and serve everything; runs on the simulator's own runtime.
async fn launch(opts: SimOptions, rx: watch::Receiver<()>) -> Result<Running, SimError> {
    {
        let registry_name = opts.registry_name.trim().to_ascii_lowercase();
        if registry_name.is_empty() || !registry_name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(SimError::new(format!(
                "registry name '{}' must be ASCII letters and digits",
                opts.registry_name
            )));
        }
        // A domain name label makes the login server `<name>-<hash>.azurecr.io`.
        let registry_host = if matches!(
            opts.scenario,
            Scenario::DnlTenantReuse | Scenario::DnlNameTaken
        ) {
            format!("{registry_name}-{}.azurecr.io", world::recorded::DNL_HASH)
        } else {
            format!("{registry_name}.azurecr.io")
        };
        let regional_hosts: Vec<String> = ["eastus", "westus"]
            .iter()
            .map(|region| format!("{registry_name}.{region}.geo.azurecr.io"))
            .collect();
        let storage_host = format!("{registry_name}.eastus.data.azurecr.io");
        let replica_storage_host = format!("{registry_name}.westus.data.azurecr.io");
        // In `data-endpoint-bad-cert` the certificate leaves the westus name out.
        let mut storage_names: Vec<&str> = if opts.scenario == Scenario::DataEndpointBadCert {
            vec![&storage_host]
        } else {
            vec![&storage_host, &replica_storage_host]
        };
        storage_names.extend(regional_hosts.iter().map(String::as_str));
        let pki = tls::Pki::generate(&registry_host, &storage_names)?;

        let (login_l, login_port) = bind().await?;
        let (storage_l, storage_port) = bind().await?;
        let (azure_l, azure_port) = bind().await?;
        let (imds_l, imds_port) = bind().await?;
        let (realm_l, other_realm_port) = bind().await?;
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| SimError::new(format!("bind UDP 127.0.0.1: {e}")))?;
        let dns_addr = udp
            .local_addr()
            .map_err(|e| SimError::new(format!("local address: {e}")))?;

        let scenario = opts.scenario;
        let ctx = Arc::new(Ctx {
            scenario,
            anonymous_pull: opts.anonymous_pull || scenario == Scenario::AnonymousPull,
            registry_name,
            registry_host,
            storage_host,
            replica_storage_host,
            regional_hosts,
            login_port,
            storage_port,
            azure_port,
            other_realm_port,
            ids: IDS,
            signer: jwt::Signer::random(),
            content: content::Content::new(),
            log: log::RequestLog::default(),
            echo: Default::default(),
        });

        let login_cert = match scenario {
            Scenario::UntrustedCert | Scenario::SlowUntrustedCert => &pki.untrusted,
            Scenario::HostileCert => &pki.hostile,
            Scenario::WrongHostCert => &pki.wrong_host,
            Scenario::ExpiredCert => &pki.expired,
            Scenario::CertExpiring => &pki.expiring,
            _ => &pki.server,
        };
        let log = &ctx.log;
        let latency = opts.rtt.map(latency::Latency::new);
        let path = |delay, server: Server| serve::Path {
            delay,
            latency: latency.clone(),
            on_handshake: Some({
                let log = log.clone();
                Arc::new(move |name: String| log.push_handshake(server, name))
            }),
        };
        let handshake_delay = match scenario {
            Scenario::SlowUntrustedCert | Scenario::SlowHandshake => SLOW_HANDSHAKE,
            _ => std::time::Duration::ZERO,
        };
        serve::spawn(
            login_l,
            Some(login_cert.server_config()?),
            with_log(
                registry::router(ctx.clone()),
                log,
                log::Tag::Fixed(Server::Registry),
            ),
            rx.clone(),
            path(handshake_delay, Server::Registry),
        );
        serve::spawn(
            storage_l,
            Some(pki.server.server_config()?),
            with_log(
                storage::router(ctx.clone()),
                log,
                log::Tag::Fixed(Server::Storage),
            ),
            rx.clone(),
            path(std::time::Duration::ZERO, Server::Storage),
        );
        serve::spawn(
            azure_l,
            Some(pki.server.server_config()?),
            with_log(entra::azure_router(ctx.clone()), log, log::Tag::Azure),
            rx.clone(),
            path(
                match scenario {
                    Scenario::AadSlowInteractionRequired => SLOW_HANDSHAKE,
                    _ => std::time::Duration::ZERO,
                },
                Server::Entra,
            ),
        );
        serve::spawn(
            imds_l,
            None,
            with_log(
                entra::imds_router(ctx.clone()),
                log,
                log::Tag::Fixed(Server::Imds),
            ),
            rx.clone(),
            path(std::time::Duration::ZERO, Server::Imds),
        );
        serve::spawn(
            realm_l,
            Some(pki.other_realm.server_config()?),
            with_log(
                registry::other_realm_router(),
                log,
                log::Tag::Fixed(Server::OtherRealm),
            ),
            rx.clone(),
            path(std::time::Duration::ZERO, Server::OtherRealm),
        );
        // The counter of the delaying network: plain HTTP, not delayed itself.
        let latency_port = match &latency {
            Some(net) => {
                let (control_l, port) = bind().await?;
                serve::spawn(
                    control_l,
                    None,
                    latency::control_router(net.clone()),
                    rx.clone(),
                    serve::Path::default(),
                );
                Some(port)
            }
            None => None,
        };
        tokio::spawn(dns::serve(udp, ctx.clone(), rx));

        Ok(Running {
            ctx,
            ca_pem: pki.ca_pem,
            untrusted_ca_pem: pki.untrusted_ca_pem,
            dns_addr,
            imds_port,
            latency_port,
        })
    }
}

impl Sim {
    pub fn scenario(&self) -> Scenario {
        self.ctx.scenario
    }

    /// From now on, Entra ID's `invalid_client` answer and the registry's
    /// password-grant 401 echo the secret they were sent, as `echo` says.
    /// With an echo set, both refuse every client secret and password.
    pub fn set_echo(&self, echo: Option<Echo>) {
        *self.ctx.echo.lock().unwrap_or_else(|e| e.into_inner()) = echo;
    }
    /// `simregistry`
    pub fn registry_name(&self) -> &str {
        &self.ctx.registry_name
    }
    /// The regional endpoints' host names (eastus, westus), served on the login port.
    pub fn regional_hosts(&self) -> Vec<String> {
        self.ctx.regional_hosts.clone()
    }
    /// `simregistry.azurecr.io` (`simregistry-<hash>.azurecr.io` in `dnl-tenant-reuse` and
    /// `dnl-name-taken`)
    pub fn registry_host(&self) -> String {
        self.ctx.registry_host.clone()
    }
    /// `simregistry.azurecr.io:PORT`
    pub fn login_server(&self) -> String {
        self.ctx.login_server()
    }
    pub fn login_port(&self) -> u16 {
        self.ctx.login_port
    }
    /// `simregistry.eastus.data.azurecr.io` (served on [`Sim::storage_port`]).
    pub fn storage_host(&self) -> String {
        self.ctx.storage_host.clone()
    }
    /// `simregistry.westus.data.azurecr.io`: the second region's data endpoint in the
    /// `geo-replicated` and `data-endpoint-unresolvable` scenarios.
    pub fn replica_storage_host(&self) -> String {
        self.ctx.replica_storage_host.clone()
    }
    pub fn storage_port(&self) -> u16 {
        self.ctx.storage_port
    }
    /// Host of the foreign token realm used by `realm-other-host` (resolves to 127.0.0.1 in
    /// the sim's DNS).
    pub fn other_realm_host(&self) -> &'static str {
        tls::OTHER_REALM_HOST
    }
    pub fn other_realm_port(&self) -> u16 {
        self.ctx.other_realm_port
    }
    /// PEM of the CA behind every server certificate (except the broken-cert scenarios).
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }
    /// PEM of the CA that signs the `untrusted-cert` scenario's certificate.
    pub fn untrusted_ca_pem(&self) -> &str {
        &self.untrusted_ca_pem
    }
    /// The UDP DNS responder.
    pub fn dns_addr(&self) -> SocketAddr {
        self.dns_addr
    }
    /// Entra ID base URL (`AZURE_AUTHORITY_HOST`).
    pub fn authority_host(&self) -> String {
        self.ctx.authority_host()
    }
    /// ARM base URL.
    pub fn arm_endpoint(&self) -> String {
        format!("https://127.0.0.1:{}", self.ctx.azure_port)
    }
    /// App Service managed identity endpoint (`IDENTITY_ENDPOINT`).
    pub fn identity_endpoint(&self) -> String {
        format!("https://127.0.0.1:{}/msi/token", self.ctx.azure_port)
    }
    /// Value expected in `X-IDENTITY-HEADER` (`IDENTITY_HEADER`).
    pub fn identity_header(&self) -> &str {
        self.ctx.ids.identity_header
    }
    /// With [`SimOptions::rtt`]: the URL whose `GET` answers the network
    /// wait since the previous one, as JSON (`rttMs`, `networkWaitMs`,
    /// `roundTrips`, `connections`).
    pub fn latency_endpoint(&self) -> Option<String> {
        self.latency_port
            .map(|p| format!("http://127.0.0.1:{p}/mark"))
    }
    /// IMDS look-alike base URL (plain HTTP on loopback).
    pub fn imds_endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.imds_port)
    }
    pub fn tenant_id(&self) -> &str {
        self.ctx.ids.tenant_id
    }
    pub fn client_id(&self) -> &str {
        self.ctx.ids.client_id
    }
    pub fn client_secret(&self) -> &str {
        self.ctx.ids.client_secret
    }
    /// The user-assigned identity IMDS serves: its client id.
    pub fn managed_identity_client_id(&self) -> &str {
        self.ctx.ids.managed_identity_client_id
    }
    /// The same identity's resource id (`msi_res_id`).
    pub fn managed_identity_resource_id(&self) -> &str {
        self.ctx.ids.managed_identity_resource_id
    }
    pub fn subscription_id(&self) -> &str {
        self.ctx.ids.subscription_id
    }
    pub fn resource_group(&self) -> &str {
        self.ctx.ids.resource_group
    }
    /// A workload-identity token for `AZURE_FEDERATED_TOKEN_FILE`.
    pub fn federated_token(&self) -> String {
        entra::federated_token(&self.ctx)
    }
    /// A valid Entra access token for `https://containerregistry.azure.net`.
    pub fn issue_aad_token(&self) -> String {
        entra::issue_token(
            &self.ctx,
            entra::ACR_AUDIENCE,
            self.ctx.ids.client_id,
            self.ctx.ids.object_id,
        )
    }
    /// An Entra access token for `audience` (a resource, or a scope ending in `/.default`)
    /// from the simulator's service principal, living `expires_in_secs` (negative: expired).
    pub fn issue_sp_token(&self, audience: &str, expires_in_secs: i64) -> String {
        entra::issue_token_for(
            &self.ctx,
            entra::resource_audience(audience),
            self.ctx.ids.client_id,
            self.ctx.ids.object_id,
            expires_in_secs,
        )
    }
    /// An Entra access token for `audience` (a resource, or a scope ending in `/.default`)
    /// issued to the Azure CLI for the user, living `expires_in_secs` (negative: expired).
    pub fn issue_user_token(&self, audience: &str, expires_in_secs: i64) -> String {
        user::issue_user_token(
            &self.ctx,
            entra::resource_audience(audience),
            expires_in_secs,
        )
    }
    /// The tenant's user (`dev@simtenant.onmicrosoft.com`), who signs in to the Azure CLI.
    pub fn user_name(&self) -> &str {
        self.ctx.ids.user_name
    }
    pub fn user_password(&self) -> &str {
        self.ctx.ids.user_password
    }
    pub fn user_object_id(&self) -> &str {
        self.ctx.ids.user_object_id
    }
    /// A fresh refresh token for the user and the Azure CLI's client id (opaque, not a JWT).
    pub fn user_refresh_token(&self) -> String {
        user::refresh_token(&self.ctx)
    }
    /// Admin user name (as in ACR, the registry name).
    pub fn admin_username(&self) -> &str {
        self.ctx.admin_username()
    }
    pub fn admin_password(&self) -> &str {
        self.ctx.ids.admin_password
    }
    /// Every HTTP request received so far, in order, secrets masked.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.ctx.log.requests()
    }
    /// Every TLS handshake completed so far, request or not: the server and
    /// the name the client asked for (SNI; empty without one). The port
    /// Entra ID, ARM and the managed identity endpoint share is `Entra`.
    pub fn handshakes(&self) -> Vec<(Server, String)> {
        self.ctx.log.handshakes()
    }
    /// Every DNS question received so far: (name without trailing dot, record type).
    pub fn dns_queries(&self) -> Vec<(String, String)> {
        self.ctx.log.dns()
    }
    /// Stop every server. Dropping the `Sim` does the same.
    pub async fn shutdown(mut self) {
        let stopped = self.stopped.take();
        drop(self);
        if let Some(stopped) = stopped {
            let _ = stopped.await;
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        // Receivers see the change (or the sender's end) and every task returns.
        let _ = self.shutdown.send(());
    }
}

impl fmt::Debug for Sim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("scenario", &self.ctx.scenario)
            .field("login_server", &self.login_server())
            .finish_non_exhaustive()
    }
}
