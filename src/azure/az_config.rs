//! The Azure CLI's own configuration: where its directory is, and its INI
//! files (`config`, `clouds.config`) read the way az reads them. The one
//! reader of az's configuration: `AzConfig` reads `config` once per run and
//! answers with az's precedence (an `AZURE_<SECTION>_<KEY>` variable wins over
//! the file, as knack's `CLIConfig.get` has it); `cloud` and `az_files` use
//! the INI parser for the files beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::sys::env::Env;

/// The parsed sections of an INI file: section name (as written: Python's
/// `configparser` keeps its case) to keys (lower-cased, as its
/// `optionxform` does) and values.
pub type Ini = BTreeMap<String, BTreeMap<String, String>>;

/// A tiny INI reader with Python `configparser`'s rules, enough for az's
/// files: `[section]`; `key = value` or `key: value` (split at the first
/// `=` or `:`); `#` and `;` comment lines; an indented line continues the
/// value before it; keys lower-cased, section names and values kept.
pub fn parse_ini(text: &str) -> Ini {
    let mut out: Ini = BTreeMap::new();
    let mut section = String::new();
    let mut last_key: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t'])
            && let Some(key) = &last_key
        {
            if let Some(value) = out.get_mut(&section).and_then(|s| s.get_mut(key)) {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_owned();
            last_key = None;
            continue;
        }
        if let Some(at) = line.find(['=', ':']) {
            let key = line[..at].trim().to_ascii_lowercase();
            out.entry(section.clone())
                .or_default()
                .insert(key.clone(), line[at + 1..].trim().to_owned());
            last_key = Some(key);
        }
    }
    out
}

/// knack's boolean spellings (`CLIConfig._BOOLEAN_STATES`), any case. None
/// for anything else (az itself stops with "Not a boolean" there).
fn boolean(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "on" => Some(true),
        "0" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// az's configuration as one run sees it: `$AZURE_CONFIG_DIR/config` (else
/// `~/.azure/config`), read once, and the `AZURE_<SECTION>_<KEY>` variables
/// that override it. Typed getters for what acr-health reads; see
/// docs/compatibility.md ("az's configuration").
#[derive(Clone, Debug, Default)]
pub struct AzConfig {
    dir: Option<PathBuf>,
    /// Whether `config` was there to read.
    file_read: bool,
    /// `config` is there but could not be read: the sentence saying so.
    unread: Option<String>,
    ini: Ini,
    env: Env,
}

impl AzConfig {
    /// Reads `config` in az's config dir (a missing or unreadable file is an
    /// empty one, as for az). `ACR_HEALTH_AZ_FILES=0` does not apply here: it
    /// turns off reading az's credentials, not its settings.
    pub fn load(env: &Env) -> AzConfig {
        let dir = azure_config_dir(env);
        let mut unread = None;
        let text = dir.as_ref().and_then(|d| {
            let path = d.join("config");
            match crate::sys::files::read_limited_string(&path, crate::sys::files::SMALL_FILE_LIMIT)
            {
                Ok(text) => Some(text),
                Err(e) => {
                    unread = unreadable(&path, &e).map(|why| {
                        format!("{why}; none of its settings (the cloud, defaults) apply")
                    });
                    None
                }
            }
        });
        AzConfig {
            unread,
            file_read: text.is_some(),
            ini: text.as_deref().map(parse_ini).unwrap_or_default(),
            dir,
            env: env.clone(),
        }
    }

    /// az's config dir, whether or not it exists.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Whether the `config` file was there.
    pub fn file_read(&self) -> bool {
        self.file_read
    }

    /// `config` is there but could not be read (a FIFO, a directory, too
    /// large, no permission): the warning that says so, naming the path.
    pub fn unread(&self) -> Option<&str> {
        self.unread.as_deref()
    }

    /// One setting, as knack's `CLIConfig.get` finds it: the variable
    /// `AZURE_<SECTION>_<KEY>` when it is set at all (even empty), else the
    /// file's `[section] key` (or `[DEFAULT] key`, for a section that
    /// exists), else None.
    pub fn get(&self, section: &str, key: &str) -> Option<String> {
        let var = format!(
            "AZURE_{}_{}",
            section.to_ascii_uppercase(),
            key.to_ascii_uppercase()
        );
        if let Some(v) = self.env.get_raw(&var) {
            return Some(v.to_owned());
        }
        let key = key.to_ascii_lowercase();
        let found = self.ini.get(section)?;
        found
            .get(&key)
            .or_else(|| self.ini.get("DEFAULT").and_then(|d| d.get(&key)))
            .cloned()
    }

    /// A non-empty setting (az treats an empty configured default as none).
    fn non_empty(&self, section: &str, key: &str) -> Option<String> {
        self.get(section, key).filter(|v| !v.is_empty())
    }

    /// `defaults.acr`: the registry `-n` stands for when it is not given
    /// (`az configure --defaults acr=NAME`).
    pub fn default_registry(&self) -> Option<String> {
        self.non_empty("defaults", "acr")
    }

    /// `defaults.subscription`: `--subscription` when it is not given. az
    /// takes it as typed (a name or an id, not resolved at parse time).
    pub fn default_subscription(&self) -> Option<String> {
        self.non_empty("defaults", "subscription")
    }

    /// `core.only_show_errors`: print errors only, no `WARNING:` lines.
    /// A value knack does not read as a boolean counts as off.
    pub fn only_show_errors(&self) -> bool {
        self.get("core", "only_show_errors")
            .and_then(|v| boolean(&v))
            .unwrap_or(false)
    }

    /// `acr.audience_resource`: the audience of the Entra ID token traded at
    /// the registry's `/oauth2/exchange`, as the acr module's
    /// `_docker_utils.py` (`_resolve_acr_scope`) reads it: used as given when
    /// it starts with `https://` (that case only), else taken as a name under
    /// `azure.net` (`containerregistry` → `https://containerregistry.azure.net`);
    /// nothing is trimmed (the file's INI reader strips a value's ends, a
    /// variable is taken whole). None when unset or empty: the standard
    /// registry audience applies.
    pub fn registry_audience(&self) -> Option<String> {
        let v = self.non_empty("acr", "audience_resource")?;
        if v.starts_with("https://") {
            Some(v)
        } else {
            Some(format!("https://{v}.azure.net"))
        }
    }

    /// `cloud.name`: az's active cloud.
    pub fn cloud_name(&self) -> Option<String> {
        self.non_empty("cloud", "name")
    }

    /// `core.encrypt_token_cache`, when it is set to a boolean.
    pub fn encrypt_token_cache(&self) -> Option<bool> {
        self.get("core", "encrypt_token_cache")
            .and_then(|v| boolean(&v))
    }
}

/// A file of az's that is there but could not be read, in words naming it
/// (`az's configuration file /x/config is a FIFO, not a file, and was not
/// read`); None when it is simply not there, as az takes that too.
pub fn unreadable(path: &Path, e: &std::io::Error) -> Option<String> {
    (e.kind() != std::io::ErrorKind::NotFound).then(|| {
        format!(
            "az's configuration file {} {}, and was not read",
            path.display(),
            match e.kind() {
                std::io::ErrorKind::FileTooLarge => format!("is {e}"),
                _ if e.raw_os_error().is_some() => format!("cannot be read ({})", e.kind()),
                _ => e.to_string(),
            }
        )
    })
}

/// The Azure CLI's config dir: `AZURE_CONFIG_DIR`, else `~/.azure`
/// (`%USERPROFILE%\.azure` on Windows, where az looks).
pub fn azure_config_dir(env: &Env) -> Option<PathBuf> {
    config_dir_for(env, cfg!(windows))
}

fn config_dir_for(env: &Env, windows: bool) -> Option<PathBuf> {
    if let Some(dir) = env.get("AZURE_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    env.home_for(windows).map(|h| h.join(".azure"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `config` that is there but no readable file is said, naming it;
    /// one that is not there is nothing to say (az takes it as empty too).
    #[test]
    fn an_unreadable_config_is_named_and_a_missing_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut env = Env::empty();
        env.set("AZURE_CONFIG_DIR", dir.path().to_string_lossy());
        assert_eq!(AzConfig::load(&env).unread(), None);
        std::fs::create_dir(dir.path().join("config")).unwrap();
        let c = AzConfig::load(&env);
        assert!(!c.file_read());
        assert_eq!(
            c.unread().unwrap(),
            format!(
                "az's configuration file {} is a directory, not a file, and was not read; none of its settings (the cloud, defaults) apply",
                dir.path().join("config").display()
            )
        );
    }

    #[test]
    fn config_dir_is_under_userprofile_on_windows() {
        let mut env = Env::empty();
        env.set("HOME", "/home/u");
        env.set("USERPROFILE", r"C:\Users\u");
        assert_eq!(
            config_dir_for(&env, false),
            Some(PathBuf::from("/home/u/.azure"))
        );
        assert_eq!(
            config_dir_for(&env, true),
            Some(PathBuf::from(r"C:\Users\u").join(".azure"))
        );
        env.set("AZURE_CONFIG_DIR", "/cfg");
        assert_eq!(config_dir_for(&env, true), Some(PathBuf::from("/cfg")));
    }

    fn config(text: &str, vars: &[(&str, &str)]) -> (tempfile::TempDir, AzConfig) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config"), text).unwrap();
        let mut env = Env::empty();
        env.set("AZURE_CONFIG_DIR", dir.path().to_string_lossy());
        for (k, v) in vars {
            env.set(k, *v);
        }
        let c = AzConfig::load(&env);
        (dir, c)
    }

    #[test]
    fn variables_win_over_the_file_even_when_empty() {
        let text = "[defaults]\nacr = fromfile\n[core]\nonly_show_errors = yes\n";
        let (_d, c) = config(text, &[]);
        assert_eq!(c.default_registry().as_deref(), Some("fromfile"));
        assert!(c.only_show_errors());
        let (_d, c) = config(text, &[("AZURE_DEFAULTS_ACR", "fromenv")]);
        assert_eq!(c.default_registry().as_deref(), Some("fromenv"));
        // Set but empty: knack returns "", and an empty default is none.
        let (_d, c) = config(
            text,
            &[
                ("AZURE_DEFAULTS_ACR", ""),
                ("AZURE_CORE_ONLY_SHOW_ERRORS", "0"),
            ],
        );
        assert_eq!(c.default_registry(), None);
        assert!(!c.only_show_errors());
    }

    #[test]
    fn booleans_are_knacks() {
        for (v, want) in [
            ("True", true),
            ("on", true),
            ("1", true),
            ("no", false),
            ("maybe", false),
        ] {
            let (_d, c) = config(&format!("[core]\nonly_show_errors = {v}\n"), &[]);
            assert_eq!(c.only_show_errors(), want, "{v}");
        }
    }

    #[test]
    fn audience_is_a_url_or_a_name_under_azure_net() {
        let (_d, c) = config("[acr]\naudience_resource = containerregistry\n", &[]);
        assert_eq!(
            c.registry_audience().as_deref(),
            Some("https://containerregistry.azure.net")
        );
        let (_d, c) = config(
            "",
            &[("AZURE_ACR_AUDIENCE_RESOURCE", "https://acr.example/")],
        );
        assert_eq!(
            c.registry_audience().as_deref(),
            Some("https://acr.example/")
        );
        let (_d, c) = config("", &[]);
        assert_eq!(c.registry_audience(), None);
        // As `_resolve_acr_scope` has it: `https://` exactly, and a
        // variable's value whole (only the file's values are stripped).
        let (_d, c) = config(
            "",
            &[("AZURE_ACR_AUDIENCE_RESOURCE", "HTTPS://acr.example")],
        );
        assert_eq!(
            c.registry_audience().as_deref(),
            Some("https://HTTPS://acr.example.azure.net")
        );
        let (_d, c) = config("", &[("AZURE_ACR_AUDIENCE_RESOURCE", " acr ")]);
        assert_eq!(
            c.registry_audience().as_deref(),
            Some("https:// acr .azure.net")
        );
        let (_d, c) = config("[acr]\naudience_resource =  acr  \n", &[]);
        assert_eq!(
            c.registry_audience().as_deref(),
            Some("https://acr.azure.net")
        );
    }

    #[test]
    fn sections_keep_their_case_and_default_applies_to_existing_ones() {
        let (_d, c) = config(
            "[DEFAULT]\nacr = base\n[Defaults]\nx = 1\n[defaults]\nsubscription: My Sub\n",
            &[],
        );
        assert_eq!(c.default_registry().as_deref(), Some("base"));
        assert_eq!(c.default_subscription().as_deref(), Some("My Sub"));
        assert_eq!(c.get("acr", "audience_resource"), None, "no [acr] section");
    }

    #[test]
    fn missing_file_is_empty() {
        let mut env = Env::empty();
        env.set("AZURE_CONFIG_DIR", "/nonexistent/acr-health");
        let c = AzConfig::load(&env);
        assert!(!c.file_read());
        assert_eq!(c.cloud_name(), None);
        env.set("AZURE_CLOUD_NAME", "AzureChinaCloud");
        assert_eq!(
            AzConfig::load(&env).cloud_name().as_deref(),
            Some("AzureChinaCloud")
        );
    }

    #[test]
    fn continuation_lines_and_colons() {
        let ini = parse_ini("[s]\nk: v\n  more\nurl = https://x:1/\n");
        assert_eq!(ini["s"]["k"], "v\nmore");
        assert_eq!(ini["s"]["url"], "https://x:1/");
    }

    #[test]
    fn ini_sections_and_keys() {
        let ini =
            parse_ini("# c\n[Cloud]\nName = AzureChinaCloud\n; x\n[core]\nonly_show_errors=true\n");
        assert_eq!(ini["Cloud"]["name"], "AzureChinaCloud");
        assert_eq!(ini["core"]["only_show_errors"], "true");
    }
}
