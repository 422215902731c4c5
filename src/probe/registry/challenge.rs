//! Challenge: `GET https://<login server>/v2/`, connecting to the address the
//! DNS step reported. A registry answers 401 with a Bearer challenge naming
//! its token realm and service; anything else is classified.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::engine::catalog::{Code, Message, Outside, Remedy};
use crate::engine::finding::{Fact, Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::net::http::{self, NetFailure};
use crate::net::{certificate, www_authenticate};
use crate::probe::registry::context::{
    LoginServer, RegistryContext, Resolved, Session, SubscriptionPick,
};
use crate::probe::registry::dns::Addresses;
use crate::probe::registry::network_access::{self, NetworkAccess};

/// More skew than this makes token lifetimes unreliable.
const SKEW_LIMIT: Duration = Duration::from_secs(5 * 60);

pub struct ChallengeProbe(pub Arc<RegistryContext>);

/// The realm must be https on the login server's own host and port: the AAD
/// token and passwords are sent nowhere else.
fn realm_is_trusted(realm: &str, ls: &LoginServer) -> bool {
    match url::Url::parse(realm) {
        Ok(u) => {
            u.scheme() == "https"
                && u.host_str().map(str::to_ascii_lowercase).as_deref() == Some(ls.host.as_str())
                && u.port_or_known_default() == Some(ls.port_or_default())
        }
        Err(_) => false,
    }
}

fn clock_skew(resp: &reqwest::Response) -> Option<(Duration, bool)> {
    let date = resp.headers().get(reqwest::header::DATE)?.to_str().ok()?;
    let server = httpdate::parse_http_date(date).ok()?;
    let now = SystemTime::now();
    match server.duration_since(now) {
        Ok(ahead) => Some((ahead, true)),
        Err(e) => Some((e.duration(), false)),
    }
}

impl Probe for ChallengeProbe {
    type Needs = (Handle<Resolved>, Handle<Addresses>);
    type Output = Session;
    fn run(
        &self,
        (resolved, addresses): (Arc<Resolved>, Arc<Addresses>),
    ) -> BoxFuture<'_, Report<Session>> {
        Box::pin(async move {
            let mut session = None;
            let mut findings = self.check(&resolved, &addresses, &mut session).await;
            // For machines: the login server's certificate, verified on
            // this connection (or the one sent while ARM answered).
            let host = &resolved.login_server.host;
            if let (Some(not_after), Some(first)) = (
                self.0.http.trust().certificate_expiry(host),
                findings.first_mut(),
            ) {
                first.facts.push(Fact::CertificateExpiry {
                    host: host.clone(),
                    not_after,
                });
            }
            Report {
                findings,
                output: session,
            }
        })
    }
}

impl ChallengeProbe {
    /// The challenge; on success `session` holds the connection the token
    /// steps reuse.
    async fn check(
        &self,
        resolved: &Resolved,
        dns: &Addresses,
        session: &mut Option<Session>,
    ) -> Vec<Finding> {
        let ctx = &self.0;
        let ls = &resolved.login_server;
        let addresses = &dns.ips;
        let shown = ls.display();
        let url = format!("{}/v2/", ls.base_url());
        let fail_with = |code: Code, reason: String, remedy: Option<Remedy>| {
            let mut f = Failure::new(match code {
                Code::ConnectivityForbiddenError => Message::Forbidden {
                    ls: &shown,
                    name: &ls.name,
                },
                Code::ConnectivitySslError => Message::Ssl { ls: &shown },
                _ => Message::Challenge { ls: &shown },
            });
            if let Some(r) = remedy {
                f = f.remedy(r);
            }
            Finding::error(f.because(reason))
        };
        let fail = |code: Code, reason: String| fail_with(code, reason, None);

        // The URL's explicit port counts in no_proxy (requests' rules).
        let target = match ls.port {
            Some(p) => format!("{}:{p}", ls.host),
            None => ls.host.clone(),
        };
        let proxy = ctx.http.proxy_for(&target).cloned();
        // Through a proxy the proxy resolves the name; otherwise connect to
        // exactly the address the DNS step reported.
        let pin = match &proxy {
            None => addresses
                .first()
                .map(|ip| (ls.host.as_str(), SocketAddr::new(*ip, ls.port_or_default()))),
            Some(_) => None,
        };
        // The challenge sent while ARM answered, when it went to this very
        // host and address; else our own.
        let speculative = match resolved.speculation() {
            Some(s) => s.take_sent().await.filter(|s| s.pin == pin.map(|p| p.1)),
            None => None,
        };
        let (client, answer) = match speculative {
            Some(sent) => {
                crate::sys::timing::adopt(sent.phases);
                (sent.client, sent.answer)
            }
            None => {
                let client = match ctx.http.client(pin) {
                    Ok(c) => c,
                    Err(e) => {
                        return vec![fail(Code::ConnectivityChallengeError, e.to_string())];
                    }
                };
                tracing::debug!("GET {url} (pinned to {:?})", pin.map(|p| p.1));
                let answer = http::send(client.get(&url)).await;
                (client, answer)
            }
        };
        let resp = match answer {
            Ok(r) => r,
            Err(e) => {
                let failure = http::classify(&e);
                let code = match failure {
                    NetFailure::Tls(_) => Code::ConnectivitySslError,
                    _ => Code::ConnectivityChallengeError,
                };
                let mut reason = format!("GET {url}: {}", failure);
                // Through a proxy the connection is the proxy's: say whose it was.
                if let Some(p) = &proxy {
                    reason = match failure {
                        NetFailure::Refused => format!(
                            "GET {url}: the proxy {} (from {}) refused the connection",
                            p.shown, p.variable
                        ),
                        _ => format!("{reason} (through proxy {} from {})", p.shown, p.variable),
                    };
                }
                // Say who answered: a TLS-inspecting proxy shows up by name here.
                if matches!(failure, NetFailure::Tls(_))
                    && proxy.is_none()
                    && let Some(cert) = certificate::presented(&ctx.http, &ls.host)
                {
                    reason.push_str(&format!("; {cert}"));
                }
                if failure == NetFailure::Timeout {
                    reason.push_str(&format!(
                        " ({}s, see --timeout)",
                        ctx.settings.timeout.as_secs_f64()
                    ));
                }
                return vec![fail(code, reason)];
            }
        };
        let status = resp.status();
        tracing::debug!("GET {url} -> {status}");

        let mut extra = Vec::new();
        if let Some(p) = &proxy {
            extra.push(format!("through proxy {} (from {})", p.shown, p.variable));
        }
        let skew = clock_skew(&resp);
        let challenge = resp
            .headers()
            .get(reqwest::header::WWW_AUTHENTICATE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());

        if status == reqwest::StatusCode::FORBIDDEN {
            let body = http::read_capped(resp, 64 * 1024).await.unwrap_or_default();
            let said = http::registry_error_text(&body).map(|t| ctx.scrub(&t));
            let mut detail = said
                .as_ref()
                .map(|t| format!("the registry said: {t}"))
                .unwrap_or_else(|| "GET /v2/ answered 403 Forbidden".into());
            // With the ARM object: which of its settings refused the client.
            let access = resolved.arm.as_ref().map(NetworkAccess::read);
            if let Some(access) = &access
                && let Some(why) = network_access::reason_for_403(
                    access,
                    network_access::route(dns),
                    said.as_deref().and_then(network_access::client_ip),
                    &ls.name,
                )
            {
                // One sentence after the registry's own: "… grant access. Public network …."
                let mut chars = why.chars();
                let why: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                detail = format!("{}. {why}.", detail.trim_end_matches('.'));
            }
            // Public access off: IP rules do not apply, private endpoints come first.
            let remedy = access
                .filter(|a| a.public_disabled)
                .map(|_| Remedy::PrivateEndpointsOnly);
            return vec![fail_with(Code::ConnectivityForbiddenError, detail, remedy)];
        }
        let Some(header) = challenge.filter(|_| status == reqwest::StatusCode::UNAUTHORIZED) else {
            let body = http::read_capped(resp, 64 * 1024).await.unwrap_or_default();
            // Scrubbed before it is cut, so no part of an echoed secret survives.
            let snippet =
                crate::guard::sanitize::shown(&ctx.scrub(&String::from_utf8_lossy(&body)), 120);
            let mut reason =
                format!("GET /v2/ answered {status} without an authentication challenge");
            if !snippet.is_empty() {
                reason.push_str(&format!("; body starts: {snippet}"));
            }
            return vec![fail(Code::ConnectivityChallengeError, reason)];
        };
        // The body is not needed, but read to its end the connection serves
        // the exchange and token next (dropped unread, HTTP/1.1 must close
        // it: two round trips more for a new one). A body too large for
        // that is dropped and the connection with it.
        let _ = http::read_capped(resp, 16 * 1024).await;

        let mut pass = Finding::pass(format!("Challenge endpoint {url}"));
        for e in extra {
            pass = pass.detail(e);
        }
        let mut out = vec![pass];
        if let Some((skew, ahead)) = skew
            && skew > SKEW_LIMIT
        {
            out.push(
                    Finding::warning(format!(
                            "The registry's clock is {} {} this machine's; tokens may look expired or not yet valid. Check this machine's time sync.",
                            humantime::format_duration(Duration::from_secs(skew.as_secs())),
                            if ahead { "ahead of" } else { "behind" }
                        ),
                    )
.titled("Clock skew")
                    .beyond_az(),
                );
        }
        let aad = |reason: String| {
            Finding::error(Failure::new(Message::AadLogin { ls: &shown }).because(reason))
        };
        let parsed = match www_authenticate::parse(&header) {
            Ok(c) => c,
            Err(e) => {
                out.push(aad(format!(
                    "the WWW-Authenticate header could not be read ({}): {}",
                    e.0,
                    crate::guard::sanitize::shown(&header, 120)
                )));
                return out;
            }
        };
        if !parsed.is_bearer() {
            out.push(aad(format!(
                "the registry asks for '{}' authentication, not Bearer",
                crate::guard::sanitize::shown(&parsed.scheme, 40)
            )));
            return out;
        }
        let (Some(realm), Some(service)) = (parsed.param("realm"), parsed.param("service")) else {
            out.push(aad(format!(
                "the Bearer challenge lacks a {}",
                if parsed.param("realm").is_none() {
                    "realm"
                } else {
                    "service"
                }
            )));
            return out;
        };
        // az signs in for the registry token here (`_get_aad_token`, after
        // the challenge): a subscription its profile does not list raises,
        // before any pass line, and ends the run.
        if ctx.settings.rules.az()
            && let SubscriptionPick::Unknown {
                value, no_login, ..
            } = ctx.credential.subscription_pick()
        {
            return vec![
                Finding::error(Failure::new(Message::SubscriptionNotFound {
                    value: Outside(value),
                    no_login: *no_login,
                }))
                .raised(),
            ];
        }
        // There too az signs in (MSAL, `get_raw_token`): a credential that
        // fails stands where the pass line would, and a challenge that
        // failed above hides it, as az never got that far.
        if ctx.settings.rules.az()
            && let Err(e) = ctx.credential.get().await
        {
            return vec![crate::probe::registry::credential::az_failure(
                ctx, &shown, e,
            )];
        }
        if !realm_is_trusted(realm, ls) {
            out.push(Finding::error(Failure::new(Message::UntrustedRealm {
                ls: &shown,
                realm: Outside(&crate::guard::sanitize::shown(realm, 200)),
            })));
            return out;
        }
        *session = Some(Session {
            client,
            service: service.to_owned(),
            planned: Default::default(),
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realm_pinning() {
        let ls = LoginServer {
            host: "r.azurecr.io".into(),
            port: None,
            name: "r".into(),
            shown_host: None,
        };
        assert!(realm_is_trusted("https://r.azurecr.io/oauth2/token", &ls));
        assert!(realm_is_trusted(
            "https://R.azurecr.io:443/oauth2/token",
            &ls
        ));
        assert!(!realm_is_trusted("http://r.azurecr.io/oauth2/token", &ls));
        assert!(!realm_is_trusted("https://evil.example/oauth2/token", &ls));
        assert!(!realm_is_trusted(
            "https://r.azurecr.io.evil.example/oauth2/token",
            &ls
        ));
        assert!(!realm_is_trusted(
            "https://r.azurecr.io:8443/oauth2/token",
            &ls
        ));
        assert!(!realm_is_trusted("not a url", &ls));
    }
}
