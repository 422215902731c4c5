//! The exporter's HTTP server: HTTP/1.1 on a listener the caller bound
//! (hyper 1, already in the tree through reqwest and the simulator), four
//! read-only paths, and every resource bounded: how many connections are
//! open at once, how large a request head may be, how long its headers
//! may take, and how long one connection may live.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ACCEPT, ALLOW, CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::export::encode::Format;
use crate::export::series::Exporter;

/// Connections served at once; one more is accepted and closed at once.
pub const MAX_CONNECTIONS: usize = 64;
/// A request's line and headers together, in bytes.
pub const MAX_HEAD: usize = 8 * 1024;
/// Headers in one request.
const MAX_HEADERS: usize = 64;
/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one connection is kept (a scraper's keep-alive one included);
/// then it is closed after the request in flight, if any.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// How long a connection that is being closed gets to finish its answer.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// What the server answers from.
pub struct Site {
    pub exporter: Arc<Exporter>,
    /// `--interval`, for the `/` page.
    pub every: Duration,
}

/// Serves `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, site: Arc<Site>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let (tcp, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, or the peer gave up before we
                // took it: wait a little instead of spinning on it.
                tracing::debug!("serve: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(tcp);
            continue;
        };
        let site = site.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let _ = tcp.set_nodelay(true);
            let service = hyper::service::service_fn(move |req| {
                let site = site.clone();
                async move { Ok::<_, Infallible>(answer(&site, &req)) }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_header_size(MAX_HEAD)
                .max_headers(MAX_HEADERS)
                .max_buf_size(2 * MAX_HEAD);
            let conn = builder.serve_connection(TokioIo::new(tcp), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                () = tokio::time::sleep(CONNECTION_LIFETIME) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(CLOSE_GRACE, conn).await;
        });
    }
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

const PLAIN: &str = "text/plain; charset=utf-8";

/// The answer to one request (its body, if any, is never read).
fn answer(site: &Site, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    if !matches!(path, "/" | "/metrics" | "/healthz" | "/readyz") {
        return text(StatusCode::NOT_FOUND, PLAIN, "not found\n".into());
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut resp = text(
            StatusCode::METHOD_NOT_ALLOWED,
            PLAIN,
            "only GET and HEAD\n".into(),
        );
        resp.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return resp;
    }
    match path {
        "/metrics" => {
            let accept = req.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
            let format = Format::negotiate(accept);
            text(
                StatusCode::OK,
                format.content_type(),
                site.exporter.render(format),
            )
        }
        "/healthz" => text(StatusCode::OK, PLAIN, "ok\n".into()),
        "/readyz" if site.exporter.ready() => text(StatusCode::OK, PLAIN, "ready\n".into()),
        "/readyz" => text(
            StatusCode::SERVICE_UNAVAILABLE,
            PLAIN,
            "no run has finished yet\n".into(),
        ),
        _ => text(StatusCode::OK, PLAIN, site.exporter.page(site.every)),
    }
}
