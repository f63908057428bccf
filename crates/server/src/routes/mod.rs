//! The HTTP API under `/api/v1`, plus `/healthz`.
//!
//! | Method and path                    | Answers                                                      |
//! |------------------------------------|--------------------------------------------------------------|
//! | `GET /communes`, `/communes/{code}`| 200, 400, 404                                                |
//! | `GET /catalog?commune=&since=`     | 200, 304, 400, 404                                           |
//! | `POST /attachments`                | 201 new, 200 already held, 400 (empty, bad checksum header), 400 `checksum_mismatch`, 413 `too_large`, 415 `unsupported_type` |
//! | `POST /submissions`                | 201 (also on replay), 400 (key, JSON), 409 `idempotency_conflict` / `draft_already_submitted`, 413, 422 `validation` |
//! | `GET /q/{token}`                  | 200 [`QrLanding`](motcua_domain::QrLanding) (found or retired), 400 malformed, 404 unknown |
//! | `GET /submissions/{receipt}`       | 200 [`TrackingView`](motcua_domain::TrackingView) (with the rating and the office's reply), 404 (unknown receipt or wrong secret alike) |
//! | `POST /ratings`                    | 201 (also on replay), 400 (key), 404 (unknown receipt / wrong secret / commune), 409 `already_rated` / `idempotency_conflict`, 413, 422 `validation` (level, official, comment over 1,000 characters, `not_finished`), 429 `rate_limited` + `Retry-After` |
//! | `GET /rating-scale`                | 200 [`RatingScale`](motcua_domain::feedback::RatingScale) of this deployment |
//! | `GET /stats[?commune=][&format=csv]` | 200 JSON [`StatsOverview`](motcua_domain::feedback::stats::StatsOverview) or [`CommuneStats`](motcua_domain::feedback::stats::CommuneStats); CSV with `format=csv` or `Accept: text/csv`; 400 (format), 404 (commune) |

mod attachments;
mod catalog;
mod communes;
mod health;
mod qr;
mod ratings;
mod stats;
mod submissions;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::error::{api_method_not_allowed, api_not_found, json_errors};
use crate::AppState;

pub use attachments::CONTENT_SHA256;
pub use health::{healthz, readyz};
pub use ratings::{
    ADDRESS_LIMIT, ADDRESS_WINDOW_MS, DEVICE_LIMIT, DEVICE_WINDOW_MS, RATING_BODY_LIMIT,
};
pub use submissions::{request_hash, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED, TRACKING_SECRET};

/// Largest `POST /submissions` body: answers are short texts; photos travel separately.
pub const SUBMISSION_BODY_LIMIT: usize = 256 * 1024;

/// Everything under `/api`: version 1 routes; any other path or method is a JSON error, and so
/// is any error a layer answers in plain text.
pub fn api() -> Router<AppState> {
    let v1 = Router::new()
        .route("/communes", get(communes::list))
        .route("/communes/{code}", get(communes::detail))
        .route("/catalog", get(catalog::catalog))
        // The upload handler streams the body and enforces MAX_ATTACHMENT_BYTES itself.
        .route(
            "/attachments",
            post(attachments::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/submissions",
            post(submissions::create).layer(DefaultBodyLimit::max(SUBMISSION_BODY_LIMIT)),
        )
        .route("/submissions/{receipt}", get(submissions::track))
        .route("/q/{token}", get(qr::landing))
        .route(
            "/ratings",
            post(ratings::create).layer(DefaultBodyLimit::max(ratings::RATING_BODY_LIMIT)),
        )
        .route("/rating-scale", get(ratings::scale))
        .route("/stats", get(stats::stats));
    Router::new()
        .nest("/v1", v1)
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(axum::middleware::map_response(json_errors))
}
