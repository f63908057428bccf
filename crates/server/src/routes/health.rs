//! `GET /healthz`: the process is up and the database answers; `GET /readyz`: this instance can
//! serve citizens.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::AppError;
use crate::AppState;

/// The state of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Working.
    Ok,
    /// Not working (the load balancer should send traffic elsewhere).
    Unavailable,
}

impl Check {
    fn of(ok: bool) -> Self {
        if ok {
            Self::Ok
        } else {
            Self::Unavailable
        }
    }
}

/// The body of `GET /healthz`: `{"status":"ok"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` (a failing database answers 500 instead).
    pub status: Check,
}

/// The body of `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    /// `ok` when everything below is.
    pub status: Check,
    /// The database answers a ping.
    pub database: Check,
    /// The built app (`index.html` in `MOTCUA_DIST_DIR`) is there.
    pub app: Check,
}

/// `200 {"status":"ok"}` after a database ping; a JSON 500 when the database does not answer.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "healthz",
    tag = "health",
    responses(
        (status = 200, description = "The process is up and the database answers", body = Health),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.db.ping().await?;
    Ok(Json(Health { status: Check::Ok }))
}

/// `GET /readyz`: 200 when this instance can serve citizens — the database answers and the
/// built app is there; 503 otherwise (a load balancer sends traffic elsewhere meanwhile).
#[utoipa::path(
    get,
    path = "/readyz",
    operation_id = "readyz",
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Not ready: which check failed", body = Readiness),
    )
)]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = state.db.ping().await.is_ok();
    let app = state.config.dist_dir.join("index.html").is_file();
    let status = if database && app {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            status: Check::of(database && app),
            database: Check::of(database),
            app: Check::of(app),
        }),
    )
}
