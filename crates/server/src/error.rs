//! The one error type of the API and its JSON rendering (`motcua_domain::ApiErrorBody`).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::{ApiError, ApiErrorBody, ValidationErrorBody, ValidationErrors};
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
    /// The body is larger than this route accepts (413 `too_large`).
    #[error("{0}")]
    TooLarge(String),
    /// The uploaded file is of a type we do not take (415 `unsupported_type`).
    #[error("{0}")]
    UnsupportedType(String),
    /// The bytes received do not hash to the client's `X-Content-Sha256` (400 `checksum_mismatch`).
    #[error("{0}")]
    ChecksumMismatch(String),
    /// The request contradicts an earlier one (409), e.g. `idempotency_conflict`.
    #[error("{message}")]
    Conflict {
        /// Stable machine code.
        code: &'static str,
        /// Bilingual message.
        message: String,
    },
    /// Too many requests from one device or address (429 `rate_limited`, with `Retry-After`).
    #[error("{message}")]
    RateLimited {
        /// Bilingual message.
        message: String,
        /// Seconds until a new request can succeed.
        retry_after_secs: u64,
    },
    /// Some answers are invalid (422 [`ValidationErrorBody`], code `validation`).
    #[error("validation failed")]
    Validation(ValidationErrors),
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
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::ChecksumMismatch(_) => StatusCode::BAD_REQUEST,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
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
            Self::TooLarge(m) => ("too_large", m.clone()),
            Self::UnsupportedType(m) => ("unsupported_type", m.clone()),
            Self::ChecksumMismatch(m) => ("checksum_mismatch", m.clone()),
            Self::Conflict { code, message } => (*code, message.clone()),
            Self::RateLimited { message, .. } => ("rate_limited", message.clone()),
            Self::Validation(errors) => {
                return ApiErrorBody {
                    error: ValidationErrorBody::from(errors.clone()).error,
                }
            }
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
        if let Self::Validation(errors) = self {
            let body = ValidationErrorBody::from(errors);
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
        }
        let retry_after = match &self {
            Self::RateLimited {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let mut response = (self.status(), Json(self.body())).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs.max(1)),
            );
        }
        response
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

/// Like [`axum::Json`], but any problem with the body is a JSON error: malformed or mistyped JSON
/// is a 400 `bad_request`, a body over the route's limit a 413 `too_large`. The `Content-Type`
/// is not checked (clients on flaky networks should not fail on a header).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large_body()
            } else {
                AppError::bad_request(format!(
                    "Không đọc được nội dung gửi lên / Cannot read the request body: {}",
                    rejection.body_text()
                ))
            }
        })?;
        serde_json::from_slice(&bytes).map(Self).map_err(|err| {
            AppError::bad_request(format!("JSON không hợp lệ / Invalid JSON: {err}"))
        })
    }
}

/// The 413 for a JSON body over its limit.
pub fn too_large_body() -> AppError {
    AppError::TooLarge("Dữ liệu gửi lên quá lớn / The request body is too large".to_owned())
}

/// Middleware for `/api`: an error response that is not JSON (from a layer or an extractor we
/// do not wrap, such as axum's plain-text 413) is rewritten as the JSON envelope.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large_body().into_response();
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_type",
            "Loại dữ liệu không được hỗ trợ / Unsupported media type",
        ),
        s if s.is_server_error() => (
            "internal",
            "Lỗi máy chủ, vui lòng thử lại sau / Server error, please try again later",
        ),
        _ => ("bad_request", "Yêu cầu không hợp lệ / Invalid request"),
    };
    let body = ApiErrorBody {
        error: ApiError {
            code: code.to_owned(),
            message: message.to_owned(),
        },
    };
    (status, Json(body)).into_response()
}
