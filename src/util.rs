//! Tiny browser helpers shared by storage, sync and the UI.

use futures::future::{select, Either};
use wasm_bindgen::JsCast;

/// Runs `fut` but gives up after `ms` milliseconds (`None`).
pub async fn with_timeout<T>(fut: impl std::future::Future<Output = T>, ms: u32) -> Option<T> {
    let fut = Box::pin(fut);
    let timer = Box::pin(gloo_timers::future::TimeoutFuture::new(ms));
    match select(fut, timer).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(_) => None,
    }
}

/// A `localStorage` value (`None` when absent or when storage is blocked).
pub fn local_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Stores a `localStorage` value; failures (private mode, quota) are ignored.
pub fn local_set(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// True unless the browser says it is offline.
pub fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Marks `<body data-ready="1">` (the e2e tests wait for it).
pub fn mark_body_ready() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.dataset().set("ready", "1");
    }
}

/// Sets `<html lang>`, and the `motcua_lang` cookie the server renders landing pages in.
pub fn set_document_lang(tag: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", tag);
    }
    set_cookie("motcua_lang", tag);
}

/// Sets a first-party cookie for a year (`SameSite=Lax`): something the server needs to render
/// a page as the app would (its language, the chosen commune). `value` must be a cookie-safe
/// token (a language tag, a commune code).
pub fn set_cookie(name: &str, value: &str) {
    let html = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    if let Some(html) = html {
        let _ = html.set_cookie(&format!(
            "{name}={value}; path=/; max-age=31536000; SameSite=Lax"
        ));
    }
}
