//! The data endpoint: serves blob bytes to a signed URL, and — like Azure Storage behind a
//! SAS — refuses any request that also carries an Authorization header.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::wire::jwt::{now, uuid};
use crate::world::ctx::Ctx;

pub(crate) fn signed_text(digest: &str, expiry: u64) -> String {
    format!("{digest}\n{expiry}")
}

pub(crate) fn router(ctx: Arc<Ctx>) -> Router {
    Router::new()
        .route("/blob/{digest}", get(blob))
        .fallback(|| async {
            storage_error(
                StatusCode::NOT_FOUND,
                "ResourceNotFound",
                "The specified resource does not exist.",
            )
        })
        .with_state(ctx)
}

fn storage_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{}\nTime:{}</Message></Error>",
        uuid(),
        httpdate::fmt_http_date(std::time::SystemTime::now())
    );
    let mut resp = (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response();
    if let Ok(v) = HeaderValue::from_str(code) {
        resp.headers_mut().insert("x-ms-error-code", v);
    }
    resp
}

async fn blob(
    State(ctx): State<Arc<Ctx>>,
    Path(digest): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request. A signed URL must not be combined with an Authorization header.",
        );
    }
    let query = query.unwrap_or_default();
    let param = |name: &str| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let (se, sig) = match (param("se"), param("sig")) {
        (Some(se), Some(sig)) => (se, sig),
        _ => {
            return storage_error(
                StatusCode::FORBIDDEN,
                "AuthenticationFailed",
                "Server failed to authenticate the request. The signature is missing.",
            );
        }
    };
    let Ok(expiry) = se.parse::<u64>() else {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Signed expiry time is malformed.",
        );
    };
    let sig_ok = URL_SAFE_NO_PAD.decode(sig.as_bytes()).is_ok_and(|tag| {
        ctx.signer
            .mac_ok(signed_text(&digest, expiry).as_bytes(), &tag)
    });
    if !sig_ok {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Server failed to authenticate the request. Signature did not match.",
        );
    }
    if expiry <= now() {
        return storage_error(
            StatusCode::FORBIDDEN,
            "AuthenticationFailed",
            "Signed expiry time has passed.",
        );
    }
    let Some(blob) = ctx.content.blob(&digest) else {
        return storage_error(
            StatusCode::NOT_FOUND,
            "BlobNotFound",
            "The specified blob does not exist.",
        );
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::HeaderName::from_static("x-ms-request-id"), uuid()),
            (
                header::HeaderName::from_static("x-ms-blob-type"),
                "BlockBlob".to_string(),
            ),
        ],
        blob.bytes.clone(),
    )
        .into_response()
}
