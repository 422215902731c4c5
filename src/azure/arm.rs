//! Azure Resource Manager reads: the registry resource and whether an
//! identity exists. Only used when the subscription is known.

use serde::de::DeserializeOwned;

use crate::azure::resource::{self, ErrorBody, ManagedIdentity, Page, Registry, Replication};
use crate::guard::secret::Secret;
use crate::net::http::{self, HttpSettings};

const REGISTRY_API: &str = "2023-07-01";
/// A preview version: only those carry `anonymousPullEnabled`.
const REGISTRY_PREVIEW_API: &str = "2023-11-01-preview";
const IDENTITY_API: &str = "2023-01-31";
/// A subscription's registry list is followed through at most this many pages.
const MAX_PAGES: usize = 50;

pub struct Arm {
    client: reqwest::Client,
    endpoint: String,
    token: Secret,
}

/// Why ARM gave no usable answer. `Display` is the sentence; a network or
/// body failure is its `source()` (see `sys::error::sentence`).
#[derive(Debug, thiserror::Error)]
pub enum ArmError {
    #[error("ARM says {0} does not exist (404)")]
    NotFound(String),
    /// Any other answer: status and ARM's error code and message.
    #[error("ARM answered {0}: {1}")]
    Status(u16, String),
    #[error("ARM could not be reached")]
    Network(#[source] http::NetFailure),
    #[error("ARM could not be reached")]
    Body(#[source] http::BodyError),
    #[error("ARM could not be reached")]
    Client(#[source] http::ClientError),
    /// A `nextLink` that leaves the ARM endpoint (the token never follows it).
    #[error(
        "ARM's registry list continues at {0}, which is not the ARM endpoint; it was not followed"
    )]
    ForeignLink(String),
}

impl Arm {
    pub fn new(http: &HttpSettings, endpoint: &str, token: Secret) -> Result<Self, ArmError> {
        Ok(Arm {
            client: http.client(None).map_err(ArmError::Client)?,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            token,
        })
    }

    /// Any resource by ID (a private endpoint, a network interface), read as `T`.
    pub async fn resource<T: DeserializeOwned + Default>(
        &self,
        id: &str,
        api: &str,
    ) -> Result<T, ArmError> {
        self.get(id, api, &format!("'{id}'")).await
    }

    async fn get<T: DeserializeOwned + Default>(
        &self,
        path: &str,
        api: &str,
        what: &str,
    ) -> Result<T, ArmError> {
        let url = format!("{}{path}?api-version={api}", self.endpoint);
        self.get_url(&url, what).await
    }

    /// A `nextLink` is followed only on the ARM endpoint's own scheme, host and port.
    fn own_link(&self, link: &str) -> bool {
        let (Ok(ours), Ok(theirs)) = (url::Url::parse(&self.endpoint), url::Url::parse(link))
        else {
            return false;
        };
        theirs.scheme() == "https"
            && theirs.scheme() == ours.scheme()
            && theirs.host_str() == ours.host_str()
            && theirs.port_or_known_default() == ours.port_or_known_default()
            && theirs.username().is_empty()
    }

    /// A 200's body as `T` (one that is not a JSON object reads as an empty
    /// `T`); any other status is an error carrying ARM's code and message.
    async fn get_url<T: DeserializeOwned + Default>(
        &self,
        url: &str,
        what: &str,
    ) -> Result<T, ArmError> {
        tracing::debug!("GET {}", crate::net::url_secrets::hide_url_secrets(url));
        let resp = self
            .client
            .get(url)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| ArmError::Network(http::classify(&e)))?;
        let status = resp.status().as_u16();
        let body = http::read_capped(resp, http::BODY_LIMIT)
            .await
            .map_err(ArmError::Body)?;
        match status {
            200 => Ok(resource::parse(&body)),
            404 => Err(ArmError::NotFound(what.to_owned())),
            s => {
                let err = resource::parse::<ErrorBody>(&body)
                    .error
                    .unwrap_or_default();
                let said = format!(
                    "{} {}",
                    err.code.as_deref().unwrap_or(""),
                    err.message.as_deref().unwrap_or("")
                );
                Err(ArmError::Status(
                    s,
                    crate::guard::sanitize::shown(said.trim(), 200),
                ))
            }
        }
    }

    /// The registry, by resource group when given, else by listing the subscription.
    pub async fn registry(
        &self,
        subscription: &str,
        group: Option<&str>,
        name: &str,
    ) -> Result<Registry, ArmError> {
        let what = format!("registry '{name}'");
        match group {
            Some(rg) => {
                let path = format!(
                    "/subscriptions/{subscription}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{name}"
                );
                self.get(
                    &path,
                    REGISTRY_API,
                    &format!("{what} in resource group '{rg}'"),
                )
                .await
            }
            None => {
                let path = format!(
                    "/subscriptions/{subscription}/providers/Microsoft.ContainerRegistry/registries"
                );
                let mut page: Page<Registry> = self.get(&path, REGISTRY_API, &what).await?;
                for pages in 1..=MAX_PAGES {
                    let found = page.value.iter_mut().flatten().find(|r| {
                        r.name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    });
                    if let Some(r) = found {
                        return Ok(std::mem::take(r));
                    }
                    // nextLink carries its own api-version and skip token.
                    let Some(next) = page.next_link.as_deref().filter(|l| !l.is_empty()) else {
                        break;
                    };
                    if pages == MAX_PAGES {
                        tracing::debug!("ARM registry list: stopped after {MAX_PAGES} pages");
                        break;
                    }
                    if !self.own_link(next) {
                        return Err(ArmError::ForeignLink(crate::guard::sanitize::shown(
                            &crate::net::url_secrets::hide_url_secrets(next),
                            200,
                        )));
                    }
                    let next = next.to_owned();
                    page = self.get_url(&next, &what).await?;
                }
                Err(ArmError::NotFound(format!(
                    "{what} in subscription '{subscription}'"
                )))
            }
        }
    }

    /// The registry again, read with a preview api-version for the fields
    /// only those versions carry (`anonymousPullEnabled`).
    pub async fn registry_preview(&self, id: &RegistryId) -> Result<Registry, ArmError> {
        self.get(
            &id.path(),
            REGISTRY_PREVIEW_API,
            &format!("registry '{}'", id.name),
        )
        .await
    }

    /// The registry's geo-replications (the `value` list; one page is all a
    /// registry has: a replication per region).
    pub async fn replications(&self, id: &RegistryId) -> Result<Vec<Replication>, ArmError> {
        let path = format!("{}/replications", id.path());
        let what = format!("the replications of registry '{}'", id.name);
        let list: Page<Replication> = self.get(&path, REGISTRY_API, &what).await?;
        Ok(list.value.unwrap_or_default())
    }

    /// A user-assigned identity by resource ID; `Ok(None)` when it is gone.
    pub async fn identity(&self, id: &str) -> Result<Option<ManagedIdentity>, ArmError> {
        match self
            .get(id, IDENTITY_API, &format!("identity '{id}'"))
            .await
        {
            Ok(v) => Ok(Some(v)),
            Err(ArmError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A registry's resource ID taken apart: its own subscription and resource
/// group (not the ones the run was given), for reads below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryId {
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
}

impl RegistryId {
    /// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{name}`;
    /// anything else (or a segment that could change the path) is refused.
    pub fn parse(id: &str) -> Option<Self> {
        let segs: Vec<&str> = id.strip_prefix('/')?.split('/').collect();
        let safe = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.()".contains(c))
                && s != "."
                && s != ".."
        };
        match segs.as_slice() {
            [sub_kw, sub, rg_kw, rg, prov_kw, ns, kind, name]
                if sub_kw.eq_ignore_ascii_case("subscriptions")
                    && rg_kw.eq_ignore_ascii_case("resourceGroups")
                    && prov_kw.eq_ignore_ascii_case("providers")
                    && ns.eq_ignore_ascii_case("Microsoft.ContainerRegistry")
                    && kind.eq_ignore_ascii_case("registries")
                    && [sub, rg, name].iter().all(|s| safe(s)) =>
            {
                Some(RegistryId {
                    subscription: (*sub).to_owned(),
                    resource_group: (*rg).to_owned(),
                    name: (*name).to_owned(),
                })
            }
            _ => None,
        }
    }

    fn path(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerRegistry/registries/{}",
            self.subscription, self.resource_group, self.name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::RegistryId;

    #[test]
    fn registry_ids_are_parsed_and_odd_ones_refused() {
        let id = RegistryId::parse(
            "/subscriptions/s-1/resourceGroups/My-RG/providers/Microsoft.ContainerRegistry/registries/reg1",
        )
        .unwrap();
        assert_eq!(id.resource_group, "My-RG");
        assert_eq!(id.name, "reg1");
        for bad in [
            "",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Other/registries/r",
            "/subscriptions/s/resourceGroups/../providers/Microsoft.ContainerRegistry/registries/r",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r?x=1",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/extra",
        ] {
            assert_eq!(RegistryId::parse(bad), None, "{bad}");
        }
    }
}
