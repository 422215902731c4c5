//! The challenge sent while ARM answers (docs/behaviour.md §2, "While ARM
//! answers"). A registry read by name waits for ARM to name its login
//! server; meanwhile the run resolves, connects to and sends the anonymous
//! `GET /v2/` to the login server it would use if ARM had nothing to say,
//! `<name><suffix>`. When ARM names that host (compared without regard to
//! case, port included), the DNS and challenge steps take what was already
//! done; when it names another (a domain name label, a custom domain),
//! everything is dropped unread and those steps start over at ARM's host.
//!
//! The rule this file keeps: nothing but that anonymous `GET /v2/` goes to
//! a host before ARM has confirmed it. The client made here is handed on
//! only to the challenge step of a confirmed host, and the token steps use
//! it only after that.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use tokio::task::{AbortHandle, JoinHandle};

use crate::net::dns::{DnsAnswer, DnsFailure, NameLookup};
use crate::net::http::{self, HttpSettings};
use crate::sys::timing::{self, Phase, Phases};

/// The speculative `GET /v2/` as it went: the address its connection was
/// pinned to (none through a proxy), its client and what came back.
pub struct Sent {
    pub pin: Option<SocketAddr>,
    pub client: reqwest::Client,
    pub answer: Result<reqwest::Response, reqwest::Error>,
    /// Its connection's set-up and the request, for the challenge step's timings.
    pub phases: Vec<Phase>,
}

type Lookup = Result<DnsAnswer, DnsFailure>;

/// A guessed login server's lookup and challenge, running in a task of its
/// own. Dropping it aborts the task and closes its connection.
pub struct Speculation {
    /// The guessed login server, in lower case, and its port.
    host: String,
    port: u16,
    dns: Arc<dyn NameLookup>,
    lookup: Arc<OnceCell<Lookup>>,
    /// The lookup's timing, for the DNS step when it takes the answer.
    lookup_phases: Phases,
    sent: Mutex<Option<JoinHandle<Option<Sent>>>>,
    task: AbortHandle,
}

impl Speculation {
    /// Starts resolving `host` (unless `given` by `--resolve`), connecting
    /// and sending `GET {base_url}/v2/` without any credential.
    pub fn start(
        host: &str,
        port: u16,
        base_url: &str,
        given: Option<IpAddr>,
        dns: Arc<dyn NameLookup>,
        http: HttpSettings,
    ) -> Speculation {
        let host = host.to_ascii_lowercase();
        let lookup: Arc<OnceCell<Lookup>> = Arc::default();
        let lookup_phases = Phases::default();
        let url = format!("{base_url}/v2/");
        let task = {
            let (host, dns, lookup) = (host.clone(), dns.clone(), lookup.clone());
            let dns_phases = lookup_phases.clone();
            tokio::spawn(async move {
                let resolve = timing::collect(dns_phases.clone(), async {
                    lookup
                        .get_or_init(|| dns.lookup(&host))
                        .await
                        .as_ref()
                        .ok()
                        .map(|a| a.addresses[0])
                });
                // Through a proxy the proxy resolves the name: the request
                // does not wait for our lookup (the DNS step still reads it).
                let pin = if http.proxy_for(&host).is_some() {
                    let (host, dns, lookup) = (host.clone(), dns.clone(), lookup.clone());
                    tokio::spawn(timing::collect(dns_phases, async move {
                        let _ = lookup.get_or_init(|| dns.lookup(&host)).await;
                    }));
                    None
                } else {
                    let ip = match given {
                        Some(ip) => ip,
                        None => resolve.await?,
                    };
                    Some(SocketAddr::new(ip, port))
                };
                let client = http.client(pin.map(|a| (host.as_str(), a))).ok()?;
                tracing::debug!("GET {url} (pinned to {pin:?}), sent while ARM answers");
                let phases = Phases::default();
                let answer = timing::collect(phases.clone(), http::send(client.get(&url))).await;
                Some(Sent {
                    pin,
                    client,
                    answer,
                    phases: phases.take(),
                })
            })
        };
        Speculation {
            host,
            port,
            dns,
            lookup,
            lookup_phases,
            task: task.abort_handle(),
            sent: Mutex::new(Some(task)),
        }
    }

    /// Whether this is the login server `host:port` (any case).
    pub fn is_for(&self, host: &str, port: u16) -> bool {
        self.host.eq_ignore_ascii_case(host) && self.port == port
    }

    /// The guessed host's DNS answer (the lookup already under way, or
    /// made now when there was none).
    pub async fn lookup(&self) -> Lookup {
        let answer = self
            .lookup
            .get_or_init(|| self.dns.lookup(&self.host))
            .await
            .clone();
        // The lookup made in the speculation's task is the DNS step's.
        timing::adopt(self.lookup_phases.take());
        answer
    }

    /// The challenge already sent, for the challenge step (once). `None`
    /// when it could not be sent (no address, no client): the step then
    /// sends its own and meets the same failure.
    pub async fn take_sent(&self) -> Option<Sent> {
        let handle = self.sent.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        handle.await.ok().flatten()
    }
}

impl Drop for Speculation {
    fn drop(&mut self) {
        self.task.abort();
    }
}
