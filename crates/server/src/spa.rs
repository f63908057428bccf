//! Serving the built single-page app (Trunk's `dist/`).
//!
//! Files are served from the dist directory. Names that carry a Trunk content hash never change
//! content, so browsers may keep them forever; `index.html`, `sw.js`, `manifest.webmanifest` and
//! other unhashed files must be revalidated (`no-cache`), or a phone could keep an old app shell.
//! Any other GET path is a client-side route and gets `index.html`, except under `/api`.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;

/// `Cache-Control` of content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: always revalidate.
pub const NO_CACHE: &str = "no-cache";

/// The built app on disk.
#[derive(Debug, Clone)]
pub struct Spa {
    dir: PathBuf,
    index: PathBuf,
    files: ServeDir<SetResponseHeader<ServeFile, HeaderValue>>,
}

impl Spa {
    /// Serves the app built into `dir`; the directory may appear later (it is checked per request).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let index = dir.join("index.html");
        // The fallback marks its answer `no-cache`, so `serve` does not mistake `index.html`
        // served for `/motcua-<hash>.js` for the hashed file.
        let fallback = SetResponseHeader::overriding(
            ServeFile::new(&index),
            CACHE_CONTROL,
            HeaderValue::from_static(NO_CACHE),
        );
        let files = ServeDir::new(&dir)
            .append_index_html_on_directories(true)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(fallback);
        Self { dir, index, files }
    }

    /// The directory served.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The axum fallback handler: a file, or `index.html`, or a 503 when the app is not built.
pub async fn serve(State(spa): State<Spa>, request: Request) -> Response {
    // Paths the API router does not catch itself (such as `/api/`) must not become the app.
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return crate::error::api_not_found().await.into_response();
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if !tokio::fs::metadata(&spa.index)
        .await
        .is_ok_and(|m| m.is_file())
    {
        tracing::warn!(dir = %spa.dir.display(), "the app is not built: no index.html");
        return not_built(&spa.dir);
    }
    let hashed = is_content_hashed_path(request.uri().path());
    let response = match spa.files.clone().oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let (mut parts, body) = response.into_parts();
    if !parts.headers.contains_key(CACHE_CONTROL) {
        let cacheable = matches!(
            parts.status,
            StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
        );
        let value = if hashed && cacheable {
            IMMUTABLE
        } else {
            NO_CACHE
        };
        parts
            .headers
            .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Response::from_parts(parts, body)
}

fn not_built(dir: &Path) -> Response {
    let message = format!(
        "motcua: ứng dụng chưa được build / the app has not been built.\n\n\
         No index.html in {}.\n\
         Build it with `trunk build --release` (or set MOTCUA_DIST_DIR), then reload.\n\
         The API under /api/v1 works meanwhile.\n",
        dir.display()
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)),
        ],
        message,
    )
        .into_response()
}

/// True for a URL path of a file that never changes: a content-hashed name
/// ([`is_content_hashed`]), or any file in a directory named `<name>-<hex hash>` (the app's wasm
/// parts, `/motcua-0123456789abcdef/motcua_bg.wasm`).
pub fn is_content_hashed_path(path: &str) -> bool {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(file_name) = segments.pop() else {
        return false;
    };
    is_content_hashed(file_name) || segments.iter().any(|dir| hashed_stem(dir))
}

/// True for a file name with a Trunk content hash: `<name>-<hex hash>[_bg].<ext>`, e.g.
/// `motcua-1a2b3c4d5e6f7a8b_bg.wasm` or `style-0123456789abcdef.css`.
pub fn is_content_hashed(file_name: &str) -> bool {
    let Some((stem, ext)) = file_name.split_once('.') else {
        return false;
    };
    if ext.is_empty() {
        return false;
    }
    hashed_stem(stem.strip_suffix("_bg").unwrap_or(stem))
}

/// `<name>-<12 to 64 lowercase hex digits>`.
fn hashed_stem(stem: &str) -> bool {
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (12..=64).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::{is_content_hashed, is_content_hashed_path};

    #[test]
    fn files_in_a_hashed_directory() {
        assert!(is_content_hashed_path(
            "/motcua-0123456789abcdef/motcua_bg.wasm"
        ));
        assert!(is_content_hashed_path(
            "/motcua-0123456789abcdef/__wasm_split.js"
        ));
        assert!(is_content_hashed_path("/motcua-1a2b3c4d5e6f7a8b.js"));
        assert!(!is_content_hashed_path("/motcua-0123456789abcdef"));
        assert!(!is_content_hashed_path("/procedures/1.001193"));
        assert!(!is_content_hashed_path("/icons/icon-192.png"));
        assert!(!is_content_hashed_path("/motcua-XYZ/motcua_bg.wasm"));
        assert!(!is_content_hashed_path("/"));
    }

    #[test]
    fn trunk_hashed_names() {
        for name in [
            "motcua-1a2b3c4d5e6f7a8b_bg.wasm",
            "motcua-1a2b3c4d5e6f7a8b.js",
            "style-0123456789abcdef.css",
            "style-0123456789abcdef.css.br",
        ] {
            assert!(is_content_hashed(name), "{name}");
        }
        for name in [
            "index.html",
            "sw.js",
            "manifest.webmanifest",
            "icon-192.png",
            "1.001193",
            "motcua-1A2B3C4D5E6F7A8B.js",
            "-0123456789abcdef.css",
            "style-0123456789abcdef",
        ] {
            assert!(!is_content_hashed(name), "{name}");
        }
    }
}
