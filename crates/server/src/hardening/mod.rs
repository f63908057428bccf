//! The public edge: security headers and CSP ([`headers`]), per-client rate limits
//! ([`rate_limit`]), request deadlines and request ids (here), `/metrics` ([`metrics`]) and the
//! accept loop with a header deadline and graceful shutdown ([`serve`]).

pub mod headers;
pub mod metrics;
pub mod rate_limit;
pub mod serve;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::api::{ApiError, ApiErrorBody};
use tower_http::request_id::{MakeRequestId, RequestId};

pub use headers::SecurityHeaders;
pub use rate_limit::{Limit, RateLimiter};

/// The deadline of an ordinary request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The deadline of a photo upload: 10 MB over poor office wifi (1.6 Mbit/s ≈ 50 s) with room.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(180);

/// Middleware: answers a JSON 503 when a request takes longer than its deadline (the client
/// retries later; an outbox item simply stays queued).
pub async fn deadline(request: Request, next: Next) -> Response {
    let limit = if request.uri().path().starts_with("/api/v1/attachments") {
        UPLOAD_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(seconds = limit.as_secs(), "request deadline passed");
            let body = ApiErrorBody {
                error: ApiError {
                    code: "timeout".to_owned(),
                    message: "Máy chủ trả lời quá chậm, vui lòng thử lại / The server took too \
                              long, please try again"
                        .to_owned(),
                },
            };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

/// Request ids: `<process prefix>-<counter>`, unique across restarts and instances with
/// overwhelming probability, cheap to make. Sent back as `X-Request-Id` and put in every log
/// line of the request.
#[derive(Debug, Clone)]
pub struct RequestIds {
    prefix: String,
    next: std::sync::Arc<AtomicU64>,
}

impl RequestIds {
    /// A generator with a random per-process prefix.
    pub fn new() -> Self {
        let mut bytes = [0u8; 4];
        let _ = getrandom::getrandom(&mut bytes);
        Self {
            prefix: hex::encode(bytes),
            next: std::sync::Arc::default(),
        }
    }
}

impl Default for RequestIds {
    fn default() -> Self {
        Self::new()
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}
