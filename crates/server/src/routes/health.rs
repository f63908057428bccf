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
