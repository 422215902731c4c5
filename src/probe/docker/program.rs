//! Which docker client runs: `$DOCKER_COMMAND`, `docker` or `podman`.

use std::path::Path;

use crate::sys::env::Env;
use crate::sys::process::{self, NotFound, Program};

/// Which docker to run: `$DOCKER_COMMAND`, else `docker`, else `podman`.
pub fn resolve(env: &Env) -> Result<Program, String> {
    if let Some(named) = env.get("DOCKER_COMMAND") {
        return process::find(named, env).map_err(|e| format!("DOCKER_COMMAND is set: {e}"));
    }
    match process::find("docker", env) {
        Ok(p) => Ok(p),
        Err(docker) => match process::find("podman", env) {
            Ok(p) => Ok(p),
            Err(_) if !matches!(docker, NotFound::Missing { .. }) => Err(docker.to_string()),
            Err(_) => Err("neither 'docker' nor 'podman' was found on PATH".into()),
        },
    }
}

/// Podman by its file name, or by what a `docker` symlink points at.
pub fn is_podman(path: &Path) -> bool {
    let named = |p: &Path| {
        p.file_name()
            .and_then(|f| f.to_str())
            .is_some_and(|f| f.starts_with("podman"))
    };
    named(path) || std::fs::canonicalize(path).is_ok_and(|real| named(&real))
}
