//! `GET /healthz`: the process is up and the database answers.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::error::AppError;
use crate::AppState;

/// `200 {"status":"ok"}` after a database ping; a JSON 500 when the database does not answer.
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, AppError> {
    state.db.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}

/// `GET /readyz`: 200 when this instance can serve citizens — the database answers and the
/// built app is there; 503 otherwise (a load balancer sends traffic elsewhere meanwhile).
pub async fn readyz(State(state): State<AppState>) -> (axum::http::StatusCode, Json<Value>) {
    let database = state.db.ping().await.is_ok();
    let app = state.config.dist_dir.join("index.html").is_file();
    let status = if database && app {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    (
        status,
        Json(json!({
            "status": word(database && app),
            "database": word(database),
            "app": word(app),
        })),
    )
}
