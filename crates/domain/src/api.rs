//! The JSON envelope of every API error: `{ "error": { "code": "...", "message": "..." } }`.

use serde::{Deserialize, Serialize};

/// The body of an API error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// The error itself.
    pub error: ApiError,
}

/// A machine-readable code plus a human message (Vietnamese first, English after " / ").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable machine code such as `not_found`, `bad_request`, `internal`.
    pub code: String,
    /// A message a person can read; never internal details.
    pub message: String,
}
