//! Errors of the staff pages, rendered as HTML pages in both languages (the language cookie is
//! not at hand where errors are made, so both are shown, Vietnamese first).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

use super::layout::bare_page;
use super::text::{t, Lang, T};
use crate::db::StoreError;

/// What a staff handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// 403: the role may not do this, or the commune is not theirs.
    #[error("forbidden")]
    Forbidden,
    /// 404: no such record (also for another commune's records, which are not revealed).
    #[error("not found")]
    NotFound,
    /// 403: the form did not carry this session's CSRF token, or came from another site.
    #[error("csrf")]
    Csrf,
    /// 400 with a bilingual message.
    #[error("{0}")]
    BadRequest(String),
    /// An administrator must first choose which commune to look at: `(path, [(code, name)])`.
    #[error("choose a commune")]
    ChooseCommune(String, Vec<(String, String)>),
    /// 500; details logged, never shown.
    #[error("internal: {0}")]
    Internal(#[source] anyhow::Error),
}

impl From<StoreError> for StaffError {
    fn from(err: StoreError) -> Self {
        Self::Internal(err.into())
    }
}

impl StaffError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) | Self::ChooseCommune(..) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for StaffError {
    fn into_response(self) -> Response {
        if let Self::Internal(err) = &self {
            tracing::error!(error = ?err, "staff request failed");
        }
        if let Self::ChooseCommune(path, communes) = &self {
            let body = bare_page(
                t(T::ChooseCommune, Lang::Vi),
                html! {
                    h1 { (t(T::ChooseCommune, Lang::Vi)) " / " (t(T::ChooseCommune, Lang::En)) }
                    ul class="columns" {
                        @for (code, name) in communes {
                            li { a href={ (path) "?commune=" (code) } { (name) " (" (code) ")" } }
                        }
                    }
                },
            );
            return (StatusCode::OK, Html(body.into_string())).into_response();
        }
        let both = |m: T| (t(m, Lang::Vi).to_owned(), t(m, Lang::En).to_owned());
        let (vi, en) = match &self {
            Self::Forbidden => both(T::Forbidden),
            Self::NotFound => both(T::NotFound),
            Self::Csrf => both(T::CsrfRefused),
            Self::BadRequest(m) => (m.clone(), String::new()),
            Self::ChooseCommune(..) => both(T::ChooseCommune),
            Self::Internal(_) => both(T::ServerError),
        };
        let body = bare_page(
            &vi,
            html! {
                h1 { (vi) }
                @if !en.is_empty() { p lang="en" { (en) } }
                p { a href="/staff" { (t(T::Back, Lang::Vi)) " / " (t(T::Back, Lang::En)) } }
            },
        );
        (self.status(), Html(body.into_string())).into_response()
    }
}
