//! The service worker (`public/sw.js`): registration once the page has loaded, and safe updates
//! ([`update`]).

pub mod update;

use wasm_bindgen::prelude::*;

use crate::state::AppState;

/// Registers the service worker at `url` after the `load` event (or now, if already loaded),
/// so it never competes with the first render on a slow phone, then watches for updates (sets
/// [`AppState::update_ready`]). Failures are logged only.
pub fn register_after_load(url: &'static str, state: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let register = move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = window.navigator().service_worker();
        let had_controller = container.controller().is_some();
        let promise = container.register(url);
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(registration) => update::watch(
                    &container,
                    registration.unchecked_into(),
                    had_controller,
                    state,
                ),
                Err(e) => {
                    web_sys::console::warn_2(&JsValue::from_str("motcua: service worker"), &e);
                }
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
