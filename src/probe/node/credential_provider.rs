//! The kubelet's image credential provider: its config file (YAML or JSON,
//! `kind: CredentialProviderConfig`), the ACR provider it names, that
//! provider's binary in the kubelet's provider directory, and whether its
//! `matchImages` cover the registry's host by the kubelet's own matching
//! rules (same number of dot-separated labels, each a glob; ports equal; the
//! pattern's path a prefix of the image's).
//!
//! Without them the kubelet hands containerd no credentials for the
//! registry, and only image pull secrets (or anonymous pull) remain: each
//! problem is a warning, never a failure, since those may be meant.

use std::path::Path;
use std::sync::Arc;

use yaml_rust2::{Yaml, YamlLoader};

use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Probe, Report};
use crate::probe::node::settings::NodeSettings;
use crate::probe::registry::context::Resolved;
use crate::sys::files::{SMALL_FILE_LIMIT, read_limited_string};

pub struct CredentialProviderProbe {
    pub node: Arc<NodeSettings>,
}

/// One provider of the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub name: String,
    pub match_images: Vec<String>,
}

impl Probe for CredentialProviderProbe {
    type Needs = Option<crate::engine::pipeline::Handle<Resolved>>;
    type Output = ();
    fn run(&self, resolved: Option<Arc<Resolved>>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let host = resolved.map(|r| r.login_server.display());
            self.check(host.as_deref()).into()
        })
    }
}

impl CredentialProviderProbe {
    fn check(&self, host: Option<&str>) -> Vec<Finding> {
        let file = &self.node.credential_provider_config;
        let path = file.path.display();
        let without = "the kubelet hands containerd no credentials for the registry, so only image pull secrets or anonymous pull remain";
        let text = match read_limited_string(&file.path, SMALL_FILE_LIMIT) {
            Ok(t) => t,
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".to_owned()
                } else {
                    format!("cannot be read ({e})")
                };
                return vec![warn(format!(
                    "The kubelet's credential provider config {path} {why} (give --credential-provider-config): {without}"
                ))];
            }
        };
        let providers = match parse(&text) {
            Ok(p) => p,
            Err(e) => {
                return vec![warn(format!(
                    "The kubelet's credential provider config {path} cannot be read as one: {e}; {without}"
                ))];
            }
        };
        let Some(acr) = providers.iter().find(|p| p.name.contains("acr")) else {
            let names: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
            return vec![warn(format!(
                "The kubelet's credential provider config {path} names no ACR provider (it has: {}): {without}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ))];
        };
        let mut out = Vec::new();
        let bin_dir = &self.node.credential_provider_bin_dir.path;
        let binary = bin_dir.join(&acr.name);
        let runnable = is_executable(&binary);
        out.push(if runnable {
            Finding::info(format!(
                "Kubelet credential provider: {} ({}, from {path})",
                acr.name,
                binary.display()
            ))
            .beyond_az()
        } else {
            warn(format!(
                "The kubelet's credential provider {} is not an executable file at {} (give --credential-provider-bin-dir): {without}",
                acr.name,
                binary.display()
            ))
        });
        if let Some(host) = host {
            let covered = acr.match_images.iter().any(|p| matches_image(p, host));
            if !covered {
                out.push(warn(format!(
                    "The matchImages of {} ({}) do not cover {host}: {without}",
                    acr.name,
                    acr.match_images.join(", ")
                )));
            } else if runnable {
                out.push(
                    Finding::ok_line(format!(
                        "Kubelet credential provider {} covers {host}",
                        acr.name
                    ))
                    .beyond_az(),
                );
            }
        }
        out
    }
}

fn warn(line: String) -> Finding {
    Finding::warning(line).beyond_az()
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The providers of a `CredentialProviderConfig` (YAML, or JSON, which YAML
/// reads too).
pub fn parse(text: &str) -> Result<Vec<Provider>, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let doc = docs.first().ok_or_else(|| "it is empty".to_owned())?;
    if let Some(kind) = doc["kind"].as_str()
        && kind != "CredentialProviderConfig"
    {
        return Err(format!(
            "its kind is '{kind}', not CredentialProviderConfig"
        ));
    }
    let Yaml::Array(list) = &doc["providers"] else {
        return Err("it has no providers list".into());
    };
    Ok(list
        .iter()
        .map(|p| Provider {
            name: p["name"].as_str().unwrap_or_default().to_owned(),
            match_images: match &p["matchImages"] {
                Yaml::Array(a) => a
                    .iter()
                    .filter_map(|m| m.as_str().map(str::to_owned))
                    .collect(),
                _ => vec![],
            },
        })
        .collect())
}

/// The kubelet's rule for one `matchImages` pattern against an image
/// `host[:port][/path]`.
pub fn matches_image(pattern: &str, image: &str) -> bool {
    let split = |s: &str| -> (String, String) {
        let s = s.split("://").last().unwrap_or(s);
        match s.split_once('/') {
            Some((h, p)) => (h.to_owned(), format!("/{p}")),
            None => (s.to_owned(), String::new()),
        }
    };
    let (p_authority, p_path) = split(pattern);
    let (i_authority, i_path) = split(image);
    let host_port = |a: &str| -> (String, String) {
        match a.rsplit_once(':') {
            Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                (h.to_owned(), port.to_owned())
            }
            _ => (a.to_owned(), String::new()),
        }
    };
    let (p_host, p_port) = host_port(&p_authority);
    let (i_host, i_port) = host_port(&i_authority);
    if p_port != i_port {
        return false;
    }
    let p_labels: Vec<&str> = p_host.split('.').collect();
    let i_labels: Vec<&str> = i_host.split('.').collect();
    p_labels.len() == i_labels.len()
        && p_labels
            .iter()
            .zip(&i_labels)
            .all(|(p, i)| glob(p.as_bytes(), i.to_ascii_lowercase().as_bytes()))
        && i_path.starts_with(&p_path)
}

/// `*` (any run of characters) and `?` (one character), as one label of a
/// path glob; anything else literal, in any case.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            glob(&pattern[1..], text) || (!text.is_empty() && glob(pattern, &text[1..]))
        }
        (Some(b'?'), Some(_)) => glob(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p.eq_ignore_ascii_case(t) => glob(&pattern[1..], &text[1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubelet_matching() {
        assert!(matches_image("*.azurecr.io", "myreg.azurecr.io"));
        assert!(matches_image("*.azurecr.io", "MyReg.azurecr.io"));
        // One label per `*`, and ports must agree.
        assert!(!matches_image("*.azurecr.io", "a.b.azurecr.io"));
        assert!(!matches_image("*.azurecr.io", "myreg.azurecr.io:5000"));
        assert!(matches_image("*.azurecr.io:5000", "myreg.azurecr.io:5000"));
        assert!(matches_image("myreg.azurecr.*", "myreg.azurecr.cn"));
        assert!(matches_image("my?eg.azurecr.io", "myreg.azurecr.io"));
        assert!(!matches_image("*.azurecr.io/team", "myreg.azurecr.io"));
    }

    #[test]
    fn providers_from_yaml_and_json() {
        let yaml = "apiVersion: kubelet.config.k8s.io/v1\nkind: CredentialProviderConfig\nproviders:\n  - name: acr-credential-provider\n    matchImages:\n      - \"*.azurecr.io\"\n      - \"*.azurecr.cn\"\n    defaultCacheDuration: 10m\n    apiVersion: credentialprovider.kubelet.k8s.io/v1\n    args:\n      - /etc/kubernetes/azure.json\n";
        let p = parse(yaml).unwrap();
        assert_eq!(p[0].name, "acr-credential-provider");
        assert_eq!(p[0].match_images, ["*.azurecr.io", "*.azurecr.cn"]);
        let json = r#"{"kind":"CredentialProviderConfig","providers":[{"name":"x","matchImages":["a.io"]}]}"#;
        assert_eq!(parse(json).unwrap()[0].match_images, ["a.io"]);
        assert!(parse("kind: Pod\n").is_err());
        assert!(parse("kind: CredentialProviderConfig\n").is_err());
    }
}
