//! The OpenAPI document served at `/api/openapi.json`: it documents every route of the real
//! router, it is well-formed OpenAPI 3.1 with every `$ref` resolvable, and real answers of the
//! running server (real HTTP, real database) validate against its schemas.

pub mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::ratings::post_rating;
use common::submit::{birth, jpeg, reference, sha256, COMMUNE};
use common::TestServer;
use motcua_domain::feedback::{NewRating, RatingTarget};
use motcua_domain::qr::QrTarget;
use motcua_domain::{CommuneCode, ProcedureCode, SubmissionAccepted, SubmissionStatus};
use motcua_server::clock::Now;
use motcua_server::routes::{api_routes, openapi, DEVICE_LIMIT, V1};
use serde_json::{json, Value};

/// Every route under `/api/v1`, by hand: a route added to the router without being added here
/// and documented fails [`every_api_route_is_in_the_list_and_documented`].
const V1_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/communes"),
    ("GET", "/api/v1/communes/{code}"),
    ("GET", "/api/v1/catalog"),
    ("GET", "/api/v1/procedures/{code}"),
    ("POST", "/api/v1/attachments"),
    ("POST", "/api/v1/submissions"),
    ("GET", "/api/v1/submissions/{receipt}"),
    ("GET", "/api/v1/q/{token}"),
    ("POST", "/api/v1/ratings"),
    ("GET", "/api/v1/rating-scale"),
    ("GET", "/api/v1/stats"),
];

/// The documented operations outside `/api/v1`.
const OTHER_ROUTES: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/openapi.json"),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

type Routes = BTreeSet<(String, String)>;

fn routes(list: &[(&str, &str)]) -> Routes {
    list.iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect()
}

/// The document as the server serves it, checked against the in-process one.
async fn served_document(server: &TestServer) -> Value {
    let response = server.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    common::assert_json_content_type(&response);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(
        doc,
        serde_json::to_value(openapi::document()).unwrap(),
        "served = generated"
    );
    doc
}

/// `(METHOD, path)` of every operation in the document.
fn documented(doc: &Value) -> Routes {
    let mut out = Routes::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(*method).is_some() {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// A concrete path for a template: each `{param}` replaced by a sample value.
fn concrete(template: &str) -> String {
    template
        .replace("{code}", COMMUNE)
        .replace("{receipt}", "11560-AAAAAA")
        .replace("{token}", "AAAAAAAA")
}

#[tokio::test]
async fn every_api_route_is_in_the_list_and_documented() {
    let server = TestServer::start().await;
    let doc = served_document(&server).await;
    let listed = routes(V1_ROUTES);

    // The router's own table (built by the same calls as the router) against the list.
    let table: Routes = api_routes()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path))
        .collect();
    let unlisted: Vec<_> = table.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&table).collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "routes in the router but not in V1_ROUTES (document them, then list them): \
         {unlisted:?}; listed but not routed: {gone:?}"
    );

    // The list against the document, both ways.
    let in_doc = documented(&doc);
    let doc_v1: Routes = in_doc
        .iter()
        .filter(|(_, p)| p.starts_with(&format!("{V1}/")))
        .cloned()
        .collect();
    let undocumented: Vec<_> = listed.difference(&doc_v1).collect();
    let unrouted: Vec<_> = doc_v1.difference(&listed).collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "routes without an operation: {undocumented:?}; operations without a route: {unrouted:?}"
    );
    let doc_other: Routes = in_doc.difference(&doc_v1).cloned().collect();
    assert_eq!(doc_other, routes(OTHER_ROUTES));

    // The real router answers each listed route itself (not the API's 404/405 fallback).
    for (method, template) in listed.iter().chain(doc_other.iter()) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = server
            .client
            .request(method.clone(), server.url(&concrete(template)))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_ne!(status, 405, "{method} {template} is not routed");
        assert!(
            !text.contains("No such API endpoint"),
            "{method} {template} fell through to the API fallback"
        );
    }
}

/// The response object for `status` of an operation, a `$ref` to a shared response followed.
fn response_doc(doc: &Value, method: &str, template: &str, status: u16) -> Value {
    let operation = &doc["paths"][template][method.to_lowercase()];
    assert!(
        operation.is_object(),
        "{method} {template} is not documented"
    );
    let response = operation["responses"]
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{method} {template} answered {status}, not documented"));
    match response.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(doc, reference)
            .unwrap_or_else(|| panic!("unresolvable {reference}"))
            .clone(),
        None => response.clone(),
    }
}

/// Checks one real answer against the document: the status is documented for the operation,
/// the content type is one of the documented media types (none when nothing is documented),
/// and a JSON body validates against the documented schema.
async fn check(doc: &Value, method: &str, template: &str, response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.unwrap();
    let documented = response_doc(doc, method, template, status);
    let Some(content) = documented.get("content").and_then(Value::as_object) else {
        assert!(
            bytes.is_empty(),
            "{method} {template} {status}: a body where none is documented"
        );
        return Value::Null;
    };
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let Some(media_doc) = content.get(&media) else {
        panic!(
            "{method} {template} {status}: content type {content_type:?} is not one of {:?}",
            content.keys().collect::<Vec<_>>()
        );
    };
    if media != "application/json" {
        return Value::Null;
    }
    let body: Value = serde_json::from_slice(&bytes).unwrap_or_else(|err| {
        panic!("{method} {template} {status}: not JSON ({err})");
    });
    let schema = &media_doc["schema"];
    assert!(
        schema.is_object(),
        "{method} {template} {status}: no schema"
    );
    let errors = validate(doc, schema, &body);
    assert!(
        errors.is_empty(),
        "{method} {template} {status}: the body does not match the document:\n{}\nbody: {body}",
        errors.join("\n")
    );
    body
}

/// Validation errors of `instance` against `schema`, a schema of the document whose `$ref`s
/// point into the document's `components`.
fn validate(doc: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::draft202012::new(&root)
        .unwrap_or_else(|err| panic!("the schema does not compile: {err}\n{schema}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect()
}

/// Resolves a local `$ref` (`#/components/schemas/X`) in the document.
fn resolve<'d>(doc: &'d Value, reference: &str) -> Option<&'d Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

fn rating(n: u32, target: RatingTarget, level: u8, device: &str) -> NewRating {
    NewRating {
        comment: "Nhanh, chu đáo".to_owned(),
        device: Some(device.to_owned()),
        ..common::ratings::rating(&format!("openapi-rating-{n:08}"), COMMUNE, target, level)
    }
}

#[tokio::test]
async fn real_answers_match_the_document() {
    let server = TestServer::start().await;
    let doc = served_document(&server).await;
    let d = &doc;
    // The validation itself catches a body that does not match.
    let health = json!({"$ref": "#/components/schemas/Health"});
    assert!(validate(d, &health, &json!({"status": "ok"})).is_empty());
    assert!(!validate(d, &health, &json!({"status": "fine"})).is_empty());
    assert!(!validate(d, &health, &json!({})).is_empty());

    // Health.
    check(d, "GET", "/healthz", server.get("/healthz").await).await;
    check(d, "GET", "/readyz", server.get("/readyz").await).await;
    check(
        d,
        "GET",
        "/api/openapi.json",
        server.get("/api/openapi.json").await,
    )
    .await;

    // Communes.
    let communes = check(
        d,
        "GET",
        "/api/v1/communes",
        server.get("/api/v1/communes").await,
    )
    .await;
    assert_eq!(communes.as_array().unwrap().len(), 114);
    let one = "/api/v1/communes/{code}";
    check(d, "GET", one, server.get("/api/v1/communes/11560").await).await;
    check(d, "GET", one, server.get("/api/v1/communes/abc").await).await;
    check(d, "GET", one, server.get("/api/v1/communes/99999").await).await;

    // A QR link, so the catalog carries one and its landing can be asked for.
    let link = server
        .state
        .db
        .ensure_qr_link(
            &CommuneCode::parse(COMMUNE).unwrap(),
            &QrTarget::Procedure {
                code: ProcedureCode::parse("1.001193").unwrap(),
            },
            Now::read(),
        )
        .await
        .unwrap();

    // Catalog: full, delta, not modified, errors.
    let cat = "/api/v1/catalog";
    let full = server.get("/api/v1/catalog?commune=11560").await;
    let etag = common::header(&full, "etag");
    let full = check(d, "GET", cat, full).await;
    assert_eq!(full["full"], true);
    assert!(!full["qr_links"].as_array().unwrap().is_empty());
    let version = full["version"].as_u64().unwrap();
    let delta = server
        .get(&format!(
            "/api/v1/catalog?commune=11560&since={}",
            version - 1
        ))
        .await;
    assert_eq!(check(d, "GET", cat, delta).await["full"], false);
    let not_modified = server
        .client
        .get(server.url("/api/v1/catalog?commune=11560"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    check(d, "GET", cat, not_modified).await;
    check(d, "GET", cat, server.get("/api/v1/catalog").await).await;
    check(
        d,
        "GET",
        cat,
        server.get("/api/v1/catalog?commune=11560&since=x").await,
    )
    .await;
    check(
        d,
        "GET",
        cat,
        server.get("/api/v1/catalog?commune=99999").await,
    )
    .await;

    // One procedure: found, not modified, errors.
    let one = "/api/v1/procedures/{code}";
    let found = server
        .get("/api/v1/procedures/1.001193?commune=11560")
        .await;
    let etag = common::header(&found, "etag");
    assert_eq!(check(d, "GET", one, found).await["code"], "1.001193");
    let not_modified = server
        .client
        .get(server.url("/api/v1/procedures/1.001193?commune=11560"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    check(d, "GET", one, not_modified).await;
    for path in [
        "/api/v1/procedures/1.001193",
        "/api/v1/procedures/1.001193?commune=x",
        "/api/v1/procedures/x?commune=11560",
        "/api/v1/procedures/1.001193?commune=99999",
        "/api/v1/procedures/9.999999?commune=11560",
    ] {
        check(d, "GET", one, server.get(path).await).await;
    }

    // QR landings.
    let qr = "/api/v1/q/{token}";
    let landing = check(
        d,
        "GET",
        qr,
        server.get(&format!("/api/v1/q/{}", link.token)).await,
    )
    .await;
    assert_eq!(landing["status"], "found");
    check(d, "GET", qr, server.get("/api/v1/q/ZZZZZZZZ").await).await;
    check(d, "GET", qr, server.get("/api/v1/q/not-a-token!").await).await;

    // Attachments: new, already held, empty, unknown type, bad checksum.
    let up = "/api/v1/attachments";
    let photo = jpeg(7, 30_000);
    let created = check(d, "POST", up, server.upload(photo.clone(), None).await).await;
    assert_eq!(created["content_type"], "image/jpeg");
    let sum = sha256(&photo);
    check(
        d,
        "POST",
        up,
        server.upload(photo.clone(), Some(sum.as_str())).await,
    )
    .await;
    check(d, "POST", up, server.upload(Vec::new(), None).await).await;
    check(
        d,
        "POST",
        up,
        server.upload(b"plain text".to_vec(), None).await,
    )
    .await;
    check(
        d,
        "POST",
        up,
        server.upload(photo.clone(), Some("abc")).await,
    )
    .await;
    let other = sha256(b"other bytes");
    check(
        d,
        "POST",
        up,
        server.upload(photo, Some(other.as_str())).await,
    )
    .await;

    // Submissions: accepted, replayed, conflicting, invalid, without a key, too large.
    let sub = "/api/v1/submissions";
    let uploaded: motcua_domain::AttachmentUploaded =
        serde_json::from_value(created.clone()).unwrap();
    let draft = "openapi-draft-0000001";
    let body = birth(draft, vec![reference(&uploaded, "birth_certificate_photo")]);
    let key = format!("d-{draft}");
    let accepted = check(d, "POST", sub, server.submit(&key, &body).await).await;
    let accepted: SubmissionAccepted = serde_json::from_value(accepted).unwrap();
    check(d, "POST", sub, server.submit(&key, &body).await).await;
    let mut changed = body.clone();
    changed.form_version = 2;
    check(d, "POST", sub, server.submit(&key, &changed).await).await;
    let mut invalid = birth("openapi-draft-0000002", Vec::new());
    invalid.answers.clear();
    let response = server.submit("d-openapi-draft-0000002", &invalid).await;
    assert_eq!(response.status(), 422);
    check(d, "POST", sub, response).await;
    check(d, "POST", sub, server.post_raw(None, b"{}".to_vec()).await).await;
    let key2 = Some("d-openapi-draft-0000003");
    check(
        d,
        "POST",
        sub,
        server.post_raw(key2, b"not json".to_vec()).await,
    )
    .await;
    let huge = vec![b' '; 300 * 1024];
    check(d, "POST", sub, server.post_raw(key2, huge).await).await;

    // Tracking, before and after a rating with a reply.
    let track = "/api/v1/submissions/{receipt}";
    let receipt = accepted.receipt.as_str();
    let secret = accepted.tracking_secret.as_str();
    check(d, "GET", track, server.track(receipt, Some(secret)).await).await;
    check(
        d,
        "GET",
        track,
        server.track(receipt, Some("wrong-secret-000000000")).await,
    )
    .await;
    check(d, "GET", track, server.track(receipt, None).await).await;

    // Ratings: not finished, then rated, replayed, refused; anonymous ones up to the limit.
    let rate = "/api/v1/ratings";
    let receipt_target = RatingTarget::Receipt {
        receipt: accepted.receipt.clone(),
        tracking_secret: secret.to_owned(),
    };
    let by_receipt = rating(1, receipt_target.clone(), 1, "openapi-device-1");
    let response = post_rating(&server, &by_receipt).await;
    assert_eq!(response.status(), 422);
    check(d, "POST", rate, response).await;
    let db = &server.state.db;
    db.set_status(
        &accepted.receipt,
        &SubmissionStatus::Done,
        None,
        Now::read(),
    )
    .await
    .unwrap();
    let rated = check(d, "POST", rate, post_rating(&server, &by_receipt).await).await;
    check(d, "POST", rate, post_rating(&server, &by_receipt).await).await;
    let again = rating(2, receipt_target, 3, "openapi-device-1");
    check(d, "POST", rate, post_rating(&server, &again).await).await;
    let wrong = RatingTarget::Receipt {
        receipt: accepted.receipt.clone(),
        tracking_secret: "wrong-secret-000000000".to_owned(),
    };
    check(
        d,
        "POST",
        rate,
        post_rating(&server, &rating(3, wrong, 1, "x")).await,
    )
    .await;
    let off_scale = rating(4, RatingTarget::Office, 9, "openapi-device-2");
    check(d, "POST", rate, post_rating(&server, &off_scale).await).await;
    let mut limited = None;
    for n in 0..=DEVICE_LIMIT as u32 {
        let office = rating(10 + n, RatingTarget::Office, 3, "openapi-device-3");
        let response = post_rating(&server, &office).await;
        let status = response.status().as_u16();
        check(d, "POST", rate, response).await;
        if status == 429 {
            limited = Some(n);
        }
    }
    assert_eq!(
        limited,
        Some(DEVICE_LIMIT as u32),
        "the device limit answered 429"
    );
    let no_key = server
        .client
        .post(server.url(rate))
        .json(&off_scale)
        .send()
        .await
        .unwrap();
    check(d, "POST", rate, no_key).await;
    db.reply_to_rating(rated["id"].as_i64().unwrap(), "Cảm ơn", "cb", Now::read())
        .await
        .unwrap();
    let view = check(d, "GET", track, server.track(receipt, Some(secret)).await).await;
    assert_eq!(view["rating"]["reply"]["text"], "Cảm ơn");
    check(
        d,
        "GET",
        "/api/v1/rating-scale",
        server.get("/api/v1/rating-scale").await,
    )
    .await;

    // Stats: all communes and one, JSON and CSV, errors.
    let stats = "/api/v1/stats";
    let overview = check(d, "GET", stats, server.get(stats).await).await;
    assert!(overview["communes"].is_array());
    let one = check(
        d,
        "GET",
        stats,
        server.get("/api/v1/stats?commune=11560").await,
    )
    .await;
    assert_eq!(one["commune"], COMMUNE);
    assert_eq!(one["satisfaction"]["total"], 1 + DEVICE_LIMIT);
    let csv = server.get("/api/v1/stats?commune=11560&format=csv").await;
    assert!(common::header(&csv, "content-type").starts_with("text/csv"));
    check(d, "GET", stats, csv).await;
    let by_accept = server
        .client
        .get(server.url(stats))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    check(d, "GET", stats, by_accept).await;
    check(
        d,
        "GET",
        stats,
        server.get("/api/v1/stats?format=xml").await,
    )
    .await;
    check(
        d,
        "GET",
        stats,
        server.get("/api/v1/stats?commune=99999").await,
    )
    .await;
}

/// Every `$ref` string in `value`, with where it was found.
fn refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Value::String(reference) = child {
                        out.push((at.to_owned(), reference.clone()));
                    }
                } else {
                    refs(child, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every schema object of the document (components, parameters, bodies, responses, headers),
/// with where it is.
fn schemas(doc: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = doc["components"]["schemas"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (format!("components/schemas/{k}"), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    fn content(at: &str, value: &Value, out: &mut Vec<(String, Value)>) {
        for (media, m) in value["content"].as_object().into_iter().flatten() {
            if let Some(schema) = m.get("schema") {
                out.push((format!("{at} {media}"), schema.clone()));
            }
        }
        for (name, h) in value["headers"].as_object().into_iter().flatten() {
            if let Some(schema) = h.get("schema") {
                out.push((format!("{at} header {name}"), schema.clone()));
            }
        }
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = format!("{method} {path}");
            for p in op["parameters"].as_array().into_iter().flatten() {
                out.push((format!("{at} parameter {}", p["name"]), p["schema"].clone()));
            }
            if let Some(body) = op.get("requestBody") {
                content(&format!("{at} requestBody"), body, &mut out);
            }
            for (status, r) in op["responses"].as_object().unwrap() {
                content(&format!("{at} {status}"), r, &mut out);
            }
        }
    }
    for (name, r) in doc["components"]["responses"]
        .as_object()
        .into_iter()
        .flatten()
    {
        content(&format!("components/responses/{name}"), r, &mut out);
    }
    out
}

#[tokio::test]
async fn the_document_is_well_formed_openapi_3_1() {
    let server = TestServer::start().await;
    let doc = served_document(&server).await;

    // The top level.
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.1."), "OpenAPI {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let allowed: BTreeSet<&str> = [
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ]
    .into();
    for key in doc.as_object().unwrap().keys() {
        assert!(
            allowed.contains(key.as_str()) || key.starts_with("x-"),
            "top-level {key}"
        );
    }

    // Operations: unique ids, parameters matching the path template, responses described.
    let mut ids = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(path.starts_with('/'), "path {path}");
        let templated: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let at = format!("{method} {path}");
            let id = op["operationId"].as_str().expect("operationId");
            assert!(
                ids.insert(id.to_owned(), at.clone()).is_none(),
                "{id} twice"
            );
            let mut in_path = BTreeSet::new();
            let mut seen = BTreeSet::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().expect("parameter name");
                let place = p["in"].as_str().expect("parameter in");
                assert!(
                    ["query", "header", "path", "cookie"].contains(&place),
                    "{at}: {name} in {place}"
                );
                assert!(
                    seen.insert((name.to_lowercase(), place)),
                    "{at}: {name} twice"
                );
                assert!(p["schema"].is_object(), "{at}: {name} has no schema");
                assert!(
                    !p["schema"].to_string().contains("\"null\""),
                    "{at}: parameter {name} is never null, only absent"
                );
                if place == "path" {
                    assert_eq!(p["required"], true, "{at}: path parameter {name}");
                    in_path.insert(name.to_owned());
                }
            }
            assert_eq!(in_path, templated, "{at}: path parameters");
            if let Some(body) = op.get("requestBody") {
                assert!(
                    !body["content"].as_object().unwrap().is_empty(),
                    "{at}: empty requestBody"
                );
            }
            let responses = op["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{at}: no responses");
            for (status, r) in responses {
                let valid = status == "default"
                    || (status.len() == 3
                        && (status.bytes().all(|b| b.is_ascii_digit()) || status.ends_with("XX")));
                assert!(valid, "{at}: status {status}");
                let r = match r.get("$ref").and_then(Value::as_str) {
                    Some(reference) => resolve(&doc, reference).expect("response ref"),
                    None => r,
                };
                assert!(r["description"].is_string(), "{at} {status}: description");
                if status.starts_with(['4', '5']) && r.get("content").is_some() {
                    assert!(
                        r["content"].get("application/json").is_some(),
                        "{at} {status}: errors are JSON"
                    );
                }
            }
        }
    }

    // Every `$ref` resolves, and every schema is a valid JSON Schema 2020-12 that compiles
    // against the document's components.
    let mut found = Vec::new();
    refs(&doc, "#", &mut found);
    assert!(!found.is_empty());
    for (at, reference) in &found {
        assert!(
            reference.starts_with("#/"),
            "{at}: non-local $ref {reference}"
        );
        assert!(
            resolve(&doc, reference).is_some(),
            "{at}: $ref {reference} does not resolve"
        );
    }
    let all = schemas(&doc);
    assert!(all.len() > 30, "{} schemas", all.len());
    for (at, schema) in &all {
        assert!(schema.is_object(), "{at}: schema {schema}");
        let mut with_dialect = schema.clone();
        with_dialect["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        if let Err(err) = jsonschema::meta::validate(&with_dialect) {
            panic!("{at}: not a valid JSON Schema: {err}\n{schema}");
        }
        // Compiles (panics otherwise) with its `$ref`s resolved in the document.
        let _ = validate(&doc, schema, &Value::Null);
    }
    // The error envelope is shared by every error.
    for name in [
        "ApiErrorBody",
        "ApiError",
        "ValidationErrorBody",
        "FieldError",
    ] {
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "schema {name}"
        );
    }
}
