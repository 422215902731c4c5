//! The HTTP client (reqwest + rustls) and what its failures mean.
//!
//! Every client of a run shares one trust (crate::net::tls: the
//! `--ca-cert` roots first, the system store loaded at most once, TLS 1.2 at
//! least); proxies come from our environment snapshot (never implicitly), read
//! as az's libraries read them (crate::net::no_proxy::RequestsProxy), so what
//! we report is what we used.

use std::error::Error as _;
use std::net::SocketAddr;
use std::time::Duration;

use crate::net::no_proxy::RequestsProxy;
use crate::net::url_secrets;
use crate::sys::env::Env;

/// Bodies we read are capped: a registry or identity endpoint never needs more.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How to build clients for one run.
#[derive(Clone)]
pub struct HttpSettings {
    trust: std::sync::Arc<crate::net::tls::Trust>,
    pub timeout: Duration,
    proxy: Option<ProxySetting>,
    /// The unpinned client, built once per run (its connection pool is what
    /// lets ARM and Entra ID requests reuse a connection).
    shared: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
    /// Requests that take turns on one connection per host (see `Turns`).
    pub turns: Turns,
}

/// One request at a time per host, for callers that send several at once
/// to a server that may speak HTTP/1.1 only: there a second request in
/// flight makes the pool open a second connection (TCP, TLS and the
/// request: three round trips) where waiting for the first costs one, and
/// the connection it opened stays unused once the first is free. Once a
/// host answers over HTTP/2, its requests share the connection and no
/// longer wait for each other.
#[derive(Clone, Default)]
pub struct Turns(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Turn>>>>,
);

struct Turn {
    one: std::sync::Arc<tokio::sync::Semaphore>,
    multiplexed: std::sync::atomic::AtomicBool,
}

/// A request's turn on its host: held until its answer is read, then
/// dropped. `learn` records the HTTP version the host answered with.
pub struct MyTurn {
    turn: std::sync::Arc<Turn>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl MyTurn {
    /// A host that answers over HTTP/2 multiplexes: later requests to it go at once.
    pub fn learn(&self, version: reqwest::Version) {
        if version == reqwest::Version::HTTP_2 {
            self.turn
                .multiplexed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

impl Turns {
    /// Waits for the turn of `url`'s host (scheme, host and port).
    pub async fn take(&self, url: &str) -> MyTurn {
        let key = url::Url::parse(url)
            .map(|u| {
                format!(
                    "{}://{}:{}",
                    u.scheme(),
                    u.host_str().unwrap_or_default(),
                    u.port_or_known_default().unwrap_or_default()
                )
            })
            .unwrap_or_default();
        let turn = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert_with(|| {
                std::sync::Arc::new(Turn {
                    one: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
                    multiplexed: Default::default(),
                })
            })
            .clone();
        let permit = if turn.multiplexed.load(std::sync::atomic::Ordering::Relaxed) {
            None
        } else {
            turn.one.clone().acquire_owned().await.ok()
        };
        MyTurn {
            turn,
            _permit: permit,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ProxySetting {
    /// The proxy URL with any password removed, for the report.
    pub shown: String,
    /// The variable it came from.
    pub variable: &'static str,
    /// The proxy as requests uses it (`http://` when no scheme is given).
    url: Option<url::Url>,
    /// When a request goes direct.
    rules: RequestsProxy,
}

impl HttpSettings {
    /// The run's HTTP settings: `--ca-cert` roots (`ca_pems`), the proxy
    /// and store variables of `env`, and `--timeout` for every request.
    pub fn new<'a>(
        ca_pems: impl IntoIterator<Item = &'a [u8]>,
        env: &Env,
        timeout: std::time::Duration,
    ) -> Self {
        let trust = crate::net::tls::Trust::new(ca_pems, env);
        // Without --ca-cert roots every handshake needs the system store:
        // read it beside DNS and the first connect, not inside the handshake.
        trust.prefetch();
        HttpSettings {
            trust,
            timeout,
            proxy: proxy_from_env(env),
            shared: Default::default(),
            turns: Turns::default(),
        }
    }

    /// The run's trust (roots, the certificates servers were rejected for).
    pub fn trust(&self) -> &crate::net::tls::Trust {
        &self.trust
    }

    /// The proxy a request to `https://host` would use, if any: `no_proxy`
    /// read by requests' rules, which our client applies too.
    pub fn proxy_for(&self, host: &str) -> Option<&ProxySetting> {
        let p = self.proxy.as_ref()?;
        let (host, port) = crate::net::host_port::split(host).unwrap_or((host, None));
        (!p.rules.bypasses(host, port)).then_some(p)
    }

    /// A client for one host. `pin` sends its connections to that address (the
    /// one the DNS step reported) instead of resolving the name again.
    pub fn client(&self, pin: Option<(&str, SocketAddr)>) -> Result<reqwest::Client, ClientError> {
        if pin.is_none() {
            if let Some(c) = self.shared.get() {
                return Ok(c.clone());
            }
            let c = self.build(None)?;
            return Ok(self.shared.get_or_init(|| c).clone());
        }
        self.build(pin)
    }

    fn build(&self, pin: Option<(&str, SocketAddr)>) -> Result<reqwest::Client, ClientError> {
        // reqwest has no provider of its own; see crate::net::tls.
        crate::net::tls::install_provider();
        // One configuration for the run: the same verifier (roots loaded at
        // most once) and the same TLS session cache in every client.
        let mut b = reqwest::Client::builder()
            .no_proxy()
            .tls_backend_preconfigured(self.trust.client_config())
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("acr-health/", env!("CARGO_PKG_VERSION")))
            .connector_layer(TimeConnections);
        if let Some(p) = &self.proxy {
            let url = p
                .url
                .clone()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| ClientError::Proxy {
                    variable: p.variable,
                    why: format!("'{}' is not an http or https proxy URL", p.shown),
                })?;
            // https requests only, each decided by requests' rules (the
            // proxy's own user and password, percent-decoded, become its
            // Basic credentials, as requests sends them).
            let rules = p.rules.clone();
            b = b.proxy(reqwest::Proxy::custom(move |dst| {
                let direct = dst.scheme() != "https"
                    || dst.host_str().is_none_or(|h| rules.bypasses(h, dst.port()));
                (!direct).then(|| url.clone())
            }));
        }
        if let Some((host, addr)) = pin {
            b = b.resolve(host, addr);
        }
        b.build().map_err(|e| ClientError::Build(chain(&e)))
    }
}

impl HttpSettings {
    /// A TLS handshake with `host` at `addr` and nothing more: TCP and TLS
    /// with the run's trust, within `--timeout`, no request sent. Returns
    /// the TLS version agreed (`TLS 1.3`). For a host that only has to be
    /// reachable (a dedicated data endpoint): two round trips where a
    /// request would take three.
    pub async fn tls_handshake(&self, host: &str, addr: SocketAddr) -> Result<String, NetFailure> {
        let started = std::time::Instant::now();
        let done = tokio::time::timeout(self.timeout, self.handshake(host, addr))
            .await
            .unwrap_or(Err(NetFailure::Timeout));
        if let Ok(version) = &done {
            use crate::sys::timing::{Phase, PhaseKind};
            let shown = match addr.port() {
                443 => host.to_owned(),
                p => format!("{host}:{p}"),
            };
            let phase = Phase::new(PhaseKind::Connect, &shown, started, started.elapsed())
                .with_tls(version);
            crate::sys::timing::record(phase);
        }
        done
    }

    async fn handshake(&self, host: &str, addr: SocketAddr) -> Result<String, NetFailure> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        crate::net::tls::install_provider();
        let io =
            |e: std::io::Error| io_failure(e.kind()).unwrap_or(NetFailure::Other(e.to_string()));
        let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| {
            NetFailure::Other(format!("'{host}' is not a host name TLS can verify ({e})"))
        })?;
        let config = std::sync::Arc::new(self.trust.client_config());
        let mut tls = rustls::ClientConnection::new(config, name)
            .map_err(|e| NetFailure::Tls(tls_problem(&e)))?;
        let mut tcp = tokio::net::TcpStream::connect(addr).await.map_err(io)?;
        let _ = tcp.set_nodelay(true);
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            while tls.wants_write() {
                let mut out = Vec::new();
                tls.write_tls(&mut out).map_err(io)?;
                tcp.write_all(&out).await.map_err(io)?;
            }
            if !tls.is_handshaking() {
                break;
            }
            let n = tcp.read(&mut buf).await.map_err(io)?;
            if n == 0 {
                return Err(NetFailure::Reset);
            }
            tls.read_tls(&mut &buf[..n]).map_err(io)?;
            if let Err(e) = tls.process_new_packets() {
                // Tell the server why (an alert), as a client would.
                let mut out = Vec::new();
                if tls.write_tls(&mut out).is_ok() {
                    let _ = tcp.write_all(&out).await;
                }
                return Err(NetFailure::Tls(tls_problem(&e)));
            }
        }
        tls.send_close_notify();
        let mut out = Vec::new();
        if tls.write_tls(&mut out).is_ok() {
            let _ = tcp.write_all(&out).await;
        }
        Ok(match tls.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3".to_owned(),
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2".to_owned(),
            Some(v) => format!("{v:?}"),
            None => "TLS".to_owned(),
        })
    }
}

/// The connector layer that times each new connection (TCP and TLS) for
/// the request it is made for (`send`, through `sys::timing`).
#[derive(Clone, Copy)]
struct TimeConnections;

impl<S> tower_layer::Layer<S> for TimeConnections {
    type Service = TimedConnector<S>;
    fn layer(&self, inner: S) -> TimedConnector<S> {
        TimedConnector(inner)
    }
}

#[derive(Clone)]
struct TimedConnector<S>(S);

impl<S, R> tower_service::Service<R> for TimedConnector<S>
where
    S: tower_service::Service<R>,
    S::Error: AsRef<dyn std::error::Error + Send + Sync + 'static>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = crate::sys::future::BoxFuture<'static, Result<S::Response, S::Error>>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let connecting = self.0.call(req);
        Box::pin(async move {
            let started = std::time::Instant::now();
            let made = connecting.await;
            match &made {
                Ok(_) => crate::sys::timing::connection_made(started),
                // No socket for want of descriptors: ours, not the server's
                // (sys::limits), told to the check this request is for.
                Err(e) => {
                    if let Some(o) = crate::sys::limits::find_out_of_files(e.as_ref()) {
                        crate::sys::limits::met(o);
                    }
                }
            }
            made
        })
    }
}

/// `host` or `host:port` of a URL, as phases name it.
fn host_of(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    }
}

/// Where a request's transfer time goes once its body is read (`read_capped`).
#[derive(Clone)]
struct Transfer(std::sync::Arc<std::sync::OnceLock<Duration>>);

/// Sends `req` and records its phases (sys::timing): the connection made
/// for it, if one was (TCP and TLS, with the TLS version), and the request
/// itself to the first byte of the answer; `read_capped` adds the body's
/// transfer. Every request a check's timings should show goes through here.
pub async fn send(req: reqwest::RequestBuilder) -> Result<reqwest::Response, reqwest::Error> {
    use crate::sys::timing::{self, Phase, PhaseKind};
    let (client, built) = req.build_split();
    let request = built?;
    let host = host_of(request.url());
    let what = format!("{} {}", request.method(), request.url().path());
    let started = std::time::Instant::now();
    let (answer, connecting) = timing::watch_connection(client.execute(request)).await;
    let first_byte = std::time::Instant::now();
    // On a new connection the request itself starts where its set-up ended.
    let mut request_start = started;
    if let Some((from, to)) = connecting.made {
        let connect = Phase::new(PhaseKind::Connect, &host, from, to - from)
            .with_tls(connecting.tls.unwrap_or("TLS, session resumed"));
        timing::record(connect);
        request_start = to;
    }
    let phase = Phase::new(
        PhaseKind::Request,
        &host,
        request_start,
        first_byte.saturating_duration_since(request_start),
    )
    .with_what(&what);
    let transfer = phase.transfer.clone();
    let mut resp = answer?;
    timing::record(phase);
    resp.extensions_mut().insert(Transfer(transfer));
    Ok(resp)
}

/// Why no HTTP client could be built. The reasons come from reqwest through
/// [`chain`], so no URL secret is in them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("cannot use the proxy from {variable}: {why}")]
    Proxy { variable: &'static str, why: String },
    #[error("cannot set up HTTPS: {0}")]
    Build(String),
}

fn proxy_from_env(env: &Env) -> Option<ProxySetting> {
    let rules = RequestsProxy::from_env(env);
    let (variable, raw) = rules.proxy.clone()?;
    Some(ProxySetting {
        shown: url_secrets::hide_password(&raw),
        variable,
        url: crate::net::no_proxy::parse_proxy(&raw),
        rules,
    })
}

/// Why a request got no HTTP answer. `Display` is the sentence a report
/// shows after what was asked (`GET https://…: {this}`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NetFailure {
    #[error(transparent)]
    Tls(TlsProblem),
    #[error("no answer before the timeout")]
    Timeout,
    #[error("the connection was refused")]
    Refused,
    #[error("the connection was closed or reset without an answer")]
    Reset,
    /// The response was not valid HTTP.
    #[error("the answer was not valid HTTP: {0}")]
    Protocol(String),
    #[error("{0}")]
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TlsProblem {
    /// Signed by a CA we do not trust; the issuer's name when we know it.
    #[error(
        "the server's certificate is signed by a CA this machine does not trust (unknown issuer)"
    )]
    UnknownIssuer,
    #[error("the server's certificate is for another host ({0})")]
    WrongHost(String),
    /// With the certificate's end of validity when known.
    #[error("the server's certificate expired at {0}")]
    Expired(String),
    #[error("the server's certificate has expired or is not valid yet")]
    NotInValidity,
    /// The server offered only TLS below 1.2 or nothing we share.
    #[error("the server does not speak TLS 1.2 or newer")]
    OldProtocol,
    #[error("TLS handshake failed: {0}")]
    Other(String),
}

/// The error and its sources, joined: reqwest's own text is too terse.
/// reqwest puts the request URL in its text; a blob redirect's URL carries a
/// SAS signature in its query, and a proxy URL may carry a password, so both
/// are cut out here, where every network error's text passes.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    crate::guard::secret::scrub(&url_secrets::hide_url_secrets(
        &crate::sys::error::sentence(e),
    ))
}

/// Finds a rustls error inside a reqwest error: walk `source()`, and at each
/// `io::Error` descend with `get_ref()` (its `source()` skips the wrapped error).
fn find_rustls(e: &reqwest::Error) -> Option<rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r.clone());
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
        {
            // Look at the wrapped error itself (it may be another io::Error).
            cur = Some(inner as &(dyn std::error::Error + 'static));
            continue;
        }
        cur = err.source();
    }
    None
}

fn io_kind(e: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = err.source();
    }
    None
}

/// What a rustls error says about the server, in our terms.
fn tls_problem(tls: &rustls::Error) -> TlsProblem {
    use rustls::{AlertDescription, CertificateError, Error as R, PeerIncompatible};
    match tls {
        R::InvalidCertificate(CertificateError::UnknownIssuer) => TlsProblem::UnknownIssuer,
        R::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => TlsProblem::WrongHost(match tls {
            R::InvalidCertificate(CertificateError::NotValidForNameContext {
                presented, ..
            }) => format!(
                "it names {}",
                presented
                    .iter()
                    .map(|n| n.trim_start_matches("DnsName(\"").trim_end_matches("\")"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "its names do not match".into(),
        }),
        R::InvalidCertificate(CertificateError::ExpiredContext { not_after, .. }) => {
            TlsProblem::Expired(
                humantime::format_rfc3339_seconds(
                    std::time::UNIX_EPOCH + Duration::from_secs(not_after.as_secs()),
                )
                .to_string(),
            )
        }
        R::InvalidCertificate(
            CertificateError::Expired
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. },
        ) => TlsProblem::NotInValidity,
        R::PeerIncompatible(PeerIncompatible::Tls12NotOffered)
        | R::PeerIncompatible(PeerIncompatible::SupportedVersionsExtensionRequired)
        | R::AlertReceived(AlertDescription::ProtocolVersion) => TlsProblem::OldProtocol,
        other => TlsProblem::Other(other.to_string()),
    }
}

/// What an I/O error of a connection says, when it says something we name.
fn io_failure(kind: std::io::ErrorKind) -> Option<NetFailure> {
    use std::io::ErrorKind as K;
    match kind {
        K::ConnectionRefused => Some(NetFailure::Refused),
        K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => {
            Some(NetFailure::Reset)
        }
        K::TimedOut => Some(NetFailure::Timeout),
        _ => None,
    }
}

pub fn classify(e: &reqwest::Error) -> NetFailure {
    // TLS first: TLS failures are connect errors too.
    if let Some(tls) = find_rustls(e) {
        return NetFailure::Tls(tls_problem(&tls));
    }
    if e.is_timeout() {
        return NetFailure::Timeout;
    }
    if let Some(failure) = io_kind(e).and_then(io_failure) {
        return failure;
    }
    let text = chain(e);
    if text.contains("connection closed before message completed")
        || text.contains("IncompleteMessage")
        || text.contains("connection reset")
    {
        return NetFailure::Reset;
    }
    if text.contains("invalid HTTP") || text.contains("parse") {
        return NetFailure::Protocol(text);
    }
    NetFailure::Other(text)
}

/// Reads at most `limit` bytes of a body; more is an error, not a crash.
pub async fn read_capped(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    if let Some(n) = resp.content_length().filter(|n| *n as usize > limit) {
        return Err(BodyError::Declared(n, limit));
    }
    // A request sent through `send`: its phase gets the transfer time.
    let transfer = resp.extensions().get::<Transfer>().cloned();
    let started = std::time::Instant::now();
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > limit {
                    return Err(BodyError::TooLong(limit));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => {
                if let Some(Transfer(cell)) = transfer {
                    let _ = cell.set(started.elapsed());
                }
                return Ok(body);
            }
            Err(e) => return Err(BodyError::Read(classify(&e))),
        }
    }
}

/// Why an answer's body could not be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the answer's body is {0} bytes, more than the {1} this tool reads")]
    Declared(u64, usize),
    #[error("the answer's body is larger than the {0} bytes this tool reads")]
    TooLong(usize),
    #[error("reading the answer failed")]
    Read(#[source] NetFailure),
}

/// The first error text in an ACR / Docker registry error body, made safe to show.
pub fn registry_error_text(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let first = v.get("errors")?.as_array()?.first()?;
    let code = first.get("code").and_then(|c| c.as_str()).unwrap_or("");
    let msg = first.get("message").and_then(|c| c.as_str()).unwrap_or("");
    let text = format!("{code}: {msg}");
    Some(crate::guard::sanitize::shown(&text, 300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_errors_and_printable() {
        let body = br#"{"errors":[{"code":"DENIED","message":"client with IP '203.0.113.7' is not allowed access."}]}"#;
        assert_eq!(
            registry_error_text(body).unwrap(),
            "DENIED: client with IP '203.0.113.7' is not allowed access."
        );
        assert!(registry_error_text(b"garbage").is_none());
        assert_eq!(
            crate::guard::sanitize::shown("a\nb\x1b", 20),
            "a\\u{a}b\\u{1b}"
        );
        assert_eq!(crate::guard::sanitize::shown("abcdef", 3), "abc…");
    }

    #[test]
    fn proxy_password_is_hidden_and_no_proxy_applies() {
        let mut env = Env::empty();
        env.set("HTTPS_PROXY", "http://user:pa55word@proxy.example:3128");
        env.set("NO_PROXY", "localhost,.internal");
        let p = proxy_from_env(&env).unwrap();
        assert_eq!(p.shown, "http://user:(hidden)@proxy.example:3128");
        let s = HttpSettings {
            trust: crate::net::tls::Trust::new([], &Env::empty()),
            timeout: Duration::from_secs(1),
            proxy: Some(p),
            shared: Default::default(),
            turns: Turns::default(),
        };
        assert!(s.proxy_for("x.azurecr.io").is_some());
        assert!(s.proxy_for("a.internal").is_none());
        assert!(s.proxy_for("localhost").is_none());
        // requests' rules (urllib's part): any case, and `.internal` covers
        // `internal` too; an entry with a port needs the URL's port.
        assert!(s.proxy_for("A.Internal").is_none());
        assert!(s.proxy_for("internal").is_none());
        assert!(s.proxy_for("x.internal:5000").is_none());
    }

    #[test]
    fn clients_build_with_ring_as_the_only_provider() {
        // What every probe does first. reqwest panics for want of a provider
        // unless build() installs one; unit tests never run main.
        let s = HttpSettings {
            trust: crate::net::tls::Trust::new([], &Env::empty()),
            timeout: Duration::from_secs(1),
            proxy: None,
            shared: Default::default(),
            turns: Turns::default(),
        };
        assert!(s.client(None).is_ok());
        let pinned = ("r.azurecr.io", SocketAddr::from(([127, 0, 0, 1], 443)));
        assert!(s.client(Some(pinned)).is_ok());
    }
}
