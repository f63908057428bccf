//! `GET /api/v1/q/{token}`: a QR link resolved, with its target's content embedded, so a
//! first-time visitor sees the target before the app's full sync.

use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::qr::{QrLanding, QrStatus, QrToken};
use motcua_domain::ApiErrorBody;

use crate::error::AppError;
use crate::AppState;

/// 200 with a [`QrLanding`](motcua_domain::QrLanding) (found or retired), 404 for an unknown
/// token, 400 for a malformed one.
#[utoipa::path(
    get,
    path = "/api/v1/q/{token}",
    operation_id = "getQrLanding",
    tag = "qr",
    params(("token" = QrToken, Path, description = "The token printed in the QR code (lower \
        case is accepted)")),
    responses(
        (status = 200, description = "`found` (with the target's content) or `retired`",
            body = QrLanding, headers(("Cache-Control" = String, description = "`no-cache`"))),
        (status = 400, description = "`bad_request`: not a QR token", body = ApiErrorBody),
        (status = 404, description = "`not_found`: no such token", body = ApiErrorBody),
    )
)]
pub(super) async fn landing(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if token.len() > 64 {
        return Err(AppError::bad_request(
            "Mã QR quá dài / The QR token is too long",
        ));
    }
    let token = QrToken::parse(&token).map_err(|err| AppError::bad_request(err.to_string()))?;
    let landing = state.db.qr_landing(&token).await?;
    if landing.status == QrStatus::Unknown {
        return Err(AppError::not_found(format!(
            "Không có mã QR {token} / No QR code {token}"
        )));
    }
    let mut response = Json(landing).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
