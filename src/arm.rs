//! Azure Resource Manager reads: the registry resource and whether an
//! identity exists. Only used when the subscription is known.

use serde_json::Value;

use crate::net::http::{self, HttpSettings};
use crate::secret::Secret;

const REGISTRY_API: &str = "2023-07-01";
const IDENTITY_API: &str = "2023-01-31";
/// A subscription's registry list is followed through at most this many pages.
const MAX_PAGES: usize = 50;

pub struct Arm {
    client: reqwest::Client,
    endpoint: String,
    token: Secret,
}

#[derive(Debug)]
pub enum ArmError {
    NotFound(String),
    /// Any other answer: status and ARM's error code and message.
    Status(u16, String),
    Network(String),
    /// A `nextLink` that leaves the ARM endpoint (the token never follows it).
    ForeignLink(String),
}

impl ArmError {
    pub fn describe(&self) -> String {
        match self {
            ArmError::NotFound(what) => format!("ARM says {what} does not exist (404)"),
            ArmError::Status(s, said) => format!("ARM answered {s}: {said}"),
            ArmError::Network(e) => format!("ARM could not be reached: {e}"),
            ArmError::ForeignLink(link) => format!(
                "ARM's registry list continues at {link}, which is not the ARM endpoint; it was not followed"
            ),
        }
    }
}

impl Arm {
    pub fn new(http: &HttpSettings, endpoint: &str, token: Secret) -> Result<Self, String> {
        Ok(Arm {
            client: http.client(None)?,
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            token,
        })
    }

    /// Any resource by ID (a private endpoint, a network interface).
    pub async fn resource(&self, id: &str, api: &str) -> Result<Value, ArmError> {
        self.get(id, api, &format!("'{id}'")).await
    }

    async fn get(&self, path: &str, api: &str, what: &str) -> Result<Value, ArmError> {
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

    async fn get_url(&self, url: &str, what: &str) -> Result<Value, ArmError> {
        tracing::debug!("GET {}", http::hide_url_secrets(url));
        let resp = self
            .client
            .get(url)
            .bearer_auth(self.token.expose())
            .send()
            .await
            .map_err(|e| ArmError::Network(http::classify(&e).describe()))?;
        let status = resp.status().as_u16();
        let body = http::read_capped(resp, http::BODY_LIMIT)
            .await
            .map_err(ArmError::Network)?;
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        match status {
            200 => Ok(value),
            404 => Err(ArmError::NotFound(what.to_owned())),
            s => {
                let err = &value["error"];
                let said = format!(
                    "{} {}",
                    err["code"].as_str().unwrap_or(""),
                    err["message"].as_str().unwrap_or("")
                );
                Err(ArmError::Status(s, http::printable(said.trim(), 200)))
            }
        }
    }

    /// The registry, by resource group when given, else by listing the subscription.
    pub async fn registry(
        &self,
        subscription: &str,
        group: Option<&str>,
        name: &str,
    ) -> Result<Value, ArmError> {
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
                let mut page = self.get(&path, REGISTRY_API, &what).await?;
                for pages in 1..=MAX_PAGES {
                    let found = page["value"].as_array().into_iter().flatten().find(|r| {
                        r["name"]
                            .as_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    });
                    if let Some(r) = found {
                        return Ok(r.clone());
                    }
                    // nextLink carries its own api-version and skip token.
                    let Some(next) = page["nextLink"].as_str().filter(|l| !l.is_empty()) else {
                        break;
                    };
                    if pages == MAX_PAGES {
                        tracing::debug!("ARM registry list: stopped after {MAX_PAGES} pages");
                        break;
                    }
                    if !self.own_link(next) {
                        return Err(ArmError::ForeignLink(http::printable(
                            &http::hide_url_secrets(next),
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

    /// A user-assigned identity by resource ID; `Ok(None)` when it is gone.
    pub async fn identity(&self, id: &str) -> Result<Option<Value>, ArmError> {
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
