//! `GET /api/v1/communes` and `GET /api/v1/communes/{code}`.

use axum::extract::{Path, State};
use axum::Json;
use motcua_domain::{ApiErrorBody, Commune, CommuneCode, CommuneSummary};

use crate::error::AppError;
use crate::AppState;

/// Parses a commune code from the URL, or answers 400.
pub(crate) fn parse_code(text: &str) -> Result<CommuneCode, AppError> {
    CommuneCode::parse(text).map_err(|err| AppError::bad_request(err.to_string()))
}

/// The 404 for a well-formed code that is not one of ours.
pub(crate) fn unknown_commune(code: &CommuneCode) -> AppError {
    AppError::not_found(format!(
        "Không tìm thấy xã/phường mã {code} / No commune with code {code}"
    ))
}

/// Every commune, sorted by name.
#[utoipa::path(
    get,
    path = "/api/v1/communes",
    operation_id = "listCommunes",
    tag = "communes",
    responses(
        (status = 200, description = "Every commune, sorted by Vietnamese name", body = [CommuneSummary]),
    )
)]
pub(super) async fn list(
    State(state): State<AppState>,
) -> Result<Json<Vec<CommuneSummary>>, AppError> {
    Ok(Json(state.db.communes().await?))
}

/// One commune with its office.
#[utoipa::path(
    get,
    path = "/api/v1/communes/{code}",
    operation_id = "getCommune",
    tag = "communes",
    params(("code" = CommuneCode, Path, description = "The commune's 5-digit statistics code")),
    responses(
        (status = 200, description = "The commune with its one-stop office", body = Commune),
        (status = 400, description = "`bad_request`: not a 5-digit code", body = ApiErrorBody),
        (status = 404, description = "`not_found`: no commune with this code", body = ApiErrorBody),
    )
)]
pub(super) async fn detail(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Commune>, AppError> {
    let code = parse_code(&code)?;
    state
        .db
        .commune(&code)
        .await?
        .map(Json)
        .ok_or_else(|| unknown_commune(&code))
}
