//! Security headers on every response, and the Content-Security-Policy of the app.
//!
//! The policy is strict: scripts only from this origin plus `'wasm-unsafe-eval'` (what
//! WebAssembly needs), no inline scripts except the exact loader Trunk writes into
//! `index.html`, allowed by its SHA-256 hash (computed from the file being served, and
//! recomputed when a new build replaces it); styles only from files; no framing; no plugins.
//! `blob:` images are the citizen's own photos previewed before upload; `mediastream:` is the
//! scanner's camera.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Everything but the script hashes.
const POLICY: &str = "default-src 'self'; base-uri 'none'; object-src 'none'; \
     frame-ancestors 'none'; form-action 'self'; img-src 'self' blob: data:; \
     media-src 'self' blob: mediastream:; style-src 'self'; font-src 'self'; \
     connect-src 'self'; worker-src 'self'; manifest-src 'self'";

/// Where the security headers come from: the served `index.html` (for the inline loader's
/// hash) and whether the public address is https (for HSTS).
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    index: PathBuf,
    hsts: bool,
    cached: Arc<Mutex<Option<(SystemTime, HeaderValue)>>>,
}

impl SecurityHeaders {
    /// Headers for an app served from `index` (`dist/index.html`); `hsts` when the server is
    /// reached over https.
    pub fn new(index: PathBuf, hsts: bool) -> Self {
        Self {
            index,
            hsts,
            cached: Arc::default(),
        }
    }

    /// The policy for the current `index.html`, recomputed only when the file changed.
    fn policy(&self) -> HeaderValue {
        let modified = std::fs::metadata(&self.index)
            .and_then(|m| m.modified())
            .ok();
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let (Some(modified), Some((at, value))) = (modified, cached.as_ref()) {
            if *at == modified {
                return value.clone();
            }
        }
        let html = std::fs::read_to_string(&self.index).unwrap_or_default();
        let value = HeaderValue::from_str(&content_security_policy(&html))
            .unwrap_or_else(|_| HeaderValue::from_static(POLICY));
        if let Some(modified) = modified {
            *cached = Some((modified, value.clone()));
        }
        value
    }
}

/// The full policy for a page whose inline scripts are those of `html`.
pub fn content_security_policy(html: &str) -> String {
    let mut script_src = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for script in inline_scripts(html) {
        let digest = Sha256::digest(script.as_bytes());
        script_src.push_str(" 'sha256-");
        script_src.push_str(&base64::engine::general_purpose::STANDARD.encode(digest));
        script_src.push('\'');
    }
    format!("{POLICY}; {script_src}")
}

/// The text of each `<script>` element without a `src` attribute, exactly as written (what
/// the browser hashes).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") && !tag.contains(" src =") {
            scripts.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close..];
    }
    scripts
}

/// Adds the security headers to every response (handlers may set a stricter CSP themselves,
/// e.g. for attachments, or their own referrer policy; theirs is kept).
pub async fn security_headers(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let map = response.headers_mut();
    if !map.contains_key(CONTENT_SECURITY_POLICY) {
        map.insert(CONTENT_SECURITY_POLICY, headers.policy());
    }
    map.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    map.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The staff pages keep their `same-origin`: under `no-referrer` browsers send
    // `Origin: null` with form posts, and the staff CSRF check needs the real origin.
    if !map.contains_key(REFERRER_POLICY) {
        map.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    map.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    map.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=(), payment=()"),
    );
    if headers.hsts {
        map.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_inline_loader_is_hashed_and_src_scripts_are_not() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><script>x()</script></head>";
        assert_eq!(
            inline_scripts(html),
            vec!["\nimport init from '/a.js';\n", "x()"]
        );
        let policy = content_security_policy(html);
        assert_eq!(policy.matches("'sha256-").count(), 2);
        // echo -n 'x()' | openssl dgst -sha256 -binary | base64
        assert!(policy.contains("'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"));
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn unterminated_scripts_do_not_panic() {
        assert!(inline_scripts("<script>never closed").is_empty());
        assert!(inline_scripts("<script").is_empty());
        assert!(inline_scripts("").is_empty());
    }
}
