//! # motcua-server
//!
//! The HTTP server of motcua: the catalog API under `/api/v1` (JSON, with delta sync and `ETag`),
//! submissions (attachments, exactly-once submissions, tracking), `/healthz`, and the built
//! single-page app for every other path.
//!
//! - [`config`]: settings from `MOTCUA_*` environment variables;
//! - [`db`]: the versioned catalog and the submissions ([`db::Db`]);
//! - [`blobs`]: attachment files, content-addressed; [`secrets`]: tracking secrets;
//! - [`calendar`]: Vietnamese working days for due dates; [`clock`]: the server clock;
//! - [`seed`]: the catalog compiled into the binary, loaded into an empty database;
//! - [`posters`]: printable QR posters (server-rendered HTML with inline SVG);
//! - [`staff`]: the staff workspace under `/staff` (server-rendered HTML); [`cli`]: subcommands;
//! - [`routes`]: the API handlers; [`error`]: their JSON errors; [`spa`]: the app's files;
//! - [`hardening`]: security headers and CSP, rate limits, deadlines, request ids, `/metrics`,
//!   and the accept loop (header deadline, graceful shutdown).
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! motcua_server::serve(motcua_server::Config::from_env()?).await
//! # }
//! ```

pub mod blobs;
pub mod calendar;
pub mod cli;
pub mod clock;
mod collate;
pub mod config;
pub mod db;
pub mod error;
pub mod hardening;
pub mod landing;
pub mod posters;
pub mod routes;
pub mod secrets;
pub mod seed;
mod sniff;
pub mod spa;
pub mod staff;
pub mod stats;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use db::{Db, StoreError};
pub use error::AppError;

/// Largest request body accepted by default (uploads and submissions have their own limits,
/// see [`routes`]).
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler shares: the store, the attachment files, the tracking key and the
/// settings. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The catalog and submissions store.
    pub db: Db,
    /// The attachment files under `config.data_dir`.
    pub blobs: blobs::Blobs,
    /// The key tracking secrets are derived with.
    pub tracking_key: secrets::TrackingKey,
    /// The settings the server started with.
    pub config: Arc<Config>,
    /// The rating scale of this deployment (`MOTCUA_RATING_SCALE`: `national3`, the default, or
    /// `five`).
    pub rating_scale: Arc<motcua_domain::feedback::RatingScale>,
    /// The dashboard's numbers, cached per stats generation.
    pub stats: stats::StatsCache,
}

impl AppState {
    /// Opens the database (running migrations), seeds it when it is empty, and opens the data
    /// directory (creating it, its tracking key, and removing temporary files of a crash).
    pub async fn open(config: Config) -> anyhow::Result<Self> {
        let blobs = blobs::Blobs::open(&config.data_dir).with_context(|| {
            format!(
                "cannot open the data directory {} (MOTCUA_DATA_DIR)",
                config.data_dir.display()
            )
        })?;
        let tracking_key = secrets::TrackingKey::load_or_create(&config.data_dir)
            .context("cannot read or create the tracking key (MOTCUA_DATA_DIR/keys)")?;
        let db = Db::connect(&config.database_url)
            .await
            .context("cannot open the database (MOTCUA_DATABASE_URL)")?;
        seed::seed_if_empty(&db)
            .await
            .context("cannot seed the database")?;
        let scale_id = std::env::var("MOTCUA_RATING_SCALE").unwrap_or_default();
        let rating_scale = if scale_id.is_empty() {
            motcua_domain::feedback::RatingScale::national()
        } else {
            motcua_domain::feedback::RatingScale::by_id(&scale_id).with_context(|| {
                format!("unknown MOTCUA_RATING_SCALE {scale_id:?} (national3 or five)")
            })?
        };
        Ok(Self {
            db,
            blobs,
            tracking_key,
            config: Arc::new(config),
            rating_scale: Arc::new(rating_scale),
            stats: stats::StatsCache::default(),
        })
    }
}

/// The whole application: `/api/…`, `/healthz`, and the single-page app from `config.dist_dir`.
pub fn app(state: AppState) -> Router {
    hardening::metrics::install();
    let spa = spa::Spa::new(&state.config.dist_dir);
    let spa_routes = Router::new().fallback(spa::serve).with_state(spa);
    let security = hardening::SecurityHeaders::new(
        state.config.dist_dir.join("index.html"),
        state.config.edge.https(),
    );
    let limiter =
        hardening::RateLimiter::new(state.config.edge.post_limit, state.config.edge.trust_proxy);
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .nest("/api", routes::api())
        .nest("/staff", staff::routes())
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(hardening::metrics::metrics))
        .merge(posters::routes())
        .merge(landing::routes())
        .with_state(state)
        .fallback_service(spa_routes)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            limiter,
            hardening::rate_limit::limit_posts,
        ))
        .layer(middleware::from_fn(hardening::deadline))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            security,
            hardening::headers::security_headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(hardening::metrics::track))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!(
                    "request",
                    id,
                    method = %request.method(),
                    path = %request.uri().path(),
                )
            }),
        )
        .layer(SetRequestIdLayer::new(
            request_id,
            hardening::RequestIds::new(),
        ))
}

fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let body = AppError::Internal(anyhow::anyhow!("panic")).body();
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Opens the database, binds `config.addr` and serves until Ctrl-C or SIGTERM, then drains
/// in-flight requests and closes the database.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    serve_until(config, shutdown_signal()).await
}

/// Like [`serve`], but stops when `shutdown` completes.
pub async fn serve_until(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (MOTCUA_ADDR)"))?;
    serve_on(listener, config, shutdown).await
}

/// Like [`serve_until`], on a listener the caller bound (`config.addr` is ignored): tests bind
/// `127.0.0.1:0` and learn the port before the server starts.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = AppState::open(config).await?;
    // Awaited outside the macro, so this future stays `Send` (tests spawn it).
    let version = state.db.version().await?;
    tracing::info!(
        addr = %listener.local_addr()?,
        dist = %state.config.dist_dir.display(),
        version,
        "motcua server listening"
    );
    let db = state.db.clone();
    hardening::serve::serve_connections(listener, app(state), shutdown).await;
    db.close().await;
    tracing::info!("motcua server stopped");
    Ok(())
}

/// Completes on Ctrl-C, or on SIGTERM on Unix (what `docker stop` and systemd send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
