//! The Azure CLI's own configuration: where its directory is, and its INI
//! files (`config`, `clouds.config`) read the way az reads them. The one
//! reader of az's configuration; `cloud` and `az_files` both use it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::sys::env::Env;

/// A tiny INI reader: `[section]` and `key = value`, enough for az's files.
pub fn parse_ini(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_owned();
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.entry(section.clone())
                .or_default()
                .insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    out
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

    #[test]
    fn ini_sections_and_keys() {
        let ini =
            parse_ini("# c\n[Cloud]\nName = AzureChinaCloud\n; x\n[core]\nonly_show_errors=true\n");
        assert_eq!(ini["Cloud"]["name"], "AzureChinaCloud");
        assert_eq!(ini["core"]["only_show_errors"], "true");
    }
}
