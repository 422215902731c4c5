//! `--image`: pull an image's manifest and one blob the way docker does,
//! following the blob's redirect to the data endpoint by hand (without the
//! registry token, which storage must never see), and verify the digest.

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;

use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::net::{http, jwt};
use crate::probe::registry::context::{Grant, LoginServer, RegistryContext, Resolved, Session};
use crate::probe::registry::tags::{self, ListError};
use crate::probe::registry::token::{self, TokenInputs};
use crate::sys::error::sentence;

const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json";

/// A config blob is small; anything near this is not one.
const BLOB_LIMIT: usize = 4 * 1024 * 1024;

pub struct DataPathProbe(pub Arc<RegistryContext>);

/// Why a manifest did not come.
enum Miss {
    /// Any failure but a 404, already in report form.
    Failed(Failure),
    /// 404: our reason so far and the registry's error code
    /// (`MANIFEST_UNKNOWN`, `NAME_UNKNOWN`), for `explain_missing`.
    NotFound { reason: String, code: String },
}

impl From<Failure> for Miss {
    fn from(f: Failure) -> Self {
        Miss::Failed(f)
    }
}

/// The `code` of a registry's first error (`{"errors":[{"code":…}]}`).
fn registry_error_code(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v["errors"][0]["code"]
                .as_str()
                .map(|c| crate::guard::sanitize::shown(c, 40))
        })
        .unwrap_or_default()
}

/// The scope the data path pulls `--image` with.
pub fn pull_scope(image: &str) -> String {
    format!("repository:{}:pull", parse_image(image).0)
}

/// `repo[:tag]` or `repo@sha256:…`, with an optional registry host in front.
pub fn parse_image(image: &str) -> (String, String) {
    let mut rest = image;
    if let Some((first, tail)) = rest.split_once('/')
        && (first.contains('.') || first.contains(':') || first == "localhost")
    {
        rest = tail;
    }
    if let Some((repo, digest)) = rest.split_once('@') {
        return (repo.to_owned(), digest.to_owned());
    }
    match rest.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => (repo.to_owned(), tag.to_owned()),
        _ => (rest.to_owned(), "latest".to_owned()),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, bytes);
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The config blob of an image manifest (`None` for an index or list).
fn config_digest(manifest: &Value) -> Option<String> {
    manifest["config"]["digest"].as_str().map(str::to_owned)
}

/// From an index or manifest list: the linux/amd64 entry, else the first.
fn pick_from_index(index: &Value) -> Option<String> {
    let list = index["manifests"].as_array()?;
    list.iter()
        .find(|m| m["platform"]["os"] == "linux" && m["platform"]["architecture"] == "amd64")
        .or_else(|| list.first())
        .and_then(|m| m["digest"].as_str())
        .map(str::to_owned)
}

impl DataPathProbe {
    async fn get_manifest(
        &self,
        ls: &LoginServer,
        client: &reqwest::Client,
        token: &str,
        repo: &str,
        reference: &str,
    ) -> Result<Value, Miss> {
        let ctx = &self.0;
        let image = ctx.settings.image.clone().unwrap_or_default();
        let shown = ls.display();
        let url = format!("{}/v2/{repo}/manifests/{reference}", ls.base_url());
        tracing::debug!("GET {url}");
        // A 404 is explained by `explain_missing`; every other failure here
        // is the data path's.
        let fail = |reason: String| {
            let reason = ctx.scrub(&reason);
            Failure::new(Message::DataPath {
                image: &image,
                ls: &shown,
                reason: Outside(&reason),
            })
        };
        let resp = http::send(
            client
                .get(&url)
                .bearer_auth(token)
                .header(reqwest::header::ACCEPT, ACCEPT),
        )
        .await
        .map_err(|e| fail(format!("GET {url}: {}.", http::classify(&e))))?;
        let status = resp.status();
        let body = http::read_capped(resp, http::BODY_LIMIT)
            .await
            .map_err(|e| fail(format!("GET {url}: {e}.")))?;
        let said = http::registry_error_text(&body)
            .map(|t| format!(" The registry said: {t}."))
            .unwrap_or_default();
        match status.as_u16() {
            200 => serde_json::from_slice(&body).map_err(|_| {
                fail(format!(
                    "GET {url} answered 200 but the manifest is not JSON."
                ))
                .into()
            }),
            404 => Err(Miss::NotFound {
                reason: format!("GET /v2/{repo}/manifests/{reference} answered 404.{said}"),
                code: registry_error_code(&body),
            }),
            401 | 403 => Err(Failure::new(Message::AccessToken {
                ls: &shown,
                status: status.as_str(),
            })
            .because(format!(
                "the token does not allow pulling '{repo}': GET manifest answered {status}.{said}"
            ))
            .into()),
            _ => Err(fail(format!("GET {url} answered {status}.{said}")).into()),
        }
    }

    /// IMAGE_NOT_FOUND_ERROR, with what the registry can tell about the
    /// miss: a repository that does not exist, or the repository's tags and
    /// the ones closest to the tag asked for (when the token may list them).
    async fn explain_missing(
        &self,
        inputs: &TokenInputs,
        repo: &str,
        reference: &str,
        reason: String,
        code: &str,
    ) -> Failure {
        let ctx = &self.0;
        let image = ctx.settings.image.clone().unwrap_or_default();
        let shown = inputs.ls().display();
        let mut reason = reason;
        if code == "NAME_UNKNOWN" {
            reason.push_str(&format!(
                " The repository '{repo}' does not exist in this registry."
            ));
        } else if !reference.starts_with("sha256:") {
            reason.push(' ');
            reason.push_str(&self.tags_note(inputs, repo, reference).await);
        }
        let reason = ctx.scrub(&reason);
        Failure::new(Message::ImageNotFound {
            image: &image,
            ls: &shown,
            reason: Outside(&reason),
        })
    }

    /// What the repository's tag list says about a missing tag.
    async fn tags_note(&self, inputs: &TokenInputs, repo: &str, wanted: &str) -> String {
        let ctx = &self.0;
        let cannot = |granted: &[String]| {
            format!(
                "The token cannot list the repository's tags: listing needs metadata_read, and it grants {}.",
                if granted.is_empty() {
                    "nothing".to_owned()
                } else {
                    granted.join(", ")
                }
            )
        };
        // pull too, so a refusal can say what the token does grant.
        let scope = format!("repository:{repo}:pull,metadata_read");
        let Ok(token) = token::access_token(ctx, inputs, &scope).await else {
            return "A token to list the repository's tags was refused.".to_owned();
        };
        let granted = jwt::granted_actions(&token, repo);
        if !granted.iter().any(|a| a == "metadata_read" || a == "*") {
            return cannot(&granted);
        }
        let listing = match tags::list(&inputs.session.client, inputs.ls(), &token, repo).await {
            Ok(l) => l,
            Err(ListError::NotAllowed) => return cannot(&granted),
            Err(why) => {
                return format!("Its tags could not be listed: {}.", sentence(&why));
            }
        };
        if listing.tags.is_empty() {
            return "The repository has no tags.".to_owned();
        }
        const SHOWN: usize = 20;
        let mut note = format!(
            "The repository's tags ({}{}): {}{}.",
            listing.tags.len(),
            if listing.incomplete.is_some() {
                "+"
            } else {
                ""
            },
            listing.tags[..listing.tags.len().min(SHOWN)].join(", "),
            if listing.tags.len() > SHOWN {
                ", …"
            } else {
                ""
            }
        );
        let near = tags::closest(wanted, &listing.tags);
        let wanted = crate::guard::sanitize::shown(wanted, 128);
        if near.is_empty() {
            note.push_str(&format!(" None is close to '{wanted}'."));
        } else {
            note.push_str(&format!(" Closest to '{wanted}': {}.", near.join(", ")));
        }
        if listing.invalid > 0 {
            note.push_str(&format!(
                " {} name{} that {} not valid tags left out.",
                listing.invalid,
                if listing.invalid == 1 { "" } else { "s" },
                if listing.invalid == 1 { "is" } else { "are" }
            ));
        }
        if let Some(why) = listing.incomplete {
            note.push_str(&format!(" The list is incomplete: {why}."));
        }
        note
    }

    /// Downloads `digest`, following a redirect to the data endpoint without
    /// the registry token. Returns where the bytes came from.
    async fn get_blob(
        &self,
        ls: &LoginServer,
        client: &reqwest::Client,
        token: &str,
        repo: &str,
        digest: &str,
    ) -> Result<String, String> {
        let ctx = &self.0;
        let url = format!("{}/v2/{repo}/blobs/{digest}", ls.base_url());
        tracing::debug!("GET {url}");
        let resp = http::send(client.get(&url).bearer_auth(token))
            .await
            .map_err(|e| format!("GET {url}: {}", http::classify(&e)))?;
        let status = resp.status();
        let (body, source) = if status.is_redirection() {
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("GET {url} answered {status} without a Location"))?;
            let target = url::Url::parse(location)
                .map_err(|_| "the blob redirect points at an unreadable URL".to_string())?;
            let host = target.host_str().unwrap_or_default().to_owned();
            let port = target.port_or_known_default().unwrap_or(443);
            // Never show the signature: it grants read access to the blob.
            let shown_host = format!("{host}:{port}");
            let pin = match ctx.settings.resolve.iter().find(|(h, _)| *h == host) {
                Some((_, ip)) => Some(SocketAddr::new(*ip, port)),
                None if ctx.http.proxy_for(&host).is_some() => None,
                None => match ctx.dns.lookup(&host).await {
                    Ok(answer) => Some(SocketAddr::new(answer.addresses[0], port)),
                    Err(f) => {
                        return Err(format!(
                            "the data endpoint {shown_host}: {}",
                            f.at(&host, &ctx.dns.server())
                        ));
                    }
                },
            };
            let storage = ctx
                .http
                .client(pin.map(|a| (host.as_str(), a)))
                .map_err(|e| e.to_string())?;
            tracing::debug!("GET https://{shown_host}/… (blob, no Authorization)");
            let resp = http::send(storage.get(target)).await.map_err(|e| {
                format!(
                    "the data endpoint {shown_host}{}: {}",
                    pin.map(|a| format!(" ({})", a.ip())).unwrap_or_default(),
                    http::classify(&e)
                )
            })?;
            let status = resp.status();
            let body = http::read_capped(resp, BLOB_LIMIT)
                .await
                .map_err(|e| format!("the data endpoint {shown_host}: {e}"))?;
            if !status.is_success() {
                return Err(format!("the data endpoint {shown_host} answered {status}"));
            }
            (body, format!("data endpoint {shown_host}"))
        } else if status.is_success() {
            let body = http::read_capped(resp, BLOB_LIMIT)
                .await
                .map_err(|e| format!("GET {url}: {e}"))?;
            (body, "the login server".to_owned())
        } else {
            return Err(format!("GET /v2/{repo}/blobs/{digest} answered {status}"));
        };
        let got = format!("sha256:{}", sha256_hex(&body));
        if got != digest {
            return Err(format!(
                "the blob from {source} does not match its digest (got {got})"
            ));
        }
        Ok(source)
    }
}

impl Probe for DataPathProbe {
    type Needs = (Handle<Resolved>, Handle<Session>, Handle<Grant>);
    type Output = ();
    fn run(&self, needs: (Arc<Resolved>, Arc<Session>, Arc<Grant>)) -> BoxFuture<'_, Report<()>> {
        let inputs = TokenInputs::from(needs);
        Box::pin(async move { self.check(&inputs).await.into() })
    }
}

impl DataPathProbe {
    async fn check(&self, inputs: &TokenInputs) -> Vec<Finding> {
        let ctx = &self.0;
        let ls = inputs.ls();
        let image = ctx.settings.image.clone().unwrap_or_default();
        let (repo, reference) = parse_image(&image);
        let shown = ls.display();
        // Asked for together with the access-token step's scope.
        let token = match token::planned(ctx, inputs).await {
            Ok(t) => t,
            Err(findings) => return findings,
        };
        let client = &inputs.session.client;
        let mut manifest = match self
            .get_manifest(ls, client, &token, &repo, &reference)
            .await
        {
            Ok(m) => m,
            Err(Miss::Failed(f)) => return vec![Finding::error(f)],
            Err(Miss::NotFound { reason, code }) => {
                let f = self
                    .explain_missing(inputs, &repo, &reference, reason, &code)
                    .await;
                return vec![Finding::error(f)];
            }
        };
        if config_digest(&manifest).is_none()
            && let Some(child) = pick_from_index(&manifest)
        {
            manifest = match self.get_manifest(ls, client, &token, &repo, &child).await {
                Ok(m) => m,
                Err(Miss::Failed(f)) => return vec![Finding::error(f)],
                // A child the index names is a digest: no tags to suggest.
                Err(Miss::NotFound { reason, code }) => {
                    let f = self
                        .explain_missing(inputs, &repo, &child, reason, &code)
                        .await;
                    return vec![Finding::error(f)];
                }
            };
        }
        let Some(digest) = config_digest(&manifest) else {
            return vec![Finding::error(Failure::new(Message::DataPath {
                image: &image,
                ls: &shown,
                reason: Outside("The manifest names no config blob to download."),
            }))];
        };
        match self.get_blob(ls, client, &token, &repo, &digest).await {
            Ok(source) => vec![
                Finding::pass(format!(
                    "Pull of '{repo}:{reference}' (manifest and a blob) from registry '{shown}'"
                ))
                .detail(format!("blob {digest} came from {source}, digest verified"))
                .beyond_az(),
            ],
            Err(reason) => {
                let mut reason = ctx.scrub(&reason);
                if let Some(first) = reason.get(..1) {
                    reason = format!("{}{}.", first.to_uppercase(), &reason[1..]);
                }
                vec![Finding::error(Failure::new(Message::DataPath {
                    image: &image,
                    ls: &shown,
                    reason: Outside(&reason),
                }))]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_image, sha256_hex};

    #[test]
    fn sha256_known_answers() {
        // FIPS 180-2 test vectors: the blob digest check compares against these hex forms.
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn image_references() {
        let p = |s: &str| {
            let (a, b) = parse_image(s);
            (a, b)
        };
        assert_eq!(p("hello"), ("hello".into(), "latest".into()));
        assert_eq!(p("hello:v1"), ("hello".into(), "v1".into()));
        assert_eq!(p("team/app:v1"), ("team/app".into(), "v1".into()));
        assert_eq!(
            p("r.azurecr.io/team/app:v1"),
            ("team/app".into(), "v1".into())
        );
        assert_eq!(p("localhost:5000/app"), ("app".into(), "latest".into()));
        assert_eq!(p("app@sha256:abc"), ("app".into(), "sha256:abc".into()));
    }
}
