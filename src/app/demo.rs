//! `demo`: start the loopback simulator in-process and run `check` against it.
//!
//! The run is sealed off from the machine's Azure setup: its own environment
//! (the simulator's service principal and Entra ID, no proxy, no Azure CLI
//! config), its own DNS server and CA. Nothing leaves 127.0.0.1.

use std::io::{self, Write};
use std::path::PathBuf;

use acr_sim::{Scenario, Sim, SimOptions};

use crate::app::check;
use crate::app::cli::{CheckArgs, CloudName, DemoArgs};
use crate::app::options::{CaBundle, CheckOptions, Env, UsageError};
use crate::plan::settings::Skip;
use crate::probe::settings::RegistryTarget;

pub fn list(out: &mut dyn Write) -> io::Result<()> {
    let width = Scenario::all()
        .iter()
        .map(|s| s.name().len())
        .max()
        .unwrap_or(0);
    for s in Scenario::all() {
        let code = s
            .expected_code()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        writeln!(out, "{:width$}  {}{code}", s.name(), s.description())?;
    }
    Ok(())
}

pub fn scenario(args: &DemoArgs) -> Result<Scenario, UsageError> {
    match &args.scenario {
        None => Ok(Scenario::Healthy),
        Some(name) => name
            .parse()
            .map_err(|e: acr_sim::UnknownScenario| UsageError(e.to_string())),
    }
}

/// The environment a demo run sees: the simulator's identity and nothing of ours.
fn demo_env(sim: &Sim) -> Env {
    let mut env = Env::empty();
    for key in [
        "PATH",
        "HOME",
        "DOCKER_HOST",
        "DOCKER_CONFIG",
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "TERM",
    ] {
        if let Ok(v) = std::env::var(key) {
            env.set(key, v);
        }
    }
    // No Azure CLI config: the demo must not pick up the user's cloud.
    env.set("AZURE_CONFIG_DIR", "/nonexistent/acr-health-demo");
    env.set("AZURE_AUTHORITY_HOST", sim.authority_host());
    env.set("AZURE_TENANT_ID", sim.tenant_id());
    env.set("AZURE_CLIENT_ID", sim.client_id());
    env.set("AZURE_CLIENT_SECRET", sim.client_secret());
    env
}

/// An Azure CLI config dir written by the simulator, removed when dropped.
pub struct AzConfigDir(PathBuf);

impl AzConfigDir {
    fn write(sim: &Sim) -> Result<AzConfigDir, UsageError> {
        let dir = std::env::temp_dir().join(format!(
            "acr-health-demo-az.{}.{}",
            std::process::id(),
            sim.login_port()
        ));
        acr_sim::azure_cli::Fixture::new(sim, acr_sim::azure_cli::Login::User)
            .write(&dir)
            .map_err(|e| UsageError(format!("cannot write the demo's Azure CLI config: {e}")))?;
        Ok(AzConfigDir(dir))
    }
}

impl Drop for AzConfigDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `check`'s flags as the demo passes them on; `-n` names a real registry.
fn check_args(args: &DemoArgs) -> Result<CheckArgs, UsageError> {
    if !args.check.name.is_empty() {
        return Err(UsageError(
            "demo checks its own simulated registry; -n is not used (run 'acr-health check -n …' for a real one)".into(),
        ));
    }
    let mut check_args = args.check.clone();
    if check_args.timeout.is_none() {
        // The simulator answers in milliseconds; the hang scenarios need not
        // wait long. An explicit --timeout, 20s included, is kept.
        check_args.timeout = Some("3s".into());
    }
    Ok(check_args)
}

/// `--az-login`: no AZURE_* credentials; az's files name the simulator's
/// cloud, the signed-in user and the default subscription.
fn az_login_options(
    sim: &Sim,
    args: &DemoArgs,
    dir: &AzConfigDir,
) -> Result<CheckOptions, UsageError> {
    let mut env = demo_env(sim);
    for key in [
        "AZURE_AUTHORITY_HOST",
        "AZURE_TENANT_ID",
        "AZURE_CLIENT_ID",
        "AZURE_CLIENT_SECRET",
    ] {
        env.remove(key);
    }
    env.set("AZURE_CONFIG_DIR", dir.0.to_string_lossy());
    let mut opts = CheckOptions::from_args(&check_args(args)?, env, &mut io::empty())?;
    // By name, and nothing else: cloud, identity and subscription come from az's files.
    opts.registries = vec![RegistryTarget::Name(sim.registry_name().to_owned())];
    seal(&mut opts, args, sim);
    Ok(opts)
}

/// Builds the check options for a running simulator.
pub fn options(args: &DemoArgs, sim: &Sim, scenario: Scenario) -> Result<CheckOptions, UsageError> {
    let mut check_args = check_args(args)?;
    check_args.cloud = Some(CloudName::AzureCloud);
    check_args.arm_endpoint = Some(sim.arm_endpoint());
    if scenario == Scenario::AnonymousPull && check_args.username.is_none() {
        check_args.anonymous = true;
    }
    let mut opts = CheckOptions::from_args(&check_args, demo_env(sim), &mut io::empty())?;
    if opts.credentials.anonymous || opts.credentials.username.is_some() {
        // These sign in to the registry only; ARM cannot be read with them.
        opts.registries = vec![RegistryTarget::LoginServer {
            host: sim.registry_host(),
            port: Some(sim.login_port()),
            had_capitals: false,
        }];
    } else {
        // By name, as a user would type it: the login server comes from the
        // simulated ARM, exactly as az finds it.
        opts.registries = vec![RegistryTarget::Name(sim.registry_name().to_owned())];
        opts.credentials.subscription = Some(sim.subscription_id().to_owned());
        opts.resource_group = Some(sim.resource_group().to_owned());
    }
    seal(&mut opts, args, sim);
    Ok(opts)
}

/// The simulator's DNS and CA, and no environment checks unless asked.
fn seal(opts: &mut CheckOptions, args: &DemoArgs, sim: &Sim) {
    opts.dns_server = Some(sim.dns_addr());
    opts.ca_certs.push(CaBundle {
        path: PathBuf::from("(simulator CA)"),
        pem: sim.ca_pem().as_bytes().to_vec(),
    });
    if !args.environment {
        opts.skip = Skip {
            docker: true,
            helm: true,
            notary: true,
        };
    }
}

pub async fn run(
    args: &DemoArgs,
    scenario: Scenario,
    lang: crate::sys::lang::Lang,
) -> Result<u8, UsageError> {
    let sim = Sim::start(SimOptions {
        scenario,
        ..SimOptions::default()
    })
    .await
    .map_err(|e| UsageError(format!("cannot start the simulator: {e}")))?;
    let az_dir = if args.az_login {
        Some(AzConfigDir::write(&sim)?)
    } else {
        None
    };
    let mut opts = match &az_dir {
        Some(dir) => az_login_options(&sim, args, dir)?,
        None => options(args, &sim, scenario)?,
    };
    opts.lang = lang;
    crate::sys::console::say(format_args!(
        "acr-health demo: simulated registry {} on 127.0.0.1, scenario '{}'",
        sim.login_server(),
        scenario.name()
    ));
    let status = check::run(opts).await;
    sim.shutdown().await;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn demo_args(extra: &[&str]) -> DemoArgs {
        let cli = crate::app::cli::Cli::parse_from(["acr-health", "demo"].iter().chain(extra));
        match cli.command {
            crate::app::cli::Command::Demo(args) => *args.0,
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_short_demo_timeout_applies_only_when_none_is_given() {
        assert_eq!(
            check_args(&demo_args(&[])).unwrap().timeout.as_deref(),
            Some("3s")
        );
        // An explicit 20s (the check's default) is what the user asked for.
        let explicit = check_args(&demo_args(&["--timeout", "20s"])).unwrap();
        assert_eq!(explicit.timeout.as_deref(), Some("20s"));
    }
}
