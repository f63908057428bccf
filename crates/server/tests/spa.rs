//! The built app: files, cache headers, client routes, and a missing build.

pub mod common;

use common::{header, temp_dir, TestServer, HASHED_WASM, INDEX_HTML};

#[tokio::test]
async fn client_routes_get_the_app_shell() {
    let server = TestServer::start().await;
    for path in ["/", "/procedures/1.001193", "/c/11560", "/index.html"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert!(
            header(&response, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_rest_revalidates() {
    let server = TestServer::start().await;
    let response = server.get(&format!("/{HASHED_WASM}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(&response.bytes().await.unwrap()[..], b"\0asm fake");

    let sw = server.get("/sw.js").await;
    assert_eq!(sw.status(), 200);
    assert_eq!(header(&sw, "cache-control"), "no-cache");
    assert!(sw.text().await.unwrap().contains("fetch"));

    // A hashed name that is not on disk is a client route: the shell, never cached forever.
    let missing = server.get("/motcua-ffffffffffffffff.js").await;
    assert_eq!(missing.status(), 200);
    assert_eq!(header(&missing, "cache-control"), "no-cache");
    assert_eq!(missing.text().await.unwrap(), INDEX_HTML);
}

#[tokio::test]
async fn without_a_build_the_app_answers_503_but_the_api_works() {
    let dir = temp_dir();
    let server = TestServer::start_with(dir, |mut config| {
        config.dist_dir = config.dist_dir.with_file_name("no-such-dist");
        config
    })
    .await;
    for path in ["/", "/procedures/1.001193"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 503, "{path}");
        assert!(response.text().await.unwrap().contains("trunk build"));
    }
    assert_eq!(server.get("/api/v1/communes").await.status(), 200);
    assert_eq!(server.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn the_app_only_answers_get_and_head() {
    let server = TestServer::start().await;
    let head = server
        .client
        .head(server.url("/c/11560"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    let post = server
        .client
        .post(server.url("/c/11560"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 405);
}
