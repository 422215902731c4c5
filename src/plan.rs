//! The pipeline, declared in one place: which probes run, in the order of
//! SPEC §2, and which step each one waits for.

use std::sync::Arc;

use crate::options::CheckOptions;
use crate::pipeline::Plan;
use crate::probe::docker::add_docker;
use crate::probe::helm::add_helm;
use crate::probe::notary::add_notary;
use crate::probe::notice::Notice;

/// True inside Azure Cloud Shell, where environment checks make no sense.
fn in_cloud_shell(opts: &CheckOptions) -> bool {
    opts.env.get("ACC_CLOUD").is_some()
}

pub fn build(opts: &Arc<CheckOptions>) -> Plan {
    let mut plan = Plan::new();
    let cloud_shell = in_cloud_shell(opts);

    // 1. Docker: command → daemon → version → test pull.
    // In Cloud Shell the one warning line stands for all environment checks.
    if cloud_shell {
        plan.add(Notice::cloud_shell(), &[]);
    } else {
        add_docker(&mut plan, opts);
    }

    // 2. Tool version line.
    if !cloud_shell {
        plan.add(Notice::tool_version(), &[]);
    }

    // 3. Registry: login server → DNS → challenge → refresh token → access token.
    if opts.registries.is_empty() {
        plan.add(Notice::no_registry(), &[]);
    }

    // 4. --vnet: private-endpoint DNS routing.
    // 5. Helm: command → version.
    if !cloud_shell {
        add_helm(&mut plan, opts);
    }

    // 6. Notary: only when installed.
    if !cloud_shell {
        add_notary(&mut plan, opts);
    }
    plan
}
