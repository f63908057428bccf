//! Server-rendered landing pages (issue 9): `/procedures/{code}?commune=` and `/q/{token}` of a
//! procedure, an official or a notice answer that page as HTML in the built app's frame; everything
//! else gets the shell.

pub mod common;

use common::qr::{add_official, notice};
use common::{header, temp_dir, TestServer, INDEX_HTML};
use motcua_domain::qr::QrTarget;
use motcua_domain::{CommuneCode, ProcedureCode};
use motcua_server::clock::Now;
use motcua_server::hardening::headers::{content_security_policy, inline_scripts};

/// The built `dist/index.html`, as `cargo xtask app-wasm` and Trunk's minifier leave it.
const SPLIT_INDEX: &str = "<!doctype html><html lang=vi><meta charset=utf-8><title>Một cửa</title>\
    <link href=/app-4a9ed4dd8d8471c2.css rel=stylesheet><link href=/manifest.webmanifest rel=manifest>\
    <link rel=modulepreload href=\"/motcua-b861329619cbbf3c/motcua.js\" crossorigin>\
    <link rel=preload href=\"/motcua-b861329619cbbf3c/motcua_bg.wasm\" as=fetch type=application/wasm crossorigin>\
    <script type=module>import init, * as bindings from '/motcua-b861329619cbbf3c/motcua.js';\
    await init({ module_or_path: '/motcua-b861329619cbbf3c/motcua_bg.wasm' });window.wasmBindings = bindings;</script>\
    </head><body><noscript>JS</noscript></body></html>";

const COMMUNE: &str = "11560";
const PROCEDURE: &str = "1.001193";

async fn server() -> TestServer {
    let dir = temp_dir();
    std::fs::write(dir.path().join("dist/index.html"), SPLIT_INDEX).unwrap();
    TestServer::start_in(dir).await
}

/// A server with the landing pages turned off (`MOTCUA_LANDING_HTML=0`).
async fn turned_off() -> TestServer {
    let dir = temp_dir();
    std::fs::write(dir.path().join("dist/index.html"), SPLIT_INDEX).unwrap();
    TestServer::start_with(dir, |mut config| {
        config.landing_html = false;
        config
    })
    .await
}

/// The procedure as the commune offers it, from the store the server reads.
async fn offered(server: &TestServer) -> motcua_domain::Procedure {
    let commune = CommuneCode::parse(COMMUNE).unwrap();
    let code = ProcedureCode::parse(PROCEDURE).unwrap();
    let (_, procedure) = server
        .state
        .db
        .catalog_procedure(&commune, &code)
        .await
        .unwrap()
        .unwrap();
    procedure.unwrap()
}

#[tokio::test]
async fn a_guide_with_its_commune_is_html_and_the_app_waits_for_load() {
    let server = server().await;
    let procedure = offered(&server).await;
    let response = server
        .get(&format!("/procedures/{PROCEDURE}?commune={COMMUNE}"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control"), "no-cache");
    assert_eq!(header(&response, "vary"), "Cookie");
    assert!(header(&response, "content-type").starts_with("text/html"));
    let csp = header(&response, "content-security-policy");
    let html = response.text().await.unwrap();
    // Its own policy allows exactly its own (deferred) loader.
    assert_eq!(csp, content_security_policy(&html));
    assert_eq!(inline_scripts(&html).len(), 1);
    assert!(inline_scripts(&html)[0].starts_with("addEventListener('load'"));
    assert!(
        !html.contains("preload"),
        "nothing of the app competes with the guide"
    );
    assert!(html.starts_with("<!doctype html><html lang=vi>"));
    assert!(html.contains(&format!("<title>{}</title>", procedure.name.vi)));
    assert!(html.contains("<div id=\"ssr\">"));
    assert!(html.contains(&format!(
        "<h1 class=\"app-heading-xl\" tabindex=\"-1\">{}</h1>",
        procedure.name.vi
    )));
    // Every required document is on the checklist; start links to a new draft.
    for doc in &procedure.documents {
        assert!(
            html.contains(&format!("data-doc-id=\"{}\"", doc.id)),
            "{}",
            doc.id
        );
    }
    assert!(html.contains(&format!(
        "href=\"/drafts/new?procedure={PROCEDURE}&amp;commune={COMMUNE}\""
    )));
    assert!(html.contains("href=/app-4a9ed4dd8d8471c2.css rel=stylesheet"));

    // The app's language cookie: the page in English.
    let english = server
        .get_with(
            &format!("/procedures/{PROCEDURE}?commune={COMMUNE}"),
            "cookie",
            "motcua_lang=en",
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(english.starts_with("<!doctype html><html lang=en>"));
    assert!(english.contains(&format!("<title>{}</title>", procedure.name.en)));
    assert!(english.contains("Documents"), "English messages");
    server.stop().await;
}

#[tokio::test]
async fn what_cannot_be_rendered_gets_the_app_shell() {
    let server = server().await;
    for path in [
        format!("/procedures/{PROCEDURE}"),
        format!("/procedures/{PROCEDURE}?commune=99999"),
        format!("/procedures/{PROCEDURE}?commune=abc"),
        format!("/procedures/9.999999?commune={COMMUNE}"),
        format!("/procedures/not-a-code?commune={COMMUNE}"),
        "/q/not-a-token".to_owned(),
        "/q/AAAAAAAAAAAA".to_owned(),
    ] {
        let response = server.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.text().await.unwrap(), SPLIT_INDEX, "{path}");
    }
    server.stop().await;

    // Turned off (`MOTCUA_LANDING_HTML=0`): the shell.
    let off = turned_off().await;
    let response = off
        .get(&format!("/procedures/{PROCEDURE}?commune={COMMUNE}"))
        .await;
    assert_eq!(response.text().await.unwrap(), SPLIT_INDEX);
    off.stop().await;

    // A build without the split loader (or any unexpected index.html): the shell.
    let plain = TestServer::start().await;
    let response = plain
        .get(&format!("/procedures/{PROCEDURE}?commune={COMMUNE}"))
        .await;
    assert_eq!(response.text().await.unwrap(), INDEX_HTML);
    plain.stop().await;
}

#[tokio::test]
async fn qr_codes_of_a_procedure_an_official_and_a_notice_are_html_and_an_office_the_shell() {
    let server = server().await;
    let procedure = offered(&server).await;
    let commune = CommuneCode::parse(COMMUNE).unwrap();
    let db = &server.state.db;
    let on_procedure = db
        .ensure_qr_link(
            &commune,
            &QrTarget::Procedure {
                code: procedure.code.clone(),
            },
            Now::read(),
        )
        .await
        .unwrap();
    let on_office = db
        .ensure_qr_link(&commune, &QrTarget::Office, Now::read())
        .await
        .unwrap();

    let html = server
        .get(&format!("/q/{}", on_procedure.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<div class=\"app-qr\" data-qr-status=\"found\">"));
    assert!(html.contains(&procedure.name.vi));

    let office = server.get(&format!("/q/{}", on_office.token)).await;
    assert_eq!(office.text().await.unwrap(), SPLIT_INDEX);

    // An official's name tag: name (its markup escaped), desk, call, rate.
    add_official(&server).await;
    let official = db
        .ensure_qr_link(
            &commune,
            &QrTarget::Official {
                staff_id: "tp-01".into(),
            },
            Now::read(),
        )
        .await
        .unwrap();
    let html = server
        .get(&format!("/q/{}", official.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<title>Nguyễn Thị &lt;Lan&gt;</title>"),
        "{html}"
    );
    assert!(html.contains(">Nguyễn Thị &lt;Lan&gt;</h1>"));
    assert!(html.contains("href=\"tel:0912345678\""), "{html}");
    assert!(html.contains(&format!(
        "href=\"/rate?commune={COMMUNE}&amp;official=tp-01\""
    )));

    // A notice: its text as text.
    let wifi = notice(&server, "Wifi <b>miễn phí</b>").await;
    let html = server
        .get(&format!("/q/{wifi}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(">Wifi &lt;b&gt;miễn phí&lt;/b&gt;</h1>"),
        "{html}"
    );
    assert!(html.contains("UBND-Khach"));

    // A retired code is the app's helpful page, not a stale guide.
    db.retire_qr_link(&on_procedure.token).await.unwrap();
    let retired = server.get(&format!("/q/{}", on_procedure.token)).await;
    assert_eq!(retired.text().await.unwrap(), SPLIT_INDEX);
    server.stop().await;
}

#[tokio::test]
async fn the_home_page_lists_every_commune_and_remembers_the_chosen_one() {
    let server = server().await;
    let communes = server.state.db.communes().await.unwrap();
    let response = server.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "vary"), "Cookie");
    let csp = header(&response, "content-security-policy");
    let html = response.text().await.unwrap();
    assert_eq!(csp, content_security_policy(&html));
    assert!(html.contains("<div id=\"ssr\" data-until=\".app-commune-list\">"));
    assert!(html.contains("<title>Một cửa – "));
    assert_eq!(
        html.matches("<li class=\"app-commune-list__item\">")
            .count(),
        communes.len()
    );
    assert!(!html.contains("your-commune"), "no commune chosen yet");
    assert!(!html.contains("preload"));

    // The app's commune cookie: remembered in the card and the header, marked in the list.
    let chosen = &communes[3];
    let html = server
        .get_with("/", "cookie", &format!("motcua_commune={}", chosen.code))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"your-commune\""));
    assert!(html.contains(&format!(
        "<span class=\"app-header__commune-name\">{}</span>",
        chosen.name_vi
    )));
    assert_eq!(html.matches("app-commune-list__item--chosen").count(), 1);
    assert!(html.contains(&format!(
        "class=\"app-nav__link\" href=\"/c/{}\"",
        chosen.code
    )));
    // An unknown commune in the cookie is ignored.
    let html = server
        .get_with("/", "cookie", "motcua_commune=99999")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("your-commune"));
    assert!(html.contains("class=\"app-nav__link\" href=\"/\""));
    server.stop().await;
}

#[tokio::test]
async fn the_dashboard_is_html_with_the_same_numbers_as_the_api() {
    let server = server().await;
    let api: motcua_domain::feedback::stats::StatsOverview =
        server.get("/api/v1/stats").await.json().await.unwrap();
    let response = server.get_with("/stats", "cookie", "motcua_lang=en").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.starts_with("<!doctype html><html lang=en>"));
    assert!(html.contains("<title>Service performance</title>"));
    assert!(html.contains("<div id=\"ssr\" data-until=\".app-stats__totals\">"));
    assert!(html.contains(&format!(
        "<dd class=\"app-stats__number\">{}</dd>",
        api.totals.received
    )));
    assert_eq!(
        html.matches("<th scope=\"row\"><a class=\"app-link\" href=\"/stats/")
            .count(),
        api.communes.len()
    );
    // `/stats/{commune}` is the app's own page.
    let one = server.get(&format!("/stats/{COMMUNE}")).await;
    assert_eq!(one.text().await.unwrap(), SPLIT_INDEX);
    server.stop().await;

    // Turned off: both are the shell.
    let off = turned_off().await;
    for path in ["/", "/stats"] {
        assert_eq!(
            off.get(path).await.text().await.unwrap(),
            SPLIT_INDEX,
            "{path}"
        );
    }
    off.stop().await;
}
