//! Per-client rate limits on the public POSTs under `/api` (uploads, submissions, ratings).
//!
//! A token bucket per client address: `per_minute` tokens a minute, up to `burst` at once. An
//! office on one wifi shares one public address, so the defaults are generous (a family sending
//! a birth registration with five photos spends six tokens) and only stop floods. Buckets live in
//! this process's memory: with several instances behind a load balancer each instance limits on
//! its own, so the effective limit is N times the setting — documented in `docs/deploy.md`;
//! limits that must hold across instances (anonymous ratings) are kept in the database.
//!
//! The client address is the TCP peer, or the left-most `X-Forwarded-For` entry when the server
//! is told it sits behind a trusted proxy (`MOTCUA_TRUST_PROXY=1`).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::api::{ApiError, ApiErrorBody};

/// Buckets idle this long are forgotten.
const IDLE: Duration = Duration::from_secs(600);

/// How much a client may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Sustained requests per minute; 0 turns limiting off.
    pub per_minute: u32,
    /// Requests allowed at once after a quiet time.
    pub burst: u32,
}

impl Limit {
    /// No limit.
    pub const OFF: Self = Self {
        per_minute: 0,
        burst: 0,
    };
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The shared limiter state; cheap to clone.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    limit: Limit,
    trust_proxy: bool,
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
}

impl RateLimiter {
    /// A limiter with `limit` per client; `trust_proxy` reads `X-Forwarded-For`.
    pub fn new(limit: Limit, trust_proxy: bool) -> Self {
        Self {
            limit,
            trust_proxy,
            buckets: Arc::default(),
        }
    }

    /// Takes one token for `client` at `now`; `Err(wait)` when it has none left.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.limit.per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(self.limit.per_minute) / 60.0;
        let burst = f64::from(self.limit.burst.max(1));
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > 10_000 {
            buckets.retain(|_, b| now.duration_since(b.at) < IDLE);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }

    /// The client's address for `request`.
    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
        if self.trust_proxy {
            let forwarded = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if let Some(ip) = forwarded {
                return ip;
            }
        }
        peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.ip())
    }
}

/// Middleware: POSTs under `/api` spend a token of their client's bucket; without one they get
/// a JSON 429 with `Retry-After`.
pub async fn limit_posts(
    State(limiter): State<RateLimiter>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = limiter.client(request.headers(), peer);
    match limiter.take(client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(wait),
    }
}

/// The 429 answer.
fn too_many(wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    let body = ApiErrorBody {
        error: ApiError {
            code: "rate_limited".to_owned(),
            message: format!(
                "Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau {secs} giây; \
                 dữ liệu đã nhập vẫn được giữ trên máy / Too many requests, please try again \
                 in {secs} s; what you entered is kept on your phone"
            ),
        },
    };
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(secs));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let limiter = RateLimiter::new(
            Limit {
                per_minute: 60,
                burst: 3,
            },
            false,
        );
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(ip, t0).is_ok());
        }
        let wait = limiter.take(ip, t0).unwrap_err();
        assert!(wait <= Duration::from_secs(1) && wait > Duration::from_millis(900));
        assert!(limiter.take(other, t0).is_ok(), "buckets are per client");
        // One token a second comes back.
        assert!(limiter.take(ip, t0 + Duration::from_millis(1001)).is_ok());
        assert!(limiter.take(ip, t0 + Duration::from_millis(1002)).is_err());
    }

    #[test]
    fn off_never_limits_and_proxies_are_trusted_only_when_told() {
        let off = RateLimiter::new(Limit::OFF, false);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..1000 {
            assert!(off.take(ip, Instant::now()).is_ok());
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.7, 10.0.0.9".parse().unwrap());
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(off.client(&headers, Some(peer)), peer.ip());
        let behind = RateLimiter::new(Limit::OFF, true);
        assert_eq!(
            behind.client(&headers, Some(peer)),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
    }
}
