//! Turns the parsed command line into one typed, validated `CheckOptions`
//! value that the rest of the program takes. Every rejection is a
//! `UsageError`: one line, exit status 2.

use std::fmt;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::app::cli::{CheckArgs, CloudName, ColorChoice, OutputFormat, SkipWhat};
use crate::azure::az_config::AzConfig;
use crate::azure::cloud::Cloud;
use crate::azure::credential::source::CredentialSettings;
use crate::azure::node_config::{DEFAULT_NODE_CONFIG, NodeConfig};
use crate::guard::secret::Secret;
use crate::net::endpoint::{InsecureEndpoint, Origin, Refusal};
use crate::plan::profile::Profile;
use crate::plan::settings::{PlanSettings, Skip};
use crate::probe::docker::daemon::pull_image;
use crate::probe::node::settings::NodeSettings;
use crate::probe::settings::RegistryTarget;
use crate::probe::settings::{DockerSettings, RegistrySettings, ToolSettings};
use crate::sys::files::{CA_FILE_LIMIT, STDIN_LIMIT, read_limited_any_kind};
use crate::sys::lang::Lang;
use std::sync::Arc;

/// Where `Env` lived before it moved to its own module; old paths keep working.
pub use crate::sys::env::Env;

/// Bad usage or bad input: printed as one line, exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Shown on one line: values the user typed are escaped (a newline or an
/// escape sequence in `-n` cannot add a line or drive the terminal), any
/// secret in them is scrubbed, and then each quoted value is cut to 200
/// characters, saying how long it was (a 100 KB `-n` is not echoed whole).
impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::guard::sanitize;
        f.write_str(&sanitize::cap_quoted(
            &sanitize::outside(&self.0),
            sanitize::QUOTED_MAX,
        ))
    }
}

impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> UsageError {
    UsageError(msg.into())
}

/// `-n`: a registry name, or a login server given as is.
pub fn parse_target(raw: &str) -> Result<RegistryTarget, UsageError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(usage("registry name is empty"));
    }
    if raw.contains('.') || raw.contains(':') {
        return parse_login_server(raw);
    }
    let len = raw.len();
    if !raw.chars().all(|c| c.is_ascii_alphanumeric()) || !(5..=50).contains(&len) {
        return Err(usage(format!(
            "invalid registry name '{raw}': a registry name is 5 to 50 ASCII letters and digits \
             (give a login server such as myregistry.azurecr.io to name it by host)"
        )));
    }
    Ok(RegistryTarget::Name(raw.to_ascii_lowercase()))
}

fn parse_login_server(raw: &str) -> Result<RegistryTarget, UsageError> {
    let bad = |why: &str| {
        usage(format!(
            "invalid login server '{raw}': {why} (expected HOST or HOST:PORT, e.g. myregistry.azurecr.io)"
        ))
    };
    if raw.contains("://") || raw.contains('/') {
        return Err(bad("give the host only, without scheme or path"));
    }
    let (host, port) = crate::net::host_port::split(raw).map_err(|e| bad(&e.to_string()))?;
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.is_empty() || host.len() > 253 || !host.split('.').all(valid_label) {
        return Err(bad("not a valid host name"));
    }
    Ok(RegistryTarget::LoginServer {
        host: host.to_ascii_lowercase(),
        port,
        had_capitals: host.chars().any(|c| c.is_ascii_uppercase()),
    })
}

/// True for `HOST:PORT` (digits after the last colon, no scheme or path):
/// a login server with a port, which az cannot address at all and which the
/// az dialect keeps accepting as ours (docs/compatibility.md).
fn is_host_port(raw: &str) -> bool {
    !raw.contains('/')
        && raw
            .rsplit_once(':')
            .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
}

/// What az 2.91 makes of a `-n` value before anything runs (acr
/// `_validators.py`, `validate_registry_name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzName {
    /// az's warning when it cut a login-server suffix off (printed first,
    /// even when what is left is then refused).
    pub warning: Option<String>,
    /// The registry name az goes on with, in the case it was typed; or its
    /// refusal.
    pub name: Result<String, String>,
}

/// az's `validate_registry_name` for `raw`; `cloud_suffix` is the active
/// cloud's (`.azurecr.io`), None for a cloud that defines none.
///
/// The first label is the name; a `-` in it starts a domain-name-label hash,
/// cut off with the suffix. A suffix that is not the cloud's (compared in
/// lower case) is refused, and so is a hyphen with no suffix at all. What is
/// left must be 5 to 50 ASCII letters, digits and hyphens.
pub fn az_registry_name(raw: &str, cloud_suffix: Option<&str>) -> AzName {
    use crate::engine::catalog;
    let refuse = |warning: Option<String>, why: String| AzName {
        warning,
        name: Err(why),
    };
    let bad = || catalog::az::BAD_REGISTRY_NAME.to_owned();
    let (label, suffix) = match raw.split_once('.') {
        Some((label, rest)) => (label, format!(".{rest}")),
        None => (raw, String::new()),
    };
    let hash_at = label.find('-');
    if suffix.is_empty() && hash_at.is_some() {
        return refuse(None, bad());
    }
    let (name, warning) = match cloud_suffix {
        // A cloud without a suffix: az checks the value as it is.
        None => (raw.to_owned(), None),
        Some(acr) if !suffix.is_empty() && suffix.to_lowercase() == acr => {
            let (name, cut) = match hash_at {
                Some(i) => (&label[..i], format!("{}{suffix}", &label[i..])),
                None => (label, suffix.clone()),
            };
            (
                name.to_owned(),
                Some(catalog::az_suffix_omitted(name, &cut)),
            )
        }
        Some(acr) if !suffix.is_empty() => {
            return refuse(None, catalog::az_invalid_suffix(acr));
        }
        Some(_) => (label.to_owned(), None),
    };
    let valid = (5..=50).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid {
        return refuse(warning, bad());
    }
    AzName {
        warning,
        name: Ok(name),
    }
}

/// A CA file given with `--ca-cert`, read and checked up front.
#[derive(Clone, Debug)]
pub struct CaBundle {
    pub path: PathBuf,
    pub pem: Vec<u8>,
}

/// A report file asked for with `--report-json` or `--report-junit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFile {
    /// `Json` or `Junit`.
    pub format: OutputFormat,
    pub path: PathBuf,
    /// The flag that named it, for messages.
    pub flag: &'static str,
}

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub registries: Vec<RegistryTarget>,
    pub ignore_errors: bool,
    pub yes: bool,
    pub vnet: Option<String>,
    pub repository: Option<String>,
    pub actions: Vec<String>,
    pub resource_group: Option<String>,
    pub output: OutputFormat,
    /// `--report-json`, `--report-junit`: written beside what `-o` prints.
    pub reports: Vec<ReportFile>,
    pub image: Option<String>,
    pub credentials: CredentialSettings,
    pub cloud: Option<CloudName>,
    pub timeout: Duration,
    pub pull_image: Option<String>,
    pub dns_server: Option<SocketAddr>,
    pub resolve: Vec<(String, IpAddr)>,
    pub ca_certs: Vec<CaBundle>,
    pub wait: Option<Duration>,
    /// `--deadline`: the whole run ends by then (each step still running is
    /// reported as timed out).
    pub deadline: Option<Duration>,
    /// `--parallel`: registries checked at once.
    pub parallel: usize,
    pub debug: bool,
    /// `--timings`: text output shows each check's network phases.
    pub timings: bool,
    /// `--docker-login`: the docker credential helper may run (`list` only).
    pub docker_login: bool,
    pub skip: Skip,
    pub color: ColorChoice,
    pub env: Env,
    /// az's configuration (`$AZURE_CONFIG_DIR/config` and its `AZURE_*`
    /// variables), read once for the run.
    pub az_config: AzConfig,
    /// The cloud, resolved once: `--cloud`, else az's active one.
    pub azure_cloud: Cloud,
    /// `--only-show-errors`, or, in the az dialect, `core.only_show_errors`
    /// unless `--debug` or az's `--verbose` was typed.
    pub only_show_errors: bool,
    /// What az says about the command line before anything runs, in its
    /// order (az dialect): warning lines, printed first.
    pub preamble: Vec<String>,
    /// az's refusal of the command line (az dialect): printed as its
    /// `ERROR:` line, after the preamble, and the run ends with status 1.
    pub refusal: Option<String>,
    /// `--node` (or `--node-config`): the node's config, read and checked.
    pub node: Option<Arc<NodeConfig>>,
    /// `--containerd-config`, `--credential-provider-config`,
    /// `--credential-provider-bin-dir`, as given.
    pub node_files: [Option<PathBuf>; 3],
    /// Without `--node`: a node config at the default place, which the
    /// report mentions (our formats only).
    pub suggest_node: Option<PathBuf>,
    /// The language of our own words (docs/behaviour.md §9).
    pub lang: Lang,
}

/// A test hook, documented in docs/environment.md: where the node config is
/// looked for when `--node` is given without `--node-config` (and for the
/// line that suggests `--node`); `/etc/kubernetes/azure.json` otherwise.
pub const NODE_CONFIG_DEFAULT_VARIABLE: &str = "ACR_HEALTH_NODE_CONFIG_DEFAULT";

/// `--node`'s part of the command line, checked: the node config read
/// (its secret registered as it is read), or why not.
fn node_config(args: &CheckArgs, env: &Env) -> Result<Option<Arc<NodeConfig>>, UsageError> {
    let wanted = args.node || args.node_config.is_some();
    let node_only = [
        ("--containerd-config", args.containerd_config.is_some()),
        (
            "--credential-provider-config",
            args.credential_provider_config.is_some(),
        ),
        (
            "--credential-provider-bin-dir",
            args.credential_provider_bin_dir.is_some(),
        ),
    ];
    if !wanted {
        if let Some((flag, _)) = node_only.iter().find(|(_, given)| *given) {
            return Err(usage(format!("{flag} applies with --node only")));
        }
        return Ok(None);
    }
    if args.output == OutputFormat::Az {
        return Err(usage(
            "--node checks a Kubernetes node beyond az's check-health: use it with -o text, json, markdown or junit, not -o az",
        ));
    }
    if args.username.is_some() || args.anonymous {
        return Err(usage(
            "--node checks the kubelet's identity from the node config: -u/-p and --anonymous do not apply",
        ));
    }
    let path = match &args.node_config {
        Some(p) => p.clone(),
        None => default_node_config(env),
    };
    let config = NodeConfig::load(&path, env).map_err(|e| usage(e.to_string()))?;
    Ok(Some(Arc::new(config)))
}

fn default_node_config(env: &Env) -> PathBuf {
    PathBuf::from(
        env.get(NODE_CONFIG_DEFAULT_VARIABLE)
            .filter(|p| !p.is_empty())
            .unwrap_or(DEFAULT_NODE_CONFIG),
    )
}

/// The default repository actions for `--repository` (as az asks for).
/// `--timeout` when none is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// `--timeout` when none is given with `-o az`: az sets no timeout of its own
/// (its requests wait as long as the server takes), so a slow registry must
/// still pass there; every wait stays bounded all the same.
pub const AZ_DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

pub const ALL_REPOSITORY_ACTIONS: &[&str] =
    &["pull", "push", "metadata_write", "metadata_read", "delete"];

/// The longest `--timeout`, `--wait` or `--deadline`: beyond it no run makes
/// sense, and below it no `Instant` arithmetic can overflow.
pub const MAX_DURATION: Duration = Duration::from_secs(7 * 24 * 3600);

pub fn parse_duration(flag: &str, raw: &str) -> Result<Duration, UsageError> {
    let raw = raw.trim();
    let too_long = || {
        usage(format!(
            "invalid {flag} '{raw}': more than the 7 days this tool allows"
        ))
    };
    // `--wait -5s` (taken as a value, not a flag: see cli.rs) and `-1`.
    if raw.starts_with('-') {
        return Err(usage(format!(
            "invalid {flag} '{raw}': must be positive (examples: 30s, 2m, 1m30s)"
        )));
    }
    let d = match raw.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > MAX_DURATION.as_secs_f64() => {
            return Err(too_long());
        }
        Ok(secs) if (0.0..=MAX_DURATION.as_secs_f64()).contains(&secs) => {
            Duration::from_secs_f64(secs)
        }
        Ok(_) => return Err(usage(format!("invalid {flag} '{raw}': out of range"))),
        Err(_) => humantime::parse_duration(raw).map_err(|e| {
            usage(format!(
                "invalid {flag} '{raw}': {e} (examples: 30s, 2m, 1m30s)"
            ))
        })?,
    };
    if d > MAX_DURATION {
        return Err(too_long());
    }
    if d.is_zero() {
        return Err(usage(format!(
            "invalid {flag} '{raw}': must be more than zero"
        )));
    }
    Ok(d)
}

pub fn parse_dns_server(raw: &str) -> Result<SocketAddr, UsageError> {
    let raw = raw.trim();
    if let Ok(sa) = raw.parse::<SocketAddr>() {
        return Ok(sa);
    }
    if let Ok(ip) = raw.trim_matches(['[', ']']).parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, 53));
    }
    Err(usage(format!(
        "invalid --dns-server '{raw}': expected IP or IP:PORT (e.g. 10.0.0.4, 127.0.0.1:5353, [::1]:53)"
    )))
}

pub fn parse_resolve(raw: &str) -> Result<(String, IpAddr), UsageError> {
    let bad = || {
        usage(format!(
            "invalid --resolve '{raw}': expected HOST:IP (e.g. myregistry.azurecr.io:10.0.0.5)"
        ))
    };
    let (host, ip) = raw.trim().split_once(':').ok_or_else(bad)?;
    let ip: IpAddr = ip.trim_matches(['[', ']']).parse().map_err(|_| bad())?;
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(bad());
    }
    Ok((host.to_ascii_lowercase(), ip))
}

fn read_ca(path: &Path) -> Result<CaBundle, UsageError> {
    let pem = read_limited_any_kind(path, CA_FILE_LIMIT)
        .map_err(|e| usage(format!("cannot read --ca-cert '{}': {e}", path.display())))?;
    match check_pem_certificates(&pem) {
        Ok(0) => Err(usage(format!(
            "cannot use --ca-cert '{}': no PEM certificate found in it",
            path.display()
        ))),
        Ok(_) => Ok(CaBundle {
            path: path.to_path_buf(),
            pem,
        }),
        Err(bad) => Err(usage(format!(
            "cannot use --ca-cert '{}': certificate {} (line {}) is malformed: {}",
            path.display(),
            bad.index,
            bad.line,
            bad.why
        ))),
    }
}

/// Which certificate of a PEM file is broken, counted from 1, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct BadCertificate {
    pub index: usize,
    /// The line of its `-----BEGIN CERTIFICATE-----`.
    pub line: usize,
    pub why: String,
}

/// Checks every `CERTIFICATE` block of a PEM file: its base64 must decode and
/// the result must parse as an X.509 certificate. Returns how many there are.
/// Text outside the blocks (comments, other kinds of block) is ignored, as
/// every PEM reader does.
pub fn check_pem_certificates(pem: &[u8]) -> Result<usize, BadCertificate> {
    use base64::Engine as _;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = String::from_utf8_lossy(pem);
    let mut count = 0;
    let mut open: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        match &mut open {
            None if line == BEGIN => open = Some((n + 1, String::new())),
            None => {}
            Some((start, body)) => {
                if line == END {
                    count += 1;
                    let bad = |why: String| BadCertificate {
                        index: count,
                        line: *start,
                        why,
                    };
                    let der = base64::engine::general_purpose::STANDARD
                        .decode(body.as_bytes())
                        .map_err(|e| bad(format!("its base64 does not decode ({e})")))?;
                    x509_parser::parse_x509_certificate(&der)
                        .map_err(|e| bad(format!("it is not an X.509 certificate ({e})")))?;
                    open = None;
                } else if line.starts_with("-----") {
                    return Err(BadCertificate {
                        index: count + 1,
                        line: *start,
                        why: format!("no {END} before '{line}'"),
                    });
                } else {
                    body.push_str(line);
                }
            }
        }
    }
    if let Some((start, _)) = open {
        return Err(BadCertificate {
            index: count + 1,
            line: start,
            why: format!("the file ends before its {END}"),
        });
    }
    Ok(count)
}

/// An endpoint typed for this run (a flag or a variable) that may not
/// receive credentials: a usage error naming it. Whether it may is decided
/// in one place, `net::endpoint`, where the cloud is resolved.
fn typed_endpoint(e: &InsecureEndpoint) -> UsageError {
    let rule = match (e.refusal, &e.scheme) {
        (Refusal::NotHttps, Some(s)) => format!("an https:// URL, not {s}://"),
        (Refusal::NotHttps | Refusal::NotUrl, _) => "an https:// URL".into(),
        (Refusal::UserInfo, _) => "an https:// URL without a user name or password".into(),
        (Refusal::QueryOrFragment, _) => "an https:// URL without a query or fragment".into(),
    };
    usage(format!(
        "invalid {} '{}': credentials are sent there, so it must be {rule}",
        e.from, e.shown
    ))
}

/// An image reference as docker takes one (distribution's reference
/// grammar), with the registry host in front allowed: path components of
/// lower-case letters and digits joined by `.`, `_`, `__` or `-`, then a tag
/// (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`) or a digest (`sha256:` and 64 hex
/// digits, or another algorithm with 32 or more), not both. The error says
/// which part is wrong.
pub fn check_image_reference(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err("it is empty".into());
    }
    let mut rest = raw;
    // The registry host, as docker tells one: a first component with a `.`
    // or a `:`, or `localhost`.
    if let Some((first, tail)) = rest.split_once('/')
        && (first.contains('.') || first.contains(':') || first == "localhost")
    {
        rest = tail;
    }
    let (name, tag, digest) = match rest.split_once('@') {
        Some((before, digest)) => match before.rsplit_once(':') {
            Some((_, tag)) if !tag.contains('/') => {
                return Err(format!(
                    "give a tag or a digest, not both ('{tag}' and '{digest}')"
                ));
            }
            _ => (before, None, Some(digest)),
        },
        None => match rest.rsplit_once(':') {
            Some((name, tag)) if !tag.contains('/') => (name, Some(tag), None),
            _ => (rest, None, None),
        },
    };
    if name.len() > 255 {
        return Err("the repository name is longer than 255 characters".into());
    }
    let component_ok = |c: &str| {
        let bytes = c.as_bytes();
        let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
            return false;
        }
        // Separators between alphanumeric runs: `.`, `_`, `__` or dashes.
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b if alnum(b) => i += 1,
                b'.' => {
                    if !alnum(bytes[i + 1]) {
                        return false;
                    }
                    i += 1;
                }
                b'_' => {
                    let n = if bytes[i + 1] == b'_' { 2 } else { 1 };
                    if !alnum(bytes[i + n]) {
                        return false;
                    }
                    i += n;
                }
                b'-' => {
                    while bytes[i] == b'-' {
                        i += 1;
                    }
                    if !alnum(bytes[i]) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    };
    if let Some(bad) = name.split('/').find(|c| !component_ok(c)) {
        return Err(format!(
            "the repository part '{bad}' is not lower-case letters and digits joined by . _ __ or -"
        ));
    }
    if let Some(tag) = tag {
        let ok = !tag.is_empty()
            && tag.len() <= 128
            && !tag.starts_with(['.', '-'])
            && tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        if !ok {
            return Err(format!(
                "the tag '{tag}' is not 1 to 128 letters, digits, _ . - (not starting with . or -)"
            ));
        }
    }
    if let Some(digest) = digest {
        let ok = match digest.split_once(':') {
            Some(("sha256", hex)) => {
                hex.len() == 64
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            }
            Some((algorithm, hex)) => {
                !algorithm.is_empty()
                    && algorithm.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b)
                    })
                    && hex.len() >= 32
                    && hex.bytes().all(|b| b.is_ascii_hexdigit())
            }
            None => false,
        };
        if !ok {
            return Err(format!(
                "the digest '{digest}' is not sha256: and 64 lower-case hex digits"
            ));
        }
    }
    Ok(())
}

/// `--report-json` and `--report-junit`, checked before anything runs: a
/// report that could not be written would otherwise be found out only at
/// the end of the run. The directory must exist, the path must not be a
/// directory, and the two flags must name different files.
fn report_files(args: &CheckArgs) -> Result<Vec<ReportFile>, UsageError> {
    let asked = [
        ("--report-json", OutputFormat::Json, &args.report_json),
        ("--report-junit", OutputFormat::Junit, &args.report_junit),
    ];
    let mut files: Vec<ReportFile> = Vec::new();
    for (flag, format, path) in asked {
        let Some(path) = path else { continue };
        let shown = path.display().to_string();
        if path.as_os_str().is_empty() || path.file_name().is_none() {
            return Err(usage(format!("invalid {flag} '{shown}': name a file")));
        }
        if path.is_dir() {
            return Err(usage(format!(
                "invalid {flag} '{shown}': it is a directory; name a file in it"
            )));
        }
        let dir = crate::sys::atomic::directory_of(path);
        if !dir.is_dir() {
            return Err(usage(format!(
                "invalid {flag} '{shown}': the directory '{}' does not exist",
                dir.display()
            )));
        }
        if let Some(other) = files.iter().find(|f| f.path == *path) {
            return Err(usage(format!(
                "{flag} and {} name the same file '{shown}'",
                other.flag
            )));
        }
        files.push(ReportFile {
            format,
            path: path.clone(),
            flag,
        });
    }
    Ok(files)
}

const VALID_ACTIONS: &[&str] = &[
    "pull",
    "push",
    "metadata_read",
    "metadata_write",
    "delete",
    "*",
];

impl CheckOptions {
    /// Validates `args`. `stdin` is read only for `--password-stdin`.
    pub fn from_args(args: &CheckArgs, env: Env, stdin: &mut dyn Read) -> Result<Self, UsageError> {
        let az_dialect = args.output == OutputFormat::Az;
        let az_config = AzConfig::load(&env);
        // `--arm-endpoint` and `ACR_HEALTH_ARM_ENDPOINT` reach us as one
        // value (clap reads the variable): named by where it was typed.
        let arm_override = args.arm_endpoint.as_deref().map(|raw| {
            let from = if env.get("ACR_HEALTH_ARM_ENDPOINT") == Some(raw) {
                Origin::Variable("ACR_HEALTH_ARM_ENDPOINT")
            } else {
                Origin::Flag("--arm-endpoint")
            };
            (raw, from)
        });
        // The node's config decides the cloud ahead of az's (not ahead of --cloud).
        let node = node_config(args, &env)?;
        let azure_cloud = match (&node, args.cloud) {
            (Some(n), None) => {
                crate::azure::cloud::with_overrides(n.to_cloud(), arm_override, &env)
            }
            _ => crate::azure::cloud::resolve_with(
                args.cloud.map(Into::into),
                arm_override,
                &az_config,
                &env,
            ),
        };
        let suggest_node = (node.is_none() && !az_dialect)
            .then(|| default_node_config(&env))
            .filter(|p| p.is_file());
        // An endpoint typed for this run that may not receive credentials
        // is bad usage: the ARM endpoint first, then the authority. One a
        // file gave stays in the cloud, for the step that would use it.
        if let Err(e) = &azure_cloud.arm
            && e.from.typed()
        {
            return Err(typed_endpoint(e));
        }
        // `-n`, else az's configured default registry (`defaults.acr`).
        let names: Vec<String> = if args.name.is_empty() {
            az_config.default_registry().into_iter().collect()
        } else {
            args.name.clone()
        };
        let mut preamble = Vec::new();
        let mut refusal = None;
        let mut registries = Vec::new();
        for raw in &names {
            // The az dialect takes `-n` as az does; a login server with a
            // port, which az cannot name at all, stays ours.
            if !az_dialect || is_host_port(raw.trim()) {
                registries.push(parse_target(raw)?);
                continue;
            }
            let az = az_registry_name(raw, azure_cloud.acr_suffix.as_deref());
            preamble.extend(az.warning);
            match az.name {
                Ok(name) => registries.push(RegistryTarget::Name(name)),
                Err(refused) => {
                    refusal = Some(refused);
                    break;
                }
            }
        }

        // az skips the private-endpoint check for an empty `--vnet` (Python's
        // truthiness), and so does its dialect; our formats refuse one.
        let vnet = match &args.vnet {
            Some(v) if az_dialect && v.is_empty() => None,
            Some(v) if !az_dialect && v.trim().is_empty() => {
                return Err(usage(format!(
                    "invalid --vnet '{v}': give the virtual network's name or resource ID"
                )));
            }
            other => other.clone(),
        };

        // az sends `--repository` as typed (upper case and `name:tag`
        // included) and checks nothing; so does its dialect. An empty value
        // is no repository, as Python's truthiness has it.
        let repository = match &args.repository {
            Some(r) if az_dialect && r.is_empty() => None,
            other => other.clone(),
        };
        if let Some(repo) = repository.as_ref().filter(|_| !az_dialect) {
            let ok = !repo.is_empty()
                && repo.len() <= 256
                && repo
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c));
            if !ok {
                return Err(usage(format!(
                    "invalid --repository '{repo}': lower-case letters, digits and . _ - / only"
                )));
            }
        }
        for a in &args.actions {
            if !VALID_ACTIONS.contains(&a.as_str()) {
                return Err(usage(format!(
                    "invalid --actions entry '{a}': expected one of {}",
                    VALID_ACTIONS.join(", ")
                )));
            }
        }
        let actions = if args.actions.is_empty() {
            ALL_REPOSITORY_ACTIONS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            args.actions.clone()
        };

        let password = match (&args.password, args.password_stdin) {
            (Some(p), _) => Some(Secret::new(p.clone())),
            (None, true) => {
                let mut buf = Vec::new();
                stdin
                    .take(STDIN_LIMIT + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| usage(format!("cannot read the password from stdin: {e}")))?;
                if buf.len() as u64 > STDIN_LIMIT {
                    return Err(usage(format!(
                        "--password-stdin: standard input holds more than the {} KiB a password may have",
                        STDIN_LIMIT / 1024
                    )));
                }
                let buf = String::from_utf8(buf)
                    .map_err(|_| usage("--password-stdin: standard input is not UTF-8 text"))?;
                let pw = buf.trim_end_matches(['\r', '\n']).to_owned();
                if pw.is_empty() {
                    return Err(usage("--password-stdin: standard input was empty"));
                }
                Some(Secret::new(pw))
            }
            (None, false) => None,
        };
        if let (Some(user), Some(pw)) = (&args.username, &password) {
            crate::guard::secret::register_basic(user, pw);
        }
        for key in crate::guard::secret::SECRET_VARIABLES {
            if let Some(v) = env.get(key) {
                crate::guard::secret::register(v);
            }
        }
        if password.is_some() && args.username.is_none() {
            return Err(usage("a password was given without -u/--username"));
        }
        if args.username.is_some() && password.is_none() {
            return Err(usage(
                "-u/--username needs a password: -p PASSWORD or --password-stdin",
            ));
        }

        let timeout = match &args.timeout {
            Some(t) => parse_duration("--timeout", t)?,
            None if az_dialect => AZ_DEFAULT_TIMEOUT,
            None => DEFAULT_TIMEOUT,
        };
        let wait = args
            .wait
            .as_deref()
            .map(|w| parse_duration("--wait", w))
            .transpose()?;
        let deadline = args
            .deadline
            .as_deref()
            .map(|d| parse_duration("--deadline", d))
            .transpose()?;
        let dns_server = args
            .dns_server
            .as_deref()
            .map(parse_dns_server)
            .transpose()?;
        let resolve = args
            .resolve
            .iter()
            .map(|r| parse_resolve(r))
            .collect::<Result<Vec<_>, _>>()?;
        let ca_certs = args
            .ca_cert
            .iter()
            .map(|p| read_ca(p))
            .collect::<Result<Vec<_>, _>>()?;
        // Entra ID gets the client secret, ARM gets the token: never in clear
        // text. (The managed-identity endpoints may be local http, see
        // `net::endpoint`.)
        if let Err(e) = &azure_cloud.authority
            && e.from.typed()
        {
            return Err(typed_endpoint(e));
        }
        if let Some(image) = &args.image
            && let Err(why) = check_image_reference(image)
        {
            return Err(usage(format!(
                "invalid --image '{image}': {why} (expected REPOSITORY[:TAG] or REPOSITORY@sha256:DIGEST)"
            )));
        }

        let reports = report_files(args)?;

        let mut skip = Skip::default();
        for s in &args.skip {
            match s {
                SkipWhat::Docker => skip.docker = true,
                SkipWhat::Helm => skip.helm = true,
                SkipWhat::Notary => skip.notary = true,
                SkipWhat::Environment => {
                    skip = Skip {
                        docker: true,
                        helm: true,
                        notary: true,
                    }
                }
            }
        }

        Ok(CheckOptions {
            registries,
            ignore_errors: args.ignore_errors,
            yes: args.yes,
            vnet,
            repository,
            actions,
            resource_group: args.resource_group.clone(),
            output: args.output,
            reports,
            image: args.image.clone(),
            credentials: CredentialSettings {
                username: args.username.clone(),
                password,
                anonymous: args.anonymous,
                identity: args.identity,
                subscription: args.subscription.clone(),
                default_subscription: az_config.default_subscription(),
                timeout,
                registry_audience: az_config.registry_audience(),
                node: node.clone(),
            },
            cloud: args.cloud,
            timeout,
            pull_image: args.pull_image.clone(),
            dns_server,
            resolve,
            ca_certs,
            wait,
            deadline,
            parallel: usize::from(args.parallel),
            debug: args.debug,
            timings: args.timings,
            docker_login: args.docker_login,
            skip,
            color: args.color,
            env,
            // knack `CLILogging._determine_log_level`: the flags typed win
            // over az's `core.only_show_errors`, `--debug` and `--verbose`
            // included (they turn it off).
            only_show_errors: args.only_show_errors
                || (az_dialect && !args.debug && !args.verbose && az_config.only_show_errors()),
            az_config,
            azure_cloud,
            preamble,
            refusal,
            node,
            node_files: [
                args.containerd_config.clone(),
                args.credential_provider_config.clone(),
                args.credential_provider_bin_dir.clone(),
            ],
            suggest_node,
            // Set by `run` from --lang and the process's locale.
            lang: Lang::En,
        })
    }
}

/// Options stop here: each layer below gets its own settings.
impl CheckOptions {
    /// `-o az` reproduces az 2.91; every other format is ours.
    pub fn profile(&self) -> Profile {
        match self.output {
            OutputFormat::Az => Profile::Az,
            _ => Profile::Own,
        }
    }

    /// The cloud: `--cloud`, else az's active one; `AZURE_AUTHORITY_HOST`
    /// and `--arm-endpoint` applied. Resolved once per invocation.
    pub fn cloud(&self) -> Cloud {
        self.azure_cloud.clone()
    }

    /// What the plan and every check below it read, for a run in `cloud`.
    pub fn plan_settings(&self, cloud: &Cloud) -> PlanSettings {
        let profile = self.profile();
        let tool = ToolSettings {
            env: self.env.clone(),
            timeout: self.timeout,
            rules: profile.rules(),
        };
        let docker = DockerSettings {
            tool: tool.clone(),
            yes: self.yes,
            pull_image: pull_image(self.pull_image.as_deref(), cloud),
            run_helper: self.docker_login,
        };
        let registry = RegistrySettings {
            env: self.env.clone(),
            timeout: self.timeout,
            dns_server: self.dns_server,
            resolve: self.resolve.clone(),
            repository: self.repository.clone(),
            actions: self.actions.clone(),
            image: self.image.clone(),
            resource_group: self.resource_group.clone(),
            vnet: self.vnet.clone(),
            rules: profile.rules(),
        };
        PlanSettings {
            profile,
            unread: self
                .az_config
                .unread()
                .map(str::to_owned)
                .into_iter()
                .chain(cloud.unread.clone())
                .collect(),
            preamble: self.preamble.clone(),
            registries: self.registries.clone(),
            skip: self.skip,
            env: self.env.clone(),
            ca_pems: self.ca_certs.iter().map(|ca| ca.pem.clone()).collect(),
            tool: Arc::new(tool),
            docker: Arc::new(docker),
            registry: Arc::new(registry),
            credential: CredentialSettings {
                timeout: self.timeout,
                ..self.credentials.clone()
            },
            node: self.node_settings(profile),
            suggest_node: self.suggest_node.clone(),
        }
    }

    /// `--node`'s settings; never under az's profile.
    fn node_settings(&self, profile: Profile) -> Option<Arc<NodeSettings>> {
        use crate::probe::node::settings as node;
        let config = self.node.clone().filter(|_| profile == Profile::Own)?;
        let [containerd, provider, bin_dir] = &self.node_files;
        Some(Arc::new(NodeSettings {
            config,
            containerd_config: node::NodeFile::new(
                containerd.as_ref(),
                node::DEFAULT_CONTAINERD_CONFIG,
            ),
            credential_provider_config: node::NodeFile::new(
                provider.as_ref(),
                node::DEFAULT_CREDENTIAL_PROVIDER_CONFIG,
            ),
            credential_provider_bin_dir: node::NodeFile::new(
                bin_dir.as_ref(),
                node::DEFAULT_CREDENTIAL_PROVIDER_BIN_DIR,
            ),
            env: self.env.clone(),
            timeout: self.timeout,
            image: self.image.clone(),
            repository: self.repository.clone(),
            rules: profile.rules(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names() {
        assert_eq!(
            parse_target("MyRegistry1").unwrap(),
            RegistryTarget::Name("myregistry1".into())
        );
        for bad in ["bad name!", "abc", &"a".repeat(51), "my_registry", ""] {
            let e = parse_target(bad).unwrap_err();
            assert!(!e.0.contains('\n'), "{e}");
        }
        assert!(
            parse_target("bad name!")
                .unwrap_err()
                .0
                .contains("5 to 50 ASCII letters and digits")
        );
    }

    #[test]
    fn az_names_as_validate_registry_name_takes_them() {
        let az = |raw: &str| az_registry_name(raw, Some(".azurecr.io"));
        let ok = |raw: &str, name: &str, cut: Option<&str>| {
            let got = az(raw);
            assert_eq!(got.name.as_deref(), Ok(name), "{raw}");
            assert_eq!(
                got.warning,
                cut.map(|c| format!(
                    "Registry name is '{name}'. The following suffix '{c}' is automatically omitted."
                )),
                "{raw}"
            );
        };
        ok("MyRegistry", "MyRegistry", None);
        ok("myreg.azurecr.io", "myreg", Some(".azurecr.io"));
        ok("myreg.AZURECR.IO", "myreg", Some(".AZURECR.IO"));
        ok("myreg-h4sh.azurecr.io", "myreg", Some("-h4sh.azurecr.io"));
        let refused =
            |raw: &str, cloud: Option<&str>| az_registry_name(raw, cloud).name.unwrap_err();
        let bad = crate::engine::catalog::az::BAD_REGISTRY_NAME;
        // The hash starts at the first `-`: what is left is too short.
        let r = az("my-reg-h4sh.azurecr.io");
        assert_eq!(r.name.unwrap_err(), bad);
        assert!(r.warning.unwrap().contains("'-reg-h4sh.azurecr.io'"));
        assert_eq!(refused("my-registry", Some(".azurecr.io")), bad);
        assert_eq!(refused("abcd", Some(".azurecr.io")), bad);
        assert_eq!(
            refused("myreg.azurecr.cn", Some(".azurecr.io")),
            "The login server suffix is not valid for the current cloud. Please try again using '.azurecr.io'."
        );
        // No suffix in the cloud: the value is checked as it is.
        assert_eq!(refused("myreg.azurecr.io", None), bad);
        assert_eq!(refused("myreg-1", None), bad);
        assert_eq!(
            az_registry_name("myreg1", None).name.as_deref(),
            Ok("myreg1")
        );
        assert!(is_host_port("localhost:5000") && is_host_port("[::1]:443"));
        assert!(!is_host_port("myreg.azurecr.io") && !is_host_port("https://x:1/"));
    }

    #[test]
    fn login_servers() {
        assert_eq!(
            parse_target("My.AzureCR.io").unwrap(),
            RegistryTarget::LoginServer {
                host: "my.azurecr.io".into(),
                port: None,
                had_capitals: true
            }
        );
        assert_eq!(
            parse_target("localhost:5000").unwrap(),
            RegistryTarget::LoginServer {
                host: "localhost".into(),
                port: Some(5000),
                had_capitals: false
            }
        );
        for bad in [
            "https://x.azurecr.io",
            "x.azurecr.io:99999",
            "x..io",
            "x.io:0",
            "-x.io",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("--timeout", "30s").unwrap(),
            Duration::from_secs(30)
        );
        assert_eq!(
            parse_duration("--timeout", "1.5").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(
            parse_duration("--wait", "2m").unwrap(),
            Duration::from_secs(120)
        );
        assert!(parse_duration("--timeout", "0").is_err());
        assert!(parse_duration("--timeout", "soon").is_err());
        for negative in ["-1", "-5s", "-0.5"] {
            let e = parse_duration("--wait", negative).unwrap_err();
            assert!(e.0.contains("must be positive"), "{e}");
        }
    }

    #[test]
    fn image_references() {
        for good in [
            "hello-world",
            "hello-world:latest",
            "library/hello_world:v1.2.3-rc.1",
            "a/b__c/d-e.f:TAG_1",
            "myregistry.azurecr.io/app/web:1",
            "localhost:5000/app:dev",
            "localhost/app",
            "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my--app---x",
        ] {
            assert_eq!(check_image_reference(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("UPPER:tag", "the repository part 'UPPER'"),
            ("app:", "the tag ''"),
            ("app:-x", "the tag '-x'"),
            ("a//b", "the repository part ''"),
            ("a/.b", "the repository part '.b'"),
            ("a_", "the repository part 'a_'"),
            ("a___b", "the repository part 'a___b'"),
            ("a b", "the repository part 'a b'"),
            ("app@sha256:abc", "the digest 'sha256:abc'"),
            ("app@latest", "the digest 'latest'"),
            ("app:1@sha256:0123", "not both"),
        ] {
            let e = check_image_reference(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        let long = format!("{}:x", "a".repeat(256));
        assert!(check_image_reference(&long).unwrap_err().contains("255"));
    }

    #[test]
    fn dns_servers_and_resolve() {
        assert_eq!(
            parse_dns_server("10.0.0.4").unwrap(),
            "10.0.0.4:53".parse().unwrap()
        );
        assert_eq!(
            parse_dns_server("127.0.0.1:5353").unwrap(),
            "127.0.0.1:5353".parse().unwrap()
        );
        assert_eq!(
            parse_dns_server("[::1]:53").unwrap(),
            "[::1]:53".parse().unwrap()
        );
        assert_eq!(
            parse_dns_server("::1").unwrap(),
            "[::1]:53".parse().unwrap()
        );
        assert!(parse_dns_server("dns.example").is_err());
        assert_eq!(
            parse_resolve("A.azurecr.io:10.0.0.5").unwrap(),
            ("a.azurecr.io".to_string(), "10.0.0.5".parse().unwrap())
        );
        assert_eq!(
            parse_resolve("a.io:::1").unwrap().1,
            "::1".parse::<IpAddr>().unwrap()
        );
        assert!(parse_resolve("a.io").is_err());
        assert!(parse_resolve("a.io:nope").is_err());
    }
}
