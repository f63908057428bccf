//! The public edge over real HTTP: security headers and CSP, request ids, rate limits, readiness
//! and metrics, slow clients, bad bytes, and a graceful shutdown that finishes in-flight work.

pub mod common;

use std::time::{Duration, Instant};

use common::submit::jpeg;
use common::{temp_dir, TestServer};
use motcua_domain::ApiErrorBody;
use motcua_server::config::Edge;
use motcua_server::hardening::headers::content_security_policy;
use motcua_server::hardening::serve::HEADER_READ_TIMEOUT;
use motcua_server::hardening::Limit;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An index.html like Trunk's, with its inline module loader.
const TRUNK_INDEX: &str = "<!DOCTYPE html><html><head><script type=\"module\">\n\
    import init from '/motcua-1a2b3c4d5e6f7a8b.js';\nawait init();\n</script></head>\
    <body></body></html>";

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn pages_and_api_answers_carry_the_security_headers() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("dist/index.html"), TRUNK_INDEX).unwrap();
    let server = TestServer::start_in(dir).await;

    let page = server.get("/procedures/1.001193").await;
    assert_eq!(page.status(), 200);
    let csp = header(&page, "content-security-policy");
    assert_eq!(csp, content_security_policy(TRUNK_INDEX));
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
    assert!(!csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));

    for response in [page, server.get("/api/v1/communes").await] {
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "x-frame-options"), "DENY");
        assert_eq!(header(&response, "referrer-policy"), "no-referrer");
        assert!(
            header(&response, "strict-transport-security").is_empty(),
            "no HSTS over plain http"
        );
        assert!(header(&response, "access-control-allow-origin").is_empty());
    }

    // Staff forms post with their real Origin (checked against CSRF): under `no-referrer`
    // browsers would send `Origin: null`, so the staff pages keep `same-origin`.
    let staff = server.get("/staff/login").await;
    assert_eq!(header(&staff, "referrer-policy"), "same-origin");
    assert_eq!(header(&staff, "x-frame-options"), "DENY");

    // A new build changes the loader: the policy follows the file.
    let rebuilt = TRUNK_INDEX.replace("1a2b3c4d5e6f7a8b", "ffffffffffffffff");
    tokio::time::sleep(Duration::from_millis(20)).await;
    std::fs::write(server.dir().join("dist/index.html"), &rebuilt).unwrap();
    let page = server.get("/").await;
    assert_eq!(
        header(&page, "content-security-policy"),
        content_security_policy(&rebuilt)
    );
    server.stop().await;
}

#[tokio::test]
async fn https_deployments_get_hsts() {
    let server = TestServer::start_with(temp_dir(), |mut config| {
        config.edge.public_url = Some("https://motcua.example.vn".into());
        config
    })
    .await;
    let response = server.get("/api/v1/communes").await;
    assert!(header(&response, "strict-transport-security").starts_with("max-age="));
    server.stop().await;
}

#[tokio::test]
async fn every_response_has_its_own_request_id() {
    let server = TestServer::start().await;
    let a = header(&server.get("/healthz").await, "x-request-id");
    let b = header(&server.get("/api/v1/nope").await, "x-request-id");
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
    server.stop().await;
}

#[tokio::test]
async fn posts_over_the_limit_get_a_json_429_with_retry_after() {
    let server = TestServer::start_with(temp_dir(), |mut config| {
        config.edge = Edge {
            post_limit: Limit {
                per_minute: 6,
                burst: 2,
            },
            ..Edge::default()
        };
        config
    })
    .await;
    for _ in 0..2 {
        let ok = server.upload(jpeg(1, 4000), None).await;
        assert!(ok.status().is_success(), "{}", ok.status());
    }
    let limited = server.upload(jpeg(1, 4000), None).await;
    assert_eq!(limited.status(), 429);
    let retry: u64 = header(&limited, "retry-after").parse().unwrap();
    assert!((1..=10).contains(&retry), "retry after {retry}");
    let body: ApiErrorBody = limited.json().await.unwrap();
    assert_eq!(body.error.code, "rate_limited");
    assert!(body.error.message.contains(" / "));
    // Reads are never limited.
    assert_eq!(server.get("/api/v1/communes").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn readiness_and_metrics() {
    let server = TestServer::start().await;
    let ready = server.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let _ = server.get("/api/v1/catalog?commune=11560").await;
    let metrics = server.get("/metrics").await;
    assert_eq!(metrics.status(), 200);
    assert!(header(&metrics, "content-type").starts_with("text/plain"));
    let text = metrics.text().await.unwrap();
    assert!(text.contains("http_requests_total{"), "{text}");
    assert!(text.contains("route=\"/api/v1/catalog\""), "{text}");
    assert!(text.contains("http_request_duration_seconds_bucket{"));
    assert!(text.contains("motcua_catalog_version 1"));
    assert!(text.contains("# TYPE motcua_submissions gauge"));

    // Without the built app this instance is not ready.
    std::fs::remove_file(server.dir().join("dist/index.html")).unwrap();
    let not_ready = server.get("/readyz").await;
    assert_eq!(not_ready.status(), 503);
    let body: serde_json::Value = not_ready.json().await.unwrap();
    assert_eq!(body["app"], "unavailable");
    assert_eq!(body["database"], "ok");
    server.stop().await;
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let server = TestServer::start().await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    // The server closes (read returns 0 or an error, maybe after a 408) once the deadline passes.
    let read = tokio::time::timeout(
        HEADER_READ_TIMEOUT + Duration::from_secs(5),
        stream.read(&mut buf),
    )
    .await
    .expect("the server must close a connection that never finishes its headers");
    let waited = started.elapsed();
    assert!(
        waited >= HEADER_READ_TIMEOUT - Duration::from_secs(1),
        "closed after {waited:?}"
    );
    if let Ok(n) = read {
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
    }
    // Other clients were served all along.
    assert_eq!(server.get("/healthz").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn invalid_utf8_and_sql_looking_input_are_4xx_json() {
    let server = TestServer::start().await;
    for path in [
        "/api/v1/communes/%FF%FE",
        "/api/v1/catalog?commune=%C3%28",
        "/api/v1/catalog?commune=1'%20OR%20'1'='1",
        "/api/v1/submissions/11560-ABCDEF%00",
        "/api/v1/communes/11560;DROP%20TABLE%20communes",
    ] {
        let response = server.get(path).await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
        let body: ApiErrorBody = response.json().await.expect(path);
        assert!(!body.error.code.is_empty());
    }
    // The catalog is still whole.
    let communes: Vec<serde_json::Value> = server.get_json("/api/v1/communes").await;
    assert_eq!(communes.len(), 114);
    server.stop().await;
}

#[tokio::test]
async fn shutdown_lets_an_upload_in_flight_finish() {
    let server = TestServer::start().await;
    let url = server.url("/api/v1/attachments");
    let bytes = jpeg(3, 200_000);
    let sha = common::submit::sha256(&bytes).as_str().to_owned();
    // The body arrives in pieces, the last one after shutdown has begun.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let body = reqwest::Body::wrap_stream(tokio_stream(rx));
    let upload = tokio::spawn({
        let client = server.client.clone();
        let len = bytes.len();
        async move {
            client
                .post(url)
                .header("content-type", "image/jpeg")
                .header("content-length", len)
                .header("x-content-sha256", sha)
                .body(body)
                .send()
                .await
        }
    });
    let half = bytes.len() / 2;
    tx.send(Ok(bytes[..half].to_vec())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopping = tokio::spawn(server.stop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!stopping.is_finished(), "shutdown waits for the upload");
    tx.send(Ok(bytes[half..].to_vec())).await.unwrap();
    drop(tx);
    let response = upload.await.unwrap().expect("the upload completes");
    assert_eq!(response.status(), 201);
    tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("shutdown ends once the upload is done")
        .unwrap();
}

/// A stream of body chunks from a channel.
fn tokio_stream(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
