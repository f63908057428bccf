//! CSRF defence for every staff form: a synchronizer token bound to the session, in a hidden
//! `csrf` field, compared in constant time; plus the browser's own word — `Sec-Fetch-Site` must
//! be `same-origin` (or `none`, typed by the user) and `Origin`, when sent, must be ours.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::error::StaffError;
use super::session::{is_https, Staff};
use crate::AppState;

/// The hidden field every form carries.
pub const FIELD: &str = "csrf";

/// A signed-in member and a form they posted, both checked against CSRF.
#[derive(Debug)]
pub struct StaffForm<T>(pub Staff, pub T);

/// True when the browser says the request comes from our own pages.
pub fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    let Some(origin) = headers.get("origin") else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let expected = match &state.config.edge.public_url {
        Some(url) => url.clone(),
        None => {
            let host = headers
                .get("host")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let scheme = if is_https(state, headers) {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{host}")
        }
    };
    origin.eq_ignore_ascii_case(&expected)
}

/// Constant-time comparison of the posted token with the session's.
pub fn token_matches(posted: &str, session: &str) -> bool {
    posted.len() == session.len() && bool::from(posted.as_bytes().ct_eq(session.as_bytes()))
}

impl<T: DeserializeOwned> FromRequest<AppState> for StaffForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        if !same_origin(state, &parts.headers) {
            return Err(StaffError::Csrf.into_response());
        }
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| StaffError::Csrf.into_response())?;
        let posted = pairs
            .iter()
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        if !token_matches(posted, &staff.csrf) {
            return Err(StaffError::Csrf.into_response());
        }
        let form = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
            StaffError::BadRequest(format!("Biểu mẫu không hợp lệ / Invalid form: {e}"))
                .into_response()
        })?;
        Ok(Self(staff, form))
    }
}

#[cfg(test)]
mod tests {
    use super::token_matches;

    #[test]
    fn tokens_compare_exactly() {
        assert!(token_matches("abc", "abc"));
        assert!(!token_matches("abd", "abc"));
        assert!(!token_matches("", "abc"));
        assert!(!token_matches("abcd", "abc"));
    }
}
