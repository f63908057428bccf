//! Shared test harness: the real app on `127.0.0.1:0` over a temporary SQLite file and a fake
//! `dist/`, spoken to over HTTP with reqwest.
//!
//! With `MOTCUA_TEST_POSTGRES_URL` set (e.g. `postgres://postgres@127.0.0.1:5433/postgres`, what
//! `cargo xtask test` starts), every test server gets a fresh PostgreSQL database instead — one
//! per temporary directory, so a restarted server finds its data again.

pub mod fixtures;
pub mod qr;
pub mod ratings;
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

/// The variable naming a PostgreSQL server to run the tests on.
pub const POSTGRES_ENV: &str = "MOTCUA_TEST_POSTGRES_URL";

/// The database of a server living in `dir`: the SQLite file `db/motcua.db` (created on start),
/// or, with [`POSTGRES_ENV`] set, a PostgreSQL database named after `dir`, created here.
pub fn database_url_in(dir: &Path) -> String {
    let Ok(server) = std::env::var(POSTGRES_ENV) else {
        return format!(
            "sqlite://{}?mode=rwc",
            dir.join("db").join("motcua.db").display()
        );
    };
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    let name = format!("motcua_test_{:016x}", hasher.finish());
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}");
    // Called from sync code inside the tests' runtime: create it on a thread of its own.
    let create = url.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            use sqlx::migrate::MigrateDatabase as _;
            if !sqlx::Postgres::database_exists(&create).await.unwrap() {
                sqlx::Postgres::create_database(&create).await.unwrap();
            }
        });
    })
    .join()
    .expect("create the test database");
    url
}

/// The settings of a server living in `dir` (its database per [`database_url_in`]).
pub fn config_in(dir: &Path) -> Config {
    Config {
        database_url: database_url_in(dir),
        addr: "127.0.0.1:0".parse().unwrap(),
        dist_dir: dir.join("dist"),
        data_dir: dir.join("data"),
        // Tests send bursts from one address; the limiter has its own tests (hardening.rs).
        edge: motcua_server::config::Edge {
            post_limit: motcua_server::hardening::Limit::OFF,
            ..Default::default()
        },
        landing_html: true,
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
            motcua_server::hardening::serve::serve_connections(listener, router, async {
                let _ = stopped.await;
            })
            .await;
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

    /// `GET path` with one request header (a cookie, an `Accept`).
    pub async fn get_with(&self, path: &str, name: &str, value: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(name, value)
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
