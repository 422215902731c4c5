//! The command line, as clap sees it. Only describes; `options.rs` validates
//! and turns it into typed values.

use std::path::PathBuf;

use std::ops::{Deref, DerefMut};

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::app::help::{self, Page};
use crate::sys::lang::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "acr-health",
    version,
    about = "Health checks for Azure Container Registry: a fast, native replacement for `az acr check-health`",
    long_about = None,
    after_help = help::short_after(),
    after_long_help = help::long_after(Page::Top)
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print errors only: no pass, info or warning lines
    ///
    /// As az's global flag: in -o az every `WARNING:` line goes, the closing
    /// pointer too.
    #[arg(long, global = true, help_heading = heading::AZ, hide_short_help = true)]
    pub only_show_errors: bool,

    /// Language of the report: en, ja, zh-TW, ru or th
    ///
    /// Our own words only (the text and markdown reports, explain, codes,
    /// the spinner, JSON's localizedMessage); -o az stays az's English.
    /// Without it: ACR_HEALTH_LANG, then the locale (LANGUAGE, LC_ALL,
    /// LC_MESSAGES, LANG), then the system's preferred languages.
    // In --help, not -h: the locale usually decides, and -h is one screen.
    #[arg(
        long,
        global = true,
        value_name = "LANG",
        value_parser = parse_lang,
        hide_short_help = true
    )]
    pub lang: Option<Lang>,
}

/// `--lang`'s value: one of the tags, in any case.
fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::from_flag(value).ok_or_else(|| {
        let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
        format!("expected one of {}", tags.join(", "))
    })
}

/// Each command's `--help` ends with its exit status, environment and
/// examples (`help.rs`, shared with the man pages), added by `Deferred` only
/// when that command is built; `-h` leaves them out.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the health checks against a registry and this machine.
    Check(Deferred<CheckArgs>),
    /// Start the built-in loopback registry simulator and run `check` against it.
    Demo(Deferred<DemoArgs>),
    /// Run the checks every --interval and serve their results to Prometheus.
    Serve(Deferred<ServeArgs>),
    /// Explain an error code: what it means, likely causes, what to do.
    Explain(Deferred<ExplainArgs>),
    /// List every error code acr-health can report.
    Codes(Deferred<CodesArgs>),
    /// Print shell completions.
    Completions(Deferred<CompletionsArgs>),
    /// Print a man page (roff): the top page, or one command's page.
    Man(Deferred<ManArgs>),
    /// Speak az's command line: `acr-health az acr check-health …`
    /// takes az's arguments and prints what az prints.
    Az(Deferred<AzArgs>),
}

/// `acr-health az WORDS…`: the words go to az's own grammar
/// (`az_cli.rs`) as typed, `-h` included.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct AzArgs {
    /// az's words: `acr check-health` and its arguments (see
    /// `acr-health az acr check-health -h`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub words: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code, in any case (e.g. CONNECTIVITY_DNS_ERROR).
    pub code: String,
}

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// Output format: text, json or markdown (the docs/errors.md page).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = CodesFormat::Text)]
    pub output: CodesFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (check, demo, explain, ...);
    /// without it, the top page that lists the commands.
    pub command: Option<String>,
}

/// A subcommand's flags and the closing sections of its `--help`, defined
/// only when clap needs them: when that subcommand is parsed, or a
/// whole-tree walk (`build`, completions, man pages) asks for them. `check`
/// and `demo` carry some sixty flags; building them for `--help`, `codes` or
/// `explain` was a tenth of those commands' run (docs/performance.md), and
/// each page's exit status, environment and examples are text to lay out.
/// Parsing and help text are unchanged. Boxed, as the variants were before,
/// to keep `Command` small.
#[derive(Clone, Debug)]
pub struct Deferred<T>(pub Box<T>);

/// The help page a deferred subcommand's `--help` ends with.
pub trait HelpPage {
    const PAGE: Page;
    /// Changes to the flags once defined (`serve` hides the flattened
    /// `check` flags it refuses).
    fn adjust(cmd: clap::Command) -> clap::Command {
        cmd
    }
}

impl HelpPage for CheckArgs {
    const PAGE: Page = Page::Check;
}

impl HelpPage for DemoArgs {
    const PAGE: Page = Page::Demo;
}

impl HelpPage for ServeArgs {
    const PAGE: Page = Page::Serve;
    fn adjust(cmd: clap::Command) -> clap::Command {
        SERVE_REFUSES
            .iter()
            .map(|(id, _)| *id)
            // Always on in serve: every check, every run.
            .chain(["ignore_errors"])
            .fold(cmd, |cmd, id| cmd.mut_arg(id, |a| a.hide(true)))
    }
}

impl HelpPage for ExplainArgs {
    const PAGE: Page = Page::Explain;
}

impl HelpPage for CodesArgs {
    const PAGE: Page = Page::Codes;
}

impl HelpPage for CompletionsArgs {
    const PAGE: Page = Page::Completions;
}

impl HelpPage for ManArgs {
    const PAGE: Page = Page::Man;
}

impl HelpPage for AzArgs {
    const PAGE: Page = Page::Az;
}

impl<T: Args + HelpPage> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| T::adjust(T::augment_args(cmd)).after_long_help(help::long_after(T::PAGE)))
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| {
            T::adjust(T::augment_args_for_update(cmd)).after_long_help(help::long_after(T::PAGE))
        })
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(|t| Self(Box::new(t)))
    }
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(|t| Self(Box::new(t)))
    }
    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T> Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Deferred<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// The whole command tree with every deferred part defined, for code that
/// walks it (completions, man pages, tests of the flags).
pub fn full_command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    cmd.build();
    cmd
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CodesFormat {
    Text,
    Json,
    Markdown,
}

/// `--dns-server` from the environment: how a run without that flag
/// (`acr-health az …`, whose grammar is az's) is pointed at a resolver.
pub const DNS_SERVER_VARIABLE: &str = "ACR_HEALTH_DNS_SERVER";

/// `--parallel` when none is given: 64 registries in flight, each holding a
/// few sockets (DNS, its pinned connection, data endpoints), fits well
/// inside the 1,024 file descriptors many systems allow a process.
pub const DEFAULT_PARALLEL: u16 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// For people: the report lines with remediation (stdout).
    #[default]
    Text,
    /// The stream `az acr check-health` writes to stderr, byte for byte.
    Az,
    /// One JSON document (stdout); see docs/json-schema.md.
    Json,
    /// A Markdown table for tickets and pull requests.
    Markdown,
    /// JUnit XML for CI test reports.
    Junit,
}

impl From<OutputFormat> for crate::report::Format {
    fn from(format: OutputFormat) -> Self {
        use crate::report::Format;
        match format {
            OutputFormat::Text => Format::Text,
            OutputFormat::Az => Format::Az,
            OutputFormat::Json => Format::Json,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Junit => Format::Junit,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SkipWhat {
    Docker,
    Helm,
    Notary,
    /// docker, helm and notary together (for pods and CI without docker).
    Environment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CloudName {
    #[value(name = "AzureCloud", alias = "azurecloud", alias = "public")]
    AzureCloud,
    #[value(name = "AzureChinaCloud", alias = "azurechinacloud", alias = "china")]
    AzureChinaCloud,
    #[value(
        name = "AzureUSGovernment",
        alias = "azureusgovernment",
        alias = "usgov"
    )]
    AzureUsGovernment,
}

impl From<CloudName> for crate::azure::cloud::KnownCloud {
    fn from(name: CloudName) -> Self {
        use crate::azure::cloud::KnownCloud;
        match name {
            CloudName::AzureCloud => KnownCloud::Public,
            CloudName::AzureChinaCloud => KnownCloud::China,
            CloudName::AzureUsGovernment => KnownCloud::UsGovernment,
        }
    }
}

/// The headings `check --help` groups its flags under (and the man page's
/// sections of options): az's own flags first, then ours by what they are
/// about.
pub mod heading {
    pub const AZ: &str = "az's flags";
    pub const CREDENTIALS: &str = "Credentials";
    pub const NETWORK: &str = "Network";
    pub const OUTPUT: &str = "Output";
    pub const WAITING: &str = "Waiting and deadlines";
    pub const BEYOND_AZ: &str = "Beyond az";
    pub const NODE: &str = "Kubernetes node";
}

// `check`'s flags, grouped by heading in the order `--help` shows them.
// The durations take a value that starts with `-` (`--wait -5s`) so that it
// reaches options.rs, which says it must be positive.
// Each doc comment's first paragraph is the one line `-h` shows; the rest
// is added in `--help` and the man page. Rarely needed flags are left out
// of `-h` (`hide_short_help`) to keep it one screen.
#[derive(Clone, Debug, Args, Default)]
pub struct CheckArgs {
    /// Registry name or login server HOST[:PORT] (repeatable)
    ///
    /// A name (myregistry) is looked up through ARM like az does; a login
    /// server (myregistry.azurecr.io, localhost:5000) is checked as given.
    /// With several, each registry stops at its own first error.
    #[arg(short = 'n', long = "name", value_name = "NAME", help_heading = heading::AZ)]
    pub name: Vec<String>,

    /// Keep going after an error and report every check
    ///
    /// The exit status is still 1 when a check failed (az exits 0 there).
    #[arg(long, help_heading = heading::AZ)]
    pub ignore_errors: bool,

    /// Do not ask before the docker test pull
    #[arg(short = 'y', long, help_heading = heading::AZ)]
    pub yes: bool,

    /// Virtual network whose private-endpoint DNS routing to check
    ///
    /// A name (in the registry's resource group) or a resource ID.
    #[arg(long, value_name = "VNET", help_heading = heading::AZ)]
    pub vnet: Option<String>,

    /// Also check a token for this repository and what it grants
    #[arg(long, value_name = "REPO", help_heading = heading::AZ)]
    pub repository: Option<String>,

    /// Resource group of the registry, to read it through ARM
    #[arg(short = 'g', long = "resource-group", value_name = "GROUP", help_heading = heading::AZ)]
    pub resource_group: Option<String>,

    /// Subscription (ID or name) to read the registry from ARM in
    #[arg(long, value_name = "SUBSCRIPTION", help_heading = heading::AZ)]
    pub subscription: Option<String>,

    /// User name of the admin user or a repository-scoped token
    #[arg(short = 'u', long, value_name = "USER", help_heading = heading::CREDENTIALS)]
    pub username: Option<String>,

    /// Password for -u (prefer --password-stdin)
    ///
    /// A command line can be read by other users of the machine.
    #[arg(
        short = 'p',
        long,
        value_name = "PASSWORD",
        conflicts_with = "password_stdin",
        help_heading = heading::CREDENTIALS,
        hide_short_help = true
    )]
    pub password: Option<String>,

    /// Read the password for -u from standard input
    #[arg(long, help_heading = heading::CREDENTIALS)]
    pub password_stdin: bool,

    /// Do not sign in: check anonymous pull access
    #[arg(long, conflicts_with_all = ["username", "password", "password_stdin"],
          help_heading = heading::CREDENTIALS, hide_short_help = true)]
    pub anonymous: bool,

    /// Use the managed identity from IMDS even when not on an Azure VM
    #[arg(long, help_heading = heading::CREDENTIALS, hide_short_help = true)]
    pub identity: bool,

    /// Azure cloud: AzureCloud, AzureChinaCloud or AzureUSGovernment
    ///
    /// Default: the Azure CLI's active cloud, else AzureCloud.
    #[arg(long, value_enum, value_name = "CLOUD", help_heading = heading::CREDENTIALS,
          hide_short_help = true)]
    pub cloud: Option<CloudName>,

    /// ARM endpoint, an https:// URL (default: the cloud's)
    #[arg(long, env = "ACR_HEALTH_ARM_ENDPOINT", value_name = "URL",
          help_heading = heading::CREDENTIALS, hide_short_help = true)]
    pub arm_endpoint: Option<String>,

    /// Ask this DNS server instead of the system's
    #[arg(long, env = DNS_SERVER_VARIABLE, value_name = "IP[:PORT]", help_heading = heading::NETWORK,
          hide_short_help = true)]
    pub dns_server: Option<String>,

    /// Use this address for HOST and skip its DNS lookup (repeatable)
    #[arg(long, value_name = "HOST:IP", help_heading = heading::NETWORK, hide_short_help = true)]
    pub resolve: Vec<String>,

    /// Also trust the CA certificates in this PEM file (repeatable)
    ///
    /// For a proxy that inspects TLS, or a registry with a private CA.
    #[arg(long, value_name = "PEM", help_heading = heading::NETWORK)]
    pub ca_cert: Vec<PathBuf>,

    /// Report format: text, az, json, markdown or junit
    ///
    /// text is for people (stdout); az is the stream az acr check-health
    /// writes to stderr, byte for byte; json and junit are for machines.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputFormat::Text,
          help_heading = heading::OUTPUT, hide_possible_values = true)]
    pub output: OutputFormat,

    /// Also write the JSON report to FILE, whatever -o shows
    ///
    /// The document -o json would print for the same checks, written
    /// atomically at the end of the run: one run, several outputs.
    #[arg(long, value_name = "FILE", help_heading = heading::OUTPUT)]
    pub report_json: Option<PathBuf>,

    /// Also write the JUnit XML report to FILE, whatever -o shows
    #[arg(long, value_name = "FILE", help_heading = heading::OUTPUT, hide_short_help = true)]
    pub report_junit: Option<PathBuf>,

    /// Log each step (requests, answers, timings) to stderr
    ///
    /// Secrets stay redacted.
    #[arg(long, help_heading = heading::OUTPUT, hide_short_help = true)]
    pub debug: bool,

    /// Show where the time went on the network
    ///
    /// Under each check: its DNS lookups, connection set-ups (with the TLS
    /// version) and requests (time to first byte, transfer); at the end, the
    /// critical path. Text output; JSON always carries them, -o az never.
    #[arg(long, help_heading = heading::OUTPUT)]
    pub timings: bool,

    /// When to use colour in text output: auto, always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN",
          help_heading = heading::OUTPUT, hide_short_help = true)]
    pub color: ColorChoice,

    /// Timeout for each network or process step (default 20s; 60s with -o az)
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true,
          help_heading = heading::WAITING, hide_short_help = true)]
    pub timeout: Option<String>,

    /// Repeat the checks until they pass or DURATION has gone by
    ///
    /// For CI waiting on a new registry: only the last attempt is shown.
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true,
          help_heading = heading::WAITING)]
    pub wait: Option<String>,

    /// End the whole run by then (unset by default)
    ///
    /// Every check still running is reported as timed out
    /// (DEADLINE_EXCEEDED_ERROR).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true,
          help_heading = heading::WAITING)]
    pub deadline: Option<String>,

    /// With several -n: how many registries are checked at once
    ///
    /// Each one's connections and memory are held until its checks end.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PARALLEL,
          value_parser = clap::value_parser!(u16).range(1..=1024),
          help_heading = heading::WAITING, hide_short_help = true)]
    pub parallel: u16,

    /// An image to pull through the registry's data path
    ///
    /// REPOSITORY[:TAG] or REPOSITORY@sha256:DIGEST, in the registry: its
    /// manifest and a blob are fetched as docker would.
    #[arg(long, value_name = "REF", help_heading = heading::BEYOND_AZ)]
    pub image: Option<String>,

    /// The actions to ask for with --repository, comma separated
    ///
    /// Default: pull, push, metadata_read, metadata_write and delete.
    #[arg(
        long,
        value_name = "ACTIONS",
        value_delimiter = ',',
        requires = "repository",
        help_heading = heading::BEYOND_AZ,
        hide_short_help = true
    )]
    pub actions: Vec<String>,

    /// Image for the docker test pull
    ///
    /// Default: mcr.microsoft.com/mcr/hello-world:latest (the cloud's MCR).
    #[arg(long, value_name = "IMAGE", help_heading = heading::BEYOND_AZ, hide_short_help = true)]
    pub pull_image: Option<String>,

    /// Also ask docker's credential helper which logins it holds
    ///
    /// Runs the helper's `list` (hosts and user names only) to see whether
    /// it holds a login for the registry.
    #[arg(long, help_heading = heading::BEYOND_AZ, hide_short_help = true)]
    pub docker_login: bool,

    /// Check as a Kubernetes node's kubelet pulls: its identity and cloud from
    /// the node config, its credential provider, containerd's registry hosts
    /// (not with -o az)
    #[arg(long, help_heading = heading::NODE, hide_short_help = true)]
    pub node: bool,

    /// The node's cloud-provider config; implies --node (default:
    /// /etc/kubernetes/azure.json)
    #[arg(long, value_name = "FILE", help_heading = heading::NODE, hide_short_help = true)]
    pub node_config: Option<PathBuf>,

    /// containerd's config, for its registry config_path (with --node; default:
    /// /etc/containerd/config.toml)
    #[arg(long, value_name = "FILE", help_heading = heading::NODE, hide_short_help = true)]
    pub containerd_config: Option<PathBuf>,

    /// The kubelet's image credential provider config (with --node; default:
    /// /var/lib/kubelet/credential-provider-config.yaml)
    #[arg(long, value_name = "FILE", help_heading = heading::NODE, hide_short_help = true)]
    pub credential_provider_config: Option<PathBuf>,

    /// Where the kubelet's credential providers live (with --node; default:
    /// /var/lib/kubelet/credential-provider)
    #[arg(long, value_name = "DIR", help_heading = heading::NODE, hide_short_help = true)]
    pub credential_provider_bin_dir: Option<PathBuf>,

    /// Skip groups of checks: docker, helm, notary, environment
    ///
    /// Repeatable, or a comma list; environment is all three (for pods and
    /// CI without docker).
    #[arg(long, value_enum, value_name = "WHAT", value_delimiter = ',',
          help_heading = heading::BEYOND_AZ, hide_possible_values = true)]
    pub skip: Vec<SkipWhat>,

    /// The global `--only-show-errors` (defined on the top level, where
    /// clap keeps it); the entry copies it here.
    #[arg(skip)]
    pub only_show_errors: bool,

    /// az's `--verbose`, typed as such under `acr-health az` (check has no
    /// such flag). Like `--debug`, it turns az's `core.only_show_errors`
    /// off for the run (knack `CLILogging._determine_log_level`).
    #[arg(skip)]
    pub verbose: bool,
}

/// `serve`'s own flags' heading.
pub const SERVE_HEADING: &str = "Exporter";

/// The `check` flags `serve` refuses (clap's id, as typed): each makes
/// sense for one report, not for a process that runs for weeks. Hidden
/// from `serve --help`.
pub const SERVE_REFUSES: &[(&str, &str)] = &[
    ("output", "-o"),
    ("report_json", "--report-json"),
    ("report_junit", "--report-junit"),
    ("wait", "--wait"),
    ("timings", "--timings"),
    ("color", "--color"),
];

// `serve`: the checks of `check` on a timer, their results as metrics.
// (A plain comment: a doc comment here would replace the command's about.)
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// How often to run the checks (default 60s, at least 1s)
    ///
    /// Each run starts this long after the one before it started, give or
    /// take up to 10% (so that many exporters do not all ask at once), and
    /// never before the one before it has ended.
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true,
          help_heading = SERVE_HEADING)]
    pub interval: Option<String>,

    /// Where to serve /metrics: IP:PORT (default 127.0.0.1:9713)
    ///
    /// Loopback unless another address is given here: 0.0.0.0:9713 or
    /// [::]:9713 lets anyone who can reach this machine read the metrics
    /// (registry names, check results; never a secret).
    #[arg(long, value_name = "ADDR", help_heading = SERVE_HEADING)]
    pub listen: Option<String>,

    /// Also run the docker, helm and notary checks every interval
    ///
    /// Left out by default: they start programs on this machine every
    /// interval and say nothing about the registry.
    #[arg(long, help_heading = SERVE_HEADING)]
    pub with_environment: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Fault scenario to play (see --list)
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,

    /// List the scenarios, one line each.
    #[arg(long)]
    pub list: bool,

    /// Also run the docker, helm and notary checks on this machine.
    #[arg(long)]
    pub environment: bool,

    /// Play a developer who ran `az login`
    ///
    /// The simulator writes an Azure CLI config dir (a user with a refresh
    /// token, a default subscription) and the run reads it, with no AZURE_*
    /// credentials.
    #[arg(long)]
    pub az_login: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}
