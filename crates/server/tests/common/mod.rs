//! Shared test harness: the real app on `127.0.0.1:0` over a temporary SQLite file and a fake
//! `dist/`, spoken to over HTTP with reqwest.

pub mod fixtures;
pub mod staff;
pub mod submit;

use std::path::{Path, PathBuf};

use motcua_server::{app, AppState, Config};
use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The fake app shell served for client routes.
pub const INDEX_HTML: &str = "<!doctype html><html><body>motcua test shell</body></html>";
/// A hashed asset, as Trunk names them.
pub const HASHED_WASM: &str = "motcua-1a2b3c4d5e6f7a8b_bg.wasm";

/// A running server and everything it owns.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The server's state: tests change the catalog through `state.db`.
    pub state: AppState,
    /// An HTTP client.
    pub client: reqwest::Client,
    dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// A temporary directory with `dist/index.html`, a hashed asset and `sw.js`.
pub fn temp_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(dist.join(HASHED_WASM), b"\0asm fake").unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    dir
}

/// The settings of a server living in `dir` (database file `db/motcua.db`, created on start).
pub fn config_in(dir: &Path) -> Config {
    Config {
        database_url: format!(
            "sqlite://{}?mode=rwc",
            dir.join("db").join("motcua.db").display()
        ),
        addr: "127.0.0.1:0".parse().unwrap(),
        dist_dir: dir.join("dist"),
        data_dir: dir.join("data"),
        public_url: None,
        trust_proxy: false,
    }
}

impl TestServer {
    /// Starts a seeded server in a fresh temporary directory.
    pub async fn start() -> Self {
        Self::start_in(temp_dir()).await
    }

    /// Starts a server on the database and dist of `dir` (reusing an earlier server's files).
    pub async fn start_in(dir: TempDir) -> Self {
        Self::start_with(dir, |config| config).await
    }

    /// Starts a server in `dir` with the settings changed by `adjust`.
    pub async fn start_with(dir: TempDir, adjust: impl FnOnce(Config) -> Config) -> Self {
        let state = AppState::open(adjust(config_in(dir.path())))
            .await
            .expect("open state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let router = app(state.clone());
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .expect("serve");
        });
        Self {
            base,
            state,
            client: reqwest::Client::new(),
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops the server, closes its database and gives back its directory.
    pub async fn stop(mut self) -> TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
        self.state.db.close().await;
        self.dir
    }

    /// The directory holding the database and dist.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// `GET path`, asserting 200, decoded as JSON.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> T {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json body")
    }

    /// `GET path`, asserting the status and the API error shape; returns the error code.
    pub async fn get_error(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        assert_json_content_type(&response);
        let body: motcua_domain::ApiErrorBody = response.json().await.expect("error body");
        assert!(
            body.error.message.contains(" / "),
            "bilingual message: {}",
            body.error.message
        );
        body.error.code
    }
}

/// Asserts `Content-Type: application/json`.
pub fn assert_json_content_type(response: &reqwest::Response) {
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "content-type {content_type:?}"
    );
}

/// A response header as text ("" when absent).
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
