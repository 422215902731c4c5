//! What the registry probes share: the login server, the DNS answer, the
//! HTTP session the challenge opened, the credential and the refresh token.
//! One `RegistryContext` per registry named with `-n`.

use std::sync::Arc;

use crate::azure::az_files::{SubscriptionLookup, is_subscription_id, lookup_subscription};
use crate::azure::cloud::Cloud;
use crate::azure::credential::source::{CredentialFailure, Obtained, SourceContext};
use crate::azure::resource::Registry;
use crate::engine::catalog::{Message, Outside};
use crate::engine::check_id::{CheckId, StepName};
use crate::engine::finding::{Failure, Finding};
use crate::guard::secret::{Secret, SecretStore};
use crate::net::dns::NameLookup;
use crate::net::endpoint::InsecureEndpoint;
use crate::net::http::HttpSettings;
use crate::probe::registry::speculation::Speculation;
use crate::probe::settings::{RegistrySettings, RegistryTarget, Rules};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginServer {
    /// In lower case: what is resolved, connected to and compared.
    pub host: String,
    pub port: Option<u16>,
    /// The registry name, for messages (`az acr show --name …`).
    pub name: String,
    /// The host as the report shows it, when that differs from `host` in
    /// case: a name typed with capitals and not listed by ARM keeps them in
    /// az's lines (`MyReg.azurecr.io`).
    pub shown_host: Option<String>,
}

impl LoginServer {
    /// `host` or `host:port`, as used in every report line.
    pub fn display(&self) -> String {
        let host = self.shown_host.as_deref().unwrap_or(&self.host);
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        }
    }

    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(443)
    }

    pub fn base_url(&self) -> String {
        format!("https://{}", self.display())
    }
}

/// What the login-server step hands on: the login server and, when the
/// registry was read from ARM, its ARM object (the CMK and `--vnet` checks
/// read it; both declare the login-server step); and the lookup and
/// challenge already under way for this very login server, sent while ARM
/// answered (`speculation`).
pub struct Resolved {
    pub login_server: LoginServer,
    pub arm: Option<Registry>,
    /// Only ever for `login_server` itself: a guess ARM did not confirm is
    /// dropped before the step hands anything on.
    pub speculation: Option<Speculation>,
}

impl From<LoginServer> for Resolved {
    fn from(login_server: LoginServer) -> Self {
        Resolved {
            login_server,
            arm: None,
            speculation: None,
        }
    }
}

impl Resolved {
    /// The speculation, when it was for this login server (the only kind
    /// handed on: see `login_server`).
    pub fn speculation(&self) -> Option<&Speculation> {
        let ls = &self.login_server;
        self.speculation
            .as_ref()
            .filter(|s| s.is_for(&ls.host, ls.port_or_default()))
    }
}

/// How the token requests sign in, as the refresh-token step settled it.
pub enum Grant {
    /// The registry refresh token the exchange returned (Entra ID login).
    RefreshToken(Secret),
    /// `-u/-p`: the password grant, no exchange.
    Password {
        username: String,
        password: Secret,
    },
    Anonymous,
}

/// The connection the challenge opened, reused for the token requests.
pub struct Session {
    pub client: reqwest::Client,
    pub service: String,
    /// The access token for every scope the run's token steps need
    /// (`RegistryContext::token_scopes`), asked for once by whichever of
    /// them comes first (`token::planned`).
    pub planned: tokio::sync::OnceCell<Result<String, crate::engine::finding::Failure>>,
}

pub struct RegistryContext {
    pub settings: Arc<RegistrySettings>,
    pub target: RegistryTarget,
    pub cloud: Cloud,
    pub http: HttpSettings,
    pub dns: Arc<dyn NameLookup>,
    /// The `-n` value when several registries are checked: their steps are
    /// named `registry.dns@<it>`.
    pub fleet_name: Option<String>,
    pub credential: Arc<SharedCredential>,
    /// The scopes the access-token step and the data path need, asked for
    /// in one token request: two on one HTTP/1.1 connection would queue
    /// the manifest behind the second (see `token::planned`).
    pub token_scopes: Vec<String>,
}

impl RegistryContext {
    /// The name of this registry's step `id`.
    pub fn step(&self, id: CheckId) -> StepName {
        StepName {
            id,
            registry: self.fleet_name.clone(),
        }
    }

    /// The subscription to read the registry from. None means ARM is not used.
    pub fn subscription(&self) -> Option<&ArmSubscription> {
        self.credential.subscription()
    }

    /// An ARM client signed in through the credential chain.
    pub async fn arm(&self) -> Result<crate::azure::arm::Arm, String> {
        // An endpoint that may not receive the token gets no token request
        // either.
        let endpoint = self.cloud.arm.as_ref().map_err(|e| e.to_string())?;
        let obtained = self
            .credential
            .arm()
            .await
            .as_ref()
            .map_err(|e| format!("no ARM token: {}", e.message))?;
        let crate::azure::credential::source::Credential::AadToken { token, .. } =
            &obtained.credential
        else {
            return Err("no ARM token: the credential signs in to the registry only".into());
        };
        crate::azure::arm::Arm::new(&self.http, endpoint, token.clone())
            .map_err(|e| crate::sys::error::sentence(&e))
    }

    /// `text` with every secret of the run taken out (text we did not write).
    pub fn scrub(&self, text: &str) -> String {
        self.secrets().scrub(text)
    }

    /// The run's secret store (the credential chain's).
    pub fn secrets(&self) -> &SecretStore {
        &self.credential.sources.secrets
    }
}

/// INSECURE_ENDPOINT_ERROR: an endpoint that would receive a secret or a
/// token may not (`net::endpoint` decided), named with where it came from.
pub fn insecure_endpoint(e: &InsecureEndpoint) -> Finding {
    let from = e.from.to_string();
    let why = e.why();
    Finding::error(Failure::new(Message::InsecureEndpoint {
        what: e.what,
        url: Outside(&e.shown),
        from: Outside(&from),
        why: &why,
    }))
}

/// Where ARM reads the registry, and why that subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmSubscription {
    pub id: String,
    /// `--subscription`, `AZURE_SUBSCRIPTION_ID` or `the Azure CLI's default subscription`.
    pub from: &'static str,
}

/// What the run makes of the subscription the registry is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionPick {
    /// ARM is read in this subscription.
    Use(ArmSubscription),
    /// No subscription: ARM is not read (the login server comes from the
    /// cloud's suffix).
    Nothing,
    /// `--subscription` or az's `defaults.subscription` names one az's
    /// profile lists by neither id nor name (in the active cloud). ARM is
    /// not read; under az's rules the registry token then fails as az's
    /// does (`Profile.get_subscription`).
    Unknown {
        value: String,
        from: &'static str,
        /// az's profile has no login in the active cloud at all.
        no_login: bool,
    },
}

/// As az picks it (azure-cli-core's global `--subscription` and
/// `Profile.get_subscription`): `--subscription`, else az's
/// `defaults.subscription`, each matched against az's profile by id or
/// name, in any case, within the active cloud; else `AZURE_SUBSCRIPTION_ID`;
/// else, only when the Azure CLI login is the credential in use, az's
/// default subscription. Never another subscription than the one asked for.
///
/// A value az's profile does not list is `Unknown` (az warns and later
/// fails), with two exceptions where there is no az to follow: with no
/// profile to read at all, an id is used as given; and under our own rules
/// an id is always used as given (the credential may not be az's).
fn pick_subscription(sources: &SourceContext, rules: Rules) -> SubscriptionPick {
    if let Some((value, from)) = sources.settings.wanted_subscription() {
        let accounts = sources
            .az_files()
            .and_then(|f| f.profile.as_read())
            .map(Vec::as_slice);
        return match lookup_subscription(accounts, &sources.cloud.name, value) {
            // A tenant-level login: az signs in with it, but it has no
            // subscription for ARM.
            SubscriptionLookup::Listed(a) if a.is_tenant_level() => SubscriptionPick::Nothing,
            SubscriptionLookup::Listed(a) => SubscriptionPick::Use(ArmSubscription {
                id: a.id.clone(),
                from,
            }),
            // The same rule as az's warning (`az_does_not_recognize`), and
            // under our own rules an id is always used as given.
            SubscriptionLookup::NotListed { .. }
                if is_subscription_id(value) && (accounts.is_none() || !rules.az()) =>
            {
                SubscriptionPick::Use(ArmSubscription {
                    id: value.to_owned(),
                    from,
                })
            }
            SubscriptionLookup::NotListed { no_login } => SubscriptionPick::Unknown {
                value: value.to_owned(),
                from,
                no_login,
            },
        };
    }
    if let Some(id) = sources.env.get("AZURE_SUBSCRIPTION_ID") {
        return SubscriptionPick::Use(ArmSubscription {
            id: id.to_owned(),
            from: "AZURE_SUBSCRIPTION_ID",
        });
    }
    if crate::azure::credential::chain::uses_azure_cli(sources)
        && let Some(id) = crate::azure::credential::chain::azure_cli_subscription(sources)
    {
        return SubscriptionPick::Use(ArmSubscription {
            id,
            from: "the Azure CLI's default subscription",
        });
    }
    SubscriptionPick::Nothing
}

/// The credential chain runs once per run (and once more for an ARM token
/// when ARM is read), however many registries there are.
pub struct SharedCredential {
    pub cell: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub arm: tokio::sync::OnceCell<Result<Obtained, CredentialFailure>>,
    pub sources: Arc<SourceContext>,
    pub arm_audience: String,
    pub subscription: std::sync::OnceLock<SubscriptionPick>,
    /// Whose rules decide what an unknown subscription means.
    pub rules: Rules,
}

impl SharedCredential {
    /// What the run makes of the subscription (worked out once).
    pub fn subscription_pick(&self) -> &SubscriptionPick {
        self.subscription
            .get_or_init(|| pick_subscription(&self.sources, self.rules))
    }

    /// The subscription ARM is read in; None when it is not read.
    pub fn subscription(&self) -> Option<&ArmSubscription> {
        match self.subscription_pick() {
            SubscriptionPick::Use(s) => Some(s),
            _ => None,
        }
    }

    pub async fn get(&self) -> &Result<Obtained, CredentialFailure> {
        let obtained = self
            .cell
            .get_or_init(|| crate::azure::credential::chain::obtain(self.sources.clone()))
            .await;
        self.register(obtained);
        obtained
    }

    /// Why reading ARM would send a secret or the token where it may not
    /// go, decided before any request: the ARM endpoint itself, or the
    /// endpoint the chain would send its secret to for an ARM token.
    pub fn arm_refused(&self) -> Option<InsecureEndpoint> {
        if let Err(e) = &self.sources.cloud.arm {
            return Some(e.clone());
        }
        crate::azure::credential::chain::refused_endpoint(&self.sources, &self.arm_audience)
    }

    /// The same for the registry's credential.
    pub fn refused(&self) -> Option<InsecureEndpoint> {
        crate::azure::credential::chain::refused_endpoint(
            &self.sources,
            self.sources.settings.registry_audience(),
        )
    }

    pub async fn arm(&self) -> &Result<Obtained, CredentialFailure> {
        let obtained = self
            .arm
            .get_or_init(|| {
                crate::azure::credential::chain::obtain_for(
                    self.sources.clone(),
                    &self.arm_audience,
                )
            })
            .await;
        self.register(obtained);
        obtained
    }

    fn register(&self, obtained: &Result<Obtained, CredentialFailure>) {
        if let Ok(o) = obtained {
            match &o.credential {
                crate::azure::credential::source::Credential::AadToken { token, .. } => {
                    self.sources.secrets.register(token)
                }
                crate::azure::credential::source::Credential::Password { password, .. } => {
                    self.sources.secrets.register(password)
                }
                crate::azure::credential::source::Credential::Anonymous => {}
            }
        }
    }
}
