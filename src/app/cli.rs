//! The command line, as clap sees it. Only describes; `options.rs` validates
//! and turns it into typed values.

use std::path::PathBuf;

use std::ops::{Deref, DerefMut};

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "acr-health",
    version,
    about = "Health checks for Azure Container Registry: a fast, native replacement for `az acr check-health`",
    long_about = None,
    after_help = "Examples:\n  acr-health check -n myregistry\n  acr-health check -n myregistry --repository hello-world -o json\n  acr-health demo\n  acr-health explain CONNECTIVITY_DNS_ERROR"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print errors only: no pass, info or warning lines (as az's global
    /// flag; in -o az every `WARNING:` line goes, the closing pointer too).
    /// Example: acr-health check -n myregistry -o az --only-show-errors
    #[arg(long, global = true)]
    pub only_show_errors: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the health checks against a registry and this machine.
    Check(Deferred<CheckArgs>),
    /// Start the built-in loopback registry simulator and run `check` against it.
    Demo(Deferred<DemoArgs>),
    /// Explain an error code: what it means, likely causes, what to do.
    #[command(after_help = "Example:\n  acr-health explain connectivity_dns_error")]
    Explain {
        /// The code, in any case (e.g. CONNECTIVITY_DNS_ERROR).
        code: String,
    },
    /// List every error code acr-health can report.
    #[command(after_help = "Example:\n  acr-health codes -o json")]
    Codes {
        /// Output format: text, json or markdown (the docs/errors.md page).
        #[arg(short = 'o', long = "output", value_enum, default_value_t = CodesFormat::Text)]
        output: CodesFormat,
    },
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  acr-health completions bash > /etc/bash_completion.d/acr-health"
    )]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): the top page, or one command's page.
    #[command(
        after_help = "Examples:\n  acr-health man | man -l -\n  acr-health man check > acr-health-check.1"
    )]
    Man {
        /// The command whose page to print (check, demo, explain, ...);
        /// without it, the top page that lists the commands.
        command: Option<String>,
    },
}

/// A subcommand's flags, defined only when clap needs them: when that
/// subcommand is parsed, or a whole-tree walk (`build`, completions, man
/// pages) asks for them. `check` and `demo` carry some sixty flags; building
/// them for `--help`, `codes` or `explain` was a tenth of those commands'
/// run (docs/performance.md). Parsing and help text are unchanged. Boxed, as
/// the variants were before, to keep `Command` small.
#[derive(Clone, Debug)]
pub struct Deferred<T>(pub Box<T>);

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
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

#[derive(Clone, Debug, Args, Default)]
pub struct CheckArgs {
    /// Registry name, or its login server HOST[:PORT]. Repeat to check a fleet.
    /// Example: -n myregistry  or  -n myregistry.azurecr.io
    #[arg(short = 'n', long = "name", value_name = "NAME")]
    pub name: Vec<String>,

    /// Keep going after an error and report every check (exit status is still 1 on failure).
    /// Example: --ignore-errors
    #[arg(long)]
    pub ignore_errors: bool,

    /// Do not prompt before the docker test pull. Example: -y
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// Virtual network (name or resource ID) whose private-endpoint DNS routing to check.
    /// Example: --vnet myvnet
    #[arg(long, value_name = "VNET")]
    pub vnet: Option<String>,

    /// Also check the access token for this repository and which actions it grants.
    /// Example: --repository hello-world
    #[arg(long, value_name = "REPO")]
    pub repository: Option<String>,

    /// Actions to ask for with --repository (comma separated).
    /// Example: --actions pull,metadata_read
    #[arg(
        long,
        value_name = "ACTIONS",
        value_delimiter = ',',
        requires = "repository"
    )]
    pub actions: Vec<String>,

    /// Resource group of the registry (to read it through ARM). Example: -g my-rg
    #[arg(short = 'g', long = "resource-group", value_name = "GROUP")]
    pub resource_group: Option<String>,

    /// Subscription ID or name of the registry. Example: --subscription 0000-...
    #[arg(long, value_name = "SUBSCRIPTION")]
    pub subscription: Option<String>,

    /// Output format. Example: -o json
    #[arg(short = 'o', long = "output", value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,

    /// Also write the JSON report (as -o json prints it) to FILE, whatever
    /// -o shows: one run, several outputs. Written atomically at the end.
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,

    /// Also write the JUnit XML report (as -o junit prints it) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,

    /// An image to pull through the registry's data path (manifest and a blob).
    /// Example: --image hello-world:latest
    #[arg(long, value_name = "REF")]
    pub image: Option<String>,

    /// Username for the admin user or a repository-scoped token (password grant).
    /// Example: -u myregistry
    #[arg(short = 'u', long, value_name = "USER")]
    pub username: Option<String>,

    /// Password for -u (prefer --password-stdin: command lines are visible to other users).
    /// Example: -p "$PASSWORD"
    #[arg(
        short = 'p',
        long,
        value_name = "PASSWORD",
        conflicts_with = "password_stdin"
    )]
    pub password: Option<String>,

    /// Read the password for -u from standard input. Example: echo "$PW" | acr-health check -n r -u r --password-stdin
    #[arg(long)]
    pub password_stdin: bool,

    /// Do not log in: check anonymous pull access. Example: --anonymous
    #[arg(long, conflicts_with_all = ["username", "password", "password_stdin"])]
    pub anonymous: bool,

    /// Use the managed identity from IMDS even when not detected as an Azure VM.
    /// Example: --identity
    #[arg(long)]
    pub identity: bool,

    /// Azure cloud (default: the Azure CLI's active cloud, else AzureCloud).
    /// Example: --cloud AzureChinaCloud
    #[arg(long, value_enum, value_name = "CLOUD")]
    pub cloud: Option<CloudName>,

    /// Timeout for each network or process step (default: 20s). Example: --timeout 30s
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,

    /// Image for the docker test pull. Example: --pull-image mcr.microsoft.com/mcr/hello-world:latest
    #[arg(long, value_name = "IMAGE")]
    pub pull_image: Option<String>,

    /// Ask this DNS server instead of the system's. Example: --dns-server 10.0.0.4
    #[arg(long, value_name = "IP[:PORT]")]
    pub dns_server: Option<String>,

    /// Use this address for HOST and skip its DNS lookup (repeatable).
    /// Example: --resolve myregistry.azurecr.io:10.0.0.5
    #[arg(long, value_name = "HOST:IP")]
    pub resolve: Vec<String>,

    /// Also trust the CA certificates in this PEM file (repeatable).
    /// Example: --ca-cert corp-proxy.pem
    #[arg(long, value_name = "PEM")]
    pub ca_cert: Vec<PathBuf>,

    /// ARM endpoint (default: the cloud's). Example: --arm-endpoint https://management.azure.com
    #[arg(long, env = "ACR_HEALTH_ARM_ENDPOINT", value_name = "URL")]
    pub arm_endpoint: Option<String>,

    /// Repeat the checks until they pass or this much time has gone by (for CI waiting on a new registry).
    /// Example: --wait 2m
    #[arg(long, value_name = "DURATION")]
    pub wait: Option<String>,

    /// End the whole run by then: every check still running is reported as
    /// timed out (DEADLINE_EXCEEDED_ERROR). Unset by default. Example: --deadline 1m
    #[arg(long, value_name = "DURATION")]
    pub deadline: Option<String>,

    /// With several -n: how many registries are checked at once (each one's
    /// connections and memory are held until its checks end). Example: --parallel 16
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PARALLEL,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub parallel: u16,

    /// Log each step (requests, answers, timings) to stderr; secrets stay redacted.
    /// Example: --debug
    #[arg(long)]
    pub debug: bool,

    /// Also run the docker credential helper's `list` (hosts and user names only)
    /// to see whether it holds a login for the registry. Example: --docker-login
    #[arg(long)]
    pub docker_login: bool,

    /// Skip groups of checks (repeatable, or a comma list). Example: --skip helm,notary
    #[arg(long, value_enum, value_name = "WHAT", value_delimiter = ',')]
    pub skip: Vec<SkipWhat>,

    /// When to use colour in text output. Example: --color never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The global `--only-show-errors` (defined on the top level, where
    /// clap keeps it); the entry copies it here.
    #[arg(skip)]
    pub only_show_errors: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Fault scenario to play (see --list). Example: --scenario forbidden
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,

    /// List the scenarios, one line each.
    #[arg(long)]
    pub list: bool,

    /// Also run the docker, helm and notary checks on this machine.
    #[arg(long)]
    pub environment: bool,

    /// Play a developer who ran `az login`: the simulator writes an Azure CLI
    /// config dir (a user with a refresh token, a default subscription) and
    /// the run reads it, with no AZURE_* credentials. Example: demo --az-login
    #[arg(long)]
    pub az_login: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}
