//! The HTTP API under `/api/v1`, plus `/healthz`.

mod catalog;
mod communes;
mod health;

use axum::routing::get;
use axum::Router;

use crate::error::{api_method_not_allowed, api_not_found};
use crate::AppState;

pub use health::healthz;

/// Everything under `/api`: version 1 routes; any other path or method is a JSON error.
pub fn api() -> Router<AppState> {
    let v1 = Router::new()
        .route("/communes", get(communes::list))
        .route("/communes/{code}", get(communes::detail))
        .route("/catalog", get(catalog::catalog));
    Router::new()
        .nest("/v1", v1)
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
}
