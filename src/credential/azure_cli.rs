//! The Azure CLI's login, when `az` is installed: `az account get-access-token`.

use std::process::Stdio;

use super::{CredentialFailure, SourceContext, TokenSource};
use crate::pipeline::BoxFuture;
use crate::secret::Secret;

pub struct AzureCli;

fn az_path(ctx: &SourceContext) -> Option<std::path::PathBuf> {
    let path = ctx.env.get("PATH")?;
    let cwd = std::env::current_dir().ok();
    which::which_in_all("az", Some(path), cwd.clone().unwrap_or_default())
        .ok()?
        // Never run an `az` planted in the current directory.
        .find(|p| p.is_absolute() && p.parent() != cwd.as_deref())
}

impl TokenSource for AzureCli {
    fn name(&self) -> &'static str {
        "Azure CLI (az login)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        az_path(ctx).is_some()
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let az =
                az_path(ctx).ok_or_else(|| CredentialFailure("Azure CLI: az not found.".into()))?;
            let mut cmd = tokio::process::Command::new(&az);
            cmd.args([
                "account",
                "get-access-token",
                "--resource",
                resource,
                "--output",
                "json",
            ])
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
            for key in ["PATH", "HOME", "AZURE_CONFIG_DIR", "USER", "LANG"] {
                if let Some(v) = ctx.env.get(key) {
                    cmd.env(key, v);
                }
            }
            let output = tokio::time::timeout(ctx.http.timeout, cmd.output())
                .await
                .map_err(|_| {
                    CredentialFailure(format!(
                        "Azure CLI: 'az account get-access-token' did not finish within {}s.",
                        ctx.http.timeout.as_secs()
                    ))
                })?
                .map_err(|e| {
                    CredentialFailure(format!("Azure CLI: cannot run {}: {e}.", az.display()))
                })?;
            if !output.status.success() {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let first = stderr
                    .lines()
                    .map(|l| l.trim_start_matches("ERROR: ").trim())
                    .find(|l| !l.is_empty())
                    .unwrap_or("no message");
                return Err(CredentialFailure(format!(
                    "Azure CLI: 'az account get-access-token' failed ({}): {} Run 'az login'.",
                    output.status,
                    crate::net::http::printable(first, 200)
                )));
            }
            let v: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|_| {
                CredentialFailure(
                    "Azure CLI: 'az account get-access-token' printed no JSON.".into(),
                )
            })?;
            let token = v
                .get("accessToken")
                .and_then(|t| t.as_str())
                .ok_or_else(|| {
                    CredentialFailure("Azure CLI: no accessToken in its answer.".into())
                })?;
            Ok((Secret::new(token), "Azure CLI (az login)".into()))
        })
    }
}
