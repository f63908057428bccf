//! `GET /api/v1/stats` (all communes) and `GET /api/v1/stats?commune=…` (one commune), as JSON
//! or, with `format=csv` or `Accept: text/csv`, as CSV of the same numbers
//! (`section,commune,key,label,metric,value`, one number per line). See [`crate::stats`].

use axum::extract::State;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::{ApiErrorBody, CommuneCode};
use serde::Deserialize;

use super::openapi::{StatsAnswer, StatsFormat};
use crate::error::{ApiQuery, AppError};
use crate::AppState;

/// The query of `GET /stats`.
#[derive(Debug, Deserialize)]
pub(super) struct StatsQuery {
    commune: Option<String>,
    format: Option<String>,
}

fn csv_response(name: &str, body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"motcua-stats-{name}.csv\""))
    {
        headers.insert(CONTENT_DISPOSITION, v);
    }
    response
}

/// The dashboard's numbers.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    operation_id = "getStats",
    tag = "feedback",
    params(
        ("commune" = Option<String>, Query, description = "A commune's 5-digit code: that \
            commune's numbers. Absent or empty: every commune"),
        ("format" = Option<StatsFormat>, Query, description = "`csv` for CSV \
            (`section,commune,key,label,metric,value`, one number per line); absent: JSON unless \
            `Accept` names `text/csv`"),
    ),
    responses(
        (status = 200, description = "The numbers: a `StatsOverview` (all communes) or \
            `CommuneStats` (one commune) as JSON, or the same numbers as CSV",
            content(
                (StatsAnswer = "application/json"),
                (String = "text/csv"),
            ),
            headers(
                ("Cache-Control" = String, description = "`no-cache`"),
                ("Content-Disposition" = String, description = "CSV only: \
                    `attachment; filename=\"motcua-stats-{commune or all}.csv\"`"),
            )),
        (status = 400, description = "`bad_request`: `format` is neither `json` nor `csv`, or \
            the query string is malformed", body = ApiErrorBody),
        (status = 404, description = "`not_found`: no commune with this code", body = ApiErrorBody),
    )
)]
pub(super) async fn stats(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> Result<Response, AppError> {
    let csv = match query.format.as_deref() {
        Some("csv") => true,
        Some("json") => false,
        Some(_) => {
            return Err(AppError::bad_request(
                "format phải là json hoặc csv / format must be json or csv",
            ))
        }
        None => headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/csv")),
    };
    let mut response = match query.commune.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => {
            let unknown =
                || AppError::not_found("Không có xã, phường này / No such commune or ward");
            let code = CommuneCode::parse(code).map_err(|_| unknown())?;
            let stats = state
                .stats
                .commune(&state.db, &state.rating_scale, &code)
                .await?
                .ok_or_else(unknown)?;
            if csv {
                csv_response(code.as_str(), stats.to_csv())
            } else {
                Json(&*stats).into_response()
            }
        }
        None => {
            let stats = state.stats.overview(&state.db, &state.rating_scale).await?;
            if csv {
                csv_response("all", stats.to_csv())
            } else {
                Json(&*stats).into_response()
            }
        }
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
