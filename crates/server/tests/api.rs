//! The JSON API over real HTTP.

pub mod common;

use common::{assert_json_content_type, header, TestServer};
use motcua_domain::{
    Catalog, Commune, CommuneCode, CommuneSummary, LocalOverride, Localized, Office, Procedure,
    ProcedureCode,
};

const A: &str = "11560";
const B: &str = "11557";

fn code(text: &str) -> CommuneCode {
    CommuneCode::parse(text).unwrap()
}

async fn catalog(server: &TestServer, commune: &str, since: Option<u64>) -> Catalog {
    let path = match since {
        Some(since) => format!("/api/v1/catalog?commune={commune}&since={since}"),
        None => format!("/api/v1/catalog?commune={commune}"),
    };
    server.get_json(&path).await
}

#[tokio::test]
async fn lists_all_114_communes_sorted_by_name() {
    let server = TestServer::start().await;
    let response = server.get("/api/v1/communes").await;
    assert_eq!(response.status(), 200);
    assert_json_content_type(&response);
    let communes: Vec<CommuneSummary> = response.json().await.unwrap();
    assert_eq!(communes.len(), 114);
    let first_d = communes
        .iter()
        .position(|c| c.name_vi.starts_with("Phường D"))
        .unwrap();
    let first_dd = communes
        .iter()
        .position(|c| c.name_vi.starts_with("Phường Đ"))
        .unwrap();
    let first_e = communes
        .iter()
        .position(|c| c.name_vi.starts_with("Phường H"))
        .unwrap();
    assert!(
        first_d < first_dd && first_dd < first_e,
        "Vietnamese order: D < Đ < H"
    );
    assert!(communes.iter().any(|c| c.code.as_str() == A));
}

#[tokio::test]
async fn commune_detail_has_the_default_office() {
    let server = TestServer::start().await;
    let commune: Commune = server.get_json(&format!("/api/v1/communes/{A}")).await;
    assert_eq!(commune.summary.name_vi, "Phường Thủy Nguyên");
    assert_eq!(commune.office.hours, Office::default_hours());
    assert_eq!(commune.office.phone, None);
}

#[tokio::test]
async fn bad_and_unknown_commune_codes_are_json_errors() {
    let server = TestServer::start().await;
    assert_eq!(
        server.get_error("/api/v1/communes/abc", 400).await,
        "bad_request"
    );
    assert_eq!(
        server.get_error("/api/v1/communes/123456", 400).await,
        "bad_request"
    );
    assert_eq!(
        server.get_error("/api/v1/communes/99999", 404).await,
        "not_found"
    );
    assert_eq!(
        server.get_error("/api/v1/catalog?commune=99999", 404).await,
        "not_found"
    );
    assert_eq!(
        server.get_error("/api/v1/catalog?commune=x", 400).await,
        "bad_request"
    );
    assert_eq!(
        server.get_error("/api/v1/catalog", 400).await,
        "bad_request"
    );
}

#[tokio::test]
async fn malformed_query_strings_are_json_errors() {
    let server = TestServer::start().await;
    for path in [
        "/api/v1/catalog?commune=11560&since=abc",
        "/api/v1/catalog?commune=11560&since=-1",
        "/api/v1/catalog?commune=11560&since=",
    ] {
        assert_eq!(server.get_error(path, 400).await, "bad_request", "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json_errors() {
    let server = TestServer::start().await;
    for path in [
        "/api/nope",
        "/api/v1/nope",
        "/api/v2/communes",
        "/api/",
        "/api",
        "/api/v1",
        "/api/v1/",
        "/api/v1/communes/11560/x",
    ] {
        assert_eq!(server.get_error(path, 404).await, "not_found", "{path}");
    }
    let response = server
        .client
        .post(server.url("/api/v1/communes"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_json_content_type(&response);
}

#[tokio::test]
async fn full_catalog_has_85_procedures_in_english_too() {
    let server = TestServer::start().await;
    let response = server.get(&format!("/api/v1/catalog?commune={A}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control"), "no-cache");
    let tag = header(&response, "etag");
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "strong etag {tag:?}"
    );
    let full: Catalog = response.json().await.unwrap();
    assert!(full.full);
    assert_eq!(full.version, 1, "the seed is version 1");
    assert_eq!(full.procedures.len(), 85);
    assert!(full.removed.is_empty());
    assert_eq!(full.commune.summary.code.as_str(), A);
    for p in &full.procedures {
        assert!(
            !p.name.en.trim().is_empty(),
            "{} has no English name",
            p.code
        );
        assert!(!p.fee.en.trim().is_empty(), "{} has no English fee", p.code);
    }
    let codes: Vec<_> = full.procedures.iter().map(|p| p.code.clone()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "procedures sorted by code");
    // since=0 is the same full answer.
    let zero = catalog(&server, A, Some(0)).await;
    assert_eq!(zero, full);
}

#[tokio::test]
async fn delta_since_current_version_is_empty() {
    let server = TestServer::start().await;
    let full = catalog(&server, A, None).await;
    let delta = catalog(&server, A, Some(full.version)).await;
    assert!(!delta.full);
    assert_eq!(delta.version, full.version);
    assert!(delta.procedures.is_empty());
    assert!(delta.removed.is_empty());
    assert_eq!(delta.commune, full.commune);
}

#[tokio::test]
async fn a_future_since_gets_a_full_catalog() {
    let server = TestServer::start().await;
    let answer = catalog(&server, A, Some(1_000_000)).await;
    assert!(answer.full);
    assert_eq!(answer.procedures.len(), 85);
    assert_eq!(answer.version, 1);
}

#[tokio::test]
async fn an_updated_procedure_is_in_the_delta() {
    let server = TestServer::start().await;
    let mut full = catalog(&server, A, None).await;
    let mut changed = full.procedures[3].clone();
    changed.processing_days = Some(42);
    let version = server.state.db.upsert_procedure(&changed).await.unwrap();
    assert_eq!(version, full.version + 1);
    // Saving the same thing again changes nothing.
    assert_eq!(
        server.state.db.upsert_procedure(&changed).await.unwrap(),
        version
    );

    let delta = catalog(&server, A, Some(full.version)).await;
    assert_eq!(delta.version, version);
    assert_eq!(delta.procedures, vec![changed.clone()]);
    // Applying the delta gives what a fresh full download gives.
    full.apply(delta);
    assert_eq!(full, catalog(&server, A, None).await);
    assert!(catalog(&server, A, Some(version))
        .await
        .procedures
        .is_empty());
}

#[tokio::test]
async fn an_override_reaches_only_its_commune() {
    let server = TestServer::start().await;
    let v0 = server.state.db.version().await.unwrap();
    let birth = ProcedureCode::parse("1.001193").unwrap();
    let local = LocalOverride {
        commune: code(A),
        procedure: birth.clone(),
        fee: Some(Localized::new("Lệ phí 8.000 đồng", "Fee 8,000 dong")),
        fee_vnd: Some(8000),
        submit_at: None,
        note: Some(Localized::new("Quầy số 2", "Desk 2")),
    };
    let v1 = server.state.db.put_override(&local).await.unwrap();
    assert_eq!(v1, v0 + 1);

    let a = catalog(&server, A, Some(v0)).await;
    assert_eq!(a.version, v1);
    assert_eq!(a.procedures.len(), 1);
    assert_eq!(a.procedures[0].code, birth);
    assert_eq!(a.procedures[0].fee.vi, "Lệ phí 8.000 đồng");
    assert_eq!(a.procedures[0].fee_vnd, Some(8000));
    assert_eq!(a.procedures[0].local_note, local.note);

    let b = catalog(&server, B, Some(v0)).await;
    assert_eq!(b.version, v1);
    assert!(b.procedures.is_empty(), "B's delta has nothing");
    let b_full = catalog(&server, B, None).await;
    let b_birth = b_full.procedures.iter().find(|p| p.code == birth).unwrap();
    assert_eq!(b_birth.fee_vnd, Some(0));

    let a_full = catalog(&server, A, None).await;
    let a_birth = a_full.procedures.iter().find(|p| p.code == birth).unwrap();
    assert_eq!(a_birth.fee_vnd, Some(8000));

    // Overrides of unknown things are refused.
    let mut bad = local.clone();
    bad.commune = code("99999");
    assert!(server.state.db.put_override(&bad).await.is_err());
    assert_eq!(
        server.state.db.version().await.unwrap(),
        v1,
        "a failed write bumps nothing"
    );
}

#[tokio::test]
async fn a_removed_procedure_is_listed_in_removed() {
    let server = TestServer::start().await;
    let mut full = catalog(&server, A, None).await;
    let gone = full.procedures[0].code.clone();
    let version = server.state.db.remove_procedure(&gone).await.unwrap();
    assert_eq!(version, full.version + 1);

    let delta = catalog(&server, A, Some(full.version)).await;
    assert_eq!(delta.removed, vec![gone.clone()]);
    assert!(delta.procedures.is_empty());
    full.apply(delta);
    let fresh = catalog(&server, A, None).await;
    assert_eq!(fresh.procedures.len(), 84);
    assert!(fresh.removed.is_empty());
    assert_eq!(full, fresh);
    assert!(server.state.db.remove_procedure(&gone).await.is_err());
}

#[tokio::test]
async fn an_office_update_bumps_the_version_and_shows_in_the_delta() {
    let server = TestServer::start().await;
    let v0 = server.state.db.version().await.unwrap();
    let office = Office {
        hours: Localized::new("Thứ Hai – Thứ Bảy", "Monday – Saturday"),
        ..Default::default()
    };
    let v1 = server
        .state
        .db
        .update_office(&code(A), &office)
        .await
        .unwrap();
    assert_eq!(v1, v0 + 1);
    let delta = catalog(&server, A, Some(v0)).await;
    assert_eq!(delta.commune.office, office);
    assert!(delta.procedures.is_empty());
    let commune: Commune = server.get_json(&format!("/api/v1/communes/{A}")).await;
    assert_eq!(commune.office, office);
}

#[tokio::test]
async fn etag_revalidation_answers_304_until_something_changes() {
    let server = TestServer::start().await;
    let path = format!("/api/v1/catalog?commune={A}");
    let first = server.get(&path).await;
    let tag = header(&first, "etag");
    let second = server
        .client
        .get(server.url(&path))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 304);
    assert_eq!(header(&second, "etag"), tag);
    assert_eq!(header(&second, "cache-control"), "no-cache");
    assert!(second.bytes().await.unwrap().is_empty());

    // Another commune or a delta has another tag.
    let other = server.get(&format!("/api/v1/catalog?commune={B}")).await;
    assert_ne!(header(&other, "etag"), tag);
    let delta = server.get(&format!("{path}&since=1")).await;
    assert_ne!(header(&delta, "etag"), tag);

    // After a change the old tag no longer matches.
    let mut p = catalog(&server, A, None).await.procedures.remove(0);
    p.processing_days = Some(99);
    server.state.db.upsert_procedure(&p).await.unwrap();
    let third = server
        .client
        .get(server.url(&path))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), 200);
    assert_ne!(header(&third, "etag"), tag);
}

#[tokio::test]
async fn healthz_pings_the_database() {
    let server = TestServer::start().await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn responses_are_compressed_on_request() {
    let server = TestServer::start().await;
    let response = server
        .client
        .get(server.url(&format!("/api/v1/catalog?commune={A}")))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), "gzip");
}

/// `GET /api/v1/procedures/{code}?commune=`.
fn procedure_path(code: &str, commune: &str) -> String {
    format!("/api/v1/procedures/{code}?commune={commune}")
}

#[tokio::test]
async fn one_procedure_is_the_catalog_entry_with_the_communes_override() {
    let server = TestServer::start().await;
    let birth = ProcedureCode::parse("1.001193").unwrap();
    let local = LocalOverride {
        commune: code(A),
        procedure: birth.clone(),
        fee: Some(Localized::new("Lệ phí 8.000 đồng", "Fee 8,000 dong")),
        fee_vnd: Some(8000),
        submit_at: Some(Localized::new("Quầy số 2, tầng 1", "Desk 2, ground floor")),
        note: Some(Localized::new("Mang theo bản chính", "Bring the originals")),
    };
    server.state.db.put_override(&local).await.unwrap();

    let response = server.get(&procedure_path("1.001193", A)).await;
    assert_eq!(response.status(), 200);
    assert_json_content_type(&response);
    assert_eq!(header(&response, "cache-control"), "no-cache");
    let tag = header(&response, "etag");
    assert!(
        tag.starts_with('"') && tag.ends_with('"'),
        "strong tag: {tag}"
    );
    let in_a: Procedure = response.json().await.unwrap();
    assert_eq!(in_a.code, birth);
    assert_eq!(in_a.fee.vi, "Lệ phí 8.000 đồng");
    assert_eq!(in_a.fee_vnd, Some(8000));
    assert_eq!(in_a.submit_at.en, "Desk 2, ground floor");
    assert_eq!(in_a.local_note, local.note);
    // Exactly what the commune's catalog holds for it.
    let a_catalog = catalog(&server, A, None).await;
    assert_eq!(
        a_catalog.procedures.iter().find(|p| p.code == birth),
        Some(&in_a)
    );

    // Another commune sees the national template.
    let in_b: Procedure = server.get_json(&procedure_path("1.001193", B)).await;
    assert_eq!(in_b.fee_vnd, Some(0));
    assert_eq!(in_b.local_note, None);
    let b_catalog = catalog(&server, B, None).await;
    assert_eq!(
        b_catalog.procedures.iter().find(|p| p.code == birth),
        Some(&in_b)
    );
    // Surrounding whitespace in the code is accepted, as everywhere else.
    let padded: Procedure = server.get_json(&procedure_path("%201.001193%20", A)).await;
    assert_eq!(padded, in_a);
}

#[tokio::test]
async fn one_procedure_bad_and_unknown_codes_are_json_errors() {
    let server = TestServer::start().await;
    for path in [
        procedure_path("1.00119", A),
        procedure_path("1.0011930", A),
        procedure_path("a.001193", A),
        procedure_path("1-001193", A),
        procedure_path("1.001193", "x"),
        procedure_path("1.001193", "123456"),
        procedure_path("1.001193", ""),
        "/api/v1/procedures/1.001193".to_owned(),
        "/api/v1/procedures/1.001193?commune=11560&commune=11557".to_owned(),
    ] {
        assert_eq!(server.get_error(&path, 400).await, "bad_request", "{path}");
    }
    for path in [
        procedure_path("1.001193", "99999"),
        procedure_path("9.999999", A),
        "/api/v1/procedures".to_owned(),
        "/api/v1/procedures/".to_owned(),
        "/api/v1/procedures/1.001193/x".to_owned(),
    ] {
        assert_eq!(server.get_error(&path, 404).await, "not_found", "{path}");
    }
    // A withdrawn procedure is gone for every commune.
    let gone = ProcedureCode::parse("1.001193").unwrap();
    server.state.db.remove_procedure(&gone).await.unwrap();
    assert_eq!(
        server.get_error(&procedure_path("1.001193", A), 404).await,
        "not_found"
    );
}

#[tokio::test]
async fn one_procedure_answers_304_until_the_commune_catalog_changes() {
    let server = TestServer::start().await;
    let path = procedure_path("1.001193", A);
    let conditional = |tag: String| {
        let request = server.client.get(server.url(&path));
        async move { request.header("if-none-match", tag).send().await.unwrap() }
    };
    let first = server.get(&path).await;
    let tag = header(&first, "etag");
    let first: Procedure = first.json().await.unwrap();

    for candidate in [
        tag.clone(),
        format!("W/{tag}"),
        format!("\"x\", {tag}"),
        "*".to_owned(),
    ] {
        let again = conditional(candidate.clone()).await;
        assert_eq!(again.status(), 304, "If-None-Match: {candidate}");
        assert_eq!(header(&again, "etag"), tag);
        assert_eq!(header(&again, "cache-control"), "no-cache");
        assert!(again.bytes().await.unwrap().is_empty());
    }
    // Unknown things are still 404 whatever the client sends.
    let unknown = server
        .client
        .get(server.url(&procedure_path("9.999999", A)))
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    // Another procedure, another commune, or the whole catalog: other tags.
    let other_procedure = server.get(&procedure_path("1.000894", A)).await;
    let other_commune = server.get(&procedure_path("1.001193", B)).await;
    let whole = server.get(&format!("/api/v1/catalog?commune={A}")).await;
    for other in [&other_procedure, &other_commune, &whole] {
        assert_ne!(header(other, "etag"), tag, "{}", other.url());
    }

    // After the commune's override changes, the old tag no longer matches.
    let local = LocalOverride {
        commune: code(A),
        procedure: first.code.clone(),
        fee: None,
        fee_vnd: None,
        submit_at: None,
        note: Some(Localized::new("Quầy số 3", "Desk 3")),
    };
    server.state.db.put_override(&local).await.unwrap();
    let changed = conditional(tag.clone()).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(header(&changed, "etag"), tag);
    let changed: Procedure = changed.json().await.unwrap();
    assert_eq!(changed.local_note, local.note);
    assert_ne!(changed, first);
}
