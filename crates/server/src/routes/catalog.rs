//! `GET /api/v1/catalog?commune={code}&since={version}`: a full or delta catalog, and
//! `GET /api/v1/procedures/{code}?commune={code}`: one procedure of it, for a cold visit's first
//! render before the catalog. Both with `ETag` and `Cache-Control: no-cache`.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::{ApiErrorBody, Catalog, CatalogVersion, CommuneCode, Procedure, ProcedureCode};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::communes::{parse_code, unknown_commune};
use crate::error::{ApiQuery, AppError};
use crate::AppState;

/// The query string of the catalog endpoint.
#[derive(Debug, Deserialize)]
pub(super) struct CatalogQuery {
    commune: Option<String>,
    since: Option<CatalogVersion>,
}

/// The full catalog, or a delta when `since` names a version the server has had.
#[utoipa::path(
    get,
    path = "/api/v1/catalog",
    operation_id = "getCatalog",
    tag = "catalog",
    params(
        ("commune" = CommuneCode, Query, description = "The commune whose catalog is asked for"),
        ("since" = Option<u64>, Query,
            description = "The catalog version the client holds: the answer is a delta of what \
                changed after it. Absent, 0 or newer than the server's: a full catalog"),
        ("If-None-Match" = Option<String>, Header,
            description = "An `ETag` from an earlier answer (or `*`): 304 when nothing changed"),
    ),
    responses(
        (status = 200, description = "The full catalog (`full: true`) or a delta (`full: false`)",
            body = Catalog, headers(
                ("ETag" = String, description = "Strong entity tag of this answer"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 304, description = "Not modified: the client's `If-None-Match` matches", headers(
                ("ETag" = String, description = "Strong entity tag of this answer"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 400, description = "`bad_request`: `commune` missing or not a 5-digit code, \
            or `since` not a whole number", body = ApiErrorBody),
        (status = 404, description = "`not_found`: no commune with this code", body = ApiErrorBody),
    )
)]
pub(super) async fn catalog(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<CatalogQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let commune = commune_param(query.commune.as_deref())?;

    // Cheap check first: a client that is up to date gets a 304 without the catalog being built.
    let current = state
        .db
        .catalog_head(&commune)
        .await?
        .ok_or_else(|| unknown_commune(&commune))?;
    let tag = etag(&commune, current, &catalog_answer(current, query.since));
    if matches_if_none_match(&headers, &tag) {
        return Ok(with_cache_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &tag,
        ));
    }

    let catalog = state
        .db
        .catalog(&commune, query.since)
        .await?
        .ok_or_else(|| unknown_commune(&commune))?;
    // The catalog was read in its own snapshot; tag the body with the version it really has.
    let answer = catalog_answer(catalog.version, query.since);
    let tag = etag(&commune, catalog.version, &answer);
    Ok(with_cache_headers(Json(catalog).into_response(), &tag))
}

/// The query string of the one-procedure endpoint.
#[derive(Debug, Deserialize)]
pub(super) struct ProcedureQuery {
    commune: Option<String>,
}

/// One procedure as the commune offers it (its local override applied): the same object as in
/// the commune's catalog, for the first render of a cold visit to its guide.
#[utoipa::path(
    get,
    path = "/api/v1/procedures/{code}",
    operation_id = "getProcedure",
    tag = "catalog",
    params(
        ("code" = ProcedureCode, Path, description = "The national procedure code"),
        ("commune" = CommuneCode, Query,
            description = "The commune whose version of the procedure is asked for"),
        ("If-None-Match" = Option<String>, Header,
            description = "An `ETag` from an earlier answer (or `*`): 304 when nothing changed"),
    ),
    responses(
        (status = 200, description = "The procedure with the commune's local changes (fee, \
            where to submit, note)", body = Procedure, headers(
                ("ETag" = String, description = "Strong entity tag of this answer"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 304, description = "Not modified: the client's `If-None-Match` matches", headers(
                ("ETag" = String, description = "Strong entity tag of this answer"),
                ("Cache-Control" = String, description = "`no-cache`"),
            )),
        (status = 400, description = "`bad_request`: `code` not like `1.001193`, or `commune` \
            missing or not a 5-digit code", body = ApiErrorBody),
        (status = 404, description = "`not_found`: no commune with this code, or no procedure \
            with this code", body = ApiErrorBody),
    )
)]
pub(super) async fn procedure(
    State(state): State<AppState>,
    Path(code): Path<String>,
    ApiQuery(query): ApiQuery<ProcedureQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let code = ProcedureCode::parse(&code).map_err(|err| AppError::bad_request(err.to_string()))?;
    let commune = commune_param(query.commune.as_deref())?;
    let (version, procedure) = state
        .db
        .catalog_procedure(&commune, &code)
        .await?
        .ok_or_else(|| unknown_commune(&commune))?;
    let procedure = procedure.ok_or_else(|| {
        AppError::not_found(format!("Không có thủ tục {code} / No procedure {code}"))
    })?;
    let tag = etag(&commune, version, &format!("procedure-{code}"));
    if matches_if_none_match(&headers, &tag) {
        return Ok(with_cache_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &tag,
        ));
    }
    Ok(with_cache_headers(Json(procedure).into_response(), &tag))
}

/// The `commune` query parameter: required, a 5-digit code.
fn commune_param(commune: Option<&str>) -> Result<CommuneCode, AppError> {
    let Some(commune) = commune else {
        return Err(AppError::bad_request(
            "Thiếu tham số commune (mã xã/phường) / Missing the commune parameter (commune code)",
        ));
    };
    parse_code(commune)
}

fn with_cache_headers(mut response: Response, tag: &str) -> Response {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(tag) {
        headers.insert(ETAG, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Which catalog answer `since` asks for, normalised the way the store reads it: no `since`, 0
/// or a future version all give the same full catalog.
fn catalog_answer(version: CatalogVersion, since: Option<CatalogVersion>) -> String {
    match since {
        Some(since) if since != 0 && since <= version => format!("delta-{since}"),
        _ => "full".to_owned(),
    }
}

/// A strong entity tag for (server build, commune, version, kind of answer: `full`,
/// `delta-{since}`, `procedure-{code}`).
///
/// Every change bumps the version, so equal tags mean equal bodies.
fn etag(commune: &CommuneCode, version: CatalogVersion, answer: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(format!("\0{commune}\0{version}\0{answer}").as_bytes());
    let digest = hash.finalize();
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// `If-None-Match` with our tag (weak comparison, as RFC 9110 asks for this header) or `*`.
fn matches_if_none_match(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> CommuneCode {
        CommuneCode::parse("11560").unwrap()
    }

    fn catalog_tag(commune: &CommuneCode, version: CatalogVersion, since: Option<u64>) -> String {
        etag(commune, version, &catalog_answer(version, since))
    }

    #[test]
    fn etag_is_strong_and_normalises_full_answers() {
        let full = catalog_tag(&code(), 7, None);
        assert!(full.starts_with('"') && full.ends_with('"'));
        assert_eq!(full, catalog_tag(&code(), 7, Some(0)));
        assert_eq!(full, catalog_tag(&code(), 7, Some(99)));
        assert_ne!(full, catalog_tag(&code(), 7, Some(3)));
        assert_ne!(full, catalog_tag(&code(), 8, None));
        assert_ne!(
            full,
            catalog_tag(&CommuneCode::parse("11561").unwrap(), 7, None)
        );
        let procedure = etag(&code(), 7, "procedure-1.001193");
        assert_ne!(full, procedure);
        assert_ne!(procedure, etag(&code(), 7, "procedure-1.000001"));
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let tag = catalog_tag(&code(), 1, None);
        let mut headers = HeaderMap::new();
        headers.insert(
            IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"x\", W/{tag}")).unwrap(),
        );
        assert!(matches_if_none_match(&headers, &tag));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!matches_if_none_match(&headers, &tag));
    }
}
