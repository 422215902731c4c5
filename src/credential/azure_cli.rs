//! The Azure CLI's login, when `az` is installed: `az account get-access-token`.

use super::{CredentialFailure, SourceContext, TokenSource};
use crate::pipeline::BoxFuture;
use crate::process;
use crate::secret::Secret;

pub struct AzureCli;

impl TokenSource for AzureCli {
    fn name(&self) -> &'static str {
        "Azure CLI (az login)"
    }
    fn configured(&self, ctx: &SourceContext) -> bool {
        // process::find never takes a binary from the current directory.
        process::find("az", &ctx.env).is_ok()
    }
    fn fetch<'a>(
        &'a self,
        ctx: &'a SourceContext,
        resource: &'a str,
    ) -> BoxFuture<'a, Result<(Secret, String), CredentialFailure>> {
        Box::pin(async move {
            let az = process::find("az", &ctx.env)
                .map_err(|e| CredentialFailure(format!("Azure CLI: {e}.")))?;
            let args = [
                "account",
                "get-access-token",
                "--resource",
                resource,
                "--output",
                "json",
            ];
            let out = process::run(&az, &args, &ctx.env, ctx.http.timeout)
                .await
                .map_err(|e| {
                    CredentialFailure(format!("Azure CLI: cannot run {}: {e}.", az.path.display()))
                })?;
            if out.timed_out {
                return Err(CredentialFailure(format!(
                    "Azure CLI: 'az account get-access-token' did not finish within {}; it was stopped.",
                    humantime::format_duration(ctx.http.timeout)
                )));
            }
            if !out.success() {
                let first = out
                    .stderr
                    .lines()
                    .map(|l| l.trim_start_matches("ERROR: ").trim())
                    .find(|l| !l.is_empty())
                    .unwrap_or("no message");
                return Err(CredentialFailure(format!(
                    "Azure CLI: 'az account get-access-token' failed: {} Run 'az login'.",
                    crate::net::http::printable(first, 200)
                )));
            }
            let v: serde_json::Value = serde_json::from_str(&out.stdout).map_err(|_| {
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
