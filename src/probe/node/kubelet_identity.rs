//! Kubelet identity: can the node's identity pull from the registry, the way
//! the kubelet's credential provider has containerd sign in? And when it
//! cannot, why: a secret Entra ID refuses, or an identity with no AcrPull.
//!
//! A service principal's `aadClientId`/`aadClientSecret` go to the registry's
//! token endpoint as username and password (containerd's password grant);
//! when the registry refuses them, a client-credentials token from the node
//! cloud's authority and the registry's exchange tell a bad secret from a
//! missing role. A managed identity's IMDS token is exchanged for a refresh
//! token, as the credential provider does. Either way the access token asked
//! for is the pull scope of `--image`'s repository (or `--repository`), and
//! what it grants decides.

use std::sync::Arc;

use crate::azure::credential::source::Credential;
use crate::azure::node_config::KubeletIdentity;
use crate::engine::catalog::{Message, Outside};
use crate::engine::finding::{Failure, Finding};
use crate::engine::pipeline::{BoxFuture, Handle, Probe, Report};
use crate::guard::secret::Secret;
use crate::net::{http, jwt};
use crate::probe::node::settings::NodeSettings;
use crate::probe::registry::context::{LoginServer, RegistryContext, Resolved, Session};

pub struct KubeletIdentityProbe {
    pub ctx: Arc<RegistryContext>,
    pub node: Arc<NodeSettings>,
}

/// What one request to the registry's token service came back with.
enum Answer {
    /// 200 with the field asked for (registered as a secret at once).
    Token(String),
    /// Any other HTTP status, with what the registry said.
    Refused(u16, String),
    /// No answer at all, or one we could not read.
    Failed(String),
}

impl Probe for KubeletIdentityProbe {
    type Needs = (Handle<Resolved>, Handle<Session>, Handle<Credential>);
    type Output = ();
    fn run(
        &self,
        (resolved, session, credential): (Arc<Resolved>, Arc<Session>, Arc<Credential>),
    ) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let check = Check {
                probe: self,
                ls: &resolved.login_server,
                session: &session,
            };
            vec![check.run(&credential).await].into()
        })
    }
}

struct Check<'a> {
    probe: &'a KubeletIdentityProbe,
    ls: &'a LoginServer,
    session: &'a Session,
}

impl Check<'_> {
    fn identity(&self) -> &KubeletIdentity {
        &self.probe.node.config.identity
    }

    fn scope(&self) -> String {
        match self.probe.node.pull_repository() {
            Some(r) => format!("repository:{r}:pull"),
            None => "registry:catalog:*".into(),
        }
    }

    /// The identity as messages name it, its client id included when the
    /// config or a token says it.
    fn who(&self, token: Option<&str>) -> String {
        let described = self.identity().describe();
        if self.identity().client_id().is_some() {
            return described;
        }
        match token
            .and_then(jwt::claims)
            .and_then(|c| c.get("appid").and_then(|v| v.as_str()).map(str::to_owned))
        {
            Some(appid) => format!("{described}, client ID {appid}"),
            None => described,
        }
    }

    async fn run(&self, credential: &Credential) -> Finding {
        match credential {
            Credential::Password { username, password } => {
                let answer = self.password_grant(username, password).await;
                match answer {
                    Answer::Token(t) => self.judge(&t, None, "its client ID and secret", None),
                    Answer::Refused(status, said) if status == 401 || status == 403 => {
                        self.diagnose(username, password, status, &said).await
                    }
                    other => self.unanswered(other, "the password grant"),
                }
            }
            Credential::AadToken { token, tenant } => {
                self.through_exchange(token.expose(), tenant.as_deref(), None)
                    .await
            }
            Credential::Anonymous => {
                Finding::info("Kubelet identity not checked: the run signs in anonymously")
                    .beyond_az()
            }
        }
    }

    /// The registry refused the service principal's client id and secret:
    /// does Entra ID accept them, and does the registry know the identity?
    async fn diagnose(&self, client_id: &str, secret: &Secret, status: u16, said: &str) -> Finding {
        let node = &self.probe.node.config;
        let sources = &self.probe.ctx.credential.sources;
        let refused = format!(
            "The registry refused the service principal's client ID and secret as containerd sends them (POST /oauth2/token, password grant: HTTP {status}{said})"
        );
        let audience = sources.settings.registry_audience().to_owned();
        match crate::azure::credential::node::client_credentials(
            sources,
            &node.tenant_id,
            client_id,
            secret,
            &audience,
        )
        .await
        {
            Err(e) => self.cannot_sign_in(&format!(
                "{refused}; Entra ID refuses them too: {}",
                e.message
            )),
            Ok(aad) => {
                let tenant = jwt::tenant(aad.expose());
                let why = format!("{refused}; Entra ID accepts the secret");
                self.through_exchange(aad.expose(), tenant.as_deref(), Some(&why))
                    .await
            }
        }
    }

    /// Entra ID token → refresh token → access token for the pull scope.
    /// `before` is what a service principal's diagnosis found so far (the
    /// password grant was refused).
    async fn through_exchange(
        &self,
        aad: &str,
        tenant: Option<&str>,
        before: Option<&str>,
    ) -> Finding {
        let prefix = |s: String| match before {
            Some(b) => format!("{b}; {s}"),
            None => s,
        };
        let url = format!("{}/oauth2/exchange", self.ls.base_url());
        let mut form = vec![
            ("grant_type", "access_token"),
            ("service", self.session.service.as_str()),
            ("access_token", aad),
        ];
        if let Some(t) = tenant {
            form.push(("tenant", t));
        }
        let refresh = match self.send(&url, &form, "refresh_token").await {
            Answer::Token(r) => r,
            Answer::Refused(status, said) if status == 401 || status == 403 => {
                return self.no_pull(
                    Some(aad),
                    &prefix(format!(
                        "the registry's exchange (POST /oauth2/exchange) refuses the identity's Entra ID token: HTTP {status}{said}, so it holds no role on this registry"
                    )),
                );
            }
            other => return self.unanswered(other, "the exchange (POST /oauth2/exchange)"),
        };
        let scope = self.scope();
        let url = format!("{}/oauth2/token", self.ls.base_url());
        let form = [
            ("grant_type", "refresh_token"),
            ("service", self.session.service.as_str()),
            ("scope", scope.as_str()),
            ("refresh_token", refresh.as_str()),
        ];
        match self.send(&url, &form, "access_token").await {
            Answer::Token(t) => match before {
                // Its token can pull, yet its secret was refused as a password.
                Some(b) if self.pulls(&t) => self.cannot_sign_in(&format!(
                    "{b}, and the identity's Entra ID token can pull here, so the registry refuses the service principal's password sign-in itself"
                )),
                _ => self.judge(&t, Some(aad), "its Entra ID token", before),
            },
            Answer::Refused(status, said) if status == 401 || status == 403 => self.no_pull(
                Some(aad),
                &prefix(format!(
                    "the registry refuses a token for {scope}: HTTP {status}{said}"
                )),
            ),
            other => self.unanswered(other, "the access token request (POST /oauth2/token)"),
        }
    }

    /// Whether `token` grants pull on the repository asked for (no
    /// repository: any token will do).
    fn pulls(&self, token: &str) -> bool {
        match self.probe.node.pull_repository() {
            Some(repo) => jwt::granted_actions(token, &repo)
                .iter()
                .any(|a| a == "pull" || a == "*"),
            None => true,
        }
    }

    /// A token came back: pass when it grants pull. `before` is what a
    /// diagnosis found on the way (it leads the reason of a refusal).
    fn judge(&self, token: &str, aad: Option<&str>, how: &str, before: Option<&str>) -> Finding {
        let shown = self.ls.display();
        let who = self.who(aad);
        match self.probe.node.pull_repository() {
            Some(repo) if self.pulls(token) => Finding::ok_line(format!(
                "Kubelet identity ({who}) can pull repository '{repo}' from registry '{shown}' with {how}"
            ))
            .beyond_az(),
            Some(repo) => {
                let granted = jwt::granted_actions(token, &repo);
                let granted = if granted.is_empty() {
                    "nothing".to_owned()
                } else {
                    granted.join(", ")
                };
                let grants =
                    format!("the registry's token for repository '{repo}' grants {granted}, not pull");
                let reason = match before {
                    Some(b) => format!("{b}; {grants}"),
                    None => upper_first(&grants),
                };
                self.no_pull(aad, &reason)
            }
            None => Finding::ok_line(format!(
                "Kubelet identity ({who}) signs in to registry '{shown}' with {how} (give --image or --repository to check its pull permission on a repository)"
            ))
            .beyond_az(),
        }
    }

    fn no_pull(&self, aad: Option<&str>, reason: &str) -> Finding {
        let shown = self.ls.display();
        let who = self.who(aad);
        Finding::error(Failure::new(Message::KubeletAcrPull {
            identity: &who,
            ls: &shown,
            reason: Outside(&self.probe.ctx.scrub(&sentence(reason))),
        }))
    }

    fn cannot_sign_in(&self, reason: &str) -> Finding {
        let shown = self.ls.display();
        let who = self.who(None);
        Finding::error(Failure::new(Message::KubeletIdentity {
            identity: &who,
            ls: &shown,
            reason: Outside(&self.probe.ctx.scrub(&sentence(reason))),
        }))
    }

    /// Neither a token nor a refusal: throttling, a server error, no answer.
    fn unanswered(&self, answer: Answer, what: &str) -> Finding {
        let shown = self.ls.display();
        match answer {
            Answer::Refused(429, _) => Finding::error(
                Failure::new(Message::TooManyRequests { ls: &shown })
                    .because(format!("{what} answered 429 Too Many Requests")),
            ),
            Answer::Refused(status, said) => {
                self.cannot_sign_in(&format!("{what} answered HTTP {status}{said}"))
            }
            Answer::Failed(why) => self.cannot_sign_in(&format!("{what}: {why}")),
            Answer::Token(_) => self.cannot_sign_in(&format!("{what} answered unexpectedly")),
        }
    }

    async fn password_grant(&self, username: &str, password: &Secret) -> Answer {
        let scope = self.scope();
        let url = format!("{}/oauth2/token", self.ls.base_url());
        let form = [
            ("grant_type", "password"),
            ("service", self.session.service.as_str()),
            ("scope", scope.as_str()),
            ("username", username),
            ("password", password.expose()),
        ];
        self.send(&url, &form, "access_token").await
    }

    /// POSTs `form` over the challenge's connection; 200 must carry `field`.
    async fn send(&self, url: &str, form: &[(&str, &str)], field: &str) -> Answer {
        tracing::debug!("POST {url} (kubelet identity)");
        let resp = match self.session.client.post(url).form(form).send().await {
            Ok(r) => r,
            Err(e) => return Answer::Failed(http::classify(&e).to_string()),
        };
        let status = resp.status().as_u16();
        let body = match http::read_capped(resp, http::BODY_LIMIT).await {
            Ok(b) => b,
            Err(e) => return Answer::Failed(e.to_string()),
        };
        if status != 200 {
            let said = http::registry_error_text(&body)
                .map(|t| format!(", the registry said: {t}"))
                .unwrap_or_default();
            return Answer::Refused(status, said);
        }
        let token = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get(field)?.as_str().map(str::to_owned))
            .filter(|t| !t.is_empty());
        match token {
            Some(t) => {
                // From here on no output may show it.
                self.probe.ctx.secrets().register(&Secret::new(t.as_str()));
                Answer::Token(t)
            }
            None => Answer::Failed(format!("HTTP 200 without a {field}")),
        }
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A reason as one sentence, with its full stop.
fn sentence(reason: &str) -> String {
    let mut s = reason.trim_end().to_owned();
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}
