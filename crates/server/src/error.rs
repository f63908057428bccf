//! The one error type of the API and its JSON rendering (`motcua_domain::ApiErrorBody`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::{ApiError, ApiErrorBody};
use serde::de::DeserializeOwned;

use crate::db::StoreError;

/// Everything an API handler can fail with. Messages are Vietnamese, then " / ", then English.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (400 `bad_request`); the message says what to fix.
    #[error("{0}")]
    BadRequest(String),
    /// The thing asked for does not exist (404 `not_found`).
    #[error("{0}")]
    NotFound(String),
    /// The path exists but not with this method (405 `method_not_allowed`).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Something broke on our side (500 `internal`); the details are logged, never sent.
    #[error("internal error: {0}")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// A 400 with the given bilingual message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    /// A 404 with the given bilingual message.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The JSON body of this error, safe to send.
    pub fn body(&self) -> ApiErrorBody {
        let (code, message) = match self {
            Self::BadRequest(m) => ("bad_request", m.clone()),
            Self::NotFound(m) => ("not_found", m.clone()),
            Self::MethodNotAllowed => (
                "method_not_allowed",
                "Phương thức không được hỗ trợ / Method not allowed".to_owned(),
            ),
            Self::Internal(_) => (
                "internal",
                "Lỗi máy chủ, vui lòng thử lại sau / Server error, please try again later"
                    .to_owned(),
            ),
        };
        ApiErrorBody {
            error: ApiError {
                code: code.to_owned(),
                message,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(err) = &self {
            tracing::error!(error = ?err, "request failed");
        }
        (self.status(), Json(self.body())).into_response()
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.into())
    }
}

/// The answer to any path under `/api/` that no route serves.
pub async fn api_not_found() -> AppError {
    AppError::not_found("Không có địa chỉ API này / No such API endpoint")
}

/// The answer to an API path called with a method it does not accept.
pub async fn api_method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Like [`axum::extract::Query`], but a malformed query string is a JSON `bad_request`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(value)| Self(value))
            .map_err(|rejection: QueryRejection| {
                AppError::bad_request(format!(
                    "Tham số truy vấn không hợp lệ / Invalid query string: {}",
                    rejection.body_text()
                ))
            })
    }
}
