//! `/metrics` in the Prometheus text format: request counts and latency histograms per route,
//! plus gauges read from the database at scrape time (submissions per state — the offices'
//! work queue — and the catalog version).

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::error::AppError;
use crate::AppState;

/// Latency buckets in seconds: sub-millisecond API reads up to slow uploads on office wifi.
const BUCKETS: &[f64] = &[
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process-wide recorder (installed once; every app in the process reports to it).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".to_owned()),
                BUCKETS,
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Another recorder is installed (an embedding program's): render our own copy.
            Err(_) => PrometheusBuilder::new().build_recorder().handle(),
        }
    })
}

/// Installs the recorder if needed; call before serving.
pub fn install() {
    let _ = handle();
}

/// Middleware: counts each request and times it, labelled by method, matched route (not the raw
/// path, so receipt codes never become labels) and status.
pub async fn track(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || route_class(request.uri().path()),
        |p| p.as_str().to_owned(),
    );
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(start.elapsed().as_secs_f64());
    response
}

/// A bounded label for paths no route matched (the app's files and client routes).
fn route_class(path: &str) -> String {
    if path.starts_with("/api/") {
        "/api (unmatched)".to_owned()
    } else if path.ends_with(".wasm") || path.ends_with(".js") || path.ends_with(".css") {
        "app asset".to_owned()
    } else {
        "app page".to_owned()
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Result<Response, AppError> {
    let mut text = handle().render();
    text.push_str(
        "# HELP motcua_submissions Submissions by state (the offices' work queue).\n\
         # TYPE motcua_submissions gauge\n",
    );
    for (state_name, count) in state.db.submissions_by_state().await? {
        text.push_str(&format!(
            "motcua_submissions{{state=\"{}\"}} {count}\n",
            escape_label(&state_name)
        ));
    }
    text.push_str(&format!(
        "# HELP motcua_catalog_version The catalog version phones sync to.\n\
         # TYPE motcua_catalog_version gauge\nmotcua_catalog_version {}\n",
        state.db.version().await?
    ));
    let mut response = text.into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}

/// A Prometheus label value with `\`, `"` and newlines escaped.
fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmatched_paths_get_bounded_labels() {
        assert_eq!(route_class("/api/v1/nope/123"), "/api (unmatched)");
        assert_eq!(route_class("/motcua-1a2b_bg.wasm"), "app asset");
        assert_eq!(route_class("/track/11560-ABCDEF"), "app page");
        assert_eq!(escape_label("a\"b\\c\n"), "a\\\"b\\\\c\\n");
    }
}
