//! Printable QR posters, rendered on the server (no app code to download):
//!
//! | path | what |
//! |---|---|
//! | `GET /q/{token}/poster?size=a4\|a6` | one poster: the QR code (inline SVG), the title in Vietnamese and English, one line of instructions, the commune, the short URL |
//! | `GET /c/{commune}/posters` | the commune's posters: office, officials, each procedure (links are created on first visit) |
//! | `GET /posters/poster.css`, `/posters/print.js` | their style and the Print button |
//!
//! All text goes through `maud`, which escapes it. The QR encodes `{public origin}/q/{token}`:
//! the origin is `MOTCUA_PUBLIC_URL` when set, else the request's `Host` (validated).

pub(crate) mod pages;
pub mod qr_svg;

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use motcua_domain::qr::{QrLanding, QrStatus, QrTarget, QrToken};
use motcua_domain::CommuneCode;
use serde::Deserialize;

use crate::clock::Now;
use crate::error::AppError;
use crate::AppState;

pub use pages::PosterSize;

const CSS: &str = include_str!("poster.css");
const PRINT_JS: &str = include_str!("print.js");

/// The poster routes (merged before the app's fallback).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/q/{token}/poster", get(poster))
        .route("/c/{commune}/posters", get(index))
        .route("/posters/poster.css", get(css))
        .route("/posters/print.js", get(print_js))
}

/// The query of a poster: its paper size.
#[derive(Debug, Deserialize)]
struct PosterQuery {
    size: Option<String>,
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// The origin printed in QR codes: `MOTCUA_PUBLIC_URL`, else `http(s)://{Host}` when the Host
/// header is a plain `host[:port]`, else the listen address.
pub fn public_origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.edge.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        })
        .map_or_else(|| state.config.addr.to_string(), str::to_owned);
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

async fn poster(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<PosterQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let size = PosterSize::parse(query.size.as_deref());
    let Ok(token) = QrToken::parse(&token) else {
        return Ok(html(StatusCode::NOT_FOUND, pages::missing(None)));
    };
    let landing = state.db.qr_landing(&token).await?;
    if landing.status != QrStatus::Found || landing.link.as_ref().map(|l| &l.token) != Some(&token)
    {
        // A retired or redirected token gets no new posters: print the live one instead.
        return Ok(html(StatusCode::NOT_FOUND, pages::missing(Some(&landing))));
    }
    let origin = public_origin(&state, &headers);
    match pages::poster(&landing, &origin, size) {
        Some(page) => Ok(html(StatusCode::OK, page)),
        None => Ok(html(StatusCode::NOT_FOUND, pages::missing(Some(&landing)))),
    }
}

async fn index(
    State(state): State<AppState>,
    Path(commune): Path<String>,
) -> Result<Response, AppError> {
    let Ok(code) = CommuneCode::parse(&commune) else {
        return Ok(html(StatusCode::NOT_FOUND, pages::missing(None)));
    };
    let Some(catalog) = state.db.catalog(&code, None).await? else {
        return Ok(html(StatusCode::NOT_FOUND, pages::missing(None)));
    };
    let mut targets = vec![QrTarget::Office];
    targets.extend(
        catalog
            .commune
            .office
            .staff
            .iter()
            .map(|m| QrTarget::Official {
                staff_id: m.id.clone(),
            }),
    );
    targets.extend(catalog.procedures.iter().map(|p| QrTarget::Procedure {
        code: p.code.clone(),
    }));
    let links = state
        .db
        .ensure_qr_links(&code, &targets, Now::read())
        .await?;
    Ok(html(StatusCode::OK, pages::index(&catalog, &links)))
}

async fn css() -> Response {
    static_file("text/css; charset=utf-8", CSS)
}

async fn print_js() -> Response {
    static_file("text/javascript; charset=utf-8", PRINT_JS)
}

fn static_file(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The landing a poster is printed for (used by tests).
pub fn poster_url(origin: &str, landing: &QrLanding) -> String {
    format!("{origin}{}", landing.token.path())
}
