//! The HTTP API under `/api/v1`, plus `/healthz` and `/readyz`. Its OpenAPI 3.1 document is
//! served at `GET /api/openapi.json` ([`openapi`]).
//!
//! | Method and path                    | Answers                                                      |
//! |------------------------------------|--------------------------------------------------------------|
//! | `GET /communes`, `/communes/{code}`| 200, 400, 404                                                |
//! | `GET /catalog?commune=&since=`     | 200, 304, 400, 404                                           |
//! | `GET /procedures/{code}?commune=`  | 200 one [`Procedure`](motcua_domain::Procedure) as the commune offers it, 304, 400, 404 (commune or procedure) |
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
pub mod openapi;
mod qr;
mod ratings;
mod stats;
mod submissions;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, post, MethodRouter};
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

/// The path prefix of version 1 of the API, as the OpenAPI document spells its paths.
pub const V1: &str = "/api/v1";

/// One route of `/api/v1`: its method and its full path (`/api/v1/communes/{code}`), as
/// registered in the router and named in the OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiRoute {
    /// `GET`, `POST`…
    pub method: Method,
    /// The full path template, e.g. `/api/v1/submissions/{receipt}`.
    pub path: String,
}

/// The router of `/api/v1` and the table of its routes, built by the same calls so they cannot
/// disagree: a route added here is in [`api_routes`], and the OpenAPI test fails until it is
/// documented.
struct V1Routes {
    router: Router<AppState>,
    table: Vec<ApiRoute>,
}

impl V1Routes {
    fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn add(mut self, method: Method, path: &str, route: MethodRouter<AppState>) -> Self {
        self.table.push(ApiRoute {
            method,
            path: format!("{V1}{path}"),
        });
        self.router = self.router.route(path, route);
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &str, handler: H) -> Self {
        self.add(Method::GET, path, get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &str,
        handler: H,
        body_limit: DefaultBodyLimit,
    ) -> Self {
        self.add(Method::POST, path, post(handler).layer(body_limit))
    }
}

/// Every route of version 1 of the API.
fn v1() -> V1Routes {
    V1Routes::new()
        .get("/communes", communes::list)
        .get("/communes/{code}", communes::detail)
        .get("/catalog", catalog::catalog)
        .get("/procedures/{code}", catalog::procedure)
        // The upload handler streams the body and enforces MAX_ATTACHMENT_BYTES itself.
        .post(
            "/attachments",
            attachments::upload,
            DefaultBodyLimit::disable(),
        )
        .post(
            "/submissions",
            submissions::create,
            DefaultBodyLimit::max(SUBMISSION_BODY_LIMIT),
        )
        .get("/submissions/{receipt}", submissions::track)
        .get("/q/{token}", qr::landing)
        .post(
            "/ratings",
            ratings::create,
            DefaultBodyLimit::max(ratings::RATING_BODY_LIMIT),
        )
        .get("/rating-scale", ratings::scale)
        .get("/stats", stats::stats)
}

/// The method and path of every route under `/api/v1`, in registration order.
pub fn api_routes() -> Vec<ApiRoute> {
    v1().table
}

/// Everything under `/api`: version 1 routes and the OpenAPI document
/// (`GET /api/openapi.json`); any other path or method is a JSON error, and so is any error a
/// layer answers in plain text.
pub fn api() -> Router<AppState> {
    Router::new()
        .nest("/v1", v1().router)
        .route("/openapi.json", get(openapi::serve))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        .layer(axum::middleware::map_response(json_errors))
}
