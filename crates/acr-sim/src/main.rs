//! `acr-sim`: start the simulator, print its endpoints, serve until Ctrl-C.

use std::process::ExitCode;

use acr_sim::azure_cli::{Fixture, Login};
use acr_sim::{Scenario, Sim, SimOptions};

const USAGE: &str =
    "usage: acr-sim [--scenario NAME] [--name REGISTRY] [--anonymous-pull] [--rtt MS] [--ca-out FILE] [--list]

Serves a simulated Azure Container Registry, Entra ID and ARM on 127.0.0.1 until Ctrl-C.
  --scenario NAME   fault to play (default: healthy); --list shows them all
  --name REGISTRY   registry name (default: simregistry)
  --anonymous-pull  hand out pull tokens without credentials
  --rtt MS          put a network with this round-trip time between every server and its
                    clients (DNS excepted); GET on the URL printed as ACR_SIM_LATENCY (in
                    --env-out) answers the time something was in flight since the last GET
  --ca-out FILE     write the test CA certificate (PEM) to FILE
  --env-out FILE    write a shell file exporting what a client needs (endpoints and the
                    simulator's own made-up service principal), for scripts/bench.sh
  --az-config-out DIR
                    write an Azure CLI config dir (AZURE_CONFIG_DIR) signed in as the
                    simulator's user, with ACR and ARM tokens cached for an hour
  --az-config-out-refresh DIR
                    the same without cached tokens: a client must redeem the refresh token";

struct Outputs {
    ca: Option<String>,
    env: Option<String>,
    az_config: Option<String>,
    az_config_refresh: Option<String>,
}

fn parse(args: &[String]) -> Result<Option<(SimOptions, Outputs)>, String> {
    let mut opts = SimOptions::default();
    let mut ca_out = None;
    let mut env_out = None;
    let mut az_config = None;
    let mut az_config_refresh = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "--list" => {
                for s in Scenario::all() {
                    println!("{:32} {}", s.name(), s.description());
                }
                return Ok(None);
            }
            "--scenario" => {
                opts.scenario = value("--scenario")?
                    .parse()
                    .map_err(|e: acr_sim::UnknownScenario| e.to_string())?
            }
            "--name" => opts.registry_name = value("--name")?,
            "--anonymous-pull" => opts.anonymous_pull = true,
            "--rtt" => {
                let ms: u64 = value("--rtt")?
                    .parse()
                    .map_err(|_| "--rtt takes whole milliseconds".to_string())?;
                opts.rtt = Some(std::time::Duration::from_millis(ms));
            }
            "--ca-out" => ca_out = Some(value("--ca-out")?),
            "--env-out" => env_out = Some(value("--env-out")?),
            "--az-config-out" => az_config = Some(value("--az-config-out")?),
            "--az-config-out-refresh" => {
                az_config_refresh = Some(value("--az-config-out-refresh")?)
            }
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    Ok(Some((
        opts,
        Outputs {
            ca: ca_out,
            env: env_out,
            az_config,
            az_config_refresh,
        },
    )))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (opts, outputs) = match parse(&args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("acr-sim: {e}");
            return ExitCode::from(2);
        }
    };
    let sim = match Sim::start(opts).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(path) = outputs.ca {
        if let Err(e) = std::fs::write(&path, sim.ca_pem()) {
            eprintln!("acr-sim: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
        println!("CA certificate written to {path}");
    }
    // Before the env file: a script that waits for the env file finds these complete.
    // The cloud's suffix carries the login port, so that `<name><suffix>` is
    // the login server ARM lists, as in Azure.
    let user = Fixture::new(&sim, Login::User).suffix_with_port();
    let fixtures = [
        (
            outputs.az_config,
            user.clone()
                .cached_token("https://containerregistry.azure.net/.default", 3600)
                .cached_token("https://management.core.windows.net//.default", 3600),
        ),
        (outputs.az_config_refresh, user),
    ];
    for (dir, fixture) in fixtures {
        if let Some(dir) = dir
            && let Err(e) = fixture.write(std::path::Path::new(&dir))
        {
            eprintln!("acr-sim: cannot write Azure CLI config to {dir}: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(path) = outputs.env {
        // Written last and renamed into place, so a script polling for the
        // file never reads half of it.
        let text = format!(
            "export ACR_SIM_LOGIN_SERVER='{}'\nexport ACR_SIM_DNS='{}'\n\
             export AZURE_AUTHORITY_HOST='{}'\nexport AZURE_TENANT_ID='{}'\n\
             export AZURE_CLIENT_ID='{}'\nexport AZURE_CLIENT_SECRET='{}'\n\
             export ACR_SIM_USER='{}'\nexport ACR_SIM_SUBSCRIPTION='{}'\n\
             export ACR_SIM_LATENCY='{}'\n",
            sim.login_server(),
            sim.dns_addr(),
            sim.authority_host(),
            sim.tenant_id(),
            sim.client_id(),
            sim.client_secret(),
            sim.user_name(),
            sim.subscription_id(),
            sim.latency_endpoint().unwrap_or_default()
        );
        let tmp = format!("{path}.tmp");
        if let Err(e) = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, &path)) {
            eprintln!("acr-sim: cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!(
        "scenario          {} — {}",
        sim.scenario(),
        sim.scenario().description()
    );
    println!(
        "login server      https://{}  (127.0.0.1:{})",
        sim.login_server(),
        sim.login_port()
    );
    println!(
        "data endpoint     https://{}:{}",
        sim.storage_host(),
        sim.storage_port()
    );
    println!("DNS (UDP)         {}", sim.dns_addr());
    println!("authority host    {}", sim.authority_host());
    println!("ARM endpoint      {}", sim.arm_endpoint());
    println!("identity endpoint {}", sim.identity_endpoint());
    println!("IMDS              {}", sim.imds_endpoint());
    println!(
        "tenant / client   {} / {}",
        sim.tenant_id(),
        sim.client_id()
    );
    println!(
        "subscription / rg {} / {}",
        sim.subscription_id(),
        sim.resource_group()
    );
    println!("admin user        {}", sim.admin_username());
    println!("Entra ID user     {}", sim.user_name());
    println!("Ctrl-C to stop.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("acr-sim: waiting for Ctrl-C failed: {e}");
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
