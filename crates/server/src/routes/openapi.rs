//! The OpenAPI 3.1 document of the JSON API, generated from the code: the handlers'
//! `#[utoipa::path]` annotations and the domain's wire types (`motcua-domain` with its `openapi`
//! feature derives `utoipa::ToSchema`). Served at `GET /api/openapi.json`.
//!
//! It covers every route under `/api/v1` (the test `tests/openapi.rs` fails when a route of
//! [`api_routes`](super::api_routes) is missing from it), `/healthz`, `/readyz` and itself.
//! Every error is the one JSON envelope [`ApiErrorBody`] (422: [`ValidationErrorBody`]); each
//! operation lists the statuses it really answers, and every operation also lists 500
//! (`internal`) and 503 (`timeout`: the request deadline passed).
//!
//! Out of scope: the staff workspace under `/staff` and the printable posters (server-rendered
//! HTML behind a session or for printing, not an API), `/metrics` (Prometheus text) and the
//! app's own files.

use std::sync::OnceLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use motcua_domain::feedback::stats::{CommuneStats, StatsOverview};
use motcua_domain::{
    ApiErrorBody, CommuneCode, IdempotencyKey, ProcedureCode, QrToken, ReceiptCode, Sha256Hex,
    TrackingSecret, ValidationErrorBody,
};
use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

/// The document: every documented operation and the schemas they use.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "motcua API",
        description = "The JSON API of motcua, the commune one-stop office in the citizen's \
            phone: communes and their procedure catalog (with delta sync), submissions with \
            photos (exactly once per `Idempotency-Key`) and their tracking, QR links, ratings \
            and the public dashboard's numbers. Messages are Vietnamese, then ` / `, then \
            English. The staff workspace (`/staff`) and the posters are HTML, not part of this \
            API.",
        license(name = "MIT", identifier = "MIT"),
    ),
    paths(
        super::communes::list,
        super::communes::detail,
        super::catalog::catalog,
        super::catalog::procedure,
        super::attachments::upload,
        super::submissions::create,
        super::submissions::track,
        super::qr::landing,
        super::ratings::create,
        super::ratings::scale,
        super::stats::stats,
        super::health::healthz,
        super::health::readyz,
        serve,
    ),
    // Schemas of bodies are collected from the operations; those of parameters are listed.
    components(schemas(
        ApiErrorBody,
        ValidationErrorBody,
        StatsFormat,
        CommuneCode,
        ProcedureCode,
        IdempotencyKey,
        ReceiptCode,
        Sha256Hex,
        TrackingSecret,
        QrToken,
    )),
    modifiers(&CommonResponses),
    tags(
        (name = "communes", description = "Communes and their one-stop offices"),
        (name = "catalog", description = "The procedure catalog of a commune, with delta sync, \
            and one procedure of it"),
        (name = "submissions", description = "Photos, submissions and their tracking"),
        (name = "qr", description = "QR links on posters, desks and name tags"),
        (name = "feedback", description = "Ratings and the public dashboard"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

/// The raw bytes of an upload (a photo or a PDF), as `POST /api/v1/attachments` takes them.
/// Only for the document: the handler streams the body.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct UploadBytes(pub Vec<u8>);

/// The JSON answer of `GET /api/v1/stats`: every commune, or one commune with `?commune=`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum StatsAnswer {
    /// All communes.
    Overview(StatsOverview),
    /// One commune.
    Commune(CommuneStats),
}

/// The `format` of `GET /api/v1/stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatsFormat {
    /// JSON (the default).
    Json,
    /// CSV, one number per line.
    Csv,
}

/// Adds the answers every operation can give: 500 `internal` and 503 `timeout` (the request
/// took longer than its deadline), as shared responses under `components.responses`; and
/// makes optional parameters non-nullable (utoipa documents an optional header as
/// `string | null`, but a header or query parameter is absent, never null).
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiErrorBody")))
                        .build(),
                )
                .build()
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.responses.insert(
            "Internal".to_owned(),
            RefOr::T(error(
                "`internal`: something broke on the server (details are logged, never sent)",
            )),
        );
        components.responses.insert(
            "Timeout".to_owned(),
            RefOr::T(error(
                "`timeout`: the request took longer than its deadline; try again later",
            )),
        );
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                add_common(operation);
            }
        }
    }
}

fn add_common(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        if let Some(schema) = parameter.schema.take() {
            parameter.schema = Some(not_null(schema));
        }
    }
    let responses = &mut operation.responses.responses;
    responses
        .entry("500".to_owned())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Internal")));
    responses
        .entry("503".to_owned())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Timeout")));
}

/// `schema` without its `null` alternative: `string | null` becomes `string`, and
/// `oneOf: [null, X]` becomes `X`.
fn not_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    let is_null = |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
    match schema {
        RefOr::T(Schema::Object(mut object)) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let kept: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                if let [only] = kept.as_slice() {
                    object.schema_type = SchemaType::Type(only.clone());
                }
            }
            RefOr::T(Schema::Object(object))
        }
        RefOr::T(Schema::OneOf(mut one_of)) => {
            one_of.items.retain(|item| !is_null(item));
            if one_of.items.len() == 1 {
                one_of.items.remove(0)
            } else {
                RefOr::T(Schema::OneOf(one_of))
            }
        }
        other => other,
    }
}

/// The document as a value.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_json()
            .expect("the OpenAPI document serializes")
    })
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "getOpenApi",
    tag = "health",
    responses((status = 200, description = "This OpenAPI 3.1 document", body = Object))
)]
pub async fn serve() -> Response {
    let mut response = json().into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
