//! QR links over real HTTP: posters (each QR decodes back to its URL), the landing API, tokens
//! that survive restarts, retire/redirect, delta sync of links, and bad input.

pub mod common;

use common::qr::{add_official, notice};
use common::TestServer;
use motcua_domain::qr::{QrLanding, QrStatus, QrTarget};
use motcua_domain::{Catalog, CommuneCode, Localized, Office};
use motcua_server::clock::Now;

const COMMUNE: &str = "11560";

fn commune() -> CommuneCode {
    CommuneCode::parse(COMMUNE).unwrap()
}

/// Every `/q/{token}/poster?size=a4` link on a page, as tokens.
fn poster_tokens(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"/q/").skip(1) {
        if let Some((token, rest)) = part.split_once("/poster?size=") {
            if rest.starts_with("a4") {
                out.push(token.to_owned());
            }
        }
    }
    out
}

/// Rasterises the poster's QR `<path d="M{x} {y}h1v1h-1z…">` (4 px per module) and decodes it.
fn decode_poster_qr(html: &str) -> String {
    let svg_start = html.find("<svg class=\"qr\"").expect("a QR svg");
    let svg = &html[svg_start..];
    let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let side: usize = view.split(' ').next().unwrap().parse().unwrap();
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let scale = 4;
    let px = side * scale;
    let mut image = vec![255u8; px * px];
    for cell in d.split('M').filter(|c| !c.is_empty()) {
        let coords = cell.strip_suffix("h1v1h-1z").expect("module path");
        let (x, y) = coords.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for dy in 0..scale {
            for dx in 0..scale {
                image[(y * scale + dy) * px + x * scale + dx] = 0;
            }
        }
    }
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| image[y * px + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the poster");
    grids[0].decode().expect("decodes").1
}

#[tokio::test]
async fn every_poster_qr_decodes_to_its_url() {
    let server = TestServer::start().await;
    add_official(&server).await;
    let index = server.get(&format!("/c/{COMMUNE}/posters")).await;
    assert_eq!(index.status(), 200);
    let index = index.text().await.unwrap();
    let mut tokens = poster_tokens(&index);
    let catalog: Catalog = server
        .get_json(&format!("/api/v1/catalog?commune={COMMUNE}"))
        .await;
    // Office + the official + every procedure.
    assert_eq!(tokens.len(), 2 + catalog.procedures.len(), "{index}");
    assert!(index.contains("Nguyễn Thị &lt;Lan&gt;"), "escaped");
    assert!(!index.contains("<Lan>"));
    tokens.push(notice(&server, "Wifi cho người dân").await.to_string());
    for token in &tokens {
        for size in ["a4", "a6"] {
            let response = server.get(&format!("/q/{token}/poster?size={size}")).await;
            assert_eq!(response.status(), 200, "{token}");
            let html = response.text().await.unwrap();
            let url = format!("{}/q/{token}", server.base);
            assert_eq!(decode_poster_qr(&html), url, "poster {token} {size}");
            let shown = url.trim_start_matches("http://");
            assert!(
                html.contains(&format!("<p class=\"url\">{shown}</p>")),
                "short URL in text"
            );
            assert!(html.contains(&format!("sheet--{size}")));
            assert!(html.contains("Phường Thủy Nguyên") || html.contains("Thủy Nguyên"));
            assert!(!html.contains("<script>"), "no inline script");
            assert!(html.contains("src=\"/posters/print.js\""));
        }
    }
    let css = server
        .get("/posters/poster.css")
        .await
        .text()
        .await
        .unwrap();
    assert!(css.contains("size: A4") && css.contains("size: A6"));
    server.stop().await;
}

#[tokio::test]
async fn tokens_are_stable_across_visits_and_restarts() {
    let server = TestServer::start().await;
    let first = poster_tokens(
        &server
            .get(&format!("/c/{COMMUNE}/posters"))
            .await
            .text()
            .await
            .unwrap(),
    );
    let version = server.state.db.version().await.unwrap();
    let again = poster_tokens(
        &server
            .get(&format!("/c/{COMMUNE}/posters"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(first, again);
    assert_eq!(
        server.state.db.version().await.unwrap(),
        version,
        "no change, no bump"
    );
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let after = poster_tokens(
        &server
            .get(&format!("/c/{COMMUNE}/posters"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(first, after);
    // Editing the procedure's template keeps its token pointing at it.
    let code = motcua_domain::ProcedureCode::parse("1.001193").unwrap();
    let mut procedure = server
        .state
        .db
        .published_procedure(&commune(), &code)
        .await
        .unwrap()
        .unwrap();
    procedure.fee = Localized::new("Miễn lệ phí (sửa)", "Free (edited)");
    server.state.db.upsert_procedure(&procedure).await.unwrap();
    let link = server
        .state
        .db
        .ensure_qr_link(
            &commune(),
            &QrTarget::Procedure { code: code.clone() },
            Now::read(),
        )
        .await
        .unwrap();
    assert!(after.contains(&link.token.to_string()));
    let landing: QrLanding = server.get_json(&format!("/api/v1/q/{}", link.token)).await;
    assert_eq!(landing.procedure.unwrap().fee.vi, "Miễn lệ phí (sửa)");
    server.stop().await;
}

#[tokio::test]
async fn landing_api_embeds_targets_and_handles_retire_and_redirect() {
    let server = TestServer::start().await;
    add_official(&server).await;
    let db = &server.state.db;
    let code = motcua_domain::ProcedureCode::parse("1.001193").unwrap();
    let proc_link = db
        .ensure_qr_link(
            &commune(),
            &QrTarget::Procedure { code: code.clone() },
            Now::read(),
        )
        .await
        .unwrap();
    let office_link = db
        .ensure_qr_link(&commune(), &QrTarget::Office, Now::read())
        .await
        .unwrap();
    let official = db
        .ensure_qr_link(
            &commune(),
            &QrTarget::Official {
                staff_id: "tp-01".into(),
            },
            Now::read(),
        )
        .await
        .unwrap();

    let landing: QrLanding = server
        .get_json(&format!("/api/v1/q/{}", proc_link.token))
        .await;
    assert_eq!(landing.status, QrStatus::Found);
    assert_eq!(landing.procedure.as_ref().unwrap().code, code);
    assert_eq!(
        landing.commune.as_ref().unwrap().summary.code.as_str(),
        COMMUNE
    );
    // Lower case (typed from a poster) resolves too.
    let lower: QrLanding = server
        .get_json(&format!(
            "/api/v1/q/{}",
            official.token.as_str().to_lowercase()
        ))
        .await;
    assert_eq!(lower.official().unwrap().id, "tp-01");

    let before: Catalog = server
        .get_json(&format!("/api/v1/catalog?commune={COMMUNE}"))
        .await;
    assert_eq!(before.qr_links.len(), 3);
    db.redirect_qr_link(&proc_link.token, &office_link.token)
        .await
        .unwrap()
        .unwrap();
    let redirected: QrLanding = server
        .get_json(&format!("/api/v1/q/{}", proc_link.token))
        .await;
    assert_eq!(redirected.status, QrStatus::Found);
    assert_eq!(redirected.link.unwrap().target, QrTarget::Office);

    db.retire_qr_link(&office_link.token)
        .await
        .unwrap()
        .unwrap();
    let retired: QrLanding = server
        .get_json(&format!("/api/v1/q/{}", office_link.token))
        .await;
    assert_eq!(retired.status, QrStatus::Retired);
    assert_eq!(
        retired.commune.unwrap().office.phone.as_deref(),
        Some("0225 3 873 000")
    );
    // The redirect now ends at a retired link.
    let chained: QrLanding = server
        .get_json(&format!("/api/v1/q/{}", proc_link.token))
        .await;
    assert_eq!(chained.status, QrStatus::Retired);
    // Retired tokens get no new posters.
    assert_eq!(
        server
            .get(&format!("/q/{}/poster", office_link.token))
            .await
            .status(),
        404
    );

    // The delta since `before` carries exactly the two changed links.
    let delta: Catalog = server
        .get_json(&format!(
            "/api/v1/catalog?commune={COMMUNE}&since={}",
            before.version
        ))
        .await;
    assert!(!delta.full && delta.version > before.version);
    let mut changed: Vec<String> = delta.qr_links.iter().map(|l| l.token.to_string()).collect();
    changed.sort();
    let mut expected = vec![proc_link.token.to_string(), office_link.token.to_string()];
    expected.sort();
    assert_eq!(changed, expected);
    let mut phone = before.clone();
    phone.apply(delta);
    let full: Catalog = server
        .get_json(&format!("/api/v1/catalog?commune={COMMUNE}"))
        .await;
    assert_eq!(phone.qr_links.len(), full.qr_links.len());
    for link in &full.qr_links {
        assert!(phone.qr_links.contains(link), "{link:?}");
    }
    // Cross-commune redirects are refused.
    let other = CommuneCode::parse("11554").unwrap();
    if db.commune(&other).await.unwrap().is_some() {
        let elsewhere = db
            .ensure_qr_link(&other, &QrTarget::Office, Now::read())
            .await
            .unwrap();
        assert_eq!(
            db.redirect_qr_link(&official.token, &elsewhere.token)
                .await
                .unwrap(),
            None
        );
    }
    // A withdrawn procedure's link answers retired, never an error.
    let start = db
        .ensure_qr_link(
            &commune(),
            &QrTarget::StartForm {
                procedure: code.clone(),
            },
            Now::read(),
        )
        .await
        .unwrap();
    db.remove_procedure(&code).await.unwrap();
    let gone: QrLanding = server.get_json(&format!("/api/v1/q/{}", start.token)).await;
    assert_eq!(gone.status, QrStatus::Retired);
    // An official removed from the directory: retired too.
    db.update_office(&commune(), &Office::default())
        .await
        .unwrap();
    let gone: QrLanding = server
        .get_json(&format!("/api/v1/q/{}", official.token))
        .await;
    assert_eq!(gone.status, QrStatus::Retired);
    server.stop().await;
}

#[tokio::test]
async fn bad_tokens_and_paths_are_answered_safely() {
    let server = TestServer::start().await;
    assert_eq!(
        server.get_error("/api/v1/q/ZZZZZZZZ", 404).await,
        "not_found"
    );
    for bad in [
        "O0O0O0O0",
        "abc",
        "7KQ4XM2A7KQ4",
        "%3Cscript%3E",
        "..%2F..%2Fetc",
    ] {
        server.get_error(&format!("/api/v1/q/{bad}"), 400).await;
    }
    server
        .get_error(&format!("/api/v1/q/{}", "A".repeat(5000)), 400)
        .await;
    for path in [
        "/q/%3Cscript%3Ealert(1)%3C%2Fscript%3E/poster",
        "/q/ZZZZZZZZ/poster",
        "/c/99999/posters",
        "/c/..%2F..%2F/posters",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(html.contains("Không có áp phích"));
    }
    // A notice's text is escaped on its poster.
    let token = notice(&server, "<script>alert('x')</script> Wifi").await;
    let html = server
        .get(&format!("/q/{token}/poster"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; Wifi"));
    assert!(!html.contains("<script>alert"));
    // Notices each get their own token.
    assert_ne!(notice(&server, "Wifi").await, notice(&server, "Wifi").await);
    server.stop().await;
}
