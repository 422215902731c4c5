//! Our own accept loop (TLS or plain) around an axum router. Owning the loop lets a handler
//! drop its connection on the floor (`exchange-reset`) and lets shutdown end connections that
//! a `hang` handler keeps open forever.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use rustls::ServerConfig;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio_rustls::TlsAcceptor;
use tower_service::Service;

use crate::wire::latency::Latency;

/// Put into every request's extensions. A handler that calls [`ConnectionKill::kill`] makes
/// the server close the TCP connection at once, without writing a response.
#[derive(Clone)]
pub(crate) struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    pub(crate) fn kill(&self) {
        self.0.notify_one();
    }
}

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How a listener's connections reach its server.
#[derive(Clone, Default)]
pub(crate) struct Path {
    /// Waited on every new connection before the TLS handshake starts (a
    /// slow server or middlebox).
    pub delay: Duration,
    /// `--rtt`: the delaying network every connection goes through.
    pub latency: Option<Arc<Latency>>,
    /// Told the server name (SNI, empty without one) of every completed
    /// TLS handshake, whether or not a request follows.
    pub on_handshake: Option<Arc<dyn Fn(String) + Send + Sync>>,
}

pub(crate) fn spawn(
    listener: TcpListener,
    tls: Option<Arc<ServerConfig>>,
    router: Router,
    shutdown: watch::Receiver<()>,
    path: Path,
) {
    tokio::spawn(accept_loop(listener, tls, router, shutdown, path));
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<Arc<ServerConfig>>,
    router: Router,
    mut shutdown: watch::Receiver<()>,
    path: Path,
) {
    let acceptor = tls.map(TlsAcceptor::from);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => return,
        };
        let (tcp, _peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                tracing::debug!("acr-sim accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let acceptor = acceptor.clone();
        let shutdown = shutdown.clone();
        let (delay, seen) = (path.delay, path.on_handshake.clone());
        match &path.latency {
            Some(net) => {
                let stream = net.wrap(tcp);
                tokio::spawn(serve_stream(
                    stream, acceptor, router, shutdown, delay, seen,
                ));
            }
            None => {
                tokio::spawn(serve_stream(tcp, acceptor, router, shutdown, delay, seen));
            }
        }
    }
}

/// One accepted connection: after `delay`, the TLS handshake (when the
/// listener has TLS), then HTTP/1.1 until either side ends it.
async fn serve_stream<S>(
    stream: S,
    acceptor: Option<TlsAcceptor>,
    router: Router,
    shutdown: watch::Receiver<()>,
    delay: Duration,
    seen: Option<Arc<dyn Fn(String) + Send + Sync>>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    match acceptor {
        Some(acceptor) => {
            let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await;
            match handshake {
                Ok(Ok(stream)) => {
                    if let Some(seen) = &seen {
                        seen(
                            stream
                                .get_ref()
                                .1
                                .server_name()
                                .unwrap_or_default()
                                .to_owned(),
                        );
                    }
                    serve_connection(stream, router, shutdown).await
                }
                Ok(Err(e)) => tracing::debug!("acr-sim TLS handshake failed: {e}"),
                Err(_) => tracing::debug!("acr-sim TLS handshake timed out"),
            }
        }
        None => serve_connection(stream, router, shutdown).await,
    }
}

async fn serve_connection<S>(stream: S, router: Router, mut shutdown: watch::Receiver<()>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let kill = ConnectionKill(Arc::new(Notify::new()));
    let kill_for_requests = kill.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(kill_for_requests.clone());
        let mut router = router.clone();
        async move { router.call(req).await }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        r = conn => {
            if let Err(e) = r {
                tracing::debug!("acr-sim connection ended: {e}");
            }
        }
        _ = kill.0.notified() => {
            tracing::debug!("acr-sim dropped a connection on purpose");
        }
        _ = shutdown.changed() => {}
    }
}
