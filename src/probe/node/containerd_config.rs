//! Reading containerd's registry configuration the way containerd's CRI
//! plugin does (docs/kubernetes.md): the `config_path` of its config file,
//! the host directory each registry host gets under it, and the hosts that
//! directory's `hosts.toml` lists, in the order containerd tries them.
//!
//! - `config_path` is `plugins."io.containerd.grpc.v1.cri".registry` in
//!   config version 2 and in files without a version, and
//!   `plugins."io.containerd.cri.v1.images".registry` in version 3; it may
//!   hold several directories separated by `:`.
//! - A host's directory is `<dir>/<host[:port]>`, looked for in each
//!   directory in turn, else `<dir>/_default`.
//! - `hosts.toml`'s `[host."…"]` tables are tried in the order the file
//!   lists them, then `server` (by default `https://<host>`).
//!
//! Every file is read bounded, regular files only.

use std::path::{Path, PathBuf};

use crate::sys::files::{SMALL_FILE_LIMIT, read_limited_string};

/// What containerd's config file says about registries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryConfig {
    /// The config's `version` (absent: none written).
    pub version: Option<i64>,
    /// `config_path`, split at `:`; empty when unset.
    pub config_path: Vec<PathBuf>,
    /// The table it was read from, for the report.
    pub table: &'static str,
    /// The deprecated `registry.mirrors` table is set (containerd ignores
    /// it once `config_path` is set).
    pub legacy_mirrors: bool,
}

const V2_TABLE: &str = "plugins.\"io.containerd.grpc.v1.cri\".registry";
const V3_TABLE: &str = "plugins.\"io.containerd.cri.v1.images\".registry";

/// Parses a containerd config file's text.
pub fn parse_config(text: &str) -> Result<RegistryConfig, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| one_line(&e))?;
    let version = doc.get("version").and_then(toml::Value::as_integer);
    let (plugin, table) = match version {
        Some(3) => ("io.containerd.cri.v1.images", V3_TABLE),
        Some(1) | Some(2) | None => ("io.containerd.grpc.v1.cri", V2_TABLE),
        Some(v) => return Err(format!("config version {v} is not one containerd reads")),
    };
    let registry = doc
        .get("plugins")
        .and_then(|p| p.get(plugin))
        .and_then(|p| p.get("registry"));
    let config_path = registry
        .and_then(|r| r.get("config_path"))
        .and_then(toml::Value::as_str)
        .map(|p| {
            p.split(':')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default();
    let legacy_mirrors = registry
        .and_then(|r| r.get("mirrors"))
        .and_then(toml::Value::as_table)
        .is_some_and(|t| !t.is_empty());
    Ok(RegistryConfig {
        version,
        config_path,
        table,
        legacy_mirrors,
    })
}

/// A TOML error on one line (its message spans several, with a caret).
fn one_line(e: &toml::de::Error) -> String {
    let mut s = e.message().to_owned();
    if let Some(span) = e.span() {
        s.push_str(&format!(" (at byte {})", span.start));
    }
    s
}

/// Where containerd finds `host`'s configuration: the root of `config_path`
/// it was found under, and the directory itself (`<root>/<host>` or
/// `<root>/_default`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostDir {
    pub root: PathBuf,
    pub dir: PathBuf,
    pub default: bool,
}

/// `host` is `name` or `name:port`, as the image reference names it.
pub fn host_dir(config_path: &[PathBuf], host: &str) -> Option<HostDir> {
    for root in config_path {
        let dir = root.join(host);
        if dir.is_dir() {
            return Some(HostDir {
                root: root.clone(),
                dir,
                default: false,
            });
        }
    }
    for root in config_path {
        let dir = root.join("_default");
        if dir.is_dir() {
            return Some(HostDir {
                root: root.clone(),
                dir,
                default: true,
            });
        }
    }
    None
}

/// One host containerd may send the registry's requests to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Host {
    /// `https://mirror.example:5000` (a scheme-less name gets `https://`).
    pub url: String,
    /// `server`, tried last; the others are mirrors.
    pub server: bool,
    pub capabilities: Vec<String>,
    pub skip_verify: bool,
    /// CA files (relative ones are under the host directory).
    pub ca: Vec<PathBuf>,
    pub override_path: bool,
}

impl Host {
    /// `host:port` to connect to.
    pub fn authority(&self) -> Option<(String, u16)> {
        let u = url::Url::parse(&self.url).ok()?;
        let host = u.host_str()?.trim_matches(['[', ']']).to_owned();
        Some((host, u.port_or_known_default()?))
    }

    pub fn describe(&self) -> String {
        let mut parts = vec![if self.server { "server" } else { "mirror" }.to_owned()];
        if !self.capabilities.is_empty() {
            parts.push(self.capabilities.join("+"));
        }
        for ca in &self.ca {
            parts.push(format!("CA {}", ca.display()));
        }
        if self.skip_verify {
            parts.push("skip_verify".into());
        }
        if self.override_path {
            parts.push("override_path".into());
        }
        format!("{} ({})", self.url, parts.join(", "))
    }
}

/// The hosts containerd tries for `host`, in order, from `dir/hosts.toml`;
/// with no such file, the registry itself.
pub fn hosts(dir: &Path, host: &str) -> Result<Vec<Host>, String> {
    let file = dir.join("hosts.toml");
    let text = match read_limited_string(&file, SMALL_FILE_LIMIT) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(vec![default_server(host)]);
        }
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    parse_hosts(&text, dir, host).map_err(|e| format!("{}: {e}", file.display()))
}

fn default_server(host: &str) -> Host {
    Host {
        url: format!("https://{host}"),
        server: true,
        capabilities: vec!["pull".into(), "resolve".into(), "push".into()],
        ..Host::default()
    }
}

/// Parses `hosts.toml`'s text; `dir` resolves relative CA paths.
pub fn parse_hosts(text: &str, dir: &Path, host: &str) -> Result<Vec<Host>, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| one_line(&e))?;
    let mut out = Vec::new();
    if let Some(table) = doc.get("host") {
        let table = table
            .as_table()
            .ok_or_else(|| "`host` must be a table of hosts".to_owned())?;
        for (url, cfg) in table {
            let cfg = cfg
                .as_table()
                .ok_or_else(|| format!("host '{url}' must be a table"))?;
            out.push(entry(url, cfg, dir, false)?);
        }
    }
    let server = match doc.get("server") {
        Some(s) => {
            let s = s
                .as_str()
                .ok_or_else(|| "`server` must be a string".to_owned())?;
            entry(s, &doc, dir, true)?
        }
        None => Host {
            // The top-level settings apply to the default server too.
            ..entry(&format!("https://{host}"), &doc, dir, true)?
        },
    };
    out.push(server);
    Ok(out)
}

fn entry(url: &str, cfg: &toml::Table, dir: &Path, server: bool) -> Result<Host, String> {
    let url = if url.contains("://") {
        url.trim_end_matches('/').to_owned()
    } else {
        format!("https://{}", url.trim_end_matches('/'))
    };
    if url::Url::parse(&url)
        .map(|u| u.host_str().is_none())
        .unwrap_or(true)
    {
        return Err(format!("'{url}' is not a host URL"));
    }
    let strings = |key: &str| -> Result<Vec<String>, String> {
        match cfg.get(key) {
            None => Ok(vec![]),
            Some(toml::Value::String(s)) => Ok(vec![s.clone()]),
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("{key} of '{url}' must hold strings"))
                })
                .collect(),
            Some(_) => Err(format!("{key} of '{url}' must be a string or a list")),
        }
    };
    let boolean = |key: &str| -> Result<bool, String> {
        match cfg.get(key) {
            None => Ok(false),
            Some(toml::Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(format!("{key} of '{url}' must be true or false")),
        }
    };
    let mut capabilities = strings("capabilities")?;
    if capabilities.is_empty() {
        capabilities = vec!["pull".into(), "resolve".into(), "push".into()];
    }
    let ca = strings("ca")?
        .into_iter()
        .map(|c| {
            let p = PathBuf::from(c);
            if p.is_absolute() { p } else { dir.join(p) }
        })
        .collect();
    let skip_verify = boolean("skip_verify")?;
    let override_path = boolean("override_path")?;
    Ok(Host {
        url,
        server,
        capabilities,
        skip_verify,
        ca,
        override_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_path_by_version() {
        let v2 = parse_config(
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\nconfig_path = \"/etc/containerd/certs.d:/etc/docker/certs.d\"\n",
        )
        .unwrap();
        assert_eq!(v2.version, Some(2));
        assert_eq!(
            v2.config_path,
            [
                PathBuf::from("/etc/containerd/certs.d"),
                PathBuf::from("/etc/docker/certs.d")
            ]
        );
        let none = parse_config(
            "[plugins.\"io.containerd.grpc.v1.cri\".registry]\nconfig_path = \"/a\"\n",
        )
        .unwrap();
        assert_eq!(none.config_path, [PathBuf::from("/a")]);
        let v3 = parse_config(
            "version = 3\n[plugins.\"io.containerd.cri.v1.images\".registry]\nconfig_path = \"/b\"\n[plugins.\"io.containerd.grpc.v1.cri\".registry]\nconfig_path = \"/not-this\"\n",
        )
        .unwrap();
        assert_eq!(v3.config_path, [PathBuf::from("/b")]);
        assert!(parse_config("version = 2\n[plugins").is_err());
        let legacy = parse_config(
            "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".registry.mirrors.\"docker.io\"]\nendpoint = [\"https://m\"]\n",
        )
        .unwrap();
        assert!(legacy.legacy_mirrors && legacy.config_path.is_empty());
    }

    #[test]
    fn hosts_in_file_order_then_server() {
        let text = r#"
server = "https://reg.example"
[host."https://zz-mirror.example:5000"]
  capabilities = ["pull", "resolve"]
  ca = "ca.pem"
[host."aa-mirror.example"]
  capabilities = ["pull"]
  skip_verify = true
"#;
        let hosts = parse_hosts(text, Path::new("/d"), "reg.example").unwrap();
        let urls: Vec<&str> = hosts.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://zz-mirror.example:5000",
                "https://aa-mirror.example",
                "https://reg.example"
            ]
        );
        assert_eq!(hosts[0].ca, [PathBuf::from("/d/ca.pem")]);
        assert!(hosts[1].skip_verify && hosts[2].server);
        assert_eq!(
            hosts[0].authority(),
            Some(("zz-mirror.example".into(), 5000))
        );
        // No server line: the registry itself, last.
        let hosts = parse_hosts("", Path::new("/d"), "r.example:444").unwrap();
        assert_eq!(hosts[0].url, "https://r.example:444");
        assert!(parse_hosts("[host]\nx = 1\n", Path::new("/d"), "r").is_err());
    }

    #[test]
    fn host_directories() {
        let root = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let roots = [root.path().to_path_buf(), other.path().to_path_buf()];
        assert_eq!(host_dir(&roots, "r.example:5000"), None);
        std::fs::create_dir(other.path().join("_default")).unwrap();
        assert!(host_dir(&roots, "r.example:5000").unwrap().default);
        std::fs::create_dir(other.path().join("r.example:5000")).unwrap();
        let found = host_dir(&roots, "r.example:5000").unwrap();
        assert_eq!(found.root, other.path());
        assert!(!found.default);
    }
}
