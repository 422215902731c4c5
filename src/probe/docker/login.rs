//! Docker's stored login for a login server (docs/environment.md, "Docker's
//! stored login"): which credential a `docker pull` from the registry would
//! send, found by the docker CLI's own rules, in its order:
//!
//! 1. `DOCKER_AUTH_CONFIG` (docker 28.3+): reported as set, never read;
//! 2. `credHelpers`, the exact host as key;
//! 3. `credsStore`;
//! 4. `auths`, the exact key, then any key that names the host once its
//!    scheme and path are cut (`https://myreg.azurecr.io/v1/`).
//!
//! Reads files only (it runs under `--skip docker` too), and never holds a
//! secret: the config is deserialized into structs that have no field for
//! `auth`, `identitytoken`, `registrytoken` or `password` (only whether one
//! is there), nothing is base64-decoded, and the file is read up to a cap.
//! A credential helper runs only with `--docker-login`, and then only
//! `docker-credential-<name> list` (hosts and user names, no secret).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::sanitize::shown;
use crate::probe::docker::program;
use crate::probe::registry::context::Resolved;
use crate::probe::settings::DockerSettings;
use crate::sys::env::Env;
use crate::sys::process;

/// A config file larger than this is not read (docker's are a few KiB).
pub const CONFIG_CAP: u64 = 1024 * 1024;

/// Whether a secret-bearing field is there and not empty. The value passes
/// through the visitor and is dropped: it is never stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Present(pub bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seen;
        impl<'de> Visitor<'de> for Seen {
            type Value = Present;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Present, E> {
                Ok(Present(!v.is_empty()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Present, E> {
                Ok(Present(false))
            }
            fn visit_none<E: de::Error>(self) -> Result<Present, E> {
                Ok(Present(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Present, E> {
                Ok(Present(true))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Present, A::Error> {
                while a.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Present(true))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Present, A::Error> {
                while a.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Present(true))
            }
        }
        d.deserialize_any(Seen)
    }
}

/// One `auths` entry: which kinds of credential it carries, never their
/// values (each field is only "there and not empty").
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuthEntry {
    #[serde(rename = "auth", default)]
    pub has_auth: Present,
    #[serde(rename = "password", default)]
    pub has_password: Present,
    #[serde(rename = "identitytoken", default)]
    pub has_identity_token: Present,
    #[serde(rename = "registrytoken", default)]
    pub has_registry_token: Present,
}

impl AuthEntry {
    fn holds_credential(&self) -> bool {
        self.has_auth.0
            || self.has_password.0
            || self.has_identity_token.0
            || self.has_registry_token.0
    }

    fn kind(&self) -> &'static str {
        if self.has_identity_token.0 {
            "an identity token (as az acr login stores it)"
        } else if self.has_registry_token.0 {
            "a registry token"
        } else if self.has_auth.0 || self.has_password.0 {
            "a user name and password"
        } else {
            "no credential (an empty entry)"
        }
    }
}

/// The parts of docker's `config.json` (or podman's `auth.json`) we read.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DockerConfig {
    #[serde(default)]
    pub auths: BTreeMap<String, AuthEntry>,
    #[serde(rename = "credsStore", default)]
    pub creds_store: Option<String>,
    #[serde(rename = "credHelpers", default)]
    pub cred_helpers: BTreeMap<String, String>,
    #[serde(rename = "currentContext", default)]
    pub current_context: Option<String>,
}

/// Which client's files to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Docker,
    Podman,
}

impl Client {
    /// Podman when the client that runs is podman (by its file name).
    pub fn of(env: &Env) -> Self {
        match program::resolve(env) {
            Ok(p) if program::is_podman(&p.path) => Client::Podman,
            _ => Client::Docker,
        }
    }
}

/// docker's config file: `$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json`.
pub fn docker_config_path(env: &Env) -> Option<PathBuf> {
    match env.get("DOCKER_CONFIG") {
        Some(dir) => Some(Path::new(dir).join("config.json")),
        None => env.home().map(|h| h.join(".docker").join("config.json")),
    }
}

/// podman's auth file, as containers-auth.json(5) orders them:
/// `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
/// `$XDG_CONFIG_HOME/containers/auth.json` (`~/.config/…`), then docker's.
fn podman_auth_paths(env: &Env) -> Vec<PathBuf> {
    if let Some(f) = env.get("REGISTRY_AUTH_FILE") {
        return vec![PathBuf::from(f)];
    }
    let mut paths = Vec::new();
    if let Some(run) = env.get("XDG_RUNTIME_DIR") {
        paths.push(Path::new(run).join("containers/auth.json"));
    }
    match env.get("XDG_CONFIG_HOME") {
        Some(c) => paths.push(Path::new(c).join("containers/auth.json")),
        None => paths.extend(env.home().map(|h| h.join(".config/containers/auth.json"))),
    }
    paths.extend(docker_config_path(env));
    paths
}

/// Why the config could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    Missing,
    TooLarge,
    Unreadable(String),
    /// Not JSON of the expected shape; only the position is kept (serde's
    /// messages can quote the value, which may be a credential).
    Invalid {
        line: usize,
        column: usize,
    },
}

/// Reads and parses a config file, at most `CONFIG_CAP` bytes of it.
pub fn read_config(path: &Path) -> Result<DockerConfig, ConfigProblem> {
    let bytes = match crate::sys::files::read_limited(path, CONFIG_CAP) {
        Ok(b) => b,
        Err(e) => {
            return Err(match e.kind() {
                std::io::ErrorKind::NotFound => ConfigProblem::Missing,
                std::io::ErrorKind::FileTooLarge => ConfigProblem::TooLarge,
                // An OS error by its kind ("permission denied"); a path
                // that is no file as said ("is a FIFO, not a file").
                kind if e.raw_os_error().is_some() => ConfigProblem::Unreadable(kind.to_string()),
                _ => ConfigProblem::Unreadable(e.to_string()),
            });
        }
    };
    serde_json::from_slice(&bytes).map_err(|e| ConfigProblem::Invalid {
        line: e.line(),
        column: e.column(),
    })
}

/// docker's `ConvertToHostname`: the key without `http://` / `https://`
/// and without anything from the first `/`.
pub fn key_host(key: &str) -> &str {
    let k = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    k.split('/').next().unwrap_or(k)
}

/// Where docker gets the credential for one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `credHelpers[host]` or `credsStore`: `docker-credential-<name>`.
    Helper {
        name: String,
        from: &'static str,
    },
    /// An `auths` entry; `key` differs from the host when matched after
    /// cutting scheme and path.
    Auths {
        key: String,
        exact: bool,
    },
    None,
}

/// docker's lookup for `host` (`host[:port]`, as docker keys it).
pub fn lookup(config: &DockerConfig, host: &str, client: Client) -> Source {
    if let Some(name) = config.cred_helpers.get(host).filter(|n| !n.is_empty()) {
        return Source::Helper {
            name: name.clone(),
            from: "credHelpers",
        };
    }
    // containers/image has no credsStore; docker does.
    if client == Client::Docker
        && let Some(name) = config.creds_store.as_ref().filter(|n| !n.is_empty())
    {
        return Source::Helper {
            name: name.clone(),
            from: "credsStore",
        };
    }
    if config.auths.contains_key(host) {
        return Source::Auths {
            key: host.to_owned(),
            exact: true,
        };
    }
    if let Some(key) = config.auths.keys().find(|k| key_host(k) == host) {
        return Source::Auths {
            key: key.clone(),
            exact: false,
        };
    }
    Source::None
}

/// Keys docker will not match with `host` although they mean it: capitals
/// (docker compares exactly) or `:443` (docker keeps the port).
pub fn near_misses(config: &DockerConfig, host: &str) -> Vec<(String, &'static str)> {
    let keys = config
        .auths
        .keys()
        .map(|k| (k, "auths"))
        .chain(config.cred_helpers.keys().map(|k| (k, "credHelpers")));
    let mut out = Vec::new();
    for (key, map) in keys {
        let h = key_host(key);
        if h == host {
            // Only `auths` keys are matched with their scheme and path cut.
            if map == "credHelpers" && key != host {
                out.push((
                    format!("the credHelpers key '{}' has a scheme or path: docker looks helpers up by the exact host '{host}'", shown(key, 120)),
                    map,
                ));
            }
            continue;
        }
        let lower = h.to_ascii_lowercase();
        if lower == host {
            out.push((
                format!("the {map} key '{}' has capital letters: docker compares keys exactly and looks up '{host}'", shown(key, 120)),
                map,
            ));
        } else if lower.strip_suffix(":443") == Some(host) {
            out.push((
                format!("the {map} key '{}' names port 443: docker keeps the port and looks up '{host}'", shown(key, 120)),
                map,
            ));
        }
    }
    out
}

/// Where the config file stands.
enum Located {
    /// No HOME (nor DOCKER_CONFIG) to look in.
    NoHome,
    /// None of the candidates exists; the first is the one docker would write.
    Missing(PathBuf),
    Unusable(PathBuf, String),
    Read(PathBuf, DockerConfig),
}

/// One registry's `registry.docker_login` step.
pub struct DockerLoginProbe {
    pub settings: Arc<DockerSettings>,
    pub client: Client,
}

impl Probe for DockerLoginProbe {
    type Needs = Handle<Resolved>;
    type Output = ();
    fn run(&self, resolved: Arc<Resolved>) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move { self.check(&resolved.login_server.display()).await.into() })
    }
}

impl DockerLoginProbe {
    async fn check(&self, host: &str) -> Vec<Finding> {
        let mut findings = match self.locate() {
            Located::NoHome => vec![Finding::info(format!(
                "Docker login for {host}: none found (no HOME or DOCKER_CONFIG to find the config file in)"
            ))],
            Located::Missing(path) => vec![Finding::info(format!(
                "Docker login for {host}: none stored ({} does not exist), so docker pulls anonymously",
                path.display()
            ))],
            Located::Unusable(path, why) => vec![Finding::warning(format!(
                "Docker login for {host}: {} was not read: {why}",
                path.display()
            ))],
            Located::Read(path, config) => {
                self.report(host, &config, &path.display().to_string())
                    .await
            }
        };
        if self.client == Client::Docker
            && self.settings.tool.env.get("DOCKER_AUTH_CONFIG").is_some()
        {
            findings.insert(
                1,
                Finding::info(
                    "DOCKER_AUTH_CONFIG is set: docker 28.3 and later read logins from it before the config file, so a login it holds for this registry wins over what follows (its value is not read)",
                ),
            );
        }
        findings.into_iter().map(Finding::beyond_az).collect()
    }

    /// The file the client reads: the first of its candidates that exists.
    fn locate(&self) -> Located {
        let env = &self.settings.tool.env;
        let paths = match self.client {
            Client::Docker => docker_config_path(env).into_iter().collect(),
            Client::Podman => podman_auth_paths(env),
        };
        let Some(first) = paths.first() else {
            return Located::NoHome;
        };
        for path in &paths {
            let why = match read_config(path) {
                Ok(config) => return Located::Read(path.clone(), config),
                Err(ConfigProblem::Missing) => continue,
                Err(ConfigProblem::TooLarge) => {
                    format!("it is larger than {} KiB", CONFIG_CAP / 1024)
                }
                Err(ConfigProblem::Unreadable(e)) => format!("it cannot be read ({e})"),
                Err(ConfigProblem::Invalid { line, column }) => format!(
                    "it is not the JSON docker expects (line {line}, column {column}); docker warns and ignores it"
                ),
            };
            return Located::Unusable(path.clone(), why);
        }
        Located::Missing(first.clone())
    }

    /// What docker's lookup finds for `host` in `config` (read from `shown`),
    /// then what it will not match.
    async fn report(&self, host: &str, config: &DockerConfig, shown: &str) -> Vec<Finding> {
        let mut findings = match lookup(config, host, self.client) {
            Source::Helper { name, from } => self.helper(host, config, shown, &name, from).await,
            Source::Auths { key, exact } => {
                let entry = &config.auths[&key];
                let how = if exact {
                    String::new()
                } else {
                    format!(
                        " under the key '{}' (docker cuts the scheme and path, so it matches)",
                        crate::guard::sanitize::shown(&key, 120)
                    )
                };
                let line = Finding::info(format!(
                    "Docker login for {host}: {} in {shown}{how}",
                    entry.kind()
                ));
                if entry.holds_credential() {
                    vec![line]
                } else {
                    vec![line.detail("docker pulls anonymously")]
                }
            }
            Source::None => vec![Finding::info(format!(
                "Docker login for {host}: none stored in {shown}, so docker pulls anonymously"
            ))],
        };
        for (miss, _) in near_misses(config, host) {
            findings.push(Finding::warning(format!("Docker login for {host}: {miss}")));
        }
        findings
    }

    /// A credential helper applies: is it there, what does it hold (with
    /// `--docker-login`), and which `auths` entries does it make dead.
    async fn helper(
        &self,
        host: &str,
        config: &DockerConfig,
        shown: &str,
        name: &str,
        from: &str,
    ) -> Vec<Finding> {
        let program = format!("docker-credential-{name}");
        let line = Finding::info(format!(
            "Docker login for {host}: credential helper {program} ({from} in {shown})"
        ));
        let mut findings = match process::find(&program, &self.settings.tool.env) {
            Err(e) => vec![line, Finding::warning(format!(
                "{program} is not usable ({e}): docker cannot read the login for {host} and fails the pull; install it or remove '{from}' from {shown}"
            ))],
            Ok(helper) if self.settings.run_helper => {
                vec![line, self.list(&helper, &program, host).await]
            }
            Ok(_) => vec![line.detail(format!(
                "pass --docker-login to ask {program} which logins it holds (it is not run otherwise)"
            ))],
        };
        // docker login writes an empty `auths` entry beside a helper; one
        // that carries a credential is never read.
        for (key, entry) in &config.auths {
            if key_host(key) == host && entry.holds_credential() {
                findings.push(Finding::warning(format!(
                    "The auths entry '{}' in {shown} holds {} that docker never uses: the helper takes precedence for {host}",
                    crate::guard::sanitize::shown(key, 120),
                    entry.kind()
                )));
            }
        }
        findings
    }

    /// `docker-credential-<name> list`: hosts to user names. Stdin closed,
    /// the step timeout, output capped, sanitised and never logged.
    async fn list(&self, helper: &process::Program, program: &str, host: &str) -> Finding {
        let out = match process::run(
            helper,
            &["list"],
            &self.settings.tool.env,
            self.settings.tool.timeout,
        )
        .await
        {
            Ok(out) => out,
            Err(e) => {
                return Finding::warning(format!("{program} list could not start: {}", e.kind()));
            }
        };
        if out.timed_out {
            return Finding::warning(format!(
                "{program} list did not answer within {}; it was stopped",
                humantime::format_duration(self.settings.tool.timeout)
            ));
        }
        if !out.success() {
            let said = shown(out.stderr.lines().next().unwrap_or(""), 200);
            return Finding::warning(format!("{program} list failed: {said}"));
        }
        let Ok(listed) = serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&out.stdout)
        else {
            return Finding::warning(format!(
                "{program} list did not print the JSON object helpers print"
            ));
        };
        let found = listed
            .iter()
            .find(|(k, _)| k.as_str() == host)
            .or_else(|| listed.iter().find(|(k, _)| key_host(k) == host));
        match found {
            Some((_, user)) => {
                let user = user.as_str().map(|u| shown(u, 100)).unwrap_or_default();
                Finding::info(format!(
                    "{program} holds a login for {host} (user '{user}')"
                ))
            }
            None => Finding::warning(format!(
                "{program} holds no login for {host} ({} other hosts): docker pulls anonymously; run az acr login or docker login",
                listed.len()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> DockerConfig {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn docker_order_helpers_then_store_then_auths() {
        let c = config(
            r#"{"auths":{"r.azurecr.io":{"auth":"Y2FuYXJ5"},"https://s.azurecr.io/v1/":{}},
                "credsStore":"desktop","credHelpers":{"r.azurecr.io":"acr-env"}}"#,
        );
        assert_eq!(
            lookup(&c, "r.azurecr.io", Client::Docker),
            Source::Helper {
                name: "acr-env".into(),
                from: "credHelpers"
            }
        );
        assert_eq!(
            lookup(&c, "s.azurecr.io", Client::Docker),
            Source::Helper {
                name: "desktop".into(),
                from: "credsStore"
            }
        );
        // podman has no credsStore.
        assert_eq!(
            lookup(&c, "s.azurecr.io", Client::Podman),
            Source::Auths {
                key: "https://s.azurecr.io/v1/".into(),
                exact: false
            }
        );
        let c = config(r#"{"auths":{"r.azurecr.io":{}, "https://r.azurecr.io":{}}}"#);
        assert_eq!(
            lookup(&c, "r.azurecr.io", Client::Docker),
            Source::Auths {
                key: "r.azurecr.io".into(),
                exact: true
            }
        );
        assert_eq!(lookup(&c, "x.azurecr.io", Client::Docker), Source::None);
    }

    #[test]
    fn capitals_and_port_443_are_near_misses() {
        let c =
            config(r#"{"auths":{"R.AzureCR.io":{},"r.azurecr.io:443":{},"r.azurecr.io:5000":{}}}"#);
        let misses = near_misses(&c, "r.azurecr.io");
        assert_eq!(misses.len(), 2, "{misses:?}");
        assert!(misses[0].0.contains("capital letters"));
        assert!(misses[1].0.contains("port 443"));
    }

    #[test]
    fn secrets_are_never_held() {
        let c = config(
            r#"{"auths":{"r":{"auth":"c2VjcmV0","identitytoken":"CANARY-IDT","registrytoken":"","password":"CANARY-PW","username":"u"}}}"#,
        );
        let e = &c.auths["r"];
        assert_eq!(
            (
                e.has_auth,
                e.has_identity_token,
                e.has_registry_token,
                e.has_password
            ),
            (Present(true), Present(true), Present(false), Present(true))
        );
        // Nothing of the values survives in the parsed config.
        let debug = format!("{c:?}");
        for s in ["c2VjcmV0", "CANARY"] {
            assert!(!debug.contains(s), "{debug}");
        }
        assert_eq!(key_host("https://r.azurecr.io/v2/x"), "r.azurecr.io");
        assert_eq!(key_host("r.azurecr.io"), "r.azurecr.io");
    }

    #[test]
    fn oversized_and_invalid_files() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; CONFIG_CAP as usize + 10]).unwrap();
        assert_eq!(read_config(&big).unwrap_err(), ConfigProblem::TooLarge);
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"auths": "c2VjcmV0"}"#).unwrap();
        assert!(matches!(
            read_config(&bad).unwrap_err(),
            ConfigProblem::Invalid { .. }
        ));
        assert_eq!(
            read_config(&dir.path().join("none")).unwrap_err(),
            ConfigProblem::Missing
        );
    }
}
