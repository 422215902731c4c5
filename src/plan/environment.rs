//! The environment sections of the plan (docs/behaviour.md §2 steps 1, 5
//! and 6): docker, helm and notary, each a chain of steps, or one skipped
//! line under `--skip`.

use std::sync::Arc;

use crate::engine::check_id::CheckId;
use crate::engine::pipeline::{Handle, Plan};
use crate::guard::secret::SecretStore;
use crate::plan::profile::Profile;
use crate::plan::settings::PlanSettings;
use crate::probe::docker::daemon::{DockerCommand, DockerDaemon, DockerPull, DockerVersion};
use crate::probe::docker::info::{DaemonSettingsProbe, DaemonView};
use crate::probe::helm::{HelmCommand, HelmVersion};
use crate::probe::notary::NotaryVersion;
use crate::probe::notice::Notice;
use crate::sys::prompt::Confirm;

/// Docker: command → daemon → version → test pull, and (beyond az) `docker
/// info`. Returns the daemon-settings step's handle, for the registry steps
/// that compare the daemon's settings with a login server.
pub fn add_docker(
    plan: &mut Plan,
    settings: &PlanSettings,
    confirm: Arc<dyn Confirm>,
    secrets: Arc<SecretStore>,
) -> Option<Handle<DaemonView>> {
    if settings.skip.docker {
        Notice::skipped(CheckId::Docker, "docker").add_to(plan);
        return None;
    }
    let docker = &settings.docker;
    let program = plan.add(
        CheckId::DockerCommand,
        DockerCommand {
            settings: docker.clone(),
        },
        (),
    );
    let daemon = plan.add(
        CheckId::DockerDaemon,
        DockerDaemon {
            settings: docker.clone(),
        },
        program.clone(),
    );
    let version_waits_for_daemon = settings
        .profile
        .version_waits_for_daemon()
        .then(|| daemon.clone());
    plan.add(
        CheckId::DockerVersion,
        DockerVersion {
            settings: docker.clone(),
        },
        (program.clone(), version_waits_for_daemon),
    );
    plan.add(
        CheckId::DockerPull,
        DockerPull {
            settings: docker.clone(),
            confirm,
        },
        (program.clone(), daemon),
    );
    // Beyond az: `docker info` runs beside `docker version` (both wait only
    // for the client) and prints after the pull.
    settings.profile.beyond_az_checks().then(|| {
        plan.add(
            CheckId::DockerDaemonSettings,
            DaemonSettingsProbe {
                settings: settings.tool.clone(),
                secrets,
            },
            program,
        )
    })
}

/// Helm: command → version.
pub fn add_helm(plan: &mut Plan, settings: &PlanSettings) {
    if settings.skip.helm {
        Notice::skipped(CheckId::Helm, "helm").add_to(plan);
        return;
    }
    let program = plan.add(
        CheckId::HelmCommand,
        HelmCommand {
            settings: settings.tool.clone(),
        },
        (),
    );
    plan.add(
        CheckId::HelmVersion,
        HelmVersion {
            settings: settings.tool.clone(),
        },
        program,
    );
}

/// Notary: only when installed, and never under az's profile (az 2.91 has
/// no notary check).
pub fn add_notary(plan: &mut Plan, settings: &PlanSettings) {
    if settings.profile == Profile::Az {
        return;
    }
    if settings.skip.notary {
        Notice::skipped(CheckId::Notary, "notary").add_to(plan);
    } else {
        plan.add(
            CheckId::NotaryVersion,
            NotaryVersion {
                settings: settings.tool.clone(),
            },
            (),
        );
    }
}
