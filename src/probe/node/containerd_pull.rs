//! Containerd pull: `--image` pulled through containerd's own client, `ctr`,
//! with the node's hosts directory (`--hosts-dir`: `ctr` resolves registries
//! itself and does not read the daemon's `config_path`), so mirrors and CA
//! files take part as they do for the kubelet. It does not go through the
//! CRI plugin the kubelet talks to (docs/kubernetes.md says what that
//! leaves out). The image goes into a namespace of our own and is removed
//! again; `CONTAINERD_ADDRESS` and `CONTAINERD_SNAPSHOTTER` pass through to
//! `ctr` as they are.
//!
//! `ctr` takes credentials only on its command line (`--user`), where the
//! node's other processes could read them while it runs: docs/security.md.

use std::sync::Arc;

use crate::azure::credential::source::Credential;
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::probe::node::containerd_hosts::ContainerdHosts;
use crate::probe::node::settings::{CTR_NAMESPACE, NodeSettings};
use crate::probe::registry::context::{Grant, RegistryContext, Resolved};
use crate::sys::process;

/// The user name ACR takes with a registry refresh token as password.
const TOKEN_USER: &str = "00000000-0000-0000-0000-000000000000";

pub struct ContainerdPullProbe {
    pub ctx: Arc<RegistryContext>,
    pub node: Arc<NodeSettings>,
}

impl Probe for ContainerdPullProbe {
    type Needs = (
        Handle<Resolved>,
        Handle<Credential>,
        Option<Handle<Grant>>,
        Handle<ContainerdHosts>,
    );
    type Output = ();
    fn run(
        &self,
        (resolved, credential, grant, hosts): (
            Arc<Resolved>,
            Arc<Credential>,
            Option<Arc<Grant>>,
            Arc<ContainerdHosts>,
        ),
    ) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let Some(image) = &self.node.image else {
                return Report::without(vec![]);
            };
            let ls = resolved.login_server.display();
            let reference = format!("{ls}/{image}");
            let ctr =
                match process::find("ctr", &self.node.env) {
                    Ok(p) => p,
                    Err(e) => {
                        return vec![Finding::info(format!(
                        "No pull through containerd: {e} (the data path check stands for it)"
                    ))
                    .beyond_az()]
                        .into();
                    }
                };
            let user = self.user(&credential, grant.as_deref());
            vec![self.pull(&ctr, &ls, image, &reference, &hosts, user).await].into()
        })
    }
}

impl ContainerdPullProbe {
    /// `user:secret` for `--user`: the service principal's client id and
    /// secret as the kubelet hands them to containerd, or ACR's token user
    /// with the refresh token the exchange gave a managed identity.
    fn user(&self, credential: &Credential, grant: Option<&Grant>) -> Option<(String, String)> {
        match (credential, grant) {
            (Credential::Password { username, password }, _) => {
                Some((username.clone(), password.expose().to_owned()))
            }
            (_, Some(Grant::RefreshToken(rt))) => {
                Some((TOKEN_USER.to_owned(), rt.expose().to_owned()))
            }
            _ => None,
        }
    }

    async fn pull(
        &self,
        ctr: &process::Program,
        ls: &str,
        image: &str,
        reference: &str,
        hosts: &ContainerdHosts,
        user: Option<(String, String)>,
    ) -> Finding {
        let mut args: Vec<String> = vec![
            "-n".into(),
            CTR_NAMESPACE.into(),
            "images".into(),
            "pull".into(),
        ];
        let mut shown_args = args.clone();
        if let Some(dir) = &hosts.hosts_dir {
            for a in [&mut args, &mut shown_args] {
                a.push("--hosts-dir".into());
                a.push(dir.display().to_string());
            }
        }
        if let Some((u, secret)) = &user {
            // Scrubbed wherever `ctr` might echo it, encoded or not.
            crate::guard::secret::register_basic(
                u,
                &crate::guard::secret::Secret::new(secret.as_str()),
            );
            args.push("--user".into());
            args.push(format!("{u}:{secret}"));
            shown_args.push("--user".into());
            shown_args.push(format!("{u}:(redacted)"));
        }
        args.push(reference.into());
        shown_args.push(reference.into());
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let shown_refs: Vec<&str> = shown_args.iter().map(String::as_str).collect();
        let cmd = process::display(ctr, &shown_refs);
        tracing::debug!("running {cmd}");
        let fail = |reason: String| {
            Finding::error(Failure::new(Message::ContainerdPull {
                image,
                ls,
                reason: Outside(&self.ctx.scrub(&reason)),
            }))
        };
        let out = match process::run(ctr, &arg_refs, &self.node.env, self.node.timeout).await {
            Ok(o) => o,
            Err(e) => return fail(format!("'{cmd}' could not be started: {e}.")),
        };
        if out.timed_out {
            return fail(format!(
                "'{cmd}' did not finish within {} (--timeout).",
                humantime::format_duration(self.node.timeout)
            ));
        }
        if !out.success() {
            return fail(format!("'{cmd}' failed: {}", summary(&out.stderr)));
        }
        // Leave the node as it was: the image goes again (its content is
        // the garbage collector's).
        let rm = ["-n", CTR_NAMESPACE, "images", "rm", reference];
        let _ = process::run(ctr, &rm, &self.node.env, self.node.timeout).await;
        let through = match &hosts.hosts_dir {
            Some(d) => format!(" with hosts directory {}", d.display()),
            None => String::new(),
        };
        Finding::ok_line(format!("Containerd pull of '{reference}'{through}"))
            .detail(format!("ran {cmd}"))
            .beyond_az()
    }
}

/// What `ctr` said, on one line: each host it gave up on and why
/// (`trying next host`), then its final error.
fn summary(stderr: &str) -> String {
    let field = |line: &str, key: &str| -> Option<String> {
        let start = line.find(&format!("{key}=\""))? + key.len() + 2;
        let rest = &line[start..];
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '"' => return Some(out),
                c => out.push(c),
            }
        }
        Some(out)
    };
    let mut parts: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("trying next host"))
        .filter_map(|l| {
            let host = field(l, "host")?;
            let error = field(l, "error")?;
            Some(format!("host {host}: {error}"))
        })
        .collect();
    if let Some(last) = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.contains("trying next host"))
    {
        parts.push(last.to_owned());
    }
    if parts.is_empty() {
        return "it wrote nothing on stderr.".into();
    }
    let mut s = parts.join("; ");
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn ctr_stderr_is_summarised() {
        let stderr = "time=\"x\" level=info msg=\"trying next host\" error=\"failed to do request: Head \\\"https://127.0.0.1:1/v2/\\\": x509: certificate signed by unknown authority\" host=\"127.0.0.1:1\"\nctr: failed to resolve reference \"r\": not found\n";
        assert_eq!(
            super::summary(stderr),
            "host 127.0.0.1:1: failed to do request: Head \"https://127.0.0.1:1/v2/\": x509: certificate signed by unknown authority; ctr: failed to resolve reference \"r\": not found."
        );
        assert_eq!(super::summary(""), "it wrote nothing on stderr.");
    }
}
