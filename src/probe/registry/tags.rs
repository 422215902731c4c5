//! A repository's tags, for `--image` with a tag the registry does not have:
//! `GET /v2/<repo>/tags/list`, paged with `n`/`last`, following the `Link`
//! header only on the login server's own scheme, host and port (the token
//! goes nowhere else). Names that are not valid tags are left out, so what is
//! printed is only ever `[A-Za-z0-9_][A-Za-z0-9._-]*`.

use crate::net::http;
use crate::probe::registry::context::LoginServer;

/// Tags asked for per page; a registry may answer with fewer.
const PAGE: usize = 100;
/// Pages followed at most, and tags kept at most: every read is bounded.
const MAX_PAGES: usize = 50;
const MAX_TAGS: usize = 5000;

/// What the listing found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Valid tag names, in the registry's order.
    pub tags: Vec<String>,
    /// Names left out because they are not valid tags.
    pub invalid: usize,
    /// The list was cut at `MAX_PAGES` / `MAX_TAGS` or at a foreign link.
    pub incomplete: Option<String>,
}

/// Why the tags could not be listed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// 401/403: the token lacks `metadata_read`.
    #[error("the token may not list tags")]
    NotAllowed,
    /// Any other failure, described.
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Network(http::NetFailure),
    #[error(transparent)]
    Body(http::BodyError),
}

/// The distribution spec's tag grammar.
pub fn is_valid_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    tag.len() <= 128
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// The `rel="next"` target of a `Link` header, resolved against `current`,
/// when it stays on the login server's scheme, host and port. `Err` names a
/// link that leaves it.
fn next_page(link: &str, current: &url::Url, ls: &LoginServer) -> Result<Option<url::Url>, String> {
    for part in link.split(',') {
        let Some((target, params)) = part.trim().split_once(';') else {
            continue;
        };
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
        });
        let target = target.trim();
        let Some(inner) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
            continue;
        };
        if !is_next {
            continue;
        }
        let next = current
            .join(inner)
            .map_err(|_| "the next page's link cannot be read".to_owned())?;
        let same = next.scheme() == "https"
            && next.host_str().map(str::to_ascii_lowercase).as_deref() == Some(ls.host.as_str())
            && next.port_or_known_default() == Some(ls.port_or_default())
            && next.username().is_empty()
            && next.password().is_none();
        if !same {
            return Err(format!(
                "the next page is on another host ({}), where the token is not sent",
                crate::guard::sanitize::shown(next.host_str().unwrap_or("?"), 100)
            ));
        }
        return Ok(Some(next));
    }
    Ok(None)
}

/// Every tag of `repo`, over the session's client with `token`.
pub async fn list(
    client: &reqwest::Client,
    ls: &LoginServer,
    token: &str,
    repo: &str,
) -> Result<Listing, ListError> {
    let first = format!("{}/v2/{repo}/tags/list?n={PAGE}", ls.base_url());
    let mut url = url::Url::parse(&first).map_err(|e| ListError::Failed(e.to_string()))?;
    let mut out = Listing::default();
    for page in 1..=MAX_PAGES {
        tracing::debug!("GET {url}");
        let resp = http::send(client.get(url.clone()).bearer_auth(token))
            .await
            .map_err(|e| ListError::Network(http::classify(&e)))?;
        let status = resp.status();
        if matches!(status.as_u16(), 401 | 403) {
            return Err(ListError::NotAllowed);
        }
        let link = resp
            .headers()
            .get(reqwest::header::LINK)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = http::read_capped(resp, http::BODY_LIMIT)
            .await
            .map_err(ListError::Body)?;
        if !status.is_success() {
            return Err(ListError::Failed(format!(
                "GET /v2/{repo}/tags/list answered {status}"
            )));
        }
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
            ListError::Failed(format!("GET /v2/{repo}/tags/list answered with no JSON"))
        })?;
        for tag in value["tags"].as_array().into_iter().flatten() {
            match tag.as_str().filter(|t| is_valid_tag(t)) {
                Some(t) if out.tags.len() < MAX_TAGS => out.tags.push(t.to_owned()),
                Some(_) => {
                    out.incomplete = Some(format!("only the first {MAX_TAGS} tags were read"));
                    return Ok(out);
                }
                None => out.invalid += 1,
            }
        }
        match link.as_deref().map(|l| next_page(l, &url, ls)) {
            None | Some(Ok(None)) => return Ok(out),
            Some(Err(why)) => {
                out.incomplete = Some(why);
                return Ok(out);
            }
            Some(Ok(Some(next))) => {
                if page == MAX_PAGES {
                    out.incomplete = Some(format!("only the first {MAX_PAGES} pages were read"));
                    return Ok(out);
                }
                url = next;
            }
        }
    }
    Ok(out)
}

/// Up to three tags closest to `wanted`, and only ones near enough to be a
/// likely typo or neighbour: by edit distance, ties broken by a shared
/// beginning (Jaro-Winkler), then by name.
pub fn closest<'a>(wanted: &str, tags: &'a [String]) -> Vec<&'a str> {
    let limit = (wanted.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, f64, &str)> = tags
        .iter()
        .map(|t| {
            let d = strsim::levenshtein(wanted, t);
            (d, strsim::jaro_winkler(wanted, t), t.as_str())
        })
        .filter(|(d, _, _)| *d <= limit)
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    scored.into_iter().take(3).map(|(_, _, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls() -> LoginServer {
        LoginServer {
            host: "r.azurecr.io".into(),
            port: Some(8443),
            name: "r".into(),
            shown_host: None,
        }
    }

    #[test]
    fn tag_grammar() {
        for ok in ["latest", "v1.2", "_x", "1.0-rc_1"] {
            assert!(is_valid_tag(ok), "{ok}");
        }
        for bad in ["", ".x", "-x", "a b", "a\u{1b}[31m", "ä", &"a".repeat(129)] {
            assert!(!is_valid_tag(bad), "{bad}");
        }
    }

    #[test]
    fn links_are_followed_on_the_same_host_only() {
        let current =
            url::Url::parse("https://r.azurecr.io:8443/v2/hello/tags/list?n=100").unwrap();
        let next = next_page(
            "</v2/hello/tags/list?last=v1&n=3>; rel=\"next\"",
            &current,
            &ls(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            next.as_str(),
            "https://r.azurecr.io:8443/v2/hello/tags/list?last=v1&n=3"
        );
        assert!(next_page("<https://evil.example/v2/x>; rel=\"next\"", &current, &ls()).is_err());
        assert!(
            next_page("<https://r.azurecr.io/v2/x>; rel=\"next\"", &current, &ls()).is_err(),
            "another port"
        );
        assert!(
            next_page(
                "<http://r.azurecr.io:8443/v2/x>; rel=\"next\"",
                &current,
                &ls()
            )
            .is_err(),
            "not https"
        );
        assert_eq!(
            next_page("</v2/x>; rel=\"prev\"", &current, &ls()).unwrap(),
            None
        );
    }

    #[test]
    fn closest_names() {
        let tags: Vec<String> = [
            "1.0", "latest", "stable", "v1", "v1.1", "v1.2", "v2", "v2.0.1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(closest("v1.3", &tags), ["v1.1", "v1.2", "v1"]);
        assert_eq!(closest("lastest", &tags), ["latest"]);
        assert!(closest("something-else", &tags).is_empty());
    }
}
