//! Registering the service worker (`public/sw.js`) once the page has loaded.

use wasm_bindgen::prelude::*;

/// Registers the service worker at `url` after the `load` event (or now, if already loaded),
/// so it never competes with the first render on a slow phone. Failures are logged only.
pub fn register_after_load(url: &'static str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let register = move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = window.navigator().service_worker();
        let promise = container.register(url);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
                web_sys::console::warn_2(&JsValue::from_str("motcua: service worker"), &e);
            }
        });
    };
    let complete = window
        .document()
        .is_some_and(|d| d.ready_state() == "complete");
    if complete {
        register();
    } else {
        let closure = Closure::once_into_js(register);
        let _ = window.add_event_listener_with_callback("load", closure.unchecked_ref());
    }
}
