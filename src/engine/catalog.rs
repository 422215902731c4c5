//! The error catalog: every code the tool can report, as data.
//!
//! `codes`, `explain`, every renderer and `docs/errors.md` read from here, so a
//! code's wording lives in exactly one place. The `message` templates of the
//! reference codes are interface strings of `az acr check-health` (they are
//! reproduced in `-o az` mode for scripts written against az); everything else
//! — meaning, causes, remediation — is this project's own prose.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

macro_rules! codes {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// An error code. The order here is the order `codes` lists them in.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),+ }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as printed: `CONNECTIVITY_DNS_ERROR`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name),+ }
            }
        }
    };
}

codes! {
    DockerCommandError => "DOCKER_COMMAND_ERROR",
    DockerDaemonError => "DOCKER_DAEMON_ERROR",
    DockerVersionError => "DOCKER_VERSION_ERROR",
    DockerPullError => "DOCKER_PULL_ERROR",
    HelmCommandError => "HELM_COMMAND_ERROR",
    HelmVersionError => "HELM_VERSION_ERROR",
    NotaryVersionError => "NOTARY_VERSION_ERROR",
    CmkError => "CMK_ERROR",
    ConnectivityDnsError => "CONNECTIVITY_DNS_ERROR",
    ConnectivityForbiddenError => "CONNECTIVITY_FORBIDDEN_ERROR",
    ConnectivityChallengeError => "CONNECTIVITY_CHALLENGE_ERROR",
    ConnectivityAadLoginError => "CONNECTIVITY_AAD_LOGIN_ERROR",
    ConnectivityRefreshTokenError => "CONNECTIVITY_REFRESH_TOKEN_ERROR",
    ConnectivityAccessTokenError => "CONNECTIVITY_ACCESS_TOKEN_ERROR",
    ConnectivitySslError => "CONNECTIVITY_SSL_ERROR",
    ConnectivityTooManyRequestsError => "CONNECTIVITY_TOOMANYREQUESTS_ERROR",
    LoginServerError => "LOGIN_SERVER_ERROR",
    CredentialError => "CREDENTIAL_ERROR",
    UntrustedRealmError => "UNTRUSTED_REALM_ERROR",
    InsecureEndpointError => "INSECURE_ENDPOINT_ERROR",
    PrivateEndpointDnsError => "PRIVATE_ENDPOINT_DNS_ERROR",
    ImageNotFoundError => "IMAGE_NOT_FOUND_ERROR",
    DataPathError => "DATA_PATH_ERROR",
    KubeletIdentityError => "KUBELET_IDENTITY_ERROR",
    KubeletAcrPullError => "KUBELET_ACRPULL_ERROR",
    ContainerdConfigError => "CONTAINERD_CONFIG_ERROR",
    ContainerdPullError => "CONTAINERD_PULL_ERROR",
    SlowTlsHandshakeWarning => "SLOW_TLS_HANDSHAKE_WARNING",
    SlowTokenRequestWarning => "SLOW_TOKEN_REQUEST_WARNING",
    DeadlineExceededError => "DEADLINE_EXCEEDED_ERROR",
    OpenFilesLimitError => "OPEN_FILES_LIMIT_ERROR",
    InternalError => "INTERNAL_ERROR",
}

impl Code {
    /// The code as Fluent ids name it: `connectivity-dns-error`
    /// (`i18n/en.ftl`; `{key}-title`, `{key}-message`, `{key}-cause-1` …).
    pub fn key(self) -> String {
        self.as_str().to_ascii_lowercase().replace('_', "-")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown error code '{0}' (run 'acr-health codes' to list them)")]
pub struct UnknownCode(String);

impl FromStr for Code {
    type Err = UnknownCode;

    /// Case-insensitive, and `-` is taken for `_`, so `connectivity-dns-error` works.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Everything the tool knows about one code.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub code: Code,
    /// A few words for tables and JUnit test names.
    pub title: &'static str,
    /// True for codes this project added; false for the error reference's own.
    pub extension: bool,
    /// The message printed after `An error occurred: CODE`. Placeholders in
    /// braces are filled by the probe: `{ls}` login server, `{name}` registry
    /// name, `{status}` HTTP status, `{cmd}` / `{stderr}` a failed command,
    /// `{granted}` / `{missing}` repository actions, `{reason}` our detail.
    pub message: &'static str,
    /// What the code means, in a sentence or two.
    pub meaning: &'static str,
    /// What usually causes it.
    pub causes: &'static [&'static str],
    /// What to do about it, in order.
    pub remediation: &'static [&'static str],
}

impl Entry {
    /// `https://aka.ms/acr/errors#connectivity_dns_error`
    pub fn link(&self) -> String {
        format!(
            "https://aka.ms/acr/errors#{}",
            self.code.as_str().to_ascii_lowercase()
        )
    }
}

/// Remediation for a case a code's general steps do not fit, chosen by the
/// probe that knows the case; our own words, like the entries'.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// A 403 from a registry whose public network access is disabled: its IP
    /// rules do not apply, so adding the client's address would change nothing.
    PrivateEndpointsOnly,
}

impl Remedy {
    pub const ALL: &'static [Remedy] = &[Remedy::PrivateEndpointsOnly];

    /// The remedy as Fluent ids name it (`remedy-{key}-fix-1` …).
    pub fn key(self) -> &'static str {
        match self {
            Remedy::PrivateEndpointsOnly => "private-endpoints-only",
        }
    }

    pub fn steps(self) -> &'static [&'static str] {
        match self {
            Remedy::PrivateEndpointsOnly => &[
                "Public network access is disabled, so only the registry's private endpoints admit clients, and IP rules do not apply: run from a network linked to one of its private endpoints.",
                "Check there that the login server and each data endpoint resolve to the private endpoint's address (the private DNS zone privatelink.azurecr.io must be linked to that network); --vnet <network> checks it.",
                "If clients outside those networks must reach the registry, add a private endpoint in their network, or enable public access (its IP rules then apply).",
            ],
        }
    }
}

impl Code {
    pub fn entry(self) -> &'static Entry {
        ENTRIES
            .iter()
            .find(|e| e.code == self)
            .expect("every code has a catalog entry (checked by a test)")
    }
}

/// az's exact strings that are not a code's main message: the other
/// variants of a message and the prompt. Interface strings, like the
/// templates in `ENTRIES` (docs/behaviour.md §3).
pub mod az {
    /// The first line of HELM_VERSION_ERROR when `helm version` itself failed.
    pub const HELM_RETRIEVE_FAILED: &str = "An error occurred while retrieving Helm version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended Helm version.";
    /// The first line of NOTARY_VERSION_ERROR when `notary version` failed.
    pub const NOTARY_RETRIEVE_FAILED: &str = "An error occurred while retrieving notary version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended notary version.";
    /// A failed command's second line, after the message's first.
    pub const FAILED_COMMAND: &str = "Failed to run command '{cmd}'. {stderr}";
    /// CONNECTIVITY_ACCESS_TOKEN_ERROR with `--repository`, when the token
    /// grants fewer actions than asked for.
    pub const LACKING_PERMISSIONS: &str = "You have {granted} permissions to the repository. You are lacking {missing} repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.";
    /// Asked before the docker test pull (without --yes).
    pub const PULL_PROMPT: &str = "This will pull the image {image}. Proceed? (y/n): ";

    // az's argument checks, before anything runs (acr `_validators.py`,
    // `validate_registry_name`; azure-cli-core's global `--subscription`).

    /// `-n` with the cloud's login-server suffix: the name az goes on with,
    /// and what it cut off (a domain-name-label hash included).
    pub const SUFFIX_OMITTED: &str =
        "Registry name is '{name}'. The following suffix '{suffix}' is automatically omitted.";
    /// `-n` refused: a hyphen without a suffix, or not 5 to 50 letters,
    /// digits and hyphens.
    pub const BAD_REGISTRY_NAME: &str = "Registry names may contain only alpha numeric characters and must be between 5 and 50 characters";
    /// `-n` with a suffix other than the cloud's.
    pub const INVALID_LOGIN_SERVER_SUFFIX: &str = "The login server suffix is not valid for the current cloud. Please try again using '{suffix}'.";
    /// `--subscription` that az's profile lists by neither id nor name
    /// (azure-cli-core, `register_global_subscription_argument`).
    pub const SUBSCRIPTION_NOT_RECOGNIZED: &str = "Subscription '{value}' not recognized.";
    /// The same subscription, when az signs in for the registry token
    /// (azure-cli-core `_profile.py`, `Profile.get_subscription`): raised,
    /// so the run ends there.
    pub const SUBSCRIPTION_NOT_FOUND: &str =
        "Subscription '{value}' not found. Check the spelling and casing and try again.";
    /// `Profile.get_subscription` with no login in the active cloud
    /// (`_AZ_LOGIN_MESSAGE`).
    pub const LOGIN_NEEDED: &str = "Please run 'az login' to setup account.";

    // `--vnet` (check_health.py, `_check_private_endpoint`): az raises every
    // one of these but the two warnings, which precede the last.

    /// `--vnet` without `-n`.
    pub const VNET_NO_REGISTRY: &str =
        "Registry name must be provided to verify DNS routings of its private endpoints";
    /// The registry has no private endpoint connections.
    pub const VNET_NO_ENDPOINTS: &str =
        "Registry \"{name}\" doesn't have private endpoints to verify DNS routings.";
    /// `--vnet` is a resource id, but not of a virtual network.
    pub const VNET_NOT_A_VNET: &str = "\"{vnet}\" is not a valid resource id of a virtual network";
    /// Two endpoints in the network serve the same name.
    pub const VNET_DUPLICATE: &str = "Registry \"{name}\" has more than one private endpoint in the vnet of \"{vnet}\". DNS routing will be unreliable";
    /// No endpoint's subnet lies in the network.
    pub const VNET_NONE_IN_VNET: &str = "Registry \"{name}\" doesn't have private endpoints in the vnet of \"{vnet}\". Please make sure you provided correct vnet";
    /// A warning: a name resolves, but not to its endpoint's address.
    pub const VNET_WRONG_ADDRESS: &str = "DNS routing to registry \"{name}\" through private IP is incorrect. Expect: {want}, Actual: {got}";
    /// A warning: a name does not resolve (`{error}` as Python prints a
    /// `socket.gaierror`, e.g. `[Errno -2] Name or service not known`).
    pub const VNET_DNS_ERROR: &str = "Error resolving DNS for {fqdn}. Ex: {error}";
    /// After either warning.
    pub const VNET_FAILED: &str = "DNS routing verification failed";

    // Entra ID refusing the token az signs in with (azure-cli-core
    // `auth/util.py`, `aad_error_handler` and `_generate_login_command`): az
    // raises MSAL's `error_description` as is and prints its recommendation
    // on the lines after it.

    /// The recommendation after a refusal, but for the one below.
    pub const AAD_RELOGIN: &str = "Run the command below to authenticate interactively; additional arguments may be added as needed:\n{command}";
    /// The command for a service principal, workload or managed identity:
    /// az's MSAL call names no tenant or scope for them.
    pub const AAD_RELOGIN_APP: &str = "az logout\naz login";
    /// The command for a user: the account's tenant and the scope asked for.
    pub const AAD_RELOGIN_USER: &str =
        "az logout\naz login --tenant \"{tenant}\" --scope \"{scope}\"";
    /// The recommendation when Entra's `error_codes` hold 7000215 (invalid
    /// client secret), in place of the command.
    pub const AAD_PASSWORD_CERTIFICATE: &str = "The error may be caused by passing a service principal certificate with --password. Please note that --password no longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead.";
    /// An answer without `error_description`: Python prints `None`.
    pub const AAD_NO_DESCRIPTION: &str = "None";

    // az's own command line (`acr-health az`): argparse's messages as
    // azure-cli-core's `AzCliCommandParser.error` and `_check_value` print
    // them (parser.py), with the recommendations of `command_recommender.py`
    // and `azclierror.py` (`AzCLIError.print_error`).

    /// argparse: strings no parser took.
    pub const UNRECOGNIZED_ARGUMENTS: &str = "unrecognized arguments: {args}";
    /// argparse: an option that takes a value, without one.
    pub const EXPECTED_ONE_ARGUMENT: &str = "argument {option}: expected one argument";
    /// argparse: a value attached to an option that takes none.
    pub const IGNORED_EXPLICIT_ARGUMENT: &str =
        "argument {option}: ignored explicit argument {value}";
    /// argparse: a prefix of several options (`allow_abbrev` is on in az).
    pub const AMBIGUOUS_OPTION: &str = "ambiguous option: {option} could match {matches}";
    /// argparse: a command group without its command.
    pub const ARGUMENTS_REQUIRED: &str = "the following arguments are required: {dest}";
    /// `--query` that JMESPath cannot compile (knack `CLIQuery.jmespath_type`).
    pub const INVALID_QUERY_VALUE: &str = "argument --query: invalid jmespath_type value: {value}";
    /// A command az's tree does not hold (`_check_value`, no command source).
    pub const COMMAND_NOT_FOUND: &str = "'{value}' is misspelled or not recognized by the system.";
    /// An option's value outside its choices (`_check_value`).
    pub const NOT_A_VALID_VALUE: &str =
        "{prog}: '{value}' is not a valid value for '{option}'. Allowed values: {choices}.";
    /// The closest choice, after either of the two above.
    pub const DID_YOU_MEAN: &str = "Did you mean '{candidate}' ?";
    /// The hidden `--__cmd__` option (azure-cli-core `IgnoreAction`).
    pub const UNRECOGNIZED_ARGUMENT: &str = "unrecognized argument: {option} {value}";
    /// Before the help examples (more than one recommendation).
    pub const EXAMPLES_HEADER: &str = "Examples from command's help:";
    /// The last recommendation of every parse error (parser.py
    /// `OVERVIEW_REFERENCE`, and its description).
    pub const CLI_REFERENCE: &str =
        "https://aka.ms/cli_ref\nRead more about the command in reference docs";
    /// Any error naming `--query` (azure-cli-core util.py `QUERY_REFERENCE`).
    pub const QUERY_REFERENCE: &str = "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";
    /// A query that fails on the result (util.py `handle_exception`).
    pub const INVALID_QUERY: &str = "Invalid jmespath query supplied for `--query`: {reason}";
    /// knack `CLILogging._determine_log_level`: raised before logging is
    /// set up, so Python prints it bare (and az twice).
    pub const ONLY_SHOW_ERRORS_CONFLICT: &str =
        "--only-show-errors can't be used together with --debug or --verbose";
    /// azure-cli's `__main__.py`, at `--verbose`: the run's time, its
    /// start-up and the command's.
    pub const COMMAND_RAN_IN: &str =
        "Command ran in {total} seconds (init: {init}, invoke: {invoke})";
    /// check-health's help examples (acr `_help.py`): the command each
    /// recommends, and its line, in the help file's order. az prints the
    /// three of them after most parse errors of `az acr check-health`.
    pub const CHECK_HEALTH_EXAMPLES: [(&str, &str); 3] = [
        (
            "az acr check-health -n myregistry -y",
            "Gets health state with target registry 'myregistry', skipping confirmation for pulling image.",
        ),
        (
            "az acr check-health --ignore-errors",
            "Gets health state of the environment, without stopping on first error.",
        ),
        (
            "az acr check-health -n myregistry --repository myrepo",
            "Gets health state with target registry 'myregistry', and checks allowed permissions to the specific repository 'myrepo'.",
        ),
    ];
}

/// Our messages that are not a code's main one (the extension codes'
/// second forms).
pub mod ours {
    /// DATA_PATH_ERROR for a dedicated data endpoint, without --image.
    pub const DATA_ENDPOINT: &str = "Registry '{ls}' serves layers from the data endpoint '{endpoint}', which cannot be reached from here, so pulls of content stored there will fail. {reason}";
}

/// The templates of ours (and az's) that a message is built from besides a
/// code's own `{key}-message`, by their Fluent ids: what other languages
/// translate (`engine::i18n`, `i18n/en.ftl`). `-o az` prints the English.
pub const MESSAGE_IDS: &[(&str, &str)] = &[
    ("msg-failed-command", az::FAILED_COMMAND),
    ("msg-helm-retrieve-failed", az::HELM_RETRIEVE_FAILED),
    ("msg-notary-retrieve-failed", az::NOTARY_RETRIEVE_FAILED),
    ("msg-lacking-permissions", az::LACKING_PERMISSIONS),
    ("msg-lacking-all-permissions", LACKING_ALL_PERMISSIONS),
    ("msg-data-endpoint", ours::DATA_ENDPOINT),
];

/// `az::LACKING_PERMISSIONS` when the token grants nothing (az's list
/// reads `no`), as one sentence for other languages to translate whole.
const LACKING_ALL_PERMISSIONS: &str = "You have no permissions to the repository. You are lacking {missing} repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.";

/// One part of a message as other languages write it (`engine::i18n`): a
/// template by its Fluent id with its values (sanitised as they went in,
/// like the English message's), or text that stays as it is (a child's
/// output, a line break).
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text {
        id: String,
        args: Vec<(&'static str, String)>,
    },
    Raw(String),
}

/// Text that came from outside the tool (a server's answer, a child
/// process's output, a value the user typed): a type of its own, so it is
/// never mistaken for our wording and passes through the one sanitiser as it
/// enters a message.
#[derive(Clone, Copy, Debug)]
pub struct Outside<'a>(pub &'a str);

impl Outside<'_> {
    /// Scrubbed and escaped to one line; only the line breaks it ends with
    /// stay (az prints a child's stderr with its final newline).
    fn render(&self) -> String {
        crate::guard::sanitize::child_output(self.0)
    }
}

/// Which way a notary client is off the recommended version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Upgrade,
    Downgrade,
}

/// Every error message the tool prints, with its parameters typed: the
/// variant picks the code and the template, so no message is built or
/// patched outside this file and no placeholder can be left unfilled.
#[derive(Clone, Debug)]
pub enum Message<'a> {
    /// No usable docker client.
    DockerCommand,
    /// `docker ps` wrote on stderr: az prints that text as the message.
    DockerCommandSaid {
        stderr: Outside<'a>,
    },
    DockerDaemon,
    /// The daemon is unreachable and docker said why (`Cannot connect …`).
    DockerDaemonSaid {
        stderr: Outside<'a>,
    },
    DockerVersion {
        cmd: &'a str,
        stderr: Outside<'a>,
    },
    DockerPull {
        cmd: &'a str,
        stderr: Outside<'a>,
    },
    HelmCommand,
    /// `helm --help` wrote on stderr: appended to the message raw, as az does.
    HelmCommandSaid {
        stderr: Outside<'a>,
    },
    /// The helm client is older than the minimum.
    HelmVersionOld,
    /// `helm version` failed.
    HelmVersionFailed {
        cmd: &'a str,
        stderr: Outside<'a>,
    },
    NotaryVersion {
        direction: Direction,
    },
    /// `notary version` failed.
    NotaryVersionFailed {
        cmd: &'a str,
        stderr: Outside<'a>,
    },
    Cmk {
        name: &'a str,
    },
    Dns {
        ls: &'a str,
    },
    Forbidden {
        ls: &'a str,
        name: &'a str,
    },
    Challenge {
        ls: &'a str,
    },
    AadLogin {
        ls: &'a str,
    },
    RefreshToken {
        ls: &'a str,
        status: &'a str,
    },
    AccessToken {
        ls: &'a str,
        status: &'a str,
    },
    /// `--repository`: the token grants fewer actions than asked for.
    LackingPermissions {
        granted: &'a [String],
        missing: &'a [String],
    },
    Ssl {
        ls: &'a str,
    },
    TooManyRequests {
        ls: &'a str,
    },
    LoginServer {
        name: &'a str,
    },
    Credential {
        ls: &'a str,
        reason: Outside<'a>,
    },
    UntrustedRealm {
        ls: &'a str,
        realm: Outside<'a>,
    },
    /// An endpoint that would receive a secret or a token may not
    /// (`net::endpoint`): what it is, its URL, where it came from, why.
    InsecureEndpoint {
        what: &'a str,
        url: Outside<'a>,
        from: Outside<'a>,
        why: &'a str,
    },
    PrivateEndpointDns {
        name: &'a str,
        vnet: &'a str,
        reason: &'a str,
    },
    ImageNotFound {
        image: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    DataPath {
        image: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// A dedicated data endpoint ARM lists does not resolve or handshake.
    DataEndpoint {
        endpoint: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// az's profile does not list the subscription the run was given
    /// (`SUBSCRIPTION_NOT_FOUND`, or `LOGIN_NEEDED` with no login at all).
    SubscriptionNotFound {
        value: Outside<'a>,
        no_login: bool,
    },
    /// One of az's `--vnet` errors (`catalog::az::VNET_*`), filled in by
    /// `az_vnet`: az raises them, `-o az` prints them alone.
    PrivateEndpointAz {
        said: &'a str,
    },
    /// Entra ID refused the token (`-o az` only): az raises Entra's
    /// description and prints its recommendation (`az::AAD_*`).
    EntraRefused {
        /// `error_description`, as Entra wrote it.
        description: Option<Outside<'a>>,
        /// Entra's `error_codes` hold 7000215 (invalid client secret).
        invalid_secret: bool,
        /// A user's tenant and scope; None for an app's sign-in.
        user: Option<(&'a str, &'a str)>,
    },
    /// `--node`: the kubelet's identity cannot sign in for the registry.
    KubeletIdentity {
        identity: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// `--node`: the kubelet's identity signs in but may not pull.
    KubeletAcrPull {
        identity: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// `--node`: containerd's registry configuration cannot be read.
    ContainerdConfig {
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// `--node --image`: the pull through `ctr` failed.
    ContainerdPull {
        image: &'a str,
        ls: &'a str,
        reason: Outside<'a>,
    },
    /// A connection's set-up (TCP and TLS) took longer than `limit` (a warning).
    SlowTlsHandshake {
        host: &'a str,
        took: &'a str,
        limit: &'a str,
    },
    /// A registry token request (`what`) took longer than `limit` to answer (a warning).
    SlowTokenRequest {
        what: &'a str,
        host: &'a str,
        took: &'a str,
        limit: &'a str,
    },
    /// `--deadline` passed while the step `title` was still running.
    DeadlineExceeded {
        title: &'a str,
        deadline: &'a str,
    },
    /// The step `title` could not finish: acr-health had no file
    /// descriptor left (`sys::limits`).
    OpenFilesLimit {
        title: &'a str,
    },
    /// The step `title` panicked (a bug in acr-health).
    Internal {
        title: &'a str,
    },
}

/// A value for a template placeholder.
enum Value<'a> {
    Ours(&'a str),
    Outside(Outside<'a>),
    Owned(String),
    /// Entra ID's error description: its own line breaks before its trace
    /// id, correlation id and timestamp stay (`sanitize::entra_description`).
    Entra(Outside<'a>),
    /// Lines of az's filled in already, their values sanitised as they
    /// went in: inserted as they are.
    Filled(String),
}

impl Value<'_> {
    fn render(&self) -> String {
        match self {
            // Ours may still carry a value the user typed (an image, a
            // path from PATH): escaped too, which leaves our own text as is.
            Value::Ours(s) => crate::guard::sanitize::outside(s),
            Value::Outside(o) => o.render(),
            // Built from outside values (a token's granted actions).
            Value::Owned(s) => crate::guard::sanitize::outside(s),
            Value::Entra(o) => crate::guard::sanitize::entra_description(o.0),
            Value::Filled(s) => s.clone(),
        }
    }
}

/// az's English list: `a`, `a and b`, `a, b and c`; `no` for none.
fn join_and(items: &[String]) -> String {
    match items {
        [] => "no".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl<'a> Message<'a> {
    /// The token step's refusal: the refresh or the access token's code.
    pub fn token_refused(code: Code, ls: &'a str, status: &'a str) -> Self {
        match code {
            Code::ConnectivityRefreshTokenError => Message::RefreshToken { ls, status },
            _ => Message::AccessToken { ls, status },
        }
    }

    pub fn code(&self) -> Code {
        use Message::*;
        match self {
            DockerCommand | DockerCommandSaid { .. } => Code::DockerCommandError,
            DockerDaemon | DockerDaemonSaid { .. } => Code::DockerDaemonError,
            DockerVersion { .. } => Code::DockerVersionError,
            DockerPull { .. } => Code::DockerPullError,
            HelmCommand | HelmCommandSaid { .. } => Code::HelmCommandError,
            HelmVersionOld | HelmVersionFailed { .. } => Code::HelmVersionError,
            NotaryVersion { .. } | NotaryVersionFailed { .. } => Code::NotaryVersionError,
            Cmk { .. } => Code::CmkError,
            Dns { .. } => Code::ConnectivityDnsError,
            Forbidden { .. } => Code::ConnectivityForbiddenError,
            Challenge { .. } => Code::ConnectivityChallengeError,
            AadLogin { .. } => Code::ConnectivityAadLoginError,
            RefreshToken { .. } => Code::ConnectivityRefreshTokenError,
            AccessToken { .. } | LackingPermissions { .. } => Code::ConnectivityAccessTokenError,
            Ssl { .. } => Code::ConnectivitySslError,
            TooManyRequests { .. } => Code::ConnectivityTooManyRequestsError,
            LoginServer { .. } => Code::LoginServerError,
            Credential { .. } | SubscriptionNotFound { .. } | EntraRefused { .. } => {
                Code::CredentialError
            }
            UntrustedRealm { .. } => Code::UntrustedRealmError,
            InsecureEndpoint { .. } => Code::InsecureEndpointError,
            PrivateEndpointDns { .. } | PrivateEndpointAz { .. } => Code::PrivateEndpointDnsError,
            ImageNotFound { .. } => Code::ImageNotFoundError,
            DataPath { .. } | DataEndpoint { .. } => Code::DataPathError,
            KubeletIdentity { .. } => Code::KubeletIdentityError,
            KubeletAcrPull { .. } => Code::KubeletAcrPullError,
            ContainerdConfig { .. } => Code::ContainerdConfigError,
            ContainerdPull { .. } => Code::ContainerdPullError,
            SlowTlsHandshake { .. } => Code::SlowTlsHandshakeWarning,
            SlowTokenRequest { .. } => Code::SlowTokenRequestWarning,
            DeadlineExceeded { .. } => Code::DeadlineExceededError,
            OpenFilesLimit { .. } => Code::OpenFilesLimitError,
            Internal { .. } => Code::InternalError,
        }
    }

    /// The template and its values.
    fn parts(&self) -> (String, Vec<(&'static str, Value<'a>)>) {
        use Message::*;
        let main = || self.code().entry().message.to_owned();
        // az's rule for a failed command: the first line, a newline, then
        // the command and its stderr only when it wrote any.
        let failed = |first: &str, cmd: &'a str, stderr: Outside<'a>| {
            let stderr = stderr.0.trim_end();
            if stderr.is_empty() {
                (format!("{first}\n"), vec![])
            } else {
                (
                    format!("{first}\n{}", az::FAILED_COMMAND),
                    vec![
                        ("cmd", Value::Ours(cmd)),
                        ("stderr", Value::Outside(Outside(stderr))),
                    ],
                )
            }
        };
        let first_line = |code: Code| code.entry().message.lines().next().unwrap_or_default();
        match *self {
            DockerCommand | DockerDaemon | HelmCommand | HelmVersionOld => (main(), vec![]),
            DockerCommandSaid { stderr } => {
                ("{stderr}".into(), vec![("stderr", Value::Outside(stderr))])
            }
            DockerDaemonSaid { stderr } => (
                format!("{}\n{{stderr}}", main()),
                vec![("stderr", Value::Outside(Outside(stderr.0.trim_end())))],
            ),
            HelmCommandSaid { stderr } => (
                format!("{}\n{{stderr}}", main()),
                vec![("stderr", Value::Outside(stderr))],
            ),
            DockerVersion { cmd, stderr } => {
                failed(first_line(Code::DockerVersionError), cmd, stderr)
            }
            DockerPull { cmd, stderr } => failed(first_line(Code::DockerPullError), cmd, stderr),
            HelmVersionFailed { cmd, stderr } => failed(az::HELM_RETRIEVE_FAILED, cmd, stderr),
            NotaryVersionFailed { cmd, stderr } => failed(az::NOTARY_RETRIEVE_FAILED, cmd, stderr),
            NotaryVersion { direction } => (
                main(),
                vec![(
                    "direction",
                    Value::Ours(match direction {
                        Direction::Upgrade => "upgrade",
                        Direction::Downgrade => "downgrade",
                    }),
                )],
            ),
            Cmk { name } | LoginServer { name } => (main(), vec![("name", Value::Ours(name))]),
            Dns { ls }
            | Challenge { ls }
            | AadLogin { ls }
            | Ssl { ls }
            | TooManyRequests { ls } => (main(), vec![("ls", Value::Ours(ls))]),
            Forbidden { ls, name } => (
                main(),
                vec![("ls", Value::Ours(ls)), ("name", Value::Ours(name))],
            ),
            RefreshToken { ls, status } | AccessToken { ls, status } => (
                main(),
                vec![("ls", Value::Ours(ls)), ("status", Value::Ours(status))],
            ),
            LackingPermissions { granted, missing } => (
                az::LACKING_PERMISSIONS.into(),
                vec![
                    ("granted", Value::Owned(join_and(granted))),
                    ("missing", Value::Owned(join_and(missing))),
                ],
            ),
            Credential { ls, reason } => (
                main(),
                vec![("ls", Value::Ours(ls)), ("reason", Value::Outside(reason))],
            ),
            PrivateEndpointAz { said } => ("{said}".into(), vec![("said", Value::Ours(said))]),
            EntraRefused {
                description,
                invalid_secret,
                user,
            } => {
                let hint = if invalid_secret {
                    az::AAD_PASSWORD_CERTIFICATE.to_owned()
                } else {
                    let command = match user {
                        Some((tenant, scope)) => fill(
                            az::AAD_RELOGIN_USER,
                            &[
                                ("tenant", Value::Outside(Outside(tenant))),
                                ("scope", Value::Outside(Outside(scope))),
                            ],
                        ),
                        None => az::AAD_RELOGIN_APP.to_owned(),
                    };
                    fill(az::AAD_RELOGIN, &[("command", Value::Filled(command))])
                };
                let description = match description {
                    Some(d) => Value::Entra(d),
                    None => Value::Ours(az::AAD_NO_DESCRIPTION),
                };
                (
                    "{description}\n{hint}".into(),
                    vec![("description", description), ("hint", Value::Filled(hint))],
                )
            }
            SubscriptionNotFound { value, no_login } => {
                if no_login {
                    (az::LOGIN_NEEDED.into(), vec![])
                } else {
                    (
                        az::SUBSCRIPTION_NOT_FOUND.into(),
                        vec![("value", Value::Outside(value))],
                    )
                }
            }
            UntrustedRealm { ls, realm } => (
                main(),
                vec![("ls", Value::Ours(ls)), ("realm", Value::Outside(realm))],
            ),
            InsecureEndpoint {
                what,
                url,
                from,
                why,
            } => (
                main(),
                vec![
                    ("what", Value::Ours(what)),
                    ("url", Value::Outside(url)),
                    ("from", Value::Outside(from)),
                    ("why", Value::Ours(why)),
                ],
            ),
            PrivateEndpointDns { name, vnet, reason } => (
                main(),
                vec![
                    ("name", Value::Ours(name)),
                    ("vnet", Value::Ours(vnet)),
                    ("reason", Value::Ours(reason)),
                ],
            ),
            DeadlineExceeded { title, deadline } => (
                main(),
                vec![
                    ("title", Value::Ours(title)),
                    ("deadline", Value::Ours(deadline)),
                ],
            ),
            Internal { title } | OpenFilesLimit { title } => {
                (main(), vec![("title", Value::Ours(title))])
            }
            KubeletIdentity {
                identity,
                ls,
                reason,
            }
            | KubeletAcrPull {
                identity,
                ls,
                reason,
            } => (
                main(),
                vec![
                    ("identity", Value::Ours(identity)),
                    ("ls", Value::Ours(ls)),
                    ("reason", Value::Outside(reason)),
                ],
            ),
            ContainerdConfig { ls, reason } => (
                main(),
                vec![("ls", Value::Ours(ls)), ("reason", Value::Outside(reason))],
            ),
            ContainerdPull { image, ls, reason } => (
                main(),
                vec![
                    ("image", Value::Ours(image)),
                    ("ls", Value::Ours(ls)),
                    ("reason", Value::Outside(reason)),
                ],
            ),
            SlowTlsHandshake { host, took, limit } => (
                main(),
                vec![
                    ("host", Value::Outside(Outside(host))),
                    ("took", Value::Ours(took)),
                    ("limit", Value::Ours(limit)),
                ],
            ),
            SlowTokenRequest {
                what,
                host,
                took,
                limit,
            } => (
                main(),
                vec![
                    ("what", Value::Outside(Outside(what))),
                    ("host", Value::Outside(Outside(host))),
                    ("took", Value::Ours(took)),
                    ("limit", Value::Ours(limit)),
                ],
            ),
            ImageNotFound { image, ls, reason } | DataPath { image, ls, reason } => (
                main(),
                vec![
                    ("image", Value::Ours(image)),
                    ("ls", Value::Ours(ls)),
                    ("reason", Value::Outside(reason)),
                ],
            ),
            DataEndpoint {
                endpoint,
                ls,
                reason,
            } => (
                ours::DATA_ENDPOINT.into(),
                vec![
                    ("endpoint", Value::Outside(Outside(endpoint))),
                    ("ls", Value::Ours(ls)),
                    ("reason", Value::Outside(reason)),
                ],
            ),
        }
    }

    /// The message as other languages write it, in pieces (see [`Piece`]);
    /// None for the messages that are az's own text or a child's output
    /// alone, which every language prints as they are.
    pub fn pieces(&self) -> Option<Vec<Piece>> {
        use Message::*;
        let (_, values) = self.parts();
        let args = |values: &[(&'static str, Value<'_>)]| -> Vec<(&'static str, String)> {
            values.iter().map(|(k, v)| (*k, v.render())).collect()
        };
        let text = |id: &str, args: Vec<(&'static str, String)>| Piece::Text {
            id: id.to_owned(),
            args,
        };
        let main_id = format!("{}-message", self.code().key());
        Some(match *self {
            DockerCommandSaid { .. }
            | PrivateEndpointAz { .. }
            | EntraRefused { .. }
            | SubscriptionNotFound { .. } => return None,
            DockerDaemonSaid { .. } | HelmCommandSaid { .. } => {
                let rest = values.first().map(|(_, v)| v.render()).unwrap_or_default();
                vec![text(&main_id, vec![]), Piece::Raw(format!("\n{rest}"))]
            }
            DockerVersion { .. }
            | DockerPull { .. }
            | HelmVersionFailed { .. }
            | NotaryVersionFailed { .. } => {
                let first = match self {
                    HelmVersionFailed { .. } => "msg-helm-retrieve-failed",
                    NotaryVersionFailed { .. } => "msg-notary-retrieve-failed",
                    _ => main_id.as_str(),
                };
                let mut out = vec![text(first, vec![]), Piece::Raw("\n".into())];
                if !values.is_empty() {
                    out.push(text("msg-failed-command", args(&values)));
                }
                out
            }
            // A plain list: "and" is English (az's `join_and`).
            LackingPermissions { granted, missing } => {
                let list = |v: &[String]| crate::guard::sanitize::outside(&v.join(", "));
                if granted.is_empty() {
                    vec![text(
                        "msg-lacking-all-permissions",
                        vec![("missing", list(missing))],
                    )]
                } else {
                    vec![text(
                        "msg-lacking-permissions",
                        vec![("granted", list(granted)), ("missing", list(missing))],
                    )]
                }
            }
            DataEndpoint { .. } => vec![text("msg-data-endpoint", args(&values))],
            _ => vec![text(&main_id, args(&values))],
        })
    }

    /// The message as printed after `An error occurred: CODE`. Its lines
    /// are printed from their start (a child's stderr may be one of them),
    /// so none may open with a CI log command (`sanitize::line_starts`).
    pub fn render(&self) -> String {
        let (template, values) = self.parts();
        crate::guard::sanitize::line_starts(&fill(&template, &values))
    }
}

/// The docker test pull's question, in az's words.
pub fn pull_prompt(image: &str) -> String {
    fill(az::PULL_PROMPT, &[("image", Value::Ours(image))])
}

/// az's warning for a `-n` it cut to the registry name.
pub fn az_suffix_omitted(name: &str, suffix: &str) -> String {
    fill(
        az::SUFFIX_OMITTED,
        &[("name", Value::Ours(name)), ("suffix", Value::Ours(suffix))],
    )
}

/// az's refusal of a `-n` with another cloud's suffix; `suffix` is the
/// active cloud's.
pub fn az_invalid_suffix(suffix: &str) -> String {
    fill(
        az::INVALID_LOGIN_SERVER_SUFFIX,
        &[("suffix", Value::Ours(suffix))],
    )
}

/// One of az's `--vnet` texts (`az::VNET_*`) with its values, which come
/// from outside (ARM, DNS, the command line).
pub fn az_vnet(template: &str, values: &[(&str, &str)]) -> String {
    let values: Vec<(&str, Value<'_>)> = values
        .iter()
        .map(|(k, v)| (*k, Value::Outside(Outside(v))))
        .collect();
    fill(template, &values)
}

/// az's warning for a `--subscription` its profile does not list.
pub fn az_subscription_not_recognized(value: &str) -> String {
    fill(
        az::SUBSCRIPTION_NOT_RECOGNIZED,
        &[("value", Value::Outside(Outside(value)))],
    )
}

/// Fills `{key}` placeholders in one pass: a value is inserted as is and
/// never searched for placeholders itself (docker's `{{json .}}` or a
/// server's braces stay what they are). An unknown `{key}` is left in place,
/// which the catalog's tests catch.
fn fill(template: &str, values: &[(&str, Value<'_>)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        let key = &after[..key_len];
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, v)) if !key.is_empty() && after[key_len..].starts_with('}') => {
                out.push_str(&v.render());
                rest = &after[key_len + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub static ENTRIES: &[Entry] = &[
    Entry {
        code: Code::DockerCommandError,
        title: "Docker client not usable",
        extension: false,
        message: "Please verify if Docker client is installed and running.",
        meaning: "No usable docker client was found, so none of the docker checks could run.",
        causes: &[
            "docker (or podman) is not installed, or not on PATH for this shell",
            "DOCKER_COMMAND names a program that does not exist",
            "the only docker found was in the current directory, which acr-health refuses to run",
        ],
        remediation: &[
            "Install a docker client, or put its directory on PATH.",
            "If you use another client, set DOCKER_COMMAND to its absolute path.",
            "In a pod or CI job without docker, pass --skip docker.",
        ],
    },
    Entry {
        code: Code::DockerDaemonError,
        title: "Docker daemon unreachable",
        extension: false,
        message: "Please verify if Docker daemon is running, or try restarting it.",
        meaning: "The docker client runs, but it cannot talk to a docker daemon.",
        causes: &[
            "the daemon (dockerd, Docker Desktop) is not started",
            "DOCKER_HOST or the current docker context points at a socket nobody listens on",
            "your user may not open the daemon's socket (not in the docker group)",
        ],
        remediation: &[
            "Start the daemon (for example `sudo systemctl start docker`, or open Docker Desktop).",
            "Check `docker context ls` and DOCKER_HOST point at the daemon you expect.",
            "On Linux, add your user to the docker group, then log in again.",
        ],
    },
    Entry {
        code: Code::DockerVersionError,
        title: "Docker version unreadable",
        extension: false,
        message: "An error occurred while retrieving Docker version. Please try verifying it manually.\nFailed to run command '{cmd}'. {stderr}",
        meaning: "`docker version` failed or printed something acr-health could not read.",
        causes: &[
            "a broken or very old docker client",
            "a wrapper script in place of docker that does not understand --format",
            "the command hung and was stopped at the timeout",
        ],
        remediation: &[
            "Run the command shown above yourself and read its error.",
            "Reinstall or upgrade the docker client.",
        ],
    },
    Entry {
        code: Code::DockerPullError,
        title: "Docker test pull failed",
        extension: false,
        message: "An error occurred while pulling a sample image. Please validate your network connection and verify if Docker daemon is running properly.\nFailed to run command '{cmd}'. {stderr}",
        meaning: "The docker daemon could not pull the small test image, so pulls from any registry may fail.",
        causes: &[
            "the daemon has no route to the internet or to the image's registry",
            "a proxy is needed and the daemon does not know about it",
            "the daemon's disk is full, or the image name given with --pull-image does not exist",
        ],
        remediation: &[
            "Read docker's own error above; it usually names the host or the reason.",
            "Configure the daemon's proxy (not only your shell's) if you are behind one.",
            "Try `docker pull` of the same image by hand to reproduce it.",
        ],
    },
    Entry {
        code: Code::HelmCommandError,
        title: "Helm client not found",
        extension: false,
        message: "Please verify if Helm is installed.",
        meaning: "No helm client was found on PATH.",
        causes: &["helm is not installed, or not on PATH for this shell"],
        remediation: &[
            "Install helm 3 if you push or pull charts.",
            "If you do not use helm, pass --skip helm.",
        ],
    },
    Entry {
        code: Code::HelmVersionError,
        title: "Helm client too old",
        extension: false,
        message: "Current Helm client version is not recommended. Please upgrade your Helm client to at least version 2.11.0.",
        meaning: "One code for two problems, as az uses it: `helm version --client` failed, or the helm client it reports is older than 2.11.0.",
        causes: &["an old helm 2 client", "`helm version --client` failed"],
        remediation: &[
            "If the message says the command failed, run `helm version --client` yourself; the text after the command is helm's own error.",
            "If the client is older than 2.11.0, upgrade helm; helm 3 talks to the registry over OCI directly.",
        ],
    },
    Entry {
        code: Code::NotaryVersionError,
        title: "Notary client incompatible",
        extension: false,
        message: "Current notary version is not recommended. Please {direction} your notary client to version 0.6.0.",
        meaning: "The notary client is not the version docker content trust is known to work with (0.6.0), or `notary version` failed.",
        causes: &[
            "an older or newer notary binary earlier on PATH",
            "a notary build that does not report its version",
        ],
        remediation: &[
            "Install notary 0.6.0, or remove the other binary from PATH. Builds for every platform are on the project's releases page: https://github.com/notaryproject/notary/releases",
            "On Windows, docker only finds the client as `notary.exe` in the folder that holds docker's own binaries (with Docker Desktop usually `C:\\Program Files\\Docker\\Docker\\resources\\bin`): download the Windows build, rename it to `notary.exe` and place it there.",
            "The rule is exactly 0.6.0, not a minimum, so a newer client is flagged too: az adopted it because notary 0.6.1 broke authentication for remote operations against a trust server.",
            "Docker Content Trust, which notary serves, is deprecated; for new image signing use Notation (Notary Project v2). If you do not sign images with docker content trust, pass --skip notary.",
        ],
    },
    Entry {
        code: Code::CmkError,
        title: "Encryption identity missing",
        extension: false,
        message: "The identity used for registry '{name}' encryption doesn't exist.",
        meaning: "The registry encrypts with a customer-managed key and reaches the key vault through a managed identity that no longer exists, so the registry cannot reach its key.",
        causes: &[
            "the user-assigned identity was deleted",
            "the identity was removed from the registry while encryption still refers to it",
        ],
        remediation: &[
            "Re-create or re-assign the identity named in the registry's encryption settings.",
            "Give it get/wrapKey/unwrapKey access to the key in the key vault again.",
            "The key vault can be reached with the registry's system-assigned identity or with a user-assigned one; either works once it has access to the key.",
            "To move to another identity, rotate the key and name that identity in the same step (`az acr encryption rotate-key --identity <client id or [system]>`).",
        ],
    },
    Entry {
        code: Code::ConnectivityDnsError,
        title: "DNS lookup failed",
        extension: false,
        message: "Failed to reach DNS for registry '{ls}'. Please check if the spelling is correct, if the CLI environment is on correct cloud and your network connectivity.",
        meaning: "The registry's name could not be turned into an address.",
        causes: &[
            "a typo in the registry name, or the wrong cloud (.azurecr.io vs .azurecr.cn / .azurecr.us)",
            "the DNS server is unreachable, answers SERVFAIL or times out",
            "a private DNS zone for privatelink.azurecr.io that lacks the registry's record",
        ],
        remediation: &[
            "Check the name and the cloud (--cloud) against the registry's login server.",
            "Look the name up yourself (`nslookup <login server>`); try --dns-server with a resolver you trust.",
            "With private endpoints, check the A records in the privatelink.azurecr.io zone linked to your network.",
            "If you gave a bare registry name and the registry could not be read from Azure (no permission to read it, or the wrong subscription), the login server was guessed from the name: get read permission on the registry, or pass its login server with -n.",
        ],
    },
    Entry {
        code: Code::ConnectivityForbiddenError,
        title: "Registry refused access",
        extension: false,
        message: "Looks like you don't have access to registry '{ls}'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name {name}'. Details: https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error",
        meaning: "The registry answered 403 before any login: its network rules do not admit this client.",
        causes: &[
            "the registry's firewall allows only listed IP ranges or networks, and yours is not one",
            "public network access is disabled and you are not coming through a private endpoint",
        ],
        remediation: &[
            "Add the client IP shown above to the registry's network rules, or connect from an allowed network.",
            "If the registry uses private endpoints, make sure the name resolves to the private address here (--vnet).",
        ],
    },
    Entry {
        code: Code::ConnectivityChallengeError,
        title: "No authentication challenge",
        extension: false,
        message: "Registry '{ls}' did not issue a challenge.",
        meaning: "`GET /v2/` did not end in the 401 challenge every registry sends to start a login.",
        causes: &[
            "the connection was refused, reset or timed out",
            "a proxy or gateway answered in the registry's place",
            "the server is not a container registry",
        ],
        remediation: &[
            "Read what came back (shown above) to see who answered.",
            "Check proxies (HTTPS_PROXY / NO_PROXY) and firewalls between you and the registry.",
            "If nothing between you and the registry is at fault, the service may be having a passing problem: try again in a few minutes.",
            "If it keeps failing, report a service issue by opening a support request for the registry in the Azure portal (Help + support).",
        ],
    },
    Entry {
        code: Code::ConnectivityAadLoginError,
        title: "No AAD login on this registry",
        extension: false,
        message: "Registry '{ls}' does not support AAD login.",
        meaning: "The registry's challenge is not a Bearer challenge with a realm and a service, so a token login is impossible.",
        causes: &[
            "the server is a registry that only does Basic auth (not an Azure registry)",
            "something in between rewrote the WWW-Authenticate header",
        ],
        remediation: &[
            "Make sure the name points at an Azure container registry.",
            "For a Basic-auth registry, test with `docker login` instead.",
            "As an alternative to Entra ID, enable the registry's admin user and log in with its credentials (-u/-p here, or `docker login`).",
        ],
    },
    Entry {
        code: Code::ConnectivityRefreshTokenError,
        title: "Refresh token refused",
        extension: false,
        message: "Access to registry '{ls}' was denied. Response code: {status}. Please try running 'az login' again to refresh permissions.",
        meaning: "The registry would not trade the Entra ID token for a registry refresh token.",
        causes: &[
            "the identity has no role on the registry (AcrPull or better)",
            "the Entra ID token is for another tenant, expired, or for the wrong audience",
            "AAD authentication (ARM audience tokens) is disabled on the registry",
        ],
        remediation: &[
            "Give the identity named above a role on the registry, for example AcrPull.",
            "Get a fresh token (log in again, or check the service principal's tenant).",
        ],
    },
    Entry {
        code: Code::ConnectivityAccessTokenError,
        title: "Access token refused",
        extension: false,
        message: "Access to registry '{ls}' was denied. Response code: {status}. Please try running 'az login' again to refresh permissions.",
        meaning: "The registry would not issue an access token for the requested scope, or granted fewer actions than asked for.",
        causes: &[
            "the identity's role does not include the requested actions",
            "a repository-scoped token or scope map limits what may be done",
            "wrong admin username or password",
        ],
        remediation: &[
            "Compare the granted and missing actions above with the role you expected.",
            "Assign a role that includes them (AcrPush for push, AcrDelete for delete).",
        ],
    },
    Entry {
        code: Code::ConnectivitySslError,
        title: "TLS handshake failed",
        extension: false,
        message: "Unable to establish a secure connection to the registry '{ls}'. Are you using a proxy server?",
        meaning: "No trusted TLS connection to the registry could be made.",
        causes: &[
            "a TLS-inspecting proxy whose root certificate this machine does not trust",
            "the name resolves to a server that presents another host's certificate",
            "an expired certificate, or a server offering only TLS below 1.2",
        ],
        remediation: &[
            "If your network inspects TLS, pass its root certificate with --ca-cert (or SSL_CERT_FILE).",
            "Check that the name resolves to the registry and not to something in between.",
        ],
    },
    Entry {
        code: Code::ConnectivityTooManyRequestsError,
        title: "Throttled",
        extension: false,
        message: "Too many requests, access to registry '{ls}' was denied. Please wait a moment before trying again.",
        meaning: "The registry is throttling this client (HTTP 429).",
        causes: &[
            "many clients or pipelines logging in at once",
            "a loop retrying without a pause",
        ],
        remediation: &[
            "Wait for the time the registry asked for (Retry-After, shown above when sent) and retry.",
            "Spread out logins, and reuse tokens instead of fetching one per pull.",
            "The request limits depend on the registry's service tier (SKU: Basic, Standard, Premium); if you reach them in normal use, move the registry to a higher tier.",
        ],
    },
    Entry {
        code: Code::LoginServerError,
        title: "Login server unknown",
        extension: false,
        message: "An error occurred while retrieving the login server for registry '{name}'. Please check if the spelling is correct, if the CLI environment is on correct cloud and if you have the right permissions on it.",
        meaning: "acr-health could not work out the registry's login server.",
        causes: &[
            "the cloud has no known registry suffix (a custom cloud without one)",
            "the registry does not exist in the subscription, or you cannot read it",
        ],
        remediation: &[
            "Pass the login server itself: -n myregistry.azurecr.io.",
            "Check the spelling of the registry name.",
            "Make sure the identity in use has permission to read the registry (a role such as Reader on it or its resource group).",
            "Choose the right cloud with --cloud, or register the custom cloud's suffix in the Azure CLI; update the Azure CLI (`az upgrade`) if its cloud list is too old to know the suffix.",
        ],
    },
    Entry {
        code: Code::CredentialError,
        title: "No usable credential",
        extension: true,
        message: "No credential for registry '{ls}' could be used. {reason}",
        meaning: "No credential source produced an Entra ID token (or none was configured), so the login steps could not run.",
        causes: &[
            "nothing configured: no -u/-p, no ACR_HEALTH_AAD_TOKEN, no service principal, workload or managed identity, no Azure CLI login",
            "a configured source failed, for example a wrong client secret (AADSTS7000215) or an unknown tenant",
        ],
        remediation: &[
            "Read which sources were tried above, and fix the one you meant to use.",
            "For a service principal set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.",
            "For a registry that allows anonymous pull, pass --anonymous.",
        ],
    },
    Entry {
        code: Code::UntrustedRealmError,
        title: "Token realm on another host",
        extension: true,
        message: "Registry '{ls}' asked for credentials to be sent to '{realm}', which is not on the registry's own host. Nothing was sent.",
        meaning: "The challenge named a token service on a different host. acr-health sends tokens and passwords only to the registry's own host.",
        causes: &[
            "a proxy or a look-alike server answering for the registry",
            "a misconfigured reverse proxy in front of a self-hosted registry",
        ],
        remediation: &[
            "Check that the registry's name resolves to the registry and not to something in between.",
            "Do not log in to this endpoint until you know who runs the realm host.",
        ],
    },
    Entry {
        code: Code::InsecureEndpointError,
        title: "Credential endpoint not https",
        extension: true,
        message: "The {what} '{url}' (from {from}) is {why}. Credentials are sent there, so nothing was sent.",
        meaning: "An endpoint that would receive a secret or a token (the Entra ID authority, the ARM endpoint, a managed identity endpoint) is not a plain https:// URL. acr-health never sends a credential in clear text, so it made no request there at all.",
        causes: &[
            "a custom cloud registered in the Azure CLI (clouds.config) with an http:// endpoint, or one with a user name, query or fragment in it",
            "a managed identity endpoint (IDENTITY_ENDPOINT) on plain http that is not on this machine",
        ],
        remediation: &[
            "Fix the endpoint where the message says it came from; for a custom cloud: `az cloud update --name <cloud> --endpoint-resource-manager https://…` (or --endpoint-active-directory).",
            "If the service only speaks plain http, put TLS in front of it: credentials are only ever sent over https.",
        ],
    },
    Entry {
        code: Code::PrivateEndpointDnsError,
        title: "DNS bypasses the private endpoint",
        extension: true,
        message: "DNS does not route registry '{name}' to its private endpoint in virtual network '{vnet}'. {reason}",
        meaning: "A name the registry's private endpoint serves resolves to some other address here, so traffic for it does not go through the endpoint.",
        causes: &[
            "the privatelink.azurecr.io private DNS zone is not linked to this virtual network",
            "the zone lacks the record for one of the endpoint's names (often a data endpoint, e.g. <registry>.<region>.data.azurecr.io)",
            "a custom DNS server forwards the name to public DNS instead of Azure DNS (168.63.129.16)",
        ],
        remediation: &[
            "Link the privatelink.azurecr.io zone to the virtual network, or add the missing A records shown above.",
            "With custom DNS servers, forward azurecr.io to Azure DNS (168.63.129.16).",
            "Check again with --dns-server set to the resolver your workloads use.",
        ],
    },
    Entry {
        code: Code::ImageNotFoundError,
        title: "Image not found",
        extension: true,
        message: "Image '{image}' was not found in registry '{ls}'. {reason}",
        meaning: "The registry has no manifest for the repository and tag (or digest) given with --image.",
        causes: &[
            "a typo in the repository or tag; tags are case-sensitive",
            "the tag was deleted, or untagged by a retention or purge task",
            "the repository lives in another registry",
        ],
        remediation: &[
            "List what exists: `az acr repository show-tags -n <registry> --repository <repo>`.",
            "Check the exact reference your deployment uses, including any registry prefix.",
        ],
    },
    Entry {
        code: Code::DataPathError,
        title: "Image content could not be downloaded",
        extension: true,
        message: "Pulling '{image}' from registry '{ls}' failed. {reason}",
        meaning: "The login server answered, but downloading the image's content did not work. Blobs usually come from a separate data endpoint (blob storage or <registry>.<region>.data.azurecr.io) that a firewall, proxy or private DNS may treat differently.",
        causes: &[
            "a firewall or proxy allows the login server but not the data endpoint",
            "a dedicated data endpoint the registry lists (one per region) does not resolve or complete a TLS handshake here; acr-health checks each one when it reads the registry from ARM",
            "with private endpoints, the data endpoint's name is missing from the private DNS zone or unreachable",
            "dedicated data endpoints are enabled but not allowed in the client's firewall rules",
        ],
        remediation: &[
            "Allow the data endpoint named above (and its port 443) wherever the login server is allowed.",
            "With private endpoints, run again with --vnet to check every name the endpoint serves.",
        ],
    },
    Entry {
        code: Code::KubeletIdentityError,
        title: "Kubelet identity cannot sign in",
        extension: true,
        message: "The kubelet's identity ({identity}) cannot sign in to registry '{ls}'. {reason}",
        meaning: "With --node: the identity the node's cloud-provider config gives the kubelet does not get a registry token, so every pull of the node from this registry fails with an authorization error (ImagePullBackOff).",
        causes: &[
            "the service principal's secret in azure.json has expired or was rotated (AADSTS7000222, AADSTS7000215)",
            "aadClientId names an application that does not exist in the node config's tenant",
            "the user-assigned identity named by userAssignedIdentityID is not assigned to the node's VM or scale set (IMDS answers 'Identity not found')",
            "the registry refuses service-principal passwords although the identity's Entra ID token could pull",
        ],
        remediation: &[
            "For a service principal, give the cluster a new secret (`az aks update-credentials --reset-service-principal`), which rewrites azure.json on every node.",
            "For a managed identity, check that the identity in userAssignedIdentityID is assigned to the node pool's scale set.",
            "Run again with --node on the node after the change; the reason above names the answer each service gave.",
        ],
    },
    Entry {
        code: Code::KubeletAcrPullError,
        title: "Kubelet identity may not pull",
        extension: true,
        message: "The kubelet's identity ({identity}) signs in but may not pull from registry '{ls}'. {reason}",
        meaning: "With --node: Entra ID accepts the kubelet's identity, but the registry grants it no pull: the identity has no AcrPull role (or a role that includes it) on this registry.",
        causes: &[
            "the cluster was never attached to the registry, or was attached to another one",
            "the AcrPull role assignment was made for another identity (the cluster's control-plane identity instead of its kubelet identity)",
            "the role was assigned on another scope (a different registry or resource group), or only moments ago (assignments take minutes to apply)",
            "the registry uses repository permissions (ABAC) and the identity has no role that covers this repository",
        ],
        remediation: &[
            "Attach the registry to the cluster (`az aks update -n <cluster> -g <group> --attach-acr <registry>`), or assign the AcrPull role to the client ID named above on the registry's resource ID.",
            "Wait a few minutes after a new role assignment, then run again with --node.",
        ],
    },
    Entry {
        code: Code::ContainerdConfigError,
        title: "Containerd registry configuration unreadable",
        extension: true,
        message: "Containerd's registry configuration for '{ls}' cannot be used. {reason}",
        meaning: "With --node: containerd's config file, or the hosts.toml of the registry's host directory, cannot be read or parsed, so containerd cannot resolve the registry as configured.",
        causes: &[
            "a TOML syntax error in /etc/containerd/config.toml or in a hosts.toml under its config_path",
            "a value of the wrong kind (a number where containerd expects a string or a list)",
            "a config version containerd does not read",
        ],
        remediation: &[
            "Fix the file named above; `containerd config dump` shows how containerd itself reads its config.",
            "Restart containerd after changing config.toml (hosts.toml files are read at each pull).",
        ],
    },
    Entry {
        code: Code::ContainerdPullError,
        title: "Pull through containerd failed",
        extension: true,
        message: "Pulling '{image}' from registry '{ls}' through containerd failed. {reason}",
        meaning: "With --node and --image: containerd's own client could not pull the image with the node's hosts directory and the kubelet identity's credentials, which is close to what the kubelet asks containerd to do.",
        causes: &[
            "a mirror in hosts.toml presents a certificate its ca file does not cover, or the ca file is wrong",
            "every host in hosts.toml is unreachable from the node, or an override sends the registry's host elsewhere",
            "the kubelet identity may not pull the repository (see the kubelet identity check above)",
            "containerd is not running, or CONTAINERD_ADDRESS does not name its socket",
        ],
        remediation: &[
            "Read the hosts containerd tried and why each failed in the reason above, then fix the matching entry of hosts.toml.",
            "Run the command shown above by hand on the node for containerd's full log (add --http-dump to see every request).",
        ],
    },
    Entry {
        code: Code::SlowTlsHandshakeWarning,
        title: "Slow connection set-up",
        extension: true,
        message: "Setting up the connection to '{host}' (TCP and the TLS handshake) took {took}, more than {limit}.",
        meaning: "A warning, not a failure: the connection was made, but its set-up alone took as long as many round trips to a registry in another region would. Every new connection pays it again, so pulls of many layers feel it most.",
        causes: &[
            "a proxy or firewall that inspects TLS and is slow or overloaded",
            "packet loss on the path, which makes TCP and TLS wait for retransmissions",
            "a very distant endpoint (another continent, a satellite link)",
            "a machine or container so short of CPU that the handshake itself is slow",
        ],
        remediation: &[
            "Run again with --timings to see each connection's set-up and which host it was.",
            "If a TLS-inspecting proxy is in the path, exempt the registry's login server and data endpoints from inspection.",
            "Pull from a geo-replica in a region near the client, or run the client nearer to the registry.",
        ],
    },
    Entry {
        code: Code::SlowTokenRequestWarning,
        title: "Slow token request",
        extension: true,
        message: "The token request {what} to '{host}' took {took} to answer, more than {limit}.",
        meaning: "A warning, not a failure: the registry's token service answered, but slowly. Every pull and push starts with such a request, so clients wait this long before any content moves.",
        causes: &[
            "the registry is being throttled or is under heavy load (its tier's request limits)",
            "the token service is slow to check the caller's identity or role assignments",
            "a proxy or firewall that holds requests before passing them on",
        ],
        remediation: &[
            "Run again with --timings to see the request's time to first byte apart from the connection's set-up.",
            "If it persists, check the registry's metrics for throttling (HTTP 429 answers) and consider a higher service tier.",
            "Check the Azure status page for the registry's region.",
        ],
    },
    Entry {
        code: Code::DeadlineExceededError,
        title: "Run deadline passed",
        extension: true,
        message: "The check '{title}' was still running when the run's deadline of {deadline} passed.",
        meaning: "--deadline bounds the whole run. When it passed, this check had not finished, so it was stopped and counts as failed.",
        causes: &[
            "a server that accepts connections but answers slowly or never",
            "a deadline shorter than what the checks need on this network (each network step may take up to --timeout)",
            "a credential chain that tries several sources, each slow to fail",
        ],
        remediation: &[
            "Run again with --debug to see which request was still waiting.",
            "Give a longer --deadline, or a shorter --timeout so each step gives up sooner.",
        ],
    },
    Entry {
        code: Code::OpenFilesLimitError,
        title: "Out of open files (acr-health's own limit)",
        extension: true,
        message: "The check '{title}' could not finish: acr-health ran out of file descriptors of its own. This says nothing about the registry.",
        meaning: "acr-health could not open a socket or a file because it already held as many as it may (its limit on open files), or because the whole machine's table of open files was full. The check stopped there, so it counts as failed, but the failure is this machine's limit, not the registry's or the network's; the reason names the limit and what the check was doing.",
        causes: &[
            "--parallel set so high that the registries in flight need more sockets than the limit on open files allows",
            "a low limit on open files for the process: a shell's `ulimit -n`, a service manager's or a container runtime's default",
            "another process on the machine holding nearly all of the system's open files (ENFILE)",
        ],
        remediation: &[
            "Check fewer registries at once: lower --parallel (the default, 64, fits inside a limit of 1,024 open files).",
            "Or raise acr-health's limit on open files: `ulimit -n` in the shell that starts it, LimitNOFILE= in a systemd unit, --ulimit nofile= for a container.",
            "If the reason says the system's table is full (ENFILE), find the process that holds the files (`lsof`) before raising the machine's own limit.",
        ],
    },
    Entry {
        code: Code::InternalError,
        title: "Internal error in acr-health",
        extension: true,
        message: "The check '{title}' stopped on a bug in acr-health.",
        meaning: "A check hit a bug in acr-health itself and could not finish. The other checks are not affected; the run counts as failed.",
        causes: &[
            "an answer or a file shaped in a way acr-health did not expect",
            "a defect in acr-health",
        ],
        remediation: &[
            "Report it with the version (`acr-health --version`), the command line and this message; see docs/security.md for how.",
            "Run again with --ignore-errors to see the results of the remaining checks.",
        ],
    },
];

/// The `docs/errors.md` page. A test keeps the committed file in step.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Error codes\n\n\
         <!-- Generated from src/engine/catalog.rs by `cargo run -- codes -o markdown`; do not edit by hand. -->\n\n\
         Every code acr-health can report. Codes marked *extension* are this project's own;\n\
         the others follow the Azure Container Registry health-check error reference.\n\
         `acr-health explain CODE` prints the same text offline.\n\n\
         | code | title | kind |\n|---|---|---|\n",
    );
    for e in ENTRIES {
        let kind = if e.extension {
            "extension"
        } else {
            "reference"
        };
        let anchor = e.code.as_str().to_ascii_lowercase();
        out.push_str(&format!(
            "| [{}](#{anchor}) | {} | {kind} |\n",
            e.code, e.title
        ));
    }
    for e in ENTRIES {
        out.push_str(&format!("\n## {}\n\n", e.code));
        out.push_str(&format!("**{}**", e.title));
        if e.extension {
            out.push_str(" (extension)");
        }
        out.push_str(&format!("\n\n{}\n\nMessage:\n\n", e.meaning));
        for line in e.message.lines() {
            out.push_str(&format!("    {line}\n"));
        }
        out.push_str("\nLikely causes:\n\n");
        for c in e.causes {
            out.push_str(&format!("- {c}\n"));
        }
        out.push_str("\nWhat to do:\n\n");
        for (i, r) in e.remediation.iter().enumerate() {
            out.push_str(&format!("{}. {r}\n", i + 1));
        }
        out.push_str(&format!("\nReference: <{}>\n", e.link()));
    }
    out
}

/// The facts of the error reference each code's remediation must state
/// (in our words), checked case-insensitively, there and in `explain`.
#[cfg(test)]
pub(crate) const REFERENCE_FACTS: &[(Code, &[&str])] = &[
    (
        Code::ConnectivityChallengeError,
        &[
            "try again in a few minutes",
            "support request",
            "Azure portal",
        ],
    ),
    (
        Code::ConnectivityAadLoginError,
        &["admin user", "-u/-p", "alternative"],
    ),
    (
        Code::ConnectivityTooManyRequestsError,
        &["service tier", "SKU", "higher tier"],
    ),
    (
        Code::CmkError,
        &[
            "system-assigned",
            "user-assigned",
            "rotate the key",
            "--identity",
        ],
    ),
    (
        Code::NotaryVersionError,
        &[
            "notary.exe",
            "docker's own binaries",
            "rename",
            "releases page",
            "exactly 0.6.0",
            "0.6.1",
            "authentication for remote operations",
            "deprecated",
        ],
    ),
    (
        Code::LoginServerError,
        &["update the Azure CLI", "spelling", "permission"],
    ),
    (
        Code::ConnectivityDnsError,
        &["no permission to read", "login server"],
    ),
    (
        Code::HelmVersionError,
        &["`helm version --client`", "failed", "older than 2.11.0"],
    ),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn remedies_fit_their_case() {
        for r in Remedy::ALL {
            assert!(!r.steps().is_empty());
        }
        // Public access disabled: IP rules do not apply, so the steps never
        // open with (or offer) adding the client's address to them.
        let private = Remedy::PrivateEndpointsOnly.steps();
        assert!(private[0].contains("private endpoints"));
        assert!(private.iter().all(|s| !s.contains("client IP")));
        let forbidden = Code::ConnectivityForbiddenError.entry().remediation;
        assert!(forbidden[0].starts_with("Add the client IP"));
    }

    /// One of every message variant, with made-up values; the values hold
    /// braces and placeholder-like text on purpose (docker's `{{json .}}`,
    /// a server echoing `{ls}`), which must come out as they went in.
    pub(crate) fn examples() -> Vec<Message<'static>> {
        use Message::*;
        static GRANTED: [String; 1] = [String::new()];
        let braces = Outside("said {{json .}} and {ls}");
        vec![
            DockerCommand,
            DockerCommandSaid { stderr: braces },
            DockerDaemon,
            DockerDaemonSaid { stderr: braces },
            DockerVersion {
                cmd: "docker version",
                stderr: braces,
            },
            DockerVersion {
                cmd: "docker version",
                stderr: Outside(""),
            },
            DockerPull {
                cmd: "docker pull x",
                stderr: braces,
            },
            HelmCommand,
            HelmCommandSaid { stderr: braces },
            HelmVersionOld,
            HelmVersionFailed {
                cmd: "helm version",
                stderr: braces,
            },
            NotaryVersion {
                direction: Direction::Upgrade,
            },
            NotaryVersion {
                direction: Direction::Downgrade,
            },
            NotaryVersionFailed {
                cmd: "notary version",
                stderr: braces,
            },
            Cmk { name: "reg-x" },
            Dns { ls: "reg.example" },
            Forbidden {
                ls: "reg.example",
                name: "reg-x",
            },
            Challenge { ls: "reg.example" },
            AadLogin { ls: "reg.example" },
            RefreshToken {
                ls: "reg.example",
                status: "401",
            },
            AccessToken {
                ls: "reg.example",
                status: "401",
            },
            LackingPermissions {
                granted: &GRANTED,
                missing: &GRANTED,
            },
            Ssl { ls: "reg.example" },
            TooManyRequests { ls: "reg.example" },
            LoginServer { name: "reg-x" },
            Credential {
                ls: "reg.example",
                reason: braces,
            },
            UntrustedRealm {
                ls: "reg.example",
                realm: braces,
            },
            InsecureEndpoint {
                what: "ARM endpoint",
                url: braces,
                from: braces,
                why: "not an https:// URL",
            },
            PrivateEndpointDns {
                name: "reg-x",
                vnet: "vnet-x",
                reason: "why",
            },
            ImageNotFound {
                image: "img",
                ls: "reg.example",
                reason: braces,
            },
            DataPath {
                image: "img",
                ls: "reg.example",
                reason: braces,
            },
            DataEndpoint {
                endpoint: "reg.eastus.data.example",
                ls: "reg.example",
                reason: braces,
            },
            KubeletIdentity {
                identity: "service principal (aadClientId c1)",
                ls: "reg.example",
                reason: braces,
            },
            KubeletAcrPull {
                identity: "service principal (aadClientId c1)",
                ls: "reg.example",
                reason: braces,
            },
            ContainerdConfig {
                ls: "reg.example",
                reason: braces,
            },
            ContainerdPull {
                image: "img",
                ls: "reg.example",
                reason: braces,
            },
            SlowTlsHandshake {
                host: "reg.example",
                took: "1.2 s",
                limit: "1 s",
            },
            SlowTokenRequest {
                what: "POST /oauth2/token",
                host: "reg.example",
                took: "2.5 s",
                limit: "2 s",
            },
            DeadlineExceeded {
                title: "Challenge endpoint",
                deadline: "30s",
            },
            Internal {
                title: "DNS lookup",
            },
            OpenFilesLimit {
                title: "DNS lookup",
            },
            EntraRefused {
                description: Some(braces),
                invalid_secret: false,
                user: Some(("t{1}", "s{2}")),
            },
            EntraRefused {
                description: None,
                invalid_secret: true,
                user: None,
            },
        ]
    }

    #[test]
    fn entra_refusals_read_as_az_raises_them() {
        // azure-cli-core `auth/util.py`: the description, then the
        // recommendation `_generate_login_command` builds.
        let d = "AADSTS50173: Revoked.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-01-02 03:04:05Z";
        let user = Message::EntraRefused {
            description: Some(Outside(d)),
            invalid_secret: false,
            user: Some(("tid", "https://containerregistry.azure.net/.default")),
        };
        assert_eq!(user.code(), Code::CredentialError);
        assert_eq!(
            user.render(),
            format!(
                "{d}\nRun the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login --tenant \"tid\" --scope \"https://containerregistry.azure.net/.default\""
            )
        );
        let app = Message::EntraRefused {
            description: Some(Outside("AADSTS700016: Gone.")),
            invalid_secret: false,
            user: None,
        };
        assert!(app.render().ends_with(":\naz logout\naz login"));
        // 7000215: the certificate warning instead of a command.
        let secret = Message::EntraRefused {
            description: None,
            invalid_secret: true,
            user: None,
        };
        assert_eq!(
            secret.render(),
            format!("None\n{}", az::AAD_PASSWORD_CERTIFICATE)
        );
        // A line break Entra did not put before its trailer stays escaped.
        let forged = Message::EntraRefused {
            description: Some(Outside("AADSTS1: x\r\nERROR: forged\nTrace ID: t")),
            invalid_secret: false,
            user: None,
        };
        assert!(
            forged
                .render()
                .starts_with("AADSTS1: x\\u{d}\\u{a}ERROR: forged\nTrace ID: t\n")
        );
    }

    #[test]
    fn outside_values_are_escaped_as_they_are_filled_in() {
        let m = Message::Credential {
            ls: "reg.example",
            reason: Outside("bad\r\nAn error occurred: X\u{1b}[2J"),
        };
        assert!(
            m.render()
                .ends_with("bad\\u{d}\\u{a}An error occurred: X\\u{1b}[2J")
        );
        let granted = ["pull\u{1b}]0;t\u{7}".to_string()];
        let m = Message::LackingPermissions {
            granted: &granted,
            missing: &granted,
        };
        assert!(
            m.render()
                .starts_with("You have pull\\u{1b}]0;t\\u{7} permissions")
        );
        // A child's final newline stays, as az prints it.
        let m = Message::DockerCommandSaid {
            stderr: Outside("oops\n"),
        };
        assert_eq!(m.render(), "oops\n");
    }

    /// `{word}` left in `text` once the example values (which may hold
    /// braces themselves) are taken out.
    fn unfilled(text: &str) -> Option<String> {
        let text = text.replace("said {{json .}} and {ls}", "");
        let start = text.find('{')?;
        let end = text[start..].find('}')? + start;
        let key = &text[start + 1..end];
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .then(|| key.to_owned())
    }

    #[test]
    fn no_rendered_message_has_an_unfilled_placeholder() {
        for m in examples() {
            let text = m.render();
            assert_eq!(unfilled(&text), None, "{m:?} rendered as {text:?}");
        }
    }

    #[test]
    fn every_code_has_a_message_example() {
        let examples = examples();
        for code in Code::ALL {
            assert!(
                examples.iter().any(|m| m.code() == *code),
                "{code} has no example in catalog::tests::examples (add its variants)"
            );
        }
    }

    #[test]
    fn values_are_inserted_once_and_never_searched() {
        let m = Message::Credential {
            ls: "{reason}",
            reason: Outside("{ls}"),
        };
        assert_eq!(
            m.render(),
            "No credential for registry '{reason}' could be used. {ls}"
        );
    }

    #[test]
    fn lists_read_like_az() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&[])), "no");
        assert_eq!(join_and(&s(&["pull"])), "pull");
        assert_eq!(join_and(&s(&["pull", "push"])), "pull and push");
        assert_eq!(
            join_and(&s(&["pull", "push", "delete"])),
            "pull, push and delete"
        );
    }

    #[test]
    fn failed_commands_follow_azs_rule() {
        let with = Message::DockerPull {
            cmd: "docker pull x",
            stderr: Outside("boom\n"),
        };
        assert!(
            with.render()
                .ends_with("\nFailed to run command 'docker pull x'. boom")
        );
        let without = Message::DockerPull {
            cmd: "docker pull x",
            stderr: Outside(""),
        };
        assert!(without.render().ends_with("properly.\n"));
    }

    #[test]
    fn every_code_has_exactly_one_entry() {
        for code in Code::ALL {
            let n = ENTRIES.iter().filter(|e| e.code == *code).count();
            assert_eq!(n, 1, "{code} has {n} entries");
        }
        assert_eq!(ENTRIES.len(), Code::ALL.len());
    }

    #[test]
    fn seventeen_reference_codes() {
        assert_eq!(ENTRIES.iter().filter(|e| !e.extension).count(), 17);
    }

    #[test]
    fn remediation_states_the_reference_facts() {
        for (code, facts) in REFERENCE_FACTS {
            let remediation = code.entry().remediation.join("\n").to_lowercase();
            for fact in *facts {
                let fact = fact.to_lowercase();
                assert!(
                    remediation.contains(&fact),
                    "{code}: remediation does not mention {fact:?}"
                );
            }
        }
    }

    #[test]
    fn helm_version_error_names_both_uses() {
        let meaning = Code::HelmVersionError.entry().meaning;
        assert!(meaning.contains("failed") && meaning.contains("older than 2.11.0"));
    }

    #[test]
    fn parse_is_case_insensitive() {
        assert_eq!(
            "connectivity_dns_error".parse::<Code>().unwrap(),
            Code::ConnectivityDnsError
        );
        assert_eq!("Cmk-Error".parse::<Code>().unwrap(), Code::CmkError);
        assert!("NOPE".parse::<Code>().is_err());
    }

    #[test]
    fn link_is_lower_case_anchor() {
        assert_eq!(
            Code::LoginServerError.entry().link(),
            "https://aka.ms/acr/errors#login_server_error"
        );
    }

    #[test]
    fn render_fills_placeholders() {
        assert_eq!(
            Message::Challenge { ls: "a.azurecr.io" }.render(),
            "Registry 'a.azurecr.io' did not issue a challenge."
        );
    }
}
